//! `--output table`: the shared renderer behind every tool's table view.
//!
//! A tool builds a [`Table`] from column headers and rows of strings and writes it; comfy-table
//! draws it with UTF-8 borders. On a terminal the table fits the terminal's width (long cells
//! wrap); into a pipe or file it is never wrapped, so the output only depends on the data.
//! Headers are bold when stdout takes colour (see `color`). Missing values print as `-`, as in
//! Kafka's text layouts.
//!
//! Tables are for people; scripts should use `--output json`, whose field names are stable.

use std::fmt::Display;
use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, ContentArrangement};

use super::color;

/// How a missing value is shown.
pub const MISSING: &str = "-";

/// A table ready to be written.
pub struct Table {
    inner: comfy_table::Table,
    rows: usize,
}

impl Table {
    /// A table with these column headers.
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Table {
        Table::with_color(headers, color::stdout_enabled())
    }

    /// A table with these headers, bold when `color` is set.
    pub fn with_color<S: AsRef<str>>(headers: &[S], color: bool) -> Table {
        let mut inner = comfy_table::Table::new();
        inner
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        let cells = headers.iter().map(|h| {
            let c = Cell::new(h.as_ref());
            if color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        });
        inner.set_header(cells);
        if color {
            inner.enforce_styling();
        }
        Table { inner, rows: 0 }
    }

    /// Append a row; cells beyond the headers are kept, missing ones are left empty.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        self.inner.add_row(cells);
        self.rows += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rendered table (no trailing newline).
    pub fn render(&self) -> String {
        self.inner.to_string()
    }

    /// Write the table followed by a newline.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(self.render().as_bytes())?;
        out.write_all(b"\n")
    }
}

/// A value, or `-` when there is none.
pub fn cell<T: Display>(v: Option<T>) -> String {
    v.map_or_else(|| MISSING.to_string(), |x| x.to_string())
}

/// A list of numbers as `1,2,3` (Kafka's replica and ISR lists).
pub fn ids<T: Display>(v: &[T]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headers_and_rows_without_colour() {
        let mut t = Table::with_color(&["TOPIC", "PARTITIONS"], false);
        t.row(["orders", "3"]);
        t.row([String::from("audit"), cell(None::<i32>)]);
        assert!(!t.is_empty());
        let text = t.render();
        assert!(!text.contains('\x1b'), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text}");
        assert!(lines[1].contains("TOPIC") && lines[1].contains("PARTITIONS"));
        assert!(lines[3].contains("orders") && lines[3].contains('3'));
        assert!(lines[4].contains("audit") && lines[4].contains('-'));
    }

    #[test]
    fn bold_headers_with_colour() {
        let t = Table::with_color(&["GROUP"], true);
        assert!(t.render().contains("\x1b["));
    }

    #[test]
    fn id_lists() {
        assert_eq!(ids(&[1, 2, 3]), "1,2,3");
        assert_eq!(ids::<i32>(&[]), "");
    }
}
