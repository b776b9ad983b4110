//! The target assignment: resolving subscriptions and running the server-side assignor.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::{ConsumerGroup, ConsumerMember, TopicLookup};
use crate::coordinator::assignor::{self, MemberSpec};

impl ConsumerGroup {
    pub(super) fn resolve(&self, lookup: &dyn TopicLookup) -> BTreeMap<String, (Uuid, i32)> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for m in self.members.values() {
            names.extend(m.subscribed_names.iter().cloned());
            if let Some(re) = m
                .regex
                .as_deref()
                .and_then(|r| regex::Regex::new(&format!("^(?:{r})$")).ok())
            {
                names.extend(lookup.names().into_iter().filter(|n| re.is_match(n)));
            }
        }
        names
            .into_iter()
            .filter_map(|n| lookup.topic(&n).map(|v| (n, v)))
            .collect()
    }

    fn member_topics(&self, m: &ConsumerMember) -> BTreeSet<Uuid> {
        let re = m
            .regex
            .as_deref()
            .and_then(|r| regex::Regex::new(&format!("^(?:{r})$")).ok());
        self.metadata
            .iter()
            .filter(|(n, _)| {
                m.subscribed_names.contains(n) || re.as_ref().is_some_and(|re| re.is_match(n))
            })
            .map(|(_, (id, _))| *id)
            .collect()
    }

    pub(super) fn compute_target(&mut self) {
        let assignor_name = self
            .members
            .values()
            .find_map(|m| m.assignor.clone())
            .unwrap_or_else(|| assignor::UNIFORM.to_string());
        let specs: Vec<MemberSpec> = self
            .members
            .values()
            .map(|m| MemberSpec {
                member_id: m.id.clone(),
                subscribed: self.member_topics(m),
                current: self
                    .target
                    .get(&m.id)
                    .cloned()
                    .unwrap_or_else(|| m.assigned.clone()),
            })
            .collect();
        let topics: BTreeMap<Uuid, i32> = self.metadata.values().copied().collect();
        self.target = assignor::assign(&assignor_name, &specs, &topics);
        self.assignment_epoch = self.epoch;
    }
}
