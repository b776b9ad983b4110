//! When to colour: `--color auto|always|never` (global), `NO_COLOR`, and whether the stream
//! is a terminal.
//!
//! `auto` (the default) colours a stream only when it is a terminal and `NO_COLOR` is unset
//! or empty; `always` colours even into a pipe (and overrides `NO_COLOR`, as an explicit flag
//! should); `never` never does. Colour is used for table headers (stdout), the shell prompt,
//! and `error:` prefixes and log levels (stderr). Results in `text` format are Kafka's bytes
//! and are never coloured.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

/// `--color`: when to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always colour, also into pipes and files.
    Always,
    /// Never colour.
    Never,
}

/// The choice in force for this process (set once, from the command line).
static CHOICE: AtomicU8 = AtomicU8::new(0);

impl ColorChoice {
    fn to_u8(self) -> u8 {
        match self {
            ColorChoice::Auto => 0,
            ColorChoice::Always => 1,
            ColorChoice::Never => 2,
        }
    }

    fn from_u8(v: u8) -> ColorChoice {
        match v {
            1 => ColorChoice::Always,
            2 => ColorChoice::Never,
            _ => ColorChoice::Auto,
        }
    }
}

/// Record the `--color` choice for the rest of the process.
pub fn set_choice(choice: ColorChoice) {
    CHOICE.store(choice.to_u8(), Ordering::Relaxed);
}

pub fn choice() -> ColorChoice {
    ColorChoice::from_u8(CHOICE.load(Ordering::Relaxed))
}

/// `NO_COLOR` set to a non-empty value (<https://no-color.org>).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The decision for one stream, given whether it is a terminal.
pub fn decide(choice: ColorChoice, is_terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color,
    }
}

/// Whether to colour what goes to stdout.
pub fn stdout_enabled() -> bool {
    decide(choice(), std::io::stdout().is_terminal(), no_color_env())
}

/// Whether to colour what goes to stderr.
pub fn stderr_enabled() -> bool {
    decide(choice(), std::io::stderr().is_terminal(), no_color_env())
}

/// ANSI styles used by the tools; each is a no-op string when colour is off.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// Errors: bold red.
    Error,
    /// Warnings: bold yellow.
    Warning,
    /// The shell prompt: bold green.
    Prompt,
    /// Headings and table headers: bold.
    Header,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Error => "\x1b[1;31m",
            Style::Warning => "\x1b[1;33m",
            Style::Prompt => "\x1b[1;32m",
            Style::Header => "\x1b[1m",
        }
    }
}

/// `text` wrapped in `style` when `enabled`.
pub fn paint(text: &str, style: Style, enabled: bool) -> String {
    if enabled {
        format!("{}{text}\x1b[0m", style.code())
    } else {
        text.to_string()
    }
}

/// Print `error: <message>` on stderr, the prefix in red when stderr takes colour.
pub fn eprint_error(message: &str) {
    eprintln!(
        "{} {message}",
        paint("error:", Style::Error, stderr_enabled())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_needs_a_terminal_and_no_no_color() {
        assert!(decide(ColorChoice::Auto, true, false));
        assert!(!decide(ColorChoice::Auto, false, false));
        assert!(!decide(ColorChoice::Auto, true, true));
        assert!(decide(ColorChoice::Always, false, true));
        assert!(!decide(ColorChoice::Never, true, false));
    }

    #[test]
    fn paint_is_plain_when_disabled() {
        assert_eq!(paint("x", Style::Error, false), "x");
        assert_eq!(paint("x", Style::Header, true), "\x1b[1mx\x1b[0m");
    }

    #[test]
    fn choices_round_trip() {
        for c in [ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never] {
            assert_eq!(ColorChoice::from_u8(c.to_u8()), c);
        }
    }
}
