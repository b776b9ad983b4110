//! `strom storage` (kafka-storage): Kafka's quick-start sequence — random-uuid, format, start —
//! runs unchanged, and the broker keeps the cluster id it was formatted with.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use predicates::str::contains;

use crate::harness::{stdout_of, strom};

#[test]
fn random_uuid_format_info_then_the_broker_uses_the_cluster_id() {
    // Prepare: a server.properties with two log directories.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let props = dir.path().join("server.properties");
    std::fs::write(
        &props,
        format!(
            "node.id=1\nlog.dirs={},{}\nlisteners=PLAINTEXT://127.0.0.1:0\n",
            a.display(),
            b.display()
        ),
    )
    .unwrap();
    let id = stdout_of(&strom().args(["storage", "random-uuid"]).assert().success())
        .trim()
        .to_string();
    assert_eq!(id.len(), 22, "{id}");
    assert!(!id.starts_with('-'));
    let props_s = props.to_str().unwrap();

    // Not formatted yet: info reports the problem and fails.
    strom()
        .args(["storage", "info", "-c", props_s])
        .assert()
        .code(1)
        .stdout(contains(format!("{} does not exist", a.display())));

    // Format: Kafka's lines, the metadata directory first.
    strom()
        .args(["storage", "format", "-t", &id, "-c", props_s, "--standalone"])
        .assert()
        .success()
        .stdout(format!(
            "Formatting metadata directory {} with metadata.version 4.0-IV3.\nFormatting data directory {} with metadata.version 4.0-IV3.\n",
            a.display(),
            b.display()
        ));
    let meta = std::fs::read_to_string(b.join("meta.properties")).unwrap();
    assert!(meta.contains(&format!("cluster.id={id}\n")), "{meta}");
    assert!(meta.contains("node.id=1\n"), "{meta}");

    // Formatting again is refused unless --ignore-formatted.
    strom()
        .args(["storage", "format", "-t", &id, "-c", props_s])
        .assert()
        .code(1)
        .stderr(contains(format!(
            "Log directory {} is already formatted. Use --ignore-formatted to ignore this directory and format the others.",
            a.display()
        )));
    strom()
        .args(["storage", "format", "-g", "-t", &id, "-c", props_s])
        .assert()
        .success()
        .stdout("All of the log directories are already formatted.\n");
    strom()
        .args(["storage", "info", "-c", props_s])
        .assert()
        .success()
        .stdout(contains(format!(
            "Found metadata: {{cluster.id={id}, directory.id="
        )))
        .stdout(contains(format!(
            "Found log directories:\n  {}\n  {}\n",
            a.display(),
            b.display()
        )));

    // A bad cluster id is a clear error, not a stack trace.
    strom()
        .args(["storage", "format", "-t", "not-a-uuid", "-c", props_s])
        .assert()
        .code(1)
        .stderr(contains(
            "Cluster ID string not-a-uuid does not appear to be a valid UUID",
        ));

    // The broker starts on the formatted directories with that cluster id.
    let ready = dir.path().join("ready.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_strom"))
        .args(["server-start", props_s, "--ready-file"])
        .arg(&ready)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let info: serde_json::Value = loop {
        if let Some(v) = std::fs::read(&ready)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
        {
            break v;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no ready file");
        // Polling a file the broker writes atomically.
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(info["cluster_id"], serde_json::Value::String(id));
}
