//! `strom topics` (kafka-topics): create, delete, describe, list or grow topics.
//!
//! Text output and error messages are Kafka's (`TopicCommand`). Failures of the operation
//! print `Error while executing topic command : <message>` on stdout and exit 1; option
//! errors go to stderr and exit 1.
//!
//! `--output json` prints one document instead:
//! - `--list`: `{"topics": ["a", "b"]}`
//! - `--describe`: `{"topics": [{"name", "topic_id", "partition_count", "replication_factor",
//!   "is_internal", "configs": {k: v}, "partitions": [{"partition", "leader" (null if none),
//!   "replicas", "isr", "elr" (null), "last_known_elr" (null)}]}]}`
//! - `--create`: `{"name", "created" (false when --if-not-exists found it), "topic_id",
//!   "partitions", "replication_factor"}`
//! - `--alter`: `{"altered": [names]}`, `--delete`: `{"deleted": [names]}`
//! - any failure: `{"error": "<message>"}` (exit 1)

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;
use strom_client::{Admin, NewTopic, topic_id_string};

use super::common;
use super::output::{self, OutputFormat};
use super::prompt;
use super::topics_describe::{self, TopicFilter};

/// Create, delete, describe, or change a topic.
#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// REQUIRED: The Kafka server to connect to.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "String: command config property file")]
    pub command_config: Option<PathBuf>,
    /// Create a new topic.
    #[arg(long)]
    pub create: bool,
    /// List all available topics.
    #[arg(long)]
    pub list: bool,
    /// List details for the given topics.
    #[arg(long)]
    pub describe: bool,
    /// Alter the number of partitions and replica assignment.
    #[arg(long)]
    pub alter: bool,
    /// Delete a topic.
    #[arg(long)]
    pub delete: bool,
    /// The topic to create, alter, describe or delete. It also accepts a regular expression,
    /// except for --create option. Put topic name in double quotes and use the '\' prefix to
    /// escape regular expression symbols; e.g. "test\.topic".
    #[arg(long, value_name = "String: topic")]
    pub topic: Option<String>,
    /// The topic-id to describe.
    #[arg(long, value_name = "String: topic-id")]
    pub topic_id: Option<String>,
    /// The number of partitions for the topic being created or altered. If not supplied for
    /// create, defaults to the cluster default.
    #[arg(
        long,
        value_name = "Integer: # of partitions",
        allow_negative_numbers = true
    )]
    pub partitions: Option<i32>,
    /// The replication factor for each partition in the topic being created. If not supplied,
    /// defaults to the cluster default.
    #[arg(
        long,
        value_name = "Integer: replication factor",
        allow_negative_numbers = true
    )]
    pub replication_factor: Option<i32>,
    /// A topic configuration override for the topic being created (repeatable).
    #[arg(long = "config", value_name = "String: name=value")]
    pub config: Vec<String>,
    /// Deprecated and ignored: use kafka-configs to remove topic configs.
    #[arg(long, hide = true)]
    pub delete_config: Vec<String>,
    /// A list of manual partition-to-broker assignments for the topic being created or altered:
    /// broker_id_for_part1_replica1:broker_id_for_part1_replica2,
    /// broker_id_for_part2_replica1:broker_id_for_part2_replica2, ...
    #[arg(long, value_name = "String")]
    pub replica_assignment: Option<String>,
    /// If set when altering or deleting or describing topics, the action will only execute if
    /// the topic exists.
    #[arg(long)]
    pub if_exists: bool,
    /// If set when creating topics, the action will only execute if the topic does not already
    /// exist.
    #[arg(long)]
    pub if_not_exists: bool,
    /// Exclude internal topics when running list or describe command. The internal topics will
    /// be listed by default.
    #[arg(long)]
    pub exclude_internal: bool,
    /// If set when describing topics, only show under replicated partitions.
    #[arg(long)]
    pub under_replicated_partitions: bool,
    /// If set when describing topics, only show partitions whose isr count is less than the
    /// configured minimum.
    #[arg(long)]
    pub under_min_isr_partitions: bool,
    /// If set when describing topics, only show partitions whose isr count is equal to the
    /// configured minimum.
    #[arg(long)]
    pub at_min_isr_partitions: bool,
    /// If set when describing topics, only show partitions whose leader is not available.
    #[arg(long)]
    pub unavailable_partitions: bool,
    /// If set when describing topics, only show topics that have overridden configs.
    #[arg(long)]
    pub topics_with_overrides: bool,
    /// The maximum partition size to be included in one DescribeTopicPartitions response
    /// (accepted for compatibility; we describe through Metadata).
    #[arg(
        long,
        value_name = "Integer: maximum number of partitions per response"
    )]
    pub partition_size_limit_per_response: Option<i32>,
    /// Output format of --list and --describe: text (Kafka's), table, or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    #[command(flatten)]
    pub confirm: prompt::YesArg,
}

const PROGRAM: &str = "kafka-topics";

/// Kafka's valid topic-level config names (`LogConfig`), checked before sending as Kafka does.
const TOPIC_CONFIGS: &[&str] = &[
    "cleanup.policy",
    "compression.type",
    "compression.gzip.level",
    "compression.lz4.level",
    "compression.zstd.level",
    "delete.retention.ms",
    "file.delete.delay.ms",
    "flush.messages",
    "flush.ms",
    "follower.replication.throttled.replicas",
    "index.interval.bytes",
    "leader.replication.throttled.replicas",
    "local.retention.bytes",
    "local.retention.ms",
    "max.compaction.lag.ms",
    "max.message.bytes",
    "message.downconversion.enable",
    "message.format.version",
    "message.timestamp.after.max.ms",
    "message.timestamp.before.max.ms",
    "message.timestamp.difference.max.ms",
    "message.timestamp.type",
    "min.cleanable.dirty.ratio",
    "min.compaction.lag.ms",
    "min.insync.replicas",
    "preallocate",
    "remote.log.copy.disable",
    "remote.log.delete.on.disable",
    "remote.storage.enable",
    "retention.bytes",
    "retention.ms",
    "segment.bytes",
    "segment.index.bytes",
    "segment.jitter.ms",
    "segment.ms",
    "unclean.leader.election.enable",
];

/// An error to report as `Error while executing topic command : <message>`.
pub struct CommandError(pub String);

impl<E: std::fmt::Display> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError(e.to_string())
    }
}

/// Stands for "the person declined the confirmation" (no real message contains NUL).
const DECLINED: &str = "\0declined";

impl CommandError {
    fn declined() -> CommandError {
        CommandError(DECLINED.to_string())
    }
}

pub async fn run(args: TopicsArgs) -> anyhow::Result<ExitCode> {
    run_to(args, &mut output::stdout()).await
}

/// `run`, writing results to `out` (the shell buffers them around its progress bar).
pub async fn run_to(args: TopicsArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if let Err(msg) = check_args(&args) {
        return Ok(common::usage_error(PROGRAM, &msg));
    }
    let result = execute(&args, out).await;
    match result {
        Ok(()) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(CommandError(msg)) if msg == DECLINED => {
            out.flush()?;
            Ok(prompt::declined())
        }
        Err(CommandError(msg)) => {
            match args.output {
                OutputFormat::Text | OutputFormat::Table => {
                    writeln!(out, "Error while executing topic command : {msg}")?
                }
                OutputFormat::Json => output::write_json(out, &json!({ "error": msg }))?,
            }
            out.flush()?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The option checks of `TopicCommandOptions.checkArgs`, with Kafka's messages.
fn check_args(a: &TopicsArgs) -> Result<(), String> {
    let actions = [a.create, a.list, a.describe, a.alter, a.delete]
        .iter()
        .filter(|&&x| x)
        .count();
    if actions != 1 {
        return Err("Command must include exactly one action: --list, --describe, --create, --alter or --delete".into());
    }
    if a.bootstrap_server
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        return Err("--bootstrap-server must be specified".into());
    }
    let action = if a.create {
        "create"
    } else if a.list {
        "list"
    } else if a.describe {
        "describe"
    } else if a.alter {
        "alter"
    } else {
        "delete"
    };
    let conflict = |opt: &str| {
        Err(format!(
            "Option \"[{opt}]\" can't be used with option \"[{action}]\""
        ))
    };
    if (a.create || a.alter || a.delete) && a.topic.is_none() && !(a.delete && a.topic_id.is_some())
    {
        return Err("Missing required argument \"[topic]\"".into());
    }
    if a.alter && !a.config.is_empty() {
        return Err("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" \
                    (To alter topic configurations, the kafka-configs tool can be used.)"
            .into());
    }
    if a.alter && a.partitions.is_none() && a.replica_assignment.is_none() {
        return Err("Missing required argument \"[partitions]\"".into());
    }
    if !a.config.is_empty() && !a.create {
        return conflict("config");
    }
    if a.partitions.is_some() && !(a.create || a.alter) {
        return conflict("partitions");
    }
    if a.replication_factor.is_some() && !a.create {
        return conflict("replication-factor");
    }
    if a.replica_assignment.is_some() && !(a.create || a.alter) {
        return conflict("replica-assignment");
    }
    if a.create && a.replica_assignment.is_some() {
        if a.partitions.is_some() {
            return Err(
                "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"".into(),
            );
        }
        if a.replication_factor.is_some() {
            return Err("Option \"[replica-assignment]\" can't be used with option \"[replication-factor]\"".into());
        }
    }
    if a.if_exists && !(a.alter || a.delete || a.describe) {
        return conflict("if-exists");
    }
    if a.if_not_exists && !a.create {
        return conflict("if-not-exists");
    }
    if a.exclude_internal && !(a.list || a.describe) {
        return conflict("exclude-internal");
    }
    let reports = [
        (a.under_replicated_partitions, "under-replicated-partitions"),
        (a.under_min_isr_partitions, "under-min-isr-partitions"),
        (a.at_min_isr_partitions, "at-min-isr-partitions"),
        (a.unavailable_partitions, "unavailable-partitions"),
        (a.topics_with_overrides, "topics-with-overrides"),
    ];
    for (set, name) in reports {
        if set && !a.describe {
            return conflict(name);
        }
    }
    let chosen: Vec<&str> = reports
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, n)| *n)
        .collect();
    if let [first, second, ..] = chosen[..] {
        return Err(format!(
            "Option \"[{first}]\" can't be used with option \"[{second}]\""
        ));
    }
    if a.topic_id.is_some() && !(a.describe || a.delete) {
        return conflict("topic-id");
    }
    if a.topic_id.is_some() && a.topic.is_some() {
        return Err("Option \"[topic-id]\" can't be used with option \"[topic]\"".into());
    }
    if !a.delete_config.is_empty() {
        eprintln!(
            "delete-config option is no longer supported and deprecated since version 4.0. Please use kafka-configs."
        );
    }
    Ok(())
}

async fn execute(args: &TopicsArgs, out: &mut impl Write) -> Result<(), CommandError> {
    let bootstrap = args.bootstrap_server.as_deref().unwrap_or_default();
    let props = common::load_properties(args.command_config.as_deref(), &[])?;
    let client = common::connect(bootstrap, &props).await?;
    let admin = Admin::new(client);
    if args.create {
        create(args, &admin, out).await
    } else if args.alter {
        alter(args, &admin, out).await
    } else if args.delete {
        delete(args, &admin, out).await
    } else {
        let filter = TopicFilter::new(
            args.topic.as_deref(),
            args.topic_id.as_deref(),
            args.exclude_internal,
        )?;
        if args.list {
            topics_describe::list(&admin, &filter, args.output, out).await
        } else {
            topics_describe::describe(&admin, &filter, args, out).await
        }
    }
}

/// Kafka's `Topic.validate` messages.
pub fn validate_topic_name(name: &str) -> Result<(), String> {
    let prefix = "Topic name is invalid: ";
    if name.is_empty() {
        return Err(format!("{prefix}the empty string is not allowed"));
    }
    if name == "." || name == ".." {
        return Err(format!("{prefix}'{name}' is not allowed"));
    }
    if name.len() > 249 {
        return Err(format!(
            "{prefix}the length of '{name}' is longer than the max allowed length 249"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    {
        return Err(format!(
            "{prefix}'{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        ));
    }
    Ok(())
}

/// `--config k=v` pairs, checked as `parseTopicConfigsToBeAdded` does.
fn parse_configs(pairs: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for p in pairs {
        let Some((k, v)) = p.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(
                "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\"."
                    .into(),
            );
        };
        if !TOPIC_CONFIGS.contains(&k) {
            return Err(format!("Unknown topic config name: {k}"));
        }
        out.push((k.to_string(), v.to_string()));
    }
    Ok(out)
}

/// `--replica-assignment 1:2,2:3`: one broker list per partition.
fn parse_assignment(s: &str) -> Result<Vec<Vec<i32>>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let ids: Vec<i32> = part
            .split(':')
            .map(|b| {
                b.trim().parse::<i32>().map_err(|_| {
                    format!("Invalid replica assignment '{s}': '{b}' is not a broker id")
                })
            })
            .collect::<Result<_, _>>()?;
        let mut seen = std::collections::BTreeSet::new();
        let dups: Vec<String> = ids
            .iter()
            .filter(|id| !seen.insert(**id))
            .map(|id| id.to_string())
            .collect();
        if !dups.is_empty() {
            return Err(format!(
                "Partition replica lists may not contain duplicate entries: {}",
                dups.join(",")
            ));
        }
        out.push(ids);
    }
    Ok(out)
}

async fn create(
    args: &TopicsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let name = args.topic.clone().unwrap_or_default();
    if args.partitions.is_some_and(|p| p < 1) {
        return Err(CommandError("The partitions must be greater than 0".into()));
    }
    if args
        .replication_factor
        .is_some_and(|rf| !(1..=32767).contains(&rf))
    {
        return Err(CommandError(
            "The replication factor must be between 1 and 32767 inclusive".into(),
        ));
    }
    let configs = parse_configs(&args.config).map_err(CommandError)?;
    let assignments = match &args.replica_assignment {
        Some(s) => parse_assignment(s).map_err(CommandError)?,
        None => Vec::new(),
    };
    let text = !args.output.is_json();
    if text && (name.contains('.') || name.contains('_')) {
        writeln!(
            out,
            "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. \
             To avoid issues it is best to use either, but not both."
        )?;
    }
    validate_topic_name(&name).map_err(CommandError)?;
    let topic = NewTopic {
        name: name.clone(),
        partitions: args.partitions.unwrap_or(-1),
        replication_factor: args.replication_factor.map(|r| r as i16).unwrap_or(-1),
        assignments: assignments
            .into_iter()
            .enumerate()
            .map(|(i, ids)| (i as i32, ids))
            .collect(),
        configs,
    };
    let results = admin
        .create_topics(std::slice::from_ref(&topic), false)
        .await?;
    let outcome = results
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, r)| r);
    match outcome {
        Some(Ok(created)) => {
            if text {
                writeln!(out, "Created topic {name}.")?;
            } else {
                let id = (!created.topic_id.is_nil()).then(|| topic_id_string(&created.topic_id));
                output::write_json(
                    out,
                    &json!({
                        "name": name,
                        "created": true,
                        "topic_id": id,
                        "partitions": created.partitions,
                        "replication_factor": created.replication_factor,
                    }),
                )?;
            }
            Ok(())
        }
        // TOPIC_ALREADY_EXISTS is not an error with --if-not-exists.
        Some(Err(e)) if e.code == 36 && args.if_not_exists => {
            if !text {
                output::write_json(
                    out,
                    &json!({"name": name, "created": false, "topic_id": null, "partitions": null, "replication_factor": null}),
                )?;
            }
            Ok(())
        }
        Some(Err(e)) => Err(CommandError(e.to_string())),
        None => Err(CommandError(format!(
            "the broker did not report on topic {name}"
        ))),
    }
}

/// The topics `--topic` (a regex) selects, failing unless `--if-exists` when none match.
async fn matching_topics(args: &TopicsArgs, admin: &Admin) -> Result<Vec<String>, CommandError> {
    let filter = TopicFilter::new(args.topic.as_deref(), args.topic_id.as_deref(), false)?;
    let meta = admin.list_topics().await?;
    let names = filter.select(&meta);
    if names.is_empty() && !args.if_exists {
        return Err(CommandError(filter.missing_message()));
    }
    Ok(names)
}

async fn alter(args: &TopicsArgs, admin: &Admin, out: &mut impl Write) -> Result<(), CommandError> {
    let topics = matching_topics(args, admin).await?;
    let assignment = match &args.replica_assignment {
        Some(s) => Some(parse_assignment(s).map_err(CommandError)?),
        None => None,
    };
    let meta = admin.client().metadata();
    for t in &topics {
        let existing = meta.topic(t).map(|m| m.partitions.len()).unwrap_or(0);
        let count = match (args.partitions, &assignment) {
            (Some(p), _) => p,
            (None, Some(a)) => a.len() as i32,
            (None, None) => existing as i32,
        };
        // Only the assignments of the new partitions go to the broker.
        let new_assignment = assignment
            .as_ref()
            .map(|a| a.iter().skip(existing).cloned().collect::<Vec<_>>());
        admin
            .create_partitions(t, count, new_assignment, false)
            .await?
            .map_err(|e| CommandError(e.to_string()))?;
    }
    if args.output == OutputFormat::Json {
        output::write_json(out, &json!({ "altered": topics }))?;
    }
    Ok(())
}

async fn delete(
    args: &TopicsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let topics = matching_topics(args, admin).await?;
    if !topics.is_empty() {
        let question = match topics.as_slice() {
            [one] => format!("Delete topic '{one}' and all its records?"),
            many => format!(
                "Delete {} topics ({}) and all their records?",
                many.len(),
                prompt::name_list(many, 5)
            ),
        };
        if !prompt::confirm(&question, args.confirm.yes)? {
            return Err(CommandError::declined());
        }
    }
    let mut deleted = Vec::new();
    if !topics.is_empty() {
        for (name, outcome) in admin.delete_topics(&topics).await? {
            match outcome {
                Ok(()) => deleted.push(name),
                // Gone meanwhile: fine with --if-exists.
                Err(e) if e.code == 3 && args.if_exists => {}
                Err(e) => return Err(CommandError(e.to_string())),
            }
        }
    }
    if args.output == OutputFormat::Json {
        deleted.sort();
        output::write_json(out, &json!({ "deleted": deleted }))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_are_checked_like_kafka() {
        assert!(validate_topic_name("ok.name_-1").is_ok());
        assert_eq!(
            validate_topic_name("a b").err().as_deref(),
            Some(
                "Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
            )
        );
        assert!(validate_topic_name(&"x".repeat(250)).is_err());
        assert!(validate_topic_name("..").is_err());
    }

    #[test]
    fn configs_need_key_value_and_known_names() {
        assert_eq!(
            parse_configs(&["retention.ms=5".into()]).ok(),
            Some(vec![("retention.ms".into(), "5".into())])
        );
        assert_eq!(
            parse_configs(&["nope=1".into()]).err().as_deref(),
            Some("Unknown topic config name: nope")
        );
        assert!(parse_configs(&["retention.ms".into()]).is_err());
    }

    #[test]
    fn replica_assignments() {
        assert_eq!(
            parse_assignment("1:2,2:3").ok(),
            Some(vec![vec![1, 2], vec![2, 3]])
        );
        assert_eq!(
            parse_assignment("1:1").err().as_deref(),
            Some("Partition replica lists may not contain duplicate entries: 1")
        );
    }
}
