//! ApiVersions (key 18): the versions strom supports. Unsupported versions are answered in v0
//! by the dispatcher (KIP-511).

use std::sync::Arc;

use kafka_protocol::ResponseError;
use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse, ResponseKind};

use super::{Reply, RequestContext};
use crate::broker::{Broker, versions};

pub fn handle(_b: &Arc<Broker>, _ctx: &RequestContext, _req: ApiVersionsRequest) -> Reply {
    Reply::Now(ResponseKind::ApiVersions(
        ApiVersionsResponse::default().with_api_keys(versions::advertised()),
    ))
}

/// The v0 answer to a version we do not support.
pub fn unsupported() -> ApiVersionsResponse {
    ApiVersionsResponse::default()
        .with_error_code(ResponseError::UnsupportedVersion.code())
        .with_api_keys(versions::advertised())
}
