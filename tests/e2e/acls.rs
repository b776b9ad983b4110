//! `strom acls` (kafka-acls) against a real broker. Strom has no authorizer, so every action
//! ends the way Kafka's tool ends against a broker without `authorizer.class.name`: Kafka's
//! `Error while executing ACL command: ...SecurityDisabledException: ...` line on stdout and
//! exit status 1. Option errors print Kafka's usage messages on stderr.

use serde_json::Value;

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

const ON_BROKER: &str = "Error while executing ACL command: \
    org.apache.kafka.common.errors.SecurityDisabledException: No Authorizer is configured on the broker\n";
const CONFIGURED: &str = "Error while executing ACL command: \
    org.apache.kafka.common.errors.SecurityDisabledException: No Authorizer is configured.\n";

#[test]
fn every_action_reports_that_no_authorizer_is_configured() {
    let b = TestBroker::start();
    for (args, expected) in [
        (&["--list"][..], ON_BROKER),
        (&["--list", "--topic", "t"][..], ON_BROKER),
        // Kafka 4's tool looks for existing ACLs (DescribeAcls) before it adds any.
        (
            &[
                "--add",
                "--allow-principal",
                "User:alice",
                "--operation",
                "Read",
                "--topic",
                "t",
            ][..],
            ON_BROKER,
        ),
        (
            &[
                "--add",
                "--producer",
                "--topic",
                "t",
                "--allow-principal",
                "User:bob",
            ][..],
            ON_BROKER,
        ),
        (
            &[
                "--remove",
                "--allow-principal",
                "User:alice",
                "--operation",
                "Read",
                "--topic",
                "t",
                "--force",
            ][..],
            CONFIGURED,
        ),
        (&["--remove", "--group", "g", "--force"][..], CONFIGURED),
    ] {
        let out = b.tool("acls", args).assert().code(1);
        assert_eq!(stdout_of(&out), expected, "{args:?}");
        assert_eq!(stderr_of(&out), "", "{args:?}");
    }
}

#[test]
fn list_failure_as_json() {
    let b = TestBroker::start();
    let out = b
        .tool("acls", &["--list", "--output", "json"])
        .assert()
        .code(1);
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["error"], "No Authorizer is configured on the broker");
}

#[test]
fn remove_asks_first_and_does_nothing_unless_told_y() {
    let b = TestBroker::start();
    let out = b
        .tool("acls", &["--remove", "--topic", "t"])
        .write_stdin("n\n")
        .assert()
        .success();
    assert_eq!(
        stdout_of(&out),
        "Are you sure you want to delete all ACLs for resource filter \
         `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`? (y/n)\n"
    );
    let out = b
        .tool("acls", &["--remove", "--topic", "t"])
        .write_stdin("y\n")
        .assert()
        .code(1);
    assert!(stdout_of(&out).ends_with(CONFIGURED), "{}", stdout_of(&out));
}

#[test]
fn usage_errors_are_kafkas() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--list"],
            "One of --bootstrap-server or --bootstrap-controller must be specified",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--bootstrap-controller",
                "localhost:1",
                "--list",
            ],
            "Only one of --bootstrap-server or --bootstrap-controller must be specified",
        ),
        (
            &["--bootstrap-server", "localhost:1"],
            "Command must include exactly one action: --list, --add, --remove. ",
        ),
        (
            &["--bootstrap-server", "localhost:1", "--list", "--add"],
            "Command must include exactly one action: --list, --add, --remove. ",
        ),
        (
            &["--bootstrap-server", "localhost:1", "--list", "--producer"],
            "Option \"[list]\" can't be used with option \"[producer]\"",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--producer",
                "--topic",
                "t",
                "--operation",
                "Read",
            ],
            "Option \"[producer]\" can't be used with option \"[operation]\"",
        ),
        (
            &["--bootstrap-server", "localhost:1", "--add", "--producer"],
            "With --producer you must specify a --topic",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--consumer",
                "--topic",
                "t",
            ],
            "With --consumer you must specify a --topic and a --group and no --cluster or \
             --transactional-id option should be specified.",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--idempotent",
                "--topic",
                "t",
            ],
            "The --idempotent option is only available if --producer is set",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--principal",
                "User:a",
            ],
            "The --principal option is only available if --list is set",
        ),
        (
            &["--bootstrap-server", "localhost:1", "--add", "--topic", "t"],
            "You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--allow-principal",
                "User:a",
            ],
            "You must provide at least one resource: --topic <topic> or --cluster or --group \
             <group> or --delegation-token <Delegation Token ID>",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--resource-pattern-type",
                "match",
                "--topic",
                "t",
                "--allow-principal",
                "User:a",
            ],
            "A '--resource-pattern-type' value of 'MATCH' is not valid when adding acls.",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--list",
                "--resource-pattern-type",
                "sideways",
            ],
            "Cannot parse argument 'sideways' of option resource-pattern-type",
        ),
        (
            &[
                "--bootstrap-server",
                "localhost:1",
                "--add",
                "--group",
                "g",
                "--allow-principal",
                "User:a",
                "--operation",
                "Write",
            ],
            "ResourceType GROUP only supports operations [ALL, READ, DELETE, DESCRIBE, \
             DESCRIBE_CONFIGS, ALTER_CONFIGS]",
        ),
    ];
    for (args, msg) in cases {
        let out = strom().arg("acls").args(*args).assert().code(1);
        let err = stderr_of(&out);
        assert_eq!(err.lines().next(), Some(*msg), "{args:?}: {err}");
        assert_eq!(stdout_of(&out), "", "{args:?}");
    }
}

#[test]
fn a_principal_without_a_type_is_refused_before_connecting() {
    let out = strom()
        .args([
            "acls",
            "--bootstrap-server",
            "localhost:1",
            "--add",
            "--allow-principal",
            "alice",
            "--topic",
            "t",
        ])
        .assert()
        .code(1);
    assert_eq!(
        stdout_of(&out),
        "Error while executing ACL command: expected a string in format \
         principalType:principalName but got alice\n"
    );
}
