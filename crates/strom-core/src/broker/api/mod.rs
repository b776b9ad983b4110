//! Request dispatch and one module per Kafka API.

mod alter_configs;
mod api_versions;
mod consumer_group_describe;
mod consumer_group_heartbeat;
mod create_acls;
mod create_partitions;
mod create_topics;
mod delete_acls;
mod delete_groups;
mod delete_records;
mod delete_topics;
mod describe_acls;
mod describe_cluster;
mod describe_configs;
mod describe_groups;
mod describe_log_dirs;
mod describe_quorum;
mod fetch;
pub mod fetch_encode;
mod find_coordinator;
mod heartbeat;
mod incremental_alter_configs;
mod init_producer_id;
mod join_group;
mod leave_group;
mod list_groups;
mod list_offsets;
mod metadata;
mod offset_commit;
mod offset_delete;
mod offset_fetch;
mod offset_for_leader_epoch;
mod produce;
mod sync_group;
pub(crate) mod util;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, RequestKind, ResponseHeader, ResponseKind};
use kafka_protocol::protocol::{Decodable, Encodable};

use super::Broker;
use super::connection::ConnInfo;
use super::versions;

/// A piece of a response frame: bytes, or a region of a segment file sent with `sendfile(2)`.
#[derive(Clone, Debug)]
pub enum Chunk {
    Bytes(Bytes),
    File {
        file: Arc<std::fs::File>,
        offset: u64,
        len: usize,
    },
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Bytes(b) => b.len(),
            Chunk::File { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A response frame on its way; `None` when it cannot be produced (the connection closes,
/// since skipping it would desynchronise the client's correlation ids).
pub type Pending = Pin<Box<dyn Future<Output = Option<Vec<Chunk>>> + Send>>;

/// What a handler returns.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per request and consumed at once"
)]
pub enum Reply {
    Now(ResponseKind),
    Later(Pin<Box<dyn Future<Output = ResponseKind> + Send>>),
    /// A body already encoded as chunks (Fetch, whose records are file regions).
    Chunked(Pin<Box<dyn Future<Output = Result<Vec<Chunk>, DispatchError>> + Send>>),
    /// Produce with acks=0: the client expects no response at all.
    NoResponse,
    /// A request Kafka's parser refuses after decoding (the reason is logged): close the
    /// connection without an answer, as Kafka does.
    Close(String),
}

impl Reply {
    pub fn later(f: impl Future<Output = ResponseKind> + Send + 'static) -> Reply {
        Reply::Later(Box::pin(f))
    }
}

/// Per-request facts handlers need.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub api_key: ApiKey,
    pub version: i16,
    pub correlation_id: i32,
    pub client_id: Option<String>,
    pub conn: ConnInfo,
}

#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error("unknown api key {0}")]
    UnknownApiKey(i16),
    #[error("unsupported version {version} of {api:?}")]
    UnsupportedVersion { api: ApiKey, version: i16 },
    #[error("cannot decode {api:?} v{version} request")]
    Decode {
        api: ApiKey,
        version: i16,
        #[source]
        source: anyhow::Error,
    },
    #[error("invalid {api:?} v{version} request: {reason}")]
    Invalid {
        api: ApiKey,
        version: i16,
        reason: String,
    },
    #[error("cannot encode {api:?} v{version} response")]
    Encode {
        api: ApiKey,
        version: i16,
        #[source]
        source: anyhow::Error,
    },
}

fn encode_response(
    api: ApiKey,
    version: i16,
    correlation_id: i32,
    body: &ResponseKind,
) -> Result<Bytes, DispatchError> {
    let mut buf = BytesMut::with_capacity(256);
    buf.put_i32(0);
    let err = |source| DispatchError::Encode {
        api,
        version,
        source,
    };
    ResponseHeader::default()
        .with_correlation_id(correlation_id)
        .encode(&mut buf, api.response_header_version(version))
        .map_err(err)?;
    body.encode(&mut buf, version).map_err(err)?;
    let len = (buf.len() - 4) as i32;
    buf[..4].copy_from_slice(&len.to_be_bytes());
    Ok(buf.freeze())
}

/// Size prefix and response header in front of an encoded body.
fn frame_chunks(api: ApiKey, version: i16, correlation_id: i32, body: Vec<Chunk>) -> Vec<Chunk> {
    let mut head = BytesMut::with_capacity(16);
    head.put_i32(0);
    // The response header of every Fetch version encodes without fail (correlation id, and an
    // empty tagged-field section when flexible).
    let _ = ResponseHeader::default()
        .with_correlation_id(correlation_id)
        .encode(&mut head, api.response_header_version(version));
    let size = head.len() - 4 + body.iter().map(Chunk::len).sum::<usize>();
    head[..4].copy_from_slice(&(size as i32).to_be_bytes());
    let mut out = Vec::with_capacity(body.len() + 1);
    out.push(Chunk::Bytes(head.freeze()));
    out.extend(body);
    out
}

/// Decode one frame, run its handler, and return the response future. An `Err` closes the
/// connection (Kafka does the same for unknown keys, unsupported versions and garbage).
pub fn dispatch(
    broker: &Arc<Broker>,
    conn: &ConnInfo,
    mut frame: Bytes,
) -> Result<Option<Pending>, DispatchError> {
    let (key, version, correlation_id) = match frame.get(..8) {
        Some(h) => (
            i16::from_be_bytes([h[0], h[1]]),
            i16::from_be_bytes([h[2], h[3]]),
            i32::from_be_bytes([h[4], h[5], h[6], h[7]]),
        ),
        None => return Err(DispatchError::UnknownApiKey(-1)),
    };
    let api = ApiKey::try_from(key).map_err(|_| DispatchError::UnknownApiKey(key))?;
    if !versions::accepts(api, version) {
        if api == ApiKey::ApiVersions {
            // KIP-511: answer in v0 with UNSUPPORTED_VERSION and the full list, so the client
            // can pick a version it shares with us.
            let body = ResponseKind::ApiVersions(api_versions::unsupported());
            let bytes = encode_response(api, 0, correlation_id, &body)?;
            return Ok(Some(Box::pin(
                async move { Some(vec![Chunk::Bytes(bytes)]) },
            )));
        }
        return Err(DispatchError::UnsupportedVersion { api, version });
    }
    let header = RequestHeader::decode(&mut frame, api.request_header_version(version)).map_err(
        |source| DispatchError::Decode {
            api,
            version,
            source,
        },
    )?;
    let request =
        RequestKind::decode(api, &mut frame, version).map_err(|source| DispatchError::Decode {
            api,
            version,
            source,
        })?;
    let ctx = RequestContext {
        api_key: api,
        version,
        correlation_id,
        client_id: header.client_id.map(|s| s.to_string()),
        conn: conn.clone(),
    };
    let reply =
        route(broker, &ctx, request).ok_or(DispatchError::UnsupportedVersion { api, version })?;
    let pending: Pending = match reply {
        Reply::NoResponse => return Ok(None),
        Reply::Close(reason) => {
            return Err(DispatchError::Invalid {
                api,
                version,
                reason,
            });
        }
        Reply::Now(body) => {
            let bytes = encode_response(api, version, correlation_id, &body)?;
            Box::pin(async move { Some(vec![Chunk::Bytes(bytes)]) })
        }
        Reply::Chunked(fut) => Box::pin(async move {
            match fut.await {
                Ok(body) => Some(frame_chunks(api, version, correlation_id, body)),
                Err(e) => {
                    tracing::error!(error = %e, "Closing the connection: a response cannot be encoded.");
                    None
                }
            }
        }),
        Reply::Later(fut) => Box::pin(async move {
            let body = fut.await;
            match encode_response(api, version, correlation_id, &body) {
                Ok(b) => Some(vec![Chunk::Bytes(b)]),
                Err(e) => {
                    tracing::error!(error = %e, "Closing the connection: a response cannot be encoded.");
                    None
                }
            }
        }),
    };
    Ok(Some(pending))
}

fn route(b: &Arc<Broker>, ctx: &RequestContext, req: RequestKind) -> Option<Reply> {
    Some(match req {
        RequestKind::ApiVersions(r) => api_versions::handle(b, ctx, r),
        RequestKind::Metadata(r) => metadata::handle(b, ctx, r),
        RequestKind::Produce(r) => produce::handle(b, ctx, r),
        RequestKind::Fetch(r) => fetch::handle(b, ctx, r),
        RequestKind::FindCoordinator(r) => find_coordinator::handle(b, ctx, r),
        RequestKind::ListOffsets(r) => list_offsets::handle(b, ctx, r),
        RequestKind::CreateTopics(r) => create_topics::handle(b, ctx, r),
        RequestKind::DeleteTopics(r) => delete_topics::handle(b, ctx, r),
        RequestKind::CreatePartitions(r) => create_partitions::handle(b, ctx, r),
        RequestKind::DescribeConfigs(r) => describe_configs::handle(b, ctx, r),
        RequestKind::AlterConfigs(r) => alter_configs::handle(b, ctx, r),
        RequestKind::IncrementalAlterConfigs(r) => incremental_alter_configs::handle(b, ctx, r),
        RequestKind::DescribeCluster(r) => describe_cluster::handle(b, ctx, r),
        RequestKind::DescribeQuorum(r) => describe_quorum::handle(b, ctx, r),
        RequestKind::DescribeAcls(r) => describe_acls::handle(b, ctx, r),
        RequestKind::CreateAcls(r) => create_acls::handle(b, ctx, r),
        RequestKind::DeleteAcls(r) => delete_acls::handle(b, ctx, r),
        RequestKind::DescribeLogDirs(r) => describe_log_dirs::handle(b, ctx, r),
        RequestKind::DeleteRecords(r) => delete_records::handle(b, ctx, r),
        RequestKind::InitProducerId(r) => init_producer_id::handle(b, ctx, r),
        RequestKind::OffsetForLeaderEpoch(r) => offset_for_leader_epoch::handle(b, ctx, r),
        RequestKind::JoinGroup(r) => join_group::handle(b, ctx, r),
        RequestKind::SyncGroup(r) => sync_group::handle(b, ctx, r),
        RequestKind::Heartbeat(r) => heartbeat::handle(b, ctx, r),
        RequestKind::LeaveGroup(r) => leave_group::handle(b, ctx, r),
        RequestKind::OffsetCommit(r) => offset_commit::handle(b, ctx, r),
        RequestKind::OffsetFetch(r) => offset_fetch::handle(b, ctx, r),
        RequestKind::ListGroups(r) => list_groups::handle(b, ctx, r),
        RequestKind::DescribeGroups(r) => describe_groups::handle(b, ctx, r),
        RequestKind::DeleteGroups(r) => delete_groups::handle(b, ctx, r),
        RequestKind::OffsetDelete(r) => offset_delete::handle(b, ctx, r),
        RequestKind::ConsumerGroupHeartbeat(r) => consumer_group_heartbeat::handle(b, ctx, r),
        RequestKind::ConsumerGroupDescribe(r) => consumer_group_describe::handle(b, ctx, r),
        _ => return None,
    })
}
