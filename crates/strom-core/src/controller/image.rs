//! The metadata image: an immutable snapshot of topics, partitions, configs and brokers,
//! built by applying metadata records, read by request handlers without locks.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use uuid::Uuid;

use super::records::{MetadataRecord, RESOURCE_BROKER, RESOURCE_GROUP, RESOURCE_TOPIC};
use crate::config::Listener;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionImage {
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub leader: i32,
    pub leader_epoch: i32,
    pub partition_epoch: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicImage {
    pub name: String,
    pub id: Uuid,
    pub partitions: Vec<PartitionImage>,
    /// Topic-level overrides (DYNAMIC_TOPIC_CONFIG).
    pub configs: BTreeMap<String, String>,
}

impl TopicImage {
    pub fn is_internal(&self) -> bool {
        self.name == "__consumer_offsets"
            || self.name == "__transaction_state"
            || self.name == "__share_group_state"
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerImage {
    pub node_id: i32,
    /// Advertised listeners.
    pub endpoints: Vec<Listener>,
    pub rack: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct MetadataImage {
    pub cluster_id: String,
    /// Offset of the last applied record batch in the metadata log (-1: none).
    pub offset: i64,
    pub topics: BTreeMap<String, Arc<TopicImage>>,
    pub topic_ids: HashMap<Uuid, String>,
    pub brokers: BTreeMap<i32, BrokerImage>,
    /// Dynamic broker configs by resource name ("" = all brokers).
    pub broker_configs: BTreeMap<String, BTreeMap<String, String>>,
    /// Group config overrides (DYNAMIC_GROUP_CONFIG) by group id; a group may have configs
    /// before it exists. Groups without overrides have no entry.
    pub group_configs: BTreeMap<String, BTreeMap<String, String>>,
    pub next_producer_id: i64,
    pub controller_id: i32,
}

impl MetadataImage {
    pub fn topic(&self, name: &str) -> Option<&Arc<TopicImage>> {
        self.topics.get(name)
    }

    pub fn topic_by_id(&self, id: &Uuid) -> Option<&Arc<TopicImage>> {
        self.topic_ids.get(id).and_then(|n| self.topics.get(n))
    }

    /// Apply one record. Records are produced by the controller's planning step, so unknown
    /// references (a partition for a deleted topic) are ignored rather than fatal.
    pub fn apply(&mut self, rec: &MetadataRecord) {
        match rec {
            MetadataRecord::Topic { name, id } => {
                let configs = self
                    .topics
                    .get(name)
                    .map(|t| t.configs.clone())
                    .unwrap_or_default();
                self.topics.insert(
                    name.clone(),
                    Arc::new(TopicImage {
                        name: name.clone(),
                        id: *id,
                        partitions: Vec::new(),
                        configs,
                    }),
                );
                self.topic_ids.insert(*id, name.clone());
            }
            MetadataRecord::Partition {
                topic_id,
                partition,
                replicas,
                isr,
                leader,
                leader_epoch,
                partition_epoch,
            } => {
                let Some(name) = self.topic_ids.get(topic_id).cloned() else {
                    return;
                };
                let Some(topic) = self.topics.get_mut(&name) else {
                    return;
                };
                let t = Arc::make_mut(topic);
                let p = PartitionImage {
                    replicas: replicas.clone(),
                    isr: isr.clone(),
                    leader: *leader,
                    leader_epoch: *leader_epoch,
                    partition_epoch: *partition_epoch,
                };
                let idx = (*partition).max(0) as usize;
                if idx < t.partitions.len() {
                    if let Some(slot) = t.partitions.get_mut(idx) {
                        *slot = p;
                    }
                } else if idx == t.partitions.len() {
                    t.partitions.push(p);
                }
            }
            MetadataRecord::RemoveTopic { id } => {
                if let Some(name) = self.topic_ids.remove(id) {
                    self.topics.remove(&name);
                }
            }
            MetadataRecord::Config {
                resource_type,
                resource_name,
                name,
                value,
            } => {
                let target = match *resource_type {
                    RESOURCE_TOPIC => match self.topics.get_mut(resource_name) {
                        Some(t) => &mut Arc::make_mut(t).configs,
                        None => return,
                    },
                    RESOURCE_BROKER => self
                        .broker_configs
                        .entry(resource_name.clone())
                        .or_default(),
                    RESOURCE_GROUP => self.group_configs.entry(resource_name.clone()).or_default(),
                    _ => return,
                };
                match value {
                    Some(v) => {
                        target.insert(name.clone(), v.clone());
                    }
                    None => {
                        target.remove(name);
                    }
                }
                if *resource_type == RESOURCE_GROUP
                    && self
                        .group_configs
                        .get(resource_name)
                        .is_some_and(BTreeMap::is_empty)
                {
                    self.group_configs.remove(resource_name);
                }
            }
            MetadataRecord::ProducerIds { next } => {
                self.next_producer_id = self.next_producer_id.max(*next);
            }
        }
    }
}
