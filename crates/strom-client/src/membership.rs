//! Classic group membership: JoinGroup, SyncGroup, Heartbeat and LeaveGroup against the
//! group coordinator, with the leader computing assignments (Kafka's ConsumerCoordinator).
//!
//! A join runs until it succeeds or fails for good: MEMBER_ID_REQUIRED (JoinGroup v4+, KIP-394)
//! rejoins at once with the member id the broker handed out, REBALANCE_IN_PROGRESS rejoins,
//! UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION forget the member id and rejoin, coordinator
//! errors look the coordinator up again. Once in the group, a background task heartbeats every
//! `heartbeat.interval.ms` and raises a flag when the group asks for a rejoin, so the consumer
//! can commit and revoke before it joins again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kafka_protocol::messages::join_group_request::JoinGroupRequestProtocol;
use kafka_protocol::messages::leave_group_request::MemberIdentity;
use kafka_protocol::messages::sync_group_request::SyncGroupRequestAssignment;
use kafka_protocol::messages::{
    HeartbeatRequest, JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest, SyncGroupRequest,
};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::assignor::{Assignor, MemberSubscription};
use crate::client::Client;
use crate::consumer_protocol::{Assignment, PROTOCOL_TYPE, Subscription};
use crate::coordinator::{
    find_coordinator, group_id, is_coordinator_error, is_transport_error, sb,
};
use crate::error::{Error, KafkaError, Result};
use crate::group_config::GroupConfig;

/// The generation a member belongs to once it has joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    pub generation_id: i32,
    pub member_id: String,
    /// The assignor the group chose.
    pub protocol: String,
    pub leader: bool,
}

/// What the leader based its assignment on, to notice when topics change underneath it.
pub type PartitionCounts = BTreeMap<String, usize>;

/// The result of a completed join.
#[derive(Debug, Clone)]
pub struct Joined {
    pub generation: Generation,
    pub assignment: Assignment,
    /// Set on the leader: partition counts of every topic any member subscribes to.
    pub leader_view: Option<PartitionCounts>,
}

/// Flags the heartbeat task raises for the consumer.
#[derive(Debug, Default)]
pub(crate) struct HeartbeatFlags {
    /// The group is rebalancing: commit, revoke and join again.
    pub rejoin: AtomicBool,
    /// The membership is gone (unknown member, illegal generation, session lost): rejoin
    /// without committing and with a fresh member id.
    pub lost: AtomicBool,
    /// A non-retriable error, reported by the next poll.
    pub fatal: std::sync::Mutex<Option<KafkaError>>,
}

/// A running heartbeat task; stopped when dropped.
pub(crate) struct Heartbeat {
    task: JoinHandle<()>,
    pub flags: Arc<HeartbeatFlags>,
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Join, sync, heartbeat and leave for one member of one group.
pub(crate) struct Membership {
    client: Client,
    pub config: GroupConfig,
    coordinator: Option<i32>,
    /// Empty until the coordinator hands one out.
    pub member_id: String,
    /// The current generation, when the member is in one.
    pub generation: Option<Generation>,
}

enum Step {
    Retry,
    RetryAfterBackoff,
    Done(Box<Joined>),
}

impl Membership {
    pub fn new(client: Client, config: GroupConfig) -> Membership {
        Membership {
            client,
            config,
            coordinator: None,
            member_id: String::new(),
            generation: None,
        }
    }

    /// The coordinator's node id, looked up if unknown (waiting while it is unavailable).
    pub async fn coordinator(&mut self) -> Result<i32> {
        if let Some(c) = self.coordinator {
            return Ok(c);
        }
        // The coordinator may take a while to appear (the offsets topic is created on first
        // use); a group member waits as long as a rebalance may take.
        let deadline = Instant::now() + self.config.rebalance_timeout;
        let c = find_coordinator(
            &self.client,
            &self.config.group_id,
            deadline,
            self.config.retry_backoff,
        )
        .await?;
        self.coordinator = Some(c.node_id);
        Ok(c.node_id)
    }

    /// Forget the coordinator after NOT_COORDINATOR and friends or a dead connection.
    pub fn coordinator_lost(&mut self) {
        if let Some(c) = self.coordinator.take() {
            self.client.drop_coordinator_connection(c);
        }
    }

    /// Forget the member id and generation (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION).
    pub fn reset(&mut self) {
        self.member_id.clear();
        self.generation = None;
    }

    /// Join the group subscribed to `topics` and return the assignment.
    pub async fn join(&mut self, topics: &[String]) -> Result<Joined> {
        self.generation = None;
        // Immediate retries in a row; past a few, back off so a confused broker is not flooded.
        let mut quick = 0u32;
        loop {
            let step = match self.join_once(topics).await {
                Ok(step) => step,
                Err(e) if is_transport_error(&e) => {
                    tracing::debug!(error = %e, "Join failed on the connection; retrying.");
                    self.coordinator_lost();
                    Step::RetryAfterBackoff
                }
                Err(e) => return Err(e),
            };
            match step {
                Step::Done(joined) => {
                    self.generation = Some(joined.generation.clone());
                    return Ok(*joined);
                }
                Step::Retry if quick < 3 => quick += 1,
                Step::Retry | Step::RetryAfterBackoff => {
                    quick = 0;
                    tokio::time::sleep(self.config.retry_backoff).await
                }
            }
        }
    }

    fn subscription(&self, topics: &[String]) -> Subscription {
        Subscription {
            topics: topics.to_vec(),
            rack_id: self.config.client_rack.clone(),
            ..Subscription::default()
        }
    }

    async fn join_once(&mut self, topics: &[String]) -> Result<Step> {
        let node = self.coordinator().await?;
        let metadata = self.subscription(topics).encode()?;
        let cfg = &self.config;
        let member_id = self.member_id.clone();
        // JoinGroup waits for every member to join, up to the rebalance timeout.
        let timeout = cfg.rebalance_timeout + Duration::from_secs(5);
        let resp: JoinGroupResponse = self
            .client
            .send_to_coordinator(node, Some(timeout), |v| {
                let mut req = JoinGroupRequest::default()
                    .with_group_id(group_id(&cfg.group_id))
                    .with_session_timeout_ms(cfg.session_timeout_ms())
                    .with_member_id(sb(&member_id))
                    .with_protocol_type(sb(PROTOCOL_TYPE))
                    .with_protocols(
                        cfg.assignors
                            .iter()
                            .map(|a| {
                                JoinGroupRequestProtocol::default()
                                    .with_name(sb(a.name()))
                                    .with_metadata(metadata.clone())
                            })
                            .collect(),
                    );
                if v >= 1 {
                    req = req.with_rebalance_timeout_ms(cfg.rebalance_timeout_ms());
                }
                if v >= 5 {
                    req = req.with_group_instance_id(cfg.group_instance_id.as_deref().map(sb));
                }
                req
            })
            .await?;
        match resp.error_code {
            0 => {}
            // MEMBER_ID_REQUIRED: the broker handed out our id; join again with it.
            79 => {
                self.member_id = resp.member_id.to_string();
                return Ok(Step::Retry);
            }
            // UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION: start over as a new member.
            25 | 22 => {
                self.reset();
                return Ok(Step::Retry);
            }
            27 => return Ok(Step::RetryAfterBackoff),
            code if is_coordinator_error(code) => {
                if code != 14 {
                    self.coordinator_lost();
                }
                return Ok(Step::RetryAfterBackoff);
            }
            code => return Err(group_error(code, &self.config.group_id, "join")),
        }
        if resp
            .protocol_type
            .as_ref()
            .is_some_and(|p| p.as_str() != PROTOCOL_TYPE)
        {
            return Err(group_error(23, &self.config.group_id, "join"));
        }
        self.member_id = resp.member_id.to_string();
        let protocol = resp
            .protocol_name
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_default();
        let leader = resp.leader.as_str() == resp.member_id.as_str();
        let generation = Generation {
            generation_id: resp.generation_id,
            member_id: self.member_id.clone(),
            protocol: protocol.clone(),
            leader,
        };
        let (assignments, leader_view) = if leader {
            let (a, view) = self.assign(&protocol, &resp).await?;
            (a, Some(view))
        } else {
            (Vec::new(), None)
        };
        self.sync(node, generation, assignments, leader_view).await
    }

    /// The leader's part: decode every member's subscription and run the chosen assignor.
    async fn assign(
        &self,
        protocol: &str,
        resp: &JoinGroupResponse,
    ) -> Result<(Vec<SyncGroupRequestAssignment>, PartitionCounts)> {
        let assignor = Assignor::from_name(protocol).ok_or_else(|| {
            Error::Kafka(KafkaError {
                code: 23,
                message: Some(format!(
                    "the group chose assignor '{protocol}', which this client does not offer"
                )),
            })
        })?;
        let members: Vec<MemberSubscription> = resp
            .members
            .iter()
            .map(|m| {
                let subscription = Subscription::decode(&m.metadata).unwrap_or_else(|e| {
                    tracing::warn!(member = %m.member_id.as_str(), error = %e, "Ignoring a member's unreadable subscription.");
                    Subscription::default()
                });
                MemberSubscription {
                    member_id: m.member_id.to_string(),
                    group_instance_id: m.group_instance_id.as_ref().map(|s| s.to_string()),
                    subscription,
                }
            })
            .collect();
        let topics: BTreeSet<String> = members
            .iter()
            .flat_map(|m| m.subscription.topics.iter().cloned())
            .collect();
        let topics: Vec<String> = topics.into_iter().collect();
        let meta = self.client.refresh_metadata(Some(&topics)).await?;
        let partitions: BTreeMap<String, Vec<i32>> = topics
            .iter()
            .filter_map(|t| {
                let m = meta.topic(t).filter(|m| m.error.is_none())?;
                Some((
                    t.clone(),
                    m.partitions.iter().map(|p| p.partition).collect(),
                ))
            })
            .collect();
        let view = partitions
            .iter()
            .map(|(t, ps)| (t.clone(), ps.len()))
            .collect();
        // Older members read older assignment versions; all versions share one layout.
        let version = members
            .iter()
            .map(|m| m.subscription.version)
            .min()
            .unwrap_or(0);
        let plan = assignor.assign(&members, &partitions);
        let mut out = Vec::with_capacity(plan.len());
        for (member, parts) in plan {
            let bytes = Assignment {
                version,
                partitions: parts,
                user_data: None,
            }
            .encode()?;
            out.push(
                SyncGroupRequestAssignment::default()
                    .with_member_id(sb(&member))
                    .with_assignment(bytes),
            );
        }
        Ok((out, view))
    }

    async fn sync(
        &mut self,
        node: i32,
        generation: Generation,
        assignments: Vec<SyncGroupRequestAssignment>,
        leader_view: Option<PartitionCounts>,
    ) -> Result<Step> {
        let cfg = &self.config;
        let resp = self
            .client
            .send_to_coordinator(node, None, |v| {
                let mut req = SyncGroupRequest::default()
                    .with_group_id(group_id(&cfg.group_id))
                    .with_generation_id(generation.generation_id)
                    .with_member_id(sb(&generation.member_id))
                    .with_assignments(assignments.clone());
                if v >= 3 {
                    req = req.with_group_instance_id(cfg.group_instance_id.as_deref().map(sb));
                }
                if v >= 5 {
                    req = req
                        .with_protocol_type(Some(sb(PROTOCOL_TYPE)))
                        .with_protocol_name(Some(sb(&generation.protocol)));
                }
                req
            })
            .await?;
        match resp.error_code {
            0 => {}
            27 => return Ok(Step::Retry),
            25 | 22 => {
                self.reset();
                return Ok(Step::Retry);
            }
            code if is_coordinator_error(code) => {
                if code != 14 {
                    self.coordinator_lost();
                }
                return Ok(Step::RetryAfterBackoff);
            }
            code => return Err(group_error(code, &self.config.group_id, "sync")),
        }
        // SyncGroup v5 echoes the protocol; a mismatch means we are in someone else's group.
        let type_ok = resp
            .protocol_type
            .as_ref()
            .is_none_or(|p| p.as_str() == PROTOCOL_TYPE);
        let name_ok = resp
            .protocol_name
            .as_ref()
            .is_none_or(|p| p.as_str() == generation.protocol);
        if !type_ok || !name_ok {
            return Err(group_error(23, &self.config.group_id, "sync"));
        }
        let assignment = Assignment::decode(&resp.assignment)?;
        Ok(Step::Done(Box::new(Joined {
            generation,
            assignment,
            leader_view,
        })))
    }

    /// Start heartbeating for the current generation.
    pub fn start_heartbeat(&self) -> Option<Heartbeat> {
        let generation = self.generation.clone()?;
        let node = self.coordinator?;
        let flags = Arc::new(HeartbeatFlags::default());
        let task = tokio::spawn(heartbeat_loop(
            self.client.clone(),
            self.config.clone(),
            node,
            generation,
            flags.clone(),
        ));
        Some(Heartbeat { task, flags })
    }

    /// Leave the group (dynamic members only: a static member keeps its place until its
    /// session times out, so a restart does not rebalance, as in Kafka).
    pub async fn leave(&mut self) -> Result<()> {
        if self.member_id.is_empty() || self.config.group_instance_id.is_some() {
            self.reset();
            return Ok(());
        }
        let node = match self.coordinator {
            Some(n) => n,
            None => return Ok(()),
        };
        let member_id = self.member_id.clone();
        let cfg = &self.config;
        let resp = self
            .client
            .send_to_coordinator(node, None, |v| {
                let req = LeaveGroupRequest::default().with_group_id(group_id(&cfg.group_id));
                if v >= 3 {
                    req.with_members(vec![
                        MemberIdentity::default()
                            .with_member_id(sb(&member_id))
                            .with_reason((v >= 5).then(|| sb("the consumer is being closed"))),
                    ])
                } else {
                    req.with_member_id(sb(&member_id))
                }
            })
            .await;
        self.reset();
        let resp = resp?;
        let code = if resp.error_code != 0 {
            resp.error_code
        } else {
            resp.members.first().map(|m| m.error_code).unwrap_or(0)
        };
        match code {
            // Already gone: nothing to leave.
            0 | 25 => Ok(()),
            code => Err(group_error(code, &self.config.group_id, "leave")),
        }
    }
}

/// A Kafka error of a group operation, with the group named in the message.
pub(crate) fn group_error(code: i16, group: &str, what: &str) -> Error {
    let base = KafkaError {
        code,
        message: None,
    };
    Error::Kafka(KafkaError {
        code,
        message: Some(format!("cannot {what} group '{group}': {base}")),
    })
}

/// Heartbeat every interval until the group asks for a rejoin or the member is lost. Lost
/// connections and coordinator moves are retried; a session's worth of failures means the
/// coordinator has dropped us.
async fn heartbeat_loop(
    client: Client,
    cfg: GroupConfig,
    mut node: i32,
    generation: Generation,
    flags: Arc<HeartbeatFlags>,
) {
    let mut last_ok = Instant::now();
    let mut wait = cfg.heartbeat_interval;
    loop {
        tokio::time::sleep(wait).await;
        wait = cfg.heartbeat_interval;
        let result = client
            .send_to_coordinator(node, None, |v| {
                let req = HeartbeatRequest::default()
                    .with_group_id(group_id(&cfg.group_id))
                    .with_generation_id(generation.generation_id)
                    .with_member_id(sb(&generation.member_id));
                if v >= 3 {
                    req.with_group_instance_id(cfg.group_instance_id.as_deref().map(sb))
                } else {
                    req
                }
            })
            .await;
        let retry = match result {
            Ok(resp) => match resp.error_code {
                0 => {
                    last_ok = Instant::now();
                    false
                }
                27 => {
                    flags.rejoin.store(true, Ordering::Release);
                    return;
                }
                25 | 22 => {
                    flags.lost.store(true, Ordering::Release);
                    flags.rejoin.store(true, Ordering::Release);
                    return;
                }
                code if is_coordinator_error(code) => true,
                code => {
                    if let Ok(mut f) = flags.fatal.lock() {
                        *f = Some(KafkaError {
                            code,
                            message: None,
                        });
                    }
                    flags.rejoin.store(true, Ordering::Release);
                    return;
                }
            },
            Err(e) => {
                tracing::debug!(error = %e, "Heartbeat failed.");
                true
            }
        };
        if !retry {
            continue;
        }
        if last_ok.elapsed() >= cfg.session_timeout {
            tracing::warn!(group = %cfg.group_id, "No heartbeat got through within the session timeout; rejoining.");
            flags.lost.store(true, Ordering::Release);
            flags.rejoin.store(true, Ordering::Release);
            return;
        }
        // The coordinator may have moved: look it up again, then retry soon.
        let deadline = Instant::now() + cfg.heartbeat_interval;
        if let Ok(c) = find_coordinator(&client, &cfg.group_id, deadline, cfg.retry_backoff).await {
            node = c.node_id;
        }
        wait = cfg.retry_backoff;
    }
}
