//! The classic group protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup): Kafka's group
//! state machine. Waiting clients are parked as oneshot senders inside the members and answered
//! when the rebalance phase they wait for completes. Time is passed in, so the machine is
//! driven the same way by requests and by the coordinator's timer.

use std::collections::HashSet;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use tokio::sync::oneshot;

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

    /// Restore a group from its metadata record (after a restart). Members keep their
    /// assignments and must heartbeat within their session timeout.
    pub fn restore(id: &str, v: crate::coordinator::records::GroupValue, now: i64) -> ClassicGroup {
        let mut g = ClassicGroup::new(
            id,
            if v.current_state_timestamp >= 0 {
                v.current_state_timestamp
            } else {
                now
            },
        );
        g.generation = v.generation;
        g.protocol_type = (!v.protocol_type.is_empty()).then_some(v.protocol_type.clone());
        g.protocol_name = v.protocol.clone();
        g.leader = v.leader.clone();
        for m in v.members {
            let protocol = v.protocol.clone().unwrap_or_default();
            g.members.push(Member {
                id: m.member_id,
                instance_id: m.group_instance_id,
                client_id: m.client_id,
                client_host: m.client_host,
                rebalance_timeout_ms: m.rebalance_timeout,
                session_timeout_ms: m.session_timeout,
                protocol_type: v.protocol_type.clone(),
                protocols: vec![(protocol, m.subscription)],
                assignment: m.assignment,
                awaiting_join: None,
                awaiting_sync: None,
                heartbeat_deadline: now + i64::from(m.session_timeout.max(0)),
                is_new: false,
            });
        }
        if !g.members.is_empty() {
            g.state = ClassicState::Stable;
        }
        g
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

    fn accept_joining(&self, member_id: &str, cfg: &ClassicConfig) -> bool {
        match self.state {
            ClassicState::Empty | ClassicState::Dead => true,
            ClassicState::PreparingRebalance => {
                self.member(member_id)
                    .is_some_and(|m| m.awaiting_join.is_some())
                    || self.awaiting_join_count() < cfg.max_size
            }
            ClassicState::CompletingRebalance | ClassicState::Stable => {
                self.member(member_id).is_some() || self.members.len() < cfg.max_size
            }
        }
    }

    fn add_member(
        &mut self,
        req: &JoinRequest,
        id: String,
        tx: oneshot::Sender<JoinResult>,
        now: i64,
        cfg: &ClassicConfig,
    ) {
        if self.members.is_empty() {
            self.protocol_type = Some(req.protocol_type.clone());
        }
        if self.state == ClassicState::PreparingRebalance
            && self.previous_state == ClassicState::Empty
        {
            self.new_member_added = true;
        }
        if self.leader.is_none() {
            self.leader = Some(id.clone());
        }
        self.members.push(Member {
            id,
            instance_id: req.group_instance_id.clone(),
            client_id: req.client_id.clone(),
            client_host: req.client_host.clone(),
            rebalance_timeout_ms: req.rebalance_timeout_ms,
            session_timeout_ms: req.session_timeout_ms,
            protocol_type: req.protocol_type.clone(),
            protocols: req.protocols.clone(),
            assignment: Bytes::new(),
            awaiting_join: Some(tx),
            awaiting_sync: None,
            // New members cannot heartbeat while their JoinGroup is parked: give them the
            // (long) new-member join timeout instead of the session timeout.
            heartbeat_deadline: now + cfg.new_member_join_timeout_ms,
            is_new: true,
        });
    }

    /// Remove a member, answering a parked JoinGroup with UNKNOWN_MEMBER_ID.
    fn remove_member(&mut self, id: &str) {
        if let Some(pos) = self.members.iter().position(|m| m.id == id) {
            let m = self.members.remove(pos);
            if let Some(tx) = m.awaiting_join {
                let _ = tx.send(JoinResult::error(E::UnknownMemberId, ""));
            }
        }
        self.pending_members.retain(|(m, _)| m != id);
        self.pending_sync.remove(id);
        if self.leader.as_deref() == Some(id) {
            self.leader = self.members.first().map(|m| m.id.clone());
        }
    }

    /// JoinGroup. The response arrives on `tx`, now or when the join phase completes.
    pub fn join(
        &mut self,
        req: JoinRequest,
        tx: oneshot::Sender<JoinResult>,
        now: i64,
        cfg: &ClassicConfig,
    ) -> Effects {
        let unknown = req.member_id.is_empty();
        if !self.accept_joining(&req.member_id, cfg) {
            self.remove_member(&req.member_id);
            let _ = tx.send(JoinResult::error(E::GroupMaxSizeReached, ""));
            return Effects::default();
        }
        if self.state == ClassicState::Dead {
            let _ = tx.send(JoinResult::error(
                E::CoordinatorNotAvailable,
                &req.member_id,
            ));
            return Effects::default();
        }
        if !self.supports(&req.protocol_type, &req.protocols) {
            let id = if unknown { "" } else { req.member_id.as_str() };
            let _ = tx.send(JoinResult::error(E::InconsistentGroupProtocol, id));
            return Effects::default();
        }
        if unknown {
            return self.join_new_member(req, tx, now, cfg);
        }
        if self.is_pending(&req.member_id) {
            self.pending_members.retain(|(m, _)| *m != req.member_id);
            let id = req.member_id.clone();
            self.add_member(&req, id, tx, now, cfg);
            return self.maybe_prepare_rebalance_or_complete(now);
        }
        if let Err(e) = self.validate_member(&req.member_id, req.group_instance_id.as_deref()) {
            let _ = tx.send(JoinResult::error(e, &req.member_id));
            return Effects::default();
        }
        let is_leader = self.leader.as_deref() == Some(req.member_id.as_str());
        let matches = self
            .member(&req.member_id)
            .is_some_and(|m| m.matches(&req.protocols));
        match self.state {
            ClassicState::PreparingRebalance => self.update_member_then_rebalance(&req, tx, now),
            ClassicState::CompletingRebalance if matches => {
                // The member missed the JoinGroup answer: resend it.
                let _ = tx.send(self.join_result(&req.member_id, is_leader));
                Effects::default()
            }
            ClassicState::CompletingRebalance => self.update_member_then_rebalance(&req, tx, now),
            ClassicState::Stable if is_leader || !matches => {
                self.update_member_then_rebalance(&req, tx, now)
            }
            ClassicState::Stable => {
                let _ = tx.send(self.join_result(&req.member_id, false));
                Effects::default()
            }
            ClassicState::Empty | ClassicState::Dead => {
                let _ = tx.send(JoinResult::error(E::UnknownMemberId, &req.member_id));
                Effects::default()
            }
        }
    }

    fn join_new_member(
        &mut self,
        req: JoinRequest,
        tx: oneshot::Sender<JoinResult>,
        now: i64,
        cfg: &ClassicConfig,
    ) -> Effects {
        let prefix = req
            .group_instance_id
            .clone()
            .unwrap_or_else(|| req.client_id.clone());
        let new_id = new_member_id(&prefix);
        if let Some(instance) = req.group_instance_id.clone() {
            if let Some(old_id) = self.static_member_id(&instance) {
                return self.replace_static_member(req, &old_id, new_id, tx, now);
            }
            self.add_member(&req, new_id, tx, now, cfg);
            return self.maybe_prepare_rebalance_or_complete(now);
        }
        if req.require_known_member_id {
            self.pending_members.push((
                new_id.clone(),
                now + i64::from(req.session_timeout_ms.max(0)),
            ));
            let _ = tx.send(JoinResult::error(E::MemberIdRequired, &new_id));
            return Effects::default();
        }
        self.add_member(&req, new_id, tx, now, cfg);
        self.maybe_prepare_rebalance_or_complete(now)
    }

    /// A static member came back with a new member id: the old id is fenced.
    fn replace_static_member(
        &mut self,
        req: JoinRequest,
        old_id: &str,
        new_id: String,
        tx: oneshot::Sender<JoinResult>,
        now: i64,
    ) -> Effects {
        let Some(m) = self.member_mut(old_id) else {
            return Effects::default();
        };
        if let Some(old_tx) = m.awaiting_join.take() {
            let _ = old_tx.send(JoinResult::error(E::FencedInstanceId, old_id));
        }
        if let Some(old_tx) = m.awaiting_sync.take() {
            let _ = old_tx.send(SyncResult::error(E::FencedInstanceId));
        }
        m.id = new_id.clone();
        m.heartbeat_deadline = now + i64::from(m.session_timeout_ms.max(0));
        let old_protocols = std::mem::replace(&mut m.protocols, req.protocols.clone());
        m.rebalance_timeout_ms = req.rebalance_timeout_ms;
        m.session_timeout_ms = req.session_timeout_ms;
        m.client_id = req.client_id.clone();
        m.client_host = req.client_host.clone();
        if self.leader.as_deref() == Some(old_id) {
            self.leader = Some(new_id.clone());
        }
        if self.pending_sync.remove(old_id) {
            self.pending_sync.insert(new_id.clone());
        }
        match self.state {
            ClassicState::Stable => {
                let _ = old_protocols;
                if self.select_protocol() == self.protocol_name {
                    // Same protocol: no rebalance; persist the new member id and answer with
                    // the current generation.
                    let is_leader = self.leader.as_deref() == Some(new_id.as_str());
                    let mut r =
                        self.join_result(&new_id, is_leader && req.supports_skip_assignment);
                    r.skip_assignment = is_leader && req.supports_skip_assignment;
                    let _ = tx.send(r);
                    return Effects { persist: true };
                }
                if let Some(m) = self.member_mut(&new_id) {
                    m.awaiting_join = Some(tx);
                }
                self.maybe_prepare_rebalance_or_complete(now)
            }
            ClassicState::CompletingRebalance => {
                if let Some(m) = self.member_mut(&new_id) {
                    m.awaiting_join = Some(tx);
                }
                self.prepare_rebalance(now)
            }
            _ => {
                if let Some(m) = self.member_mut(&new_id) {
                    m.awaiting_join = Some(tx);
                }
                self.maybe_complete_join(now)
            }
        }
    }

    fn update_member_then_rebalance(
        &mut self,
        req: &JoinRequest,
        tx: oneshot::Sender<JoinResult>,
        now: i64,
    ) -> Effects {
        if let Some(m) = self.member_mut(&req.member_id) {
            m.protocols = req.protocols.clone();
            m.rebalance_timeout_ms = req.rebalance_timeout_ms;
            m.session_timeout_ms = req.session_timeout_ms;
            if let Some(old) = m.awaiting_join.replace(tx) {
                let _ = old.send(JoinResult::error(E::UnknownMemberId, &req.member_id));
            }
        }
        self.maybe_prepare_rebalance_or_complete(now)
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

    fn can_rebalance(&self) -> bool {
        matches!(
            self.state,
            ClassicState::Stable | ClassicState::CompletingRebalance | ClassicState::Empty
        )
    }

    fn maybe_prepare_rebalance_or_complete(&mut self, now: i64) -> Effects {
        if self.can_rebalance() {
            self.prepare_rebalance(now)
        } else {
            self.maybe_complete_join(now)
        }
    }

    fn prepare_rebalance(&mut self, now: i64) -> Effects {
        if self.state == ClassicState::CompletingRebalance {
            // Members waiting in SyncGroup must rejoin.
            for m in &mut self.members {
                m.assignment = Bytes::new();
                if let Some(tx) = m.awaiting_sync.take() {
                    let _ = tx.send(SyncResult::error(E::RebalanceInProgress));
                }
            }
        }
        self.pending_sync.clear();
        self.sync_deadline = None;
        let initial = self.state == ClassicState::Empty;
        self.transition(ClassicState::PreparingRebalance, now);
        if initial {
            let delay = self.initial_delay;
            let remaining = (self.rebalance_timeout() - delay).max(0);
            self.join_timer = Some(JoinTimer::Initial {
                at: now + delay,
                delay,
                remaining,
            });
            return Effects::default();
        }
        if self.all_joined() {
            return self.complete_join(now);
        }
        self.join_timer = Some(JoinTimer::Complete {
            at: now + self.rebalance_timeout(),
        });
        Effects::default()
    }

    fn maybe_complete_join(&mut self, now: i64) -> Effects {
        if self.state != ClassicState::PreparingRebalance
            || self.previous_state == ClassicState::Empty
            || !self.all_joined()
        {
            return Effects::default();
        }
        self.complete_join(now)
    }

    fn complete_join(&mut self, now: i64) -> Effects {
        self.join_timer = None;
        // Dynamic members that did not rejoin are dropped.
        let gone: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.awaiting_join.is_none() && m.instance_id.is_none())
            .map(|m| m.id.clone())
            .collect();
        for id in gone {
            self.remove_member(&id);
        }
        if self.state == ClassicState::Dead {
            return Effects::default();
        }
        if !self.elect_joined_leader() && !self.members.is_empty() {
            // Nobody rejoined: try again after another rebalance timeout.
            self.join_timer = Some(JoinTimer::Complete {
                at: now + self.rebalance_timeout(),
            });
            return Effects::default();
        }
        self.generation += 1;
        if self.members.is_empty() {
            self.protocol_name = None;
            self.pending_sync.clear();
            self.transition(ClassicState::Empty, now);
            return Effects { persist: true };
        }
        self.protocol_name = self.select_protocol();
        self.transition(ClassicState::CompletingRebalance, now);
        self.pending_sync.clear();
        let leader = self.leader.clone().unwrap_or_default();
        let all = self.current_members();
        let base = self.join_result("", false);
        for m in &mut self.members {
            let mut r = base.clone();
            r.member_id = m.id.clone();
            if m.id == leader {
                r.members = all.clone();
            }
            if let Some(tx) = m.awaiting_join.take() {
                let _ = tx.send(r);
            }
            m.heartbeat_deadline = now + i64::from(m.session_timeout_ms.max(0));
            m.is_new = false;
            self.pending_sync.insert(m.id.clone());
        }
        self.sync_deadline = Some(now + self.rebalance_timeout());
        Effects::default()
    }

    /// Keep the leader if it rejoined, else pick the first member that did.
    fn elect_joined_leader(&mut self) -> bool {
        let Some(leader) = self.leader.clone() else {
            return true;
        };
        if self
            .member(&leader)
            .is_some_and(|m| m.awaiting_join.is_some())
        {
            return true;
        }
        match self.members.iter().find(|m| m.awaiting_join.is_some()) {
            Some(m) => {
                self.leader = Some(m.id.clone());
                true
            }
            None => false,
        }
    }

    /// SyncGroup. The leader's call carries the assignments.
    #[allow(
        clippy::too_many_arguments,
        reason = "the SyncGroup request's fields, kept flat"
    )]
    pub fn sync(
        &mut self,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        protocol_type: Option<&str>,
        protocol_name: Option<&str>,
        assignments: Vec<(String, Bytes)>,
        tx: oneshot::Sender<SyncResult>,
        now: i64,
    ) -> Effects {
        if self.state == ClassicState::Dead {
            let _ = tx.send(SyncResult::error(E::CoordinatorNotAvailable));
            return Effects::default();
        }
        if let Err(e) = self.validate_member(member_id, instance_id) {
            let _ = tx.send(SyncResult::error(e));
            return Effects::default();
        }
        if generation != self.generation {
            let _ = tx.send(SyncResult::error(E::IllegalGeneration));
            return Effects::default();
        }
        let inconsistent = |given: Option<&str>, ours: &Option<String>| {
            given.is_some_and(|g| Some(g) != ours.as_deref())
        };
        if inconsistent(protocol_type, &self.protocol_type)
            || inconsistent(protocol_name, &self.protocol_name)
        {
            let _ = tx.send(SyncResult::error(E::InconsistentGroupProtocol));
            return Effects::default();
        }
        match self.state {
            ClassicState::PreparingRebalance => {
                let _ = tx.send(SyncResult::error(E::RebalanceInProgress));
                Effects::default()
            }
            ClassicState::CompletingRebalance => {
                self.pending_sync.remove(member_id);
                if let Some(m) = self.member_mut(member_id) {
                    m.awaiting_sync = Some(tx);
                }
                if self.leader.as_deref() != Some(member_id) {
                    return Effects::default();
                }
                for m in &mut self.members {
                    m.assignment = assignments
                        .iter()
                        .find(|(id, _)| *id == m.id)
                        .map(|(_, a)| a.clone())
                        .unwrap_or_default();
                }
                self.propagate_assignment(now);
                self.transition(ClassicState::Stable, now);
                Effects { persist: true }
            }
            ClassicState::Stable => {
                self.pending_sync.remove(member_id);
                let assignment = self
                    .member(member_id)
                    .map(|m| m.assignment.clone())
                    .unwrap_or_default();
                let _ = tx.send(SyncResult {
                    error: 0,
                    protocol_type: self.protocol_type.clone(),
                    protocol_name: self.protocol_name.clone(),
                    assignment,
                });
                Effects::default()
            }
            ClassicState::Empty | ClassicState::Dead => {
                let _ = tx.send(SyncResult::error(E::UnknownMemberId));
                Effects::default()
            }
        }
    }

    fn propagate_assignment(&mut self, now: i64) {
        let (pt, pn) = (self.protocol_type.clone(), self.protocol_name.clone());
        for m in &mut self.members {
            if let Some(tx) = m.awaiting_sync.take() {
                let _ = tx.send(SyncResult {
                    error: 0,
                    protocol_type: pt.clone(),
                    protocol_name: pn.clone(),
                    assignment: m.assignment.clone(),
                });
                m.heartbeat_deadline = now + i64::from(m.session_timeout_ms.max(0));
            }
        }
    }

    /// Heartbeat: the error code to answer with.
    pub fn heartbeat(
        &mut self,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        now: i64,
    ) -> Result<(), E> {
        if self.state == ClassicState::Dead {
            return Err(E::CoordinatorNotAvailable);
        }
        self.validate_member(member_id, instance_id)?;
        if generation != self.generation {
            return Err(E::IllegalGeneration);
        }
        match self.state {
            ClassicState::Empty => Err(E::UnknownMemberId),
            ClassicState::PreparingRebalance => {
                self.touch(member_id, now);
                Err(E::RebalanceInProgress)
            }
            _ => {
                self.touch(member_id, now);
                Ok(())
            }
        }
    }

    fn touch(&mut self, member_id: &str, now: i64) {
        if let Some(m) = self.member_mut(member_id) {
            m.heartbeat_deadline = now + i64::from(m.session_timeout_ms.max(0));
        }
    }

    /// LeaveGroup for one member identity; returns its error code.
    pub fn leave(&mut self, member_id: &str, instance_id: Option<&str>) -> Result<(), E> {
        if self.state == ClassicState::Dead {
            return Err(E::CoordinatorNotAvailable);
        }
        if member_id.is_empty() {
            // Administrative removal by group.instance.id.
            match instance_id.and_then(|i| self.static_member_id(i)) {
                Some(id) => {
                    self.remove_member(&id);
                    return Ok(());
                }
                None => return Err(E::UnknownMemberId),
            }
        }
        if self.is_pending(member_id) {
            self.pending_members.retain(|(m, _)| m != member_id);
            return Ok(());
        }
        self.validate_member(member_id, instance_id)?;
        self.remove_member(member_id);
        Ok(())
    }

    /// After one or more members left: move the group along.
    pub fn after_leave(&mut self, now: i64) -> Effects {
        match self.state {
            ClassicState::Stable | ClassicState::CompletingRebalance => {
                self.maybe_prepare_rebalance_or_complete(now)
            }
            ClassicState::PreparingRebalance => self.maybe_complete_join(now),
            _ => Effects::default(),
        }
    }

    /// Deadlines: session timeouts, join and sync phases. Called by the coordinator's timer.
    pub fn tick(&mut self, now: i64) -> Effects {
        let mut effects = Effects::default();
        let expired_pending: Vec<String> = self
            .pending_members
            .iter()
            .filter(|(_, d)| *d <= now)
            .map(|(m, _)| m.clone())
            .collect();
        if !expired_pending.is_empty() {
            self.pending_members.retain(|(_, d)| *d > now);
            if self.state == ClassicState::PreparingRebalance
                && self.all_joined()
                && self.previous_state != ClassicState::Empty
            {
                effects.persist |= self.complete_join(now).persist;
            }
        }
        let expired: Vec<String> = self
            .members
            .iter()
            // A member parked in JoinGroup or SyncGroup is alive (its socket is busy).
            .filter(|m| {
                m.heartbeat_deadline <= now
                    && m.awaiting_join.is_none()
                    && m.awaiting_sync.is_none()
            })
            .map(|m| m.id.clone())
            .collect();
        let new_expired: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.is_new && m.heartbeat_deadline <= now)
            .map(|m| m.id.clone())
            .collect();
        for id in expired.iter().chain(new_expired.iter()) {
            tracing::info!(group = %self.id, member = %id, "Member failed to heartbeat; removing it from the group.");
            self.remove_member(id);
            effects.persist |= match self.state {
                ClassicState::Stable | ClassicState::CompletingRebalance => {
                    self.maybe_prepare_rebalance_or_complete(now).persist
                }
                ClassicState::PreparingRebalance if self.all_joined() => {
                    self.complete_join(now).persist
                }
                _ => false,
            };
        }
        match self.join_timer {
            Some(JoinTimer::Initial {
                at,
                delay,
                remaining,
            }) if at <= now => {
                if self.new_member_added && remaining > 0 {
                    self.new_member_added = false;
                    let next = delay.min(remaining);
                    self.join_timer = Some(JoinTimer::Initial {
                        at: now + next,
                        delay: next,
                        remaining: (remaining - delay).max(0),
                    });
                } else {
                    effects.persist |= self.complete_join(now).persist;
                }
            }
            Some(JoinTimer::Complete { at }) if at <= now => {
                effects.persist |= self.complete_join(now).persist;
            }
            _ => {}
        }
        if let Some(at) = self.sync_deadline
            && at <= now
            && matches!(
                self.state,
                ClassicState::CompletingRebalance | ClassicState::Stable
            )
        {
            self.sync_deadline = None;
            if !self.pending_sync.is_empty() {
                let missing: Vec<String> = self.pending_sync.drain().collect();
                for id in &missing {
                    self.remove_member(id);
                }
                effects.persist |= self.prepare_rebalance(now).persist;
            }
        }
        effects
    }

    /// OffsetCommit checks for a classic group (Kafka's ClassicGroup.validateOffsetCommit).
    pub fn validate_commit(
        &self,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
    ) -> Result<(), E> {
        if self.state == ClassicState::Dead {
            return Err(E::CoordinatorNotAvailable);
        }
        if generation < 0 && self.state == ClassicState::Empty {
            return Ok(());
        }
        if generation >= 0 || !member_id.is_empty() || instance_id.is_some() {
            self.validate_member(member_id, instance_id)?;
            if generation != self.generation {
                return Err(E::IllegalGeneration);
            }
        } else if self.state != ClassicState::Empty {
            return Err(E::UnknownMemberId);
        }
        if self.state == ClassicState::CompletingRebalance {
            return Err(E::RebalanceInProgress);
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

    /// The group metadata record for the current state.
    pub fn to_record(&self) -> crate::coordinator::records::GroupValue {
        let proto = self.protocol_name.clone().unwrap_or_default();
        crate::coordinator::records::GroupValue {
            protocol_type: self.protocol_type.clone().unwrap_or_default(),
            generation: self.generation,
            protocol: self.protocol_name.clone(),
            leader: self.leader.clone(),
            current_state_timestamp: self.state_timestamp,
            members: self
                .members
                .iter()
                .map(|m| crate::coordinator::records::MemberValue {
                    member_id: m.id.clone(),
                    group_instance_id: m.instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout: m.rebalance_timeout_ms,
                    session_timeout: m.session_timeout_ms,
                    subscription: m.metadata(&proto),
                    assignment: m.assignment.clone(),
                })
                .collect(),
        }
    }

    /// Set the initial rebalance delay used when this group next leaves Empty.
    pub fn set_initial_delay(&mut self, ms: i64) {
        self.initial_delay = ms;
    }
}
