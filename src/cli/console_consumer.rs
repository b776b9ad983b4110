//! `strom console-consumer` (kafka-console-consumer): print records to standard output.
//!
//! As in Kafka, it consumes as a member of a consumer group: `--group`, or a generated
//! `console-consumer-<0..99999>` group that does not commit (`enable.auto.commit=false` unless
//! set), subscribed to `--topic` or to every topic matching `--include`. With a group it
//! starts at the group's committed offsets, commits as Kafka's consumer does, and on exit
//! commits exactly what it printed (Kafka commits whole poll batches, so records fetched but
//! not printed before `--max-messages` were lost to the group). `--partition` assigns that one
//! partition directly, without a group. Against a broker without group APIs, a generated group
//! falls back to assigning every partition directly.
//!
//! Output goes through a buffered, locked stdout; a closed pipe ends the tool with status 0.
//! `--output json` prints JSON Lines instead of the formatter's text: one object per record
//! (fields in `record_json`).
//! At exit it prints `Processed a total of N messages` on stderr, also after `--timeout-ms` or
//! Ctrl-C.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use kafka_protocol::messages::ApiKey;
use regex::Regex;
use strom_client::{
    Client, Consumer, ConsumerConfig, ConsumerRecord, GroupConfig, GroupConsumer, OffsetSpec,
    Properties, TopicSubscription,
};

use super::common;
use super::message_formatter::MessageFormatter;
use super::output;
use super::record_json;

/// Consume records and print them to standard output.
#[derive(Debug, Args)]
pub struct ConsoleConsumerArgs {
    /// REQUIRED: The server(s) to connect to.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// The topic to consume on.
    #[arg(long, value_name = "String: topic")]
    pub topic: Option<String>,
    /// Regular expression specifying list of topics to include for consumption.
    #[arg(long, value_name = "String: Java regex (String)")]
    pub include: Option<String>,
    /// DEPRECATED, use --include instead.
    #[arg(long, hide = true)]
    pub whitelist: Option<String>,
    /// If the consumer does not already have an established offset to consume from, start with
    /// the earliest message present in the log rather than the latest message.
    #[arg(long)]
    pub from_beginning: bool,
    /// The partition to consume from. Consumption starts from the end of the partition unless
    /// '--offset' is specified.
    #[arg(long, value_name = "Integer: partition")]
    pub partition: Option<i32>,
    /// The offset to consume from (a non-negative number), or 'earliest' which means from
    /// beginning, or 'latest' which means from end (default: latest).
    #[arg(
        long,
        value_name = "String: consume offset",
        allow_hyphen_values = true
    )]
    pub offset: Option<String>,
    /// The maximum number of messages to consume before exiting. If not set, consumption is
    /// continual.
    #[arg(long, value_name = "Integer: num_messages")]
    pub max_messages: Option<u64>,
    /// If specified, exit if no message is available for consumption for the specified interval.
    #[arg(long, value_name = "Integer: timeout_ms")]
    pub timeout_ms: Option<u64>,
    /// The consumer group id of the consumer.
    #[arg(long, value_name = "String: consumer group id")]
    pub group: Option<String>,
    /// The properties to initialize the message formatter: print.timestamp, print.key,
    /// print.offset, print.partition, print.headers, print.value, key.separator,
    /// line.separator, headers.separator, null.literal.
    #[arg(long, value_name = "String: prop")]
    pub property: Vec<String>,
    /// The name of a class to use for formatting kafka messages for display (only the
    /// DefaultMessageFormatter behaviour is available).
    #[arg(long, value_name = "String: class")]
    pub formatter: Option<String>,
    /// Config properties file to initialize the message formatter. Note that --property takes
    /// precedence over this config.
    #[arg(long, value_name = "String: config file")]
    pub formatter_config: Option<PathBuf>,
    /// A mechanism to pass user-defined properties in the form key=value to the consumer.
    #[arg(long, value_name = "String: consumer_prop")]
    pub consumer_property: Vec<String>,
    /// Consumer config properties file. Note that --consumer-property takes precedence over
    /// this config.
    #[arg(long = "consumer.config", value_name = "String: config file")]
    pub consumer_config: Option<PathBuf>,
    /// Set to read_committed in order to filter out transactional messages which are not
    /// committed. Set to read_uncommitted to read all messages (default: read_uncommitted).
    #[arg(long, value_name = "String")]
    pub isolation_level: Option<String>,
    /// If there is an error when processing a message, skip it instead of halt.
    #[arg(long)]
    pub skip_message_on_error: bool,
    /// Accepted for compatibility; records are printed as raw bytes.
    #[arg(long, value_name = "String: deserializer for key")]
    pub key_deserializer: Option<String>,
    /// Accepted for compatibility; records are printed as raw bytes.
    #[arg(long, value_name = "String: deserializer for values")]
    pub value_deserializer: Option<String>,
    /// Log lifecycle events of the consumer in addition to logging consumed messages (accepted).
    #[arg(long, hide = true)]
    pub enable_systest_events: bool,
    /// Output format: text (Kafka's formatter and --property settings) or json (JSON Lines,
    /// one object per record).
    #[arg(long, value_enum, default_value_t = output::StreamFormat::Text)]
    pub output: output::StreamFormat,
}

const PROGRAM: &str = "kafka-console-consumer";

/// The start position of `--offset`.
fn parse_offset(s: &str) -> Result<OffsetSpec, String> {
    match s.trim() {
        "earliest" => Ok(OffsetSpec::Earliest),
        "latest" => Ok(OffsetSpec::Latest),
        n => match n.parse::<i64>() {
            Ok(o) if o >= 0 => Ok(OffsetSpec::Offset(o)),
            _ => Err("The provided offset value is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
                .to_string()),
        },
    }
}

/// What to consume, after the option checks of `ConsoleConsumerOptions`.
struct Plan {
    bootstrap: String,
    topic: Option<String>,
    include: Option<Regex>,
    partition: Option<i32>,
    start: OffsetSpec,
    /// `group.id` (always set; see `group_generated`), in the properties too.
    consumer_props: Properties,
    /// The group id was made up, not given: Kafka's console consumer does not commit then.
    group_generated: bool,
    formatter: MessageFormatter,
}

/// Kafka's generated group id, `console-consumer-<0..99999>`.
fn generated_group_id() -> String {
    let n = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % 100_000;
    format!("console-consumer-{n}")
}

/// The group ids given by `--group`, the config file and `--consumer-property` must agree.
fn group_id(
    a: &ConsoleConsumerArgs,
    from_file: &Properties,
    from_flags: &Properties,
) -> Result<Option<String>, String> {
    let mut ids: Vec<&str> = Vec::new();
    for id in [
        a.group.as_deref(),
        from_file.get("group.id"),
        from_flags.get("group.id"),
    ]
    .into_iter()
    .flatten()
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > 1 {
        let list: Vec<String> = ids.iter().map(|g| format!("'{g}'")).collect();
        return Err(format!(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', \
             or via '--consumer.config') do not match. Detected group ids: {}",
            list.join(", ")
        ));
    }
    if !ids.is_empty() && a.partition.is_some() {
        return Err("Options group and partition cannot be specified together.".into());
    }
    Ok(ids.first().map(|g| g.to_string()))
}

fn plan(a: &ConsoleConsumerArgs) -> Result<Plan, String> {
    let include = match (&a.include, &a.whitelist) {
        (Some(i), _) => Some(i.clone()),
        (None, Some(w)) => {
            common::warn_deprecated("--whitelist", "--include");
            Some(w.clone())
        }
        (None, None) => None,
    };
    let Some(bootstrap) = a.bootstrap_server.clone() else {
        return Err("Missing required argument \"[bootstrap-server]\"".into());
    };
    if a.topic.is_some() == include.is_some() {
        return Err("Exactly one of --include/--topic is required. ".into());
    }
    if a.partition.is_some() && a.topic.is_none() {
        return Err("The topic is required when partition is specified.".into());
    }
    if a.offset.is_some() && a.partition.is_none() {
        return Err("The partition is required when offset is specified.".into());
    }
    if a.offset.is_some() && a.from_beginning {
        return Err("Options from-beginning and offset cannot be specified together.".into());
    }
    let from_file =
        common::load_properties(a.consumer_config.as_deref(), &[]).map_err(|e| e.to_string())?;
    let from_flags =
        common::load_properties(None, &a.consumer_property).map_err(|e| e.to_string())?;
    let group = group_id(a, &from_file, &from_flags)?;
    let mut consumer_props = from_file;
    consumer_props.merge(&from_flags);
    let group_generated = group.is_none();
    match group {
        Some(g) => consumer_props.set("group.id", g),
        None => {
            consumer_props.set("group.id", generated_group_id());
            // The generated group is never used again: don't fill the coordinator with it.
            consumer_props.set_default("enable.auto.commit", "false");
        }
    }
    if a.from_beginning && consumer_props.get("auto.offset.reset") == Some("latest") {
        return Err("Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option".into());
    }
    if let Some(f) = a
        .formatter
        .as_ref()
        .filter(|f| !f.ends_with("DefaultMessageFormatter"))
    {
        return Err(format!(
            "formatter {f} is not available; only DefaultMessageFormatter is supported"
        ));
    }
    let include = match include {
        Some(i) => Some(
            Regex::new(&format!("^(?:{i})$"))
                .map_err(|e| format!("invalid --include regex '{i}': {e}"))?,
        ),
        None => None,
    };
    let start = match (&a.offset, a.from_beginning) {
        (Some(o), _) => parse_offset(o)?,
        (None, true) => OffsetSpec::Earliest,
        (None, false) => match consumer_props.get("auto.offset.reset") {
            Some("earliest") => OffsetSpec::Earliest,
            _ => OffsetSpec::Latest,
        },
    };
    let formatter_props = common::load_properties(a.formatter_config.as_deref(), &a.property)
        .map_err(|e| e.to_string())?;
    Ok(Plan {
        bootstrap,
        topic: a.topic.clone(),
        include,
        partition: a.partition,
        start,
        consumer_props,
        group_generated,
        formatter: MessageFormatter::from_properties(&formatter_props),
    })
}

pub async fn run(args: ConsoleConsumerArgs) -> anyhow::Result<ExitCode> {
    let plan = match plan(&args) {
        Ok(p) => p,
        Err(msg) => return Ok(common::usage_error(PROGRAM, &msg)),
    };
    let mut interrupt = common::Interrupt::install()?;
    let mut props = plan.consumer_props.clone();
    props.set_default("client.id", "console-consumer");
    let mut config = ConsumerConfig::default();
    config.apply(&props)?;
    if let Some(l) = &args.isolation_level {
        config.isolation = strom_client::IsolationLevel::parse(l)?;
    }
    // Where to go when a position falls out of range: Kafka's console consumer sets
    // auto.offset.reset from --from-beginning unless the user set it.
    if !props.contains("auto.offset.reset") {
        config.auto_offset_reset = Some(if args.from_beginning {
            OffsetSpec::Earliest
        } else {
            OffsetSpec::Latest
        });
    }
    let client = tokio::select! {
        c = common::connect(&plan.bootstrap, &props) => c?,
        _ = interrupt.recv() => {
            eprintln!("Processed a total of 0 messages");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let mut source = match open_source(&plan, &client, &props, config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Processed a total of 0 messages");
            return Err(e);
        }
    };

    let mut count: u64 = 0;
    let result = consume(
        &args,
        &plan,
        &client,
        &mut source,
        &mut interrupt,
        &mut count,
    )
    .await;
    let closed = source.close().await;
    eprintln!("Processed a total of {count} messages");
    result?;
    closed?;
    Ok(ExitCode::SUCCESS)
}

/// Where records come from: a group member, or partitions assigned directly.
enum Source {
    Group(Box<GroupConsumer>),
    Assigned(Consumer),
}

/// How long closing (final commit, LeaveGroup) may take before the tool gives up on it.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(30);

impl Source {
    async fn poll(&mut self) -> strom_client::Result<Vec<ConsumerRecord>> {
        match self {
            Source::Group(g) => g.poll().await,
            Source::Assigned(c) => c.poll().await,
        }
    }

    /// Rewind partitions to the first record that was fetched but not printed, so the final
    /// commit covers exactly what was printed.
    fn rewind(&mut self, unprinted: &[ConsumerRecord]) {
        let Source::Group(g) = self else {
            return;
        };
        let mut first: BTreeMap<(&str, i32), i64> = BTreeMap::new();
        for r in unprinted {
            first
                .entry((&r.topic, r.partition))
                .and_modify(|o| *o = (*o).min(r.offset))
                .or_insert(r.offset);
        }
        for ((t, p), o) in first {
            g.seek(t, p, o);
        }
    }

    async fn close(&mut self) -> anyhow::Result<()> {
        let Source::Group(g) = self else {
            return Ok(());
        };
        match tokio::time::timeout(CLOSE_TIMEOUT, g.close()).await {
            Ok(r) => Ok(r?),
            Err(_) => anyhow::bail!(
                "closing the consumer of group '{}' timed out after {} s",
                g.group_id(),
                CLOSE_TIMEOUT.as_secs()
            ),
        }
    }
}

/// A group member unless `--partition` asks for one partition; a generated group falls back
/// to direct assignment when the broker has no group APIs.
async fn open_source(
    plan: &Plan,
    client: &Client,
    props: &Properties,
    config: ConsumerConfig,
) -> anyhow::Result<Source> {
    if plan.partition.is_some() {
        return Ok(Source::Assigned(Consumer::new(client.clone(), config)));
    }
    let groups_supported = client
        .any_connection()
        .await?
        .broker_versions(ApiKey::JoinGroup)
        .is_some();
    if !groups_supported {
        if plan.group_generated {
            tracing::debug!("The broker has no group APIs; assigning partitions directly.");
            return Ok(Source::Assigned(Consumer::new(client.clone(), config)));
        }
        anyhow::bail!("the broker does not support consumer groups (no JoinGroup API)");
    }
    let mut group = GroupConfig::new(plan.consumer_props.get("group.id").unwrap_or_default());
    group.apply(props)?;
    let subscription = match (&plan.topic, &plan.include) {
        (Some(t), _) => TopicSubscription::Topics(vec![t.clone()]),
        (None, Some(re)) => {
            let re = re.clone();
            TopicSubscription::Pattern(Arc::new(move |t: &str| re.is_match(t)))
        }
        (None, None) => anyhow::bail!("Exactly one of --include/--topic is required. "),
    };
    Ok(Source::Group(Box::new(GroupConsumer::new(
        client.clone(),
        group,
        config,
        subscription,
    )?)))
}

/// Assign (without a group), then poll and print until a limit, a timeout, Ctrl-C or an error.
async fn consume(
    args: &ConsoleConsumerArgs,
    plan: &Plan,
    client: &Client,
    source: &mut Source,
    interrupt: &mut common::Interrupt,
    count: &mut u64,
) -> anyhow::Result<()> {
    let timeout = args.timeout_ms.map(Duration::from_millis);
    let max = args.max_messages.filter(|&m| m > 0);
    if args.max_messages == Some(0) {
        return Ok(());
    }
    let mut deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    if let Source::Assigned(consumer) = source {
        let assigned = tokio::select! {
            r = assign(plan, client, consumer) => r?,
            _ = sleep_until(deadline) => {
                tracing::debug!("Timed out waiting for the topic.");
                return Ok(());
            }
            _ = interrupt.recv() => return Ok(()),
        };
        if !assigned {
            return Ok(());
        }
    }
    let mut out = output::stdout();
    loop {
        let polled = tokio::select! {
            r = source.poll() => r?,
            _ = sleep_until(deadline) => {
                // Kafka logs a TimeoutException here; a timeout is the expected way to end.
                tracing::debug!(timeout_ms = args.timeout_ms.unwrap_or(0), "No message within the timeout.");
                break;
            }
            _ = interrupt.recv() => break,
        };
        if polled.is_empty() {
            continue;
        }
        for (i, rec) in polled.iter().enumerate() {
            match args.output {
                output::StreamFormat::Text => plan.formatter.write(&mut out, rec)?,
                output::StreamFormat::Json => record_json::write_record(&mut out, rec)?,
            }
            *count += 1;
            if max.is_some_and(|m| *count >= m) {
                out.flush()?;
                source.rewind(polled.get(i + 1..).unwrap_or_default());
                return Ok(());
            }
        }
        out.flush()?;
        deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    }
    out.flush()?;
    Ok(())
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// Assign the partitions the plan names, waiting for the topic to appear in metadata like
/// Kafka's consumer does. Returns false when `--include` matches nothing.
async fn assign(plan: &Plan, client: &Client, consumer: &mut Consumer) -> anyhow::Result<bool> {
    let mut warned = false;
    loop {
        let meta = client
            .refresh_metadata(plan.topic.as_ref().map(std::slice::from_ref))
            .await?;
        let mut parts = Vec::new();
        let topics: Vec<&strom_client::TopicMetadata> = match (&plan.topic, &plan.include) {
            (Some(t), _) => meta
                .topic(t)
                .filter(|m| m.error.is_none() && !m.partitions.is_empty())
                .into_iter()
                .collect(),
            (None, Some(re)) => meta
                .topics
                .values()
                .filter(|m| !m.is_internal && re.is_match(&m.name))
                .collect(),
            (None, None) => Vec::new(),
        };
        for t in &topics {
            match plan.partition {
                Some(p) => {
                    if t.partition(p).is_none() {
                        anyhow::bail!(
                            "partition {p} of topic {} does not exist ({} partitions)",
                            t.name,
                            t.partitions.len()
                        );
                    }
                    parts.push((t.name.clone(), p, plan.start));
                }
                None => parts.extend(
                    t.partitions
                        .iter()
                        .map(|p| (t.name.clone(), p.partition, plan.start)),
                ),
            }
        }
        if !parts.is_empty() {
            consumer.assign(parts);
            return Ok(true);
        }
        if !warned {
            let what = plan
                .topic
                .clone()
                .unwrap_or_else(|| "the --include pattern".to_string());
            tracing::warn!(
                "No partitions to consume yet for {what}; waiting for the topic to be created."
            );
            warned = true;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("earliest"), Ok(OffsetSpec::Earliest));
        assert_eq!(parse_offset("latest"), Ok(OffsetSpec::Latest));
        assert_eq!(parse_offset("42"), Ok(OffsetSpec::Offset(42)));
        assert!(parse_offset("-1").is_err());
    }
}
