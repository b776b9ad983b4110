//! Progress bars for long work (bulk produce from a file or pipe, `--reset-offsets` over many
//! partitions, bulk topic creation), drawn on stderr with indicatif.
//!
//! A bar exists only when stderr is a terminal (and `TERM` is not `dumb`): into a pipe, a file
//! or CI it is a no-op, so logs and captured output never contain bar frames. Results on
//! stdout are never touched; a tool that prints results while a bar is drawn goes through
//! [`Progress::suspend`] so the bar does not tear.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::color;

/// What the bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes (shown as KiB/MiB).
    Bytes,
    /// Things with a name, e.g. "records", "partitions", "topics".
    Items(&'static str),
}

/// A progress bar on stderr, or nothing when stderr is not a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// Whether bars are drawn: stderr is a terminal that can redraw lines.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn template(len: Option<u64>, unit: Unit, colour: bool) -> String {
    let bar = if colour {
        "{bar:30.cyan/blue}"
    } else {
        "{bar:30}"
    };
    let counts = match unit {
        Unit::Bytes => "{bytes}/{total_bytes} ({bytes_per_sec})".to_string(),
        Unit::Items(name) => format!("{{human_pos}}/{{human_len}} {name} ({{rate}})"),
    };
    match (len, unit) {
        (Some(_), _) => format!("{{spinner}} {{msg}} [{bar}] {counts}, {{eta}} left"),
        (None, Unit::Bytes) => "{spinner} {msg} {bytes} ({bytes_per_sec})".to_string(),
        (None, Unit::Items(name)) => {
            format!("{{spinner}} {{msg}} {{human_pos}} {name} ({{rate}})")
        }
    }
}

/// A style from a template, with `{rate}`: whole units per second.
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        )
        .progress_chars("=> ")
}

impl Progress {
    /// A bar over `len` units, or a counting spinner when the total is unknown.
    pub fn new(len: Option<u64>, unit: Unit, message: impl Into<Cow<'static, str>>) -> Progress {
        if !enabled() {
            return Progress::hidden();
        }
        let bar = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let style = style(&template(len, unit, color::stderr_enabled()));
        bar.set_style(style);
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// A progress that draws nothing.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    pub fn is_hidden(&self) -> bool {
        self.bar.is_none()
    }

    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    pub fn set_position(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.set_position(n);
        }
    }

    pub fn set_message(&self, msg: impl Into<Cow<'static, str>>) {
        if let Some(b) = &self.bar {
            b.set_message(msg);
        }
    }

    /// Run `f` with the bar cleared from the screen (to print results or messages).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Remove the bar from the screen.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse() {
        for len in [None, Some(10)] {
            for unit in [Unit::Bytes, Unit::Items("records")] {
                for colour in [false, true] {
                    let t = template(len, unit, colour);
                    assert!(ProgressStyle::with_template(&t).is_ok(), "{t}");
                }
            }
        }
    }

    #[test]
    fn hidden_progress_is_a_no_op() {
        let p = Progress::hidden();
        p.inc(5);
        p.set_message("x");
        assert_eq!(p.suspend(|| 3), 3);
        assert!(p.is_hidden());
    }
}
