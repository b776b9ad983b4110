//! Kafka's ACL enum codes and their names, and the text and JSON forms of resource patterns
//! and entries, as `AclCommand` prints them.

use serde_json::{Value, json};
use strom_client::{AccessControlEntry, AclBinding, ResourcePattern};

// Kafka's enum codes (org.apache.kafka.common.{resource,acl}).
pub(super) const RT_TOPIC: i8 = 2;
pub(super) const RT_GROUP: i8 = 3;
pub(super) const RT_CLUSTER: i8 = 4;
pub(super) const RT_TRANSACTIONAL_ID: i8 = 5;
pub(super) const RT_DELEGATION_TOKEN: i8 = 6;
pub(super) const RT_USER: i8 = 7;
pub(super) const PT_ANY: i8 = 1;
pub(super) const PT_MATCH: i8 = 2;
pub(super) const PT_LITERAL: i8 = 3;
pub(super) const PT_PREFIXED: i8 = 4;
pub(super) const OP_ANY: i8 = 1;
pub(super) const OP_ALL: i8 = 2;
pub(super) const OP_READ: i8 = 3;
pub(super) const OP_WRITE: i8 = 4;
pub(super) const OP_CREATE: i8 = 5;
pub(super) const OP_DESCRIBE: i8 = 8;
pub(super) const OP_IDEMPOTENT_WRITE: i8 = 12;
pub(super) const OP_UNKNOWN: i8 = 0;
pub(super) const PERM_ANY: i8 = 1;
pub(super) const PERM_DENY: i8 = 2;
pub(super) const PERM_ALLOW: i8 = 3;
pub(super) const CLUSTER_NAME: &str = "kafka-cluster";
pub(super) const WILDCARD_HOST: &str = "*";

/// `ResourceType` names by code.
pub(super) fn resource_type_name(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "TOPIC",
        3 => "GROUP",
        4 => "CLUSTER",
        5 => "TRANSACTIONAL_ID",
        6 => "DELEGATION_TOKEN",
        7 => "USER",
        _ => "UNKNOWN",
    }
}

pub(super) fn pattern_type_name(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "MATCH",
        3 => "LITERAL",
        4 => "PREFIXED",
        _ => "UNKNOWN",
    }
}

/// `AclOperation` names, indexed by code.
pub(super) const OPERATIONS: [&str; 16] = [
    "UNKNOWN",
    "ANY",
    "ALL",
    "READ",
    "WRITE",
    "CREATE",
    "DELETE",
    "ALTER",
    "DESCRIBE",
    "CLUSTER_ACTION",
    "DESCRIBE_CONFIGS",
    "ALTER_CONFIGS",
    "IDEMPOTENT_WRITE",
    "CREATE_TOKENS",
    "DESCRIBE_TOKENS",
    "TWO_PHASE_COMMIT",
];

pub(super) fn operation_name(code: i8) -> &'static str {
    usize::try_from(code)
        .ok()
        .and_then(|i| OPERATIONS.get(i))
        .copied()
        .unwrap_or("UNKNOWN")
}

pub(super) fn permission_name(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "DENY",
        3 => "ALLOW",
        _ => "UNKNOWN",
    }
}

/// `PascalCase` of an upper-snake enum name (`IDEMPOTENT_WRITE` → `IdempotentWrite`).
pub(super) fn pascal(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect()
}

/// Kafka's `SecurityUtils.operation`: the PascalCase name, or it in upper case; else UNKNOWN.
pub(super) fn parse_operation(name: &str) -> i8 {
    let upper = name.to_uppercase();
    (0..OPERATIONS.len())
        .find(|&i| {
            let p = pascal(OPERATIONS[i]);
            p == name || p.to_uppercase() == upper
        })
        .and_then(|i| i8::try_from(i).ok())
        .unwrap_or(OP_UNKNOWN)
}

/// `AclEntry.supportedOperations`, in code order.
pub(super) fn supported_operations(resource_type: i8) -> &'static [i8] {
    match resource_type {
        RT_TOPIC => &[3, 4, 5, 6, 7, 8, 10, 11],
        RT_GROUP => &[3, 6, 8, 10, 11],
        RT_CLUSTER => &[5, 7, 8, 9, 10, 11, 12],
        RT_TRANSACTIONAL_ID => &[4, 8, 15],
        RT_DELEGATION_TOKEN => &[8],
        RT_USER => &[13, 14],
        _ => &[],
    }
}

/// `ResourcePattern.toString` / `ResourcePatternFilter.toString`.
pub(super) fn pattern_text(p: &ResourcePattern) -> String {
    format!(
        "ResourcePattern(resourceType={}, name={}, patternType={})",
        resource_type_name(p.resource_type),
        p.name.as_deref().unwrap_or("<any>"),
        pattern_type_name(p.pattern_type)
    )
}

/// `AccessControlEntry.toString`.
pub(super) fn entry_text(e: &AccessControlEntry) -> String {
    format!(
        "(principal={}, host={}, operation={}, permissionType={})",
        e.principal.as_deref().unwrap_or("<any>"),
        e.host.as_deref().unwrap_or("<any>"),
        operation_name(e.operation),
        permission_name(e.permission_type)
    )
}

pub(super) fn acl_json(a: &AclBinding) -> Value {
    json!({
        "resource_type": resource_type_name(a.pattern.resource_type),
        "resource_name": a.pattern.name,
        "pattern_type": pattern_type_name(a.pattern.pattern_type),
        "principal": a.entry.principal,
        "host": a.entry.host,
        "operation": operation_name(a.entry.operation),
        "permission_type": permission_name(a.entry.permission_type),
    })
}
