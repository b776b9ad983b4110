//! The group coordinator: classic groups ([`classic`]), consumer groups of KIP-848
//! ([`consumer`]) and committed offsets ([`offsets`]), persisted in `__consumer_offsets`
//! ([`records`]).
//!
//! State lives behind one lock. Every change that must survive a restart is appended to the
//! group's `__consumer_offsets` partition through an [`Appender`] while the lock is held, so the
//! log holds changes in the order they were made; callers then wait for the append to become
//! durable before answering.

pub mod assignor;
pub mod classic;
pub mod consumer;
pub mod member_records;
pub mod offsets;
pub mod protocol;
pub mod records;

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use parking_lot::Mutex;
use tokio::sync::oneshot;

use classic::{ClassicConfig, ClassicGroup, ClassicState, JoinRequest, JoinResult, SyncResult};
use consumer::{ConsumerConfig, ConsumerGroup, HeartbeatRequest, HeartbeatResult, TopicLookup};
use records::OffsetValue;

pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Appends records (key, value-or-tombstone) to a `__consumer_offsets` partition.
pub trait Appender {
    /// Returns the offset of the last record appended, to wait for durability on.
    fn append(&self, partition: i32, records: Vec<(Bytes, Option<Bytes>)>) -> Result<i64, E>;
}

/// An append to wait for before answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Durable {
    pub partition: i32,
    pub offset: i64,
}

/// Coordinator settings (from broker configuration).
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub partitions: i32,
    pub classic: ClassicConfig,
    pub consumer: ConsumerConfig,
    pub min_session_timeout_ms: i32,
    pub max_session_timeout_ms: i32,
    pub offset_metadata_max_bytes: usize,
    pub offsets_retention_ms: i64,
}

#[derive(Debug)]
pub enum Group {
    Classic(ClassicGroup),
    Consumer(ConsumerGroup),
}

impl Group {
    pub fn state_name(&self) -> &'static str {
        match self {
            Group::Classic(g) => g.state.name(),
            Group::Consumer(g) => g.state().name(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Group::Classic(_) => "classic",
            Group::Consumer(_) => "consumer",
        }
    }

    pub fn protocol_type(&self) -> String {
        match self {
            Group::Classic(g) => g.protocol_type.clone().unwrap_or_default(),
            Group::Consumer(_) => "consumer".to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Group::Classic(g) => g.state == ClassicState::Empty,
            Group::Consumer(g) => g.members.is_empty(),
        }
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub groups: HashMap<String, Group>,
    pub offsets: HashMap<String, BTreeMap<(String, i32), OffsetValue>>,
}

#[derive(Debug, Default)]
pub struct GroupCoordinator {
    state: Mutex<State>,
}

/// The answer to a JoinGroup or SyncGroup, possibly still on its way.
pub struct Pending<T> {
    pub rx: oneshot::Receiver<T>,
    pub durable: Option<Durable>,
}

fn persist_classic(g: &ClassicGroup, settings: &Settings, app: &dyn Appender) -> Option<Durable> {
    let partition = protocol::partition_for(&g.id, settings.partitions);
    let rec = records::group_value(&g.to_record());
    match app.append(partition, vec![(records::group_key(&g.id), Some(rec))]) {
        Ok(offset) => Some(Durable { partition, offset }),
        Err(e) => {
            tracing::warn!(group = %g.id, error = ?e, "Cannot persist group metadata.");
            None
        }
    }
}

/// Append what changed in a consumer group: the records of `member` (the one that just
/// heartbeated) or, when the group itself changed, of every member, then the group epoch.
fn persist_consumer(
    g: &mut ConsumerGroup,
    member: Option<&str>,
    settings: &Settings,
    app: &dyn Appender,
) {
    let dirty = std::mem::take(&mut g.dirty);
    let mut recs = g.member_records(if dirty { None } else { member });
    if dirty {
        recs.push((
            records::consumer_group_key(&g.id),
            Some(records::consumer_group_value(g.epoch)),
        ));
    }
    if recs.is_empty() {
        return;
    }
    let partition = protocol::partition_for(&g.id, settings.partitions);
    if let Err(e) = app.append(partition, recs) {
        tracing::warn!(group = %g.id, error = ?e, "Cannot persist consumer group metadata.");
    }
}

/// The consumer group a replayed record belongs to, created (or converted from an empty
/// classic group, which offsets alone create) when needed; `None` for a live classic group.
fn consumer_for_replay(
    groups: &mut HashMap<String, Group>,
    group: String,
    now: i64,
) -> Option<&mut ConsumerGroup> {
    let convert = match groups.get(&group) {
        Some(Group::Consumer(_)) => false,
        Some(Group::Classic(c)) => c.is_empty(),
        None => true,
    };
    if convert {
        let mut g = ConsumerGroup::new(&group, now);
        g.dirty = false;
        groups.insert(group.clone(), Group::Consumer(g));
    }
    match groups.get_mut(&group) {
        Some(Group::Consumer(g)) => Some(g),
        _ => None,
    }
}

impl GroupCoordinator {
    pub fn new() -> GroupCoordinator {
        GroupCoordinator::default()
    }

    /// Replay one `__consumer_offsets` record (at start-up).
    pub fn replay(&self, key: Bytes, value: Option<Bytes>, now: i64) {
        let mut st = self.state.lock();
        let key = match records::decode_key(key) {
            Ok(k) => k,
            Err(e) => {
                tracing::warn!(error = %e, "Skipping an unreadable __consumer_offsets key.");
                return;
            }
        };
        match (key, value) {
            (
                records::Key::Offset {
                    group,
                    topic,
                    partition,
                },
                Some(v),
            ) => match records::decode_offset_value(v) {
                Ok(v) => {
                    // Offsets of a group with no metadata record (a "simple" group) still make
                    // the group exist, as in Kafka.
                    if !st.groups.contains_key(&group) {
                        st.groups.insert(
                            group.clone(),
                            Group::Classic(ClassicGroup::new(&group, now)),
                        );
                    }
                    st.offsets
                        .entry(group)
                        .or_default()
                        .insert((topic, partition), v);
                }
                Err(e) => tracing::warn!(error = %e, "Skipping an unreadable offset commit."),
            },
            (
                records::Key::Offset {
                    group,
                    topic,
                    partition,
                },
                None,
            ) => {
                if let Some(o) = st.offsets.get_mut(&group) {
                    o.remove(&(topic, partition));
                }
            }
            (records::Key::Group { group }, Some(v)) => match records::decode_group_value(v) {
                Ok(v) => {
                    st.groups.insert(
                        group.clone(),
                        Group::Classic(ClassicGroup::restore(&group, v, now)),
                    );
                }
                Err(e) => tracing::warn!(error = %e, "Skipping unreadable group metadata."),
            },
            (records::Key::Group { group } | records::Key::ConsumerGroup { group }, None) => {
                st.groups.remove(&group);
            }
            (records::Key::ConsumerGroup { group }, Some(v)) => {
                let epoch = records::decode_consumer_group_value(v).unwrap_or(0);
                if let Some(g) = consumer_for_replay(&mut st.groups, group, now) {
                    g.epoch = epoch;
                    g.assignment_epoch = epoch;
                }
            }
            (records::Key::ConsumerMember { group, member }, Some(v)) => {
                match member_records::decode_metadata_value(v) {
                    Ok(v) => {
                        if let Some(g) = consumer_for_replay(&mut st.groups, group, now) {
                            g.restore_metadata(&member, v);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "Skipping unreadable member metadata."),
                }
            }
            (records::Key::ConsumerAssignment { group, member }, Some(v)) => {
                match member_records::decode_assignment_value(v) {
                    Ok(v) => {
                        if let Some(g) = consumer_for_replay(&mut st.groups, group, now) {
                            g.restore_assignment(&member, v);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "Skipping an unreadable member assignment.")
                    }
                }
            }
            (
                records::Key::ConsumerMember { group, member }
                | records::Key::ConsumerAssignment { group, member },
                None,
            ) => {
                if let Some(Group::Consumer(g)) = st.groups.get_mut(&group) {
                    g.restore_removal(&member);
                }
            }
            (records::Key::Other(_), _) => {}
        }
    }

    /// After replay: restored consumer group members get a fresh session timeout, the one of
    /// their group (`session_timeout_ms(group_id)`).
    pub fn restart_sessions(&self, session_timeout_ms: impl Fn(&str) -> i64, now: i64) {
        let mut st = self.state.lock();
        for (id, g) in st.groups.iter_mut() {
            if let Group::Consumer(c) = g {
                c.restart(session_timeout_ms(id), now);
            }
        }
    }

    /// JoinGroup.
    pub fn join(
        &self,
        group_id: &str,
        req: JoinRequest,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> Pending<JoinResult> {
        let (tx, rx) = oneshot::channel();
        let done = |r: JoinResult| {
            let (tx2, rx2) = oneshot::channel();
            let _ = tx2.send(r);
            Pending {
                rx: rx2,
                durable: None,
            }
        };
        if group_id.is_empty() {
            return done(JoinResult::error(E::InvalidGroupId, &req.member_id));
        }
        if req.session_timeout_ms < settings.min_session_timeout_ms
            || req.session_timeout_ms > settings.max_session_timeout_ms
        {
            return done(JoinResult::error(E::InvalidSessionTimeout, &req.member_id));
        }
        let mut st = self.state.lock();
        let unknown = req.member_id.is_empty();
        let group = match st.groups.get_mut(group_id) {
            Some(Group::Consumer(g)) if !g.members.is_empty() => {
                return done(JoinResult::error(
                    E::InconsistentGroupProtocol,
                    &req.member_id,
                ));
            }
            Some(Group::Classic(_)) => st.groups.get_mut(group_id),
            _ if !unknown => return done(JoinResult::error(E::UnknownMemberId, &req.member_id)),
            _ => {
                // A new group, or an empty consumer group turned classic.
                st.groups.insert(
                    group_id.to_string(),
                    Group::Classic(ClassicGroup::new(group_id, now)),
                );
                st.groups.get_mut(group_id)
            }
        };
        let Some(Group::Classic(g)) = group else {
            return done(JoinResult::error(E::UnknownServerError, &req.member_id));
        };
        g.set_initial_delay(settings.classic.initial_rebalance_delay_ms);
        let effects = g.join(req, tx, now, &settings.classic);
        let durable = if effects.persist {
            persist_classic(g, settings, app)
        } else {
            None
        };
        Pending { rx, durable }
    }

    /// SyncGroup.
    #[allow(
        clippy::too_many_arguments,
        reason = "the SyncGroup request's fields, kept flat"
    )]
    pub fn sync(
        &self,
        group_id: &str,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        protocol_type: Option<&str>,
        protocol_name: Option<&str>,
        assignments: Vec<(String, Bytes)>,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> Pending<SyncResult> {
        let (tx, rx) = oneshot::channel();
        let mut st = self.state.lock();
        match st.groups.get_mut(group_id) {
            Some(Group::Classic(g)) if !g.is_empty() => {
                let effects = g.sync(
                    member_id,
                    instance_id,
                    generation,
                    protocol_type,
                    protocol_name,
                    assignments,
                    tx,
                    now,
                );
                let durable = if effects.persist {
                    persist_classic(g, settings, app)
                } else {
                    None
                };
                Pending { rx, durable }
            }
            _ => {
                let _ = tx.send(SyncResult::error(E::UnknownMemberId));
                Pending { rx, durable: None }
            }
        }
    }

    /// Heartbeat (classic protocol).
    pub fn heartbeat(
        &self,
        group_id: &str,
        member_id: &str,
        instance_id: Option<&str>,
        generation: i32,
        now: i64,
    ) -> Result<(), E> {
        let mut st = self.state.lock();
        match st.groups.get_mut(group_id) {
            Some(Group::Classic(g)) => g.heartbeat(member_id, instance_id, generation, now),
            _ => Err(E::UnknownMemberId),
        }
    }

    /// LeaveGroup: an error code per member, or a group-level error.
    pub fn leave(
        &self,
        group_id: &str,
        members: &[(String, Option<String>)],
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> Result<Vec<Result<(), E>>, E> {
        let mut st = self.state.lock();
        let Some(Group::Classic(g)) = st.groups.get_mut(group_id) else {
            return Err(E::UnknownMemberId);
        };
        if g.state == ClassicState::Dead {
            return Err(E::CoordinatorNotAvailable);
        }
        let codes: Vec<Result<(), E>> = members
            .iter()
            .map(|(m, i)| g.leave(m, i.as_deref()))
            .collect();
        if codes.iter().any(Result::is_ok) {
            tracing::info!(
                group = group_id,
                members = codes.iter().filter(|c| c.is_ok()).count(),
                "Members left the group."
            );
            let effects = g.after_leave(now);
            if effects.persist {
                persist_classic(g, settings, app);
            }
        }
        Ok(codes)
    }

    /// ConsumerGroupHeartbeat (KIP-848).
    pub fn consumer_heartbeat(
        &self,
        group_id: &str,
        req: HeartbeatRequest,
        lookup: &dyn TopicLookup,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> HeartbeatResult {
        let mut st = self.state.lock();
        let join = req.member_epoch == 0;
        let create = match st.groups.get(group_id) {
            None => true,
            Some(Group::Classic(g)) => {
                if g.is_empty() && join {
                    true
                } else {
                    return HeartbeatResult::error(
                        E::GroupIdNotFound,
                        format!("Group {group_id} is not a consumer group."),
                    );
                }
            }
            Some(Group::Consumer(_)) => false,
        };
        if create {
            if !join {
                return HeartbeatResult::error(
                    E::GroupIdNotFound,
                    format!("Group {group_id} not found."),
                );
            }
            st.groups.insert(
                group_id.to_string(),
                Group::Consumer(ConsumerGroup::new(group_id, now)),
            );
        }
        let Some(Group::Consumer(g)) = st.groups.get_mut(group_id) else {
            return HeartbeatResult::error(E::UnknownServerError, "group vanished");
        };
        let r = g.heartbeat(req, lookup, &settings.consumer, now);
        let member = (!r.member_id.is_empty()).then_some(r.member_id.as_str());
        persist_consumer(g, member, settings, app);
        r
    }

    /// Timers: session timeouts, rebalance phases.
    pub fn tick(
        &self,
        lookup: &dyn TopicLookup,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) {
        let mut st = self.state.lock();
        for g in st.groups.values_mut() {
            match g {
                Group::Classic(c) => {
                    c.set_initial_delay(settings.classic.initial_rebalance_delay_ms);
                    if c.tick(now).persist {
                        persist_classic(c, settings, app);
                    }
                }
                Group::Consumer(c) => {
                    if !c.tick(lookup, now).is_empty() {
                        persist_consumer(c, None, settings, app);
                    }
                }
            }
        }
    }

    /// Run `f` on the state (for describe/list and the offsets module).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock())
    }
}

#[cfg(test)]
mod tests;
