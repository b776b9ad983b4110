//! Conversion between a classic group and its `__consumer_offsets` metadata record.

use super::{ClassicGroup, ClassicState, Member};

impl ClassicGroup {
    /// Restore a group from its metadata record (after a restart). Members keep their
    /// assignments and must heartbeat within their session timeout.
    pub fn restore(id: &str, v: crate::coordinator::records::GroupValue, now: i64) -> ClassicGroup {
        let mut g = ClassicGroup::new(
            id,
            if v.current_state_timestamp >= 0 {
                v.current_state_timestamp
            } else {
                now
            },
        );
        g.generation = v.generation;
        g.protocol_type = (!v.protocol_type.is_empty()).then_some(v.protocol_type.clone());
        g.protocol_name = v.protocol.clone();
        g.leader = v.leader.clone();
        for m in v.members {
            let protocol = v.protocol.clone().unwrap_or_default();
            g.members.push(Member {
                id: m.member_id,
                instance_id: m.group_instance_id,
                client_id: m.client_id,
                client_host: m.client_host,
                rebalance_timeout_ms: m.rebalance_timeout,
                session_timeout_ms: m.session_timeout,
                protocol_type: v.protocol_type.clone(),
                protocols: vec![(protocol, m.subscription)],
                assignment: m.assignment,
                awaiting_join: None,
                awaiting_sync: None,
                heartbeat_deadline: now + i64::from(m.session_timeout.max(0)),
                is_new: false,
            });
        }
        if !g.members.is_empty() {
            g.state = ClassicState::Stable;
        }
        g
    }

    /// The group metadata record for the current state.
    pub fn to_record(&self) -> crate::coordinator::records::GroupValue {
        let proto = self.protocol_name.clone().unwrap_or_default();
        crate::coordinator::records::GroupValue {
            protocol_type: self.protocol_type.clone().unwrap_or_default(),
            generation: self.generation,
            protocol: self.protocol_name.clone(),
            leader: self.leader.clone(),
            current_state_timestamp: self.state_timestamp,
            members: self
                .members
                .iter()
                .map(|m| crate::coordinator::records::MemberValue {
                    member_id: m.id.clone(),
                    group_instance_id: m.instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout: m.rebalance_timeout_ms,
                    session_timeout: m.session_timeout_ms,
                    subscription: m.metadata(&proto),
                    assignment: m.assignment.clone(),
                })
                .collect(),
        }
    }
}
