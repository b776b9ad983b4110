//! DescribeLogDirs (key 35): the log directories of this broker (`log.dirs`), and the size in
//! bytes of each partition stored in them, as Kafka Admin's `describeLogDirs` and
//! `kafka-log-dirs` show.
//!
//! As in Kafka: `topics` null asks for every partition; partitions of requested topics that do
//! not exist here are simply absent; an offline directory answers KAFKA_STORAGE_ERROR with no
//! topics; v4 adds the total and usable bytes of the directory's volume (-1 when unknown).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::describe_log_dirs_response::{
    DescribeLogDirsPartition, DescribeLogDirsResult, DescribeLogDirsTopic,
};
use kafka_protocol::messages::{DescribeLogDirsRequest, DescribeLogDirsResponse, ResponseKind};

use super::util::{s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;

/// Which partitions the request asks for: `None` means all.
type Wanted = Option<HashMap<String, HashSet<i32>>>;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: DescribeLogDirsRequest) -> Reply {
    let wanted: Wanted = req.topics.map(|topics| {
        let mut m: HashMap<String, HashSet<i32>> = HashMap::new();
        for t in topics {
            m.entry(t.topic.to_string())
                .or_default()
                .extend(t.partitions);
        }
        m
    });
    let b = Arc::clone(b);
    Reply::later(async move {
        // Partition logs sit behind short locks, and statvfs is a syscall: off the runtime.
        let results = tokio::task::spawn_blocking(move || describe(&b, wanted.as_ref()))
            .await
            .unwrap_or_default();
        ResponseKind::DescribeLogDirs(DescribeLogDirsResponse::default().with_results(results))
    })
}

fn describe(
    b: &Broker,
    wanted: Option<&HashMap<String, HashSet<i32>>>,
) -> Vec<DescribeLogDirsResult> {
    let dirs = b.replicas.log_dirs();
    // dir -> topic -> partition -> size
    let mut by_dir: HashMap<PathBuf, BTreeMap<String, BTreeMap<i32, i64>>> = HashMap::new();
    let map = b.replicas.map();
    for t in map.by_name.values() {
        let parts = match wanted {
            None => None,
            Some(w) => match w.get(&t.name) {
                Some(parts) => Some(parts),
                None => continue,
            },
        };
        for p in &t.partitions {
            if parts.is_some_and(|ps| !ps.contains(&p.index)) || p.is_offline() {
                continue;
            }
            let (dir, size) = {
                let log = p.log.lock();
                (log.dir().parent().map(Path::to_path_buf), log.size_bytes())
            };
            let Some(dir) = dir else { continue };
            by_dir
                .entry(dir)
                .or_default()
                .entry(t.name.clone())
                .or_default()
                .insert(p.index, i64::try_from(size).unwrap_or(i64::MAX));
        }
    }
    dirs.into_iter()
        .map(|(dir, offline)| {
            let shown = absolute(&dir);
            let base = DescribeLogDirsResult::default().with_log_dir(s(shown));
            if offline {
                return base.with_error_code(E::KafkaStorageError.code());
            }
            let topics = by_dir
                .remove(&dir)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, parts)| {
                    let partitions = parts
                        .into_iter()
                        .map(|(index, size)| {
                            DescribeLogDirsPartition::default()
                                .with_partition_index(index)
                                .with_partition_size(size)
                                .with_offset_lag(0)
                                .with_is_future_key(false)
                        })
                        .collect();
                    DescribeLogDirsTopic::default()
                        .with_name(topic_name(name))
                        .with_partitions(partitions)
                })
                .collect();
            let (total, usable) = volume_bytes(&dir);
            base.with_topics(topics)
                .with_total_bytes(total)
                .with_usable_bytes(usable)
        })
        .collect()
}

/// The directory as Kafka names it: its canonical absolute path.
fn absolute(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// (total, usable) bytes of the volume holding `dir`, as Java's `FileStore.getTotalSpace` and
/// `getUsableSpace`; -1 each when statvfs fails.
fn volume_bytes(dir: &Path) -> (i64, i64) {
    match nix::sys::statvfs::statvfs(dir) {
        Ok(st) => {
            #[allow(clippy::useless_conversion, reason = "c_ulong is u32 on some targets")]
            let unit = u64::from(st.fragment_size());
            let bytes =
                |blocks: u64| i64::try_from(blocks.saturating_mul(unit)).unwrap_or(i64::MAX);
            (bytes(st.blocks()), bytes(st.blocks_available()))
        }
        Err(_) => (-1, -1),
    }
}
