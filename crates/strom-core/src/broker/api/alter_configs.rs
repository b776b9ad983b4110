//! AlterConfigs (key 33): the legacy form, which replaces a resource's whole set of overrides
//! (topics, brokers and groups).

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{AlterConfigsRequest, AlterConfigsResponse, ResponseKind};

use super::util::s;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::controller::image::MetadataImage;
use crate::controller::plan::{self, ConfigOp};
use crate::controller::records::RESOURCE_GROUP;
use crate::error::ApiError;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: AlterConfigsRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let mut out = Vec::with_capacity(req.resources.len());
        for r in &req.resources {
            let name = r.resource_name.to_string();
            let ops: Result<Vec<ConfigOp>, ApiError> = r
                .configs
                .iter()
                .map(|c| match &c.value {
                    Some(v) => Ok(ConfigOp::Set(c.name.to_string(), v.to_string())),
                    None => Err(ApiError::new(
                        E::InvalidRequest,
                        format!("Null value not supported for : {}", c.name),
                    )),
                })
                .collect();
            let result = match ops {
                Err(e) => Err(e),
                Ok(ops) => apply(&b, r.resource_type, &name, &ops, true, req.validate_only).await,
            };
            let mut resp = AlterConfigsResourceResponse::default()
                .with_resource_type(r.resource_type)
                .with_resource_name(s(name));
            if let Err(e) = result {
                resp = resp
                    .with_error_code(e.code)
                    .with_error_message(e.message.map(s));
            }
            out.push(resp);
        }
        ResponseKind::AlterConfigs(AlterConfigsResponse::default().with_responses(out))
    })
}

/// Shared with IncrementalAlterConfigs: plan, and commit unless `validate_only`.
pub(super) async fn apply(
    b: &Broker,
    resource_type: i8,
    name: &str,
    ops: &[ConfigOp],
    replace_all: bool,
    validate_only: bool,
) -> Result<(), ApiError> {
    let node = b.node_id;
    // Group configs are checked against the broker's group.* bounds.
    let layers = b.layers();
    let planned = |img: &MetadataImage| {
        if resource_type == RESOURCE_GROUP {
            plan::alter_group_configs(img, name, ops, replace_all, &layers)
        } else {
            plan::alter_configs(img, resource_type, name, ops, replace_all, node)
        }
    };
    if validate_only {
        return planned(&b.image()).map(|_| ());
    }
    b.commit(|img| planned(img).map(|r| (r, ()))).await?;
    tracing::info!(resource_type, resource = name, "Altered configs.");
    Ok(())
}
