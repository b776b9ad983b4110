//! One client connection: read frames, dispatch them in arrival order, write the responses in
//! the same order. Requests are pipelined: a handler's synchronous part (a produce append)
//! runs in the reader, in order; its waiting part (fsync, long poll) runs in the writer's
//! queue, so responses never overtake each other.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::Broker;
use super::api::{self, Chunk, Pending};

/// Requests a connection may have in flight before the reader stops reading.
const MAX_IN_FLIGHT: usize = 64;

/// Facts about the connection that handlers need.
#[derive(Clone, Debug)]
pub struct ConnInfo {
    pub listener: Arc<str>,
    pub peer: SocketAddr,
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("connection closed mid-frame")]
    Truncated,
    #[error("frame size {0} outside [8, {1}]")]
    Size(i64, usize),
    #[error("no complete frame within the idle timeout")]
    Idle,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Read one size-prefixed frame. The size is checked before anything is allocated for it, and
/// the buffer grows only as bytes actually arrive.
async fn read_frame<R: AsyncReadExt + Unpin>(
    rd: &mut R,
    buf: &mut BytesMut,
    max: usize,
    idle: Duration,
) -> Result<Option<Bytes>, FrameError> {
    loop {
        if buf.len() >= 4 {
            let len = i64::from(i32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]));
            if len < 8 || len as u64 > max as u64 {
                return Err(FrameError::Size(len, max));
            }
            let len = len as usize;
            if buf.len() >= 4 + len {
                buf.advance(4);
                return Ok(Some(buf.split_to(len).freeze()));
            }
            let missing = 4 + len - buf.len();
            buf.reserve(missing.min(1 << 20));
        } else {
            buf.reserve(64 << 10);
        }
        let n = match tokio::time::timeout(idle, rd.read_buf(buf)).await {
            Ok(r) => r?,
            Err(_) => return Err(FrameError::Idle),
        };
        if n == 0 {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(FrameError::Truncated)
            };
        }
    }
}

/// Send a region of a segment file with `sendfile(2)`: the records go from the page cache to
/// the socket without passing through this process.
async fn send_file(
    wr: &mut BufWriter<tokio::net::tcp::OwnedWriteHalf>,
    file: &std::fs::File,
    offset: u64,
    len: usize,
) -> std::io::Result<()> {
    wr.flush().await?;
    let stream: &TcpStream = wr.get_ref().as_ref();
    let mut off =
        i64::try_from(offset).map_err(|_| std::io::Error::other("offset out of range"))?;
    let mut left = len;
    while left > 0 {
        stream.writable().await?;
        let sent = stream.try_io(tokio::io::Interest::WRITABLE, || {
            nix::sys::sendfile::sendfile(stream, file, Some(&mut off), left)
                .map_err(std::io::Error::from)
        });
        match sent {
            Ok(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "segment file shorter than the fetch",
                ));
            }
            Ok(n) => left = left.saturating_sub(n),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Serve one connection until the client leaves, sends something we cannot accept, or the
/// broker shuts down (the task is aborted).
pub async fn serve(broker: Arc<Broker>, stream: TcpStream, info: ConnInfo) {
    let _ = stream.set_nodelay(true);
    let (mut rd, wr) = stream.into_split();
    let (tx, mut rx) = mpsc::channel::<Pending>(MAX_IN_FLIGHT);
    let peer = info.peer;
    let writer = tokio::spawn(async move {
        let mut wr = BufWriter::with_capacity(64 << 10, wr);
        while let Some(pending) = rx.recv().await {
            // A response that cannot be produced ends the connection: skipping it would
            // desynchronise the client's correlation ids.
            let Some(chunks) = pending.await else { return };
            for chunk in chunks {
                let sent = match chunk {
                    Chunk::Bytes(b) => wr.write_all(&b).await,
                    Chunk::File { file, offset, len } => {
                        send_file(&mut wr, &file, offset, len).await
                    }
                };
                if let Err(e) = sent {
                    tracing::debug!(%peer, error = %e, "Write failed; closing the connection.");
                    return;
                }
            }
            if rx.is_empty() && wr.flush().await.is_err() {
                return;
            }
        }
        let _ = wr.flush().await;
        let _ = wr.shutdown().await;
    });
    let max = broker.config.socket_request_max_bytes;
    let idle = Duration::from_millis(broker.config.connections_max_idle_ms.max(1000) as u64);
    let mut buf = BytesMut::with_capacity(64 << 10);
    loop {
        let frame = match read_frame(&mut rd, &mut buf, max, idle).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                tracing::debug!(%peer, error = %e, "Closing connection.");
                break;
            }
        };
        match api::dispatch(&broker, &info, frame) {
            Ok(Some(pending)) => {
                if tx.send(pending).await.is_err() {
                    break;
                }
            }
            Ok(None) => {}
            Err(e) => {
                tracing::info!(%peer, error = %e, "Closing connection after an unacceptable request.");
                break;
            }
        }
    }
    drop(tx);
    let _ = writer.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_are_split_and_sizes_checked() {
        let mut data: Vec<u8> = Vec::new();
        for body in [&b"12345678"[..], &b"abcdefghij"[..]] {
            data.extend_from_slice(&(body.len() as i32).to_be_bytes());
            data.extend_from_slice(body);
        }
        let mut rd = &data[..];
        let mut buf = BytesMut::new();
        let idle = Duration::from_secs(1);
        assert_eq!(
            read_frame(&mut rd, &mut buf, 100, idle)
                .await
                .unwrap()
                .unwrap(),
            Bytes::from_static(b"12345678")
        );
        assert_eq!(
            read_frame(&mut rd, &mut buf, 100, idle)
                .await
                .unwrap()
                .unwrap(),
            Bytes::from_static(b"abcdefghij")
        );
        assert!(
            read_frame(&mut rd, &mut buf, 100, idle)
                .await
                .unwrap()
                .is_none()
        );

        let huge = 0x7fff_ffffi32.to_be_bytes();
        let mut rd = &huge[..];
        let mut buf = BytesMut::new();
        assert!(matches!(
            read_frame(&mut rd, &mut buf, 100, idle).await,
            Err(FrameError::Size(..))
        ));
        let neg = (-1i32).to_be_bytes();
        let mut rd = &neg[..];
        assert!(matches!(
            read_frame(&mut rd, &mut BytesMut::new(), 100, idle).await,
            Err(FrameError::Size(..))
        ));
        let torn = [0u8, 0, 0, 20, 1, 2, 3];
        let mut rd = &torn[..];
        assert!(matches!(
            read_frame(&mut rd, &mut BytesMut::new(), 100, idle).await,
            Err(FrameError::Truncated)
        ));
    }
}
