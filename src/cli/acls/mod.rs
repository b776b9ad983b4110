//! `strom acls` (kafka-acls): add, remove and list ACLs through DescribeAcls, CreateAcls and
//! DeleteAcls, so it also works against Kafka clusters with an authorizer.
//!
//! Options, their checks and messages are Kafka 4's `AclCommand` (tools). Usage errors print
//! Kafka's message on stderr and exit 1. A failed request prints Kafka's first line on stdout,
//! `Error while executing ACL command: <exception class>: <message>`, without the Java stack
//! trace, and exits 1. A strom broker has no authorizer, so it answers like a Kafka broker
//! without `authorizer.class.name`:
//!
//! ```text
//! Error while executing ACL command: org.apache.kafka.common.errors.SecurityDisabledException: No Authorizer is configured on the broker
//! ```
//!
//! (`--list` and `--add`, which first looks for existing ACLs as Kafka 4's tool does), or
//! `... SecurityDisabledException: No Authorizer is configured.` (`--remove`).
//!
//! A broker with an authorizer gets Kafka's listing, `Current ACLs for resource
//! `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`:` followed by one
//! `\t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)` line per ACL.
//!
//! `--output json` (listing and failures): `{"acls": [{"resource_type", "resource_name",
//! "pattern_type", "principal", "host", "operation", "permission_type"}]}` (Kafka's enum names,
//! e.g. `TOPIC`, `LITERAL`, `READ`, `ALLOW`) for `--list`; `{"added": [acl]}` for `--add`,
//! `{"removed": [acl]}` for `--remove`; any failure after the options were accepted:
//! `{"error": "<message>"}` (the broker's message without the Java class; exit 1).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use strom_client::{AccessControlEntry, AclBinding, Admin, ResourcePattern};

use super::common;
use super::output::{self, OutputFormat};
use codes::*;

mod codes;
#[cfg(test)]
mod tests;

/// This tool helps to manage acls on kafka.
#[derive(Debug, Args)]
pub struct AclsArgs {
    /// A list of host/port pairs to use for establishing the connection to the Kafka cluster.
    /// This list should be in the form host1:port1,host2:port2,... This config is required for
    /// acl management using admin client API.
    #[arg(long, value_name = "String: server to connect to")]
    pub bootstrap_server: Option<String>,
    /// A list of host/port pairs to use for establishing the connection to the Kafka cluster.
    /// This list should be in the form host1:port1,host2:port2,... This config is required for
    /// acl management using admin client API. (A strom node is its own controller: used like
    /// --bootstrap-server.)
    #[arg(long, value_name = "String: controller to connect to")]
    pub bootstrap_controller: Option<String>,
    /// A property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "String: command-config")]
    pub command_config: Option<PathBuf>,
    /// Indicates you are trying to add ACLs.
    #[arg(long)]
    pub add: bool,
    /// Indicates you are trying to remove ACLs.
    #[arg(long)]
    pub remove: bool,
    /// List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster
    /// to specify a resource.
    #[arg(long)]
    pub list: bool,
    /// topic to which ACLs should be added or removed. A value of '*' indicates ACL should apply
    /// to all topics.
    #[arg(long, value_name = "String: topic")]
    pub topic: Vec<String>,
    /// Add/Remove cluster ACLs.
    #[arg(long)]
    pub cluster: bool,
    /// Consumer Group to which the ACLs should be added or removed. A value of '*' indicates the
    /// ACLs should apply to all groups.
    #[arg(long, value_name = "String: group")]
    pub group: Vec<String>,
    /// The transactionalId to which ACLs should be added or removed. A value of '*' indicates
    /// the ACLs should apply to all transactionalIds.
    #[arg(long, value_name = "String: transactional-id")]
    pub transactional_id: Vec<String>,
    /// Delegation token to which ACLs should be added or removed. A value of '*' indicates ACL
    /// should apply to all tokens.
    #[arg(long, value_name = "String: delegation-token")]
    pub delegation_token: Vec<String>,
    /// Specifies a user principal as a resource in relation with the operation. For instance
    /// one could grant CreateTokens or DescribeTokens permission on a given user principal.
    #[arg(long, value_name = "String: user-principal")]
    pub user_principal: Vec<String>,
    /// The type of the resource pattern or pattern filter. When adding acls, this should be a
    /// specific pattern type, e.g. 'literal' or 'prefixed'. When listing or removing acls, a
    /// specific pattern type can be used to list or remove acls from specific resource
    /// patterns, or use the filter values of 'any' or 'match', where 'any' will match any
    /// pattern type, but will match the resource name exactly, where as 'match' will perform
    /// pattern matching to list or remove all acls that affect the supplied resource(s).
    /// WARNING: 'match', when used in combination with the '--remove' switch, should be used
    /// with care. (default: LITERAL)
    #[arg(long, value_name = "ANY|MATCH|LITERAL|PREFIXED")]
    pub resource_pattern_type: Option<String>,
    /// principal is in principalType:name format. Note that principalType must be supported by
    /// the Authorizer being used. For example, User:'*' is the wild card indicating all users.
    #[arg(long, value_name = "String: allow-principal")]
    pub allow_principal: Vec<String>,
    /// principal is in principalType:name format. By default anyone not added through
    /// --allow-principal is denied access. You only need to use this option as negation to
    /// already allowed set. Note that principalType must be supported by the Authorizer being
    /// used. For example if you wanted to allow access to all users in the system but not
    /// test-user you can define an ACL that allows access to User:'*' and specify
    /// --deny-principal=User:test@EXAMPLE.COM. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE
    /// OVER ALLOW RULES.
    #[arg(long, value_name = "String: deny-principal")]
    pub deny_principal: Vec<String>,
    /// Host from which principals listed in --allow-principal will have access. If you have
    /// specified --allow-principal then the default for this option will be set to '*' which
    /// allows access from all hosts.
    #[arg(long, value_name = "String: allow-host")]
    pub allow_host: Vec<String>,
    /// Host from which principals listed in --deny-principal will be denied access. If you have
    /// specified --deny-principal then the default for this option will be set to '*' which
    /// denies access from all hosts.
    #[arg(long, value_name = "String: deny-host")]
    pub deny_host: Vec<String>,
    /// Operation that is being allowed or denied. Valid operation names are: All, Read, Write,
    /// Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs,
    /// IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit (default: All)
    #[arg(long, value_name = "String")]
    pub operation: Vec<String>,
    /// Convenience option to add/remove ACLs for producer role. This will generate ACLs that
    /// allows WRITE,DESCRIBE and CREATE on topic.
    #[arg(long)]
    pub producer: bool,
    /// Convenience option to add/remove ACLs for consumer role. This will generate ACLs that
    /// allows READ,DESCRIBE on topic and READ on group.
    #[arg(long)]
    pub consumer: bool,
    /// Enable idempotence for the producer. This should be used in combination with the
    /// --producer option. Note that idempotence is enabled automatically if the producer is
    /// authorized to a particular transactional-id.
    #[arg(long)]
    pub idempotent: bool,
    /// List ACLs for the specified principal. principal is in principalType:name format. Note
    /// that principalType must be supported by the Authorizer being used. Multiple --principal
    /// option can be passed.
    #[arg(long, value_name = "String: principal")]
    pub principal: Vec<String>,
    /// Assume Yes to all queries and do not prompt.
    #[arg(long)]
    pub force: bool,
    /// Output format: text (Kafka's), table (same as text), or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-acls";

/// How a run fails.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// `CommandLineUtils.printUsageAndExit`: the message on stderr, exit 1.
    Usage(String),
    /// Caught by `AclCommand.main`: `Error while executing ACL command: <text>` on stdout, exit
    /// 1. `text` is Kafka's `getMessage()`; `plain` the message alone (for JSON).
    Command { text: String, plain: String },
}

impl Failure {
    /// An `IllegalArgumentException` thrown by Kafka's client classes: the message alone.
    fn illegal(msg: String) -> Failure {
        Failure::Command {
            text: msg.clone(),
            plain: msg,
        }
    }
}

impl From<strom_client::Error> for Failure {
    fn from(e: strom_client::Error) -> Self {
        let plain = e.to_string();
        let text = match &e {
            strom_client::Error::Kafka(k) => format!("{}: {plain}", exception_class(k.code)),
            _ => plain.clone(),
        };
        Failure::Command { text, plain }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::illegal(format!("{e:#}"))
    }
}

/// The Java exception an ACL call fails with, for an error code (Kafka's `Errors`).
fn exception_class(code: i16) -> &'static str {
    match code {
        54 => "org.apache.kafka.common.errors.SecurityDisabledException",
        31 => "org.apache.kafka.common.errors.ClusterAuthorizationException",
        42 => "org.apache.kafka.common.errors.InvalidRequestException",
        35 => "org.apache.kafka.common.errors.UnsupportedVersionException",
        7 => "org.apache.kafka.common.errors.TimeoutException",
        _ => "org.apache.kafka.common.errors.ApiException",
    }
}

pub async fn run(args: AclsArgs) -> anyhow::Result<ExitCode> {
    let mut out = output::stdout();
    let result = match check_args(&args) {
        Ok(()) => execute(&args, &mut out).await,
        Err(msg) => Err(Failure::Usage(msg)),
    };
    out.flush()?;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(Failure::Usage(msg)) => Ok(common::usage_error(PROGRAM, &msg)),
        Err(Failure::Command { plain, .. }) if args.output.is_json() => {
            output::write_json(&mut out, &json!({ "error": plain }))?;
            out.flush()?;
            Ok(ExitCode::FAILURE)
        }
        Err(Failure::Command { text, .. }) => {
            writeln!(out, "Error while executing ACL command: {text}")?;
            out.flush()?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `AclCommandOptions.checkArgs`, in Kafka's order and with its messages.
fn check_args(a: &AclsArgs) -> Result<(), String> {
    if a.bootstrap_server.is_some() && a.bootstrap_controller.is_some() {
        return Err(
            "Only one of --bootstrap-server or --bootstrap-controller must be specified".into(),
        );
    }
    if a.bootstrap_server.is_none() && a.bootstrap_controller.is_none() {
        return Err("One of --bootstrap-server or --bootstrap-controller must be specified".into());
    }
    if [a.add, a.remove, a.list].iter().filter(|&&x| x).count() != 1 {
        return Err("Command must include exactly one action: --list, --add, --remove. ".into());
    }
    let invalid = |used: &str, set: bool, others: &[(&str, bool)]| -> Result<(), String> {
        if set && let Some((name, _)) = others.iter().find(|(_, on)| *on) {
            return Err(format!(
                "Option \"[{used}]\" can't be used with option \"[{name}]\""
            ));
        }
        Ok(())
    };
    invalid(
        "list",
        a.list,
        &[
            ("producer", a.producer),
            ("consumer", a.consumer),
            ("allow-host", !a.allow_host.is_empty()),
            ("allow-principal", !a.allow_principal.is_empty()),
            ("deny-host", !a.deny_host.is_empty()),
            ("deny-principal", !a.deny_principal.is_empty()),
        ],
    )?;
    let role_conflicts = [
        ("operation", !a.operation.is_empty()),
        ("deny-principal", !a.deny_principal.is_empty()),
        ("deny-host", !a.deny_host.is_empty()),
    ];
    invalid("producer", a.producer, &role_conflicts)?;
    invalid("consumer", a.consumer, &role_conflicts)?;
    if !a.principal.is_empty() && !a.list {
        return Err("The --principal option is only available if --list is set".into());
    }
    if a.producer && a.topic.is_empty() {
        return Err("With --producer you must specify a --topic".into());
    }
    if a.idempotent && !a.producer {
        return Err("The --idempotent option is only available if --producer is set".into());
    }
    if a.consumer
        && (a.topic.is_empty()
            || a.group.is_empty()
            || (!a.producer && (a.cluster || !a.transactional_id.is_empty())))
    {
        return Err("With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.".into());
    }
    pattern_type(a)?;
    Ok(())
}

/// `--resource-pattern-type` through Kafka's `PatternTypeConverter` (jopt's message).
fn pattern_type(a: &AclsArgs) -> Result<i8, String> {
    let Some(v) = a.resource_pattern_type.as_deref() else {
        return Ok(PT_LITERAL);
    };
    match v.to_uppercase().as_str() {
        "ANY" => Ok(PT_ANY),
        "MATCH" => Ok(PT_MATCH),
        "LITERAL" => Ok(PT_LITERAL),
        "PREFIXED" => Ok(PT_PREFIXED),
        _ => Err(format!(
            "Cannot parse argument '{v}' of option resource-pattern-type"
        )),
    }
}

/// `getResourceFilter`: one filter per resource option, in Kafka's order.
fn resource_filters(a: &AclsArgs, die_if_none: bool) -> Result<Vec<ResourcePattern>, Failure> {
    let pt = pattern_type(a).map_err(Failure::Usage)?;
    let mut out: Vec<ResourcePattern> = Vec::new();
    let mut push = |resource_type: i8, name: &str| {
        let p = ResourcePattern {
            resource_type,
            name: Some(name.to_string()),
            pattern_type: pt,
        };
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for t in &a.topic {
        push(RT_TOPIC, t.trim());
    }
    if pt == PT_LITERAL && (a.cluster || a.idempotent) {
        push(RT_CLUSTER, CLUSTER_NAME);
    }
    for g in &a.group {
        push(RT_GROUP, g.trim());
    }
    for t in &a.transactional_id {
        push(RT_TRANSACTIONAL_ID, t);
    }
    for t in &a.delegation_token {
        push(RT_DELEGATION_TOKEN, t.trim());
    }
    for u in &a.user_principal {
        push(RT_USER, u.trim());
    }
    if out.is_empty() && die_if_none {
        return Err(Failure::Usage("You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>".into()));
    }
    Ok(out)
}

/// `SecurityUtils.parseKafkaPrincipal`, returning `KafkaPrincipal.toString`.
fn parse_principal(s: &str) -> Result<String, Failure> {
    match s.split_once(':') {
        Some((ty, name)) if !s.is_empty() => Ok(format!("{ty}:{name}")),
        _ => Err(Failure::illegal(format!(
            "expected a string in format principalType:principalName but got {s}"
        ))),
    }
}

fn principals(list: &[String]) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    for p in list {
        let p = parse_principal(p.trim())?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// `getHosts`: the given hosts, else `*` when principals were given, else none.
fn hosts(list: &[String], principals: &[String]) -> Vec<String> {
    if !list.is_empty() {
        let mut out: Vec<String> = Vec::new();
        for h in list {
            let h = h.trim().to_string();
            if !out.contains(&h) {
                out.push(h);
            }
        }
        out
    } else if !principals.is_empty() {
        vec![WILDCARD_HOST.to_string()]
    } else {
        Vec::new()
    }
}

/// `getAcl(opts, operations)`: allow and deny entries for every principal × operation × host.
fn entries(a: &AclsArgs, operations: &[i8]) -> Result<Vec<AccessControlEntry>, Failure> {
    let allowed = principals(&a.allow_principal)?;
    let denied = principals(&a.deny_principal)?;
    let mut out = Vec::new();
    for (who, hs, perm) in [
        (&allowed, hosts(&a.allow_host, &allowed), PERM_ALLOW),
        (&denied, hosts(&a.deny_host, &denied), PERM_DENY),
    ] {
        for p in who.iter() {
            for &op in operations {
                for h in &hs {
                    if op == OP_ANY {
                        return Err(Failure::illegal("operation must not be ANY".into()));
                    }
                    out.push(AccessControlEntry {
                        principal: Some(p.clone()),
                        host: Some(h.clone()),
                        operation: op,
                        permission_type: perm,
                    });
                }
            }
        }
    }
    Ok(out)
}

type FilterAcls = Vec<(ResourcePattern, Vec<AccessControlEntry>)>;

fn merge(into: &mut FilterAcls, filter: ResourcePattern, acls: Vec<AccessControlEntry>) {
    match into.iter_mut().find(|(f, _)| *f == filter) {
        Some((_, existing)) => {
            for acl in acls {
                if !existing.contains(&acl) {
                    existing.push(acl);
                }
            }
        }
        None => into.push((filter, acls)),
    }
}

/// `getResourceFilterToAcls`, then `validateOperation`.
fn filter_to_acls(a: &AclsArgs) -> Result<FilterAcls, Failure> {
    let mut out: FilterAcls = Vec::new();
    if !a.producer && !a.consumer {
        let ops: Vec<i8> = if a.operation.is_empty() {
            vec![OP_ALL]
        } else {
            let mut ops = Vec::new();
            for o in &a.operation {
                let op = parse_operation(o.trim());
                if !ops.contains(&op) {
                    ops.push(op);
                }
            }
            ops
        };
        let acls = entries(a, &ops)?;
        for f in resource_filters(a, true)? {
            out.push((f, acls.clone()));
        }
    }
    if a.producer {
        let filters = resource_filters(a, true)?;
        let topic_acls = entries(a, &[OP_WRITE, OP_DESCRIBE, OP_CREATE])?;
        let txn_acls = entries(a, &[OP_WRITE, OP_DESCRIBE])?;
        for f in filters {
            match f.resource_type {
                RT_TOPIC => out.push((f, topic_acls.clone())),
                RT_TRANSACTIONAL_ID => out.push((f, txn_acls.clone())),
                _ => {}
            }
        }
        if a.idempotent {
            let cluster = ResourcePattern {
                resource_type: RT_CLUSTER,
                name: Some(CLUSTER_NAME.into()),
                pattern_type: PT_LITERAL,
            };
            out.retain(|(f, _)| *f != cluster);
            out.push((cluster, entries(a, &[OP_IDEMPOTENT_WRITE])?));
        }
    }
    if a.consumer {
        let filters = resource_filters(a, true)?;
        let topic_acls = entries(a, &[OP_READ, OP_DESCRIBE])?;
        let group_acls = entries(a, &[OP_READ])?;
        for f in filters {
            match f.resource_type {
                RT_TOPIC => merge(&mut out, f, topic_acls.clone()),
                RT_GROUP => merge(&mut out, f, group_acls.clone()),
                _ => {}
            }
        }
    }
    for (f, acls) in &out {
        let supported = supported_operations(f.resource_type);
        if acls
            .iter()
            .any(|acl| acl.operation != OP_ALL && !supported.contains(&acl.operation))
        {
            let names: Vec<&str> = std::iter::once(OP_ALL)
                .chain(supported.iter().copied())
                .map(operation_name)
                .collect();
            return Err(Failure::Usage(format!(
                "ResourceType {} only supports operations [{}]",
                resource_type_name(f.resource_type),
                names.join(", ")
            )));
        }
    }
    Ok(out)
}

async fn execute(a: &AclsArgs, out: &mut impl Write) -> Result<(), Failure> {
    // Everything Kafka checks before its first request, checked before connecting.
    let plan = if a.add {
        let pt = pattern_type(a).map_err(Failure::Usage)?;
        if pt != PT_LITERAL && pt != PT_PREFIXED {
            return Err(Failure::Usage(format!(
                "A '--resource-pattern-type' value of '{}' is not valid when adding acls.",
                pattern_type_name(pt)
            )));
        }
        let plan = filter_to_acls(a)?;
        if plan.iter().any(|(_, acls)| acls.is_empty()) {
            return Err(Failure::Usage("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.".into()));
        }
        plan
    } else if a.remove {
        filter_to_acls(a)?
    } else {
        Vec::new()
    };
    let list_principals = if a.list {
        principals(&a.principal)?
    } else {
        Vec::new()
    };
    let bootstrap = a
        .bootstrap_server
        .as_deref()
        .or(a.bootstrap_controller.as_deref())
        .unwrap_or_default();
    let props = common::load_properties(a.command_config.as_deref(), &[])?;
    let client = common::connect(bootstrap, &props).await?;
    let admin = Admin::new(client);
    if a.add {
        add(a, &admin, plan, out).await
    } else if a.remove {
        remove(a, &admin, plan, out).await
    } else {
        list(a, &admin, &list_principals, out).await
    }
}

fn any_entry() -> AccessControlEntry {
    AccessControlEntry {
        principal: None,
        host: None,
        operation: OP_ANY,
        permission_type: PERM_ANY,
    }
}

async fn add(
    a: &AclsArgs,
    admin: &Admin,
    plan: FilterAcls,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut added = Vec::new();
    for (resource, acls) in plan {
        let existing = admin
            .describe_acls(&AclBinding {
                pattern: resource.clone(),
                entry: any_entry(),
            })
            .await?;
        let mut bindings = Vec::new();
        for entry in acls {
            let b = AclBinding {
                pattern: resource.clone(),
                entry,
            };
            if existing.contains(&b) {
                if !a.output.is_json() {
                    writeln!(
                        out,
                        "Acl (pattern={}, entry={}) already exists.",
                        pattern_text(&b.pattern),
                        entry_text(&b.entry)
                    )
                    .map_err(io_failure)?;
                }
            } else {
                bindings.push(b);
            }
        }
        if bindings.is_empty() {
            continue;
        }
        if !a.output.is_json() {
            let lines: Vec<String> = bindings
                .iter()
                .map(|b| format!("\t{}", entry_text(&b.entry)))
                .collect();
            writeln!(
                out,
                "Adding ACLs for resource `{}`: \n {}\n",
                pattern_text(&resource),
                lines.join("\n")
            )
            .map_err(io_failure)?;
        }
        admin.create_acls(&bindings).await?;
        added.extend(bindings);
    }
    if a.output.is_json() {
        let acls: Vec<Value> = added.iter().map(acl_json).collect();
        output::write_json(out, &json!({ "added": acls })).map_err(io_failure)?;
    }
    Ok(())
}

fn io_failure(e: std::io::Error) -> Failure {
    Failure::illegal(e.to_string())
}

/// Kafka's `confirmAction`: proceed with `--force`, else print the question and read `y`.
fn confirm(a: &AclsArgs, question: &str, out: &mut impl Write) -> Result<bool, Failure> {
    if a.force {
        return Ok(true);
    }
    if a.output.is_json() {
        // Keep stdout one JSON document.
        eprintln!("{question}");
    } else {
        writeln!(out, "{question}").map_err(io_failure)?;
        out.flush().map_err(io_failure)?;
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(io_failure)?;
    Ok(line
        .trim_end_matches(['\r', '\n'])
        .eq_ignore_ascii_case("y"))
}

async fn remove(
    a: &AclsArgs,
    admin: &Admin,
    plan: FilterAcls,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut removed = Vec::new();
    for (filter, acls) in plan {
        let (question, filters) = if acls.is_empty() {
            (
                format!(
                    "Are you sure you want to delete all ACLs for resource filter `{}`? (y/n)",
                    pattern_text(&filter)
                ),
                vec![AclBinding {
                    pattern: filter.clone(),
                    entry: any_entry(),
                }],
            )
        } else {
            let lines: Vec<String> = acls
                .iter()
                .map(|e| format!("\t{}", entry_text(e)))
                .collect();
            (
                format!(
                    "Are you sure you want to remove ACLs: \n {}\n from resource filter `{}`? (y/n)",
                    lines.join("\n"),
                    pattern_text(&filter)
                ),
                acls.iter()
                    .map(|e| AclBinding {
                        pattern: filter.clone(),
                        entry: e.clone(),
                    })
                    .collect(),
            )
        };
        if confirm(a, &question, out)? {
            removed.extend(admin.delete_acls(&filters).await?);
        }
    }
    if a.output.is_json() {
        let acls: Vec<Value> = removed.iter().map(acl_json).collect();
        output::write_json(out, &json!({ "removed": acls })).map_err(io_failure)?;
    }
    Ok(())
}

async fn list(
    a: &AclsArgs,
    admin: &Admin,
    list_principals: &[String],
    out: &mut impl Write,
) -> Result<(), Failure> {
    let filters = resource_filters(a, false)?;
    let mut bindings: Vec<AclBinding> = Vec::new();
    if filters.is_empty() {
        bindings = admin
            .describe_acls(&AclBinding {
                pattern: ResourcePattern {
                    resource_type: 1,
                    name: None,
                    pattern_type: PT_ANY,
                },
                entry: any_entry(),
            })
            .await?;
    } else {
        for f in filters {
            bindings.extend(
                admin
                    .describe_acls(&AclBinding {
                        pattern: f,
                        entry: any_entry(),
                    })
                    .await?,
            );
        }
    }
    let mut by_resource: Vec<(ResourcePattern, Vec<AccessControlEntry>)> = Vec::new();
    for b in bindings {
        merge(&mut by_resource, b.pattern, vec![b.entry]);
    }
    if a.output.is_json() {
        let acls: Vec<Value> = by_resource
            .iter()
            .flat_map(|(p, es)| {
                es.iter().map(|e| {
                    acl_json(&AclBinding {
                        pattern: p.clone(),
                        entry: e.clone(),
                    })
                })
            })
            .filter(|v| {
                list_principals.is_empty()
                    || list_principals
                        .iter()
                        .any(|p| v["principal"].as_str() == Some(p))
            })
            .collect();
        return output::write_json(out, &json!({ "acls": acls })).map_err(io_failure);
    }
    let print = |out: &mut dyn Write, rs: &[(ResourcePattern, Vec<AccessControlEntry>)]| {
        for (p, es) in rs {
            let lines: Vec<String> = es.iter().map(|e| format!("\t{}", entry_text(e))).collect();
            writeln!(
                out,
                "Current ACLs for resource `{}`:\n{}\n",
                pattern_text(p),
                lines.join("\n")
            )?;
        }
        Ok::<(), std::io::Error>(())
    };
    if list_principals.is_empty() {
        print(out, &by_resource).map_err(io_failure)?;
    } else {
        for principal in list_principals {
            writeln!(out, "ACLs for principal `{principal}`").map_err(io_failure)?;
            let filtered: Vec<(ResourcePattern, Vec<AccessControlEntry>)> = by_resource
                .iter()
                .map(|(p, es)| {
                    let es: Vec<AccessControlEntry> = es
                        .iter()
                        .filter(|e| e.principal.as_deref() == Some(principal.as_str()))
                        .cloned()
                        .collect();
                    (p.clone(), es)
                })
                .filter(|(_, es)| !es.is_empty())
                .collect();
            print(out, &filtered).map_err(io_failure)?;
        }
    }
    Ok(())
}
