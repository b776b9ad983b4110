//! Placeholder: the tool is being written.

use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct ConsumerPerfTestArgs {}

pub async fn run(_args: ConsumerPerfTestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this tool is not implemented yet")
}
