//! `strom shell`: the same commands through a pipe (a script) and through a pseudo-terminal
//! (prompt, completion, history, Ctrl-C, Ctrl-D), plus the confirmation prompts of the
//! destructive tools, which only appear on a terminal.

use std::process::Command;
use std::time::Duration;

use predicates::str::contains;
use rexpect::session::{PtySession, spawn_command};

use crate::harness::{TestBroker, stderr_of, stdout_of, strom};

/// Run a shell script through a pipe.
fn script(b: &TestBroker, text: &str) -> assert_cmd::assert::Assert {
    strom()
        .args(["shell", "--bootstrap-server", &b.bootstrap])
        .write_stdin(text.to_string())
        .assert()
}

#[test]
fn a_piped_script_runs_the_shell_commands() {
    let b = TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"]);
    let a = script(
        &b,
        "# comments and blank lines are skipped\n\
         \n\
         create orders --partitions 2 --config retention.ms=3600000\n\
         topics\n\
         describe orders\n\
         configs orders\n\
         produce orders\n\
         first\n\
         second\n\
         \n\
         consume orders --from-beginning --max-messages 2 --group billing\n\
         groups\n\
         lag billing --output json\n\
         consumer-groups --list\n\
         exit\n\
         topics --this-line-is-never-run\n",
    )
    .success();
    let out = stdout_of(&a);
    let err = stderr_of(&a);
    assert!(out.contains("Created topic orders.\n"), "{out}");
    assert!(out.contains("orders\n"), "{out}");
    assert!(out.contains("Topic: orders\t"), "{out}");
    assert!(out.contains("\tTopic: orders\tPartition: 1\t"), "{out}");
    assert!(
        out.contains("Dynamic configs for topic orders are:\n  retention.ms=3600000 "),
        "{out}"
    );
    let mut records: Vec<&str> = out
        .lines()
        .filter(|l| *l == "first" || *l == "second")
        .collect();
    records.sort();
    assert_eq!(records, ["first", "second"], "{out}");
    assert!(err.contains("2 record(s) sent to orders"), "{err}");
    assert!(err.contains("Processed a total of 2 messages"), "{err}");
    assert_eq!(
        out.lines().filter(|l| *l == "billing").count(),
        2,
        "`groups` and `consumer-groups --list` both list the group: {out}"
    );
    // `lag billing --output json` is consumer-groups --describe: committed offsets, no lag.
    let start = out.find("{\n").expect("a JSON document");
    let end = out[start..].find("\n}\n").expect("its end") + start + 3;
    let doc: serde_json::Value = serde_json::from_str(&out[start..end]).unwrap();
    let offsets = doc["groups"][0]["offsets"].as_array().unwrap();
    let committed: i64 = offsets
        .iter()
        .map(|o| o["current_offset"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(committed, 2, "{doc}");
    assert!(offsets.iter().all(|o| o["lag"] == 0), "{doc}");
    assert!(
        !err.contains("this-line-is-never-run"),
        "exit stops the script"
    );
}

#[test]
fn a_failing_command_fails_the_script_but_the_rest_still_runs() {
    let b = TestBroker::start();
    let a = script(
        &b,
        "describe missing\nfrobnicate\ncreate after-failure\nlag\n",
    )
    .failure()
    .code(1);
    let out = stdout_of(&a);
    let err = stderr_of(&a);
    assert!(
        out.contains(
            "Error while executing topic command : Topic 'missing' does not exist as expected"
        ),
        "{out}"
    );
    assert!(err.contains("unknown command 'frobnicate'"), "{err}");
    assert!(err.contains("usage: lag GROUP"), "{err}");
    assert!(out.contains("Created topic after-failure."), "{out}");
}

#[test]
fn tool_flags_and_help_work_in_a_script() {
    let b = TestBroker::start();
    let a = script(
        &b,
        "help\nhelp lag\ntopics --bad-flag\ncreate a b c --partitions 2\ntopics --output json\n",
    )
    .failure();
    let out = stdout_of(&a);
    let err = stderr_of(&a);
    assert!(
        out.contains("Commands:") && out.contains("lag GROUP"),
        "{out}"
    );
    assert!(out.contains("describe a consumer group"), "{out}");
    assert!(
        err.contains("--bad-flag"),
        "clap's error for the bad flag: {err}"
    );
    for t in ["a", "b", "c"] {
        assert!(out.contains(&format!("Created topic {t}.\n")), "{out}");
    }
    assert!(out.contains("\"topics\": ["), "{out}");
    // No progress bar or colour when stderr is not a terminal.
    assert!(!err.contains('\x1b'), "{err:?}");
}

#[test]
fn strom_without_arguments_prints_help_when_not_on_a_terminal() {
    let a = strom().assert().failure();
    let err = stderr_of(&a);
    assert!(err.contains("Usage: strom"), "{err}");
    assert!(err.contains("shell"), "{err}");
}

/// The shell (or any command) on a pseudo-terminal, with a clean state directory.
fn pty(args: &[&str], state: &std::path::Path, bootstrap: &str) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strom"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_STATE_HOME", state)
        .env("STROM_BOOTSTRAP_SERVER", bootstrap)
        .env_remove("RUST_LOG");
    spawn_command(cmd, Some(60_000)).expect("spawn on a pty")
}

fn exit_status(p: &mut PtySession) -> String {
    format!("{:?}", p.process_mut().wait().expect("wait"))
}

#[test]
fn the_interactive_shell_completes_cancels_and_keeps_history() {
    let b = TestBroker::start();
    b.create_topic("pty-orders", 1);
    let state = tempfile::tempdir().unwrap();
    // `strom` alone on a terminal opens the shell, on STROM_BOOTSTRAP_SERVER.
    let mut p = pty(&[], state.path(), &b.bootstrap);
    let prompt = format!("strom {}> ", b.bootstrap);
    p.exp_string(&prompt).unwrap();

    p.send_line("produce pty-orders").unwrap();
    p.exp_string("Type one record per line").unwrap();
    // Each line waits for the next `>` prompt: typeahead sent before the editor reads again
    // is not kept, as with any line editor.
    p.exp_string(">").unwrap();
    p.send_line("hello from a terminal").unwrap();
    p.exp_string("hello from a terminal").unwrap();
    p.exp_string(">").unwrap();
    p.send_line("").unwrap();
    p.exp_string("1 record(s) sent to pty-orders").unwrap();
    p.exp_string(&prompt).unwrap();

    // Tab completes the topic name fetched from the cluster.
    p.send("describe pty-o").unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    p.exp_string("pty-orders ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Topic: pty-orders").unwrap();
    p.exp_string(&prompt).unwrap();

    // Ctrl-C stops a running consumer and the shell stays.
    p.send_line("consume pty-orders --from-beginning").unwrap();
    p.exp_string("hello from a terminal").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Processed a total of 1 messages").unwrap();
    p.exp_string(&prompt).unwrap();

    // Ctrl-C on the prompt drops the line; Ctrl-D leaves.
    p.send("half a line").unwrap();
    p.flush().unwrap();
    p.exp_string("half a line").unwrap();
    p.send_control('c').unwrap();
    p.exp_string(&prompt).unwrap();
    p.send_line("topics").unwrap();
    p.exp_string("pty-orders").unwrap();
    p.exp_string(&prompt).unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let status = exit_status(&mut p);
    assert!(
        status.contains("Exited(") && status.ends_with(", 0)"),
        "{status}"
    );

    let history = std::fs::read_to_string(state.path().join("strom").join("history")).unwrap();
    for line in ["produce pty-orders", "describe pty-orders", "topics"] {
        assert!(history.contains(line), "{line:?} in {history}");
    }
    assert!(
        !history.contains("hello from a terminal"),
        "records are not commands: {history}"
    );
}

#[test]
fn destructive_tools_ask_on_a_terminal_and_not_with_yes_or_a_pipe() {
    let b = TestBroker::start();
    for t in ["keep-me", "delete-me", "piped"] {
        b.create_topic(t, 1);
    }
    let state = tempfile::tempdir().unwrap();
    let bs = b.bootstrap.as_str();

    // Answer no: nothing is deleted, status 1.
    let mut p = pty(
        &[
            "topics",
            "--bootstrap-server",
            bs,
            "--delete",
            "--topic",
            "keep-me",
        ],
        state.path(),
        bs,
    );
    p.exp_string("Delete topic 'keep-me' and all its records?")
        .unwrap();
    p.send_line("n").unwrap();
    p.exp_string("Aborted: nothing was changed.").unwrap();
    p.exp_eof().unwrap();
    let status = exit_status(&mut p);
    assert!(status.ends_with(", 1)"), "{status}");

    // Answer yes.
    let mut p = pty(
        &[
            "topics",
            "--bootstrap-server",
            bs,
            "--delete",
            "--topic",
            "delete-me",
        ],
        state.path(),
        bs,
    );
    p.exp_string("Delete topic 'delete-me'").unwrap();
    p.send_line("y").unwrap();
    p.exp_eof().unwrap();
    let status = exit_status(&mut p);
    assert!(status.ends_with(", 0)"), "{status}");

    // --yes: no question.
    let mut p = pty(
        &[
            "consumer-groups",
            "--bootstrap-server",
            bs,
            "--delete",
            "--group",
            "nobody",
            "--yes",
        ],
        state.path(),
        bs,
    );
    let out = p.exp_eof().unwrap();
    assert!(!out.contains("[y/N]"), "{out}");

    // Through a pipe, Kafka's behaviour: no prompt.
    b.tool("topics", &["--delete", "--topic", "piped"])
        .assert()
        .success()
        .stdout("");

    let list = b.tool("topics", &["--list"]).assert().success();
    let names = stdout_of(&list);
    assert!(names.lines().any(|l| l == "keep-me"), "{names}");
    assert!(
        !names.lines().any(|l| l == "delete-me" || l == "piped"),
        "{names}"
    );
}

#[test]
fn reset_offsets_execute_asks_before_committing_on_a_terminal() {
    let b = TestBroker::start_with(&["group.initial.rebalance.delay.ms=0"]);
    b.create_topic("resets", 1);
    b.tool("console-producer", &["--topic", "resets"])
        .write_stdin("a\nb\n")
        .assert()
        .success();
    b.tool(
        "console-consumer",
        &[
            "--topic",
            "resets",
            "--group",
            "g",
            "--from-beginning",
            "--max-messages",
            "2",
        ],
    )
    .timeout(Duration::from_secs(60))
    .assert()
    .success();
    let state = tempfile::tempdir().unwrap();
    let bs = b.bootstrap.as_str();
    let mut p = pty(
        &[
            "consumer-groups",
            "--bootstrap-server",
            bs,
            "--reset-offsets",
            "--group",
            "g",
            "--topic",
            "resets",
            "--to-earliest",
            "--execute",
        ],
        state.path(),
        bs,
    );
    p.exp_string("Reset the committed offsets of 1 partition(s) of group(s) 'g'?")
        .unwrap();
    p.send_line("n").unwrap();
    p.exp_string("Aborted: nothing was changed.").unwrap();
    p.exp_eof().unwrap();
    b.tool(
        "consumer-groups",
        &["--describe", "--group", "g", "--output", "json"],
    )
    .assert()
    .success()
    .stdout(contains("\"current_offset\": 2"));
}
