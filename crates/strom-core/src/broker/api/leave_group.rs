//! LeaveGroup (key 13): one member (v0-2) or a batch of member identities (v3+).

use std::sync::Arc;

use kafka_protocol::messages::leave_group_response::MemberResponse;
use kafka_protocol::messages::{LeaveGroupRequest, LeaveGroupResponse, ResponseKind};

use super::util::{now_ms, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::OffsetsAppender;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: LeaveGroupRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::later(async move {
        let members: Vec<(String, Option<String>)> = if v >= 3 {
            req.members
                .iter()
                .map(|m| {
                    (
                        m.member_id.to_string(),
                        m.group_instance_id.as_ref().map(|i| i.to_string()),
                    )
                })
                .collect()
        } else {
            vec![(req.member_id.to_string(), None)]
        };
        let resp = match b.coordinator_settings().await {
            Err(e) => LeaveGroupResponse::default().with_error_code(e.code()),
            Ok(settings) => {
                let result = tokio::task::block_in_place(|| {
                    b.groups.leave(
                        &req.group_id,
                        &members,
                        &settings,
                        &OffsetsAppender { broker: &b },
                        now_ms(),
                    )
                });
                match result {
                    Err(e) => LeaveGroupResponse::default().with_error_code(e.code()),
                    Ok(codes) if v < 3 => LeaveGroupResponse::default().with_error_code(
                        codes.first().and_then(|c| c.err()).map_or(0, |e| e.code()),
                    ),
                    Ok(codes) => LeaveGroupResponse::default().with_members(
                        members
                            .into_iter()
                            .zip(codes)
                            .map(|((m, i), c)| {
                                MemberResponse::default()
                                    .with_member_id(s(m))
                                    .with_group_instance_id(i.map(s))
                                    .with_error_code(c.err().map_or(0, |e| e.code()))
                            })
                            .collect(),
                    ),
                }
            }
        };
        ResponseKind::LeaveGroup(resp)
    })
}
