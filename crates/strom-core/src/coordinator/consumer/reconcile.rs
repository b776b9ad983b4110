//! Reconciling a member towards its target assignment.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::{ConsumerGroup, MemberState, flat, to_set};
use crate::coordinator::assignor::Assignment;

impl ConsumerGroup {
    /// The member currently owning a partition (assigned or pending revocation), if any.
    fn owner(&self, tp: (Uuid, i32), except: &str) -> bool {
        self.members.values().any(|m| {
            m.id != except
                && (m.assigned.get(&tp.0).is_some_and(|s| s.contains(&tp.1))
                    || m.pending_revocation
                        .get(&tp.0)
                        .is_some_and(|s| s.contains(&tp.1)))
        })
    }

    /// Move a member towards its target assignment (Kafka's CurrentAssignmentBuilder).
    pub(super) fn reconcile(
        &mut self,
        member_id: &str,
        owned: Option<&[(Uuid, Vec<i32>)]>,
        now: i64,
    ) {
        let Some(m) = self.members.get(member_id).cloned() else {
            return;
        };
        let target = self.target.get(member_id).cloned().unwrap_or_default();
        let target_epoch = self.assignment_epoch;
        let owns = |revoking: &Assignment| -> bool {
            match owned {
                None => true,
                Some(o) => {
                    let o = to_set(o);
                    flat(revoking).iter().any(|tp| o.contains(tp))
                }
            }
        };
        let base_epoch = match m.state {
            MemberState::Stable if m.epoch == target_epoch => return,
            MemberState::Stable | MemberState::UnreleasedPartitions => m.epoch,
            MemberState::UnrevokedPartitions => {
                if owns(&m.pending_revocation) {
                    return;
                }
                m.epoch + 1
            }
        };
        let current = flat(&m.assigned);
        let want = flat(&target);
        let keep: BTreeSet<(Uuid, i32)> = current.intersection(&want).copied().collect();
        let revoke: BTreeSet<(Uuid, i32)> = current.difference(&keep).copied().collect();
        let mut add: BTreeSet<(Uuid, i32)> = want.difference(&keep).copied().collect();
        let before = add.len();
        add.retain(|tp| !self.owner(*tp, member_id));
        let unreleased = add.len() != before;
        let to_assignment = |s: &BTreeSet<(Uuid, i32)>| {
            let mut a = Assignment::new();
            for (t, p) in s {
                a.entry(*t).or_default().insert(*p);
            }
            a
        };
        let Some(mm) = self.members.get_mut(member_id) else {
            return;
        };
        let revoking = to_assignment(&revoke);
        if !revoke.is_empty() && owns(&revoking) {
            mm.state = MemberState::UnrevokedPartitions;
            mm.set_epoch(base_epoch);
            mm.assigned = to_assignment(&keep);
            mm.pending_revocation = revoking;
            mm.revocation_deadline = Some(now + i64::from(mm.rebalance_timeout_ms.max(0)));
            return;
        }
        let mut assigned = keep;
        assigned.extend(add);
        mm.state = if unreleased {
            MemberState::UnreleasedPartitions
        } else {
            MemberState::Stable
        };
        mm.set_epoch(target_epoch);
        mm.assigned = to_assignment(&assigned);
        mm.pending_revocation = Assignment::new();
        mm.revocation_deadline = None;
    }
}
