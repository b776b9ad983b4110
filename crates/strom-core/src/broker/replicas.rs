//! The partitions this broker hosts, kept in step with the metadata image: logs are opened or
//! created when topics appear, reconfigured when configs change, removed when topics go.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use parking_lot::Mutex;
use uuid::Uuid;

use super::flusher::Flusher;
use super::partition::Partition;
use super::storage::{self, LOG_START_CHECKPOINT, RECOVERY_POINT_CHECKPOINT};
use crate::config::topic::BrokerLayers;
use crate::controller::image::{MetadataImage, TopicImage};
use crate::controller::store::METADATA_TOPIC;
use crate::log::{self, Log, LogError, OpenOptions};

/// (topic, partition, offset), one line of an offsets checkpoint.
type OffsetEntry = (String, i32, i64);

/// The partitions of one topic.
#[derive(Debug)]
pub struct TopicPartitions {
    pub name: String,
    pub id: Uuid,
    pub partitions: Vec<Arc<Partition>>,
}

#[derive(Debug, Default)]
pub struct PartitionMap {
    pub by_name: HashMap<String, Arc<TopicPartitions>>,
    pub by_id: HashMap<Uuid, Arc<TopicPartitions>>,
}

/// Startup facts used when opening existing logs.
#[derive(Debug, Default)]
struct Startup {
    clean: bool,
    /// Partition directories found on disk: "topic-p" -> path.
    found: HashMap<String, PathBuf>,
    recovery_points: HashMap<(String, i32), i64>,
    log_starts: HashMap<(String, i32), i64>,
}

#[derive(Debug)]
pub struct ReplicaManager {
    node_id: i32,
    dirs: Vec<PathBuf>,
    map: ArcSwap<PartitionMap>,
    flusher: Flusher,
    hw_follows_flush: bool,
    startup: Mutex<Startup>,
    /// Serialises `apply` (metadata changes are applied one at a time).
    apply_lock: Mutex<()>,
    /// Offline flag of each log directory, shared by its partitions.
    dir_flags: Vec<(PathBuf, Arc<std::sync::atomic::AtomicBool>)>,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl ReplicaManager {
    pub fn new(
        node_id: i32,
        dirs: Vec<PathBuf>,
        flusher: Flusher,
        hw_follows_flush: bool,
        clean: bool,
    ) -> ReplicaManager {
        let mut startup = Startup {
            clean,
            ..Default::default()
        };
        for dir in &dirs {
            if let Ok(rd) = std::fs::read_dir(dir) {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    if !e.path().is_dir() || name.starts_with(METADATA_TOPIC) {
                        continue;
                    }
                    if name.ends_with("-delete") {
                        // A deletion interrupted by a crash: finish it.
                        let _ = std::fs::remove_dir_all(e.path());
                        continue;
                    }
                    if name.ends_with("-stray") {
                        continue;
                    }
                    startup.found.insert(name, e.path());
                }
            }
            startup
                .recovery_points
                .extend(storage::read_offsets(dir, RECOVERY_POINT_CHECKPOINT));
            startup
                .log_starts
                .extend(storage::read_offsets(dir, LOG_START_CHECKPOINT));
        }
        let dir_flags = dirs.iter().map(|d| (d.clone(), Arc::default())).collect();
        ReplicaManager {
            node_id,
            dirs,
            map: ArcSwap::from_pointee(PartitionMap::default()),
            flusher,
            hw_follows_flush,
            startup: Mutex::new(startup),
            apply_lock: Mutex::new(()),
            dir_flags,
        }
    }

    pub fn flusher(&self) -> &Flusher {
        &self.flusher
    }

    pub fn hw_follows_flush(&self) -> bool {
        self.hw_follows_flush
    }

    pub fn map(&self) -> Arc<PartitionMap> {
        self.map.load_full()
    }

    pub fn partition(&self, topic: &str, index: i32) -> Option<Arc<Partition>> {
        let map = self.map.load();
        let t = map.by_name.get(topic)?;
        t.partitions.get(usize::try_from(index).ok()?).cloned()
    }

    /// The configured log directories (`log.dirs`), each with whether it is offline.
    pub fn log_dirs(&self) -> Vec<(PathBuf, bool)> {
        self.dir_flags
            .iter()
            .map(|(d, f)| (d.clone(), f.load(std::sync::atomic::Ordering::Relaxed)))
            .collect()
    }

    pub fn topic_by_id(&self, id: &Uuid) -> Option<Arc<TopicPartitions>> {
        self.map.load().by_id.get(id).cloned()
    }

    fn pick_dir(&self, map: &PartitionMap) -> PathBuf {
        // The directory with the fewest partitions.
        let mut counts: HashMap<&Path, usize> =
            self.dirs.iter().map(|d| (d.as_path(), 0)).collect();
        for t in map.by_name.values() {
            for p in &t.partitions {
                let dir = p.log.lock().dir().parent().map(Path::to_path_buf);
                if let Some(d) = dir
                    && let Some(c) = counts.iter_mut().find(|(k, _)| **k == d.as_path())
                {
                    *c.1 += 1;
                }
            }
        }
        self.dirs
            .iter()
            .min_by_key(|d| counts.get(d.as_path()).copied().unwrap_or(0))
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn open_partition(
        &self,
        map: &PartitionMap,
        topic: &TopicImage,
        index: i32,
        layers: &BrokerLayers,
    ) -> Result<Arc<Partition>, LogError> {
        let (id, configs) = (topic.id, &topic.configs);
        let epoch = topic
            .partitions
            .get(index as usize)
            .map_or(0, |p| p.leader_epoch);
        let topic = topic.name.as_str();
        let name = log::dir_name(topic, index);
        let mut st = self.startup.lock();
        let (dir, existed) = match st.found.remove(&name) {
            // A directory left by an earlier topic of the same name (deleted, then recreated
            // while this broker was down) is not this topic's data.
            Some(d) if partition_topic_id(&d).is_some_and(|found| found != id) => {
                quarantine(&name, &d);
                (self.pick_dir(map).join(&name), false)
            }
            Some(d) => (d, true),
            None => (self.pick_dir(map).join(&name), false),
        };
        let key = (topic.to_string(), index);
        let opts = OpenOptions {
            clean_shutdown: existed && st.clean,
            recovery_point: st.recovery_points.get(&key).copied(),
            log_start_offset: st.log_starts.get(&key).copied(),
            now_ms: now_ms(),
        };
        drop(st);
        let log = Log::open(
            &dir,
            topic,
            index,
            layers.log_config(configs),
            self.hw_follows_flush,
            opts,
        )?;
        if !existed {
            let meta = format!("version: 0\ntopic_id: {}\n", storage::uuid_to_kafka(&id));
            let path = dir.join("partition.metadata");
            log::checkpoint::write_atomic(&path, meta.as_bytes())
                .map_err(|source| LogError::Io { path, source })?;
        }
        let flag = self
            .dir_flags
            .iter()
            .find(|(d, _)| dir.parent() == Some(d.as_path()))
            .map(|(_, f)| Arc::clone(f))
            .unwrap_or_default();
        Ok(Partition::new(topic, index, id, log, epoch, flag))
    }

    /// Bring the hosted partitions in line with `image`.
    pub fn apply(&self, image: &MetadataImage, layers: &BrokerLayers) -> Result<(), LogError> {
        let _guard = self.apply_lock.lock();
        let old = self.map.load_full();
        let mut next = PartitionMap::default();
        let mut removed: Vec<Arc<TopicPartitions>> = Vec::new();
        for (name, t) in &old.by_name {
            match image.topics.get(name) {
                Some(img) if img.id == t.id => {}
                _ => removed.push(Arc::clone(t)),
            }
        }
        for (name, topic) in &image.topics {
            let existing = old.by_name.get(name).filter(|t| t.id == topic.id);
            let mut parts: Vec<Arc<Partition>> =
                existing.map(|t| t.partitions.clone()).unwrap_or_default();
            let cfg = layers.log_config(&topic.configs);
            for p in &parts {
                let mut log = p.log.lock();
                if *log.config() != cfg {
                    log.set_config(cfg.clone());
                }
            }
            for (i, pimg) in topic.partitions.iter().enumerate().skip(parts.len()) {
                if !pimg.replicas.contains(&self.node_id) {
                    continue;
                }
                let p = self.open_partition(&next, topic, i as i32, layers)?;
                parts.push(p);
            }
            let tp = match existing {
                Some(e) if e.partitions.len() == parts.len() => Arc::clone(e),
                _ => Arc::new(TopicPartitions {
                    name: name.clone(),
                    id: topic.id,
                    partitions: parts,
                }),
            };
            next.by_id.insert(topic.id, Arc::clone(&tp));
            next.by_name.insert(name.clone(), tp);
        }
        self.map.store(Arc::new(next));
        for t in removed {
            for p in &t.partitions {
                remove_partition_dir(p);
            }
        }
        Ok(())
    }

    /// Directories found on disk that belong to no topic: renamed `<name>-stray`, not deleted,
    /// so an operator can inspect them.
    pub fn quarantine_strays(&self) {
        let mut st = self.startup.lock();
        for (name, path) in st.found.drain() {
            quarantine(&name, &path);
        }
    }

    /// Queue a flush for partitions whose `flush.ms` has passed.
    pub fn flush_due(&self, now_ms: i64) {
        if self.hw_follows_flush {
            return;
        }
        for t in self.map.load().by_name.values() {
            for p in &t.partitions {
                if p.log.lock().flush_due_by_time(now_ms) {
                    self.flusher.request(p);
                }
            }
        }
    }

    /// Apply retention to every partition; returns the files to remove after
    /// `file.delete.delay.ms` (grouped with their delay).
    pub fn apply_retention(&self, now_ms: i64) -> Vec<(std::time::Duration, Vec<PathBuf>)> {
        let map = self.map.load_full();
        let mut out = Vec::new();
        for t in map.by_name.values() {
            for p in &t.partitions {
                if p.is_offline() {
                    continue;
                }
                let mut log = p.log.lock();
                if let Err(e) = log.apply_retention(now_ms) {
                    tracing::error!(topic = %p.topic, partition = p.index, error = %e, "Retention failed.");
                }
                let files = log.take_deleted_files();
                if !files.is_empty() {
                    let delay = std::time::Duration::from_millis(
                        log.config().file_delete_delay_ms.max(0) as u64,
                    );
                    out.push((delay, files));
                }
            }
        }
        out
    }

    /// Write the recovery-point and log-start checkpoints of every directory.
    pub fn checkpoint(&self) {
        let map = self.map.load_full();
        // Per directory: (recovery points, log start offsets).
        let mut per_dir: HashMap<PathBuf, (Vec<OffsetEntry>, Vec<OffsetEntry>)> = self
            .dirs
            .iter()
            .map(|d| (d.clone(), Default::default()))
            .collect();
        for t in map.by_name.values() {
            for p in &t.partitions {
                let mut log = p.log.lock();
                let _ = log.flush_indexes();
                let Some(dir) = log.dir().parent().map(Path::to_path_buf) else {
                    continue;
                };
                let e = per_dir.entry(dir).or_default();
                e.0.push((t.name.clone(), p.index, log.recovery_point()));
                e.1.push((t.name.clone(), p.index, log.log_start_offset()));
            }
        }
        for (dir, (rp, ls)) in per_dir {
            if let Err(e) = storage::write_offsets(&dir, RECOVERY_POINT_CHECKPOINT, &rp)
                .and_then(|()| storage::write_offsets(&dir, LOG_START_CHECKPOINT, &ls))
            {
                tracing::error!(dir = %dir.display(), error = %e, "Cannot write checkpoints.");
            }
        }
    }

    /// Clean shutdown of every log.
    pub fn close_all(&self) -> bool {
        let map = self.map.load_full();
        let mut ok = true;
        for t in map.by_name.values() {
            for p in &t.partitions {
                // An offline directory is never trusted again in this run: no flush, and no
                // clean-shutdown marker, so the next start recovers it.
                if p.is_offline() {
                    ok = false;
                    continue;
                }
                if let Err(e) = p.log.lock().close() {
                    tracing::error!(topic = %p.topic, partition = p.index, error = %e, "Cannot close log.");
                    ok = false;
                }
            }
        }
        self.checkpoint();
        ok
    }
}

/// The topic id recorded in a partition directory's `partition.metadata`.
fn partition_topic_id(dir: &Path) -> Option<Uuid> {
    let text = std::fs::read_to_string(dir.join("partition.metadata")).ok()?;
    let line = text.lines().find_map(|l| l.strip_prefix("topic_id:"))?;
    storage::uuid_from_kafka(line.trim())
}

fn quarantine(name: &str, path: &Path) {
    let to = path.with_file_name(format!("{name}-stray"));
    match std::fs::rename(path, &to) {
        Ok(()) => {
            tracing::warn!(dir = %path.display(), "Log directory belongs to no known topic; renamed to -stray.")
        }
        Err(e) => {
            tracing::warn!(dir = %path.display(), error = %e, "Cannot rename stray log directory.")
        }
    }
}

/// Rename the partition directory to `...-delete` and remove it in the background.
fn remove_partition_dir(p: &Arc<Partition>) {
    let dir = p.log.lock().dir().to_path_buf();
    let to = dir.with_file_name(format!(
        "{}.{}-delete",
        dir.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        Uuid::new_v4().simple()
    ));
    p.retire();
    match std::fs::rename(&dir, &to) {
        Ok(()) => {
            if let Some(parent) = to.parent() {
                let _ = log::checkpoint::sync_dir(parent);
            }
            std::thread::spawn(move || {
                if let Err(e) = std::fs::remove_dir_all(&to) {
                    tracing::warn!(dir = %to.display(), error = %e, "Cannot remove deleted partition directory.");
                }
            });
        }
        Err(e) => {
            tracing::error!(dir = %dir.display(), error = %e, "Cannot remove partition directory.")
        }
    }
}

/// Remove files renamed `.deleted` once their delay has passed.
pub fn remove_later(delay: std::time::Duration, files: Vec<PathBuf>) {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let _ = tokio::task::spawn_blocking(move || {
            for f in files {
                if let Err(e) = std::fs::remove_file(&f)
                    && e.kind() != std::io::ErrorKind::NotFound {
                        tracing::warn!(file = %f.display(), error = %e, "Cannot remove deleted segment file.");
                    }
            }
        })
        .await;
    });
}
