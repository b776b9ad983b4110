//! `strom console-producer` and `strom console-consumer`, end to end.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use predicates::str::contains;
use strom_client::murmur2::partition_for_key;

use crate::harness::{TestBroker, closed_port, stderr_of, stdout_of, strom};

fn produce(b: &TestBroker, topic: &str, input: String, extra: &[&str]) {
    let mut args = vec!["--topic", topic];
    args.extend_from_slice(extra);
    b.tool("console-producer", &args)
        .write_stdin(input)
        .assert()
        .success()
        .stdout("");
}

/// Consume `n` records from the beginning with extra flags; returns stdout.
fn consume(b: &TestBroker, topic: &str, n: usize, extra: &[&str]) -> String {
    let n = n.to_string();
    let mut args = vec![
        "--topic",
        topic,
        "--from-beginning",
        "--max-messages",
        &n,
        "--timeout-ms",
        "20000",
    ];
    args.extend_from_slice(extra);
    let out = b.tool("console-consumer", &args).assert().success();
    assert_eq!(
        stderr_of(&out),
        format!("Processed a total of {n} messages\n")
    );
    stdout_of(&out)
}

#[test]
fn hundred_thousand_keyed_lines_with_headers_round_trip_with_every_print_property() {
    const N: usize = 100_000;
    const PARTITIONS: i32 = 3;
    let b = TestBroker::start();
    b.create_topic("bulk", PARTITIONS);
    let mut input = String::with_capacity(N * 40);
    for i in 0..N {
        // Duplicate header keys are legal in Kafka and must survive.
        input.push_str(&format!("h:{i},h:dup,e:\tkey{i}\tvalue {i}\n"));
    }
    produce(
        &b,
        "bulk",
        input,
        &[
            "--property",
            "parse.key=true",
            "--property",
            "parse.headers=true",
        ],
    );

    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let out = consume(
        &b,
        "bulk",
        N,
        &[
            "--property",
            "print.timestamp=true",
            "--property",
            "print.partition=true",
            "--property",
            "print.offset=true",
            "--property",
            "print.headers=true",
            "--property",
            "print.key=true",
        ],
    );
    let mut seen = vec![false; N];
    let mut offsets: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for line in out.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 6, "{line}");
        let ts: i64 = f[0]
            .strip_prefix("CreateTime:")
            .expect("timestamp field")
            .parse()
            .unwrap();
        assert!(ts > 0 && ts <= before, "{line}");
        let p: i32 = f[1]
            .strip_prefix("Partition:")
            .expect("partition field")
            .parse()
            .unwrap();
        let o: i64 = f[2]
            .strip_prefix("Offset:")
            .expect("offset field")
            .parse()
            .unwrap();
        let i: usize = f[4].strip_prefix("key").expect("key").parse().unwrap();
        assert_eq!(f[3], format!("h:{i},h:dup,e:"), "{line}");
        assert_eq!(f[5], format!("value {i}"));
        assert_eq!(
            p,
            partition_for_key(f[4].as_bytes(), PARTITIONS),
            "Java's murmur2 partitioning for {}",
            f[4]
        );
        assert!(!seen[i], "record {i} seen twice");
        seen[i] = true;
        offsets.entry(p).or_default().push(o);
    }
    assert!(seen.iter().all(|&s| s), "every record came back");
    for (p, mut offs) in offsets {
        offs.sort_unstable();
        assert_eq!(
            offs,
            (0..offs.len() as i64).collect::<Vec<_>>(),
            "partition {p} offsets are dense"
        );
    }
}

#[test]
fn lines_keep_their_order_within_a_partition_with_many_requests_in_flight() {
    let b = TestBroker::start();
    b.create_topic("ordered", 1);
    // Small batches: hundreds of Produce requests, up to five in flight at a time.
    let lines: String = (0..30_000).map(|i| format!("{i}\n")).collect();
    produce(&b, "ordered", lines.clone(), &["--batch-size", "1024"]);
    assert_eq!(consume(&b, "ordered", 30_000, &[]), lines);
}

#[test]
fn partition_and_offset_select_where_reading_starts() {
    let b = TestBroker::start();
    b.create_topic("po", 1);
    produce(&b, "po", (0..10).map(|i| format!("m{i}\n")).collect(), &[]);

    let at = |offset: &str, max: &str| {
        b.tool(
            "console-consumer",
            &[
                "--topic",
                "po",
                "--partition",
                "0",
                "--offset",
                offset,
                "--max-messages",
                max,
            ],
        )
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
    };
    at("5", "5")
        .stdout("m5\nm6\nm7\nm8\nm9\n")
        .stderr("Processed a total of 5 messages\n");
    at("earliest", "2").stdout("m0\nm1\n");
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "po",
            "--partition",
            "0",
            "--offset",
            "latest",
            "--timeout-ms",
            "700",
        ],
    )
    .assert()
    .success()
    .stdout("")
    .stderr("Processed a total of 0 messages\n");
    b.tool("console-consumer", &["--topic", "po", "--offset", "5"])
        .assert()
        .code(1)
        .stderr(contains(
            "The partition is required when offset is specified.",
        ));
    b.tool(
        "console-consumer",
        &["--topic", "po", "--partition", "0", "--offset", "-3"],
    )
    .assert()
    .code(1)
    .stderr(contains("The provided offset value is incorrect"));
}

#[test]
fn timeout_ms_ends_cleanly_with_only_the_count_line() {
    let b = TestBroker::start();
    b.create_topic("quiet", 2);
    let started = Instant::now();
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "quiet",
            "--from-beginning",
            "--timeout-ms",
            "800",
        ],
    )
    .assert()
    .success()
    .stdout("")
    .stderr("Processed a total of 0 messages\n");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn max_messages_stops_after_n_records() {
    let b = TestBroker::start();
    b.create_topic("few", 1);
    produce(&b, "few", "a\nb\nc\n".into(), &[]);
    b.tool(
        "console-consumer",
        &["--topic", "few", "--from-beginning", "--max-messages", "2"],
    )
    .assert()
    .success()
    .stdout("a\nb\n")
    .stderr("Processed a total of 2 messages\n");
}

#[test]
fn closing_the_pipe_early_exits_zero() {
    let b = TestBroker::start();
    b.create_topic("piped", 1);
    // ~2 MB: far more than a pipe buffer, so the consumer is still writing when head exits.
    let line = "x".repeat(100);
    produce(
        &b,
        "piped",
        (0..20_000).map(|i| format!("{i} {line}\n")).collect(),
        &[],
    );
    let script = format!(
        "set -o pipefail; '{}' console-consumer --bootstrap-server {} --topic piped --from-beginning --timeout-ms 5000 | head -1",
        env!("CARGO_BIN_EXE_strom"),
        b.bootstrap
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("run bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {stderr}",
        out.status
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("0 {line}\n"));
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn every_compression_codec_round_trips() {
    let b = TestBroker::start();
    b.create_topic("codecs", 1);
    let mut expected = String::new();
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        let lines: String = (0..50).map(|i| format!("{codec}-{i}\n")).collect();
        produce(&b, "codecs", lines.clone(), &["--compression-codec", codec]);
        expected.push_str(&lines);
    }
    // No value means gzip.
    produce(&b, "codecs", "bare\n".into(), &["--compression-codec"]);
    expected.push_str("bare\n");
    assert_eq!(consume(&b, "codecs", 251, &[]), expected);
}

#[test]
fn acks_zero_and_sync_sends_arrive() {
    let b = TestBroker::start();
    b.create_topic("acks", 1);
    let lines: String = (0..1000).map(|i| format!("a{i}\n")).collect();
    produce(&b, "acks", lines.clone(), &["--request-required-acks", "0"]);
    produce(
        &b,
        "acks",
        "s1\ns2\ns3\n".into(),
        &["--sync", "--request-required-acks", "1"],
    );
    assert_eq!(
        consume(&b, "acks", 1003, &[]),
        format!("{lines}s1\ns2\ns3\n")
    );
}

#[test]
fn idempotent_producer_round_trips() {
    let b = TestBroker::start();
    b.create_topic("idem", 2);
    let lines: String = (0..5000).map(|i| format!("{i}\n")).collect();
    produce(
        &b,
        "idem",
        lines,
        &[
            "--producer-property",
            "enable.idempotence=true",
            "--batch-size",
            "1024",
        ],
    );
    let out = consume(&b, "idem", 5000, &[]);
    let mut got: Vec<u32> = out.lines().map(|l| l.parse().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, (0..5000).collect::<Vec<_>>());
}

#[test]
fn records_over_max_request_size_fail_the_run_but_the_rest_are_sent() {
    let b = TestBroker::start();
    b.create_topic("big", 1);
    let huge = "x".repeat(2 << 20);
    let out = b
        .tool("console-producer", &["--topic", "big"])
        .write_stdin(format!("small1\n{huge}\nsmall2\n"))
        .assert()
        .code(1);
    let err = stderr_of(&out);
    assert!(
        err.contains("which is the value of the max.request.size configuration"),
        "{err}"
    );
    assert_eq!(consume(&b, "big", 2, &[]), "small1\nsmall2\n");
}

#[test]
fn an_offset_past_the_end_resets_per_auto_offset_reset() {
    let b = TestBroker::start();
    b.create_topic("oor", 1);
    produce(&b, "oor", "r0\nr1\nr2\n".into(), &[]);
    // Default for the console consumer without --from-beginning: latest, so nothing old.
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "oor",
            "--partition",
            "0",
            "--offset",
            "100",
            "--timeout-ms",
            "1000",
        ],
    )
    .assert()
    .success()
    .stdout("");
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "oor",
            "--partition",
            "0",
            "--offset",
            "100",
            "--max-messages",
            "3",
            "--consumer-property",
            "auto.offset.reset=earliest",
        ],
    )
    .timeout(Duration::from_secs(30))
    .assert()
    .success()
    .stdout("r0\nr1\nr2\n");
}

#[test]
fn a_line_without_key_separator_stops_the_producer_with_kafkas_message() {
    let b = TestBroker::start();
    b.create_topic("badline", 1);
    b.tool(
        "console-producer",
        &["--topic", "badline", "--property", "parse.key=true"],
    )
    .write_stdin("k1\tv1\nbad\nk3\tv3\n")
    .assert()
    .code(1)
    .stderr(contains("No key separator found on line number 2: 'bad'"));
    // The line before the bad one was sent; ignore.error keeps going.
    b.tool(
        "console-producer",
        &[
            "--topic",
            "badline",
            "--property",
            "parse.key=true",
            "--property",
            "ignore.error=true",
        ],
    )
    .write_stdin("bad2\nk4\tv4\n")
    .assert()
    .success();
    assert_eq!(
        consume(&b, "badline", 3, &["--property", "print.key=true"]),
        "k1\tv1\nnull\tbad2\nk4\tv4\n"
    );
}

#[test]
fn null_marker_and_custom_separators() {
    let b = TestBroker::start();
    b.create_topic("nulls", 1);
    produce(
        &b,
        "nulls",
        "k1=v1\n<null>=v2\nk3=<null>\n".into(),
        &[
            "--property",
            "parse.key=true",
            "--property",
            "key.separator==",
            "--property",
            "null.marker=<null>",
        ],
    );
    let out = consume(
        &b,
        "nulls",
        3,
        &[
            "--property",
            "print.key=true",
            "--property",
            "key.separator=|",
            "--property",
            "null.literal=NULL",
        ],
    );
    assert_eq!(out, "k1|v1\nNULL|v2\nk3|NULL\n");
}

#[test]
fn include_consumes_every_matching_topic() {
    let b = TestBroker::start();
    for t in ["inc-a", "inc-b", "other"] {
        b.create_topic(t, 1);
        produce(&b, t, format!("from {t}\n"), &[]);
    }
    let out = b
        .tool(
            "console-consumer",
            &[
                "--include",
                "inc-.*",
                "--from-beginning",
                "--max-messages",
                "2",
                "--timeout-ms",
                "20000",
            ],
        )
        .assert()
        .success();
    let mut lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    lines.sort();
    assert_eq!(lines, ["from inc-a", "from inc-b"]);
}

#[test]
fn consumer_option_errors() {
    let b = TestBroker::start();
    b.tool("console-consumer", &[])
        .assert()
        .code(1)
        .stderr(contains("Exactly one of --include/--topic is required."));
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "t",
            "--group",
            "g",
            "--consumer-property",
            "group.id=h",
        ],
    )
    .assert()
    .code(1)
    .stderr(contains(
        "The group ids provided in different places (directly using '--group', via '--consumer-property', \
         or via '--consumer.config') do not match. Detected group ids: 'g', 'h'",
    ));
    b.tool(
        "console-consumer",
        &["--topic", "t", "--group", "g", "--partition", "0"],
    )
    .assert()
    .code(1)
    .stderr(contains(
        "Options group and partition cannot be specified together.",
    ));
    b.tool("console-producer", &[])
        .assert()
        .code(1)
        .stderr(contains("Missing required argument \"[topic]\""));
}

#[test]
fn tools_fail_fast_when_the_bootstrap_server_is_unreachable() {
    let port = closed_port();
    let addr = format!("127.0.0.1:{port}");
    for tool in ["console-producer", "console-consumer"] {
        let started = Instant::now();
        strom()
            .args([tool, "--bootstrap-server", &addr, "--topic", "t"])
            .write_stdin("x\n")
            .assert()
            .failure()
            .stderr(contains(format!(
                "cannot connect to {addr} (bootstrap server): Connection refused"
            )))
            .stderr(predicate::str::contains("panicked").not());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{tool} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_peer_that_never_answers_fails_the_tools_within_seconds() {
    // Accepts connections (the kernel does, via the backlog) but never speaks Kafka.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let started = Instant::now();
    // Both tools at once: each should give up after the 5 s connect timeout.
    let consumer = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            strom()
                .args([
                    "console-consumer",
                    "--bootstrap-server",
                    &addr,
                    "--topic",
                    "t",
                ])
                .assert()
                .failure()
                .stderr(contains(addr.as_str()));
        })
    };
    let out = strom()
        .args(["topics", "--bootstrap-server", &addr, "--list"])
        .assert()
        .code(1);
    assert!(stdout_of(&out).contains(&addr), "{}", stdout_of(&out));
    consumer.join().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    drop(silent);
}

#[test]
fn sigint_stops_the_consumer_cleanly_with_the_count_line() {
    use std::io::{BufRead, BufReader, Read};
    let b = TestBroker::start();
    b.create_topic("sig", 1);
    produce(&b, "sig", "one\n".into(), &[]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_strom"))
        .args([
            "console-consumer",
            "--bootstrap-server",
            &b.bootstrap,
            "--topic",
            "sig",
            "--from-beginning",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the record is printed the consumer is in its poll loop with handlers installed.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "one\n");
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert_eq!(stderr, "Processed a total of 1 messages\n");
}
