//! `kafka-topics --list` and `--describe`: topic selection and Kafka's text layout.
//!
//! `--output table` draws `--list` as one table (TOPIC, PARTITIONS, REPLICATION-FACTOR) and
//! `--describe` as a table of topics (TOPIC, TOPIC-ID, PARTITIONS, REPLICATION-FACTOR,
//! CONFIGS) followed by a table of the shown partitions (TOPIC, PARTITION, LEADER, REPLICAS,
//! ISR); `-` marks a missing value.

use std::io::Write;

use regex::Regex;
use serde_json::{Map, Value, json};
use strom_client::metadata::parse_topic_id;
use strom_client::{
    Admin, ClusterMetadata, ConfigEntry, PartitionMetadata, TopicMetadata, topic_id_string,
};

use super::output::{self, OutputFormat};
use super::table::{self, Table};
use super::topics::{CommandError, TopicsArgs};

/// Which topics `--topic` (a regex matched against the whole name) or `--topic-id` select.
pub struct TopicFilter {
    pattern: Option<(String, Regex)>,
    topic_id: Option<(String, Option<strom_client::Uuid>)>,
    exclude_internal: bool,
}

impl TopicFilter {
    pub fn new(
        topic: Option<&str>,
        topic_id: Option<&str>,
        exclude_internal: bool,
    ) -> Result<Self, CommandError> {
        let pattern = match topic {
            Some(t) => {
                let re = Regex::new(&format!("^(?:{t})$")).map_err(|e| {
                    CommandError(format!("Invalid topic regular expression '{t}': {e}"))
                })?;
                Some((t.to_string(), re))
            }
            None => None,
        };
        let topic_id = topic_id.map(|s| (s.to_string(), parse_topic_id(s)));
        Ok(TopicFilter {
            pattern,
            topic_id,
            exclude_internal,
        })
    }

    /// Whether the user named topics (and so expects at least one to exist).
    pub fn is_explicit(&self) -> bool {
        self.pattern.is_some() || self.topic_id.is_some()
    }

    /// Selected topic names, sorted.
    pub fn select(&self, meta: &ClusterMetadata) -> Vec<String> {
        meta.topics
            .values()
            .filter(|t| t.error.is_none())
            .filter(|t| !(self.exclude_internal && t.is_internal))
            .filter(|t| {
                self.pattern
                    .as_ref()
                    .is_none_or(|(_, re)| re.is_match(&t.name))
            })
            .filter(|t| {
                self.topic_id
                    .as_ref()
                    .is_none_or(|(_, id)| id.is_some_and(|id| id == t.topic_id))
            })
            .map(|t| t.name.clone())
            .collect()
    }

    /// Kafka's message for a selection that matched nothing (without the `Optional[..]` bug).
    pub fn missing_message(&self) -> String {
        match (&self.pattern, &self.topic_id) {
            (_, Some((id, _))) => format!("TopicId '{id}' does not exist as expected"),
            (Some((t, _)), _) => format!("Topic '{t}' does not exist as expected"),
            (None, None) => "No topics found".to_string(),
        }
    }
}

pub async fn list(
    admin: &Admin,
    filter: &TopicFilter,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let meta = admin.list_topics().await?;
    let names = filter.select(&meta);
    match format {
        OutputFormat::Text => {
            for n in &names {
                writeln!(out, "{n}")?;
            }
        }
        OutputFormat::Table => {
            let mut t = Table::new(&["TOPIC", "PARTITIONS", "REPLICATION-FACTOR"]);
            for n in &names {
                let topic = meta.topic(n);
                t.row([
                    n.clone(),
                    table::cell(topic.map(|t| t.partitions.len())),
                    table::cell(topic.map(|t| t.replication_factor())),
                ]);
            }
            t.write(out)?;
        }
        OutputFormat::Json => output::write_json(out, &json!({ "topics": names }))?,
    }
    Ok(())
}

/// Which partitions a describe shows (`--under-replicated-partitions` and friends).
struct PartitionReport {
    under_replicated: bool,
    under_min_isr: bool,
    at_min_isr: bool,
    unavailable: bool,
}

impl PartitionReport {
    fn any(&self) -> bool {
        self.under_replicated || self.under_min_isr || self.at_min_isr || self.unavailable
    }

    fn shows(&self, p: &PartitionMetadata, min_isr: Option<usize>, live: &ClusterMetadata) -> bool {
        if !self.any() {
            return true;
        }
        let has_leader = p.leader >= 0 && live.brokers.contains_key(&p.leader);
        (self.under_replicated && has_leader && p.isr.len() < p.replicas.len())
            || (self.unavailable && !has_leader)
            || (self.under_min_isr && min_isr.is_some_and(|m| p.isr.len() < m))
            || (self.at_min_isr && min_isr.is_some_and(|m| p.isr.len() == m))
    }
}

fn ids(v: &[i32]) -> String {
    v.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

pub async fn describe(
    admin: &Admin,
    filter: &TopicFilter,
    args: &TopicsArgs,
    out: &mut impl Write,
) -> Result<(), CommandError> {
    let meta = admin.list_topics().await?;
    let names = filter.select(&meta);
    if names.is_empty() && filter.is_explicit() && !args.if_exists {
        return Err(CommandError(filter.missing_message()));
    }
    let configs = topic_configs(admin, &names).await?;
    let report = PartitionReport {
        under_replicated: args.under_replicated_partitions,
        under_min_isr: args.under_min_isr_partitions,
        at_min_isr: args.at_min_isr_partitions,
        unavailable: args.unavailable_partitions,
    };
    let mut docs = Vec::new();
    let mut topic_table = Table::new(&[
        "TOPIC",
        "TOPIC-ID",
        "PARTITIONS",
        "REPLICATION-FACTOR",
        "CONFIGS",
    ]);
    let mut partition_table = Table::new(&["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"]);
    for (name, entries) in names.iter().zip(configs) {
        let Some(topic) = meta.topic(name) else {
            continue;
        };
        let overrides: Vec<&ConfigEntry> = entries.iter().filter(|c| !c.is_default()).collect();
        let min_isr = entries
            .iter()
            .find(|c| c.name == "min.insync.replicas")
            .and_then(|c| c.value.as_deref())
            .and_then(|v| v.parse::<usize>().ok());
        // Kafka prints the topic line unless a partition filter is set; with
        // --topics-with-overrides only topics with overrides, and no partitions.
        let show_topic = !report.any() && (!args.topics_with_overrides || !overrides.is_empty());
        let partitions: Vec<&PartitionMetadata> = if args.topics_with_overrides {
            Vec::new()
        } else {
            topic
                .partitions
                .iter()
                .filter(|p| report.shows(p, min_isr, &meta))
                .collect()
        };
        match args.output {
            OutputFormat::Text => {
                if show_topic {
                    write_topic_line(out, topic, &overrides)?;
                }
                for p in &partitions {
                    write_partition_line(out, name, p)?;
                }
            }
            OutputFormat::Table => {
                if show_topic {
                    topic_table.row([
                        name.clone(),
                        table::cell(
                            (!topic.topic_id.is_nil()).then(|| topic_id_string(&topic.topic_id)),
                        ),
                        topic.partitions.len().to_string(),
                        topic.replication_factor().to_string(),
                        config_string(&overrides),
                    ]);
                }
                for p in &partitions {
                    partition_table.row([
                        name.clone(),
                        p.partition.to_string(),
                        table::cell((p.leader >= 0).then_some(p.leader)),
                        table::ids(&p.replicas),
                        table::ids(&p.isr),
                    ]);
                }
            }
            OutputFormat::Json => {
                if show_topic || !partitions.is_empty() {
                    docs.push(topic_json(topic, &overrides, &partitions));
                }
            }
        }
    }
    if args.output == OutputFormat::Table {
        if !topic_table.is_empty() {
            topic_table.write(out)?;
        }
        if !partition_table.is_empty() {
            partition_table.write(out)?;
        }
    }
    if args.output == OutputFormat::Json {
        output::write_json(out, &json!({ "topics": docs }))?;
    }
    Ok(())
}

/// Configs per topic (in `names` order); empty when the broker cannot describe them.
async fn topic_configs(
    admin: &Admin,
    names: &[String],
) -> Result<Vec<Vec<ConfigEntry>>, CommandError> {
    let results = match admin.describe_topic_configs(names).await {
        Ok(r) => r,
        Err(strom_client::Error::UnsupportedVersion { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    Ok(names
        .iter()
        .map(|n| {
            results
                .iter()
                .find(|(rn, _)| rn == n)
                .and_then(|(_, r)| r.as_ref().ok().cloned())
                .unwrap_or_default()
        })
        .collect())
}

fn config_string(overrides: &[&ConfigEntry]) -> String {
    overrides
        .iter()
        .map(|c| format!("{}={}", c.name, c.value.as_deref().unwrap_or("null")))
        .collect::<Vec<_>>()
        .join(",")
}

fn write_topic_line(
    out: &mut impl Write,
    t: &TopicMetadata,
    overrides: &[&ConfigEntry],
) -> std::io::Result<()> {
    write!(out, "Topic: {}", t.name)?;
    if !t.topic_id.is_nil() {
        write!(out, "\tTopicId: {}", topic_id_string(&t.topic_id))?;
    }
    writeln!(
        out,
        "\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}",
        t.partitions.len(),
        t.replication_factor(),
        config_string(overrides)
    )
}

fn write_partition_line(
    out: &mut impl Write,
    topic: &str,
    p: &PartitionMetadata,
) -> std::io::Result<()> {
    let leader = if p.leader >= 0 {
        p.leader.to_string()
    } else {
        "none".to_string()
    };
    // ELR needs DescribeTopicPartitions; through Metadata Kafka's admin client prints N/A too.
    writeln!(
        out,
        "\tTopic: {topic}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}\tElr: N/A\tLastKnownElr: N/A",
        p.partition,
        ids(&p.replicas),
        ids(&p.isr)
    )
}

fn topic_json(
    t: &TopicMetadata,
    overrides: &[&ConfigEntry],
    partitions: &[&PartitionMetadata],
) -> Value {
    let configs: Map<String, Value> = overrides
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.value.clone().map_or(Value::Null, Value::String),
            )
        })
        .collect();
    json!({
        "name": t.name,
        "topic_id": (!t.topic_id.is_nil()).then(|| topic_id_string(&t.topic_id)),
        "partition_count": t.partitions.len(),
        "replication_factor": t.replication_factor(),
        "is_internal": t.is_internal,
        "configs": configs,
        "partitions": partitions.iter().map(|p| json!({
            "partition": p.partition,
            "leader": (p.leader >= 0).then_some(p.leader),
            "replicas": p.replicas,
            "isr": p.isr,
            "elr": null,
            "last_known_elr": null,
        })).collect::<Vec<_>>(),
    })
}
