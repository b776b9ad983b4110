//! `strom shell`: an interactive shell for one cluster (also `strom` alone on a terminal).
//!
//! On a terminal it is a line editor (rustyline) with the prompt `strom HOST:PORT> `, history
//! in `$XDG_STATE_HOME/strom/history` (else `~/.local/state/strom/history`), and completion of
//! commands, flags, topics and groups (see `complete`). Ctrl-C cancels the running command (or
//! the line being typed) and stays in the shell; Ctrl-D or `exit` leaves.
//!
//! With stdin not a terminal the same commands run as a script: no prompt, no history, lines
//! echoed nowhere; `produce TOPIC` takes the script lines that follow up to an empty line. The
//! exit status is 1 when any command failed, 0 otherwise.
//!
//! The commands are in `commands`: built-ins (`topics`, `describe`, `create`, `delete`,
//! `produce`, `consume`, `groups`, `lag`, `configs`, `help`, `exit`) and any tool invocation
//! (`consumer-groups --list`), parsed with the tools' own clap definitions, with
//! `--bootstrap-server` filled in.

mod commands;
mod complete;
mod exec;
mod produce;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config, Editor};
use strom_client::Admin;

use super::color::{self, Style};
use super::common;
use super::progress::{Progress, Unit};
use super::topics;
use commands::{BUILTINS, Command};
use complete::{ClusterNames, ShellHelper};
use exec::{Outcome, Runner};

/// An interactive shell for a cluster: topics, produce, consume, groups, configs.
#[derive(Debug, Default, Args)]
pub struct ShellArgs {
    /// The Kafka server(s) to connect to.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER",
        default_value = "localhost:9092"
    )]
    pub bootstrap_server: Option<String>,
    /// Property file with client settings, passed to every command that takes
    /// --command-config.
    #[arg(long, value_name = "String: command config property file")]
    pub command_config: Option<PathBuf>,
}

/// Both stdin and stdout are terminals: `strom` with no arguments opens the shell.
pub fn interactive_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// How long fetching topic and group names for completion may take.
const NAMES_TIMEOUT: Duration = Duration::from_secs(3);

/// The shell's state across commands.
struct Shell {
    bootstrap: String,
    command_config: Option<PathBuf>,
    runner: Runner,
    admin: Option<Admin>,
    /// When connecting for completion last failed (retried after [`RECONNECT_AFTER`]).
    unreachable_since: Option<Instant>,
    failed: bool,
}

/// How long the shell waits before trying again to connect for completion.
const RECONNECT_AFTER: Duration = Duration::from_secs(30);

/// One line from the input.
enum Line {
    Text(String),
    /// Ctrl-C at the prompt.
    Interrupted,
    Eof,
}

/// Where lines come from: the line editor, or a script on stdin.
enum Input {
    Editor {
        editor: Box<Editor<ShellHelper, DefaultHistory>>,
        prompt: String,
        history: Option<PathBuf>,
    },
    Script(Box<dyn BufRead>),
}

impl Input {
    fn interactive(&self) -> bool {
        matches!(self, Input::Editor { .. })
    }

    /// The next command line.
    fn command(&mut self) -> anyhow::Result<Line> {
        match self {
            Input::Editor { editor, prompt, .. } => {
                if let Some(h) = editor.helper_mut() {
                    h.completing = true;
                }
                read_editor(editor, prompt)
            }
            Input::Script(r) => read_script(r.as_mut()),
        }
    }

    /// The next record line for `produce` (no completion, no history).
    fn record(&mut self) -> anyhow::Result<Line> {
        match self {
            Input::Editor { editor, .. } => {
                if let Some(h) = editor.helper_mut() {
                    h.completing = false;
                }
                read_editor(editor, ">")
            }
            Input::Script(r) => read_script(r.as_mut()),
        }
    }

    fn remember(&mut self, line: &str) {
        if let Input::Editor {
            editor, history, ..
        } = self
        {
            let _ = editor.add_history_entry(line);
            if let Some(path) = history
                && let Err(e) = editor.append_history(path)
            {
                tracing::debug!(path = %path.display(), error = %e, "Cannot write the history file.");
            }
        }
    }

    fn set_names(&mut self, names: ClusterNames) {
        if let Input::Editor { editor, .. } = self
            && let Some(h) = editor.helper_mut()
        {
            h.names = names;
        }
    }
}

fn read_editor(
    editor: &mut Editor<ShellHelper, DefaultHistory>,
    prompt: &str,
) -> anyhow::Result<Line> {
    match editor.readline(prompt) {
        Ok(l) => Ok(Line::Text(l)),
        Err(ReadlineError::Interrupted) => Ok(Line::Interrupted),
        Err(ReadlineError::Eof) => Ok(Line::Eof),
        Err(e) => Err(e.into()),
    }
}

fn read_script(r: &mut dyn BufRead) -> anyhow::Result<Line> {
    let mut s = String::new();
    if r.read_line(&mut s)? == 0 {
        return Ok(Line::Eof);
    }
    let trimmed = s.strip_suffix('\n').unwrap_or(&s);
    let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
    Ok(Line::Text(trimmed.to_string()))
}

/// `$XDG_STATE_HOME/strom/history`, else `~/.local/state/strom/history`.
pub fn history_path() -> Option<PathBuf> {
    let non_empty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
    let state = std::env::var_os("XDG_STATE_HOME")
        .and_then(non_empty)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(non_empty)
                .map(|h| h.join(".local").join("state"))
        })?;
    Some(state.join("strom").join("history"))
}

fn open_editor(bootstrap: &str) -> anyhow::Result<Input> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(10_000)?
        .history_ignore_dups(true)?
        .build();
    let mut editor: Editor<ShellHelper, DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(ShellHelper::new(color::stdout_enabled())));
    let history = history_path();
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if path.exists()
            && let Err(e) = editor.load_history(path)
        {
            tracing::warn!(path = %path.display(), error = %e, "Cannot read the history file.");
        }
    }
    Ok(Input::Editor {
        editor: Box::new(editor),
        prompt: format!("strom {bootstrap}> "),
        history,
    })
}

pub fn run(args: ShellArgs) -> anyhow::Result<ExitCode> {
    let bootstrap = args
        .bootstrap_server
        .clone()
        .or_else(|| std::env::var("STROM_BOOTSTRAP_SERVER").ok())
        .unwrap_or_else(|| "localhost:9092".to_string());
    if let Err(msg) = common::validate_bootstrap(&bootstrap) {
        return Ok(common::usage_error("strom shell", msg));
    }
    let mut shell = Shell {
        bootstrap,
        command_config: args.command_config.clone(),
        runner: Runner::new()?,
        admin: None,
        unreachable_since: None,
        failed: false,
    };
    let mut input = if std::io::stdin().is_terminal() {
        open_editor(&shell.bootstrap)?
    } else {
        Input::Script(Box::new(std::io::BufReader::new(std::io::stdin())))
    };
    if input.interactive() {
        input.set_names(shell.fetch_names());
        if shell.admin.is_some() {
            eprint!("Connected to {}. ", shell.bootstrap);
        }
        eprintln!("Type `help` for the commands, Ctrl-D to leave.");
    }
    loop {
        let line = match input.command()? {
            Line::Text(l) => l,
            Line::Interrupted => continue,
            Line::Eof => break,
        };
        if !line.trim().is_empty() {
            input.remember(&line);
        }
        let outcome = match commands::parse(&line) {
            Ok(Command::Empty) => continue,
            Ok(Command::Exit) => break,
            Ok(cmd) => shell.execute(cmd, &mut input)?,
            Err(msg) => {
                color::eprint_error(&msg);
                Outcome::Failed
            }
        };
        match outcome {
            Outcome::Succeeded => {}
            Outcome::Failed => shell.failed = true,
            // Ctrl-C stops a script, as it would stop any other program.
            Outcome::Cancelled if !input.interactive() => {
                return Ok(ExitCode::from(130));
            }
            Outcome::Cancelled => {}
        }
        if input.interactive() {
            input.set_names(shell.fetch_names());
        }
    }
    if input.interactive() {
        // Leave the terminal on a fresh line after Ctrl-D.
        eprintln!();
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if shell.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

impl Shell {
    fn command_config(&self) -> Option<&Path> {
        self.command_config.as_deref()
    }

    /// A connection for completion; commands open their own.
    fn connect_admin(&mut self) {
        let props = match common::load_properties(self.command_config(), &[]) {
            Ok(p) => p,
            Err(e) => {
                color::eprint_error(&format!("{e:#}"));
                return;
            }
        };
        let connect = common::connect(&self.bootstrap, &props);
        let result = self
            .runner
            .block_on(async { tokio::time::timeout(NAMES_TIMEOUT, connect).await });
        let problem = match result {
            Ok(Ok(client)) => {
                self.admin = Some(Admin::new(client));
                self.unreachable_since = None;
                return;
            }
            Ok(Err(e)) => format!("cannot reach {}: {e:#}", self.bootstrap),
            Err(_) => format!(
                "no answer from {} within {} s",
                self.bootstrap,
                NAMES_TIMEOUT.as_secs()
            ),
        };
        // Said once; commands report their own connection errors.
        if self.unreachable_since.is_none() {
            let warning = color::paint("warning:", Style::Warning, color::stderr_enabled());
            eprintln!("{warning} {problem} (no topic or group completion until it answers)");
        }
        self.unreachable_since = Some(Instant::now());
    }

    /// Topic and group names for completion (empty when the cluster cannot be reached).
    fn fetch_names(&mut self) -> ClusterNames {
        let retry = self
            .unreachable_since
            .is_none_or(|t| t.elapsed() >= RECONNECT_AFTER);
        if self.admin.is_none() && retry {
            self.connect_admin();
        }
        let Some(admin) = &self.admin else {
            return ClusterNames::default();
        };
        let fetched = self.runner.block_on(async {
            tokio::time::timeout(NAMES_TIMEOUT, async {
                let meta = admin.client().refresh_metadata(None).await;
                let groups = admin.list_consumer_groups(&[], &[]).await;
                (meta, groups)
            })
            .await
        });
        let mut names = ClusterNames::default();
        if let Ok((meta, groups)) = fetched {
            if let Ok(meta) = meta {
                names.topics = meta.topics.keys().cloned().collect();
            }
            if let Ok(groups) = groups {
                names.groups = groups.into_iter().map(|g| g.group_id).collect();
            }
        }
        names
    }

    fn execute(&mut self, cmd: Command, input: &mut Input) -> anyhow::Result<Outcome> {
        Ok(match cmd {
            Command::Empty | Command::Exit => Outcome::Succeeded,
            Command::Help(topic) => self.help(topic.as_deref()),
            Command::Tool(argv) => self.tool(argv),
            Command::Produce(words) => self.produce(&words, input)?,
            Command::CreateMany(topics, flags) => self.create_many(&topics, &flags),
        })
    }

    fn tool(&mut self, argv: Vec<String>) -> Outcome {
        let cc = self
            .command_config
            .as_ref()
            .map(|p| p.display().to_string());
        let argv = exec::complete_argv(argv, &self.bootstrap, cc.as_deref());
        match exec::parse_tool(&argv) {
            Ok(tool) => {
                let grace = exec::grace_for(&tool);
                self.runner.run(exec::run_tool(tool), grace)
            }
            Err(e) if exec::report_clap(&e) => Outcome::Succeeded,
            Err(_) => Outcome::Failed,
        }
    }

    fn produce(&mut self, words: &[String], input: &mut Input) -> anyhow::Result<Outcome> {
        let args = match produce::ProduceArgs::parse_words(words) {
            Ok(a) => a,
            Err(e) if exec::report_clap(&e) => return Ok(Outcome::Succeeded),
            Err(_) => return Ok(Outcome::Failed),
        };
        if input.interactive() {
            eprintln!(
                "Type one record per line; an empty line or Ctrl-D sends them, Ctrl-C cancels."
            );
        }
        let mut lines = Vec::new();
        loop {
            match input.record()? {
                Line::Text(l) if l.is_empty() => break,
                Line::Text(l) => lines.push(l),
                Line::Eof => break,
                Line::Interrupted => {
                    eprintln!("cancelled: nothing was sent");
                    return Ok(Outcome::Cancelled);
                }
            }
        }
        let bootstrap = self.bootstrap.clone();
        let cc = self.command_config.clone();
        Ok(self.runner.run(
            async move { produce::produce(&bootstrap, cc.as_deref(), &args, lines).await },
            Duration::ZERO,
        ))
    }

    /// `create a b c`: one topic after another, with a progress bar on a terminal.
    fn create_many(&mut self, names: &[String], flags: &[String]) -> Outcome {
        let progress = Progress::new(Some(names.len() as u64), Unit::Items("topics"), "creating");
        let cc = self
            .command_config
            .as_ref()
            .map(|p| p.display().to_string());
        let mut outcome = Outcome::Succeeded;
        for name in names {
            progress.set_message(name.clone());
            let argv = exec::complete_argv(
                commands::create_argv(name, flags),
                &self.bootstrap,
                cc.as_deref(),
            );
            let args = match exec::parse_tool(&argv) {
                Ok(super::Tool::Topics(a)) => a,
                Ok(_) => return Outcome::Failed,
                Err(e) => {
                    progress.suspend(|| exec::report_clap(&e));
                    return Outcome::Failed;
                }
            };
            let mut buf = Vec::new();
            let result = self
                .runner
                .run(topics::run_to(args, &mut buf), Duration::ZERO);
            progress.suspend(|| {
                let mut so = std::io::stdout().lock();
                let _ = so.write_all(&buf).and_then(|_| so.flush());
            });
            progress.inc(1);
            match result {
                Outcome::Succeeded => {}
                Outcome::Failed => outcome = Outcome::Failed,
                Outcome::Cancelled => return Outcome::Cancelled,
            }
        }
        progress.finish();
        outcome
    }

    fn help(&mut self, topic: Option<&str>) -> Outcome {
        let Some(topic) = topic else {
            print_help();
            return Outcome::Succeeded;
        };
        if let Some(b) = commands::builtin(topic) {
            println!("usage: {}\n  {}", b.usage, b.about);
            if !b.tool.is_empty() {
                println!("  (runs `{}`; `help {}` shows its flags)", b.tool, b.tool);
            }
            return Outcome::Succeeded;
        }
        match commands::tool_name(topic) {
            Some(tool) => self.tool(vec![tool.to_string(), "--help".to_string()]),
            None => {
                color::eprint_error(&format!("no help for '{topic}'"));
                Outcome::Failed
            }
        }
    }
}

fn print_help() {
    let header = color::stdout_enabled();
    println!("{}", color::paint("Commands:", Style::Header, header));
    let width = BUILTINS.iter().map(|b| b.usage.len()).max().unwrap_or(0);
    for b in BUILTINS {
        println!("  {:<width$}  {}", b.usage, b.about);
    }
    println!();
    println!(
        "{}",
        color::paint(
            "Tools (full invocations, --bootstrap-server filled in):",
            Style::Header,
            header
        )
    );
    println!("  {}", commands::TOOLS.join(", "));
    println!();
    println!(
        "Tab completes commands, flags, topics and groups. Ctrl-C cancels a command; Ctrl-D leaves."
    );
}
