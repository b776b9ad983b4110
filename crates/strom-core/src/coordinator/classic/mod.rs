//! The classic group protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup): Kafka's group
//! state machine. Waiting clients are parked as oneshot senders inside the members and answered
//! when the rebalance phase they wait for completes. Time is passed in, so the machine is
//! driven the same way by requests and by the coordinator's timer.

use std::collections::HashSet;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use tokio::sync::oneshot;

mod commit;
mod heartbeat;
mod join;
mod rebalance;
mod records;
mod sync;
mod timers;

/// Kafka's classic group states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassicState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl ClassicState {
    pub fn name(self) -> &'static str {
        match self {
            ClassicState::Empty => "Empty",
            ClassicState::PreparingRebalance => "PreparingRebalance",
            ClassicState::CompletingRebalance => "CompletingRebalance",
            ClassicState::Stable => "Stable",
            ClassicState::Dead => "Dead",
        }
    }
}

/// What a JoinGroup request gets back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JoinResult {
    pub error: i16,
    pub generation: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: String,
    pub member_id: String,
    /// Filled for the leader only.
    pub members: Vec<JoinedMember>,
    pub skip_assignment: bool,
}

impl JoinResult {
    pub fn error(err: E, member_id: &str) -> JoinResult {
        JoinResult {
            error: err.code(),
            generation: -1,
            member_id: member_id.to_string(),
            ..Default::default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinedMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: Bytes,
}

/// What a SyncGroup request gets back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncResult {
    pub error: i16,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub assignment: Bytes,
}

impl SyncResult {
    pub fn error(err: E) -> SyncResult {
        SyncResult {
            error: err.code(),
            ..Default::default()
        }
    }
}

/// A JoinGroup request, version-neutral.
#[derive(Clone, Debug)]
pub struct JoinRequest {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub protocol_type: String,
    pub protocols: Vec<(String, Bytes)>,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    pub client_id: String,
    pub client_host: String,
    /// JoinGroup v4+: a new dynamic member must first learn its id (MEMBER_ID_REQUIRED).
    pub require_known_member_id: bool,
    /// JoinGroup v9+: a rejoining static leader may skip computing the assignment.
    pub supports_skip_assignment: bool,
}

/// Coordinator settings the state machine needs.
#[derive(Clone, Copy, Debug)]
pub struct ClassicConfig {
    pub initial_rebalance_delay_ms: i64,
    pub new_member_join_timeout_ms: i64,
    pub max_size: usize,
}

#[derive(Debug)]
pub struct Member {
    pub id: String,
    pub instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub session_timeout_ms: i32,
    pub protocol_type: String,
    pub protocols: Vec<(String, Bytes)>,
    pub assignment: Bytes,
    awaiting_join: Option<oneshot::Sender<JoinResult>>,
    awaiting_sync: Option<oneshot::Sender<SyncResult>>,
    heartbeat_deadline: i64,
    is_new: bool,
}

impl Member {
    fn matches(&self, protocols: &[(String, Bytes)]) -> bool {
        self.protocols == protocols
    }

    /// The metadata this member sent for `protocol`.
    pub fn metadata(&self, protocol: &str) -> Bytes {
        self.protocols
            .iter()
            .find(|(n, _)| n == protocol)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }

    fn vote(&self, candidates: &HashSet<String>) -> Option<String> {
        self.protocols
            .iter()
            .map(|(n, _)| n)
            .find(|n| candidates.contains(*n))
            .cloned()
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum JoinTimer {
    /// Initial rebalance of an empty group: wait `group.initial.rebalance.delay.ms`, extended
    /// while new members keep arriving, up to the rebalance timeout.
    Initial { at: i64, delay: i64, remaining: i64 },
    /// Wait for all members to rejoin, at most the rebalance timeout.
    Complete { at: i64 },
}

/// What an operation asks the coordinator to persist.
#[must_use]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Write the group's metadata record (with current assignments).
    pub persist: bool,
}

#[derive(Debug)]
pub struct ClassicGroup {
    pub id: String,
    pub state: ClassicState,
    previous_state: ClassicState,
    pub state_timestamp: i64,
    pub generation: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: Option<String>,
    /// In join order: the first member becomes leader.
    pub members: Vec<Member>,
    pending_members: Vec<(String, i64)>,
    pending_sync: HashSet<String>,
    sync_deadline: Option<i64>,
    join_timer: Option<JoinTimer>,
    new_member_added: bool,
    /// `group.initial.rebalance.delay.ms`, refreshed by the coordinator.
    initial_delay: i64,
}

fn new_member_id(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4())
}

impl ClassicGroup {
    pub fn new(id: &str, now: i64) -> ClassicGroup {
        ClassicGroup {
            id: id.to_string(),
            state: ClassicState::Empty,
            previous_state: ClassicState::Empty,
            state_timestamp: now,
            generation: 0,
            protocol_type: None,
            protocol_name: None,
            leader: None,
            members: Vec::new(),
            pending_members: Vec::new(),
            pending_sync: HashSet::new(),
            sync_deadline: None,
            join_timer: None,
            new_member_added: false,
            initial_delay: 3000,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.state == ClassicState::Empty
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    fn member_mut(&mut self, id: &str) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.id == id)
    }

    fn static_member_id(&self, instance_id: &str) -> Option<String> {
        self.members
            .iter()
            .find(|m| m.instance_id.as_deref() == Some(instance_id))
            .map(|m| m.id.clone())
    }

    fn is_pending(&self, id: &str) -> bool {
        self.pending_members.iter().any(|(m, _)| m == id)
    }

    fn transition(&mut self, to: ClassicState, now: i64) {
        self.previous_state = self.state;
        self.state = to;
        self.state_timestamp = now;
    }

    /// The subscribed topics of consumer-protocol members (for OffsetDelete and expiry).
    pub fn subscribed_topics(&self) -> Option<HashSet<String>> {
        if self.protocol_type.as_deref() != Some("consumer") {
            return None;
        }
        let proto = self.protocol_name.clone()?;
        Some(
            self.members
                .iter()
                .flat_map(|m| {
                    crate::coordinator::protocol::subscription_topics(&m.metadata(&proto))
                })
                .collect(),
        )
    }

    fn rebalance_timeout(&self) -> i64 {
        self.members
            .iter()
            .map(|m| i64::from(m.rebalance_timeout_ms))
            .max()
            .unwrap_or(0)
    }

    fn awaiting_join_count(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.awaiting_join.is_some())
            .count()
    }

    fn all_joined(&self) -> bool {
        self.pending_members.is_empty() && self.members.iter().all(|m| m.awaiting_join.is_some())
    }

    fn candidate_protocols(&self) -> HashSet<String> {
        let mut out: Option<HashSet<String>> = None;
        for m in &self.members {
            let names: HashSet<String> = m.protocols.iter().map(|(n, _)| n.clone()).collect();
            out = Some(match out {
                None => names,
                Some(acc) => acc.intersection(&names).cloned().collect(),
            });
        }
        out.unwrap_or_default()
    }

    /// Whether a member offering `protocols` can join: same protocol type, and at least one
    /// protocol every current member supports.
    fn supports(&self, protocol_type: &str, protocols: &[(String, Bytes)]) -> bool {
        if self.state == ClassicState::Empty {
            return !protocol_type.is_empty() && !protocols.is_empty();
        }
        let common = self.candidate_protocols();
        self.protocol_type.as_deref() == Some(protocol_type)
            && protocols.iter().any(|(n, _)| common.contains(n))
    }

    fn select_protocol(&self) -> Option<String> {
        let candidates = self.candidate_protocols();
        let mut votes: Vec<(String, usize)> = Vec::new();
        for m in &self.members {
            if let Some(v) = m.vote(&candidates) {
                match votes.iter_mut().find(|(n, _)| *n == v) {
                    Some(e) => e.1 += 1,
                    None => votes.push((v, 1)),
                }
            }
        }
        // Most votes; ties go to the protocol voted first.
        let mut best: Option<(String, usize)> = None;
        for (n, c) in votes {
            if best.as_ref().is_none_or(|(_, bc)| c > *bc) {
                best = Some((n, c));
            }
        }
        best.map(|(n, _)| n)
    }

    fn current_members(&self) -> Vec<JoinedMember> {
        let proto = self.protocol_name.clone().unwrap_or_default();
        self.members
            .iter()
            .map(|m| JoinedMember {
                member_id: m.id.clone(),
                group_instance_id: m.instance_id.clone(),
                metadata: m.metadata(&proto),
            })
            .collect()
    }

    fn join_result(&self, member_id: &str, with_members: bool) -> JoinResult {
        JoinResult {
            error: 0,
            generation: self.generation,
            protocol_type: self.protocol_type.clone(),
            protocol_name: self.protocol_name.clone(),
            leader: self.leader.clone().unwrap_or_default(),
            member_id: member_id.to_string(),
            members: if with_members {
                self.current_members()
            } else {
                Vec::new()
            },
            skip_assignment: false,
        }
    }

    /// UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID checks shared by the member-facing calls.
    pub fn validate_member(&self, member_id: &str, instance_id: Option<&str>) -> Result<(), E> {
        if let Some(instance) = instance_id {
            match self.static_member_id(instance) {
                None => return Err(E::UnknownMemberId),
                Some(existing) if existing != member_id => return Err(E::FencedInstanceId),
                Some(_) => {}
            }
        }
        if self.member(member_id).is_none() {
            return Err(E::UnknownMemberId);
        }
        Ok(())
    }

    /// Delete: only an Empty group; the group is Dead afterwards.
    pub fn can_delete(&self) -> Result<(), E> {
        match self.state {
            ClassicState::Dead => Err(E::GroupIdNotFound),
            ClassicState::Empty => Ok(()),
            _ => Err(E::NonEmptyGroup),
        }
    }

    pub fn mark_dead(&mut self, now: i64) {
        self.transition(ClassicState::Dead, now);
    }

    /// Set the initial rebalance delay used when this group next leaves Empty.
    pub fn set_initial_delay(&mut self, ms: i64) {
        self.initial_delay = ms;
    }
}
