//! `strom topics`: create, list, describe, alter, delete, and their errors.

use predicates::prelude::*;
use predicates::str::contains;

use crate::harness::{TestBroker, closed_port, stdout_of, strom};

const PREFIX: &str = "Error while executing topic command : ";

#[test]
fn create_prints_kafkas_confirmation_and_list_is_sorted() {
    let b = TestBroker::start();
    b.tool(
        "topics",
        &["--create", "--topic", "zeta", "--partitions", "2"],
    )
    .assert()
    .success()
    .stdout("Created topic zeta.\n");
    b.create_topic("alpha", 1);

    let out = b.tool("topics", &["--list"]).assert().success();
    let names: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert!(
        names.contains(&"alpha".to_string()) && names.contains(&"zeta".to_string()),
        "{names:?}"
    );
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "--list is sorted");
}

#[test]
fn names_with_period_or_underscore_get_the_collision_warning() {
    let b = TestBroker::start();
    b.tool("topics", &["--create", "--topic", "orders.v1"]).assert().success().stdout(
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. \
         To avoid issues it is best to use either, but not both.\nCreated topic orders.v1.\n",
    );
}

#[test]
fn describe_text_is_kafkas_tab_separated_layout() {
    let b = TestBroker::start();
    b.tool(
        "topics",
        &[
            "--create",
            "--topic",
            "desc",
            "--partitions",
            "3",
            "--config",
            "retention.ms=123456",
        ],
    )
    .assert()
    .success();

    let out = b
        .tool("topics", &["--describe", "--topic", "desc"])
        .assert()
        .success();
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let head: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(head[0], "Topic: desc");
    let id = head[1].strip_prefix("TopicId: ").expect("TopicId field");
    assert_eq!(id.len(), 22, "base64url topic id without padding: {id}");
    assert!(
        id.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    );
    assert_eq!(&head[2..4], ["PartitionCount: 3", "ReplicationFactor: 1"]);
    assert!(
        head[4].starts_with("Configs: ") && head[4].contains("retention.ms=123456"),
        "{}",
        head[4]
    );
    for (i, line) in lines[1..].iter().enumerate() {
        assert_eq!(
            *line,
            format!(
                "\tTopic: desc\tPartition: {i}\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A"
            )
        );
    }

    // The override shows up with --topics-with-overrides (topic line only).
    let out = b
        .tool("topics", &["--describe", "--topics-with-overrides"])
        .assert()
        .success();
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l.starts_with("Topic: desc\t")),
        "{text}"
    );
    assert!(!text.contains("\tPartition: "), "{text}");
}

#[test]
fn describe_and_list_json_are_single_documents() {
    let b = TestBroker::start();
    b.create_topic("j1", 2);
    b.create_topic("j2", 1);

    let out = b
        .tool(
            "topics",
            &["--describe", "--topic", "j.*", "--output", "json"],
        )
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("one JSON document");
    let topics = doc["topics"].as_array().expect("topics array");
    assert_eq!(topics.len(), 2);
    let j1 = &topics[0];
    assert_eq!(j1["name"], "j1");
    assert_eq!(j1["partition_count"], 2);
    assert_eq!(j1["replication_factor"], 1);
    assert_eq!(j1["is_internal"], false);
    assert_eq!(j1["topic_id"].as_str().map(str::len), Some(22));
    assert_eq!(j1["partitions"][1]["partition"], 1);
    assert_eq!(j1["partitions"][1]["leader"], 1);
    assert_eq!(j1["partitions"][1]["replicas"], serde_json::json!([1]));
    assert_eq!(j1["partitions"][1]["isr"], serde_json::json!([1]));

    let out = b
        .tool(
            "topics",
            &["--list", "--output", "json", "--exclude-internal"],
        )
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("one JSON document");
    assert_eq!(doc["topics"], serde_json::json!(["j1", "j2"]));

    let out = b
        .tool("topics", &["--create", "--topic", "j3", "--output", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("one JSON document");
    assert_eq!(doc["name"], "j3");
    assert_eq!(doc["created"], true);
}

#[test]
fn creating_an_existing_topic_fails_unless_if_not_exists() {
    let b = TestBroker::start();
    b.create_topic("dup", 1);
    b.tool("topics", &["--create", "--topic", "dup"])
        .assert()
        .code(1)
        .stdout(format!("{PREFIX}Topic 'dup' already exists.\n"));
    b.tool("topics", &["--create", "--topic", "dup", "--if-not-exists"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn invalid_names_and_configs_are_refused_with_kafkas_messages() {
    let b = TestBroker::start();
    b.tool("topics", &["--create", "--topic", "a b"]).assert().code(1).stdout(format!(
        "{PREFIX}Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'\n"
    ));
    b.tool(
        "topics",
        &["--create", "--topic", "c", "--config", "no.such.config=1"],
    )
    .assert()
    .code(1)
    .stdout(format!(
        "{PREFIX}Unknown topic config name: no.such.config\n"
    ));
    b.tool("topics", &["--create", "--topic", "c", "--partitions", "0"])
        .assert()
        .code(1)
        .stdout(format!("{PREFIX}The partitions must be greater than 0\n"));
    // Nothing was created along the way.
    b.tool("topics", &["--list", "--exclude-internal"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn replication_factor_above_the_broker_count_is_refused() {
    let b = TestBroker::start();
    let out = b
        .tool(
            "topics",
            &["--create", "--topic", "rf", "--replication-factor", "3"],
        )
        .assert()
        .code(1);
    let text = stdout_of(&out);
    assert!(text.starts_with(PREFIX), "{text}");
    assert!(
        text.contains("Unable to replicate the partition 3 time(s)"),
        "{text}"
    );
    b.tool("topics", &["--describe", "--topic", "rf"])
        .assert()
        .code(1);
}

#[test]
fn unknown_topics_are_reported_without_kafkas_optional_bug() {
    let b = TestBroker::start();
    for action in ["--describe", "--delete"] {
        b.tool("topics", &[action, "--topic", "nope"])
            .assert()
            .code(1)
            .stdout(format!("{PREFIX}Topic 'nope' does not exist as expected\n"));
        b.tool("topics", &[action, "--topic", "nope", "--if-exists"])
            .assert()
            .success()
            .stdout("");
    }
    b.tool(
        "topics",
        &["--alter", "--topic", "nope", "--partitions", "3"],
    )
    .assert()
    .code(1)
    .stdout(format!("{PREFIX}Topic 'nope' does not exist as expected\n"));
}

#[test]
fn alter_adds_partitions_and_refuses_to_shrink() {
    let b = TestBroker::start();
    b.create_topic("grow", 1);
    b.tool(
        "topics",
        &["--alter", "--topic", "grow", "--partitions", "3"],
    )
    .assert()
    .success()
    .stdout("");
    b.tool("topics", &["--describe", "--topic", "grow"])
        .assert()
        .success()
        .stdout(contains("PartitionCount: 3"));

    let out = b
        .tool(
            "topics",
            &["--alter", "--topic", "grow", "--partitions", "2"],
        )
        .assert()
        .code(1);
    let text = stdout_of(&out);
    assert!(
        text.starts_with(PREFIX) && text.contains("3 partition"),
        "{text}"
    );
}

#[test]
fn delete_removes_the_topic() {
    let b = TestBroker::start();
    b.create_topic("gone", 1);
    b.create_topic("kept", 1);
    b.tool("topics", &["--delete", "--topic", "gone"])
        .assert()
        .success()
        .stdout("");
    b.tool("topics", &["--list", "--exclude-internal"])
        .assert()
        .success()
        .stdout("kept\n");
}

#[test]
fn option_errors_go_to_stderr_with_kafkas_wording() {
    let b = TestBroker::start();
    b.tool("topics", &["--topic", "x"]).assert().code(1).stderr(contains(
        "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
    ));
    b.tool("topics", &["--list", "--create", "--topic", "x"])
        .assert()
        .code(1)
        .stderr(contains("Command must include exactly one action"));
    strom()
        .args(["topics", "--list"])
        .assert()
        .code(1)
        .stderr(contains("--bootstrap-server must be specified"));
    b.tool("topics", &["--create"])
        .assert()
        .code(1)
        .stderr(contains("Missing required argument \"[topic]\""));
    b.tool("topics", &["--alter", "--topic", "x", "--config", "a=b"])
        .assert()
        .code(1)
        .stderr(contains("can't be used with option \"[alter]\""));
    b.tool("topics", &["--topic", "x"])
        .assert()
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unreachable_bootstrap_fails_fast_naming_host_and_port() {
    let port = closed_port();
    let started = std::time::Instant::now();
    strom()
        .args([
            "topics",
            "--bootstrap-server",
            &format!("127.0.0.1:{port}"),
            "--list",
        ])
        .assert()
        .code(1)
        .stdout(format!(
            "{PREFIX}cannot connect to 127.0.0.1:{port} (bootstrap server): Connection refused\n"
        ));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
