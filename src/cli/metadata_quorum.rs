//! `strom metadata-quorum` (kafka-metadata-quorum): the state of the metadata quorum, through
//! the DescribeQuorum API (key 55), so it also works against Kafka clusters.
//!
//! Options, messages and text output are Kafka's `MetadataQuorumCommand` (3.9+ formats).
//! `--bootstrap-controller` is accepted and used like `--bootstrap-server`: a strom node is its
//! own controller and answers on its broker listeners. `describe --status` prints
//!
//! ```text
//! ClusterId:              MkU3OEVBNTcwNTJENDM2Qk
//! LeaderId:               1
//! LeaderEpoch:            1
//! HighWatermark:          12
//! MaxFollowerLag:         0
//! MaxFollowerLagTimeMs:   0
//! CurrentVoters:          [{"id": 1, "directoryId": "pF5Vx3wqQ2WlFvmbHSDxOQ", "endpoints": ["PLAINTEXT://localhost:9092"]}]
//! CurrentObservers:       []
//! ```
//!
//! and `describe --replication` a table whose cells are padded to the column width and each
//! followed by a tab (`NodeId DirectoryId LogEndOffset Lag LastFetchTimestamp
//! LastCaughtUpTimestamp Status`; the leader first, then the other voters, then the
//! observers). `--human-readable` shows the timestamps as `N ms ago`; a timestamp a little
//! ahead of this machine's clock (the broker's clock runs ahead) shows as `0 ms ago` where
//! Kafka's tool fails. On a strom node the leader is always this node and there are no
//! followers or observers; the high watermark is the metadata log's end offset.
//!
//! `add-controller` and `remove-controller` parse Kafka's options and are refused: strom's
//! metadata quorum is a single node that is its own controller.
//!
//! Usage errors print Kafka's message on stderr and exit 1. A failed request prints its
//! message on stderr (stdout with `--output json`) and exits 1.
//!
//! `--output table` draws the status as a FIELD / VALUE table and the replication as a table
//! with the text's columns. `--output json` prints one document:
//! - `describe --status`: `{"cluster_id", "leader_id", "leader_epoch", "high_watermark",
//!   "max_follower_lag", "max_follower_lag_time_ms", "current_voters": [node],
//!   "current_observers": [node]}`, node = `{"id", "directory_id" (null when not reported),
//!   "endpoints": ["NAME://host:port"]}`
//! - `describe --replication`: `{"replicas": [{"node_id", "directory_id" (null when not
//!   reported), "log_end_offset", "lag", "last_fetch_timestamp", "last_caught_up_timestamp"
//!   (epoch ms, null when unknown; `--human-readable` does not change them), "status"
//!   ("Leader", "Follower" or "Observer")}]}`
//! - any failure after the options were accepted: `{"error": "<message>"}` (exit 1)

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use strom_client::{Admin, QuorumInfo, QuorumReplica, Uuid};
use strom_core::broker::storage::uuid_to_kafka;

use super::common;
use super::output::{self, OutputFormat};
use super::table::Table;

/// This tool describes kraft metadata quorum status.
#[derive(Debug, Args)]
pub struct MetadataQuorumArgs {
    /// A comma-separated list of host:port pairs to use for establishing the connection to the
    /// Kafka cluster (default: $STROM_BOOTSTRAP_SERVER).
    #[arg(long, global = true, value_name = "BOOTSTRAP_SERVER")]
    pub bootstrap_server: Option<String>,
    /// A comma-separated list of host:port pairs to use for establishing the connection to the
    /// Kafka controllers. A strom node is its own controller and answers on its listeners, so
    /// this is used like --bootstrap-server.
    #[arg(long, global = true, value_name = "BOOTSTRAP_CONTROLLER")]
    pub bootstrap_controller: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, global = true, value_name = "COMMAND_CONFIG")]
    pub command_config: Option<PathBuf>,
    /// Output format: text (Kafka's), table, or json.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    #[command(subcommand)]
    pub command: QuorumCommand,
}

#[derive(Debug, Subcommand)]
pub enum QuorumCommand {
    /// Describe the metadata quorum info
    Describe(DescribeArgs),
    /// Add a controller to the KRaft controller cluster (refused: strom's quorum is one node)
    AddController(AddControllerArgs),
    /// Remove a controller from the KRaft controller cluster (refused: strom's quorum is one
    /// node)
    RemoveController(RemoveControllerArgs),
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// A short summary of the quorum status and the other provides detailed information about
    /// the status of replication.
    #[arg(long)]
    pub status: bool,
    /// Detailed information about the status of replication
    #[arg(long)]
    pub replication: bool,
    /// Human-readable output
    #[arg(long)]
    pub human_readable: bool,
}

#[derive(Debug, Args)]
pub struct AddControllerArgs {
    /// True if we should print what would be done, but not do it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct RemoveControllerArgs {
    /// The id of the controller to remove.
    #[arg(
        short = 'i',
        long,
        value_name = "CONTROLLER_ID",
        allow_negative_numbers = true
    )]
    pub controller_id: Option<i32>,
    /// The directory ID of the controller to remove.
    #[arg(short = 'd', long, value_name = "CONTROLLER_DIRECTORY_ID")]
    pub controller_directory_id: Option<String>,
    /// True if we should print what would be done, but not do it.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `describe` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Status,
    Replication { human: bool },
}

/// Kafka's TerseException messages for the option checks, in Kafka's order.
fn check(args: &MetadataQuorumArgs) -> Result<(String, View), String> {
    let bootstrap = match (&args.bootstrap_server, &args.bootstrap_controller) {
        (Some(_), Some(_)) => {
            return Err(
                "You cannot specify both --bootstrap-controller and --bootstrap-server.".into(),
            );
        }
        (Some(b), None) | (None, Some(b)) => b.clone(),
        (None, None) => match std::env::var("STROM_BOOTSTRAP_SERVER") {
            Ok(b) if !b.trim().is_empty() => b,
            _ => {
                return Err(
                    "You must specify either --bootstrap-controller or --bootstrap-server.".into(),
                );
            }
        },
    };
    let view = match &args.command {
        QuorumCommand::Describe(d) => {
            if d.status && d.replication {
                return Err("Only one of --status or --replication should be specified with describe sub-command".into());
            } else if d.replication {
                View::Replication {
                    human: d.human_readable,
                }
            } else if d.status {
                if d.human_readable {
                    return Err(
                        "The option --human-readable is only supported along with --replication"
                            .into(),
                    );
                }
                View::Status
            } else {
                return Err(
                    "One of --status or --replication must be specified with describe sub-command"
                        .into(),
                );
            }
        }
        QuorumCommand::AddController(_) => {
            return Err("add-controller is not supported: strom's metadata quorum is a single node that is its own controller, so there is no controller to add".into());
        }
        QuorumCommand::RemoveController(_) => {
            return Err("remove-controller is not supported: strom's metadata quorum is a single node that is its own controller, which cannot be removed".into());
        }
    };
    Ok((bootstrap, view))
}

pub async fn run(args: MetadataQuorumArgs) -> anyhow::Result<ExitCode> {
    let (bootstrap, view) = match check(&args) {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("{msg}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut out = output::stdout();
    match describe(&args, &bootstrap, view, &mut out).await {
        Ok(()) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(msg) => Ok(output::report_failure(&mut out, args.output, &msg)?),
    }
}

async fn describe(
    args: &MetadataQuorumArgs,
    bootstrap: &str,
    view: View,
    out: &mut impl Write,
) -> Result<(), String> {
    let props =
        common::load_properties(args.command_config.as_deref(), &[]).map_err(|e| e.to_string())?;
    let client = common::connect(bootstrap, &props)
        .await
        .map_err(|e| format!("{e:#}"))?;
    let admin = Admin::new(client);
    let io = |e: std::io::Error| e.to_string();
    match view {
        View::Status => {
            let cluster_id = admin
                .describe_cluster()
                .await
                .map_err(|e| e.to_string())?
                .cluster_id;
            let quorum = admin.describe_quorum().await.map_err(|e| e.to_string())?;
            let status = Status::of(&quorum)?;
            match args.output {
                OutputFormat::Text => {
                    out.write_all(status_text(&cluster_id, &quorum, &status).as_bytes())
                        .map_err(io)?;
                }
                OutputFormat::Table => status_table(&cluster_id, &quorum, &status)
                    .write(out)
                    .map_err(io)?,
                OutputFormat::Json => {
                    output::write_json(out, &status_json(&cluster_id, &quorum, &status))
                        .map_err(io)?;
                }
            }
        }
        View::Replication { human } => {
            let quorum = admin.describe_quorum().await.map_err(|e| e.to_string())?;
            let rows = replication_rows(&quorum)?;
            let now = human.then(now_ms);
            match args.output {
                OutputFormat::Text => {
                    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells(now)).collect();
                    out.write_all(pretty_table(&HEADERS, &cells).as_bytes())
                        .map_err(io)?;
                }
                OutputFormat::Table => {
                    let mut t = Table::new(&[
                        "NODE ID",
                        "DIRECTORY ID",
                        "LOG END OFFSET",
                        "LAG",
                        "LAST FETCH",
                        "LAST CAUGHT UP",
                        "STATUS",
                    ]);
                    for r in &rows {
                        t.row(r.cells(now));
                    }
                    t.write(out).map_err(io)?;
                }
                OutputFormat::Json => {
                    let replicas: Vec<Value> = rows.iter().map(Row::json).collect();
                    output::write_json(out, &json!({ "replicas": replicas })).map_err(io)?;
                }
            }
        }
    }
    Ok(())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Kafka's `Uuid.toString` (URL-safe base64, 22 characters).
fn uuid_text(id: &Uuid) -> String {
    uuid_to_kafka(id)
}

fn leader(q: &QuorumInfo) -> Result<&QuorumReplica, String> {
    q.leader().ok_or_else(|| {
        format!(
            "the quorum reports leader {}, which is not one of its voters",
            q.leader_id
        )
    })
}

/// The summary numbers of `--status` (`handleDescribeStatus`).
#[derive(Debug, PartialEq, Eq)]
struct Status {
    max_follower_lag: i64,
    max_follower_lag_time_ms: i64,
}

impl Status {
    fn of(q: &QuorumInfo) -> Result<Status, String> {
        let leader = leader(q)?;
        // Stream.min keeps the first of equal minima.
        let mut laggiest: Option<&QuorumReplica> = None;
        for v in &q.voters {
            if laggiest.is_none_or(|m| v.log_end_offset < m.log_end_offset) {
                laggiest = Some(v);
            }
        }
        let laggiest = laggiest.unwrap_or(leader);
        let max_follower_lag = leader.log_end_offset - laggiest.log_end_offset;
        let max_follower_lag_time_ms = if std::ptr::eq(leader, laggiest) {
            0
        } else {
            match (
                leader.last_caught_up_timestamp,
                laggiest.last_caught_up_timestamp,
            ) {
                (Some(l), Some(f)) => l - f,
                _ => -1,
            }
        };
        Ok(Status {
            max_follower_lag,
            max_follower_lag_time_ms,
        })
    }
}

/// The endpoints of a node, as `NAME://host:port`.
fn endpoints(q: &QuorumInfo, id: i32) -> Vec<String> {
    q.nodes
        .get(&id)
        .map(|eps| eps.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

/// Kafka's `MetadataQuorumCommand.Node.toString`.
fn node_text(q: &QuorumInfo, r: &QuorumReplica) -> String {
    let mut s = format!("{{\"id\": {}", r.replica_id);
    if !r.directory_id.is_nil() {
        s.push_str(&format!(
            ", \"directoryId\": \"{}\"",
            uuid_text(&r.directory_id)
        ));
    }
    let eps = endpoints(q, r.replica_id);
    if !eps.is_empty() {
        let quoted: Vec<String> = eps.iter().map(|e| format!("\"{e}\"")).collect();
        s.push_str(&format!(", \"endpoints\": [{}]", quoted.join(", ")));
    }
    s.push('}');
    s
}

fn nodes_text(q: &QuorumInfo, replicas: &[QuorumReplica]) -> String {
    let nodes: Vec<String> = replicas.iter().map(|r| node_text(q, r)).collect();
    format!("[{}]", nodes.join(", "))
}

fn status_text(cluster_id: &str, q: &QuorumInfo, s: &Status) -> String {
    format!(
        "ClusterId:              {cluster_id}\n\
         LeaderId:               {}\n\
         LeaderEpoch:            {}\n\
         HighWatermark:          {}\n\
         MaxFollowerLag:         {}\n\
         MaxFollowerLagTimeMs:   {}\n\
         CurrentVoters:          {}\n\
         CurrentObservers:       {}\n",
        q.leader_id,
        q.leader_epoch,
        q.high_watermark,
        s.max_follower_lag,
        s.max_follower_lag_time_ms,
        nodes_text(q, &q.voters),
        nodes_text(q, &q.observers),
    )
}

fn node_line(q: &QuorumInfo, r: &QuorumReplica) -> String {
    let mut parts = vec![r.replica_id.to_string()];
    if !r.directory_id.is_nil() {
        parts.push(uuid_text(&r.directory_id));
    }
    parts.extend(endpoints(q, r.replica_id));
    parts.join(" ")
}

fn nodes_cell(q: &QuorumInfo, replicas: &[QuorumReplica]) -> String {
    if replicas.is_empty() {
        return super::table::MISSING.to_string();
    }
    let lines: Vec<String> = replicas.iter().map(|r| node_line(q, r)).collect();
    lines.join("\n")
}

fn status_table(cluster_id: &str, q: &QuorumInfo, s: &Status) -> Table {
    let mut t = Table::new(&["FIELD", "VALUE"]);
    let rows = [
        ("Cluster id", cluster_id.to_string()),
        ("Leader id", q.leader_id.to_string()),
        ("Leader epoch", q.leader_epoch.to_string()),
        ("High watermark", q.high_watermark.to_string()),
        ("Max follower lag", s.max_follower_lag.to_string()),
        (
            "Max follower lag time (ms)",
            s.max_follower_lag_time_ms.to_string(),
        ),
        ("Current voters", nodes_cell(q, &q.voters)),
        ("Current observers", nodes_cell(q, &q.observers)),
    ];
    for (k, v) in rows {
        t.row([k.to_string(), v]);
    }
    t
}

fn node_json(q: &QuorumInfo, r: &QuorumReplica) -> Value {
    json!({
        "id": r.replica_id,
        "directory_id": (!r.directory_id.is_nil()).then(|| uuid_text(&r.directory_id)),
        "endpoints": endpoints(q, r.replica_id),
    })
}

fn status_json(cluster_id: &str, q: &QuorumInfo, s: &Status) -> Value {
    json!({
        "cluster_id": cluster_id,
        "leader_id": q.leader_id,
        "leader_epoch": q.leader_epoch,
        "high_watermark": q.high_watermark,
        "max_follower_lag": s.max_follower_lag,
        "max_follower_lag_time_ms": s.max_follower_lag_time_ms,
        "current_voters": q.voters.iter().map(|r| node_json(q, r)).collect::<Vec<_>>(),
        "current_observers": q.observers.iter().map(|r| node_json(q, r)).collect::<Vec<_>>(),
    })
}

const HEADERS: [&str; 7] = [
    "NodeId",
    "DirectoryId",
    "LogEndOffset",
    "Lag",
    "LastFetchTimestamp",
    "LastCaughtUpTimestamp",
    "Status",
];

/// One line of `--replication`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    replica: QuorumReplica,
    lag: i64,
    status: &'static str,
}

/// Leader, then the other voters, then the observers (`handleDescribeReplication`).
fn replication_rows(q: &QuorumInfo) -> Result<Vec<Row>, String> {
    let leader = leader(q)?;
    let row = |r: &QuorumReplica, status| Row {
        replica: r.clone(),
        lag: leader.log_end_offset - r.log_end_offset,
        status,
    };
    let mut rows = vec![row(leader, "Leader")];
    rows.extend(
        q.voters
            .iter()
            .filter(|v| v.replica_id != q.leader_id)
            .map(|v| row(v, "Follower")),
    );
    rows.extend(q.observers.iter().map(|o| row(o, "Observer")));
    Ok(rows)
}

/// A timestamp cell: `-1` when unknown, else the epoch ms or, with `now`, `N ms ago`.
fn time_cell(ts: Option<i64>, now: Option<i64>) -> String {
    match (ts, now) {
        (None, _) => "-1".to_string(),
        (Some(t), None) => t.to_string(),
        (Some(t), Some(now)) => format!("{} ms ago", now.saturating_sub(t).max(0)),
    }
}

impl Row {
    fn cells(&self, now: Option<i64>) -> Vec<String> {
        let r = &self.replica;
        vec![
            r.replica_id.to_string(),
            uuid_text(&r.directory_id),
            r.log_end_offset.to_string(),
            self.lag.to_string(),
            time_cell(r.last_fetch_timestamp, now),
            time_cell(r.last_caught_up_timestamp, now),
            self.status.to_string(),
        ]
    }

    fn json(&self) -> Value {
        let r = &self.replica;
        json!({
            "node_id": r.replica_id,
            "directory_id": (!r.directory_id.is_nil()).then(|| uuid_text(&r.directory_id)),
            "log_end_offset": r.log_end_offset,
            "lag": self.lag,
            "last_fetch_timestamp": r.last_fetch_timestamp,
            "last_caught_up_timestamp": r.last_caught_up_timestamp,
            "status": self.status,
        })
    }
}

/// Kafka's `ToolsUtils.prettyPrintTable`: every cell padded with spaces to its column's width
/// and followed by a tab, header line first.
fn pretty_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        for (cell, w) in cells.zip(&widths) {
            out.push_str(cell);
            out.extend(std::iter::repeat_n(
                ' ',
                w.saturating_sub(cell.chars().count()),
            ));
            out.push('\t');
        }
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use strom_client::QuorumEndpoint;

    use super::*;

    fn replica(id: i32, dir: u128, leo: i64, ts: Option<i64>) -> QuorumReplica {
        QuorumReplica {
            replica_id: id,
            directory_id: Uuid::from_u128(dir),
            log_end_offset: leo,
            last_fetch_timestamp: ts,
            last_caught_up_timestamp: ts,
        }
    }

    fn three_voters() -> QuorumInfo {
        let mut nodes = BTreeMap::new();
        nodes.insert(
            1,
            vec![QuorumEndpoint {
                listener: "CONTROLLER".into(),
                host: "c1".into(),
                port: 9093,
            }],
        );
        nodes.insert(
            2,
            vec![
                QuorumEndpoint {
                    listener: "CONTROLLER".into(),
                    host: "c2".into(),
                    port: 9093,
                },
                QuorumEndpoint {
                    listener: "OTHER".into(),
                    host: "::1".into(),
                    port: 9094,
                },
            ],
        );
        QuorumInfo {
            leader_id: 2,
            leader_epoch: 5,
            high_watermark: 100,
            voters: vec![
                replica(1, 0, 90, Some(1_000)),
                replica(2, 7, 100, Some(1_500)),
                replica(3, 0, 95, None),
            ],
            observers: vec![replica(4, 0, 80, None)],
            nodes,
            version: 2,
        }
    }

    #[test]
    fn status_text_is_kafkas() {
        let q = three_voters();
        let s = Status::of(&q).unwrap();
        assert_eq!(
            s,
            Status {
                max_follower_lag: 10,
                max_follower_lag_time_ms: 500
            }
        );
        let dir = uuid_text(&Uuid::from_u128(7));
        assert_eq!(
            status_text("abc", &q, &s),
            format!(
                "ClusterId:              abc\n\
                 LeaderId:               2\n\
                 LeaderEpoch:            5\n\
                 HighWatermark:          100\n\
                 MaxFollowerLag:         10\n\
                 MaxFollowerLagTimeMs:   500\n\
                 CurrentVoters:          [{{\"id\": 1, \"endpoints\": [\"CONTROLLER://c1:9093\"]}}, \
                 {{\"id\": 2, \"directoryId\": \"{dir}\", \"endpoints\": [\"CONTROLLER://c2:9093\", \"OTHER://[::1]:9094\"]}}, \
                 {{\"id\": 3}}]\n\
                 CurrentObservers:       [{{\"id\": 4}}]\n"
            )
        );
    }

    #[test]
    fn a_lone_leader_has_no_lag() {
        let mut q = three_voters();
        q.leader_id = 1;
        q.voters = vec![replica(1, 0, 90, Some(1_000))];
        q.observers.clear();
        let s = Status::of(&q).unwrap();
        assert_eq!(s.max_follower_lag, 0);
        assert_eq!(s.max_follower_lag_time_ms, 0);
        assert!(status_text("c", &q, &s).ends_with("CurrentObservers:       []\n"));
    }

    #[test]
    fn unknown_caught_up_time_gives_minus_one() {
        let mut q = three_voters();
        q.voters[0].last_caught_up_timestamp = None;
        assert_eq!(Status::of(&q).unwrap().max_follower_lag_time_ms, -1);
    }

    #[test]
    fn a_leader_outside_the_voters_is_an_error() {
        let mut q = three_voters();
        q.leader_id = 9;
        assert!(Status::of(&q).is_err());
        assert!(replication_rows(&q).is_err());
    }

    #[test]
    fn replication_table_pads_and_ends_every_cell_with_a_tab() {
        let q = three_voters();
        let rows = replication_rows(&q).unwrap();
        let statuses: Vec<(i32, &str, i64)> = rows
            .iter()
            .map(|r| (r.replica.replica_id, r.status, r.lag))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (2, "Leader", 0),
                (1, "Follower", 10),
                (3, "Follower", 5),
                (4, "Observer", 20)
            ]
        );
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells(None)).collect();
        let text = pretty_table(&HEADERS, &cells);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t"
        );
        assert_eq!(
            lines[3],
            "3     \tAAAAAAAAAAAAAAAAAAAAAA\t95          \t5  \t-1                \t-1                   \tFollower\t"
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn human_readable_times() {
        assert_eq!(time_cell(None, Some(10)), "-1");
        assert_eq!(time_cell(Some(4), None), "4");
        assert_eq!(time_cell(Some(4), Some(10)), "6 ms ago");
        assert_eq!(time_cell(Some(12), Some(10)), "0 ms ago");
    }

    #[test]
    fn json_documents_name_their_fields() {
        let q = three_voters();
        let s = Status::of(&q).unwrap();
        let v = status_json("abc", &q, &s);
        assert_eq!(v["leader_id"], 2);
        assert_eq!(v["current_voters"][0]["directory_id"], Value::Null);
        assert_eq!(v["current_voters"][1]["endpoints"][1], "OTHER://[::1]:9094");
        let r = replication_rows(&q).unwrap()[3].json();
        assert_eq!(r["status"], "Observer");
        assert_eq!(r["last_fetch_timestamp"], Value::Null);
    }

    fn parse(argv: &[&str]) -> Result<MetadataQuorumArgs, String> {
        use clap::{CommandFactory, FromArgMatches};
        let m = super::super::Cli::command()
            .try_get_matches_from(argv)
            .map_err(|e| e.to_string())?;
        let (_, sub) = m.subcommand().ok_or("no subcommand")?;
        MetadataQuorumArgs::from_arg_matches(sub).map_err(|e| e.to_string())
    }

    #[test]
    fn kafkas_usage_errors() {
        let run = |argv: &[&str]| check(&parse(argv).unwrap()).err();
        let b = ["strom", "metadata-quorum", "--bootstrap-server", "h:1"];
        let with = |rest: &[&'static str]| [&b[..], rest].concat();
        assert_eq!(
            run(&with(&["describe"])).as_deref(),
            Some("One of --status or --replication must be specified with describe sub-command")
        );
        assert_eq!(
            run(&with(&["describe", "--status", "--replication"])).as_deref(),
            Some(
                "Only one of --status or --replication should be specified with describe sub-command"
            )
        );
        assert_eq!(
            run(&with(&["describe", "--status", "--human-readable"])).as_deref(),
            Some("The option --human-readable is only supported along with --replication")
        );
        assert_eq!(
            run(&[
                "strom",
                "metadata-quorum",
                "--bootstrap-server",
                "a:1",
                "--bootstrap-controller",
                "b:1",
                "describe",
                "--status"
            ])
            .as_deref(),
            Some("You cannot specify both --bootstrap-controller and --bootstrap-server.")
        );
        assert!(run(&with(&["describe", "--replication", "--human-readable"])).is_none());
        // Global options also after the subcommand; --bootstrap-controller alone is enough.
        assert!(
            run(&[
                "strom",
                "metadata-quorum",
                "describe",
                "--status",
                "--bootstrap-controller",
                "h:1"
            ])
            .is_none()
        );
        assert!(
            run(&with(&["add-controller", "--dry-run"]))
                .is_some_and(|m| m.starts_with("add-controller is not supported"))
        );
        assert!(
            run(&with(&[
                "remove-controller",
                "-i",
                "2",
                "-d",
                "AAAAAAAAAAAAAAAAAAAAAA"
            ]))
            .is_some_and(|m| m.starts_with("remove-controller is not supported"))
        );
    }
}
