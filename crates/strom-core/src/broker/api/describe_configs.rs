//! DescribeConfigs (key 32): topic, broker and group configs with their sources and synonyms.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
};
use kafka_protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse, ResponseKind};

use super::util::s;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::config::keys::{BROKER_KEYS, Kind};
use crate::config::topic::{Resolved, Source, SynonymValue, TOPIC_KEYS};
use crate::controller::plan::validate_topic_name;
use crate::controller::records::{RESOURCE_BROKER, RESOURCE_GROUP, RESOURCE_TOPIC};
use crate::error::ApiError;

const RESOURCE_BROKER_LOGGER: i8 = 8;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: DescribeConfigsRequest) -> Reply {
    let v = ctx.version;
    let results = req
        .resources
        .iter()
        .map(|r| {
            let name = r.resource_name.to_string();
            // Kafka treats a null and an empty key list alike: every config.
            let wanted = |k: &str| {
                r.configuration_keys
                    .as_ref()
                    .is_none_or(|keys| keys.is_empty() || keys.iter().any(|x| x.as_str() == k))
            };
            let entries = match r.resource_type {
                RESOURCE_TOPIC => topic_configs(b, &name),
                RESOURCE_BROKER => broker_configs(b, &name),
                RESOURCE_BROKER_LOGGER => Ok(Vec::new()),
                RESOURCE_GROUP => group_configs(b, &name),
                other => Err(ApiError::new(
                    E::InvalidRequest,
                    format!("Unsupported resource type {other}"),
                )),
            };
            let base = DescribeConfigsResult::default()
                .with_resource_type(r.resource_type)
                .with_resource_name(s(name));
            match entries {
                Ok(list) => base.with_configs(
                    list.into_iter()
                        .filter(|e| wanted(&e.name))
                        .map(|e| entry(e, v, req.include_synonyms, req.include_documentation))
                        .collect(),
                ),
                Err(e) => base
                    .with_error_code(e.code)
                    .with_error_message(e.message.map(s)),
            }
        })
        .collect();
    Reply::Now(ResponseKind::DescribeConfigs(
        DescribeConfigsResponse::default().with_results(results),
    ))
}

fn topic_configs(b: &Broker, name: &str) -> Result<Vec<Resolved>, ApiError> {
    validate_topic_name(name)?;
    let image = b.image();
    let Some(t) = image.topic(name) else {
        return Err(ApiError::new(
            E::UnknownTopicOrPartition,
            format!("The topic '{name}' does not exist."),
        ));
    };
    let layers = b.layers();
    Ok(TOPIC_KEYS
        .iter()
        .map(|k| layers.resolve_topic(k, &t.configs))
        .collect())
}

/// Every group key: the group's overrides, the broker's values for the rest. The group need
/// not exist (Kafka describes any non-empty name).
fn group_configs(b: &Broker, name: &str) -> Result<Vec<Resolved>, ApiError> {
    if name.is_empty() {
        return Err(ApiError::new(
            E::InvalidRequest,
            "Group name must not be empty",
        ));
    }
    let image = b.image();
    let overrides = image.group_configs.get(name).cloned().unwrap_or_default();
    Ok(crate::config::group::resolve(&overrides, &b.layers()))
}

fn broker_configs(b: &Broker, name: &str) -> Result<Vec<Resolved>, ApiError> {
    let layers = b.layers();
    if name.is_empty() {
        // The cluster-wide default resource holds only what was set dynamically.
        return Ok(layers
            .dynamic_default
            .iter()
            .map(|(k, v)| {
                let key = crate::config::keys::broker_key(k);
                Resolved {
                    name: k.clone(),
                    value: Some(v.clone()),
                    source: Source::DynamicDefaultBroker,
                    kind: key.map_or(Kind::String, |k| k.kind),
                    read_only: false,
                    sensitive: false,
                    synonyms: vec![SynonymValue {
                        name: k.clone(),
                        value: Some(v.clone()),
                        source: Source::DynamicDefaultBroker,
                    }],
                    doc: key.map_or("", |k| k.doc),
                }
            })
            .collect());
    }
    if name.parse::<i32>().ok() != Some(b.node_id) {
        return Err(ApiError::new(
            E::InvalidRequest,
            format!(
                "Unexpected broker id, expected {} or empty string, but received {name}",
                b.node_id
            ),
        ));
    }
    Ok(BROKER_KEYS
        .iter()
        .map(|k| {
            let synonyms = layers.broker_chain(k.name);
            let (value, source) = synonyms
                .first()
                .map_or((None, Source::Default), |s| (s.value.clone(), s.source));
            Resolved {
                name: k.name.to_string(),
                value,
                source,
                kind: k.kind,
                read_only: !k.dynamic,
                sensitive: k.kind == Kind::Password,
                synonyms,
                doc: k.doc,
            }
        })
        .collect())
}

fn entry(e: Resolved, v: i16, synonyms: bool, docs: bool) -> DescribeConfigsResourceResult {
    let mut r = DescribeConfigsResourceResult::default()
        .with_name(s(e.name))
        .with_value(if e.sensitive { None } else { e.value.map(s) })
        .with_read_only(e.read_only)
        .with_config_source(e.source.code())
        .with_is_sensitive(e.sensitive);
    if synonyms && v >= 1 {
        r = r.with_synonyms(
            e.synonyms
                .into_iter()
                .map(|sv| {
                    DescribeConfigsSynonym::default()
                        .with_name(s(sv.name))
                        .with_value(sv.value.map(s))
                        .with_source(sv.source.code())
                })
                .collect(),
        );
    }
    if v >= 3 {
        r = r.with_config_type(e.kind.code());
        if docs {
            r = r.with_documentation(Some(s(e.doc)));
        }
    }
    r
}
