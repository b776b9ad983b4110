//! Heartbeat (key 12): classic-protocol liveness, and the signal to rejoin.

use std::sync::Arc;

use kafka_protocol::messages::{HeartbeatRequest, HeartbeatResponse, ResponseKind};

use super::util::now_ms;
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: HeartbeatRequest) -> Reply {
    let code = b
        .groups
        .heartbeat(
            &req.group_id,
            &req.member_id,
            req.group_instance_id.as_deref(),
            req.generation_id,
            now_ms(),
        )
        .err()
        .map_or(0, |e| e.code());
    Reply::Now(ResponseKind::Heartbeat(
        HeartbeatResponse::default().with_error_code(code),
    ))
}
