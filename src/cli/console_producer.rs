//! `strom console-producer` (kafka-console-producer): one record per stdin line.
//!
//! Settings resolve as in Kafka's `ConsoleProducer`: `--producer.config`, then
//! `--producer-property` on top, then each tool flag that was given explicitly (a flag's
//! default only fills a key nobody set). Reader properties: `--reader-config`, then `--property`.
//!
//! Bulk input (stdin a file or a pipe) shows a progress bar on stderr when stderr is a
//! terminal: bytes of the file read, or records sent from a pipe.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use strom_client::producer::{DeliveryReport, Producer, ProducerConfig, RecordRef};
use tokio::sync::mpsc;

use super::common::{self, merge_option};
use super::line_reader::{LineParser, LineReaderConfig, lines, spawn_stdin_reader};
use super::progress::{Progress, Unit};

/// Read records from standard input and publish them.
#[derive(Debug, Args)]
pub struct ConsoleProducerArgs {
    /// REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2.
    #[arg(
        long,
        value_name = "String: server to connect to",
        env = "STROM_BOOTSTRAP_SERVER"
    )]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED, use --bootstrap-server instead.
    #[arg(long, hide = true)]
    pub broker_list: Option<String>,
    /// REQUIRED: The topic name to produce messages to.
    #[arg(long, value_name = "String: topic")]
    pub topic: Option<String>,
    /// If set message send requests to the brokers are synchronously, one at a time as they arrive.
    #[arg(long)]
    pub sync: bool,
    /// The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. If specified
    /// without value, then it defaults to 'gzip'.
    #[arg(long, value_name = "String: compression-codec", num_args = 0..=1, default_missing_value = "gzip")]
    pub compression_codec: Option<String>,
    /// Number of messages to send in a single batch if they are not being sent synchronously
    /// (default: 16384).
    #[arg(long, value_name = "Integer: size")]
    pub batch_size: Option<usize>,
    /// The buffer size allocated for a partition. When records are received which are smaller
    /// than this size the producer will attempt to optimistically group them together until
    /// this size is reached (default: 16384).
    #[arg(long, value_name = "Integer: memory in bytes per partition")]
    pub max_partition_memory_bytes: Option<usize>,
    /// Total number of retries the producer will attempt on a failed send (default: 3).
    #[arg(long, value_name = "Integer")]
    pub message_send_max_retries: Option<u32>,
    /// Before each retry, the producer refreshes the metadata of relevant topics. Since
    /// leader election takes a bit of time, this property specifies the amount of time that
    /// the producer waits before refreshing the metadata (default: 100).
    #[arg(long, value_name = "Long")]
    pub retry_backoff_ms: Option<u64>,
    /// If set and the producer is running in asynchronous mode, this gives the maximum amount
    /// of time a message will queue awaiting sufficient batch size. The value is given in ms
    /// (default: 1000).
    #[arg(long, value_name = "Long: timeout_ms")]
    pub timeout: Option<u64>,
    /// The required acks of the producer requests (default: -1).
    #[arg(
        long,
        value_name = "String: request required acks",
        allow_hyphen_values = true
    )]
    pub request_required_acks: Option<String>,
    /// The ack timeout of the producer requests. Value must be non-negative and non-zero
    /// (default: 1500).
    #[arg(long, value_name = "Integer: request timeout ms")]
    pub request_timeout_ms: Option<u64>,
    /// The period of time in milliseconds after which we force a refresh of metadata even if
    /// we haven't seen any leadership changes (default: 300000).
    #[arg(long, value_name = "Long: metadata expiration interval")]
    pub metadata_expiry_ms: Option<u64>,
    /// The max time that the producer will block for during a send request (default: 60000).
    #[arg(long, value_name = "Long: max block on send")]
    pub max_block_ms: Option<u64>,
    /// The total memory used by the producer to buffer records waiting to be sent to the
    /// server (default: 33554432).
    #[arg(long, value_name = "Long: total memory in bytes")]
    pub max_memory_bytes: Option<usize>,
    /// The size of the tcp RECV size (default: 102400).
    #[arg(long, value_name = "Integer: size")]
    pub socket_buffer_size: Option<usize>,
    /// The class name of the class to use for reading lines from standard in. Only Kafka's
    /// LineMessageReader behaviour is available.
    #[arg(long, value_name = "String: reader_class")]
    pub line_reader: Option<String>,
    /// A mechanism to pass user-defined properties in the form key=value to the message reader:
    /// parse.key, key.separator, parse.headers, headers.delimiter, headers.separator,
    /// headers.key.separator, ignore.error, null.marker.
    #[arg(long, value_name = "String: prop")]
    pub property: Vec<String>,
    /// Config properties file for the message reader. Note that --property takes precedence.
    #[arg(long, value_name = "String: config file")]
    pub reader_config: Option<PathBuf>,
    /// A mechanism to pass user-defined properties in the form key=value to the producer.
    #[arg(long, value_name = "String: producer_prop")]
    pub producer_property: Vec<String>,
    /// Producer config properties file. Note that --producer-property takes precedence.
    #[arg(long = "producer.config", value_name = "String: config file")]
    pub producer_config: Option<PathBuf>,
}

const PROGRAM: &str = "kafka-console-producer";

/// The producer properties as Kafka's `ConsoleProducer.producerProps` builds them.
fn producer_properties(a: &ConsoleProducerArgs) -> anyhow::Result<strom_client::Properties> {
    let mut p = common::load_properties(a.producer_config.as_deref(), &a.producer_property)?;
    p.set_default("client.id", "console-producer");
    let codec = a.compression_codec.clone();
    merge_option(&mut p, "compression.type", codec, "none".to_string());
    let batch = a.max_partition_memory_bytes.or(a.batch_size);
    merge_option(&mut p, "batch.size", batch, 16384);
    merge_option(&mut p, "retries", a.message_send_max_retries, 3);
    merge_option(&mut p, "retry.backoff.ms", a.retry_backoff_ms, 100);
    merge_option(&mut p, "linger.ms", a.timeout, 1000);
    merge_option(
        &mut p,
        "acks",
        a.request_required_acks.clone(),
        "-1".to_string(),
    );
    merge_option(&mut p, "request.timeout.ms", a.request_timeout_ms, 1500);
    merge_option(&mut p, "metadata.max.age.ms", a.metadata_expiry_ms, 300_000);
    merge_option(&mut p, "max.block.ms", a.max_block_ms, 60_000);
    merge_option(&mut p, "buffer.memory", a.max_memory_bytes, 33_554_432);
    merge_option(&mut p, "send.buffer.bytes", a.socket_buffer_size, 102_400);
    Ok(p)
}

pub async fn run(args: ConsoleProducerArgs) -> anyhow::Result<ExitCode> {
    let mut bootstrap = args.bootstrap_server.clone();
    if bootstrap.is_none() && args.broker_list.is_some() {
        common::warn_deprecated("--broker-list", "--bootstrap-server");
        bootstrap = args.broker_list.clone();
    }
    let Some(bootstrap) = bootstrap else {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[bootstrap-server]\"",
        ));
    };
    let Some(topic) = args.topic.clone() else {
        return Ok(common::usage_error(
            PROGRAM,
            "Missing required argument \"[topic]\"",
        ));
    };
    if let Err(msg) = common::validate_bootstrap(&bootstrap) {
        return Ok(common::usage_error(PROGRAM, msg));
    }
    if let Some(r) = args
        .line_reader
        .as_ref()
        .filter(|r| !r.ends_with("LineMessageReader"))
    {
        anyhow::bail!("line reader {r} is not available; only LineMessageReader is supported");
    }
    let props = producer_properties(&args)?;
    let mut config = ProducerConfig::default();
    config.apply(&props)?;
    let reader_props = common::load_properties(args.reader_config.as_deref(), &args.property)?;
    let reader_cfg =
        LineReaderConfig::from_properties(&reader_props).map_err(anyhow::Error::msg)?;

    let client = common::connect(&bootstrap, &props).await?;
    let producer = Producer::new(client, config).await?;
    let topic: Arc<str> = Arc::from(topic.as_str());
    let prompt = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (tx, mut rx) = mpsc::channel(4);
    // The thread ends by itself at EOF; on Ctrl-C the process exits without joining it.
    let _reader = spawn_stdin_reader(tx, prompt);
    let mut parser = LineParser::new(reader_cfg);
    let mut interrupt = common::Interrupt::install()?;
    let progress = bulk_progress(prompt);
    let mut sent: u64 = 0;

    let mut failure = None;
    let mut report = DeliveryReport::default();
    'read: loop {
        let chunk = tokio::select! {
            c = rx.recv() => c,
            _ = interrupt.recv() => None,
        };
        let chunk = match chunk {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                failure = Some(e);
                break;
            }
            None => break,
        };
        // One clock read per chunk: its lines arrived together.
        let timestamp = Some(now_ms());
        let before = sent;
        for (start, end) in lines(&chunk) {
            let line = match parser.parse(&chunk, start, end) {
                Ok(l) => l,
                // Records before the bad line still go out, as in Kafka.
                Err(e) => {
                    failure = Some(e);
                    break 'read;
                }
            };
            let rec = RecordRef {
                topic: &topic,
                partition: None,
                key: line.key,
                value: line.value,
                headers: &line.headers,
                timestamp,
            };
            match producer.send_ref(rec).await {
                Ok(()) => {}
                // Like Kafka, a record refused by the client is reported and the rest go on.
                Err(e @ strom_client::Error::RecordTooLarge { .. }) => {
                    absorb(
                        &mut report,
                        DeliveryReport {
                            delivered: 0,
                            failed: 1,
                            errors: vec![format!("record on line {}: {e}", parser.line_number())],
                        },
                    );
                }
                Err(e) => return Err(e.into()),
            }
            sent += 1;
            if args.sync {
                absorb(&mut report, producer.flush().await?);
            }
        }
        progress.note_chunk(chunk.len() as u64, sent - before, sent);
    }
    progress.inner.finish();
    absorb(&mut report, producer.close().await?);
    if let Some(e) = failure {
        anyhow::bail!(e);
    }
    if report.failed > 0 {
        for e in &report.errors {
            eprintln!("ERROR Error when sending message: {e}");
        }
        anyhow::bail!("{} record(s) could not be delivered", report.failed);
    }
    Ok(ExitCode::SUCCESS)
}

/// The bar of a bulk produce: over the bytes of stdin when it is a regular file, else a
/// count of records; hidden when stdin is a terminal (a person typing) or stderr is not one.
struct BulkProgress {
    inner: Progress,
    bytes: bool,
}

impl BulkProgress {
    fn note_chunk(&self, bytes: u64, records: u64, total_records: u64) {
        if self.inner.is_hidden() {
            return;
        }
        if self.bytes {
            self.inner.inc(bytes);
            self.inner.set_message(format!("{total_records} records"));
        } else {
            self.inner.inc(records);
        }
    }
}

fn bulk_progress(interactive: bool) -> BulkProgress {
    if interactive || std::io::stdin().is_terminal() {
        return BulkProgress {
            inner: Progress::hidden(),
            bytes: false,
        };
    }
    let file_len = std::fs::metadata("/dev/stdin")
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    match file_len {
        Some(len) => BulkProgress {
            inner: Progress::new(Some(len), Unit::Bytes, "0 records"),
            bytes: true,
        },
        None => BulkProgress {
            inner: Progress::new(None, Unit::Items("records"), "sending"),
            bytes: false,
        },
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn absorb(total: &mut DeliveryReport, r: DeliveryReport) {
    total.delivered += r.delivered;
    total.failed += r.failed;
    for e in r.errors {
        if total.errors.len() < 5 {
            total.errors.push(e);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ConsoleProducerArgs,
    }

    fn props(argv: &[&str]) -> strom_client::Properties {
        let w = Wrapper::try_parse_from(std::iter::once("x").chain(argv.iter().copied())).unwrap();
        producer_properties(&w.args).unwrap()
    }

    #[test]
    fn flags_override_files_only_when_given() {
        let dir = std::env::temp_dir().join(format!("strom-cp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("producer.properties");
        std::fs::write(&file, "acks=1\nlinger.ms=5\nclient.id=mine\n").unwrap();
        let f = file.to_str().unwrap();

        let p = props(&["--producer.config", f, "--producer-property", "acks=0"]);
        assert_eq!(
            p.get("acks"),
            Some("0"),
            "--producer-property beats the file"
        );
        assert_eq!(
            p.get("linger.ms"),
            Some("5"),
            "a flag's default does not override the file"
        );
        assert_eq!(p.get("client.id"), Some("mine"));
        assert_eq!(p.get("batch.size"), Some("16384"));

        let p = props(&[
            "--producer.config",
            f,
            "--timeout",
            "7",
            "--request-required-acks",
            "-1",
        ]);
        assert_eq!(p.get("linger.ms"), Some("7"), "a given flag wins");
        assert_eq!(p.get("acks"), Some("-1"));

        let p = props(&["--compression-codec"]);
        assert_eq!(p.get("compression.type"), Some("gzip"));
        let p = props(&["--max-partition-memory-bytes", "100", "--batch-size", "50"]);
        assert_eq!(p.get("batch.size"), Some("100"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
