//! argv[0] dispatch: a link named `kafka-topics` or `kafka-topics.sh` runs `strom topics`.

use std::ffi::OsStr;
use std::path::Path;

/// (subcommand, name it answers to when invoked through a link)
pub const APPLETS: &[(&str, &str)] = &[
    ("server-start", "kafka-server-start"),
    ("topics", "kafka-topics"),
    ("console-producer", "kafka-console-producer"),
    ("console-consumer", "kafka-console-consumer"),
    ("consumer-groups", "kafka-consumer-groups"),
    ("configs", "kafka-configs"),
    ("get-offsets", "kafka-get-offsets"),
    ("delete-records", "kafka-delete-records"),
    ("producer-perf-test", "kafka-producer-perf-test"),
    ("consumer-perf-test", "kafka-consumer-perf-test"),
    ("storage", "kafka-storage"),
    ("metadata-quorum", "kafka-metadata-quorum"),
    ("acls", "kafka-acls"),
    ("log-dirs", "kafka-log-dirs"),
];

/// The applet for an argv[0], if it names one (with or without `.sh`, any directory).
pub fn applet(argv0: &OsStr) -> Option<(&'static str, &'static str)> {
    let file = Path::new(argv0).file_name()?.to_str()?;
    let stem = file.strip_suffix(".sh").unwrap_or(file);
    APPLETS.iter().copied().find(|(_, shown)| *shown == stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_and_without_sh_resolve() {
        assert_eq!(
            applet(OsStr::new("/usr/bin/kafka-topics.sh")),
            Some(("topics", "kafka-topics"))
        );
        assert_eq!(
            applet(OsStr::new("kafka-topics")),
            Some(("topics", "kafka-topics"))
        );
        assert_eq!(applet(OsStr::new("strom")), None);
        assert_eq!(applet(OsStr::new("kafka-unknown.sh")), None);
    }
}
