//! Consumer groups end to end: `console-consumer --group` and `consumer-groups` (list,
//! describe views, reset-offsets, delete, delete-offsets), checked against the broker's state
//! through the tools' JSON output.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::str::contains;
use serde_json::Value;
use strom_client::murmur2::partition_for_key;

use crate::harness::{TestBroker, closed_port, stderr_of, stdout_of, strom};

/// A broker whose new groups rebalance at once (Kafka waits 3 s for more members).
fn broker() -> TestBroker {
    TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"])
}

fn produce(b: &TestBroker, topic: &str, input: &str, extra: &[&str]) {
    let mut args = vec!["--topic", topic];
    args.extend_from_slice(extra);
    b.tool("console-producer", &args)
        .write_stdin(input.to_string())
        .assert()
        .success();
}

/// Produce `n` keyed records to each partition of a 2-partition topic (keys picked by
/// Kafka's murmur2 partitioner).
fn produce_per_partition(b: &TestBroker, topic: &str, counts: [usize; 2]) {
    let mut input = String::new();
    for (partition, n) in counts.iter().enumerate() {
        let key = (0..1000)
            .map(|i| format!("k{i}"))
            .find(|k| partition_for_key(k.as_bytes(), 2) == partition as i32)
            .unwrap();
        for i in 0..*n {
            input.push_str(&format!("{key}\tv{partition}-{i}\n"));
        }
    }
    produce(b, topic, &input, &["--property", "parse.key=true"]);
}

fn groups(b: &TestBroker, args: &[&str]) -> assert_cmd::assert::Assert {
    b.tool("consumer-groups", args).assert()
}

fn json_of(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_str(&stdout_of(a)).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(a)))
}

/// `--describe` in JSON for one group (any view), whatever the exit status.
fn describe(b: &TestBroker, group: &str, view: &[&str]) -> Value {
    let mut args = vec!["--describe", "--group", group, "--output", "json"];
    args.extend_from_slice(view);
    let a = groups(b, &args);
    json_of(&a)["groups"][0].clone()
}

/// Committed offsets per (topic, partition) from the offsets view.
fn committed(b: &TestBroker, group: &str) -> Vec<(String, i64, Option<i64>, Option<i64>)> {
    let d = describe(b, group, &[]);
    d["offsets"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["topic"].as_str().unwrap().to_string(),
                        r["partition"].as_i64().unwrap(),
                        r["current_offset"].as_i64(),
                        r["lag"].as_i64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Poll until `check` holds, failing after a minute.
pub(crate) fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A console consumer running in a group until stopped; SIGKILLed if the test panics.
pub(crate) struct Member {
    child: Child,
}

impl Member {
    pub(crate) fn start(b: &TestBroker, topic: &str, group: &str) -> Member {
        let child = Command::new(env!("CARGO_BIN_EXE_strom"))
            .args([
                "console-consumer",
                "--bootstrap-server",
                &b.bootstrap,
                "--topic",
                topic,
                "--group",
                group,
            ])
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Member { child }
    }

    /// SIGTERM, as Ctrl-C would: the consumer commits and leaves the group.
    fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                assert!(s.success(), "consumer exited with {s}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "consumer did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Member {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn console_consumer_group_commits_and_a_restart_resumes_after_the_commit() {
    // Kafka's default initial rebalance delay, as users get it.
    let b = TestBroker::start();
    b.create_topic("resume", 1);
    let lines: String = (1..=10).map(|i| format!("m{i}\n")).collect();
    produce(&b, "resume", &lines, &[]);

    let first = b
        .tool(
            "console-consumer",
            &[
                "--topic",
                "resume",
                "--group",
                "rg",
                "--from-beginning",
                "--max-messages",
                "4",
                "--timeout-ms",
                "30000",
            ],
        )
        .assert()
        .success();
    assert_eq!(stdout_of(&first), "m1\nm2\nm3\nm4\n");
    assert_eq!(stderr_of(&first), "Processed a total of 4 messages\n");
    // Exactly what was printed is committed, even if more was fetched.
    assert_eq!(
        committed(&b, "rg"),
        [("resume".to_string(), 0, Some(4), Some(6))]
    );

    let second = b
        .tool(
            "console-consumer",
            &[
                "--topic",
                "resume",
                "--group",
                "rg",
                "--max-messages",
                "6",
                "--timeout-ms",
                "30000",
            ],
        )
        .assert()
        .success();
    assert_eq!(stdout_of(&second), "m5\nm6\nm7\nm8\nm9\nm10\n");
    assert_eq!(
        committed(&b, "rg"),
        [("resume".to_string(), 0, Some(10), Some(0))]
    );
}

#[test]
fn describe_offsets_view_shows_the_lag_in_kafkas_layout() {
    let b = broker();
    b.create_topic("lagged", 2);
    produce_per_partition(&b, "lagged", [3, 5]);
    for (scope, offset) in [("lagged:0", "2"), ("lagged:1", "1")] {
        groups(
            &b,
            &[
                "--reset-offsets",
                "--group",
                "lg",
                "--topic",
                scope,
                "--to-offset",
                offset,
                "--execute",
            ],
        )
        .success();
    }

    let out = groups(&b, &["--describe", "--group", "lg"]).success();
    let row = |cols: [&str; 9]| {
        format!(
            "\n{:<15} {:<15} {:<10} {:<15} {:<15} {:<15} {:<15} {:<15} {}",
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8]
        )
    };
    let mut want = row([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    want.push_str(&row(["lg", "lagged", "0", "2", "3", "1", "-", "-", "-"]));
    want.push_str(&row(["lg", "lagged", "1", "1", "5", "4", "-", "-", "-"]));
    want.push('\n');
    assert_eq!(stdout_of(&out), want);
    assert_eq!(
        stderr_of(&out),
        "\nConsumer group 'lg' has no active members.\n"
    );

    let d = describe(&b, "lg", &[]);
    assert_eq!(d["state"], "Empty");
    assert_eq!(d["error"], Value::Null);
    assert_eq!(d["offsets"][1]["log_end_offset"], 5);
    assert_eq!(d["offsets"][1]["lag"], 4);
    assert_eq!(d["offsets"][1]["consumer_id"], Value::Null);

    let missing = groups(&b, &["--describe", "--group", "nobody"]).code(1);
    assert_eq!(
        stdout_of(&missing),
        "\nError: Consumer group 'nobody' does not exist.\n"
    );
}

#[test]
fn an_active_group_is_described_and_protected() {
    let b = broker();
    b.create_topic("live", 2);
    produce_per_partition(&b, "live", [2, 2]);
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "ag",
            "--topic",
            "live",
            "--to-offset",
            "1",
            "--execute",
        ],
    )
    .success();
    let member = Member::start(&b, "live", "ag");
    wait_until(
        "a stable group with the member owning both partitions",
        || {
            let d = describe(&b, "ag", &["--members"]);
            d["state"] == "Stable" && d["members"][0]["partitions"] == 2
        },
    );

    // Members view: Kafka's columns, with the assignment under --verbose.
    let out = groups(
        &b,
        &["--describe", "--group", "ag", "--members", "--verbose"],
    )
    .success();
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "");
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "GROUP",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS",
            "ASSIGNMENT"
        ]
    );
    let row: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(row[0], "ag");
    assert!(row[1].starts_with("console-consumer-"), "{}", lines[2]);
    assert_eq!(
        &row[2..],
        ["/127.0.0.1", "console-consumer", "2", "live(0,1)"]
    );
    // Columns line up: each header starts where its values start.
    assert_eq!(lines[1].find("HOST"), lines[2].find("/127.0.0.1"));

    // State view.
    let out = groups(&b, &["--describe", "--group", "ag", "--state"]).success();
    let coordinator = format!("{}  (1)", b.bootstrap);
    assert_eq!(
        stdout_of(&out),
        format!(
            "\n{:<25} {:<25} {:<20} {:<15} {}\n{:<25} {:<25} {:<20} {:<15} {}\n",
            "GROUP",
            "COORDINATOR (ID)",
            "ASSIGNMENT-STRATEGY",
            "STATE",
            "#MEMBERS",
            "ag",
            coordinator,
            "range",
            "Stable",
            1
        )
    );

    // Offsets view: the member owns both rows.
    let d = describe(&b, "ag", &[]);
    let owners: Vec<&str> = d["offsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["client_id"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(owners, ["console-consumer", "console-consumer"]);

    // Resetting, deleting the group or its offsets is refused while it has members.
    let refused = groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "ag",
            "--topic",
            "live",
            "--to-earliest",
            "--execute",
        ],
    )
    .code(1);
    assert_eq!(
        stdout_of(&refused),
        "\nError: Assignments can only be reset if the group 'ag' is inactive, but the current state is Stable.\n"
    );
    let refused = groups(&b, &["--delete", "--group", "ag"]).code(1);
    assert_eq!(
        stdout_of(&refused),
        "\nError: Deletion of some consumer groups failed:\n\
         * Group 'ag' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n"
    );
    let refused = groups(
        &b,
        &["--delete-offsets", "--group", "ag", "--topic", "live"],
    )
    .code(1);
    assert!(
        stdout_of(&refused).starts_with(
            "\nError: Encounter some partition level error, see the follow-up details:\n"
        ),
        "{}",
        stdout_of(&refused)
    );
    let listed = groups(&b, &["--list", "--state", "stable", "--output", "json"]).success();
    assert_eq!(json_of(&listed)["groups"][0]["group"], "ag");
    // Nothing moved: the member consumed from offset 1 and committed 2 per partition, or has
    // not committed yet; never an offset below 1.
    for (_, _, current, _) in committed(&b, "ag") {
        assert!(current.unwrap() >= 1);
    }

    // Once the member leaves (SIGTERM commits and leaves), the group is Empty and resettable.
    member.stop();
    wait_until("the group to be empty", || {
        describe(&b, "ag", &["--state"])["state"] == "Empty"
    });
    assert_eq!(
        committed(&b, "ag").iter().map(|r| r.2).collect::<Vec<_>>(),
        [Some(2), Some(2)],
        "the member committed what it consumed"
    );
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "ag",
            "--topic",
            "live",
            "--to-earliest",
            "--execute",
        ],
    )
    .success();
    assert_eq!(
        committed(&b, "ag").iter().map(|r| r.2).collect::<Vec<_>>(),
        [Some(0), Some(0)]
    );
}

#[test]
fn a_second_member_takes_half_of_the_partitions() {
    let b = broker();
    b.create_topic("split", 2);
    produce_per_partition(&b, "split", [3, 4]);
    let first = Member::start(&b, "split", "sg");
    wait_until("the first member to own both partitions", || {
        let d = describe(&b, "sg", &["--members"]);
        d["state"] == "Stable" && d["members"][0]["partitions"] == 2
    });
    let second = Member::start(&b, "split", "sg");
    wait_until("a rebalance giving each member one partition", || {
        let d = describe(&b, "sg", &["--members"]);
        let counts: Vec<i64> = d["members"]
            .as_array()
            .map(|ms| {
                ms.iter()
                    .map(|m| m["partitions"].as_i64().unwrap_or(0))
                    .collect()
            })
            .unwrap_or_default();
        d["state"] == "Stable" && counts == [1, 1]
    });
    let d = describe(&b, "sg", &[]);
    let owners: Vec<&str> = d["offsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["consumer_id"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(owners.len(), 2);
    assert_ne!(owners[0], owners[1], "one partition each: {owners:?}");

    // Both leave on SIGTERM, committing their positions (the log ends: they started at latest).
    first.stop();
    second.stop();
    wait_until("the group to be empty", || {
        describe(&b, "sg", &["--state"])["state"] == "Empty"
    });
    let offsets: Vec<Option<i64>> = committed(&b, "sg").iter().map(|r| r.2).collect();
    assert_eq!(offsets, [Some(3), Some(4)]);
}

#[test]
fn reset_offsets_plans_by_default_and_commits_with_execute() {
    let b = broker();
    b.create_topic("r", 1);
    produce(&b, "r", "a\nb\nc\nd\ne\n", &[]);
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r",
            "--to-latest",
            "--execute",
        ],
    )
    .success()
    .stdout(format!(
        "\n{:<30} {:<30} {:<10} {:<15}\n{:<30} {:<30} {:<10} {:<15}\n",
        "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET", "rs", "r", 0, 5
    ));
    let current = |b: &TestBroker| committed(b, "rs")[0].2;
    assert_eq!(current(&b), Some(5));

    // No --execute: Kafka's warning, a plan, and nothing committed.
    let dry = groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r",
            "--to-earliest",
        ],
    )
    .success();
    assert!(
        stderr_of(&dry)
            .starts_with("WARN: No action will be performed as the --execute option is missing."),
        "{}",
        stderr_of(&dry)
    );
    assert!(stdout_of(&dry).contains(&format!("{:<30} {:<30} {:<10} {:<15}", "rs", "r", 0, 0)));
    assert_eq!(current(&b), Some(5));
    let dry = groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--all-topics",
            "--to-earliest",
            "--dry-run",
        ],
    )
    .success();
    assert_eq!(stderr_of(&dry), "", "--dry-run says so: no warning");
    assert_eq!(current(&b), Some(5));

    let plan = |args: &[&str]| -> (i64, String) {
        let mut all = vec![
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r",
            "--output",
            "json",
        ];
        all.extend_from_slice(args);
        let a = groups(&b, &all).success();
        let doc = json_of(&a);
        (
            doc["groups"][0]["offsets"][0]["new_offset"]
                .as_i64()
                .unwrap(),
            stderr_of(&a),
        )
    };
    assert_eq!(plan(&["--shift-by", "-2", "--dry-run"]).0, 3);
    let (clamped, warn) = plan(&["--to-offset", "99", "--dry-run"]);
    assert_eq!(clamped, 5);
    assert!(warn.contains(
        "New offset (99) is higher than latest offset for topic partition r-0. Value will be set to 5"
    ));
    assert_eq!(plan(&["--by-duration", "PT1H", "--dry-run"]).0, 0);
    assert_eq!(
        plan(&["--to-datetime", "2000-01-01T00:00:00.000", "--dry-run"]).0,
        0
    );
    assert_eq!(plan(&["--to-current", "--dry-run"]).0, 5);
    // A time after every record: Kafka's fallback to the log end, with its note.
    let late = groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r",
            "--to-datetime",
            "2999-01-01T00:00:00.000Z",
            "--dry-run",
        ],
    )
    .success();
    assert!(stdout_of(&late).starts_with(
        "\nWarn: Partition 0 from topic r is empty. Falling back to latest known offset.\n"
    ));

    // --execute commits; --export prints the plan as CSV that --from-file reads back.
    let out = groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r",
            "--shift-by",
            "-3",
            "--execute",
            "--export",
        ],
    )
    .success();
    assert_eq!(stdout_of(&out), "r,0,2\n\n");
    assert_eq!(current(&b), Some(2));
    assert_eq!(committed(&b, "rs")[0].3, Some(3), "lag after the reset");
    let file = b.path("plan.csv");
    std::fs::write(&file, "r,0,4\n").unwrap();
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--from-file",
            file.to_str().unwrap(),
            "--execute",
        ],
    )
    .success();
    assert_eq!(current(&b), Some(4));

    // Shifting needs a committed offset; a missing partition is refused before any commit.
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "fresh",
            "--topic",
            "r",
            "--shift-by",
            "1",
            "--execute",
        ],
    )
    .code(1)
    .stderr(contains(
        "Cannot shift offset for partition r-0 since there is no current committed offset",
    ));
    groups(
        &b,
        &[
            "--reset-offsets",
            "--group",
            "rs",
            "--topic",
            "r:7",
            "--to-earliest",
            "--execute",
        ],
    )
    .code(1)
    .stdout(
        "\nError: Executing consumer group command failed due to Partition r-7 does not exist.\n",
    );
    assert_eq!(current(&b), Some(4));
}

#[test]
fn delete_offsets_and_delete_groups() {
    let b = broker();
    b.create_topic("d", 2);
    b.create_topic("keep", 1);
    for g in ["da", "db"] {
        for t in ["d", "keep"] {
            groups(
                &b,
                &[
                    "--reset-offsets",
                    "--group",
                    g,
                    "--topic",
                    t,
                    "--to-earliest",
                    "--execute",
                ],
            )
            .success();
        }
    }

    let out = groups(&b, &["--delete-offsets", "--group", "da", "--topic", "d"]).success();
    assert_eq!(
        stdout_of(&out),
        format!(
            "Request succeed for deleting offsets with topic d group da\n\n{:<30} {:<15} {:<15}\n{:<30} {:<15} {:<15}\n{:<30} {:<15} {:<15}\n",
            "TOPIC", "PARTITION", "STATUS", "d", 0, "Successful", "d", 1, "Successful"
        )
    );
    let left: Vec<String> = committed(&b, "da").into_iter().map(|r| r.0).collect();
    assert_eq!(left, ["keep"]);

    let out = groups(&b, &["--list"]).success();
    let mut listed: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    listed.sort();
    assert_eq!(listed, ["da", "db"]);
    let out = groups(&b, &["--list", "--state", "--output", "json"]).success();
    for g in json_of(&out)["groups"].as_array().unwrap() {
        assert_eq!(g["state"], "Empty");
    }

    groups(&b, &["--delete", "--group", "da", "--group", "db"])
        .success()
        .stdout("Deletion of requested consumer groups ('da', 'db') was successful.\n");
    groups(&b, &["--list"]).success().stdout("");
    let out = groups(&b, &["--delete", "--group", "ghost", "--output", "json"]).code(1);
    let doc = json_of(&out);
    assert_eq!(doc["deleted"], serde_json::json!([]));
    assert_eq!(doc["failed"][0]["group"], "ghost");
}

#[test]
fn option_misuse_gets_kafkas_messages_before_connecting() {
    let bootstrap = format!("127.0.0.1:{}", closed_port());
    let run = |args: &[&str]| {
        let mut c = strom();
        c.arg("consumer-groups")
            .arg("--bootstrap-server")
            .arg(&bootstrap)
            .args(args);
        c.assert().code(1)
    };
    run(&[]).stderr(contains(
        "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets",
    ));
    run(&["--describe"]).stderr(contains(
        "Option [describe] takes one of these options: [group], [all-groups]",
    ));
    run(&[
        "--reset-offsets",
        "--group",
        "g",
        "--to-earliest",
        "--execute",
    ])
    .stderr(contains(
        "One of the reset scopes should be defined: --all-topics, --topic.",
    ));
    run(&["--list", "--state", "sleepy"]).stderr(contains("Invalid state list 'sleepy'"));
    strom()
        .args(["consumer-groups", "--list"])
        .assert()
        .code(1)
        .stderr(contains("Missing required argument \"[bootstrap-server]\""));
}
