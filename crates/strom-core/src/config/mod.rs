//! Broker configuration from `server.properties` and `--override key=value`, through the one
//! key table in [`keys`]. Unknown keys warn (as in Kafka); bad values fail with `file:line`.

pub mod group;
pub mod keys;
pub mod topic;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use self::keys::broker_key;
use self::topic::BrokerLayers;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("--override {arg}: expected property=value")]
    OverrideFormat { arg: String },
}

/// A listener: `PLAINTEXT://host:port`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Listener {
    pub name: String,
    pub host: String,
    pub port: u16,
}

impl Listener {
    /// Parse `NAME://host:port`; `[::1]` style IPv6 hosts are accepted.
    pub fn parse(s: &str) -> Result<Listener, String> {
        let s = s.trim();
        let (name, rest) = s
            .split_once("://")
            .ok_or_else(|| format!("Unable to parse {s} to a broker endpoint"))?;
        let (host, port) = rest
            .rsplit_once(':')
            .ok_or_else(|| format!("Unable to parse {s} to a broker endpoint"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| format!("Unable to parse {s} to a broker endpoint"))?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if name.is_empty() {
            return Err(format!("Unable to parse {s} to a broker endpoint"));
        }
        Ok(Listener {
            name: name.to_ascii_uppercase(),
            host,
            port,
        })
    }
}

/// Typed broker settings plus the raw layers that topic configs resolve through.
#[derive(Clone, Debug)]
pub struct BrokerConfig {
    pub node_id: i32,
    pub listeners: Vec<Listener>,
    pub advertised_listeners: Option<Vec<Listener>>,
    pub log_dirs: Vec<PathBuf>,
    pub metadata_log_dir: PathBuf,
    pub socket_request_max_bytes: usize,
    pub socket_send_buffer_bytes: i32,
    pub socket_receive_buffer_bytes: i32,
    pub connections_max_idle_ms: i64,
    /// The file the static settings came from, for messages.
    pub source: Option<PathBuf>,
    /// server.properties plus overrides; the dynamic layers start empty and are filled from the
    /// metadata log.
    pub layers: BrokerLayers,
}

/// A broker setting as a number, with Kafka's message when it is not one.
fn broker_int(layers: &BrokerLayers, name: &str) -> Result<i64, String> {
    let v = layers.broker_value(name).unwrap_or_default();
    v.trim()
        .parse::<i64>()
        .map_err(|_| format!("Invalid value {v} for configuration {name}: Not a number"))
}

impl BrokerConfig {
    /// Read `path` (if any), apply overrides, validate.
    pub fn load(path: Option<&Path>, overrides: &[String]) -> Result<BrokerConfig, ConfigError> {
        let mut props = BTreeMap::new();
        if let Some(path) = path {
            let file = std::fs::File::open(path).map_err(|source| ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let mut iter = java_properties::PropertiesIter::new(std::io::BufReader::new(file));
            let mut lines = Vec::new();
            iter.read_into(|k, v| lines.push((k, v)))
                .map_err(|e| ConfigError::Syntax {
                    path: path.to_path_buf(),
                    line: e.line_number().unwrap_or(0),
                    message: e.to_string(),
                })?;
            // Re-read with line numbers for value errors.
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            for (k, v) in lines {
                let line = line_of(&text, &k);
                check_key(&k, &v).map_err(|message| ConfigError::Syntax {
                    path: path.to_path_buf(),
                    line,
                    message,
                })?;
                props.insert(k, v);
            }
        }
        for o in overrides {
            let (k, v) = o
                .split_once('=')
                .ok_or_else(|| ConfigError::OverrideFormat { arg: o.clone() })?;
            let (k, v) = (k.trim().to_string(), v.trim().to_string());
            check_key(&k, &v).map_err(|message| ConfigError::Invalid {
                origin: format!("--override {o}"),
                message,
            })?;
            props.insert(k, v);
        }
        BrokerConfig::from_props(props, path.map(Path::to_path_buf))
    }

    fn from_props(
        props: BTreeMap<String, String>,
        source: Option<PathBuf>,
    ) -> Result<BrokerConfig, ConfigError> {
        let origin = source
            .as_ref()
            .map_or_else(|| "configuration".to_string(), |p| p.display().to_string());
        let invalid = |message: String| ConfigError::Invalid {
            origin: origin.clone(),
            message,
        };
        let mut layers = BrokerLayers {
            static_props: props,
            ..Default::default()
        };
        let int_in = |layers: &BrokerLayers, name: &str| broker_int(layers, name).map_err(&invalid);

        let mut node_id = int_in(&layers, "node.id")? as i32;
        let broker_id = int_in(&layers, "broker.id")? as i32;
        if layers.static_props.contains_key("broker.id")
            && !layers.static_props.contains_key("node.id")
        {
            node_id = broker_id;
        } else if broker_id >= 0 && broker_id != node_id {
            return Err(invalid(format!(
                "If process.roles is set, broker.id must be set to the same value as node.id (broker.id={broker_id}, node.id={node_id})"
            )));
        }
        if node_id < 0 {
            return Err(invalid(
                "Missing configuration `node.id` which is required when `process.roles` is defined"
                    .into(),
            ));
        }

        // Like Kafka, the legacy broker.id mirrors node.id, so DescribeConfigs shows the real id.
        if !layers.static_props.contains_key("broker.id") {
            layers
                .static_props
                .insert("broker.id".into(), node_id.to_string());
        }
        let get = |name: &str| layers.broker_value(name).unwrap_or_default();
        let int = |name: &str| int_in(&layers, name);

        let listeners = parse_listeners(&get("listeners")).map_err(&invalid)?;
        if listeners.is_empty() {
            return Err(invalid("listeners must name at least one listener".into()));
        }
        let advertised_listeners = match layers.broker_value("advertised.listeners") {
            Some(v) if !v.trim().is_empty() => Some(parse_listeners(&v).map_err(&invalid)?),
            _ => None,
        };
        let log_dirs: Vec<PathBuf> = match layers.broker_value("log.dirs") {
            Some(v) if !v.trim().is_empty() => v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect(),
            _ => vec![PathBuf::from(get("log.dir"))],
        };
        let Some(first_dir) = log_dirs.first().cloned() else {
            return Err(invalid("log.dirs must name at least one directory".into()));
        };
        let metadata_log_dir = match layers.broker_value("metadata.log.dir") {
            Some(v) if !v.trim().is_empty() => PathBuf::from(v.trim()),
            _ => first_dir,
        };
        let socket_request_max_bytes = int("socket.request.max.bytes")?;
        if socket_request_max_bytes < 64 {
            return Err(invalid(format!(
                "Invalid value {socket_request_max_bytes} for configuration socket.request.max.bytes: Value must be at least 64"
            )));
        }
        group::check_broker_bounds(&layers).map_err(&invalid)?;
        Ok(BrokerConfig {
            node_id,
            listeners,
            advertised_listeners,
            log_dirs,
            metadata_log_dir,
            socket_request_max_bytes: socket_request_max_bytes as usize,
            socket_send_buffer_bytes: int("socket.send.buffer.bytes")? as i32,
            socket_receive_buffer_bytes: int("socket.receive.buffer.bytes")? as i32,
            connections_max_idle_ms: int("connections.max.idle.ms")?,
            source,
            layers,
        })
    }

    /// A broker key's effective value, through the dynamic and static layers.
    pub fn value(&self, name: &str) -> Option<String> {
        self.layers.broker_value(name)
    }

    pub fn bool(&self, name: &str) -> bool {
        self.value(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn long(&self, name: &str, default: i64) -> i64 {
        self.value(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default)
    }
}

fn check_key(k: &str, v: &str) -> Result<(), String> {
    match broker_key(k) {
        Some(key) => key.kind.check(k, v),
        None => {
            // Topic-level keys and client keys are ignored by Kafka too; say so once.
            tracing::warn!(key = k, "Unknown configuration key; ignored.");
            Ok(())
        }
    }
}

/// 1-based line where `key` is defined last (java-properties does not report it per pair).
fn line_of(text: &str, key: &str) -> usize {
    let mut found = 0;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim_start();
        if let Some(rest) = l.strip_prefix(key)
            && (rest.starts_with(['=', ':', ' ', '\t']) || rest.is_empty())
        {
            found = i + 1;
        }
    }
    found
}

fn parse_listeners(v: &str) -> Result<Vec<Listener>, String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Listener::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_a_ready_single_node() {
        let c = BrokerConfig::load(None, &[]).unwrap();
        assert_eq!(c.node_id, 1);
        assert_eq!(
            c.listeners,
            vec![Listener {
                name: "PLAINTEXT".into(),
                host: String::new(),
                port: 9092
            }]
        );
        assert_eq!(c.log_dirs, vec![PathBuf::from("/tmp/strom-logs")]);
        assert_eq!(c.socket_request_max_bytes, 104_857_600);
    }

    #[test]
    fn overrides_and_file_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("server.properties");
        std::fs::write(&p, "# comment\nnode.id=3\nnum.partitions=abc\n").unwrap();
        let err = BrokerConfig::load(Some(&p), &[]).unwrap_err().to_string();
        assert!(err.ends_with("server.properties:3: Invalid value abc for configuration num.partitions: Not a number of type INT"), "{err}");
        std::fs::write(&p, "node.id=3\nlog.dirs=/a,/b\n").unwrap();
        let c =
            BrokerConfig::load(Some(&p), &["listeners=PLAINTEXT://127.0.0.1:0".into()]).unwrap();
        assert_eq!(c.node_id, 3);
        assert_eq!(c.log_dirs.len(), 2);
        assert_eq!(c.listeners[0].port, 0);
        assert!(BrokerConfig::load(None, &["nonsense".into()]).is_err());
    }
}
