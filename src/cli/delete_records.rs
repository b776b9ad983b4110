//! `strom delete-records` (kafka-delete-records): delete the records of partitions below given
//! offsets, moving their log start offsets forward.
//!
//! Options, output and messages are Kafka's `DeleteRecordsCommand`. The offsets come from a
//! JSON file, `{"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}`
//! (offset -1 means the high watermark). Output:
//!
//! ```text
//! Executing records delete operation
//! Records delete operation completed:
//! partition: foo-0<TAB>low_watermark: 10
//! partition: foo-1<TAB>error: This server does not host this topic-partition.
//! ```
//!
//! (`<TAB>` is a tab character.) Partitions are listed by topic, then partition (Kafka's order
//! is a hash map's). A partition that failed still lets the others complete; the status is 0,
//! as in Kafka. A bad file or an unreachable cluster prints one line on stderr (Kafka adds a
//! stack trace) and exits 1.
//!
//! On a terminal the tool asks for confirmation first (`--yes` skips the question); without
//! one (scripts, pipes) it proceeds as Kafka's tool does.
//!
//! `--output table` prints a PARTITION / LOW WATERMARK / ERROR table instead of the text, and
//! `--output json` one document: `{"partitions": [{"topic", "partition",
//! "low_watermark" (null on error), "error" (null or the message)}]}`, and `{"error":
//! "<message>"}` on stdout when the command fails (status 1).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};
use strom_client::{Admin, TopicPartition};

use super::common;
use super::output::{self, OutputFormat};
use super::prompt;
use super::table::{self, Table};

/// This tool helps to delete records of the given partitions down to the specified offset.
#[derive(Debug, Args)]
pub struct DeleteRecordsArgs {
    /// REQUIRED: The server to connect to.
    #[arg(
        long,
        value_name = "server(s) to use for bootstrapping",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// REQUIRED: The JSON file with offset per partition. The format to use is:
    /// {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}
    #[arg(long, value_name = "Offset json file path")]
    pub offset_json_file: Option<PathBuf>,
    /// A property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "command config property file path")]
    pub command_config: Option<PathBuf>,
    /// Output format: text (Kafka's), table, or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    #[command(flatten)]
    pub confirm: prompt::YesArg,
}

const PROGRAM: &str = "kafka-delete-records";

pub async fn run(args: DeleteRecordsArgs) -> anyhow::Result<ExitCode> {
    let Some(bootstrap) = args.bootstrap_server.as_deref() else {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[bootstrap-server]\"",
        ));
    };
    let Some(file) = args.offset_json_file.as_deref() else {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[offset-json-file]\"",
        ));
    };
    let mut out = output::stdout();
    match execute(&args, bootstrap, file, &mut out).await {
        Ok(Outcome::Done) => {
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::Declined) => {
            out.flush()?;
            Ok(prompt::declined())
        }
        Err(msg) => Ok(output::report_failure(&mut out, args.output, &msg)?),
    }
}

async fn execute(
    args: &DeleteRecordsArgs,
    bootstrap: &str,
    file: &std::path::Path,
    out: &mut impl Write,
) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let wanted = parse_offset_json(&text)?;
    let props =
        common::load_properties(args.command_config.as_deref(), &[]).map_err(|e| e.to_string())?;
    let client = common::connect(bootstrap, &props)
        .await
        .map_err(|e| e.to_string())?;
    let admin = Admin::new(client);
    if !wanted.is_empty() {
        let names: Vec<String> = wanted
            .iter()
            .map(|((t, p), _)| format!("{t}-{p}"))
            .collect();
        let question = format!(
            "Delete the records below the given offsets in {} partition(s) ({})?",
            names.len(),
            prompt::name_list(&names, 5)
        );
        if !prompt::confirm(&question, args.confirm.yes).map_err(|e| e.to_string())? {
            return Ok(Outcome::Declined);
        }
    }
    let io = |e: std::io::Error| e.to_string();
    let text = args.output == OutputFormat::Text;
    if text {
        writeln!(out, "Executing records delete operation").map_err(io)?;
    }
    let results = admin
        .delete_records(&wanted)
        .await
        .map_err(|e| e.to_string())?;
    if text {
        writeln!(out, "Records delete operation completed:").map_err(io)?;
    }
    let mut rows = Vec::new();
    let mut table = Table::new(&["PARTITION", "LOW WATERMARK", "ERROR"]);
    for (tp, _) in &wanted {
        let (t, p) = tp;
        let (low, error) = match results.get(tp) {
            Some(Ok(low)) => (Some(*low), None),
            Some(Err(e)) => (None, Some(e.to_string())),
            None => (
                None,
                Some("the broker did not report on this partition".to_string()),
            ),
        };
        match (args.output, low, &error) {
            (OutputFormat::Text, Some(low), _) => {
                writeln!(out, "partition: {t}-{p}\tlow_watermark: {low}").map_err(io)?;
            }
            (OutputFormat::Text, None, e) => {
                let e = e.as_deref().unwrap_or_default();
                writeln!(out, "partition: {t}-{p}\terror: {e}").map_err(io)?;
            }
            (OutputFormat::Table, low, e) => table.row([
                format!("{t}-{p}"),
                table::cell(low),
                table::cell(e.as_deref()),
            ]),
            (OutputFormat::Json, low, e) => {
                rows.push(json!({"topic": t, "partition": p, "low_watermark": low, "error": e}))
            }
        }
    }
    match args.output {
        OutputFormat::Text => {}
        OutputFormat::Table => table.write(out).map_err(io)?,
        OutputFormat::Json => {
            output::write_json(out, &json!({ "partitions": rows })).map_err(io)?
        }
    }
    Ok(Outcome::Done)
}

/// How a run that reached the cluster ended.
enum Outcome {
    Done,
    /// The person answered no to the confirmation.
    Declined,
}

/// The offset file, checked as Kafka checks it; partitions come back sorted.
fn parse_offset_json(text: &str) -> Result<Vec<(TopicPartition, i64)>, String> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|_| "The input string is not a valid JSON".to_string())?;
    let Value::Object(root) = &doc else {
        return Err("The offset json file must hold a JSON object".into());
    };
    let version = match root.get("version") {
        None => 1,
        Some(v) => v
            .as_i64()
            .ok_or_else(|| format!("The version field must be an integer, found: {v}"))?,
    };
    if version != 1 {
        return Err(format!("Not supported version field value {version}"));
    }
    let partitions = root
        .get("partitions")
        .ok_or_else(|| "Missing partitions field".to_string())?
        .as_array()
        .ok_or_else(|| "The partitions field must be a JSON array".to_string())?;
    let mut seen: BTreeMap<TopicPartition, Vec<i64>> = BTreeMap::new();
    for (i, entry) in partitions.iter().enumerate() {
        let field = |name: &str| {
            entry
                .get(name)
                .ok_or_else(|| format!("Missing field '{name}' in partitions entry {i}"))
        };
        let bad = |name: &str, kind: &str| {
            format!("The field '{name}' of partitions entry {i} must be {kind}")
        };
        let topic = field("topic")?
            .as_str()
            .ok_or_else(|| bad("topic", "a string"))?;
        let partition = field("partition")?
            .as_i64()
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(|| bad("partition", "an integer"))?;
        let offset = field("offset")?
            .as_i64()
            .ok_or_else(|| bad("offset", "an integer"))?;
        seen.entry((topic.to_string(), partition))
            .or_default()
            .push(offset);
    }
    let duplicates: Vec<String> = seen
        .iter()
        .filter(|(_, offsets)| offsets.len() > 1)
        .map(|((t, p), _)| format!("{t}-{p}"))
        .collect();
    if !duplicates.is_empty() {
        return Err(format!(
            "Offset json file contains duplicate topic partitions: {}",
            duplicates.join(",")
        ));
    }
    Ok(seen
        .into_iter()
        .filter_map(|(tp, offsets)| offsets.first().map(|o| (tp, *o)))
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offset_files() {
        let parsed = parse_offset_json(
            r#"{"partitions":[{"topic":"foo","partition":1,"offset":5},{"topic":"foo","partition":0,"offset":-1}],"version":1}"#,
        )
        .unwrap();
        assert_eq!(
            parsed,
            vec![(("foo".into(), 0), -1), (("foo".into(), 1), 5)]
        );
        // The version defaults to 1.
        assert!(
            parse_offset_json(r#"{"partitions":[]}"#)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn offset_file_errors_are_kafkas() {
        assert_eq!(
            parse_offset_json("{not json").unwrap_err(),
            "The input string is not a valid JSON"
        );
        assert_eq!(
            parse_offset_json(r#"{"version":1}"#).unwrap_err(),
            "Missing partitions field"
        );
        assert_eq!(
            parse_offset_json(r#"{"partitions":[],"version":2}"#).unwrap_err(),
            "Not supported version field value 2"
        );
        assert_eq!(
            parse_offset_json(
                r#"{"partitions":[{"topic":"a","partition":0,"offset":1},{"topic":"a","partition":0,"offset":2}]}"#
            )
            .unwrap_err(),
            "Offset json file contains duplicate topic partitions: a-0"
        );
        assert_eq!(
            parse_offset_json(r#"{"partitions":[{"topic":"a","offset":1}]}"#).unwrap_err(),
            "Missing field 'partition' in partitions entry 0"
        );
    }
}
