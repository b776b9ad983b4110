//! IncrementalAlterConfigs (key 44): SET, DELETE, APPEND and SUBTRACT per key.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::incremental_alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{
    IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse, ResponseKind,
};

use super::util::s;
use super::{Reply, RequestContext, alter_configs};
use crate::broker::Broker;
use crate::controller::plan::ConfigOp;
use crate::error::ApiError;

pub fn handle(
    b: &Arc<Broker>,
    _ctx: &RequestContext,
    req: IncrementalAlterConfigsRequest,
) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let mut out = Vec::with_capacity(req.resources.len());
        for r in &req.resources {
            let name = r.resource_name.to_string();
            let ops: Result<Vec<ConfigOp>, ApiError> = r
                .configs
                .iter()
                .map(|c| {
                    let key = c.name.to_string();
                    let value = c.value.as_ref().map(|v| v.to_string());
                    let need = |v: Option<String>| {
                        v.ok_or_else(|| {
                            ApiError::new(
                                E::InvalidRequest,
                                format!("Null value not supported for : {key}"),
                            )
                        })
                    };
                    match c.config_operation {
                        0 => Ok(ConfigOp::Set(key.clone(), need(value)?)),
                        1 => Ok(ConfigOp::Delete(key.clone())),
                        2 => Ok(ConfigOp::Append(key.clone(), need(value)?)),
                        3 => Ok(ConfigOp::Subtract(key.clone(), need(value)?)),
                        op => Err(ApiError::new(
                            E::InvalidRequest,
                            format!("Unknown operation type {op}"),
                        )),
                    }
                })
                .collect();
            let result = match ops {
                Err(e) => Err(e),
                Ok(ops) => {
                    alter_configs::apply(&b, r.resource_type, &name, &ops, false, req.validate_only)
                        .await
                }
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
        ResponseKind::IncrementalAlterConfigs(
            IncrementalAlterConfigsResponse::default().with_responses(out),
        )
    })
}
