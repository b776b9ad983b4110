//! Confirmation before destructive actions (`topics --delete`, `consumer-groups --delete`,
//! `consumer-groups --reset-offsets --execute`, `delete-records`).
//!
//! A tool asks only when a person can answer: stdin and stderr are both terminals and `--yes`
//! was not given. Without a terminal (scripts, pipes, CI) it proceeds exactly as Kafka's tool
//! does, without a prompt. The question goes to stderr, so stdout stays clean for results.
//! Declining prints `Aborted: nothing was changed.` on stderr and the tool exits with status 1.
//!
//! Tools take the flag by flattening [`YesArg`], then call [`confirm`] right before the
//! change:
//!
//! ```ignore
//! #[command(flatten)]
//! pub confirm: prompt::YesArg,
//! ...
//! if !prompt::confirm("Delete records of 3 partitions?", args.confirm.yes)? {
//!     return Ok(prompt::declined());
//! }
//! ```

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Args;

use super::color;

/// `--yes`: skip the confirmation prompt.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct YesArg {
    /// Do not ask for confirmation before a destructive action. (A prompt only appears when
    /// stdin and stderr are terminals.)
    #[arg(long)]
    pub yes: bool,
}

/// Whether a person can be asked: stdin and stderr are terminals.
pub fn can_ask() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask `question` (y/N, default no) when a person can answer and `yes` is false; otherwise
/// proceed. `Ok(false)` means the person declined (or pressed Ctrl-C / Esc).
pub fn confirm(question: &str, yes: bool) -> std::io::Result<bool> {
    if yes || !can_ask() {
        return Ok(true);
    }
    ask(question)
}

fn ask(question: &str) -> std::io::Result<bool> {
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color::stderr_enabled() {
        &colorful
    } else {
        &SimpleTheme
    };
    let term = dialoguer::console::Term::stderr();
    let answer = dialoguer::Confirm::with_theme(theme)
        .with_prompt(question)
        .default(false)
        .wait_for_newline(true)
        .interact_on_opt(&term);
    match answer {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Ok(false),
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            // Ctrl-C while asking: the line is left open; end it.
            eprintln!();
            Ok(false)
        }
        Err(dialoguer::Error::IO(e)) => Err(e),
    }
}

/// Report a declined confirmation; the tool's exit status.
pub fn declined() -> ExitCode {
    eprintln!("Aborted: nothing was changed.");
    ExitCode::FAILURE
}

/// A list of names for a question, shortened after `max` entries: `'a', 'b' and 3 more`.
pub fn name_list(names: &[String], max: usize) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("'{n}'")).collect();
    let rest = names.len().saturating_sub(max);
    if rest == 0 {
        shown.join(", ")
    } else {
        format!("{} and {rest} more", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_skips_the_question() {
        assert!(confirm("really?", true).unwrap_or(false));
    }

    #[test]
    fn names_are_quoted_and_shortened() {
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(name_list(&names, 5), "'a', 'b', 'c'");
        assert_eq!(name_list(&names, 2), "'a', 'b' and 1 more");
    }
}
