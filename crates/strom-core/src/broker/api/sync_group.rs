//! SyncGroup (key 14): the leader's assignments, relayed untouched to every member.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::{ResponseKind, SyncGroupRequest, SyncGroupResponse};

use super::util::{now_ms, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;
use crate::coordinator::classic::SyncResult;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: SyncGroupRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::later(async move {
        let result = match b.coordinator_settings().await {
            Err(e) => SyncResult::error(e),
            Ok(settings) => {
                let assignments = req
                    .assignments
                    .iter()
                    .map(|a| (a.member_id.to_string(), a.assignment.clone()))
                    .collect();
                let pending = tokio::task::block_in_place(|| {
                    b.groups.sync(
                        &req.group_id,
                        &req.member_id,
                        req.group_instance_id.as_deref(),
                        req.generation_id,
                        req.protocol_type.as_deref(),
                        req.protocol_name.as_deref(),
                        assignments,
                        &settings,
                        &OffsetsAppender { broker: &b },
                        now_ms(),
                    )
                });
                let durable = b.wait_durable(pending.durable).await;
                match (pending.rx.await, durable) {
                    (Ok(r), Ok(())) => r,
                    (Ok(_), Err(e)) => SyncResult::error(e),
                    (Err(_), _) => SyncResult::error(E::UnknownMemberId),
                }
            }
        };
        let mut resp = SyncGroupResponse::default()
            .with_error_code(result.error)
            .with_assignment(result.assignment);
        if v >= 5 {
            resp = resp
                .with_protocol_type(result.protocol_type.map(s))
                .with_protocol_name(result.protocol_name.map(s));
        }
        ResponseKind::SyncGroup(resp)
    })
}
