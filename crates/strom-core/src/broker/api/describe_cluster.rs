//! DescribeCluster (key 60): cluster id, controller, brokers.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::{
    BrokerId, DescribeClusterRequest, DescribeClusterResponse, ResponseKind,
};

use super::util::{CLUSTER_OPERATIONS, OPS_NOT_REQUESTED, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;

const ENDPOINT_BROKERS: i8 = 1;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: DescribeClusterRequest) -> Reply {
    let image = b.image();
    let mut resp = DescribeClusterResponse::default()
        .with_cluster_id(s(b.cluster_id.clone()))
        .with_controller_id(BrokerId(image.controller_id))
        .with_cluster_authorized_operations(if req.include_cluster_authorized_operations {
            CLUSTER_OPERATIONS
        } else {
            OPS_NOT_REQUESTED
        });
    if ctx.version >= 1 {
        resp = resp.with_endpoint_type(req.endpoint_type);
        if req.endpoint_type != ENDPOINT_BROKERS {
            // There is no separate controller listener: the combined node answers as a broker.
            return Reply::Now(ResponseKind::DescribeCluster(
                resp.with_error_code(E::UnsupportedEndpointType.code())
                    .with_error_message(Some(s(
                        "strom has no separate controller endpoints; use endpoint type 1 (brokers)",
                    ))),
            ));
        }
    }
    let brokers = image
        .brokers
        .values()
        .filter_map(|br| {
            let ep = if br.node_id == b.node_id {
                b.endpoint_for(&ctx.conn.listener)
            } else {
                br.endpoints.first()
            }?;
            Some(
                DescribeClusterBroker::default()
                    .with_broker_id(BrokerId(br.node_id))
                    .with_host(s(ep.host.clone()))
                    .with_port(i32::from(ep.port))
                    .with_rack(br.rack.clone().map(s)),
            )
        })
        .collect();
    Reply::Now(ResponseKind::DescribeCluster(resp.with_brokers(brokers)))
}
