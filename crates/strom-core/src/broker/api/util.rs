//! Small helpers shared by the handlers.

use kafka_protocol::messages::TopicName;
use kafka_protocol::protocol::StrBytes;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub fn s(v: impl Into<String>) -> StrBytes {
    StrBytes::from_string(v.into())
}

pub fn topic_name(v: impl Into<String>) -> TopicName {
    TopicName(s(v))
}

/// AclOperation bits for "everything on a topic" (no authorizer: all operations allowed).
pub const TOPIC_OPERATIONS: i32 =
    (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);
/// AclOperation bits for the cluster resource.
pub const CLUSTER_OPERATIONS: i32 =
    (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12);
/// "Not requested" marker for authorized-operations fields.
pub const OPS_NOT_REQUESTED: i32 = i32::MIN;
