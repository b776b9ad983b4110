//! Unit tests of the acls tool: option checks, filters and Kafka's output forms.

use super::codes::*;
use super::*;

#[test]
fn operations_parse_like_security_utils() {
    assert_eq!(parse_operation("Read"), OP_READ);
    assert_eq!(parse_operation("READ"), OP_READ);
    assert_eq!(parse_operation("read"), OP_READ);
    assert_eq!(parse_operation("IdempotentWrite"), OP_IDEMPOTENT_WRITE);
    assert_eq!(parse_operation("idempotentwrite"), OP_IDEMPOTENT_WRITE);
    assert_eq!(parse_operation("idempotent_write"), OP_UNKNOWN);
    assert_eq!(parse_operation("Fly"), OP_UNKNOWN);
    assert_eq!(pascal("DESCRIBE_CONFIGS"), "DescribeConfigs");
}

#[test]
fn patterns_and_entries_print_like_kafka() {
    let p = ResourcePattern {
        resource_type: RT_TOPIC,
        name: Some("t".into()),
        pattern_type: PT_LITERAL,
    };
    assert_eq!(
        pattern_text(&p),
        "ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)"
    );
    let e = AccessControlEntry {
        principal: Some("User:alice".into()),
        host: Some("*".into()),
        operation: OP_READ,
        permission_type: PERM_ALLOW,
    };
    assert_eq!(
        entry_text(&e),
        "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)"
    );
    assert_eq!(
        entry_text(&any_entry()),
        "(principal=<any>, host=<any>, operation=ANY, permissionType=ANY)"
    );
}

#[test]
fn principals_need_a_type() {
    assert_eq!(
        parse_principal("User:alice").ok().as_deref(),
        Some("User:alice")
    );
    assert_eq!(
        parse_principal("alice"),
        Err(Failure::illegal(
            "expected a string in format principalType:principalName but got alice".into()
        ))
    );
}
