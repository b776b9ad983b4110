//! Requests that go to each partition's leader (ListOffsets, DeleteRecords): group the
//! partitions by leader from fresh metadata, send one request per leader, and retry what a
//! leader move or a lost connection left undone until the deadline. Unknown topics and
//! partitions answer UNKNOWN_TOPIC_OR_PARTITION without a request, as Kafka's Admin does;
//! partitions still pending at the deadline answer LEADER_NOT_AVAILABLE.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::client::Client;
use crate::coordinator::is_transport_error;
use crate::error::{KafkaError, Result};
use crate::offsets::TopicPartition;

/// One outcome per partition.
pub(crate) type Outcomes<R> = BTreeMap<TopicPartition, std::result::Result<R, KafkaError>>;

const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const LEADER_NOT_AVAILABLE: i16 = 5;

fn kafka(code: i16) -> KafkaError {
    KafkaError {
        code,
        message: None,
    }
}

/// Run `send(leader, partitions)` for every leader of `wanted` until each partition has an
/// outcome. `retriable` says which error codes a metadata refresh and a retry can fix; `what`
/// names the request in debug logs.
pub(crate) async fn per_leader<S, R, F, Fut>(
    client: &Client,
    wanted: &[(TopicPartition, S)],
    timeout: Duration,
    retriable: fn(i16) -> bool,
    what: &str,
    mut send: F,
) -> Result<Outcomes<R>>
where
    S: Clone,
    R: Clone,
    F: FnMut(i32, Vec<(TopicPartition, S)>) -> Fut,
    Fut: Future<Output = Result<Outcomes<R>>>,
{
    let deadline = Instant::now() + timeout;
    let mut out = BTreeMap::new();
    let mut topics: Vec<String> = wanted.iter().map(|((t, _), _)| t.clone()).collect();
    topics.sort();
    topics.dedup();
    let mut pending = wanted.to_vec();
    let backoff = Duration::from_millis(100);
    while !pending.is_empty() {
        let meta = client.refresh_metadata(Some(&topics)).await?;
        let mut by_leader: BTreeMap<i32, Vec<(TopicPartition, S)>> = BTreeMap::new();
        let mut retry = Vec::new();
        for (tp, spec) in pending.drain(..) {
            let topic = match meta.topic(&tp.0) {
                None => Err(UNKNOWN_TOPIC_OR_PARTITION),
                Some(t) => t.error.as_ref().map_or(Ok(t), |e| Err(e.code)),
            };
            match topic {
                Err(c) if retriable(c) => retry.push((tp, spec)),
                Err(c) => {
                    out.insert(tp, Err(kafka(c)));
                }
                Ok(t) => match t.partition(tp.1) {
                    None => {
                        out.insert(tp, Err(kafka(UNKNOWN_TOPIC_OR_PARTITION)));
                    }
                    Some(p) if p.leader < 0 => retry.push((tp, spec)),
                    Some(p) => by_leader.entry(p.leader).or_default().push((tp, spec)),
                },
            }
        }
        for (leader, parts) in by_leader {
            match send(leader, parts.clone()).await {
                Ok(results) => {
                    for (tp, spec) in parts {
                        match results.get(&tp) {
                            Some(Err(e)) if retriable(e.code) => retry.push((tp, spec)),
                            Some(r) => {
                                out.insert(tp, r.clone());
                            }
                            None => retry.push((tp, spec)),
                        }
                    }
                }
                Err(e) if is_transport_error(&e) => {
                    tracing::debug!(leader, error = %e, "{what} failed; retrying.");
                    retry.extend(parts);
                }
                Err(e) => return Err(e),
            }
        }
        if retry.is_empty() {
            break;
        }
        if Instant::now() + backoff >= deadline {
            for (tp, _) in retry {
                out.insert(tp, Err(kafka(LEADER_NOT_AVAILABLE)));
            }
            break;
        }
        tokio::time::sleep(backoff).await;
        pending = retry;
    }
    Ok(out)
}
