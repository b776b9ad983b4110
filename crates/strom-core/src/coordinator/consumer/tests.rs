use super::*;

struct Topics(BTreeMap<String, (Uuid, i32)>);
impl TopicLookup for Topics {
    fn topic(&self, name: &str) -> Option<(Uuid, i32)> {
        self.0.get(name).copied()
    }
    fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

const CFG: ConsumerConfig = ConsumerConfig {
    session_timeout_ms: 45_000,
    heartbeat_interval_ms: 5000,
    max_size: 100,
};

fn join(g: &mut ConsumerGroup, id: &str, topics: &Topics, now: i64) -> HeartbeatResult {
    g.heartbeat(
        HeartbeatRequest {
            member_id: id.into(),
            member_epoch: 0,
            rebalance_timeout_ms: 30_000,
            subscribed_topic_names: Some(vec!["t".into()]),
            owned: Some(vec![]),
            ..Default::default()
        },
        topics,
        &CFG,
        now,
    )
}

fn beat(
    g: &mut ConsumerGroup,
    id: &str,
    epoch: i32,
    owned: &Assignment,
    topics: &Topics,
    now: i64,
) -> HeartbeatResult {
    let owned = owned
        .iter()
        .map(|(t, ps)| (*t, ps.iter().copied().collect()))
        .collect();
    g.heartbeat(
        HeartbeatRequest {
            member_id: id.into(),
            member_epoch: epoch,
            rebalance_timeout_ms: -1,
            owned: Some(owned),
            ..Default::default()
        },
        topics,
        &CFG,
        now,
    )
}

fn count(a: &Assignment) -> usize {
    a.values().map(BTreeSet::len).sum()
}

#[test]
fn a_second_member_gets_partitions_only_after_the_first_revokes() {
    let t = Uuid::new_v4();
    let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
    let mut g = ConsumerGroup::new("g", 0);
    let a = join(&mut g, "a", &topics, 0);
    assert_eq!(a.member_epoch, 1);
    let a_parts = a.assignment.unwrap();
    assert_eq!(count(&a_parts), 4);
    assert_eq!(g.state(), ConsumerState::Stable);

    let b = join(&mut g, "b", &topics, 1);
    // b's partitions are still owned by a: nothing yet.
    assert_eq!(count(&b.assignment.unwrap()), 0);
    assert_eq!(g.state(), ConsumerState::Reconciling);
    // a is asked to revoke two partitions and keeps its epoch.
    let a2 = beat(&mut g, "a", 1, &a_parts, &topics, 2);
    assert_eq!(a2.member_epoch, 1);
    let kept = a2.assignment.unwrap();
    assert_eq!(count(&kept), 2);
    // a acknowledges by reporting only what it kept: it moves to epoch 2.
    let a3 = beat(&mut g, "a", 1, &kept, &topics, 3);
    assert_eq!(a3.member_epoch, 2);
    // Now b gets the released partitions.
    let b2 = beat(&mut g, "b", b.member_epoch, &Assignment::new(), &topics, 4);
    assert_eq!(count(&b2.assignment.unwrap()), 2);
    assert_eq!(g.state(), ConsumerState::Stable);
}

#[test]
fn epochs_are_checked() {
    let t = Uuid::new_v4();
    let topics = Topics(BTreeMap::from([("t".to_string(), (t, 2))]));
    let mut g = ConsumerGroup::new("g", 0);
    join(&mut g, "a", &topics, 0);
    let r = beat(&mut g, "a", 7, &Assignment::new(), &topics, 1);
    assert_eq!(r.error.unwrap().0, E::FencedMemberEpoch);
    let r = beat(&mut g, "nobody", 1, &Assignment::new(), &topics, 1);
    assert_eq!(r.error.unwrap().0, E::UnknownMemberId);
    assert_eq!(g.validate_commit("a", 0, true), Err(E::StaleMemberEpoch));
    assert_eq!(g.validate_commit("a", 1, false), Err(E::UnsupportedVersion));
    assert_eq!(g.validate_commit("a", 1, true), Ok(()));
}

#[test]
fn leaving_and_timing_out_hand_partitions_back() {
    let t = Uuid::new_v4();
    let topics = Topics(BTreeMap::from([("t".to_string(), (t, 2))]));
    let mut g = ConsumerGroup::new("g", 0);
    let a = join(&mut g, "a", &topics, 0);
    let b = join(&mut g, "b", &topics, 0);
    let a_parts = a.assignment.unwrap();
    beat(&mut g, "a", a.member_epoch, &a_parts, &topics, 1);
    let r = g.heartbeat(
        HeartbeatRequest {
            member_id: "a".into(),
            member_epoch: -1,
            ..Default::default()
        },
        &topics,
        &CFG,
        2,
    );
    assert_eq!(r.member_epoch, -1);
    let b2 = beat(&mut g, "b", b.member_epoch, &Assignment::new(), &topics, 3);
    assert_eq!(count(&b2.assignment.unwrap()), 2);
    assert_eq!(
        g.tick(&topics, 3 + CFG.session_timeout_ms),
        vec!["b".to_string()]
    );
    assert_eq!(g.state(), ConsumerState::Empty);
}

fn static_hb(id: &str, instance: &str, epoch: i32) -> HeartbeatRequest {
    HeartbeatRequest {
        member_id: id.into(),
        member_epoch: epoch,
        instance_id: Some(instance.into()),
        rebalance_timeout_ms: 30_000,
        subscribed_topic_names: (epoch == 0).then(|| vec!["t".into()]),
        owned: Some(vec![]),
        ..Default::default()
    }
}

/// Two static members sharing 4 partitions, both stable.
fn two_static(topics: &Topics) -> (ConsumerGroup, Assignment, Assignment) {
    let mut g = ConsumerGroup::new("g", 0);
    let a = g.heartbeat(static_hb("a", "ia", 0), topics, &CFG, 0);
    let b = g.heartbeat(static_hb("b", "ib", 0), topics, &CFG, 0);
    let a_all = a.assignment.unwrap();
    let kept = beat(&mut g, "a", 1, &a_all, topics, 1).assignment.unwrap();
    beat(&mut g, "a", 1, &kept, topics, 2);
    let b_parts = beat(&mut g, "b", b.member_epoch, &Assignment::new(), topics, 3)
        .assignment
        .unwrap();
    assert_eq!((count(&kept), count(&b_parts)), (2, 2));
    assert_eq!(g.state(), ConsumerState::Stable);
    (g, kept, b_parts)
}

#[test]
fn a_static_member_that_leaves_temporarily_keeps_its_partitions() {
    let t = Uuid::new_v4();
    let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
    let (mut g, a_parts, b_parts) = two_static(&topics);
    let epoch = g.epoch;
    let r = g.heartbeat(static_hb("b", "ib", LEAVE_STATIC_EPOCH), &topics, &CFG, 4);
    assert_eq!((r.error, r.member_epoch), (None, LEAVE_STATIC_EPOCH));
    assert_eq!(
        g.epoch, epoch,
        "a temporary leave does not bump the group epoch"
    );
    // The survivor does not get the absent member's partitions.
    let a = beat(&mut g, "a", 2, &a_parts, &topics, 5);
    assert_eq!(a.member_epoch, 2);
    assert!(a.assignment.is_none_or(|x| x == a_parts));
    // Another member may not take an instance id that is still in use.
    let r = g.heartbeat(static_hb("x", "ia", 0), &topics, &CFG, 6);
    assert_eq!(r.error.unwrap().0, E::UnreleasedInstanceId);
    // A new member id with the released instance id resumes with the same partitions.
    let c = g.heartbeat(static_hb("c", "ib", 0), &topics, &CFG, 7);
    assert_eq!(c.error, None);
    assert_eq!(c.member_epoch, 2);
    assert_eq!(c.assignment.unwrap(), b_parts);
    assert!(!g.members.contains_key("b"));
    assert_eq!(g.epoch, epoch);
}

#[test]
fn a_static_member_that_does_not_return_is_removed_at_its_session_timeout() {
    let t = Uuid::new_v4();
    let topics = Topics(BTreeMap::from([("t".to_string(), (t, 4))]));
    let (mut g, a_parts, _) = two_static(&topics);
    g.heartbeat(static_hb("b", "ib", LEAVE_STATIC_EPOCH), &topics, &CFG, 4);
    beat(
        &mut g,
        "a",
        2,
        &a_parts,
        &topics,
        4 + CFG.session_timeout_ms - 1,
    );
    assert_eq!(
        g.tick(&topics, 4 + CFG.session_timeout_ms),
        vec!["b".to_string()]
    );
    let a = beat(
        &mut g,
        "a",
        2,
        &a_parts,
        &topics,
        4 + CFG.session_timeout_ms + 1,
    );
    assert_eq!(count(&a.assignment.unwrap()), 4);
}
