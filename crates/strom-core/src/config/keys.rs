//! The table of broker configuration keys: name, type, Kafka's default, whether it can change at
//! runtime, and a one-line description. Parsing, validation, DescribeConfigs and the man page all
//! read this one table.

/// Value types, as Kafka's ConfigDef names them (the DescribeConfigs `config_type` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    String,
    Int,
    Short,
    Long,
    Double,
    List,
    Class,
    Password,
}

impl Kind {
    /// DescribeConfigs v3+ `config_type`.
    pub fn code(self) -> i8 {
        match self {
            Kind::Bool => 1,
            Kind::String => 2,
            Kind::Int => 3,
            Kind::Short => 4,
            Kind::Long => 5,
            Kind::Double => 6,
            Kind::List => 7,
            Kind::Class => 8,
            Kind::Password => 9,
        }
    }

    fn type_name(self) -> &'static str {
        match self {
            Kind::Bool => "BOOLEAN",
            Kind::String => "STRING",
            Kind::Int => "INT",
            Kind::Short => "SHORT",
            Kind::Long => "LONG",
            Kind::Double => "DOUBLE",
            Kind::List => "LIST",
            Kind::Class => "CLASS",
            Kind::Password => "PASSWORD",
        }
    }

    /// Check that `value` parses as this type; the error text follows Kafka's ConfigDef.
    pub fn check(self, name: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let ok = match self {
            Kind::Bool => {
                if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
                    true
                } else {
                    return Err(format!(
                        "Invalid value {value} for configuration {name}: Expected value to be either true or false"
                    ));
                }
            }
            Kind::Int => v.parse::<i32>().is_ok(),
            Kind::Short => v.parse::<i16>().is_ok(),
            Kind::Long => v.parse::<i64>().is_ok(),
            Kind::Double => v.parse::<f64>().is_ok(),
            Kind::String | Kind::List | Kind::Class | Kind::Password => true,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "Invalid value {value} for configuration {name}: Not a number of type {}",
                self.type_name()
            ))
        }
    }
}

/// One broker configuration key.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    /// Kafka's default (strom's where it differs, said in `doc`); `None` is Kafka's null.
    pub default: Option<&'static str>,
    /// Whether IncrementalAlterConfigs / AlterConfigs may change it at runtime.
    pub dynamic: bool,
    pub doc: &'static str,
}

const fn k(
    name: &'static str,
    kind: Kind,
    default: Option<&'static str>,
    dynamic: bool,
    doc: &'static str,
) -> Key {
    Key {
        name,
        kind,
        default,
        dynamic,
        doc,
    }
}

use Kind::{Bool, Double, Int, List, Long, Short};

/// Long.MAX_VALUE as Kafka prints it.
pub const LONG_MAX: &str = "9223372036854775807";

/// Every broker key strom knows. Unknown keys in server.properties warn, as in Kafka.
#[rustfmt::skip]
pub const BROKER_KEYS: &[Key] = &[
    k("process.roles", List, Some("broker,controller"), false, "The roles this node plays. strom defaults to a combined single node (Kafka: empty)."),
    k("node.id", Int, Some("1"), false, "The node id of this server. strom defaults to 1 (Kafka: -1, required)."),
    k("broker.id", Int, Some("-1"), false, "Legacy name for node.id; must equal node.id if both are set."),
    k("controller.quorum.voters", List, Some(""), false, "Static controller quorum as id@host:port,... (single node: unused)."),
    k("controller.quorum.bootstrap.servers", List, Some(""), false, "Bootstrap controllers for a dynamic quorum (single node: unused)."),
    k("controller.listener.names", List, None, false, "Listener names used by the controller (single node: unused)."),
    k("listeners", List, Some("PLAINTEXT://:9092"), false, "Addresses to listen on, NAME://host:port; port 0 binds an ephemeral port."),
    k("advertised.listeners", List, None, false, "Addresses given to clients; defaults to listeners with the bound port."),
    k("listener.security.protocol.map", Kind::String, Some("PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"), false, "Listener name to security protocol."),
    k("inter.broker.listener.name", Kind::String, None, false, "Listener used between brokers."),
    k("log.dirs", List, None, false, "Directories holding the log data; overrides log.dir."),
    k("log.dir", Kind::String, Some("/tmp/strom-logs"), false, "Directory holding the log data when log.dirs is not set."),
    k("metadata.log.dir", Kind::String, None, false, "Directory of the cluster metadata log; defaults to the first log dir."),
    k("num.partitions", Int, Some("1"), true, "Default number of partitions for new topics."),
    k("default.replication.factor", Int, Some("1"), true, "Default replication factor for new topics."),
    k("min.insync.replicas", Int, Some("1"), true, "Replicas that must acknowledge an acks=all write."),
    k("auto.create.topics.enable", Bool, Some("true"), false, "Create a topic when a client asks for its metadata."),
    k("delete.topic.enable", Bool, Some("true"), false, "Allow DeleteTopics."),
    k("offsets.topic.replication.factor", Short, Some("1"), false, "Replication factor of __consumer_offsets. strom sizes it for one node (Kafka: 3)."),
    k("offsets.topic.num.partitions", Int, Some("50"), false, "Partitions of __consumer_offsets."),
    k("offsets.retention.minutes", Int, Some("10080"), false, "How long committed offsets of an empty group are kept."),
    k("transaction.state.log.replication.factor", Short, Some("1"), false, "Replication factor of __transaction_state. strom sizes it for one node (Kafka: 3)."),
    k("transaction.state.log.min.isr", Int, Some("1"), false, "min.insync.replicas of __transaction_state (Kafka: 2)."),
    k("transaction.state.log.num.partitions", Int, Some("50"), false, "Partitions of __transaction_state."),
    k("group.initial.rebalance.delay.ms", Int, Some("3000"), false, "Delay before the first rebalance of a new group."),
    k("group.min.session.timeout.ms", Int, Some("6000"), false, "Smallest session timeout a member may ask for."),
    k("group.max.session.timeout.ms", Int, Some("1800000"), false, "Largest session timeout a member may ask for."),
    k("group.max.size", Int, Some("2147483647"), false, "Largest number of members of a classic group."),
    k("group.consumer.session.timeout.ms", Int, Some("45000"), false, "Session timeout of consumer-protocol (KIP-848) members."),
    k("group.consumer.heartbeat.interval.ms", Int, Some("5000"), false, "Heartbeat interval given to consumer-protocol members."),
    k("group.consumer.min.session.timeout.ms", Int, Some("45000"), false, "Smallest consumer.session.timeout.ms a group config may set."),
    k("group.consumer.max.session.timeout.ms", Int, Some("60000"), false, "Largest consumer.session.timeout.ms a group config may set."),
    k("group.consumer.min.heartbeat.interval.ms", Int, Some("5000"), false, "Smallest consumer.heartbeat.interval.ms a group config may set."),
    k("group.consumer.max.heartbeat.interval.ms", Int, Some("15000"), false, "Largest consumer.heartbeat.interval.ms a group config may set."),
    k("group.consumer.max.size", Int, Some("2147483647"), false, "Largest number of members of a consumer-protocol group."),
    k("group.consumer.assignors", List, Some("uniform,range"), false, "Server-side assignors; the first is the default."),
    k("offset.metadata.max.bytes", Int, Some("4096"), false, "Largest metadata string of a committed offset."),
    k("offsets.retention.check.interval.ms", Long, Some("600000"), false, "How often expired committed offsets are removed."),
    k("offsets.topic.segment.bytes", Int, Some("104857600"), false, "segment.bytes of __consumer_offsets."),
    k("offsets.topic.compression.codec", Int, Some("0"), false, "Compression of __consumer_offsets writes (0: none)."),
    k("group.coordinator.rebalance.protocols", List, Some("classic,consumer"), false, "Enabled group protocols."),
    k("group.share.session.timeout.ms", Int, Some("45000"), false, "Session timeout of share-group members; the default of the share.session.timeout.ms group config (strom has no share groups)."),
    k("group.share.min.session.timeout.ms", Int, Some("45000"), false, "Smallest share.session.timeout.ms a group config may set."),
    k("group.share.max.session.timeout.ms", Int, Some("60000"), false, "Largest share.session.timeout.ms a group config may set."),
    k("group.share.heartbeat.interval.ms", Int, Some("5000"), false, "Heartbeat interval of share-group members; the default of the share.heartbeat.interval.ms group config."),
    k("group.share.min.heartbeat.interval.ms", Int, Some("5000"), false, "Smallest share.heartbeat.interval.ms a group config may set."),
    k("group.share.max.heartbeat.interval.ms", Int, Some("15000"), false, "Largest share.heartbeat.interval.ms a group config may set."),
    k("group.share.record.lock.duration.ms", Int, Some("30000"), false, "Record lock duration of share groups; the default of the share.record.lock.duration.ms group config."),
    k("group.share.min.record.lock.duration.ms", Int, Some("15000"), false, "Smallest share.record.lock.duration.ms a group config may set."),
    k("group.share.max.record.lock.duration.ms", Int, Some("60000"), false, "Largest share.record.lock.duration.ms a group config may set."),
    k("group.streams.session.timeout.ms", Int, Some("45000"), false, "Session timeout of streams-group members; the default of the streams.session.timeout.ms group config (strom has no streams groups)."),
    k("group.streams.min.session.timeout.ms", Int, Some("45000"), false, "Smallest streams.session.timeout.ms a group config may set."),
    k("group.streams.max.session.timeout.ms", Int, Some("60000"), false, "Largest streams.session.timeout.ms a group config may set."),
    k("group.streams.heartbeat.interval.ms", Int, Some("5000"), false, "Heartbeat interval of streams-group members; the default of the streams.heartbeat.interval.ms group config."),
    k("group.streams.min.heartbeat.interval.ms", Int, Some("5000"), false, "Smallest streams.heartbeat.interval.ms a group config may set."),
    k("group.streams.max.heartbeat.interval.ms", Int, Some("15000"), false, "Largest streams.heartbeat.interval.ms a group config may set."),
    k("group.streams.num.standby.replicas", Int, Some("0"), false, "Standby replicas per task of streams groups; the default of the streams.num.standby.replicas group config."),
    k("group.streams.max.standby.replicas", Int, Some("2"), false, "Largest streams.num.standby.replicas a group config may set."),
    k("log.retention.hours", Int, Some("168"), true, "Hours to keep a log segment; lowest precedence of the three retention keys."),
    k("log.retention.minutes", Int, None, true, "Minutes to keep a log segment; overrides log.retention.hours."),
    k("log.retention.ms", Long, None, true, "Milliseconds to keep a log segment; overrides the minutes and hours keys; -1 keeps forever."),
    k("log.retention.bytes", Long, Some("-1"), true, "Maximum size of a partition's log before old segments are deleted; -1 is unlimited."),
    k("log.local.retention.bytes", Long, Some("-2"), true, "Tiered storage: local retention in bytes (-2 follows log.retention.bytes); accepted, not used."),
    k("log.local.retention.ms", Long, Some("-2"), true, "Tiered storage: local retention in ms (-2 follows the log.retention keys); accepted, not used."),
    k("log.retention.check.interval.ms", Long, Some("300000"), false, "How often retention is checked."),
    k("log.segment.bytes", Int, Some("1073741824"), true, "Maximum size of one segment file."),
    k("log.roll.hours", Int, Some("168"), true, "Roll a new segment after this many hours."),
    k("log.roll.ms", Long, None, true, "Roll a new segment after this many milliseconds; overrides log.roll.hours."),
    k("log.roll.jitter.hours", Int, Some("0"), true, "Random jitter subtracted from the roll time."),
    k("log.roll.jitter.ms", Long, None, true, "Random jitter subtracted from the roll time, in ms."),
    k("log.cleanup.policy", List, Some("delete"), true, "delete, compact, or both."),
    k("log.cleaner.enable", Bool, Some("true"), false, "Run the log cleaner for compacted topics."),
    k("log.cleaner.backoff.ms", Long, Some("15000"), false, "Sleep between cleaning rounds when no log needs cleaning."),
    k("log.cleaner.dedupe.buffer.size", Long, Some("134217728"), false, "Memory for the cleaner's key map."),
    k("log.cleaner.delete.retention.ms", Long, Some("86400000"), true, "How long tombstones are kept in compacted topics."),
    k("log.cleaner.min.compaction.lag.ms", Long, Some("0"), true, "Minimum age of a record before it may be compacted."),
    k("log.cleaner.max.compaction.lag.ms", Long, Some(LONG_MAX), true, "Maximum age of a record before it must be compacted."),
    k("log.cleaner.min.cleanable.ratio", Double, Some("0.5"), true, "Dirty ratio that makes a log eligible for cleaning."),
    k("log.flush.interval.messages", Long, Some(LONG_MAX), true, "Messages accumulated before a forced flush."),
    k("log.flush.interval.ms", Long, None, true, "Milliseconds a message may stay unflushed."),
    k("log.flush.offset.checkpoint.interval.ms", Int, Some("60000"), false, "How often the recovery point is checkpointed."),
    k("log.flush.start.offset.checkpoint.interval.ms", Int, Some("60000"), false, "How often the log start offset is checkpointed."),
    k("log.index.interval.bytes", Int, Some("4096"), true, "Bytes between offset index entries."),
    k("log.index.size.max.bytes", Int, Some("10485760"), true, "Maximum size of an offset index file."),
    k("log.message.timestamp.type", Kind::String, Some("CreateTime"), true, "CreateTime or LogAppendTime."),
    k("log.message.timestamp.before.max.ms", Long, Some(LONG_MAX), true, "How far in the past a record timestamp may be."),
    k("log.message.timestamp.after.max.ms", Long, Some(LONG_MAX), true, "How far in the future a record timestamp may be."),
    k("log.preallocate", Bool, Some("false"), true, "Preallocate segment files."),
    k("log.segment.delete.delay.ms", Long, Some("60000"), true, "Delay before a deleted segment's files are removed."),
    k("message.max.bytes", Int, Some("1048588"), true, "Largest record batch the broker accepts."),
    k("compression.type", Kind::String, Some("producer"), true, "Final compression of a topic's data; producer keeps what the client sent."),
    k("compression.gzip.level", Int, Some("-1"), true, "gzip level for compression.type=gzip."),
    k("compression.lz4.level", Int, Some("9"), true, "lz4 level for compression.type=lz4."),
    k("compression.zstd.level", Int, Some("3"), true, "zstd level for compression.type=zstd."),
    k("unclean.leader.election.enable", Bool, Some("false"), true, "Allow out-of-sync replicas to become leader."),
    k("auto.leader.rebalance.enable", Bool, Some("true"), false, "Move leadership back to preferred replicas."),
    k("num.network.threads", Int, Some("3"), true, "Accepted for compatibility; strom sizes its runtime to the cores."),
    k("num.io.threads", Int, Some("8"), true, "Accepted for compatibility; strom sizes its runtime to the cores."),
    k("num.recovery.threads.per.data.dir", Int, Some("1"), true, "Threads per data directory for log recovery."),
    k("num.replica.fetchers", Int, Some("1"), true, "Replica fetcher threads."),
    k("replica.lag.time.max.ms", Long, Some("30000"), false, "A follower that has not caught up for this long leaves the ISR."),
    k("socket.send.buffer.bytes", Int, Some("102400"), false, "SO_SNDBUF of sockets; -1 keeps the OS default."),
    k("socket.receive.buffer.bytes", Int, Some("102400"), false, "SO_RCVBUF of sockets; -1 keeps the OS default."),
    k("socket.request.max.bytes", Int, Some("104857600"), false, "Largest request frame; larger frames close the connection."),
    k("connections.max.idle.ms", Long, Some("600000"), false, "Idle connections are closed after this long."),
    k("queued.max.requests", Int, Some("500"), false, "Requests a connection may have queued."),
    k("strom.log.direct.io", Bool, Some("true"), false, "strom only: write the active segment with O_DIRECT, past the page cache (much less CPU per byte; the file system must support it, else strom writes buffered). false writes through the page cache as Kafka does."),
    k("strom.flush.before.ack", Bool, Some("true"), false, "strom only: fsync (group commit) before acknowledging acks=all and before advancing the high watermark. false gives Kafka's behaviour: acknowledge after the write, flush per flush.messages/flush.ms."),
];

/// Look a broker key up by name.
pub fn broker_key(name: &str) -> Option<&'static Key> {
    BROKER_KEYS.iter().find(|k| k.name == name)
}
