//! Topic administration: create, delete, describe, add partitions, read configs, cluster info.
//!
//! Per-topic outcomes are returned as `Result`s inside `Ok(..)`: a request that reached the
//! broker succeeded even when some topics were refused, and the caller decides what to print.

use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::messages::create_partitions_request::{
    CreatePartitionsAssignment, CreatePartitionsTopic,
};
use kafka_protocol::messages::create_topics_request::{
    CreatableReplicaAssignment, CreatableTopic, CreatableTopicConfig,
};
use kafka_protocol::messages::delete_topics_request::DeleteTopicState;
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::{
    BrokerId, CreatePartitionsRequest, CreateTopicsRequest, DeleteTopicsRequest,
    DescribeClusterRequest, DescribeConfigsRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, KafkaError, Result};
use crate::metadata::{ClusterMetadata, TopicMetadata};

/// A topic to create. `partitions` / `replication_factor` of -1 use the broker defaults.
#[derive(Debug, Clone, Default)]
pub struct NewTopic {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i16,
    /// Manual replica assignment: (partition, broker ids). Excludes the two counts above.
    pub assignments: Vec<(i32, Vec<i32>)>,
    pub configs: Vec<(String, String)>,
}

/// What the broker reported for a created topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedTopic {
    pub name: String,
    pub topic_id: Uuid,
    pub partitions: i32,
    pub replication_factor: i16,
}

/// One entry of DescribeConfigs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    pub value: Option<String>,
    /// Kafka's ConfigSource: 1 dynamic topic, 4 static broker, 5 default, ...
    pub source: i8,
    pub read_only: bool,
    pub is_sensitive: bool,
}

impl ConfigEntry {
    /// Source DEFAULT_CONFIG (5): not an override. Anything else counts as one, as in
    /// `kafka-topics --describe` (broker-static values show up too).
    pub fn is_default(&self) -> bool {
        self.source == 5
    }
}

/// Cluster identity and brokers (DescribeCluster).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterInfo {
    pub cluster_id: String,
    pub controller_id: i32,
    pub brokers: Vec<(i32, String, i32)>,
}

const RESOURCE_TOPIC: i8 = 2;

/// Admin operations over a [`Client`].
#[derive(Debug, Clone)]
pub struct Admin {
    pub(crate) client: Client,
    pub(crate) timeout: Duration,
}

fn name(s: &str) -> TopicName {
    TopicName(StrBytes::from_string(s.to_string()))
}

fn text(s: &StrBytes) -> String {
    s.as_str().to_string()
}

impl Admin {
    pub fn new(client: Client) -> Admin {
        let timeout = client.config().request_timeout;
        Admin { client, timeout }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    fn timeout_ms(&self) -> i32 {
        i32::try_from(self.timeout.as_millis()).unwrap_or(i32::MAX)
    }

    /// Create topics; each gets its own outcome.
    pub async fn create_topics(
        &self,
        topics: &[NewTopic],
        validate_only: bool,
    ) -> Result<Vec<(String, Result<CreatedTopic, KafkaError>)>> {
        let req = CreateTopicsRequest::default()
            .with_topics(
                topics
                    .iter()
                    .map(|t| {
                        CreatableTopic::default()
                            .with_name(name(&t.name))
                            .with_num_partitions(if t.assignments.is_empty() {
                                t.partitions
                            } else {
                                -1
                            })
                            .with_replication_factor(if t.assignments.is_empty() {
                                t.replication_factor
                            } else {
                                -1
                            })
                            .with_assignments(
                                t.assignments
                                    .iter()
                                    .map(|(p, ids)| {
                                        CreatableReplicaAssignment::default()
                                            .with_partition_index(*p)
                                            .with_broker_ids(
                                                ids.iter().map(|&b| BrokerId(b)).collect(),
                                            )
                                    })
                                    .collect(),
                            )
                            .with_configs(
                                t.configs
                                    .iter()
                                    .map(|(k, v)| {
                                        CreatableTopicConfig::default()
                                            .with_name(StrBytes::from_string(k.clone()))
                                            .with_value(Some(StrBytes::from_string(v.clone())))
                                    })
                                    .collect(),
                            )
                    })
                    .collect(),
            )
            .with_timeout_ms(self.timeout_ms())
            .with_validate_only(validate_only);
        let resp = self.client.send_controller(&req).await?;
        Ok(resp
            .topics
            .iter()
            .map(|r| {
                let outcome =
                    match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                        Some(e) => Err(e),
                        None => Ok(CreatedTopic {
                            name: r.name.0.to_string(),
                            topic_id: r.topic_id,
                            partitions: r.num_partitions,
                            replication_factor: r.replication_factor,
                        }),
                    };
                (r.name.0.to_string(), outcome)
            })
            .collect())
    }

    /// Delete topics by name.
    pub async fn delete_topics(
        &self,
        names: &[String],
    ) -> Result<Vec<(String, Result<(), KafkaError>)>> {
        let req = DeleteTopicsRequest::default()
            .with_topic_names(names.iter().map(|n| name(n)).collect())
            .with_topics(
                names
                    .iter()
                    .map(|n| DeleteTopicState::default().with_name(Some(name(n))))
                    .collect(),
            )
            .with_timeout_ms(self.timeout_ms());
        let resp = self.client.send_controller(&req).await?;
        Ok(resp
            .responses
            .iter()
            .map(|r| {
                let n = r.name.as_ref().map(|n| n.0.to_string()).unwrap_or_default();
                let outcome =
                    match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                        Some(e) => Err(e),
                        None => Ok(()),
                    };
                (n, outcome)
            })
            .collect())
    }

    /// Grow a topic to `count` partitions.
    pub async fn create_partitions(
        &self,
        topic: &str,
        count: i32,
        assignments: Option<Vec<Vec<i32>>>,
        validate_only: bool,
    ) -> Result<Result<(), KafkaError>> {
        let t = CreatePartitionsTopic::default()
            .with_name(name(topic))
            .with_count(count)
            .with_assignments(assignments.map(|a| {
                a.into_iter()
                    .map(|ids| {
                        CreatePartitionsAssignment::default()
                            .with_broker_ids(ids.into_iter().map(BrokerId).collect())
                    })
                    .collect()
            }));
        let req = CreatePartitionsRequest::default()
            .with_topics(vec![t])
            .with_timeout_ms(self.timeout_ms())
            .with_validate_only(validate_only);
        let resp = self.client.send_controller(&req).await?;
        let r = resp.results.first().ok_or_else(|| Error::Decode {
            api: "CreatePartitions".into(),
            addr: String::new(),
            message: "empty result list".into(),
        })?;
        Ok(
            match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                Some(e) => Err(e),
                None => Ok(()),
            },
        )
    }

    /// Metadata for every topic (internal ones included).
    pub async fn list_topics(&self) -> Result<Arc<ClusterMetadata>> {
        self.client.refresh_metadata(None).await
    }

    /// Metadata for the given topics; unknown ones come back with an error set.
    pub async fn describe_topics(&self, names: &[String]) -> Result<Vec<TopicMetadata>> {
        let meta = self.client.refresh_metadata(Some(names)).await?;
        Ok(names
            .iter()
            .filter_map(|n| meta.topic(n).cloned())
            .collect())
    }

    /// Topic configs, per topic.
    pub async fn describe_topic_configs(
        &self,
        topics: &[String],
    ) -> Result<Vec<(String, Result<Vec<ConfigEntry>, KafkaError>)>> {
        if topics.is_empty() {
            return Ok(Vec::new());
        }
        let req = DescribeConfigsRequest::default().with_resources(
            topics
                .iter()
                .map(|t| {
                    DescribeConfigsResource::default()
                        .with_resource_type(RESOURCE_TOPIC)
                        .with_resource_name(StrBytes::from_string(t.clone()))
                        .with_configuration_keys(None)
                })
                .collect(),
        );
        let resp = self.client.send_any(&req).await?;
        Ok(resp
            .results
            .iter()
            .map(|r| {
                let outcome =
                    match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                        Some(e) => Err(e),
                        None => Ok(r
                            .configs
                            .iter()
                            .map(|c| ConfigEntry {
                                name: text(&c.name),
                                value: c.value.as_ref().map(text),
                                source: c.config_source,
                                read_only: c.read_only,
                                is_sensitive: c.is_sensitive,
                            })
                            .collect()),
                    };
                (text(&r.resource_name), outcome)
            })
            .collect())
    }

    /// Cluster id, controller and brokers.
    pub async fn describe_cluster(&self) -> Result<ClusterInfo> {
        let resp = self
            .client
            .send_any(&DescribeClusterRequest::default())
            .await?;
        if let Some(e) =
            KafkaError::from_code(resp.error_code, resp.error_message.as_ref().map(text))
        {
            return Err(Error::Kafka(e));
        }
        Ok(ClusterInfo {
            cluster_id: text(&resp.cluster_id),
            controller_id: resp.controller_id.0,
            brokers: resp
                .brokers
                .iter()
                .map(|b| (b.broker_id.0, text(&b.host), b.port))
                .collect(),
        })
    }
}
