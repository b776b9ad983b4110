//! An in-process broker on 127.0.0.1:0 and a minimal raw client for protocol tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, RequestKind, ResponseHeader, ResponseKind};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use strom_core::broker::Server;
use strom_core::config::BrokerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct TestBroker {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestBroker {
    pub async fn start(extra: &[&str]) -> TestBroker {
        let dir = tempfile::tempdir().unwrap();
        TestBroker::start_in(dir, extra).await
    }

    pub async fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> TestBroker {
        let mut overrides = vec![
            "listeners=PLAINTEXT://127.0.0.1:0".to_string(),
            format!("log.dirs={}", dir.path().join("data").display()),
        ];
        overrides.extend(extra.iter().map(|s| s.to_string()));
        let config = BrokerConfig::load(None, &overrides).unwrap();
        let server = Server::start(config).await.unwrap();
        let info = server.ready_info();
        let addr: SocketAddr = format!("{}:{}", info.listeners[0].host, info.listeners[0].port)
            .parse()
            .unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server
                .run(async move {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        TestBroker {
            addr,
            dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Clean shutdown; returns the data directory for a restart.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }
}

pub struct Client {
    stream: TcpStream,
    corr: i32,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        Client {
            stream: TcpStream::connect(addr).await.unwrap(),
            corr: 0,
        }
    }

    pub fn encode(
        &mut self,
        api: ApiKey,
        version: i16,
        req: &RequestKind,
    ) -> anyhow::Result<Bytes> {
        self.corr += 1;
        let mut buf = BytesMut::new();
        buf.put_i32(0);
        RequestHeader::default()
            .with_request_api_key(api as i16)
            .with_request_api_version(version)
            .with_correlation_id(self.corr)
            .with_client_id(Some(StrBytes::from_static_str("sweep")))
            .encode(&mut buf, api.request_header_version(version))?;
        req.encode(&mut buf, version)?;
        let len = (buf.len() - 4) as i32;
        buf[..4].copy_from_slice(&len.to_be_bytes());
        Ok(buf.freeze())
    }

    pub async fn send_raw(&mut self, frame: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(frame).await
    }

    /// Read one response frame (None on EOF).
    pub async fn read_frame(&mut self) -> Option<Bytes> {
        let mut len = [0u8; 4];
        self.stream.read_exact(&mut len).await.ok()?;
        let mut body = vec![0u8; i32::from_be_bytes(len) as usize];
        self.stream.read_exact(&mut body).await.ok()?;
        Some(Bytes::from(body))
    }

    pub async fn call(
        &mut self,
        api: ApiKey,
        version: i16,
        req: RequestKind,
    ) -> anyhow::Result<ResponseKind> {
        let frame = self.encode(api, version, &req)?;
        self.send_raw(&frame).await?;
        let mut body = self
            .read_frame()
            .await
            .ok_or_else(|| anyhow::anyhow!("connection closed"))?;
        let header = ResponseHeader::decode(&mut body, api.response_header_version(version))?;
        anyhow::ensure!(
            header.correlation_id == self.corr,
            "correlation id mismatch"
        );
        ResponseKind::decode(api, &mut body, version)
    }

    /// True when the server closed the connection.
    pub async fn is_closed(&mut self) -> bool {
        let mut b = [0u8; 1];
        matches!(
            tokio::time::timeout(std::time::Duration::from_secs(5), self.stream.read(&mut b)).await,
            Ok(Ok(0)) | Ok(Err(_))
        )
    }
}

/// A v2 record batch with `n` records (key k<i>, value v<i>).
pub fn batch(n: usize, ts: i64) -> Bytes {
    use kafka_protocol::records::*;
    let records: Vec<Record> = (0..n)
        .map(|i| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: i as i32 - 1,
            timestamp: ts,
            key: Some(Bytes::from(format!("k{i}"))),
            value: Some(Bytes::from(format!("v{i}"))),
            headers: Default::default(),
        })
        .collect();
    let mut buf = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut buf,
        records.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        },
    )
    .unwrap();
    buf.freeze()
}
