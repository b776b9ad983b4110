//! The rebalance phases: preparing a rebalance and completing the join phase.

use bytes::Bytes;
use kafka_protocol::ResponseError as E;

use super::{ClassicGroup, ClassicState, Effects, JoinTimer, SyncResult};

impl ClassicGroup {
    fn can_rebalance(&self) -> bool {
        matches!(
            self.state,
            ClassicState::Stable | ClassicState::CompletingRebalance | ClassicState::Empty
        )
    }

    pub(super) fn maybe_prepare_rebalance_or_complete(&mut self, now: i64) -> Effects {
        if self.can_rebalance() {
            self.prepare_rebalance(now)
        } else {
            self.maybe_complete_join(now)
        }
    }

    pub(super) fn prepare_rebalance(&mut self, now: i64) -> Effects {
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

    pub(super) fn maybe_complete_join(&mut self, now: i64) -> Effects {
        if self.state != ClassicState::PreparingRebalance
            || self.previous_state == ClassicState::Empty
            || !self.all_joined()
        {
            return Effects::default();
        }
        self.complete_join(now)
    }

    pub(super) fn complete_join(&mut self, now: i64) -> Effects {
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
}
