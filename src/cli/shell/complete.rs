//! Tab completion and the coloured prompt for the interactive shell (a rustyline helper).
//!
//! Completes command names (built-ins and tools), flags (the tool's clap definition for
//! built-ins and tool invocations), topic names (after `describe`, `delete`, `produce`,
//! `consume`, `configs` and after `--topic`) and group names (after `lag` and `--group`), and
//! `text|table|json` after `--output`. Topic and group names come from the cluster and are
//! refreshed after every command.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::super::color::{self, Style};
use super::commands::{self, BUILTINS, Names, TOOLS};
use super::exec;

/// Topic and group names last fetched from the cluster.
#[derive(Debug, Default, Clone)]
pub struct ClusterNames {
    pub topics: Vec<String>,
    pub groups: Vec<String>,
}

pub struct ShellHelper {
    pub names: ClusterNames,
    /// Whether the prompt is painted.
    pub color: bool,
    /// When false (reading records for `produce`), nothing is completed.
    pub completing: bool,
    /// Flags per tool, from the clap definitions.
    flags: BTreeMap<&'static str, Vec<String>>,
}

impl ShellHelper {
    pub fn new(color: bool) -> ShellHelper {
        let flags = TOOLS.iter().map(|t| (*t, exec::tool_flags(t))).collect();
        ShellHelper {
            names: ClusterNames::default(),
            color,
            completing: true,
            flags,
        }
    }

    /// Candidates for the word being typed, given the words before it.
    pub fn candidates(&self, before: &[String], word: &str) -> Vec<String> {
        let pool: Vec<String> = match before.split_first() {
            None => command_names(),
            Some((cmd, rest)) => self.argument_pool(cmd, rest, word),
        };
        let mut out: Vec<String> = pool.into_iter().filter(|c| c.starts_with(word)).collect();
        out.sort();
        out.dedup();
        out
    }

    fn argument_pool(&self, cmd: &str, rest: &[String], word: &str) -> Vec<String> {
        let builtin = commands::builtin(cmd);
        let tool = builtin
            .map(|b| b.tool)
            .filter(|t| !t.is_empty())
            .or_else(|| commands::tool_name(cmd));
        match rest.last().map(String::as_str) {
            Some("--topic" | "--include" | "--entity-name") => return self.names.topics.clone(),
            Some("--group") => return self.names.groups.clone(),
            Some("--output") => return vec!["text".into(), "table".into(), "json".into()],
            _ => {}
        }
        if word.starts_with('-') {
            let mut flags = match tool {
                Some(t) => self.flags.get(t).cloned().unwrap_or_default(),
                None if cmd == "produce" => {
                    vec!["--property".into(), "--producer-property".into()]
                }
                None => Vec::new(),
            };
            flags.retain(|f| f != "--bootstrap-server");
            return flags;
        }
        let first_positional =
            rest.is_empty() || (cmd == "create" && !rest.iter().any(|w| w.starts_with('-')));
        match builtin.map(|b| b.names) {
            Some(Names::Topics) if first_positional => self.names.topics.clone(),
            Some(Names::Groups) if first_positional => self.names.groups.clone(),
            Some(Names::Commands) if rest.is_empty() => command_names(),
            _ => Vec::new(),
        }
    }
}

/// Built-in and tool names.
pub fn command_names() -> Vec<String> {
    BUILTINS
        .iter()
        .map(|b| b.name.to_string())
        .chain(TOOLS.iter().map(|t| t.to_string()))
        .collect()
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if !self.completing {
            return Ok((pos, Vec::new()));
        }
        let head = line.get(..pos).unwrap_or(line);
        let start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = head.get(start..).unwrap_or_default();
        let before =
            commands::split_words(head.get(..start).unwrap_or_default()).unwrap_or_default();
        let pairs = self
            .candidates(&before, word)
            .into_iter()
            .map(|c| Pair {
                display: c.clone(),
                replacement: format!("{c} "),
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Highlighter for ShellHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        default: bool,
    ) -> Cow<'b, str> {
        if self.color && default {
            Cow::Owned(color::paint(prompt, Style::Prompt, true))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        false
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> ShellHelper {
        let mut h = ShellHelper::new(false);
        h.names = ClusterNames {
            topics: vec!["orders".into(), "audit".into(), "other".into()],
            groups: vec!["billing".into()],
        };
        h
    }

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn commands_topics_groups_and_flags() {
        let h = helper();
        assert_eq!(
            h.candidates(&[], "con"),
            [
                "configs",
                "console-consumer",
                "consume",
                "consumer-groups",
                "consumer-perf-test"
            ]
        );
        assert_eq!(
            h.candidates(&words(&["describe"]), "o"),
            ["orders", "other"]
        );
        assert_eq!(h.candidates(&words(&["lag"]), ""), ["billing"]);
        assert_eq!(
            h.candidates(&words(&["consumer-groups", "--describe", "--group"]), "b"),
            ["billing"]
        );
        assert_eq!(
            h.candidates(&words(&["consume", "orders"]), "--from"),
            ["--from-beginning"]
        );
        assert_eq!(
            h.candidates(&words(&["describe", "orders", "--output"]), "t"),
            ["table", "text"]
        );
        assert!(
            h.candidates(&words(&["topics"]), "--")
                .contains(&"--describe".to_string())
        );
        assert!(
            !h.candidates(&words(&["topics"]), "--")
                .contains(&"--bootstrap-server".to_string())
        );
        assert_eq!(h.candidates(&words(&["help"]), "la"), ["lag"]);
        assert!(
            h.candidates(&words(&["describe", "orders"]), "o")
                .is_empty()
        );
    }
}
