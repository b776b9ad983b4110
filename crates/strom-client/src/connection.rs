//! One TCP connection to a broker: framing, correlation ids, pipelining, version negotiation.
//!
//! A writer task owns the socket's write half and a reader task its read half. Requests are
//! queued to the writer with a reply slot registered under their correlation id *before* the
//! bytes go out, so any number of requests can be in flight; the reader hands each response
//! frame to its slot. Produce with acks=0 gets no response, so it registers no slot and its
//! caller only waits until the bytes are written.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, ApiVersionsResponse, RequestHeader, ResponseHeader,
};
use kafka_protocol::protocol::{Decodable, Encodable, Message, Request, StrBytes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::config::ClientConfig;
use crate::error::{Error, Result, io_reason};

/// Broker-advertised version ranges, by API key.
type VersionMap = HashMap<i16, (i16, i16)>;

type Pending = Arc<Mutex<HashMap<i32, oneshot::Sender<Result<Bytes>>>>>;

enum Reply {
    /// Wait for the response with this correlation id.
    Response(i32, oneshot::Sender<Result<Bytes>>),
    /// No response will come (acks=0): report once the frame is written.
    Written(oneshot::Sender<Result<()>>),
}

struct Outgoing {
    frame: Bytes,
    reply: Reply,
}

/// State both tasks and the handle see.
struct Shared {
    addr: String,
    pending: Pending,
    closed: AtomicBool,
    /// Why the connection closed, for the errors of later requests.
    reason: Mutex<Option<String>>,
}

impl Shared {
    fn close(&self, why: String) {
        self.closed.store(true, Ordering::Release);
        if let Ok(mut r) = self.reason.lock() {
            r.get_or_insert(why);
        }
        // Fail everything in flight: their responses can no longer arrive.
        let drained: Vec<_> = match self.pending.lock() {
            Ok(mut p) => p.drain().collect(),
            Err(_) => Vec::new(),
        };
        for (_, tx) in drained {
            let _ = tx.send(Err(self.closed_error()));
        }
    }

    fn closed_error(&self) -> Error {
        let detail = self
            .reason
            .lock()
            .ok()
            .and_then(|r| r.clone())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        Error::Closed {
            addr: self.addr.clone(),
            detail,
        }
    }
}

/// A connection to one broker. Cheap to share behind an `Arc`; requests may be issued
/// concurrently and are answered in order by the broker.
pub struct Connection {
    shared: Arc<Shared>,
    tx: mpsc::Sender<Outgoing>,
    next_correlation_id: AtomicI32,
    client_id: StrBytes,
    request_timeout: Duration,
    versions: VersionMap,
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.reader.abort();
        self.writer.abort();
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.shared.addr)
            .finish_non_exhaustive()
    }
}

/// Split `host:port` (or `[v6]:port`).
pub fn split_host_port(addr: &str) -> Option<(String, u16)> {
    let (host, port) = addr.trim().rsplit_once(':')?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    Some((host.to_string(), port.parse().ok()?))
}

impl Connection {
    /// Open a connection and negotiate API versions. `role` names the peer in errors
    /// (`bootstrap server`, `broker 1`).
    pub async fn connect(addr: &str, role: &str, config: &ClientConfig) -> Result<Connection> {
        let connect_err = |reason: String| Error::Connect {
            addr: addr.to_string(),
            role: role.to_string(),
            reason,
        };
        let (host, port) =
            split_host_port(addr).ok_or_else(|| connect_err("not a host:port address".into()))?;
        let stream = tokio::time::timeout(
            config.connect_timeout,
            TcpStream::connect((host.as_str(), port)),
        )
        .await
        .map_err(|_| {
            connect_err(format!(
                "timed out after {} ms",
                config.connect_timeout.as_millis()
            ))
        })?
        .map_err(|e| connect_err(io_reason(&e)))?;
        stream
            .set_nodelay(true)
            .map_err(|e| connect_err(io_reason(&e)))?;
        let mut conn = Connection::start(stream, addr, config);
        // The handshake is part of connecting: a peer that accepts but never answers (not a
        // Kafka broker, or a hung one) must fail as fast as a refused connection.
        conn.versions = tokio::time::timeout(config.connect_timeout, conn.negotiate())
            .await
            .map_err(|_| connect_err("no answer to ApiVersions".into()))??;
        Ok(conn)
    }

    fn start(stream: TcpStream, addr: &str, config: &ClientConfig) -> Connection {
        let (rd, wr) = stream.into_split();
        let shared = Arc::new(Shared {
            addr: addr.to_string(),
            pending: Arc::default(),
            closed: AtomicBool::new(false),
            reason: Mutex::new(None),
        });
        // The queue bound only smooths bursts; the producer limits in-flight requests itself.
        let (tx, rx) = mpsc::channel(64);
        let reader = tokio::spawn(read_loop(rd, shared.clone(), config.max_response_bytes));
        let writer = tokio::spawn(write_loop(wr, rx, shared.clone()));
        Connection {
            shared,
            tx,
            next_correlation_id: AtomicI32::new(1),
            client_id: StrBytes::from_string(config.client_id.clone()),
            request_timeout: config.request_timeout,
            versions: VersionMap::new(),
            reader,
            writer,
        }
    }

    /// The `host:port` this connection goes to.
    pub fn addr(&self) -> &str {
        &self.shared.addr
    }

    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    /// The broker's advertised version range for an API, if it offers the API at all.
    pub fn broker_versions(&self, api: ApiKey) -> Option<(i16, i16)> {
        self.versions.get(&(api as i16)).copied()
    }

    /// The version we will use for `R`: the highest both sides speak.
    pub fn version_for<R: Request>(&self) -> Result<i16> {
        let api = api_key::<R>()?;
        let (our_min, our_max) = our_range::<R>(api);
        let unsupported = || Error::UnsupportedVersion {
            api: format!("{api:?}"),
            addr: self.shared.addr.clone(),
        };
        let (b_min, b_max) = self.broker_versions(api).ok_or_else(unsupported)?;
        let v = our_max.min(b_max);
        if v < our_min.max(b_min) {
            return Err(unsupported());
        }
        Ok(v)
    }

    /// Send a request at the negotiated version and wait for its response.
    pub async fn send<R: Request>(&self, req: &R) -> Result<R::Response> {
        let v = self.version_for::<R>()?;
        self.send_version(req, v, self.request_timeout).await
    }

    /// As [`send`](Self::send) with an explicit timeout (a long-poll Fetch waits longer).
    pub async fn send_timeout<R: Request>(
        &self,
        req: &R,
        timeout: Duration,
    ) -> Result<R::Response> {
        let v = self.version_for::<R>()?;
        self.send_version(req, v, timeout).await
    }

    /// Send at a given version and decode the response.
    pub async fn send_version<R: Request>(
        &self,
        req: &R,
        version: i16,
        timeout: Duration,
    ) -> Result<R::Response> {
        let api = api_key::<R>()?;
        let mut body = self.roundtrip(api, version, req, timeout).await?;
        decode_response::<R::Response>(api, version, &mut body, &self.shared.addr)
    }

    /// Send a request that gets no response (Produce with acks=0); returns once it is written.
    pub async fn send_no_response<R: Request>(&self, req: &R) -> Result<()> {
        let api = api_key::<R>()?;
        let version = self.version_for::<R>()?;
        let (frame, _) = self.encode(api, version, req)?;
        let (tx, rx) = oneshot::channel();
        self.queue(Outgoing {
            frame,
            reply: Reply::Written(tx),
        })
        .await?;
        rx.await.map_err(|_| self.shared.closed_error())?
    }

    fn encode<R: Encodable>(&self, api: ApiKey, version: i16, req: &R) -> Result<(Bytes, i32)> {
        let corr = self.next_correlation_id.fetch_add(1, Ordering::Relaxed) & i32::MAX;
        let header = RequestHeader::default()
            .with_request_api_key(api as i16)
            .with_request_api_version(version)
            .with_correlation_id(corr)
            .with_client_id(Some(self.client_id.clone()));
        let enc_err = |e: anyhow::Error| Error::Encode {
            api: format!("{api:?} v{version}"),
            message: e.to_string(),
        };
        let mut buf = BytesMut::with_capacity(256);
        buf.put_i32(0);
        header
            .encode(&mut buf, api.request_header_version(version))
            .map_err(enc_err)?;
        req.encode(&mut buf, version).map_err(enc_err)?;
        let len = i32::try_from(buf.len() - 4).map_err(|_| Error::Encode {
            api: format!("{api:?}"),
            message: "request too large".into(),
        })?;
        if let Some(prefix) = buf.get_mut(..4) {
            prefix.copy_from_slice(&len.to_be_bytes());
        }
        Ok((buf.freeze(), corr))
    }

    async fn queue(&self, out: Outgoing) -> Result<()> {
        if self.is_closed() {
            return Err(self.shared.closed_error());
        }
        self.tx
            .send(out)
            .await
            .map_err(|_| self.shared.closed_error())
    }

    /// Send and return the response frame after its header.
    async fn roundtrip<R: Encodable>(
        &self,
        api: ApiKey,
        version: i16,
        req: &R,
        timeout: Duration,
    ) -> Result<Bytes> {
        self.enqueue_raw(api, version, req, timeout)
            .await?
            .frame()
            .await
    }

    /// Queue a request and return at once with a handle to its response. Requests queued
    /// one after another go out in that order, which a producer relies on to keep the
    /// batches of a partition in order while several requests are in flight.
    pub async fn enqueue<R: Request>(&self, req: &R) -> Result<ResponseFuture<R::Response>> {
        let api = api_key::<R>()?;
        let version = self.version_for::<R>()?;
        let raw = self
            .enqueue_raw(api, version, req, self.request_timeout)
            .await?;
        Ok(ResponseFuture {
            raw,
            _response: std::marker::PhantomData,
        })
    }

    async fn enqueue_raw<R: Encodable>(
        &self,
        api: ApiKey,
        version: i16,
        req: &R,
        timeout: Duration,
    ) -> Result<RawResponse> {
        let (frame, corr) = self.encode(api, version, req)?;
        let (tx, rx) = oneshot::channel();
        self.queue(Outgoing {
            frame,
            reply: Reply::Response(corr, tx),
        })
        .await?;
        Ok(RawResponse {
            rx,
            api,
            version,
            corr,
            timeout,
            shared: self.shared.clone(),
        })
    }

    /// ApiVersions v3 first; a broker that does not know v3 answers error 35 with a v0 body
    /// listing what it does support (KIP-511), and we retry at the best version it offers.
    async fn negotiate(&self) -> Result<VersionMap> {
        let req = ApiVersionsRequest::default()
            .with_client_software_name(StrBytes::from_static_str("strom"))
            .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")));
        let mut version = 3;
        for _ in 0..2 {
            let body = self
                .roundtrip(ApiKey::ApiVersions, version, &req, self.request_timeout)
                .await?;
            let resp = match ApiVersionsResponse::decode(&mut body.clone(), version) {
                Ok(r) if r.error_code != 35 => r,
                // Unsupported version: the body is in v0 format.
                _ => decode_response::<ApiVersionsResponse>(
                    ApiKey::ApiVersions,
                    0,
                    &mut body.clone(),
                    self.addr(),
                )?,
            };
            if resp.error_code == 35 {
                let offered = resp
                    .api_keys
                    .iter()
                    .find(|k| k.api_key == ApiKey::ApiVersions as i16);
                let next = offered.map(|k| k.max_version.min(3)).unwrap_or(0);
                if next >= version {
                    break;
                }
                version = next;
                continue;
            }
            if let Some(err) = crate::error::KafkaError::from_code(resp.error_code, None) {
                return Err(Error::Kafka(err));
            }
            return Ok(resp
                .api_keys
                .iter()
                .map(|k| (k.api_key, (k.min_version, k.max_version)))
                .collect());
        }
        Err(Error::UnsupportedVersion {
            api: "ApiVersions".into(),
            addr: self.shared.addr.clone(),
        })
    }
}

/// A queued request's response, not yet arrived.
struct RawResponse {
    rx: oneshot::Receiver<Result<Bytes>>,
    api: ApiKey,
    version: i16,
    corr: i32,
    timeout: Duration,
    shared: Arc<Shared>,
}

impl RawResponse {
    /// Wait for the frame and strip its header.
    async fn frame(self) -> Result<Bytes> {
        let RawResponse {
            rx,
            api,
            version,
            corr,
            timeout,
            shared,
        } = self;
        let mut frame = match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(r)) => r?,
            Ok(Err(_)) => return Err(shared.closed_error()),
            Err(_) => {
                if let Ok(mut p) = shared.pending.lock() {
                    p.remove(&corr);
                }
                return Err(Error::RequestTimeout {
                    api: format!("{api:?}"),
                    addr: shared.addr.clone(),
                    timeout_ms: timeout.as_millis() as u64,
                });
            }
        };
        ResponseHeader::decode(&mut frame, api.response_header_version(version)).map_err(|e| {
            Error::Decode {
                api: format!("{api:?} header"),
                addr: shared.addr.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(frame)
    }
}

/// The response to a request queued with [`Connection::enqueue`].
pub struct ResponseFuture<T> {
    raw: RawResponse,
    _response: std::marker::PhantomData<fn() -> T>,
}

impl<T: Decodable> ResponseFuture<T> {
    /// Wait for and decode the response (bounded by the request timeout).
    pub async fn wait(self) -> Result<T> {
        let (api, version, addr) = (self.raw.api, self.raw.version, self.raw.shared.addr.clone());
        let mut body = self.raw.frame().await?;
        decode_response::<T>(api, version, &mut body, &addr)
    }
}

fn api_key<R: Request>() -> Result<ApiKey> {
    ApiKey::try_from(R::KEY).map_err(|_| Error::Encode {
        api: format!("key {}", R::KEY),
        message: "unknown API".into(),
    })
}

/// The versions this client speaks for `R`. Capped where higher versions switch topics from
/// names to ids (Produce v13, Fetch v13), which our callers do not track.
fn our_range<R: Request>(api: ApiKey) -> (i16, i16) {
    let r = R::VERSIONS.intersect(&<R::Response as Message>::VERSIONS);
    let cap = match api {
        ApiKey::Produce | ApiKey::Fetch | ApiKey::Metadata => 12,
        _ => r.max,
    };
    (r.min, r.max.min(cap))
}

fn decode_response<T: Decodable>(
    api: ApiKey,
    version: i16,
    body: &mut Bytes,
    addr: &str,
) -> Result<T> {
    T::decode(body, version).map_err(|e| Error::Decode {
        api: format!("{api:?} v{version}"),
        addr: addr.to_string(),
        message: e.to_string(),
    })
}

async fn write_loop(mut wr: OwnedWriteHalf, mut rx: mpsc::Receiver<Outgoing>, shared: Arc<Shared>) {
    while let Some(out) = rx.recv().await {
        let written = match out.reply {
            Reply::Response(corr, tx) => {
                if shared.closed.load(Ordering::Acquire) {
                    let _ = tx.send(Err(shared.closed_error()));
                    continue;
                }
                if let Ok(mut p) = shared.pending.lock() {
                    p.insert(corr, tx);
                }
                wr.write_all(&out.frame)
                    .await
                    .map_err(|e| e.to_string())
                    .err()
            }
            Reply::Written(tx) => {
                let r = wr.write_all(&out.frame).await;
                let err = r.as_ref().err().map(io_reason);
                let _ = tx.send(r.map_err(|source| Error::Io {
                    addr: shared.addr.clone(),
                    source,
                }));
                err
            }
        };
        if let Some(e) = written {
            shared.close(format!("write failed: {e}"));
            break;
        }
    }
    // Flush what the kernel may still hold before the half is dropped.
    let _ = wr.shutdown().await;
}

async fn read_loop(mut rd: OwnedReadHalf, shared: Arc<Shared>, max: usize) {
    let why = loop {
        let len = match rd.read_i32().await {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                break "closed by the broker".to_string();
            }
            Err(e) => break io_reason(&e),
        };
        // Check the announced size before allocating: 4 bytes (a correlation id) at least.
        let Some(size) = usize::try_from(len).ok().filter(|n| (4..=max).contains(n)) else {
            break Error::FrameSize {
                addr: shared.addr.clone(),
                size: i64::from(len),
                max,
            }
            .to_string();
        };
        let mut buf = BytesMut::zeroed(size);
        if let Err(e) = rd.read_exact(&mut buf).await {
            break io_reason(&e);
        }
        let mut frame = buf.freeze();
        let corr = frame.clone().get_i32();
        let slot = shared.pending.lock().ok().and_then(|mut p| p.remove(&corr));
        match slot {
            Some(tx) => {
                // The header is decoded by the caller, who knows its version.
                let _ = tx.send(Ok(std::mem::take(&mut frame)));
            }
            None => {
                tracing::debug!(addr = %shared.addr, corr, "Dropped a response nobody waits for.")
            }
        }
    };
    shared.close(why);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_forms() {
        assert_eq!(
            split_host_port("localhost:9092"),
            Some(("localhost".into(), 9092))
        );
        assert_eq!(split_host_port("[::1]:9092"), Some(("::1".into(), 9092)));
        assert_eq!(split_host_port("nohost"), None);
        assert_eq!(split_host_port(":9092"), None);
        assert_eq!(split_host_port("h:notaport"), None);
    }

    #[tokio::test]
    async fn refused_connection_names_the_address() {
        // Bind then drop a listener so the port is (almost certainly) closed.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let addr = format!("127.0.0.1:{port}");
        let err = Connection::connect(&addr, "bootstrap server", &ClientConfig::default())
            .await
            .err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            msg,
            format!("cannot connect to {addr} (bootstrap server): Connection refused")
        );
    }

    #[tokio::test]
    async fn silent_peer_times_out_instead_of_hanging() {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr").to_string();
        let _hold = tokio::spawn(async move {
            let (_s, _) = l.accept().await.expect("accept");
            tokio::time::sleep(Duration::from_secs(60)).await;
        });
        let cfg = ClientConfig {
            connect_timeout: Duration::from_millis(200),
            request_timeout: Duration::from_millis(200),
            ..ClientConfig::default()
        };
        let started = std::time::Instant::now();
        let err = Connection::connect(&addr, "bootstrap server", &cfg)
            .await
            .err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(
            err.map(|e| e.to_string())
                .unwrap_or_default()
                .contains(&addr)
        );
    }

    #[tokio::test]
    async fn oversized_frame_closes_the_connection() {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr").to_string();
        tokio::spawn(async move {
            let (mut s, _) = l.accept().await.expect("accept");
            let mut len = [0u8; 4];
            s.read_exact(&mut len).await.expect("len");
            let mut req = vec![0u8; i32::from_be_bytes(len) as usize];
            s.read_exact(&mut req).await.expect("req");
            s.write_all(&0x7fff_fff0i32.to_be_bytes())
                .await
                .expect("write");
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let err = Connection::connect(&addr, "bootstrap server", &ClientConfig::default())
            .await
            .err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("outside the allowed range"), "{msg}");
    }

    /// A broker that only knows ApiVersions v0..=2 answers our v3 with error 35 in a v0 body
    /// (KIP-511); we must retry at v2 and end up with its version table.
    #[tokio::test]
    async fn api_versions_falls_back_when_v3_is_unsupported() {
        use kafka_protocol::messages::api_versions_response::ApiVersion;
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr").to_string();
        let server = tokio::spawn(async move {
            let (mut s, _) = l.accept().await.expect("accept");
            let mut seen = Vec::new();
            for _ in 0..2 {
                let len = s.read_i32().await.expect("len");
                let mut req = vec![0u8; len as usize];
                s.read_exact(&mut req).await.expect("req");
                let version = i16::from_be_bytes([req[2], req[3]]);
                let corr = i32::from_be_bytes([req[4], req[5], req[6], req[7]]);
                seen.push(version);
                let keys = vec![
                    ApiVersion::default()
                        .with_api_key(18)
                        .with_min_version(0)
                        .with_max_version(2),
                    ApiVersion::default()
                        .with_api_key(3)
                        .with_min_version(0)
                        .with_max_version(12),
                ];
                let (body_version, error) = if version == 3 { (0, 35) } else { (version, 0) };
                let resp = ApiVersionsResponse::default()
                    .with_error_code(error)
                    .with_api_keys(keys);
                let mut buf = BytesMut::new();
                buf.put_i32(0);
                buf.put_i32(corr);
                resp.encode(&mut buf, body_version).expect("encode");
                let n = (buf.len() - 4) as i32;
                buf[..4].copy_from_slice(&n.to_be_bytes());
                s.write_all(&buf).await.expect("write");
            }
            seen
        });
        let conn = Connection::connect(&addr, "bootstrap server", &ClientConfig::default())
            .await
            .expect("negotiated");
        assert_eq!(server.await.expect("server"), [3, 2]);
        assert_eq!(conn.broker_versions(ApiKey::Metadata), Some((0, 12)));
        assert_eq!(
            conn.version_for::<kafka_protocol::messages::MetadataRequest>()
                .ok(),
            Some(12)
        );
        assert!(
            conn.version_for::<kafka_protocol::messages::ProduceRequest>()
                .is_err(),
            "an API the broker does not list is unsupported"
        );
    }
}
