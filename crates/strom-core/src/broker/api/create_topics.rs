//! CreateTopics (key 19): validation, `validate_only`, configs, manual assignments.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::create_topics_response::{
    CreatableTopicConfigs, CreatableTopicResult,
};
use kafka_protocol::messages::{CreateTopicsRequest, CreateTopicsResponse, ResponseKind};

use super::util::{s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::config::topic::TOPIC_KEYS;
use crate::controller::plan::{self, NewTopic, TopicDefaults};
use crate::error::ApiError;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: CreateTopicsRequest) -> Reply {
    let b = Arc::clone(b);
    let ctx = ctx.clone();
    Reply::later(async move { ResponseKind::CreateTopics(create(&b, &ctx, req).await) })
}

async fn create(
    b: &Broker,
    ctx: &RequestContext,
    req: CreateTopicsRequest,
) -> CreateTopicsResponse {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in &req.topics {
        *counts.entry(t.name.to_string()).or_default() += 1;
    }
    let dups: Vec<String> = counts
        .iter()
        .filter(|(_, c)| **c > 1)
        .map(|(n, _)| n.clone())
        .collect();
    let defaults = TopicDefaults {
        num_partitions: b.broker_long("num.partitions", 1) as i32,
        replication_factor: b.broker_long("default.replication.factor", 1) as i16,
    };
    let mut results = Vec::with_capacity(req.topics.len());
    for t in &req.topics {
        let name = t.name.to_string();
        let mut r = CreatableTopicResult::default()
            .with_name(topic_name(name.clone()))
            .with_num_partitions(-1)
            .with_replication_factor(-1);
        if dups.contains(&name) {
            let msg = format!(
                "Create topics request from client `{}` contains multiple entries for the following topics: {}",
                ctx.client_id.clone().unwrap_or_default(),
                dups.join(", ")
            );
            results.push(with_error(
                r,
                ctx.version,
                ApiError::new(E::InvalidRequest, msg),
            ));
            continue;
        }
        let new = NewTopic {
            name: name.clone(),
            num_partitions: t.num_partitions,
            replication_factor: t.replication_factor,
            assignments: t
                .assignments
                .iter()
                .map(|a| {
                    (
                        a.partition_index,
                        a.broker_ids.iter().map(|id| id.0).collect(),
                    )
                })
                .collect(),
            configs: t
                .configs
                .iter()
                .map(|c| (c.name.to_string(), c.value.as_ref().map(|v| v.to_string())))
                .collect(),
        };
        let outcome = if req.validate_only {
            let image = b.image();
            plan::create_topic(&image, &new, defaults).map(|(_, n, rf)| (n, rf, None))
        } else {
            b.commit(|img| {
                plan::create_topic(img, &new, defaults).map(|(recs, n, rf)| (recs, (n, rf)))
            })
            .await
            .map(|(n, rf)| {
                let id = b.image().topic(&name).map(|t| t.id);
                (n, rf, id)
            })
        };
        match outcome {
            Ok((n, rf, id)) => {
                if !req.validate_only {
                    tracing::info!(topic = %name, partitions = n, replication_factor = rf, "Created topic.");
                }
                r = r.with_num_partitions(n).with_replication_factor(rf);
                if let Some(id) = id {
                    r = r.with_topic_id(id);
                }
                if ctx.version >= 5 {
                    let overrides: BTreeMap<String, String> = new
                        .configs
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
                        .collect();
                    r = r.with_configs(Some(describe(b, &overrides)));
                }
                results.push(r);
            }
            Err(e) => results.push(with_error(r, ctx.version, e)),
        }
    }
    CreateTopicsResponse::default().with_topics(results)
}

fn with_error(r: CreatableTopicResult, version: i16, e: ApiError) -> CreatableTopicResult {
    let r = r.with_error_code(e.code);
    if version >= 1 {
        r.with_error_message(e.message.map(s))
    } else {
        r
    }
}

fn describe(b: &Broker, overrides: &BTreeMap<String, String>) -> Vec<CreatableTopicConfigs> {
    let layers = b.layers();
    TOPIC_KEYS
        .iter()
        .map(|k| {
            let r = layers.resolve_topic(k, overrides);
            CreatableTopicConfigs::default()
                .with_name(s(r.name))
                .with_value(r.value.map(s))
                .with_read_only(r.read_only)
                .with_config_source(r.source.code())
                .with_is_sensitive(r.sensitive)
        })
        .collect()
}
