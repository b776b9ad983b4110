//! Snapshots (insta, in tests/e2e/snapshots/) of every tool's `--help` and of the text, table
//! and JSON outputs of `topics --describe` and `consumer-groups --list/--describe`. Ids and
//! ports are redacted so the snapshots only change when the output format does.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test e2e snapshots`, then
//! review the diff of tests/e2e/snapshots/.

use regex::Regex;

use crate::harness::{TestBroker, stdout_of, strom};

/// Every subcommand, as `strom <tool> --help` (`strom --help` for the root).
const TOOLS: &[&str] = &[
    "",
    "server-start",
    "topics",
    "console-producer",
    "console-consumer",
    "consumer-groups",
    "configs",
    "get-offsets",
    "delete-records",
    "storage",
    "metadata-quorum",
    "producer-perf-test",
    "consumer-perf-test",
    "shell",
    "install-links",
    "completions",
];

#[test]
fn help_of_every_tool() {
    for tool in TOOLS {
        let mut cmd = strom();
        // clap wraps help to COLUMNS when stdout is not a terminal.
        cmd.env("COLUMNS", "100");
        if !tool.is_empty() {
            cmd.arg(tool);
        }
        let out = cmd.arg("--help").assert().success();
        let name = if tool.is_empty() {
            "help_strom".to_string()
        } else {
            format!("help_{}", tool.replace('-', "_"))
        };
        insta::assert_snapshot!(name, stdout_of(&out));
    }
}

/// Replace what changes from run to run: topic ids and the broker's port.
fn redact(text: &str, b: &TestBroker) -> String {
    // Same-width stand-ins keep the text and table columns aligned.
    let port = b.bootstrap.rsplit(':').next().unwrap_or_default();
    let text = text.replace(&format!(":{port}"), &format!(":{}", "X".repeat(port.len())));
    let text = Regex::new(r#""port": \d+"#)
        .unwrap()
        .replace_all(&text, "\"port\": \"[PORT]\"");
    // A base64url id may start or end with '-', so no \b here.
    let id = Regex::new(r"(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{22}([^A-Za-z0-9_-]|$)").unwrap();
    id.replace_all(&text, "${1}[TOPIC_ID------------]${2}")
        .into_owned()
}

fn output_of(b: &TestBroker, tool: &str, args: &[&str]) -> String {
    let a = b.tool(tool, args).assert().success();
    redact(&stdout_of(&a), b)
}

#[test]
fn topic_describe_in_text_table_and_json() {
    let b = TestBroker::start();
    b.tool(
        "topics",
        &[
            "--create",
            "--topic",
            "snap",
            "--partitions",
            "2",
            "--config",
            "retention.ms=3600000",
        ],
    )
    .assert()
    .success();
    for format in ["text", "table", "json"] {
        let out = output_of(
            &b,
            "topics",
            &["--describe", "--topic", "snap", "--output", format],
        );
        insta::assert_snapshot!(format!("topics_describe_{format}"), out);
        let out = output_of(
            &b,
            "topics",
            &["--list", "--exclude-internal", "--output", format],
        );
        insta::assert_snapshot!(format!("topics_list_{format}"), out);
    }
}

#[test]
fn consumer_group_list_and_describe_in_text_table_and_json() {
    let b = TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"]);
    b.create_topic("snap-orders", 2);
    // One key, so all three records land on the same (hash-chosen) partition.
    b.tool(
        "console-producer",
        &["--topic", "snap-orders", "--property", "parse.key=true"],
    )
    .write_stdin("k\ta\nk\tb\nk\tc\n")
    .assert()
    .success();
    // Consume the records as group snap-g, which then has no members (Empty).
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "snap-orders",
            "--group",
            "snap-g",
            "--from-beginning",
            "--max-messages",
            "3",
        ],
    )
    .assert()
    .success();
    b.tool(
        "consumer-groups",
        &[
            "--reset-offsets",
            "--group",
            "snap-g",
            "--topic",
            "snap-orders",
            "--to-offset",
            "0",
            "--execute",
        ],
    )
    .assert()
    .success();
    for format in ["text", "table", "json"] {
        let list = output_of(&b, "consumer-groups", &["--list", "--output", format]);
        insta::assert_snapshot!(format!("groups_list_{format}"), list);
        let list = output_of(
            &b,
            "consumer-groups",
            &["--list", "--state", "--output", format],
        );
        insta::assert_snapshot!(format!("groups_list_state_{format}"), list);
        let describe = output_of(
            &b,
            "consumer-groups",
            &["--describe", "--group", "snap-g", "--output", format],
        );
        insta::assert_snapshot!(format!("groups_describe_{format}"), describe);
        let state = output_of(
            &b,
            "consumer-groups",
            &[
                "--describe",
                "--group",
                "snap-g",
                "--state",
                "--output",
                format,
            ],
        );
        insta::assert_snapshot!(format!("groups_describe_state_{format}"), state);
    }
}
