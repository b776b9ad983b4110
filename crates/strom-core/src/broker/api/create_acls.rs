//! CreateAcls (key 30). Without an authorizer Kafka answers every creation with
//! SECURITY_DISABLED, "No Authorizer is configured." (`AclApis.handleCreateAcls`); so does
//! strom. A creation holding an enum code Kafka does not know closes the connection, as Kafka's
//! request parser refuses it.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::create_acls_response::AclCreationResult;
use kafka_protocol::messages::{CreateAclsRequest, CreateAclsResponse, ResponseKind};

use super::util::{NO_AUTHORIZER, acl_codes_known, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(_b: &Arc<Broker>, _ctx: &RequestContext, req: CreateAclsRequest) -> Reply {
    let unknown = req.creations.iter().any(|c| {
        !acl_codes_known(
            c.resource_type,
            c.resource_pattern_type,
            c.operation,
            c.permission_type,
        )
    });
    if unknown {
        return Reply::Close("CreatableAcls contain unknown elements".into());
    }
    let result = AclCreationResult::default()
        .with_error_code(E::SecurityDisabled.code())
        .with_error_message(Some(s(NO_AUTHORIZER)));
    Reply::Now(ResponseKind::CreateAcls(
        CreateAclsResponse::default().with_results(vec![result; req.creations.len()]),
    ))
}
