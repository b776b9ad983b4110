//! Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete, DeleteGroups, expiry after
//! `offsets.retention.minutes`, and cleanup when topics are deleted.

use std::collections::BTreeMap;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;

use super::classic::ClassicGroup;
use super::records::{self, OffsetValue};
use super::{Appender, Durable, Group, GroupCoordinator, Settings, State, protocol};

/// An outcome per partition, and the append to wait for.
pub type PerPartition = (Vec<Result<(), E>>, Option<Durable>);

/// One partition of an OffsetCommit.
#[derive(Clone, Debug)]
pub struct CommitPartition {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: Option<String>,
}

/// The group-level fields of an OffsetCommit.
#[derive(Clone, Debug)]
pub struct CommitRequest {
    pub group_id: String,
    pub generation_or_epoch: i32,
    pub member_id: String,
    pub instance_id: Option<String>,
    pub version: i16,
}

/// A committed offset as OffsetFetch reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Committed {
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
}

fn tombstones(
    group: &str,
    keys: impl Iterator<Item = (String, i32)>,
) -> Vec<(Bytes, Option<Bytes>)> {
    keys.map(|(t, p)| (records::offset_key(group, &t, p), None))
        .collect()
}

impl GroupCoordinator {
    /// OffsetCommit: an error code per partition (in request order) and the append to wait for.
    pub fn commit(
        &self,
        req: &CommitRequest,
        parts: &[CommitPartition],
        known_partition: &dyn Fn(&str, i32) -> bool,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> PerPartition {
        let mut st = self.state.lock();
        let group_error = validate_commit(&mut st, req, now);
        if let Err(e) = group_error {
            return (vec![Err(e); parts.len()], None);
        }
        let mut codes = Vec::with_capacity(parts.len());
        let mut writes = Vec::new();
        let mut accepted = Vec::new();
        for p in parts {
            let meta = p.metadata.clone().unwrap_or_default();
            if !known_partition(&p.topic, p.partition) {
                codes.push(Err(E::UnknownTopicOrPartition));
            } else if meta.len() > settings.offset_metadata_max_bytes {
                codes.push(Err(E::OffsetMetadataTooLarge));
            } else {
                let v = OffsetValue {
                    offset: p.offset,
                    leader_epoch: p.leader_epoch,
                    metadata: meta,
                    commit_timestamp: now,
                };
                writes.push((
                    records::offset_key(&req.group_id, &p.topic, p.partition),
                    Some(records::offset_value(&v)),
                ));
                accepted.push(((p.topic.clone(), p.partition), v));
                codes.push(Ok(()));
            }
        }
        if writes.is_empty() {
            return (codes, None);
        }
        let partition = protocol::partition_for(&req.group_id, settings.partitions);
        match app.append(partition, writes) {
            Ok(offset) => {
                let group_offsets = st.offsets.entry(req.group_id.clone()).or_default();
                for (k, v) in accepted {
                    group_offsets.insert(k, v);
                }
                (codes, Some(Durable { partition, offset }))
            }
            Err(e) => {
                // Kafka maps append failures to coordinator errors clients retry on.
                let mapped = match e {
                    E::NotLeaderOrFollower | E::KafkaStorageError => E::NotCoordinator,
                    E::MessageTooLarge | E::RecordListTooLarge => E::InvalidCommitOffsetSize,
                    _ => E::CoordinatorNotAvailable,
                };
                (
                    codes.into_iter().map(|c| c.and(Err(mapped))).collect(),
                    None,
                )
            }
        }
    }

    /// OffsetFetch for one group: `topics` None means every committed offset. Partitions
    /// without a commit answer offset -1.
    pub fn fetch_offsets(
        &self,
        group_id: &str,
        topics: Option<&[(String, Vec<i32>)]>,
        member: Option<(&str, i32)>,
    ) -> Result<Vec<(String, i32, Option<Committed>)>, E> {
        let st = self.state.lock();
        if let (Some((member_id, epoch)), Some(Group::Consumer(g))) =
            (member, st.groups.get(group_id))
        {
            g.validate_fetch(Some(member_id), epoch)?;
        }
        let committed = st.offsets.get(group_id);
        let get = |t: &str, p: i32| {
            committed
                .and_then(|o| o.get(&(t.to_string(), p)))
                .map(|v| Committed {
                    offset: v.offset,
                    leader_epoch: v.leader_epoch,
                    metadata: v.metadata.clone(),
                })
        };
        Ok(match topics {
            Some(list) => list
                .iter()
                .flat_map(|(t, ps)| ps.iter().map(move |p| (t.clone(), *p, get(t, *p))))
                .collect(),
            None => committed
                .map(|o| o.keys().map(|(t, p)| (t.clone(), *p, get(t, *p))).collect())
                .unwrap_or_default(),
        })
    }

    /// DeleteGroups for one group.
    pub fn delete_group(
        &self,
        group_id: &str,
        settings: &Settings,
        app: &dyn Appender,
        now: i64,
    ) -> (Result<(), E>, Option<Durable>) {
        let mut st = self.state.lock();
        let check = match st.groups.get(group_id) {
            None => Err(E::GroupIdNotFound),
            Some(Group::Classic(g)) => g.can_delete(),
            Some(Group::Consumer(g)) => {
                if g.members.is_empty() {
                    Ok(())
                } else {
                    Err(E::NonEmptyGroup)
                }
            }
        };
        if let Err(e) = check {
            return (Err(e), None);
        }
        let mut writes = tombstones(
            group_id,
            st.offsets
                .get(group_id)
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter(),
        );
        let key = match st.groups.get(group_id) {
            Some(Group::Consumer(_)) => records::consumer_group_key(group_id),
            _ => records::group_key(group_id),
        };
        writes.push((key, None));
        let partition = protocol::partition_for(group_id, settings.partitions);
        match app.append(partition, writes) {
            Ok(offset) => {
                if let Some(Group::Classic(g)) = st.groups.get_mut(group_id) {
                    g.mark_dead(now);
                }
                st.groups.remove(group_id);
                st.offsets.remove(group_id);
                tracing::info!(group = group_id, "Deleted group.");
                (Ok(()), Some(Durable { partition, offset }))
            }
            Err(_) => (Err(E::CoordinatorNotAvailable), None),
        }
    }

    /// OffsetDelete: a group-level error, or an error per (topic, partition).
    pub fn delete_offsets(
        &self,
        group_id: &str,
        parts: &[(String, i32)],
        settings: &Settings,
        app: &dyn Appender,
    ) -> Result<PerPartition, E> {
        let mut st = self.state.lock();
        let subscribed: Option<std::collections::BTreeSet<String>> = match st.groups.get(group_id) {
            None => return Err(E::GroupIdNotFound),
            Some(Group::Classic(g)) if g.state == super::classic::ClassicState::Dead => {
                return Err(E::GroupIdNotFound);
            }
            Some(Group::Classic(g)) if g.is_empty() => None,
            Some(Group::Classic(g)) => match g.subscribed_topics() {
                Some(s) => Some(s.into_iter().collect()),
                None => return Err(E::NonEmptyGroup),
            },
            Some(Group::Consumer(g)) => Some(g.subscribed_topics()),
        };
        let mut codes = Vec::with_capacity(parts.len());
        let mut gone = Vec::new();
        for (t, p) in parts {
            if subscribed.as_ref().is_some_and(|s| s.contains(t)) {
                codes.push(Err(E::GroupSubscribedToTopic));
            } else {
                codes.push(Ok(()));
                if st
                    .offsets
                    .get(group_id)
                    .is_some_and(|o| o.contains_key(&(t.clone(), *p)))
                {
                    gone.push((t.clone(), *p));
                }
            }
        }
        if gone.is_empty() {
            return Ok((codes, None));
        }
        let partition = protocol::partition_for(group_id, settings.partitions);
        let offset = app
            .append(partition, tombstones(group_id, gone.clone().into_iter()))
            .map_err(|_| E::CoordinatorNotAvailable)?;
        if let Some(o) = st.offsets.get_mut(group_id) {
            for k in gone {
                o.remove(&k);
            }
        }
        Ok((codes, Some(Durable { partition, offset })))
    }

    /// Expire offsets per `offsets.retention.minutes` (Kafka's rules) and drop groups left
    /// with neither members nor offsets.
    pub fn expire_offsets(&self, settings: &Settings, app: &dyn Appender, now: i64) {
        let mut st = self.state.lock();
        let retention = settings.offsets_retention_ms;
        let State { groups, offsets } = &mut *st;
        let mut expired_groups = Vec::new();
        for (group_id, committed) in offsets.iter_mut() {
            let gone: Vec<(String, i32)> = match groups.get(group_id) {
                Some(Group::Classic(g)) => classic_expired(g, committed, retention, now),
                Some(Group::Consumer(g)) if g.members.is_empty() => {
                    if now - g.state_timestamp > retention {
                        committed.keys().cloned().collect()
                    } else {
                        Vec::new()
                    }
                }
                Some(Group::Consumer(g)) => {
                    let subscribed = g.subscribed_topics();
                    committed
                        .iter()
                        .filter(|((t, _), v)| {
                            !subscribed.contains(t) && now - v.commit_timestamp > retention
                        })
                        .map(|(k, _)| k.clone())
                        .collect()
                }
                // Offsets of a group we do not know (replayed without metadata): by commit time.
                None => committed
                    .iter()
                    .filter(|(_, v)| now - v.commit_timestamp > retention)
                    .map(|(k, _)| k.clone())
                    .collect(),
            };
            if gone.is_empty() {
                continue;
            }
            let partition = protocol::partition_for(group_id, settings.partitions);
            if app
                .append(partition, tombstones(group_id, gone.clone().into_iter()))
                .is_ok()
            {
                tracing::info!(group = %group_id, offsets = gone.len(), "Expired committed offsets.");
                for k in gone {
                    committed.remove(&k);
                }
            }
            if committed.is_empty() {
                expired_groups.push(group_id.clone());
            }
        }
        for group_id in expired_groups {
            offsets.remove(&group_id);
            let empty = groups.get(&group_id).is_none_or(|g| g.is_empty());
            if empty {
                let key = match groups.get(&group_id) {
                    Some(Group::Consumer(_)) => records::consumer_group_key(&group_id),
                    _ => records::group_key(&group_id),
                };
                let partition = protocol::partition_for(&group_id, settings.partitions);
                if app.append(partition, vec![(key, None)]).is_ok() {
                    groups.remove(&group_id);
                }
            }
        }
    }

    /// Topics were deleted: their committed offsets go too.
    pub fn on_topics_deleted(&self, topics: &[String], settings: &Settings, app: &dyn Appender) {
        let mut st = self.state.lock();
        for (group_id, committed) in st.offsets.iter_mut() {
            let gone: Vec<(String, i32)> = committed
                .keys()
                .filter(|(t, _)| topics.contains(t))
                .cloned()
                .collect();
            if gone.is_empty() {
                continue;
            }
            let partition = protocol::partition_for(group_id, settings.partitions);
            if app
                .append(partition, tombstones(group_id, gone.clone().into_iter()))
                .is_ok()
            {
                for k in gone {
                    committed.remove(&k);
                }
            }
        }
    }
}

fn validate_commit(st: &mut State, req: &CommitRequest, now: i64) -> Result<(), E> {
    match st.groups.get(&req.group_id) {
        Some(Group::Classic(g)) => g.validate_commit(
            &req.member_id,
            req.instance_id.as_deref(),
            req.generation_or_epoch,
        ),
        Some(Group::Consumer(g)) => {
            g.validate_commit(&req.member_id, req.generation_or_epoch, req.version >= 9)
        }
        None if req.generation_or_epoch < 0 => {
            // A "simple" group: offsets without group membership.
            st.groups.insert(
                req.group_id.clone(),
                Group::Classic(ClassicGroup::new(&req.group_id, now)),
            );
            Ok(())
        }
        None if req.version >= 9 => Err(E::GroupIdNotFound),
        None => Err(E::IllegalGeneration),
    }
}

fn classic_expired(
    g: &ClassicGroup,
    committed: &BTreeMap<(String, i32), OffsetValue>,
    retention: i64,
    now: i64,
) -> Vec<(String, i32)> {
    match (&g.protocol_type, g.state) {
        // Standalone consumers: each offset by its own commit time.
        (None, _) => committed
            .iter()
            .filter(|(_, v)| now - v.commit_timestamp > retention)
            .map(|(k, _)| k.clone())
            .collect(),
        // An empty group: everything, once the group has been empty for the retention period.
        (Some(_), super::classic::ClassicState::Empty) => {
            if now - g.state_timestamp > retention {
                committed.keys().cloned().collect()
            } else {
                Vec::new()
            }
        }
        // A stable consumer group: offsets of topics it no longer subscribes to.
        (Some(_), super::classic::ClassicState::Stable) => match g.subscribed_topics() {
            Some(subscribed) => committed
                .iter()
                .filter(|((t, _), v)| {
                    !subscribed.contains(t) && now - v.commit_timestamp > retention
                })
                .map(|(k, _)| k.clone())
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
