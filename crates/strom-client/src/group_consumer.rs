//! A subscribe-mode consumer in a classic consumer group (Kafka's `KafkaConsumer.subscribe`).
//!
//! [`GroupConsumer::poll`] keeps the member in its group: it joins (and, as leader, assigns)
//! on first use and whenever the heartbeat task reports a rebalance, starts each newly
//! assigned partition at the group's committed offset (OffsetFetch) or at `auto.offset.reset`,
//! and fetches through an assign-mode [`Consumer`]. Offsets are committed every
//! `auto.commit.interval.ms` when auto commit is on, before giving partitions up in a
//! rebalance (the eager protocol revokes everything), and on [`close`](GroupConsumer::close),
//! which also leaves the group. What is committed is the position: the offset after the last
//! record a poll returned, unless the caller moved it with [`seek`](GroupConsumer::seek).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::time::Instant;

use crate::client::Client;
use crate::consumer::{Consumer, ConsumerConfig, ConsumerRecord, OffsetSpec};
use crate::coordinator::{is_coordinator_error, is_transport_error};
use crate::error::{Error, KafkaError, Result};
use crate::group_config::GroupConfig;
use crate::membership::{Generation, Heartbeat, Membership, PartitionCounts};
use crate::offsets::{self, Committer, OffsetToCommit, TopicPartition};

/// A predicate over topic names, for pattern subscriptions.
pub type TopicMatcher = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// What the consumer subscribes to.
#[derive(Clone)]
pub enum TopicSubscription {
    /// These topics (they may not exist yet).
    Topics(Vec<String>),
    /// Every non-internal topic the matcher accepts, re-evaluated as topics come and go.
    Pattern(TopicMatcher),
}

impl std::fmt::Debug for TopicSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TopicSubscription::Topics(t) => f.debug_tuple("Topics").field(t).finish(),
            TopicSubscription::Pattern(_) => f.write_str("Pattern(..)"),
        }
    }
}

/// While a subscribed topic is missing or nothing is assigned, metadata is checked this often
/// (instead of every `metadata.max.age.ms`), so a new topic is picked up promptly.
const EAGER_METADATA_CHECK: Duration = Duration::from_secs(1);

/// A consumer that is a member of a consumer group.
pub struct GroupConsumer {
    client: Client,
    fetcher: Consumer,
    membership: Membership,
    subscription: TopicSubscription,
    /// The topics of the last join (a pattern resolved against metadata), sorted.
    joined_topics: Vec<String>,
    assignment: Vec<TopicPartition>,
    heartbeat: Option<Heartbeat>,
    /// On the leader, the partition counts the assignment was computed from.
    leader_view: Option<PartitionCounts>,
    /// The last offset committed (or fetched as committed) per assigned partition.
    committed: HashMap<TopicPartition, i64>,
    needs_join: bool,
    /// The membership is gone: rejoin without committing.
    lost: bool,
    last_commit: Instant,
    last_metadata_check: Instant,
    idle_wait: Duration,
    closed: bool,
    /// Time spent in joins (rebalances) so far.
    rebalance_time: Duration,
}

impl GroupConsumer {
    /// A consumer for `config.group_id`; it joins on the first [`poll`](Self::poll).
    pub fn new(
        client: Client,
        config: GroupConfig,
        fetch: ConsumerConfig,
        subscription: TopicSubscription,
    ) -> Result<GroupConsumer> {
        config.validate()?;
        let idle_wait = fetch.max_wait;
        Ok(GroupConsumer {
            fetcher: Consumer::new(client.clone(), fetch),
            membership: Membership::new(client.clone(), config),
            client,
            subscription,
            joined_topics: Vec::new(),
            assignment: Vec::new(),
            heartbeat: None,
            leader_view: None,
            committed: HashMap::new(),
            needs_join: true,
            lost: false,
            last_commit: Instant::now(),
            last_metadata_check: Instant::now(),
            idle_wait,
            closed: false,
            rebalance_time: Duration::ZERO,
        })
    }

    pub fn group_id(&self) -> &str {
        &self.membership.config.group_id
    }

    /// The generation this member is in, once joined.
    pub fn generation(&self) -> Option<&Generation> {
        self.membership.generation.as_ref()
    }

    /// The partitions assigned in the current generation.
    pub fn assignment(&self) -> &[TopicPartition] {
        &self.assignment
    }

    /// The time spent joining the group (rebalances, failed attempts included) so far.
    pub fn rebalance_time(&self) -> Duration {
        self.rebalance_time
    }

    /// The next offset to be read from a partition, once known.
    pub fn position(&self, topic: &str, partition: i32) -> Option<i64> {
        self.fetcher.position(topic, partition)
    }

    /// Move an assigned partition's position; the next poll and the next commit use it.
    pub fn seek(&mut self, topic: &str, partition: i32, offset: i64) {
        self.fetcher
            .seek(topic, partition, OffsetSpec::Offset(offset.max(0)));
    }

    /// Join if needed, commit if due, and fetch once. Returns the records of one fetch round
    /// (possibly none after `fetch.max.wait.ms`).
    pub async fn poll(&mut self) -> Result<Vec<ConsumerRecord>> {
        if self.closed {
            return Err(Error::Shutdown("consumer"));
        }
        self.check_heartbeat()?;
        self.check_metadata().await?;
        if self.needs_join {
            let started = Instant::now();
            let joined = self.rejoin().await;
            self.rebalance_time += started.elapsed();
            match joined {
                Ok(()) => {}
                // A lost connection or a coordinator that is not back yet: the next poll
                // tries again, as Kafka's consumer keeps polling through broker restarts.
                Err(e) if e.is_retriable() => {
                    tracing::warn!(group = %self.group_id(), error = %e, "Joining the group failed; retrying.");
                    tokio::time::sleep(self.membership.config.retry_backoff).await;
                    return Ok(Vec::new());
                }
                Err(e) => return Err(e),
            }
        }
        if self.membership.config.enable_auto_commit
            && self.last_commit.elapsed() >= self.membership.config.auto_commit_interval
        {
            self.last_commit = Instant::now();
            if let Err(e) = self.commit().await {
                tracing::warn!(group = %self.group_id(), error = %e, "Auto commit failed.");
            }
        }
        if self.assignment.is_empty() {
            // Nothing to fetch: pace the caller's loop like an empty long poll would.
            tokio::time::sleep(self.idle_wait).await;
            return Ok(Vec::new());
        }
        match self.fetcher.poll().await {
            Ok(records) => Ok(records),
            // Brokers come and go; like Kafka's consumer, keep polling instead of failing.
            Err(e) if e.is_retriable() => {
                tracing::warn!(group = %self.group_id(), error = %e, "Fetch failed; retrying.");
                tokio::time::sleep(self.membership.config.retry_backoff).await;
                Ok(Vec::new())
            }
            Err(e) => Err(e),
        }
    }

    /// Commit the current positions of the assigned partitions that moved since the last
    /// commit. Coordinator moves and lost connections are retried a few times.
    pub async fn commit(&mut self) -> Result<()> {
        let Some(generation) = self.membership.generation.clone() else {
            return Ok(());
        };
        let offsets: Vec<OffsetToCommit> = self
            .assignment
            .iter()
            .filter_map(|(t, p)| {
                let pos = self.fetcher.position(t, *p)?;
                (self.committed.get(&(t.clone(), *p)) != Some(&pos)).then(|| OffsetToCommit {
                    topic: t.clone(),
                    partition: *p,
                    offset: pos,
                    leader_epoch: None,
                })
            })
            .collect();
        if offsets.is_empty() {
            return Ok(());
        }
        let group = self.group_id().to_string();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let node = self.membership.coordinator().await?;
            let who = Committer {
                generation_id: generation.generation_id,
                member_id: &generation.member_id,
                group_instance_id: self.membership.config.group_instance_id.as_deref(),
            };
            let results =
                match offsets::commit(&self.client, node, &group, who, &offsets, None).await {
                    Ok(r) => r,
                    Err(e) if is_transport_error(&e) && attempt < 3 => {
                        self.membership.coordinator_lost();
                        tokio::time::sleep(self.membership.config.retry_backoff).await;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
            let mut failure: Option<KafkaError> = None;
            for ((t, p), outcome) in results {
                match outcome {
                    Ok(()) => {
                        if let Some(o) = offsets.iter().find(|o| o.topic == t && o.partition == p) {
                            self.committed.insert((t, p), o.offset);
                        }
                    }
                    Err(e) => {
                        failure.get_or_insert(e);
                    }
                }
            }
            let Some(e) = failure else {
                return Ok(());
            };
            match e.code {
                code if is_coordinator_error(code) && attempt < 3 => {
                    self.membership.coordinator_lost();
                    tokio::time::sleep(self.membership.config.retry_backoff).await;
                    continue;
                }
                27 => self.needs_join = true,
                25 | 22 => {
                    self.lost = true;
                    self.needs_join = true;
                }
                _ => {}
            }
            return Err(Error::Kafka(KafkaError {
                code: e.code,
                message: Some(format!("cannot commit offsets of group '{group}': {e}")),
            }));
        }
    }

    /// Commit (with auto commit on) and leave the group. The consumer cannot be used after.
    pub async fn close(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        self.check_heartbeat().ok();
        let mut result = Ok(());
        if self.membership.config.enable_auto_commit && !self.lost {
            result = self.commit().await;
        }
        self.heartbeat = None;
        if let Err(e) = self.membership.leave().await {
            tracing::debug!(group = %self.group_id(), error = %e, "LeaveGroup failed.");
        }
        result
    }

    /// Pick up what the heartbeat task saw.
    fn check_heartbeat(&mut self) -> Result<()> {
        let Some(hb) = &self.heartbeat else {
            return Ok(());
        };
        if let Some(e) = hb.flags.fatal.lock().ok().and_then(|mut f| f.take()) {
            self.needs_join = true;
            return Err(crate::membership::group_error(
                e.code,
                &self.membership.config.group_id,
                "heartbeat in",
            ));
        }
        if hb.flags.lost.load(Ordering::Acquire) {
            self.lost = true;
        }
        if hb.flags.rejoin.load(Ordering::Acquire) {
            self.needs_join = true;
        }
        Ok(())
    }

    /// Rejoin when the subscribed topics (a pattern's matches, or a leader's partition
    /// counts) changed since the assignment.
    async fn check_metadata(&mut self) -> Result<()> {
        let incomplete = self.assignment.is_empty()
            || self
                .leader_view
                .as_ref()
                .is_some_and(|v| v.len() < self.joined_topics.len());
        let every = if incomplete {
            EAGER_METADATA_CHECK
        } else {
            self.client.config().metadata_max_age
        };
        if self.needs_join || self.last_metadata_check.elapsed() < every {
            return Ok(());
        }
        self.last_metadata_check = Instant::now();
        let topics = match self.resolve_topics().await {
            Ok(t) => t,
            Err(e) if e.is_retriable() => return Ok(()),
            Err(e) => return Err(e),
        };
        if topics != self.joined_topics {
            tracing::info!(group = %self.group_id(), ?topics, "Subscribed topics changed; rejoining.");
            self.needs_join = true;
            return Ok(());
        }
        if let Some(view) = &self.leader_view {
            let now = self.partition_counts(&topics);
            if &now != view {
                tracing::info!(group = %self.group_id(), "Partitions of subscribed topics changed; rejoining.");
                self.needs_join = true;
            }
        }
        Ok(())
    }

    fn partition_counts(&self, topics: &[String]) -> PartitionCounts {
        let meta = self.client.metadata();
        topics
            .iter()
            .filter_map(|t| {
                let m = meta.topic(t).filter(|m| m.error.is_none())?;
                Some((t.clone(), m.partitions.len()))
            })
            .collect()
    }

    /// The sorted topic list to join with.
    async fn resolve_topics(&self) -> Result<Vec<String>> {
        let mut topics = match &self.subscription {
            TopicSubscription::Topics(list) => {
                let create = self.membership.config.allow_auto_create_topics;
                self.client.fetch_metadata(Some(list), create).await?;
                list.clone()
            }
            TopicSubscription::Pattern(matcher) => {
                let meta = self.client.refresh_metadata(None).await?;
                meta.topics
                    .values()
                    .filter(|t| !t.is_internal && t.error.is_none() && matcher(&t.name))
                    .map(|t| t.name.clone())
                    .collect()
            }
        };
        topics.sort();
        topics.dedup();
        Ok(topics)
    }

    /// Give up the assignment (committing first when the generation is still ours), join,
    /// and start the new partitions at their committed offsets.
    async fn rejoin(&mut self) -> Result<()> {
        if !self.lost
            && self.membership.config.enable_auto_commit
            && self.membership.generation.is_some()
            && let Err(e) = self.commit().await
        {
            tracing::warn!(group = %self.group_id(), error = %e, "Commit before the rebalance failed.");
        }
        if self.lost {
            self.membership.reset();
            self.lost = false;
        }
        self.heartbeat = None;
        self.assignment.clear();
        self.fetcher.assign(Vec::new());
        let topics = self.resolve_topics().await?;
        let joined = self.membership.join(&topics).await?;
        let parts = joined.assignment.topic_partitions();
        let committed = self.fetch_committed(&parts).await?;
        let reset = self.fetcher.auto_offset_reset();
        let mut specs = Vec::with_capacity(parts.len());
        for (t, p) in &parts {
            let spec = match committed.get(&(t.clone(), *p)) {
                Some(&o) => OffsetSpec::Offset(o),
                None => reset.ok_or_else(|| {
                    Error::Config(format!(
                        "Undefined offset with no reset policy for partitions: [{t}-{p}]"
                    ))
                })?,
            };
            specs.push((t.clone(), *p, spec));
        }
        self.fetcher.assign(specs);
        tracing::info!(
            group = %self.group_id(),
            generation = joined.generation.generation_id,
            member = %joined.generation.member_id,
            leader = joined.generation.leader,
            partitions = parts.len(),
            "Joined the group."
        );
        self.committed = committed;
        self.assignment = parts;
        self.joined_topics = topics;
        self.leader_view = joined.leader_view;
        self.heartbeat = self.membership.start_heartbeat();
        self.needs_join = false;
        self.last_commit = Instant::now();
        self.last_metadata_check = Instant::now();
        Ok(())
    }

    /// The group's committed offsets of `parts`, retrying coordinator moves and pending
    /// transactional commits.
    async fn fetch_committed(
        &mut self,
        parts: &[TopicPartition],
    ) -> Result<HashMap<TopicPartition, i64>> {
        if parts.is_empty() {
            return Ok(HashMap::new());
        }
        let deadline = Instant::now() + self.membership.config.rebalance_timeout;
        let group = self.group_id().to_string();
        loop {
            let node = self.membership.coordinator().await?;
            let last =
                match offsets::fetch_committed(&self.client, node, &group, Some(parts), true, None)
                    .await
                {
                    Ok(Ok(map)) => {
                        return Ok(map.into_iter().map(|(tp, c)| (tp, c.offset)).collect());
                    }
                    Ok(Err(e)) if is_coordinator_error(e.code) || e.code == 88 => {
                        if e.code != 88 && e.code != 14 {
                            self.membership.coordinator_lost();
                        }
                        Error::Kafka(e)
                    }
                    Ok(Err(e)) => {
                        return Err(crate::membership::group_error(
                            e.code,
                            &group,
                            "fetch offsets of",
                        ));
                    }
                    Err(e) if is_transport_error(&e) => {
                        self.membership.coordinator_lost();
                        e
                    }
                    Err(e) => return Err(e),
                };
            if Instant::now() >= deadline {
                return Err(last);
            }
            tokio::time::sleep(self.membership.config.retry_backoff).await;
        }
    }
}

impl Drop for GroupConsumer {
    fn drop(&mut self) {
        if !self.closed && self.membership.generation.is_some() {
            tracing::debug!(group = %self.group_id(), "Dropped without close: the group notices at the session timeout.");
        }
    }
}
