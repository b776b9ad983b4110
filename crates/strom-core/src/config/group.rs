//! Group-level configuration (the group configs of KIP-848, `ConfigResource` type 32): the keys
//! a group may override, their defaults (the broker's `group.*` settings, as Kafka's
//! `GroupCoordinatorConfig.extractGroupConfigMap` hands them over), validation with Kafka's
//! messages (`GroupConfig.validate`), and what DescribeConfigs reports.
//!
//! Only `consumer.session.timeout.ms` and `consumer.heartbeat.interval.ms` change anything in
//! strom (the KIP-848 coordinator applies them per group); the `share.*` and `streams.*` keys
//! are validated, stored and described as Kafka does, for groups strom does not run.

use std::collections::BTreeMap;

use super::keys::{Kind, broker_key};
use super::topic::{BrokerLayers, Resolved, Source, SynonymValue};

pub const CONSUMER_SESSION_TIMEOUT_MS: &str = "consumer.session.timeout.ms";
pub const CONSUMER_HEARTBEAT_INTERVAL_MS: &str = "consumer.heartbeat.interval.ms";

/// Value checks beyond the type, as the keys' `ConfigDef` validators make them.
#[derive(Debug)]
pub enum GroupCheck {
    /// `Range.atLeast(n)`.
    AtLeast(i64),
    /// `ValidString.in(...)`.
    OneOf(&'static [&'static str]),
    /// `ShareGroupAutoOffsetResetStrategy.Validator`: `latest`, `earliest` or
    /// `by_duration:<ISO-8601 duration>`.
    AutoOffsetReset,
}

#[derive(Debug)]
pub struct GroupKey {
    pub name: &'static str,
    pub kind: Kind,
    /// The broker key whose value is this key's default, if any.
    pub broker_default: Option<&'static str>,
    /// Kafka's default when no broker key stands behind the key.
    pub default: &'static str,
    pub check: GroupCheck,
    /// Broker keys holding the smallest and largest value a group may set.
    pub min: Option<&'static str>,
    pub max: Option<&'static str>,
    pub doc: &'static str,
}

const ISOLATION_LEVELS: &[&str] = &["read_committed", "read_uncommitted"];

/// In Kafka's definition order (the order `GroupConfig` parses, and so reports, bad values).
#[rustfmt::skip]
pub const GROUP_KEYS: &[GroupKey] = &[
    GroupKey { name: CONSUMER_SESSION_TIMEOUT_MS, kind: Kind::Int, broker_default: Some("group.consumer.session.timeout.ms"), default: "45000", check: GroupCheck::AtLeast(1), min: Some("group.consumer.min.session.timeout.ms"), max: Some("group.consumer.max.session.timeout.ms"), doc: "The timeout to detect client failures when using the consumer group protocol." },
    GroupKey { name: CONSUMER_HEARTBEAT_INTERVAL_MS, kind: Kind::Int, broker_default: Some("group.consumer.heartbeat.interval.ms"), default: "5000", check: GroupCheck::AtLeast(1), min: Some("group.consumer.min.heartbeat.interval.ms"), max: Some("group.consumer.max.heartbeat.interval.ms"), doc: "The heartbeat interval given to the members of a consumer group." },
    GroupKey { name: "share.session.timeout.ms", kind: Kind::Int, broker_default: Some("group.share.session.timeout.ms"), default: "45000", check: GroupCheck::AtLeast(1), min: Some("group.share.min.session.timeout.ms"), max: Some("group.share.max.session.timeout.ms"), doc: "The timeout to detect client failures when using the share group protocol (strom has no share groups)." },
    GroupKey { name: "share.heartbeat.interval.ms", kind: Kind::Int, broker_default: Some("group.share.heartbeat.interval.ms"), default: "5000", check: GroupCheck::AtLeast(1), min: Some("group.share.min.heartbeat.interval.ms"), max: Some("group.share.max.heartbeat.interval.ms"), doc: "The heartbeat interval given to the members of a share group (strom has no share groups)." },
    GroupKey { name: "share.record.lock.duration.ms", kind: Kind::Int, broker_default: Some("group.share.record.lock.duration.ms"), default: "30000", check: GroupCheck::AtLeast(1000), min: Some("group.share.min.record.lock.duration.ms"), max: Some("group.share.max.record.lock.duration.ms"), doc: "The record acquisition lock duration in milliseconds for share groups (strom has no share groups)." },
    GroupKey { name: "share.auto.offset.reset", kind: Kind::String, broker_default: None, default: "latest", check: GroupCheck::AutoOffsetReset, min: None, max: None, doc: "The strategy to initialize the share-partition start offset: earliest, latest or by_duration:<duration> (strom has no share groups)." },
    GroupKey { name: "share.isolation.level", kind: Kind::String, broker_default: None, default: "read_uncommitted", check: GroupCheck::OneOf(ISOLATION_LEVELS), min: None, max: None, doc: "Whether a share group delivers only committed transactional records (read_committed) or all of them (strom has no share groups)." },
    GroupKey { name: "streams.session.timeout.ms", kind: Kind::Int, broker_default: Some("group.streams.session.timeout.ms"), default: "45000", check: GroupCheck::AtLeast(1), min: Some("group.streams.min.session.timeout.ms"), max: Some("group.streams.max.session.timeout.ms"), doc: "The timeout to detect client failures when using the streams group protocol (strom has no streams groups)." },
    GroupKey { name: "streams.heartbeat.interval.ms", kind: Kind::Int, broker_default: Some("group.streams.heartbeat.interval.ms"), default: "5000", check: GroupCheck::AtLeast(1), min: Some("group.streams.min.heartbeat.interval.ms"), max: Some("group.streams.max.heartbeat.interval.ms"), doc: "The heartbeat interval given to the members of a streams group (strom has no streams groups)." },
    GroupKey { name: "streams.num.standby.replicas", kind: Kind::Int, broker_default: Some("group.streams.num.standby.replicas"), default: "0", check: GroupCheck::AtLeast(0), min: None, max: Some("group.streams.max.standby.replicas"), doc: "The number of standby replicas for each task (strom has no streams groups)." },
];

/// The order `GroupConfig.validateValues` checks the bounds in.
const BOUNDS_ORDER: &[&str] = &[
    CONSUMER_HEARTBEAT_INTERVAL_MS,
    CONSUMER_SESSION_TIMEOUT_MS,
    "share.heartbeat.interval.ms",
    "share.session.timeout.ms",
    "share.record.lock.duration.ms",
    "streams.heartbeat.interval.ms",
    "streams.session.timeout.ms",
    "streams.num.standby.replicas",
];

/// (session, heartbeat): the session timeout must be greater than the heartbeat interval.
const SESSION_OVER_HEARTBEAT: &[(&str, &str)] = &[
    (CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_HEARTBEAT_INTERVAL_MS),
    ("share.session.timeout.ms", "share.heartbeat.interval.ms"),
    (
        "streams.session.timeout.ms",
        "streams.heartbeat.interval.ms",
    ),
];

pub fn group_key(name: &str) -> Option<&'static GroupKey> {
    GROUP_KEYS.iter().find(|k| k.name == name)
}

/// An integer override of a group, if set and well-formed.
pub fn int_override(overrides: &BTreeMap<String, String>, name: &str) -> Option<i64> {
    overrides.get(name).and_then(|v| v.trim().parse().ok())
}

fn broker_int(layers: &BrokerLayers, name: &str) -> i64 {
    layers
        .broker_value(name)
        .or_else(|| broker_key(name).and_then(|k| k.default).map(String::from))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The value a group without an override gets: the broker's setting behind the key, else
/// Kafka's default.
fn default_value(key: &GroupKey, layers: &BrokerLayers) -> String {
    key.broker_default
        .and_then(|b| layers.broker_value(b))
        .map_or_else(|| key.default.to_string(), |v| v.trim().to_string())
}

/// A value as Kafka prints it back (`ConfigDef.convertToString` of the parsed value).
fn canonical(key: &GroupKey, value: &str) -> String {
    match key.kind {
        Kind::Int => value
            .trim()
            .parse::<i32>()
            .map_or_else(|_| value.to_string(), |n| n.to_string()),
        _ => value.trim().to_string(),
    }
}

/// Every group key as DescribeConfigs reports it, sorted by name: an override has source
/// DYNAMIC_GROUP_CONFIG, anything else DEFAULT_CONFIG with the broker's value. The one synonym
/// is the entry itself (Kafka's `ConfigHelper.createGroupConfigEntry`).
pub fn resolve(overrides: &BTreeMap<String, String>, layers: &BrokerLayers) -> Vec<Resolved> {
    let mut out: Vec<Resolved> = GROUP_KEYS
        .iter()
        .map(|k| {
            let (value, source) = match overrides.get(k.name) {
                Some(v) => (canonical(k, v), Source::DynamicGroup),
                None => (default_value(k, layers), Source::Default),
            };
            Resolved {
                name: k.name.to_string(),
                value: Some(value.clone()),
                source,
                kind: k.kind,
                read_only: false,
                sensitive: false,
                synonyms: vec![SynonymValue {
                    name: k.name.to_string(),
                    value: Some(value),
                    source,
                }],
                doc: k.doc,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Kafka's `GroupConfig.validate` of a group's whole set of overrides after a change: names,
/// then every value's type and validator (in definition order), then the broker's bounds,
/// then session timeouts against heartbeat intervals. The error is INVALID_CONFIG's message.
pub fn validate(overrides: &BTreeMap<String, String>, layers: &BrokerLayers) -> Result<(), String> {
    if let Some(unknown) = overrides.keys().find(|k| group_key(k).is_none()) {
        return Err(format!("Unknown group config name: {unknown}"));
    }
    let mut ints: BTreeMap<&str, i64> = BTreeMap::new();
    for key in GROUP_KEYS {
        let value = overrides
            .get(key.name)
            .cloned()
            .unwrap_or_else(|| default_value(key, layers));
        key.kind.check(key.name, &value)?;
        check_value(key, &value)?;
        if key.kind == Kind::Int {
            ints.insert(key.name, value.trim().parse().unwrap_or(0));
        }
    }
    let int = |name: &str| ints.get(name).copied().unwrap_or(0);
    for name in BOUNDS_ORDER {
        let Some(key) = group_key(name) else { continue };
        let v = int(name);
        if let Some(min) = key.min
            && v < broker_int(layers, min)
        {
            return Err(format!("{name} must be greater than or equal to {min}"));
        }
        if let Some(max) = key.max
            && v > broker_int(layers, max)
        {
            return Err(format!("{name} must be less than or equal to {max}"));
        }
    }
    for (session, heartbeat) in SESSION_OVER_HEARTBEAT {
        if int(session) <= int(heartbeat) {
            return Err(format!("{session} must be greater than {heartbeat}"));
        }
    }
    Ok(())
}

fn check_value(key: &GroupKey, value: &str) -> Result<(), String> {
    let name = key.name;
    let v = value.trim();
    match key.check {
        GroupCheck::AtLeast(min) => match v.parse::<i64>() {
            Ok(n) if n < min => Err(format!(
                "Invalid value {n} for configuration {name}: Value must be at least {min}"
            )),
            _ => Ok(()),
        },
        GroupCheck::OneOf(allowed) => {
            if allowed.contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "Invalid value {v} for configuration {name}: String must be one of: {}",
                    allowed.join(", ")
                ))
            }
        }
        GroupCheck::AutoOffsetReset => {
            let ok = v == "latest"
                || v == "earliest"
                || v.strip_prefix("by_duration:")
                    .and_then(parse_iso_duration)
                    .is_some_and(|nanos| nanos >= 0);
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "Invalid value {v} for configuration {name}: Invalid value `{v}` for configuration {name}. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS.>'."
                ))
            }
        }
    }
}

/// Java's `Duration.parse` (`PnDTnHnMn.nS`, signs allowed, case-insensitive), in nanoseconds.
fn parse_iso_duration(s: &str) -> Option<i128> {
    fn number(s: &str) -> Option<(i128, &str)> {
        let (sign, rest) = match s.as_bytes().first()? {
            b'-' => (-1, s.get(1..)?),
            b'+' => (1, s.get(1..)?),
            _ => (1, s),
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: i128 = rest.get(..digits)?.parse().ok()?;
        Some((sign * n, rest.get(digits..)?))
    }
    let upper = s.to_ascii_uppercase();
    let (negate, rest) = match upper.as_bytes().first()? {
        b'-' => (true, upper.get(1..)?),
        b'+' => (false, upper.get(1..)?),
        _ => (false, upper.as_str()),
    };
    let mut rest = rest.strip_prefix('P')?;
    let mut total: i128 = 0;
    let mut any = false;
    const SEC: i128 = 1_000_000_000;
    if let Some((n, r)) = number(rest)
        && let Some(r) = r.strip_prefix('D')
    {
        total += n * 86_400 * SEC;
        rest = r;
        any = true;
    }
    if let Some(t) = rest.strip_prefix('T') {
        rest = t;
        let mut any_time = false;
        for (unit, nanos) in [('H', 3600 * SEC), ('M', 60 * SEC)] {
            if let Some((n, r)) = number(rest)
                && let Some(r) = r.strip_prefix(unit)
            {
                total += n * nanos;
                rest = r;
                any_time = true;
            }
        }
        if let Some((n, r)) = number(rest) {
            let (fraction, r) = match r.strip_prefix(['.', ',']) {
                Some(f) => {
                    let digits = f.bytes().take_while(u8::is_ascii_digit).count();
                    if digits > 9 {
                        return None;
                    }
                    let text = f.get(..digits)?;
                    let scaled: i128 = if digits == 0 {
                        0
                    } else {
                        text.parse::<i128>().ok()? * 10i128.pow(9 - digits as u32)
                    };
                    (scaled, f.get(digits..)?)
                }
                None => (0, r),
            };
            let r = r.strip_prefix('S')?;
            let sign = if n < 0 { -1 } else { 1 };
            total += n * SEC + sign * fraction;
            rest = r;
            any_time = true;
        }
        if !any_time {
            return None;
        }
        any = true;
    }
    if !any || !rest.is_empty() {
        return None;
    }
    Some(if negate { -total } else { total })
}

/// Kafka's start-up checks of the broker's group settings (`GroupCoordinatorConfig` and
/// `ShareGroupConfig`): every bound pair ordered, every default inside its bounds, heartbeat
/// intervals below session timeouts.
pub fn check_broker_bounds(layers: &BrokerLayers) -> Result<(), String> {
    let v = |name: &str| broker_int(layers, name);
    let ge = |a: &str, b: &str| -> Result<(), String> {
        if v(a) >= v(b) {
            Ok(())
        } else {
            Err(format!("{a} must be greater than or equal to {b}"))
        }
    };
    let le = |a: &str, b: &str| -> Result<(), String> {
        if v(a) <= v(b) {
            Ok(())
        } else {
            Err(format!("{a} must be less than or equal to {b}"))
        }
    };
    for family in ["consumer", "share", "streams"] {
        let hb = format!("group.{family}.heartbeat.interval.ms");
        let min_hb = format!("group.{family}.min.heartbeat.interval.ms");
        let max_hb = format!("group.{family}.max.heartbeat.interval.ms");
        let session = format!("group.{family}.session.timeout.ms");
        let min_s = format!("group.{family}.min.session.timeout.ms");
        let max_s = format!("group.{family}.max.session.timeout.ms");
        ge(&max_hb, &min_hb)?;
        ge(&hb, &min_hb)?;
        le(&hb, &max_hb)?;
        ge(&max_s, &min_s)?;
        ge(&session, &min_s)?;
        le(&session, &max_s)?;
        if v(&hb) >= v(&session) {
            return Err(format!("{hb} must be less than {session}"));
        }
    }
    ge(
        "group.share.max.record.lock.duration.ms",
        "group.share.min.record.lock.duration.ms",
    )?;
    ge(
        "group.share.record.lock.duration.ms",
        "group.share.min.record.lock.duration.ms",
    )?;
    le(
        "group.share.record.lock.duration.ms",
        "group.share.max.record.lock.duration.ms",
    )?;
    le(
        "group.streams.num.standby.replicas",
        "group.streams.max.standby.replicas",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn check(pairs: &[(&str, &str)]) -> Result<(), String> {
        validate(&map(pairs), &BrokerLayers::default())
    }

    #[test]
    fn every_key_is_accepted_within_kafkas_bounds() {
        check(&[
            (CONSUMER_SESSION_TIMEOUT_MS, "60000"),
            (CONSUMER_HEARTBEAT_INTERVAL_MS, "6000"),
            ("share.session.timeout.ms", "50000"),
            ("share.heartbeat.interval.ms", "15000"),
            ("share.record.lock.duration.ms", "15000"),
            ("share.auto.offset.reset", "earliest"),
            ("share.isolation.level", "read_committed"),
            ("streams.session.timeout.ms", "45000"),
            ("streams.heartbeat.interval.ms", "5000"),
            ("streams.num.standby.replicas", "2"),
        ])
        .unwrap();
        check(&[]).unwrap();
        for ok in [
            "latest",
            "by_duration:PT1H",
            "by_duration:P1DT2H3M4.5S",
            "by_duration:pt0s",
        ] {
            check(&[("share.auto.offset.reset", ok)]).unwrap();
        }
    }

    #[test]
    fn bad_values_get_kafkas_messages() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("nope", "1")], "Unknown group config name: nope"),
            (
                &[(CONSUMER_SESSION_TIMEOUT_MS, "abc")],
                "Invalid value abc for configuration consumer.session.timeout.ms: Not a number of type INT",
            ),
            (
                &[(CONSUMER_SESSION_TIMEOUT_MS, "0")],
                "Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1",
            ),
            (
                &[(CONSUMER_SESSION_TIMEOUT_MS, "30000")],
                "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
            ),
            (
                &[(CONSUMER_SESSION_TIMEOUT_MS, "60001")],
                "consumer.session.timeout.ms must be less than or equal to group.consumer.max.session.timeout.ms",
            ),
            (
                &[(CONSUMER_HEARTBEAT_INTERVAL_MS, "4999")],
                "consumer.heartbeat.interval.ms must be greater than or equal to group.consumer.min.heartbeat.interval.ms",
            ),
            (
                &[(CONSUMER_HEARTBEAT_INTERVAL_MS, "15001")],
                "consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms",
            ),
            (
                &[("share.record.lock.duration.ms", "999")],
                "Invalid value 999 for configuration share.record.lock.duration.ms: Value must be at least 1000",
            ),
            (
                &[("share.isolation.level", "dirty")],
                "Invalid value dirty for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted",
            ),
            (
                &[("share.auto.offset.reset", "none")],
                "Invalid value none for configuration share.auto.offset.reset: Invalid value `none` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS.>'.",
            ),
            (
                &[("streams.num.standby.replicas", "3")],
                "streams.num.standby.replicas must be less than or equal to group.streams.max.standby.replicas",
            ),
        ];
        for (pairs, msg) in cases {
            assert_eq!(check(pairs).unwrap_err(), *msg, "{pairs:?}");
        }
        for bad in [
            "by_duration:",
            "by_duration:-PT1H",
            "by_duration:P",
            "by_duration:PT",
            "by_duration:1H",
        ] {
            assert!(check(&[("share.auto.offset.reset", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn session_must_exceed_heartbeat_within_widened_bounds() {
        let mut layers = BrokerLayers::default();
        for (k, v) in [
            ("group.consumer.min.session.timeout.ms", "1000"),
            ("group.consumer.min.heartbeat.interval.ms", "500"),
        ] {
            layers.static_props.insert(k.into(), v.into());
        }
        let o = map(&[
            (CONSUMER_SESSION_TIMEOUT_MS, "6000"),
            (CONSUMER_HEARTBEAT_INTERVAL_MS, "6000"),
        ]);
        assert_eq!(
            validate(&o, &layers).unwrap_err(),
            "consumer.session.timeout.ms must be greater than consumer.heartbeat.interval.ms"
        );
        let o = map(&[(CONSUMER_SESSION_TIMEOUT_MS, "6000")]);
        validate(&o, &layers).unwrap();
    }

    #[test]
    fn described_values_come_from_the_broker_unless_overridden() {
        let mut layers = BrokerLayers::default();
        layers
            .static_props
            .insert("group.consumer.heartbeat.interval.ms".into(), "3000".into());
        let all = resolve(&map(&[(CONSUMER_SESSION_TIMEOUT_MS, " 50000")]), &layers);
        let names: Vec<&str> = all.iter().map(|r| r.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert_eq!(names.len(), GROUP_KEYS.len());
        let get = |n: &str| all.iter().find(|r| r.name == n).unwrap();
        let s = get(CONSUMER_SESSION_TIMEOUT_MS);
        assert_eq!(
            (s.value.as_deref(), s.source),
            (Some("50000"), Source::DynamicGroup)
        );
        assert_eq!(s.synonyms[0].source, Source::DynamicGroup);
        let h = get(CONSUMER_HEARTBEAT_INTERVAL_MS);
        assert_eq!(
            (h.value.as_deref(), h.source),
            (Some("3000"), Source::Default)
        );
        assert_eq!(
            get("share.auto.offset.reset").value.as_deref(),
            Some("latest")
        );
        assert_eq!(
            get("share.record.lock.duration.ms").value.as_deref(),
            Some("30000")
        );
    }

    #[test]
    fn broker_bounds_are_checked_at_start_up() {
        check_broker_bounds(&BrokerLayers::default()).unwrap();
        let mut layers = BrokerLayers::default();
        layers
            .static_props
            .insert("group.consumer.session.timeout.ms".into(), "6000".into());
        assert_eq!(
            check_broker_bounds(&layers).unwrap_err(),
            "group.consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms"
        );
        layers.static_props.insert(
            "group.consumer.min.session.timeout.ms".into(),
            "6000".into(),
        );
        check_broker_bounds(&layers).unwrap();
        layers
            .static_props
            .insert("group.consumer.heartbeat.interval.ms".into(), "500".into());
        assert!(check_broker_bounds(&layers).is_err());
    }
}
