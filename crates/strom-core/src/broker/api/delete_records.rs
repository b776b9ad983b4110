//! DeleteRecords (key 21): move the log start offset forward; -1 means the high watermark.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::delete_records_response::{
    DeleteRecordsPartitionResult, DeleteRecordsTopicResult,
};
use kafka_protocol::messages::{DeleteRecordsRequest, DeleteRecordsResponse, ResponseKind};

use super::util::topic_name;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::log::LogError;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: DeleteRecordsRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let map = b.replicas.map();
        let mut changed = false;
        let topics = req
            .topics
            .iter()
            .map(|t| {
                let name = t.name.to_string();
                let parts = map.by_name.get(&name);
                let partitions = t
                    .partitions
                    .iter()
                    .map(|dp| {
                        let base = DeleteRecordsPartitionResult::default().with_partition_index(dp.partition_index).with_low_watermark(-1);
                        let Some(p) = parts.and_then(|tp| tp.partitions.get(usize::try_from(dp.partition_index).ok()?)) else {
                            return base.with_error_code(E::UnknownTopicOrPartition.code());
                        };
                        if p.is_offline() {
                            return base.with_error_code(E::KafkaStorageError.code());
                        }
                        let mut log = p.log.lock();
                        let target = if dp.offset == -1 { log.high_watermark() } else { dp.offset };
                        if target < 0 {
                            return base.with_error_code(E::OffsetOutOfRange.code());
                        }
                        let before = log.log_start_offset();
                        match tokio::task::block_in_place(|| log.delete_records_before(target)) {
                            Ok(low) => {
                                changed |= low != before;
                                let files = log.take_deleted_files();
                                if !files.is_empty() {
                                    let delay = std::time::Duration::from_millis(log.config().file_delete_delay_ms.max(0) as u64);
                                    crate::broker::replicas::remove_later(delay, files);
                                }
                                base.with_low_watermark(low)
                            }
                            Err(LogError::OffsetOutOfRange { .. }) => base.with_error_code(E::OffsetOutOfRange.code()),
                            Err(e) => {
                                tracing::error!(topic = %name, partition = dp.partition_index, error = %e, "DeleteRecords failed.");
                                base.with_error_code(E::KafkaStorageError.code())
                            }
                        }
                    })
                    .collect();
                DeleteRecordsTopicResult::default().with_name(topic_name(name)).with_partitions(partitions)
            })
            .collect();
        if changed {
            // The new log start offsets must survive a crash before we say they moved.
            let b2 = Arc::clone(&b);
            let _ = tokio::task::spawn_blocking(move || b2.replicas.checkpoint()).await;
        }
        ResponseKind::DeleteRecords(DeleteRecordsResponse::default().with_topics(topics))
    })
}
