//! Coordinator tests without I/O: an appender that keeps records in memory.

use std::cell::RefCell;
use std::collections::BTreeMap;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;

use super::classic::{ClassicConfig, JoinRequest, JoinResult};
use super::consumer::ConsumerConfig;
use super::offsets::{CommitPartition, CommitRequest};
use super::*;

#[derive(Default)]
struct MemLog(RefCell<Vec<(i32, Bytes, Option<Bytes>)>>);

impl Appender for MemLog {
    fn append(&self, partition: i32, records: Vec<(Bytes, Option<Bytes>)>) -> Result<i64, E> {
        let mut log = self.0.borrow_mut();
        for (k, v) in records {
            log.push((partition, k, v));
        }
        Ok(log.len() as i64 - 1)
    }
}

fn settings(initial_delay: i64) -> Settings {
    Settings {
        partitions: 50,
        classic: ClassicConfig {
            initial_rebalance_delay_ms: initial_delay,
            new_member_join_timeout_ms: 300_000,
            max_size: 1000,
        },
        consumer: ConsumerConfig {
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 5000,
            max_size: 1000,
        },
        min_session_timeout_ms: 6000,
        max_session_timeout_ms: 1_800_000,
        offset_metadata_max_bytes: 4096,
        offsets_retention_ms: 7 * 24 * 3_600_000,
    }
}

fn join_req(member_id: &str, protocols: &[&str]) -> JoinRequest {
    JoinRequest {
        member_id: member_id.into(),
        group_instance_id: None,
        protocol_type: "consumer".into(),
        protocols: protocols
            .iter()
            .map(|p| (p.to_string(), Bytes::from(format!("meta-{p}"))))
            .collect(),
        session_timeout_ms: 10_000,
        rebalance_timeout_ms: 30_000,
        client_id: "client".into(),
        client_host: "/127.0.0.1".into(),
        require_known_member_id: true,
        supports_skip_assignment: false,
    }
}

fn now_result(mut p: Pending<JoinResult>) -> Option<JoinResult> {
    p.rx.try_recv().ok()
}

#[test]
fn classic_join_sync_heartbeat_leave() {
    let c = GroupCoordinator::new();
    let s = settings(100);
    let log = MemLog::default();
    // First join: MEMBER_ID_REQUIRED with a generated id.
    let r = now_result(c.join("g", join_req("", &["range"]), &s, &log, 0)).unwrap();
    assert_eq!(r.error, E::MemberIdRequired.code());
    let a = r.member_id.clone();
    assert!(a.starts_with("client-"));
    // Rejoin with the id: parked until the initial rebalance delay passes.
    let mut pa = c.join("g", join_req(&a, &["range", "roundrobin"]), &s, &log, 1);
    assert!(pa.rx.try_recv().is_err());
    let r = now_result(c.join("g", join_req("", &["roundrobin", "range"]), &s, &log, 2)).unwrap();
    let b = r.member_id.clone();
    let mut pb = c.join("g", join_req(&b, &["roundrobin", "range"]), &s, &log, 3);
    c.tick(&NoTopics, &s, &log, 120);
    // The delay was extended because b arrived; the next tick completes the join.
    c.tick(&NoTopics, &s, &log, 250);
    let ra = pa.rx.try_recv().unwrap();
    let rb = pb.rx.try_recv().unwrap();
    assert_eq!((ra.error, rb.error), (0, 0));
    assert_eq!(ra.generation, 1);
    assert_eq!(ra.leader, a, "the first member to join leads");
    assert_eq!(ra.members.len(), 2);
    assert!(rb.members.is_empty());
    // Both list range and roundrobin; one vote each, the first voted wins: range.
    assert_eq!(ra.protocol_name.as_deref(), Some("range"));
    // Heartbeat before sync is fine; wrong generation is not.
    assert_eq!(c.heartbeat("g", &b, None, 1, 300), Ok(()));
    assert_eq!(
        c.heartbeat("g", &b, None, 7, 300),
        Err(E::IllegalGeneration)
    );
    assert_eq!(
        c.heartbeat("g", "stranger", None, 1, 300),
        Err(E::UnknownMemberId)
    );
    // Follower syncs first and waits; the leader's sync releases both.
    let mut sb = c.sync(
        "g",
        &b,
        None,
        1,
        Some("consumer"),
        Some("range"),
        vec![],
        &s,
        &log,
        310,
    );
    assert!(sb.rx.try_recv().is_err());
    let assignments = vec![
        (a.clone(), Bytes::from_static(b"A")),
        (b.clone(), Bytes::from_static(b"B")),
    ];
    let mut sa = c.sync(
        "g",
        &a,
        None,
        1,
        Some("consumer"),
        Some("range"),
        assignments,
        &s,
        &log,
        320,
    );
    assert_eq!(
        sa.rx.try_recv().unwrap().assignment,
        Bytes::from_static(b"A")
    );
    assert_eq!(
        sb.rx.try_recv().unwrap().assignment,
        Bytes::from_static(b"B")
    );
    assert!(sa.durable.is_some(), "the assignment is persisted");
    c.with_state(|st| assert_eq!(st.groups["g"].state_name(), "Stable"));
    // b leaves: a must rejoin.
    assert_eq!(
        c.leave("g", &[(b.clone(), None)], &s, &log, 400).unwrap(),
        vec![Ok(())]
    );
    assert_eq!(
        c.heartbeat("g", &a, None, 1, 410),
        Err(E::RebalanceInProgress)
    );
    let mut pa = c.join("g", join_req(&a, &["range"]), &s, &log, 420);
    let ra = pa.rx.try_recv().unwrap();
    assert_eq!(ra.generation, 2);
    assert_eq!(ra.members.len(), 1);
}

#[test]
fn inconsistent_protocols_and_session_timeouts() {
    let c = GroupCoordinator::new();
    let s = settings(0);
    let log = MemLog::default();
    let a = now_result(c.join("g", join_req("", &["range"]), &s, &log, 0))
        .unwrap()
        .member_id;
    let _pa = c.join("g", join_req(&a, &["range"]), &s, &log, 0);
    c.tick(&NoTopics, &s, &log, 1);
    let other = now_result(c.join("g", join_req("", &["sticky"]), &s, &log, 2)).unwrap();
    assert_eq!(other.error, E::InconsistentGroupProtocol.code());
    let mut bad = join_req("", &["range"]);
    bad.session_timeout_ms = 10;
    assert_eq!(
        now_result(c.join("g", bad, &s, &log, 2)).unwrap().error,
        E::InvalidSessionTimeout.code()
    );
    // a never syncs or heartbeats: after the sync deadline it is removed and the group empties.
    c.tick(&NoTopics, &s, &log, 100_000);
    c.with_state(|st| assert_eq!(st.groups["g"].state_name(), "Empty"));
}

struct NoTopics;
impl consumer::TopicLookup for NoTopics {
    fn topic(&self, _name: &str) -> Option<(uuid::Uuid, i32)> {
        None
    }
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

fn commit(
    c: &GroupCoordinator,
    group: &str,
    generation: i32,
    member: &str,
    parts: &[(&str, i32, i64, usize)],
    log: &MemLog,
) -> Vec<Result<(), E>> {
    let req = CommitRequest {
        group_id: group.into(),
        generation_or_epoch: generation,
        member_id: member.into(),
        instance_id: None,
        version: 8,
    };
    let parts: Vec<CommitPartition> = parts
        .iter()
        .map(|(t, p, o, meta)| CommitPartition {
            topic: t.to_string(),
            partition: *p,
            offset: *o,
            leader_epoch: -1,
            metadata: Some("m".repeat(*meta)),
        })
        .collect();
    c.commit(&req, &parts, &|t, _| t != "missing", &settings(0), log, 5)
        .0
}

#[test]
fn commits_are_validated_per_partition_and_replayed() {
    let c = GroupCoordinator::new();
    let log = MemLog::default();
    let codes = commit(
        &c,
        "simple",
        -1,
        "",
        &[("t", 0, 10, 1), ("t", 1, 20, 5000), ("missing", 0, 1, 0)],
        &log,
    );
    assert_eq!(
        codes,
        vec![
            Ok(()),
            Err(E::OffsetMetadataTooLarge),
            Err(E::UnknownTopicOrPartition)
        ]
    );
    // A member of an unknown group with a generation: ILLEGAL_GENERATION (v8).
    assert_eq!(
        commit(&c, "nogroup", 3, "m", &[("t", 0, 1, 0)], &log),
        vec![Err(E::IllegalGeneration)]
    );
    let got = c
        .fetch_offsets("simple", Some(&[("t".to_string(), vec![0, 1])]), None)
        .unwrap();
    assert_eq!(got[0].2.as_ref().unwrap().offset, 10);
    assert!(got[1].2.is_none());
    // Replaying the log rebuilds the same state.
    let c2 = GroupCoordinator::new();
    for (_, k, v) in log.0.borrow().iter() {
        c2.replay(k.clone(), v.clone(), 0);
    }
    assert_eq!(
        c2.fetch_offsets("simple", None, None).unwrap(),
        c.fetch_offsets("simple", None, None).unwrap()
    );
    // Deleting the group writes tombstones that replay too.
    assert_eq!(c.delete_group("simple", &settings(0), &log, 6).0, Ok(()));
    assert_eq!(
        c.delete_group("simple", &settings(0), &log, 6).0,
        Err(E::GroupIdNotFound)
    );
    let c3 = GroupCoordinator::new();
    for (_, k, v) in log.0.borrow().iter() {
        c3.replay(k.clone(), v.clone(), 0);
    }
    assert!(c3.fetch_offsets("simple", None, None).unwrap().is_empty());
}

#[test]
fn offsets_of_an_empty_group_expire_after_retention() {
    let c = GroupCoordinator::new();
    let log = MemLog::default();
    commit(&c, "g", -1, "", &[("t", 0, 10, 0)], &log);
    let mut s = settings(0);
    s.offsets_retention_ms = 1000;
    c.expire_offsets(&s, &log, 500);
    assert_eq!(c.fetch_offsets("g", None, None).unwrap().len(), 1);
    c.expire_offsets(&s, &log, 5000);
    assert!(c.fetch_offsets("g", None, None).unwrap().is_empty());
    c.with_state(|st| assert!(!st.groups.contains_key("g")));
}

struct OneTopic(uuid::Uuid);
impl consumer::TopicLookup for OneTopic {
    fn topic(&self, name: &str) -> Option<(uuid::Uuid, i32)> {
        (name == "t").then_some((self.0, 4))
    }
    fn names(&self) -> Vec<String> {
        vec!["t".into()]
    }
}

fn hb(member: &str, epoch: i32, owned: Option<Vec<(uuid::Uuid, Vec<i32>)>>) -> HeartbeatRequest {
    HeartbeatRequest {
        member_id: member.into(),
        member_epoch: epoch,
        rebalance_timeout_ms: 30_000,
        subscribed_topic_names: Some(vec!["t".into()]),
        owned,
        client_id: "rdkafka".into(),
        client_host: "/127.0.0.1".into(),
        ..Default::default()
    }
}

/// Partitions a member reports owning, as in a heartbeat.
type Owned = Vec<(uuid::Uuid, Vec<i32>)>;

fn owned(a: &Option<assignor::Assignment>) -> Owned {
    a.iter()
        .flatten()
        .map(|(t, ps)| (*t, ps.iter().copied().collect()))
        .collect()
}

#[test]
fn consumer_group_members_survive_a_restart() {
    let topic = OneTopic(uuid::Uuid::from_u128(42));
    let s = settings(0);
    let log = MemLog::default();
    let c = GroupCoordinator::new();
    // Two members settle: each owns two of the four partitions. Each heartbeat reports what
    // the member owns, as a client does after applying its last assignment.
    let mut mine: BTreeMap<&str, (i32, Owned)> = BTreeMap::new();
    for (i, m) in ["a", "b", "a", "b", "a", "b", "a", "b"]
        .into_iter()
        .enumerate()
    {
        let (epoch, have) = mine.get(m).cloned().unwrap_or((0, vec![]));
        let r = c.consumer_heartbeat(
            "g",
            hb(m, epoch, Some(have.clone())),
            &topic,
            &s,
            &log,
            i as i64,
        );
        assert!(r.error.is_none(), "{:?}", r.error);
        let have = if r.assignment.is_some() {
            owned(&r.assignment)
        } else {
            have
        };
        mine.insert(m, (r.member_epoch, have));
    }
    let (a, b) = (mine["a"].clone(), mine["b"].clone());
    let (ea, eb) = (a.0, b.0);
    let before = c.with_state(|st| match &st.groups["g"] {
        Group::Consumer(g) => (
            g.epoch,
            g.state().name(),
            g.members["a"].assigned.clone(),
            g.members["b"].assigned.clone(),
        ),
        _ => panic!("not a consumer group"),
    });
    assert_eq!(before.1, "Stable");
    assert_eq!(before.2.values().map(|p| p.len()).sum::<usize>(), 2);
    assert_eq!(before.3.values().map(|p| p.len()).sum::<usize>(), 2);
    // A heartbeat that changes nothing writes nothing.
    let n = log.0.borrow().len();
    c.consumer_heartbeat("g", hb("a", ea, None), &topic, &s, &log, 6);
    assert_eq!(log.0.borrow().len(), n);

    // Restart: replay everything into a new coordinator.
    let c2 = GroupCoordinator::new();
    for (_, k, v) in log.0.borrow().iter() {
        c2.replay(k.clone(), v.clone(), 100);
    }
    c2.restart_sessions(|_| 45_000, 100);
    c2.with_state(|st| match &st.groups["g"] {
        Group::Consumer(g) => {
            assert_eq!(g.epoch, before.0);
            assert_eq!(g.members.len(), 2);
            assert_eq!(g.members["a"].epoch, ea);
            assert_eq!(g.members["a"].assigned, before.2);
            assert_eq!(g.members["b"].assigned, before.3);
            assert_eq!(g.members["a"].client_id, "rdkafka");
        }
        _ => panic!("not a consumer group"),
    });
    // The members carry on with their epochs and keep their partitions.
    let a2 = c2.consumer_heartbeat("g", hb("a", ea, Some(a.1.clone())), &topic, &s, &log, 200);
    assert!(a2.error.is_none(), "{:?}", a2.error);
    let b2 = c2.consumer_heartbeat("g", hb("b", eb, Some(b.1.clone())), &topic, &s, &log, 201);
    assert!(b2.error.is_none(), "{:?}", b2.error);
    c2.with_state(|st| match &st.groups["g"] {
        Group::Consumer(g) => {
            assert_eq!(g.members["a"].assigned, before.2);
            assert_eq!(g.members["b"].assigned, before.3);
        }
        _ => panic!("not a consumer group"),
    });
    // A member that never comes back is fenced after the session timeout, and its
    // tombstones replay: a third start has one member.
    c2.consumer_heartbeat(
        "g",
        hb("a", a2.member_epoch, None),
        &topic,
        &s,
        &log,
        40_000,
    );
    c2.tick(&topic, &s, &log, 45_500);
    let c3 = GroupCoordinator::new();
    for (_, k, v) in log.0.borrow().iter() {
        c3.replay(k.clone(), v.clone(), 50_000);
    }
    c3.restart_sessions(|_| 45_000, 50_000);
    c3.with_state(|st| match &st.groups["g"] {
        Group::Consumer(g) => assert_eq!(g.members.keys().collect::<Vec<_>>(), ["a"]),
        _ => panic!("not a consumer group"),
    });
}
