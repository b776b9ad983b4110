//! DescribeLogDirs (what `kafka-log-dirs` needs from Kafka's Admin): each broker's log
//! directories and the size of every partition replica stored in them.
//!
//! One request per broker. A broker's top-level error (v3+) fails the call, as a failed future
//! of Kafka's `DescribeLogDirsResult` does; a directory's own error (KAFKA_STORAGE_ERROR for an
//! offline directory) is reported in its [`LogDirDescription`].

use std::collections::BTreeMap;

use kafka_protocol::messages::DescribeLogDirsRequest;
use kafka_protocol::messages::describe_log_dirs_request::DescribableLogDirTopic;

use crate::admin::Admin;
use crate::coordinator::topic_name;
use crate::error::{Error, KafkaError, Result};
use crate::offsets::TopicPartition;

/// One partition replica in a log directory (Kafka's `ReplicaInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplicaInfo {
    /// Bytes of the replica's segments.
    pub size: i64,
    /// How far a future replica lags the current one (0 otherwise).
    pub offset_lag: i64,
    /// A replica being moved into this directory (`ALTER_REPLICA_LOG_DIRS`).
    pub is_future: bool,
}

/// One log directory of a broker (Kafka's `LogDirDescription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogDirDescription {
    /// The absolute path of the directory on the broker.
    pub path: String,
    /// The directory's error (KAFKA_STORAGE_ERROR when it is offline).
    pub error: Option<KafkaError>,
    pub replicas: BTreeMap<TopicPartition, ReplicaInfo>,
    /// Size of the directory's volume in bytes (v4+; `None` when not reported).
    pub total_bytes: Option<i64>,
    /// Usable bytes on the directory's volume (v4+; `None` when not reported).
    pub usable_bytes: Option<i64>,
}

impl Admin {
    /// The log directories of every broker in the cluster, with the partitions of `topics`
    /// (`None`: all topics).
    pub async fn describe_log_dirs(
        &self,
        topics: Option<Vec<String>>,
    ) -> Result<BTreeMap<i32, Vec<LogDirDescription>>> {
        let meta = self.client.refresh_metadata(Some(&[])).await?;
        let brokers: Vec<i32> = meta.brokers.keys().copied().collect();
        self.describe_log_dirs_on(&brokers, topics).await
    }

    /// The log directories of the given brokers, with the partitions of `topics` (`None`: all
    /// topics). Topics that do not exist are simply absent from the answer.
    pub async fn describe_log_dirs_on(
        &self,
        brokers: &[i32],
        topics: Option<Vec<String>>,
    ) -> Result<BTreeMap<i32, Vec<LogDirDescription>>> {
        // The request names partitions; a topic list is resolved through metadata.
        let wanted: Option<Vec<DescribableLogDirTopic>> = match topics {
            None => None,
            Some(names) if names.is_empty() => Some(Vec::new()),
            Some(names) => {
                let meta = self.client.refresh_metadata(Some(&names)).await?;
                Some(
                    names
                        .iter()
                        .filter_map(|n| meta.topic(n))
                        .filter(|t| t.error.is_none())
                        .map(|t| {
                            DescribableLogDirTopic::default()
                                .with_topic(topic_name(&t.name))
                                .with_partitions(t.partitions.iter().map(|p| p.partition).collect())
                        })
                        .collect(),
                )
            }
        };
        let mut out = BTreeMap::new();
        for &broker in brokers {
            let resp = self
                .client
                .send_to_node(broker, None, |_v| {
                    DescribeLogDirsRequest::default().with_topics(wanted.clone())
                })
                .await?;
            if let Some(e) = KafkaError::from_code(resp.error_code, None) {
                return Err(Error::Kafka(e));
            }
            let dirs = resp
                .results
                .iter()
                .map(|d| {
                    let mut replicas = BTreeMap::new();
                    for t in &d.topics {
                        for p in &t.partitions {
                            replicas.insert(
                                (t.name.0.to_string(), p.partition_index),
                                ReplicaInfo {
                                    size: p.partition_size,
                                    offset_lag: p.offset_lag,
                                    is_future: p.is_future_key,
                                },
                            );
                        }
                    }
                    LogDirDescription {
                        path: d.log_dir.to_string(),
                        error: KafkaError::from_code(d.error_code, None),
                        replicas,
                        total_bytes: (d.total_bytes >= 0).then_some(d.total_bytes),
                        usable_bytes: (d.usable_bytes >= 0).then_some(d.usable_bytes),
                    }
                })
                .collect();
            out.insert(broker, dirs);
        }
        Ok(out)
    }
}
