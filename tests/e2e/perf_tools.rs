//! `strom producer-perf-test` and `strom consumer-perf-test`, end to end: Kafka's output lines,
//! what lands in the topic, and argument errors.

use std::collections::BTreeSet;

use predicates::str::contains;
use regex::Regex;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

/// A broker whose groups form at once (no 3 s initial rebalance delay).
fn broker() -> TestBroker {
    TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"])
}

const FINAL_LINE: &str = r"^(\d+) records sent, \d+\.\d records/sec \(\d+\.\d\d MB/sec\), \d+\.\d\d ms avg latency, \d+\.\d\d ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$";

const CONSUMER_HEADER: &str = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

/// Every record of `topic` from the beginning, through console-consumer.
fn consume_all(b: &TestBroker, topic: &str, n: usize) -> Vec<String> {
    let out = b
        .tool(
            "console-consumer",
            &[
                "--topic",
                topic,
                "--from-beginning",
                "--max-messages",
                &n.to_string(),
                "--timeout-ms",
                "20000",
            ],
        )
        .assert()
        .success();
    stdout_of(&out).lines().map(str::to_string).collect()
}

#[test]
fn producer_perf_test_prints_kafkas_final_line_and_the_topic_holds_the_records() {
    let b = broker();
    b.create_topic("perf", 3);
    let out = b
        .tool(
            "producer-perf-test",
            &[
                "--topic",
                "perf",
                "--num-records",
                "2000",
                "--record-size",
                "100",
                "--throughput",
                "-1",
            ],
        )
        .assert()
        .success();
    let stdout = stdout_of(&out);
    let last = stdout.lines().last().unwrap_or_default();
    let caps = Regex::new(FINAL_LINE)
        .unwrap()
        .captures(last)
        .unwrap_or_else(|| panic!("not Kafka's final line: {stdout:?}"));
    assert_eq!(&caps[1], "2000");
    assert_eq!(
        stderr_of(&out),
        "",
        "no progress bar or noise off a terminal"
    );
    let records = consume_all(&b, "perf", 2000);
    assert_eq!(records.len(), 2000);
    assert!(
        records
            .iter()
            .all(|r| r.len() == 100 && r.bytes().all(|c| c.is_ascii_uppercase())),
        "values are 100 random letters A-Z"
    );
}

#[test]
fn monotonic_payloads_throttled_with_progress_lines_and_producer_props() {
    let b = broker();
    b.create_topic("mono", 1);
    let bootstrap = format!("bootstrap.servers={}", b.bootstrap);
    // Kafka's classic form: no --bootstrap-server, the broker in --producer-props.
    let out = strom()
        .args([
            "producer-perf-test",
            "--topic",
            "mono",
            "--num-records",
            "300",
            "--payload-monotonic",
            "--throughput",
            "200",
            "--reporting-interval",
            "500",
            "--producer-props",
            &bootstrap,
            "acks=1",
            "linger.ms=0",
        ])
        .assert()
        .success();
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    let window = Regex::new(r"^\d+ records sent, \d+\.\d records/sec \(\d+\.\d\d MB/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$").unwrap();
    assert!(lines.len() >= 2, "window lines before the total: {stdout}");
    for l in &lines[..lines.len() - 1] {
        assert!(window.is_match(l), "not a window line: {l:?}");
    }
    assert!(
        Regex::new(FINAL_LINE)
            .unwrap()
            .is_match(lines[lines.len() - 1])
    );
    let values: BTreeSet<u64> = consume_all(&b, "mono", 300)
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(values, (0..300).collect::<BTreeSet<u64>>());
}

const WARMUP_NOTE: &str =
    "Warmup first 1000 records. Steady state results will print after the complete test summary.";

/// Kafka's final line with ` steady state` after the count (KIP-1052).
const STEADY_LINE: &str = r"^(\d+) steady state records sent, \d+\.\d records/sec \(\d+\.\d\d MB/sec\), \d+\.\d\d ms avg latency, \d+\.\d\d ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$";

const WINDOW_LINE: &str = r"^\d+ records sent, \d+\.\d records/sec \(\d+\.\d\d MB/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$";

#[test]
fn warmup_records_get_a_steady_state_line_after_the_total() {
    let b = broker();
    b.create_topic("warm", 2);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--topic",
            "warm",
            "--num-records",
            "3000",
            "--warmup-records",
            "1000",
        ];
        args.extend_from_slice(extra);
        b.tool("producer-perf-test", &args).assert().success()
    };

    // Unthrottled: the notice, the total for all records, then the steady state's.
    let out = run(&["--record-size", "50", "--throughput", "-1"]);
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first(), Some(&WARMUP_NOTE), "{stdout}");
    let n = lines.len();
    assert!(n >= 3, "{stdout}");
    let total = Regex::new(FINAL_LINE).unwrap().captures(lines[n - 2]);
    assert_eq!(
        total.map(|c| c[1].to_string()).as_deref(),
        Some("3000"),
        "{stdout}"
    );
    let steady = Regex::new(STEADY_LINE).unwrap().captures(lines[n - 1]);
    assert_eq!(
        steady.map(|c| c[1].to_string()).as_deref(),
        Some("2000"),
        "{stdout}"
    );
    assert_eq!(stderr_of(&out), "");
    // Warmup records are sent like the others.
    let offsets = stdout_of(
        &b.tool("get-offsets", &["--topic", "warm"])
            .assert()
            .success(),
    );
    let sent: u64 = offsets
        .lines()
        .map(|l| l.rsplit(':').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(sent, 3000, "{offsets}");

    // Throttled with frequent windows: the windows after the warmup are the steady state's,
    // the first one announced by `In steady state.`, once.
    let out = run(&[
        "--payload-monotonic",
        "--throughput",
        "1500",
        "--reporting-interval",
        "200",
    ]);
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    let n = lines.len();
    assert_eq!(lines[0], WARMUP_NOTE);
    let began: Vec<usize> = (0..n).filter(|&i| lines[i] == "In steady state.").collect();
    assert_eq!(began.len(), 1, "{stdout}");
    let window = Regex::new(WINDOW_LINE).unwrap();
    for (i, l) in lines[..n - 2].iter().enumerate().skip(1) {
        assert!(
            i == began[0] || window.is_match(l),
            "line {i} is not a window line: {l:?}\n{stdout}"
        );
    }
    assert!(began[0] + 1 < n - 2, "a window follows: {stdout}");
    assert!(
        Regex::new(FINAL_LINE).unwrap().is_match(lines[n - 2]),
        "{stdout}"
    );
    assert!(
        Regex::new(STEADY_LINE).unwrap().is_match(lines[n - 1]),
        "{stdout}"
    );

    // JSON: the steady state is an object of its own; the notice goes to stderr.
    let out = run(&[
        "--record-size",
        "10",
        "--throughput",
        "-1",
        "--output",
        "json",
    ]);
    assert_eq!(stderr_of(&out), format!("{WARMUP_NOTE}\n"));
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["records"], 3000);
    assert_eq!(doc["warmup_records"], 1000);
    let s = &doc["steady_state"];
    assert_eq!(
        (s["records"].as_u64(), s["failed"].as_u64()),
        (Some(2000), Some(0))
    );
    assert_eq!(s["bytes"], 20_000);
    for field in ["elapsed_ms", "records_per_sec", "avg_latency_ms", "p99_ms"] {
        assert!(s[field].as_f64().is_some_and(|v| v >= 0.0), "{field}: {s}");
    }
    assert!(s["elapsed_ms"].as_f64() <= doc["elapsed_ms"].as_f64());
    // Without --warmup-records there is no steady state.
    let out = b
        .tool(
            "producer-perf-test",
            &[
                "--topic",
                "warm",
                "--num-records",
                "10",
                "--record-size",
                "10",
                "--throughput",
                "-1",
                "--output",
                "json",
            ],
        )
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["steady_state"], serde_json::Value::Null);
    assert_eq!(doc["warmup_records"], 0);
}

#[test]
fn consumer_perf_test_reads_what_producer_perf_test_wrote() {
    let b = broker();
    b.create_topic("cperf", 2);
    b.tool(
        "producer-perf-test",
        &[
            "--topic",
            "cperf",
            "--num-records",
            "1000",
            "--record-size",
            "512",
            "--throughput",
            "-1",
            "--output",
            "json",
        ],
    )
    .assert()
    .success()
    .stdout(contains("\"records\": 1000"));

    let out = b
        .tool(
            "consumer-perf-test",
            &[
                "--topic",
                "cperf",
                "--messages",
                "1000",
                "--timeout",
                "30000",
            ],
        )
        .assert()
        .success();
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0], CONSUMER_HEADER);
    let fields: Vec<&str> = lines[1].split(", ").collect();
    assert_eq!(fields.len(), 10, "{}", lines[1]);
    let date = Regex::new(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}$").unwrap();
    assert!(
        date.is_match(fields[0]) && date.is_match(fields[1]),
        "{}",
        lines[1]
    );
    assert_eq!(fields[2], "0.4883", "1000 x 512 bytes in MB");
    assert_eq!(fields[4], "1000");
    let four_decimals = Regex::new(r"^\d+\.\d{4}$").unwrap();
    for i in [3, 5, 8, 9] {
        assert!(
            four_decimals.is_match(fields[i]),
            "field {i}: {}",
            fields[i]
        );
    }
    for i in [6, 7] {
        assert!(fields[i].parse::<u64>().is_ok(), "field {i}: {}", fields[i]);
    }

    // The same group again has nothing left to read; a fresh group with JSON output does.
    let out = b
        .tool(
            "consumer-perf-test",
            &[
                "--topic",
                "cperf",
                "--messages",
                "1000",
                "--group",
                "perf-json",
                "--output",
                "json",
                "--hide-header",
            ],
        )
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["messages"], 1000);
    assert_eq!(doc["timed_out"], false);
}

#[test]
fn consumer_perf_test_warns_like_kafka_on_timeout() {
    let b = broker();
    b.create_topic("quiet", 1);
    let out = b
        .tool(
            "consumer-perf-test",
            &[
                "--topic",
                "quiet",
                "--messages",
                "10",
                "--timeout",
                "1000",
                "--hide-header",
            ],
        )
        .assert()
        .success();
    let stdout = stdout_of(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "WARNING: Exiting before consuming the expected number of messages: timeout (1000 ms) exceeded. You can use the --timeout option to increase the timeout."
    );
    assert!(
        lines[1].contains(", 0.0000, 0.0000, 0, 0.0000, "),
        "{stdout}"
    );
}

#[test]
fn perf_tools_report_argument_errors() {
    let run = |args: &[&str]| strom().args(args).assert();
    run(&["producer-perf-test"])
        .success()
        .stdout(contains("--num-records"));
    let base = [
        "producer-perf-test",
        "--topic",
        "t",
        "--num-records",
        "5",
        "--throughput",
        "-1",
    ];
    let with = |extra: &[&str]| {
        let mut v = base.to_vec();
        v.extend_from_slice(extra);
        run(&v)
    };
    with(&["--producer-props", "bootstrap.servers=127.0.0.1:1"])
        .failure()
        .stderr(contains(
            "error: one of the arguments --record-size --payload-file --payload-monotonic is required",
        ));
    with(&["--record-size", "10"]).failure().stderr(contains(
        "Either --producer-props or --producer.config must be specified.",
    ));
    with(&[
        "--record-size",
        "10",
        "--payload-monotonic",
        "--bootstrap-server",
        "h:1",
    ])
    .failure()
    .stderr(contains(
        "argument --payload-monotonic: not allowed with argument --record-size",
    ));
    with(&[
        "--record-size",
        "10",
        "--bootstrap-server",
        "127.0.0.1:1",
        "--transactional-id",
        "tx",
    ])
    .failure()
    .stderr(contains("transactions are not supported"));
    // --warmup-records: strictly fewer than --num-records (Kafka's message), and not negative.
    for warmup in ["5", "6"] {
        with(&[
            "--record-size",
            "10",
            "--bootstrap-server",
            "127.0.0.1:1",
            "--warmup-records",
            warmup,
        ])
        .code(1)
        .stderr(contains(
            "kafka-producer-perf-test: error: The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.",
        ));
    }
    with(&[
        "--record-size",
        "10",
        "--bootstrap-server",
        "127.0.0.1:1",
        "--warmup-records",
        "-1",
    ])
    .code(1)
    .stderr(contains(
        "kafka-producer-perf-test: error: --warmup-records should be greater than or equal to zero",
    ));
    run(&[
        "consumer-perf-test",
        "--bootstrap-server",
        "127.0.0.1:1",
        "--topic",
        "t",
    ])
    .failure()
    .stderr(contains("Missing required argument \"[messages]\""));
    run(&[
        "consumer-perf-test",
        "--bootstrap-server",
        "127.0.0.1:1",
        "--topic",
        "t",
        "--messages",
        "1",
        "--date-format",
        "yyyy-qq",
    ])
    .failure()
    .stderr(contains("Illegal pattern character 'q'"));
}
