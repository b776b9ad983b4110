//! `--add-config` and `--delete-config` values, split and checked as Kafka's ConfigCommand
//! does.

use std::path::Path;

use strom_client::Properties;

/// The message for an `--add-config` entry that is not `key=value`.
const BAD_ENTRY: &str = "Invalid entity config: all configs to be added must be in the format \"key=val\" or \"key=[val1,val2]\" to group values which contain commas.";

/// True when the text after a separator, up to the next `[` or the end, holds no `]`: the
/// separator is outside square brackets (Kafka's lookahead `(?=[^\]]*(?:\[|$))`).
fn outside_brackets(rest: &str) -> bool {
    rest.find(['[', ']'])
        .is_none_or(|i| rest.as_bytes().get(i) == Some(&b'['))
}

/// Split on commas outside square brackets, dropping trailing empty pieces (Java's
/// `String.split`).
fn split_entries(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ',' && outside_brackets(s.get(i + 1..).unwrap_or_default()) {
            out.push(s.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    out.push(s.get(start..).unwrap_or_default());
    while out.len() > 1 && out.last().is_some_and(|p| p.is_empty()) {
        out.pop();
    }
    if out == [""] && s.contains(',') {
        out.clear();
    }
    out
}

/// Split `key = value` at every `=` outside square brackets, with the whitespace around it
/// (Kafka's `\s*=\s*` with the same lookahead, keeping empty pieces).
fn split_pair(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '=' && outside_brackets(s.get(i + 1..).unwrap_or_default()) {
            out.push(s.get(start..i).unwrap_or_default().trim_end());
            // The whitespace after `=` belongs to the separator.
            let rest = s.get(i + 1..).unwrap_or_default();
            start = i + 1 + (rest.len() - rest.trim_start().len());
        }
    }
    out.push(s.get(start..).unwrap_or_default());
    out
}

/// `k1=v1,k2=[a,b],k3=v3` as (key, value) pairs; brackets are removed from values.
pub fn parse_add_config(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for entry in split_entries(s) {
        let [key, value] = split_pair(entry)[..] else {
            return Err(BAD_ENTRY.into());
        };
        let value: String = value.chars().filter(|c| *c != '[' && *c != ']').collect();
        pairs.push((key.trim().to_string(), value.trim().to_string()));
    }
    Ok(pairs)
}

/// The configs to add: `--add-config-file` first, then `--add-config` (later keys win), with
/// Kafka's key check.
pub fn configs_to_add(
    add_config: Option<&str>,
    add_config_file: Option<&Path>,
) -> Result<Vec<(String, String)>, String> {
    let mut props = Properties::new();
    if let Some(file) = add_config_file {
        props = Properties::from_file(file).map_err(|e| e.to_string())?;
    }
    if let Some(s) = add_config {
        for (k, v) in parse_add_config(s)? {
            props.set(&k, v);
        }
    }
    let pairs: Vec<(String, String)> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, _) in &pairs {
        if !k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '.' | '_' | '-'))
        {
            return Err(format!("Invalid character found for config key: {k}"));
        }
    }
    Ok(pairs)
}

/// `--delete-config k1,k2` (repeatable): trimmed keys.
pub fn configs_to_delete(values: &[String]) -> Vec<String> {
    values.iter().map(|k| k.trim().to_string()).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pairs(s: &str) -> Vec<(String, String)> {
        parse_add_config(s).unwrap()
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn square_brackets_group_values_with_commas() {
        assert_eq!(
            pairs("k1=v1,k2=[a,b,c],k3=v3"),
            vec![p("k1", "v1"), p("k2", "a,b,c"), p("k3", "v3")]
        );
        assert_eq!(
            pairs("leader.replication.throttled.replicas=[0:1,1:1]"),
            vec![p("leader.replication.throttled.replicas", "0:1,1:1")]
        );
        assert_eq!(pairs("k=[v=w]"), vec![p("k", "v=w")]);
    }

    #[test]
    fn whitespace_empty_values_and_trailing_commas() {
        assert_eq!(pairs(" a = 1 , b=2,"), vec![p("a", "1"), p("b", "2")]);
        assert_eq!(
            pairs("ssl.endpoint.identification.algorithm="),
            vec![p("ssl.endpoint.identification.algorithm", "")]
        );
    }

    #[test]
    fn malformed_entries_fail_with_kafkas_message() {
        for bad in ["k", "k=v=w", ",k=v", "", "a=1,,b=2"] {
            assert_eq!(parse_add_config(bad).unwrap_err(), BAD_ENTRY, "{bad}");
        }
    }

    #[test]
    fn keys_are_checked() {
        assert_eq!(
            configs_to_add(Some("bad key=1"), None).unwrap_err(),
            "Invalid character found for config key: bad key"
        );
        assert!(configs_to_add(Some("a.b_c-d$e=1"), None).is_ok());
    }
}
