//! JoinGroup: admitting, adding, replacing and removing members.

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use tokio::sync::oneshot;

use super::{
    ClassicConfig, ClassicGroup, ClassicState, Effects, JoinRequest, JoinResult, Member,
    SyncResult, new_member_id,
};

impl ClassicGroup {
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
    pub(super) fn remove_member(&mut self, id: &str) {
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
}
