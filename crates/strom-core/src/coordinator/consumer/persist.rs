//! Members to and from `__consumer_offsets`: each member's metadata and current assignment
//! records are appended when they change (tombstones when it leaves), and replayed at start-up
//! so a restart keeps the group's members, epochs and partitions.

use bytes::Bytes;

use super::{ConsumerGroup, ConsumerMember, MemberState};
use crate::coordinator::member_records::{
    self as mr, CURRENT_ASSIGNMENT_KEY, MEMBER_METADATA_KEY, MemberAssignment, MemberMetadata,
};

fn state_id(s: MemberState) -> i8 {
    match s {
        MemberState::Stable => 1,
        MemberState::UnrevokedPartitions => 2,
        MemberState::UnreleasedPartitions => 3,
    }
}

fn state_from(id: i8) -> MemberState {
    match id {
        2 => MemberState::UnrevokedPartitions,
        3 => MemberState::UnreleasedPartitions,
        _ => MemberState::Stable,
    }
}

impl ConsumerMember {
    fn encode(&self) -> (Bytes, Bytes) {
        let meta = MemberMetadata {
            instance_id: self.instance_id.clone(),
            rack_id: self.rack_id.clone(),
            client_id: self.client_id.clone(),
            client_host: self.client_host.clone(),
            subscribed_topic_names: self.subscribed_names.clone(),
            subscribed_topic_regex: self.regex.clone(),
            rebalance_timeout_ms: self.rebalance_timeout_ms,
            server_assignor: self.assignor.clone(),
        };
        let assignment = MemberAssignment {
            member_epoch: self.epoch,
            previous_member_epoch: self.previous_epoch,
            state: state_id(self.state),
            assigned: self.assigned.clone(),
            pending_revocation: self.pending_revocation.clone(),
        };
        (mr::metadata_value(&meta), mr::assignment_value(&assignment))
    }
}

impl ConsumerGroup {
    /// The member records to append: for one member (after its heartbeat) or, with `None`,
    /// for every member plus tombstones for those gone. Only what changed since the last call.
    pub fn member_records(&mut self, only: Option<&str>) -> Vec<(Bytes, Option<Bytes>)> {
        let ids: Vec<String> = match only {
            Some(id) => vec![id.to_string()],
            None => self
                .members
                .keys()
                .chain(self.written.keys())
                .cloned()
                .collect(),
        };
        let mut out = Vec::new();
        for id in ids {
            let now = self.members.get(&id).map(ConsumerMember::encode);
            let before = self.written.get(&id);
            match (now, before) {
                (Some((meta, asg)), before) => {
                    if before.is_none_or(|(m, _)| *m != meta) {
                        out.push((
                            mr::key(MEMBER_METADATA_KEY, &self.id, &id),
                            Some(meta.clone()),
                        ));
                    }
                    if before.is_none_or(|(_, a)| *a != asg) {
                        out.push((
                            mr::key(CURRENT_ASSIGNMENT_KEY, &self.id, &id),
                            Some(asg.clone()),
                        ));
                    }
                    self.written.insert(id, (meta, asg));
                }
                (None, Some(_)) => {
                    out.push((mr::key(CURRENT_ASSIGNMENT_KEY, &self.id, &id), None));
                    out.push((mr::key(MEMBER_METADATA_KEY, &self.id, &id), None));
                    self.written.remove(&id);
                }
                (None, None) => {}
            }
        }
        out
    }

    /// Replay a member metadata record.
    pub fn restore_metadata(&mut self, member: &str, v: MemberMetadata) {
        let m = self
            .members
            .entry(member.to_string())
            .or_insert_with(|| ConsumerMember::new(member));
        m.instance_id = v.instance_id;
        m.rack_id = v.rack_id;
        m.client_id = v.client_id;
        m.client_host = v.client_host;
        m.subscribed_names = v.subscribed_topic_names;
        m.regex = v.subscribed_topic_regex;
        m.rebalance_timeout_ms = v.rebalance_timeout_ms;
        m.assignor = v.server_assignor;
    }

    /// Replay a current assignment record.
    pub fn restore_assignment(&mut self, member: &str, v: MemberAssignment) {
        let m = self
            .members
            .entry(member.to_string())
            .or_insert_with(|| ConsumerMember::new(member));
        m.epoch = v.member_epoch;
        m.previous_epoch = v.previous_member_epoch;
        m.state = state_from(v.state);
        m.assigned = v.assigned;
        m.pending_revocation = v.pending_revocation;
    }

    /// Replay a member's tombstone.
    pub fn restore_removal(&mut self, member: &str) {
        self.members.remove(member);
    }

    /// After replay: members get a full session to heartbeat again, and each keeps what it
    /// owns as its target. The resolved subscription is not stored, so the first heartbeat
    /// recomputes the target under a new group epoch; partitions stay where they are.
    pub fn restart(&mut self, session_timeout_ms: i64, now: i64) {
        self.target.clear();
        for m in self.members.values_mut() {
            m.session_deadline = now + session_timeout_ms;
            m.revocation_deadline = (m.state == MemberState::UnrevokedPartitions)
                .then(|| now + i64::from(m.rebalance_timeout_ms.max(0)));
            self.target.insert(m.id.clone(), m.assigned.clone());
        }
        self.assignment_epoch = self.epoch;
        self.written = self
            .members
            .values()
            .map(|m| (m.id.clone(), m.encode()))
            .collect();
        self.dirty = false;
    }
}
