//! Config administration (what `kafka-configs` needs from Kafka's Admin): DescribeConfigs with
//! sources, synonyms and documentation, and IncrementalAlterConfigs (SET, DELETE, APPEND,
//! SUBTRACT).
//!
//! Requests for a broker resource named by its id (`"1"`) go to that broker, as Kafka's Admin
//! does, because dynamic per-broker configs are that broker's business; everything else (topics,
//! the cluster-wide default broker resource `""`) goes to any broker.

use std::collections::BTreeMap;

use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use kafka_protocol::messages::{
    DescribeConfigsRequest, DescribeConfigsResponse, IncrementalAlterConfigsRequest,
    IncrementalAlterConfigsResponse,
};
use kafka_protocol::protocol::StrBytes;

use crate::admin::Admin;
use crate::error::{Error, KafkaError, Result};

/// Kafka's `ConfigResource.Type`, with its wire codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceType {
    Topic,
    Broker,
    BrokerLogger,
    ClientMetrics,
    Group,
}

impl ResourceType {
    /// The code sent on the wire.
    pub fn code(self) -> i8 {
        match self {
            ResourceType::Topic => 2,
            ResourceType::Broker => 4,
            ResourceType::BrokerLogger => 8,
            ResourceType::ClientMetrics => 16,
            ResourceType::Group => 32,
        }
    }
}

/// A resource whose configs are described or altered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConfigResource {
    pub resource_type: ResourceType,
    /// A topic name, a broker id, or `""` for the cluster-wide broker defaults.
    pub name: String,
}

impl ConfigResource {
    pub fn new(resource_type: ResourceType, name: impl Into<String>) -> ConfigResource {
        ConfigResource {
            resource_type,
            name: name.into(),
        }
    }

    /// The broker a request about this resource must go to, if any.
    fn target_node(&self) -> Option<i32> {
        match self.resource_type {
            ResourceType::Broker | ResourceType::BrokerLogger => self.name.parse().ok(),
            _ => None,
        }
    }
}

/// Where a value comes from (DescribeConfigs `config_source`), named as Kafka's Java Admin
/// names it (`ConfigEntry.ConfigSource`), which is what `kafka-configs` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    Unknown,
    DynamicTopic,
    DynamicBroker,
    DynamicDefaultBroker,
    StaticBroker,
    Default,
    DynamicBrokerLogger,
    DynamicClientMetrics,
    DynamicGroup,
}

impl ConfigSource {
    pub fn from_code(code: i8) -> ConfigSource {
        match code {
            1 => ConfigSource::DynamicTopic,
            2 => ConfigSource::DynamicBroker,
            3 => ConfigSource::DynamicDefaultBroker,
            4 => ConfigSource::StaticBroker,
            5 => ConfigSource::Default,
            6 => ConfigSource::DynamicBrokerLogger,
            7 => ConfigSource::DynamicClientMetrics,
            8 => ConfigSource::DynamicGroup,
            _ => ConfigSource::Unknown,
        }
    }

    /// Kafka's name, e.g. `DYNAMIC_TOPIC_CONFIG`.
    pub fn name(self) -> &'static str {
        match self {
            ConfigSource::Unknown => "UNKNOWN",
            ConfigSource::DynamicTopic => "DYNAMIC_TOPIC_CONFIG",
            ConfigSource::DynamicBroker => "DYNAMIC_BROKER_CONFIG",
            ConfigSource::DynamicDefaultBroker => "DYNAMIC_DEFAULT_BROKER_CONFIG",
            ConfigSource::StaticBroker => "STATIC_BROKER_CONFIG",
            ConfigSource::Default => "DEFAULT_CONFIG",
            ConfigSource::DynamicBrokerLogger => "DYNAMIC_BROKER_LOGGER_CONFIG",
            ConfigSource::DynamicClientMetrics => "DYNAMIC_CLIENT_METRICS_CONFIG",
            ConfigSource::DynamicGroup => "DYNAMIC_GROUP_CONFIG",
        }
    }
}

impl std::fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One layer a value could come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSynonym {
    pub name: String,
    pub value: Option<String>,
    pub source: ConfigSource,
}

/// One config of a resource, as DescribeConfigs reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedConfig {
    pub name: String,
    /// `None` for sensitive values (and values that are unset).
    pub value: Option<String>,
    pub source: ConfigSource,
    pub read_only: bool,
    pub sensitive: bool,
    /// Strongest first; empty unless synonyms were asked for.
    pub synonyms: Vec<ConfigSynonym>,
    /// Kafka's `ConfigType` code (v3+): 1 boolean, 2 string, 3 int, 4 short, 5 long,
    /// 6 double, 7 list, 8 class, 9 password.
    pub config_type: Option<i8>,
    pub documentation: Option<String>,
}

/// Kafka's name of a `ConfigType` code (`BOOLEAN`, `LONG`...).
pub fn config_type_name(code: i8) -> &'static str {
    match code {
        1 => "BOOLEAN",
        2 => "STRING",
        3 => "INT",
        4 => "SHORT",
        5 => "LONG",
        6 => "DOUBLE",
        7 => "LIST",
        8 => "CLASS",
        9 => "PASSWORD",
        _ => "UNKNOWN",
    }
}

/// One change of IncrementalAlterConfigs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterConfigOp {
    /// Set the key to the value.
    Set(String, String),
    /// Remove the override, so the key falls back to its default.
    Delete(String),
    /// Add the values to a list config.
    Append(String, String),
    /// Remove the values from a list config.
    Subtract(String, String),
}

impl AlterConfigOp {
    fn wire(&self) -> AlterableConfig {
        let (name, op, value) = match self {
            AlterConfigOp::Set(k, v) => (k, 0, Some(v)),
            AlterConfigOp::Delete(k) => (k, 1, None),
            AlterConfigOp::Append(k, v) => (k, 2, Some(v)),
            AlterConfigOp::Subtract(k, v) => (k, 3, Some(v)),
        };
        AlterableConfig::default()
            .with_name(sb(name))
            .with_config_operation(op)
            .with_value(value.map(|v| sb(v)))
    }
}

type Described = std::result::Result<Vec<DescribedConfig>, KafkaError>;

fn sb(s: &str) -> StrBytes {
    StrBytes::from_string(s.to_string())
}

fn text(s: &StrBytes) -> String {
    s.as_str().to_string()
}

fn decode_error(api: &str, message: String) -> Error {
    Error::Decode {
        api: api.into(),
        addr: String::new(),
        message,
    }
}

impl Admin {
    /// Configs of each resource, in the order asked, each with its own outcome. Synonyms need
    /// DescribeConfigs v1 and documentation v3; a broker that speaks less leaves them out.
    pub async fn describe_configs(
        &self,
        resources: &[ConfigResource],
        include_synonyms: bool,
        include_documentation: bool,
    ) -> Result<Vec<(ConfigResource, Described)>> {
        let mut by_target: BTreeMap<Option<i32>, Vec<&ConfigResource>> = BTreeMap::new();
        for r in resources {
            by_target.entry(self.target(r)).or_default().push(r);
        }
        let mut found: BTreeMap<(i8, String), Described> = BTreeMap::new();
        for (target, group) in by_target {
            let wire: Vec<DescribeConfigsResource> = group
                .iter()
                .map(|r| {
                    DescribeConfigsResource::default()
                        .with_resource_type(r.resource_type.code())
                        .with_resource_name(sb(&r.name))
                        .with_configuration_keys(None)
                })
                .collect();
            let build = |v: i16| {
                DescribeConfigsRequest::default()
                    .with_resources(wire.clone())
                    .with_include_synonyms(include_synonyms && v >= 1)
                    .with_include_documentation(include_documentation && v >= 3)
            };
            let resp: DescribeConfigsResponse = match target {
                Some(node) => {
                    self.client
                        .send_to_node(node, Some(self.timeout), build)
                        .await?
                }
                None => self.client.send_any_built(build).await?,
            };
            for r in &resp.results {
                let outcome =
                    match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                        Some(e) => Err(e),
                        None => Ok(r.configs.iter().map(described).collect()),
                    };
                found.insert((r.resource_type, text(&r.resource_name)), outcome);
            }
        }
        resources
            .iter()
            .map(|r| {
                let key = (r.resource_type.code(), r.name.clone());
                match found.remove(&key) {
                    Some(outcome) => Ok((r.clone(), outcome)),
                    None => Err(decode_error(
                        "DescribeConfigs",
                        format!("no result for resource '{}'", r.name),
                    )),
                }
            })
            .collect()
    }

    /// Apply `ops` to one resource atomically (IncrementalAlterConfigs). The outer `Err` is a
    /// transport failure; the inner one the broker's refusal.
    pub async fn incremental_alter_configs(
        &self,
        resource: &ConfigResource,
        ops: &[AlterConfigOp],
        validate_only: bool,
    ) -> Result<std::result::Result<(), KafkaError>> {
        let wire = AlterConfigsResource::default()
            .with_resource_type(resource.resource_type.code())
            .with_resource_name(sb(&resource.name))
            .with_configs(ops.iter().map(AlterConfigOp::wire).collect());
        let build = |_v: i16| {
            IncrementalAlterConfigsRequest::default()
                .with_resources(vec![wire.clone()])
                .with_validate_only(validate_only)
        };
        let resp: IncrementalAlterConfigsResponse = match self.target(resource) {
            Some(node) => {
                self.client
                    .send_to_node(node, Some(self.timeout), build)
                    .await?
            }
            None => self.client.send_any_built(build).await?,
        };
        let r = resp
            .responses
            .iter()
            .find(|r| {
                r.resource_type == resource.resource_type.code()
                    && r.resource_name.as_str() == resource.name
            })
            .or(resp.responses.first())
            .ok_or_else(|| decode_error("IncrementalAlterConfigs", "empty result list".into()))?;
        Ok(
            match KafkaError::from_code(r.error_code, r.error_message.as_ref().map(text)) {
                Some(e) => Err(e),
                None => Ok(()),
            },
        )
    }

    /// The node a resource's requests go to: its broker when that broker is known.
    fn target(&self, r: &ConfigResource) -> Option<i32> {
        r.target_node()
            .filter(|id| self.client.metadata().brokers.contains_key(id))
    }
}

fn described(
    c: &kafka_protocol::messages::describe_configs_response::DescribeConfigsResourceResult,
) -> DescribedConfig {
    DescribedConfig {
        name: text(&c.name),
        value: c.value.as_ref().map(text),
        source: ConfigSource::from_code(c.config_source),
        read_only: c.read_only,
        sensitive: c.is_sensitive,
        synonyms: c
            .synonyms
            .iter()
            .map(|s| ConfigSynonym {
                name: text(&s.name),
                value: s.value.as_ref().map(text),
                source: ConfigSource::from_code(s.source),
            })
            .collect(),
        config_type: (c.config_type != 0).then_some(c.config_type),
        documentation: c.documentation.as_ref().map(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_have_kafka_names() {
        assert_eq!(ConfigSource::from_code(1).name(), "DYNAMIC_TOPIC_CONFIG");
        assert_eq!(
            ConfigSource::from_code(3).name(),
            "DYNAMIC_DEFAULT_BROKER_CONFIG"
        );
        assert_eq!(ConfigSource::from_code(5).to_string(), "DEFAULT_CONFIG");
        assert_eq!(ConfigSource::from_code(42), ConfigSource::Unknown);
    }

    #[test]
    fn broker_resources_target_their_node() {
        assert_eq!(
            ConfigResource::new(ResourceType::Broker, "3").target_node(),
            Some(3)
        );
        assert_eq!(
            ConfigResource::new(ResourceType::Broker, "").target_node(),
            None
        );
        assert_eq!(
            ConfigResource::new(ResourceType::Topic, "7").target_node(),
            None
        );
    }

    #[test]
    fn ops_encode_their_operation() {
        let op = AlterConfigOp::Delete("retention.ms".into()).wire();
        assert_eq!(op.config_operation, 1);
        assert!(op.value.is_none());
        let op = AlterConfigOp::Append("k".into(), "v".into()).wire();
        assert_eq!(
            (op.config_operation, op.value.map(|v| v.to_string())),
            (2, Some("v".into()))
        );
    }
}
