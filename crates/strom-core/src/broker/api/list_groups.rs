//! ListGroups (key 16): every group, with its protocol type, state (v4+) and type (v5+),
//! filtered by state and type (case-insensitive).

use std::sync::Arc;

use kafka_protocol::messages::list_groups_response::ListedGroup;
use kafka_protocol::messages::{GroupId, ListGroupsRequest, ListGroupsResponse, ResponseKind};

use super::util::s;
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: ListGroupsRequest) -> Reply {
    let v = ctx.version;
    let states: Vec<String> = req
        .states_filter
        .iter()
        .map(|x| x.to_ascii_lowercase())
        .collect();
    let types: Vec<String> = req
        .types_filter
        .iter()
        .map(|x| x.to_ascii_lowercase())
        .collect();
    let mut groups: Vec<ListedGroup> = b.groups.with_state(|st| {
        st.groups
            .iter()
            .filter(|(_, g)| {
                states.is_empty() || states.contains(&g.state_name().to_ascii_lowercase())
            })
            .filter(|(_, g)| types.is_empty() || types.contains(&g.type_name().to_string()))
            .map(|(id, g)| {
                let mut l = ListedGroup::default()
                    .with_group_id(GroupId(s(id.clone())))
                    .with_protocol_type(s(g.protocol_type()));
                if v >= 4 {
                    l = l.with_group_state(s(g.state_name()));
                }
                if v >= 5 {
                    l = l.with_group_type(s(if g.type_name() == "classic" {
                        "Classic"
                    } else {
                        "Consumer"
                    }));
                }
                l
            })
            .collect()
    });
    groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    Reply::Now(ResponseKind::ListGroups(
        ListGroupsResponse::default().with_groups(groups),
    ))
}
