//! Group commit: one thread fsyncs every partition with unflushed appends, so all the
//! requests that arrived during one fsync share the next one. A failed fsync takes the
//! partition offline; it is never retried (the page cache may already have dropped the data).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

use super::partition::Partition;

#[derive(Clone, Debug)]
pub struct Flusher {
    tx: mpsc::Sender<Arc<Partition>>,
}

impl Flusher {
    pub fn start() -> std::io::Result<(Flusher, std::thread::JoinHandle<()>)> {
        let (tx, rx) = mpsc::channel::<Arc<Partition>>();
        let handle = std::thread::Builder::new()
            .name("strom-flusher".into())
            .spawn(move || run(rx))?;
        Ok((Flusher { tx }, handle))
    }

    /// Ask for `p` to be made durable up to its current end.
    pub fn request(&self, p: &Arc<Partition>) {
        if !p.flush_queued.swap(true, Ordering::AcqRel) {
            let _ = self.tx.send(Arc::clone(p));
        }
    }
}

fn run(rx: mpsc::Receiver<Arc<Partition>>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while let Ok(p) = rx.try_recv() {
            batch.push(p);
        }
        let mut seen = HashSet::new();
        for p in batch {
            if !seen.insert(Arc::as_ptr(&p)) {
                continue;
            }
            flush_one(&p);
        }
    }
}

/// Make one partition durable; also used directly at shutdown.
pub fn flush_one(p: &Partition) {
    // Clear the flag before taking the job: an append after this point re-queues.
    p.flush_queued.store(false, Ordering::Release);
    if p.is_offline() {
        return;
    }
    let job = p.log.lock().flush_job();
    let Some(job) = job else { return };
    match job.run() {
        Ok(()) => {
            let moved = p.log.lock().complete_flush(&job);
            if let Some(hw) = moved {
                p.publish_hw(hw);
            }
        }
        Err(e) => {
            tracing::error!(topic = %p.topic, partition = p.index, error = %e, "fsync failed; taking the log directory offline.");
            p.fail_dir();
        }
    }
}
