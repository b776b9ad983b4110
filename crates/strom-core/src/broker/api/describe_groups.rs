//! DescribeGroups (key 15): classic groups with their members; metadata and assignments are
//! only shown once the group is Stable, as in Kafka.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use kafka_protocol::messages::{DescribeGroupsRequest, DescribeGroupsResponse, ResponseKind};

use super::util::{GROUP_OPERATIONS, OPS_NOT_REQUESTED, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::coordinator::Group;
use crate::coordinator::classic::ClassicState;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: DescribeGroupsRequest) -> Reply {
    let v = ctx.version;
    let ops = if req.include_authorized_operations && v >= 3 {
        GROUP_OPERATIONS
    } else {
        OPS_NOT_REQUESTED
    };
    let groups = b.groups.with_state(|st| {
        req.groups
            .iter()
            .map(|id| {
                let base = DescribedGroup::default()
                    .with_group_id(id.clone())
                    .with_authorized_operations(ops);
                let dead = |msg: String| {
                    let g = base
                        .clone()
                        .with_group_state(s("Dead"))
                        .with_protocol_type(s(""))
                        .with_protocol_data(s(""));
                    // v6+ reports unknown groups as GROUP_ID_NOT_FOUND; older versions as Dead.
                    if v >= 6 {
                        g.with_error_code(E::GroupIdNotFound.code())
                            .with_error_message(Some(s(msg)))
                    } else {
                        g
                    }
                };
                match st.groups.get(id.as_str()) {
                    None => dead(format!("Group {} not found.", id.as_str())),
                    Some(Group::Consumer(_)) => {
                        dead(format!("Group {} is not a classic group.", id.as_str()))
                    }
                    Some(Group::Classic(g)) => {
                        let stable = g.state == ClassicState::Stable;
                        let proto = g.protocol_name.clone().unwrap_or_default();
                        base.with_group_state(s(g.state.name()))
                            .with_protocol_type(s(g.protocol_type.clone().unwrap_or_default()))
                            .with_protocol_data(s(proto.clone()))
                            .with_members(
                                g.members
                                    .iter()
                                    .map(|m| {
                                        let mut d = DescribedGroupMember::default()
                                            .with_member_id(s(m.id.clone()))
                                            .with_client_id(s(m.client_id.clone()))
                                            .with_client_host(s(m.client_host.clone()));
                                        if v >= 4 {
                                            d = d.with_group_instance_id(
                                                m.instance_id.clone().map(s),
                                            );
                                        }
                                        if stable {
                                            d = d
                                                .with_member_metadata(m.metadata(&proto))
                                                .with_member_assignment(m.assignment.clone());
                                        }
                                        d
                                    })
                                    .collect(),
                            )
                    }
                }
            })
            .collect()
    });
    Reply::Now(ResponseKind::DescribeGroups(
        DescribeGroupsResponse::default().with_groups(groups),
    ))
}
