//! Session and revocation timeouts.

use super::{ConsumerGroup, TopicLookup};

impl ConsumerGroup {
    /// Session and revocation timeouts; returns the members removed.
    pub fn tick(&mut self, lookup: &dyn TopicLookup, now: i64) -> Vec<String> {
        let expired: Vec<String> = self
            .members
            .values()
            .filter(|m| {
                m.session_deadline <= now || m.revocation_deadline.is_some_and(|d| d <= now)
            })
            .map(|m| m.id.clone())
            .collect();
        for id in &expired {
            tracing::info!(group = %self.id, member = %id, "Consumer group member timed out; fencing it.");
            self.remove_member(id, now);
        }
        if !expired.is_empty() && !self.members.is_empty() {
            self.metadata = self.resolve(lookup);
            self.compute_target();
        }
        expired
    }
}
