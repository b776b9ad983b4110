//! OffsetDelete (key 47): remove committed offsets of topics the group no longer consumes.

use std::sync::Arc;

use kafka_protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use kafka_protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse, ResponseKind};

use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: OffsetDeleteRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let parts: Vec<(String, i32)> = req
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(move |p| (t.name.to_string(), p.partition_index))
            })
            .collect();
        let settings = match b.coordinator_settings().await {
            Ok(s) => s,
            Err(e) => {
                return ResponseKind::OffsetDelete(
                    OffsetDeleteResponse::default().with_error_code(e.code()),
                );
            }
        };
        let result = tokio::task::block_in_place(|| {
            b.groups.delete_offsets(
                &req.group_id,
                &parts,
                &settings,
                &OffsetsAppender { broker: &b },
            )
        });
        let (codes, durable) = match result {
            Err(e) => {
                return ResponseKind::OffsetDelete(
                    OffsetDeleteResponse::default().with_error_code(e.code()),
                );
            }
            Ok(x) => x,
        };
        let waited = b.wait_durable(durable).await;
        let mut it = codes.into_iter();
        let topics = req
            .topics
            .iter()
            .map(|t| {
                OffsetDeleteResponseTopic::default()
                    .with_name(t.name.clone())
                    .with_partitions(
                        t.partitions
                            .iter()
                            .map(|p| {
                                let code = match (it.next(), waited) {
                                    (Some(Err(e)), _) => e.code(),
                                    (_, Err(e)) => e.code(),
                                    _ => 0,
                                };
                                OffsetDeleteResponsePartition::default()
                                    .with_partition_index(p.partition_index)
                                    .with_error_code(code)
                            })
                            .collect(),
                    )
            })
            .collect();
        ResponseKind::OffsetDelete(OffsetDeleteResponse::default().with_topics(topics))
    })
}
