//! Bad input on the wire closes one connection and never the broker (reliability.md §4.3).
//! This test binary installs strom's guarded allocator, as the `strom` binary does, so the
//! crafted-array-count requests below exercise the real defence against kafka-protocol 0.18's
//! `Vec::with_capacity(n)` abort.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Client, TestBroker};
use kafka_protocol::messages::*;

#[global_allocator]
static GLOBAL: strom_core::alloc::GuardedAlloc = strom_core::alloc::GuardedAlloc;

async fn still_serves(b: &TestBroker) {
    let mut c = Client::connect(b.addr).await;
    let r = c
        .call(
            ApiKey::ApiVersions,
            3,
            RequestKind::ApiVersions(ApiVersionsRequest::default()),
        )
        .await
        .unwrap();
    let ResponseKind::ApiVersions(r) = r else {
        panic!("wrong response")
    };
    assert_eq!(r.error_code, 0);
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = (body.len() as i32).to_be_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

/// A request header (v1: key, version, correlation id, null client id) plus `rest`.
fn request(key: i16, version: i16, rest: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&key.to_be_bytes());
    b.extend_from_slice(&version.to_be_bytes());
    b.extend_from_slice(&1i32.to_be_bytes());
    b.extend_from_slice(&(-1i16).to_be_bytes());
    b.extend_from_slice(rest);
    frame(&b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_with_a_huge_array_count_closes_only_that_connection() {
    let b = TestBroker::start(&[]).await;
    // The 18-byte frame from kafka-protocol.md §1.4: Metadata v1, topics count 0x7fffffff.
    let f = request(3, 1, &[0x7f, 0xff, 0xff, 0xff]);
    assert_eq!(f.len(), 18);
    let mut c = Client::connect(b.addr).await;
    c.send_raw(&f).await.unwrap();
    assert!(c.is_closed().await);
    still_serves(&b).await;
    // The same count with a one-character client id makes the 19-byte variant.
    let mut body = Vec::new();
    body.extend_from_slice(&3i16.to_be_bytes());
    body.extend_from_slice(&1i16.to_be_bytes());
    body.extend_from_slice(&1i32.to_be_bytes());
    body.extend_from_slice(&1i16.to_be_bytes());
    body.push(b'x');
    body.extend_from_slice(&[0x7f, 0xff, 0xff, 0xff]);
    let f = frame(&body);
    assert_eq!(f.len(), 19);
    let mut c = Client::connect(b.addr).await;
    c.send_raw(&f).await.unwrap();
    assert!(c.is_closed().await);
    still_serves(&b).await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_counts_in_other_apis_are_survived() {
    let b = TestBroker::start(&[]).await;
    // Produce v3: transactional_id null, acks, timeout, topic_data count huge.
    let produce = [
        &(-1i16).to_be_bytes()[..],
        &1i16.to_be_bytes(),
        &1000i32.to_be_bytes(),
        &[0x7f, 0xff, 0xff, 0xf0],
    ]
    .concat();
    // CreateTopics v2: topics count huge.
    let create = [0x7f, 0xff, 0xff, 0xff];
    // Fetch v4: replica, max wait, min bytes, max bytes, isolation, topics count huge.
    let fetch = [
        &(-1i32).to_be_bytes()[..],
        &0i32.to_be_bytes(),
        &1i32.to_be_bytes(),
        &1i32.to_be_bytes(),
        &[0],
        &[0x10, 0, 0, 0],
    ]
    .concat();
    // Metadata v9 (flexible, compact array): a varint count near u32::MAX.
    let mut meta9 = Vec::new();
    meta9.extend_from_slice(&3i16.to_be_bytes());
    meta9.extend_from_slice(&9i16.to_be_bytes());
    meta9.extend_from_slice(&1i32.to_be_bytes());
    meta9.extend_from_slice(&(-1i16).to_be_bytes());
    meta9.push(0); // header tagged fields
    meta9.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
    for f in [
        request(0, 3, &produce),
        request(19, 2, &create),
        request(1, 4, &fetch),
        frame(&meta9),
    ] {
        let mut c = Client::connect(b.addr).await;
        c.send_raw(&f).await.unwrap();
        assert!(c.is_closed().await);
        still_serves(&b).await;
    }
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_frames_close_the_connection() {
    let b = TestBroker::start(&["socket.request.max.bytes=1048576"]).await;
    let cases: Vec<Vec<u8>> = vec![
        0x7fff_ffffi32.to_be_bytes().to_vec(), // over socket.request.max.bytes
        (-1i32).to_be_bytes().to_vec(),        // negative size
        (2_000_000i32).to_be_bytes().to_vec(), // over the configured 1 MiB
        request(9999, 0, &[]),                 // unknown api key
        request(0, 1, &[]),                    // Produce v1: advertised range, not decodable
        request(3, 1, &[0, 0, 0, 5, 0]),       // a truncated body
        frame(&[0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]), // random bytes
        (3i32)
            .to_be_bytes()
            .iter()
            .chain(&[1, 2, 3])
            .copied()
            .collect(), // shorter than a header
    ];
    for f in cases {
        let mut c = Client::connect(b.addr).await;
        c.send_raw(&f).await.unwrap();
        assert!(c.is_closed().await, "not closed after {f:02x?}");
    }
    // A frame cut off by the client going away.
    {
        let mut c = Client::connect(b.addr).await;
        c.send_raw(&[0, 0, 0, 100, 0, 18]).await.unwrap();
    }
    still_serves(&b).await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_api_versions_version_gets_the_v0_error_answer() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    c.send_raw(&request(18, 99, &[])).await.unwrap();
    let mut body = c.read_frame().await.unwrap();
    let header =
        <ResponseHeader as kafka_protocol::protocol::Decodable>::decode(&mut body, 0).unwrap();
    assert_eq!(header.correlation_id, 1);
    let resp =
        <ApiVersionsResponse as kafka_protocol::protocol::Decodable>::decode(&mut body, 0).unwrap();
    assert_eq!(resp.error_code, 35);
    let keys: Vec<i16> = resp.api_keys.iter().map(|k| k.api_key).collect();
    for k in [0, 1, 2, 3, 18, 19, 20, 21, 22, 32, 33, 37, 44, 60] {
        assert!(keys.contains(&k), "api key {k} missing from {keys:?}");
    }
    let produce = resp.api_keys.iter().find(|k| k.api_key == 0).unwrap();
    assert_eq!(
        produce.min_version, 0,
        "Produce must advertise v0 (KAFKA-18659)"
    );
    // The connection stays usable.
    still_serves(&b).await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acl_requests_with_unknown_enum_codes_close_the_connection() {
    // Kafka's DescribeAcls/CreateAcls/DeleteAcls parsers refuse UNKNOWN (0 or unassigned) codes
    // and the broker closes the connection instead of answering.
    let b = TestBroker::start(&[]).await;
    let describe = RequestKind::DescribeAcls(
        DescribeAclsRequest::default()
            .with_resource_type_filter(1)
            .with_pattern_type_filter(1)
            .with_operation(0)
            .with_permission_type(1),
    );
    let create = RequestKind::CreateAcls(CreateAclsRequest::default().with_creations(vec![
        create_acls_request::AclCreation::default()
            .with_resource_type(2)
            .with_resource_pattern_type(3)
            .with_operation(3)
            .with_permission_type(9),
    ]));
    let delete = RequestKind::DeleteAcls(DeleteAclsRequest::default().with_filters(vec![
        delete_acls_request::DeleteAclsFilter::default()
            .with_resource_type_filter(8)
            .with_pattern_type_filter(1)
            .with_operation(1)
            .with_permission_type(1),
    ]));
    for (api, req) in [
        (ApiKey::DescribeAcls, describe),
        (ApiKey::CreateAcls, create),
        (ApiKey::DeleteAcls, delete),
    ] {
        let mut c = Client::connect(b.addr).await;
        let f = c.encode(api, 3, &req).unwrap();
        c.send_raw(&f).await.unwrap();
        assert!(c.is_closed().await, "{api:?}");
        still_serves(&b).await;
    }
    b.stop().await;
}
