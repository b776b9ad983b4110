//! The metadata log: `<metadata.log.dir>/__cluster_metadata-0`, an ordinary strom log whose
//! record values are JSON metadata records. One record batch per commit, fsynced before the
//! change is applied, so a committed change survives a crash.

use std::path::Path;

use bytes::Bytes;
use kafka_protocol::records::RecordBatchDecoder;

use super::records::MetadataRecord;
use crate::config::topic::LogConfig;
use crate::log::{Log, LogError, OpenOptions, batch};

pub const METADATA_TOPIC: &str = "__cluster_metadata";

/// The leader epoch of the metadata log. A quorum of one never holds an election, so its only
/// leader keeps one epoch for good: 1, the epoch of the first leader of a freshly formatted
/// KRaft quorum. Every batch is stamped with it (logs written before this constant existed
/// carry 0 in their first batches; the epoch only ever moves up) and DescribeQuorum reports it.
pub const METADATA_LEADER_EPOCH: i32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("cannot encode metadata batch")]
    Encode(#[source] anyhow::Error),
    #[error("corrupt metadata record at offset {offset}")]
    Decode {
        offset: i64,
        #[source]
        source: anyhow::Error,
    },
}

/// The records of one commit, with the offset of its last record.
pub type CommittedBatch = (i64, Vec<MetadataRecord>);

#[derive(Debug)]
pub struct MetadataStore {
    log: Log,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl MetadataStore {
    /// Open the metadata log under `dir` and read back every committed batch.
    pub fn open(
        dir: &Path,
        clean: bool,
    ) -> Result<(MetadataStore, Vec<CommittedBatch>), StoreError> {
        let log_dir = dir.join(crate::log::dir_name(METADATA_TOPIC, 0));
        let log = Log::open(
            &log_dir,
            METADATA_TOPIC,
            0,
            LogConfig {
                segment_bytes: 64 << 20,
                ..LogConfig::default()
            },
            true,
            OpenOptions {
                clean_shutdown: clean,
                now_ms: now_ms(),
                ..Default::default()
            },
        )?;
        let mut batches = Vec::new();
        let mut next = log.log_start_offset();
        while let Some(plan) = log.plan_read(next)? {
            let mut bytes = plan.read(16 << 20, true).map_err(|source| LogError::Io {
                path: log_dir.clone(),
                source,
            })?;
            if bytes.is_empty() {
                break;
            }
            while !bytes.is_empty() {
                let set = RecordBatchDecoder::decode(&mut bytes).map_err(|source| {
                    StoreError::Decode {
                        offset: next,
                        source,
                    }
                })?;
                let mut recs = Vec::with_capacity(set.records.len());
                let mut last = next;
                for r in &set.records {
                    last = r.offset;
                    let value = r.value.clone().unwrap_or_default();
                    let rec = serde_json::from_slice(&value).map_err(|e| StoreError::Decode {
                        offset: r.offset,
                        source: e.into(),
                    })?;
                    recs.push(rec);
                }
                batches.push((last, recs));
                next = last + 1;
            }
        }
        Ok((MetadataStore { log }, batches))
    }

    /// Append one batch of records and fsync it; returns the offset of its last record.
    pub fn append(&mut self, records: &[MetadataRecord]) -> Result<i64, StoreError> {
        let ts = now_ms();
        let values = records.iter().map(|r| {
            (
                None,
                Some(Bytes::from(serde_json::to_vec(r).unwrap_or_default())),
            )
        });
        let buf =
            batch::encode_records(values, METADATA_LEADER_EPOCH, ts).map_err(StoreError::Encode)?;
        let info = self.log.append(&buf, METADATA_LEADER_EPOCH, ts)?;
        if let Some(job) = self.log.flush_job() {
            job.run().map_err(|source| LogError::Io {
                path: self.log.dir().to_path_buf(),
                source,
            })?;
            self.log.complete_flush(&job);
        }
        Ok(info.last_offset)
    }

    pub fn close(&mut self) -> Result<(), StoreError> {
        Ok(self.log.close()?)
    }
}
