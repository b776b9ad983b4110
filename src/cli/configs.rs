//! `strom configs` (kafka-configs): describe and change topic, broker and group
//! configurations.
//!
//! Options, checks, messages and text output are Kafka's `ConfigCommand`:
//! - `--describe` prints `Dynamic configs for topic orders are:` (`All configs for ...` with
//!   `--all`, `Default configs for brokers in the cluster are:` for the broker defaults), then
//!   one line per config, sorted by name:
//!   `  retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000}`.
//!   Without an entity name every topic (or every broker, then the defaults, or every group the
//!   broker lists) is described. A topic, broker or group that does not exist prints `The topic
//!   'x' doesn't exist and doesn't have dynamic config.` (Kafka 4.1+), unless `--all` is given;
//!   a group that only has configs exists.
//! - Groups (`--entity-type groups --entity-name g`, or `--group g`) hold Kafka 4's group
//!   configs (`consumer.session.timeout.ms`, `consumer.heartbeat.interval.ms`, and the
//!   `share.*` / `streams.*` keys): `Dynamic configs for group g are:`, and with `--all` every
//!   key, unset ones with the broker's value as `DEFAULT_CONFIG`. A group need not exist to be
//!   given configs.
//! - `--alter` applies `--delete-config` and `--add-config` / `--add-config-file` in one
//!   IncrementalAlterConfigs request and prints `Completed updating config for topic orders.`
//!   or `Completed updating default config for brokers in the cluster.`. Deleting a key that
//!   is not set fails with `Invalid config(s): x` before anything changes.
//!
//! Option errors print their message on stderr and exit 1 (those jopt reports add the usage
//! hint). A failure of the operation prints Kafka's `Error while executing config command with
//! args '<args>'` and, instead of Kafka's stack trace, one line with the reason; exit 1.
//!
//! `--bootstrap-controller` is accepted and used like `--bootstrap-server`: a strom node
//! answers admin requests on its one listener whatever its roles. Entity types `users`,
//! `clients` and `ips` (client quotas, SCRAM credentials) need the ClientQuotas APIs, which the
//! broker does not offer; the tool says so. `groups` and `client-metrics` are sent to the broker
//! and reported as unsupported when it refuses the resource type (strom's broker holds group
//! configs, not client-metrics subscriptions). `broker-loggers` are
//! described (the broker reports no loggers), so altering one fails with Kafka's
//! `Invalid broker logger(s): x`.
//!
//! `--output json` prints one document instead of the text:
//! - `--describe`: `{"entities": [{"entity_type", "entity_name" (null for the defaults),
//!   "exists", "configs": [{"name", "value" (null when sensitive), "source", "sensitive",
//!   "read_only", "synonyms": [{"name", "value", "source"}]}]}]}`
//! - `--alter`: `{"entity_type", "entity_name" (null for the defaults), "set": {k: v},
//!   "deleted": [k]}`
//! - a failure: `{"error": "<message>"}` on stdout (option errors stay on stderr).
//!
//! `--output table` prints the describe headings with a NAME / VALUE / SOURCE / SENSITIVE
//! table under each.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;
use strom_client::{Admin, KafkaError};

use super::common;
use super::output::{self, OutputFormat};

mod alter;
mod describe;
mod parse;

/// This tool helps to manipulate and describe entity config for a topic, client, user, broker,
/// ip, client-metrics or group.
#[derive(Debug, Args)]
pub struct ConfigsArgs {
    /// The Kafka servers to connect to (default: $STROM_BOOTSTRAP_SERVER).
    #[arg(long, value_name = "String: server to connect to")]
    pub bootstrap_server: Option<String>,
    /// The Kafka controllers to connect to. A strom node answers admin requests on its
    /// listener, so this is used like --bootstrap-server.
    #[arg(long, value_name = "String: controller to connect to")]
    pub bootstrap_controller: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "String: command config property file")]
    pub command_config: Option<PathBuf>,
    /// Alter the configuration for the entity.
    #[arg(long)]
    pub alter: bool,
    /// List configs for the given entity.
    #[arg(long)]
    pub describe: bool,
    /// List all configs for the given entity, including static configs if available.
    #[arg(long)]
    pub all: bool,
    /// Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups).
    #[arg(long, value_name = "String")]
    pub entity_type: Vec<String>,
    /// Name of entity (topic name/client id/user principal name/broker id/ip/client
    /// metrics/group id).
    #[arg(long, value_name = "String")]
    pub entity_name: Vec<String>,
    /// Default entity name for clients/users/brokers/ips (applies to corresponding entity
    /// type).
    #[arg(long)]
    pub entity_default: bool,
    /// Key Value pairs of configs to add. Square brackets can be used to group values which
    /// contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.
    #[arg(long, value_name = "String", allow_hyphen_values = true)]
    pub add_config: Option<String>,
    /// Path to a properties file with configs to add. See add-config for a list of valid
    /// configurations.
    #[arg(long, value_name = "String")]
    pub add_config_file: Option<PathBuf>,
    /// Config keys to remove 'k1,k2'.
    #[arg(long, value_name = "String", value_delimiter = ',')]
    pub delete_config: Vec<String>,
    /// Suppress console prompts.
    #[arg(long)]
    pub force: bool,
    /// The topic's name.
    #[arg(long, value_name = "String")]
    pub topic: Option<String>,
    /// The client's ID.
    #[arg(long, value_name = "String")]
    pub client: Option<String>,
    /// The config defaults for all clients.
    #[arg(long)]
    pub client_defaults: bool,
    /// The user's principal name.
    #[arg(long, value_name = "String")]
    pub user: Option<String>,
    /// The config defaults for all users.
    #[arg(long)]
    pub user_defaults: bool,
    /// The broker's ID.
    #[arg(long, value_name = "String")]
    pub broker: Option<String>,
    /// The config defaults for all brokers.
    #[arg(long)]
    pub broker_defaults: bool,
    /// The broker's ID for its logger config.
    #[arg(long, value_name = "String")]
    pub broker_logger: Option<String>,
    /// The IP address.
    #[arg(long, value_name = "String")]
    pub ip: Option<String>,
    /// The config defaults for all IPs.
    #[arg(long)]
    pub ip_defaults: bool,
    /// The group's ID.
    #[arg(long, value_name = "String")]
    pub group: Option<String>,
    /// The client metrics config resource name.
    #[arg(long, value_name = "String")]
    pub client_metrics: Option<String>,
    /// Output format: text (Kafka's), table, or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

const PROGRAM: &str = "kafka-configs";

/// Kafka's entity types (`ConfigType` plus `broker-loggers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityType {
    Topics,
    Clients,
    Users,
    Brokers,
    Ips,
    BrokerLoggers,
    ClientMetrics,
    Groups,
}

impl EntityType {
    /// In the order Kafka's "Invalid entity type" message lists them.
    const ALL: [EntityType; 8] = [
        EntityType::Topics,
        EntityType::Clients,
        EntityType::Users,
        EntityType::Brokers,
        EntityType::Ips,
        EntityType::BrokerLoggers,
        EntityType::ClientMetrics,
        EntityType::Groups,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EntityType::Topics => "topics",
            EntityType::Clients => "clients",
            EntityType::Users => "users",
            EntityType::Brokers => "brokers",
            EntityType::Ips => "ips",
            EntityType::BrokerLoggers => "broker-loggers",
            EntityType::ClientMetrics => "client-metrics",
            EntityType::Groups => "groups",
        }
    }

    /// The name without its last letter, as Kafka prints it (`topic`, `broker-logger`).
    pub fn singular(self) -> &'static str {
        let n = self.name();
        n.get(..n.len() - 1).unwrap_or(n)
    }

    fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// What the checked options ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub alter: bool,
    pub entity_type: EntityType,
    /// `None`: every entity of the type (describe only); `Some("")`: the default entity.
    pub entity_name: Option<String>,
    pub bootstrap: String,
}

/// How a failure is reported.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// A jopt usage error: the message and a pointer to `--help`.
    Usage(String),
    /// Kafka's IllegalArgumentException / InvalidConfigurationException: the message alone.
    Invalid(String),
    /// Anything else: `Error while executing config command with args '...'` and the reason.
    Command(String),
}

impl Failure {
    /// A broker error for `entity_type`, with a clear message when the broker does not know
    /// the resource type at all.
    pub fn from_kafka(entity_type: EntityType, e: &KafkaError) -> Failure {
        let msg = e.to_string();
        if e.code == 42 && msg.starts_with("Unsupported resource type") {
            return Failure::Invalid(format!(
                "Configs of entity type {} are not supported by this broker",
                entity_type.name()
            ));
        }
        Failure::Command(msg)
    }
}

impl From<strom_client::Error> for Failure {
    fn from(e: strom_client::Error) -> Self {
        Failure::Command(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Command(e.to_string())
    }
}

pub async fn run(args: ConfigsArgs) -> anyhow::Result<ExitCode> {
    let plan = match check_args(&args) {
        Ok(p) => p,
        Err(f) => return report(&args, f, &mut output::stdout()),
    };
    let mut out = output::stdout();
    match execute(&args, &plan, &mut out).await {
        Ok(()) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => report(&args, f, &mut out),
    }
}

fn report(args: &ConfigsArgs, f: Failure, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    out.flush()?;
    match f {
        Failure::Usage(msg) => return Ok(common::usage_error(PROGRAM, &msg)),
        Failure::Invalid(msg) | Failure::Command(msg) if args.output.is_json() => {
            output::write_json(out, &json!({ "error": msg }))?;
        }
        Failure::Invalid(msg) => eprintln!("{msg}"),
        Failure::Command(msg) => {
            eprintln!(
                "Error while executing config command with args '{}'",
                invocation_args()
            );
            eprintln!("{msg}");
        }
    }
    out.flush()?;
    Ok(ExitCode::FAILURE)
}

/// The tool's own arguments, as Kafka echoes them in its failure message.
fn invocation_args() -> String {
    let args: Vec<String> = std::env::args().collect();
    let skip = match args.first() {
        Some(a0) if super::applet::applet(std::ffi::OsStr::new(a0)).is_some() => 1,
        _ => args
            .iter()
            .position(|a| a == "configs")
            .map_or(1, |i| i + 1),
    };
    args.get(skip..).unwrap_or_default().join(" ")
}

/// The option checks of Kafka's `ConfigCommandOptions.checkArgs`, in its order.
pub fn check_args(a: &ConfigsArgs) -> Result<Plan, Failure> {
    use Failure::{Invalid, Usage};
    if [a.alter, a.describe].iter().filter(|x| **x).count() != 1 {
        return Err(Usage(
            "Command must include exactly one action: --describe, --alter".into(),
        ));
    }
    if a.describe {
        if a.add_config.is_some() {
            return Err(Usage(
                "Option \"[describe]\" can't be used with option \"[add-config]\"".into(),
            ));
        }
        if !a.delete_config.is_empty() {
            return Err(Usage(
                "Option \"[describe]\" can't be used with option \"[delete-config]\"".into(),
            ));
        }
    }
    let flags: [(bool, &str, Option<&String>); 8] = [
        (a.topic.is_some(), "topics", a.topic.as_ref()),
        (a.client.is_some(), "clients", a.client.as_ref()),
        (a.user.is_some(), "users", a.user.as_ref()),
        (a.broker.is_some(), "brokers", a.broker.as_ref()),
        (
            a.broker_logger.is_some(),
            "broker-loggers",
            a.broker_logger.as_ref(),
        ),
        (a.ip.is_some(), "ips", a.ip.as_ref()),
        (
            a.client_metrics.is_some(),
            "client-metrics",
            a.client_metrics.as_ref(),
        ),
        (a.group.is_some(), "groups", a.group.as_ref()),
    ];
    let default_flags = [
        (a.client_defaults, "clients"),
        (a.user_defaults, "users"),
        (a.broker_defaults, "brokers"),
        (a.ip_defaults, "ips"),
    ];
    let mut types: Vec<String> = a.entity_type.clone();
    types.extend(flags.iter().filter(|f| f.0).map(|f| f.1.to_string()));
    types.extend(
        default_flags
            .iter()
            .filter(|f| f.0)
            .map(|f| f.1.to_string()),
    );
    let mut duplicates: Vec<&str> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        if types.get(..i).is_some_and(|before| before.contains(t))
            && !duplicates.contains(&t.as_str())
        {
            duplicates.push(t);
        }
    }
    if !duplicates.is_empty() {
        return Err(Invalid(format!(
            "Duplicate entity type(s) specified: {}",
            duplicates.join(",")
        )));
    }
    let bootstrap = match (&a.bootstrap_server, &a.bootstrap_controller) {
        (Some(_), Some(_)) => {
            return Err(Invalid(
                "You cannot specify both --bootstrap-controller and --bootstrap-server.".into(),
            ));
        }
        (Some(b), None) | (None, Some(b)) => b.clone(),
        (None, None) => match std::env::var("STROM_BOOTSTRAP_SERVER") {
            Ok(b) if !b.trim().is_empty() => b,
            _ => {
                return Err(Invalid(
                    "You must specify either --bootstrap-controller or --bootstrap-server.".into(),
                ));
            }
        },
    };
    let mut parsed = Vec::new();
    for t in &types {
        match EntityType::parse(t) {
            Some(e) => parsed.push(e),
            None => {
                let allowed: Vec<&str> = EntityType::ALL.iter().map(|t| t.name()).collect();
                return Err(Invalid(format!(
                    "Invalid entity type {t}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument",
                    allowed.join(", ")
                )));
            }
        }
    }
    let Some(&head) = parsed.first() else {
        return Err(Invalid("At least one entity type must be specified".into()));
    };
    let users_and_clients = parsed.len() == 2
        && parsed.contains(&EntityType::Users)
        && parsed.contains(&EntityType::Clients);
    if parsed.len() > 1 && !users_and_clients {
        return Err(Invalid(
            "Only 'users' and 'clients' entity types may be specified together".into(),
        ));
    }
    let any_flag = flags.iter().any(|f| f.0) || default_flags.iter().any(|f| f.0);
    if (!a.entity_name.is_empty() || !a.entity_type.is_empty() || a.entity_default) && any_flag {
        return Err(Invalid(
            "--entity-{type,name,default} should not be used in conjunction with specific entity flags"
                .into(),
        ));
    }
    let mut names: Vec<String> = a.entity_name.clone();
    if a.entity_default {
        names.push(String::new());
    }
    names.extend(flags.iter().filter_map(|f| f.2.cloned()));
    names.extend(default_flags.iter().filter(|f| f.0).map(|_| String::new()));
    let has_name = names.iter().any(|n| !n.is_empty());
    let has_default = names.iter().any(String::is_empty);
    let type_list = types.join(",");
    if has_name
        && (parsed.contains(&EntityType::Brokers) || parsed.contains(&EntityType::BrokerLoggers))
    {
        let ids = a
            .entity_name
            .iter()
            .chain(&a.broker)
            .chain(&a.broker_logger);
        for id in ids {
            if id.parse::<i32>().is_err() {
                return Err(Invalid(format!(
                    "The entity name for {} must be a valid integer broker id, but it is: {id}",
                    head.name()
                )));
            }
        }
    }
    let quota_like = [
        EntityType::Users,
        EntityType::Clients,
        EntityType::Brokers,
        EntityType::Ips,
    ];
    let has_quota_like = parsed.iter().any(|t| quota_like.contains(t));
    if a.describe {
        if !has_quota_like && a.entity_default {
            return Err(Invalid(format!(
                "--entity-default must not be specified with --describe of {type_list}"
            )));
        }
        if parsed.contains(&EntityType::BrokerLoggers) && !has_name {
            return Err(Invalid(format!(
                "An entity name must be specified with --describe of {type_list}"
            )));
        }
    }
    if a.alter {
        if has_quota_like {
            if !has_name && !has_default {
                return Err(Invalid(
                    "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"
                        .into(),
                ));
            }
        } else if !has_name {
            return Err(Invalid(format!(
                "An entity name must be specified with --alter of {type_list}"
            )));
        }
        if a.add_config.is_some() && a.add_config_file.is_some() {
            return Err(Invalid(
                "Only one of --add-config or --add-config-file must be specified".into(),
            ));
        }
        if a.add_config.is_none() && a.add_config_file.is_none() && a.delete_config.is_empty() {
            return Err(Invalid(
                "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
                    .into(),
            ));
        }
        if types.len() != names.len() {
            return Err(Invalid(
                "An entity name must be specified for every entity type".into(),
            ));
        }
    }
    if let Err(msg) = common::validate_bootstrap(&bootstrap) {
        return Err(Invalid(msg.into()));
    }
    Ok(Plan {
        alter: a.alter,
        entity_type: head,
        entity_name: names.into_iter().next(),
        bootstrap,
    })
}

async fn execute(args: &ConfigsArgs, plan: &Plan, out: &mut impl Write) -> Result<(), Failure> {
    let changes = if plan.alter {
        Some(alter::Changes::from_args(args)?)
    } else {
        None
    };
    let props = common::load_properties(args.command_config.as_deref(), &[])
        .map_err(|e| Failure::Invalid(e.to_string()))?;
    let client = common::connect(&plan.bootstrap, &props)
        .await
        .map_err(|e| Failure::Command(e.to_string()))?;
    let admin = Admin::new(client);
    if matches!(
        plan.entity_type,
        EntityType::Users | EntityType::Clients | EntityType::Ips
    ) {
        return Err(quotas_unsupported(&admin, plan.entity_type).await);
    }
    if let Some(changes) = &changes {
        alter::alter(&admin, plan, changes, args.output, out).await
    } else {
        describe::describe(&admin, plan, args.all, args.output, out).await
    }
}

/// Users, clients and ips hold client quotas and SCRAM credentials, which need APIs that the
/// broker does not offer (or that this tool does not speak yet).
async fn quotas_unsupported(admin: &Admin, t: EntityType) -> Failure {
    use kafka_protocol::messages::ApiKey;
    let offered = match admin.client().any_connection().await {
        Ok(c) => c.broker_versions(ApiKey::DescribeClientQuotas).is_some(),
        Err(e) => return Failure::Command(e.to_string()),
    };
    let what = if t == EntityType::Users {
        "client quotas and SCRAM credentials"
    } else {
        "client quotas"
    };
    if offered {
        Failure::Invalid(format!(
            "Entity type {} ({what}) is not supported by strom configs yet",
            t.name()
        ))
    } else {
        Failure::Invalid(format!(
            "Entity type {} ({what}) is not supported by this broker: it does not offer the DescribeClientQuotas API",
            t.name()
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ConfigsArgs,
    }

    fn check(argv: &[&str]) -> Result<Plan, Failure> {
        let mut full = vec!["kafka-configs", "--bootstrap-server", "127.0.0.1:9092"];
        full.extend_from_slice(argv);
        check_args(&Wrapper::parse_from(full).args)
    }

    fn invalid(argv: &[&str]) -> String {
        match check(argv) {
            Err(Failure::Invalid(m) | Failure::Usage(m)) => m,
            other => panic!("{argv:?}: {other:?}"),
        }
    }

    #[test]
    fn plans() {
        let p = check(&["--describe", "--topic", "t"]).unwrap();
        assert_eq!(
            (p.entity_type, p.entity_name.as_deref()),
            (EntityType::Topics, Some("t"))
        );
        let p = check(&["--describe", "--entity-type", "topics"]).unwrap();
        assert_eq!(p.entity_name, None);
        let p = check(&["--alter", "--broker-defaults", "--add-config", "a=1"]).unwrap();
        assert_eq!(
            (p.entity_type, p.entity_name.as_deref()),
            (EntityType::Brokers, Some(""))
        );
        let p = check(&[
            "--alter",
            "--entity-type",
            "brokers",
            "--entity-default",
            "--delete-config",
            "a",
        ])
        .unwrap();
        assert_eq!(p.entity_name.as_deref(), Some(""));
        // Groups: Kafka's --group shorthand and the long form name the same entity.
        for argv in [
            &[
                "--alter",
                "--group",
                "g",
                "--add-config",
                "consumer.session.timeout.ms=60000",
            ][..],
            &[
                "--alter",
                "--entity-type",
                "groups",
                "--entity-name",
                "g",
                "--delete-config",
                "consumer.session.timeout.ms",
            ][..],
        ] {
            let p = check(argv).unwrap();
            assert_eq!(
                (p.alter, p.entity_type, p.entity_name.as_deref()),
                (true, EntityType::Groups, Some("g"))
            );
        }
        let p = check(&["--describe", "--entity-type", "groups", "--all"]).unwrap();
        assert_eq!((p.entity_type, p.entity_name), (EntityType::Groups, None));
        assert_eq!(EntityType::Groups.singular(), "group");
    }

    #[test]
    fn kafkas_messages() {
        assert_eq!(
            invalid(&["--topic", "t"]),
            "Command must include exactly one action: --describe, --alter"
        );
        assert_eq!(
            invalid(&["--describe", "--topic", "t", "--add-config", "a=1"]),
            "Option \"[describe]\" can't be used with option \"[add-config]\""
        );
        assert_eq!(
            invalid(&["--describe", "--entity-type", "x"]),
            "Invalid entity type x, the entity type must be one of topics, clients, users, brokers, ips, broker-loggers, client-metrics, groups with a --bootstrap-server or --bootstrap-controller argument"
        );
        assert_eq!(
            invalid(&["--alter", "--entity-type", "topics", "--add-config", "a=1"]),
            "An entity name must be specified with --alter of topics"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-type", "topics", "--topic", "t"]),
            "Duplicate entity type(s) specified: topics"
        );
        assert_eq!(
            invalid(&["--describe", "--topic", "t", "--broker", "1"]),
            "Only 'users' and 'clients' entity types may be specified together"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-name", "t"]),
            "At least one entity type must be specified"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-name", "t", "--topic", "t"]),
            "--entity-{type,name,default} should not be used in conjunction with specific entity flags"
        );
        assert_eq!(
            invalid(&["--describe", "--broker", "one"]),
            "The entity name for brokers must be a valid integer broker id, but it is: one"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-type", "topics", "--entity-default"]),
            "--entity-default must not be specified with --describe of topics"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-type", "broker-loggers"]),
            "An entity name must be specified with --describe of broker-loggers"
        );
        assert_eq!(
            invalid(&["--alter", "--entity-type", "groups", "--add-config", "a=1"]),
            "An entity name must be specified with --alter of groups"
        );
        assert_eq!(
            invalid(&["--describe", "--entity-type", "groups", "--entity-default"]),
            "--entity-default must not be specified with --describe of groups"
        );
        assert_eq!(
            invalid(&["--alter", "--entity-type", "brokers", "--add-config", "a=1"]),
            "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"
        );
        assert_eq!(
            invalid(&["--alter", "--topic", "t"]),
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
        );
        assert_eq!(
            invalid(&[
                "--alter",
                "--topic",
                "t",
                "--add-config",
                "a=1",
                "--add-config-file",
                "f"
            ]),
            "Only one of --add-config or --add-config-file must be specified"
        );
        assert_eq!(
            invalid(&[
                "--describe",
                "--topic",
                "t",
                "--bootstrap-controller",
                "h:1"
            ]),
            "You cannot specify both --bootstrap-controller and --bootstrap-server."
        );
    }

    #[test]
    fn singular_names() {
        assert_eq!(EntityType::Topics.singular(), "topic");
        assert_eq!(EntityType::BrokerLoggers.singular(), "broker-logger");
    }
}
