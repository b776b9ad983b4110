//! SyncGroup: the leader's assignments, handed to every member.

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use tokio::sync::oneshot;

use super::{ClassicGroup, ClassicState, Effects, SyncResult};

impl ClassicGroup {
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
}
