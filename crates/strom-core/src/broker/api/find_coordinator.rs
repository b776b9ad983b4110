//! FindCoordinator (key 10): this node coordinates every group (single node). Transaction
//! coordinators do not exist yet. v4+ batches keys (KIP-699).

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::find_coordinator_response::Coordinator;
use kafka_protocol::messages::{
    BrokerId, FindCoordinatorRequest, FindCoordinatorResponse, ResponseKind,
};
use kafka_protocol::protocol::StrBytes;

use super::util::s;
use super::{Reply, RequestContext};
use crate::broker::Broker;

const KEY_GROUP: i8 = 0;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: FindCoordinatorRequest) -> Reply {
    let b = Arc::clone(b);
    let ctx = ctx.clone();
    Reply::later(async move {
        // Kafka creates __consumer_offsets on the first FindCoordinator for a group.
        let ready = req.key_type != KEY_GROUP || b.ensure_offsets_topic().await.is_ok();
        ResponseKind::FindCoordinator(respond(&b, &ctx, &req, ready))
    })
}

fn respond(
    b: &Broker,
    ctx: &RequestContext,
    req: &FindCoordinatorRequest,
    ready: bool,
) -> FindCoordinatorResponse {
    let ep = b
        .endpoint_for(&ctx.conn.listener)
        .cloned()
        .filter(|_| ready);
    let answer = |key: &StrBytes| -> Coordinator {
        let base = Coordinator::default()
            .with_key(key.clone())
            .with_node_id(BrokerId(-1))
            .with_host(s(""))
            .with_port(-1);
        if req.key_type != KEY_GROUP {
            return base
                .with_error_code(E::CoordinatorNotAvailable.code())
                .with_error_message(Some(s("transactions are not supported by this broker yet")));
        }
        match &ep {
            Some(ep) => base
                .with_node_id(BrokerId(b.node_id))
                .with_host(s(ep.host.clone()))
                .with_port(i32::from(ep.port)),
            None => base.with_error_code(E::CoordinatorNotAvailable.code()),
        }
    };

    if ctx.version >= 4 {
        FindCoordinatorResponse::default()
            .with_coordinators(req.coordinator_keys.iter().map(answer).collect())
    } else {
        let c = answer(&req.key);
        let mut r = FindCoordinatorResponse::default()
            .with_error_code(c.error_code)
            .with_node_id(c.node_id)
            .with_host(c.host)
            .with_port(c.port);
        if ctx.version >= 1 {
            r = r.with_error_message(c.error_message);
        }
        r
    }
}
