
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'strom' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'strom'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'strom' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('server-start', 'server-start', [CompletionResultType]::ParameterValue, 'Start a broker (kafka-server-start)')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'Create, delete, describe, or change a topic (kafka-topics)')
            [CompletionResult]::new('console-producer', 'console-producer', [CompletionResultType]::ParameterValue, 'Read records from standard input and publish them (kafka-console-producer)')
            [CompletionResult]::new('console-consumer', 'console-consumer', [CompletionResultType]::ParameterValue, 'Consume records and print them to standard output (kafka-console-consumer)')
            [CompletionResult]::new('consumer-groups', 'consumer-groups', [CompletionResultType]::ParameterValue, 'List, describe and delete consumer groups; reset or delete their offsets (kafka-consumer-groups)')
            [CompletionResult]::new('configs', 'configs', [CompletionResultType]::ParameterValue, 'Describe or change topic and broker configurations (kafka-configs)')
            [CompletionResult]::new('get-offsets', 'get-offsets', [CompletionResultType]::ParameterValue, 'Print partition offsets by time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets)')
            [CompletionResult]::new('delete-records', 'delete-records', [CompletionResultType]::ParameterValue, 'Delete records below given offsets (kafka-delete-records)')
            [CompletionResult]::new('producer-perf-test', 'producer-perf-test', [CompletionResultType]::ParameterValue, 'Measure producer throughput and latency (kafka-producer-perf-test)')
            [CompletionResult]::new('consumer-perf-test', 'consumer-perf-test', [CompletionResultType]::ParameterValue, 'Measure consumer throughput (kafka-consumer-perf-test)')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Format log directories or show their state; print a new cluster id (kafka-storage)')
            [CompletionResult]::new('metadata-quorum', 'metadata-quorum', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum: leader, epoch, high watermark, voters (kafka-metadata-quorum)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'Add, remove or list ACLs (kafka-acls)')
            [CompletionResult]::new('log-dirs', 'log-dirs', [CompletionResultType]::ParameterValue, 'Query the log directories of brokers and the size of each partition (kafka-log-dirs)')
            [CompletionResult]::new('shell', 'shell', [CompletionResultType]::ParameterValue, 'An interactive shell for a cluster: topics, produce, consume, groups, configs')
            [CompletionResult]::new('install-links', 'install-links', [CompletionResultType]::ParameterValue, 'Create kafka-*.sh style links to this binary in a directory')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ under a directory (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;server-start' {
            [CompletionResult]::new('--override', '--override', [CompletionResultType]::ParameterName, 'Optional property that overrides the value set in the file (repeatable)')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write the bound listener addresses as JSON to this file once requests are accepted')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Kafka''s `-daemon` flag is not supported: use your service manager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;topics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The Kafka server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the ''\'' prefix to escape regular expression symbols; e.g. "test\.topic"')
            [CompletionResult]::new('--topic-id', '--topic-id', [CompletionResultType]::ParameterName, 'The topic-id to describe')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'The number of partitions for the topic being created or altered. If not supplied for create, defaults to the cluster default')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A topic configuration override for the topic being created (repeatable)')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Deprecated and ignored: use kafka-configs to remove topic configs')
            [CompletionResult]::new('--replica-assignment', '--replica-assignment', [CompletionResultType]::ParameterName, 'A list of manual partition-to-broker assignments for the topic being created or altered: broker_id_for_part1_replica1:broker_id_for_part1_replica2, broker_id_for_part2_replica1:broker_id_for_part2_replica2, ...')
            [CompletionResult]::new('--partition-size-limit-per-response', '--partition-size-limit-per-response', [CompletionResultType]::ParameterName, 'The maximum partition size to be included in one DescribeTopicPartitions response (accepted for compatibility; we describe through Metadata)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of --list and --describe: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new topic')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all available topics')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List details for the given topics')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the number of partitions and replica assignment')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete a topic')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'If set when altering or deleting or describing topics, the action will only execute if the topic exists')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'If set when creating topics, the action will only execute if the topic does not already exist')
            [CompletionResult]::new('--exclude-internal', '--exclude-internal', [CompletionResultType]::ParameterName, 'Exclude internal topics when running list or describe command. The internal topics will be listed by default')
            [CompletionResult]::new('--under-replicated-partitions', '--under-replicated-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show under replicated partitions')
            [CompletionResult]::new('--under-min-isr-partitions', '--under-min-isr-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose isr count is less than the configured minimum')
            [CompletionResult]::new('--at-min-isr-partitions', '--at-min-isr-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum')
            [CompletionResult]::new('--unavailable-partitions', '--unavailable-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose leader is not available')
            [CompletionResult]::new('--topics-with-overrides', '--topics-with-overrides', [CompletionResultType]::ParameterName, 'If set when describing topics, only show topics that have overridden configs')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;console-producer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: The topic name to produce messages to')
            [CompletionResult]::new('--compression-codec', '--compression-codec', [CompletionResultType]::ParameterName, 'The compression codec: either ''none'', ''gzip'', ''snappy'', ''lz4'', or ''zstd''. If specified without value, then it defaults to ''gzip''')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Number of messages to send in a single batch if they are not being sent synchronously (default: 16384)')
            [CompletionResult]::new('--max-partition-memory-bytes', '--max-partition-memory-bytes', [CompletionResultType]::ParameterName, 'The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached (default: 16384)')
            [CompletionResult]::new('--message-send-max-retries', '--message-send-max-retries', [CompletionResultType]::ParameterName, 'Total number of retries the producer will attempt on a failed send (default: 3)')
            [CompletionResult]::new('--retry-backoff-ms', '--retry-backoff-ms', [CompletionResultType]::ParameterName, 'Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata (default: 100)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms (default: 1000)')
            [CompletionResult]::new('--request-required-acks', '--request-required-acks', [CompletionResultType]::ParameterName, 'The required acks of the producer requests (default: -1)')
            [CompletionResult]::new('--request-timeout-ms', '--request-timeout-ms', [CompletionResultType]::ParameterName, 'The ack timeout of the producer requests. Value must be non-negative and non-zero (default: 1500)')
            [CompletionResult]::new('--metadata-expiry-ms', '--metadata-expiry-ms', [CompletionResultType]::ParameterName, 'The period of time in milliseconds after which we force a refresh of metadata even if we haven''t seen any leadership changes (default: 300000)')
            [CompletionResult]::new('--max-block-ms', '--max-block-ms', [CompletionResultType]::ParameterName, 'The max time that the producer will block for during a send request (default: 60000)')
            [CompletionResult]::new('--max-memory-bytes', '--max-memory-bytes', [CompletionResultType]::ParameterName, 'The total memory used by the producer to buffer records waiting to be sent to the server (default: 33554432)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The size of the tcp RECV size (default: 102400)')
            [CompletionResult]::new('--line-reader', '--line-reader', [CompletionResultType]::ParameterName, 'The class name of the class to use for reading lines from standard in. Only Kafka''s LineMessageReader behaviour is available')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker')
            [CompletionResult]::new('--reader-config', '--reader-config', [CompletionResultType]::ParameterName, 'Config properties file for the message reader. Note that --property takes precedence')
            [CompletionResult]::new('--producer-property', '--producer-property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the producer')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file. Note that --producer-property takes precedence')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'If set message send requests to the brokers are synchronously, one at a time as they arrive')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;console-consumer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume on')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Regular expression specifying list of topics to include for consumption')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'DEPRECATED, use --include instead')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'The partition to consume from. Consumption starts from the end of the partition unless ''--offset'' is specified')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'The offset to consume from (a non-negative number), or ''earliest'' which means from beginning, or ''latest'' which means from end (default: latest)')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'The maximum number of messages to consume before exiting. If not set, consumption is continual')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'If specified, exit if no message is available for consumption for the specified interval')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group id of the consumer')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal')
            [CompletionResult]::new('--formatter', '--formatter', [CompletionResultType]::ParameterName, 'The name of a class to use for formatting kafka messages for display (only the DefaultMessageFormatter behaviour is available)')
            [CompletionResult]::new('--formatter-config', '--formatter-config', [CompletionResultType]::ParameterName, 'Config properties file to initialize the message formatter. Note that --property takes precedence over this config')
            [CompletionResult]::new('--consumer-property', '--consumer-property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the consumer')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file. Note that --consumer-property takes precedence over this config')
            [CompletionResult]::new('--isolation-level', '--isolation-level', [CompletionResultType]::ParameterName, 'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages (default: read_uncommitted)')
            [CompletionResult]::new('--key-deserializer', '--key-deserializer', [CompletionResultType]::ParameterName, 'Accepted for compatibility; records are printed as raw bytes')
            [CompletionResult]::new('--value-deserializer', '--value-deserializer', [CompletionResultType]::ParameterName, 'Accepted for compatibility; records are printed as raw bytes')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s formatter and --property settings) or json (JSON Lines, one object per record)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message')
            [CompletionResult]::new('--skip-message-on-error', '--skip-message-on-error', [CompletionResultType]::ParameterName, 'If there is an error when processing a message, skip it instead of halt')
            [CompletionResult]::new('--enable-systest-events', '--enable-systest-events', [CompletionResultType]::ParameterName, 'Log lifecycle events of the consumer in addition to logging consumed messages (accepted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;consumer-groups' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group we wish to act on (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client and Consumer')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset offsets to a specific offset')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset offsets to values defined in CSV file')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss''')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS''')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'When specified with ''--describe'', includes the state of the group. Example: --bootstrap-server localhost:9092 --describe --group group1 --state. When specified with ''--list'', it displays the state of all groups. It can also be used to list groups with specific states. Example: --bootstrap-server localhost:9092 --list --state stable,empty. This option may be used with ''--describe'', ''--list'' and ''--bootstrap-server'' options only')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'When specified with ''--list'', it displays the types of all the groups. It can also be used to list groups with specific types. Example: --bootstrap-server localhost:9092 --list --type classic,consumer. This option may be used with the ''--list'' option only')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table (the listings of --list, --describe, --reset-offsets and --delete-offsets), or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Consider all topics assigned to a group in the `reset-offsets` process')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all consumer groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Apply to all consumer groups')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format. You must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset. To define the scope use --all-topics or --topic. One scope must be specified unless you use ''--from-file''')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Execute operation. Supported operations: reset-offsets')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Export operation execution to a CSV file. Supported operations: reset-offsets')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset offsets to earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset offsets to latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset offsets to current offset')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'Describe members of the group. This option may be used with ''--describe'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Provide additional information, if any, when describing the group. This option may be used with ''--offsets''/''--members''/''--state'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with ''--describe'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;configs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The Kafka servers to connect to (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The Kafka controllers to connect to. A strom node answers admin requests on its listener, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: ''k1=v1,k2=[v1,v2,v2],k3=v3''')
            [CompletionResult]::new('--add-config-file', '--add-config-file', [CompletionResultType]::ParameterName, 'Path to a properties file with configs to add. See add-config for a list of valid configurations')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Config keys to remove ''k1,k2''')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic''s name')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client''s ID')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s principal name')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'The broker''s ID')
            [CompletionResult]::new('--broker-logger', '--broker-logger', [CompletionResultType]::ParameterName, 'The broker''s ID for its logger config')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'The IP address')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group''s ID')
            [CompletionResult]::new('--client-metrics', '--client-metrics', [CompletionResultType]::ParameterName, 'The client metrics config resource name')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configuration for the entity')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List configs for the given entity')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List all configs for the given entity, including static configs if available')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'Default entity name for clients/users/brokers/ips (applies to corresponding entity type)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Suppress console prompts')
            [CompletionResult]::new('--client-defaults', '--client-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all clients')
            [CompletionResult]::new('--user-defaults', '--user-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all users')
            [CompletionResult]::new('--broker-defaults', '--broker-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all brokers')
            [CompletionResult]::new('--ip-defaults', '--ip-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all IPs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;get-offsets' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--topic-partitions', '--topic-partitions', [CompletionResultType]::ParameterName, 'Comma separated list of topic-partition patterns to get the offsets for, with the format of ''TOPIC_REGEX:PARTITIONS''. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after '':'' describes a ''partition'' pattern, which can be: a number, a range in the format of ''NUMBER-NUMBER'' (lower inclusive, upper exclusive), an inclusive lower bound in the format of ''NUMBER-'', an exclusive upper bound in the format of ''-NUMBER'' or may be omitted to accept all partitions')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--exclude-internal-topics', '--exclude-internal-topics', [CompletionResultType]::ParameterName, 'By default, internal topics are included. If specified, internal topics are excluded')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;delete-records' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server to connect to')
            [CompletionResult]::new('--offset-json-file', '--offset-json-file', [CompletionResultType]::ParameterName, 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;producer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The Kafka broker(s) to connect to, HOST1:PORT1,HOST2:PORT2 (sets bootstrap.servers; KIP-1147)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Produce messages to this topic')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'Number of messages to produce')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'Message size in bytes. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'File to read the message payloads from. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--payload-delimiter', '--payload-delimiter', [CompletionResultType]::ParameterName, 'Provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling')
            [CompletionResult]::new('--producer-props', '--producer-props', [CompletionResultType]::ParameterName, 'Kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactional id to use. Transactions are not supported by strom yet: giving it is an error')
            [CompletionResult]::new('--transaction-duration-ms', '--transaction-duration-ms', [CompletionResultType]::ParameterName, 'The max age of each transaction. Transactions are not supported by strom yet: giving it is an error')
            [CompletionResult]::new('--warmup-records', '--warmup-records', [CompletionResultType]::ParameterName, 'The number of records to treat as warmup; these initial records will not be included in steady-state statistics. An additional summary line will be printed describing the steady-state statistics')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info (KIP-1147)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the final summary: text (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--payload-monotonic', '--payload-monotonic', [CompletionResultType]::ParameterName, 'Payload is a monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print out metrics at the end of the test')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;consumer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: The topic to consume from')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group id to consume on (default: perf-consumer-<random>)')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The amount of data to fetch in a single request (default: 1048576)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The size of the tcp RECV size (default: 2097152)')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info (default: 5000)')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'REQUIRED: The number of messages to consume')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum allowed time in milliseconds between returned records (default: 10000)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'DEPRECATED and ignored')
            [CompletionResult]::new('--num-fetch-threads', '--num-fetch-threads', [CompletionResultType]::ParameterName, 'DEPRECATED and ignored')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--from-latest', '--from-latest', [CompletionResultType]::ParameterName, 'If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print out the metrics')
            [CompletionResult]::new('--show-detailed-stats', '--show-detailed-stats', [CompletionResultType]::ParameterName, 'If set, stats are reported for each reporting interval as configured by reporting-interval')
            [CompletionResult]::new('--hide-header', '--hide-header', [CompletionResultType]::ParameterName, 'If set, skips printing the header for the stats')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;storage' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID, for use as a cluster id')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the log directories named by the configuration')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the log directories named by the configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;storage;random-uuid' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;storage;format' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('--cluster-id', '--cluster-id', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'A SCRAM credential to create (not supported by strom yet)')
            [CompletionResult]::new('--add-scram', '--add-scram', [CompletionResultType]::ParameterName, 'A SCRAM credential to create (not supported by strom yet)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)')
            [CompletionResult]::new('--initial-controllers', '--initial-controllers', [CompletionResultType]::ParameterName, 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Ignore directories that are already formatted')
            [CompletionResult]::new('--ignore-formatted', '--ignore-formatted', [CompletionResultType]::ParameterName, 'Ignore directories that are already formatted')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Format this node as a standalone controller (nothing to do for strom''s single node)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'Format this node as a standalone controller (nothing to do for strom''s single node)')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Format without initial controllers (accepted, not needed)')
            [CompletionResult]::new('--no-initial-controllers', '--no-initial-controllers', [CompletionResultType]::ParameterName, 'Format without initial controllers (accepted, not needed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;storage;info' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;storage;help' {
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID, for use as a cluster id')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the log directories named by the configuration')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the log directories named by the configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;storage;help;random-uuid' {
            break
        }
        'strom;storage;help;format' {
            break
        }
        'strom;storage;help;info' {
            break
        }
        'strom;storage;help;help' {
            break
        }
        'strom;metadata-quorum' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;metadata-quorum;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'A short summary of the quorum status and the other provides detailed information about the status of replication')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Detailed information about the status of replication')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Human-readable output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;metadata-quorum;add-controller' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'True if we should print what would be done, but not do it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;metadata-quorum;remove-controller' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The id of the controller to remove')
            [CompletionResult]::new('--controller-id', '--controller-id', [CompletionResultType]::ParameterName, 'The id of the controller to remove')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The directory ID of the controller to remove')
            [CompletionResult]::new('--controller-directory-id', '--controller-directory-id', [CompletionResultType]::ParameterName, 'The directory ID of the controller to remove')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'True if we should print what would be done, but not do it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;metadata-quorum;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;metadata-quorum;help;describe' {
            break
        }
        'strom;metadata-quorum;help;add-controller' {
            break
        }
        'strom;metadata-quorum;help;remove-controller' {
            break
        }
        'strom;metadata-quorum;help;help' {
            break
        }
        'strom;acls' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API. (A strom node is its own controller: used like --bootstrap-server.)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds')
            [CompletionResult]::new('--delegation-token', '--delegation-token', [CompletionResultType]::ParameterName, 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens')
            [CompletionResult]::new('--user-principal', '--user-principal', [CompletionResultType]::ParameterName, 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal')
            [CompletionResult]::new('--resource-pattern-type', '--resource-pattern-type', [CompletionResultType]::ParameterName, 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care. (default: LITERAL)')
            [CompletionResult]::new('--allow-principal', '--allow-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users')
            [CompletionResult]::new('--deny-principal', '--deny-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. Note that principalType must be supported by the Authorizer being used. For example if you wanted to allow access to all users in the system but not test-user you can define an ACL that allows access to User:''*'' and specify --deny-principal=User:test@EXAMPLE.COM. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts')
            [CompletionResult]::new('--deny-host', '--deny-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts')
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Operation that is being allowed or denied. Valid operation names are: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit (default: All)')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'List ACLs for the specified principal. principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. Multiple --principal option can be passed')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table (same as text), or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Indicates you are trying to add ACLs')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Indicates you are trying to remove ACLs')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Add/Remove cluster ACLs')
            [CompletionResult]::new('--producer', '--producer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Assume Yes to all queries and do not prompt')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;log-dirs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic-list', '--topic-list', [CompletionResultType]::ParameterName, 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the specified log directories on the specified brokers')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;shell' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The Kafka server(s) to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file with client settings, passed to every command that takes --command-config')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;install-links' {
            [CompletionResult]::new('--sh', '--sh', [CompletionResultType]::ParameterName, 'Also create the `.sh` names (kafka-topics.sh) beside the plain ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing files of the same names')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;generate-assets' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'strom;help' {
            [CompletionResult]::new('server-start', 'server-start', [CompletionResultType]::ParameterValue, 'Start a broker (kafka-server-start)')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'Create, delete, describe, or change a topic (kafka-topics)')
            [CompletionResult]::new('console-producer', 'console-producer', [CompletionResultType]::ParameterValue, 'Read records from standard input and publish them (kafka-console-producer)')
            [CompletionResult]::new('console-consumer', 'console-consumer', [CompletionResultType]::ParameterValue, 'Consume records and print them to standard output (kafka-console-consumer)')
            [CompletionResult]::new('consumer-groups', 'consumer-groups', [CompletionResultType]::ParameterValue, 'List, describe and delete consumer groups; reset or delete their offsets (kafka-consumer-groups)')
            [CompletionResult]::new('configs', 'configs', [CompletionResultType]::ParameterValue, 'Describe or change topic and broker configurations (kafka-configs)')
            [CompletionResult]::new('get-offsets', 'get-offsets', [CompletionResultType]::ParameterValue, 'Print partition offsets by time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets)')
            [CompletionResult]::new('delete-records', 'delete-records', [CompletionResultType]::ParameterValue, 'Delete records below given offsets (kafka-delete-records)')
            [CompletionResult]::new('producer-perf-test', 'producer-perf-test', [CompletionResultType]::ParameterValue, 'Measure producer throughput and latency (kafka-producer-perf-test)')
            [CompletionResult]::new('consumer-perf-test', 'consumer-perf-test', [CompletionResultType]::ParameterValue, 'Measure consumer throughput (kafka-consumer-perf-test)')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Format log directories or show their state; print a new cluster id (kafka-storage)')
            [CompletionResult]::new('metadata-quorum', 'metadata-quorum', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum: leader, epoch, high watermark, voters (kafka-metadata-quorum)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'Add, remove or list ACLs (kafka-acls)')
            [CompletionResult]::new('log-dirs', 'log-dirs', [CompletionResultType]::ParameterValue, 'Query the log directories of brokers and the size of each partition (kafka-log-dirs)')
            [CompletionResult]::new('shell', 'shell', [CompletionResultType]::ParameterValue, 'An interactive shell for a cluster: topics, produce, consume, groups, configs')
            [CompletionResult]::new('install-links', 'install-links', [CompletionResultType]::ParameterValue, 'Create kafka-*.sh style links to this binary in a directory')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ under a directory (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'strom;help;server-start' {
            break
        }
        'strom;help;topics' {
            break
        }
        'strom;help;console-producer' {
            break
        }
        'strom;help;console-consumer' {
            break
        }
        'strom;help;consumer-groups' {
            break
        }
        'strom;help;configs' {
            break
        }
        'strom;help;get-offsets' {
            break
        }
        'strom;help;delete-records' {
            break
        }
        'strom;help;producer-perf-test' {
            break
        }
        'strom;help;consumer-perf-test' {
            break
        }
        'strom;help;storage' {
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID, for use as a cluster id')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the log directories named by the configuration')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the log directories named by the configuration')
            break
        }
        'strom;help;storage;random-uuid' {
            break
        }
        'strom;help;storage;format' {
            break
        }
        'strom;help;storage;info' {
            break
        }
        'strom;help;metadata-quorum' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster (refused: strom''s quorum is one node)')
            break
        }
        'strom;help;metadata-quorum;describe' {
            break
        }
        'strom;help;metadata-quorum;add-controller' {
            break
        }
        'strom;help;metadata-quorum;remove-controller' {
            break
        }
        'strom;help;acls' {
            break
        }
        'strom;help;log-dirs' {
            break
        }
        'strom;help;shell' {
            break
        }
        'strom;help;install-links' {
            break
        }
        'strom;help;completions' {
            break
        }
        'strom;help;generate-assets' {
            break
        }
        'strom;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
