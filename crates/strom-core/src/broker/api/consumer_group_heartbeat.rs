//! ConsumerGroupHeartbeat (key 68): the consumer group protocol of KIP-848. The request's shape
//! is checked here, with Kafka's messages; the group logic is in `coordinator::consumer`.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::consumer_group_heartbeat_response::{Assignment, TopicPartitions};
use kafka_protocol::messages::{
    ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, ResponseKind,
};

use super::util::{now_ms, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::{ImageTopics, OffsetsAppender};
use crate::coordinator::assignor;
use crate::coordinator::consumer::{HeartbeatRequest, HeartbeatResult};

fn validate(req: &ConsumerGroupHeartbeatRequest) -> Result<(), (E, String)> {
    let invalid = |m: &str| Err((E::InvalidRequest, m.to_string()));
    if req.group_id.is_empty() {
        return invalid("GroupId can't be empty.");
    }
    if req.instance_id.as_ref().is_some_and(|i| i.is_empty()) {
        return invalid("InstanceId can't be empty.");
    }
    if req.rack_id.as_ref().is_some_and(|r| r.is_empty()) {
        return invalid("RackId can't be empty.");
    }
    match req.member_epoch {
        e if e > 0 || e == -1 => {
            if req.member_id.is_empty() {
                return invalid("MemberId can't be empty.");
            }
        }
        0 => {
            if req.rebalance_timeout_ms == -1 {
                return invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if req.topic_partitions.as_ref().is_none_or(|t| !t.is_empty()) {
                return invalid("TopicPartitions must be empty when (re-)joining.");
            }
            let no_names = req
                .subscribed_topic_names
                .as_ref()
                .is_none_or(|n| n.is_empty());
            if no_names
                && req
                    .subscribed_topic_regex
                    .as_ref()
                    .is_none_or(|r| r.is_empty())
            {
                return invalid("SubscribedTopicNames must be set in first request.");
            }
        }
        -2 => {
            if req.member_id.is_empty() {
                return invalid("MemberId can't be empty.");
            }
            if req.instance_id.is_none() {
                return invalid("InstanceId can't be null.");
            }
        }
        _ => return invalid("MemberEpoch is invalid."),
    }
    if let Some(a) = &req.server_assignor
        && !assignor::is_known(a)
    {
        return Err((
            E::UnsupportedAssignor,
            format!(
                "ServerAssignor {} is not supported. Supported assignors: uniform, range.",
                a.as_str()
            ),
        ));
    }
    if let Some(re) = req
        .subscribed_topic_regex
        .as_ref()
        .filter(|r| !r.is_empty())
        && regex::Regex::new(re).is_err()
    {
        return Err((
            E::InvalidRegularExpression,
            format!(
                "SubscribedTopicRegex `{}` is not a valid regular expression.",
                re.as_str()
            ),
        ));
    }
    Ok(())
}

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: ConsumerGroupHeartbeatRequest) -> Reply {
    let b = Arc::clone(b);
    let ctx = ctx.clone();
    Reply::later(async move {
        let result = match (validate(&req), b.coordinator_settings().await) {
            (Err((e, m)), _) => HeartbeatResult::error(e, m),
            (_, Err(e)) => HeartbeatResult::error(e, "the group coordinator is not available"),
            (Ok(()), Ok(mut settings)) => {
                settings.consumer = b.consumer_config_of(&req.group_id, settings.consumer);
                let hb = HeartbeatRequest {
                    member_id: req.member_id.to_string(),
                    member_epoch: req.member_epoch,
                    instance_id: req.instance_id.as_ref().map(|s| s.to_string()),
                    rack_id: req.rack_id.as_ref().map(|s| s.to_string()),
                    rebalance_timeout_ms: req.rebalance_timeout_ms,
                    subscribed_topic_names: req
                        .subscribed_topic_names
                        .as_ref()
                        .map(|n| n.iter().map(|t| t.to_string()).collect()),
                    subscribed_topic_regex: req
                        .subscribed_topic_regex
                        .as_ref()
                        .map(|s| s.to_string()),
                    server_assignor: req.server_assignor.as_ref().map(|s| s.to_string()),
                    owned: req.topic_partitions.as_ref().map(|tps| {
                        tps.iter()
                            .map(|t| (t.topic_id, t.partitions.clone()))
                            .collect()
                    }),
                    client_id: ctx.client_id.clone().unwrap_or_default(),
                    client_host: format!("/{}", ctx.conn.peer.ip()),
                };
                let lookup = ImageTopics(b.image());
                tokio::task::block_in_place(|| {
                    b.groups.consumer_heartbeat(
                        &req.group_id,
                        hb,
                        &lookup,
                        &settings,
                        &OffsetsAppender { broker: &b },
                        now_ms(),
                    )
                })
            }
        };
        let mut resp = ConsumerGroupHeartbeatResponse::default()
            .with_member_id(Some(s(if result.member_id.is_empty() {
                req.member_id.to_string()
            } else {
                result.member_id.clone()
            })))
            .with_member_epoch(result.member_epoch)
            .with_heartbeat_interval_ms(result.heartbeat_interval_ms)
            .with_assignment(result.assignment.map(|a| {
                Assignment::default().with_topic_partitions(
                    a.into_iter()
                        .map(|(t, ps)| {
                            TopicPartitions::default()
                                .with_topic_id(t)
                                .with_partitions(ps.into_iter().collect())
                        })
                        .collect(),
                )
            }));
        if let Some((e, m)) = result.error {
            resp = resp
                .with_error_code(e.code())
                .with_error_message(Some(s(m)))
                .with_member_epoch(-1)
                .with_assignment(None);
        }
        ResponseKind::ConsumerGroupHeartbeat(resp)
    })
}
