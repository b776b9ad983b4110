//! Settings of a group consumer, with Kafka's consumer config keys and defaults.

use std::time::Duration;

use crate::assignor::Assignor;
use crate::config::Properties;
use crate::error::{Error, Result};

/// Group membership and offset-commit settings.
#[derive(Debug, Clone)]
pub struct GroupConfig {
    /// `group.id`
    pub group_id: String,
    /// `group.instance.id`: set for a static member (KIP-345).
    pub group_instance_id: Option<String>,
    /// `session.timeout.ms`
    pub session_timeout: Duration,
    /// `max.poll.interval.ms`, sent as the rebalance timeout.
    pub rebalance_timeout: Duration,
    /// `heartbeat.interval.ms`
    pub heartbeat_interval: Duration,
    /// `partition.assignment.strategy`, in order of preference.
    pub assignors: Vec<Assignor>,
    /// `enable.auto.commit`
    pub enable_auto_commit: bool,
    /// `auto.commit.interval.ms`
    pub auto_commit_interval: Duration,
    /// `client.rack`
    pub client_rack: Option<String>,
    /// `retry.backoff.ms`
    pub retry_backoff: Duration,
    /// `allow.auto.create.topics`: subscribing asks the broker to create missing topics
    /// (when its `auto.create.topics.enable` allows).
    pub allow_auto_create_topics: bool,
}

impl GroupConfig {
    /// Kafka's defaults for `group.id`; the range assignor first, then roundrobin (Kafka
    /// offers range then cooperative-sticky, which this client does not implement).
    pub fn new(group_id: impl Into<String>) -> GroupConfig {
        GroupConfig {
            group_id: group_id.into(),
            group_instance_id: None,
            session_timeout: Duration::from_millis(45_000),
            rebalance_timeout: Duration::from_millis(300_000),
            heartbeat_interval: Duration::from_millis(3_000),
            assignors: vec![Assignor::Range, Assignor::RoundRobin],
            enable_auto_commit: true,
            auto_commit_interval: Duration::from_millis(5_000),
            client_rack: None,
            retry_backoff: Duration::from_millis(100),
            allow_auto_create_topics: true,
        }
    }

    /// Apply the group keys found in `props` (`group.id` included).
    pub fn apply(&mut self, props: &Properties) -> Result<()> {
        if let Some(v) = props.get("group.id") {
            self.group_id = v.to_string();
        }
        if let Some(v) = props.get("group.instance.id") {
            self.group_instance_id = Some(v.to_string()).filter(|s| !s.is_empty());
        }
        let ms = |key: &str| -> Result<Option<Duration>> {
            Ok(props.get_parsed::<u64>(key)?.map(Duration::from_millis))
        };
        if let Some(d) = ms("session.timeout.ms")? {
            self.session_timeout = d;
        }
        if let Some(d) = ms("max.poll.interval.ms")? {
            self.rebalance_timeout = d;
        }
        if let Some(d) = ms("heartbeat.interval.ms")? {
            self.heartbeat_interval = d;
        }
        if let Some(d) = ms("auto.commit.interval.ms")? {
            self.auto_commit_interval = d;
        }
        if let Some(d) = ms("retry.backoff.ms")? {
            self.retry_backoff = d;
        }
        if let Some(v) = props.get_bool("enable.auto.commit") {
            self.enable_auto_commit = v;
        }
        if let Some(v) = props.get_bool("allow.auto.create.topics") {
            self.allow_auto_create_topics = v;
        }
        if let Some(v) = props.get("partition.assignment.strategy") {
            self.assignors = Assignor::parse_list(v).map_err(Error::Config)?;
        }
        if let Some(v) = props.get("client.rack") {
            self.client_rack = Some(v.to_string()).filter(|s| !s.is_empty());
        }
        if let Some(v) = props.get("group.protocol")
            && !v.trim().eq_ignore_ascii_case("classic")
        {
            return Err(Error::Config(format!(
                "group.protocol '{}' is not supported: this client speaks the classic protocol",
                v.trim()
            )));
        }
        self.validate()
    }

    /// Kafka's own checks of these values.
    pub fn validate(&self) -> Result<()> {
        if self.group_id.is_empty() {
            return Err(Error::Config("group.id must not be empty".into()));
        }
        if self.heartbeat_interval >= self.session_timeout {
            return Err(Error::Config(
                "heartbeat.interval.ms must be set lower than session.timeout.ms".into(),
            ));
        }
        if i32::try_from(self.session_timeout.as_millis()).is_err()
            || i32::try_from(self.rebalance_timeout.as_millis()).is_err()
        {
            return Err(Error::Config(
                "session.timeout.ms and max.poll.interval.ms must fit in an int".into(),
            ));
        }
        Ok(())
    }

    pub(crate) fn session_timeout_ms(&self) -> i32 {
        i32::try_from(self.session_timeout.as_millis()).unwrap_or(i32::MAX)
    }

    pub(crate) fn rebalance_timeout_ms(&self) -> i32 {
        i32::try_from(self.rebalance_timeout.as_millis()).unwrap_or(i32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_keys_override_the_defaults() {
        let mut p = Properties::new();
        p.extend_pairs([
            "group.id=g2",
            "session.timeout.ms=10000",
            "heartbeat.interval.ms=1000",
            "enable.auto.commit=false",
            "partition.assignment.strategy=roundrobin",
        ])
        .unwrap();
        let mut c = GroupConfig::new("g");
        c.apply(&p).unwrap();
        assert_eq!(c.group_id, "g2");
        assert_eq!(c.session_timeout, Duration::from_secs(10));
        assert!(!c.enable_auto_commit);
        assert_eq!(c.assignors, [Assignor::RoundRobin]);
    }

    #[test]
    fn heartbeat_must_be_below_session_timeout() {
        let mut p = Properties::new();
        p.extend_pairs(["heartbeat.interval.ms=50000"]).unwrap();
        assert!(GroupConfig::new("g").apply(&p).is_err());
        let mut p = Properties::new();
        p.extend_pairs(["group.protocol=consumer"]).unwrap();
        assert!(GroupConfig::new("g").apply(&p).is_err());
    }
}
