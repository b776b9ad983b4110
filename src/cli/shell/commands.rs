//! The shell's command language: words split like a POSIX shell (quotes, backslashes), the
//! built-in commands, and their translation into full tool invocations.
//!
//! Every built-in except `help`, `exit` and `produce` is shorthand for a tool invocation, so it
//! takes that tool's flags after its positional argument (`describe orders --output table` is
//! `topics --describe --topic orders --output table`). A line that starts with a tool name
//! (`consumer-groups --list`, or Kafka's script name `kafka-consumer-groups.sh`) runs that
//! tool; the shell fills in `--bootstrap-server` when the tool takes one and it is not given.

use super::super::applet;

/// What the positional argument of a built-in completes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    None,
    Topics,
    Groups,
    Commands,
}

/// A built-in command.
#[derive(Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub usage: &'static str,
    pub about: &'static str,
    /// The tool it runs (empty for the shell's own commands).
    pub tool: &'static str,
    /// Flags placed before the positional argument.
    pub prefix: &'static [&'static str],
    /// The flag the positional argument becomes, if it takes one.
    pub positional: Option<&'static str>,
    /// Whether the positional argument must be given.
    pub required: bool,
    pub names: Names,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "topics",
        usage: "topics [TOOL FLAGS]",
        about: "list topics (with flags: any `topics` invocation, e.g. --describe)",
        tool: "topics",
        prefix: &[],
        positional: None,
        required: false,
        names: Names::None,
    },
    Builtin {
        name: "describe",
        usage: "describe [TOPIC] [--output text|table|json]",
        about: "describe a topic (all topics without one)",
        tool: "topics",
        prefix: &["--describe"],
        positional: Some("--topic"),
        required: false,
        names: Names::Topics,
    },
    Builtin {
        name: "create",
        usage: "create TOPIC... [--partitions N] [--replication-factor N] [--config k=v]...",
        about: "create one or more topics",
        tool: "topics",
        prefix: &["--create"],
        positional: Some("--topic"),
        required: true,
        names: Names::None,
    },
    Builtin {
        name: "delete",
        usage: "delete TOPIC [--yes]",
        about: "delete a topic (asks first on a terminal)",
        tool: "topics",
        prefix: &["--delete"],
        positional: Some("--topic"),
        required: true,
        names: Names::Topics,
    },
    Builtin {
        name: "produce",
        usage: "produce TOPIC [--property k=v]... [--producer-property k=v]...",
        about: "send the lines that follow, up to an empty line or Ctrl-D, as records",
        tool: "",
        prefix: &[],
        positional: None,
        required: true,
        names: Names::Topics,
    },
    Builtin {
        name: "consume",
        usage: "consume TOPIC [--from-beginning] [--max-messages N] [--group G] [--output json]",
        about: "print records (Ctrl-C stops)",
        tool: "console-consumer",
        prefix: &[],
        positional: Some("--topic"),
        required: true,
        names: Names::Topics,
    },
    Builtin {
        name: "groups",
        usage: "groups [--state] [--output text|table|json]",
        about: "list consumer groups",
        tool: "consumer-groups",
        prefix: &["--list"],
        positional: None,
        required: false,
        names: Names::None,
    },
    Builtin {
        name: "lag",
        usage: "lag GROUP [--members|--state] [--output text|table|json]",
        about: "describe a consumer group: offsets, log-end offsets and lag",
        tool: "consumer-groups",
        prefix: &["--describe"],
        positional: Some("--group"),
        required: true,
        names: Names::Groups,
    },
    Builtin {
        name: "configs",
        usage: "configs TOPIC [--all]",
        about: "describe a topic's configuration",
        tool: "configs",
        prefix: &["--describe", "--entity-type", "topics"],
        positional: Some("--entity-name"),
        required: true,
        names: Names::Topics,
    },
    Builtin {
        name: "help",
        usage: "help [COMMAND]",
        about: "show this help, or a tool's --help",
        tool: "",
        prefix: &[],
        positional: None,
        required: false,
        names: Names::Commands,
    },
    Builtin {
        name: "exit",
        usage: "exit",
        about: "leave the shell (also quit, Ctrl-D)",
        tool: "",
        prefix: &[],
        positional: None,
        required: false,
        names: Names::None,
    },
    Builtin {
        name: "quit",
        usage: "quit",
        about: "leave the shell",
        tool: "",
        prefix: &[],
        positional: None,
        required: false,
        names: Names::None,
    },
];

/// Tools a shell line may run by name.
pub const TOOLS: &[&str] = &[
    "topics",
    "console-consumer",
    "consumer-groups",
    "configs",
    "get-offsets",
    "delete-records",
    "producer-perf-test",
    "consumer-perf-test",
    "metadata-quorum",
    "log-dirs",
    "acls",
];

/// A parsed shell line.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// A blank line or a comment.
    Empty,
    Help(Option<String>),
    Exit,
    /// `produce TOPIC [flags]`: the words after `produce`.
    Produce(Vec<String>),
    /// `create` with several topics: (topics, flags shared by all).
    CreateMany(Vec<String>, Vec<String>),
    /// A tool invocation: the tool's name, then its arguments.
    Tool(Vec<String>),
}

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// A tool name as typed: `consumer-groups`, `kafka-consumer-groups` or
/// `kafka-consumer-groups.sh`.
pub fn tool_name(word: &str) -> Option<&'static str> {
    if let Some(t) = TOOLS.iter().find(|t| **t == word) {
        return Some(t);
    }
    let (sub, _) = applet::applet(std::ffi::OsStr::new(word))?;
    TOOLS.iter().copied().find(|t| *t == sub)
}

/// Split a line into words: whitespace separates; '...' is literal; "..." keeps spaces and
/// honours \" and \\; a backslash outside quotes escapes the next character; `#` at the start
/// of a word begins a comment.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated ' quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err("unterminated \" quote".into()),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated \" quote".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    cur.push(ch);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// The flags that make `topics` do something other than list.
const TOPIC_ACTIONS: &[&str] = &["--create", "--list", "--describe", "--alter", "--delete"];

/// Parse one line of the shell.
pub fn parse(line: &str) -> Result<Command, String> {
    let words = split_words(line)?;
    let Some((first, rest)) = words.split_first() else {
        return Ok(Command::Empty);
    };
    let Some(b) = builtin(first) else {
        if let Some(tool) = tool_name(first) {
            let mut argv = vec![tool.to_string()];
            argv.extend(rest.iter().cloned());
            return Ok(Command::Tool(argv));
        }
        if first == "console-producer" || tool_name_is(first, "console-producer") {
            return Err("console-producer reads standard input to its end; in the shell use `produce TOPIC`".into());
        }
        return Err(format!(
            "unknown command '{first}' (type `help` for the commands)"
        ));
    };
    match b.name {
        "help" => Ok(Command::Help(rest.first().cloned())),
        "exit" | "quit" => Ok(Command::Exit),
        "produce" => {
            if rest.first().is_none_or(|w| w.starts_with('-')) {
                return Err(format!("usage: {}", b.usage));
            }
            Ok(Command::Produce(rest.to_vec()))
        }
        "topics" => {
            let mut argv = vec!["topics".to_string()];
            if !rest.iter().any(|w| is_flag_in(w, TOPIC_ACTIONS)) {
                argv.push("--list".to_string());
            }
            argv.extend(rest.iter().cloned());
            Ok(Command::Tool(argv))
        }
        _ => translate(b, rest),
    }
}

fn tool_name_is(word: &str, tool: &str) -> bool {
    applet::applet(std::ffi::OsStr::new(word)).is_some_and(|(sub, _)| sub == tool)
}

/// `--flag` or `--flag=value` for one of `flags`.
fn is_flag_in(word: &str, flags: &[&str]) -> bool {
    let name = word.split_once('=').map_or(word, |(n, _)| n);
    flags.contains(&name)
}

/// A built-in with a positional argument as its tool invocation.
fn translate(b: &Builtin, rest: &[String]) -> Result<Command, String> {
    // Positional arguments come before the first flag.
    let split = rest
        .iter()
        .position(|w| w.starts_with('-'))
        .unwrap_or(rest.len());
    let (positionals, flags) = rest.split_at(split);
    if b.required && positionals.is_empty() {
        return Err(format!("usage: {}", b.usage));
    }
    if b.name == "create" && positionals.len() > 1 {
        return Ok(Command::CreateMany(positionals.to_vec(), flags.to_vec()));
    }
    if positionals.len() > 1 || (b.positional.is_none() && !positionals.is_empty()) {
        return Err(format!("usage: {}", b.usage));
    }
    let mut argv = vec![b.tool.to_string()];
    argv.extend(b.prefix.iter().map(|s| s.to_string()));
    if let (Some(flag), Some(value)) = (b.positional, positionals.first()) {
        argv.push(flag.to_string());
        argv.push(value.clone());
    }
    argv.extend(flags.iter().cloned());
    Ok(Command::Tool(argv))
}

/// The argv of `create` for one topic of a bulk create.
pub fn create_argv(topic: &str, flags: &[String]) -> Vec<String> {
    let mut argv: Vec<String> = ["topics", "--create", "--topic", topic]
        .iter()
        .map(|s| s.to_string())
        .collect();
    argv.extend(flags.iter().cloned());
    argv
}

/// Insert `flag value` after the tool name unless the invocation already has `flag`.
pub fn with_default_flag(mut argv: Vec<String>, flag: &str, value: &str) -> Vec<String> {
    let given = argv
        .iter()
        .skip(1)
        .any(|w| w == flag || w.starts_with(&format!("{flag}=")));
    if !given {
        let at = argv.len().min(1);
        argv.insert(at, value.to_string());
        argv.insert(at, flag.to_string());
    }
    argv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(words: &[&str]) -> Command {
        Command::Tool(words.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words(r#"a 'b c' "d \"e\"" f\ g  # comment"#).unwrap_or_default(),
            ["a", "b c", "d \"e\"", "f g"]
        );
        assert_eq!(split_words("x''").unwrap_or_default(), ["x"]);
        assert!(split_words("'open").is_err());
        assert_eq!(split_words("   ").unwrap_or_default(), Vec::<String>::new());
    }

    #[test]
    fn builtins_become_tool_invocations() {
        assert_eq!(parse("topics"), Ok(tool(&["topics", "--list"])));
        assert_eq!(
            parse("topics --output json"),
            Ok(tool(&["topics", "--list", "--output", "json"]))
        );
        assert_eq!(
            parse("topics --describe --topic t"),
            Ok(tool(&["topics", "--describe", "--topic", "t"]))
        );
        assert_eq!(
            parse("describe t --output table"),
            Ok(tool(&[
                "topics",
                "--describe",
                "--topic",
                "t",
                "--output",
                "table"
            ]))
        );
        assert_eq!(parse("describe"), Ok(tool(&["topics", "--describe"])));
        assert_eq!(
            parse("create t --partitions 3 --config retention.ms=5"),
            Ok(tool(&[
                "topics",
                "--create",
                "--topic",
                "t",
                "--partitions",
                "3",
                "--config",
                "retention.ms=5"
            ]))
        );
        assert_eq!(
            parse("create a b --partitions 2"),
            Ok(Command::CreateMany(
                vec!["a".into(), "b".into()],
                vec!["--partitions".into(), "2".into()]
            ))
        );
        assert_eq!(
            parse("delete t"),
            Ok(tool(&["topics", "--delete", "--topic", "t"]))
        );
        assert_eq!(
            parse("consume t --from-beginning --max-messages 2"),
            Ok(tool(&[
                "console-consumer",
                "--topic",
                "t",
                "--from-beginning",
                "--max-messages",
                "2"
            ]))
        );
        assert_eq!(parse("groups"), Ok(tool(&["consumer-groups", "--list"])));
        assert_eq!(
            parse("lag g"),
            Ok(tool(&["consumer-groups", "--describe", "--group", "g"]))
        );
        assert_eq!(
            parse("configs t"),
            Ok(tool(&[
                "configs",
                "--describe",
                "--entity-type",
                "topics",
                "--entity-name",
                "t"
            ]))
        );
        assert_eq!(
            parse("produce t --property parse.key=true"),
            Ok(Command::Produce(vec![
                "t".into(),
                "--property".into(),
                "parse.key=true".into()
            ]))
        );
    }

    #[test]
    fn shell_commands_and_errors() {
        assert_eq!(parse(""), Ok(Command::Empty));
        assert_eq!(parse("# just a comment"), Ok(Command::Empty));
        assert_eq!(parse("exit"), Ok(Command::Exit));
        assert_eq!(parse("quit"), Ok(Command::Exit));
        assert_eq!(parse("help lag"), Ok(Command::Help(Some("lag".into()))));
        assert_eq!(
            parse("lag"),
            Err("usage: lag GROUP [--members|--state] [--output text|table|json]".into())
        );
        assert_eq!(
            parse("produce"),
            Err("usage: produce TOPIC [--property k=v]... [--producer-property k=v]...".into())
        );
        assert!(parse("frobnicate").is_err_and(|e| e.starts_with("unknown command 'frobnicate'")));
        assert!(parse("console-producer --topic t").is_err());
        assert!(parse("describe a b").is_err());
    }

    #[test]
    fn full_tool_invocations_by_any_name() {
        for name in [
            "consumer-groups",
            "kafka-consumer-groups",
            "kafka-consumer-groups.sh",
        ] {
            assert_eq!(
                parse(&format!("{name} --list")),
                Ok(tool(&["consumer-groups", "--list"]))
            );
        }
    }

    #[test]
    fn bootstrap_is_filled_in_unless_given() {
        let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            with_default_flag(argv(&["topics", "--list"]), "--bootstrap-server", "h:1"),
            argv(&["topics", "--bootstrap-server", "h:1", "--list"])
        );
        assert_eq!(
            with_default_flag(
                argv(&["topics", "--bootstrap-server=x:2", "--list"]),
                "--bootstrap-server",
                "h:1"
            ),
            argv(&["topics", "--bootstrap-server=x:2", "--list"])
        );
    }
}
