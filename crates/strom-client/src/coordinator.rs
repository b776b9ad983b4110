//! Finding a group's coordinator (FindCoordinator), shared by the group consumer and admin.
//!
//! FindCoordinator v4+ batches keys (KIP-699) and answers in a `coordinators` array; v0-3
//! take one key. A broker still creating `__consumer_offsets` answers
//! COORDINATOR_NOT_AVAILABLE for a while, so the lookup retries until a deadline.

use std::time::Duration;

use kafka_protocol::messages::{FindCoordinatorRequest, GroupId, TopicName};
use kafka_protocol::protocol::StrBytes;
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, KafkaError, Result};

/// FindCoordinator key type of consumer groups.
pub const KEY_TYPE_GROUP: i8 = 0;

/// A group's coordinator broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoordinatorInfo {
    pub node_id: i32,
    pub host: String,
    pub port: i32,
}

pub(crate) fn sb(s: &str) -> StrBytes {
    StrBytes::from_string(s.to_string())
}

pub(crate) fn group_id(s: &str) -> GroupId {
    GroupId(sb(s))
}

pub(crate) fn topic_name(s: &str) -> TopicName {
    TopicName(sb(s))
}

/// Codes after which the coordinator must be looked up again.
pub(crate) fn is_coordinator_error(code: i16) -> bool {
    // COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR
    matches!(code, 14..=16)
}

/// Transport failures worth a retry on a fresh connection.
pub(crate) fn is_transport_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Closed { .. }
            | Error::Io { .. }
            | Error::RequestTimeout { .. }
            | Error::Connect { .. }
    )
}

/// One FindCoordinator round trip: the coordinator, or the broker's error for the key.
pub async fn find_coordinator_once(
    client: &Client,
    group: &str,
) -> Result<Result<CoordinatorInfo, KafkaError>> {
    let resp = client
        .send_any_built(|v| {
            let req = FindCoordinatorRequest::default();
            if v >= 4 {
                req.with_key_type(KEY_TYPE_GROUP)
                    .with_coordinator_keys(vec![sb(group)])
            } else {
                req.with_key(sb(group))
            }
        })
        .await?;
    let (code, message, node, host, port) = match resp.coordinators.first() {
        Some(c) => (
            c.error_code,
            c.error_message.clone(),
            c.node_id.0,
            c.host.to_string(),
            c.port,
        ),
        None => (
            resp.error_code,
            resp.error_message.clone(),
            resp.node_id.0,
            resp.host.to_string(),
            resp.port,
        ),
    };
    Ok(
        match KafkaError::from_code(code, message.map(|m| m.to_string())) {
            Some(e) => Err(e),
            None if node < 0 => Err(KafkaError {
                code: 15,
                message: None,
            }),
            None => Ok(CoordinatorInfo {
                node_id: node,
                host,
                port,
            }),
        },
    )
}

/// Look a group's coordinator up, retrying retriable answers and lost connections every
/// `backoff` until `deadline`. The coordinator's broker is added to the client's metadata
/// if it was not known yet.
pub async fn find_coordinator(
    client: &Client,
    group: &str,
    deadline: Instant,
    backoff: Duration,
) -> Result<CoordinatorInfo> {
    loop {
        let last = match find_coordinator_once(client, group).await {
            Ok(Ok(c)) => {
                if !client.metadata().brokers.contains_key(&c.node_id) {
                    client.refresh_metadata(Some(&[])).await?;
                }
                return Ok(c);
            }
            Ok(Err(e)) if e.is_retriable() || is_coordinator_error(e.code) => Error::Kafka(e),
            Ok(Err(e)) => return Err(Error::Kafka(e)),
            Err(e) if is_transport_error(&e) => e,
            Err(e) => return Err(e),
        };
        if Instant::now() + backoff >= deadline {
            return Err(match last {
                Error::Kafka(e) => Error::Timeout(format!(
                    "cannot find the coordinator of group '{group}': {e}"
                )),
                other => other,
            });
        }
        tracing::debug!(group, error = %last, "Coordinator not available yet; retrying.");
        tokio::time::sleep(backoff).await;
    }
}
