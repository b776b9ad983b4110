//! Every advertised API at every version it accepts: the request decodes, the handler runs,
//! and the response encodes for that version and decodes on the client side. This catches
//! version-gated response fields before a client does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Client, TestBroker, batch};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;
use strom_core::broker::versions;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

fn rich_request(api: ApiKey, v: i16, topic_id: uuid::Uuid) -> Option<RequestKind> {
    let name = TopicName(s("sweep"));
    Some(match api {
        ApiKey::Metadata => RequestKind::Metadata(
            MetadataRequest::default()
                .with_topics(Some(vec![
                    metadata_request::MetadataRequestTopic::default().with_name(Some(name)),
                ]))
                .with_allow_auto_topic_creation(true),
        ),
        ApiKey::Produce => {
            let mut td = produce_request::TopicProduceData::default().with_partition_data(vec![
                produce_request::PartitionProduceData::default()
                    .with_index(0)
                    .with_records(Some(batch(2, 1000))),
            ]);
            td = if v >= 13 {
                td.with_topic_id(topic_id)
            } else {
                td.with_name(name)
            };
            RequestKind::Produce(
                ProduceRequest::default()
                    .with_acks(-1)
                    .with_timeout_ms(5000)
                    .with_topic_data(vec![td]),
            )
        }
        ApiKey::Fetch => {
            let mut ft = fetch_request::FetchTopic::default().with_partitions(vec![
                fetch_request::FetchPartition::default()
                    .with_partition(0)
                    .with_fetch_offset(0)
                    .with_partition_max_bytes(1 << 20),
            ]);
            ft = if v >= 13 {
                ft.with_topic_id(topic_id)
            } else {
                ft.with_topic(name)
            };
            RequestKind::Fetch(
                FetchRequest::default()
                    .with_max_wait_ms(0)
                    .with_max_bytes(1 << 20)
                    .with_topics(vec![ft]),
            )
        }
        ApiKey::ListOffsets => {
            RequestKind::ListOffsets(ListOffsetsRequest::default().with_topics(vec![
                list_offsets_request::ListOffsetsTopic::default()
                    .with_name(name)
                    .with_partitions(vec![
                        list_offsets_request::ListOffsetsPartition::default()
                            .with_partition_index(0)
                            .with_timestamp(-1),
                    ]),
            ]))
        }
        ApiKey::CreateTopics => {
            RequestKind::CreateTopics(CreateTopicsRequest::default().with_topics(vec![
            create_topics_request::CreatableTopic::default()
                .with_name(TopicName(s(&format!("sweep-created-{v}"))))
                .with_num_partitions(1)
                .with_replication_factor(1),
        ]))
        }
        ApiKey::DeleteTopics => {
            if v >= 6 {
                RequestKind::DeleteTopics(DeleteTopicsRequest::default().with_topics(vec![
                        delete_topics_request::DeleteTopicState::default()
                            .with_name(Some(TopicName(s(&format!("sweep-created-{v}"))))),
                    ]))
            } else {
                RequestKind::DeleteTopics(
                    DeleteTopicsRequest::default()
                        .with_topic_names(vec![TopicName(s("does-not-exist"))]),
                )
            }
        }
        ApiKey::DeleteRecords => {
            RequestKind::DeleteRecords(DeleteRecordsRequest::default().with_topics(vec![
                delete_records_request::DeleteRecordsTopic::default()
                    .with_name(name)
                    .with_partitions(vec![
                        delete_records_request::DeleteRecordsPartition::default()
                            .with_partition_index(0)
                            .with_offset(0),
                    ]),
            ]))
        }
        ApiKey::OffsetForLeaderEpoch => RequestKind::OffsetForLeaderEpoch(
            OffsetForLeaderEpochRequest::default().with_topics(vec![
                offset_for_leader_epoch_request::OffsetForLeaderTopic::default()
                    .with_topic(name)
                    .with_partitions(vec![
                        offset_for_leader_epoch_request::OffsetForLeaderPartition::default()
                            .with_partition(0)
                            .with_leader_epoch(0),
                    ]),
            ]),
        ),
        ApiKey::DescribeConfigs => RequestKind::DescribeConfigs(
            DescribeConfigsRequest::default()
                .with_resources(vec![
                    describe_configs_request::DescribeConfigsResource::default()
                        .with_resource_type(2)
                        .with_resource_name(s("sweep")),
                    describe_configs_request::DescribeConfigsResource::default()
                        .with_resource_type(4)
                        .with_resource_name(s("1")),
                ])
                .with_include_synonyms(v >= 1)
                .with_include_documentation(v >= 3),
        ),
        ApiKey::AlterConfigs => RequestKind::AlterConfigs(
            AlterConfigsRequest::default()
                .with_validate_only(true)
                .with_resources(vec![
                    alter_configs_request::AlterConfigsResource::default()
                        .with_resource_type(2)
                        .with_resource_name(s("sweep"))
                        .with_configs(vec![
                            alter_configs_request::AlterableConfig::default()
                                .with_name(s("retention.ms"))
                                .with_value(Some(s("1000"))),
                        ]),
                ]),
        ),
        ApiKey::IncrementalAlterConfigs => RequestKind::IncrementalAlterConfigs(
            IncrementalAlterConfigsRequest::default()
                .with_validate_only(true)
                .with_resources(vec![
                    incremental_alter_configs_request::AlterConfigsResource::default()
                        .with_resource_type(2)
                        .with_resource_name(s("sweep"))
                        .with_configs(vec![
                            incremental_alter_configs_request::AlterableConfig::default()
                                .with_name(s("retention.ms"))
                                .with_value(Some(s("1000"))),
                        ]),
                ]),
        ),
        ApiKey::CreatePartitions => RequestKind::CreatePartitions(
            CreatePartitionsRequest::default()
                .with_validate_only(true)
                .with_topics(vec![
                    create_partitions_request::CreatePartitionsTopic::default()
                        .with_name(name)
                        .with_count(3)
                        .with_assignments(None),
                ]),
        ),
        ApiKey::JoinGroup => {
            let mut r = JoinGroupRequest::default()
                .with_group_id(GroupId(s(&format!("sweep-join-{v}"))))
                .with_session_timeout_ms(10_000)
                .with_member_id(s(""))
                .with_protocol_type(s("consumer"))
                .with_protocols(vec![
                    join_group_request::JoinGroupRequestProtocol::default()
                        .with_name(s("range"))
                        .with_metadata(bytes::Bytes::from_static(b"m")),
                ]);
            if v >= 1 {
                r = r.with_rebalance_timeout_ms(30_000);
            }
            RequestKind::JoinGroup(r)
        }
        ApiKey::SyncGroup => RequestKind::SyncGroup(
            SyncGroupRequest::default()
                .with_group_id(GroupId(s("nope")))
                .with_member_id(s("m"))
                .with_generation_id(1),
        ),
        ApiKey::Heartbeat => RequestKind::Heartbeat(
            HeartbeatRequest::default()
                .with_group_id(GroupId(s("nope")))
                .with_member_id(s("m"))
                .with_generation_id(1),
        ),
        ApiKey::LeaveGroup => RequestKind::LeaveGroup(if v >= 3 {
            LeaveGroupRequest::default()
                .with_group_id(GroupId(s("nope")))
                .with_members(vec![
                    leave_group_request::MemberIdentity::default().with_member_id(s("m")),
                ])
        } else {
            LeaveGroupRequest::default()
                .with_group_id(GroupId(s("nope")))
                .with_member_id(s("m"))
        }),
        ApiKey::OffsetCommit => RequestKind::OffsetCommit(
            OffsetCommitRequest::default()
                .with_group_id(GroupId(s("sweep-commit")))
                .with_generation_id_or_member_epoch(-1)
                .with_member_id(s(""))
                .with_topics(vec![
                    offset_commit_request::OffsetCommitRequestTopic::default()
                        .with_name(name)
                        .with_partitions(vec![
                            offset_commit_request::OffsetCommitRequestPartition::default()
                                .with_partition_index(0)
                                .with_committed_offset(i64::from(v)),
                        ]),
                ]),
        ),
        ApiKey::OffsetFetch => RequestKind::OffsetFetch(if v >= 8 {
            OffsetFetchRequest::default().with_groups(vec![
                offset_fetch_request::OffsetFetchRequestGroup::default()
                    .with_group_id(GroupId(s("sweep-commit")))
                    .with_topics(Some(vec![
                        offset_fetch_request::OffsetFetchRequestTopics::default()
                            .with_name(name)
                            .with_partition_indexes(vec![0]),
                    ])),
            ])
        } else {
            OffsetFetchRequest::default()
                .with_group_id(GroupId(s("sweep-commit")))
                .with_topics(Some(vec![
                    offset_fetch_request::OffsetFetchRequestTopic::default()
                        .with_name(name)
                        .with_partition_indexes(vec![0]),
                ]))
        }),
        ApiKey::ListGroups => RequestKind::ListGroups(ListGroupsRequest::default()),
        ApiKey::DescribeGroups => RequestKind::DescribeGroups(
            DescribeGroupsRequest::default().with_groups(vec![GroupId(s("sweep-commit"))]),
        ),
        ApiKey::DeleteGroups => RequestKind::DeleteGroups(
            DeleteGroupsRequest::default().with_groups_names(vec![GroupId(s("nope"))]),
        ),
        ApiKey::OffsetDelete => RequestKind::OffsetDelete(
            OffsetDeleteRequest::default()
                .with_group_id(GroupId(s("sweep-commit")))
                .with_topics(vec![
                    offset_delete_request::OffsetDeleteRequestTopic::default()
                        .with_name(name)
                        .with_partitions(vec![
                            offset_delete_request::OffsetDeleteRequestPartition::default()
                                .with_partition_index(9),
                        ]),
                ]),
        ),
        ApiKey::ConsumerGroupHeartbeat => RequestKind::ConsumerGroupHeartbeat(
            ConsumerGroupHeartbeatRequest::default()
                .with_group_id(GroupId(s(&format!("sweep-cg-{v}"))))
                .with_member_id(s(&uuid::Uuid::new_v4().to_string()))
                .with_member_epoch(0)
                .with_rebalance_timeout_ms(30_000)
                .with_subscribed_topic_names(Some(vec![name]))
                .with_topic_partitions(Some(vec![])),
        ),
        ApiKey::ConsumerGroupDescribe => RequestKind::ConsumerGroupDescribe(
            ConsumerGroupDescribeRequest::default().with_group_ids(vec![GroupId(s("sweep-cg-0"))]),
        ),
        ApiKey::FindCoordinator => RequestKind::FindCoordinator(if v >= 4 {
            FindCoordinatorRequest::default().with_coordinator_keys(vec![s("g1"), s("g2")])
        } else {
            FindCoordinatorRequest::default().with_key(s("g1"))
        }),
        ApiKey::DescribeCluster => {
            RequestKind::DescribeCluster(DescribeClusterRequest::default().with_endpoint_type(1))
        }
        ApiKey::DescribeQuorum => {
            RequestKind::DescribeQuorum(DescribeQuorumRequest::default().with_topics(vec![
                describe_quorum_request::TopicData::default()
                    .with_topic_name(TopicName(s("__cluster_metadata")))
                    .with_partitions(vec![
                        describe_quorum_request::PartitionData::default().with_partition_index(0),
                    ]),
            ]))
        }
        ApiKey::DescribeLogDirs => {
            RequestKind::DescribeLogDirs(DescribeLogDirsRequest::default().with_topics(Some(vec![
                describe_log_dirs_request::DescribableLogDirTopic::default()
                    .with_topic(name)
                    .with_partitions(vec![0]),
            ])))
        }
        ApiKey::DescribeAcls => RequestKind::DescribeAcls(
            DescribeAclsRequest::default()
                .with_resource_type_filter(2)
                .with_resource_name_filter(Some(s("sweep")))
                .with_pattern_type_filter(3)
                .with_operation(1)
                .with_permission_type(1),
        ),
        ApiKey::CreateAcls => {
            RequestKind::CreateAcls(CreateAclsRequest::default().with_creations(vec![
                create_acls_request::AclCreation::default()
                    .with_resource_type(2)
                    .with_resource_name(s("sweep"))
                    .with_resource_pattern_type(3)
                    .with_principal(s("User:alice"))
                    .with_host(s("*"))
                    .with_operation(3)
                    .with_permission_type(3);
                2
            ]))
        }
        ApiKey::DeleteAcls => {
            RequestKind::DeleteAcls(DeleteAclsRequest::default().with_filters(vec![
                delete_acls_request::DeleteAclsFilter::default()
                    .with_resource_type_filter(1)
                    .with_pattern_type_filter(1)
                    .with_operation(1)
                    .with_permission_type(1),
            ]))
        }
        ApiKey::InitProducerId => RequestKind::InitProducerId(
            InitProducerIdRequest::default()
                .with_transactional_id(None)
                .with_transaction_timeout_ms(60000),
        ),
        ApiKey::ApiVersions => RequestKind::ApiVersions(ApiVersionsRequest::default()),
        _ => return None,
    })
}

fn error_codes(resp: &ResponseKind) -> Vec<i16> {
    match resp {
        ResponseKind::Produce(r) => r
            .responses
            .iter()
            .flat_map(|t| t.partition_responses.iter().map(|p| p.error_code))
            .collect(),
        ResponseKind::Fetch(r) => r
            .responses
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
            .collect(),
        ResponseKind::ListOffsets(r) => r
            .topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
            .collect(),
        ResponseKind::Metadata(r) => r.topics.iter().map(|t| t.error_code).collect(),
        ResponseKind::CreateTopics(r) => r.topics.iter().map(|t| t.error_code).collect(),
        ResponseKind::DescribeConfigs(r) => r.results.iter().map(|t| t.error_code).collect(),
        ResponseKind::AlterConfigs(r) => r.responses.iter().map(|t| t.error_code).collect(),
        ResponseKind::IncrementalAlterConfigs(r) => {
            r.responses.iter().map(|t| t.error_code).collect()
        }
        ResponseKind::CreatePartitions(r) => r.results.iter().map(|t| t.error_code).collect(),
        ResponseKind::OffsetForLeaderEpoch(r) => r
            .topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
            .collect(),
        ResponseKind::DescribeCluster(r) => vec![r.error_code],
        ResponseKind::DescribeQuorum(r) => r
            .topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
            .chain([r.error_code])
            .collect(),
        ResponseKind::FindCoordinator(r) => r
            .coordinators
            .iter()
            .map(|c| c.error_code)
            .chain([r.error_code])
            .collect(),
        ResponseKind::DescribeLogDirs(r) => r
            .results
            .iter()
            .map(|d| d.error_code)
            .chain([r.error_code])
            .collect(),
        ResponseKind::DescribeAcls(r) => vec![r.error_code],
        ResponseKind::CreateAcls(r) => r.results.iter().map(|x| x.error_code).collect(),
        ResponseKind::DeleteAcls(r) => r.filter_results.iter().map(|x| x.error_code).collect(),
        ResponseKind::InitProducerId(r) => vec![r.error_code],
        ResponseKind::ApiVersions(r) => vec![r.error_code],
        ResponseKind::OffsetCommit(r) => r
            .topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
            .collect(),
        ResponseKind::OffsetFetch(r) => r
            .groups
            .iter()
            .map(|g| g.error_code)
            .chain([r.error_code])
            .collect(),
        ResponseKind::ConsumerGroupHeartbeat(r) => vec![r.error_code],
        ResponseKind::ConsumerGroupDescribe(r) => r.groups.iter().map(|g| g.error_code).collect(),
        ResponseKind::DescribeGroups(r) => r.groups.iter().map(|g| g.error_code).collect(),
        ResponseKind::OffsetDelete(r) => vec![r.error_code],
        _ => vec![],
    }
}

/// What a broker without an authorizer answers to the ACL APIs (Kafka's `AclApis`).
fn check_security_disabled(resp: &ResponseKind, v: i16) {
    let msg = |m: &Option<StrBytes>| m.as_ref().map(|m| m.to_string());
    match resp {
        ResponseKind::DescribeAcls(r) => {
            assert_eq!(r.error_code, 54, "DescribeAcls v{v}: {r:?}");
            assert_eq!(
                msg(&r.error_message).as_deref(),
                Some("No Authorizer is configured on the broker")
            );
            assert!(r.resources.is_empty());
        }
        ResponseKind::CreateAcls(r) => {
            assert_eq!(r.results.len(), 2, "CreateAcls v{v}: {r:?}");
            for x in &r.results {
                assert_eq!(x.error_code, 54);
                assert_eq!(
                    msg(&x.error_message).as_deref(),
                    Some("No Authorizer is configured.")
                );
            }
        }
        ResponseKind::DeleteAcls(r) => {
            assert_eq!(r.filter_results.len(), 1, "DeleteAcls v{v}: {r:?}");
            for x in &r.filter_results {
                assert_eq!(x.error_code, 54);
                assert_eq!(
                    msg(&x.error_message).as_deref(),
                    Some("No Authorizer is configured.")
                );
                assert!(x.matching_acls.is_empty());
            }
        }
        other => panic!("not an ACL response: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_advertised_version_round_trips() {
    let broker = TestBroker::start(&[
        "num.partitions=1",
        "group.initial.rebalance.delay.ms=0",
        "offsets.topic.num.partitions=3",
    ])
    .await;
    let mut c = Client::connect(broker.addr).await;
    // Create the topic the requests refer to.
    let create = RequestKind::CreateTopics(CreateTopicsRequest::default().with_topics(vec![
            create_topics_request::CreatableTopic::default()
                .with_name(TopicName(s("sweep")))
                .with_num_partitions(1)
                .with_replication_factor(1),
        ]));
    let ResponseKind::CreateTopics(r) = c.call(ApiKey::CreateTopics, 7, create).await.unwrap()
    else {
        panic!()
    };
    let topic_id = r.topics[0].topic_id;
    assert!(!topic_id.is_nil());

    let mut checked = 0;
    for adv in versions::advertised() {
        let api = ApiKey::try_from(adv.api_key).unwrap();
        let (range, _) = versions::supported(api).unwrap();
        for v in range.min..=range.max {
            let req =
                rich_request(api, v, topic_id).unwrap_or_else(|| panic!("no request for {api:?}"));
            let resp = c
                .call(api, v, req)
                .await
                .unwrap_or_else(|e| panic!("{api:?} v{v}: {e:#}"));
            let codes = error_codes(&resp);
            // DeleteTopics of a missing topic (v<6) and InitProducerId are allowed their errors.
            let errors_expected = matches!(
                api,
                ApiKey::DeleteTopics
                    | ApiKey::DeleteRecords
                    | ApiKey::JoinGroup
                    | ApiKey::SyncGroup
                    | ApiKey::Heartbeat
                    | ApiKey::LeaveGroup
                    | ApiKey::DeleteGroups
            );
            // No authorizer: the ACL APIs answer SECURITY_DISABLED (54), as Kafka does.
            if matches!(
                api,
                ApiKey::DescribeAcls | ApiKey::CreateAcls | ApiKey::DeleteAcls
            ) {
                check_security_disabled(&resp, v);
            } else if !errors_expected {
                assert!(
                    codes.iter().all(|c| *c == 0),
                    "{api:?} v{v} errors {codes:?}: {resp:?}"
                );
            }
            if let ResponseKind::DescribeQuorum(q) = &resp {
                let p = &q.topics[0].partitions[0];
                assert_eq!(p.leader_id.0, 1, "DescribeQuorum v{v}: {q:?}");
                assert!(p.high_watermark > 0, "DescribeQuorum v{v}: {q:?}");
                assert_eq!(p.current_voters[0].log_end_offset, p.high_watermark);
                assert_eq!(q.nodes.len(), usize::from(v >= 2), "DescribeQuorum v{v}");
                assert_eq!(p.current_voters[0].replica_directory_id.is_nil(), v < 2);
            }
            if let ResponseKind::DescribeLogDirs(d) = &resp {
                let dir = &d.results[0];
                assert!(dir.log_dir.starts_with('/'), "DescribeLogDirs v{v}: {d:?}");
                let t = &dir.topics[0];
                assert_eq!(t.name.0.as_str(), "sweep");
                assert_eq!(t.partitions[0].partition_index, 0);
                assert!(
                    t.partitions[0].partition_size > 0,
                    "DescribeLogDirs v{v}: {d:?}"
                );
                assert_eq!(dir.total_bytes > 0, v >= 4, "DescribeLogDirs v{v}: {d:?}");
            }
            if let ResponseKind::Fetch(f) = &resp {
                let recs = f.responses[0].partitions[0]
                    .records
                    .clone()
                    .unwrap_or_default();
                assert!(!recs.is_empty(), "Fetch v{v} returned no records");
            }
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} api versions checked");
    broker.stop().await;
}
