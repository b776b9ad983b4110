//! DescribeLogDirs: the configured directory with the size of each partition, growing as
//! records are produced; topic filters as Kafka's (missing partitions are absent).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Client, TestBroker, batch};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

async fn describe(
    c: &mut Client,
    version: i16,
    topics: Option<Vec<(&str, Vec<i32>)>>,
) -> DescribeLogDirsResponse {
    let topics = topics.map(|ts| {
        ts.into_iter()
            .map(|(t, ps)| {
                describe_log_dirs_request::DescribableLogDirTopic::default()
                    .with_topic(TopicName(s(t)))
                    .with_partitions(ps)
            })
            .collect()
    });
    let req = RequestKind::DescribeLogDirs(DescribeLogDirsRequest::default().with_topics(topics));
    match c.call(ApiKey::DescribeLogDirs, version, req).await.unwrap() {
        ResponseKind::DescribeLogDirs(r) => r,
        other => panic!("unexpected {other:?}"),
    }
}

/// (topic, partition) -> size, over every directory of the response.
fn sizes(r: &DescribeLogDirsResponse) -> Vec<(String, i32, i64)> {
    let mut out: Vec<(String, i32, i64)> = r
        .results
        .iter()
        .flat_map(|d| {
            d.topics.iter().flat_map(|t| {
                t.partitions.iter().map(|p| {
                    assert_eq!(p.offset_lag, 0);
                    assert!(!p.is_future_key);
                    (t.name.0.to_string(), p.partition_index, p.partition_size)
                })
            })
        })
        .collect();
    out.sort();
    out
}

fn size_of(r: &DescribeLogDirsResponse, topic: &str, partition: i32) -> Option<i64> {
    sizes(r)
        .into_iter()
        .find(|(t, p, _)| t == topic && *p == partition)
        .map(|(_, _, s)| s)
}

async fn produce(c: &mut Client, topic: &str, partition: i32, n: usize) {
    let td = produce_request::TopicProduceData::default()
        .with_name(TopicName(s(topic)))
        .with_partition_data(vec![
            produce_request::PartitionProduceData::default()
                .with_index(partition)
                .with_records(Some(batch(n, 1000))),
        ]);
    let req = RequestKind::Produce(
        ProduceRequest::default()
            .with_acks(-1)
            .with_timeout_ms(5000)
            .with_topic_data(vec![td]),
    );
    let ResponseKind::Produce(r) = c.call(ApiKey::Produce, 9, req).await.unwrap() else {
        panic!()
    };
    assert_eq!(r.responses[0].partition_responses[0].error_code, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partition_sizes_grow_with_produce() {
    let broker = TestBroker::start(&["num.partitions=2"]).await;
    let data_dir = broker.dir.path().join("data").canonicalize().unwrap();
    let mut c = Client::connect(broker.addr).await;
    let create = RequestKind::CreateTopics(CreateTopicsRequest::default().with_topics(vec![
            create_topics_request::CreatableTopic::default()
                .with_name(TopicName(s("dirs")))
                .with_num_partitions(2)
                .with_replication_factor(1),
        ]));
    c.call(ApiKey::CreateTopics, 7, create).await.unwrap();

    let before = describe(&mut c, 4, None).await;
    assert_eq!(before.error_code, 0);
    assert_eq!(before.results.len(), 1);
    let dir = &before.results[0];
    assert_eq!(dir.error_code, 0);
    assert_eq!(dir.log_dir.as_str(), data_dir.to_str().unwrap());
    assert!(dir.total_bytes > 0 && dir.usable_bytes >= 0, "{dir:?}");
    assert!(dir.usable_bytes <= dir.total_bytes);
    assert_eq!(size_of(&before, "dirs", 0), Some(0));
    assert_eq!(size_of(&before, "dirs", 1), Some(0));

    produce(&mut c, "dirs", 0, 10).await;
    let after = describe(&mut c, 4, None).await;
    let grown = size_of(&after, "dirs", 0).unwrap();
    assert!(grown > 0, "{after:?}");
    assert_eq!(size_of(&after, "dirs", 1), Some(0));
    // The size is the bytes of the partition's segments on disk.
    let on_disk: u64 = std::fs::read_dir(data_dir.join("dirs-0"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert_eq!(grown, on_disk as i64);

    produce(&mut c, "dirs", 0, 10).await;
    let again = describe(&mut c, 1, None).await;
    assert!(size_of(&again, "dirs", 0).unwrap() > grown);

    // A topic filter: only the asked partitions; missing ones are absent.
    let filtered = describe(
        &mut c,
        3,
        Some(vec![("dirs", vec![1, 7]), ("no-such-topic", vec![0])]),
    )
    .await;
    assert_eq!(filtered.error_code, 0);
    assert_eq!(sizes(&filtered), vec![("dirs".to_string(), 1, 0)]);
    assert_eq!(filtered.results.len(), 1);
    broker.stop().await;
}
