//! Test harness: a broker child process on port 0 and a `strom` command builder.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long a broker may take to write its ready file.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// A `strom server-start` child on 127.0.0.1:0 with its data in a temp dir; killed on drop.
pub struct TestBroker {
    child: Child,
    dir: TempDir,
    /// `host:port` from the ready file.
    pub bootstrap: String,
    /// The whole ready file (listeners, node_id, cluster_id, pid).
    #[allow(dead_code)]
    pub ready: serde_json::Value,
}

impl TestBroker {
    pub fn start() -> TestBroker {
        TestBroker::start_with(&[])
    }

    /// Start with extra `--override key=value` settings.
    pub fn start_with(overrides: &[&str]) -> TestBroker {
        let dir = tempfile::tempdir().expect("temp dir");
        let ready_file = dir.path().join("ready.json");
        let stderr_file = dir.path().join("broker.stderr");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strom"));
        cmd.arg("server-start")
            .arg("--override")
            .arg("listeners=PLAINTEXT://127.0.0.1:0")
            .arg("--override")
            .arg(format!("log.dirs={}", dir.path().join("data").display()))
            .arg("--ready-file")
            .arg(&ready_file);
        for o in overrides {
            cmd.arg("--override").arg(o);
        }
        // A file, not a pipe: nobody drains a pipe while the test runs, and a full one blocks.
        let log = std::fs::File::create(&stderr_file).expect("stderr file");
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .env("NO_COLOR", "1");
        let mut child = cmd.spawn().expect("spawn strom server-start");
        let started = Instant::now();
        let ready = loop {
            if let Some(v) = read_ready(&ready_file) {
                break v;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("broker exited early ({status}):\n{}", read(&stderr_file));
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "broker wrote no ready file within {STARTUP_TIMEOUT:?}:\n{}",
                    read(&stderr_file)
                );
            }
            // Polling a file the broker writes atomically; not a sleep standing in for readiness.
            std::thread::sleep(Duration::from_millis(10));
        };
        let bootstrap = ready["bootstrap_servers"]
            .as_str()
            .expect("bootstrap_servers in ready file")
            .to_string();
        TestBroker {
            child,
            dir,
            bootstrap,
            ready,
        }
    }

    /// A path inside the broker's temp dir (for test files).
    #[allow(dead_code)]
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `strom <tool> --bootstrap-server <this broker> <args...>`.
    pub fn tool(&self, tool: &str, args: &[&str]) -> assert_cmd::Command {
        let mut c = strom();
        c.arg(tool)
            .arg("--bootstrap-server")
            .arg(&self.bootstrap)
            .args(args);
        c
    }

    /// Create a topic through the tool, asserting success.
    pub fn create_topic(&self, name: &str, partitions: i32) {
        self.tool(
            "topics",
            &[
                "--create",
                "--topic",
                name,
                "--partitions",
                &partitions.to_string(),
            ],
        )
        .assert()
        .success();
    }

    /// The broker's stderr so far, for debugging failed tests.
    #[allow(dead_code)]
    pub fn log(&self) -> String {
        read(&self.dir.path().join("broker.stderr"))
    }
}

impl Drop for TestBroker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_ready(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("bootstrap_servers")?.as_str()?;
    Some(v)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A `strom` command with a clean environment and a timeout, so a hang fails the test.
pub fn strom() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_strom"));
    c.env("NO_COLOR", "1")
        .env_remove("STROM_BOOTSTRAP_SERVER")
        .env_remove("RUST_LOG")
        .timeout(Duration::from_secs(120));
    c
}

/// A port nothing listens on: bound once by us and released.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// stdout of a finished assertion as text.
pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// stderr of a finished assertion as text.
pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}
