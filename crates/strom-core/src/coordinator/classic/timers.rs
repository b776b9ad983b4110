//! Deadlines: session timeouts, the join timer and the sync deadline.

use super::{ClassicGroup, ClassicState, Effects, JoinTimer};

impl ClassicGroup {
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
}
