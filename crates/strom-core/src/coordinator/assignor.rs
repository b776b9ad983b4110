//! Server-side assignors of the consumer group protocol (KIP-848): `uniform` (the default:
//! balanced and sticky) and `range` (contiguous ranges per topic, as the classic range
//! assignor hands them out).

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

/// A topic's partitions, per topic id.
pub type Assignment = BTreeMap<Uuid, BTreeSet<i32>>;

/// One member as the assignor sees it.
#[derive(Clone, Debug)]
pub struct MemberSpec {
    pub member_id: String,
    pub subscribed: BTreeSet<Uuid>,
    /// What the member owns now (kept where possible by the sticky assignor).
    pub current: Assignment,
}

pub const UNIFORM: &str = "uniform";
pub const RANGE: &str = "range";

pub fn is_known(name: &str) -> bool {
    name == UNIFORM || name == RANGE
}

/// Compute the target assignment. `topics` maps subscribed topic ids to partition counts.
pub fn assign(
    name: &str,
    members: &[MemberSpec],
    topics: &BTreeMap<Uuid, i32>,
) -> BTreeMap<String, Assignment> {
    if name == RANGE {
        range(members, topics)
    } else {
        uniform(members, topics)
    }
}

fn range(members: &[MemberSpec], topics: &BTreeMap<Uuid, i32>) -> BTreeMap<String, Assignment> {
    let mut out: BTreeMap<String, Assignment> = members
        .iter()
        .map(|m| (m.member_id.clone(), Assignment::new()))
        .collect();
    for (topic, count) in topics {
        let mut subs: Vec<&MemberSpec> = members
            .iter()
            .filter(|m| m.subscribed.contains(topic))
            .collect();
        if subs.is_empty() {
            continue;
        }
        subs.sort_by(|a, b| a.member_id.cmp(&b.member_id));
        let n = subs.len() as i32;
        let (per, extra) = (count / n, count % n);
        let mut next = 0;
        for (i, m) in subs.iter().enumerate() {
            let take = per + i32::from((i as i32) < extra);
            let parts: BTreeSet<i32> = (next..next + take).collect();
            next += take;
            if !parts.is_empty() {
                out.entry(m.member_id.clone())
                    .or_default()
                    .insert(*topic, parts);
            }
        }
    }
    out
}

fn uniform(members: &[MemberSpec], topics: &BTreeMap<Uuid, i32>) -> BTreeMap<String, Assignment> {
    let mut sorted: Vec<&MemberSpec> = members.iter().collect();
    sorted.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    let mut owned: BTreeMap<String, BTreeSet<(Uuid, i32)>> = BTreeMap::new();
    let mut taken: BTreeSet<(Uuid, i32)> = BTreeSet::new();
    // 1. Keep what each member owns, if it is still valid and not claimed twice.
    for m in &sorted {
        let mut mine = BTreeSet::new();
        for (t, ps) in &m.current {
            let Some(count) = topics.get(t) else { continue };
            if !m.subscribed.contains(t) {
                continue;
            }
            for p in ps {
                if *p < *count && taken.insert((*t, *p)) {
                    mine.insert((*t, *p));
                }
            }
        }
        owned.insert(m.member_id.clone(), mine);
    }
    let homogeneous = sorted
        .windows(2)
        .all(|w| w.first().map(|a| &a.subscribed) == w.get(1).map(|b| &b.subscribed));
    let all: Vec<(Uuid, i32)> = topics
        .iter()
        .filter(|(t, _)| sorted.iter().any(|m| m.subscribed.contains(t)))
        .flat_map(|(t, c)| (0..*c).map(move |p| (*t, p)))
        .collect();
    if homogeneous && !sorted.is_empty() {
        // 2. Quotas: floor or ceil of the average; the members owning the most get the ceil.
        let n = sorted.len();
        let (base, extra) = (all.len() / n, all.len() % n);
        let mut by_owned: Vec<&str> = sorted.iter().map(|m| m.member_id.as_str()).collect();
        by_owned.sort_by(|a, b| {
            let ca = owned.get(*a).map_or(0, BTreeSet::len);
            let cb = owned.get(*b).map_or(0, BTreeSet::len);
            cb.cmp(&ca).then(a.cmp(b))
        });
        let quota: BTreeMap<String, usize> = by_owned
            .iter()
            .enumerate()
            .map(|(i, id)| (id.to_string(), base + usize::from(i < extra)))
            .collect();
        // 3. Give back what exceeds the quota.
        for (id, parts) in owned.iter_mut() {
            let q = quota.get(id).copied().unwrap_or(0);
            while parts.len() > q {
                if let Some(last) = parts.iter().next_back().copied() {
                    parts.remove(&last);
                    taken.remove(&last);
                }
            }
        }
        // 4. Hand out the free partitions to members under quota.
        for tp in &all {
            if taken.contains(tp) {
                continue;
            }
            let target = by_owned
                .iter()
                .filter(|id| {
                    owned.get(**id).map_or(0, BTreeSet::len) < quota.get(**id).copied().unwrap_or(0)
                })
                .min_by_key(|id| (owned.get(**id).map_or(0, BTreeSet::len), **id));
            if let Some(id) = target {
                owned.entry(id.to_string()).or_default().insert(*tp);
                taken.insert(*tp);
            }
        }
    } else {
        // Different subscriptions: each free partition goes to the least loaded subscriber.
        for tp in &all {
            if taken.contains(tp) {
                continue;
            }
            let target = sorted
                .iter()
                .filter(|m| m.subscribed.contains(&tp.0))
                .min_by_key(|m| {
                    (
                        owned.get(&m.member_id).map_or(0, BTreeSet::len),
                        m.member_id.clone(),
                    )
                });
            if let Some(m) = target {
                owned.entry(m.member_id.clone()).or_default().insert(*tp);
                taken.insert(*tp);
            }
        }
    }
    owned
        .into_iter()
        .map(|(id, parts)| {
            let mut a = Assignment::new();
            for (t, p) in parts {
                a.entry(t).or_default().insert(p);
            }
            (id, a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, topics: &[Uuid], current: &[(Uuid, i32)]) -> MemberSpec {
        let mut a = Assignment::new();
        for (t, p) in current {
            a.entry(*t).or_default().insert(*p);
        }
        MemberSpec {
            member_id: id.into(),
            subscribed: topics.iter().copied().collect(),
            current: a,
        }
    }

    fn count(a: &Assignment) -> usize {
        a.values().map(BTreeSet::len).sum()
    }

    #[test]
    fn uniform_balances_and_covers_every_partition_once() {
        let t = Uuid::new_v4();
        let topics = BTreeMap::from([(t, 7)]);
        let out = uniform(
            &[
                member("a", &[t], &[]),
                member("b", &[t], &[]),
                member("c", &[t], &[]),
            ],
            &topics,
        );
        let counts: Vec<usize> = out.values().map(count).collect();
        assert_eq!(counts.iter().sum::<usize>(), 7);
        assert!(counts.iter().all(|c| *c == 2 || *c == 3));
        let mut seen = BTreeSet::new();
        for a in out.values() {
            for p in &a[&t] {
                assert!(seen.insert(*p));
            }
        }
    }

    #[test]
    fn uniform_is_sticky_when_a_member_joins() {
        let t = Uuid::new_v4();
        let topics = BTreeMap::from([(t, 6)]);
        let before = [
            member("a", &[t], &[(t, 0), (t, 1), (t, 2)]),
            member("b", &[t], &[(t, 3), (t, 4), (t, 5)]),
        ];
        let mut with_c = before.to_vec();
        with_c.push(member("c", &[t], &[]));
        let out = uniform(&with_c, &topics);
        // a and b each give up one partition; nothing else moves.
        assert!(out["a"][&t].is_subset(&BTreeSet::from([0, 1, 2])));
        assert!(out["b"][&t].is_subset(&BTreeSet::from([3, 4, 5])));
        assert_eq!(count(&out["c"]), 2);
    }

    #[test]
    fn heterogeneous_subscriptions_only_get_their_topics() {
        let (t1, t2) = (Uuid::new_v4(), Uuid::new_v4());
        let topics = BTreeMap::from([(t1, 2), (t2, 2)]);
        let out = uniform(
            &[member("a", &[t1], &[]), member("b", &[t1, t2], &[])],
            &topics,
        );
        assert!(!out["a"].contains_key(&t2));
        assert_eq!(count(&out["a"]) + count(&out["b"]), 4);
    }

    #[test]
    fn range_gives_contiguous_ranges() {
        let t = Uuid::new_v4();
        let topics = BTreeMap::from([(t, 5)]);
        let out = range(&[member("b", &[t], &[]), member("a", &[t], &[])], &topics);
        assert_eq!(out["a"][&t], BTreeSet::from([0, 1, 2]));
        assert_eq!(out["b"][&t], BTreeSet::from([3, 4]));
    }
}
