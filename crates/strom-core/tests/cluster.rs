//! DescribeCluster as admin tools use it: the broker endpoints, and the controller endpoints
//! that `--bootstrap-controller` tools ask for (the node is its own controller).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Client, TestBroker};
use kafka_protocol::messages::*;

async fn describe(c: &mut Client, endpoint_type: i8) -> DescribeClusterResponse {
    let req = DescribeClusterRequest::default().with_endpoint_type(endpoint_type);
    match c
        .call(
            ApiKey::DescribeCluster,
            1,
            RequestKind::DescribeCluster(req),
        )
        .await
        .unwrap()
    {
        ResponseKind::DescribeCluster(r) => r,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_and_controllers_are_this_node_and_other_types_are_refused() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    for endpoint_type in [1, 2] {
        let r = describe(&mut c, endpoint_type).await;
        assert_eq!(r.error_code, 0, "endpoint type {endpoint_type}");
        assert_eq!(r.endpoint_type, endpoint_type);
        assert_eq!(r.controller_id, BrokerId(1));
        assert_eq!(r.brokers.len(), 1);
        assert_eq!(r.brokers[0].broker_id, BrokerId(1));
        assert_eq!(r.brokers[0].port, i32::from(b.addr.port()));
    }
    let r = describe(&mut c, 3).await;
    assert_eq!(
        r.error_code,
        kafka_protocol::ResponseError::UnsupportedEndpointType.code()
    );
    b.stop().await;
}
