//! DeleteGroups (key 42): empty groups only (NON_EMPTY_GROUP otherwise); their offsets and
//! their group configs go too.

use std::sync::Arc;

use kafka_protocol::messages::delete_groups_response::DeletableGroupResult;
use kafka_protocol::messages::{DeleteGroupsRequest, DeleteGroupsResponse, ResponseKind};

use super::util::now_ms;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;
use crate::controller::plan;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: DeleteGroupsRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let mut results = Vec::with_capacity(req.groups_names.len());
        let settings = b.coordinator_settings().await;
        for g in &req.groups_names {
            let code = match &settings {
                Err(e) => e.code(),
                Ok(settings) => {
                    let (r, durable) = tokio::task::block_in_place(|| {
                        b.groups.delete_group(
                            g,
                            settings,
                            &OffsetsAppender { broker: &b },
                            now_ms(),
                        )
                    });
                    match (r, b.wait_durable(durable).await) {
                        (Err(e), _) | (Ok(()), Err(e)) => e.code(),
                        (Ok(()), Ok(())) => {
                            delete_configs(&b, g).await;
                            0
                        }
                    }
                }
            };
            results.push(
                DeletableGroupResult::default()
                    .with_group_id(g.clone())
                    .with_error_code(code),
            );
        }
        ResponseKind::DeleteGroups(DeleteGroupsResponse::default().with_results(results))
    })
}

/// Remove a deleted group's config overrides, so a group created later under the same id
/// starts from the broker's settings. The group is gone either way; a failed metadata write
/// is logged.
async fn delete_configs(b: &Broker, group_id: &str) {
    if !b.image().group_configs.contains_key(group_id) {
        return;
    }
    let result = b
        .commit(|img| Ok((plan::delete_group_configs(img, group_id), ())))
        .await;
    match result {
        Ok(()) => tracing::info!(group = group_id, "Deleted the configs of a deleted group."),
        Err(e) => {
            tracing::warn!(group = group_id, error = %e, "Cannot delete the configs of a deleted group.")
        }
    }
}
