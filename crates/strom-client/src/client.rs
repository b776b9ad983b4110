//! The shared core of admin, producer and consumer: bootstrap, a connection per broker, and a
//! metadata cache refreshed on demand.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{MetadataRequest, MetadataResponse, TopicName};
use kafka_protocol::protocol::StrBytes;

use crate::config::ClientConfig;
use crate::connection::{Connection, split_host_port};
use crate::error::{Error, Result};
use crate::metadata::ClusterMetadata;

/// A handle to a Kafka cluster. Clones share connections and metadata.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    bootstrap: Vec<String>,
    /// The connection metadata and admin requests go over (the first that answered).
    any: Mutex<Option<Arc<Connection>>>,
    by_broker: Mutex<HashMap<i32, Arc<Connection>>>,
    metadata: Mutex<Arc<ClusterMetadata>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("bootstrap", &self.inner.bootstrap)
            .finish_non_exhaustive()
    }
}

/// Where coordinator connections are kept in the per-broker map: apart from broker ids, as
/// Kafka's Java client does (`Integer.MAX_VALUE - id`).
fn coordinator_slot(node_id: i32) -> i32 {
    i32::MAX - node_id
}

/// Split and check a `host:port,host:port` list.
pub fn parse_bootstrap(list: &str) -> Result<Vec<String>> {
    let servers: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if servers.is_empty() {
        return Err(Error::Config("the bootstrap server list is empty".into()));
    }
    if let Some(bad) = servers.iter().find(|s| split_host_port(s).is_none()) {
        return Err(Error::Config(format!(
            "invalid bootstrap server '{bad}': expected host:port"
        )));
    }
    Ok(servers)
}

impl Client {
    /// Connect to the first reachable bootstrap server and load cluster metadata.
    pub async fn connect(bootstrap: &str, config: ClientConfig) -> Result<Client> {
        let client = Client {
            inner: Arc::new(Inner {
                bootstrap: parse_bootstrap(bootstrap)?,
                config,
                any: Mutex::new(None),
                by_broker: Mutex::new(HashMap::new()),
                metadata: Mutex::new(Arc::new(ClusterMetadata::default())),
            }),
        };
        client.any_connection().await?;
        client.refresh_metadata(Some(&[])).await?;
        Ok(client)
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The latest metadata snapshot (possibly stale; see [`refresh_metadata`](Self::refresh_metadata)).
    pub fn metadata(&self) -> Arc<ClusterMetadata> {
        self.inner
            .metadata
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// A live connection to any broker: the current one, else a known broker, else bootstrap.
    pub async fn any_connection(&self) -> Result<Arc<Connection>> {
        if let Some(c) = self
            .inner
            .any
            .lock()
            .ok()
            .and_then(|a| a.clone())
            .filter(|c| !c.is_closed())
        {
            return Ok(c);
        }
        let mut candidates: Vec<(String, String)> = self
            .metadata()
            .brokers
            .values()
            .map(|b| (b.addr(), format!("broker {}", b.node_id)))
            .collect();
        candidates.extend(
            self.inner
                .bootstrap
                .iter()
                .map(|a| (a.clone(), "bootstrap server".to_string())),
        );
        let mut last_err = None;
        for (addr, role) in candidates {
            match Connection::connect(&addr, &role, &self.inner.config).await {
                Ok(c) => {
                    let c = Arc::new(c);
                    if let Ok(mut a) = self.inner.any.lock() {
                        *a = Some(c.clone());
                    }
                    return Ok(c);
                }
                Err(e) => {
                    tracing::debug!(%addr, error = %e, "Connection attempt failed.");
                    last_err = Some(e);
                }
            }
        }
        Err(last_err.unwrap_or_else(|| Error::Config("no bootstrap servers".into())))
    }

    /// A live connection to a given broker, opened on first use.
    pub async fn broker_connection(&self, node_id: i32) -> Result<Arc<Connection>> {
        self.connection_in_slot(node_id, node_id).await
    }

    /// A connection to a group coordinator, apart from the one fetches use: the broker answers
    /// each connection in order, so a heartbeat must not queue behind a long-poll Fetch (Kafka's
    /// clients do the same).
    pub async fn coordinator_connection(&self, node_id: i32) -> Result<Arc<Connection>> {
        self.connection_in_slot(coordinator_slot(node_id), node_id)
            .await
    }

    /// The connection kept under `slot`, opened to broker `node_id` when missing or closed.
    async fn connection_in_slot(&self, slot: i32, node_id: i32) -> Result<Arc<Connection>> {
        if let Some(c) = self
            .inner
            .by_broker
            .lock()
            .ok()
            .and_then(|m| m.get(&slot).cloned())
            .filter(|c| !c.is_closed())
        {
            return Ok(c);
        }
        let meta = self.metadata();
        let broker = match meta.brokers.get(&node_id) {
            Some(b) => b.clone(),
            None => {
                let meta = self.refresh_metadata(Some(&[])).await?;
                meta.brokers.get(&node_id).cloned().ok_or_else(|| {
                    Error::Config(format!("broker {node_id} is not in the cluster metadata"))
                })?
            }
        };
        let conn = Arc::new(
            Connection::connect(
                &broker.addr(),
                &format!("broker {node_id}"),
                &self.inner.config,
            )
            .await?,
        );
        if let Ok(mut m) = self.inner.by_broker.lock() {
            m.insert(slot, conn.clone());
        }
        Ok(conn)
    }

    /// Fetch metadata: `None` for all topics, `Some(&[])` for brokers only, else those topics.
    /// Known topics are merged into the cache.
    pub async fn refresh_metadata(
        &self,
        topics: Option<&[String]>,
    ) -> Result<Arc<ClusterMetadata>> {
        self.fetch_metadata(topics, false).await
    }

    /// As [`refresh_metadata`](Self::refresh_metadata), asking the broker to auto-create missing
    /// topics when `auto.create.topics.enable` allows (what producers do).
    pub async fn fetch_metadata(
        &self,
        topics: Option<&[String]>,
        allow_auto_create: bool,
    ) -> Result<Arc<ClusterMetadata>> {
        let req = MetadataRequest::default()
            .with_topics(topics.map(|ts| {
                ts.iter()
                    .map(|t| {
                        MetadataRequestTopic::default()
                            .with_name(Some(TopicName(StrBytes::from_string(t.clone()))))
                    })
                    .collect()
            }))
            .with_allow_auto_topic_creation(allow_auto_create);
        let resp: MetadataResponse = self.send_any(&req).await?;
        let fresh = ClusterMetadata::from_response(&resp);
        let mut guard = self
            .inner
            .metadata
            .lock()
            .map_err(|_| Error::Shutdown("client"))?;
        let mut merged = (**guard).clone();
        if topics.is_none() {
            merged = fresh;
        } else {
            merged.merge(fresh);
        }
        let merged = Arc::new(merged);
        *guard = merged.clone();
        Ok(merged)
    }

    /// Forget a broker's connection (after it failed), so the next use reconnects.
    pub fn drop_connection(&self, node_id: i32) {
        if let Ok(mut m) = self.inner.by_broker.lock() {
            m.remove(&node_id);
        }
    }

    /// Forget the coordinator connection to a broker.
    pub fn drop_coordinator_connection(&self, node_id: i32) {
        if let Ok(mut m) = self.inner.by_broker.lock() {
            m.remove(&coordinator_slot(node_id));
        }
    }

    /// Send to any broker, retrying once on a fresh connection if the current one died.
    pub async fn send_any<R: kafka_protocol::protocol::Request>(
        &self,
        req: &R,
    ) -> Result<R::Response> {
        let conn = self.any_connection().await?;
        match conn.send(req).await {
            Err(e @ (Error::Closed { .. } | Error::Io { .. })) => {
                tracing::debug!(error = %e, "Retrying on a new connection.");
                if let Ok(mut a) = self.inner.any.lock() {
                    *a = None;
                }
                self.any_connection().await?.send(req).await
            }
            other => other,
        }
    }

    /// Send to any broker a request built for the version negotiated with it: Kafka messages
    /// whose fields differ between versions (FindCoordinator, OffsetFetch, JoinGroup...) may
    /// only set the fields of the version that goes out.
    pub async fn send_any_built<R: kafka_protocol::protocol::Request>(
        &self,
        build: impl Fn(i16) -> R,
    ) -> Result<R::Response> {
        let timeout = self.inner.config.request_timeout;
        let conn = self.any_connection().await?;
        let v = conn.version_for::<R>()?;
        match conn.send_version(&build(v), v, timeout).await {
            Err(e @ (Error::Closed { .. } | Error::Io { .. })) => {
                tracing::debug!(error = %e, "Retrying on a new connection.");
                if let Ok(mut a) = self.inner.any.lock() {
                    *a = None;
                }
                let conn = self.any_connection().await?;
                let v = conn.version_for::<R>()?;
                conn.send_version(&build(v), v, timeout).await
            }
            other => other,
        }
    }

    /// Send to one broker a request built for the version negotiated with it, waiting up to
    /// `timeout` (the request timeout when `None`). A failed connection is forgotten so the
    /// next call reconnects.
    pub async fn send_to_node<R: kafka_protocol::protocol::Request>(
        &self,
        node_id: i32,
        timeout: Option<std::time::Duration>,
        build: impl Fn(i16) -> R,
    ) -> Result<R::Response> {
        let conn = self.broker_connection(node_id).await?;
        let v = conn.version_for::<R>()?;
        let timeout = timeout.unwrap_or(self.inner.config.request_timeout);
        let result = conn.send_version(&build(v), v, timeout).await;
        if matches!(
            result,
            Err(Error::Closed { .. } | Error::Io { .. } | Error::RequestTimeout { .. })
        ) {
            self.drop_connection(node_id);
        }
        result
    }

    /// As [`send_to_node`](Self::send_to_node), over the broker's coordinator connection.
    pub async fn send_to_coordinator<R: kafka_protocol::protocol::Request>(
        &self,
        node_id: i32,
        timeout: Option<std::time::Duration>,
        build: impl Fn(i16) -> R,
    ) -> Result<R::Response> {
        let conn = self.coordinator_connection(node_id).await?;
        let v = conn.version_for::<R>()?;
        let timeout = timeout.unwrap_or(self.inner.config.request_timeout);
        let result = conn.send_version(&build(v), v, timeout).await;
        if matches!(
            result,
            Err(Error::Closed { .. } | Error::Io { .. } | Error::RequestTimeout { .. })
        ) {
            self.drop_coordinator_connection(node_id);
        }
        result
    }

    /// The version range a broker advertises for an API, connecting to it if needed.
    pub async fn node_versions(
        &self,
        node_id: i32,
        api: kafka_protocol::messages::ApiKey,
    ) -> Result<Option<(i16, i16)>> {
        Ok(self.broker_connection(node_id).await?.broker_versions(api))
    }

    /// Send to the controller when known (CreateTopics, DeleteTopics...), else to any broker,
    /// which forwards in KRaft mode.
    pub async fn send_controller<R: kafka_protocol::protocol::Request>(
        &self,
        req: &R,
    ) -> Result<R::Response> {
        let controller = self.metadata().controller_id;
        if controller >= 0
            && self.metadata().brokers.contains_key(&controller)
            && let Ok(conn) = self.broker_connection(controller).await
        {
            return conn.send(req).await;
        }
        self.send_any(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_lists() {
        assert_eq!(
            parse_bootstrap("a:1, b:2,").ok(),
            Some(vec!["a:1".into(), "b:2".into()])
        );
        assert!(parse_bootstrap("").is_err());
        assert!(parse_bootstrap("a").is_err());
    }

    #[tokio::test]
    async fn unreachable_bootstrap_fails_with_address() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9);
        let err = Client::connect(&format!("127.0.0.1:{port}"), ClientConfig::default())
            .await
            .err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.starts_with(&format!(
                "cannot connect to 127.0.0.1:{port} (bootstrap server)"
            )),
            "{msg}"
        );
    }
}
