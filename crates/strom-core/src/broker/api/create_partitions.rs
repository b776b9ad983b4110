//! CreatePartitions (key 37): grow a topic, optionally with manual assignments.

use std::sync::Arc;

use kafka_protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use kafka_protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse, ResponseKind};

use super::util::{s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::controller::plan;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: CreatePartitionsRequest) -> Reply {
    let b = Arc::clone(b);
    Reply::later(async move {
        let mut results = Vec::with_capacity(req.topics.len());
        for t in &req.topics {
            let name = t.name.to_string();
            let assignments: Option<Vec<Vec<i32>>> = t.assignments.as_ref().map(|a| {
                a.iter()
                    .map(|x| x.broker_ids.iter().map(|id| id.0).collect())
                    .collect()
            });
            let outcome = if req.validate_only {
                plan::create_partitions(&b.image(), &name, t.count, assignments.as_deref())
                    .map(|_| ())
            } else {
                b.commit(|img| {
                    plan::create_partitions(img, &name, t.count, assignments.as_deref())
                        .map(|r| (r, ()))
                })
                .await
            };
            let mut r = CreatePartitionsTopicResult::default().with_name(topic_name(name.clone()));
            if let Err(e) = outcome {
                r = r
                    .with_error_code(e.code)
                    .with_error_message(e.message.map(s));
            } else if !req.validate_only {
                tracing::info!(topic = %name, partitions = t.count, "Added partitions.");
            }
            results.push(r);
        }
        ResponseKind::CreatePartitions(CreatePartitionsResponse::default().with_results(results))
    })
}
