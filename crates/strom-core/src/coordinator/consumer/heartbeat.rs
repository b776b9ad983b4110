//! ConsumerGroupHeartbeat: joining, epoch checks, subscription updates.

use kafka_protocol::ResponseError as E;
use uuid::Uuid;

use super::{
    ConsumerConfig, ConsumerGroup, ConsumerMember, HeartbeatRequest, HeartbeatResult,
    LEAVE_STATIC_EPOCH, MemberState, TopicLookup, flat, to_set,
};

impl ConsumerGroup {
    /// One heartbeat. Validation of the request's shape happened before.
    pub fn heartbeat(
        &mut self,
        req: HeartbeatRequest,
        lookup: &dyn TopicLookup,
        cfg: &ConsumerConfig,
        now: i64,
    ) -> HeartbeatResult {
        if req.member_epoch < 0 {
            return self.leave(&req, cfg, now);
        }
        let member_id = if req.member_id.is_empty() {
            Uuid::new_v4().to_string()
        } else {
            req.member_id.clone()
        };
        // Static members: a new member id for a known instance replaces the old member.
        if let Some(instance) = req.instance_id.as_deref() {
            let existing = self
                .members
                .values()
                .find(|m| m.instance_id.as_deref() == Some(instance))
                .map(|m| m.id.clone());
            if let Some(old) = existing.filter(|old| *old != member_id) {
                if req.member_epoch != 0 {
                    return HeartbeatResult::error(
                        E::FencedInstanceId,
                        format!(
                            "Static member {old} with instance id {instance} is the current member; {member_id} is fenced."
                        ),
                    );
                }
                // Only a member that left temporarily (epoch -2) hands its place over.
                let released = self
                    .members
                    .get(&old)
                    .is_some_and(|m| m.epoch == LEAVE_STATIC_EPOCH);
                if !released {
                    return HeartbeatResult::error(
                        E::UnreleasedInstanceId,
                        format!(
                            "Static member {member_id} with instance id {instance} cannot join the group because the instance id is owned by {old} member."
                        ),
                    );
                }
                if let Some(mut m) = self.members.remove(&old) {
                    // The new member takes over the old one's partitions and, below, its epoch.
                    m.id = member_id.clone();
                    if let Some(t) = self.target.remove(&old) {
                        self.target.insert(member_id.clone(), t);
                    }
                    self.members.insert(member_id.clone(), m);
                    self.dirty = true;
                }
            }
        }
        let is_new = !self.members.contains_key(&member_id);
        if is_new && req.member_epoch != 0 {
            return HeartbeatResult::error(
                E::UnknownMemberId,
                format!("Member {member_id} is not a member of group {}.", self.id),
            );
        }
        if is_new && self.members.len() >= cfg.max_size {
            return HeartbeatResult::error(
                E::GroupMaxSizeReached,
                format!(
                    "The consumer group has reached its maximum capacity of {} members.",
                    cfg.max_size
                ),
            );
        }
        let mut bump = false;
        if let Some(m) = self.members.get_mut(&member_id) {
            if req.member_epoch == 0 && m.epoch == LEAVE_STATIC_EPOCH {
                // The static member is back under its old id: it resumes where it left.
                m.epoch = m.previous_epoch;
                self.dirty = true;
            } else if req.member_epoch == 0 && m.epoch != 0 && req.instance_id.is_none() {
                // Rejoining after being fenced or restarted: start over without partitions.
                m.assigned.clear();
                m.pending_revocation.clear();
                m.epoch = 0;
                m.previous_epoch = 0;
                m.state = MemberState::Stable;
            } else if req.member_epoch > m.epoch {
                return HeartbeatResult::error(
                    E::FencedMemberEpoch,
                    format!(
                        "The consumer group member has a greater member epoch ({}) than the one known by the group coordinator ({}). The member must abandon all its partitions and rejoin.",
                        req.member_epoch, m.epoch
                    ),
                );
            } else if req.member_epoch < m.epoch {
                let owned_subset = req
                    .owned
                    .as_ref()
                    .is_none_or(|o| to_set(o).is_subset(&flat(&m.assigned)));
                if req.member_epoch != m.previous_epoch || !owned_subset {
                    return HeartbeatResult::error(
                        E::FencedMemberEpoch,
                        format!(
                            "The consumer group member has a smaller member epoch ({}) than the one known by the group coordinator ({}). The member must abandon all its partitions and rejoin.",
                            req.member_epoch, m.epoch
                        ),
                    );
                }
            }
        } else {
            self.members.insert(
                member_id.clone(),
                ConsumerMember {
                    session_deadline: now,
                    ..ConsumerMember::new(&member_id)
                },
            );
            bump = true;
        }
        let Some(m) = self.members.get_mut(&member_id) else {
            return HeartbeatResult::error(E::UnknownServerError, "member vanished");
        };
        m.client_id = req.client_id.clone();
        m.client_host = req.client_host.clone();
        if let Some(i) = &req.instance_id {
            m.instance_id = Some(i.clone());
        }
        if let Some(r) = &req.rack_id {
            m.rack_id = Some(r.clone());
        }
        if req.rebalance_timeout_ms > 0 {
            m.rebalance_timeout_ms = req.rebalance_timeout_ms;
        }
        if let Some(a) = &req.server_assignor {
            m.assignor = Some(a.clone());
        }
        if let Some(names) = &req.subscribed_topic_names {
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            if sorted != m.subscribed_names {
                m.subscribed_names = sorted;
                bump = true;
            }
        }
        if let Some(re) = &req.subscribed_topic_regex {
            let re = (!re.is_empty()).then(|| re.clone());
            if re != m.regex {
                m.regex = re;
                bump = true;
            }
        }
        m.session_deadline = now + cfg.session_timeout_ms;
        // Topic metadata changes (new partitions, created or deleted topics) bump the epoch too.
        let resolved = self.resolve(lookup);
        if resolved != self.metadata {
            self.metadata = resolved;
            bump = true;
        }
        if bump {
            self.epoch += 1;
            self.dirty = true;
            tracing::info!(group = %self.id, epoch = self.epoch, "Bumped consumer group epoch.");
        }
        if self.epoch > self.assignment_epoch {
            self.compute_target();
        }
        let before = self
            .members
            .get(&member_id)
            .map(|m| (m.epoch, m.assigned.clone()));
        self.reconcile(&member_id, req.owned.as_deref(), now);
        let Some(m) = self.members.get(&member_id) else {
            return HeartbeatResult::error(E::UnknownServerError, "member vanished");
        };
        let full = req.member_epoch == 0
            || (req.rebalance_timeout_ms != -1
                && req.subscribed_topic_names.is_some()
                && req.owned.is_some());
        let changed = before.is_none_or(|(_, a)| a != m.assigned);
        HeartbeatResult {
            error: None,
            member_id: m.id.clone(),
            member_epoch: m.epoch,
            heartbeat_interval_ms: cfg.heartbeat_interval_ms,
            assignment: (full || changed).then(|| m.assigned.clone()),
        }
    }
}
