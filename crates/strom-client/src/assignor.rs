//! Partition assignors a group leader runs: `range` (Kafka's default) and `roundrobin`,
//! computed exactly as Kafka's Java assignors do so a mixed group gets the same answer
//! whichever member leads.
//!
//! Members are ordered like Java's `MemberInfo`: static members (with a group instance id)
//! first, by instance id, then dynamic members by member id.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::consumer_protocol::{Subscription, TopicPartitions};

/// A group member as the leader sees it in the JoinGroup response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSubscription {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub subscription: Subscription,
}

/// The assignment strategies this client offers, named as in `partition.assignment.strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignor {
    Range,
    RoundRobin,
}

impl Assignor {
    /// The protocol name sent in JoinGroup.
    pub fn name(self) -> &'static str {
        match self {
            Assignor::Range => "range",
            Assignor::RoundRobin => "roundrobin",
        }
    }

    pub fn from_name(name: &str) -> Option<Assignor> {
        match name {
            "range" => Some(Assignor::Range),
            "roundrobin" => Some(Assignor::RoundRobin),
            _ => None,
        }
    }

    /// Parse `partition.assignment.strategy`: a comma-separated list of names or Java class
    /// names (`org.apache.kafka.clients.consumer.RangeAssignor`).
    pub fn parse_list(value: &str) -> Result<Vec<Assignor>, String> {
        let mut out = Vec::new();
        for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let short = item.rsplit('.').next().unwrap_or(item);
            let a = match short {
                "range" | "RangeAssignor" => Assignor::Range,
                "roundrobin" | "RoundRobinAssignor" => Assignor::RoundRobin,
                _ => {
                    return Err(format!(
                        "unsupported partition.assignment.strategy '{item}': expected range or roundrobin"
                    ));
                }
            };
            if !out.contains(&a) {
                out.push(a);
            }
        }
        if out.is_empty() {
            return Err("partition.assignment.strategy is empty".into());
        }
        Ok(out)
    }

    /// Assign the partitions of every subscribed topic. `partitions` maps the topics known to
    /// the cluster to their partition ids; subscribed topics missing from it are skipped.
    /// Every member appears in the result, possibly with nothing.
    pub fn assign(
        self,
        members: &[MemberSubscription],
        partitions: &BTreeMap<String, Vec<i32>>,
    ) -> BTreeMap<String, Vec<TopicPartitions>> {
        let mut sorted: Vec<&MemberSubscription> = members.iter().collect();
        sorted.sort_by(|a, b| member_order(a, b));
        let pairs = match self {
            Assignor::Range => range(&sorted, partitions),
            Assignor::RoundRobin => round_robin(&sorted, partitions),
        };
        let mut out: BTreeMap<String, Vec<TopicPartitions>> = members
            .iter()
            .map(|m| (m.member_id.clone(), Vec::new()))
            .collect();
        for (member, topic, partition) in pairs {
            let list = out.entry(member).or_default();
            match list.iter_mut().find(|tp| tp.topic == topic) {
                Some(tp) => tp.partitions.push(partition),
                None => list.push(TopicPartitions {
                    topic,
                    partitions: vec![partition],
                }),
            }
        }
        out
    }
}

/// Java's `MemberInfo.compareTo`.
fn member_order(a: &MemberSubscription, b: &MemberSubscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.member_id.cmp(&b.member_id),
    }
}

fn subscribes(m: &MemberSubscription, topic: &str) -> bool {
    m.subscription.topics.iter().any(|t| t == topic)
}

/// Each topic on its own: its partitions split into contiguous ranges over the members that
/// subscribe to it, the first `n % members` members getting one extra.
fn range(
    members: &[&MemberSubscription],
    partitions: &BTreeMap<String, Vec<i32>>,
) -> Vec<(String, String, i32)> {
    let mut out = Vec::new();
    for (topic, parts) in partitions {
        let consumers: Vec<&&MemberSubscription> =
            members.iter().filter(|m| subscribes(m, topic)).collect();
        if consumers.is_empty() {
            continue;
        }
        let mut parts = parts.clone();
        parts.sort_unstable();
        let per = parts.len() / consumers.len();
        let extra = parts.len() % consumers.len();
        for (i, m) in consumers.iter().enumerate() {
            let start = per * i + i.min(extra);
            let len = per + usize::from(i < extra);
            for &p in parts.iter().skip(start).take(len) {
                out.push((m.member_id.clone(), topic.clone(), p));
            }
        }
    }
    out
}

/// All partitions of all subscribed topics, sorted by topic then partition, dealt out in turn
/// to the members, skipping members that do not subscribe to a partition's topic.
fn round_robin(
    members: &[&MemberSubscription],
    partitions: &BTreeMap<String, Vec<i32>>,
) -> Vec<(String, String, i32)> {
    let subscribed: BTreeSet<&str> = members
        .iter()
        .flat_map(|m| m.subscription.topics.iter().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    if members.is_empty() {
        return out;
    }
    let mut next = 0usize;
    for topic in subscribed {
        let Some(parts) = partitions.get(topic) else {
            continue;
        };
        let mut parts = parts.clone();
        parts.sort_unstable();
        for p in parts {
            // At least one member subscribes to `topic`, so this ends within one lap.
            for _ in 0..members.len() {
                let m = members.get(next % members.len());
                next = next.wrapping_add(1);
                if let Some(m) = m.filter(|m| subscribes(m, topic)) {
                    out.push((m.member_id.clone(), topic.to_string(), p));
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, topics: &[&str]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            group_instance_id: None,
            subscription: Subscription {
                topics: topics.iter().map(|t| t.to_string()).collect(),
                ..Subscription::default()
            },
        }
    }

    fn parts(spec: &[(&str, i32)]) -> BTreeMap<String, Vec<i32>> {
        spec.iter()
            .map(|(t, n)| (t.to_string(), (0..*n).collect()))
            .collect()
    }

    fn flat(a: &BTreeMap<String, Vec<TopicPartitions>>, m: &str) -> Vec<String> {
        a.get(m)
            .unwrap()
            .iter()
            .flat_map(|tp| {
                tp.partitions
                    .iter()
                    .map(move |p| format!("{}{}", tp.topic, p))
            })
            .collect()
    }

    #[test]
    fn range_gives_the_first_members_the_extra_partitions() {
        // Kafka's RangeAssignor javadoc example: two consumers, two topics of 3 partitions.
        let members = [member("C1", &["t0", "t1"]), member("C0", &["t0", "t1"])];
        let a = Assignor::Range.assign(&members, &parts(&[("t0", 3), ("t1", 3)]));
        assert_eq!(flat(&a, "C0"), ["t00", "t01", "t10", "t11"]);
        assert_eq!(flat(&a, "C1"), ["t02", "t12"]);
    }

    #[test]
    fn range_splits_seven_partitions_over_three_members() {
        let members = [
            member("a", &["t"]),
            member("b", &["t"]),
            member("c", &["t"]),
        ];
        let a = Assignor::Range.assign(&members, &parts(&[("t", 7)]));
        assert_eq!(flat(&a, "a"), ["t0", "t1", "t2"]);
        assert_eq!(flat(&a, "b"), ["t3", "t4"]);
        assert_eq!(flat(&a, "c"), ["t5", "t6"]);
    }

    #[test]
    fn range_leaves_surplus_members_empty_and_skips_unknown_topics() {
        let members = [
            member("a", &["t", "missing"]),
            member("b", &["t"]),
            member("c", &["t"]),
        ];
        let a = Assignor::Range.assign(&members, &parts(&[("t", 2)]));
        assert_eq!(flat(&a, "a"), ["t0"]);
        assert_eq!(flat(&a, "b"), ["t1"]);
        assert!(flat(&a, "c").is_empty(), "every member is in the result");
    }

    #[test]
    fn static_members_sort_first_by_instance_id() {
        let mut s = member("zzz", &["t"]);
        s.group_instance_id = Some("instance-b".into());
        let mut s2 = member("yyy", &["t"]);
        s2.group_instance_id = Some("instance-a".into());
        let members = [member("aaa", &["t"]), s, s2];
        let a = Assignor::Range.assign(&members, &parts(&[("t", 3)]));
        assert_eq!(flat(&a, "yyy"), ["t0"]);
        assert_eq!(flat(&a, "zzz"), ["t1"]);
        assert_eq!(flat(&a, "aaa"), ["t2"]);
    }

    #[test]
    fn round_robin_deals_across_topics() {
        // Kafka's RoundRobinAssignor javadoc example.
        let members = [member("C0", &["t0", "t1"]), member("C1", &["t0", "t1"])];
        let a = Assignor::RoundRobin.assign(&members, &parts(&[("t0", 3), ("t1", 3)]));
        assert_eq!(flat(&a, "C0"), ["t00", "t02", "t11"]);
        assert_eq!(flat(&a, "C1"), ["t01", "t10", "t12"]);
    }

    #[test]
    fn round_robin_skips_members_not_subscribed() {
        // The javadoc's unequal-subscription example: C0 t0; C1 t0,t1; C2 t0,t1,t2.
        let members = [
            member("C0", &["t0"]),
            member("C1", &["t0", "t1"]),
            member("C2", &["t0", "t1", "t2"]),
        ];
        let a = Assignor::RoundRobin.assign(&members, &parts(&[("t0", 1), ("t1", 2), ("t2", 3)]));
        assert_eq!(flat(&a, "C0"), ["t00"]);
        assert_eq!(flat(&a, "C1"), ["t10"]);
        assert_eq!(flat(&a, "C2"), ["t11", "t20", "t21", "t22"]);
    }

    #[test]
    fn strategy_lists_accept_names_and_java_classes() {
        assert_eq!(
            Assignor::parse_list("org.apache.kafka.clients.consumer.RoundRobinAssignor, range"),
            Ok(vec![Assignor::RoundRobin, Assignor::Range])
        );
        assert!(Assignor::parse_list("cooperative-sticky").is_err());
        assert!(Assignor::parse_list("").is_err());
    }
}
