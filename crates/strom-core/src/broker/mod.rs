//! The broker: listeners, connections, the partitions it hosts, and the Kafka API handlers.
//!
//! [`Server::start`] prepares the log directories (writing `meta.properties` on first start:
//! no format step), binds the listeners, replays the metadata log, opens and recovers every
//! partition log, and returns a server ready to accept; [`Server::run`] serves until the
//! shutdown future resolves, then closes the logs and leaves a clean-shutdown marker.

pub mod api;
pub mod cleaner;
pub mod connection;
pub mod flusher;
pub mod groups;
pub mod partition;
pub mod replicas;
pub mod storage;
pub mod versions;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use parking_lot::Mutex;
use tokio::net::TcpListener;

use crate::config::topic::BrokerLayers;
use crate::config::{BrokerConfig, Listener};
use crate::controller::image::{BrokerImage, MetadataImage};
use crate::controller::records::MetadataRecord;
use crate::controller::{CommitError, Controller};
use crate::error::ApiError;
use connection::ConnInfo;
use flusher::Flusher;
use replicas::ReplicaManager;

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    #[error("cannot bind listener {listener}")]
    Bind {
        listener: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the metadata log")]
    Metadata(#[from] crate::controller::store::StoreError),
    #[error("cannot open partition logs")]
    Log(#[from] crate::log::LogError),
    #[error("cannot start the flusher thread")]
    Thread(#[source] std::io::Error),
}

/// Shared broker state, reached by every connection.
#[derive(Debug)]
pub struct Broker {
    pub config: BrokerConfig,
    pub node_id: i32,
    pub cluster_id: String,
    pub controller: Controller,
    pub replicas: ReplicaManager,
    pub groups: crate::coordinator::GroupCoordinator,
    /// The image the hosted partitions match; handlers read this one.
    image: ArcSwap<MetadataImage>,
    /// Static plus dynamic broker configuration.
    layers: ArcSwap<BrokerLayers>,
    /// Serialises metadata changes with the log changes they cause.
    admin: tokio::sync::Mutex<()>,
    /// Producer ids reserved from the controller: [next, end).
    producer_ids: Mutex<(i64, i64)>,
    pub advertised: Vec<Listener>,
    /// `directory.id` of the metadata log directory (nil when its meta.properties has none):
    /// the voter's directory id in DescribeQuorum.
    pub metadata_directory_id: uuid::Uuid,
}

const PRODUCER_ID_BLOCK: i64 = 1000;

impl Broker {
    pub fn image(&self) -> Arc<MetadataImage> {
        self.image.load_full()
    }

    pub fn layers(&self) -> Arc<BrokerLayers> {
        self.layers.load_full()
    }

    /// Commit a metadata change and apply it to the hosted logs before anyone sees it.
    pub async fn commit<R: Send>(
        &self,
        plan: impl FnOnce(&MetadataImage) -> Result<(Vec<MetadataRecord>, R), ApiError> + Send,
    ) -> Result<R, ApiError> {
        let _guard = self.admin.lock().await;
        tokio::task::block_in_place(|| {
            // An earlier commit whose logs could not be applied (disk full, say) is applied
            // now, so the broker never stays behind its own metadata.
            let committed = self.controller.image();
            if !Arc::ptr_eq(&committed, &self.image.load_full()) {
                self.publish(&committed).map_err(|e| {
                    tracing::error!(error = %e, "Cannot apply metadata to the logs.");
                    ApiError::new(
                        kafka_protocol::ResponseError::KafkaStorageError,
                        e.to_string(),
                    )
                })?;
            }
            let (image, out) = self.controller.commit(plan).map_err(|e| match e {
                CommitError::Api(a) => a,
                CommitError::Storage(s) => {
                    tracing::error!(error = %s, "Metadata commit failed.");
                    ApiError::new(
                        kafka_protocol::ResponseError::KafkaStorageError,
                        s.to_string(),
                    )
                }
            })?;
            self.publish(&image).map_err(|e| {
                tracing::error!(error = %e, "Cannot apply metadata to the logs.");
                ApiError::new(
                    kafka_protocol::ResponseError::KafkaStorageError,
                    e.to_string(),
                )
            })?;
            Ok(out)
        })
    }

    fn publish(&self, image: &Arc<MetadataImage>) -> Result<(), crate::log::LogError> {
        let mut layers = (*self.layers.load_full()).clone();
        layers.dynamic_default = image.broker_configs.get("").cloned().unwrap_or_default();
        layers.dynamic_node = image
            .broker_configs
            .get(&self.node_id.to_string())
            .cloned()
            .unwrap_or_default();
        self.replicas.apply(image, &layers)?;
        self.layers.store(Arc::new(layers));
        self.image.store(Arc::clone(image));
        Ok(())
    }

    /// A fresh producer id (idempotent producers), reserving blocks through the controller.
    pub async fn next_producer_id(&self) -> Result<i64, ApiError> {
        {
            let mut ids = self.producer_ids.lock();
            if ids.0 < ids.1 {
                ids.0 += 1;
                return Ok(ids.0 - 1);
            }
        }
        let first = self
            .commit(|img| {
                Ok(crate::controller::plan::allocate_producer_ids(
                    img,
                    PRODUCER_ID_BLOCK,
                ))
            })
            .await?;
        let mut ids = self.producer_ids.lock();
        *ids = (first + 1, first + PRODUCER_ID_BLOCK);
        Ok(first)
    }

    /// The advertised endpoint of `listener` (falls back to the first one).
    pub fn endpoint_for(&self, listener: &str) -> Option<&Listener> {
        self.advertised
            .iter()
            .find(|l| l.name == listener)
            .or_else(|| self.advertised.first())
    }

    /// Effective value of a broker key (dynamic, then static, then default).
    pub fn broker_value(&self, name: &str) -> Option<String> {
        self.layers.load().broker_value(name)
    }

    pub fn broker_long(&self, name: &str, default: i64) -> i64 {
        self.broker_value(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default)
    }

    pub fn broker_bool(&self, name: &str) -> bool {
        self.broker_value(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }
}

/// A broker with bound listeners, ready to serve.
pub struct Server {
    broker: Arc<Broker>,
    listeners: Vec<(Arc<str>, TcpListener, SocketAddr)>,
    dirs: Vec<PathBuf>,
}

/// What `--ready-file` gets.
#[derive(Debug, serde::Serialize)]
pub struct ReadyInfo {
    pub listeners: Vec<Listener>,
    pub bootstrap_servers: String,
    pub node_id: i32,
    pub cluster_id: String,
    pub pid: u32,
}

async fn bind(l: &Listener) -> Result<TcpListener, BrokerError> {
    let err = |source| BrokerError::Bind {
        listener: format!("{}://{}:{}", l.name, l.host, l.port),
        source,
    };
    if l.host.is_empty() {
        // All interfaces, IPv6 and IPv4 where the system allows dual stack.
        match TcpListener::bind(("::", l.port)).await {
            Ok(s) => return Ok(s),
            Err(_) => return TcpListener::bind(("0.0.0.0", l.port)).await.map_err(err),
        }
    }
    TcpListener::bind((l.host.as_str(), l.port))
        .await
        .map_err(err)
}

impl Server {
    pub async fn start(config: BrokerConfig) -> Result<Server, BrokerError> {
        let started = std::time::Instant::now();
        let mut all_dirs = config.log_dirs.clone();
        if !all_dirs.contains(&config.metadata_log_dir) {
            all_dirs.push(config.metadata_log_dir.clone());
        }
        let cluster_id = storage::prepare_dirs(&all_dirs, config.node_id)?;
        let clean = storage::take_clean_shutdown(&all_dirs)?;
        let metadata_directory_id = storage::read_meta(&config.metadata_log_dir)?
            .and_then(|m| storage::uuid_from_kafka(&m.directory_id))
            .unwrap_or_else(uuid::Uuid::nil);

        let mut listeners = Vec::new();
        for l in &config.listeners {
            let sock = bind(l).await?;
            let addr = sock.local_addr().map_err(|source| BrokerError::Bind {
                listener: l.name.clone(),
                source,
            })?;
            listeners.push((Arc::<str>::from(l.name.as_str()), sock, addr));
        }
        let bound_port = |name: &str| {
            listeners
                .iter()
                .find(|(n, _, _)| &**n == name)
                .map(|(_, _, a)| a.port())
        };
        let advertised: Vec<Listener> = match &config.advertised_listeners {
            Some(adv) => adv
                .iter()
                .map(|l| Listener {
                    port: if l.port == 0 {
                        bound_port(&l.name).unwrap_or(0)
                    } else {
                        l.port
                    },
                    ..l.clone()
                })
                .collect(),
            None => config
                .listeners
                .iter()
                .map(|l| Listener {
                    name: l.name.clone(),
                    host: if l.host.is_empty() || l.host == "0.0.0.0" || l.host == "::" {
                        "localhost".into()
                    } else {
                        l.host.clone()
                    },
                    port: bound_port(&l.name).unwrap_or(l.port),
                })
                .collect(),
        };

        let node_id = config.node_id;
        let broker_image = BrokerImage {
            node_id,
            endpoints: advertised.clone(),
            rack: config.value("broker.rack"),
        };
        let controller = tokio::task::block_in_place(|| {
            Controller::open(
                &config.metadata_log_dir,
                clean,
                cluster_id.clone(),
                broker_image,
            )
        })?;
        let (flusher, _thread) = Flusher::start().map_err(BrokerError::Thread)?;
        let hw_follows_flush = config.bool("strom.flush.before.ack");
        let replicas = ReplicaManager::new(
            node_id,
            config.log_dirs.clone(),
            flusher,
            hw_follows_flush,
            clean,
        );
        let image = controller.image();
        let layers = config.layers.clone();
        let broker = Arc::new(Broker {
            config,
            node_id,
            cluster_id,
            controller,
            replicas,
            groups: crate::coordinator::GroupCoordinator::new(),
            image: ArcSwap::from(Arc::clone(&image)),
            layers: ArcSwap::from_pointee(layers),
            admin: tokio::sync::Mutex::new(()),
            producer_ids: Mutex::new((0, 0)),
            advertised,
            metadata_directory_id,
        });
        tokio::task::block_in_place(|| broker.publish(&image))?;
        broker.replicas.quarantine_strays();
        tokio::task::block_in_place(|| broker.load_groups());
        let partitions: usize = broker
            .replicas
            .map()
            .by_name
            .values()
            .map(|t| t.partitions.len())
            .sum();
        tracing::info!(
            node_id,
            cluster_id = %broker.cluster_id,
            partitions,
            clean_shutdown = clean,
            elapsed_ms = started.elapsed().as_millis() as u64,
            listeners = ?broker.advertised.iter().map(|l| format!("{}://{}:{}", l.name, l.host, l.port)).collect::<Vec<_>>(),
            "Strom broker started."
        );
        Ok(Server {
            broker,
            listeners,
            dirs: all_dirs,
        })
    }

    pub fn broker(&self) -> &Arc<Broker> {
        &self.broker
    }

    /// The bound addresses, for `--ready-file` and tests.
    pub fn ready_info(&self) -> ReadyInfo {
        let listeners: Vec<Listener> = self
            .listeners
            .iter()
            .map(|(name, _, addr)| {
                let adv = self.broker.advertised.iter().find(|l| *l.name == **name);
                let host = match adv {
                    Some(l) if !l.host.is_empty() => l.host.clone(),
                    _ => addr.ip().to_string(),
                };
                Listener {
                    name: name.to_string(),
                    host,
                    port: addr.port(),
                }
            })
            .collect();
        let bootstrap_servers = listeners
            .iter()
            .map(|l| format!("{}:{}", l.host, l.port))
            .collect::<Vec<_>>()
            .join(",");
        ReadyInfo {
            listeners,
            bootstrap_servers,
            node_id: self.broker.node_id,
            cluster_id: self.broker.cluster_id.clone(),
            pid: std::process::id(),
        }
    }

    /// Accept and serve connections until `shutdown` resolves; then shut down cleanly.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<(), BrokerError> {
        let Server {
            broker,
            listeners,
            dirs,
        } = self;
        let mut conns = tokio::task::JoinSet::new();
        let (accepted_tx, mut accepted_rx) =
            tokio::sync::mpsc::channel::<(tokio::net::TcpStream, ConnInfo)>(128);
        let mut acceptors = tokio::task::JoinSet::new();
        for (name, sock, _) in listeners {
            let tx = accepted_tx.clone();
            // Explicit socket buffers switch off Linux autotuning, so they are only applied
            // when server.properties asks for them.
            let statics = &broker.config.layers.static_props;
            let recv_buf = if statics.contains_key("socket.receive.buffer.bytes") {
                broker.config.socket_receive_buffer_bytes
            } else {
                -1
            };
            let send_buf = if statics.contains_key("socket.send.buffer.bytes") {
                broker.config.socket_send_buffer_bytes
            } else {
                -1
            };
            acceptors.spawn(async move {
                loop {
                    match sock.accept().await {
                        Ok((stream, peer)) => {
                            tune_socket(&stream, recv_buf, send_buf);
                            if tx
                                .send((
                                    stream,
                                    ConnInfo {
                                        listener: Arc::clone(&name),
                                        peer,
                                    },
                                ))
                                .await
                                .is_err()
                            {
                                return;
                            }
                        }
                        Err(e) => {
                            // EMFILE and friends: back off instead of spinning.
                            tracing::warn!(error = %e, "Accept failed.");
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
            });
        }
        drop(accepted_tx);
        let cleaner_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let cleaner_thread = cleaner::start(Arc::clone(&broker), Arc::clone(&cleaner_stop))
            .map_err(BrokerError::Thread)?;
        let checkpoint_every = Duration::from_millis(
            broker
                .broker_long("log.flush.offset.checkpoint.interval.ms", 60_000)
                .max(100) as u64,
        );
        let mut checkpoint_timer = tokio::time::interval(checkpoint_every);
        checkpoint_timer.tick().await;
        let retention_every = Duration::from_millis(
            broker
                .broker_long("log.retention.check.interval.ms", 300_000)
                .max(10) as u64,
        );
        // flush.ms in Kafka-behaviour mode (with group commit every append is flushed anyway).
        let mut flush_timer = tokio::time::interval(Duration::from_millis(1000));
        flush_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut group_timer = tokio::time::interval(Duration::from_millis(100));
        group_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let expiry_every = Duration::from_millis(
            broker
                .broker_long("offsets.retention.check.interval.ms", 600_000)
                .max(100) as u64,
        );
        let mut expiry_timer = tokio::time::interval(expiry_every);
        expiry_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        expiry_timer.tick().await;
        let mut retention_timer = tokio::time::interval(retention_every);
        retention_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        retention_timer.tick().await;
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                Some((stream, info)) = accepted_rx.recv() => {
                    conns.spawn(connection::serve(Arc::clone(&broker), stream, info));
                }
                Some(_) = conns.join_next(), if !conns.is_empty() => {}
                _ = group_timer.tick() => broker.tick_groups(),
                _ = flush_timer.tick() => broker.replicas.flush_due(api::util::now_ms()),
                _ = expiry_timer.tick() => broker.expire_offsets(),
                _ = retention_timer.tick() => {
                    let b = Arc::clone(&broker);
                    let now = api::util::now_ms();
                    if let Ok(removals) = tokio::task::spawn_blocking(move || b.replicas.apply_retention(now)).await {
                        for (delay, files) in removals {
                            replicas::remove_later(delay, files);
                        }
                    }
                }
                _ = checkpoint_timer.tick() => {
                    let b = Arc::clone(&broker);
                    let _ = tokio::task::spawn_blocking(move || b.replicas.checkpoint()).await;
                }
            }
        }
        tracing::info!("Shutting down.");
        acceptors.abort_all();
        conns.abort_all();
        while conns.join_next().await.is_some() {}
        cleaner_stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = tokio::task::spawn_blocking(move || cleaner_thread.join()).await;
        let ok = tokio::task::block_in_place(|| {
            let logs_ok = broker.replicas.close_all();
            let meta_ok = broker
                .controller
                .close()
                .map_err(|e| tracing::error!(error = %e, "Cannot close the metadata log."))
                .is_ok();
            logs_ok && meta_ok
        });
        if ok {
            storage::mark_clean_shutdown(&dirs)?;
        }
        tracing::info!(clean = ok, "Strom broker stopped.");
        Ok(())
    }
}

fn tune_socket(stream: &tokio::net::TcpStream, recv: i32, send: i32) {
    let sock = socket2_ref(stream);
    if recv > 0 {
        let _ = sock.set_recv_buffer_size(recv as usize);
    }
    if send > 0 {
        let _ = sock.set_send_buffer_size(send as usize);
    }
}

fn socket2_ref(stream: &tokio::net::TcpStream) -> socket2::SockRef<'_> {
    socket2::SockRef::from(stream)
}
