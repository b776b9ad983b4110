//! The consumer group protocol (KIP-848): members heartbeat with their epoch and subscription;
//! the coordinator computes a target assignment with a server-side assignor and reconciles each
//! member towards it, revoking partitions before handing them to someone else.

use std::collections::{BTreeMap, BTreeSet};

use kafka_protocol::ResponseError as E;
use uuid::Uuid;

use super::assignor::{self, Assignment, MemberSpec};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    Stable,
    /// Waiting for the member to stop owning partitions it must give up.
    UnrevokedPartitions,
    /// Waiting for other members to release partitions this member should get.
    UnreleasedPartitions,
}

#[derive(Clone, Debug)]
pub struct ConsumerMember {
    pub id: String,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub subscribed_names: Vec<String>,
    pub regex: Option<String>,
    pub assignor: Option<String>,
    pub epoch: i32,
    pub previous_epoch: i32,
    pub state: MemberState,
    pub assigned: Assignment,
    pub pending_revocation: Assignment,
    session_deadline: i64,
    revocation_deadline: Option<i64>,
}

/// Group states as ConsumerGroupDescribe and ListGroups report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerState {
    Empty,
    Assigning,
    Reconciling,
    Stable,
}

impl ConsumerState {
    pub fn name(self) -> &'static str {
        match self {
            ConsumerState::Empty => "Empty",
            ConsumerState::Assigning => "Assigning",
            ConsumerState::Reconciling => "Reconciling",
            ConsumerState::Stable => "Stable",
        }
    }
}

/// The epoch a static member sends (and keeps) when it leaves intending to come back.
pub const LEAVE_STATIC_EPOCH: i32 = -2;

/// A ConsumerGroupHeartbeat request, version-neutral.
#[derive(Clone, Debug, Default)]
pub struct HeartbeatRequest {
    pub member_id: String,
    pub member_epoch: i32,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub rebalance_timeout_ms: i32,
    pub subscribed_topic_names: Option<Vec<String>>,
    pub subscribed_topic_regex: Option<String>,
    pub server_assignor: Option<String>,
    pub owned: Option<Vec<(Uuid, Vec<i32>)>>,
    pub client_id: String,
    pub client_host: String,
}

#[derive(Clone, Debug, Default)]
pub struct HeartbeatResult {
    pub error: Option<(E, String)>,
    pub member_id: String,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i32,
    pub assignment: Option<Assignment>,
}

impl HeartbeatResult {
    pub fn error(e: E, msg: impl Into<String>) -> HeartbeatResult {
        HeartbeatResult {
            error: Some((e, msg.into())),
            ..Default::default()
        }
    }
}

/// Topic names and ids known to the cluster, for resolving subscriptions.
pub trait TopicLookup {
    /// (id, partition count) of a topic.
    fn topic(&self, name: &str) -> Option<(Uuid, i32)>;
    /// Every topic name (for regex subscriptions).
    fn names(&self) -> Vec<String>;
}

/// Settings from the broker configuration.
#[derive(Clone, Copy, Debug)]
pub struct ConsumerConfig {
    pub session_timeout_ms: i64,
    pub heartbeat_interval_ms: i32,
    pub max_size: usize,
}

#[derive(Debug)]
pub struct ConsumerGroup {
    pub id: String,
    pub epoch: i32,
    pub assignment_epoch: i32,
    pub members: BTreeMap<String, ConsumerMember>,
    pub target: BTreeMap<String, Assignment>,
    /// The resolved subscription the target assignment was computed from.
    metadata: BTreeMap<String, (Uuid, i32)>,
    pub state_timestamp: i64,
    /// Whether the group changed since it was last persisted.
    pub dirty: bool,
}

fn to_set(owned: &[(Uuid, Vec<i32>)]) -> BTreeSet<(Uuid, i32)> {
    owned
        .iter()
        .flat_map(|(t, ps)| ps.iter().map(move |p| (*t, *p)))
        .collect()
}

fn flat(a: &Assignment) -> BTreeSet<(Uuid, i32)> {
    a.iter()
        .flat_map(|(t, ps)| ps.iter().map(move |p| (*t, *p)))
        .collect()
}

impl ConsumerGroup {
    pub fn new(id: &str, now: i64) -> ConsumerGroup {
        ConsumerGroup {
            id: id.to_string(),
            epoch: 0,
            assignment_epoch: 0,
            members: BTreeMap::new(),
            target: BTreeMap::new(),
            metadata: BTreeMap::new(),
            state_timestamp: now,
            dirty: true,
        }
    }

    pub fn state(&self) -> ConsumerState {
        if self.members.is_empty() {
            ConsumerState::Empty
        } else if self.assignment_epoch < self.epoch {
            ConsumerState::Assigning
        } else if self
            .members
            .values()
            .any(|m| m.epoch != self.assignment_epoch || m.state != MemberState::Stable)
        {
            ConsumerState::Reconciling
        } else {
            ConsumerState::Stable
        }
    }

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

    fn resolve(&self, lookup: &dyn TopicLookup) -> BTreeMap<String, (Uuid, i32)> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for m in self.members.values() {
            names.extend(m.subscribed_names.iter().cloned());
            if let Some(re) = m
                .regex
                .as_deref()
                .and_then(|r| regex::Regex::new(&format!("^(?:{r})$")).ok())
            {
                names.extend(lookup.names().into_iter().filter(|n| re.is_match(n)));
            }
        }
        names
            .into_iter()
            .filter_map(|n| lookup.topic(&n).map(|v| (n, v)))
            .collect()
    }

    fn member_topics(&self, m: &ConsumerMember) -> BTreeSet<Uuid> {
        let re = m
            .regex
            .as_deref()
            .and_then(|r| regex::Regex::new(&format!("^(?:{r})$")).ok());
        self.metadata
            .iter()
            .filter(|(n, _)| {
                m.subscribed_names.contains(n) || re.as_ref().is_some_and(|re| re.is_match(n))
            })
            .map(|(_, (id, _))| *id)
            .collect()
    }

    fn compute_target(&mut self) {
        let assignor_name = self
            .members
            .values()
            .find_map(|m| m.assignor.clone())
            .unwrap_or_else(|| assignor::UNIFORM.to_string());
        let specs: Vec<MemberSpec> = self
            .members
            .values()
            .map(|m| MemberSpec {
                member_id: m.id.clone(),
                subscribed: self.member_topics(m),
                current: self
                    .target
                    .get(&m.id)
                    .cloned()
                    .unwrap_or_else(|| m.assigned.clone()),
            })
            .collect();
        let topics: BTreeMap<Uuid, i32> = self.metadata.values().copied().collect();
        self.target = assignor::assign(&assignor_name, &specs, &topics);
        self.assignment_epoch = self.epoch;
    }

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
                    id: member_id.clone(),
                    instance_id: None,
                    rack_id: None,
                    client_id: String::new(),
                    client_host: String::new(),
                    rebalance_timeout_ms: 300_000,
                    subscribed_names: Vec::new(),
                    regex: None,
                    assignor: None,
                    epoch: 0,
                    previous_epoch: 0,
                    state: MemberState::Stable,
                    assigned: Assignment::new(),
                    pending_revocation: Assignment::new(),
                    session_deadline: now,
                    revocation_deadline: None,
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

    /// Move a member towards its target assignment (Kafka's CurrentAssignmentBuilder).
    fn reconcile(&mut self, member_id: &str, owned: Option<&[(Uuid, Vec<i32>)]>, now: i64) {
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

    fn leave(&mut self, req: &HeartbeatRequest, cfg: &ConsumerConfig, now: i64) -> HeartbeatResult {
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

    fn remove_member(&mut self, id: &str, now: i64) {
        if self.members.remove(id).is_some() {
            self.target.remove(id);
            self.epoch += 1;
            self.dirty = true;
            if self.members.is_empty() {
                self.state_timestamp = now;
            }
        }
    }

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

    /// OffsetCommit checks: admin commits (epoch < 0) only while empty; members commit with
    /// their current epoch through OffsetCommit v9+.
    pub fn validate_commit(&self, member_id: &str, epoch: i32, v9: bool) -> Result<(), E> {
        if epoch < 0 && self.members.is_empty() {
            return Ok(());
        }
        let Some(m) = self.members.get(member_id) else {
            return Err(E::UnknownMemberId);
        };
        if !v9 {
            return Err(E::UnsupportedVersion);
        }
        if epoch != m.epoch {
            return Err(E::StaleMemberEpoch);
        }
        Ok(())
    }

    /// OffsetFetch checks (v9+ carries the member id and epoch).
    pub fn validate_fetch(&self, member_id: Option<&str>, epoch: i32) -> Result<(), E> {
        let Some(member_id) = member_id.filter(|m| !m.is_empty() || epoch >= 0) else {
            return Ok(());
        };
        let Some(m) = self.members.get(member_id) else {
            return Err(E::UnknownMemberId);
        };
        if epoch != m.epoch {
            return Err(E::StaleMemberEpoch);
        }
        Ok(())
    }

    /// Topic names the group's members subscribe to (for OffsetDelete).
    pub fn subscribed_topics(&self) -> BTreeSet<String> {
        self.metadata.keys().cloned().collect()
    }

    pub fn assignor_name(&self) -> String {
        self.members
            .values()
            .find_map(|m| m.assignor.clone())
            .unwrap_or_else(|| assignor::UNIFORM.to_string())
    }
}

impl ConsumerMember {
    fn set_epoch(&mut self, epoch: i32) {
        if epoch != self.epoch {
            self.previous_epoch = self.epoch;
            self.epoch = epoch;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Topics(BTreeMap<String, (Uuid, i32)>);
    impl TopicLookup for Topics {
        fn topic(&self, name: &str) -> Option<(Uuid, i32)> {
            self.0.get(name).copied()
        }
        fn names(&self) -> Vec<String> {
            self.0.keys().cloned().collect()
        }
    }

    const CFG: ConsumerConfig = ConsumerConfig {
        session_timeout_ms: 45_000,
        heartbeat_interval_ms: 5000,
        max_size: 100,
    };

    fn join(g: &mut ConsumerGroup, id: &str, topics: &Topics, now: i64) -> HeartbeatResult {
        g.heartbeat(
            HeartbeatRequest {
                member_id: id.into(),
                member_epoch: 0,
                rebalance_timeout_ms: 30_000,
                subscribed_topic_names: Some(vec!["t".into()]),
                owned: Some(vec![]),
                ..Default::default()
            },
            topics,
            &CFG,
            now,
        )
    }

    fn beat(
        g: &mut ConsumerGroup,
        id: &str,
        epoch: i32,
        owned: &Assignment,
        topics: &Topics,
        now: i64,
    ) -> HeartbeatResult {
        let owned = owned
            .iter()
            .map(|(t, ps)| (*t, ps.iter().copied().collect()))
            .collect();
        g.heartbeat(
            HeartbeatRequest {
                member_id: id.into(),
                member_epoch: epoch,
                rebalance_timeout_ms: -1,
                owned: Some(owned),
                ..Default::default()
            },
            topics,
            &CFG,
            now,
        )
    }

    fn count(a: &Assignment) -> usize {
        a.values().map(BTreeSet::len).sum()
    }

    #[test]
    fn a_second_member_gets_partitions_only_after_the_first_revokes() {
        let t = Uuid::new_v4();
        let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
        let mut g = ConsumerGroup::new("g", 0);
        let a = join(&mut g, "a", &topics, 0);
        assert_eq!(a.member_epoch, 1);
        let a_parts = a.assignment.unwrap();
        assert_eq!(count(&a_parts), 4);
        assert_eq!(g.state(), ConsumerState::Stable);

        let b = join(&mut g, "b", &topics, 1);
        // b's partitions are still owned by a: nothing yet.
        assert_eq!(count(&b.assignment.unwrap()), 0);
        assert_eq!(g.state(), ConsumerState::Reconciling);
        // a is asked to revoke two partitions and keeps its epoch.
        let a2 = beat(&mut g, "a", 1, &a_parts, &topics, 2);
        assert_eq!(a2.member_epoch, 1);
        let kept = a2.assignment.unwrap();
        assert_eq!(count(&kept), 2);
        // a acknowledges by reporting only what it kept: it moves to epoch 2.
        let a3 = beat(&mut g, "a", 1, &kept, &topics, 3);
        assert_eq!(a3.member_epoch, 2);
        // Now b gets the released partitions.
        let b2 = beat(&mut g, "b", b.member_epoch, &Assignment::new(), &topics, 4);
        assert_eq!(count(&b2.assignment.unwrap()), 2);
        assert_eq!(g.state(), ConsumerState::Stable);
    }

    #[test]
    fn epochs_are_checked() {
        let t = Uuid::new_v4();
        let topics = Topics(BTreeMap::from([("t".to_string(), (t, 2))]));
        let mut g = ConsumerGroup::new("g", 0);
        join(&mut g, "a", &topics, 0);
        let r = beat(&mut g, "a", 7, &Assignment::new(), &topics, 1);
        assert_eq!(r.error.unwrap().0, E::FencedMemberEpoch);
        let r = beat(&mut g, "nobody", 1, &Assignment::new(), &topics, 1);
        assert_eq!(r.error.unwrap().0, E::UnknownMemberId);
        assert_eq!(g.validate_commit("a", 0, true), Err(E::StaleMemberEpoch));
        assert_eq!(g.validate_commit("a", 1, false), Err(E::UnsupportedVersion));
        assert_eq!(g.validate_commit("a", 1, true), Ok(()));
    }

    #[test]
    fn leaving_and_timing_out_hand_partitions_back() {
        let t = Uuid::new_v4();
        let topics = Topics(BTreeMap::from([("t".to_string(), (t, 2))]));
        let mut g = ConsumerGroup::new("g", 0);
        let a = join(&mut g, "a", &topics, 0);
        let b = join(&mut g, "b", &topics, 0);
        let a_parts = a.assignment.unwrap();
        beat(&mut g, "a", a.member_epoch, &a_parts, &topics, 1);
        let r = g.heartbeat(
            HeartbeatRequest {
                member_id: "a".into(),
                member_epoch: -1,
                ..Default::default()
            },
            &topics,
            &CFG,
            2,
        );
        assert_eq!(r.member_epoch, -1);
        let b2 = beat(&mut g, "b", b.member_epoch, &Assignment::new(), &topics, 3);
        assert_eq!(count(&b2.assignment.unwrap()), 2);
        assert_eq!(
            g.tick(&topics, 3 + CFG.session_timeout_ms),
            vec!["b".to_string()]
        );
        assert_eq!(g.state(), ConsumerState::Empty);
    }

    fn static_hb(id: &str, instance: &str, epoch: i32) -> HeartbeatRequest {
        HeartbeatRequest {
            member_id: id.into(),
            member_epoch: epoch,
            instance_id: Some(instance.into()),
            rebalance_timeout_ms: 30_000,
            subscribed_topic_names: (epoch == 0).then(|| vec!["t".into()]),
            owned: Some(vec![]),
            ..Default::default()
        }
    }

    /// Two static members sharing 4 partitions, both stable.
    fn two_static(topics: &Topics) -> (ConsumerGroup, Assignment, Assignment) {
        let mut g = ConsumerGroup::new("g", 0);
        let a = g.heartbeat(static_hb("a", "ia", 0), topics, &CFG, 0);
        let b = g.heartbeat(static_hb("b", "ib", 0), topics, &CFG, 0);
        let a_all = a.assignment.unwrap();
        let kept = beat(&mut g, "a", 1, &a_all, topics, 1).assignment.unwrap();
        beat(&mut g, "a", 1, &kept, topics, 2);
        let b_parts = beat(&mut g, "b", b.member_epoch, &Assignment::new(), topics, 3)
            .assignment
            .unwrap();
        assert_eq!((count(&kept), count(&b_parts)), (2, 2));
        assert_eq!(g.state(), ConsumerState::Stable);
        (g, kept, b_parts)
    }

    #[test]
    fn a_static_member_that_leaves_temporarily_keeps_its_partitions() {
        let t = Uuid::new_v4();
        let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
        let (mut g, a_parts, b_parts) = two_static(&topics);
        let epoch = g.epoch;
        let r = g.heartbeat(static_hb("b", "ib", LEAVE_STATIC_EPOCH), &topics, &CFG, 4);
        assert_eq!((r.error, r.member_epoch), (None, LEAVE_STATIC_EPOCH));
        assert_eq!(
            g.epoch, epoch,
            "a temporary leave does not bump the group epoch"
        );
        // The survivor does not get the absent member's partitions.
        let a = beat(&mut g, "a", 2, &a_parts, &topics, 5);
        assert_eq!(a.member_epoch, 2);
        assert!(a.assignment.is_none_or(|x| x == a_parts));
        // Another member may not take an instance id that is still in use.
        let r = g.heartbeat(static_hb("x", "ia", 0), &topics, &CFG, 6);
        assert_eq!(r.error.unwrap().0, E::UnreleasedInstanceId);
        // A new member id with the released instance id resumes with the same partitions.
        let c = g.heartbeat(static_hb("c", "ib", 0), &topics, &CFG, 7);
        assert_eq!(c.error, None);
        assert_eq!(c.member_epoch, 2);
        assert_eq!(c.assignment.unwrap(), b_parts);
        assert!(!g.members.contains_key("b"));
        assert_eq!(g.epoch, epoch);
    }

    #[test]
    fn a_static_member_that_does_not_return_is_removed_at_its_session_timeout() {
        let t = Uuid::new_v4();
        let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
        let (mut g, a_parts, _) = two_static(&topics);
        g.heartbeat(static_hb("b", "ib", LEAVE_STATIC_EPOCH), &topics, &CFG, 4);
        beat(
            &mut g,
            "a",
            2,
            &a_parts,
            &topics,
            4 + CFG.session_timeout_ms - 1,
        );
        assert_eq!(
            g.tick(&topics, 4 + CFG.session_timeout_ms),
            vec!["b".to_string()]
        );
        let a = beat(
            &mut g,
            "a",
            2,
            &a_parts,
            &topics,
            4 + CFG.session_timeout_ms + 1,
        );
        assert_eq!(count(&a.assignment.unwrap()), 4);
    }
}
