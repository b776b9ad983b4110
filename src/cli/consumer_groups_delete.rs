//! `consumer-groups --delete` and `--delete-offsets`, with Kafka's messages
//! (`ConsumerGroupCommand.deleteGroups` and `deleteOffsets`).
//!
//! Rows of the `--delete-offsets` table have Kafka's widths (with `--output table`, a drawn
//! table with the same columns, `-` for a partition not given); a failed partition's STATUS
//! is `Error: <exception>: <message>` (Kafka printed `Error: :` and the wrapped exception).

use std::io::Write;

use serde_json::json;
use strom_client::{Admin, KafkaError, TopicPartition};

use super::consumer_groups::{
    ConsumerGroupsArgs, Failure, exception_name, parse_topic_partitions, target_groups,
};
use super::output::{self, OutputFormat};
use super::prompt;
use super::table::{self, Table};

pub async fn delete_groups(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    let groups = target_groups(a, admin).await?;
    if !groups.is_empty() {
        let question = match groups.as_slice() {
            [one] => format!("Delete consumer group '{one}' and its committed offsets?"),
            many => format!(
                "Delete {} consumer groups ({}) and their committed offsets?",
                many.len(),
                prompt::name_list(many, 5)
            ),
        };
        if !prompt::confirm(&question, a.confirm.yes)? {
            return Err(Failure::Declined);
        }
    }
    let results = admin.delete_groups(&groups).await?;
    let ok: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(g, _)| g.as_str())
        .collect();
    let failed: Vec<(&str, &KafkaError)> = results
        .iter()
        .filter_map(|(g, r)| r.as_ref().err().map(|e| (g.as_str(), e)))
        .collect();
    if a.output == OutputFormat::Json {
        let failed_json: Vec<_> = failed
            .iter()
            .map(|(g, e)| json!({"group": g, "error": e.to_string()}))
            .collect();
        output::write_json(out, &json!({"deleted": ok, "failed": failed_json}))?;
        return Ok(failed.is_empty());
    }
    let quoted = |v: &[&str]| {
        v.iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        writeln!(
            out,
            "Deletion of requested consumer groups ({}) was successful.",
            quoted(&ok)
        )?;
        return Ok(true);
    }
    writeln!(out, "\nError: Deletion of some consumer groups failed:")?;
    for (g, e) in &failed {
        writeln!(
            out,
            "* Group '{g}' could not be deleted due to: {}: {e}",
            exception_name(e.code)
        )?;
    }
    if !ok.is_empty() {
        writeln!(
            out,
            "\nThese consumer groups were deleted successfully: {}",
            quoted(&ok)
        )?;
    }
    Ok(false)
}

pub async fn delete_offsets(
    a: &ConsumerGroupsArgs,
    admin: &Admin,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    let group = a.group.first().cloned().unwrap_or_default();
    // (partition, outcome); partition -1 stands for a topic that could not be described.
    let mut rows: Vec<(String, i32, Result<(), String>)> = Vec::new();
    let mut partitions: Vec<TopicPartition> = Vec::new();
    let mut whole_topics = Vec::new();
    for t in &a.topic {
        if t.contains(':') {
            partitions.extend(parse_topic_partitions(t)?);
        } else {
            whole_topics.push(t.clone());
        }
    }
    if !whole_topics.is_empty() {
        let meta = admin.describe_topics(&whole_topics).await?;
        for t in &whole_topics {
            match meta.iter().find(|m| &m.name == t) {
                Some(m) if m.error.is_none() => {
                    partitions.extend(m.partitions.iter().map(|p| (t.clone(), p.partition)));
                }
                other => {
                    let code = other
                        .and_then(|m| m.error.as_ref().map(|e| e.code))
                        .unwrap_or(3);
                    let e = KafkaError {
                        code,
                        message: None,
                    };
                    rows.push((t.clone(), -1, Err(format!("{}: {e}", exception_name(code)))));
                }
            }
        }
    }
    partitions.sort();
    partitions.dedup();
    let result = if partitions.is_empty() {
        Ok(Vec::new())
    } else {
        admin
            .delete_consumer_group_offsets(&group, &partitions)
            .await?
    };
    // As in Kafka, the first partition error stands for the request when the group-level
    // answer was fine; topics that could not be described do not count.
    let top: Option<KafkaError> = match result {
        Ok(per_partition) => {
            let first = per_partition
                .iter()
                .find_map(|(_, r)| r.as_ref().err().cloned());
            for ((t, p), r) in per_partition {
                rows.push((
                    t,
                    p,
                    r.map_err(|e| format!("{}: {e}", exception_name(e.code))),
                ));
            }
            first
        }
        Err(e) => {
            for (t, p) in &partitions {
                rows.push((
                    t.clone(),
                    *p,
                    Err(format!("{}: {e}", exception_name(e.code))),
                ));
            }
            Some(e)
        }
    };
    rows.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
    if a.output == OutputFormat::Json {
        let parts: Vec<_> = rows
            .iter()
            .map(|(t, p, r)| {
                json!({
                    "topic": t,
                    "partition": (*p >= 0).then_some(*p),
                    "error": r.as_ref().err(),
                })
            })
            .collect();
        let error = top.as_ref().map(|e| delete_offsets_error(&group, e));
        output::write_json(
            out,
            &json!({"group": group, "error": error, "partitions": parts}),
        )?;
        return Ok(top.is_none() && rows.iter().all(|(_, _, r)| r.is_ok()));
    }
    match &top {
        None => writeln!(
            out,
            "Request succeed for deleting offsets with topic {} group {group}",
            a.topic.join(", ")
        )?,
        Some(e) => writeln!(out, "\nError: {}", delete_offsets_error(&group, e))?,
    }
    let status = |r: &Result<(), String>| match r {
        Ok(()) => "Successful".to_string(),
        Err(msg) => format!("Error: {msg}"),
    };
    if a.output == OutputFormat::Table {
        let mut t = Table::new(&["TOPIC", "PARTITION", "STATUS"]);
        for (topic, p, r) in &rows {
            t.row([
                topic.clone(),
                table::cell((*p >= 0).then_some(*p)),
                status(r),
            ]);
        }
        t.write(out)?;
        return Ok(top.is_none() && rows.iter().all(|(_, _, r)| r.is_ok()));
    }
    writeln!(
        out,
        "\n{:<30} {:<15} {:<15}",
        "TOPIC", "PARTITION", "STATUS"
    )?;
    for (t, p, r) in &rows {
        let partition = if *p >= 0 {
            p.to_string()
        } else {
            "Not Provided".to_string()
        };
        let status = status(r);
        writeln!(out, "{t:<30} {partition:<15} {status:<15}")?;
    }
    Ok(top.is_none() && rows.iter().all(|(_, _, r)| r.is_ok()))
}

/// Kafka's summary line for a group-level OffsetDelete error.
fn delete_offsets_error(group: &str, e: &KafkaError) -> String {
    match e.code {
        24 => format!("'{group}' is not valid."),
        69 => format!("'{group}' does not exist."),
        30 => format!("Access to '{group}' is not authorized."),
        68 => format!(
            "Deleting offsets of a consumer group '{group}' is forbidden if the group is not empty."
        ),
        86 | 29 | 3 => "Encounter some partition level error, see the follow-up details:".into(),
        _ => format!("Encounter some unknown error: {}", e.name()),
    }
}
