//! The metadata controller. Single node: a quorum of one, no extra port. Changes are planned
//! by pure functions ([`plan`]), written to the metadata log ([`store`]) and then applied to a
//! new immutable [`image::MetadataImage`] that readers load without locking.

pub mod config_plan;
pub mod image;
pub mod plan;
pub mod records;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use parking_lot::Mutex;

use crate::error::ApiError;
use image::{BrokerImage, MetadataImage};
use records::MetadataRecord;
use store::{MetadataStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error("{0}")]
    Api(ApiError),
    #[error("metadata log write failed")]
    Storage(#[from] StoreError),
}

impl From<ApiError> for CommitError {
    fn from(e: ApiError) -> Self {
        CommitError::Api(e)
    }
}

#[derive(Debug)]
pub struct Controller {
    store: Mutex<MetadataStore>,
    image: ArcSwap<MetadataImage>,
}

impl Controller {
    /// Open the metadata log in `dir`, replay it, and register this node's broker.
    pub fn open(
        dir: &Path,
        clean: bool,
        cluster_id: String,
        broker: BrokerImage,
    ) -> Result<Controller, StoreError> {
        let (store, batches) = MetadataStore::open(dir, clean)?;
        let mut image = MetadataImage {
            cluster_id,
            offset: -1,
            controller_id: broker.node_id,
            ..Default::default()
        };
        image.brokers.insert(broker.node_id, broker);
        for (offset, recs) in &batches {
            for r in recs {
                image.apply(r);
            }
            image.offset = *offset;
        }
        tracing::info!(
            batches = batches.len(),
            topics = image.topics.len(),
            "Loaded cluster metadata."
        );
        Ok(Controller {
            store: Mutex::new(store),
            image: ArcSwap::from_pointee(image),
        })
    }

    /// The current image.
    pub fn image(&self) -> Arc<MetadataImage> {
        self.image.load_full()
    }

    /// The metadata log's end offset: every record below it is fsynced and applied. On a quorum
    /// of one that is also the high watermark (a record is committed once this node has it).
    pub fn end_offset(&self) -> i64 {
        self.image.load().offset + 1
    }

    /// Plan against the current image, persist the records, publish the new image. Commits are
    /// serialised, so each plan sees every earlier commit.
    pub fn commit<R>(
        &self,
        plan: impl FnOnce(&MetadataImage) -> Result<(Vec<MetadataRecord>, R), ApiError>,
    ) -> Result<(Arc<MetadataImage>, R), CommitError> {
        let mut store = self.store.lock();
        let current = self.image.load_full();
        let (records, out) = plan(&current)?;
        if records.is_empty() {
            return Ok((current, out));
        }
        let offset = store.append(&records)?;
        let mut next = (*current).clone();
        for r in &records {
            next.apply(r);
        }
        next.offset = offset;
        let next = Arc::new(next);
        self.image.store(Arc::clone(&next));
        Ok((next, out))
    }

    pub fn close(&self) -> Result<(), StoreError> {
        self.store.lock().close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plan::{NewTopic, TopicDefaults};

    #[test]
    fn commits_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let broker = BrokerImage {
            node_id: 1,
            endpoints: vec![],
            rack: None,
        };
        let id = {
            let c = Controller::open(dir.path(), false, "c1".into(), broker.clone()).unwrap();
            let d = TopicDefaults {
                num_partitions: 2,
                replication_factor: 1,
            };
            let t = NewTopic {
                name: "orders".into(),
                num_partitions: -1,
                replication_factor: -1,
                configs: vec![("retention.ms".into(), Some("5".into()))],
                ..Default::default()
            };
            let (img, _) = c
                .commit(|img| plan::create_topic(img, &t, d).map(|(r, _, _)| (r, ())))
                .unwrap();
            img.topics["orders"].id
            // dropped without close: the commit was fsynced anyway
        };
        let c = Controller::open(dir.path(), false, "c1".into(), broker).unwrap();
        let img = c.image();
        let t = &img.topics["orders"];
        assert_eq!(t.id, id);
        assert_eq!(t.partitions.len(), 2);
        assert_eq!(t.configs["retention.ms"], "5");
    }
}
