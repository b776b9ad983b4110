//! Multi-call: links named like Kafka's scripts run the matching tool.

use predicates::str::contains;

use crate::harness::{TestBroker, strom};

#[test]
fn install_links_makes_kafka_named_entry_points() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    strom().arg("install-links").arg(&bin).assert().success();

    let topics = bin.join("kafka-topics.sh");
    let help = std::process::Command::new(&topics)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Usage: kafka-topics"), "{text}");
    assert!(!text.contains("strom topics"), "{text}");
    // Usage errors name the link too.
    let bad = std::process::Command::new(&topics)
        .arg("--no-such-flag")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("Usage: kafka-topics"), "{err}");

    let b = TestBroker::start();
    b.create_topic("via-link", 1);
    let mut cmd = assert_cmd::Command::new(&topics);
    cmd.args([
        "--bootstrap-server",
        &b.bootstrap,
        "--list",
        "--exclude-internal",
    ])
    .assert()
    .success()
    .stdout("via-link\n");

    let mut groups = assert_cmd::Command::new(bin.join("kafka-consumer-groups.sh"));
    groups
        .args(["--bootstrap-server", &b.bootstrap, "--list"])
        .assert()
        .success()
        .stdout("");

    let mut producer = assert_cmd::Command::new(bin.join("kafka-console-producer"));
    producer
        .arg("--version")
        .assert()
        .success()
        .stdout(contains("kafka-console-producer"));
}
