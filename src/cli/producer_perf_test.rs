//! `strom producer-perf-test` (kafka-producer-perf-test): produce `--num-records` records of a
//! given size as fast as allowed and report throughput and send-to-acknowledgement latency.
//!
//! Options and output follow Kafka's `ProducerPerformance` (an argparse tool: `-h`, errors as
//! `<prog>: error: ...`), plus KIP-1147's `--bootstrap-server` and `--reporting-interval`.
//! Every `--reporting-interval` ms (5000) a window line is printed, and at the end the total:
//!
//! ```text
//! 249671 records sent, 49924.2 records/sec (4.76 MB/sec), 3.4 ms avg latency, 213.0 ms max latency.
//! 1000000 records sent, 49975.0 records/sec (4.77 MB/sec), 2.53 ms avg latency, 213.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 21 ms 99.9th.
//! ```
//!
//! MB is 1024² bytes of record values. Settings are the Java producer's defaults (`acks=all`,
//! idempotence on when acks=all, `linger.ms=5`, `batch.size=16384`), client id
//! `perf-producer-client`. Records that could not be delivered are not counted as sent; they
//! are reported on stderr and make the exit status 1.
//!
//! `--warmup-records N` (KIP-1052, Kafka 4.0) first prints `Warmup first N records. Steady
//! state results will print after the complete test summary.`; when record N is sent the
//! steady state begins: the progress windows from then on count only the records sent after
//! the warmup (the first one after a line `In steady state.`), and after the final line for
//! all records a second one is printed for them, Kafka's format with ` steady state` added:
//!
//! ```text
//! 100000 records sent, 49975.0 records/sec (4.77 MB/sec), 2.53 ms avg latency, 213.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 21 ms 99.9th.
//! 90000 steady state records sent, 50101.3 records/sec (4.78 MB/sec), 2.01 ms avg latency, 14.00 ms max latency, 2 ms 50th, 4 ms 95th, 6 ms 99th, 9 ms 99.9th.
//! ```
//!
//! `--output json` prints one document instead: `records`, `failed`, `bytes`, `elapsed_ms`,
//! `records_per_sec`, `mb_per_sec`, `avg_latency_ms`, `max_latency_ms`, `p50_ms`, `p95_ms`,
//! `p99_ms`, `p999_ms` (fractional milliseconds), `errors`, `warmup_records`, `steady_state`
//! (null without `--warmup-records`, or when interrupted during the warmup; otherwise an
//! object with the fields from `records` to `p999_ms` for the records after the warmup), and
//! `metrics` with `--print-metrics`. The warmup notice then goes to stderr. On a terminal a
//! progress bar is drawn on stderr. Ctrl-C stops sending, waits for what is in flight and
//! prints the totals.

pub mod metrics;
pub mod payload;
pub mod stats;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Args;
use strom_client::Properties;
use strom_client::producer::{Producer, ProducerConfig, RecordRef};
use tokio::sync::Notify;

use self::metrics::Metric;
use self::payload::Payloads;
use self::stats::{Stats, StatsListener, TotalReport};
use super::common;
use super::output::{self, OutputFormat};
use super::progress::{Progress, Unit};

/// This tool is used to verify the producer performance.
#[derive(Debug, Args)]
pub struct ProducerPerfTestArgs {
    /// The Kafka broker(s) to connect to, HOST1:PORT1,HOST2:PORT2 (sets bootstrap.servers;
    /// KIP-1147).
    #[arg(long, value_name = "BOOTSTRAP-SERVER", env = "STROM_BOOTSTRAP_SERVER")]
    pub bootstrap_server: Option<String>,
    /// Produce messages to this topic.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Number of messages to produce.
    #[arg(long, value_name = "NUM-RECORDS", allow_negative_numbers = true)]
    pub num_records: Option<i64>,
    /// Message size in bytes. Note that you must provide exactly one of --record-size or
    /// --payload-file or --payload-monotonic.
    #[arg(long, value_name = "RECORD-SIZE", allow_negative_numbers = true)]
    pub record_size: Option<i64>,
    /// File to read the message payloads from. Payloads will be read from this file and a
    /// payload will be randomly selected when sending messages. Note that you must provide
    /// exactly one of --record-size or --payload-file or --payload-monotonic.
    #[arg(long, value_name = "PAYLOAD-FILE")]
    pub payload_file: Option<PathBuf>,
    /// Payload is a monotonically increasing integer. Note that you must provide exactly one
    /// of --record-size or --payload-file or --payload-monotonic.
    #[arg(long)]
    pub payload_monotonic: bool,
    /// Provides delimiter to be used when --payload-file is provided. Defaults to new line.
    /// Note that this parameter will be ignored if --payload-file is not provided.
    #[arg(long, value_name = "PAYLOAD-DELIMITER", default_value = "\\n")]
    pub payload_delimiter: String,
    /// Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set
    /// this to -1 to disable throttling.
    #[arg(long, value_name = "THROUGHPUT", allow_negative_numbers = true)]
    pub throughput: Option<f64>,
    /// Kafka producer related configuration properties like bootstrap.servers,client.id etc.
    /// These configs take precedence over those passed via --producer.config.
    #[arg(
        long,
        value_name = "PROP-NAME=PROP-VALUE",
        num_args = 1..,
        alias = "command-property"
    )]
    pub producer_props: Vec<String>,
    /// Producer config properties file.
    #[arg(
        long = "producer.config",
        value_name = "CONFIG-FILE",
        alias = "command-config"
    )]
    pub producer_config: Option<PathBuf>,
    /// Print out metrics at the end of the test.
    #[arg(long)]
    pub print_metrics: bool,
    /// The transactional id to use. Transactions are not supported by strom yet: giving it
    /// is an error.
    #[arg(long, value_name = "TRANSACTIONAL-ID")]
    pub transactional_id: Option<String>,
    /// The max age of each transaction. Transactions are not supported by strom yet: giving
    /// it is an error.
    #[arg(
        long,
        value_name = "TRANSACTION-DURATION",
        allow_negative_numbers = true
    )]
    pub transaction_duration_ms: Option<i64>,
    /// The number of records to treat as warmup; these initial records will not be included
    /// in steady-state statistics. An additional summary line will be printed describing the
    /// steady-state statistics.
    #[arg(
        long,
        value_name = "WARMUP-RECORDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub warmup_records: i64,
    /// Interval in milliseconds at which to print progress info (KIP-1147).
    #[arg(
        long,
        value_name = "REPORTING-INTERVAL-MS",
        allow_negative_numbers = true
    )]
    pub reporting_interval: Option<i64>,
    /// Output format of the final summary: text (Kafka's lines) or json (one document).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-producer-perf-test";

/// An argparse-style error: `<prog>: error: <msg>` on stderr, exit status 1.
fn arg_error(msg: &str) -> ExitCode {
    eprintln!(
        "usage: {PROGRAM} [-h] --topic TOPIC --num-records NUM-RECORDS (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE | --payload-monotonic) --throughput THROUGHPUT ..."
    );
    eprintln!("{PROGRAM}: error: {msg}");
    ExitCode::FAILURE
}

/// What the checked command line asks for.
#[derive(Debug)]
struct Plan {
    topic: String,
    num_records: u64,
    /// The first this many records are left out of the steady state; 0: no steady state.
    warmup_records: u64,
    /// Records per second; negative means unthrottled.
    throughput: f64,
    reporting_interval: Duration,
    props: Properties,
    bootstrap: String,
}

fn nothing_given(a: &ProducerPerfTestArgs) -> bool {
    a.bootstrap_server.is_none()
        && a.topic.is_none()
        && a.num_records.is_none()
        && a.record_size.is_none()
        && a.payload_file.is_none()
        && !a.payload_monotonic
        && a.throughput.is_none()
        && a.producer_props.is_empty()
        && a.producer_config.is_none()
        && a.transactional_id.is_none()
        && a.transaction_duration_ms.is_none()
}

/// Kafka's checks, in its order; `Err` is the message for [`arg_error`].
fn check(a: &ProducerPerfTestArgs) -> Result<(), String> {
    let payload_flags = [
        ("--record-size", a.record_size.is_some()),
        ("--payload-file", a.payload_file.is_some()),
        ("--payload-monotonic", a.payload_monotonic),
    ];
    let given: Vec<&str> = payload_flags
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
    match given.as_slice() {
        [] => {
            return Err(
                "one of the arguments --record-size --payload-file --payload-monotonic is required"
                    .into(),
            );
        }
        [_] => {}
        [first, second, ..] => {
            return Err(format!(
                "argument {second}: not allowed with argument {first}"
            ));
        }
    }
    if a.topic.is_none() {
        return Err("argument --topic is required".into());
    }
    if a.num_records.is_none() {
        return Err("argument --num-records is required".into());
    }
    if a.throughput.is_none() {
        return Err("argument --throughput is required".into());
    }
    if a.num_records.is_some_and(|n| n <= 0) {
        return Err("--num-records should be greater than zero".into());
    }
    // Kafka treats a negative count as 0; strom refuses it.
    if a.warmup_records < 0 {
        return Err("--warmup-records should be greater than or equal to zero".into());
    }
    if a.num_records.is_some_and(|n| a.warmup_records >= n) {
        return Err(
            "The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records."
                .into(),
        );
    }
    if a.record_size.is_some_and(|n| n <= 0) {
        return Err("--record-size should be greater than zero".into());
    }
    if a.producer_props.is_empty() && a.producer_config.is_none() && a.bootstrap_server.is_none() {
        return Err("Either --producer-props or --producer.config must be specified.".into());
    }
    if a.transaction_duration_ms.is_some_and(|n| n <= 0) {
        return Err("--transaction-duration-ms should be greater than zero".into());
    }
    if a.reporting_interval.is_some_and(|n| n <= 0) {
        return Err("--reporting-interval should be greater than zero".into());
    }
    Ok(())
}

/// The producer properties: the file, `--producer-props` on top, then `--bootstrap-server`;
/// Kafka's defaults for what nobody set.
fn producer_properties(a: &ProducerPerfTestArgs) -> anyhow::Result<Properties> {
    let mut p = common::load_properties(a.producer_config.as_deref(), &a.producer_props)?;
    if let Some(b) = &a.bootstrap_server {
        p.set("bootstrap.servers", b.clone());
    }
    p.set_default("client.id", "perf-producer-client");
    p.set_default("acks", "all");
    // The Java producer turns idempotence on by default unless the settings conflict.
    if !p.contains("enable.idempotence") {
        let acks_all = p
            .get("acks")
            .is_none_or(|v| matches!(v.trim(), "all" | "-1"));
        let retries = p.get_parsed::<u64>("retries")?.is_none_or(|r| r > 0);
        let in_flight = p
            .get_parsed::<u64>("max.in.flight.requests.per.connection")?
            .is_none_or(|n| n <= 5);
        if acks_all && retries && in_flight {
            p.set("enable.idempotence", "true");
        }
    }
    Ok(p)
}

fn plan(a: &ProducerPerfTestArgs) -> anyhow::Result<Plan> {
    let props = producer_properties(a)?;
    let Some(bootstrap) = props.get("bootstrap.servers").map(str::to_string) else {
        anyhow::bail!(
            "no bootstrap servers: give --bootstrap-server HOST:PORT or --producer-props bootstrap.servers=HOST:PORT"
        );
    };
    if let Err(msg) = common::validate_bootstrap(&bootstrap) {
        anyhow::bail!("{msg}");
    }
    Ok(Plan {
        topic: a.topic.clone().unwrap_or_default(),
        num_records: a.num_records.map_or(0, |n| n.unsigned_abs()),
        warmup_records: a.warmup_records.unsigned_abs(),
        throughput: a.throughput.unwrap_or(-1.0),
        reporting_interval: Duration::from_millis(
            a.reporting_interval.map_or(5000, |n| n.unsigned_abs()),
        ),
        props,
        bootstrap,
    })
}

fn print_help() -> anyhow::Result<ExitCode> {
    use clap::Args as _;
    let name = std::env::args_os()
        .next()
        .and_then(|a| super::applet::applet(&a))
        .map_or("strom producer-perf-test", |(_, shown)| shown);
    let mut cmd = ProducerPerfTestArgs::augment_args(clap::Command::new(name))
        .about("This tool is used to verify the producer performance.");
    cmd.print_help()?;
    Ok(ExitCode::SUCCESS)
}

pub async fn run(args: ProducerPerfTestArgs) -> anyhow::Result<ExitCode> {
    if nothing_given(&args) {
        return print_help();
    }
    if let Err(msg) = check(&args) {
        return Ok(arg_error(&msg));
    }
    let plan = plan(&args)?;
    if args.transactional_id.is_some()
        || args.transaction_duration_ms.is_some()
        || plan.props.contains("transactional.id")
    {
        anyhow::bail!(
            "transactions are not supported by strom yet: run without --transactional-id, --transaction-duration-ms and transactional.id"
        );
    }
    let json = args.output == OutputFormat::Json;
    let mut payloads = match (&args.payload_file, args.record_size) {
        (Some(path), _) => {
            let shown = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let p = Payloads::from_file(path, &args.payload_delimiter)?;
            let n = p.file_count().unwrap_or(0);
            let notes = format!(
                "Reading payloads from: {}\nNumber of messages read: {n}\n",
                shown.display()
            );
            if json {
                eprint!("{notes}");
            } else {
                let mut out = std::io::stdout().lock();
                out.write_all(notes.as_bytes())?;
                out.flush()?;
            }
            p
        }
        (None, Some(size)) => Payloads::random(usize::try_from(size).unwrap_or(0)),
        (None, None) => Payloads::monotonic(),
    };
    if plan.warmup_records > 0 {
        let note = format!(
            "Warmup first {} records. Steady state results will print after the complete test summary.\n",
            plan.warmup_records
        );
        if json {
            eprint!("{note}");
        } else {
            let mut out = std::io::stdout().lock();
            out.write_all(note.as_bytes())?;
            out.flush()?;
        }
    }

    let mut config = ProducerConfig::default();
    config.apply(&plan.props)?;
    let client = common::connect(&plan.bootstrap, &plan.props).await?;
    let client_id = client.config().client_id.clone();
    let stats = Arc::new(Mutex::new(Stats::new(plan.num_records, Instant::now())));
    let listener = Arc::new(StatsListener(stats.clone()));
    let producer = Producer::with_listener(client, config, listener).await?;

    let stop = Arc::new(Stop::default());
    let watcher = spawn_interrupt_watcher(stop.clone())?;
    let progress = Arc::new(Progress::new(
        Some(plan.num_records),
        Unit::Items("records"),
        "producing",
    ));
    let reporter = tokio::spawn(report_windows(
        stats.clone(),
        progress.clone(),
        plan.reporting_interval,
        !json,
    ));

    let start = Instant::now();
    // Kafka's Stats start when the producer is ready, just before the first send.
    lock(&stats).reset_start(start);
    let sent = send_all(&producer, &plan, &stats, &mut payloads, &stop, start).await;
    let (report, metrics_table) = if args.print_metrics {
        let flushed = producer.flush().await;
        let totals = totals(&stats);
        let m = producer_metrics(&totals.0, &client_id);
        producer.close().await?;
        (flushed.map(|_| totals), Some(m))
    } else {
        let closed = producer.close().await;
        (closed.map(|_| totals(&stats)), None)
    };
    reporter.abort();
    watcher.abort();
    progress.finish();
    let (total, steady) = report?;
    let refused = sent?;

    let mut out = output::stdout();
    if json {
        let doc = total_json(
            &total,
            steady.as_ref(),
            &refused,
            plan.warmup_records,
            metrics_table.as_deref(),
        );
        output::write_json(&mut out, &doc)?;
    } else {
        writeln!(out, "{total}")?;
        if let Some(s) = &steady {
            writeln!(out, "{s}")?;
        }
        if let Some(m) = &metrics_table {
            metrics::write_metrics(&mut out, m)?;
        }
    }
    out.flush()?;
    let failed = total.failed + refused.total;
    if failed > 0 {
        eprintln!("ERROR: {failed} record(s) could not be delivered");
        for e in &total.errors {
            eprintln!("ERROR: {e}");
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn lock(stats: &Mutex<Stats>) -> std::sync::MutexGuard<'_, Stats> {
    stats.lock().unwrap_or_else(|p| p.into_inner())
}

/// The run's total and the steady state's (when it began), both measured now.
fn totals(stats: &Mutex<Stats>) -> (TotalReport, Option<TotalReport>) {
    let now = Instant::now();
    let mut s = lock(stats);
    (s.total(now), s.steady_total(now))
}

/// Set by Ctrl-C (SIGINT/SIGTERM): stop sending.
#[derive(Debug, Default)]
struct Stop {
    flag: AtomicBool,
    notify: Notify,
}

impl Stop {
    fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}

fn spawn_interrupt_watcher(stop: Arc<Stop>) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut interrupt = common::Interrupt::install()?;
    Ok(tokio::spawn(async move {
        interrupt.recv().await;
        stop.flag.store(true, Ordering::Relaxed);
        stop.notify.notify_waiters();
    }))
}

/// Yield to the sender and the reporter every this many records: the tool runs on one
/// thread, and the network side must keep up with the send loop.
const YIELD_EVERY: u64 = 64;

/// Records the client refused (too large), which Kafka reports through the callback as
/// failures: all of them, and those after the warmup.
#[derive(Debug, Default)]
struct Refused {
    total: u64,
    steady: u64,
}

/// The first instant after `t`: waits out the clock's granularity (nanoseconds, except on
/// coarse clocks), so that what happens from it on is strictly later than `t`.
fn instant_after(t: Instant) -> Instant {
    loop {
        let now = Instant::now();
        if now > t {
            return now;
        }
        std::hint::spin_loop();
    }
}

/// Send the records, throttled as asked, beginning the steady state of `stats` when the
/// first record after the warmup is sent.
async fn send_all(
    producer: &Producer,
    plan: &Plan,
    stats: &Mutex<Stats>,
    payloads: &mut Payloads,
    stop: &Stop,
    start: Instant,
) -> anyhow::Result<Refused> {
    let topic: Arc<str> = Arc::from(plan.topic.as_str());
    let mut refused = Refused::default();
    for i in 0..plan.num_records {
        if stop.is_set() {
            break;
        }
        if plan.throughput >= 0.0 {
            pace(plan.throughput, i, start, stop).await;
            if stop.is_set() {
                break;
            }
        } else if i % YIELD_EVERY == YIELD_EVERY - 1 {
            tokio::task::yield_now().await;
        }
        if i == plan.warmup_records && i > 0 {
            // Every warmup record was appended before now (`send_ref` appends before it
            // returns) and every later one will be appended after `from`: the records are told
            // apart by when they were appended.
            let from = instant_after(Instant::now());
            lock(stats).begin_steady_state(plan.num_records - i, from);
        }
        let value = payloads.next(i);
        let rec = RecordRef {
            topic: &topic,
            partition: None,
            key: None,
            value: Some(value),
            headers: &[],
            timestamp: None,
        };
        match producer.send_ref(rec).await {
            Ok(()) => {}
            Err(e @ strom_client::Error::RecordTooLarge { .. }) => {
                if refused.total == 0 {
                    eprintln!("ERROR: {e}");
                }
                refused.total += 1;
                if plan.warmup_records > 0 && i >= plan.warmup_records {
                    refused.steady += 1;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(refused)
}

/// Kafka's `ThroughputThrottler`, as a schedule: record `i` is due at `start + i / rate`.
/// A rate of 0 sends nothing until interrupted, as Kafka's does.
async fn pace(rate: f64, i: u64, start: Instant, stop: &Stop) {
    let due = if rate > 0.0 {
        start + Duration::from_secs_f64(i as f64 / rate)
    } else {
        start + Duration::from_secs(100 * 365 * 86_400)
    };
    let now = Instant::now();
    // Sleeping for less than a millisecond is not worth a timer; catch up in bursts.
    if due <= now + Duration::from_millis(1) {
        if i % YIELD_EVERY == YIELD_EVERY - 1 {
            tokio::task::yield_now().await;
        }
        return;
    }
    let notified = stop.notify.notified();
    tokio::select! {
        _ = tokio::time::sleep_until(due.into()) => {}
        _ = notified => {}
    }
}

/// Print a window line every `interval` (when records completed in it) and move the bar.
async fn report_windows(
    stats: Arc<Mutex<Stats>>,
    progress: Arc<Progress>,
    interval: Duration,
    print: bool,
) {
    let mut tick = tokio::time::interval(Duration::from_millis(100).min(interval));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut printing = print;
    loop {
        tick.tick().await;
        let now = Instant::now();
        let (count, window) = {
            let mut s = lock(&stats);
            let window = if now.saturating_duration_since(s.window_start()) >= interval {
                s.take_window(now)
            } else {
                None
            };
            (s.count(), window)
        };
        progress.set_position(count);
        if let (Some(w), true) = (window, printing) {
            let began = if w.steady_state_began {
                "In steady state.\n"
            } else {
                ""
            };
            let line = format!("{began}{w}\n");
            let ok = progress.suspend(|| {
                let mut out = std::io::stdout().lock();
                out.write_all(line.as_bytes()).and_then(|()| out.flush())
            });
            // A closed stdout ends the lines; the final write reports it.
            printing = ok.is_ok();
        }
    }
}

fn producer_metrics(total: &TotalReport, client_id: &str) -> Vec<Metric> {
    let g = "producer-metrics";
    let secs = total.elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
    let records = total.records as f64;
    let sent = records + total.failed as f64;
    vec![
        Metric::new(g, "batch-size-avg", client_id, total.batch_bytes_avg),
        Metric::new(g, "batch-size-max", client_id, total.batch_bytes_max as f64),
        Metric::new(g, "batch-total", client_id, total.batches as f64),
        Metric::new(
            g,
            "record-error-rate",
            client_id,
            total.failed as f64 / secs,
        ),
        Metric::new(g, "record-error-total", client_id, total.failed as f64),
        Metric::new(g, "record-send-rate", client_id, sent / secs),
        Metric::new(g, "record-send-total", client_id, sent),
        Metric::new(
            g,
            "records-per-batch-avg",
            client_id,
            if total.batches > 0 {
                sent / total.batches as f64
            } else {
                0.0
            },
        ),
        Metric::new(g, "record-latency-avg", client_id, total.avg_latency_ms),
        Metric::new(g, "record-latency-max", client_id, total.max_latency_ms),
    ]
}

/// The figures of one total, from `records` to `p999_ms`.
fn figures_json(t: &TotalReport, refused: u64) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let [p50, p95, p99, p999] = t.percentiles_ms;
    [
        ("records", json!(t.records)),
        ("failed", json!(t.failed + refused)),
        ("bytes", json!(t.bytes)),
        ("elapsed_ms", json!(t.elapsed.as_secs_f64() * 1000.0)),
        ("records_per_sec", json!(t.records_per_sec)),
        ("mb_per_sec", json!(t.mb_per_sec)),
        ("avg_latency_ms", json!(t.avg_latency_ms)),
        ("max_latency_ms", json!(t.max_latency_ms)),
        ("p50_ms", json!(p50)),
        ("p95_ms", json!(p95)),
        ("p99_ms", json!(p99)),
        ("p999_ms", json!(p999)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn total_json(
    total: &TotalReport,
    steady: Option<&TotalReport>,
    refused: &Refused,
    warmup_records: u64,
    metrics: Option<&[Metric]>,
) -> serde_json::Value {
    let mut obj = figures_json(total, refused.total);
    obj.insert("errors".into(), serde_json::json!(total.errors));
    obj.insert("warmup_records".into(), warmup_records.into());
    obj.insert(
        "steady_state".into(),
        steady.map_or(serde_json::Value::Null, |s| {
            serde_json::Value::Object(figures_json(s, refused.steady))
        }),
    );
    if let Some(m) = metrics {
        obj.insert("metrics".into(), metrics::metrics_json(m));
    }
    serde_json::Value::Object(obj)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ProducerPerfTestArgs,
    }

    fn parse(argv: &[&str]) -> ProducerPerfTestArgs {
        Wrapper::try_parse_from(std::iter::once("x").chain(argv.iter().copied()))
            .unwrap()
            .args
    }

    const BASE: [&str; 6] = ["--topic", "t", "--num-records", "10", "--throughput", "-1"];

    fn with(extra: &[&str]) -> ProducerPerfTestArgs {
        let mut v: Vec<&str> = BASE.to_vec();
        v.extend_from_slice(extra);
        parse(&v)
    }

    #[test]
    fn kafkas_argument_errors() {
        assert_eq!(
            check(&with(&["--producer-props", "a=b"])).unwrap_err(),
            "one of the arguments --record-size --payload-file --payload-monotonic is required"
        );
        assert_eq!(
            check(&with(&["--record-size", "1", "--payload-monotonic"])).unwrap_err(),
            "argument --payload-monotonic: not allowed with argument --record-size"
        );
        assert_eq!(
            check(&with(&["--record-size", "1"])).unwrap_err(),
            "Either --producer-props or --producer.config must be specified."
        );
        assert_eq!(
            check(&parse(&["--record-size", "1", "--num-records", "1"])).unwrap_err(),
            "argument --topic is required"
        );
        let mut v: Vec<&str> = vec!["--topic", "t", "--num-records", "0", "--throughput", "1"];
        v.extend(["--record-size", "1", "--producer-props", "a=b"]);
        assert_eq!(
            check(&parse(&v)).unwrap_err(),
            "--num-records should be greater than zero"
        );
        assert!(check(&with(&["--record-size", "1", "--bootstrap-server", "h:1"])).is_ok());
        let ok = ["--record-size", "1", "--bootstrap-server", "h:1"];
        let warmup = |n: &str| {
            let mut v = ok.to_vec();
            v.extend(["--warmup-records", n]);
            check(&with(&v))
        };
        assert!(warmup("0").is_ok() && warmup("9").is_ok());
        assert_eq!(
            warmup("10").unwrap_err(),
            "The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records."
        );
        assert_eq!(
            warmup("-1").unwrap_err(),
            "--warmup-records should be greater than or equal to zero"
        );
    }

    #[test]
    fn props_take_kafkas_defaults_and_the_flags_win() {
        let a = with(&[
            "--record-size",
            "1",
            "--producer-props",
            "bootstrap.servers=a:1",
            "acks=1",
            "linger.ms=0",
            "--bootstrap-server",
            "b:2",
        ]);
        let p = producer_properties(&a).unwrap();
        assert_eq!(p.get("bootstrap.servers"), Some("b:2"));
        assert_eq!(p.get("acks"), Some("1"));
        assert_eq!(p.get("linger.ms"), Some("0"));
        assert_eq!(p.get("client.id"), Some("perf-producer-client"));
        assert_eq!(p.get("enable.idempotence"), None, "acks=1 leaves it off");
        let a = with(&["--record-size", "1", "--bootstrap-server", "b:2"]);
        let p = producer_properties(&a).unwrap();
        assert_eq!(p.get("acks"), Some("all"));
        assert_eq!(p.get("enable.idempotence"), Some("true"));
    }
}
