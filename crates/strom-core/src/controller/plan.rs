//! The controller's planning step: pure functions from (image, command) to the records that
//! carry the change out, or the Kafka error to answer with. No I/O here.

use std::collections::HashSet;

use kafka_protocol::ResponseError as E;
use uuid::Uuid;

use super::image::MetadataImage;
use super::records::{MetadataRecord, RESOURCE_TOPIC};
use crate::config::topic::validate_topic_config;
use crate::error::ApiError;

pub use super::config_plan::{ConfigOp, alter_configs, alter_group_configs};

/// Kafka's maximum topic name length.
pub const MAX_TOPIC_NAME: usize = 249;
/// A sanity bound: a request for more partitions than this is refused outright.
pub const MAX_PARTITIONS_PER_TOPIC: i32 = 100_000;

/// Kafka's topic name rules (also what keeps topic names safe as directory names).
pub fn validate_topic_name(name: &str) -> Result<(), ApiError> {
    let invalid = |m: String| Err(ApiError::new(E::InvalidTopicException, m));
    if name.is_empty() {
        return invalid("Topic name is illegal, it can't be empty".into());
    }
    if name == "." || name == ".." {
        return invalid("Topic name cannot be \".\" or \"..\"".into());
    }
    if name.len() > MAX_TOPIC_NAME {
        return invalid(format!(
            "Topic name is invalid: the length of '{name}' is longer than the max allowed length {MAX_TOPIC_NAME}"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    {
        return invalid(format!(
            "Topic name is invalid: '{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        ));
    }
    Ok(())
}

/// Names that collide once '.' and '_' are treated alike (metric names).
fn unify(name: &str) -> String {
    name.replace('.', "_")
}

/// A CreateTopics entry after version-specific decoding.
#[derive(Clone, Debug, Default)]
pub struct NewTopic {
    pub name: String,
    /// -1: broker default.
    pub num_partitions: i32,
    /// -1: broker default.
    pub replication_factor: i16,
    /// Manual assignment: partition index -> broker ids.
    pub assignments: Vec<(i32, Vec<i32>)>,
    pub configs: Vec<(String, Option<String>)>,
}

/// Defaults the broker fills in.
#[derive(Clone, Copy, Debug)]
pub struct TopicDefaults {
    pub num_partitions: i32,
    pub replication_factor: i16,
}

fn fresh_topic_id(image: &MetadataImage) -> Uuid {
    loop {
        let id = Uuid::new_v4();
        // Kafka reserves the zero and one UUIDs.
        if id.as_u128() > 1 && !image.topic_ids.contains_key(&id) {
            return id;
        }
    }
}

/// Plan a topic creation; returns the records and the (partitions, rf) actually used.
pub fn create_topic(
    image: &MetadataImage,
    t: &NewTopic,
    defaults: TopicDefaults,
) -> Result<(Vec<MetadataRecord>, i32, i16), ApiError> {
    validate_topic_name(&t.name)?;
    if image.topics.contains_key(&t.name) {
        return Err(ApiError::new(
            E::TopicAlreadyExists,
            format!("Topic '{}' already exists.", t.name),
        ));
    }
    let unified = unify(&t.name);
    if let Some(other) = image.topics.keys().find(|n| unify(n) == unified) {
        return Err(ApiError::new(
            E::InvalidTopicException,
            format!("Topic '{}' collides with existing topic: {other}", t.name),
        ));
    }
    let brokers: Vec<i32> = image.brokers.keys().copied().collect();
    let assignment: Vec<Vec<i32>> = if !t.assignments.is_empty() {
        if t.num_partitions != -1 || t.replication_factor != -1 {
            return Err(ApiError::new(
                E::InvalidRequest,
                "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.",
            ));
        }
        manual_assignment(image, &t.assignments, 0)?
    } else {
        let n = if t.num_partitions == -1 {
            defaults.num_partitions
        } else {
            t.num_partitions
        };
        let rf = if t.replication_factor == -1 {
            defaults.replication_factor
        } else {
            t.replication_factor
        };
        if n <= 0 {
            return Err(ApiError::new(
                E::InvalidPartitions,
                "Number of partitions was set to an invalid non-positive value.",
            ));
        }
        if n > MAX_PARTITIONS_PER_TOPIC {
            return Err(ApiError::new(
                E::InvalidPartitions,
                format!(
                    "Number of partitions {n} is larger than the maximum of {MAX_PARTITIONS_PER_TOPIC} per topic."
                ),
            ));
        }
        if rf <= 0 {
            return Err(ApiError::new(
                E::InvalidReplicationFactor,
                "Replication factor must be larger than 0, or -1 to use the default value.",
            ));
        }
        if rf as usize > brokers.len() {
            return Err(ApiError::new(
                E::InvalidReplicationFactor,
                format!(
                    "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {} broker(s) are registered.",
                    brokers.len()
                ),
            ));
        }
        striped_assignment(&brokers, 0, n, rf)
    };
    let mut seen = HashSet::new();
    for (name, value) in &t.configs {
        if !seen.insert(name) {
            return Err(ApiError::new(
                E::InvalidRequest,
                format!("Duplicate config key: {name}"),
            ));
        }
        let Some(value) = value else {
            return Err(ApiError::new(
                E::InvalidConfig,
                format!("Null value not supported for topic configs: {name}"),
            ));
        };
        validate_topic_config(name, value).map_err(|m| ApiError::new(E::InvalidConfig, m))?;
    }
    let id = fresh_topic_id(image);
    let mut records = vec![MetadataRecord::Topic {
        name: t.name.clone(),
        id,
    }];
    for (name, value) in &t.configs {
        records.push(MetadataRecord::Config {
            resource_type: RESOURCE_TOPIC,
            resource_name: t.name.clone(),
            name: name.clone(),
            value: value.clone(),
        });
    }
    let rf = assignment.first().map_or(0, |r| r.len() as i16);
    let n = assignment.len() as i32;
    records.extend(partition_records(id, 0, assignment));
    Ok((records, n, rf))
}

fn partition_records(
    topic_id: Uuid,
    first: i32,
    assignment: Vec<Vec<i32>>,
) -> impl Iterator<Item = MetadataRecord> {
    assignment
        .into_iter()
        .enumerate()
        .map(move |(i, replicas)| MetadataRecord::Partition {
            topic_id,
            partition: first + i as i32,
            leader: replicas.first().copied().unwrap_or(-1),
            isr: replicas.clone(),
            replicas,
            leader_epoch: 0,
            partition_epoch: 0,
        })
}

/// Round-robin placement starting at a stable offset per partition.
fn striped_assignment(brokers: &[i32], first: i32, count: i32, rf: i16) -> Vec<Vec<i32>> {
    let n = brokers.len().max(1);
    (first..first + count)
        .map(|p| {
            (0..rf as usize)
                .filter_map(|r| brokers.get((p as usize + r) % n).copied())
                .collect()
        })
        .collect()
}

fn manual_assignment(
    image: &MetadataImage,
    given: &[(i32, Vec<i32>)],
    first: i32,
) -> Result<Vec<Vec<i32>>, ApiError> {
    let mut sorted = given.to_vec();
    sorted.sort_by_key(|(p, _)| *p);
    let mut out = Vec::with_capacity(sorted.len());
    let rf = sorted.first().map_or(0, |(_, r)| r.len());
    for (i, (p, replicas)) in sorted.iter().enumerate() {
        if *p != first + i as i32 {
            return Err(ApiError::new(
                E::InvalidReplicaAssignment,
                "Partitions should be a consecutive 0-based integer sequence".to_string(),
            ));
        }
        if replicas.is_empty() {
            return Err(ApiError::new(
                E::InvalidReplicaAssignment,
                format!(
                    "The manual partition assignment includes an empty replica list for partition {p}."
                ),
            ));
        }
        if replicas.len() != rf {
            return Err(ApiError::new(
                E::InvalidReplicaAssignment,
                "All partitions in the manual partition assignment must have the same number of replicas.",
            ));
        }
        let mut seen = HashSet::new();
        for b in replicas {
            if !seen.insert(*b) {
                return Err(ApiError::new(
                    E::InvalidReplicaAssignment,
                    format!(
                        "Partition replica lists may not contain duplicate entries: {replicas:?}"
                    ),
                ));
            }
            if !image.brokers.contains_key(b) {
                return Err(ApiError::new(
                    E::InvalidReplicaAssignment,
                    format!(
                        "The manual partition assignment includes broker {b}, but no such broker is registered."
                    ),
                ));
            }
        }
        out.push(replicas.clone());
    }
    Ok(out)
}

pub fn delete_topic(image: &MetadataImage, name: &str) -> Result<Vec<MetadataRecord>, ApiError> {
    let Some(t) = image.topics.get(name) else {
        return Err(ApiError::new(
            E::UnknownTopicOrPartition,
            "This server does not host this topic-partition.",
        ));
    };
    Ok(vec![MetadataRecord::RemoveTopic { id: t.id }])
}

/// CreatePartitions: grow `name` to `count` partitions.
pub fn create_partitions(
    image: &MetadataImage,
    name: &str,
    count: i32,
    assignments: Option<&[Vec<i32>]>,
) -> Result<Vec<MetadataRecord>, ApiError> {
    let Some(t) = image.topics.get(name) else {
        return Err(ApiError::new(
            E::UnknownTopicOrPartition,
            format!("Topic '{name}' does not exist."),
        ));
    };
    let current = t.partitions.len() as i32;
    if count < current {
        return Err(ApiError::new(
            E::InvalidPartitions,
            format!(
                "The topic {name} currently has {current} partition(s); {count} would not be an increase."
            ),
        ));
    }
    if count == current {
        return Err(ApiError::new(
            E::InvalidPartitions,
            format!("Topic already has {current} partition(s)."),
        ));
    }
    if count > MAX_PARTITIONS_PER_TOPIC {
        return Err(ApiError::new(
            E::InvalidPartitions,
            format!(
                "Number of partitions {count} is larger than the maximum of {MAX_PARTITIONS_PER_TOPIC} per topic."
            ),
        ));
    }
    let rf = t.partitions.first().map_or(1, |p| p.replicas.len()) as i16;
    let add = count - current;
    let assignment = match assignments {
        Some(a) => {
            if a.len() as i32 != add {
                return Err(ApiError::new(
                    E::InvalidReplicaAssignment,
                    format!(
                        "Attempted to add {add} additional partition(s), but only {} assignment(s) were specified.",
                        a.len()
                    ),
                ));
            }
            let given: Vec<(i32, Vec<i32>)> = a
                .iter()
                .enumerate()
                .map(|(i, r)| (current + i as i32, r.clone()))
                .collect();
            let out = manual_assignment(image, &given, current)?;
            if out.first().is_some_and(|r| r.len() as i16 != rf) {
                return Err(ApiError::new(
                    E::InvalidReplicaAssignment,
                    format!(
                        "The manual partition assignment includes a partition with {} replica(s), but this is not consistent with previous partitions, which have {rf} replica(s).",
                        out.first().map_or(0, Vec::len)
                    ),
                ));
            }
            out
        }
        None => {
            let brokers: Vec<i32> = image.brokers.keys().copied().collect();
            if rf as usize > brokers.len() {
                return Err(ApiError::new(
                    E::InvalidReplicationFactor,
                    format!(
                        "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {} broker(s) are registered.",
                        brokers.len()
                    ),
                ));
            }
            striped_assignment(&brokers, current, add, rf)
        }
    };
    Ok(partition_records(t.id, current, assignment).collect())
}

/// Reserve a block of producer ids; returns the records and the first id of the block.
pub fn allocate_producer_ids(image: &MetadataImage, count: i64) -> (Vec<MetadataRecord>, i64) {
    let first = image.next_producer_id.max(0);
    (
        vec![MetadataRecord::ProducerIds {
            next: first + count,
        }],
        first,
    )
}

#[cfg(test)]
mod tests {
    use super::super::image::BrokerImage;
    use super::*;
    use crate::config::topic::BrokerLayers;

    fn image() -> MetadataImage {
        let mut img = MetadataImage::default();
        img.brokers.insert(
            1,
            BrokerImage {
                node_id: 1,
                endpoints: vec![],
                rack: None,
            },
        );
        img
    }

    fn apply(img: &mut MetadataImage, recs: &[MetadataRecord]) {
        for r in recs {
            img.apply(r);
        }
    }

    const D: TopicDefaults = TopicDefaults {
        num_partitions: 1,
        replication_factor: 1,
    };

    #[test]
    fn topic_names_follow_kafka_rules() {
        assert!(validate_topic_name("orders.v1_x-y").is_ok());
        for bad in ["", ".", "..", "a b", "a/b", "ä"] {
            assert_eq!(
                validate_topic_name(bad).unwrap_err().code,
                E::InvalidTopicException.code(),
                "{bad}"
            );
        }
        assert!(validate_topic_name(&"a".repeat(249)).is_ok());
        assert!(validate_topic_name(&"a".repeat(250)).is_err());
    }

    #[test]
    fn create_then_duplicate_then_collision() {
        let mut img = image();
        let t = NewTopic {
            name: "a.b".into(),
            num_partitions: 3,
            replication_factor: -1,
            ..Default::default()
        };
        let (recs, n, rf) = create_topic(&img, &t, D).unwrap();
        assert_eq!((n, rf), (3, 1));
        apply(&mut img, &recs);
        assert_eq!(img.topics["a.b"].partitions.len(), 3);
        let e = create_topic(&img, &t, D).unwrap_err();
        assert_eq!(e.message.as_deref(), Some("Topic 'a.b' already exists."));
        let c = NewTopic {
            name: "a_b".into(),
            num_partitions: 1,
            replication_factor: 1,
            ..Default::default()
        };
        assert_eq!(
            create_topic(&img, &c, D).unwrap_err().code,
            E::InvalidTopicException.code()
        );
    }

    #[test]
    fn bad_counts_are_refused_with_kafka_messages() {
        let img = image();
        let rf3 = NewTopic {
            name: "x".into(),
            num_partitions: 1,
            replication_factor: 3,
            ..Default::default()
        };
        let e = create_topic(&img, &rf3, D).unwrap_err();
        assert_eq!(e.code, E::InvalidReplicationFactor.code());
        assert_eq!(
            e.message.unwrap(),
            "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered."
        );
        let p0 = NewTopic {
            name: "x".into(),
            num_partitions: 0,
            replication_factor: 1,
            ..Default::default()
        };
        assert_eq!(
            create_topic(&img, &p0, D).unwrap_err().code,
            E::InvalidPartitions.code()
        );
        let cfg = NewTopic {
            name: "x".into(),
            num_partitions: 1,
            replication_factor: 1,
            configs: vec![("retention.ms".into(), Some("x".into()))],
            ..Default::default()
        };
        assert_eq!(
            create_topic(&img, &cfg, D).unwrap_err().code,
            E::InvalidConfig.code()
        );
    }

    #[test]
    fn partitions_only_grow() {
        let mut img = image();
        let t = NewTopic {
            name: "g".into(),
            num_partitions: 2,
            replication_factor: 1,
            ..Default::default()
        };
        let recs = create_topic(&img, &t, D).unwrap().0;
        apply(&mut img, &recs);
        assert_eq!(
            create_partitions(&img, "g", 1, None)
                .unwrap_err()
                .message
                .unwrap(),
            "The topic g currently has 2 partition(s); 1 would not be an increase."
        );
        assert_eq!(
            create_partitions(&img, "g", 2, None)
                .unwrap_err()
                .message
                .unwrap(),
            "Topic already has 2 partition(s)."
        );
        let recs = create_partitions(&img, "g", 5, None).unwrap();
        apply(&mut img, &recs);
        assert_eq!(img.topics["g"].partitions.len(), 5);
    }

    #[test]
    fn incremental_config_changes() {
        let mut img = image();
        let t = NewTopic {
            name: "c".into(),
            num_partitions: 1,
            replication_factor: 1,
            ..Default::default()
        };
        let recs = create_topic(&img, &t, D).unwrap().0;
        apply(&mut img, &recs);
        let set = [
            ConfigOp::Set("retention.ms".into(), "1000".into()),
            ConfigOp::Append("cleanup.policy".into(), "compact".into()),
        ];
        let recs = alter_configs(&img, RESOURCE_TOPIC, "c", &set, false, 1).unwrap();
        apply(&mut img, &recs);
        assert_eq!(img.topics["c"].configs["cleanup.policy"], "delete,compact");
        let recs = alter_configs(
            &img,
            RESOURCE_TOPIC,
            "c",
            &[ConfigOp::Delete("retention.ms".into())],
            false,
            1,
        )
        .unwrap();
        apply(&mut img, &recs);
        assert!(!img.topics["c"].configs.contains_key("retention.ms"));
        let bad = alter_configs(
            &img,
            RESOURCE_TOPIC,
            "c",
            &[ConfigOp::Set("nope".into(), "1".into())],
            false,
            1,
        );
        assert_eq!(bad.unwrap_err().code, E::InvalidConfig.code());
    }

    #[test]
    fn group_configs_for_a_group_that_does_not_exist_yet() {
        let mut img = image();
        let layers = BrokerLayers::default();
        let set = [
            ConfigOp::Set("consumer.session.timeout.ms".into(), "60000".into()),
            ConfigOp::Set("consumer.heartbeat.interval.ms".into(), "6000".into()),
        ];
        let recs = alter_group_configs(&img, "g", &set, false, &layers).unwrap();
        assert_eq!(recs.len(), 2);
        apply(&mut img, &recs);
        assert_eq!(
            img.group_configs["g"]["consumer.session.timeout.ms"],
            "60000"
        );

        // Invalid values, unknown keys and lists are refused with Kafka's codes and texts.
        let refused =
            |ops: &[ConfigOp]| alter_group_configs(&img, "g", ops, false, &layers).unwrap_err();
        let e = refused(&[ConfigOp::Set(
            "consumer.session.timeout.ms".into(),
            "1000".into(),
        )]);
        assert_eq!(e.code, E::InvalidConfig.code());
        assert_eq!(
            e.message.as_deref(),
            Some(
                "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms"
            )
        );
        let e = refused(&[ConfigOp::Set("x".into(), "1".into())]);
        assert_eq!(e.message.as_deref(), Some("Unknown group config name: x"));
        let e = refused(&[ConfigOp::Append(
            "consumer.session.timeout.ms".into(),
            "1".into(),
        )]);
        assert_eq!(
            e.message.as_deref(),
            Some("Can't APPEND to key consumer.session.timeout.ms because its type is not LIST.")
        );
        let e = alter_group_configs(&img, "", &set, false, &layers).unwrap_err();
        assert_eq!(e.code, E::InvalidRequest.code());
        assert_eq!(
            e.message.as_deref(),
            Some("Default group resources are not allowed.")
        );

        // DELETE falls back to the default; the last one removes the group's entry.
        let del = [ConfigOp::Delete("consumer.heartbeat.interval.ms".into())];
        let recs = alter_group_configs(&img, "g", &del, false, &layers).unwrap();
        apply(&mut img, &recs);
        assert!(!img.group_configs["g"].contains_key("consumer.heartbeat.interval.ms"));
        // Deleting what is not set changes nothing.
        assert!(
            alter_group_configs(&img, "g", &del, false, &layers)
                .unwrap()
                .is_empty()
        );
        let last = [ConfigOp::Delete("consumer.session.timeout.ms".into())];
        let recs = alter_group_configs(&img, "g", &last, false, &layers).unwrap();
        apply(&mut img, &recs);
        assert!(!img.group_configs.contains_key("g"));

        // Legacy AlterConfigs replaces the whole set.
        let recs = alter_group_configs(&img, "h", &set, false, &layers).unwrap();
        apply(&mut img, &recs);
        let only = [ConfigOp::Set(
            "share.isolation.level".into(),
            "read_committed".into(),
        )];
        let recs = alter_group_configs(&img, "h", &only, true, &layers).unwrap();
        apply(&mut img, &recs);
        assert_eq!(img.group_configs["h"].len(), 1);
    }
}
