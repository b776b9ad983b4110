//! `strom configs` (kafka-configs): alter and describe topic, broker and group configs, Kafka's
//! text, its option errors, and what the broker holds afterwards (checked through `topics
//! --describe` and `configs --output json`).

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

fn configs(b: &TestBroker, args: &[&str]) -> assert_cmd::assert::Assert {
    b.tool("configs", args).assert()
}

/// The topic's overrides as `topics --describe` reports them (the server's state).
fn topic_overrides(b: &TestBroker, topic: &str) -> Value {
    let out = b
        .tool(
            "topics",
            &["--describe", "--topic", topic, "--output", "json"],
        )
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    doc["topics"][0]["configs"].clone()
}

/// One entity of `configs --describe --output json`.
fn described(b: &TestBroker, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--describe", "--output", "json"]);
    let out = configs(b, &all).success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    doc["entities"][0].clone()
}

#[test]
fn alter_then_describe_round_trips_square_bracket_lists() {
    let b = TestBroker::start();
    b.create_topic("orders", 1);

    configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--add-config",
            "retention.ms=3600000,cleanup.policy=[compact,delete]",
        ],
    )
    .success()
    .stdout("Completed updating config for topic orders.\n");

    configs(&b, &["--describe", "--topic", "orders"])
        .success()
        .stdout(
            "Dynamic configs for topic orders are:\n\
             \x20 cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}\n\
             \x20 retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000, DEFAULT_CONFIG:log.retention.hours=168}\n",
        );

    // The long form names the same entity.
    configs(
        &b,
        &[
            "--describe",
            "--entity-type",
            "topics",
            "--entity-name",
            "orders",
        ],
    )
    .success()
    .stdout(contains("Dynamic configs for topic orders are:"));

    // Server state: the overrides are what topics --describe shows.
    let overrides = topic_overrides(&b, "orders");
    assert_eq!(overrides["cleanup.policy"], "compact,delete", "{overrides}");
    assert_eq!(overrides["retention.ms"], "3600000", "{overrides}");

    let entity = described(&b, &["--topic", "orders"]);
    assert_eq!(entity["entity_type"], "topics");
    assert_eq!(entity["entity_name"], "orders");
    assert_eq!(entity["exists"], true);
    assert_eq!(entity["configs"][0]["name"], "cleanup.policy");
    assert_eq!(entity["configs"][0]["source"], "DYNAMIC_TOPIC_CONFIG");
    assert_eq!(entity["configs"][1]["value"], "3600000");
}

#[test]
fn delete_config_removes_overrides_and_unknown_keys_fail() {
    let b = TestBroker::start();
    b.create_topic("orders", 1);
    configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--add-config",
            "retention.ms=1000,segment.ms=2000",
        ],
    )
    .success();

    configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--delete-config",
            "retention.ms",
        ],
    )
    .success()
    .stdout("Completed updating config for topic orders.\n");
    let overrides = topic_overrides(&b, "orders");
    assert!(overrides.get("retention.ms").is_none(), "{overrides}");
    assert_eq!(overrides["segment.ms"], "2000", "{overrides}");

    // A key that is not set fails before anything changes, segment.ms included.
    let out = configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--delete-config",
            "segment.ms,retention.ms",
        ],
    )
    .failure()
    .code(1);
    assert_eq!(stderr_of(&out), "Invalid config(s): retention.ms\n");
    assert_eq!(stdout_of(&out), "");
    assert_eq!(topic_overrides(&b, "orders")["segment.ms"], "2000");

    // An add-config file, and deletion plus addition in one call.
    let file = b.path("add.properties");
    std::fs::write(&file, "# extra\nmax.message.bytes=2048\n").unwrap();
    configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--add-config-file",
            file.to_str().unwrap(),
            "--delete-config",
            "segment.ms",
        ],
    )
    .success();
    let overrides = topic_overrides(&b, "orders");
    assert_eq!(overrides["max.message.bytes"], "2048", "{overrides}");
    assert!(overrides.get("segment.ms").is_none(), "{overrides}");
}

#[test]
fn broker_defaults_become_topic_synonyms() {
    let b = TestBroker::start();
    b.create_topic("logs", 1);

    configs(
        &b,
        &[
            "--alter",
            "--broker-defaults",
            "--add-config",
            "log.retention.ms=7200000",
        ],
    )
    .success()
    .stdout("Completed updating default config for brokers in the cluster.\n");

    configs(&b, &["--describe", "--broker-defaults"])
        .success()
        .stdout(
            "Default configs for brokers in the cluster are:\n\
             \x20 log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000}\n",
        );

    // The topic's effective retention comes from the cluster-wide default now.
    let out = configs(&b, &["--describe", "--all", "--topic", "logs"]).success();
    let text = stdout_of(&out);
    assert!(
        text.starts_with("All configs for topic logs are:\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000, DEFAULT_CONFIG:log.retention.hours=168}\n"
        ),
        "{text}"
    );
    let entity = described(&b, &["--all", "--topic", "logs"]);
    let retention = entity["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "retention.ms")
        .cloned()
        .unwrap();
    assert_eq!(retention["source"], "DYNAMIC_DEFAULT_BROKER_CONFIG");
    assert_eq!(retention["value"], "7200000");

    // A per-broker value wins over the default, and a broker describe without a name lists
    // each broker, then the defaults.
    configs(
        &b,
        &[
            "--alter",
            "--entity-type",
            "brokers",
            "--entity-name",
            "1",
            "--add-config",
            "log.retention.ms=100000",
        ],
    )
    .success()
    .stdout("Completed updating config for broker 1.\n");
    configs(&b, &["--describe", "--entity-type", "brokers"])
        .success()
        .stdout(
            "Dynamic configs for broker 1 are:\n\
             \x20 log.retention.ms=100000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=100000, DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000}\n\
             Default configs for brokers in the cluster are:\n\
             \x20 log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000}\n",
        );

    // Removing the default leaves the broker's own value.
    configs(
        &b,
        &[
            "--alter",
            "--entity-type",
            "brokers",
            "--entity-default",
            "--delete-config",
            "log.retention.ms",
        ],
    )
    .success()
    .stdout("Completed updating default config for brokers in the cluster.\n");
    configs(&b, &["--describe", "--broker-defaults"])
        .success()
        .stdout("Default configs for brokers in the cluster are:\n");
}

#[test]
fn describe_without_a_name_covers_every_topic_and_missing_topics_are_reported() {
    let b = TestBroker::start();
    b.create_topic("a1", 1);
    b.create_topic("b2", 1);
    configs(
        &b,
        &[
            "--alter",
            "--topic",
            "b2",
            "--add-config",
            "segment.ms=60000",
        ],
    )
    .success();

    let out = configs(&b, &["--describe", "--entity-type", "topics"]).success();
    let text = stdout_of(&out);
    let a1 = text.find("Dynamic configs for topic a1 are:\n").unwrap();
    let b2 = text
        .find("Dynamic configs for topic b2 are:\n  segment.ms=60000 sensitive=false")
        .unwrap();
    assert!(a1 < b2, "{text}");

    configs(&b, &["--describe", "--topic", "nope"])
        .success()
        .stdout("The topic 'nope' doesn't exist and doesn't have dynamic config.\n");
    configs(&b, &["--describe", "--broker", "7"])
        .success()
        .stdout("The broker '7' doesn't exist and doesn't have dynamic config.\n");

    // With --all the broker's refusal is the error, in one line instead of a stack trace.
    let out = configs(&b, &["--describe", "--all", "--topic", "nope"])
        .failure()
        .code(1);
    let err = stderr_of(&out);
    let mut lines = err.lines();
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "Error while executing config command with args '--bootstrap-server {} --describe --all --topic nope'",
                b.bootstrap
            )
            .as_str()
        )
    );
    assert_eq!(lines.next(), Some("The topic 'nope' does not exist."));
    assert_eq!(lines.next(), None);
}

#[test]
fn broker_refusals_and_unsupported_entity_types_are_one_line_errors() {
    let b = TestBroker::start();
    b.create_topic("orders", 1);

    let out = configs(
        &b,
        &["--alter", "--topic", "orders", "--add-config", "nope.key=1"],
    )
    .failure()
    .code(1);
    assert!(
        stderr_of(&out).ends_with("'\nUnknown topic config name: nope.key\n"),
        "{}",
        stderr_of(&out)
    );
    assert!(topic_overrides(&b, "orders").get("nope.key").is_none());

    let out = configs(&b, &["--describe", "--user", "alice"])
        .failure()
        .code(1);
    assert_eq!(
        stderr_of(&out),
        "Entity type users (client quotas and SCRAM credentials) is not supported by this broker: it does not offer the DescribeClientQuotas API\n"
    );
    configs(&b, &["--describe", "--client", "app"])
        .failure()
        .code(1)
        .stderr(contains(
            "Entity type clients (client quotas) is not supported by this broker",
        ));
    // A group with neither members, offsets nor configs does not exist (Kafka 4.1's notice).
    configs(&b, &["--describe", "--group", "g1"])
        .success()
        .stdout("The group 'g1' doesn't exist and doesn't have dynamic config.\n");

    // Broker loggers: the broker reports none, so naming one is Kafka's error.
    configs(&b, &["--describe", "--broker-logger", "1"])
        .success()
        .stdout("Dynamic configs for broker-logger 1 are:\n");
    configs(
        &b,
        &[
            "--alter",
            "--broker-logger",
            "1",
            "--add-config",
            "kafka.server=DEBUG",
        ],
    )
    .failure()
    .code(1)
    .stderr("Invalid broker logger(s): kafka.server\n");

    // JSON reports the failure on stdout.
    let out = configs(
        &b,
        &[
            "--alter",
            "--topic",
            "orders",
            "--delete-config",
            "retention.ms",
            "--output",
            "json",
        ],
    )
    .failure()
    .code(1);
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["error"], "Invalid config(s): retention.ms");

    // --bootstrap-controller is used like --bootstrap-server.
    strom()
        .args([
            "configs",
            "--bootstrap-controller",
            &b.bootstrap,
            "--alter",
            "--topic",
            "orders",
            "--add-config",
            "retention.ms=5000",
            "--output",
            "json",
        ])
        .assert()
        .success();
    assert_eq!(topic_overrides(&b, "orders")["retention.ms"], "5000");
}

#[test]
fn group_configs_alter_describe_delete_and_outlive_the_group() {
    let b = TestBroker::start();
    // Kafka lets a group have configs before it exists.
    configs(
        &b,
        &[
            "--alter",
            "--entity-type",
            "groups",
            "--entity-name",
            "my-group",
            "--add-config",
            "consumer.session.timeout.ms=60000,consumer.heartbeat.interval.ms=6000",
        ],
    )
    .success()
    .stdout("Completed updating config for group my-group.\n");

    configs(&b, &["--describe", "--group", "my-group"])
        .success()
        .stdout(
            "Dynamic configs for group my-group are:\n\
             \x20 consumer.heartbeat.interval.ms=6000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.heartbeat.interval.ms=6000}\n\
             \x20 consumer.session.timeout.ms=60000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=60000}\n",
        );

    // --all: every group key; unset ones carry the broker's value as DEFAULT_CONFIG.
    let out = configs(
        &b,
        &[
            "--describe",
            "--entity-type",
            "groups",
            "--entity-name",
            "my-group",
            "--all",
        ],
    )
    .success();
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "All configs for group my-group are:", "{text}");
    assert_eq!(lines.len(), 11, "{text}");
    assert!(lines.contains(
        &"  share.auto.offset.reset=latest sensitive=false synonyms={DEFAULT_CONFIG:share.auto.offset.reset=latest}"
    ), "{text}");
    assert!(lines.contains(
        &"  streams.session.timeout.ms=45000 sensitive=false synonyms={DEFAULT_CONFIG:streams.session.timeout.ms=45000}"
    ), "{text}");

    let entity = described(&b, &["--group", "my-group"]);
    assert_eq!(entity["entity_type"], "groups");
    assert_eq!(entity["entity_name"], "my-group");
    assert_eq!(entity["exists"], true);
    assert_eq!(entity["configs"][1]["name"], "consumer.session.timeout.ms");
    assert_eq!(entity["configs"][1]["value"], "60000");
    assert_eq!(entity["configs"][1]["source"], "DYNAMIC_GROUP_CONFIG");
    let out = configs(
        &b,
        &["--describe", "--group", "my-group", "--output", "table"],
    )
    .success();
    assert!(
        stdout_of(&out).contains("DYNAMIC_GROUP_CONFIG"),
        "{}",
        stdout_of(&out)
    );

    // The broker refuses bad values with Kafka's messages and keeps what it had.
    for (config, reason) in [
        (
            "consumer.session.timeout.ms=1000",
            "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
        ),
        (
            "consumer.heartbeat.interval.ms=16000",
            "consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms",
        ),
        ("no.such.key=1", "Unknown group config name: no.such.key"),
        (
            "share.isolation.level=dirty",
            "Invalid value dirty for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted",
        ),
    ] {
        let out = configs(
            &b,
            &["--alter", "--group", "my-group", "--add-config", config],
        )
        .failure()
        .code(1);
        assert!(
            stderr_of(&out).ends_with(&format!("'\n{reason}\n")),
            "{config}: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(
        described(&b, &["--group", "my-group"])["configs"][1]["value"],
        "60000"
    );

    configs(
        &b,
        &[
            "--alter",
            "--group",
            "my-group",
            "--delete-config",
            "consumer.heartbeat.interval.ms",
        ],
    )
    .success()
    .stdout("Completed updating config for group my-group.\n");
    configs(
        &b,
        &[
            "--alter",
            "--group",
            "my-group",
            "--delete-config",
            "consumer.heartbeat.interval.ms",
        ],
    )
    .failure()
    .code(1)
    .stderr("Invalid config(s): consumer.heartbeat.interval.ms\n");
    let entity = described(&b, &["--group", "my-group"]);
    assert_eq!(entity["configs"].as_array().unwrap().len(), 1, "{entity}");

    // Once the group exists (offsets committed), deleting it leaves its configs, as in Kafka:
    // they are metadata records, not group state.
    b.create_topic("orders", 1);
    b.tool(
        "consumer-groups",
        &[
            "--reset-offsets",
            "--group",
            "my-group",
            "--topic",
            "orders",
            "--to-earliest",
            "--execute",
        ],
    )
    .assert()
    .success();
    b.tool("consumer-groups", &["--delete", "--group", "my-group"])
        .assert()
        .success();
    b.tool("consumer-groups", &["--list"])
        .assert()
        .success()
        .stdout(contains("my-group").not());
    configs(&b, &["--describe", "--group", "my-group"])
        .success()
        .stdout(
            "Dynamic configs for group my-group are:\n  consumer.session.timeout.ms=60000 \
             sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=60000}\n",
        );
}

#[test]
fn option_errors_are_kafkas_messages() {
    // Checked before connecting: the address is never used.
    let cases: &[(&[&str], &str)] = &[
        (
            &["--topic", "t"],
            "Command must include exactly one action: --describe, --alter\nTry 'kafka-configs --help' for the list of options.\n",
        ),
        (
            &["--describe", "--topic", "t", "--delete-config", "a"],
            "Option \"[describe]\" can't be used with option \"[delete-config]\"\nTry 'kafka-configs --help' for the list of options.\n",
        ),
        (
            &["--describe", "--entity-type", "nodes"],
            "Invalid entity type nodes, the entity type must be one of topics, clients, users, brokers, ips, broker-loggers, client-metrics, groups with a --bootstrap-server or --bootstrap-controller argument\n",
        ),
        (
            &["--alter", "--entity-type", "topics", "--add-config", "a=1"],
            "An entity name must be specified with --alter of topics\n",
        ),
        (
            &["--alter", "--topic", "t"],
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter\n",
        ),
        (
            &["--alter", "--topic", "t", "--add-config", "a=1=2"],
            "Invalid entity config: all configs to be added must be in the format \"key=val\" or \"key=[val1,val2]\" to group values which contain commas.\n",
        ),
        (
            &["--alter", "--topic", "t", "--add-config", "a b=1"],
            "Invalid character found for config key: a b\n",
        ),
        (
            &["--describe", "--broker", "x"],
            "The entity name for brokers must be a valid integer broker id, but it is: x\n",
        ),
        (
            &["--describe", "--topic", "t", "--entity-type", "topics"],
            "Duplicate entity type(s) specified: topics\n",
        ),
    ];
    for (args, stderr) in cases {
        let mut full = vec!["configs", "--bootstrap-server", "127.0.0.1:1"];
        full.extend_from_slice(args);
        let out = strom().args(&full).assert().failure().code(1);
        assert_eq!(stderr_of(&out), *stderr, "{args:?}");
        assert_eq!(stdout_of(&out), "", "{args:?}");
    }
    strom()
        .args(["configs", "--describe", "--topic", "t"])
        .assert()
        .failure()
        .code(1)
        .stderr("You must specify either --bootstrap-controller or --bootstrap-server.\n");
}
