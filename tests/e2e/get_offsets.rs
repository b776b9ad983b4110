//! `strom get-offsets` (kafka-get-offsets): every `--time` form, topic and partition filters,
//! Kafka's ordering and its error messages.

use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

fn produce(b: &TestBroker, topic: &str, lines: usize) {
    let input: String = (0..lines).map(|i| format!("record-{i}\n")).collect();
    b.tool("console-producer", &["--topic", topic])
        .write_stdin(input)
        .assert()
        .success();
}

fn offsets(b: &TestBroker, args: &[&str]) -> String {
    let out = b.tool("get-offsets", args).assert().success();
    stdout_of(&out)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[test]
fn each_time_form_answers_for_each_partition() {
    let b = TestBroker::start();
    b.create_topic("full", 1);
    b.create_topic("empty", 1);
    let before = now_ms();
    produce(&b, "full", 3);

    for latest in ["latest", "-1"] {
        assert_eq!(
            offsets(&b, &["--topic", "full|empty", "--time", latest]),
            "empty:0:0\nfull:0:3\n",
            "{latest}"
        );
    }
    // The default is latest.
    assert_eq!(offsets(&b, &["--topic", "full"]), "full:0:3\n");
    for earliest in ["earliest", "-2", "earliest-local", "-4"] {
        assert_eq!(
            offsets(&b, &["--topic", "full|empty", "--time", earliest]),
            "empty:0:0\nfull:0:0\n",
            "{earliest}"
        );
    }
    // max-timestamp: an empty partition has no such record and is left out.
    for max in ["max-timestamp", "-3"] {
        let out = offsets(&b, &["--topic", "full|empty", "--time", max]);
        let offset: i64 = out
            .strip_prefix("full:0:")
            .and_then(|o| o.trim_end().parse().ok())
            .unwrap_or_else(|| panic!("{max}: {out}"));
        assert!((0..3).contains(&offset), "{max}: {out}");
    }
    // No tiered storage: no partition has a tiered offset.
    for tiered in ["latest-tiered", "-5"] {
        assert_eq!(offsets(&b, &["--topic", "full", "--time", tiered]), "");
    }
    // A timestamp: the first record at or after it, nothing after the last record.
    assert_eq!(
        offsets(&b, &["--topic", "full", "--time", &before.to_string()]),
        "full:0:0\n"
    );
    assert_eq!(
        offsets(
            &b,
            &[
                "--topic",
                "full|empty",
                "--time",
                &(now_ms() + 3_600_000).to_string()
            ]
        ),
        ""
    );

    let out = b
        .tool("get-offsets", &["--topic", "full", "--output", "json"])
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["offsets"][0]["topic"], "full");
    assert_eq!(doc["offsets"][0]["partition"], 0);
    assert_eq!(doc["offsets"][0]["offset"], 3);
    assert_eq!(doc["skipped"], serde_json::json!([]));
}

#[test]
fn topic_partition_ranges_and_kafkas_string_order() {
    // New groups join at once (Kafka waits 3 s for more members).
    let b = TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"]);
    b.create_topic("t", 12);
    b.create_topic("u", 2);

    // Sorted as the strings `t-0`, `t-1`, `t-10`...: t-10 comes before t-2.
    let all = offsets(&b, &["--topic", "t"]);
    let keys: Vec<&str> = all.lines().collect();
    assert_eq!(keys.len(), 12, "{all}");
    assert_eq!(&keys[..4], ["t:0:0", "t:1:0", "t:10:0", "t:11:0"]);
    assert_eq!(keys[4], "t:2:0");

    // Lower bound inclusive, upper exclusive; open ends; single partitions.
    assert_eq!(
        offsets(&b, &["--topic-partitions", "t:1-3,t:10-,u:-1,t:5"]),
        "t:1:0\nt:10:0\nt:11:0\nt:2:0\nt:5:0\nu:0:0\n"
    );
    // A rule without a topic matches every topic; without partitions, every partition.
    assert_eq!(offsets(&b, &["--topic-partitions", ":1"]), "t:1:0\nu:1:0\n");
    assert_eq!(offsets(&b, &["--topic-partitions", "u"]), "u:0:0\nu:1:0\n");
    // --topic is a regex over the whole name; --partitions a list of ids.
    assert_eq!(
        offsets(&b, &["--topic", "t|u", "--partitions", "1,11"]),
        "t:1:0\nt:11:0\nu:1:0\n"
    );

    // Internal topics are listed unless excluded (a group member makes __consumer_offsets).
    produce(&b, "u", 1);
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "u",
            "--group",
            "g",
            "--from-beginning",
            "--max-messages",
            "1",
        ],
    )
    .assert()
    .success();
    let internal = offsets(&b, &["--topic", "__consumer_offsets", "--partitions", "0"]);
    assert!(internal.starts_with("__consumer_offsets:0:"), "{internal}");
    let out = b
        .tool(
            "get-offsets",
            &["--topic", "__consumer_offsets", "--exclude-internal-topics"],
        )
        .assert()
        .failure()
        .code(1);
    assert_eq!(
        stderr_of(&out),
        "Error occurred: Could not match any topic-partitions with the specified filters\n"
    );
}

#[test]
fn errors_are_kafkas_messages() {
    let b = TestBroker::start();
    b.create_topic("t", 1);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--topic", "nope"],
            "Error occurred: Could not match any topic-partitions with the specified filters\n",
        ),
        (
            &["--time", "yesterday"],
            "Error occurred: Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp\n",
        ),
        (
            &["--topic", "t", "--topic-partitions", "t:0"],
            "Error occurred: --topic-partitions cannot be used with --topic or --partitions\n",
        ),
        (
            &["--partitions", "0,x"],
            "Error occurred: --partitions expects a comma separated list of numeric partition ids, but received: 0,x\n",
        ),
        (
            &["--topic-partitions", "t:a-b"],
            "Error occurred: Invalid rule specification: t:a-b\n",
        ),
    ];
    for (args, stderr) in cases {
        let out = b.tool("get-offsets", args).assert().failure().code(1);
        assert_eq!(stderr_of(&out), *stderr, "{args:?}");
        assert_eq!(stdout_of(&out), "", "{args:?}");
    }
    strom()
        .args(["get-offsets", "--topic", "t"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicates::str::starts_with(
            "Missing required argument \"[bootstrap-server]\"\n",
        ));
    strom()
        .args(["get-offsets", "--bootstrap-server", "nohost"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicates::str::starts_with(
            "Please provide valid host:port like host1:9091,host2:9092\n",
        ));
    let out = b
        .tool("get-offsets", &["--topic", "nope", "--output", "json"])
        .assert()
        .failure()
        .code(1);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        doc["error"],
        "Could not match any topic-partitions with the specified filters"
    );
}
