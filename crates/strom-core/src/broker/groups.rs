//! The group coordinator's runtime: the internal `__consumer_offsets` topic, appends to it,
//! loading at start-up, settings from the broker configuration, and the topic view the
//! consumer-group assignors use.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use kafka_protocol::records::RecordBatchDecoder;
use uuid::Uuid;

use super::Broker;
use super::api::util::now_ms;
use crate::config::group;
use crate::controller::image::MetadataImage;
use crate::controller::plan::{self, NewTopic, TopicDefaults};
use crate::coordinator::classic::ClassicConfig;
use crate::coordinator::consumer::{ConsumerConfig, TopicLookup};
use crate::coordinator::{Appender, Durable, OFFSETS_TOPIC, Settings};
use crate::error::ApiError;
use crate::log::batch;

impl Broker {
    /// Coordinator settings; `partitions` is the offsets topic's actual partition count.
    pub fn group_settings(&self, partitions: i32) -> Settings {
        let int = |k: &str, d: i64| self.broker_long(k, d);
        let clamp = |v: i64| v.clamp(0, i64::from(i32::MAX)) as usize;
        Settings {
            partitions,
            classic: ClassicConfig {
                initial_rebalance_delay_ms: int("group.initial.rebalance.delay.ms", 3000).max(0),
                new_member_join_timeout_ms: 300_000,
                max_size: clamp(int("group.max.size", i64::from(i32::MAX))),
            },
            consumer: ConsumerConfig {
                session_timeout_ms: int("group.consumer.session.timeout.ms", 45_000).max(1),
                heartbeat_interval_ms: int("group.consumer.heartbeat.interval.ms", 5000)
                    .clamp(1, i64::from(i32::MAX)) as i32,
                max_size: clamp(int("group.consumer.max.size", i64::from(i32::MAX))),
            },
            min_session_timeout_ms: int("group.min.session.timeout.ms", 6000) as i32,
            max_session_timeout_ms: int("group.max.session.timeout.ms", 1_800_000) as i32,
            offset_metadata_max_bytes: clamp(int("offset.metadata.max.bytes", 4096)),
            offsets_retention_ms: int("offsets.retention.minutes", 10080).saturating_mul(60_000),
        }
    }

    /// The consumer-protocol settings of one group: the broker's, under the group's own
    /// `consumer.session.timeout.ms` and `consumer.heartbeat.interval.ms` (group configs), as
    /// Kafka's coordinator looks them up on every heartbeat.
    pub fn consumer_config_of(&self, group_id: &str, base: ConsumerConfig) -> ConsumerConfig {
        let image = self.image();
        let Some(overrides) = image.group_configs.get(group_id) else {
            return base;
        };
        ConsumerConfig {
            session_timeout_ms: group::int_override(overrides, group::CONSUMER_SESSION_TIMEOUT_MS)
                .map_or(base.session_timeout_ms, |v| v.max(1)),
            heartbeat_interval_ms: group::int_override(
                overrides,
                group::CONSUMER_HEARTBEAT_INTERVAL_MS,
            )
            .map_or(base.heartbeat_interval_ms, |v| {
                v.clamp(1, i64::from(i32::MAX)) as i32
            }),
            ..base
        }
    }

    /// The offsets topic's partition count, creating the topic on first use as Kafka does.
    pub async fn ensure_offsets_topic(&self) -> Result<i32, ApiError> {
        if let Some(t) = self.image().topic(OFFSETS_TOPIC) {
            return Ok(t.partitions.len() as i32);
        }
        let segment_bytes = self
            .broker_long("offsets.topic.segment.bytes", 104_857_600)
            .to_string();
        let t = NewTopic {
            name: OFFSETS_TOPIC.to_string(),
            num_partitions: self.broker_long("offsets.topic.num.partitions", 50) as i32,
            replication_factor: self.broker_long("offsets.topic.replication.factor", 1) as i16,
            assignments: Vec::new(),
            configs: vec![
                ("cleanup.policy".into(), Some("compact".into())),
                ("compression.type".into(), Some("producer".into())),
                ("segment.bytes".into(), Some(segment_bytes)),
            ],
        };
        let defaults = TopicDefaults {
            num_partitions: 50,
            replication_factor: 1,
        };
        match self
            .commit(|img| plan::create_topic(img, &t, defaults).map(|(r, _, _)| (r, ())))
            .await
        {
            Ok(()) => tracing::info!(
                partitions = t.num_partitions,
                "Created the __consumer_offsets topic."
            ),
            Err(e) if e.code == E::TopicAlreadyExists.code() => {}
            Err(e) => {
                tracing::error!(error = %e, "Cannot create __consumer_offsets.");
                return Err(ApiError::new(
                    E::CoordinatorNotAvailable,
                    "the offsets topic cannot be created",
                ));
            }
        }
        self.image()
            .topic(OFFSETS_TOPIC)
            .map(|t| t.partitions.len() as i32)
            .ok_or_else(|| ApiError::code(E::CoordinatorNotAvailable))
    }

    /// Settings for a group request, creating the offsets topic if needed.
    pub async fn coordinator_settings(&self) -> Result<Settings, E> {
        let partitions = self
            .ensure_offsets_topic()
            .await
            .map_err(|_| E::CoordinatorNotAvailable)?;
        Ok(self.group_settings(partitions))
    }

    /// Wait until an append to `__consumer_offsets` is durable (a commit is acknowledged only
    /// then).
    pub async fn wait_durable(&self, d: Option<Durable>) -> Result<(), E> {
        let Some(d) = d else { return Ok(()) };
        let Some(p) = self.replicas.partition(OFFSETS_TOPIC, d.partition) else {
            return Err(E::NotCoordinator);
        };
        p.wait_for_hw(d.offset, Duration::from_secs(30))
            .await
            .map_err(|e| match e {
                E::RequestTimedOut => E::RequestTimedOut,
                _ => E::NotCoordinator,
            })
    }

    /// The coordinator's timers (session timeouts, rebalance phases).
    pub(super) fn tick_groups(&self) {
        let Some(t) = self.image().topic(OFFSETS_TOPIC).cloned() else {
            return;
        };
        let settings = self.group_settings(t.partitions.len() as i32);
        let lookup = ImageTopics(self.image());
        self.groups.tick(
            &lookup,
            &settings,
            &OffsetsAppender { broker: self },
            now_ms(),
        );
    }

    /// Remove committed offsets past `offsets.retention.minutes`.
    pub(super) fn expire_offsets(&self) {
        let Some(t) = self.image().topic(OFFSETS_TOPIC).cloned() else {
            return;
        };
        let settings = self.group_settings(t.partitions.len() as i32);
        self.groups
            .expire_offsets(&settings, &OffsetsAppender { broker: self }, now_ms());
    }

    /// Replay every `__consumer_offsets` partition into the coordinator (start-up).
    pub(super) fn load_groups(&self) {
        let Some(topic) = self.replicas.map().by_name.get(OFFSETS_TOPIC).cloned() else {
            return;
        };
        let now = now_ms();
        let mut records = 0usize;
        for p in &topic.partitions {
            let log = p.log.lock();
            let mut next = log.log_start_offset();
            while let Ok(Some(plan)) = log.plan_read(next) {
                let Ok(mut bytes) = plan.read(16 << 20, true) else {
                    break;
                };
                if bytes.is_empty() {
                    break;
                }
                while !bytes.is_empty() {
                    let Ok(set) = RecordBatchDecoder::decode(&mut bytes) else {
                        bytes.clear();
                        break;
                    };
                    for r in set.records {
                        next = r.offset + 1;
                        if r.control {
                            continue;
                        }
                        if let Some(k) = r.key {
                            self.groups.replay(k, r.value, now);
                            records += 1;
                        }
                    }
                }
            }
        }
        let base = self.group_settings(0).consumer;
        self.groups.restart_sessions(
            |group| self.consumer_config_of(group, base).session_timeout_ms,
            now_ms(),
        );
        let groups = self.groups.with_state(|s| s.groups.len());
        tracing::info!(records, groups, "Loaded consumer groups and offsets.");
    }
}

/// Appends to `__consumer_offsets` partitions through the normal log path.
pub struct OffsetsAppender<'a> {
    pub broker: &'a Broker,
}

impl Appender for OffsetsAppender<'_> {
    fn append(&self, partition: i32, records: Vec<(Bytes, Option<Bytes>)>) -> Result<i64, E> {
        let Some(p) = self.broker.replicas.partition(OFFSETS_TOPIC, partition) else {
            return Err(E::NotCoordinator);
        };
        if p.is_offline() {
            return Err(E::KafkaStorageError);
        }
        let now = now_ms();
        let buf = batch::encode_records(records.into_iter().map(|(k, v)| (Some(k), v)), -1, now)
            .map_err(|_| E::UnknownServerError)?;
        let mut log = p.log.lock();
        let info = log.append(&buf, p.leader_epoch(), now).map_err(|e| {
            tracing::error!(error = %e, "Append to __consumer_offsets failed.");
            E::KafkaStorageError
        })?;
        let hw = log.high_watermark();
        drop(log);
        if self.broker.replicas.hw_follows_flush() {
            self.broker.replicas.flusher().request(&p);
        } else {
            p.publish_hw(hw);
        }
        Ok(info.last_offset)
    }
}

/// The metadata image as the consumer-group assignors see topics.
pub struct ImageTopics(pub Arc<MetadataImage>);

impl TopicLookup for ImageTopics {
    fn topic(&self, name: &str) -> Option<(Uuid, i32)> {
        self.0
            .topic(name)
            .filter(|t| !t.is_internal())
            .map(|t| (t.id, t.partitions.len() as i32))
    }

    fn names(&self) -> Vec<String> {
        self.0
            .topics
            .values()
            .filter(|t| !t.is_internal())
            .map(|t| t.name.clone())
            .collect()
    }
}

/// Topic name -> partition count, for validating commits.
pub fn partition_counts(image: &MetadataImage) -> BTreeMap<String, i32> {
    image
        .topics
        .values()
        .map(|t| (t.name.clone(), t.partitions.len() as i32))
        .collect()
}
