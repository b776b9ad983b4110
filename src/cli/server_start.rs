//! `strom server-start [server.properties] [--override key=value]...` (kafka-server-start).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use strom_core::broker::Server;
use strom_core::config::BrokerConfig;

#[derive(Debug, Args)]
#[command(
    override_usage = "strom server-start [server.properties] [--override property=value]*",
    after_help = "With no file and no overrides, starts a single-node broker and controller on \
                  localhost:9092 with data in /tmp/strom-logs: no format step, no second process."
)]
pub struct ServerStartArgs {
    /// Broker configuration in Kafka's server.properties format.
    pub config: Option<PathBuf>,
    /// Optional property that overrides the value set in the file (repeatable).
    #[arg(long = "override", value_name = "property=value")]
    pub overrides: Vec<String>,
    /// Write the bound listener addresses as JSON to this file once requests are accepted.
    #[arg(long, hide = true, value_name = "PATH")]
    pub ready_file: Option<PathBuf>,
    /// Kafka's `-daemon` flag is not supported: use your service manager.
    #[arg(long = "daemon", hide = true)]
    pub daemon: bool,
}

pub fn run(args: ServerStartArgs) -> anyhow::Result<ExitCode> {
    if args.daemon {
        anyhow::bail!(
            "-daemon is not supported; run strom under a service manager (systemd, supervisord)"
        );
    }
    let config = BrokerConfig::load(args.config.as_deref(), &args.overrides)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("strom-worker")
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        // Handlers first: a SIGTERM that arrives during start-up (or right after the ready file
        // appears) still ends in a clean shutdown.
        let shutdown = shutdown_signal()?;
        let broker = Server::start(config).await?;
        if let Some(path) = &args.ready_file {
            let ready = broker.ready_info();
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, serde_json::to_vec_pretty(&ready)?)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        broker.run(shutdown).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Registers SIGTERM and SIGINT handlers now; the future resolves when either arrives.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot install the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot install the SIGINT handler")?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}
