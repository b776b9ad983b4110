//! InitProducerId (key 22): a fresh producer id for idempotent producers. Transactions are not
//! implemented yet, so a transactional id is refused with a fatal error rather than retried.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::{
    InitProducerIdRequest, InitProducerIdResponse, ProducerId, ResponseKind,
};

use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: InitProducerIdRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let base = InitProducerIdResponse::default()
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1);
        let resp = if req.transactional_id.as_ref().is_some_and(|t| t.is_empty()) {
            base.with_error_code(E::InvalidRequest.code())
        } else if req.transactional_id.is_some() {
            base.with_error_code(E::TransactionalIdAuthorizationFailed.code())
        } else {
            // Like Kafka: every idempotent producer session gets a new id at epoch 0.
            match b.next_producer_id().await {
                Ok(id) => base.with_producer_id(ProducerId(id)).with_producer_epoch(0),
                Err(e) => base.with_error_code(e.code),
            }
        };
        ResponseKind::InitProducerId(resp)
    })
}
