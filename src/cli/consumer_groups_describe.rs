//! `consumer-groups --describe`: the offsets view (the default), `--members [--verbose]` and
//! `--state`, in Kafka's layouts (`ConsumerGroupCommand.printOffsets`, `printMembers`,
//! `printStates`): every table starts with a blank line, columns are left-aligned with
//! widths of at least 15 (25 for the state view's first two), and `-` marks a missing value.
//! Groups come sorted by id.
//!
//! Two Kafka quirks are not copied: a group that does not exist gets only its error line (no
//! empty members table after it), and the state view sizes its GROUP column by the group id
//! (Kafka sized it by the coordinator's address).

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};
use strom_client::{Admin, GroupDescription, ListOffsetsSpec, TopicPartition};

use super::consumer_groups::{ConsumerGroupsArgs, Failure, target_groups};
use super::output::{self, OutputFormat};
use super::table::Table;

const MISSING: &str = "-";

/// `--output table`: one table per view for all groups, written after the last group.
struct Tables {
    offsets: Table,
    members: Table,
    state: Table,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            offsets: Table::new(&[
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "LOG-END-OFFSET",
                "LAG",
                "CONSUMER-ID",
                "HOST",
                "CLIENT-ID",
            ]),
            members: Table::new(&[
                "GROUP",
                "CONSUMER-ID",
                "GROUP-INSTANCE-ID",
                "HOST",
                "CLIENT-ID",
                "#PARTITIONS",
                "ASSIGNMENT",
            ]),
            state: Table::new(&[
                "GROUP",
                "COORDINATOR (ID)",
                "ASSIGNMENT-STRATEGY",
                "STATE",
                "#MEMBERS",
            ]),
        }
    }

    fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        for t in [&self.offsets, &self.members, &self.state] {
            if !t.is_empty() {
                t.write(out)?;
            }
        }
        Ok(())
    }
}

pub async fn describe(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    let mut groups = target_groups(a, admin).await?;
    groups.sort();
    groups.dedup();
    let described = admin.describe_groups(&groups).await?;
    let mut ok = true;
    let mut docs = Vec::new();
    let mut tables = Tables::new();
    for (group, result) in described {
        // A group the coordinator does not know is reported like a dead one.
        let desc = match result {
            Ok(d) => Some(d),
            Err(e) if e.code == 69 => None,
            Err(e) => return Err(Failure::Command(e.to_string())),
        };
        let doc = if a.members {
            members(a, &group, desc.as_ref(), &mut tables.members, out)?
        } else if a.state.is_some() {
            state(a, &group, desc.as_ref(), &mut tables.state, out)?
        } else {
            offsets(a, admin, &group, desc.as_ref(), &mut tables.offsets, out).await?
        };
        ok &= doc.get("error").is_none_or(Value::is_null);
        docs.push(doc);
    }
    match a.output {
        OutputFormat::Json => output::write_json(out, &json!({ "groups": docs }))?,
        OutputFormat::Table => tables.write(out)?,
        OutputFormat::Text => {}
    }
    Ok(ok)
}

/// Kafka's `shouldPrintMemberState`: the notes printed before a group's table, and whether a
/// table follows. `Err` holds the error line of a group that does not exist.
fn announce(
    a: &ConsumerGroupsArgs,
    group: &str,
    desc: Option<&GroupDescription>,
    out: &mut impl Write,
) -> Result<Result<(), String>, Failure> {
    let state = desc.map(|d| d.state.as_str()).unwrap_or("Dead");
    let text = !a.output.is_json();
    match state {
        "Dead" => {
            let msg = format!("Consumer group '{group}' does not exist.");
            if text {
                writeln!(out, "\nError: {msg}")?;
            }
            return Ok(Err(msg));
        }
        "Empty" if text => eprintln!("\nConsumer group '{group}' has no active members."),
        "PreparingRebalance" | "CompletingRebalance" | "Assigning" | "Reconciling" if text => {
            eprintln!("\nWarning: Consumer group '{group}' is rebalancing.")
        }
        "Stable"
        | "Empty"
        | "PreparingRebalance"
        | "CompletingRebalance"
        | "Assigning"
        | "Reconciling" => {}
        other => {
            return Err(Failure::Command(format!(
                "Expected a valid consumer group state, but found '{other}'."
            )));
        }
    }
    Ok(Ok(()))
}

fn error_doc(group: &str, msg: String) -> Value {
    json!({ "group": group, "state": "Dead", "error": msg })
}

fn coordinator_doc(d: &GroupDescription) -> Value {
    json!({
        "id": d.coordinator.node_id,
        "host": d.coordinator.host,
        "port": d.coordinator.port,
    })
}

/// One row of the offsets view; `None` prints as `-`.
struct OffsetRow {
    topic: String,
    partition: i32,
    current: Option<i64>,
    log_end: Option<i64>,
    consumer_id: Option<String>,
    host: Option<String>,
    client_id: Option<String>,
}

impl OffsetRow {
    fn lag(&self) -> Option<i64> {
        Some(self.log_end? - self.current?)
    }
}

fn text(v: Option<impl ToString>) -> String {
    v.map(|x| x.to_string())
        .unwrap_or_else(|| MISSING.to_string())
}

/// Rows member by member (members with more partitions first), each member's partitions
/// sorted, then the committed partitions no member owns.
async fn offset_rows(
    admin: &Admin,
    group: &str,
    desc: &GroupDescription,
) -> Result<Vec<OffsetRow>, Failure> {
    let committed = admin.list_consumer_group_offsets(group, None).await?;
    let mut members: Vec<_> = desc
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut owned: Vec<&TopicPartition> = Vec::new();
    for m in members {
        for tp in &m.assignment {
            owned.push(tp);
            rows.push(OffsetRow {
                topic: tp.0.clone(),
                partition: tp.1,
                current: committed.get(tp).map(|c| c.offset),
                log_end: None,
                consumer_id: Some(m.member_id.clone()),
                host: Some(m.host.clone()),
                client_id: Some(m.client_id.clone()),
            });
        }
    }
    for (tp, c) in &committed {
        if owned.contains(&tp) {
            continue;
        }
        rows.push(OffsetRow {
            topic: tp.0.clone(),
            partition: tp.1,
            current: Some(c.offset),
            log_end: None,
            consumer_id: None,
            host: None,
            client_id: None,
        });
    }
    let wanted: Vec<(TopicPartition, ListOffsetsSpec)> = rows
        .iter()
        .map(|r| ((r.topic.clone(), r.partition), ListOffsetsSpec::Latest))
        .collect();
    let ends = if wanted.is_empty() {
        BTreeMap::new()
    } else {
        admin.list_offsets(&wanted).await?
    };
    for r in &mut rows {
        r.log_end = ends
            .get(&(r.topic.clone(), r.partition))
            .and_then(|o| o.as_ref().ok())
            .map(|o| o.offset);
    }
    Ok(rows)
}

async fn offsets(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    group: &str,
    desc: Option<&GroupDescription>,
    table: &mut Table,
    out: &mut impl Write,
) -> Result<Value, Failure> {
    if let Err(msg) = announce(a, group, desc, out)? {
        return Ok(error_doc(group, msg));
    }
    let Some(desc) = desc else {
        return Ok(error_doc(
            group,
            format!("Consumer group '{group}' does not exist."),
        ));
    };
    let rows = offset_rows(admin, group, desc).await?;
    if a.output == OutputFormat::Table {
        for r in &rows {
            table.row([
                group.to_string(),
                r.topic.clone(),
                r.partition.to_string(),
                text(r.current),
                text(r.log_end),
                text(r.lag()),
                text(r.consumer_id.as_deref()),
                text(r.host.as_deref()),
                text(r.client_id.as_deref()),
            ]);
        }
        return Ok(json!({ "group": group, "error": null }));
    }
    if a.output == OutputFormat::Json {
        let offsets: Vec<Value> = rows
            .iter()
            .map(|r| {
                json!({
                    "topic": r.topic,
                    "partition": r.partition,
                    "current_offset": r.current,
                    "log_end_offset": r.log_end,
                    "lag": r.lag(),
                    "consumer_id": r.consumer_id,
                    "host": r.host,
                    "client_id": r.client_id,
                })
            })
            .collect();
        return Ok(json!({
            "group": group,
            "state": desc.state,
            "error": null,
            "coordinator": coordinator_doc(desc),
            "offsets": offsets,
        }));
    }
    if rows.is_empty() {
        return Ok(json!({ "group": group, "error": null }));
    }
    let width = |f: &dyn Fn(&OffsetRow) -> usize| rows.iter().map(f).max().unwrap_or(0).max(15);
    let g = group.len().max(15);
    let t = width(&|r| r.topic.len());
    let c = width(&|r| r.consumer_id.as_deref().unwrap_or(MISSING).len());
    let h = width(&|r| r.host.as_deref().unwrap_or(MISSING).len());
    write!(
        out,
        "\n{:<g$} {:<t$} {:<10} {:<15} {:<15} {:<15} {:<c$} {:<h$} CLIENT-ID",
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
    )?;
    for r in &rows {
        write!(
            out,
            "\n{:<g$} {:<t$} {:<10} {:<15} {:<15} {:<15} {:<c$} {:<h$} {}",
            group,
            r.topic,
            r.partition,
            text(r.current),
            text(r.log_end),
            text(r.lag()),
            text(r.consumer_id.as_deref()),
            text(r.host.as_deref()),
            text(r.client_id.as_deref()),
        )?;
    }
    writeln!(out)?;
    Ok(json!({ "group": group, "error": null }))
}

/// `topic(0,1), other(2)`, or `-` for nothing.
fn assignment_text(parts: &[TopicPartition]) -> String {
    if parts.is_empty() {
        return MISSING.to_string();
    }
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in parts {
        by_topic.entry(t.as_str()).or_default().push(*p);
    }
    let mut items: Vec<String> = by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            ps.sort_unstable();
            let list: Vec<String> = ps.iter().map(i32::to_string).collect();
            format!("{t}({})", list.join(","))
        })
        .collect();
    items.sort();
    items.join(", ")
}

fn members(
    a: &ConsumerGroupsArgs,
    group: &str,
    desc: Option<&GroupDescription>,
    table: &mut Table,
    out: &mut impl Write,
) -> Result<Value, Failure> {
    if let Err(msg) = announce(a, group, desc, out)? {
        return Ok(error_doc(group, msg));
    }
    let Some(desc) = desc else {
        return Ok(error_doc(
            group,
            format!("Consumer group '{group}' does not exist."),
        ));
    };
    if a.output == OutputFormat::Json {
        let members: Vec<Value> = desc
            .members
            .iter()
            .map(|m| {
                let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
                for (t, p) in &m.assignment {
                    by_topic.entry(t.as_str()).or_default().push(*p);
                }
                let assignment: Vec<Value> = by_topic
                    .into_iter()
                    .map(|(t, ps)| json!({"topic": t, "partitions": ps}))
                    .collect();
                json!({
                    "consumer_id": m.member_id,
                    "group_instance_id": m.group_instance_id,
                    "host": m.host,
                    "client_id": m.client_id,
                    "partitions": m.assignment.len(),
                    "assignment": assignment,
                })
            })
            .collect();
        return Ok(json!({
            "group": group,
            "state": desc.state,
            "error": null,
            "members": members,
        }));
    }
    if a.output == OutputFormat::Table {
        for m in &desc.members {
            table.row([
                group.to_string(),
                m.member_id.clone(),
                text(m.group_instance_id.as_deref()),
                m.host.clone(),
                m.client_id.clone(),
                m.assignment.len().to_string(),
                assignment_text(&m.assignment),
            ]);
        }
        return Ok(json!({ "group": group, "error": null }));
    }
    let ms = &desc.members;
    let w = |f: &dyn Fn(&strom_client::MemberDescription) -> usize, min: usize| {
        ms.iter().map(f).max().unwrap_or(0).max(min)
    };
    let g = group.len().max(15);
    let c = w(&|m| m.member_id.len(), 15);
    let gi = w(&|m| m.group_instance_id.as_deref().unwrap_or("").len(), 17);
    let h = w(&|m| m.host.len(), 15);
    let cl = w(&|m| m.client_id.len(), 15);
    let with_instance = ms.iter().any(|m| m.group_instance_id.is_some());
    // Kafka's format keeps a space after #PARTITIONS, also when no ASSIGNMENT follows.
    let line = |cols: [&str; 6]| {
        let [grp, id, inst, host, client, n] = cols;
        if with_instance {
            format!("{grp:<g$} {id:<c$} {inst:<gi$} {host:<h$} {client:<cl$} {n:<15} ")
        } else {
            format!("{grp:<g$} {id:<c$} {host:<h$} {client:<cl$} {n:<15} ")
        }
    };
    write!(
        out,
        "\n{}",
        line([
            "GROUP",
            "CONSUMER-ID",
            "GROUP-INSTANCE-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS"
        ])
    )?;
    if a.verbose {
        write!(out, "ASSIGNMENT")?;
    }
    writeln!(out)?;
    for m in ms {
        write!(
            out,
            "{}",
            line([
                group,
                &m.member_id,
                m.group_instance_id.as_deref().unwrap_or(""),
                &m.host,
                &m.client_id,
                &m.assignment.len().to_string(),
            ])
        )?;
        if a.verbose {
            write!(out, "{}", assignment_text(&m.assignment))?;
        }
        writeln!(out)?;
    }
    Ok(json!({ "group": group, "error": null }))
}

fn state(
    a: &ConsumerGroupsArgs,
    group: &str,
    desc: Option<&GroupDescription>,
    table: &mut Table,
    out: &mut impl Write,
) -> Result<Value, Failure> {
    if let Err(msg) = announce(a, group, desc, out)? {
        return Ok(error_doc(group, msg));
    }
    let Some(d) = desc else {
        return Ok(error_doc(
            group,
            format!("Consumer group '{group}' does not exist."),
        ));
    };
    let strategy = if d.assignor.is_empty() {
        MISSING
    } else {
        d.assignor.as_str()
    };
    if a.output == OutputFormat::Json {
        return Ok(json!({
            "group": group,
            "state": d.state,
            "error": null,
            "coordinator": coordinator_doc(d),
            "assignment_strategy": (!d.assignor.is_empty()).then_some(&d.assignor),
            "members": d.members.len(),
            "type": d.group_type,
        }));
    }
    let coordinator = format!(
        "{}:{}  ({})",
        d.coordinator.host, d.coordinator.port, d.coordinator.node_id
    );
    if a.output == OutputFormat::Table {
        table.row([
            group.to_string(),
            coordinator,
            strategy.to_string(),
            d.state.clone(),
            d.members.len().to_string(),
        ]);
        return Ok(json!({ "group": group, "error": null }));
    }
    let gw = group.len().max(25);
    let cw = coordinator.len().max(25);
    // The header repeats for every group, as in Kafka (KAFKA-9479).
    write!(
        out,
        "\n{:<gw$} {:<cw$} {:<20} {:<15} #MEMBERS",
        "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE"
    )?;
    writeln!(
        out,
        "\n{:<gw$} {:<cw$} {:<20} {:<15} {}",
        group,
        coordinator,
        strategy,
        d.state,
        d.members.len()
    )?;
    Ok(json!({ "group": group, "error": null }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_read_like_kafkas() {
        let parts = vec![
            ("orders".to_string(), 1),
            ("audit".to_string(), 2),
            ("orders".to_string(), 0),
            ("orders".to_string(), 10),
        ];
        assert_eq!(assignment_text(&parts), "audit(2), orders(0,1,10)");
        assert_eq!(assignment_text(&[]), "-");
    }
}
