//! The consumer group protocol (KIP-848): members heartbeat with their epoch and subscription;
//! the coordinator computes a target assignment with a server-side assignor and reconciles each
//! member towards it, revoking partitions before handing them to someone else.

use std::collections::{BTreeMap, BTreeSet};

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use uuid::Uuid;

use super::assignor::{self, Assignment};

mod heartbeat;
mod leave;
mod persist;
mod reconcile;
mod target;
mod timers;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    Stable,
    /// Waiting for the member to stop owning partitions it must give up.
    UnrevokedPartitions,
    /// Waiting for other members to release partitions this member should get.
    UnreleasedPartitions,
}

#[derive(Clone, Debug)]
pub struct ConsumerMember {
    pub id: String,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub subscribed_names: Vec<String>,
    pub regex: Option<String>,
    pub assignor: Option<String>,
    pub epoch: i32,
    pub previous_epoch: i32,
    pub state: MemberState,
    pub assigned: Assignment,
    pub pending_revocation: Assignment,
    session_deadline: i64,
    revocation_deadline: Option<i64>,
}

/// Group states as ConsumerGroupDescribe and ListGroups report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerState {
    Empty,
    Assigning,
    Reconciling,
    Stable,
}

impl ConsumerState {
    pub fn name(self) -> &'static str {
        match self {
            ConsumerState::Empty => "Empty",
            ConsumerState::Assigning => "Assigning",
            ConsumerState::Reconciling => "Reconciling",
            ConsumerState::Stable => "Stable",
        }
    }
}

/// The epoch a static member sends (and keeps) when it leaves intending to come back.
pub const LEAVE_STATIC_EPOCH: i32 = -2;

/// A ConsumerGroupHeartbeat request, version-neutral.
#[derive(Clone, Debug, Default)]
pub struct HeartbeatRequest {
    pub member_id: String,
    pub member_epoch: i32,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub rebalance_timeout_ms: i32,
    pub subscribed_topic_names: Option<Vec<String>>,
    pub subscribed_topic_regex: Option<String>,
    pub server_assignor: Option<String>,
    pub owned: Option<Vec<(Uuid, Vec<i32>)>>,
    pub client_id: String,
    pub client_host: String,
}

#[derive(Clone, Debug, Default)]
pub struct HeartbeatResult {
    pub error: Option<(E, String)>,
    pub member_id: String,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i32,
    pub assignment: Option<Assignment>,
}

impl HeartbeatResult {
    pub fn error(e: E, msg: impl Into<String>) -> HeartbeatResult {
        HeartbeatResult {
            error: Some((e, msg.into())),
            ..Default::default()
        }
    }
}

/// Topic names and ids known to the cluster, for resolving subscriptions.
pub trait TopicLookup {
    /// (id, partition count) of a topic.
    fn topic(&self, name: &str) -> Option<(Uuid, i32)>;
    /// Every topic name (for regex subscriptions).
    fn names(&self) -> Vec<String>;
}

/// Settings from the broker configuration.
#[derive(Clone, Copy, Debug)]
pub struct ConsumerConfig {
    pub session_timeout_ms: i64,
    pub heartbeat_interval_ms: i32,
    pub max_size: usize,
}

#[derive(Debug)]
pub struct ConsumerGroup {
    pub id: String,
    pub epoch: i32,
    pub assignment_epoch: i32,
    pub members: BTreeMap<String, ConsumerMember>,
    pub target: BTreeMap<String, Assignment>,
    /// The resolved subscription the target assignment was computed from.
    metadata: BTreeMap<String, (Uuid, i32)>,
    pub state_timestamp: i64,
    /// Whether the group changed since it was last persisted.
    pub dirty: bool,
    /// The member records last written, per member (metadata, assignment), so only changes
    /// are appended.
    written: BTreeMap<String, (Bytes, Bytes)>,
}

fn to_set(owned: &[(Uuid, Vec<i32>)]) -> BTreeSet<(Uuid, i32)> {
    owned
        .iter()
        .flat_map(|(t, ps)| ps.iter().map(move |p| (*t, *p)))
        .collect()
}

fn flat(a: &Assignment) -> BTreeSet<(Uuid, i32)> {
    a.iter()
        .flat_map(|(t, ps)| ps.iter().map(move |p| (*t, *p)))
        .collect()
}

impl ConsumerGroup {
    pub fn new(id: &str, now: i64) -> ConsumerGroup {
        ConsumerGroup {
            id: id.to_string(),
            epoch: 0,
            assignment_epoch: 0,
            members: BTreeMap::new(),
            target: BTreeMap::new(),
            metadata: BTreeMap::new(),
            state_timestamp: now,
            dirty: true,
            written: BTreeMap::new(),
        }
    }

    pub fn state(&self) -> ConsumerState {
        if self.members.is_empty() {
            ConsumerState::Empty
        } else if self.assignment_epoch < self.epoch {
            ConsumerState::Assigning
        } else if self
            .members
            .values()
            .any(|m| m.epoch != self.assignment_epoch || m.state != MemberState::Stable)
        {
            ConsumerState::Reconciling
        } else {
            ConsumerState::Stable
        }
    }

    /// OffsetCommit checks: admin commits (epoch < 0) only while empty; members commit with
    /// their current epoch through OffsetCommit v9+.
    pub fn validate_commit(&self, member_id: &str, epoch: i32, v9: bool) -> Result<(), E> {
        if epoch < 0 && self.members.is_empty() {
            return Ok(());
        }
        let Some(m) = self.members.get(member_id) else {
            return Err(E::UnknownMemberId);
        };
        if !v9 {
            return Err(E::UnsupportedVersion);
        }
        if epoch != m.epoch {
            return Err(E::StaleMemberEpoch);
        }
        Ok(())
    }

    /// OffsetFetch checks (v9+ carries the member id and epoch).
    pub fn validate_fetch(&self, member_id: Option<&str>, epoch: i32) -> Result<(), E> {
        let Some(member_id) = member_id.filter(|m| !m.is_empty() || epoch >= 0) else {
            return Ok(());
        };
        let Some(m) = self.members.get(member_id) else {
            return Err(E::UnknownMemberId);
        };
        if epoch != m.epoch {
            return Err(E::StaleMemberEpoch);
        }
        Ok(())
    }

    /// Topic names the group's members subscribe to (for OffsetDelete).
    pub fn subscribed_topics(&self) -> BTreeSet<String> {
        self.metadata.keys().cloned().collect()
    }

    pub fn assignor_name(&self) -> String {
        self.members
            .values()
            .find_map(|m| m.assignor.clone())
            .unwrap_or_else(|| assignor::UNIFORM.to_string())
    }
}

impl ConsumerMember {
    /// A member with nothing known yet but its id (its session deadline is set by the caller).
    fn new(id: &str) -> ConsumerMember {
        ConsumerMember {
            id: id.to_string(),
            instance_id: None,
            rack_id: None,
            client_id: String::new(),
            client_host: String::new(),
            rebalance_timeout_ms: 300_000,
            subscribed_names: Vec::new(),
            regex: None,
            assignor: None,
            epoch: 0,
            previous_epoch: 0,
            state: MemberState::Stable,
            assigned: Assignment::new(),
            pending_revocation: Assignment::new(),
            session_deadline: 0,
            revocation_deadline: None,
        }
    }

    fn set_epoch(&mut self, epoch: i32) {
        if epoch != self.epoch {
            self.previous_epoch = self.epoch;
            self.epoch = epoch;
        }
    }
}

#[cfg(test)]
mod tests;
