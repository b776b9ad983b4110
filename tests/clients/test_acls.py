"""ACL APIs (DescribeAcls 29, CreateAcls 30, DeleteAcls 31) from third-party admin clients.

Strom has no authorizer, so it answers exactly as a Kafka broker without
`authorizer.class.name` (Kafka's AclApis): SECURITY_DISABLED (54) with "No Authorizer is
configured on the broker" for DescribeAcls and "No Authorizer is configured." for each
creation and deletion filter. Clients must see that error, not "unsupported API"."""

from __future__ import annotations

import pytest
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    ResourcePatternType,
    ResourceType,
)

from util import admin

TIMEOUT = 30


def error_of(future) -> KafkaError:
    with pytest.raises(KafkaException) as info:
        future.result(timeout=TIMEOUT)
    return info.value.args[0]


def test_confluent_describe_acls_gets_an_answer(broker):
    # librdkafka (rd_kafka_DescribeAclsResponse_parse, up to 2.16 at least) reads DescribeAcls'
    # top-level error code and drops it, so against Kafka without an authorizer, as here, the
    # call "succeeds" with no bindings. What matters is that the API is offered and answered;
    # the error code itself is checked with kafka-python below and in the Rust sweep.
    a = admin(broker.bootstrap)
    f = AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, None, None,
                         AclOperation.ANY, AclPermissionType.ANY)
    assert a.describe_acls(f, request_timeout=TIMEOUT).result(timeout=TIMEOUT) == []


def test_confluent_create_acls_is_security_disabled(broker):
    a = admin(broker.bootstrap)
    bindings = [
        AclBinding(ResourceType.TOPIC, "t", ResourcePatternType.LITERAL, "User:alice", "*",
                   AclOperation.READ, AclPermissionType.ALLOW),
        AclBinding(ResourceType.GROUP, "g", ResourcePatternType.PREFIXED, "User:bob", "*",
                   AclOperation.READ, AclPermissionType.DENY),
    ]
    futures = a.create_acls(bindings, request_timeout=TIMEOUT)
    assert set(futures) == set(bindings)
    for b, fut in futures.items():
        err = error_of(fut)
        assert err.code() == KafkaError.SECURITY_DISABLED, (b, err)
        assert "No Authorizer is configured." in err.str(), err


def test_confluent_delete_acls_is_security_disabled(broker):
    a = admin(broker.bootstrap)
    f = AclBindingFilter(ResourceType.TOPIC, "t", ResourcePatternType.MATCH, None, None,
                         AclOperation.ANY, AclPermissionType.ANY)
    futures = a.delete_acls([f], request_timeout=TIMEOUT)
    err = error_of(futures[f])
    assert err.code() == KafkaError.SECURITY_DISABLED, err
    assert "No Authorizer is configured." in err.str(), err


def test_kafka_python_describe_acls_is_security_disabled(broker):
    from kafka import KafkaAdminClient
    from kafka.admin import ACLFilter, ACLOperation, ACLPermissionType, ResourcePatternFilter
    from kafka.admin import ACLResourcePatternType, ResourceType as KResourceType
    from kafka.errors import SecurityDisabledError

    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT * 1000)
    try:
        f = ACLFilter(principal=None, host="*", operation=ACLOperation.ANY,
                      permission_type=ACLPermissionType.ANY,
                      resource_pattern=ResourcePatternFilter(KResourceType.TOPIC, "t",
                                                             ACLResourcePatternType.LITERAL))
        with pytest.raises(SecurityDisabledError):
            a.describe_acls(f)
    finally:
        a.close()
