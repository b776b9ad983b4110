//! OffsetCommit validation for classic groups.

use kafka_protocol::ResponseError as E;

use super::{ClassicGroup, ClassicState};

impl ClassicGroup {
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
}
