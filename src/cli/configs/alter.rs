//! `kafka-configs --alter`: check the keys to delete against the current dynamic configs, then
//! apply deletions and additions in one IncrementalAlterConfigs request.

use std::io::Write;

use serde_json::{Map, Value, json};
use strom_client::Admin;
use strom_client::admin_configs::AlterConfigOp;

use super::describe::{filter_sorted, resource_of};
use super::{ConfigsArgs, EntityType, Failure, Plan, parse};
use crate::cli::output::{self, OutputFormat};

/// The changes `--add-config` / `--add-config-file` and `--delete-config` ask for.
pub(super) struct Changes {
    to_add: Vec<(String, String)>,
    to_delete: Vec<String>,
}

impl Changes {
    /// Parsed before connecting, as Kafka does: a malformed value needs no cluster to fail.
    pub(super) fn from_args(args: &ConfigsArgs) -> Result<Changes, Failure> {
        let to_add =
            parse::configs_to_add(args.add_config.as_deref(), args.add_config_file.as_deref())
                .map_err(Failure::Invalid)?;
        let to_delete = parse::configs_to_delete(&args.delete_config);
        Ok(Changes { to_add, to_delete })
    }
}

pub(super) async fn alter(
    admin: &Admin,
    plan: &Plan,
    changes: &Changes,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let t = plan.entity_type;
    let name = plan.entity_name.clone().unwrap_or_default();
    let Changes { to_add, to_delete } = changes;
    let (resource, source) = resource_of(t, &name)?;

    // What is set now: the dynamic configs of the entity (for loggers: the loggers it has).
    let described = admin
        .describe_configs(std::slice::from_ref(&resource), false, false)
        .await?;
    let current = match described.into_iter().next() {
        Some((_, Ok(entries))) => filter_sorted(entries, Some(source)),
        Some((_, Err(e))) => return Err(Failure::from_kafka(t, &e)),
        None => Vec::new(),
    };
    let is_set = |k: &str| current.iter().any(|e| e.name == k);
    if t == EntityType::BrokerLoggers {
        let unknown: Vec<&str> = to_delete
            .iter()
            .map(String::as_str)
            .chain(to_add.iter().map(|(k, _)| k.as_str()))
            .filter(|k| !is_set(k))
            .collect();
        if !unknown.is_empty() {
            return Err(Failure::Invalid(format!(
                "Invalid broker logger(s): {}",
                unknown.join(",")
            )));
        }
    } else {
        let unknown: Vec<&str> = to_delete
            .iter()
            .map(String::as_str)
            .filter(|k| !is_set(k))
            .collect();
        if !unknown.is_empty() {
            return Err(Failure::Invalid(format!(
                "Invalid config(s): {}",
                unknown.join(",")
            )));
        }
    }

    let ops: Vec<AlterConfigOp> = to_delete
        .iter()
        .map(|k| AlterConfigOp::Delete(k.clone()))
        .chain(
            to_add
                .iter()
                .map(|(k, v)| AlterConfigOp::Set(k.clone(), v.clone())),
        )
        .collect();
    admin
        .incremental_alter_configs(&resource, &ops, false)
        .await?
        .map_err(|e| Failure::from_kafka(t, &e))?;

    if format.is_json() {
        let set: Map<String, Value> = to_add
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        output::write_json(
            out,
            &json!({
                "entity_type": t.name(),
                "entity_name": (!name.is_empty()).then_some(&name),
                "set": set,
                "deleted": to_delete,
            }),
        )?;
    } else if name.is_empty() {
        writeln!(
            out,
            "Completed updating default config for {} in the cluster.",
            t.name()
        )?;
    } else {
        writeln!(
            out,
            "Completed updating config for {} {name}.",
            t.singular()
        )?;
    }
    Ok(())
}
