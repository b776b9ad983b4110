//! `strom log-dirs` (kafka-log-dirs): the log directories of brokers and the size of every
//! partition in them, through the DescribeLogDirs API (key 35), so it also works against
//! Kafka clusters.
//!
//! Options, messages and text output are Kafka's `LogDirsCommand`:
//!
//! ```text
//! Querying brokers for log directories information
//! Received log directory information from brokers 1
//! {"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"t-0","size":123,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/tmp/strom-logs"}]}],"version":1}
//! ```
//!
//! The JSON line is compact, with Kafka's field order, and lists brokers, directories and
//! partitions in the order Kafka's tool does (the iteration order of Java's `HashMap`s, which
//! is deterministic). `error` is null or the Java exception class of the directory's error
//! (`org.apache.kafka.common.errors.KafkaStorageException` for an offline directory).
//! `--topic-list` filters the partitions shown; `--broker-list` picks the brokers, and ids the
//! cluster does not know are refused with Kafka's message (exit 1).
//!
//! `--output table` prints one row per partition (BROKER, LOG DIR, PARTITION, SIZE, OFFSET
//! LAG, IS FUTURE, ERROR; a directory without partitions gets one row with `-` cells), and
//! `--output json` one document: `{"brokers": [{"broker", "log_dirs": [{"log_dir", "error"
//! (null or the message), "total_bytes", "usable_bytes" (null when the broker does not report
//! them), "partitions": [{"topic", "partition", "size", "offset_lag", "is_future"}]}]}]}`, and
//! `{"error": "<message>"}` on stdout when the command fails (status 1).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use strom_client::{Admin, KafkaError, LogDirDescription, ReplicaInfo, TopicPartition};

use super::common;
use super::output::{self, OutputFormat};
use super::table::{self, Table};

/// This tool helps to query log directory usage on the specified brokers.
#[derive(Debug, Args)]
pub struct LogDirsArgs {
    /// REQUIRED: the server(s) to use for bootstrapping
    #[arg(
        long,
        value_name = "The server(s) to use for bootstrapping",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "Admin client property file")]
    pub command_config: Option<PathBuf>,
    /// Describe the specified log directories on the specified brokers.
    #[arg(long)]
    pub describe: bool,
    /// The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be
    /// queried if no topic list is specified
    #[arg(
        long,
        value_name = "Topic list",
        default_value = "",
        hide_default_value = true
    )]
    pub topic_list: String,
    /// The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will
    /// be queried if no broker list is specified
    #[arg(
        long,
        value_name = "Broker list",
        default_value = "",
        hide_default_value = true
    )]
    pub broker_list: String,
    /// Output format: text (Kafka's), table, or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-log-dirs";

pub async fn run(args: LogDirsArgs) -> anyhow::Result<ExitCode> {
    let Some(bootstrap) = args.bootstrap_server.as_deref() else {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[bootstrap-server]\"",
        ));
    };
    if !args.describe {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[describe]\"",
        ));
    }
    let mut out = output::stdout();
    match execute(&args, bootstrap, &mut out).await {
        Ok(()) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(msg) => Ok(output::report_failure(&mut out, args.output, &msg)?),
    }
}

/// Kafka's `splitAtCommasAndFilterOutEmpty`.
fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').filter(|s| !s.is_empty())
}

/// The `--broker-list` ids (Kafka's `Integer.valueOf` message for a bad one).
fn parse_brokers(list: &str) -> Result<BTreeSet<i32>, String> {
    split(list)
        .map(|s| {
            s.parse::<i32>()
                .map_err(|_| format!("For input string: \"{s}\""))
        })
        .collect()
}

async fn execute(args: &LogDirsArgs, bootstrap: &str, out: &mut impl Write) -> Result<(), String> {
    let topics: BTreeSet<String> = split(&args.topic_list).map(str::to_string).collect();
    let input = parse_brokers(&args.broker_list)?;
    let props =
        common::load_properties(args.command_config.as_deref(), &[]).map_err(|e| e.to_string())?;
    let client = common::connect(bootstrap, &props)
        .await
        .map_err(|e| format!("{e:#}"))?;
    let admin = Admin::new(client);
    let cluster: BTreeSet<i32> = admin
        .describe_cluster()
        .await
        .map_err(|e| e.to_string())?
        .brokers
        .iter()
        .map(|b| b.0)
        .collect();
    let missing: Vec<i32> = input.difference(&cluster).copied().collect();
    if !missing.is_empty() {
        return Err(format!(
            "ERROR: The given brokers do not exist from --broker-list: {}. Current existent brokers: {}",
            id_list(missing),
            id_list(cluster)
        ));
    }
    let brokers: Vec<i32> = if input.is_empty() {
        cluster.into_iter().collect()
    } else {
        input.into_iter().collect()
    };
    let io = |e: std::io::Error| e.to_string();
    let text = args.output == OutputFormat::Text;
    if text {
        writeln!(out, "Querying brokers for log directories information").map_err(io)?;
        out.flush().map_err(io)?;
    }
    // Kafka's tool asks for every topic and filters the answer; asking for the listed topics
    // only gives the same output with less work on the brokers.
    let wanted = (!topics.is_empty()).then(|| topics.iter().cloned().collect());
    let described = admin
        .describe_log_dirs_on(&brokers, wanted)
        .await
        .map_err(|e| e.to_string())?;
    let shown = |tp: &TopicPartition| topics.is_empty() || topics.contains(&tp.0);
    let by_broker: Vec<(i32, &Vec<LogDirDescription>)> = java_order(
        described.iter().map(|(b, d)| (*b, d)).collect(),
        |(b, _)| *b,
    );
    match args.output {
        OutputFormat::Text => {
            writeln!(
                out,
                "Received log directory information from brokers {}",
                id_list(brokers)
            )
            .map_err(io)?;
            writeln!(out, "{}", kafka_json(&by_broker, &shown)).map_err(io)?;
        }
        OutputFormat::Table => {
            let mut t = Table::new(&[
                "BROKER",
                "LOG DIR",
                "PARTITION",
                "SIZE",
                "OFFSET LAG",
                "IS FUTURE",
                "ERROR",
            ]);
            for (broker, dirs) in &by_broker {
                for d in dirs.iter() {
                    let error = table::cell(d.error.as_ref());
                    let mut any = false;
                    for (tp, r) in d.replicas.iter().filter(|(tp, _)| shown(tp)) {
                        any = true;
                        t.row([
                            broker.to_string(),
                            d.path.clone(),
                            format!("{}-{}", tp.0, tp.1),
                            r.size.to_string(),
                            r.offset_lag.to_string(),
                            r.is_future.to_string(),
                            error.clone(),
                        ]);
                    }
                    if !any {
                        let dash = table::MISSING.to_string();
                        t.row([
                            broker.to_string(),
                            d.path.clone(),
                            dash.clone(),
                            dash.clone(),
                            dash.clone(),
                            dash,
                            error,
                        ]);
                    }
                }
            }
            t.write(out).map_err(io)?;
        }
        OutputFormat::Json => {
            let brokers: Vec<Value> = by_broker
                .iter()
                .map(|(broker, dirs)| {
                    let dirs: Vec<Value> = dirs
                        .iter()
                        .map(|d| {
                            let partitions: Vec<Value> = d
                                .replicas
                                .iter()
                                .filter(|(tp, _)| shown(tp))
                                .map(|((t, p), r)| {
                                    json!({
                                        "topic": t,
                                        "partition": p,
                                        "size": r.size,
                                        "offset_lag": r.offset_lag,
                                        "is_future": r.is_future,
                                    })
                                })
                                .collect();
                            json!({
                                "log_dir": d.path,
                                "error": d.error.as_ref().map(ToString::to_string),
                                "total_bytes": d.total_bytes,
                                "usable_bytes": d.usable_bytes,
                                "partitions": partitions,
                            })
                        })
                        .collect();
                    json!({ "broker": broker, "log_dirs": dirs })
                })
                .collect();
            output::write_json(out, &json!({ "brokers": brokers })).map_err(io)?;
        }
    }
    Ok(())
}

/// Kafka's `commaDelimitedStringFromIntegerSet`, in a Java `HashSet`'s order.
fn id_list(ids: impl IntoIterator<Item = i32>) -> String {
    java_order(ids.into_iter().collect(), |i| *i)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The iteration order of a Java `HashMap` (or `HashSet`) filled with `items` in this order:
/// by bucket (the spread hash masked by the table size: 16, doubled whenever more than three
/// quarters full), and within a bucket in insertion order.
fn java_order<T>(items: Vec<T>, hash: impl Fn(&T) -> i32) -> Vec<T> {
    let mut capacity: u32 = 16;
    while items.len() > (capacity as usize) / 4 * 3 {
        capacity = capacity.saturating_mul(2);
    }
    let mut keyed: Vec<(u32, T)> = items
        .into_iter()
        .map(|t| {
            let h = hash(&t) as u32;
            ((h ^ (h >> 16)) & (capacity - 1), t)
        })
        .collect();
    keyed.sort_by_key(|(bucket, _)| *bucket);
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// Java's `String.hashCode`.
fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// Java's `TopicPartition.hashCode`.
fn topic_partition_hash(tp: &TopicPartition) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(tp.1))
        .wrapping_add(java_string_hash(&tp.0))
}

/// The class name Kafka's tool prints for a directory's error.
fn exception_class(e: &KafkaError) -> String {
    let name = e.name();
    let camel: String = name
        .split('_')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect();
    let stem = camel.strip_suffix("Error").unwrap_or(&camel);
    format!("org.apache.kafka.common.errors.{stem}Exception")
}

/// Kafka's JSON line (`formatAsJson`): compact, Jackson's layout of Java `HashMap`s.
fn kafka_json(
    by_broker: &[(i32, &Vec<LogDirDescription>)],
    shown: &dyn Fn(&TopicPartition) -> bool,
) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let brokers: Vec<String> = by_broker
        .iter()
        .map(|(broker, dirs)| {
            let dirs: Vec<&LogDirDescription> =
                java_order(dirs.iter().collect(), |d| java_string_hash(&d.path));
            let dirs: Vec<String> = dirs
                .iter()
                .map(|d| {
                    // Admin's map holds every replica; the tool's copy only the shown ones.
                    let all: Vec<(&TopicPartition, &ReplicaInfo)> =
                        java_order(d.replicas.iter().collect(), |(tp, _)| {
                            topic_partition_hash(tp)
                        });
                    let kept: Vec<(&TopicPartition, &ReplicaInfo)> =
                        all.into_iter().filter(|(tp, _)| shown(tp)).collect();
                    let parts: Vec<String> = java_order(kept, |(tp, _)| topic_partition_hash(tp))
                        .iter()
                        .map(|(tp, r)| {
                            format!(
                                "{{\"partition\":{},\"size\":{},\"offsetLag\":{},\"isFuture\":{}}}",
                                q(&format!("{}-{}", tp.0, tp.1)),
                                r.size,
                                r.offset_lag,
                                r.is_future
                            )
                        })
                        .collect();
                    let error = d
                        .error
                        .as_ref()
                        .map_or_else(|| "null".to_string(), |e| q(&exception_class(e)));
                    format!(
                        "{{\"partitions\":[{}],\"error\":{error},\"logDir\":{}}}",
                        parts.join(","),
                        q(&d.path)
                    )
                })
                .collect();
            format!("{{\"broker\":{broker},\"logDirs\":[{}]}}", dirs.join(","))
        })
        .collect();
    format!("{{\"brokers\":[{}],\"version\":1}}", brokers.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_hashes_match_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("hello"), 99162322);
        // new TopicPartition("t", 0).hashCode() == 31 * 31 + "t".hashCode()
        assert_eq!(topic_partition_hash(&("t".to_string(), 0)), 961 + 116);
    }

    #[test]
    fn small_ids_come_in_ascending_order() {
        assert_eq!(id_list([3, 1, 2]), "1,2,3");
        // 17 shares bucket 1 with 1 in a 16-slot table; insertion order within it.
        assert_eq!(id_list([17, 1, 2]), "17,1,2");
    }

    #[test]
    fn exception_classes_are_kafkas() {
        let e = KafkaError {
            code: 56,
            message: None,
        };
        assert_eq!(
            exception_class(&e),
            "org.apache.kafka.common.errors.KafkaStorageException"
        );
    }

    #[test]
    fn broker_list_parses_like_kafka() {
        assert_eq!(parse_brokers("").unwrap(), BTreeSet::new());
        assert_eq!(parse_brokers("2,,1").unwrap(), BTreeSet::from([1, 2]));
        assert_eq!(parse_brokers("x").unwrap_err(), "For input string: \"x\"");
    }
}
