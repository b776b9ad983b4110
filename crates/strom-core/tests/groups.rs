//! Group coordination against an in-process broker: the JoinGroup dance, error codes clients
//! act on, and committed offsets surviving a restart.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::Bytes;
use common::{Client, TestBroker, batch};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

async fn create_topic(c: &mut Client, name: &str, partitions: i32) {
    let t = create_topics_request::CreatableTopic::default()
        .with_name(TopicName(s(name)))
        .with_num_partitions(partitions)
        .with_replication_factor(1);
    c.call(
        ApiKey::CreateTopics,
        7,
        RequestKind::CreateTopics(CreateTopicsRequest::default().with_topics(vec![t])),
    )
    .await
    .unwrap();
}

fn join(group: &str, member: &str, protocol: &str) -> RequestKind {
    RequestKind::JoinGroup(
        JoinGroupRequest::default()
            .with_group_id(GroupId(s(group)))
            .with_session_timeout_ms(10_000)
            .with_rebalance_timeout_ms(10_000)
            .with_member_id(s(member))
            .with_protocol_type(s("consumer"))
            .with_protocols(vec![
                join_group_request::JoinGroupRequestProtocol::default()
                    .with_name(s(protocol))
                    .with_metadata(Bytes::from_static(b"meta")),
            ]),
    )
}

async fn join_ok(c: &mut Client, group: &str, protocol: &str) -> JoinGroupResponse {
    let ResponseKind::JoinGroup(first) = c
        .call(ApiKey::JoinGroup, 7, join(group, "", protocol))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(first.error_code, 79, "MEMBER_ID_REQUIRED");
    assert!(!first.member_id.is_empty());
    let ResponseKind::JoinGroup(r) = c
        .call(
            ApiKey::JoinGroup,
            7,
            join(group, &first.member_id, protocol),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    r
}

fn commit(
    group: &str,
    generation: i32,
    member: &str,
    topic: &str,
    offset: i64,
    metadata: &str,
) -> RequestKind {
    RequestKind::OffsetCommit(
        OffsetCommitRequest::default()
            .with_group_id(GroupId(s(group)))
            .with_generation_id_or_member_epoch(generation)
            .with_member_id(s(member))
            .with_topics(vec![
                offset_commit_request::OffsetCommitRequestTopic::default()
                    .with_name(TopicName(s(topic)))
                    .with_partitions(vec![
                        offset_commit_request::OffsetCommitRequestPartition::default()
                            .with_partition_index(0)
                            .with_committed_offset(offset)
                            .with_committed_metadata(Some(s(metadata))),
                    ]),
            ]),
    )
}

async fn fetch_committed(c: &mut Client, group: &str, topic: &str) -> i64 {
    let req = OffsetFetchRequest::default().with_groups(vec![
        offset_fetch_request::OffsetFetchRequestGroup::default()
            .with_group_id(GroupId(s(group)))
            .with_topics(Some(vec![
                offset_fetch_request::OffsetFetchRequestTopics::default()
                    .with_name(TopicName(s(topic)))
                    .with_partition_indexes(vec![0]),
            ])),
    ]);
    let ResponseKind::OffsetFetch(r) = c
        .call(ApiKey::OffsetFetch, 8, RequestKind::OffsetFetch(req))
        .await
        .unwrap()
    else {
        panic!()
    };
    r.groups[0].topics[0].partitions[0].committed_offset
}

fn commit_code(r: ResponseKind) -> i16 {
    let ResponseKind::OffsetCommit(r) = r else {
        panic!()
    };
    r.topics[0].partitions[0].error_code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_forms_and_members_get_kafka_error_codes() {
    let b = TestBroker::start(&[
        "group.initial.rebalance.delay.ms=0",
        "offsets.topic.num.partitions=3",
    ])
    .await;
    let mut c = Client::connect(b.addr).await;
    create_topic(&mut c, "t", 1).await;
    let j = join_ok(&mut c, "g", "range").await;
    assert_eq!(j.error_code, 0);
    assert_eq!(j.generation_id, 1);
    assert_eq!(j.leader, j.member_id);
    assert_eq!(j.protocol_name.as_deref(), Some("range"));
    let me = j.member_id.to_string();
    // A member offering no common protocol.
    let ResponseKind::JoinGroup(bad) = c
        .call(ApiKey::JoinGroup, 7, join("g", "", "roundrobin"))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(bad.error_code, 23, "INCONSISTENT_GROUP_PROTOCOL");
    // Sync with the leader's assignment.
    let sync = SyncGroupRequest::default()
        .with_group_id(GroupId(s("g")))
        .with_generation_id(1)
        .with_member_id(s(&me))
        .with_protocol_type(Some(s("consumer")))
        .with_protocol_name(Some(s("range")))
        .with_assignments(vec![
            sync_group_request::SyncGroupRequestAssignment::default()
                .with_member_id(s(&me))
                .with_assignment(Bytes::from_static(b"mine")),
        ]);
    let ResponseKind::SyncGroup(r) = c
        .call(ApiKey::SyncGroup, 5, RequestKind::SyncGroup(sync))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!((r.error_code, r.assignment.as_ref()), (0, &b"mine"[..]));
    let hb = |generation: i32, member: &str| {
        RequestKind::Heartbeat(
            HeartbeatRequest::default()
                .with_group_id(GroupId(s("g")))
                .with_generation_id(generation)
                .with_member_id(s(member)),
        )
    };
    let code = |r: ResponseKind| match r {
        ResponseKind::Heartbeat(h) => h.error_code,
        _ => panic!(),
    };
    assert_eq!(
        code(c.call(ApiKey::Heartbeat, 4, hb(1, &me)).await.unwrap()),
        0
    );
    assert_eq!(
        code(c.call(ApiKey::Heartbeat, 4, hb(5, &me)).await.unwrap()),
        22,
        "ILLEGAL_GENERATION"
    );
    assert_eq!(
        code(c.call(ApiKey::Heartbeat, 4, hb(1, "ghost")).await.unwrap()),
        25,
        "UNKNOWN_MEMBER_ID"
    );
    // Commits: by the member, metadata too large, from a stale generation.
    assert_eq!(
        commit_code(
            c.call(ApiKey::OffsetCommit, 8, commit("g", 1, &me, "t", 7, "m"))
                .await
                .unwrap()
        ),
        0
    );
    assert_eq!(
        commit_code(
            c.call(
                ApiKey::OffsetCommit,
                8,
                commit("g", 1, &me, "t", 8, &"x".repeat(5000))
            )
            .await
            .unwrap()
        ),
        12
    );
    assert_eq!(
        commit_code(
            c.call(ApiKey::OffsetCommit, 8, commit("g", 0, &me, "t", 9, ""))
                .await
                .unwrap()
        ),
        22
    );
    assert_eq!(
        commit_code(
            c.call(ApiKey::OffsetCommit, 8, commit("g", 1, &me, "nope", 9, ""))
                .await
                .unwrap()
        ),
        3
    );
    assert_eq!(
        fetch_committed(&mut c, "g", "t").await,
        7,
        "failed commits changed nothing"
    );
    // An active group cannot be deleted; an unknown one is not found.
    let del = |g: &str| {
        RequestKind::DeleteGroups(
            DeleteGroupsRequest::default().with_groups_names(vec![GroupId(s(g))]),
        )
    };
    let ResponseKind::DeleteGroups(d) = c.call(ApiKey::DeleteGroups, 2, del("g")).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(d.results[0].error_code, 68, "NON_EMPTY_GROUP");
    let ResponseKind::DeleteGroups(d) = c
        .call(ApiKey::DeleteGroups, 2, del("nobody"))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(d.results[0].error_code, 69, "GROUP_ID_NOT_FOUND");
    // A second member joining puts the group into a rebalance: the first member's heartbeat says so.
    let mut c2 = Client::connect(b.addr).await;
    let ResponseKind::JoinGroup(first) = c2
        .call(ApiKey::JoinGroup, 7, join("g", "", "range"))
        .await
        .unwrap()
    else {
        panic!()
    };
    let f = c2
        .encode(ApiKey::JoinGroup, 7, &join("g", &first.member_id, "range"))
        .unwrap();
    c2.send_raw(&f).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let r = code(c.call(ApiKey::Heartbeat, 4, hb(1, &me)).await.unwrap());
        if r == 27 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no REBALANCE_IN_PROGRESS"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committed_offsets_and_groups_survive_a_restart() {
    let b = TestBroker::start(&["offsets.topic.num.partitions=3"]).await;
    let mut c = Client::connect(b.addr).await;
    create_topic(&mut c, "t", 1).await;
    c.call(
        ApiKey::Produce,
        9,
        RequestKind::Produce(
            ProduceRequest::default()
                .with_acks(-1)
                .with_timeout_ms(5000)
                .with_topic_data(vec![
                    produce_request::TopicProduceData::default()
                        .with_name(TopicName(s("t")))
                        .with_partition_data(vec![
                            produce_request::PartitionProduceData::default()
                                .with_index(0)
                                .with_records(Some(batch(3, 1))),
                        ]),
                ]),
        ),
    )
    .await
    .unwrap();
    for (g, o) in [("a", 1), ("b", 2)] {
        assert_eq!(
            commit_code(
                c.call(ApiKey::OffsetCommit, 8, commit(g, -1, "", "t", o, "meta"))
                    .await
                    .unwrap()
            ),
            0
        );
    }
    let dir = b.stop().await;
    let b = TestBroker::start_in(dir, &["offsets.topic.num.partitions=3"]).await;
    let mut c = Client::connect(b.addr).await;
    assert_eq!(fetch_committed(&mut c, "a", "t").await, 1);
    assert_eq!(fetch_committed(&mut c, "b", "t").await, 2);
    let ResponseKind::ListGroups(l) = c
        .call(
            ApiKey::ListGroups,
            5,
            RequestKind::ListGroups(ListGroupsRequest::default()),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    let ids: Vec<String> = l.groups.iter().map(|g| g.group_id.to_string()).collect();
    assert_eq!(ids, vec!["a".to_string(), "b".to_string()]);
    assert_eq!(l.groups[0].group_state.as_str(), "Empty");
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumer_protocol_members_split_partitions() {
    let b = TestBroker::start(&["offsets.topic.num.partitions=3"]).await;
    let mut c = Client::connect(b.addr).await;
    create_topic(&mut c, "t4", 4).await;
    let hb = |member: &str,
              epoch: i32,
              owned: Vec<consumer_group_heartbeat_request::TopicPartitions>| {
        let mut r = ConsumerGroupHeartbeatRequest::default()
            .with_group_id(GroupId(s("cg")))
            .with_member_id(s(member))
            .with_member_epoch(epoch);
        if epoch == 0 {
            r = r
                .with_rebalance_timeout_ms(30_000)
                .with_subscribed_topic_names(Some(vec![TopicName(s("t4"))]));
        } else {
            r = r.with_rebalance_timeout_ms(-1);
        }
        RequestKind::ConsumerGroupHeartbeat(r.with_topic_partitions(Some(owned)))
    };
    let call = |r: ResponseKind| match r {
        ResponseKind::ConsumerGroupHeartbeat(h) => h,
        _ => panic!(),
    };
    let a = call(
        c.call(ApiKey::ConsumerGroupHeartbeat, 1, hb("a", 0, vec![]))
            .await
            .unwrap(),
    );
    assert_eq!((a.error_code, a.member_epoch), (0, 1));
    let a_parts = a.assignment.unwrap().topic_partitions;
    assert_eq!(a_parts[0].partitions.len(), 4);
    let bm = call(
        c.call(ApiKey::ConsumerGroupHeartbeat, 1, hb("b", 0, vec![]))
            .await
            .unwrap(),
    );
    assert_eq!(bm.error_code, 0);
    // a is told to give two partitions back.
    let owned: Vec<_> = a_parts
        .iter()
        .map(|t| {
            consumer_group_heartbeat_request::TopicPartitions::default()
                .with_topic_id(t.topic_id)
                .with_partitions(t.partitions.clone())
        })
        .collect();
    let a2 = call(
        c.call(ApiKey::ConsumerGroupHeartbeat, 1, hb("a", 1, owned))
            .await
            .unwrap(),
    );
    let kept = a2.assignment.unwrap().topic_partitions;
    assert_eq!(kept[0].partitions.len(), 2);
    // A stale epoch is fenced.
    let f = call(
        c.call(ApiKey::ConsumerGroupHeartbeat, 1, hb("a", 9, vec![]))
            .await
            .unwrap(),
    );
    assert_eq!(f.error_code, 110, "FENCED_MEMBER_EPOCH");
    let ResponseKind::ConsumerGroupDescribe(d) = c
        .call(
            ApiKey::ConsumerGroupDescribe,
            1,
            RequestKind::ConsumerGroupDescribe(
                ConsumerGroupDescribeRequest::default().with_group_ids(vec![GroupId(s("cg"))]),
            ),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(d.groups[0].members.len(), 2);
    assert_eq!(d.groups[0].assignor_name.as_str(), "uniform");
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_topic_drops_its_committed_offsets() {
    let b = TestBroker::start(&["offsets.topic.num.partitions=3"]).await;
    let mut c = Client::connect(b.addr).await;
    create_topic(&mut c, "gone", 1).await;
    create_topic(&mut c, "kept", 1).await;
    assert_eq!(
        commit_code(
            c.call(ApiKey::OffsetCommit, 8, commit("g", -1, "", "gone", 5, ""))
                .await
                .unwrap()
        ),
        0
    );
    assert_eq!(
        commit_code(
            c.call(ApiKey::OffsetCommit, 8, commit("g", -1, "", "kept", 6, ""))
                .await
                .unwrap()
        ),
        0
    );
    let del = DeleteTopicsRequest::default().with_topic_names(vec![TopicName(s("gone"))]);
    c.call(ApiKey::DeleteTopics, 5, RequestKind::DeleteTopics(del))
        .await
        .unwrap();
    assert_eq!(fetch_committed(&mut c, "g", "gone").await, -1);
    assert_eq!(fetch_committed(&mut c, "g", "kept").await, 6);
    b.stop().await;
}
