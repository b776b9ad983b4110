//! Which API versions strom answers, and what it advertises.
//!
//! The decodable range of each API is the intersection of kafka-protocol's request and response
//! ranges (never `ApiKey::valid_versions()`, which overstates three APIs). A few APIs advertise
//! a lower minimum than we decode, exactly as Kafka 4 does, because old clients key features
//! off it (KAFKA-18659: librdkafka skips compression unless Produce v0 is listed); requests in
//! that extra range close the connection.

use kafka_protocol::messages::*;
use kafka_protocol::protocol::{Message, Request, VersionRange};

fn range<R: Request>() -> VersionRange {
    R::VERSIONS.intersect(&<R::Response as Message>::VERSIONS)
}

/// (decodable range, advertised minimum) for each API strom implements.
pub fn supported(key: ApiKey) -> Option<(VersionRange, i16)> {
    let (r, adv_min) = match key {
        ApiKey::Produce => (range::<ProduceRequest>(), 0),
        ApiKey::Fetch => (range::<FetchRequest>(), 4),
        ApiKey::ListOffsets => (range::<ListOffsetsRequest>(), 1),
        ApiKey::Metadata => (range::<MetadataRequest>(), 0),
        ApiKey::FindCoordinator => (range::<FindCoordinatorRequest>(), 0),
        ApiKey::OffsetCommit => (range::<OffsetCommitRequest>(), 2),
        ApiKey::OffsetFetch => (range::<OffsetFetchRequest>(), 1),
        ApiKey::JoinGroup => (range::<JoinGroupRequest>(), 0),
        ApiKey::Heartbeat => (range::<HeartbeatRequest>(), 0),
        ApiKey::LeaveGroup => (range::<LeaveGroupRequest>(), 0),
        ApiKey::SyncGroup => (range::<SyncGroupRequest>(), 0),
        ApiKey::DescribeGroups => (range::<DescribeGroupsRequest>(), 0),
        ApiKey::ListGroups => (range::<ListGroupsRequest>(), 0),
        ApiKey::DeleteGroups => (range::<DeleteGroupsRequest>(), 0),
        ApiKey::OffsetDelete => (range::<OffsetDeleteRequest>(), 0),
        ApiKey::ConsumerGroupHeartbeat => (range::<ConsumerGroupHeartbeatRequest>(), 0),
        ApiKey::ConsumerGroupDescribe => (range::<ConsumerGroupDescribeRequest>(), 0),
        ApiKey::ApiVersions => (range::<ApiVersionsRequest>(), 0),
        ApiKey::CreateTopics => (range::<CreateTopicsRequest>(), 2),
        ApiKey::DeleteTopics => (range::<DeleteTopicsRequest>(), 1),
        ApiKey::DeleteRecords => (range::<DeleteRecordsRequest>(), 0),
        ApiKey::InitProducerId => (range::<InitProducerIdRequest>(), 0),
        ApiKey::OffsetForLeaderEpoch => (range::<OffsetForLeaderEpochRequest>(), 2),
        ApiKey::DescribeConfigs => (range::<DescribeConfigsRequest>(), 1),
        ApiKey::AlterConfigs => (range::<AlterConfigsRequest>(), 0),
        ApiKey::CreatePartitions => (range::<CreatePartitionsRequest>(), 0),
        ApiKey::IncrementalAlterConfigs => (range::<IncrementalAlterConfigsRequest>(), 0),
        ApiKey::DescribeCluster => (range::<DescribeClusterRequest>(), 0),
        ApiKey::DescribeQuorum => (range::<DescribeQuorumRequest>(), 0),
        ApiKey::DescribeAcls => (range::<DescribeAclsRequest>(), 0),
        ApiKey::CreateAcls => (range::<CreateAclsRequest>(), 0),
        ApiKey::DeleteAcls => (range::<DeleteAclsRequest>(), 0),
        ApiKey::DescribeLogDirs => (range::<DescribeLogDirsRequest>(), 1),
        _ => return None,
    };
    Some((r, adv_min.min(r.min)))
}

/// Whether a request of this key and version can be decoded and answered.
pub fn accepts(key: ApiKey, version: i16) -> bool {
    supported(key).is_some_and(|(r, _)| r.min <= version && version <= r.max)
}

/// The ApiVersions list.
pub fn advertised() -> Vec<api_versions_response::ApiVersion> {
    ApiKey::iter()
        .filter_map(|k| {
            supported(k).map(|(r, min)| {
                api_versions_response::ApiVersion::default()
                    .with_api_key(k as i16)
                    .with_min_version(min)
                    .with_max_version(r.max)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advertised_ranges_are_decodable_at_the_top() {
        for v in advertised() {
            let key = ApiKey::try_from(v.api_key).unwrap();
            assert!(accepts(key, v.max_version), "{key:?}");
        }
        let produce = supported(ApiKey::Produce).unwrap();
        assert_eq!(produce.1, 0);
        assert!(!accepts(ApiKey::Produce, 2));
    }
}
