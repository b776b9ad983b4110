//! DeleteTopics (key 20): by name (v0-5) or by name or id (v6+).

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::delete_topics_response::DeletableTopicResult;
use kafka_protocol::messages::{DeleteTopicsRequest, DeleteTopicsResponse, ResponseKind};
use uuid::Uuid;

use super::util::{s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::controller::plan;
use crate::error::ApiError;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: DeleteTopicsRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::later(async move { ResponseKind::DeleteTopics(delete(&b, v, req).await) })
}

async fn delete(b: &Broker, v: i16, req: DeleteTopicsRequest) -> DeleteTopicsResponse {
    let targets: Vec<(Option<String>, Uuid)> = if v >= 6 {
        req.topics
            .iter()
            .map(|t| (t.name.as_ref().map(|n| n.to_string()), t.topic_id))
            .collect()
    } else {
        req.topic_names
            .iter()
            .map(|n| (Some(n.to_string()), Uuid::nil()))
            .collect()
    };
    let enabled = b.broker_bool("delete.topic.enable");
    let mut out = Vec::with_capacity(targets.len());
    for (name, id) in targets {
        let image = b.image();
        let resolved = match &name {
            Some(n) => Ok(n.clone()),
            None => image
                .topic_by_id(&id)
                .map(|t| t.name.clone())
                .ok_or_else(|| ApiError::code(E::UnknownTopicId)),
        };
        let result = match resolved {
            Err(e) => Err(e),
            Ok(_) if !enabled => Err(ApiError::new(
                E::TopicDeletionDisabled,
                "Topic deletion is disabled.",
            )),
            Ok(n) => {
                let found_id = image.topic(&n).map(|t| t.id);
                let r = b
                    .commit(|img| plan::delete_topic(img, &n).map(|r| (r, ())))
                    .await
                    .map(|()| {
                        tracing::info!(topic = %n, "Deleted topic.");
                        found_id
                    });
                if r.is_ok() {
                    forget_offsets(b, &n);
                }
                r
            }
        };
        let mut r = DeletableTopicResult::default().with_name(name.clone().map(topic_name));
        if v >= 6 {
            r = r.with_topic_id(id);
        }
        match result {
            Ok(found) => {
                if v >= 6 {
                    r = r.with_topic_id(found.unwrap_or(id));
                }
            }
            Err(e) => {
                r = r.with_error_code(e.code);
                if v >= 5 {
                    r = r.with_error_message(e.message.map(s));
                }
            }
        }
        out.push(r);
    }
    DeleteTopicsResponse::default().with_responses(out)
}

/// Committed offsets of a deleted topic go with it.
fn forget_offsets(b: &Broker, topic: &str) {
    let Some(t) = b.image().topic(crate::coordinator::OFFSETS_TOPIC).cloned() else {
        return;
    };
    let settings = b.group_settings(t.partitions.len() as i32);
    let app = crate::broker::groups::OffsetsAppender { broker: b };
    tokio::task::block_in_place(|| {
        b.groups
            .on_topics_deleted(&[topic.to_string()], &settings, &app)
    });
}
