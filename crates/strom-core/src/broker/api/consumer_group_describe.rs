//! ConsumerGroupDescribe (key 69): consumer groups (KIP-848) with members, epochs, current and
//! target assignments.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::consumer_group_describe_response::{
    Assignment, DescribedGroup, Member, TopicPartitions,
};
use kafka_protocol::messages::{
    ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse, ResponseKind,
};

use super::util::{GROUP_OPERATIONS, OPS_NOT_REQUESTED, s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::coordinator::Group;
use crate::coordinator::assignor::Assignment as Parts;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: ConsumerGroupDescribeRequest) -> Reply {
    let image = b.image();
    let ops = if req.include_authorized_operations {
        GROUP_OPERATIONS
    } else {
        OPS_NOT_REQUESTED
    };
    let render = |a: &Parts| {
        Assignment::default().with_topic_partitions(
            a.iter()
                .map(|(t, ps)| {
                    let name = image
                        .topic_by_id(t)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    TopicPartitions::default()
                        .with_topic_id(*t)
                        .with_topic_name(topic_name(name))
                        .with_partitions(ps.iter().copied().collect())
                })
                .collect(),
        )
    };
    let groups = b.groups.with_state(|st| {
        req.group_ids
            .iter()
            .map(|id| {
                let base = DescribedGroup::default()
                    .with_group_id(id.clone())
                    .with_authorized_operations(ops);
                match st.groups.get(id.as_str()) {
                    None => base
                        .with_error_code(E::GroupIdNotFound.code())
                        .with_error_message(Some(s(format!("Group {} not found.", id.as_str())))),
                    Some(Group::Classic(_)) => base
                        .with_error_code(E::GroupIdNotFound.code())
                        .with_error_message(Some(s(format!(
                            "Group {} is not a consumer group.",
                            id.as_str()
                        )))),
                    Some(Group::Consumer(g)) => base
                        .with_group_state(s(g.state().name()))
                        .with_group_epoch(g.epoch)
                        .with_assignment_epoch(g.assignment_epoch)
                        .with_assignor_name(s(g.assignor_name()))
                        .with_members(
                            g.members
                                .values()
                                .map(|m| {
                                    Member::default()
                                        .with_member_id(s(m.id.clone()))
                                        .with_instance_id(m.instance_id.clone().map(s))
                                        .with_rack_id(m.rack_id.clone().map(s))
                                        .with_member_epoch(m.epoch)
                                        .with_client_id(s(m.client_id.clone()))
                                        .with_client_host(s(m.client_host.clone()))
                                        .with_subscribed_topic_names(
                                            m.subscribed_names
                                                .iter()
                                                .cloned()
                                                .map(topic_name)
                                                .collect(),
                                        )
                                        .with_subscribed_topic_regex(m.regex.clone().map(s))
                                        .with_assignment(render(&m.assigned))
                                        .with_target_assignment(render(
                                            &g.target.get(&m.id).cloned().unwrap_or_default(),
                                        ))
                                        .with_member_type(1)
                                })
                                .collect(),
                        ),
                }
            })
            .collect()
    });
    Reply::Now(ResponseKind::ConsumerGroupDescribe(
        ConsumerGroupDescribeResponse::default().with_groups(groups),
    ))
}
