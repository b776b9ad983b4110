//! `strom storage` (kafka-storage): `random-uuid`, `format` and `info`.
//!
//! Strom formats its log directories itself on first start, so this tool is never required;
//! it exists so that scripts written for Kafka (`kafka-storage.sh format -t "$(kafka-storage.sh
//! random-uuid)" -c server.properties` before the first start, as in Kafka's quick start and
//! most container entrypoints) run unchanged and choose the cluster id. The messages are
//! Kafka's. KRaft quorum options (`--standalone`, `--initial-controllers`,
//! `--no-initial-controllers`) are accepted and have nothing to do on strom's single-node
//! controller; `--add-scram` is refused until strom supports SASL/SCRAM.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use strom_core::broker::storage::{self, MetaProperties};
use strom_core::config::BrokerConfig;
use uuid::Uuid;

/// The metadata.version `format` reports when `--release-version` is not given: Kafka 4.0's.
const LATEST_METADATA_VERSION: &str = "4.0-IV3";

#[derive(Debug, Args)]
pub struct StorageArgs {
    #[command(subcommand)]
    pub command: StorageCommand,
}

#[derive(Debug, Subcommand)]
pub enum StorageCommand {
    /// Print a random UUID, for use as a cluster id.
    RandomUuid,
    /// Format the log directories named by the configuration.
    Format(FormatArgs),
    /// Get information about the log directories named by the configuration.
    Info(InfoArgs),
}

#[derive(Debug, Args)]
pub struct FormatArgs {
    /// The Kafka configuration file to use.
    #[arg(short = 'c', long, value_name = "CONFIG")]
    pub config: PathBuf,
    /// The cluster ID to use.
    #[arg(short = 't', long, value_name = "CLUSTER_ID")]
    pub cluster_id: String,
    /// Ignore directories that are already formatted.
    #[arg(short = 'g', long)]
    pub ignore_formatted: bool,
    /// The release version to use for the initial feature settings.
    #[arg(short = 'r', long, value_name = "RELEASE_VERSION")]
    pub release_version: Option<String>,
    /// A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only).
    #[arg(short = 'f', long, value_name = "FEATURE")]
    pub feature: Vec<String>,
    /// A SCRAM credential to create (not supported by strom yet).
    #[arg(short = 'S', long, value_name = "SCRAM_CREDENTIAL")]
    pub add_scram: Vec<String>,
    /// Format this node as a standalone controller (nothing to do for strom's single node).
    #[arg(short = 's', long, conflicts_with_all = ["initial_controllers", "no_initial_controllers"])]
    pub standalone: bool,
    /// The initial controllers, as id@host:port:directory-id,... (accepted, not needed).
    #[arg(
        short = 'I',
        long,
        value_name = "INITIAL_CONTROLLERS",
        conflicts_with = "no_initial_controllers"
    )]
    pub initial_controllers: Option<String>,
    /// Format without initial controllers (accepted, not needed).
    #[arg(short = 'N', long)]
    pub no_initial_controllers: bool,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The Kafka configuration file to use.
    #[arg(short = 'c', long, value_name = "CONFIG")]
    pub config: PathBuf,
}

pub fn run(args: StorageArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        StorageCommand::RandomUuid => {
            println!("{}", random_cluster_id());
            Ok(ExitCode::SUCCESS)
        }
        StorageCommand::Format(a) => format(a),
        StorageCommand::Info(a) => info(a),
    }
}

/// Kafka's `Uuid.randomUuid()`: never the reserved nil or metadata-topic ids, and never a
/// string starting with '-', which a command line would take for an option.
fn random_cluster_id() -> String {
    loop {
        let id = Uuid::new_v4();
        let text = storage::uuid_to_kafka(&id);
        if id.as_u128() > 1 && !text.starts_with('-') {
            return text;
        }
    }
}

/// Every directory the broker would use, the metadata directory first (it is the one Kafka
/// calls the "metadata directory").
fn directories(config: &BrokerConfig) -> Vec<PathBuf> {
    let mut dirs = vec![config.metadata_log_dir.clone()];
    for d in &config.log_dirs {
        if !dirs.contains(d) {
            dirs.push(d.clone());
        }
    }
    dirs
}

fn format(a: FormatArgs) -> anyhow::Result<ExitCode> {
    if !a.add_scram.is_empty() {
        anyhow::bail!("--add-scram is not supported: strom has no SASL/SCRAM authentication yet");
    }
    let Some(id) = storage::uuid_from_kafka(&a.cluster_id)
        .filter(|id| storage::uuid_to_kafka(id) == a.cluster_id)
    else {
        anyhow::bail!(
            "Cluster ID string {} does not appear to be a valid UUID: Input string `{}` decoded as {} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID",
            a.cluster_id,
            a.cluster_id,
            decoded_len(&a.cluster_id)
        );
    };
    if id.as_u128() <= 1 {
        anyhow::bail!("Cluster ID {} is a reserved UUID", a.cluster_id);
    }
    let config = BrokerConfig::load(Some(&a.config), &[])?;
    let dirs = directories(&config);
    let mut unformatted = Vec::new();
    for dir in &dirs {
        match storage::read_meta(dir) {
            Ok(Some(_)) if a.ignore_formatted => {}
            Ok(Some(_)) => {
                eprintln!(
                    "Log directory {} is already formatted. Use --ignore-formatted to ignore this directory and format the others.",
                    dir.display()
                );
                return Ok(ExitCode::FAILURE);
            }
            Ok(None) => unformatted.push(dir.clone()),
            Err(e) => return Err(e).context(format!("cannot read {}", dir.display())),
        }
    }
    if unformatted.is_empty() {
        println!("All of the log directories are already formatted.");
        return Ok(ExitCode::SUCCESS);
    }
    let version = a
        .release_version
        .as_deref()
        .unwrap_or(LATEST_METADATA_VERSION);
    for dir in &unformatted {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let meta = MetaProperties {
            cluster_id: a.cluster_id.clone(),
            node_id: config.node_id,
            directory_id: random_cluster_id(),
        };
        storage::write_meta(dir, &meta)?;
        let kind = if *dir == config.metadata_log_dir {
            "metadata directory"
        } else {
            "data directory"
        };
        println!(
            "Formatting {kind} {} with metadata.version {version}.",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How many bytes a base64url string decodes to (for Kafka's error message).
fn decoded_len(s: &str) -> usize {
    let valid = s
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        .count();
    valid * 6 / 8
}

fn info(a: InfoArgs) -> anyhow::Result<ExitCode> {
    let config = BrokerConfig::load(Some(&a.config), &[])?;
    let dirs = directories(&config);
    let mut found_dirs: Vec<&Path> = Vec::new();
    let mut metas: Vec<MetaProperties> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for dir in &dirs {
        if !dir.is_dir() {
            problems.push(format!("{} does not exist", dir.display()));
            continue;
        }
        found_dirs.push(dir);
        match storage::read_meta(dir) {
            // One metadata line, as Kafka prints; directories that disagree with the first
            // on the cluster or node are problems.
            Ok(Some(m)) => match metas.first() {
                None => metas.push(m),
                Some(first) if first.cluster_id != m.cluster_id => problems.push(format!(
                    "{}: cluster.id {} does not match {}",
                    dir.display(),
                    m.cluster_id,
                    first.cluster_id
                )),
                Some(first) if first.node_id != m.node_id => problems.push(format!(
                    "{}: node.id {} does not match {}",
                    dir.display(),
                    m.node_id,
                    first.node_id
                )),
                Some(_) => {}
            },
            Ok(None) => problems.push(format!("{} is not formatted.", dir.display())),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !found_dirs.is_empty() {
        println!(
            "Found log director{}:",
            if found_dirs.len() == 1 { "y" } else { "ies" }
        );
        for d in &found_dirs {
            println!("  {}", d.display());
        }
        println!();
    }
    for m in &metas {
        println!(
            "Found metadata: {{cluster.id={}, directory.id={}, node.id={}, version=1}}",
            m.cluster_id, m.directory_id, m.node_id
        );
        println!();
    }
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Found problem{}:",
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in &problems {
        println!("  {p}");
    }
    println!();
    Ok(ExitCode::FAILURE)
}
