//! Errors of the client library.
//!
//! Three kinds stay apart: transport failures (connect, I/O, timeouts), Kafka error codes that a
//! broker returned inside a response ([`Error::Kafka`]), and local misuse or bad input
//! (configuration, malformed batches).

use std::fmt;

use kafka_protocol::ResponseError;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the client can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TCP connection could not be opened.
    #[error("cannot connect to {addr} ({role}): {reason}")]
    Connect {
        addr: String,
        role: String,
        reason: String,
    },
    /// Reading from or writing to an open connection failed.
    #[error("connection to {addr} failed: {source}")]
    Io {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    /// The broker closed the connection (or it was closed after an earlier failure).
    #[error("connection to {addr} was closed{detail}")]
    Closed { addr: String, detail: String },
    /// No response arrived within the request timeout.
    #[error("{api} request to {addr} timed out after {timeout_ms} ms")]
    RequestTimeout {
        api: String,
        addr: String,
        timeout_ms: u64,
    },
    /// A frame announced a size we refuse to allocate.
    #[error("response frame of {size} bytes from {addr} is outside the allowed range (max {max})")]
    FrameSize { addr: String, size: i64, max: usize },
    /// A request could not be encoded (a bug or a value out of range).
    #[error("cannot encode {api} request: {message}")]
    Encode { api: String, message: String },
    /// A response could not be decoded.
    #[error("cannot decode {api} response from {addr}: {message}")]
    Decode {
        api: String,
        addr: String,
        message: String,
    },
    /// The broker does not offer a version of an API that we can speak.
    #[error("broker {addr} does not support {api} in a version this client speaks")]
    UnsupportedVersion { api: String, addr: String },
    /// A Kafka error code returned by the broker.
    #[error("{0}")]
    Kafka(KafkaError),
    /// A topic is not known to the cluster.
    #[error("topic '{0}' does not exist")]
    UnknownTopic(String),
    /// Bad configuration or arguments given to the client.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A record batch could not be parsed.
    #[error("corrupt record batch at offset {offset}: {reason}")]
    CorruptBatch { offset: i64, reason: String },
    /// Something timed out waiting on the cluster (metadata, buffer space).
    #[error("{0}")]
    Timeout(String),
    /// A record larger than `max.request.size` (Kafka's RecordTooLargeException text).
    #[error(
        "The message is {size} bytes when serialized which is larger than {max}, which is the value of the max.request.size configuration."
    )]
    RecordTooLarge { size: usize, max: usize },
    /// The producer or consumer was closed.
    #[error("the {0} is closed")]
    Shutdown(&'static str),
    /// Bytes inside a Kafka message that do not parse (a ConsumerProtocol subscription or
    /// assignment, for example).
    #[error("malformed {what}: {reason}")]
    Malformed { what: &'static str, reason: String },
}

impl Error {
    /// The Kafka error code when this is a broker-returned error.
    pub fn kafka_code(&self) -> Option<i16> {
        match self {
            Error::Kafka(k) => Some(k.code),
            _ => None,
        }
    }

    /// True for failures a retry may fix: lost connections, timeouts, retriable Kafka codes.
    pub fn is_retriable(&self) -> bool {
        match self {
            Error::Io { .. }
            | Error::Closed { .. }
            | Error::RequestTimeout { .. }
            | Error::Connect { .. } => true,
            Error::Kafka(k) => k.is_retriable(),
            _ => false,
        }
    }
}

/// A Kafka protocol error code with the broker's message, if it sent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KafkaError {
    pub code: i16,
    pub message: Option<String>,
}

impl KafkaError {
    /// `None` for code 0 (no error).
    pub fn from_code(code: i16, message: Option<String>) -> Option<KafkaError> {
        (code != 0).then(|| KafkaError {
            code,
            message: message.filter(|m| !m.is_empty()),
        })
    }

    /// Kafka's name for the code, e.g. `UNKNOWN_TOPIC_OR_PARTITION`.
    pub fn name(&self) -> String {
        error_name(self.code)
    }

    pub fn is_retriable(&self) -> bool {
        ResponseError::try_from_code(self.code).is_some_and(|e| e.is_retriable())
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => f.write_str(m),
            None => f.write_str(&default_message(self.code)),
        }
    }
}

/// Kafka's upper-snake name of an error code (`NOT_LEADER_OR_FOLLOWER`).
pub fn error_name(code: i16) -> String {
    match ResponseError::try_from_code(code) {
        None => "NONE".to_string(),
        Some(ResponseError::Unknown(c)) => format!("UNKNOWN_ERROR_CODE_{c}"),
        Some(e) => {
            // The crate's variant names are Kafka's names in CamelCase.
            let camel = format!("{e:?}");
            let mut out = String::with_capacity(camel.len() + 8);
            for (i, ch) in camel.chars().enumerate() {
                if ch.is_ascii_uppercase() && i > 0 {
                    out.push('_');
                }
                out.push(ch.to_ascii_uppercase());
            }
            out
        }
    }
}

/// The text Kafka's Java client shows for an error code when the broker sent no message
/// (`Errors.java`), for the codes users meet; other codes fall back to their name.
pub fn default_message(code: i16) -> String {
    let text = match code {
        -1 => "The server experienced an unexpected error when processing the request.",
        1 => "The requested offset is not within the range of offsets maintained by the server.",
        2 => {
            "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt."
        }
        3 => "This server does not host this topic-partition.",
        5 => {
            "There is no leader for this topic-partition as we are in the middle of a leadership election."
        }
        6 => {
            "For requests intended only for the leader, this error indicates that the broker is not the current leader."
        }
        7 => "The request timed out.",
        10 => {
            "The request included a message larger than the max message size the server will accept."
        }
        12 => "The metadata field of the offset request was too large.",
        14 => "The coordinator is loading and hence can't process requests.",
        15 => "The coordinator is not available.",
        16 => "This is not the correct coordinator.",
        17 => "The request attempted to perform an operation on an invalid topic.",
        19 => "Messages are rejected since there are fewer in-sync replicas than required.",
        20 => "Messages are written to the log, but to fewer in-sync replicas than required.",
        22 => "Specified group generation id is not valid.",
        23 => {
            "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."
        }
        24 => "The configured groupId is invalid.",
        25 => "The coordinator is not aware of this member.",
        26 => {
            "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms)."
        }
        27 => "The group is rebalancing, so a rejoin is needed.",
        28 => "The committing offset data size is not valid.",
        29 => "Topic authorization failed.",
        30 => "Group authorization failed.",
        35 => "The version of API is not supported.",
        36 => "Topic with this name already exists.",
        37 => "Number of partitions is below 1.",
        38 => "Replication factor is below 1 or larger than the number of available brokers.",
        40 => "Configuration is invalid.",
        41 => "This is not the correct controller for this cluster.",
        42 => {
            "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker."
        }
        44 => "Request parameters do not satisfy the configured policy.",
        54 => "Security features are disabled.",
        68 => "The group is not empty.",
        69 => "The group id does not exist.",
        73 => "Topic deletion is disabled.",
        79 => {
            "The group member needs to have a valid member id before actually entering a consumer group."
        }
        81 => "The consumer group has reached its max size.",
        82 => {
            "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id."
        }
        86 => "The consumer group is actively subscribed to the topic",
        87 => "This record has failed the validation on broker and hence will be rejected.",
        88 => "There are unstable offsets that need to be cleared.",
        100 => "This server does not host this topic ID.",
        110 => {
            "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin."
        }
        113 => {
            "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API."
        }
        _ => return error_name(code),
    };
    text.to_string()
}

/// Render an I/O error without Rust's ` (os error N)` suffix: `Connection refused`.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => s.get(..i).unwrap_or(&s).to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kafka_upper_snake() {
        assert_eq!(error_name(3), "UNKNOWN_TOPIC_OR_PARTITION");
        assert_eq!(error_name(6), "NOT_LEADER_OR_FOLLOWER");
        assert_eq!(error_name(36), "TOPIC_ALREADY_EXISTS");
        assert_eq!(error_name(0), "NONE");
    }

    #[test]
    fn broker_message_wins_over_default() {
        let e = KafkaError::from_code(36, Some("Topic 'a' already exists.".into()));
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Topic 'a' already exists.")
        );
        let e = KafkaError::from_code(36, Some(String::new()));
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Topic with this name already exists.")
        );
        assert!(KafkaError::from_code(0, None).is_none());
    }

    #[test]
    fn io_reason_drops_os_error_suffix() {
        let e = std::io::Error::from_raw_os_error(111);
        assert_eq!(io_reason(&e), "Connection refused");
    }
}
