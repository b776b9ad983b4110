//! Small state files written atomically: write a temporary, fsync, rename, fsync the directory.
//! Offsets checkpoints use Kafka's text format: version line, count line, then entries.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Replace `path` with `contents` so that a crash leaves either the old or the new file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// fsync a directory so that creations, renames and deletions in it are durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// `topic partition offset` lines of a Kafka offsets checkpoint.
pub fn format_offsets<'a>(entries: impl Iterator<Item = (&'a str, i32, i64)>) -> String {
    let lines: Vec<String> = entries.map(|(t, p, o)| format!("{t} {p} {o}")).collect();
    let mut s = format!("0\n{}\n", lines.len());
    for l in lines {
        s.push_str(&l);
        s.push('\n');
    }
    s
}

/// Parse a Kafka offsets checkpoint; malformed files yield an error (callers fall back to
/// recovering everything).
pub fn parse_offsets(text: &str) -> Result<Vec<(String, i32, i64)>, String> {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some("0") {
        return Err("unsupported checkpoint version".into());
    }
    let count: usize = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or("bad entry count")?;
    let mut out = Vec::with_capacity(count.min(1 << 16));
    for l in lines.by_ref().take(count) {
        let mut it = l.split_whitespace();
        let (Some(t), Some(p), Some(o), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(format!("bad checkpoint line {l:?}"));
        };
        let p = p.parse().map_err(|_| format!("bad partition in {l:?}"))?;
        let o = o.parse().map_err(|_| format!("bad offset in {l:?}"))?;
        out.push((t.to_string(), p, o));
    }
    if out.len() != count {
        return Err("checkpoint has fewer entries than its count".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_and_torn_files_are_rejected() {
        let s = format_offsets([("a", 0, 5), ("b.c", 3, 10)].into_iter());
        assert_eq!(s, "0\n2\na 0 5\nb.c 3 10\n");
        assert_eq!(
            parse_offsets(&s).unwrap(),
            vec![("a".into(), 0, 5), ("b.c".into(), 3, 10)]
        );
        assert!(parse_offsets("0\n2\na 0 5\n").is_err());
        assert!(parse_offsets("").is_err());
    }
}
