//! Producer settings, with Kafka's producer config names.

use std::time::Duration;

use kafka_protocol::records::Compression;

use crate::config::Properties;
use crate::error::{Error, Result};

/// `acks`: how many replicas must have the write before the broker answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acks {
    /// acks=0: the broker sends no response at all.
    None,
    /// acks=1: the leader's append.
    Leader,
    /// acks=all / -1: every in-sync replica.
    All,
}

impl Acks {
    pub fn parse(s: &str) -> Result<Acks> {
        match s.trim() {
            "0" => Ok(Acks::None),
            "1" => Ok(Acks::Leader),
            "-1" | "all" => Ok(Acks::All),
            other => Err(Error::Config(format!(
                "invalid value '{other}' for acks: expected all, -1, 0 or 1"
            ))),
        }
    }

    pub(crate) fn wire(self) -> i16 {
        match self {
            Acks::None => 0,
            Acks::Leader => 1,
            Acks::All => -1,
        }
    }
}

/// Parse a `compression.type` value.
pub fn parse_compression(s: &str) -> Result<Compression> {
    match s.trim().to_ascii_lowercase().as_str() {
        "none" | "uncompressed" => Ok(Compression::None),
        "gzip" => Ok(Compression::Gzip),
        "snappy" => Ok(Compression::Snappy),
        "lz4" => Ok(Compression::Lz4),
        "zstd" => Ok(Compression::Zstd),
        other => Err(Error::Config(format!(
            "invalid value '{other}' for compression.type: expected none, gzip, snappy, lz4 or zstd"
        ))),
    }
}

/// Producer settings, named after Kafka's producer configs.
#[derive(Debug, Clone)]
pub struct ProducerConfig {
    pub acks: Acks,
    pub compression: Compression,
    /// `batch.size`
    pub batch_size: usize,
    /// `linger.ms`
    pub linger: Duration,
    /// `retries`
    pub retries: u32,
    /// `retry.backoff.ms`
    pub retry_backoff: Duration,
    /// `max.in.flight.requests.per.connection`
    pub max_in_flight: usize,
    /// `buffer.memory`
    pub buffer_memory: usize,
    /// `max.block.ms`: how long `send` may wait for metadata or buffer space.
    pub max_block: Duration,
    /// `max.request.size`
    pub max_request_size: usize,
    /// `enable.idempotence`
    pub idempotence: bool,
    /// `allow.auto.create.topics`: ask the broker to create a missing topic.
    pub allow_auto_create: bool,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            compression: Compression::None,
            batch_size: 16384,
            linger: Duration::from_millis(5),
            retries: 3,
            retry_backoff: Duration::from_millis(100),
            max_in_flight: 5,
            buffer_memory: 32 << 20,
            max_block: Duration::from_secs(60),
            max_request_size: 1 << 20,
            idempotence: false,
            allow_auto_create: true,
        }
    }
}

impl ProducerConfig {
    /// Apply Kafka producer keys from `props` on top of the current values.
    pub fn apply(&mut self, props: &Properties) -> Result<()> {
        if let Some(v) = props.get("acks") {
            self.acks = Acks::parse(v)?;
        }
        if let Some(v) = props.get("compression.type") {
            self.compression = parse_compression(v)?;
        }
        if let Some(v) = props.get_parsed::<usize>("batch.size")? {
            self.batch_size = v.max(1);
        }
        if let Some(v) = props.get_parsed::<u64>("linger.ms")? {
            self.linger = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<u32>("retries")? {
            self.retries = v;
        }
        if let Some(v) = props.get_parsed::<u64>("retry.backoff.ms")? {
            self.retry_backoff = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<usize>("max.in.flight.requests.per.connection")? {
            self.max_in_flight = v.max(1);
        }
        if let Some(v) = props.get_parsed::<usize>("buffer.memory")? {
            self.buffer_memory = v.max(1);
        }
        if let Some(v) = props.get_parsed::<u64>("max.block.ms")? {
            self.max_block = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<usize>("max.request.size")? {
            self.max_request_size = v.max(1);
        }
        if let Some(v) = props.get_bool("enable.idempotence") {
            self.idempotence = v;
        }
        if let Some(v) = props.get_bool("allow.auto.create.topics") {
            self.allow_auto_create = v;
        }
        if self.idempotence && self.acks != Acks::All {
            return Err(Error::Config(
                "enable.idempotence=true requires acks=all".into(),
            ));
        }
        Ok(())
    }
}
