//! Heartbeat and LeaveGroup.

use kafka_protocol::ResponseError as E;

use super::{ClassicGroup, ClassicState, Effects};

impl ClassicGroup {
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
}
