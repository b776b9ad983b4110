//! Metadata (key 3): brokers, topics, partitions, leaders; auto-creates topics when allowed.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use kafka_protocol::messages::{BrokerId, MetadataRequest, MetadataResponse, ResponseKind};
use uuid::Uuid;

use super::util::{CLUSTER_OPERATIONS, OPS_NOT_REQUESTED, TOPIC_OPERATIONS, s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::controller::image::{MetadataImage, TopicImage};
use crate::controller::plan::{self, NewTopic, TopicDefaults};

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: MetadataRequest) -> Reply {
    let b = Arc::clone(b);
    let ctx = ctx.clone();
    Reply::later(async move { ResponseKind::Metadata(respond(&b, &ctx, req).await) })
}

enum Wanted {
    Name(String),
    Id(Uuid),
}

async fn respond(b: &Broker, ctx: &RequestContext, req: MetadataRequest) -> MetadataResponse {
    let v = ctx.version;
    // v0: an empty list means all topics; v1+: null means all, empty means none.
    let wanted: Option<Vec<Wanted>> = match req.topics {
        None => None,
        Some(t) if t.is_empty() && v == 0 => None,
        Some(t) => Some(
            t.into_iter()
                .map(|t| match t.name {
                    Some(n) => Wanted::Name(n.to_string()),
                    None => Wanted::Id(t.topic_id),
                })
                .collect(),
        ),
    };
    let auto_create =
        (v < 4 || req.allow_auto_topic_creation) && b.broker_bool("auto.create.topics.enable");
    if let (Some(list), true) = (&wanted, auto_create) {
        let image = b.image();
        for w in list {
            if let Wanted::Name(name) = w
                && image.topic(name).is_none()
                && plan::validate_topic_name(name).is_ok()
            {
                auto_create_topic(b, name).await;
            }
        }
    }
    let image = b.image();
    let topic_ops = |include: bool| {
        if include && v >= 8 {
            TOPIC_OPERATIONS
        } else {
            OPS_NOT_REQUESTED
        }
    };
    let topics = match wanted {
        None => image
            .topics
            .values()
            .map(|t| {
                topic_entry(
                    &image,
                    t,
                    v,
                    topic_ops(req.include_topic_authorized_operations),
                )
            })
            .collect(),
        Some(list) => list
            .into_iter()
            .map(|w| match w {
                Wanted::Name(name) => match image.topic(&name) {
                    Some(t) => topic_entry(
                        &image,
                        t,
                        v,
                        topic_ops(req.include_topic_authorized_operations),
                    ),
                    None => {
                        let code = if plan::validate_topic_name(&name).is_err() {
                            E::InvalidTopicException
                        } else {
                            E::UnknownTopicOrPartition
                        };
                        MetadataResponseTopic::default()
                            .with_error_code(code.code())
                            .with_name(Some(topic_name(name)))
                    }
                },
                Wanted::Id(id) => match image.topic_by_id(&id) {
                    Some(t) => topic_entry(
                        &image,
                        t,
                        v,
                        topic_ops(req.include_topic_authorized_operations),
                    ),
                    None => MetadataResponseTopic::default()
                        .with_error_code(E::UnknownTopicId.code())
                        .with_topic_id(id),
                },
            })
            .collect(),
    };
    let brokers = image
        .brokers
        .values()
        .filter_map(|br| {
            let ep = if br.node_id == b.node_id {
                b.endpoint_for(&ctx.conn.listener)
            } else {
                br.endpoints.first()
            }?;
            Some(
                MetadataResponseBroker::default()
                    .with_node_id(BrokerId(br.node_id))
                    .with_host(s(ep.host.clone()))
                    .with_port(i32::from(ep.port))
                    .with_rack(br.rack.clone().map(s)),
            )
        })
        .collect();
    let mut resp = MetadataResponse::default()
        .with_brokers(brokers)
        .with_cluster_id(Some(s(b.cluster_id.clone())))
        .with_controller_id(BrokerId(image.controller_id))
        .with_topics(topics);
    if req.include_cluster_authorized_operations && (8..=10).contains(&v) {
        resp = resp.with_cluster_authorized_operations(CLUSTER_OPERATIONS);
    }
    resp
}

async fn auto_create_topic(b: &Broker, name: &str) {
    let defaults = TopicDefaults {
        num_partitions: b.broker_long("num.partitions", 1) as i32,
        replication_factor: b.broker_long("default.replication.factor", 1) as i16,
    };
    let t = NewTopic {
        name: name.to_string(),
        num_partitions: -1,
        replication_factor: -1,
        ..Default::default()
    };
    match b
        .commit(|img| plan::create_topic(img, &t, defaults).map(|(r, _, _)| (r, ())))
        .await
    {
        Ok(()) => tracing::info!(topic = name, "Auto-created topic."),
        // Lost a race with another creator, or invalid: the lookup below reports it.
        Err(e) => tracing::debug!(topic = name, error = %e, "Auto-creation did not happen."),
    }
}

fn topic_entry(image: &MetadataImage, t: &TopicImage, v: i16, ops: i32) -> MetadataResponseTopic {
    let partitions = t
        .partitions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let live = |id: &i32| image.brokers.contains_key(id);
            let mut part = MetadataResponsePartition::default()
                .with_partition_index(i as i32)
                .with_leader_id(BrokerId(p.leader))
                .with_replica_nodes(p.replicas.iter().copied().map(BrokerId).collect())
                .with_isr_nodes(p.isr.iter().copied().map(BrokerId).collect());
            if v >= 5 {
                part = part.with_offline_replicas(
                    p.replicas
                        .iter()
                        .filter(|r| !live(r))
                        .copied()
                        .map(BrokerId)
                        .collect(),
                );
            }
            if v >= 7 {
                part = part.with_leader_epoch(p.leader_epoch);
            }
            if !live(&p.leader) {
                part = part
                    .with_error_code(E::LeaderNotAvailable.code())
                    .with_leader_id(BrokerId(-1));
            }
            part
        })
        .collect();
    MetadataResponseTopic::default()
        .with_name(Some(topic_name(t.name.clone())))
        .with_topic_id(t.id)
        .with_is_internal(t.is_internal())
        .with_partitions(partitions)
        .with_topic_authorized_operations(ops)
}
