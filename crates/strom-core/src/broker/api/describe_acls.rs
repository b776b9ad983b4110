//! DescribeAcls (key 29). Strom has no authorizer, so it answers as a Kafka broker without
//! `authorizer.class.name` does (`AclApis.handleDescribeAcls`): top-level SECURITY_DISABLED,
//! "No Authorizer is configured on the broker", and no resources. A filter holding an enum code
//! Kafka does not know closes the connection, as Kafka's request parser refuses it.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::{DescribeAclsRequest, DescribeAclsResponse, ResponseKind};

use super::util::{NO_AUTHORIZER_ON_BROKER, acl_codes_known, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(_b: &Arc<Broker>, _ctx: &RequestContext, req: DescribeAclsRequest) -> Reply {
    if !acl_codes_known(
        req.resource_type_filter,
        req.pattern_type_filter,
        req.operation,
        req.permission_type,
    ) {
        return Reply::Close("DescribeAclsRequest contains UNKNOWN elements".into());
    }
    Reply::Now(ResponseKind::DescribeAcls(
        DescribeAclsResponse::default()
            .with_error_code(E::SecurityDisabled.code())
            .with_error_message(Some(s(NO_AUTHORIZER_ON_BROKER))),
    ))
}
