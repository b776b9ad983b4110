//! Helpers shared by the client tools: runtime, usage errors, properties, connecting.

use std::future::Future;
use std::path::Path;
use std::process::ExitCode;

use strom_client::{Client, ClientConfig, Properties};

/// Tools run on a current-thread runtime: they are I/O bound and start in microseconds.
pub fn block_on<F: Future<Output = anyhow::Result<ExitCode>>>(f: F) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(f)
}

/// A usage error the Kafka way: the message on stderr and exit status 1 (jopt's
/// `printUsageAndExit`, without the option table: `--help` shows that).
pub fn usage_error(program: &str, msg: &str) -> ExitCode {
    eprintln!("{msg}");
    eprintln!("Try '{program} --help' for the list of options.");
    ExitCode::FAILURE
}

/// Properties from an optional file, then `k=v` pairs on top (the pairs win).
pub fn load_properties(file: Option<&Path>, pairs: &[String]) -> anyhow::Result<Properties> {
    let mut props = match file {
        Some(f) => Properties::from_file(f)?,
        None => Properties::new(),
    };
    props.extend_pairs(pairs.iter().map(String::as_str))?;
    Ok(props)
}

/// Kafka's `maybeMergeOptions`: a flag given on the command line wins; its default applies
/// only when the properties do not set the key.
pub fn merge_option<T: ToString>(props: &mut Properties, key: &str, given: Option<T>, default: T) {
    match given {
        Some(v) => props.set(key, v.to_string()),
        None => props.set_default(key, default.to_string()),
    }
}

/// Connect to the cluster with client settings taken from `props`.
pub async fn connect(bootstrap: &str, props: &Properties) -> anyhow::Result<Client> {
    let mut config = ClientConfig::default();
    config.apply(props)?;
    Ok(Client::connect(bootstrap, config).await?)
}

/// Kafka's `ToolsUtils.validateBootstrapServer` messages.
pub fn validate_bootstrap(list: &str) -> Result<(), &'static str> {
    if list.trim().is_empty() {
        return Err("Error while validating the bootstrap address");
    }
    match strom_client::client::parse_bootstrap(list) {
        Ok(_) => Ok(()),
        Err(_) => Err("Please provide valid host:port like host1:9091,host2:9092"),
    }
}

/// Warn once about a flag kept only for compatibility with older Kafka scripts.
pub fn warn_deprecated(old: &str, new: &str) {
    eprintln!("WARNING: {old} is deprecated; use {new}.");
}

/// SIGINT or SIGTERM, as one stream: tools stop cleanly (flush, print their summary) instead
/// of dying mid-write. Installed once at start so a signal is never missed between waits.
pub struct Interrupt {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

impl Interrupt {
    pub fn install() -> std::io::Result<Interrupt> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Interrupt {
            int: signal(SignalKind::interrupt())?,
            term: signal(SignalKind::terminate())?,
        })
    }

    /// Resolves at the next SIGINT or SIGTERM.
    pub async fn recv(&mut self) {
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
    }
}
