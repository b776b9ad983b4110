//! The typed records of the metadata log. Each commit appends one record batch whose record
//! values are these records in JSON, so the metadata log is an ordinary Kafka-format log.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Kafka's ConfigResource types.
pub const RESOURCE_TOPIC: i8 = 2;
pub const RESOURCE_BROKER: i8 = 4;
pub const RESOURCE_GROUP: i8 = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum MetadataRecord {
    Topic {
        name: String,
        id: Uuid,
    },
    Partition {
        topic_id: Uuid,
        partition: i32,
        replicas: Vec<i32>,
        isr: Vec<i32>,
        leader: i32,
        leader_epoch: i32,
        partition_epoch: i32,
    },
    RemoveTopic {
        id: Uuid,
    },
    /// `value: None` deletes the override.
    Config {
        resource_type: i8,
        resource_name: String,
        name: String,
        value: Option<String>,
    },
    /// Producer ids below `next` have been handed out.
    ProducerIds {
        next: i64,
    },
}
