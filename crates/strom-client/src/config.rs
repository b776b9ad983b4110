//! Client settings, with Kafka's config keys, and Java `.properties` files.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};

/// Settings shared by every connection a client opens.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `client.id`, sent in every request header.
    pub client_id: String,
    /// How long opening a TCP connection may take (`socket.connection.setup.timeout.ms`).
    pub connect_timeout: Duration,
    /// How long a request may wait for its response (`request.timeout.ms`).
    pub request_timeout: Duration,
    /// Largest response frame we accept before allocating it.
    pub max_response_bytes: usize,
    /// How long metadata may be reused before a refresh (`metadata.max.age.ms`).
    pub metadata_max_age: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            client_id: "strom".to_string(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_response_bytes: 512 << 20,
            metadata_max_age: Duration::from_secs(300),
        }
    }
}

impl ClientConfig {
    /// Apply the keys this config understands from `props`; others are left for the caller.
    pub fn apply(&mut self, props: &Properties) -> Result<()> {
        if let Some(v) = props.get("client.id") {
            self.client_id = v.to_string();
        }
        if let Some(ms) = props.get_parsed::<u64>("socket.connection.setup.timeout.ms")? {
            self.connect_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = props.get_parsed::<u64>("request.timeout.ms")? {
            self.request_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = props.get_parsed::<u64>("metadata.max.age.ms")? {
            self.metadata_max_age = Duration::from_millis(ms);
        }
        Ok(())
    }
}

/// An ordered `key=value` map, as read from a `.properties` file or `--property k=v` flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    entries: BTreeMap<String, String>,
}

impl Properties {
    pub fn new() -> Self {
        Properties::default()
    }

    /// Read a Java properties file (`=`, `:` or whitespace separators, `#`/`!` comments,
    /// continuations and `\uXXXX` escapes).
    pub fn from_file(path: &Path) -> Result<Properties> {
        let file = std::fs::File::open(path).map_err(|e| {
            Error::Config(format!(
                "cannot open {}: {}",
                path.display(),
                crate::error::io_reason(&e)
            ))
        })?;
        let map = java_properties::read(std::io::BufReader::new(file))
            .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
        Ok(Properties {
            entries: map.into_iter().collect(),
        })
    }

    /// Parse `key=value`; the value may itself contain `=`.
    pub fn parse_pair(pair: &str) -> Result<(String, String)> {
        match pair.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::Config(format!(
                "invalid property '{pair}': expected key=value"
            ))),
        }
    }

    /// Add `key=value` pairs on top (later values win).
    pub fn extend_pairs<'a>(&mut self, pairs: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for p in pairs {
            let (k, v) = Properties::parse_pair(p)?;
            self.entries.insert(k, v);
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &Properties) {
        for (k, v) in &other.entries {
            self.entries.insert(k.clone(), v.clone());
        }
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.entries.insert(key.to_string(), value.into());
    }

    /// Set only when the key is absent (a tool default that user config may override).
    pub fn set_default(&mut self, key: &str, value: impl Into<String>) {
        self.entries
            .entry(key.to_string())
            .or_insert_with(|| value.into());
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// A typed value, with an error naming the key when it does not parse.
    pub fn get_parsed<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<T>()
                .map(Some)
                .map_err(|_| Error::Config(format!("invalid value '{v}' for {key}"))),
        }
    }

    /// A boolean as Java parses it: `true` (any case) is true, anything else false.
    pub fn get_bool(&self, key: &str) -> Option<bool> {
        self.get(key).map(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_on_first_equals() {
        assert_eq!(
            Properties::parse_pair("a=b=c").ok(),
            Some(("a".into(), "b=c".into()))
        );
        assert_eq!(
            Properties::parse_pair("a=").ok(),
            Some(("a".into(), String::new()))
        );
        assert!(Properties::parse_pair("novalue").is_err());
        assert!(Properties::parse_pair("=x").is_err());
    }

    #[test]
    fn file_with_comments_escapes_and_continuations() {
        let dir = std::env::temp_dir().join(format!("strom-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join("p.properties");
        std::fs::write(
            &path,
            "# comment\nacks = all\nlinger.ms:5\nkey.separator=\\t\nlong=a\\\n  b\n",
        )
        .ok();
        let p = Properties::from_file(&path).expect("readable");
        assert_eq!(p.get("acks"), Some("all"));
        assert_eq!(p.get("linger.ms"), Some("5"));
        assert_eq!(p.get("key.separator"), Some("\t"));
        assert_eq!(p.get("long"), Some("ab"));
        assert_eq!(p.get_parsed::<u64>("linger.ms").ok().flatten(), Some(5));
        assert!(p.get_parsed::<u64>("acks").is_err());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn later_values_win() {
        let mut p = Properties::new();
        p.set_default("a", "1");
        p.extend_pairs(["a=2", "b=3"]).expect("valid");
        p.set_default("a", "9");
        assert_eq!(p.get("a"), Some("2"));
        assert_eq!(p.get_bool("b"), Some(false));
    }
}
