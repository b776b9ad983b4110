//! Consumer-group administration (what `kafka-consumer-groups` needs from Kafka's Admin):
//! list, describe and delete groups, and read, alter and delete their committed offsets.
//!
//! Every group call goes to the group's coordinator and retries coordinator moves
//! (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS) and lost
//! connections until the admin timeout. Describe uses ConsumerGroupDescribe (KIP-848) when the
//! coordinator offers it and falls back to DescribeGroups for classic groups, as Kafka 4's
//! Admin does.

use std::collections::BTreeMap;
use std::time::Duration;

use kafka_protocol::messages::offset_delete_request::{
    OffsetDeleteRequestPartition, OffsetDeleteRequestTopic,
};
use kafka_protocol::messages::{
    ApiKey, ConsumerGroupDescribeRequest, DeleteGroupsRequest, DescribeGroupsRequest,
    ListGroupsRequest, OffsetDeleteRequest,
};
use tokio::time::Instant;

use crate::admin::Admin;
use crate::consumer::IsolationLevel;
use crate::consumer_protocol::{Assignment, PROTOCOL_TYPE};
use crate::coordinator::{
    CoordinatorInfo, find_coordinator, group_id, is_coordinator_error, is_transport_error, sb,
    topic_name,
};
use crate::error::{Error, KafkaError, Result};
use crate::list_offsets::{self, ListOffsetsSpec, OffsetAndTimestamp};
use crate::offsets::{self, CommittedOffset, Committer, OffsetToCommit, TopicPartition};

/// A group as ListGroups reports it. `state` needs ListGroups v4+, `group_type` v5+.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupListing {
    pub group_id: String,
    /// `consumer` for consumer groups, empty for groups that only hold committed offsets.
    pub protocol_type: String,
    pub state: Option<String>,
    /// `Classic` or `Consumer` (KIP-848), as Kafka names them.
    pub group_type: Option<String>,
}

impl GroupListing {
    /// Kafka's test for a consumer group in `listConsumerGroups`: protocol type `consumer`,
    /// or none at all (a group created by committing offsets only).
    pub fn is_consumer_group(&self) -> bool {
        (self.protocol_type == PROTOCOL_TYPE || self.protocol_type.is_empty())
            && self.group_type.as_deref().is_none_or(|t| {
                t.eq_ignore_ascii_case("classic") || t.eq_ignore_ascii_case("consumer")
            })
    }
}

/// A group member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDescription {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    /// As the broker reports it, e.g. `/127.0.0.1`.
    pub host: String,
    /// Sorted by topic, then partition.
    pub assignment: Vec<TopicPartition>,
    /// KIP-848 groups: where the member is heading.
    pub target_assignment: Option<Vec<TopicPartition>>,
    /// KIP-848 groups: the member epoch.
    pub member_epoch: Option<i32>,
}

/// A group as DescribeGroups or ConsumerGroupDescribe reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDescription {
    pub group_id: String,
    /// Kafka's state name: `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance`,
    /// `Dead`, `Assigning`, `Reconciling`.
    pub state: String,
    pub protocol_type: String,
    /// The assignor in use (`range`), empty when none.
    pub assignor: String,
    /// `Classic` or `Consumer`.
    pub group_type: String,
    pub coordinator: CoordinatorInfo,
    pub members: Vec<MemberDescription>,
    pub group_epoch: Option<i32>,
    pub target_assignment_epoch: Option<i32>,
}

/// The canonical spelling of a group state (`stable` → `Stable`), if it is one.
pub fn canonical_state(s: &str) -> Option<&'static str> {
    const STATES: [&str; 8] = [
        "Unknown",
        "PreparingRebalance",
        "CompletingRebalance",
        "Stable",
        "Dead",
        "Empty",
        "Assigning",
        "Reconciling",
    ];
    STATES
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(s.trim()))
}

/// The canonical spelling of a group type (`classic` → `Classic`), if it is one.
pub fn canonical_type(s: &str) -> Option<&'static str> {
    ["Classic", "Consumer", "Share", "Streams"]
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(s.trim()))
}

fn sorted(mut v: Vec<TopicPartition>) -> Vec<TopicPartition> {
    v.sort();
    v.dedup();
    v
}

impl Admin {
    /// The same admin with another timeout for its calls (`--timeout`).
    pub fn with_timeout(mut self, timeout: Duration) -> Admin {
        self.timeout = timeout;
        self
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn backoff(&self) -> Duration {
        Duration::from_millis(100)
    }

    /// The coordinator of a group.
    pub async fn find_group_coordinator(&self, group: &str) -> Result<CoordinatorInfo> {
        let deadline = Instant::now() + self.timeout;
        find_coordinator(&self.client, group, deadline, self.backoff()).await
    }

    /// Run `op` against the group's coordinator, looking it up again and retrying after
    /// coordinator errors and lost connections until the timeout.
    async fn on_coordinator<T>(
        &self,
        group: &str,
        mut op: impl AsyncFnMut(&CoordinatorInfo) -> Result<std::result::Result<T, KafkaError>>,
    ) -> Result<T> {
        let deadline = Instant::now() + self.timeout;
        loop {
            let c = find_coordinator(&self.client, group, deadline, self.backoff()).await?;
            let last = match op(&c).await {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) if is_coordinator_error(e.code) => {
                    self.client.drop_coordinator_connection(c.node_id);
                    Error::Kafka(e)
                }
                Ok(Err(e)) => return Err(Error::Kafka(e)),
                Err(e) if is_transport_error(&e) => e,
                Err(e) => return Err(e),
            };
            if Instant::now() + self.backoff() >= deadline {
                return Err(last);
            }
            tokio::time::sleep(self.backoff()).await;
        }
    }

    /// Every group on every broker, filtered by state and type names (case-insensitive;
    /// empty = no filter). The filters go to the broker and are applied here again.
    pub async fn list_groups(
        &self,
        states: &[String],
        types: &[String],
    ) -> Result<Vec<GroupListing>> {
        let states: Vec<&str> = states.iter().filter_map(|s| canonical_state(s)).collect();
        let types: Vec<&str> = types.iter().filter_map(|t| canonical_type(t)).collect();
        let meta = self.client.refresh_metadata(Some(&[])).await?;
        let mut out = Vec::new();
        for &node in meta.brokers.keys() {
            let versions = self.client.node_versions(node, ApiKey::ListGroups).await?;
            if !states.is_empty() && versions.is_none_or(|(_, max)| max < 4) {
                return Err(Error::UnsupportedVersion {
                    api: "ListGroups v4 (state filter)".into(),
                    addr: format!("broker {node}"),
                });
            }
            let resp = self
                .client
                .send_to_node(node, Some(self.timeout), |v| {
                    let mut req = ListGroupsRequest::default();
                    if v >= 4 {
                        req = req.with_states_filter(states.iter().map(|s| sb(s)).collect());
                    }
                    if v >= 5 {
                        req = req.with_types_filter(types.iter().map(|t| sb(t)).collect());
                    }
                    req
                })
                .await?;
            if let Some(e) = KafkaError::from_code(resp.error_code, None) {
                return Err(Error::Kafka(e));
            }
            for g in resp.groups {
                let listing = GroupListing {
                    group_id: g.group_id.0.to_string(),
                    protocol_type: g.protocol_type.to_string(),
                    state: Some(g.group_state.to_string()).filter(|s| !s.is_empty()),
                    group_type: Some(g.group_type.to_string()).filter(|s| !s.is_empty()),
                };
                let state_ok = states.is_empty()
                    || listing
                        .state
                        .as_deref()
                        .is_none_or(|s| states.iter().any(|f| f.eq_ignore_ascii_case(s)));
                let type_ok = types.is_empty()
                    || listing.group_type.as_deref().map_or(
                        types.iter().any(|f| f.eq_ignore_ascii_case("classic")),
                        |t| types.iter().any(|f| f.eq_ignore_ascii_case(t)),
                    );
                if state_ok && type_ok {
                    out.push(listing);
                }
            }
        }
        Ok(out)
    }

    /// The consumer groups (see [`GroupListing::is_consumer_group`]), filtered as in
    /// [`list_groups`](Self::list_groups).
    pub async fn list_consumer_groups(
        &self,
        states: &[String],
        types: &[String],
    ) -> Result<Vec<GroupListing>> {
        let mut groups = self.list_groups(states, types).await?;
        groups.retain(GroupListing::is_consumer_group);
        Ok(groups)
    }

    /// Describe groups; each gets its own outcome. A group that does not exist comes back
    /// with state `Dead` (classic DescribeGroups) rather than an error.
    pub async fn describe_groups(
        &self,
        groups: &[String],
    ) -> Result<Vec<(String, std::result::Result<GroupDescription, KafkaError>)>> {
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            let outcome = match self.describe_group(g).await {
                Ok(d) => Ok(d),
                Err(Error::Kafka(e)) => Err(e),
                Err(e) => return Err(e),
            };
            out.push((g.clone(), outcome));
        }
        Ok(out)
    }

    async fn describe_group(&self, group: &str) -> Result<GroupDescription> {
        self.on_coordinator(group, async |c: &CoordinatorInfo| {
            let kip848 = self
                .client
                .node_versions(c.node_id, ApiKey::ConsumerGroupDescribe)
                .await?
                .is_some();
            if kip848 {
                match self.consumer_group_describe(c, group).await? {
                    Ok(d) => return Ok(Ok(d)),
                    // Not a KIP-848 group (or no group at all): ask the classic way.
                    Err(e) if e.code == 69 || e.code == 35 => {}
                    Err(e) => return Ok(Err(e)),
                }
            }
            self.classic_describe(c, group).await
        })
        .await
    }

    async fn consumer_group_describe(
        &self,
        c: &CoordinatorInfo,
        group: &str,
    ) -> Result<std::result::Result<GroupDescription, KafkaError>> {
        let resp = self
            .client
            .send_to_coordinator(c.node_id, Some(self.timeout), |_| {
                ConsumerGroupDescribeRequest::default().with_group_ids(vec![group_id(group)])
            })
            .await?;
        let Some(g) = resp.groups.into_iter().next() else {
            return Ok(Err(KafkaError {
                code: 69,
                message: None,
            }));
        };
        if let Some(e) = KafkaError::from_code(g.error_code, g.error_message.map(|m| m.to_string()))
        {
            return Ok(Err(e));
        }
        let parts = |a: &kafka_protocol::messages::consumer_group_describe_response::Assignment| {
            sorted(
                a.topic_partitions
                    .iter()
                    .flat_map(|tp| {
                        tp.partitions
                            .iter()
                            .map(|&p| (tp.topic_name.0.to_string(), p))
                    })
                    .collect(),
            )
        };
        let members = g
            .members
            .iter()
            .map(|m| MemberDescription {
                member_id: m.member_id.to_string(),
                group_instance_id: m.instance_id.as_ref().map(|s| s.to_string()),
                client_id: m.client_id.to_string(),
                host: m.client_host.to_string(),
                assignment: parts(&m.assignment),
                target_assignment: Some(parts(&m.target_assignment)),
                member_epoch: Some(m.member_epoch),
            })
            .collect();
        Ok(Ok(GroupDescription {
            group_id: g.group_id.0.to_string(),
            state: g.group_state.to_string(),
            protocol_type: PROTOCOL_TYPE.to_string(),
            assignor: g.assignor_name.to_string(),
            group_type: "Consumer".to_string(),
            coordinator: c.clone(),
            members,
            group_epoch: Some(g.group_epoch),
            target_assignment_epoch: Some(g.assignment_epoch),
        }))
    }

    async fn classic_describe(
        &self,
        c: &CoordinatorInfo,
        group: &str,
    ) -> Result<std::result::Result<GroupDescription, KafkaError>> {
        let resp = self
            .client
            .send_to_coordinator(c.node_id, Some(self.timeout), |_| {
                DescribeGroupsRequest::default().with_groups(vec![group_id(group)])
            })
            .await?;
        let Some(g) = resp.groups.into_iter().next() else {
            return Ok(Err(KafkaError {
                code: 69,
                message: None,
            }));
        };
        if let Some(e) = KafkaError::from_code(g.error_code, g.error_message.map(|m| m.to_string()))
        {
            return Ok(Err(e));
        }
        let consumer = g.protocol_type.as_str() == PROTOCOL_TYPE || g.protocol_type.is_empty();
        let members = g
            .members
            .iter()
            .map(|m| {
                // Only consumer groups carry ConsumerProtocol assignments; anything
                // unreadable counts as nothing assigned, as in Kafka's Admin.
                let assignment = if consumer {
                    Assignment::decode(&m.member_assignment)
                        .map(|a| sorted(a.topic_partitions()))
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                MemberDescription {
                    member_id: m.member_id.to_string(),
                    group_instance_id: m.group_instance_id.as_ref().map(|s| s.to_string()),
                    client_id: m.client_id.to_string(),
                    host: m.client_host.to_string(),
                    assignment,
                    target_assignment: None,
                    member_epoch: None,
                }
            })
            .collect();
        Ok(Ok(GroupDescription {
            group_id: g.group_id.0.to_string(),
            state: g.group_state.to_string(),
            protocol_type: g.protocol_type.to_string(),
            assignor: g.protocol_data.to_string(),
            group_type: "Classic".to_string(),
            coordinator: c.clone(),
            members,
            group_epoch: None,
            target_assignment_epoch: None,
        }))
    }

    /// Delete groups (and their committed offsets); each gets its own outcome.
    pub async fn delete_groups(
        &self,
        groups: &[String],
    ) -> Result<Vec<(String, std::result::Result<(), KafkaError>)>> {
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            let outcome = self
                .on_coordinator(g, async |c: &CoordinatorInfo| {
                    let resp = self
                        .client
                        .send_to_coordinator(c.node_id, Some(self.timeout), |_| {
                            DeleteGroupsRequest::default().with_groups_names(vec![group_id(g)])
                        })
                        .await?;
                    let code = resp
                        .results
                        .iter()
                        .find(|r| r.group_id.0.as_str() == g)
                        .map(|r| r.error_code)
                        .unwrap_or(69);
                    Ok(match KafkaError::from_code(code, None) {
                        // Coordinator errors go back to on_coordinator to retry; a group error
                        // is this group's outcome.
                        Some(e) if is_coordinator_error(e.code) => Err(e),
                        Some(e) => Ok(Err(e)),
                        None => Ok(Ok(())),
                    })
                })
                .await;
            match outcome {
                Ok(r) => out.push((g.clone(), r)),
                Err(Error::Kafka(e)) => out.push((g.clone(), Err(e))),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// A group's committed offsets, for `partitions` or all of them.
    pub async fn list_consumer_group_offsets(
        &self,
        group: &str,
        partitions: Option<&[TopicPartition]>,
    ) -> Result<BTreeMap<TopicPartition, CommittedOffset>> {
        self.on_coordinator(group, async |c: &CoordinatorInfo| {
            offsets::fetch_committed(
                &self.client,
                c.node_id,
                group,
                partitions,
                false,
                Some(self.timeout),
            )
            .await
        })
        .await
    }

    /// Commit offsets for a group from outside it (generation -1, no member id): the broker
    /// accepts this only while the group has no active members.
    pub async fn alter_consumer_group_offsets(
        &self,
        group: &str,
        offsets: &[OffsetToCommit],
    ) -> Result<Vec<(TopicPartition, std::result::Result<(), KafkaError>)>> {
        self.on_coordinator(group, async |c: &CoordinatorInfo| {
            let results = offsets::commit(
                &self.client,
                c.node_id,
                group,
                Committer::ADMIN,
                offsets,
                Some(self.timeout),
            )
            .await?;
            // A coordinator error on any partition concerns the whole request: retry it.
            if let Some((_, Err(e))) = results
                .iter()
                .find(|(_, r)| r.as_ref().is_err_and(|e| is_coordinator_error(e.code)))
            {
                return Ok(Err(e.clone()));
            }
            Ok(Ok(results))
        })
        .await
    }

    /// Delete a group's committed offsets of some partitions (OffsetDelete). The outer
    /// `Err(KafkaError)` is the group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP...).
    pub async fn delete_consumer_group_offsets(
        &self,
        group: &str,
        partitions: &[TopicPartition],
    ) -> Result<
        std::result::Result<Vec<(TopicPartition, std::result::Result<(), KafkaError>)>, KafkaError>,
    > {
        let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
        for (t, p) in partitions {
            by_topic.entry(t.as_str()).or_default().push(*p);
        }
        let topics: Vec<OffsetDeleteRequestTopic> = by_topic
            .iter()
            .map(|(t, ps)| {
                OffsetDeleteRequestTopic::default()
                    .with_name(topic_name(t))
                    .with_partitions(
                        ps.iter()
                            .map(|&p| {
                                OffsetDeleteRequestPartition::default().with_partition_index(p)
                            })
                            .collect(),
                    )
            })
            .collect();
        let result = self
            .on_coordinator(group, async |c: &CoordinatorInfo| {
                let resp = self
                    .client
                    .send_to_coordinator(c.node_id, Some(self.timeout), |_| {
                        OffsetDeleteRequest::default()
                            .with_group_id(group_id(group))
                            .with_topics(topics.clone())
                    })
                    .await?;
                if let Some(e) = KafkaError::from_code(resp.error_code, None) {
                    return Ok(if is_coordinator_error(e.code) {
                        Err(e)
                    } else {
                        Ok(Err(e))
                    });
                }
                let mut out = Vec::new();
                for t in &resp.topics {
                    for p in &t.partitions {
                        let r = match KafkaError::from_code(p.error_code, None) {
                            Some(e) => Err(e),
                            None => Ok(()),
                        };
                        out.push(((t.name.0.to_string(), p.partition_index), r));
                    }
                }
                Ok(Ok(Ok(out)))
            })
            .await?;
        Ok(result)
    }

    /// Offsets of partitions by ListOffsets (log start, log end, or by timestamp).
    pub async fn list_offsets(
        &self,
        wanted: &[(TopicPartition, ListOffsetsSpec)],
    ) -> Result<BTreeMap<TopicPartition, std::result::Result<OffsetAndTimestamp, KafkaError>>> {
        list_offsets::list_offsets(
            &self.client,
            wanted,
            IsolationLevel::ReadUncommitted,
            self.timeout,
        )
        .await
    }
}
