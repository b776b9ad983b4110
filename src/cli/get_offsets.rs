//! `strom get-offsets` (kafka-get-offsets): the offsets of topic partitions at a time.
//!
//! Options, output and messages are Kafka's `GetOffsetShell`: one `topic:partition:offset` line
//! per partition, sorted by the string `topic-partition` (so `t-10` comes before `t-2`, as in
//! Kafka); partitions without an offset for the time (an empty partition asked for
//! `max-timestamp`, a timestamp after the last record) are left out. Failures print
//! `Error occurred: <message>` on stderr with status 1, without Kafka's stack trace; a
//! partition whose offset could not be read is reported on stderr as
//! `Skip getting offsets for topic-partition t-0 due to error: <message>` and skipped.
//! `--time earliest-local` and `latest-tiered` ask for Kafka's -4 and -5 (ListOffsets v8/v9).
//!
//! `--output table` prints a TOPIC / PARTITION / OFFSET table in the same order.
//!
//! `--output json` prints one document instead:
//! `{"offsets": [{"topic", "partition", "offset"}], "skipped": [{"topic", "partition",
//! "error"}]}` in the same order as the text, and `{"error": "<message>"}` on stdout when the
//! command fails (status 1).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use regex::Regex;
use serde_json::json;
use strom_client::list_offsets::list_offsets;
use strom_client::{Admin, ClusterMetadata, IsolationLevel, ListOffsetsSpec, TopicPartition};

use super::common;
use super::output::{self, OutputFormat};
use super::table::Table;

/// An interactive shell for getting topic-partition offsets.
#[derive(Debug, Args)]
pub struct GetOffsetsArgs {
    /// REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.
    #[arg(
        long,
        value_name = "HOST1:PORT1,...,HOST3:PORT3",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.
    #[arg(long, value_name = "HOST1:PORT1,...,HOST3:PORT3", hide = true)]
    pub broker_list: Option<String>,
    /// Comma separated list of topic-partition patterns to get the offsets for, with the format
    /// of 'TOPIC_REGEX:PARTITIONS'. The first group is an optional regex for the topic name, if
    /// omitted, it matches any topic name. The section after ':' describes a 'partition'
    /// pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower
    /// inclusive, upper exclusive), an inclusive lower bound in the format of 'NUMBER-', an
    /// exclusive upper bound in the format of '-NUMBER' or may be omitted to accept all
    /// partitions.
    #[arg(
        long,
        value_name = "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3",
        allow_hyphen_values = true
    )]
    pub topic_partitions: Option<String>,
    /// The topic to get the offsets for. It also accepts a regular expression. If not present,
    /// all authorized topics are queried. Cannot be used if --topic-partitions is present.
    #[arg(long, value_name = "topic")]
    pub topic: Option<String>,
    /// Comma separated list of partition ids to get the offsets for. If not present, all
    /// partitions of the authorized topics are queried. Cannot be used if --topic-partitions is
    /// present.
    #[arg(long, value_name = "partition ids")]
    pub partitions: Option<String>,
    /// Timestamp of the offsets before that. [Note: No offset is returned, if the timestamp
    /// greater than recently committed record timestamp is given.]
    #[arg(
        long,
        value_name = "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered",
        default_value = "latest",
        allow_hyphen_values = true
    )]
    pub time: String,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "config file")]
    pub command_config: Option<PathBuf>,
    /// By default, internal topics are included. If specified, internal topics are excluded.
    #[arg(long)]
    pub exclude_internal_topics: bool,
    /// Output format: text (Kafka's), table, or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-get-offsets";

/// A failure reported as `Error occurred: <message>`.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub async fn run(args: GetOffsetsArgs) -> anyhow::Result<ExitCode> {
    let bootstrap = match (&args.bootstrap_server, &args.broker_list) {
        (Some(b), _) => b.clone(),
        (None, Some(b)) => {
            common::warn_deprecated("--broker-list", "--bootstrap-server");
            b.clone()
        }
        (None, None) => {
            return Ok(common::usage_error(
                PROGRAM,
                "Missing required argument \"[bootstrap-server]\"",
            ));
        }
    };
    if let Err(msg) = common::validate_bootstrap(&bootstrap) {
        return Ok(common::usage_error(PROGRAM, msg));
    }
    let mut out = output::stdout();
    match execute(&args, &bootstrap, &mut out).await {
        Ok(()) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure(msg)) => {
            match args.output {
                OutputFormat::Text | OutputFormat::Table => eprintln!("Error occurred: {msg}"),
                OutputFormat::Json => output::write_json(&mut out, &json!({ "error": msg }))?,
            }
            out.flush()?;
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn execute(
    args: &GetOffsetsArgs,
    bootstrap: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    if args.topic_partitions.is_some() && (args.topic.is_some() || args.partitions.is_some()) {
        return Err(Failure(
            "--topic-partitions cannot be used with --topic or --partitions".into(),
        ));
    }
    let spec = parse_time(&args.time).map_err(Failure)?;
    let filter = match &args.topic_partitions {
        Some(list) => Filter::from_patterns(list),
        None => {
            Filter::from_topic_and_partitions(args.topic.as_deref(), args.partitions.as_deref())
        }
    }
    .map_err(Failure)?;
    let props = common::load_properties(args.command_config.as_deref(), &[])?;
    let client = common::connect(bootstrap, &props).await?;
    let admin = Admin::new(client);
    let meta = admin.list_topics().await?;
    let partitions = filter.select(&meta, args.exclude_internal_topics);
    if partitions.is_empty() {
        return Err(Failure(
            "Could not match any topic-partitions with the specified filters".into(),
        ));
    }
    let wanted: Vec<(TopicPartition, ListOffsetsSpec)> =
        partitions.iter().map(|tp| (tp.clone(), spec)).collect();
    let timeout = admin.client().config().request_timeout;
    let results = list_offsets(
        admin.client(),
        &wanted,
        IsolationLevel::ReadUncommitted,
        timeout,
    )
    .await?;
    let mut found: Vec<(String, &TopicPartition, i64)> = Vec::new();
    let mut skipped: Vec<(String, &TopicPartition, String)> = Vec::new();
    for tp in &partitions {
        let key = format!("{}-{}", tp.0, tp.1);
        match results.get(tp) {
            Some(Ok(o)) if o.offset >= 0 => found.push((key, tp, o.offset)),
            Some(Ok(_)) => {}
            Some(Err(e)) => skipped.push((key, tp, e.to_string())),
            None => skipped.push((key, tp, "the broker sent no offset".into())),
        }
    }
    // Kafka sorts by TopicPartition.toString(): `t-10` before `t-2`.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    skipped.sort_by(|a, b| a.0.cmp(&b.0));
    match args.output {
        OutputFormat::Text => {
            for (key, _, e) in &skipped {
                eprintln!("Skip getting offsets for topic-partition {key} due to error: {e}");
            }
            for (_, (t, p), offset) in &found {
                writeln!(out, "{t}:{p}:{offset}")?;
            }
        }
        OutputFormat::Table => {
            for (key, _, e) in &skipped {
                eprintln!("Skip getting offsets for topic-partition {key} due to error: {e}");
            }
            let mut table = Table::new(&["TOPIC", "PARTITION", "OFFSET"]);
            for (_, (t, p), offset) in &found {
                table.row([t.clone(), p.to_string(), offset.to_string()]);
            }
            table.write(out)?;
        }
        OutputFormat::Json => {
            let offsets: Vec<_> = found
                .iter()
                .map(|(_, (t, p), o)| json!({"topic": t, "partition": p, "offset": o}))
                .collect();
            let skipped: Vec<_> = skipped
                .iter()
                .map(|(_, (t, p), e)| json!({"topic": t, "partition": p, "error": e}))
                .collect();
            output::write_json(out, &json!({"offsets": offsets, "skipped": skipped}))?;
        }
    }
    Ok(())
}

/// `--time`: a name, one of Kafka's special negative timestamps, or epoch milliseconds.
fn parse_time(s: &str) -> Result<ListOffsetsSpec, String> {
    let t = match s {
        "latest" => -1,
        "earliest" => -2,
        "max-timestamp" => -3,
        "earliest-local" => -4,
        "latest-tiered" => -5,
        other => other.parse::<i64>().map_err(|_| {
            format!(
                "Malformed time argument {s}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / \
                 -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"
            )
        })?,
    };
    Ok(match t {
        -1 => ListOffsetsSpec::Latest,
        -2 => ListOffsetsSpec::Earliest,
        -3 => ListOffsetsSpec::MaxTimestamp,
        // EARLIEST_LOCAL (-4) and LATEST_TIERED (-5) go on the wire as the timestamp itself.
        t => ListOffsetsSpec::Timestamp(t),
    })
}

/// Which partitions of a topic a rule accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Partitions {
    /// `--partitions 0,2` (empty: all).
    Set(BTreeSet<i32>),
    /// `topic:3`.
    One(i32),
    /// `topic:1-4`, `topic:1-`, `topic:-4`, `topic`: lower inclusive, upper exclusive.
    Range(i32, i32),
}

impl Partitions {
    fn accepts(&self, p: i32) -> bool {
        match self {
            Partitions::Set(s) => s.is_empty() || s.contains(&p),
            Partitions::One(x) => *x == p,
            Partitions::Range(lo, hi) => *lo <= p && p < *hi,
        }
    }
}

/// A topic regex and the partitions it selects.
#[derive(Debug)]
struct Rule {
    topic: Regex,
    partitions: Partitions,
}

/// Kafka's TopicPartitionFilter: a partition is selected when any rule accepts it.
#[derive(Debug)]
struct Filter {
    rules: Vec<Rule>,
}

/// Kafka's `IncludeList` regex: commas mean "or", spaces and surrounding quotes are dropped,
/// and the pattern must match the whole topic name.
fn include_list(raw: &str) -> Result<Regex, String> {
    let cleaned = raw.trim().replace(',', "|").replace(' ', "");
    let cleaned = cleaned.trim_start_matches(['"', '\'']);
    let cleaned = cleaned.trim_end_matches(['"', '\'']);
    Regex::new(&format!("^(?:{cleaned})$")).map_err(|_| format!("{cleaned} is an invalid regex."))
}

/// Java's `String.split(",")`: trailing empty strings are dropped.
fn java_split(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    if parts == [""] && !s.is_empty() {
        parts.clear();
    }
    parts
}

impl Filter {
    fn from_topic_and_partitions(
        topic: Option<&str>,
        partitions: Option<&str>,
    ) -> Result<Filter, String> {
        let topic = include_list(topic.unwrap_or(".*"))?;
        let mut set = BTreeSet::new();
        if let Some(list) = partitions.filter(|l| !l.is_empty()) {
            for id in java_split(list) {
                let p = id.parse::<i32>().map_err(|_| {
                    format!(
                        "--partitions expects a comma separated list of numeric partition ids, but received: {list}"
                    )
                })?;
                set.insert(p);
            }
        }
        Ok(Filter {
            rules: vec![Rule {
                topic,
                partitions: Partitions::Set(set),
            }],
        })
    }

    /// `--topic-partitions topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3`.
    fn from_patterns(list: &str) -> Result<Filter, String> {
        let pattern = Regex::new(r"^([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?$")
            .map_err(|e| e.to_string())?;
        let mut rules = Vec::new();
        for spec in java_split(list) {
            let invalid = || format!("Invalid rule specification: {spec}");
            let caps = pattern.captures(spec).ok_or_else(invalid)?;
            let group = |i: usize| caps.get(i).map(|m| m.as_str()).filter(|s| !s.is_empty());
            let number = |s: &str| s.parse::<i32>().map_err(|_| invalid());
            let topic = include_list(group(1).unwrap_or(".*"))?;
            let partitions = match group(2) {
                Some(p) => Partitions::One(number(p)?),
                None => Partitions::Range(
                    group(3).map(number).transpose()?.unwrap_or(0),
                    group(4).map(number).transpose()?.unwrap_or(i32::MAX),
                ),
            };
            rules.push(Rule { topic, partitions });
        }
        Ok(Filter { rules })
    }

    /// The selected partitions of the cluster's topics, by topic then partition.
    fn select(&self, meta: &ClusterMetadata, exclude_internal: bool) -> Vec<TopicPartition> {
        let mut out = Vec::new();
        for t in meta.topics.values() {
            if t.error.is_some() || (exclude_internal && t.is_internal) {
                continue;
            }
            let rules: Vec<&Rule> = self
                .rules
                .iter()
                .filter(|r| r.topic.is_match(&t.name))
                .collect();
            if rules.is_empty() {
                continue;
            }
            let mut ids: Vec<i32> = t.partitions.iter().map(|p| p.partition).collect();
            ids.sort_unstable();
            for p in ids {
                if rules.iter().any(|r| r.partitions.accepts(p)) {
                    out.push((t.name.clone(), p));
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn accepts(f: &Filter, topic: &str, p: i32) -> bool {
        f.rules
            .iter()
            .any(|r| r.topic.is_match(topic) && r.partitions.accepts(p))
    }

    #[test]
    fn time_forms() {
        assert_eq!(parse_time("latest"), Ok(ListOffsetsSpec::Latest));
        assert_eq!(parse_time("-1"), Ok(ListOffsetsSpec::Latest));
        assert_eq!(parse_time("earliest"), Ok(ListOffsetsSpec::Earliest));
        assert_eq!(parse_time("-2"), Ok(ListOffsetsSpec::Earliest));
        assert_eq!(
            parse_time("max-timestamp"),
            Ok(ListOffsetsSpec::MaxTimestamp)
        );
        assert_eq!(parse_time("-4"), Ok(ListOffsetsSpec::Timestamp(-4)));
        assert_eq!(
            parse_time("latest-tiered"),
            Ok(ListOffsetsSpec::Timestamp(-5))
        );
        assert_eq!(
            parse_time("1700000000000"),
            Ok(ListOffsetsSpec::Timestamp(1_700_000_000_000))
        );
        assert!(
            parse_time("yesterday")
                .unwrap_err()
                .starts_with("Malformed time argument yesterday. ")
        );
    }

    #[test]
    fn topic_partition_patterns() {
        let f = Filter::from_patterns("t1:1,t2:0-3,t3,t4:5-,t5:-3").unwrap();
        assert!(accepts(&f, "t1", 1) && !accepts(&f, "t1", 0));
        assert!(accepts(&f, "t2", 0) && accepts(&f, "t2", 2) && !accepts(&f, "t2", 3));
        assert!(accepts(&f, "t3", 0) && accepts(&f, "t3", 99));
        assert!(!accepts(&f, "t4", 4) && accepts(&f, "t4", 5) && accepts(&f, "t4", 500));
        assert!(accepts(&f, "t5", 2) && !accepts(&f, "t5", 3));
        assert!(!accepts(&f, "t", 0) && !accepts(&f, "t10", 1));
        let f = Filter::from_patterns(":2").unwrap();
        assert!(accepts(&f, "anything", 2) && !accepts(&f, "anything", 1));
        let f = Filter::from_patterns("t.*:1").unwrap();
        assert!(accepts(&f, "tx", 1));
        assert_eq!(
            Filter::from_patterns("t:x").unwrap_err(),
            "Invalid rule specification: t:x"
        );
        assert_eq!(
            Filter::from_patterns("t:1:2").unwrap_err(),
            "Invalid rule specification: t:1:2"
        );
    }

    #[test]
    fn topic_and_partition_lists() {
        let f = Filter::from_topic_and_partitions(Some("a,b"), Some("0,2")).unwrap();
        assert!(accepts(&f, "a", 0) && accepts(&f, "b", 2) && !accepts(&f, "a", 1));
        assert!(!accepts(&f, "ab", 0));
        let f = Filter::from_topic_and_partitions(None, None).unwrap();
        assert!(accepts(&f, "x", 7));
        assert_eq!(
            Filter::from_topic_and_partitions(None, Some("1,x")).unwrap_err(),
            "--partitions expects a comma separated list of numeric partition ids, but received: 1,x"
        );
    }
}
