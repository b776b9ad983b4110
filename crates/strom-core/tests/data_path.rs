//! Produce, Fetch and ListOffsets semantics against an in-process broker: error codes for bad
//! batches, idempotent sequences, acks=0, long polls woken by appends, DeleteRecords.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use common::{Client, TestBroker, batch};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;

fn name(n: &str) -> TopicName {
    TopicName(StrBytes::from_string(n.to_string()))
}

async fn create(c: &mut Client, topic: &str, partitions: i32, configs: &[(&str, &str)]) -> i16 {
    let t = create_topics_request::CreatableTopic::default()
        .with_name(name(topic))
        .with_num_partitions(partitions)
        .with_replication_factor(1)
        .with_configs(
            configs
                .iter()
                .map(|(k, v)| {
                    create_topics_request::CreatableTopicConfig::default()
                        .with_name(StrBytes::from_string(k.to_string()))
                        .with_value(Some(StrBytes::from_string(v.to_string())))
                })
                .collect(),
        );
    let ResponseKind::CreateTopics(r) = c
        .call(
            ApiKey::CreateTopics,
            7,
            RequestKind::CreateTopics(CreateTopicsRequest::default().with_topics(vec![t])),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    r.topics[0].error_code
}

fn produce_req(topic: &str, partition: i32, records: Bytes, acks: i16) -> RequestKind {
    RequestKind::Produce(
        ProduceRequest::default()
            .with_acks(acks)
            .with_timeout_ms(5000)
            .with_topic_data(vec![
                produce_request::TopicProduceData::default()
                    .with_name(name(topic))
                    .with_partition_data(vec![
                        produce_request::PartitionProduceData::default()
                            .with_index(partition)
                            .with_records(Some(records)),
                    ]),
            ]),
    )
}

/// (error code, base offset)
async fn produce(c: &mut Client, topic: &str, records: Bytes) -> (i16, i64) {
    let ResponseKind::Produce(r) = c
        .call(ApiKey::Produce, 9, produce_req(topic, 0, records, -1))
        .await
        .unwrap()
    else {
        panic!()
    };
    let p = &r.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

async fn fetch(c: &mut Client, topic: &str, offset: i64, max_wait_ms: i32) -> (i16, i64, Bytes) {
    let req = FetchRequest::default()
        .with_max_wait_ms(max_wait_ms)
        .with_min_bytes(1)
        .with_max_bytes(1 << 20)
        .with_topics(vec![
            fetch_request::FetchTopic::default()
                .with_topic(name(topic))
                .with_partitions(vec![
                    fetch_request::FetchPartition::default()
                        .with_partition(0)
                        .with_fetch_offset(offset)
                        .with_partition_max_bytes(1 << 20),
                ]),
        ]);
    let ResponseKind::Fetch(r) = c
        .call(ApiKey::Fetch, 12, RequestKind::Fetch(req))
        .await
        .unwrap()
    else {
        panic!()
    };
    let p = &r.responses[0].partitions[0];
    (
        p.error_code,
        p.high_watermark,
        p.records.clone().unwrap_or_default(),
    )
}

fn with_producer(b: &Bytes, pid: i64, epoch: i16, seq: i32) -> Bytes {
    let mut m = BytesMut::from(&b[..]);
    m[43..51].copy_from_slice(&pid.to_be_bytes());
    m[51..53].copy_from_slice(&epoch.to_be_bytes());
    m[53..57].copy_from_slice(&seq.to_be_bytes());
    let crc = crc32c::crc32c(&m[21..]);
    m[17..21].copy_from_slice(&crc.to_be_bytes());
    m.freeze()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_batches_get_kafka_error_codes_and_lose_nothing() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    assert_eq!(
        create(&mut c, "t", 1, &[("max.message.bytes", "2000")]).await,
        0
    );
    assert_eq!(produce(&mut c, "t", batch(3, 1)).await, (0, 0));
    // Bad CRC.
    let mut bad = BytesMut::from(&batch(2, 1)[..]);
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(produce(&mut c, "t", bad.freeze()).await.0, 2);
    // Larger than max.message.bytes.
    assert_eq!(produce(&mut c, "t", batch(300, 1)).await.0, 10);
    // Two batches in one partition's records.
    let two = [batch(1, 1), batch(1, 1)].concat();
    assert_eq!(produce(&mut c, "t", Bytes::from(two)).await.0, 87);
    // A non-zero base offset.
    let mut off = BytesMut::from(&batch(1, 1)[..]);
    off[0..8].copy_from_slice(&5i64.to_be_bytes());
    assert_eq!(produce(&mut c, "t", off.freeze()).await.0, 87);
    // Garbage shorter than a header.
    assert_eq!(
        produce(&mut c, "t", Bytes::from_static(b"nonsense"))
            .await
            .0,
        2
    );
    // Unknown topic.
    assert_eq!(
        produce(&mut c, "nope-no-such-topic", batch(1, 1)).await.0,
        3
    );
    // Records before and after are intact and dense.
    assert_eq!(produce(&mut c, "t", batch(2, 1)).await, (0, 3));
    let (err, hw, recs) = fetch(&mut c, "t", 0, 0).await;
    assert_eq!((err, hw), (0, 5));
    assert_eq!(recs.len(), batch(3, 1).len() + batch(2, 1).len());
    // Invalid acks.
    let ResponseKind::Produce(r) = c
        .call(ApiKey::Produce, 9, produce_req("t", 0, batch(1, 1), 2))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(r.responses[0].partition_responses[0].error_code, 21);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotent_retries_return_the_original_offset_and_gaps_are_refused() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    create(&mut c, "idem", 1, &[]).await;
    let ResponseKind::InitProducerId(p) = c
        .call(
            ApiKey::InitProducerId,
            4,
            RequestKind::InitProducerId(
                InitProducerIdRequest::default().with_transactional_id(None),
            ),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(p.error_code, 0);
    let pid = p.producer_id.0;
    assert!(pid >= 0);
    let first = with_producer(&batch(3, 1), pid, 0, 0);
    assert_eq!(produce(&mut c, "idem", first.clone()).await, (0, 0));
    assert_eq!(
        produce(&mut c, "idem", with_producer(&batch(2, 1), pid, 0, 3)).await,
        (0, 3)
    );
    // A retry of the first batch: no new records, the original offset.
    assert_eq!(produce(&mut c, "idem", first).await, (0, 0));
    // A gap.
    assert_eq!(
        produce(&mut c, "idem", with_producer(&batch(1, 1), pid, 0, 9))
            .await
            .0,
        45
    );
    let (_, hw, _) = fetch(&mut c, "idem", 0, 0).await;
    assert_eq!(hw, 5);
    // A second InitProducerId gets a different id.
    let ResponseKind::InitProducerId(p2) = c
        .call(
            ApiKey::InitProducerId,
            4,
            RequestKind::InitProducerId(
                InitProducerIdRequest::default().with_transactional_id(None),
            ),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_ne!(p2.producer_id.0, pid);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acks_zero_gets_no_response() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    create(&mut c, "a0", 1, &[]).await;
    let f = c
        .encode(ApiKey::Produce, 9, &produce_req("a0", 0, batch(1, 1), 0))
        .unwrap();
    c.send_raw(&f).await.unwrap();
    // The next response on the connection is the metadata answer, not a produce answer.
    let r = c
        .call(
            ApiKey::Metadata,
            12,
            RequestKind::Metadata(MetadataRequest::default().with_topics(Some(vec![]))),
        )
        .await
        .unwrap();
    assert!(matches!(r, ResponseKind::Metadata(_)));
    let (_, hw, _) = fetch(&mut c, "a0", 0, 1000).await;
    assert_eq!(hw, 1);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_fetch_is_woken_by_an_append() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    create(&mut c, "lp", 1, &[]).await;
    let addr = b.addr;
    let waiter = tokio::spawn(async move {
        let mut c2 = Client::connect(addr).await;
        let t0 = Instant::now();
        let (err, hw, recs) = fetch(&mut c2, "lp", 0, 20_000).await;
        (err, hw, recs.len(), t0.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(produce(&mut c, "lp", batch(1, 1)).await.0, 0);
    let (err, hw, n, waited) = waiter.await.unwrap();
    assert_eq!((err, hw), (0, 1));
    assert!(n > 0);
    assert!(
        waited < Duration::from_secs(10),
        "woken only by the timeout: {waited:?}"
    );
    // With nothing new, max_wait_ms bounds the wait.
    let t0 = Instant::now();
    let (_, _, recs) = fetch(&mut c, "lp", 1, 300).await;
    assert!(recs.is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(250));
    // Past the end: OFFSET_OUT_OF_RANGE.
    assert_eq!(fetch(&mut c, "lp", 99, 0).await.0, 1);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_records_and_list_offsets() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    create(&mut c, "dr", 1, &[]).await;
    for ts in [1000, 2000, 3000] {
        produce(&mut c, "dr", batch(2, ts)).await;
    }
    let list = |ts: i64| {
        RequestKind::ListOffsets(ListOffsetsRequest::default().with_topics(vec![
                list_offsets_request::ListOffsetsTopic::default()
                    .with_name(name("dr"))
                    .with_partitions(vec![
                        list_offsets_request::ListOffsetsPartition::default()
                            .with_partition_index(0)
                            .with_timestamp(ts),
                    ]),
            ]))
    };
    let mut offsets = Vec::new();
    for ts in [-2, -1, -3, 1500, 2000, 9999] {
        let ResponseKind::ListOffsets(r) = c.call(ApiKey::ListOffsets, 7, list(ts)).await.unwrap()
        else {
            panic!()
        };
        let p = &r.topics[0].partitions[0];
        offsets.push((p.offset, p.timestamp));
    }
    assert_eq!(
        offsets,
        vec![(0, -1), (6, -1), (4, 3000), (2, 2000), (2, 2000), (-1, -1)]
    );
    let req = DeleteRecordsRequest::default().with_topics(vec![
        delete_records_request::DeleteRecordsTopic::default()
            .with_name(name("dr"))
            .with_partitions(vec![
                delete_records_request::DeleteRecordsPartition::default()
                    .with_partition_index(0)
                    .with_offset(3),
            ]),
    ]);
    let ResponseKind::DeleteRecords(r) = c
        .call(ApiKey::DeleteRecords, 2, RequestKind::DeleteRecords(req))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(r.topics[0].partitions[0].low_watermark, 3);
    let ResponseKind::ListOffsets(r) = c.call(ApiKey::ListOffsets, 7, list(-2)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(r.topics[0].partitions[0].offset, 3);
    assert_eq!(fetch(&mut c, "dr", 1, 0).await.0, 1);
    // The log start offset survives a restart.
    let dir = b.stop().await;
    let b = TestBroker::start_in(dir, &[]).await;
    let mut c = Client::connect(b.addr).await;
    let ResponseKind::ListOffsets(r) = c.call(ApiKey::ListOffsets, 7, list(-2)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(r.topics[0].partitions[0].offset, 3);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_configs_and_ids_survive_a_restart() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    assert_eq!(
        create(&mut c, "keep", 3, &[("retention.ms", "12345")]).await,
        0
    );
    assert_eq!(create(&mut c, "keep", 3, &[]).await, 36);
    assert_eq!(create(&mut c, "bad name", 1, &[]).await, 17);
    assert_eq!(create(&mut c, "..", 1, &[]).await, 17);
    assert_eq!(create(&mut c, &"x".repeat(250), 1, &[]).await, 17);
    assert_eq!(
        create(&mut c, "cfg", 1, &[("retention.ms", "soon")]).await,
        40
    );
    let meta = |c: &mut Client| {
        let req = RequestKind::Metadata(MetadataRequest::default().with_topics(Some(vec![
            metadata_request::MetadataRequestTopic::default().with_name(Some(name("keep"))),
        ])));

        c.encode(ApiKey::Metadata, 12, &req).unwrap()
    };
    let f = meta(&mut c);
    c.send_raw(&f).await.unwrap();
    let mut body = c.read_frame().await.unwrap();
    let _ = <ResponseHeader as kafka_protocol::protocol::Decodable>::decode(&mut body, 1).unwrap();
    let before =
        <MetadataResponse as kafka_protocol::protocol::Decodable>::decode(&mut body, 12).unwrap();
    let id = before.topics[0].topic_id;
    produce(&mut c, "keep", batch(4, 1)).await;
    let dir = b.stop().await;
    let b = TestBroker::start_in(dir, &[]).await;
    let mut c = Client::connect(b.addr).await;
    let f = meta(&mut c);
    c.send_raw(&f).await.unwrap();
    let mut body = c.read_frame().await.unwrap();
    let _ = <ResponseHeader as kafka_protocol::protocol::Decodable>::decode(&mut body, 1).unwrap();
    let after =
        <MetadataResponse as kafka_protocol::protocol::Decodable>::decode(&mut body, 12).unwrap();
    assert_eq!(after.topics[0].topic_id, id);
    assert_eq!(after.topics[0].partitions.len(), 3);
    assert_eq!(produce(&mut c, "keep", batch(1, 1)).await, (0, 4));
    let req = DescribeConfigsRequest::default().with_resources(vec![
        describe_configs_request::DescribeConfigsResource::default()
            .with_resource_type(2)
            .with_resource_name(StrBytes::from_static_str("keep"))
            .with_configuration_keys(Some(vec![StrBytes::from_static_str("retention.ms")])),
    ]);
    let ResponseKind::DescribeConfigs(r) = c
        .call(
            ApiKey::DescribeConfigs,
            4,
            RequestKind::DescribeConfigs(req),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    let e = &r.results[0].configs[0];
    assert_eq!(e.value.as_deref(), Some("12345"));
    assert_eq!(e.config_source, 1);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compression_type_recompresses_on_append() {
    let b = TestBroker::start(&[]).await;
    let mut c = Client::connect(b.addr).await;
    assert_eq!(
        create(&mut c, "gz", 1, &[("compression.type", "gzip")]).await,
        0
    );
    assert_eq!(produce(&mut c, "gz", batch(20, 5)).await, (0, 0));
    let (_, _, mut recs) = fetch(&mut c, "gz", 0, 0).await;
    let attrs = i16::from_be_bytes([recs[21], recs[22]]);
    assert_eq!(attrs & 7, 1, "stored gzip");
    let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut recs).unwrap();
    assert_eq!(set.records.len(), 20);
    assert_eq!(set.records[3].value.as_deref(), Some(&b"v3"[..]));
    b.stop().await;
}

fn keyed_batch(key: Option<&str>, value: &str) -> Bytes {
    use kafka_protocol::records::*;
    let r = Record {
        transactional: false,
        control: false,
        delete_horizon: false,
        partition_leader_epoch: -1,
        producer_id: -1,
        producer_epoch: -1,
        timestamp_type: TimestampType::Creation,
        offset: 0,
        sequence: -1,
        timestamp: 1000,
        key: key.map(|k| Bytes::from(k.to_string())),
        value: Some(Bytes::from(value.to_string())),
        headers: Default::default(),
    };
    let mut buf = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut buf,
        [r].iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::Snappy,
        },
    )
    .unwrap();
    buf.freeze()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compacted_topics_refuse_keyless_records_and_get_cleaned() {
    let b = TestBroker::start(&["log.cleaner.backoff.ms=50"]).await;
    let mut c = Client::connect(b.addr).await;
    let cfg = [
        ("cleanup.policy", "compact"),
        ("segment.bytes", "100"),
        ("min.cleanable.dirty.ratio", "0.01"),
    ];
    assert_eq!(create(&mut c, "cmp", 1, &cfg).await, 0);
    assert_eq!(
        produce(&mut c, "cmp", keyed_batch(None, "x")).await.0,
        87,
        "INVALID_RECORD"
    );
    for i in 0..20 {
        let key = format!("k{}", i % 3);
        assert_eq!(
            produce(&mut c, "cmp", keyed_batch(Some(&key), &format!("v{i}")))
                .await
                .0,
            0
        );
    }
    // One more key rolls the last k-record out of the active segment, which is never cleaned.
    assert_eq!(
        produce(&mut c, "cmp", keyed_batch(Some("z"), "last"))
            .await
            .0,
        0
    );
    // The cleaner runs in the background: wait until the early duplicates are gone.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut all = Vec::new();
        let mut next = 0;
        loop {
            let (err, hw, mut recs) = fetch(&mut c, "cmp", next, 0).await;
            assert_eq!(err, 0);
            if recs.is_empty() {
                break;
            }
            while !recs.is_empty() {
                let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut recs).unwrap();
                for r in set.records {
                    next = r.offset + 1;
                    all.push((r.key.unwrap(), r.value.unwrap()));
                }
            }
            if next >= hw {
                break;
            }
        }
        let dup_keys = all.len()
            - all
                .iter()
                .map(|(k, _)| k.clone())
                .collect::<std::collections::HashSet<_>>()
                .len();
        if dup_keys == 0 {
            // The latest value of each key is what remains.
            assert!(
                all.iter()
                    .any(|(k, v)| k.as_ref() == b"k1" && v.as_ref() == b"v19"),
                "{all:?}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "not compacted: {all:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.stop().await;
}
