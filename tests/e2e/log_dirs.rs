//! `strom log-dirs` (kafka-log-dirs): Kafka's three output lines, partition sizes that match
//! the segment files on disk, the topic filter, `--output json|table`, and Kafka's messages for
//! unknown brokers and missing options.

use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

fn produce(b: &TestBroker, topic: &str, lines: usize) {
    let input: String = (0..lines).map(|i| format!("record-{i}\n")).collect();
    b.tool("console-producer", &["--topic", topic])
        .write_stdin(input)
        .assert()
        .success();
}

/// Bytes of the `.log` segments of one partition directory.
fn on_disk(b: &TestBroker, partition_dir: &str) -> u64 {
    std::fs::read_dir(b.path("data").join(partition_dir))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

fn data_dir(b: &TestBroker) -> String {
    b.path("data")
        .canonicalize()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn describe_prints_kafkas_lines_and_sizes() {
    let b = TestBroker::start();
    b.create_topic("sizes", 2);
    b.create_topic("other", 1);
    produce(&b, "sizes", 20);

    let out = b
        .tool("log-dirs", &["--describe", "--topic-list", "sizes"])
        .assert()
        .success();
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "Querying brokers for log directories information");
    assert_eq!(
        lines[1],
        "Received log directory information from brokers 1"
    );
    // Kafka's field order, compact.
    assert!(
        lines[2].starts_with(
            r#"{"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"sizes-"#
        ),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(r#"}],"version":1}"#), "{}", lines[2]);
    let doc: Value = serde_json::from_str(lines[2]).unwrap();
    let dir = &doc["brokers"][0]["logDirs"][0];
    assert_eq!(dir["logDir"], data_dir(&b).as_str());
    assert_eq!(dir["error"], Value::Null);
    let parts = dir["partitions"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "only the listed topic: {parts:?}");
    let mut total = 0;
    for p in parts {
        let name = p["partition"].as_str().unwrap();
        let size = p["size"].as_u64().unwrap();
        assert_eq!(size, on_disk(&b, name), "{name}");
        assert_eq!(p["offsetLag"], 0);
        assert_eq!(p["isFuture"], false);
        total += size;
    }
    assert!(total > 0);

    // Without a topic list: every topic, including the empty one.
    let out = b.tool("log-dirs", &["--describe"]).assert().success();
    let text = stdout_of(&out);
    let last = text.lines().last().unwrap();
    assert!(last.contains(r#"{"partition":"other-0","size":0,"offsetLag":0,"isFuture":false}"#));

    // --output json: one document, sizes as above.
    let out = b
        .tool(
            "log-dirs",
            &["--describe", "--topic-list", "sizes", "--output", "json"],
        )
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let dir = &doc["brokers"][0]["log_dirs"][0];
    assert_eq!(doc["brokers"][0]["broker"], 1);
    assert_eq!(dir["log_dir"], data_dir(&b).as_str());
    assert!(dir["total_bytes"].as_i64().unwrap() > 0);
    let parts = dir["partitions"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    for p in parts {
        assert_eq!(p["topic"], "sizes");
        let name = format!("sizes-{}", p["partition"]);
        assert_eq!(p["size"].as_u64().unwrap(), on_disk(&b, &name));
    }

    // --output table: a row per partition.
    let out = b
        .tool(
            "log-dirs",
            &["--describe", "--topic-list", "sizes", "--output", "table"],
        )
        .assert()
        .success();
    let table = stdout_of(&out);
    assert!(table.contains("PARTITION"), "{table}");
    assert!(
        table.contains("sizes-0") && table.contains("sizes-1"),
        "{table}"
    );
}

#[test]
fn unknown_brokers_and_missing_options_are_refused() {
    let b = TestBroker::start();
    let out = b
        .tool("log-dirs", &["--describe", "--broker-list", "1,7"])
        .assert()
        .code(1);
    assert_eq!(
        stderr_of(&out),
        "ERROR: The given brokers do not exist from --broker-list: 7. Current existent brokers: 1\n"
    );
    assert_eq!(stdout_of(&out), "");

    let out = b.tool("log-dirs", &["--broker-list", "1"]).assert().code(1);
    assert!(stderr_of(&out).starts_with("Missing required argument \"[describe]\""));

    let out = strom().args(["log-dirs", "--describe"]).assert().code(1);
    assert!(stderr_of(&out).starts_with("Missing required argument \"[bootstrap-server]\""));

    // The broker list given explicitly.
    let out = b
        .tool("log-dirs", &["--describe", "--broker-list", "1"])
        .assert()
        .success();
    assert!(stdout_of(&out).contains("Received log directory information from brokers 1\n"));
}
