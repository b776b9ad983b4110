//! `strom consumer-groups` (kafka-consumer-groups): list, describe, delete consumer groups,
//! reset their offsets and delete offsets.
//!
//! Options, messages and text layouts are Kafka's `ConsumerGroupCommand` (see
//! `consumer_groups_describe`, `consumer_groups_reset` and `consumer_groups_delete` for the
//! tables). Option errors go to
//! stderr with status 1. Failures of the operation print `\nError: <message>` on stdout, as
//! Kafka does, but without its stack trace and with status 1 (Kafka exits 0).
//!
//! `--output json` prints one document instead of the text:
//! - `--list`: `{"groups": [{"group", "protocol_type", "state" (null without ListGroups v4),
//!   "type" (null without v5)}]}`
//! - `--describe` (offsets): `{"groups": [{"group", "state", "error" (null or message),
//!   "coordinator": {"id", "host", "port"}, "offsets": [{"topic", "partition",
//!   "current_offset", "log_end_offset", "lag", "consumer_id", "host", "client_id"}]}]}`
//!   (missing values are null)
//! - `--describe --members`: `{"groups": [{"group", "state", "error", "members": [{"consumer_id",
//!   "group_instance_id", "host", "client_id", "partitions" (count), "assignment": [{"topic",
//!   "partitions": [..]}]}]}]}`
//! - `--describe --state`: `{"groups": [{"group", "state", "error", "coordinator": {"id", "host",
//!   "port"}, "assignment_strategy", "members" (count), "type"}]}`
//! - `--reset-offsets`: `{"executed": bool, "groups": [{"group", "error", "offsets": [{"topic",
//!   "partition", "new_offset"}]}]}`
//! - `--delete`: `{"deleted": [ids], "failed": [{"group", "error"}]}`
//! - `--delete-offsets`: `{"group", "error", "partitions": [{"topic", "partition" (null when
//!   not given), "error"}]}`
//! - a failure of the whole command: `{"error": "<message>"}`
//!
//! `--output table` draws the listings as tables: `--list` (GROUP, TYPE, STATE, always with
//! both columns), the three `--describe` views (one table for all groups, with the text
//! view's columns; the state view's header is not repeated per group) and the
//! `--reset-offsets` plan (GROUP, TOPIC, PARTITION, NEW-OFFSET) and the `--delete-offsets`
//! outcome (Kafka's summary line, then TOPIC, PARTITION, STATUS). `--delete` prints as `text`.
//!
//! `--delete` and `--reset-offsets --execute` ask for confirmation when stdin and stderr are
//! terminals, unless `--yes` is given (see `prompt`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use serde_json::json;
use strom_client::admin_groups::{canonical_state, canonical_type};
use strom_client::{Admin, TopicPartition};

use super::common;
use super::consumer_groups_delete as delete;
use super::consumer_groups_describe as describe;
use super::consumer_groups_reset as reset;
use super::output::{self, OutputFormat};
use super::prompt;
use super::table::Table;

/// List all consumer groups, describe a consumer group, delete consumer group info, or reset
/// consumer group offsets.
#[derive(Debug, Args)]
pub struct ConsumerGroupsArgs {
    /// REQUIRED: The server(s) to connect to.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// The consumer group we wish to act on (repeatable).
    #[arg(long, value_name = "String: consumer group")]
    pub group: Vec<String>,
    /// The topic whose consumer group information should be deleted or topic whose should be
    /// included in the reset offset process. In `reset-offsets` case, partitions can be
    /// specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be
    /// included in the process. Reset-offsets also supports multiple topic inputs.
    #[arg(long, value_name = "String: topic")]
    pub topic: Vec<String>,
    /// Consider all topics assigned to a group in the `reset-offsets` process.
    #[arg(long)]
    pub all_topics: bool,
    /// List all consumer groups.
    #[arg(long)]
    pub list: bool,
    /// Describe consumer group and list offset lag (number of messages not yet processed)
    /// related to given group.
    #[arg(long)]
    pub describe: bool,
    /// Apply to all consumer groups.
    #[arg(long)]
    pub all_groups: bool,
    /// Pass in groups to delete topic partition offsets and ownership information over the
    /// entire consumer group. For instance --group g1 --group g2
    #[arg(long)]
    pub delete: bool,
    /// The timeout that can be set for some use cases. For example, it can be used when
    /// describing the group to specify the maximum amount of time in milliseconds to wait
    /// before the group stabilizes (when the group is just created, or is going through some
    /// changes).
    #[arg(long, value_name = "Long: timeout (ms)", default_value_t = 5000)]
    pub timeout: u64,
    /// Property file containing configs to be passed to Admin Client and Consumer.
    #[arg(long, value_name = "String: command config property file")]
    pub command_config: Option<PathBuf>,
    /// Reset offsets of consumer group. Supports one consumer group at the time, and instances
    /// should be inactive. Has 2 execution options: --dry-run (the default) to plan which
    /// offsets to reset, and --execute to update the offsets. Additionally, the --export
    /// option is used to export the results to a CSV format. You must choose one of the
    /// following reset specifications: --to-datetime, --by-duration, --to-earliest,
    /// --to-latest, --shift-by, --from-file, --to-current, --to-offset. To define the scope
    /// use --all-topics or --topic. One scope must be specified unless you use '--from-file'.
    #[arg(long)]
    pub reset_offsets: bool,
    /// Delete offsets of consumer group. Supports one consumer group at the time, and multiple
    /// topics.
    #[arg(long)]
    pub delete_offsets: bool,
    /// Only show results without executing changes on Consumer Groups. Supported operations:
    /// reset-offsets.
    #[arg(long)]
    pub dry_run: bool,
    /// Execute operation. Supported operations: reset-offsets.
    #[arg(long)]
    pub execute: bool,
    /// Export operation execution to a CSV file. Supported operations: reset-offsets.
    #[arg(long)]
    pub export: bool,
    /// Reset offsets to a specific offset.
    #[arg(long, value_name = "Long: offset", allow_negative_numbers = true)]
    pub to_offset: Option<i64>,
    /// Reset offsets to values defined in CSV file.
    #[arg(long, value_name = "String: path to CSV file")]
    pub from_file: Option<PathBuf>,
    /// Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'
    #[arg(long, value_name = "String: datetime")]
    pub to_datetime: Option<String>,
    /// Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'
    #[arg(long, value_name = "String: duration")]
    pub by_duration: Option<String>,
    /// Reset offsets to earliest offset.
    #[arg(long)]
    pub to_earliest: bool,
    /// Reset offsets to latest offset.
    #[arg(long)]
    pub to_latest: bool,
    /// Reset offsets to current offset.
    #[arg(long)]
    pub to_current: bool,
    /// Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.
    #[arg(
        long,
        value_name = "Long: number-of-offsets",
        allow_negative_numbers = true
    )]
    pub shift_by: Option<i64>,
    /// Describe members of the group. This option may be used with '--describe' and
    /// '--bootstrap-server' options only. Example: --bootstrap-server localhost:9092
    /// --describe --group group1 --members
    #[arg(long)]
    pub members: bool,
    /// Provide additional information, if any, when describing the group. This option may be
    /// used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only.
    /// Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose
    #[arg(long)]
    pub verbose: bool,
    /// Describe the group and list all topic partitions in the group along with their offset
    /// lag. This is the default sub-action of and may be used with '--describe' and
    /// '--bootstrap-server' options only. Example: --bootstrap-server localhost:9092
    /// --describe --group group1 --offsets
    #[arg(long)]
    pub offsets: bool,
    /// When specified with '--describe', includes the state of the group. Example:
    /// --bootstrap-server localhost:9092 --describe --group group1 --state. When specified
    /// with '--list', it displays the state of all groups. It can also be used to list groups
    /// with specific states. Example: --bootstrap-server localhost:9092 --list --state
    /// stable,empty. This option may be used with '--describe', '--list' and
    /// '--bootstrap-server' options only.
    #[arg(
        long,
        value_name = "String",
        num_args = 0..=1,
        default_missing_value = ""
    )]
    pub state: Option<String>,
    /// When specified with '--list', it displays the types of all the groups. It can also be
    /// used to list groups with specific types. Example: --bootstrap-server localhost:9092
    /// --list --type classic,consumer. This option may be used with the '--list' option only.
    #[arg(
        long = "type",
        value_name = "String",
        num_args = 0..=1,
        default_missing_value = ""
    )]
    pub group_type: Option<String>,
    /// Output format: text (Kafka's), table (the listings of --list, --describe,
    /// --reset-offsets and --delete-offsets), or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    #[command(flatten)]
    pub confirm: prompt::YesArg,
}

const PROGRAM: &str = "kafka-consumer-groups";

/// The reset scenarios in Kafka's order, with their option names.
fn scenarios(a: &ConsumerGroupsArgs) -> [(bool, &'static str); 8] {
    [
        (a.to_offset.is_some(), "to-offset"),
        (a.to_datetime.is_some(), "to-datetime"),
        (a.by_duration.is_some(), "by-duration"),
        (a.to_earliest, "to-earliest"),
        (a.to_latest, "to-latest"),
        (a.to_current, "to-current"),
        (a.shift_by.is_some(), "shift-by"),
        (a.from_file.is_some(), "from-file"),
    ]
}

/// How the command ends: an option error (stderr, usage hint, status 1), or an operation
/// failure (`\nError: Executing consumer group command failed due to <msg>` on stdout).
pub enum Failure {
    Usage(String),
    Command(String),
    /// The person answered no to the confirmation prompt.
    Declined,
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Command(e.to_string())
    }
}

/// The option checks of `ConsumerGroupCommandOptions.checkArgs` and `main`, in Kafka's order
/// and with its messages (`availableIf` errors first, as jopt raises them while parsing).
fn check_args(a: &ConsumerGroupsArgs) -> Result<(), String> {
    let unavailable = |opt: &str| {
        Err(format!(
            "Option(s) [{opt}] are unavailable given other options on the command line"
        ))
    };
    for (set, name) in [
        (a.members, "members"),
        (a.verbose, "verbose"),
        (a.offsets, "offsets"),
    ] {
        if set && !a.describe {
            return unavailable(name);
        }
    }
    if a.state.is_some() && !(a.describe || a.list) {
        return unavailable("state");
    }
    if a.group_type.is_some() && !a.list {
        return unavailable("type");
    }
    if a.bootstrap_server
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        return Err("Missing required argument \"[bootstrap-server]\"".into());
    }
    let groups_given = !a.group.is_empty();
    if a.describe {
        if !groups_given && !a.all_groups {
            return Err(
                "Option [describe] takes one of these options: [group], [all-groups]".into(),
            );
        }
        if [a.members, a.offsets, a.state.is_some()]
            .iter()
            .filter(|&&x| x)
            .count()
            > 1
        {
            return Err(
                "Option [describe] takes at most one of these options: [members], [offsets], [state]"
                    .into(),
            );
        }
        if a.state.as_deref().is_some_and(|s| !s.is_empty()) {
            return Err("Option [describe] does not take a value for [state]".into());
        }
    }
    if a.delete {
        if !groups_given && !a.all_groups {
            return Err("Option [delete] takes one of these options: [group], [all-groups]".into());
        }
        if !a.topic.is_empty() {
            return Err(
                "The consumer does not support topic-specific offset deletion from a consumer group."
                    .into(),
            );
        }
    }
    if a.delete_offsets && (!groups_given || a.topic.is_empty()) {
        return Err("Option [delete-offsets] takes the following options: [group], [topic]".into());
    }
    if a.reset_offsets {
        if a.dry_run && a.execute {
            return Err(
                "Option [reset-offsets] only accepts one of [execute] and [dry-run]".into(),
            );
        }
        if !a.dry_run && !a.execute {
            eprintln!(
                "WARN: No action will be performed as the --execute option is missing.\
                 In a future major release, the default behavior of this command will be to prompt the user before \
                 executing the reset rather than doing a dry run. You should add the --dry-run option explicitly \
                 if you are scripting this command and want to keep the current default behavior without prompting."
            );
        }
        if !groups_given && !a.all_groups {
            return Err(
                "Option [reset-offsets] takes one of these options: [group], [all-groups]".into(),
            );
        }
        let all = scenarios(a);
        for (used, name) in all {
            if !used {
                continue;
            }
            if let Some((_, other)) = all.iter().find(|(set, n)| *set && *n != name) {
                return Err(format!(
                    "Option \"[{name}]\" can't be used with option \"[{other}]\""
                ));
            }
        }
    }
    if groups_given && a.all_groups {
        return Err("Option \"[group]\" can't be used with option \"[all-groups]\"".into());
    }
    if groups_given && a.list {
        return Err("Option \"[group]\" can't be used with option \"[list]\"".into());
    }
    if !a.topic.is_empty() && (a.list || a.describe) {
        let with = if a.list { "list" } else { "describe" };
        return Err(format!(
            "Option \"[topic]\" can't be used with option \"[{with}]\""
        ));
    }
    let actions = [
        a.list,
        a.describe,
        a.delete,
        a.reset_offsets,
        a.delete_offsets,
    ]
    .iter()
    .filter(|&&x| x)
    .count();
    if actions != 1 {
        return Err("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets".into());
    }
    if a.list
        && let Err(Failure::Usage(msg) | Failure::Command(msg)) = filters(a)
    {
        return Err(msg);
    }
    if a.reset_offsets {
        if !scenarios(a).iter().any(|(set, _)| *set) {
            return Err("Option '[reset-offsets]' requires one of the following scenarios: \
                        [[to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [shift-by], [from-file]]"
                .into());
        }
        if !a.all_topics && a.topic.is_empty() && a.from_file.is_none() {
            return Err("One of the reset scopes should be defined: --all-topics, --topic.".into());
        }
    }
    Ok(())
}

pub async fn run(args: ConsumerGroupsArgs) -> anyhow::Result<ExitCode> {
    if let Err(msg) = check_args(&args) {
        return Ok(common::usage_error(PROGRAM, &msg));
    }
    let mut out = output::stdout();
    let result = execute(&args, &mut out).await;
    let code = match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(Failure::Usage(msg)) => {
            out.flush()?;
            return Ok(common::usage_error(PROGRAM, &msg));
        }
        Err(Failure::Declined) => {
            out.flush()?;
            return Ok(prompt::declined());
        }
        Err(Failure::Command(msg)) => {
            match args.output {
                OutputFormat::Text | OutputFormat::Table => writeln!(
                    out,
                    "\nError: Executing consumer group command failed due to {msg}"
                )?,
                OutputFormat::Json => output::write_json(&mut out, &json!({ "error": msg }))?,
            }
            ExitCode::FAILURE
        }
    };
    out.flush()?;
    Ok(code)
}

/// Connect and run the action; `Ok(false)` when an error was reported for some group.
async fn execute(a: &ConsumerGroupsArgs, out: &mut impl Write) -> Result<bool, Failure> {
    let bootstrap = a.bootstrap_server.as_deref().unwrap_or_default();
    let props = common::load_properties(a.command_config.as_deref(), &[])?;
    let client = common::connect(bootstrap, &props).await?;
    let admin = Admin::new(client).with_timeout(Duration::from_millis(a.timeout));
    if a.list {
        list(a, &admin, out).await
    } else if a.describe {
        describe::describe(a, &admin, out).await
    } else if a.delete {
        delete::delete_groups(a, &admin, out).await
    } else if a.reset_offsets {
        reset::reset_offsets(a, &admin, out).await
    } else {
        delete::delete_offsets(a, &admin, out).await
    }
}

/// The groups to act on: `--group`s in order, or every consumer group with `--all-groups`.
pub async fn target_groups(a: &ConsumerGroupsArgs, admin: &Admin) -> Result<Vec<String>, Failure> {
    if a.all_groups {
        let groups = admin.list_consumer_groups(&[], &[]).await?;
        Ok(groups.into_iter().map(|g| g.group_id).collect())
    } else {
        let mut seen = Vec::new();
        for g in &a.group {
            if !seen.contains(g) {
                seen.push(g.clone());
            }
        }
        Ok(seen)
    }
}

/// `--state a,b` / `--type a,b` with Kafka's validation messages.
fn filters(a: &ConsumerGroupsArgs) -> Result<(Vec<String>, Vec<String>), Failure> {
    let mut states = Vec::new();
    if let Some(list) = a.state.as_deref().filter(|s| !s.is_empty()) {
        for s in list.split(',') {
            match canonical_state(s).filter(|s| *s != "Unknown") {
                Some(c) => states.push(c.to_string()),
                None => {
                    return Err(Failure::Usage(format!(
                        "Invalid state list '{list}'. Valid states are: PreparingRebalance, CompletingRebalance, \
                         Stable, Dead, Empty, Assigning, Reconciling"
                    )));
                }
            }
        }
    }
    let mut types = Vec::new();
    if let Some(list) = a.group_type.as_deref().filter(|s| !s.is_empty()) {
        for t in list.split(',') {
            match canonical_type(t).filter(|t| *t == "Classic" || *t == "Consumer") {
                Some(c) => types.push(c.to_string()),
                None => {
                    return Err(Failure::Usage(format!(
                        "Invalid types list '{list}'. Valid types are: Classic, Consumer"
                    )));
                }
            }
        }
    }
    Ok((states, types))
}

async fn list(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    let (states, types) = filters(a)?;
    let groups = admin.list_consumer_groups(&states, &types).await?;
    if a.output == OutputFormat::Json {
        let rows: Vec<_> = groups
            .iter()
            .map(|g| {
                json!({
                    "group": g.group_id,
                    "protocol_type": g.protocol_type,
                    "state": g.state,
                    "type": g.group_type,
                })
            })
            .collect();
        output::write_json(out, &json!({ "groups": rows }))?;
        return Ok(true);
    }
    if a.output == OutputFormat::Table {
        let mut t = Table::new(&["GROUP", "TYPE", "STATE"]);
        for g in &groups {
            t.row([
                g.group_id.as_str(),
                g.group_type.as_deref().unwrap_or("Classic"),
                g.state.as_deref().unwrap_or("Unknown"),
            ]);
        }
        t.write(out)?;
        return Ok(true);
    }
    let with_state = a.state.is_some();
    let with_type = a.group_type.is_some();
    if !with_state && !with_type {
        for g in &groups {
            writeln!(out, "{}", g.group_id)?;
        }
        return Ok(true);
    }
    let width = groups
        .iter()
        .map(|g| g.group_id.len().max(15))
        .max()
        .unwrap_or(15)
        + 10;
    let mut row = |id: &str, ty: &str, st: &str| -> std::io::Result<()> {
        let mut line = format!("{id:<width$}");
        if with_type {
            line.push_str(&format!(" {ty:<20}"));
        }
        if with_state {
            line.push_str(&format!(" {st:<20}"));
        }
        writeln!(out, "{line}")
    };
    row("GROUP", "TYPE", "STATE")?;
    for g in &groups {
        // Before ListGroups v5 every group is a classic one.
        let ty = g.group_type.as_deref().unwrap_or("Classic");
        let st = g.state.as_deref().unwrap_or("Unknown");
        row(&g.group_id, ty, st)?;
    }
    Ok(true)
}
/// Java's exception class for an error code, as Kafka's tools print failures.
pub fn exception_name(code: i16) -> &'static str {
    match code {
        7 => "org.apache.kafka.common.errors.TimeoutException",
        3 => "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
        14 => "org.apache.kafka.common.errors.CoordinatorLoadInProgressException",
        15 => "org.apache.kafka.common.errors.CoordinatorNotAvailableException",
        16 => "org.apache.kafka.common.errors.NotCoordinatorException",
        24 => "org.apache.kafka.common.errors.InvalidGroupIdException",
        25 => "org.apache.kafka.common.errors.UnknownMemberIdException",
        30 => "org.apache.kafka.common.errors.GroupAuthorizationException",
        68 => "org.apache.kafka.common.errors.GroupNotEmptyException",
        69 => "org.apache.kafka.common.errors.GroupIdNotFoundException",
        86 => "org.apache.kafka.common.errors.GroupSubscribedToTopicException",
        _ => "org.apache.kafka.common.KafkaException",
    }
}
/// `topic:0,1,2` into its partitions, with Kafka's messages.
pub fn parse_topic_partitions(arg: &str) -> Result<Vec<TopicPartition>, Failure> {
    let parts: Vec<&str> = arg.split(':').collect();
    let (Some(topic), Some(list), 2) = (parts.first(), parts.get(1), parts.len()) else {
        return Err(Failure::Usage(format!(
            "Invalid topic arg '{arg}', expected topic name and partitions"
        )));
    };
    if list.is_empty() {
        return Err(Failure::Usage(format!(
            "Invalid topic arg '{arg}', expected topic name and partitions"
        )));
    }
    list.split(',')
        .map(|p| {
            p.trim()
                .parse::<i32>()
                .map(|n| (topic.to_string(), n))
                .map_err(|_| {
                    Failure::Usage(format!(
                        "Invalid partition '{p}' specified in topic arg '{arg}'"
                    ))
                })
        })
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: ConsumerGroupsArgs,
    }

    fn check(argv: &[&str]) -> Result<(), String> {
        let mut full = vec!["kafka-consumer-groups"];
        full.extend_from_slice(argv);
        let w = Wrap::try_parse_from(full).map_err(|e| e.to_string())?;
        check_args(&w.args)
    }

    #[test]
    fn option_errors_use_kafkas_messages() {
        let b = ["--bootstrap-server", "h:1"];
        let with = |extra: &[&str]| {
            let mut v = b.to_vec();
            v.extend_from_slice(extra);
            check(&v).err().unwrap_or_default()
        };
        assert_eq!(
            check(&["--list"]).err().unwrap_or_default(),
            "Missing required argument \"[bootstrap-server]\""
        );
        assert_eq!(
            with(&[]),
            "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets"
        );
        assert_eq!(
            with(&["--describe"]),
            "Option [describe] takes one of these options: [group], [all-groups]"
        );
        assert_eq!(
            with(&["--describe", "--group", "g", "--members", "--state"]),
            "Option [describe] takes at most one of these options: [members], [offsets], [state]"
        );
        assert_eq!(
            with(&["--describe", "--group", "g", "--state", "stable"]),
            "Option [describe] does not take a value for [state]"
        );
        assert_eq!(
            with(&["--list", "--members"]),
            "Option(s) [members] are unavailable given other options on the command line"
        );
        assert_eq!(
            with(&["--list", "--group", "g"]),
            "Option \"[group]\" can't be used with option \"[list]\""
        );
        assert_eq!(
            with(&["--delete", "--group", "g", "--topic", "t"]),
            "The consumer does not support topic-specific offset deletion from a consumer group."
        );
        assert_eq!(
            with(&["--delete-offsets", "--group", "g"]),
            "Option [delete-offsets] takes the following options: [group], [topic]"
        );
        assert_eq!(
            with(&[
                "--reset-offsets",
                "--group",
                "g",
                "--to-earliest",
                "--to-offset",
                "3",
                "--topic",
                "t",
                "--dry-run"
            ]),
            "Option \"[to-offset]\" can't be used with option \"[to-earliest]\""
        );
        assert_eq!(
            with(&[
                "--reset-offsets",
                "--group",
                "g",
                "--to-earliest",
                "--dry-run",
                "--execute"
            ]),
            "Option [reset-offsets] only accepts one of [execute] and [dry-run]"
        );
        assert_eq!(
            with(&[
                "--reset-offsets",
                "--group",
                "g",
                "--to-earliest",
                "--dry-run"
            ]),
            "One of the reset scopes should be defined: --all-topics, --topic."
        );
        assert!(
            with(&[
                "--reset-offsets",
                "--group",
                "g",
                "--topic",
                "t",
                "--dry-run"
            ])
            .starts_with("Option '[reset-offsets]' requires one of the following scenarios:")
        );
        assert!(with(&["--list", "--state"]).is_empty());
        assert!(with(&["--list", "--state", "stable,empty", "--type"]).is_empty());
        assert!(
            with(&[
                "--reset-offsets",
                "--all-groups",
                "--all-topics",
                "--shift-by",
                "-2",
                "--execute"
            ])
            .is_empty()
        );
    }

    #[test]
    fn topic_partition_args() {
        assert_eq!(
            parse_topic_partitions("t:0,2").ok(),
            Some(vec![("t".into(), 0), ("t".into(), 2)])
        );
        let msg = |s: &str| match parse_topic_partitions(s) {
            Err(Failure::Usage(m)) => m,
            _ => String::new(),
        };
        assert_eq!(
            msg("t:"),
            "Invalid topic arg 't:', expected topic name and partitions"
        );
        assert_eq!(
            msg("t:x"),
            "Invalid partition 'x' specified in topic arg 't:x'"
        );
    }
}
