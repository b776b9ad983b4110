//! Command-line front end: one clap definition per tool, argv[0] dispatch, and the runner.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub mod acls;
pub mod applet;
pub mod color;
pub mod common;
#[cfg(test)]
mod compat_tests;
pub mod configs;
pub mod console_consumer;
pub mod console_producer;
pub mod consumer_groups;
pub mod consumer_groups_delete;
pub mod consumer_groups_describe;
pub mod consumer_groups_reset;
pub mod consumer_perf_test;
pub mod delete_records;
pub mod generate;
pub mod get_offsets;
pub mod install_links;
pub mod line_reader;
pub mod log_dirs;
pub mod logging;
pub mod message_formatter;
pub mod metadata_quorum;
pub mod output;
pub mod producer_perf_test;
pub mod progress;
pub mod prompt;
pub mod record_json;
pub mod server_start;
pub mod shell;
pub mod storage;
pub mod table;
pub mod topics;
pub mod topics_describe;

/// Kafka-compatible event streaming: the broker and the kafka-*.sh tools in one binary.
#[derive(Debug, Parser)]
#[command(
    name = "strom",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Tool,
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = color::ColorChoice::Auto)]
    pub color: color::ColorChoice,
}

/// One variant per tool; the names mirror Kafka's scripts without the `kafka-` prefix.
#[derive(Debug, Subcommand)]
pub enum Tool {
    /// Start a broker (kafka-server-start).
    ServerStart(server_start::ServerStartArgs),
    /// Create, delete, describe, or change a topic (kafka-topics).
    Topics(topics::TopicsArgs),
    /// Read records from standard input and publish them (kafka-console-producer).
    ConsoleProducer(console_producer::ConsoleProducerArgs),
    /// Consume records and print them to standard output (kafka-console-consumer).
    ConsoleConsumer(console_consumer::ConsoleConsumerArgs),
    /// List, describe and delete consumer groups; reset or delete their offsets
    /// (kafka-consumer-groups).
    ConsumerGroups(consumer_groups::ConsumerGroupsArgs),
    /// Describe or change topic and broker configurations (kafka-configs).
    Configs(configs::ConfigsArgs),
    /// Print partition offsets by time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets).
    GetOffsets(get_offsets::GetOffsetsArgs),
    /// Delete records below given offsets (kafka-delete-records).
    DeleteRecords(delete_records::DeleteRecordsArgs),
    /// Measure producer throughput and latency (kafka-producer-perf-test).
    ProducerPerfTest(producer_perf_test::ProducerPerfTestArgs),
    /// Measure consumer throughput (kafka-consumer-perf-test).
    ConsumerPerfTest(consumer_perf_test::ConsumerPerfTestArgs),
    /// Format log directories or show their state; print a new cluster id (kafka-storage).
    Storage(storage::StorageArgs),
    /// Describe the metadata quorum: leader, epoch, high watermark, voters
    /// (kafka-metadata-quorum).
    MetadataQuorum(metadata_quorum::MetadataQuorumArgs),
    /// Add, remove or list ACLs (kafka-acls).
    Acls(acls::AclsArgs),
    /// Query the log directories of brokers and the size of each partition (kafka-log-dirs).
    LogDirs(log_dirs::LogDirsArgs),
    /// An interactive shell for a cluster: topics, produce, consume, groups, configs.
    Shell(shell::ShellArgs),
    /// Create kafka-*.sh style links to this binary in a directory.
    InstallLinks(install_links::InstallLinksArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(generate::CompletionsArgs),
    /// Write completions/ and man/ under a directory (for maintainers).
    #[command(hide = true)]
    GenerateAssets(generate::GenerateAssetsArgs),
}

/// What `main` needs: the parsed tool.
#[derive(Debug)]
pub struct Invocation {
    pub tool: Tool,
}

/// Parse argv, honouring argv[0] applet names such as `kafka-topics.sh`.
pub fn parse() -> Invocation {
    let args: Vec<OsString> = std::env::args_os().collect();
    parse_from(args)
}

pub fn parse_from(args: Vec<OsString>) -> Invocation {
    let Some((sub, shown)) = args.first().and_then(|a| applet::applet(a)) else {
        // `strom` alone on a terminal opens the shell; elsewhere it prints help.
        if args.len() == 1 && shell::interactive_terminal() {
            return Invocation {
                tool: Tool::Shell(shell::ShellArgs::default()),
            };
        }
        let cli = Cli::parse_from(args);
        color::set_choice(cli.color);
        return Invocation { tool: cli.command };
    };
    // Parse with the subcommand as the root, so usage, --help and errors name `kafka-topics`.
    // Not `build()`-ing the root first: a built subcommand has already taken `strom topics` as
    // its usage name, and renaming it afterwards does not reach the usage line.
    let root = Cli::command();
    let Some(cmd) = root.find_subcommand(sub).cloned() else {
        // Unreachable by construction (APPLETS only lists subcommands); fall back to strom.
        let cli = Cli::parse_from(args);
        return Invocation { tool: cli.command };
    };
    let cmd = cmd
        .name(shown)
        .bin_name(shown)
        .display_name(shown)
        .version(env!("CARGO_PKG_VERSION"))
        .arg(color_arg());
    let matches = cmd.get_matches_from(args);
    if let Some(c) = matches.get_one::<color::ColorChoice>("color") {
        color::set_choice(*c);
    }
    let parsed = match sub {
        "server-start" => {
            server_start::ServerStartArgs::from_arg_matches(&matches).map(Tool::ServerStart)
        }
        "topics" => topics::TopicsArgs::from_arg_matches(&matches).map(Tool::Topics),
        "console-producer" => console_producer::ConsoleProducerArgs::from_arg_matches(&matches)
            .map(Tool::ConsoleProducer),
        "console-consumer" => console_consumer::ConsoleConsumerArgs::from_arg_matches(&matches)
            .map(Tool::ConsoleConsumer),
        "consumer-groups" => consumer_groups::ConsumerGroupsArgs::from_arg_matches(&matches)
            .map(Tool::ConsumerGroups),
        "configs" => configs::ConfigsArgs::from_arg_matches(&matches).map(Tool::Configs),
        "get-offsets" => {
            get_offsets::GetOffsetsArgs::from_arg_matches(&matches).map(Tool::GetOffsets)
        }
        "delete-records" => {
            delete_records::DeleteRecordsArgs::from_arg_matches(&matches).map(Tool::DeleteRecords)
        }
        "producer-perf-test" => {
            producer_perf_test::ProducerPerfTestArgs::from_arg_matches(&matches)
                .map(Tool::ProducerPerfTest)
        }
        "consumer-perf-test" => {
            consumer_perf_test::ConsumerPerfTestArgs::from_arg_matches(&matches)
                .map(Tool::ConsumerPerfTest)
        }
        "storage" => storage::StorageArgs::from_arg_matches(&matches).map(Tool::Storage),
        "metadata-quorum" => metadata_quorum::MetadataQuorumArgs::from_arg_matches(&matches)
            .map(Tool::MetadataQuorum),
        "acls" => acls::AclsArgs::from_arg_matches(&matches).map(Tool::Acls),
        "log-dirs" => log_dirs::LogDirsArgs::from_arg_matches(&matches).map(Tool::LogDirs),
        _ => Err(clap::Error::raw(
            clap::error::ErrorKind::InvalidSubcommand,
            format!("unknown tool {sub}"),
        )),
    };
    match parsed {
        Ok(tool) => Invocation { tool },
        Err(e) => e.exit(),
    }
}

/// `--color`, for subcommands parsed as a root (applets), where the root's global flag does
/// not reach.
pub fn color_arg() -> clap::Arg {
    clap::Arg::new("color")
        .long("color")
        .value_name("WHEN")
        .value_parser(clap::value_parser!(color::ColorChoice))
        .default_value("auto")
        .help("When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
}

/// Run the selected tool. The broker gets a multi-threaded runtime; tools a current-thread one.
pub fn run(inv: Invocation) -> anyhow::Result<ExitCode> {
    match inv.tool {
        Tool::ServerStart(args) => server_start::run(args),
        Tool::InstallLinks(args) => install_links::run(args),
        Tool::Completions(args) => generate::completions(args),
        Tool::GenerateAssets(args) => generate::generate_assets(args),
        Tool::Topics(args) => common::block_on(topics::run(args)),
        Tool::ConsoleProducer(args) => common::block_on(console_producer::run(args)),
        Tool::ConsoleConsumer(args) => common::block_on(console_consumer::run(args)),
        Tool::ConsumerGroups(args) => common::block_on(consumer_groups::run(args)),
        Tool::Configs(args) => common::block_on(configs::run(args)),
        Tool::GetOffsets(args) => common::block_on(get_offsets::run(args)),
        Tool::DeleteRecords(args) => common::block_on(delete_records::run(args)),
        Tool::ProducerPerfTest(args) => common::block_on(producer_perf_test::run(args)),
        Tool::ConsumerPerfTest(args) => common::block_on(consumer_perf_test::run(args)),
        Tool::Storage(args) => storage::run(args),
        Tool::MetadataQuorum(args) => common::block_on(metadata_quorum::run(args)),
        Tool::Acls(args) => common::block_on(acls::run(args)),
        Tool::LogDirs(args) => common::block_on(log_dirs::run(args)),
        Tool::Shell(args) => shell::run(args),
    }
}

/// True when the error chain bottoms out in EPIPE: `strom console-consumer … | head` exits 0.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
