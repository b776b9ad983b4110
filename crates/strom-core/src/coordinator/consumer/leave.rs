//! Leaving the group: for good (epoch -1) or, for static members, temporarily (epoch -2).

use kafka_protocol::ResponseError as E;

use super::{
    ConsumerConfig, ConsumerGroup, HeartbeatRequest, HeartbeatResult, LEAVE_STATIC_EPOCH,
    MemberState,
};

impl ConsumerGroup {
    pub(super) fn leave(
        &mut self,
        req: &HeartbeatRequest,
        cfg: &ConsumerConfig,
        now: i64,
    ) -> HeartbeatResult {
        let id = match (&req.instance_id, req.member_epoch) {
            (Some(instance), LEAVE_STATIC_EPOCH) => self
                .members
                .values()
                .find(|m| m.instance_id.as_deref() == Some(instance.as_str()))
                .map(|m| m.id.clone()),
            _ => self
                .members
                .contains_key(&req.member_id)
                .then(|| req.member_id.clone()),
        };
        let Some(id) = id else {
            return HeartbeatResult::error(
                E::UnknownMemberId,
                format!(
                    "Member {} is not a member of group {}.",
                    req.member_id, self.id
                ),
            );
        };
        if req.member_epoch == LEAVE_STATIC_EPOCH {
            // A static member leaving temporarily keeps its partitions (nobody else gets them)
            // and the group epoch stays; it is removed only if its session times out first.
            if let Some(m) = self.members.get_mut(&id) {
                m.set_epoch(LEAVE_STATIC_EPOCH);
                m.pending_revocation.clear();
                m.state = MemberState::Stable;
                m.revocation_deadline = None;
                m.session_deadline = now + cfg.session_timeout_ms;
                self.dirty = true;
            }
        } else {
            self.remove_member(&id, now);
        }
        HeartbeatResult {
            error: None,
            member_id: req.member_id.clone(),
            member_epoch: req.member_epoch,
            heartbeat_interval_ms: 0,
            assignment: None,
        }
    }

    pub(super) fn remove_member(&mut self, id: &str, now: i64) {
        if self.members.remove(id).is_some() {
            self.target.remove(id);
            self.epoch += 1;
            self.dirty = true;
            if self.members.is_empty() {
                self.state_timestamp = now;
            }
        }
    }
}
