//! DeleteAcls (key 31). Without an authorizer Kafka answers every filter with
//! SECURITY_DISABLED, "No Authorizer is configured." and no matching ACLs
//! (`AclApis.handleDeleteAcls`); so does strom. A filter holding an enum code Kafka does not
//! know closes the connection, as Kafka's request parser refuses it.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::delete_acls_response::DeleteAclsFilterResult;
use kafka_protocol::messages::{DeleteAclsRequest, DeleteAclsResponse, ResponseKind};

use super::util::{NO_AUTHORIZER, acl_codes_known, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(_b: &Arc<Broker>, _ctx: &RequestContext, req: DeleteAclsRequest) -> Reply {
    let unknown = req.filters.iter().any(|f| {
        !acl_codes_known(
            f.resource_type_filter,
            f.pattern_type_filter,
            f.operation,
            f.permission_type,
        )
    });
    if unknown {
        return Reply::Close("Filters contain UNKNOWN elements".into());
    }
    let result = DeleteAclsFilterResult::default()
        .with_error_code(E::SecurityDisabled.code())
        .with_error_message(Some(s(NO_AUTHORIZER)));
    Reply::Now(ResponseKind::DeleteAcls(
        DeleteAclsResponse::default().with_filter_results(vec![result; req.filters.len()]),
    ))
}
