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
const ENDPOINT_CONTROLLERS: i8 = 2;

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
        if req.endpoint_type == ENDPOINT_CONTROLLERS {
            // The node is its own controller and serves the controller APIs on every listener,
            // so `--bootstrap-controller` tools get this listener as the controller endpoint.
            let Some(ep) = b.endpoint_for(&ctx.conn.listener) else {
                return Reply::Now(ResponseKind::DescribeCluster(resp));
            };
            let me = DescribeClusterBroker::default()
                .with_broker_id(BrokerId(b.node_id))
                .with_host(s(ep.host.clone()))
                .with_port(i32::from(ep.port));
            return Reply::Now(ResponseKind::DescribeCluster(
                resp.with_controller_id(BrokerId(b.node_id))
                    .with_brokers(vec![me]),
            ));
        }
        if req.endpoint_type != ENDPOINT_BROKERS {
            return Reply::Now(ResponseKind::DescribeCluster(
                resp.with_error_code(E::UnsupportedEndpointType.code())
                    .with_error_message(Some(s(format!(
                        "Unknown endpoint type {}",
                        req.endpoint_type
                    )))),
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
