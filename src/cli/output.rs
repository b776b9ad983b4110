//! Output plumbing for the tools: the `--output` format and a buffered, locked stdout.

use std::io::{BufWriter, StdoutLock, Write};

/// `--output`: `text` reproduces Kafka's tool output byte for byte; `table` draws a table for
/// people (see `table`); `json` prints one JSON document (field names are stable and
/// documented per tool). Commands that print no listing treat `table` like `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Kafka's output, byte for byte.
    #[default]
    Text,
    /// A table drawn for people.
    Table,
    /// One JSON document.
    Json,
}

impl OutputFormat {
    pub fn is_json(self) -> bool {
        self == OutputFormat::Json
    }
}

/// `--output` of the console consumer: Kafka's formatter, or JSON Lines (one object per record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StreamFormat {
    /// Kafka's DefaultMessageFormatter.
    #[default]
    Text,
    /// One JSON object per record, one per line.
    Json,
}

/// Buffered stdout. Errors (EPIPE included) propagate as `io::Error` so `main` can exit 0 on a
/// closed pipe.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 << 10, std::io::stdout().lock())
}

/// Print one JSON document followed by a newline.
pub fn write_json(out: &mut impl Write, value: &serde_json::Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Report a tool's failure the way its output format asks: the message on stderr for text and
/// table, `{"error": "<message>"}` on stdout for json. Returns exit status 1.
pub fn report_failure(
    out: &mut impl Write,
    format: OutputFormat,
    msg: &str,
) -> std::io::Result<std::process::ExitCode> {
    out.flush()?;
    match format {
        OutputFormat::Text | OutputFormat::Table => eprintln!("{msg}"),
        OutputFormat::Json => write_json(out, &serde_json::json!({ "error": msg }))?,
    }
    out.flush()?;
    Ok(std::process::ExitCode::FAILURE)
}
