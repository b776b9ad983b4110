//! `strom metadata-quorum` (kafka-metadata-quorum) against a real broker: Kafka's status and
//! replication formats filled from DescribeQuorum (this node leads, the high watermark is the
//! metadata log's end offset and grows with each metadata change), the JSON and table views,
//! and Kafka's usage errors.

use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

fn quorum(b: &TestBroker, args: &[&str]) -> String {
    let out = b.tool("metadata-quorum", args).assert().success();
    stdout_of(&out)
}

/// The value after `Key:` on the status line that starts with it.
fn field(status: &str, key: &str) -> String {
    let line = status
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in:\n{status}"));
    line[key.len() + 1..].trim_start().to_string()
}

fn high_watermark(b: &TestBroker) -> i64 {
    field(&quorum(b, &["describe", "--status"]), "HighWatermark")
        .parse()
        .unwrap()
}

/// `directory.id` from the metadata log directory's meta.properties.
fn directory_id(b: &TestBroker) -> String {
    let text = std::fs::read_to_string(b.path("data").join("meta.properties")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("directory.id="))
        .unwrap()
        .to_string()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[test]
fn status_is_kafkas_format_and_the_high_watermark_follows_metadata_changes() {
    let b = TestBroker::start();
    b.create_topic("q1", 2);
    let status = quorum(&b, &["describe", "--status"]);
    let lines: Vec<&str> = status.lines().collect();
    let keys: Vec<&str> = lines.iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "ClusterId",
            "LeaderId",
            "LeaderEpoch",
            "HighWatermark",
            "MaxFollowerLag",
            "MaxFollowerLagTimeMs",
            "CurrentVoters",
            "CurrentObservers"
        ],
        "{status}"
    );
    // Values start in column 24, as in Kafka's tool.
    for l in &lines {
        let label = &l[..24];
        assert!(label.ends_with(": ") || label.ends_with("  "), "{l:?}");
        assert_ne!(l.as_bytes()[24], b' ', "{l:?}");
    }
    assert_eq!(
        field(&status, "ClusterId"),
        b.ready["cluster_id"].as_str().unwrap()
    );
    assert_eq!(field(&status, "LeaderId"), "1");
    assert_eq!(field(&status, "LeaderEpoch"), "1");
    assert_eq!(field(&status, "MaxFollowerLag"), "0");
    assert_eq!(field(&status, "MaxFollowerLagTimeMs"), "0");
    assert_eq!(
        field(&status, "CurrentVoters"),
        format!(
            "[{{\"id\": 1, \"directoryId\": \"{}\", \"endpoints\": [\"PLAINTEXT://{}\"]}}]",
            directory_id(&b),
            b.bootstrap
        )
    );
    assert_eq!(field(&status, "CurrentObservers"), "[]");

    let first: i64 = field(&status, "HighWatermark").parse().unwrap();
    assert!(first > 0, "{status}");
    b.create_topic("q2", 1);
    let second = high_watermark(&b);
    assert!(second > first, "{second} after {first}");
    // Reads change nothing.
    b.tool("topics", &["--list"]).assert().success();
    assert_eq!(high_watermark(&b), second);
}

#[test]
fn replication_is_a_tab_separated_table_with_the_leader() {
    let b = TestBroker::start();
    b.create_topic("r", 1);
    let hw = high_watermark(&b);
    let before = now_ms();
    let text = quorum(&b, &["describe", "--replication"]);
    let after = now_ms();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let dir = directory_id(&b);
    assert_eq!(
        lines[0],
        format!(
            "NodeId\tDirectoryId{}\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus\t",
            " ".repeat(dir.len() - "DirectoryId".len())
        )
    );
    assert!(lines[1].ends_with('\t'), "{:?}", lines[1]);
    let cells: Vec<&str> = lines[1].trim_end_matches('\t').split('\t').collect();
    let headers: Vec<&str> = lines[0].trim_end_matches('\t').split('\t').collect();
    for (c, h) in cells.iter().zip(&headers) {
        assert_eq!(
            c.len(),
            h.len(),
            "cells are padded to the column: {:?}",
            lines[1]
        );
    }
    let cells: Vec<&str> = cells.iter().map(|c| c.trim_end()).collect();
    assert_eq!(cells[0], "1");
    assert_eq!(cells[1], dir);
    assert_eq!(cells[2], hw.to_string());
    assert_eq!(cells[3], "0");
    for ts in &cells[4..6] {
        let ts: i64 = ts.parse().unwrap();
        assert!(
            before - 1000 <= ts && ts <= after + 1000,
            "{ts} not in [{before}, {after}]"
        );
    }
    assert_eq!(cells[6], "Leader");

    let human = quorum(&b, &["describe", "--replication", "--human-readable"]);
    let row = human.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split('\t').map(str::trim_end).collect();
    for c in &cells[4..6] {
        let ms = c
            .strip_suffix(" ms ago")
            .unwrap_or_else(|| panic!("{row:?}"));
        assert!(ms.parse::<i64>().unwrap() < 5000, "{row:?}");
    }
}

#[test]
fn bootstrap_controller_works_like_bootstrap_server() {
    let b = TestBroker::start();
    let out = strom()
        .args(["metadata-quorum", "describe", "--status"])
        .args(["--bootstrap-controller", &b.bootstrap])
        .assert()
        .success();
    assert_eq!(field(&stdout_of(&out), "LeaderId"), "1");
}

#[test]
fn json_and_table_views() {
    let b = TestBroker::start();
    b.create_topic("j", 1);
    let status: Value =
        serde_json::from_str(&quorum(&b, &["describe", "--status", "--output", "json"])).unwrap();
    assert_eq!(status["leader_id"], 1);
    assert_eq!(status["leader_epoch"], 1);
    assert_eq!(status["cluster_id"], b.ready["cluster_id"]);
    assert!(status["high_watermark"].as_i64().unwrap() > 0);
    assert_eq!(status["max_follower_lag"], 0);
    let voter = &status["current_voters"][0];
    assert_eq!(voter["id"], 1);
    assert_eq!(voter["directory_id"], directory_id(&b).as_str());
    assert_eq!(
        voter["endpoints"][0],
        format!("PLAINTEXT://{}", b.bootstrap).as_str()
    );
    assert_eq!(status["current_observers"], serde_json::json!([]));

    let repl: Value = serde_json::from_str(&quorum(
        &b,
        &["describe", "--replication", "--output", "json"],
    ))
    .unwrap();
    let replicas = repl["replicas"].as_array().unwrap();
    assert_eq!(replicas.len(), 1);
    assert_eq!(replicas[0]["node_id"], 1);
    assert_eq!(replicas[0]["status"], "Leader");
    assert_eq!(replicas[0]["lag"], 0);
    assert_eq!(replicas[0]["log_end_offset"], status["high_watermark"]);
    assert!(replicas[0]["last_fetch_timestamp"].as_i64().unwrap() > 0);

    let table = quorum(&b, &["describe", "--replication", "--output", "table"]);
    assert!(
        table.contains("NODE ID") && table.contains("Leader"),
        "{table}"
    );
    let table = quorum(&b, &["describe", "--status", "--output", "table"]);
    assert!(table.contains("High watermark"), "{table}");
}

#[test]
fn kafkas_usage_errors() {
    let b = TestBroker::start();
    for (args, msg) in [
        (
            &["describe"][..],
            "One of --status or --replication must be specified with describe sub-command",
        ),
        (
            &["describe", "--status", "--replication"],
            "Only one of --status or --replication should be specified with describe sub-command",
        ),
        (
            &["describe", "--status", "--human-readable"],
            "The option --human-readable is only supported along with --replication",
        ),
        (
            &["--bootstrap-controller", "h:1", "describe", "--status"],
            "You cannot specify both --bootstrap-controller and --bootstrap-server.",
        ),
    ] {
        let out = b.tool("metadata-quorum", args).assert().code(1);
        assert_eq!(stderr_of(&out), format!("{msg}\n"), "{args:?}");
        assert_eq!(stdout_of(&out), "");
    }
    let out = strom()
        .args(["metadata-quorum", "describe", "--status"])
        .assert()
        .code(1);
    assert_eq!(
        stderr_of(&out),
        "You must specify either --bootstrap-controller or --bootstrap-server.\n"
    );
}

#[test]
fn controller_changes_are_refused() {
    let b = TestBroker::start();
    let out = b
        .tool("metadata-quorum", &["add-controller", "--dry-run"])
        .assert()
        .code(1);
    assert!(
        stderr_of(&out).contains("single node"),
        "{}",
        stderr_of(&out)
    );
    let out = b
        .tool(
            "metadata-quorum",
            &[
                "remove-controller",
                "-i",
                "1",
                "-d",
                "AAAAAAAAAAAAAAAAAAAAAA",
            ],
        )
        .assert()
        .code(1);
    assert!(
        stderr_of(&out).contains("single node"),
        "{}",
        stderr_of(&out)
    );
    // Nothing changed.
    assert_eq!(
        field(&quorum(&b, &["describe", "--status"]), "LeaderId"),
        "1"
    );
}
