//! A partition this broker leads: its log behind a short lock, and a watch on its high
//! watermark that wakes acks=all producers and parked fetches.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use kafka_protocol::ResponseError as E;
use parking_lot::Mutex;
use tokio::sync::watch;
use uuid::Uuid;

use crate::log::Log;

#[derive(Debug)]
pub struct Partition {
    pub topic: String,
    pub index: i32,
    pub topic_id: Uuid,
    pub log: Mutex<Log>,
    hw: watch::Sender<i64>,
    /// Set while the partition sits in the flusher's queue.
    pub(crate) flush_queued: AtomicBool,
    leader_epoch: AtomicI32,
    /// The partition no longer serves (its topic was deleted, or its directory failed).
    offline: AtomicBool,
    /// Shared by every partition of one log directory: a failed fsync takes the whole
    /// directory offline, as in Kafka.
    dir_offline: Arc<AtomicBool>,
}

impl Partition {
    pub fn new(
        topic: &str,
        index: i32,
        topic_id: Uuid,
        log: Log,
        leader_epoch: i32,
        dir_offline: Arc<AtomicBool>,
    ) -> Arc<Partition> {
        let (hw, _) = watch::channel(log.high_watermark());
        Arc::new(Partition {
            topic: topic.to_string(),
            index,
            topic_id,
            log: Mutex::new(log),
            hw,
            flush_queued: AtomicBool::new(false),
            leader_epoch: AtomicI32::new(leader_epoch),
            offline: AtomicBool::new(false),
            dir_offline,
        })
    }

    pub fn high_watermark(&self) -> i64 {
        *self.hw.borrow()
    }

    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.hw.subscribe()
    }

    pub(crate) fn publish_hw(&self, hw: i64) {
        self.hw.send_if_modified(|cur| {
            if hw > *cur {
                *cur = hw;
                true
            } else {
                false
            }
        });
    }

    pub fn leader_epoch(&self) -> i32 {
        self.leader_epoch.load(Ordering::Relaxed)
    }

    pub fn set_leader_epoch(&self, epoch: i32) {
        self.leader_epoch.store(epoch, Ordering::Relaxed);
    }

    pub fn is_offline(&self) -> bool {
        self.offline.load(Ordering::Relaxed) || self.dir_offline.load(Ordering::Relaxed)
    }

    /// An fsync failed: take the whole log directory offline (its data on disk is uncertain,
    /// and an fsync is never retried) and wake everyone waiting on this partition.
    pub(crate) fn fail_dir(&self) {
        self.dir_offline.store(true, Ordering::Relaxed);
        self.retire();
    }

    /// Stop serving (topic deleted) and wake everyone waiting on this partition.
    pub(crate) fn retire(&self) {
        self.offline.store(true, Ordering::Relaxed);
        self.hw.send_modify(|_| {});
    }

    /// Check a client's view of the leader epoch (KIP-320): older is fenced, newer is unknown.
    pub fn check_leader_epoch(&self, current: i32) -> Result<(), E> {
        let mine = self.leader_epoch();
        if current < 0 || current == mine {
            Ok(())
        } else if current < mine {
            Err(E::FencedLeaderEpoch)
        } else {
            Err(E::UnknownLeaderEpoch)
        }
    }

    /// Wait until the high watermark passes `offset` (acks=all), the partition fails, or the
    /// timeout expires.
    pub async fn wait_for_hw(&self, offset: i64, timeout: Duration) -> Result<(), E> {
        let mut rx = self.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if *rx.borrow_and_update() > offset {
                return Ok(());
            }
            if self.is_offline() {
                return Err(E::KafkaStorageError);
            }
            tokio::select! {
                changed = rx.changed() => {
                    if changed.is_err() {
                        return Err(E::NotLeaderOrFollower);
                    }
                }
                _ = tokio::time::sleep_until(deadline) => return Err(E::RequestTimedOut),
            }
        }
    }
}
