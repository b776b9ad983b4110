//! `--output table` on every listing and describe: a drawn table with the tool's columns, and
//! outside the tables only the headings the text view also prints (never the text rows).
//! Commands that accept `--output table` but printed their text layout were a bug
//! (`consumer-groups --delete-offsets`).

use crate::consumer_groups::{Member, wait_until};
use crate::harness::{TestBroker, stdout_of};

/// One drawn table: its header cells and rows of cells.
#[derive(Debug, PartialEq)]
struct Drawn {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A tool's stdout split into its tables and the lines outside them.
#[derive(Debug)]
struct Output {
    tables: Vec<Drawn>,
    other: Vec<String>,
}

fn cells(line: &str) -> Vec<String> {
    line.trim_start_matches('│')
        .trim_end_matches('│')
        .split('┆')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Parse comfy-table's UTF8_FULL_CONDENSED drawing (no colour: the harness sets NO_COLOR,
/// and stdout is a pipe, so cells are never wrapped).
fn parse(text: &str) -> Output {
    let mut out = Output {
        tables: Vec::new(),
        other: Vec::new(),
    };
    let mut current: Option<Drawn> = None;
    for line in text.lines() {
        match (line.chars().next(), current.as_mut()) {
            (Some('┌'), None) => {
                current = Some(Drawn {
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            (Some('│'), Some(t)) if t.header.is_empty() => t.header = cells(line),
            (Some('╞'), Some(_)) => {}
            (Some('│'), Some(t)) => t.rows.push(cells(line)),
            (Some('└'), Some(_)) => out.tables.extend(current.take()),
            _ => {
                assert!(
                    current.is_none(),
                    "unterminated table before {line:?}:\n{text}"
                );
                out.other.push(line.to_string());
            }
        }
    }
    assert!(current.is_none(), "unterminated table:\n{text}");
    out
}

fn table_of(b: &TestBroker, tool: &str, args: &[&str]) -> Output {
    let mut args = args.to_vec();
    args.extend(["--output", "table"]);
    let out = b.tool(tool, &args).assert();
    let text = stdout_of(&out);
    assert!(
        out.get_output().status.success(),
        "{tool} {args:?} failed:\n{text}"
    );
    parse(&text)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Assert one table with these headers and return its rows.
fn one_table(o: &Output, header: &[&str], other: &[&str], what: &str) -> Vec<Vec<String>> {
    assert_eq!(o.other, strings(other), "{what}: lines outside the table");
    assert_eq!(o.tables.len(), 1, "{what}: {o:?}");
    assert_eq!(o.tables[0].header, strings(header), "{what}");
    o.tables[0].rows.clone()
}

#[test]
fn every_listing_draws_a_table() {
    let b = TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"]);
    b.create_topic("orders", 2);
    b.tool("console-producer", &["--topic", "orders"])
        .write_stdin("a\nb\nc\n")
        .assert()
        .success();
    b.tool(
        "configs",
        &[
            "--alter",
            "--entity-type",
            "topics",
            "--entity-name",
            "orders",
            "--add-config",
            "retention.ms=3600000",
        ],
    )
    .assert()
    .success();
    // Group g commits offsets for both partitions and leaves (Empty).
    b.tool(
        "consumer-groups",
        &[
            "--reset-offsets",
            "--group",
            "g",
            "--topic",
            "orders",
            "--to-latest",
            "--execute",
        ],
    )
    .assert()
    .success();

    // get-offsets: TOPIC / PARTITION / OFFSET in Kafka's order, nothing else on stdout.
    let o = table_of(&b, "get-offsets", &["--topic", "orders"]);
    let rows = one_table(&o, &["TOPIC", "PARTITION", "OFFSET"], &[], "get-offsets");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let total: i64 = rows
        .iter()
        .map(|r| {
            assert_eq!(r[0], "orders");
            r[2].parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(total, 3);
    assert_eq!((rows[0][1].as_str(), rows[1][1].as_str()), ("0", "1"));
    // The text form stays Kafka's `topic:partition:offset` lines.
    let text = stdout_of(
        &b.tool("get-offsets", &["--topic", "orders"])
            .assert()
            .success(),
    );
    let expected: String = rows
        .iter()
        .map(|r| format!("orders:{}:{}\n", r[1], r[2]))
        .collect();
    assert_eq!(text, expected);

    let o = table_of(&b, "topics", &["--list", "--exclude-internal"]);
    let rows = one_table(
        &o,
        &["TOPIC", "PARTITIONS", "REPLICATION-FACTOR"],
        &[],
        "topics --list",
    );
    assert_eq!(rows, [strings(&["orders", "2", "1"])]);

    let o = table_of(&b, "topics", &["--describe", "--topic", "orders"]);
    assert!(o.other.is_empty(), "{o:?}");
    let headers: Vec<&[String]> = o.tables.iter().map(|t| t.header.as_slice()).collect();
    assert_eq!(
        headers,
        [
            strings(&[
                "TOPIC",
                "TOPIC-ID",
                "PARTITIONS",
                "REPLICATION-FACTOR",
                "CONFIGS"
            ]),
            strings(&["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"]),
        ]
    );
    assert_eq!(o.tables[1].rows.len(), 2);

    let o = table_of(
        &b,
        "configs",
        &[
            "--describe",
            "--entity-type",
            "topics",
            "--entity-name",
            "orders",
        ],
    );
    let rows = one_table(
        &o,
        &["NAME", "VALUE", "SOURCE", "SENSITIVE"],
        &["Dynamic configs for topic orders are:"],
        "configs --describe",
    );
    assert_eq!(
        rows,
        [strings(&[
            "retention.ms",
            "3600000",
            "DYNAMIC_TOPIC_CONFIG",
            "false"
        ])]
    );

    let o = table_of(&b, "consumer-groups", &["--list"]);
    let rows = one_table(&o, &["GROUP", "TYPE", "STATE"], &[], "groups --list");
    assert_eq!(rows, [strings(&["g", "Classic", "Empty"])]);

    // `Consumer group 'g' has no active members.` goes to stderr.
    let o = table_of(&b, "consumer-groups", &["--describe", "--group", "g"]);
    let rows = one_table(
        &o,
        &[
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID",
        ],
        &[],
        "groups --describe",
    );
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r[5] == "0"), "{rows:?}");

    let o = table_of(
        &b,
        "consumer-groups",
        &["--describe", "--group", "g", "--state"],
    );
    let rows = one_table(
        &o,
        &[
            "GROUP",
            "COORDINATOR (ID)",
            "ASSIGNMENT-STRATEGY",
            "STATE",
            "#MEMBERS",
        ],
        &[],
        "groups --describe --state",
    );
    assert_eq!((rows[0][3].as_str(), rows[0][4].as_str()), ("Empty", "0"));

    let o = table_of(
        &b,
        "consumer-groups",
        &[
            "--reset-offsets",
            "--group",
            "g",
            "--topic",
            "orders",
            "--to-earliest",
        ],
    );
    let rows = one_table(
        &o,
        &["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"],
        &[],
        "groups --reset-offsets",
    );
    assert_eq!(
        rows,
        [
            strings(&["g", "orders", "0", "0"]),
            strings(&["g", "orders", "1", "0"])
        ]
    );

    // delete-records: one row per partition.
    let json = b.path("delete.json");
    std::fs::write(
        &json,
        r#"{"partitions":[{"topic":"orders","partition":0,"offset":0}],"version":1}"#,
    )
    .unwrap();
    let o = table_of(
        &b,
        "delete-records",
        &["--offset-json-file", json.to_str().unwrap()],
    );
    let rows = one_table(
        &o,
        &["PARTITION", "LOW WATERMARK", "ERROR"],
        &[],
        "delete-records",
    );
    assert_eq!(rows, [strings(&["orders-0", "0", "-"])]);

    // --delete-offsets: Kafka's summary line, then the outcome per partition as a table
    // (it used to print the text layout); a topic that does not exist has no partition.
    let o = table_of(
        &b,
        "consumer-groups",
        &["--delete-offsets", "--group", "g", "--topic", "orders:1"],
    );
    let rows = one_table(
        &o,
        &["TOPIC", "PARTITION", "STATUS"],
        &["Request succeed for deleting offsets with topic orders:1 group g"],
        "groups --delete-offsets",
    );
    assert_eq!(rows, [strings(&["orders", "1", "Successful"])]);
    let out = b
        .tool(
            "consumer-groups",
            &[
                "--delete-offsets",
                "--group",
                "g",
                "--topic",
                "orders",
                "--topic",
                "ghost",
                "--output",
                "table",
            ],
        )
        .assert()
        .code(1);
    let o = parse(&stdout_of(&out));
    let rows = one_table(
        &o,
        &["TOPIC", "PARTITION", "STATUS"],
        &["Request succeed for deleting offsets with topic orders, ghost group g"],
        "groups --delete-offsets (unknown topic)",
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(&rows[0][..2], ["ghost", "-"]);
    assert!(
        rows[0][2]
            .starts_with("Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException"),
        "{rows:?}"
    );
    assert_eq!(rows[1], strings(&["orders", "0", "Successful"]));

    // --describe --members needs a member: one console consumer in group live.
    let _member = Member::start(&b, "orders", "live");
    wait_until("the member to be assigned both partitions", || {
        // Until the consumer has joined, the group does not exist and the tool fails: retry.
        let out = b
            .tool(
                "consumer-groups",
                &[
                    "--describe",
                    "--group",
                    "live",
                    "--members",
                    "--output",
                    "table",
                ],
            )
            .output()
            .unwrap();
        if !out.status.success() {
            return false;
        }
        parse(&String::from_utf8_lossy(&out.stdout))
            .tables
            .first()
            .and_then(|t| t.rows.first())
            .is_some_and(|r| r.get(5).map(String::as_str) == Some("2"))
    });
    let o = table_of(
        &b,
        "consumer-groups",
        &["--describe", "--group", "live", "--members"],
    );
    let rows = one_table(
        &o,
        &[
            "GROUP",
            "CONSUMER-ID",
            "GROUP-INSTANCE-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS",
            "ASSIGNMENT",
        ],
        &[],
        "groups --describe --members",
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][0], "live");
}
