//! Log-directory level files, in Kafka's formats: `meta.properties` (automatic "format" on
//! first start), the clean-shutdown marker, and the recovery-point / log-start checkpoints.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::log::checkpoint;

pub const META_PROPERTIES: &str = "meta.properties";
pub const CLEAN_SHUTDOWN: &str = ".kafka_cleanshutdown";
pub const RECOVERY_POINT_CHECKPOINT: &str = "recovery-point-offset-checkpoint";
pub const LOG_START_CHECKPOINT: &str = "log-start-offset-checkpoint";

/// Kafka's textual UUID form: URL-safe base64 without padding (22 characters).
pub fn uuid_to_kafka(id: &Uuid) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = id.as_bytes();
    let mut out = String::with_capacity(22);
    let mut chunks = bytes.chunks(3);
    for chunk in chunks.by_ref() {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 0x3f) as usize;
            out.push(char::from(ALPHABET.get(idx).copied().unwrap_or(b'A')));
        }
    }
    out
}

/// Parse Kafka's 22-character form back.
pub fn uuid_from_kafka(s: &str) -> Option<Uuid> {
    if s.len() != 22 {
        return None;
    }
    let mut bits: u128 = 0;
    for (i, c) in s.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        // 21 characters carry 126 bits; the last one carries 2 bits and 4 bits of padding.
        bits = if i < 21 {
            (bits << 6) | u128::from(v)
        } else {
            (bits << 2) | u128::from(v >> 4)
        };
    }
    Some(Uuid::from_u128(bits))
}

/// What `meta.properties` says about a directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaProperties {
    pub cluster_id: String,
    pub node_id: i32,
    pub directory_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot use log directory {dir}")]
    Io {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{dir}/meta.properties: {message}")]
    Meta { dir: PathBuf, message: String },
}

fn io_err(dir: &Path) -> impl FnOnce(io::Error) -> StorageError + '_ {
    move |source| StorageError::Io {
        dir: dir.to_path_buf(),
        source,
    }
}

pub fn read_meta(dir: &Path) -> Result<Option<MetaProperties>, StorageError> {
    let path = dir.join(META_PROPERTIES);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StorageError::Io {
                dir: dir.to_path_buf(),
                source: e,
            });
        }
    };
    let map: HashMap<String, String> =
        java_properties::read(text.as_bytes()).map_err(|e| StorageError::Meta {
            dir: dir.to_path_buf(),
            message: e.to_string(),
        })?;
    let get = |k: &str| {
        map.get(k).cloned().ok_or_else(|| StorageError::Meta {
            dir: dir.to_path_buf(),
            message: format!("missing {k}"),
        })
    };
    let node_id = get("node.id")?
        .trim()
        .parse()
        .map_err(|_| StorageError::Meta {
            dir: dir.to_path_buf(),
            message: "node.id is not a number".into(),
        })?;
    Ok(Some(MetaProperties {
        cluster_id: get("cluster.id")?,
        node_id,
        directory_id: map.get("directory.id").cloned().unwrap_or_default(),
    }))
}

pub fn write_meta(dir: &Path, m: &MetaProperties) -> Result<(), StorageError> {
    let text = format!(
        "#\n#Written by strom\ncluster.id={}\ndirectory.id={}\nnode.id={}\nversion=1\n",
        m.cluster_id, m.directory_id, m.node_id
    );
    checkpoint::write_atomic(&dir.join(META_PROPERTIES), text.as_bytes()).map_err(io_err(dir))
}

/// Prepare every log directory: create it, read or write `meta.properties` (no separate
/// format step), and check that they all belong to the same cluster and node. Returns the
/// cluster id.
pub fn prepare_dirs(dirs: &[PathBuf], node_id: i32) -> Result<String, StorageError> {
    let mut found: Vec<(PathBuf, MetaProperties)> = Vec::new();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        if let Some(m) = read_meta(dir)? {
            if m.node_id != node_id {
                return Err(StorageError::Meta {
                    dir: dir.clone(),
                    message: format!(
                        "Stale `node.id`: the directory belongs to node {} but this is node {node_id}",
                        m.node_id
                    ),
                });
            }
            found.push((dir.clone(), m));
        }
    }
    let cluster_id = match found.first() {
        Some((_, m)) => m.cluster_id.clone(),
        None => uuid_to_kafka(&Uuid::new_v4()),
    };
    if let Some((dir, m)) = found.iter().find(|(_, m)| m.cluster_id != cluster_id) {
        return Err(StorageError::Meta {
            dir: dir.clone(),
            message: format!(
                "Invalid cluster.id {}: another log directory has {cluster_id}",
                m.cluster_id
            ),
        });
    }
    for dir in dirs {
        if !found.iter().any(|(d, _)| d == dir) {
            let m = MetaProperties {
                cluster_id: cluster_id.clone(),
                node_id,
                directory_id: uuid_to_kafka(&Uuid::new_v4()),
            };
            write_meta(dir, &m)?;
            tracing::info!(dir = %dir.display(), cluster_id = %cluster_id, "Formatted log directory.");
        }
    }
    Ok(cluster_id)
}

/// Whether the last stop was clean (all directories carry the marker). The markers are
/// removed, so a crash from now on is seen as unclean.
pub fn take_clean_shutdown(dirs: &[PathBuf]) -> Result<bool, StorageError> {
    let mut clean = true;
    for dir in dirs {
        let p = dir.join(CLEAN_SHUTDOWN);
        if p.exists() {
            std::fs::remove_file(&p).map_err(io_err(dir))?;
        } else {
            clean = false;
        }
    }
    for dir in dirs {
        checkpoint::sync_dir(dir).map_err(io_err(dir))?;
    }
    Ok(clean)
}

pub fn mark_clean_shutdown(dirs: &[PathBuf]) -> Result<(), StorageError> {
    for dir in dirs {
        checkpoint::write_atomic(
            &dir.join(CLEAN_SHUTDOWN),
            b"{\"version\":0,\"brokerEpoch\":-1}",
        )
        .map_err(io_err(dir))?;
    }
    Ok(())
}

/// Read an offsets checkpoint into `(topic, partition) -> offset`; a missing or damaged file
/// yields an empty map (recovery then scans everything).
pub fn read_offsets(dir: &Path, name: &str) -> HashMap<(String, i32), i64> {
    let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
        return HashMap::new();
    };
    match checkpoint::parse_offsets(&text) {
        Ok(v) => v.into_iter().map(|(t, p, o)| ((t, p), o)).collect(),
        Err(e) => {
            tracing::warn!(dir = %dir.display(), file = name, error = %e, "Ignoring damaged checkpoint.");
            HashMap::new()
        }
    }
}

pub fn write_offsets(dir: &Path, name: &str, entries: &[(String, i32, i64)]) -> io::Result<()> {
    let text = checkpoint::format_offsets(entries.iter().map(|(t, p, o)| (t.as_str(), *p, *o)));
    checkpoint::write_atomic(&dir.join(name), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_uuid_text_round_trips() {
        for _ in 0..100 {
            let id = Uuid::new_v4();
            let s = uuid_to_kafka(&id);
            assert_eq!(s.len(), 22);
            assert_eq!(uuid_from_kafka(&s), Some(id));
        }
        assert_eq!(uuid_to_kafka(&Uuid::nil()), "AAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(uuid_to_kafka(&Uuid::from_u128(1)), "AAAAAAAAAAAAAAAAAAAAAQ");
    }

    #[test]
    fn directories_are_formatted_once_and_checked() {
        let a = tempfile::tempdir().unwrap();
        let dirs = vec![a.path().to_path_buf()];
        let id = prepare_dirs(&dirs, 1).unwrap();
        assert_eq!(prepare_dirs(&dirs, 1).unwrap(), id);
        assert!(prepare_dirs(&dirs, 2).is_err());
        assert!(!take_clean_shutdown(&dirs).unwrap());
        mark_clean_shutdown(&dirs).unwrap();
        assert!(take_clean_shutdown(&dirs).unwrap());
        assert!(!take_clean_shutdown(&dirs).unwrap());
    }
}
