//! The shell's `produce TOPIC`: the lines typed (or the script lines) that follow, up to an
//! empty line or end of input, become records, parsed by Kafka's `LineMessageReader` rules
//! (`--property parse.key=true` and friends, as in console-producer).

use std::path::Path;
use std::process::ExitCode;

use bytes::Bytes;
use clap::Parser;
use strom_client::producer::{Producer, ProducerConfig, RecordRef};

use super::super::common;
use super::super::line_reader::{LineParser, LineReaderConfig, lines};

/// Send lines as records to a topic.
#[derive(Debug, Parser)]
#[command(name = "produce", disable_version_flag = true)]
pub struct ProduceArgs {
    /// The topic to send to.
    pub topic: String,
    /// Reader properties, as console-producer's --property: parse.key, key.separator,
    /// parse.headers, headers.delimiter, headers.separator, headers.key.separator,
    /// ignore.error, null.marker.
    #[arg(long, value_name = "k=v")]
    pub property: Vec<String>,
    /// Producer properties, as console-producer's --producer-property.
    #[arg(long, value_name = "k=v")]
    pub producer_property: Vec<String>,
}

impl ProduceArgs {
    /// Parse the words after `produce`.
    pub fn parse_words(words: &[String]) -> Result<ProduceArgs, clap::Error> {
        ProduceArgs::try_parse_from(
            std::iter::once("produce".to_string()).chain(words.iter().cloned()),
        )
    }
}

/// Send `input` (the collected lines) to the topic; reports the count on stderr.
pub async fn produce(
    bootstrap: &str,
    command_config: Option<&Path>,
    args: &ProduceArgs,
    input: Vec<String>,
) -> anyhow::Result<ExitCode> {
    if input.is_empty() {
        eprintln!("0 record(s) sent to {}", args.topic);
        return Ok(ExitCode::SUCCESS);
    }
    let mut props = common::load_properties(command_config, &args.producer_property)?;
    props.set_default("client.id", "strom-shell");
    let mut config = ProducerConfig::default();
    config.apply(&props)?;
    let reader_props = common::load_properties(None, &args.property)?;
    let reader = LineReaderConfig::from_properties(&reader_props).map_err(anyhow::Error::msg)?;
    let mut parser = LineParser::new(reader);
    let client = common::connect(bootstrap, &props).await?;
    let producer = Producer::new(client, config).await?;
    let mut data = input.join("\n");
    data.push('\n');
    let chunk = Bytes::from(data);
    let timestamp = Some(now_ms());
    let topic: std::sync::Arc<str> = std::sync::Arc::from(args.topic.as_str());
    let mut sent = 0u64;
    for (start, end) in lines(&chunk) {
        let line = parser
            .parse(&chunk, start, end)
            .map_err(anyhow::Error::msg)?;
        producer
            .send_ref(RecordRef {
                topic: &topic,
                partition: None,
                key: line.key,
                value: line.value,
                headers: &line.headers,
                timestamp,
            })
            .await?;
        sent += 1;
    }
    let report = producer.close().await?;
    if report.failed > 0 {
        for e in report.errors.iter().take(5) {
            eprintln!("ERROR Error when sending message: {e}");
        }
        anyhow::bail!(
            "{} of {sent} record(s) could not be delivered to {}",
            report.failed,
            args.topic
        );
    }
    eprintln!("{sent} record(s) sent to {}", args.topic);
    Ok(ExitCode::SUCCESS)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produce_words_parse() {
        let w: Vec<String> = ["t", "--property", "parse.key=true"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = ProduceArgs::parse_words(&w).ok();
        assert_eq!(a.as_ref().map(|a| a.topic.as_str()), Some("t"));
        assert_eq!(
            a.map(|a| a.property),
            Some(vec!["parse.key=true".to_string()])
        );
        assert!(ProduceArgs::parse_words(&[]).is_err());
    }
}
