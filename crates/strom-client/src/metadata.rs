//! The cluster as the Metadata API describes it: brokers, topics, partitions, leaders.

use std::collections::BTreeMap;
use std::time::Instant;

use kafka_protocol::messages::MetadataResponse;
use uuid::Uuid;

use crate::error::KafkaError;

/// A broker as advertised in Metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerInfo {
    pub node_id: i32,
    pub host: String,
    pub port: i32,
    pub rack: Option<String>,
}

impl BrokerInfo {
    pub fn addr(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// One partition of a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionMetadata {
    pub partition: i32,
    /// -1 when the partition has no leader.
    pub leader: i32,
    pub leader_epoch: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub offline_replicas: Vec<i32>,
    pub error: Option<KafkaError>,
}

/// One topic; `error` is set (and partitions empty) when the broker could not describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicMetadata {
    pub name: String,
    pub topic_id: Uuid,
    pub is_internal: bool,
    /// Sorted by partition index.
    pub partitions: Vec<PartitionMetadata>,
    pub error: Option<KafkaError>,
}

impl TopicMetadata {
    pub fn partition(&self, p: i32) -> Option<&PartitionMetadata> {
        self.partitions.iter().find(|m| m.partition == p)
    }

    /// The replica count of the first partition, as `kafka-topics` reports it.
    pub fn replication_factor(&self) -> usize {
        self.partitions
            .first()
            .map(|p| p.replicas.len())
            .unwrap_or(0)
    }
}

/// A snapshot of what we know about the cluster.
#[derive(Debug, Clone)]
pub struct ClusterMetadata {
    pub cluster_id: Option<String>,
    pub controller_id: i32,
    pub brokers: BTreeMap<i32, BrokerInfo>,
    pub topics: BTreeMap<String, TopicMetadata>,
    pub fetched_at: Instant,
}

impl Default for ClusterMetadata {
    fn default() -> Self {
        ClusterMetadata {
            cluster_id: None,
            controller_id: -1,
            brokers: BTreeMap::new(),
            topics: BTreeMap::new(),
            fetched_at: Instant::now(),
        }
    }
}

impl ClusterMetadata {
    /// Build from a Metadata response.
    pub fn from_response(resp: &MetadataResponse) -> ClusterMetadata {
        let brokers = resp
            .brokers
            .iter()
            .map(|b| {
                let info = BrokerInfo {
                    node_id: b.node_id.0,
                    host: b.host.to_string(),
                    port: b.port,
                    rack: b.rack.as_ref().map(|r| r.to_string()),
                };
                (info.node_id, info)
            })
            .collect();
        let topics = resp
            .topics
            .iter()
            .filter_map(|t| {
                let name = t.name.as_ref()?.0.to_string();
                let mut partitions: Vec<PartitionMetadata> = t
                    .partitions
                    .iter()
                    .map(|p| PartitionMetadata {
                        partition: p.partition_index,
                        leader: p.leader_id.0,
                        leader_epoch: p.leader_epoch,
                        replicas: p.replica_nodes.iter().map(|b| b.0).collect(),
                        isr: p.isr_nodes.iter().map(|b| b.0).collect(),
                        offline_replicas: p.offline_replicas.iter().map(|b| b.0).collect(),
                        error: KafkaError::from_code(p.error_code, None),
                    })
                    .collect();
                partitions.sort_by_key(|p| p.partition);
                let topic = TopicMetadata {
                    name: name.clone(),
                    topic_id: t.topic_id,
                    is_internal: t.is_internal,
                    partitions,
                    error: KafkaError::from_code(t.error_code, None),
                };
                Some((name, topic))
            })
            .collect();
        ClusterMetadata {
            cluster_id: resp.cluster_id.as_ref().map(|c| c.to_string()),
            controller_id: resp.controller_id.0,
            brokers,
            topics,
            fetched_at: Instant::now(),
        }
    }

    /// Fold a response for some topics into this snapshot (brokers are replaced).
    pub fn merge(&mut self, newer: ClusterMetadata) {
        self.cluster_id = newer.cluster_id.or(self.cluster_id.take());
        self.controller_id = newer.controller_id;
        if !newer.brokers.is_empty() {
            self.brokers = newer.brokers;
        }
        self.topics.extend(newer.topics);
        self.fetched_at = newer.fetched_at;
    }

    pub fn topic(&self, name: &str) -> Option<&TopicMetadata> {
        self.topics.get(name)
    }

    /// The leader of a partition, when it has one.
    pub fn leader(&self, topic: &str, partition: i32) -> Option<i32> {
        let p = self.topics.get(topic)?.partition(partition)?;
        (p.leader >= 0).then_some(p.leader)
    }
}

/// Kafka prints topic ids as the 16 UUID bytes in URL-safe base64 without padding (22 chars).
pub fn topic_id_string(id: &Uuid) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = id.as_bytes();
    let mut out = String::with_capacity(22);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 0x3f) as usize;
            out.push(char::from(ALPHABET.get(idx).copied().unwrap_or(b'A')));
        }
    }
    out
}

/// Parse a topic id printed by [`topic_id_string`] (or a hyphenated UUID).
pub fn parse_topic_id(s: &str) -> Option<Uuid> {
    if let Ok(u) = Uuid::parse_str(s) {
        return Some(u);
    }
    let s = s.trim_end_matches('=');
    if s.len() != 22 {
        return None;
    }
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = Vec::with_capacity(16);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    Uuid::from_slice(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_id_base64url_round_trip() {
        let id = Uuid::from_bytes([
            0xf9, 0x6b, 0x0e, 0x4c, 0x7d, 0x39, 0x4b, 0x0f, 0x8c, 0x63, 0x5a, 0x93, 0x9c, 0x52,
            0x3a, 0xff,
        ]);
        let s = topic_id_string(&id);
        assert_eq!(s.len(), 22);
        assert_eq!(s, "-WsOTH05Sw-MY1qTnFI6_w");
        assert_eq!(parse_topic_id(&s), Some(id));
        assert_eq!(topic_id_string(&Uuid::nil()), "AAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(parse_topic_id(&id.to_string()), Some(id));
        assert_eq!(parse_topic_id("short"), None);
    }
}
