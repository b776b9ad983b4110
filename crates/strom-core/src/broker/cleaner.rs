//! The log cleaner thread: compacts `cleanup.policy=compact` partitions (see `log::cleaner`)
//! and remembers where each one's dirty section starts in `cleaner-offset-checkpoint`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::Broker;
use super::api::util::now_ms;
use super::storage;
use crate::log::cleaner;

const CHECKPOINT: &str = "cleaner-offset-checkpoint";

/// Start the cleaner; it stops when `stop` is set.
pub fn start(
    broker: Arc<Broker>,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("strom-cleaner".into())
        .spawn(move || run(&broker, &stop))
}

fn run(b: &Broker, stop: &AtomicBool) {
    let mut offsets: HashMap<(String, i32), i64> = HashMap::new();
    for dir in &b.config.log_dirs {
        offsets.extend(storage::read_offsets(dir, CHECKPOINT));
    }
    while !stop.load(Ordering::Relaxed) {
        if b.broker_bool("log.cleaner.enable") && clean_round(b, stop, &mut offsets) {
            write_checkpoints(b, &offsets);
            continue;
        }
        let backoff = b
            .broker_long("log.cleaner.backoff.ms", 15_000)
            .clamp(10, 3_600_000);
        let mut slept = 0;
        while slept < backoff && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50));
            slept += 50;
        }
    }
}

/// Clean every partition that needs it; true when something was cleaned.
fn clean_round(b: &Broker, stop: &AtomicBool, offsets: &mut HashMap<(String, i32), i64>) -> bool {
    let map_limit = (b.broker_long("log.cleaner.dedupe.buffer.size", 128 << 20) / 48)
        .clamp(1024, 100_000_000) as usize;
    let mut any = false;
    for t in b.replicas.map().by_name.values() {
        for p in &t.partitions {
            if stop.load(Ordering::Relaxed) {
                return any;
            }
            if p.is_offline() {
                continue;
            }
            let key = (t.name.clone(), p.index);
            let plan = p
                .log
                .lock()
                .cleaning_plan(offsets.get(&key).copied(), now_ms());
            let Some(plan) = plan else { continue };
            let outcome = match cleaner::build(&plan, map_limit) {
                Ok(o) => o,
                Err(e) => {
                    tracing::error!(topic = %t.name, partition = p.index, error = %e, "Cleaning failed.");
                    continue;
                }
            };
            let installed = p.log.lock().install_cleaned(&outcome);
            match installed {
                Ok(n) => {
                    tracing::info!(
                        topic = %t.name, partition = p.index, segments = n,
                        bytes_before = outcome.bytes_before, bytes_after = outcome.bytes_after,
                        "Cleaned log."
                    );
                    offsets.insert(key, outcome.next_dirty);
                    any = true;
                }
                Err(e) => {
                    tracing::error!(topic = %t.name, partition = p.index, error = %e, "Cannot swap cleaned segments.")
                }
            }
        }
    }
    any
}

fn write_checkpoints(b: &Broker, offsets: &HashMap<(String, i32), i64>) {
    let mut per_dir: HashMap<PathBuf, Vec<(String, i32, i64)>> = HashMap::new();
    for t in b.replicas.map().by_name.values() {
        for p in &t.partitions {
            let Some(o) = offsets.get(&(t.name.clone(), p.index)) else {
                continue;
            };
            if let Some(dir) = p.log.lock().dir().parent() {
                per_dir
                    .entry(dir.to_path_buf())
                    .or_default()
                    .push((t.name.clone(), p.index, *o));
            }
        }
    }
    for (dir, entries) in per_dir {
        if let Err(e) = storage::write_offsets(&dir, CHECKPOINT, &entries) {
            tracing::warn!(dir = %dir.display(), error = %e, "Cannot write the cleaner checkpoint.");
        }
    }
}
