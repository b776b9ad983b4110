//! JoinGroup (key 11): the first phase of a classic-protocol rebalance.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;
use kafka_protocol::messages::{JoinGroupRequest, JoinGroupResponse, ResponseKind};

use super::util::{now_ms, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;
use crate::coordinator::classic::{JoinRequest, JoinResult};

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: JoinGroupRequest) -> Reply {
    let b = Arc::clone(b);
    let ctx = ctx.clone();
    Reply::later(async move { ResponseKind::JoinGroup(respond(&b, &ctx, req).await) })
}

async fn respond(b: &Broker, ctx: &RequestContext, req: JoinGroupRequest) -> JoinGroupResponse {
    let v = ctx.version;
    let result = match b.coordinator_settings().await {
        Err(e) => JoinResult::error(e, &req.member_id),
        Ok(settings) => {
            let join = JoinRequest {
                member_id: req.member_id.to_string(),
                group_instance_id: req.group_instance_id.as_ref().map(|s| s.to_string()),
                protocol_type: req.protocol_type.to_string(),
                protocols: req
                    .protocols
                    .iter()
                    .map(|p| (p.name.to_string(), p.metadata.clone()))
                    .collect(),
                session_timeout_ms: req.session_timeout_ms,
                // v0 has no rebalance timeout: Kafka uses the session timeout.
                rebalance_timeout_ms: if v >= 1 {
                    req.rebalance_timeout_ms
                } else {
                    req.session_timeout_ms
                },
                client_id: ctx.client_id.clone().unwrap_or_default(),
                client_host: format!("/{}", ctx.conn.peer.ip()),
                require_known_member_id: v >= 4,
                supports_skip_assignment: v >= 9,
            };
            let pending = tokio::task::block_in_place(|| {
                b.groups.join(
                    &req.group_id,
                    join,
                    &settings,
                    &OffsetsAppender { broker: b },
                    now_ms(),
                )
            });
            let durable = b.wait_durable(pending.durable).await;
            match (pending.rx.await, durable) {
                (Ok(r), Ok(())) => r,
                (Ok(r), Err(e)) => JoinResult {
                    error: e.code(),
                    ..r
                },
                (Err(_), _) => JoinResult::error(E::UnknownMemberId, &req.member_id),
            }
        }
    };
    let mut resp = JoinGroupResponse::default()
        .with_error_code(result.error)
        .with_generation_id(result.generation)
        .with_protocol_name(result.protocol_name.map(s))
        .with_leader(s(result.leader))
        .with_member_id(s(result.member_id))
        .with_members(
            result
                .members
                .into_iter()
                .map(|m| {
                    let r = JoinGroupResponseMember::default()
                        .with_member_id(s(m.member_id))
                        .with_metadata(m.metadata);
                    if v >= 5 {
                        r.with_group_instance_id(m.group_instance_id.map(s))
                    } else {
                        r
                    }
                })
                .collect(),
        );
    if v >= 7 {
        resp = resp.with_protocol_type(result.protocol_type.map(s));
    }
    if v >= 9 {
        resp = resp.with_skip_assignment(result.skip_assignment);
    }
    if v < 7 && resp.protocol_name.is_none() {
        // Before v7 the protocol name is not nullable.
        resp.protocol_name = Some(s(""));
    }
    resp
}
