//! Planning config changes: IncrementalAlterConfigs / AlterConfigs on topics, brokers and
//! groups, as pure functions from (image, request) to Config records. No I/O here.

use std::collections::BTreeMap;

use kafka_protocol::ResponseError as E;

use super::image::MetadataImage;
use super::records::{MetadataRecord, RESOURCE_BROKER, RESOURCE_GROUP, RESOURCE_TOPIC};
use crate::config::group;
use crate::config::keys::broker_key;
use crate::config::topic::{BrokerLayers, validate_topic_config};
use crate::error::ApiError;

/// One config change in an alter request.
#[derive(Clone, Debug)]
pub enum ConfigOp {
    Set(String, String),
    Delete(String),
    Append(String, String),
    Subtract(String, String),
}

/// Plan IncrementalAlterConfigs / AlterConfigs on a topic or broker resource.
/// `replace_all` is the legacy AlterConfigs semantics: the given set replaces all overrides.
pub fn alter_configs(
    image: &MetadataImage,
    resource_type: i8,
    resource_name: &str,
    ops: &[ConfigOp],
    replace_all: bool,
    node_id: i32,
) -> Result<Vec<MetadataRecord>, ApiError> {
    let current: BTreeMap<String, String> = match resource_type {
        RESOURCE_TOPIC => match image.topics.get(resource_name) {
            Some(t) => t.configs.clone(),
            None => {
                return Err(ApiError::new(
                    E::UnknownTopicOrPartition,
                    format!("The topic '{resource_name}' does not exist."),
                ));
            }
        },
        RESOURCE_BROKER => {
            if !resource_name.is_empty() && resource_name.parse::<i32>().ok() != Some(node_id) {
                if resource_name.parse::<i32>().is_err() {
                    return Err(ApiError::new(
                        E::InvalidRequest,
                        format!(
                            "Unexpected broker id, expected {node_id} or empty string, but received {resource_name}"
                        ),
                    ));
                }
                return Err(ApiError::new(
                    E::InvalidRequest,
                    format!(
                        "Unexpected broker id, expected {node_id} or empty string, but received {resource_name}"
                    ),
                ));
            }
            image
                .broker_configs
                .get(resource_name)
                .cloned()
                .unwrap_or_default()
        }
        other => {
            return Err(ApiError::new(
                E::InvalidRequest,
                format!("Unsupported resource type {other}"),
            ));
        }
    };
    let validate = |name: &str, value: &str| -> Result<(), ApiError> {
        if resource_type == RESOURCE_TOPIC {
            validate_topic_config(name, value).map_err(|m| ApiError::new(E::InvalidConfig, m))
        } else {
            match broker_key(name) {
                None => Err(ApiError::new(
                    E::InvalidConfig,
                    format!("Unknown broker config name: {name}"),
                )),
                Some(k) if !k.dynamic => Err(ApiError::new(
                    E::InvalidRequest,
                    format!("Cannot update these configs dynamically: Set({name})"),
                )),
                Some(k) => k
                    .kind
                    .check(name, value)
                    .map_err(|m| ApiError::new(E::InvalidConfig, m)),
            }
        }
    };
    let mut next = if replace_all {
        BTreeMap::new()
    } else {
        current.clone()
    };
    for op in ops {
        match op {
            ConfigOp::Set(k, v) => {
                validate(k, v)?;
                next.insert(k.clone(), v.clone());
            }
            ConfigOp::Delete(k) => {
                if resource_type == RESOURCE_TOPIC {
                    validate_topic_config(
                        k,
                        crate::config::topic::topic_key(k).map_or("", |t| t.default),
                    )
                    .map_err(|m| ApiError::new(E::InvalidConfig, m))?;
                }
                next.remove(k);
            }
            ConfigOp::Append(k, v) | ConfigOp::Subtract(k, v) => {
                let is_list = crate::config::topic::topic_key(k).map(|t| t.kind)
                    == Some(crate::config::keys::Kind::List)
                    || broker_key(k).map(|b| b.kind) == Some(crate::config::keys::Kind::List);
                if !is_list {
                    return Err(ApiError::new(
                        E::InvalidConfig,
                        format!("Config value append is not allowed for config key: {k}"),
                    ));
                }
                let base = next
                    .get(k)
                    .cloned()
                    .or_else(|| crate::config::topic::topic_key(k).map(|t| t.default.to_string()));
                let mut items: Vec<String> = base
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if matches!(op, ConfigOp::Append(..)) {
                        if !items.iter().any(|i| i == item) {
                            items.push(item.to_string());
                        }
                    } else {
                        items.retain(|i| i != item);
                    }
                }
                let joined = items.join(",");
                validate(k, &joined)?;
                next.insert(k.clone(), joined);
            }
        }
    }
    Ok(config_records(
        resource_type,
        resource_name,
        &current,
        &next,
    ))
}

/// The Config records that turn `current` into `next`.
fn config_records(
    resource_type: i8,
    resource_name: &str,
    current: &BTreeMap<String, String>,
    next: &BTreeMap<String, String>,
) -> Vec<MetadataRecord> {
    let mut records = Vec::new();
    for (k, v) in next {
        if current.get(k) != Some(v) {
            records.push(MetadataRecord::Config {
                resource_type,
                resource_name: resource_name.to_string(),
                name: k.clone(),
                value: Some(v.clone()),
            });
        }
    }
    for k in current.keys() {
        if !next.contains_key(k) {
            records.push(MetadataRecord::Config {
                resource_type,
                resource_name: resource_name.to_string(),
                name: k.clone(),
                value: None,
            });
        }
    }
    records
}

/// Plan IncrementalAlterConfigs / AlterConfigs on a group resource, as Kafka's controller does
/// (`ConfigurationControlManager` with `ControllerConfigurationValidator`): the group need not
/// exist, its name must not be empty, APPEND and SUBTRACT fail (no group key is a list), and
/// the whole resulting set of overrides is validated against the broker's bounds in `layers`.
pub fn alter_group_configs(
    image: &MetadataImage,
    group_id: &str,
    ops: &[ConfigOp],
    replace_all: bool,
    layers: &BrokerLayers,
) -> Result<Vec<MetadataRecord>, ApiError> {
    if group_id.is_empty() {
        return Err(ApiError::new(
            E::InvalidRequest,
            "Default group resources are not allowed.",
        ));
    }
    let current = image
        .group_configs
        .get(group_id)
        .cloned()
        .unwrap_or_default();
    let mut next = if replace_all {
        BTreeMap::new()
    } else {
        current.clone()
    };
    for op in ops {
        match op {
            ConfigOp::Set(k, v) => {
                next.insert(k.clone(), v.clone());
            }
            ConfigOp::Delete(k) => {
                next.remove(k);
            }
            ConfigOp::Append(k, _) | ConfigOp::Subtract(k, _) => {
                let op = if matches!(op, ConfigOp::Append(..)) {
                    "APPEND"
                } else {
                    "SUBTRACT"
                };
                return Err(ApiError::new(
                    E::InvalidConfig,
                    format!("Can't {op} to key {k} because its type is not LIST."),
                ));
            }
        }
    }
    group::validate(&next, layers).map_err(|m| ApiError::new(E::InvalidConfig, m))?;
    Ok(config_records(RESOURCE_GROUP, group_id, &current, &next))
}
