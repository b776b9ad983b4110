//! `strom delete-records` (kafka-delete-records): Kafka's output, per-partition errors, the
//! offset file's errors, and the log start offset moving (seen through `get-offsets` and a
//! consumer reading from the beginning).

use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

fn produce(b: &TestBroker, topic: &str, lines: usize) {
    let input: String = (0..lines).map(|i| format!("record-{i}\n")).collect();
    b.tool("console-producer", &["--topic", topic])
        .write_stdin(input)
        .assert()
        .success();
}

fn offsets(b: &TestBroker, topic: &str, time: &str) -> String {
    let out = b
        .tool("get-offsets", &["--topic", topic, "--time", time])
        .assert()
        .success();
    stdout_of(&out)
}

fn offset_file(b: &TestBroker, name: &str, json: &str) -> String {
    let path = b.path(name);
    std::fs::write(&path, json).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn deleting_moves_the_log_start_offset() {
    let b = TestBroker::start();
    b.create_topic("d", 1);
    b.create_topic("e", 1);
    produce(&b, "d", 10);
    produce(&b, "e", 5);
    assert_eq!(offsets(&b, "d", "earliest"), "d:0:0\n");

    let file = offset_file(
        &b,
        "offsets.json",
        r#"{"partitions": [
              {"topic": "d", "partition": 0, "offset": 4},
              {"topic": "e", "partition": 0, "offset": -1},
              {"topic": "d", "partition": 3, "offset": 1},
              {"topic": "missing", "partition": 0, "offset": 1}
            ], "version": 1}"#,
    );
    b.tool("delete-records", &["--offset-json-file", &file])
        .assert()
        .success()
        .stdout(
            "Executing records delete operation\n\
             Records delete operation completed:\n\
             partition: d-0\tlow_watermark: 4\n\
             partition: d-3\terror: This server does not host this topic-partition.\n\
             partition: e-0\tlow_watermark: 5\n\
             partition: missing-0\terror: This server does not host this topic-partition.\n",
        );

    // Server state: the log starts at the new offsets; the end did not move.
    assert_eq!(offsets(&b, "d", "earliest"), "d:0:4\n");
    assert_eq!(offsets(&b, "d", "latest"), "d:0:10\n");
    assert_eq!(offsets(&b, "e", "-2"), "e:0:5\n");
    let out = b
        .tool(
            "console-consumer",
            &["--topic", "d", "--from-beginning", "--max-messages", "6"],
        )
        .assert()
        .success();
    let records: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(
        records.first().map(String::as_str),
        Some("record-4"),
        "{records:?}"
    );
    assert_eq!(records.len(), 6);

    // Below the log end only: a later offset is refused, and JSON reports it per partition.
    let file = offset_file(
        &b,
        "past.json",
        r#"{"partitions": [{"topic": "d", "partition": 0, "offset": 99}]}"#,
    );
    let out = b
        .tool(
            "delete-records",
            &["--offset-json-file", &file, "--output", "json"],
        )
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let p = &doc["partitions"][0];
    assert_eq!(
        (p["topic"].as_str(), p["partition"].as_i64()),
        (Some("d"), Some(0))
    );
    assert_eq!(p["low_watermark"], Value::Null);
    assert_eq!(
        p["error"],
        "The requested offset is not within the range of offsets maintained by the server."
    );
    assert_eq!(offsets(&b, "d", "earliest"), "d:0:4\n");
}

#[test]
fn offset_file_errors_are_kafkas_messages() {
    let b = TestBroker::start();
    b.create_topic("d", 1);
    produce(&b, "d", 3);
    let cases = [
        ("not json", "The input string is not a valid JSON\n"),
        (r#"{"version": 1}"#, "Missing partitions field\n"),
        (
            r#"{"partitions": [{"topic": "d", "partition": 0, "offset": 1},
                               {"topic": "d", "partition": 0, "offset": 2}]}"#,
            "Offset json file contains duplicate topic partitions: d-0\n",
        ),
        (
            r#"{"partitions": [], "version": 2}"#,
            "Not supported version field value 2\n",
        ),
    ];
    for (i, (json, stderr)) in cases.iter().enumerate() {
        let file = offset_file(&b, &format!("bad{i}.json"), json);
        let out = b
            .tool("delete-records", &["--offset-json-file", &file])
            .assert()
            .failure()
            .code(1);
        assert_eq!(stderr_of(&out), *stderr, "{json}");
        assert_eq!(stdout_of(&out), "", "{json}");
    }
    // Nothing was deleted.
    assert_eq!(offsets(&b, "d", "earliest"), "d:0:0\n");

    strom()
        .args(["delete-records", "--bootstrap-server", &b.bootstrap])
        .assert()
        .failure()
        .code(1)
        .stderr(predicates::str::starts_with(
            "Missing required argument \"[offset-json-file]\"\n",
        ));
}
