//! `kafka-configs --describe`: which entities, their dynamic (or all) configs, Kafka's layout.

use std::io::Write;

use serde_json::{Value, json};
use strom_client::Admin;
use strom_client::admin_configs::{ConfigResource, ConfigSource, DescribedConfig, ResourceType};

use super::{EntityType, Failure, Plan};
use crate::cli::output::{self, OutputFormat};
use crate::cli::table::Table;
use crate::cli::topics::validate_topic_name;

/// The resource an entity is and the source of its dynamic configs (Kafka's
/// `describeConfigContext`), with Kafka's checks of the name.
pub(super) fn resource_of(
    t: EntityType,
    name: &str,
) -> Result<(ConfigResource, ConfigSource), Failure> {
    let (resource_type, source) = match t {
        EntityType::Topics => {
            if !name.is_empty() {
                validate_topic_name(name).map_err(Failure::Invalid)?;
            }
            (ResourceType::Topic, ConfigSource::DynamicTopic)
        }
        EntityType::Brokers if name.is_empty() => {
            (ResourceType::Broker, ConfigSource::DynamicDefaultBroker)
        }
        EntityType::Brokers => {
            validate_broker_id(t, name)?;
            (ResourceType::Broker, ConfigSource::DynamicBroker)
        }
        EntityType::BrokerLoggers => {
            if !name.is_empty() {
                validate_broker_id(t, name)?;
            }
            (
                ResourceType::BrokerLogger,
                ConfigSource::DynamicBrokerLogger,
            )
        }
        EntityType::ClientMetrics => (
            ResourceType::ClientMetrics,
            ConfigSource::DynamicClientMetrics,
        ),
        EntityType::Groups => (ResourceType::Group, ConfigSource::DynamicGroup),
        other => {
            return Err(Failure::Invalid(format!(
                "Invalid entity type: {}",
                other.name()
            )));
        }
    };
    Ok((ConfigResource::new(resource_type, name), source))
}

fn validate_broker_id(t: EntityType, name: &str) -> Result<(), Failure> {
    match name.parse::<i32>() {
        Ok(_) => Ok(()),
        Err(_) => Err(Failure::Invalid(format!(
            "The entity name for {} must be a valid integer broker id, found: {name}",
            t.name()
        ))),
    }
}

/// The entries from `source` only (every entry when `None`), sorted by name.
pub(super) fn filter_sorted(
    entries: Vec<DescribedConfig>,
    source: Option<ConfigSource>,
) -> Vec<DescribedConfig> {
    let mut kept: Vec<DescribedConfig> = entries
        .into_iter()
        .filter(|e| source.is_none_or(|s| e.source == s))
        .collect();
    kept.sort_by(|a, b| a.name.cmp(&b.name));
    kept
}

/// Kafka's line for one entry: `  k=v sensitive=false synonyms={SOURCE:k=v, ...}`.
fn entry_line(e: &DescribedConfig) -> String {
    let synonyms: Vec<String> = e
        .synonyms
        .iter()
        .map(|s| {
            format!(
                "{}:{}={}",
                s.source,
                s.name,
                s.value.as_deref().unwrap_or("null")
            )
        })
        .collect();
    format!(
        "  {}={} sensitive={} synonyms={{{}}}",
        e.name,
        e.value.as_deref().unwrap_or("null"),
        e.sensitive,
        synonyms.join(", ")
    )
}

fn entry_json(e: &DescribedConfig) -> Value {
    let synonyms: Vec<Value> = e
        .synonyms
        .iter()
        .map(|s| json!({"name": s.name, "value": s.value, "source": s.source.name()}))
        .collect();
    json!({
        "name": e.name,
        "value": e.value,
        "source": e.source.name(),
        "sensitive": e.sensitive,
        "read_only": e.read_only,
        "synonyms": synonyms,
    })
}

fn heading(t: EntityType, entity: &str, all: bool) -> String {
    if entity.is_empty() {
        format!("Default configs for {} in the cluster are:", t.name())
    } else {
        let which = if all { "All" } else { "Dynamic" };
        format!("{which} configs for {} {entity} are:", t.singular())
    }
}

fn entity_json(t: EntityType, entity: &str, exists: bool, configs: Vec<Value>) -> Value {
    json!({
        "entity_type": t.name(),
        "entity_name": (!entity.is_empty()).then_some(entity),
        "exists": exists,
        "configs": configs,
    })
}

pub(super) async fn describe(
    admin: &Admin,
    plan: &Plan,
    all: bool,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let t = plan.entity_type;
    if !all
        && let Some(name) = &plan.entity_name
        && !exists(admin, t, name).await?
    {
        if format.is_json() {
            let doc = json!({ "entities": [entity_json(t, name, false, Vec::new())] });
            output::write_json(out, &doc)?;
        } else {
            writeln!(
                out,
                "The {} '{name}' doesn't exist and doesn't have dynamic config.",
                t.singular()
            )?;
        }
        return Ok(());
    }
    let entities = match &plan.entity_name {
        Some(n) => vec![n.clone()],
        None => every_entity(admin, t).await?,
    };
    let contexts = entities
        .iter()
        .map(|e| resource_of(t, e))
        .collect::<Result<Vec<_>, _>>()?;
    let resources: Vec<ConfigResource> = contexts.iter().map(|(r, _)| r.clone()).collect();
    let results = if resources.is_empty() {
        Vec::new()
    } else {
        admin.describe_configs(&resources, true, false).await?
    };
    let mut docs = Vec::new();
    for ((entity, (_, source)), (_, outcome)) in entities.iter().zip(&contexts).zip(results) {
        let entries = match outcome {
            Ok(list) => filter_sorted(list, (!all).then_some(*source)),
            Err(e) => return Err(Failure::from_kafka(t, &e)),
        };
        if !format.is_json() {
            writeln!(out, "{}", heading(t, entity, all))?;
        }
        match format {
            OutputFormat::Text => {
                for e in &entries {
                    writeln!(out, "{}", entry_line(e))?;
                }
            }
            OutputFormat::Table => {
                if !entries.is_empty() {
                    let mut table = Table::new(&["NAME", "VALUE", "SOURCE", "SENSITIVE"]);
                    for e in &entries {
                        table.row([
                            e.name.clone(),
                            e.value.clone().unwrap_or_else(|| "null".into()),
                            e.source.name().to_string(),
                            e.sensitive.to_string(),
                        ]);
                    }
                    table.write(out)?;
                }
            }
            OutputFormat::Json => {
                docs.push(entity_json(
                    t,
                    entity,
                    true,
                    entries.iter().map(entry_json).collect(),
                ));
            }
        }
    }
    if format.is_json() {
        output::write_json(out, &json!({ "entities": docs }))?;
    }
    Ok(())
}

/// Whether a named entity exists (Kafka 4.1 checks before describing dynamic configs).
async fn exists(admin: &Admin, t: EntityType, name: &str) -> Result<bool, Failure> {
    if t == EntityType::Groups {
        return group_exists(admin, name).await;
    }
    match t {
        EntityType::Topics => {
            validate_topic_name(name).map_err(Failure::Invalid)?;
            let meta = admin.list_topics().await?;
            Ok(meta.topic(name).is_some_and(|m| m.error.is_none()))
        }
        EntityType::Brokers | EntityType::BrokerLoggers => {
            if name.is_empty() {
                return Ok(true);
            }
            let cluster = admin.describe_cluster().await?;
            Ok(cluster
                .brokers
                .iter()
                .any(|(id, _, _)| id.to_string() == name))
        }
        _ => Ok(true),
    }
}

/// A group exists for `--describe` when the broker lists it or it has configs of its own.
/// Kafka 4.1 asks ListConfigResources for the latter; strom's broker does not offer that API,
/// so the group's dynamic configs are described instead (the same answer).
async fn group_exists(admin: &Admin, name: &str) -> Result<bool, Failure> {
    let listed = admin.list_groups(&[], &[]).await?;
    if listed.iter().any(|g| g.group_id == name) {
        return Ok(true);
    }
    let (resource, source) = resource_of(EntityType::Groups, name)?;
    let described = admin
        .describe_configs(std::slice::from_ref(&resource), false, false)
        .await?;
    match described.into_iter().next() {
        Some((_, Ok(entries))) => Ok(entries.iter().any(|e| e.source == source)),
        Some((_, Err(e))) => Err(Failure::from_kafka(EntityType::Groups, &e)),
        None => Ok(false),
    }
}

/// Every entity of a type, for a describe without a name: topics (internal ones too), or
/// brokers then the cluster-wide defaults, or groups.
async fn every_entity(admin: &Admin, t: EntityType) -> Result<Vec<String>, Failure> {
    match t {
        EntityType::Topics => {
            let meta = admin.list_topics().await?;
            Ok(meta
                .topics
                .values()
                .filter(|m| m.error.is_none())
                .map(|m| m.name.clone())
                .collect())
        }
        EntityType::Brokers | EntityType::BrokerLoggers => {
            let cluster = admin.describe_cluster().await?;
            let mut ids: Vec<i32> = cluster.brokers.iter().map(|(id, _, _)| *id).collect();
            ids.sort_unstable();
            let mut out: Vec<String> = ids.iter().map(i32::to_string).collect();
            out.push(String::new());
            Ok(out)
        }
        EntityType::Groups => {
            let mut ids: Vec<String> = admin
                .list_groups(&[], &[])
                .await?
                .into_iter()
                .map(|g| g.group_id)
                .collect();
            ids.sort();
            ids.dedup();
            Ok(ids)
        }
        _ => Err(Failure::Invalid(format!(
            "Describing every {} resource needs the ListConfigResources API, which this broker does not offer; name one with --entity-name",
            t.singular()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use strom_client::admin_configs::ConfigSynonym;

    use super::*;

    fn entry(name: &str, value: Option<&str>, source: ConfigSource) -> DescribedConfig {
        DescribedConfig {
            name: name.into(),
            value: value.map(String::from),
            source,
            read_only: false,
            sensitive: value.is_none(),
            synonyms: vec![
                ConfigSynonym {
                    name: name.into(),
                    value: value.map(String::from),
                    source,
                },
                ConfigSynonym {
                    name: "log.retention.hours".into(),
                    value: Some("168".into()),
                    source: ConfigSource::Default,
                },
            ],
            config_type: None,
            documentation: None,
        }
    }

    #[test]
    fn lines_are_kafkas() {
        let e = entry("retention.ms", Some("3600000"), ConfigSource::DynamicTopic);
        assert_eq!(
            entry_line(&e),
            "  retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000, DEFAULT_CONFIG:log.retention.hours=168}"
        );
        let e = entry("ssl.key.password", None, ConfigSource::StaticBroker);
        assert!(entry_line(&e).starts_with("  ssl.key.password=null sensitive=true synonyms={STATIC_BROKER_CONFIG:ssl.key.password=null"));
    }

    #[test]
    fn headings() {
        assert_eq!(
            heading(EntityType::Topics, "orders", false),
            "Dynamic configs for topic orders are:"
        );
        assert_eq!(
            heading(EntityType::Topics, "orders", true),
            "All configs for topic orders are:"
        );
        assert_eq!(
            heading(EntityType::Brokers, "", false),
            "Default configs for brokers in the cluster are:"
        );
        assert_eq!(
            heading(EntityType::Groups, "my-group", false),
            "Dynamic configs for group my-group are:"
        );
        assert_eq!(
            heading(EntityType::Groups, "my-group", true),
            "All configs for group my-group are:"
        );
    }

    #[test]
    fn dynamic_filter_sorts_by_name() {
        let kept = filter_sorted(
            vec![
                entry("segment.ms", Some("1"), ConfigSource::DynamicTopic),
                entry("retention.ms", Some("2"), ConfigSource::Default),
                entry(
                    "cleanup.policy",
                    Some("compact"),
                    ConfigSource::DynamicTopic,
                ),
            ],
            Some(ConfigSource::DynamicTopic),
        );
        let names: Vec<&str> = kept.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["cleanup.policy", "segment.ms"]);
    }
}
