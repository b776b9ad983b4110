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
/// AclOperation bits for a group resource (READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS,
/// ALTER_CONFIGS: Kafka 4's `AclEntry.supportedOperations(GROUP)`, group configs included).
pub const GROUP_OPERATIONS: i32 = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11);
/// "Not requested" marker for authorized-operations fields.
pub const OPS_NOT_REQUESTED: i32 = i32::MIN;

/// Whether the enum codes of an ACL or ACL filter are all ones Kafka knows (ResourceType 1-7,
/// PatternType 1-4, AclOperation 1-15, AclPermissionType 1-3). Kafka's `fromCode` turns any
/// other code into UNKNOWN, and its request parsers refuse UNKNOWN elements, which closes the
/// connection.
pub fn acl_codes_known(resource_type: i8, pattern_type: i8, operation: i8, permission: i8) -> bool {
    (1..=7).contains(&resource_type)
        && (1..=4).contains(&pattern_type)
        && (1..=15).contains(&operation)
        && (1..=3).contains(&permission)
}

/// What a broker without an authorizer answers to DescribeAcls (Kafka's `AclApis`).
pub const NO_AUTHORIZER_ON_BROKER: &str = "No Authorizer is configured on the broker";
/// What it answers to CreateAcls and DeleteAcls (`SecurityDisabledException`'s message there).
pub const NO_AUTHORIZER: &str = "No Authorizer is configured.";
