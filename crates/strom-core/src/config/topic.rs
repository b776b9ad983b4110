//! Topic-level configuration: the key table, validation, and resolution through the broker's
//! layers (topic override > dynamic per-broker > dynamic cluster default > server.properties >
//! Kafka's default), which is also what DescribeConfigs reports as sources and synonyms.

use std::collections::BTreeMap;

use super::keys::{Kind, LONG_MAX, broker_key};

/// Range and set checks, with Kafka's messages.
#[derive(Debug)]
pub enum Check {
    None,
    AtLeast(i64),
    DoubleBetween(f64, f64),
    OneOf(&'static [&'static str]),
    ListOf(&'static [&'static str]),
}

/// A broker key that stands in for a topic key, with the factor that turns its unit into the
/// topic key's unit (log.retention.hours → retention.ms is 3 600 000).
#[derive(Debug)]
pub struct Synonym {
    pub name: &'static str,
    pub factor: i64,
}

const fn syn(name: &'static str, factor: i64) -> Synonym {
    Synonym { name, factor }
}

#[derive(Debug)]
pub struct TopicKey {
    pub name: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    /// Broker keys in precedence order.
    pub synonyms: &'static [Synonym],
    pub check: Check,
    pub doc: &'static str,
}

const H: i64 = 3_600_000;
const M: i64 = 60_000;

const COMPRESSION: &[&str] = &["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];

#[rustfmt::skip]
pub const TOPIC_KEYS: &[TopicKey] = &[
    TopicKey { name: "cleanup.policy", kind: Kind::List, default: "delete", synonyms: &[syn("log.cleanup.policy", 1)], check: Check::ListOf(&["compact", "delete"]), doc: "delete, compact, or both.", },
    TopicKey { name: "compression.gzip.level", kind: Kind::Int, default: "-1", synonyms: &[syn("compression.gzip.level", 1)], check: Check::None, doc: "gzip level when compression.type is gzip.", },
    TopicKey { name: "compression.lz4.level", kind: Kind::Int, default: "9", synonyms: &[syn("compression.lz4.level", 1)], check: Check::None, doc: "lz4 level when compression.type is lz4.", },
    TopicKey { name: "compression.type", kind: Kind::String, default: "producer", synonyms: &[syn("compression.type", 1)], check: Check::OneOf(COMPRESSION), doc: "Final compression of the topic's data.", },
    TopicKey { name: "compression.zstd.level", kind: Kind::Int, default: "3", synonyms: &[syn("compression.zstd.level", 1)], check: Check::None, doc: "zstd level when compression.type is zstd.", },
    TopicKey { name: "delete.retention.ms", kind: Kind::Long, default: "86400000", synonyms: &[syn("log.cleaner.delete.retention.ms", 1)], check: Check::AtLeast(0), doc: "How long tombstones are kept after compaction.", },
    TopicKey { name: "file.delete.delay.ms", kind: Kind::Long, default: "60000", synonyms: &[syn("log.segment.delete.delay.ms", 1)], check: Check::AtLeast(0), doc: "Delay before a deleted segment's files are removed.", },
    TopicKey { name: "flush.messages", kind: Kind::Long, default: LONG_MAX, synonyms: &[syn("log.flush.interval.messages", 1)], check: Check::AtLeast(1), doc: "Messages between forced flushes.", },
    TopicKey { name: "flush.ms", kind: Kind::Long, default: LONG_MAX, synonyms: &[syn("log.flush.interval.ms", 1)], check: Check::AtLeast(0), doc: "Milliseconds between forced flushes.", },
    TopicKey { name: "follower.replication.throttled.replicas", kind: Kind::List, default: "", synonyms: &[], check: Check::None, doc: "Replicas throttled on the follower side.", },
    TopicKey { name: "index.interval.bytes", kind: Kind::Int, default: "4096", synonyms: &[syn("log.index.interval.bytes", 1)], check: Check::AtLeast(0), doc: "Bytes between offset index entries.", },
    TopicKey { name: "leader.replication.throttled.replicas", kind: Kind::List, default: "", synonyms: &[], check: Check::None, doc: "Replicas throttled on the leader side.", },
    TopicKey { name: "local.retention.bytes", kind: Kind::Long, default: "-2", synonyms: &[syn("log.local.retention.bytes", 1)], check: Check::AtLeast(-2), doc: "Tiered storage: local retention in bytes (-2 follows retention.bytes).", },
    TopicKey { name: "local.retention.ms", kind: Kind::Long, default: "-2", synonyms: &[syn("log.local.retention.ms", 1)], check: Check::AtLeast(-2), doc: "Tiered storage: local retention in ms (-2 follows retention.ms).", },
    TopicKey { name: "max.compaction.lag.ms", kind: Kind::Long, default: LONG_MAX, synonyms: &[syn("log.cleaner.max.compaction.lag.ms", 1)], check: Check::AtLeast(1), doc: "Maximum time a record stays uncompacted.", },
    TopicKey { name: "max.message.bytes", kind: Kind::Int, default: "1048588", synonyms: &[syn("message.max.bytes", 1)], check: Check::AtLeast(0), doc: "Largest record batch the topic accepts.", },
    TopicKey { name: "message.timestamp.after.max.ms", kind: Kind::Long, default: LONG_MAX, synonyms: &[syn("log.message.timestamp.after.max.ms", 1)], check: Check::AtLeast(0), doc: "How far in the future a timestamp may be.", },
    TopicKey { name: "message.timestamp.before.max.ms", kind: Kind::Long, default: LONG_MAX, synonyms: &[syn("log.message.timestamp.before.max.ms", 1)], check: Check::AtLeast(0), doc: "How far in the past a timestamp may be.", },
    TopicKey { name: "message.timestamp.type", kind: Kind::String, default: "CreateTime", synonyms: &[syn("log.message.timestamp.type", 1)], check: Check::OneOf(&["CreateTime", "LogAppendTime"]), doc: "CreateTime or LogAppendTime.", },
    TopicKey { name: "min.cleanable.dirty.ratio", kind: Kind::Double, default: "0.5", synonyms: &[syn("log.cleaner.min.cleanable.ratio", 1)], check: Check::DoubleBetween(0.0, 1.0), doc: "Dirty ratio that makes the log eligible for cleaning.", },
    TopicKey { name: "min.compaction.lag.ms", kind: Kind::Long, default: "0", synonyms: &[syn("log.cleaner.min.compaction.lag.ms", 1)], check: Check::AtLeast(0), doc: "Minimum time a record stays uncompacted.", },
    TopicKey { name: "min.insync.replicas", kind: Kind::Int, default: "1", synonyms: &[syn("min.insync.replicas", 1)], check: Check::AtLeast(1), doc: "Replicas that must acknowledge an acks=all write.", },
    TopicKey { name: "preallocate", kind: Kind::Bool, default: "false", synonyms: &[syn("log.preallocate", 1)], check: Check::None, doc: "Preallocate segment files.", },
    TopicKey { name: "remote.storage.enable", kind: Kind::Bool, default: "false", synonyms: &[], check: Check::None, doc: "Tiered storage (not supported by strom).", },
    TopicKey { name: "retention.bytes", kind: Kind::Long, default: "-1", synonyms: &[syn("log.retention.bytes", 1)], check: Check::None, doc: "Maximum log size before old segments are deleted; -1 is unlimited.", },
    TopicKey { name: "retention.ms", kind: Kind::Long, default: "604800000", synonyms: &[ syn("log.retention.ms", 1), syn("log.retention.minutes", M), syn("log.retention.hours", H), ], check: Check::AtLeast(-1), doc: "How long records are kept; -1 keeps forever.", },
    TopicKey { name: "segment.bytes", kind: Kind::Int, default: "1073741824", synonyms: &[syn("log.segment.bytes", 1)], check: Check::AtLeast(14), doc: "Maximum size of one segment file.", },
    TopicKey { name: "segment.index.bytes", kind: Kind::Int, default: "10485760", synonyms: &[syn("log.index.size.max.bytes", 1)], check: Check::AtLeast(4), doc: "Maximum size of an offset index file.", },
    TopicKey { name: "segment.jitter.ms", kind: Kind::Long, default: "0", synonyms: &[ syn("log.roll.jitter.ms", 1), syn("log.roll.jitter.hours", H), ], check: Check::AtLeast(0), doc: "Random jitter subtracted from segment.ms.", },
    TopicKey { name: "segment.ms", kind: Kind::Long, default: "604800000", synonyms: &[syn("log.roll.ms", 1), syn("log.roll.hours", H)], check: Check::AtLeast(1), doc: "Roll a new segment after this long.", },
    TopicKey { name: "unclean.leader.election.enable", kind: Kind::Bool, default: "false", synonyms: &[syn("unclean.leader.election.enable", 1)], check: Check::None, doc: "Allow out-of-sync replicas to become leader.", },
];

pub fn topic_key(name: &str) -> Option<&'static TopicKey> {
    TOPIC_KEYS.iter().find(|k| k.name == name)
}

/// Validate one topic config; the error text is what Kafka returns with INVALID_CONFIG.
pub fn validate_topic_config(name: &str, value: &str) -> Result<(), String> {
    let Some(key) = topic_key(name) else {
        return Err(format!("Unknown topic config name: {name}"));
    };
    key.kind.check(name, value)?;
    check_value(name, value, &key.check)
}

fn check_value(name: &str, value: &str, check: &Check) -> Result<(), String> {
    let v = value.trim();
    match check {
        Check::None => Ok(()),
        Check::AtLeast(min) => match v.parse::<i64>() {
            Ok(n) if n >= *min => Ok(()),
            _ => Err(format!(
                "Invalid value {value} for configuration {name}: Value must be at least {min}"
            )),
        },
        Check::DoubleBetween(lo, hi) => match v.parse::<f64>() {
            Ok(n) if n >= *lo && n <= *hi => Ok(()),
            _ => Err(format!(
                "Invalid value {value} for configuration {name}: Value must be no more than {hi:?}"
            )),
        },
        Check::OneOf(allowed) => {
            if allowed.contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "Invalid value {value} for configuration {name}: String must be one of: {}",
                    allowed.join(", ")
                ))
            }
        }
        Check::ListOf(allowed) => {
            for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !allowed.contains(&item) {
                    return Err(format!(
                        "Invalid value {item} for configuration {name}: String must be one of: {}",
                        allowed.join(", ")
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Where a configuration value comes from (DescribeConfigs `config_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    DynamicTopic = 1,
    DynamicBroker = 2,
    DynamicDefaultBroker = 3,
    StaticBroker = 4,
    Default = 5,
    /// A group config override (Kafka's `GROUP_CONFIG`, DYNAMIC_GROUP_CONFIG in the Admin).
    DynamicGroup = 8,
}

impl Source {
    pub fn code(self) -> i8 {
        self as i8
    }
}

/// One (name, value, source) in a synonym chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynonymValue {
    pub name: String,
    pub value: Option<String>,
    pub source: Source,
}

/// A fully resolved config entry, ready for DescribeConfigs.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub name: String,
    pub value: Option<String>,
    pub source: Source,
    pub kind: Kind,
    pub read_only: bool,
    pub sensitive: bool,
    pub synonyms: Vec<SynonymValue>,
    pub doc: &'static str,
}

/// The broker-side layers a topic config falls back through.
#[derive(Clone, Debug, Default)]
pub struct BrokerLayers {
    /// server.properties plus --override.
    pub static_props: BTreeMap<String, String>,
    /// Dynamic config for all brokers (resource name "").
    pub dynamic_default: BTreeMap<String, String>,
    /// Dynamic config for this broker.
    pub dynamic_node: BTreeMap<String, String>,
}

impl BrokerLayers {
    /// The layers that set a broker key, strongest first.
    pub fn broker_chain(&self, name: &str) -> Vec<SynonymValue> {
        let mut out = Vec::new();
        for (map, source) in [
            (&self.dynamic_node, Source::DynamicBroker),
            (&self.dynamic_default, Source::DynamicDefaultBroker),
            (&self.static_props, Source::StaticBroker),
        ] {
            if let Some(v) = map.get(name) {
                out.push(SynonymValue {
                    name: name.to_string(),
                    value: Some(v.clone()),
                    source,
                });
            }
        }
        if let Some(d) = broker_key(name).and_then(|k| k.default) {
            out.push(SynonymValue {
                name: name.to_string(),
                value: Some(d.to_string()),
                source: Source::Default,
            });
        }
        out
    }

    /// Resolve a broker key (for broker DescribeConfigs and for the broker's own use).
    pub fn broker_value(&self, name: &str) -> Option<String> {
        self.broker_chain(name).into_iter().find_map(|s| s.value)
    }

    /// Resolve a topic key against the topic's overrides and these layers.
    pub fn resolve_topic(&self, key: &TopicKey, overrides: &BTreeMap<String, String>) -> Resolved {
        let mut synonyms = Vec::new();
        if let Some(v) = overrides.get(key.name) {
            synonyms.push(SynonymValue {
                name: key.name.to_string(),
                value: Some(v.clone()),
                source: Source::DynamicTopic,
            });
        }
        // Set layers first (strongest synonym first within each layer), then the defaults.
        let mut defaults = Vec::new();
        let mut effective: Option<(String, Source)> = overrides
            .get(key.name)
            .map(|v| (v.clone(), Source::DynamicTopic));
        for s in key.synonyms {
            for sv in self.broker_chain(s.name) {
                if sv.source == Source::Default {
                    defaults.push(sv);
                    continue;
                }
                if effective.is_none() {
                    let converted = sv
                        .value
                        .as_deref()
                        .map(|v| convert(v, s.factor))
                        .unwrap_or_default();
                    effective = Some((converted, sv.source));
                }
                synonyms.push(sv);
            }
        }
        synonyms.extend(defaults);
        let (value, source) =
            effective.unwrap_or_else(|| (key.default.to_string(), Source::Default));
        Resolved {
            name: key.name.to_string(),
            value: Some(value),
            source,
            kind: key.kind,
            read_only: false,
            sensitive: false,
            synonyms,
            doc: key.doc,
        }
    }

    /// Effective value of a topic key as a string.
    pub fn topic_value(&self, name: &str, overrides: &BTreeMap<String, String>) -> Option<String> {
        topic_key(name).and_then(|k| self.resolve_topic(k, overrides).value)
    }
}

fn convert(value: &str, factor: i64) -> String {
    if factor == 1 {
        return value.trim().to_string();
    }
    match value.trim().parse::<i64>() {
        Ok(n) if n < 0 => n.to_string(), // -1 stays "infinite"
        Ok(n) => n.saturating_mul(factor).to_string(),
        Err(_) => value.to_string(),
    }
}

/// The settings the log needs, parsed once per topic (and again when configs change).
#[derive(Clone, Debug, PartialEq)]
pub struct LogConfig {
    pub segment_bytes: u64,
    pub segment_ms: i64,
    pub index_interval_bytes: u64,
    pub max_message_bytes: i32,
    pub retention_ms: i64,
    pub retention_bytes: i64,
    pub compact: bool,
    pub delete: bool,
    pub log_append_time: bool,
    pub timestamp_before_max_ms: i64,
    pub timestamp_after_max_ms: i64,
    pub compression_type: String,
    pub flush_messages: i64,
    pub flush_ms: i64,
    pub min_insync_replicas: i32,
    pub file_delete_delay_ms: i64,
    pub min_cleanable_dirty_ratio: f64,
    pub min_compaction_lag_ms: i64,
    pub max_compaction_lag_ms: i64,
    pub delete_retention_ms: i64,
    /// `strom.log.direct.io` (a broker key): write active segments with `O_DIRECT`.
    pub direct_io: bool,
}

impl Default for LogConfig {
    fn default() -> Self {
        BrokerLayers::default().log_config(&BTreeMap::new())
    }
}

impl BrokerLayers {
    /// Effective log settings of a topic with these overrides.
    pub fn log_config(&self, overrides: &BTreeMap<String, String>) -> LogConfig {
        let get = |name: &str| self.topic_value(name, overrides).unwrap_or_default();
        let long = |name: &str, dflt: i64| get(name).trim().parse::<i64>().unwrap_or(dflt);
        let policy = get("cleanup.policy");
        LogConfig {
            segment_bytes: long("segment.bytes", 1 << 30).max(14) as u64,
            segment_ms: long("segment.ms", 7 * 24 * H),
            index_interval_bytes: long("index.interval.bytes", 4096).max(0) as u64,
            max_message_bytes: long("max.message.bytes", 1_048_588).clamp(0, i32::MAX as i64)
                as i32,
            retention_ms: long("retention.ms", 7 * 24 * H),
            retention_bytes: long("retention.bytes", -1),
            compact: policy.split(',').any(|p| p.trim() == "compact"),
            delete: policy.split(',').any(|p| p.trim() == "delete"),
            log_append_time: get("message.timestamp.type").trim() == "LogAppendTime",
            timestamp_before_max_ms: long("message.timestamp.before.max.ms", i64::MAX),
            timestamp_after_max_ms: long("message.timestamp.after.max.ms", i64::MAX),
            compression_type: get("compression.type").trim().to_string(),
            flush_messages: long("flush.messages", i64::MAX),
            flush_ms: long("flush.ms", i64::MAX),
            min_insync_replicas: long("min.insync.replicas", 1).clamp(1, i32::MAX as i64) as i32,
            file_delete_delay_ms: long("file.delete.delay.ms", 60_000),
            min_cleanable_dirty_ratio: get("min.cleanable.dirty.ratio")
                .trim()
                .parse()
                .unwrap_or(0.5),
            min_compaction_lag_ms: long("min.compaction.lag.ms", 0),
            max_compaction_lag_ms: long("max.compaction.lag.ms", i64::MAX),
            delete_retention_ms: long("delete.retention.ms", 86_400_000),
            direct_io: self
                .broker_value("strom.log.direct.io")
                .is_none_or(|v| v.trim() != "false"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_hours_in_server_properties_become_retention_ms() {
        let mut layers = BrokerLayers::default();
        layers
            .static_props
            .insert("log.retention.hours".into(), "1".into());
        let r = layers.resolve_topic(topic_key("retention.ms").unwrap(), &BTreeMap::new());
        assert_eq!(r.value.as_deref(), Some("3600000"));
        assert_eq!(r.source, Source::StaticBroker);
        assert_eq!(r.synonyms[0].name, "log.retention.hours");
    }

    #[test]
    fn retention_ms_beats_hours_and_topic_override_beats_both() {
        let mut layers = BrokerLayers::default();
        layers
            .static_props
            .insert("log.retention.hours".into(), "1".into());
        layers
            .dynamic_default
            .insert("log.retention.ms".into(), "5000".into());
        let mut ov = BTreeMap::new();
        assert_eq!(
            layers.topic_value("retention.ms", &ov).as_deref(),
            Some("5000")
        );
        ov.insert("retention.ms".into(), "42".into());
        let r = layers.resolve_topic(topic_key("retention.ms").unwrap(), &ov);
        assert_eq!(r.value.as_deref(), Some("42"));
        assert_eq!(r.source, Source::DynamicTopic);
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let r = BrokerLayers::default()
            .resolve_topic(topic_key("segment.bytes").unwrap(), &BTreeMap::new());
        assert_eq!(r.value.as_deref(), Some("1073741824"));
        assert_eq!(r.source, Source::Default);
        assert_eq!(LogConfig::default().max_message_bytes, 1_048_588);
    }

    #[test]
    fn validation_messages_follow_kafka() {
        assert_eq!(
            validate_topic_config("nope", "1").unwrap_err(),
            "Unknown topic config name: nope"
        );
        assert_eq!(
            validate_topic_config("retention.ms", "abc").unwrap_err(),
            "Invalid value abc for configuration retention.ms: Not a number of type LONG"
        );
        assert!(validate_topic_config("cleanup.policy", "compact,delete").is_ok());
        assert!(validate_topic_config("cleanup.policy", "compacted").is_err());
        assert!(validate_topic_config("retention.ms", "-2").is_err());
    }
}
