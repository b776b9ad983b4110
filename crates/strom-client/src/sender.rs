//! The producer's sender: seals due batches, groups them per leader into Produce requests,
//! keeps requests to a broker in order, and settles their outcomes (delivered, retried or
//! failed).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse, TopicName};
use kafka_protocol::protocol::StrBytes;
use tokio::sync::mpsc;

use crate::accumulator::ReadyBatch;
use crate::connection::ResponseFuture;
use crate::error::{KafkaError, Result};
use crate::producer::{Shared, State};
use crate::producer_config::Acks;

/// The sender task: seal what is due, ship what is ready, sleep until the next deadline.
pub(crate) async fn sender_loop(shared: Arc<Shared>) {
    loop {
        let (deadline, closed) = match dispatch(&shared) {
            Ok(v) => v,
            Err(e) => {
                fail_everything(&shared, &e.to_string());
                (None, false)
            }
        };
        if closed {
            return;
        }
        let wake = shared.wake.notified();
        match deadline {
            Some(t) => {
                let _ = tokio::time::timeout_at(t.into(), wake).await;
            }
            None => wake.await,
        }
    }
}

/// One round of the sender under the lock; spawns the requests it decides to send.
fn dispatch(shared: &Arc<Shared>) -> Result<(Option<Instant>, bool)> {
    let now = Instant::now();
    let meta = shared.client.metadata();
    let mut st = shared.lock()?;
    if st.closed && st.idle() {
        return Ok((None, true));
    }
    let force = st.flushing > 0 || st.closed;
    let State {
        acc, partitions, ..
    } = &mut *st;
    let linger_deadline = acc.expire(now, force, |t| partitions.get(t).copied().unwrap_or(1))?;
    let mut missing_leader = false;
    let max_in_flight = shared.config.max_in_flight;
    // Keep taking (one batch per partition per round) until every broker is at its in-flight
    // limit or nothing sendable is left, so one partition can have several requests in flight.
    loop {
        let in_flight = st.in_flight.clone();
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        let batches = st
            .acc
            .take_ready(now, |b| match meta.leader(&b.tp.0, b.tp.1) {
                Some(leader) => {
                    let busy = in_flight.get(&leader).copied().unwrap_or(0) >= max_in_flight;
                    let size = sizes.entry(leader).or_insert(0);
                    let fits = *size == 0 || *size + b.data.len() <= shared.config.max_request_size;
                    if busy || !fits {
                        return false;
                    }
                    *size += b.data.len();
                    true
                }
                None => {
                    missing_leader = true;
                    false
                }
            });
        if batches.is_empty() {
            break;
        }
        let mut by_broker: HashMap<i32, Vec<ReadyBatch>> = HashMap::new();
        for b in batches {
            if let Some(leader) = meta.leader(&b.tp.0, b.tp.1) {
                by_broker.entry(leader).or_default().push(b);
            }
        }
        for (broker, batches) in by_broker {
            *st.in_flight.entry(broker).or_insert(0) += 1;
            shared.submit(broker, batches);
        }
    }
    let mut deadline = linger_deadline;
    if let Some(b) = st.acc.next_backoff() {
        deadline = Some(deadline.map_or(b, |d| d.min(b)));
    }
    drop(st);
    // Refresh when a leader is unknown, or when metadata is older than metadata.max.age.ms
    // (new partitions, moved leaders); at most one refresh at a time.
    let stale = meta.fetched_at.elapsed() >= shared.client.config().metadata_max_age;
    if (missing_leader || stale) && !shared.refreshing.swap(true, Ordering::AcqRel) {
        let s = shared.clone();
        spawn_detached(async move {
            if missing_leader {
                tokio::time::sleep(s.config.retry_backoff).await;
            }
            refresh_topics(&s).await;
            s.refreshing.store(false, Ordering::Release);
            s.wake.notify_one();
        });
    }
    shared.progress.notify_waiters();
    Ok((deadline, false))
}

/// Refresh the producer's topics and pick up partition counts that grew.
pub(crate) async fn refresh_topics(shared: &Shared) {
    let topics: Vec<String> = match shared.lock() {
        Ok(st) => st.partitions.keys().map(|t| t.to_string()).collect(),
        Err(_) => return,
    };
    let Ok(meta) = shared.client.refresh_metadata(Some(&topics)).await else {
        return;
    };
    if let Ok(mut st) = shared.lock() {
        for (topic, n) in st.partitions.iter_mut() {
            let known = meta.topic(topic).map_or(0, |t| t.partitions.len());
            if let Ok(known) = i32::try_from(known)
                && known > *n
            {
                *n = known;
            }
        }
    }
}

pub(crate) fn spawn_detached<F: Future<Output = ()> + Send + 'static>(f: F) {
    drop(tokio::spawn(f));
}

/// Requests to one broker, in submission order: each is queued on the connection before the
/// next one is, so the batches of a partition reach the log in order even with several
/// requests in flight; responses are awaited concurrently.
pub(crate) async fn pipeline_loop(
    shared: Arc<Shared>,
    broker: i32,
    mut rx: mpsc::UnboundedReceiver<Vec<ReadyBatch>>,
) {
    while let Some(batches) = rx.recv().await {
        match start_produce(&shared, broker, &batches).await {
            Ok(Started::Done(results)) => {
                settle_request(&shared, broker, batches, Ok(results)).await
            }
            Ok(Started::Pending(response)) => {
                let shared = shared.clone();
                spawn_detached(async move {
                    let outcome = response
                        .wait()
                        .await
                        .map(|r| partition_results(&r, &batches));
                    settle_request(&shared, broker, batches, outcome).await;
                });
            }
            Err(e) => settle_request(&shared, broker, batches, Err(e)).await,
        }
    }
}

/// Settle the batches of one finished (or failed) request.
async fn settle_request(
    shared: &Shared,
    broker: i32,
    batches: Vec<ReadyBatch>,
    outcome: Result<Vec<Result<(), Failure>>>,
) {
    let mut retry_metadata = false;
    {
        let Ok(mut st) = shared.lock() else { return };
        if let Some(n) = st.in_flight.get_mut(&broker) {
            *n = n.saturating_sub(1);
        }
        match outcome {
            Ok(results) => {
                for (batch, result) in batches.into_iter().zip(results) {
                    retry_metadata |= settle(shared, &mut st, batch, result);
                }
            }
            Err(err) => {
                shared.client.drop_connection(broker);
                for batch in batches {
                    let r = if err.is_retriable() {
                        Err(Failure::Retriable(err.to_string()))
                    } else {
                        Err(Failure::Fatal(err.to_string()))
                    };
                    retry_metadata |= settle(shared, &mut st, batch, r);
                }
            }
        }
    }
    if retry_metadata {
        refresh_topics(shared).await;
    }
    shared.wake.notify_one();
    shared.progress.notify_waiters();
}

enum Failure {
    Retriable(String),
    Fatal(String),
}

/// Record a batch's outcome; returns true when metadata should be refreshed before a retry.
fn settle(
    shared: &Shared,
    st: &mut State,
    mut batch: ReadyBatch,
    result: Result<(), Failure>,
) -> bool {
    match result {
        Ok(()) => {
            st.report.delivered += batch.records as u64;
            shared.memory.add_permits(batch.reserved);
            notify_listener(shared, &batch, None);
            false
        }
        Err(Failure::Retriable(why)) if batch.attempts < shared.config.retries && !st.closed => {
            tracing::debug!(topic = %batch.tp.0, partition = batch.tp.1, attempt = batch.attempts + 1, reason = %why, "Retrying a batch.");
            batch.attempts += 1;
            batch.not_before = Some(Instant::now() + shared.config.retry_backoff);
            st.acc.requeue(batch);
            true
        }
        Err(Failure::Retriable(why) | Failure::Fatal(why)) => {
            record_failure(shared, st, &batch, &why);
            false
        }
    }
}

/// Tell the delivery listener, if any, how a batch ended.
fn notify_listener(shared: &Shared, batch: &ReadyBatch, error: Option<&str>) {
    if let Some(listener) = &shared.listener {
        listener.on_delivery(&crate::delivery::BatchDelivery {
            topic: &batch.tp.0,
            partition: batch.tp.1,
            records: &batch.marks,
            batch_bytes: batch.data.len(),
            error,
        });
    }
}

fn record_failure(shared: &Shared, st: &mut State, batch: &ReadyBatch, why: &str) {
    notify_listener(shared, batch, Some(why));
    st.report.failed += batch.records as u64;
    if st.report.errors.len() < 5 {
        st.report.errors.push(format!(
            "{} record(s) for {}-{}: {why}",
            batch.records, batch.tp.0, batch.tp.1
        ));
    }
    shared.memory.add_permits(batch.reserved);
}

fn fail_everything(shared: &Shared, why: &str) {
    if let Ok(mut st) = shared.state.lock() {
        for b in st.acc.abort_all() {
            record_failure(shared, &mut st, &b, why);
        }
    }
    shared.progress.notify_waiters();
}

enum Started {
    /// acks=0: written, and that is all the broker will say.
    Done(Vec<Result<(), Failure>>),
    Pending(ResponseFuture<ProduceResponse>),
}

/// Queue the Produce request for `batches` on the broker's connection.
async fn start_produce(shared: &Shared, broker: i32, batches: &[ReadyBatch]) -> Result<Started> {
    let conn = shared.client.broker_connection(broker).await?;
    let mut topics: Vec<TopicProduceData> = Vec::new();
    for b in batches {
        let part = PartitionProduceData::default()
            .with_index(b.tp.1)
            .with_records(Some(b.data.clone()));
        match topics.iter_mut().find(|t| t.name.0.as_str() == &*b.tp.0) {
            Some(t) => t.partition_data.push(part),
            None => topics.push(
                TopicProduceData::default()
                    .with_name(TopicName(StrBytes::from_string(b.tp.0.to_string())))
                    .with_partition_data(vec![part]),
            ),
        }
    }
    let timeout_ms =
        i32::try_from(shared.client.config().request_timeout.as_millis()).unwrap_or(i32::MAX);
    let req = ProduceRequest::default()
        .with_acks(shared.config.acks.wire())
        .with_timeout_ms(timeout_ms)
        .with_topic_data(topics);
    if shared.config.acks == Acks::None {
        conn.send_no_response(&req).await?;
        return Ok(Started::Done(batches.iter().map(|_| Ok(())).collect()));
    }
    Ok(Started::Pending(conn.enqueue(&req).await?))
}

/// One result per batch, in order, from a Produce response.
fn partition_results(resp: &ProduceResponse, batches: &[ReadyBatch]) -> Vec<Result<(), Failure>> {
    let mut by_tp: HashMap<(&str, i32), (i16, Option<String>)> = HashMap::new();
    for t in &resp.responses {
        for p in &t.partition_responses {
            let msg = p.error_message.as_ref().map(|m| m.to_string()).or_else(|| {
                p.record_errors
                    .first()
                    .and_then(|r| r.batch_index_error_message.as_ref().map(|m| m.to_string()))
            });
            by_tp.insert((t.name.0.as_str(), p.index), (p.error_code, msg));
        }
    }
    batches
        .iter()
        .map(|b| match by_tp.get(&(&*b.tp.0, b.tp.1)) {
            None => Err(Failure::Fatal("no response for this partition".into())),
            Some((code, msg)) => match KafkaError::from_code(*code, msg.clone()) {
                None => Ok(()),
                Some(e) if e.is_retriable() => {
                    Err(Failure::Retriable(format!("{} ({})", e, e.name())))
                }
                Some(e) => Err(Failure::Fatal(format!("{} ({})", e, e.name()))),
            },
        })
        .collect()
}
