//! Running commands inside the shell: tool invocations parsed with the same clap definitions
//! as the command line, on the shell's runtime, cancelled by Ctrl-C without leaving the shell.

use std::future::Future;
use std::process::ExitCode;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use clap::{CommandFactory, Parser};
use tokio::runtime::Runtime;
use tokio::signal::unix::{Signal, SignalKind, signal};

use super::super::{Cli, Tool, color};
use super::super::{
    acls, configs, console_consumer, consumer_groups, consumer_perf_test, delete_records,
    get_offsets, log_dirs, metadata_quorum, producer_perf_test, topics,
};
use super::commands;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Failed,
    /// Ctrl-C stopped it.
    Cancelled,
}

/// How long a tool that handles Ctrl-C itself (the console consumer prints its count and
/// leaves its group; the perf tools print their totals) may take to wind down before the
/// shell drops it. Other commands are dropped at once.
const GRACE: Duration = Duration::from_secs(5);

/// The wind-down time a tool gets after Ctrl-C.
pub fn grace_for(tool: &Tool) -> Duration {
    match tool {
        Tool::ConsoleConsumer(_) | Tool::ConsumerPerfTest(_) | Tool::ProducerPerfTest(_) => GRACE,
        _ => Duration::ZERO,
    }
}

/// The shell's runtime and its SIGINT listener (installed once, before the first command, so
/// Ctrl-C never kills the shell).
pub struct Runner {
    rt: Runtime,
    sigint: Signal,
}

impl Runner {
    pub fn new() -> anyhow::Result<Runner> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let sigint = {
            let _guard = rt.enter();
            signal(SignalKind::interrupt())?
        };
        Ok(Runner { rt, sigint })
    }

    /// Run a future to completion on the shell's runtime, without Ctrl-C handling.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// Run a command; Ctrl-C cancels it, after `grace` for commands that stop by themselves
    /// on Ctrl-C (a second Ctrl-C cancels at once).
    pub fn run<F>(&mut self, fut: F, grace: Duration) -> Outcome
    where
        F: Future<Output = anyhow::Result<ExitCode>>,
    {
        // A Ctrl-C pressed while nothing ran is not meant for this command.
        {
            let _guard = self.rt.enter();
            let mut cx = Context::from_waker(Waker::noop());
            while let Poll::Ready(Some(())) = self.sigint.poll_recv(&mut cx) {}
        }
        let sigint = &mut self.sigint;
        let result = self.rt.block_on(async move {
            tokio::pin!(fut);
            tokio::select! {
                r = &mut fut => Some(r),
                _ = sigint.recv() => {
                    if grace.is_zero() {
                        return None;
                    }
                    tokio::select! {
                        r = &mut fut => Some(r),
                        _ = sigint.recv() => None,
                        _ = tokio::time::sleep(grace) => None,
                    }
                }
            }
        });
        match result {
            Some(Ok(code)) if code == ExitCode::SUCCESS => Outcome::Succeeded,
            Some(Ok(_)) => Outcome::Failed,
            Some(Err(e)) if super::super::is_broken_pipe(&e) => Outcome::Succeeded,
            Some(Err(e)) => {
                color::eprint_error(&format!("{e:#}"));
                Outcome::Failed
            }
            None => {
                eprintln!("^C cancelled");
                Outcome::Cancelled
            }
        }
    }
}

/// Whether the tool's command line takes `flag`.
pub fn tool_takes(tool: &str, long: &str) -> bool {
    Cli::command()
        .find_subcommand(tool)
        .is_some_and(|c| c.get_arguments().any(|a| a.get_long() == Some(long)))
}

/// Long flags of a tool, for completion.
pub fn tool_flags(tool: &str) -> Vec<String> {
    Cli::command()
        .find_subcommand(tool)
        .map(|c| {
            c.get_arguments()
                .filter(|a| !a.is_hide_set())
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect()
        })
        .unwrap_or_default()
}

/// Fill in the shell's connection settings where the tool takes them and they are missing.
pub fn complete_argv(
    argv: Vec<String>,
    bootstrap: &str,
    command_config: Option<&str>,
) -> Vec<String> {
    let tool = argv.first().cloned().unwrap_or_default();
    let mut argv = argv;
    // metadata-quorum talks to either the brokers or the controllers, never both.
    let to_controllers = argv.iter().any(|a| a.starts_with("--bootstrap-controller"));
    if tool_takes(&tool, "bootstrap-server") && !to_controllers {
        argv = commands::with_default_flag(argv, "--bootstrap-server", bootstrap);
    }
    if let Some(cc) = command_config
        && tool_takes(&tool, "command-config")
    {
        argv = commands::with_default_flag(argv, "--command-config", cc);
    }
    argv
}

/// Parse a tool invocation (tool name first) with the command line's clap definitions.
/// `Err` carries clap's message, or its help for `--help`.
pub fn parse_tool(argv: &[String]) -> Result<Tool, clap::Error> {
    let full = std::iter::once("strom".to_string()).chain(argv.iter().cloned());
    Cli::try_parse_from(full).map(|cli| cli.command)
}

/// The tool's future; tools that make no sense inside the shell are refused.
pub async fn run_tool(tool: Tool) -> anyhow::Result<ExitCode> {
    match tool {
        Tool::Topics(a) => topics::run(a).await,
        Tool::ConsoleConsumer(a) => console_consumer::run(a).await,
        Tool::ConsumerGroups(a) => consumer_groups::run(a).await,
        Tool::Configs(a) => configs::run(a).await,
        Tool::GetOffsets(a) => get_offsets::run(a).await,
        Tool::DeleteRecords(a) => delete_records::run(a).await,
        Tool::ProducerPerfTest(a) => producer_perf_test::run(a).await,
        Tool::ConsumerPerfTest(a) => consumer_perf_test::run(a).await,
        Tool::MetadataQuorum(a) => metadata_quorum::run(a).await,
        Tool::LogDirs(a) => log_dirs::run(a).await,
        Tool::Acls(a) => acls::run(a).await,
        _ => anyhow::bail!("this tool is not available inside the shell"),
    }
}

/// Print a clap error or help the way the command line would, without exiting; `true` when
/// it was help or version output (not a failure).
pub fn report_clap(e: &clap::Error) -> bool {
    use clap::error::ErrorKind;
    let _ = e.print();
    matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_goes_only_to_tools_that_take_it() {
        let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            complete_argv(
                argv(&["metadata-quorum", "describe", "--status"]),
                "h:1",
                None
            ),
            argv(&[
                "metadata-quorum",
                "--bootstrap-server",
                "h:1",
                "describe",
                "--status"
            ])
        );
        let to_controller = argv(&[
            "metadata-quorum",
            "--bootstrap-controller",
            "c:1",
            "describe",
            "--status",
        ]);
        assert_eq!(
            complete_argv(to_controller.clone(), "h:1", None),
            to_controller
        );
        assert_eq!(
            complete_argv(argv(&["consumer-groups", "--list"]), "h:1", None),
            argv(&["consumer-groups", "--bootstrap-server", "h:1", "--list"])
        );
        assert_eq!(
            complete_argv(argv(&["topics", "--list"]), "h:1", Some("admin.properties")),
            argv(&[
                "topics",
                "--command-config",
                "admin.properties",
                "--bootstrap-server",
                "h:1",
                "--list"
            ])
        );
    }

    #[test]
    fn invocations_parse_with_the_tools_definitions() {
        let argv: Vec<String> = ["topics", "--bootstrap-server", "h:1", "--list"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(matches!(parse_tool(&argv), Ok(Tool::Topics(_))));
        let bad = vec!["topics".to_string(), "--nope".to_string()];
        assert!(parse_tool(&bad).is_err());
        assert!(tool_flags("consumer-groups").contains(&"--reset-offsets".to_string()));
    }
}
