//! strom-client: the async Kafka client behind strom's tools.
//!
//! It owns the client side of the wire: connections with API version negotiation
//! ([`connection`]), cluster metadata ([`metadata`], [`client`]), topic administration
//! ([`admin`], with consumer-group administration in [`admin_groups`] and the metadata quorum
//! in [`admin_quorum`]), a batching producer ([`producer`]), an assign-mode consumer
//! ([`consumer`]) and a consumer-group member ([`group_consumer`]: classic protocol, `range`
//! and `roundrobin` assignors, Kafka's ConsumerProtocol in [`consumer_protocol`]). Record
//! batches are built and parsed here ([`batch_encoder`], [`batch_decoder`]); messages are
//! encoded with the kafka-protocol crate.
//! It is not a full replacement for librdkafka: no transactions, SASL or KIP-848 consumer yet.
//!
//! ```no_run
//! # async fn demo() -> strom_client::Result<()> {
//! use strom_client::{Admin, Client, ClientConfig};
//! let client = Client::connect("127.0.0.1:9092", ClientConfig::default()).await?;
//! let topics = Admin::new(client).list_topics().await?;
//! for name in topics.topics.keys() {
//!     println!("{name}");
//! }
//! # Ok(())
//! # }
//! ```
#![cfg_attr(test, allow(clippy::expect_used, clippy::unwrap_used))]

mod accumulator;
pub mod admin;
pub mod admin_acls;
pub mod admin_configs;
pub mod admin_groups;
pub mod admin_log_dirs;
pub mod admin_quorum;
pub mod admin_records;
pub mod assignor;
pub mod batch_decoder;
pub mod batch_encoder;
pub mod client;
pub mod config;
pub mod connection;
pub mod consumer;
pub mod consumer_protocol;
pub mod coordinator;
pub mod delivery;
pub mod error;
pub mod group_config;
pub mod group_consumer;
mod leaders;
pub mod list_offsets;
mod membership;
pub mod metadata;
pub mod murmur2;
pub mod offsets;
pub mod producer;
mod producer_config;
mod sender;
mod varint;

pub use admin::{Admin, ConfigEntry, CreatedTopic, NewTopic};
pub use admin_acls::{AccessControlEntry, AclBinding, ResourcePattern};
pub use admin_groups::{GroupDescription, GroupListing, MemberDescription};
pub use admin_log_dirs::{LogDirDescription, ReplicaInfo};
pub use admin_quorum::{QuorumEndpoint, QuorumInfo, QuorumReplica};
pub use batch_decoder::Record;
pub use batch_encoder::Header;
pub use client::Client;
pub use config::{ClientConfig, Properties};
pub use consumer::{Consumer, ConsumerConfig, ConsumerRecord, IsolationLevel, OffsetSpec};
pub use delivery::{BatchDelivery, DeliveryListener, RecordMark};
pub use error::{Error, KafkaError, Result};
pub use group_config::GroupConfig;
pub use group_consumer::{GroupConsumer, TopicSubscription};
pub use kafka_protocol::records::{Compression, TimestampType};
pub use list_offsets::{ListOffsetsSpec, OffsetAndTimestamp};
pub use metadata::{
    BrokerInfo, ClusterMetadata, PartitionMetadata, TopicMetadata, topic_id_string,
};
pub use offsets::{CommittedOffset, OffsetToCommit, TopicPartition};
pub use producer::{Acks, Producer, ProducerConfig, ProducerRecord};
pub use uuid::Uuid;
