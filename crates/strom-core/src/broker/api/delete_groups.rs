//! DeleteGroups (key 42): empty groups only (NON_EMPTY_GROUP otherwise); their offsets go too.
//! Group configs stay, as in Kafka: they belong to the metadata log, not to the coordinator,
//! and apply again to a group later created under the same id.

use std::sync::Arc;

use kafka_protocol::messages::delete_groups_response::DeletableGroupResult;
use kafka_protocol::messages::{DeleteGroupsRequest, DeleteGroupsResponse, ResponseKind};

use super::util::now_ms;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;

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
                        (Ok(()), Ok(())) => 0,
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
