//! `consumer-groups --reset-offsets`: plan new committed offsets for inactive groups and, with
//! `--execute`, commit them (Kafka's `resetOffsets` and `prepareOffsetsToReset`).
//!
//! Scenarios: `--to-earliest`, `--to-latest`, `--to-current` (the committed offset, or the log
//! end without one), `--to-offset N` and `--shift-by ±N` (clamped to the log's range with a
//! warning), `--to-datetime` and `--by-duration` (the first offset at or after the time, or
//! the log end when there is none), `--from-file` (CSV `topic,partition,offset`, or with a
//! leading group column). Scopes: `--all-topics` (every partition the group committed),
//! `--topic t` or `--topic t:0,1`. The plan prints as Kafka's table
//! (`%-30s %-30s %-10s %-15s` after a blank line), or as CSV with `--export`.
//!
//! Unlike Kafka, partitions that do not exist are refused before anything is committed, and a
//! table without rows is not printed.
//!
//! With `--execute`, every group is planned first; then, on a terminal, the tool asks before
//! committing (unless `--yes`) and shows a progress bar while it commits (in chunks of
//! [`COMMIT_CHUNK`] partitions).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use regex::Regex;
use serde_json::json;
use strom_client::{
    Admin, GroupDescription, KafkaError, ListOffsetsSpec, OffsetToCommit, TopicPartition,
};

use super::consumer_groups::{
    ConsumerGroupsArgs, Failure, exception_name, parse_topic_partitions, target_groups,
};
use super::output::{self, OutputFormat};
use super::progress::{Progress, Unit};
use super::prompt;
use super::table::Table;

/// Partitions committed per OffsetCommit request with `--execute`.
pub const COMMIT_CHUNK: usize = 500;

/// A reset plan read from `--from-file`: group → partition → offset.
type FilePlan = BTreeMap<String, BTreeMap<TopicPartition, i64>>;

/// New offsets of one group, sorted by partition.
type Planned = Vec<(TopicPartition, i64)>;

pub async fn reset_offsets(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    let groups = target_groups(a, admin).await?;
    let file_plan = match &a.from_file {
        Some(path) => Some(read_plan(path, &a.group)?),
        None => None,
    };
    let execute = a.execute && !a.dry_run;
    let described = admin.describe_groups(&groups).await?;
    let text = !a.output.is_json();
    let mut results: Vec<(String, Result<Planned, String>)> = Vec::new();
    for (group, d) in described {
        let state = match &d {
            Ok(GroupDescription { state, .. }) => state.clone(),
            // Unknown to the coordinator: as inactive as a group gets.
            Err(e) if e.code == 69 => "Dead".to_string(),
            Err(e) => return Err(Failure::Command(e.to_string())),
        };
        if state != "Empty" && state != "Dead" {
            let msg = format!(
                "Assignments can only be reset if the group '{group}' is inactive, but the current state is {state}."
            );
            if text {
                writeln!(out, "\nError: {msg}")?;
            }
            results.push((group, Err(msg)));
            continue;
        }
        let partitions = partitions_to_reset(a, admin, &group).await?;
        let planned = match prepare(a, admin, &group, &partitions, file_plan.as_ref(), out).await? {
            Ok(p) => p,
            Err(msg) => {
                if text {
                    writeln!(out, "\nError: {msg}")?;
                }
                results.push((group, Err(msg)));
                continue;
            }
        };
        results.push((group, Ok(planned)));
    }
    if execute {
        execute_plan(a, admin, &results).await?;
    }
    let ok = results.iter().all(|(_, r)| r.is_ok());
    if !text {
        let docs: Vec<_> = results
            .iter()
            .map(|(g, r)| {
                let offsets: Vec<_> = r
                    .as_ref()
                    .map(|rows| {
                        rows.iter()
                            .map(|((t, p), o)| json!({"topic": t, "partition": p, "new_offset": o}))
                            .collect()
                    })
                    .unwrap_or_default();
                json!({"group": g, "error": r.as_ref().err(), "offsets": offsets})
            })
            .collect();
        output::write_json(out, &json!({"executed": execute, "groups": docs}))?;
        return Ok(ok);
    }
    if a.export {
        // Kafka prints the CSV with println, so a blank line follows it.
        let with_group = a.group.len() != 1;
        let mut csv = String::new();
        for (g, r) in &results {
            for ((t, p), o) in r.as_ref().map(Vec::as_slice).unwrap_or_default() {
                if with_group {
                    csv.push_str(&format!("{},", csv_field(g)));
                }
                csv.push_str(&format!("{},{p},{o}\n", csv_field(t)));
            }
        }
        writeln!(out, "{csv}")?;
        return Ok(ok);
    }
    if a.output == OutputFormat::Table {
        let mut t = Table::new(&["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"]);
        for (g, r) in &results {
            for ((topic, p), o) in r.as_ref().map(Vec::as_slice).unwrap_or_default() {
                t.row([g.clone(), topic.clone(), p.to_string(), o.to_string()]);
            }
        }
        if !t.is_empty() {
            t.write(out)?;
        }
        return Ok(ok);
    }
    let rows: Vec<(&str, &TopicPartition, i64)> = results
        .iter()
        .flat_map(|(g, r)| {
            r.as_ref()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(move |(tp, o)| (g.as_str(), tp, *o))
        })
        .collect();
    if !rows.is_empty() {
        write!(
            out,
            "\n{:<30} {:<30} {:<10} {:<15}",
            "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"
        )?;
        for (g, (t, p), o) in rows {
            write!(out, "\n{g:<30} {t:<30} {p:<10} {o:<15}")?;
        }
        writeln!(out)?;
    }
    Ok(ok)
}

/// Quote a CSV field when it needs it (a group id may contain a comma).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Ask (on a terminal), then commit every planned group, chunk by chunk, with a progress bar.
async fn execute_plan(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    results: &[(String, Result<Planned, String>)],
) -> Result<(), Failure> {
    let plans: Vec<(&String, &Planned)> = results
        .iter()
        .filter_map(|(g, r)| r.as_ref().ok().map(|p| (g, p)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let total: usize = plans.iter().map(|(_, p)| p.len()).sum();
    if total == 0 {
        return Ok(());
    }
    let names: Vec<String> = plans.iter().map(|(g, _)| g.to_string()).collect();
    let question = format!(
        "Reset the committed offsets of {total} partition(s) of group(s) {}?",
        prompt::name_list(&names, 5)
    );
    if !prompt::confirm(&question, a.confirm.yes)? {
        return Err(Failure::Declined);
    }
    let progress = Progress::new(
        Some(total as u64),
        Unit::Items("partitions"),
        "committing offsets",
    );
    for (group, planned) in plans {
        progress.set_message(format!("group {group}"));
        for chunk in planned.chunks(COMMIT_CHUNK) {
            commit(admin, group, chunk).await?;
            progress.inc(chunk.len() as u64);
        }
    }
    progress.finish();
    Ok(())
}

async fn commit(
    admin: &Admin,
    group: &str,
    planned: &[(TopicPartition, i64)],
) -> Result<(), Failure> {
    let offsets: Vec<OffsetToCommit> = planned
        .iter()
        .map(|((t, p), o)| OffsetToCommit {
            topic: t.clone(),
            partition: *p,
            offset: *o,
            leader_epoch: None,
        })
        .collect();
    let results = admin.alter_consumer_group_offsets(group, &offsets).await?;
    if let Some(((t, p), Err(e))) = results.iter().find(|(_, r)| r.is_err()) {
        return Err(Failure::Command(format!(
            "{}: {e} (partition {t}-{p})",
            exception_name(e.code)
        )));
    }
    Ok(())
}

/// The partitions a scope names, all checked to exist.
async fn partitions_to_reset(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    group: &str,
) -> Result<Vec<TopicPartition>, Failure> {
    let mut parts: Vec<TopicPartition> = Vec::new();
    if a.all_topics {
        parts.extend(
            admin
                .list_consumer_group_offsets(group, None)
                .await?
                .into_keys(),
        );
    } else {
        let mut whole = Vec::new();
        for t in &a.topic {
            if t.contains(':') {
                parts.extend(parse_topic_partitions(t)?);
            } else {
                whole.push(t.clone());
            }
        }
        if !whole.is_empty() {
            let meta = admin.describe_topics(&whole).await?;
            for t in &whole {
                match meta.iter().find(|m| &m.name == t && m.error.is_none()) {
                    Some(m) => parts.extend(m.partitions.iter().map(|p| (t.clone(), p.partition))),
                    None => return Err(Failure::Command(format!("Topic '{t}' does not exist."))),
                }
            }
        }
    }
    parts.sort();
    parts.dedup();
    check_exist(admin, &parts).await?;
    Ok(parts)
}

/// Refuse partitions the cluster does not have, before planning or committing anything.
async fn check_exist(admin: &Admin, parts: &[TopicPartition]) -> Result<(), Failure> {
    let mut topics: Vec<String> = parts.iter().map(|(t, _)| t.clone()).collect();
    topics.dedup();
    if topics.is_empty() {
        return Ok(());
    }
    let meta = admin.describe_topics(&topics).await?;
    let missing: Vec<String> = parts
        .iter()
        .filter(|(t, p)| {
            !meta
                .iter()
                .any(|m| &m.name == t && m.error.is_none() && m.partition(*p).is_some())
        })
        .map(|(t, p)| format!("{t}-{p}"))
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(Failure::Command(format!("Partition {one} does not exist."))),
        many => Err(Failure::Command(format!(
            "Partitions {} do not exist.",
            many.join(", ")
        ))),
    }
}

type Offsets = BTreeMap<TopicPartition, Result<strom_client::OffsetAndTimestamp, KafkaError>>;

async fn offsets_of(
    admin: &Admin,
    parts: &[TopicPartition],
    spec: ListOffsetsSpec,
) -> Result<Offsets, Failure> {
    if parts.is_empty() {
        return Ok(BTreeMap::new());
    }
    let wanted: Vec<_> = parts.iter().map(|tp| (tp.clone(), spec)).collect();
    Ok(admin.list_offsets(&wanted).await?)
}

/// The offset of each partition in `offsets`, or Kafka's usage error naming the first that
/// has none.
fn known(
    offsets: &Offsets,
    parts: &[TopicPartition],
    what: &str,
) -> Result<Vec<(TopicPartition, i64)>, Failure> {
    parts
        .iter()
        .map(|tp| match offsets.get(tp) {
            Some(Ok(o)) => Ok((tp.clone(), o.offset)),
            _ => Err(Failure::Usage(format!(
                "Error getting {what} offset of topic partition: {}-{}",
                tp.0, tp.1
            ))),
        })
        .collect()
}

/// Kafka's `checkOffsetsRange`: offsets past the log end or before its start are moved to
/// the nearest end, with a warning.
async fn clamp(
    admin: &Admin,
    wanted: Vec<(TopicPartition, i64)>,
) -> Result<Vec<(TopicPartition, i64)>, Failure> {
    let parts: Vec<TopicPartition> = wanted.iter().map(|(tp, _)| tp.clone()).collect();
    let starts = offsets_of(admin, &parts, ListOffsetsSpec::Earliest).await?;
    let ends = offsets_of(admin, &parts, ListOffsetsSpec::Latest).await?;
    let mut out = Vec::with_capacity(wanted.len());
    for ((t, p), offset) in wanted {
        let tp = (t, p);
        let end = ends
            .get(&tp)
            .and_then(|r| r.as_ref().ok())
            .map(|o| o.offset);
        let start = starts
            .get(&tp)
            .and_then(|r| r.as_ref().ok())
            .map(|o| o.offset);
        let new = match (start, end) {
            (_, Some(end)) if offset > end => {
                tracing::warn!(
                    "New offset ({offset}) is higher than latest offset for topic partition {}-{}. Value will be set to {end}",
                    tp.0,
                    tp.1
                );
                end
            }
            (Some(start), _) if offset < start => {
                tracing::warn!(
                    "New offset ({offset}) is lower than earliest offset for topic partition {}-{}. Value will be set to {start}",
                    tp.0,
                    tp.1
                );
                start
            }
            _ => offset,
        };
        out.push((tp, new));
    }
    Ok(out)
}

/// The planned offsets of one group, sorted; `Ok(Err(msg))` for a group-level error line.
async fn prepare(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    group: &str,
    parts: &[TopicPartition],
    file_plan: Option<&FilePlan>,
    out: &mut impl Write,
) -> Result<Result<Vec<(TopicPartition, i64)>, String>, Failure> {
    let mut planned = if let Some(n) = a.to_offset {
        clamp(admin, parts.iter().map(|tp| (tp.clone(), n)).collect()).await?
    } else if a.to_earliest {
        known(
            &offsets_of(admin, parts, ListOffsetsSpec::Earliest).await?,
            parts,
            "starting",
        )?
    } else if a.to_latest {
        known(
            &offsets_of(admin, parts, ListOffsetsSpec::Latest).await?,
            parts,
            "ending",
        )?
    } else if let Some(n) = a.shift_by {
        let committed = admin.list_consumer_group_offsets(group, None).await?;
        let mut wanted = Vec::with_capacity(parts.len());
        for tp in parts {
            let Some(c) = committed.get(tp) else {
                return Err(Failure::Usage(format!(
                    "Cannot shift offset for partition {}-{} since there is no current committed offset",
                    tp.0, tp.1
                )));
            };
            wanted.push((tp.clone(), c.offset.saturating_add(n)));
        }
        clamp(admin, wanted).await?
    } else if let Some(s) = &a.to_datetime {
        let ts = parse_datetime(s).map_err(Failure::Command)?;
        by_time(a, admin, parts, ts, out).await?
    } else if let Some(s) = &a.by_duration {
        let ms = parse_duration_ms(s).map_err(Failure::Command)?;
        let now = chrono::Utc::now().timestamp_millis();
        by_time(a, admin, parts, now.saturating_sub(ms), out).await?
    } else if let Some(plan) = file_plan {
        let Some(mine) = plan.get(group) else {
            return Ok(Err(format!("No reset plan for group {group} found")));
        };
        let wanted: Vec<(TopicPartition, i64)> =
            mine.iter().map(|(tp, o)| (tp.clone(), *o)).collect();
        let listed: Vec<TopicPartition> = wanted.iter().map(|(tp, _)| tp.clone()).collect();
        check_exist(admin, &listed).await?;
        clamp(admin, wanted).await?
    } else {
        // --to-current: the committed offset, or the log end where there is none.
        let committed = admin.list_consumer_group_offsets(group, None).await?;
        let without: Vec<TopicPartition> = parts
            .iter()
            .filter(|tp| !committed.contains_key(*tp))
            .cloned()
            .collect();
        let ends = known(
            &offsets_of(admin, &without, ListOffsetsSpec::Latest).await?,
            &without,
            "ending",
        )?;
        let mut planned: Vec<(TopicPartition, i64)> = parts
            .iter()
            .filter_map(|tp| committed.get(tp).map(|c| (tp.clone(), c.offset)))
            .collect();
        planned.extend(ends);
        planned
    };
    planned.sort();
    Ok(Ok(planned))
}

/// The first offset at or after `ts`, or the log end for partitions with nothing that late
/// (with Kafka's `Warn:` line on stdout).
async fn by_time(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    parts: &[TopicPartition],
    ts: i64,
    out: &mut impl Write,
) -> Result<Vec<(TopicPartition, i64)>, Failure> {
    let found = offsets_of(admin, parts, ListOffsetsSpec::Timestamp(ts)).await?;
    let mut planned = Vec::new();
    let mut empty = Vec::new();
    for tp in parts {
        match found.get(tp) {
            Some(Ok(o)) if o.offset >= 0 => planned.push((tp.clone(), o.offset)),
            Some(Ok(_)) => empty.push(tp.clone()),
            _ => {
                return Err(Failure::Usage(format!(
                    "Error getting offset by timestamp of topic partition: {}-{}",
                    tp.0, tp.1
                )));
            }
        }
    }
    for (t, p) in &empty {
        if !a.output.is_json() {
            writeln!(
                out,
                "\nWarn: Partition {p} from topic {t} is empty. Falling back to latest known offset."
            )?;
        }
    }
    planned.extend(known(
        &offsets_of(admin, &empty, ListOffsetsSpec::Latest).await?,
        &empty,
        "ending",
    )?);
    Ok(planned)
}

/// `YYYY-MM-DDTHH:mm:SS[.sss][Z|±hh[:mm]]`, UTC when no zone is given (Kafka's
/// `Utils.getDateTime`; Kafka requires the milliseconds, they are optional here).
pub fn parse_datetime(s: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "Error parsing timestamp '{s}': expected YYYY-MM-DDTHH:mm:SS.sss with an optional zone (Z, +hh:mm)"
        )
    };
    let re = Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$",
    )
    .map_err(|e| e.to_string())?;
    let c = re.captures(s.trim()).ok_or_else(bad)?;
    let num = |i: usize| -> Result<u32, String> {
        c.get(i)
            .map_or(Ok(0), |m| m.as_str().parse::<u32>().map_err(|_| bad()))
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(1)? as i32, num(2)?, num(3)?).ok_or_else(bad)?;
    let time = date
        .and_hms_opt(num(4)?, num(5)?, num(6)?)
        .ok_or_else(bad)?;
    let mut ms = time.and_utc().timestamp_millis();
    if let Some(frac) = c.get(7) {
        // Milliseconds are the first three digits of the fraction.
        let digits: String = frac.as_str().chars().chain("000".chars()).take(3).collect();
        ms += i64::from(digits.parse::<u32>().map_err(|_| bad())?);
    }
    if let Some(zone) = c.get(8).map(|m| m.as_str()).filter(|z| *z != "Z") {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let body: String = zone.chars().skip(1).filter(char::is_ascii_digit).collect();
        let hours: i64 = body.get(..2).unwrap_or("0").parse().map_err(|_| bad())?;
        let minutes: i64 = body
            .get(2..)
            .filter(|m| !m.is_empty())
            .unwrap_or("0")
            .parse()
            .map_err(|_| bad())?;
        ms -= sign * (hours * 3_600_000 + minutes * 60_000);
    }
    Ok(ms)
}

/// An ISO-8601 duration as Java's `Duration.parse` reads it (`PnDTnHnMn.nS`, signs allowed),
/// in milliseconds.
pub fn parse_duration_ms(s: &str) -> Result<i64, String> {
    let bad = || format!("Text cannot be parsed to a Duration: '{s}'");
    let re = Regex::new(
        r"(?i)^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$",
    )
    .map_err(|e| e.to_string())?;
    let c = re.captures(s.trim()).ok_or_else(bad)?;
    let has = |i: usize| c.get(i).is_some();
    if !has(2) && !has(3) {
        return Err(bad());
    }
    if has(3) && !has(4) && !has(5) && !has(6) {
        return Err(bad());
    }
    let int = |i: usize| -> Result<i128, String> {
        c.get(i)
            .map_or(Ok(0), |m| m.as_str().parse::<i128>().map_err(|_| bad()))
    };
    let mut ms = int(2)? * 86_400_000 + int(4)? * 3_600_000 + int(5)? * 60_000;
    let secs = int(6)?;
    ms += secs * 1000;
    if let Some(frac) = c.get(7).map(|m| m.as_str()).filter(|f| !f.is_empty()) {
        let digits: String = frac.chars().chain("000".chars()).take(3).collect();
        let part = digits.parse::<i128>().map_err(|_| bad())?;
        // The fraction carries the seconds' sign: PT-1.5S is -1500 ms.
        let negative = c.get(6).is_some_and(|m| m.as_str().starts_with('-'));
        ms += if negative { -part } else { part };
    }
    if c.get(1).is_some_and(|m| m.as_str() == "-") {
        ms = -ms;
    }
    i64::try_from(ms).map_err(|_| bad())
}

/// Read a `--from-file` plan: `topic,partition,offset` lines for a single `--group`, else
/// `group,topic,partition,offset`.
fn read_plan(path: &Path, groups: &[String]) -> Result<FilePlan, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Command(format!("cannot read {}: {e}", path.display())))?;
    parse_plan(&text, groups).map_err(|e| Failure::Command(format!("{}: {e}", path.display())))
}

fn parse_plan(text: &str, groups: &[String]) -> Result<FilePlan, String> {
    let lines: Vec<(usize, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, split_csv(l.trim_end_matches('\r'))))
        .collect();
    let single = groups.len() == 1 && lines.first().is_some_and(|(_, f)| f.len() == 3);
    let mut plan = FilePlan::new();
    for (n, fields) in lines {
        let (group, rest) = match (single, fields.as_slice()) {
            (true, [t, p, o]) => (groups.first().cloned().unwrap_or_default(), [t, p, o]),
            (false, [g, t, p, o]) => (g.clone(), [t, p, o]),
            _ => {
                let want = if single {
                    "topic,partition,offset"
                } else {
                    "group,topic,partition,offset"
                };
                return Err(format!("line {n}: expected {want}"));
            }
        };
        let [t, p, o] = rest;
        let p: i32 = p
            .trim()
            .parse()
            .map_err(|_| format!("line {n}: invalid partition '{p}'"))?;
        let o: i64 = o
            .trim()
            .parse()
            .map_err(|_| format!("line {n}: invalid offset '{o}'"))?;
        plan.entry(group).or_default().insert((t.clone(), p), o);
    }
    Ok(plan)
}

/// Split one CSV line, honouring double quotes.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_default_to_utc() {
        assert_eq!(parse_datetime("1970-01-01T00:00:01.500"), Ok(1500));
        assert_eq!(parse_datetime("1970-01-01T00:00:01"), Ok(1000));
        assert_eq!(parse_datetime("1970-01-01T01:00:00.000+01:00"), Ok(0));
        assert_eq!(
            parse_datetime("1970-01-01T00:00:00.000-0130"),
            Ok(5_400_000)
        );
        assert_eq!(
            parse_datetime("2024-10-25T10:00:00.123Z"),
            Ok(1_729_850_400_123)
        );
        assert!(parse_datetime("2024-13-01T00:00:00.000").is_err());
        assert!(parse_datetime("yesterday").is_err());
    }

    #[test]
    fn durations_follow_java() {
        assert_eq!(parse_duration_ms("PT1H"), Ok(3_600_000));
        assert_eq!(parse_duration_ms("P1DT2H3M4.5S"), Ok(93_784_500));
        assert_eq!(parse_duration_ms("pt30m"), Ok(1_800_000));
        assert_eq!(parse_duration_ms("-PT1S"), Ok(-1000));
        assert_eq!(parse_duration_ms("PT-1.5S"), Ok(-1500));
        assert!(parse_duration_ms("P").is_err());
        assert!(parse_duration_ms("PT").is_err());
        assert!(parse_duration_ms("1h").is_err());
    }

    #[test]
    fn reset_plans_with_and_without_group_column() {
        let one = vec!["g".to_string()];
        let plan = parse_plan("t,0,5\nt,1,7\n\n", &one).unwrap();
        assert_eq!(plan["g"][&("t".to_string(), 1)], 7);
        let plan = parse_plan("g1,t,0,5\n\"g,2\",t,0,6\n", &[]).unwrap();
        assert_eq!(plan["g,2"][&("t".to_string(), 0)], 6);
        assert!(parse_plan("t,x,5\n", &one).is_err());
        assert_eq!(csv_field("g,2"), "\"g,2\"");
    }
}
