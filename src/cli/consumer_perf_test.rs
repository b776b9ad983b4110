//! `strom consumer-perf-test` (kafka-consumer-perf-test): consume `--messages` records as a
//! member of a consumer group and report throughput.
//!
//! Options and output follow Kafka's `ConsumerPerformance` (a jopt tool). The header
//!
//! ```text
//! start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
//! ```
//!
//! is followed by one line of totals (`%.4f` numbers; MB is 1024² bytes of keys and values).
//! `rebalance.time.ms` is the time spent joining the group and `fetch.time.ms` the rest. With
//! `--show-detailed-stats` a line per `--reporting-interval` replaces the totals. When no
//! record arrives for `--timeout` ms the tool stops with Kafka's `WARNING: Exiting before
//! consuming the expected number of messages ...` and still prints what it measured.
//! `--output json` prints one document instead: `start_time`, `end_time` (formatted),
//! `start_ms`, `end_ms`, `data_consumed_mb`, `mb_per_sec`, `messages`, `messages_per_sec`,
//! `rebalance_time_ms`, `fetch_time_ms`, `fetch_mb_per_sec`, `fetch_messages_per_sec`,
//! `timed_out`, `intervals` (with `--show-detailed-stats`) and `metrics` (with
//! `--print-metrics`). Ctrl-C stops consuming and prints the totals.

pub mod date_format;

use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use clap::Args;
use strom_client::{ConsumerConfig, GroupConfig, GroupConsumer, Properties, TopicSubscription};

use self::date_format::JavaDateFormat;
use super::common::{self, merge_option};
use super::output::{self, OutputFormat};
use super::producer_perf_test::metrics::{self, Metric};

/// This tool is used to verify the consumer performance.
#[derive(Debug, Args)]
pub struct ConsumerPerfTestArgs {
    /// REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED, use --bootstrap-server instead.
    #[arg(long, hide = true)]
    pub broker_list: Option<String>,
    /// REQUIRED: The topic to consume from.
    #[arg(long, value_name = "String: topic")]
    pub topic: Option<String>,
    /// The group id to consume on (default: perf-consumer-<random>).
    #[arg(long, value_name = "String: gid")]
    pub group: Option<String>,
    /// The amount of data to fetch in a single request (default: 1048576).
    #[arg(long, value_name = "Integer: size")]
    pub fetch_size: Option<i32>,
    /// If the consumer does not already have an established offset to consume from, start
    /// with the latest message present in the log rather than the earliest message.
    #[arg(long)]
    pub from_latest: bool,
    /// The size of the tcp RECV size (default: 2097152).
    #[arg(long, value_name = "Integer: size")]
    pub socket_buffer_size: Option<i32>,
    /// Consumer config properties file.
    #[arg(long = "consumer.config", value_name = "String: config file")]
    pub consumer_config: Option<PathBuf>,
    /// Print out the metrics.
    #[arg(long)]
    pub print_metrics: bool,
    /// If set, stats are reported for each reporting interval as configured by
    /// reporting-interval.
    #[arg(long)]
    pub show_detailed_stats: bool,
    /// Interval in milliseconds at which to print progress info (default: 5000).
    #[arg(
        long,
        value_name = "Integer: interval_ms",
        allow_negative_numbers = true
    )]
    pub reporting_interval: Option<i64>,
    /// The date format to use for formatting the time field. See java.text.SimpleDateFormat
    /// for options.
    #[arg(
        long,
        value_name = "String: date format",
        default_value = "yyyy-MM-dd HH:mm:ss:SSS"
    )]
    pub date_format: String,
    /// If set, skips printing the header for the stats.
    #[arg(long)]
    pub hide_header: bool,
    /// REQUIRED: The number of messages to consume.
    #[arg(long, value_name = "Long: count", allow_negative_numbers = true)]
    pub messages: Option<i64>,
    /// The maximum allowed time in milliseconds between returned records (default: 10000).
    #[arg(long, value_name = "Long: milliseconds", allow_negative_numbers = true)]
    pub timeout: Option<i64>,
    /// DEPRECATED and ignored.
    #[arg(long, hide = true)]
    pub threads: Option<i32>,
    /// DEPRECATED and ignored.
    #[arg(long, hide = true)]
    pub num_fetch_threads: Option<i32>,
    /// Output format: text (Kafka's lines) or json (one document).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-consumer-perf-test";

const HEADER_TAIL: &str = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
const MIB: f64 = 1024.0 * 1024.0;

/// What the checked command line asks for.
struct Plan {
    bootstrap: String,
    topic: String,
    messages: u64,
    timeout: Duration,
    interval: Duration,
    date_format: JavaDateFormat,
    props: Properties,
}

fn check(a: &ConsumerPerfTestArgs) -> Result<Plan, String> {
    let Some(topic) = a.topic.clone() else {
        return Err("Missing required argument \"[topic]\"".into());
    };
    let Some(messages) = a.messages else {
        return Err("Missing required argument \"[messages]\"".into());
    };
    let mut bootstrap = a.bootstrap_server.clone();
    if bootstrap.is_none() && a.broker_list.is_some() {
        common::warn_deprecated("--broker-list", "--bootstrap-server");
        bootstrap = a.broker_list.clone();
    }
    let Some(bootstrap) = bootstrap else {
        return Err("Missing required argument \"[bootstrap-server]\"".into());
    };
    common::validate_bootstrap(&bootstrap).map_err(str::to_string)?;
    let interval = a.reporting_interval.unwrap_or(5000);
    if interval <= 0 {
        return Err("Reporting interval must be greater than 0.".into());
    }
    let date_format = JavaDateFormat::parse(&a.date_format)?;
    let props = consumer_properties(a, &bootstrap).map_err(|e| e.to_string())?;
    Ok(Plan {
        bootstrap,
        topic,
        messages: u64::try_from(messages).unwrap_or(0),
        timeout: Duration::from_millis(a.timeout.unwrap_or(10_000).max(0).unsigned_abs()),
        interval: Duration::from_millis(interval.unsigned_abs()),
        date_format,
        props,
    })
}

/// Kafka's consumer properties: the file, then the tool's settings.
fn consumer_properties(a: &ConsumerPerfTestArgs, bootstrap: &str) -> anyhow::Result<Properties> {
    let mut p = common::load_properties(a.consumer_config.as_deref(), &[])?;
    p.set("bootstrap.servers", bootstrap);
    match &a.group {
        Some(g) => p.set("group.id", g.clone()),
        None => p.set_default(
            "group.id",
            format!("perf-consumer-{}", random_below(100_000)),
        ),
    }
    merge_option(
        &mut p,
        "receive.buffer.bytes",
        a.socket_buffer_size,
        2 << 20,
    );
    merge_option(&mut p, "max.partition.fetch.bytes", a.fetch_size, 1 << 20);
    let reset = if a.from_latest { "latest" } else { "earliest" };
    p.set("auto.offset.reset", reset);
    p.set("check.crcs", "false");
    p.set_default("client.id", "perf-consumer-client");
    Ok(p)
}

fn random_below(n: u64) -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish() % n
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn rate(amount: f64, ms: f64) -> f64 {
    if ms > 0.0 { amount * 1000.0 / ms } else { 0.0 }
}

/// Counters of the consume loop.
#[derive(Debug, Default)]
struct Counts {
    messages: u64,
    bytes: u64,
    polls: u64,
}

/// One `--show-detailed-stats` line (`printConsumerProgress`).
#[derive(Debug, Clone, PartialEq)]
struct Interval {
    time: String,
    total_mb: f64,
    mb_per_sec: f64,
    messages: u64,
    messages_per_sec: f64,
    rebalance_ms: i64,
    fetch_ms: i64,
    fetch_mb_per_sec: f64,
    fetch_messages_per_sec: f64,
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, 0, {:.4}, {:.4}, {}, {:.4}, {}, {}, {:.4}, {:.4}",
            self.time,
            self.total_mb,
            self.mb_per_sec,
            self.messages,
            self.messages_per_sec,
            self.rebalance_ms,
            self.fetch_ms,
            self.fetch_mb_per_sec,
            self.fetch_messages_per_sec
        )
    }
}

impl Interval {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "time": self.time,
            "data_consumed_mb": self.total_mb,
            "mb_per_sec": self.mb_per_sec,
            "messages": self.messages,
            "messages_per_sec": self.messages_per_sec,
            "rebalance_time_ms": self.rebalance_ms,
            "fetch_time_ms": self.fetch_ms,
            "fetch_mb_per_sec": self.fetch_mb_per_sec,
            "fetch_messages_per_sec": self.fetch_messages_per_sec,
        })
    }
}

/// The totals line.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    start: String,
    end: String,
    start_ms: i64,
    end_ms: i64,
    mb: f64,
    mb_per_sec: f64,
    messages: u64,
    messages_per_sec: f64,
    rebalance_ms: i64,
    fetch_ms: i64,
    fetch_mb_per_sec: f64,
    fetch_messages_per_sec: f64,
}

impl Summary {
    fn new(
        plan: &Plan,
        c: &Counts,
        start_ms: i64,
        end_ms: i64,
        elapsed: Duration,
        rebalance: Duration,
    ) -> Summary {
        let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
        let rebalance_ms = i64::try_from(rebalance.as_millis()).unwrap_or(i64::MAX);
        let fetch_ms = (elapsed_ms as i64 - rebalance_ms).max(0);
        let mb = c.bytes as f64 / MIB;
        Summary {
            start: plan.date_format.format_millis(start_ms),
            end: plan.date_format.format_millis(end_ms),
            start_ms,
            end_ms,
            mb,
            mb_per_sec: rate(mb, elapsed_ms),
            messages: c.messages,
            messages_per_sec: rate(c.messages as f64, elapsed_ms),
            rebalance_ms,
            fetch_ms,
            fetch_mb_per_sec: rate(mb, fetch_ms as f64),
            fetch_messages_per_sec: rate(c.messages as f64, fetch_ms as f64),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}, {:.4}, {:.4}, {}, {:.4}, {}, {}, {:.4}, {:.4}",
            self.start,
            self.end,
            self.mb,
            self.mb_per_sec,
            self.messages,
            self.messages_per_sec,
            self.rebalance_ms,
            self.fetch_ms,
            self.fetch_mb_per_sec,
            self.fetch_messages_per_sec
        )
    }
}

fn header(detailed: bool) -> String {
    if detailed {
        format!(
            "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec{HEADER_TAIL}"
        )
    } else {
        format!(
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec{HEADER_TAIL}"
        )
    }
}

pub async fn run(args: ConsumerPerfTestArgs) -> anyhow::Result<ExitCode> {
    let plan = match check(&args) {
        Ok(p) => p,
        Err(msg) => return Ok(common::usage_error(PROGRAM, &msg)),
    };
    if args.threads.is_some() || args.num_fetch_threads.is_some() {
        eprintln!("WARNING: --threads and --num-fetch-threads are deprecated and ignored.");
    }
    let json = args.output == OutputFormat::Json;
    let mut out = output::stdout();
    if !args.hide_header && !json {
        writeln!(out, "{}", header(args.show_detailed_stats))?;
        out.flush()?;
    }

    let client = common::connect(&plan.bootstrap, &plan.props).await?;
    let client_id = client.config().client_id.clone();
    let mut fetch = ConsumerConfig::default();
    fetch.apply(&plan.props)?;
    let mut group = GroupConfig::new(plan.props.get("group.id").unwrap_or_default());
    group.apply(&plan.props)?;
    let subscription = TopicSubscription::Topics(vec![plan.topic.clone()]);
    let mut consumer = GroupConsumer::new(client, group, fetch, subscription)?;
    let mut interrupt = common::Interrupt::install()?;

    let start_ms = now_ms();
    let start = Instant::now();
    let mut counts = Counts::default();
    let mut intervals = Vec::new();
    let outcome = consume(
        &plan,
        &args,
        &mut consumer,
        &mut interrupt,
        &mut counts,
        &mut intervals,
        &mut out,
    )
    .await;
    let end_ms = now_ms();
    let elapsed = start.elapsed();
    let rebalance = consumer.rebalance_time();
    if let Err(e) = consumer.close().await {
        tracing::warn!(error = %e, "Closing the consumer failed.");
    }
    let timed_out = outcome?;
    let warning = format!(
        "WARNING: Exiting before consuming the expected number of messages: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.",
        plan.timeout.as_millis()
    );
    let summary = Summary::new(&plan, &counts, start_ms, end_ms, elapsed, rebalance);
    let metrics_table = args
        .print_metrics
        .then(|| consumer_metrics(&counts, elapsed, rebalance, &client_id));
    if json {
        if timed_out {
            eprintln!("{warning}");
        }
        let doc = summary_json(
            &summary,
            timed_out,
            &intervals,
            args.show_detailed_stats,
            metrics_table.as_deref(),
        );
        output::write_json(&mut out, &doc)?;
    } else {
        if timed_out {
            writeln!(out, "{warning}")?;
        }
        if !args.show_detailed_stats {
            writeln!(out, "{summary}")?;
        }
        if let Some(m) = &metrics_table {
            metrics::write_metrics(&mut out, m)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Kafka's consume loop. Returns true when it stopped on the timeout.
async fn consume(
    plan: &Plan,
    args: &ConsumerPerfTestArgs,
    consumer: &mut GroupConsumer,
    interrupt: &mut common::Interrupt,
    c: &mut Counts,
    intervals: &mut Vec<Interval>,
    out: &mut impl Write,
) -> anyhow::Result<bool> {
    let json = args.output == OutputFormat::Json;
    let mut last_report = Instant::now();
    let mut last_report_ms = now_ms();
    let mut last_consumed = Instant::now();
    let (mut last_messages, mut last_bytes) = (0u64, 0u64);
    let mut rebalance_at_report = Duration::ZERO;
    while c.messages < plan.messages {
        if last_consumed.elapsed() > plan.timeout {
            return Ok(true);
        }
        let records = tokio::select! {
            r = consumer.poll() => r?,
            _ = interrupt.recv() => return Ok(false),
        };
        c.polls += 1;
        let now = Instant::now();
        if !records.is_empty() {
            last_consumed = now;
        }
        for r in &records {
            c.messages += 1;
            c.bytes += r.key.as_ref().map_or(0, |k| k.len() as u64)
                + r.value.as_ref().map_or(0, |v| v.len() as u64);
            if now.saturating_duration_since(last_report) < plan.interval {
                continue;
            }
            let now_ms = now_ms();
            if args.show_detailed_stats {
                let rebalance = consumer.rebalance_time();
                let line = interval_line(
                    plan,
                    c,
                    (last_messages, last_bytes),
                    (last_report_ms, now_ms),
                    rebalance.saturating_sub(rebalance_at_report),
                );
                rebalance_at_report = rebalance;
                if !json {
                    writeln!(out, "{line}")?;
                    out.flush()?;
                }
                intervals.push(line);
            }
            last_report = now;
            last_report_ms = now_ms;
            last_messages = c.messages;
            last_bytes = c.bytes;
        }
    }
    Ok(false)
}

/// `printConsumerProgress` for one interval.
fn interval_line(
    plan: &Plan,
    c: &Counts,
    (last_messages, last_bytes): (u64, u64),
    (start_ms, end_ms): (i64, i64),
    rebalance: Duration,
) -> Interval {
    let elapsed = (end_ms - start_ms) as f64;
    let rebalance_ms = i64::try_from(rebalance.as_millis()).unwrap_or(i64::MAX);
    let fetch_ms = end_ms - start_ms - rebalance_ms;
    let interval_mb = c.bytes.saturating_sub(last_bytes) as f64 / MIB;
    let interval_messages = c.messages.saturating_sub(last_messages) as f64;
    Interval {
        time: plan.date_format.format_millis(end_ms),
        total_mb: c.bytes as f64 / MIB,
        mb_per_sec: rate(interval_mb, elapsed),
        messages: c.messages,
        messages_per_sec: rate(interval_messages, elapsed),
        rebalance_ms,
        fetch_ms,
        fetch_mb_per_sec: rate(interval_mb, fetch_ms as f64),
        fetch_messages_per_sec: rate(interval_messages, fetch_ms as f64),
    }
}

fn consumer_metrics(
    c: &Counts,
    elapsed: Duration,
    rebalance: Duration,
    client_id: &str,
) -> Vec<Metric> {
    let secs = elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
    let g = "consumer-fetch-manager-metrics";
    vec![
        Metric::new(g, "bytes-consumed-rate", client_id, c.bytes as f64 / secs),
        Metric::new(g, "bytes-consumed-total", client_id, c.bytes as f64),
        Metric::new(g, "fetch-rate", client_id, c.polls as f64 / secs),
        Metric::new(g, "fetch-total", client_id, c.polls as f64),
        Metric::new(
            g,
            "records-consumed-rate",
            client_id,
            c.messages as f64 / secs,
        ),
        Metric::new(g, "records-consumed-total", client_id, c.messages as f64),
        Metric::new(
            "consumer-coordinator-metrics",
            "rebalance-latency-total",
            client_id,
            rebalance.as_secs_f64() * 1000.0,
        ),
    ]
}

fn summary_json(
    s: &Summary,
    timed_out: bool,
    intervals: &[Interval],
    detailed: bool,
    metrics: Option<&[Metric]>,
) -> serde_json::Value {
    let mut v = serde_json::json!({
        "start_time": s.start,
        "end_time": s.end,
        "start_ms": s.start_ms,
        "end_ms": s.end_ms,
        "data_consumed_mb": s.mb,
        "mb_per_sec": s.mb_per_sec,
        "messages": s.messages,
        "messages_per_sec": s.messages_per_sec,
        "rebalance_time_ms": s.rebalance_ms,
        "fetch_time_ms": s.fetch_ms,
        "fetch_mb_per_sec": s.fetch_mb_per_sec,
        "fetch_messages_per_sec": s.fetch_messages_per_sec,
        "timed_out": timed_out,
    });
    if let Some(obj) = v.as_object_mut() {
        if detailed {
            obj.insert(
                "intervals".into(),
                intervals.iter().map(Interval::to_json).collect(),
            );
        }
        if let Some(m) = metrics {
            obj.insert("metrics".into(), metrics::metrics_json(m));
        }
    }
    v
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ConsumerPerfTestArgs,
    }

    fn parse(argv: &[&str]) -> ConsumerPerfTestArgs {
        Wrapper::try_parse_from(std::iter::once("x").chain(argv.iter().copied()))
            .unwrap()
            .args
    }

    #[test]
    fn required_arguments_and_checks() {
        let err = |argv: &[&str]| check(&parse(argv)).err().unwrap();
        assert_eq!(
            err(&["--messages", "1"]),
            "Missing required argument \"[topic]\""
        );
        assert_eq!(
            err(&["--topic", "t"]),
            "Missing required argument \"[messages]\""
        );
        assert_eq!(
            err(&["--topic", "t", "--messages", "1"]),
            "Missing required argument \"[bootstrap-server]\""
        );
        let base = [
            "--topic",
            "t",
            "--messages",
            "1",
            "--bootstrap-server",
            "h:1",
        ];
        let mut v = base.to_vec();
        v.extend(["--reporting-interval", "0"]);
        assert_eq!(err(&v), "Reporting interval must be greater than 0.");
        let mut v = base.to_vec();
        v.extend(["--date-format", "yyyy-qq"]);
        assert_eq!(err(&v), "Illegal pattern character 'q'");
        assert!(check(&parse(&base)).is_ok());
    }

    #[test]
    fn properties_follow_kafka() {
        let a = parse(&[
            "--topic",
            "t",
            "--messages",
            "1",
            "--from-latest",
            "--fetch-size",
            "100",
        ]);
        let p = consumer_properties(&a, "h:1").unwrap();
        assert_eq!(p.get("auto.offset.reset"), Some("latest"));
        assert_eq!(p.get("max.partition.fetch.bytes"), Some("100"));
        assert_eq!(p.get("receive.buffer.bytes"), Some("2097152"));
        assert_eq!(p.get("client.id"), Some("perf-consumer-client"));
        assert!(p.get("group.id").unwrap().starts_with("perf-consumer-"));
        let a = parse(&["--topic", "t", "--messages", "1", "--group", "g"]);
        let p = consumer_properties(&a, "h:1").unwrap();
        assert_eq!(p.get("group.id"), Some("g"));
        assert_eq!(p.get("auto.offset.reset"), Some("earliest"));
    }

    #[test]
    fn lines_use_kafkas_formats() {
        assert_eq!(
            header(false),
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
        );
        assert!(header(true).starts_with("time, threadId, data.consumed.in.MB, MB.sec,"));
        let plan = check(&parse(&[
            "--topic",
            "t",
            "--messages",
            "1",
            "--bootstrap-server",
            "h:1",
        ]))
        .unwrap();
        let c = Counts {
            messages: 100_000,
            bytes: 100_000_000,
            polls: 1,
        };
        let s = Summary::new(
            &plan,
            &c,
            0,
            5123,
            Duration::from_millis(5123),
            Duration::from_millis(3012),
        );
        let line = s.to_string();
        let tail = line.split_once(", ").unwrap().1.split_once(", ").unwrap().1;
        assert_eq!(
            tail,
            "95.3674, 18.6155, 100000, 19519.8126, 3012, 2111, 45.1764, 47370.9143"
        );
    }
}
