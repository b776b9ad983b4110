# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_strom_global_optspecs
    string join \n color= h/help V/version
end

function __fish_strom_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_strom_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_strom_using_subcommand
    set -l cmd (__fish_strom_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c strom -n "__fish_strom_needs_command" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_needs_command" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_needs_command" -f -a "server-start" -d 'Start a broker (kafka-server-start)'
complete -c strom -n "__fish_strom_needs_command" -f -a "topics" -d 'Create, delete, describe, or change a topic (kafka-topics)'
complete -c strom -n "__fish_strom_needs_command" -f -a "console-producer" -d 'Read records from standard input and publish them (kafka-console-producer)'
complete -c strom -n "__fish_strom_needs_command" -f -a "console-consumer" -d 'Consume records and print them to standard output (kafka-console-consumer)'
complete -c strom -n "__fish_strom_needs_command" -f -a "consumer-groups" -d 'List, describe and delete consumer groups; reset or delete their offsets (kafka-consumer-groups)'
complete -c strom -n "__fish_strom_needs_command" -f -a "configs" -d 'Describe or change topic and broker configurations (kafka-configs)'
complete -c strom -n "__fish_strom_needs_command" -f -a "get-offsets" -d 'Print partition offsets by time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets)'
complete -c strom -n "__fish_strom_needs_command" -f -a "delete-records" -d 'Delete records below given offsets (kafka-delete-records)'
complete -c strom -n "__fish_strom_needs_command" -f -a "producer-perf-test" -d 'Measure producer throughput and latency (kafka-producer-perf-test)'
complete -c strom -n "__fish_strom_needs_command" -f -a "consumer-perf-test" -d 'Measure consumer throughput (kafka-consumer-perf-test)'
complete -c strom -n "__fish_strom_needs_command" -f -a "storage" -d 'Format log directories or show their state; print a new cluster id (kafka-storage)'
complete -c strom -n "__fish_strom_needs_command" -f -a "metadata-quorum" -d 'Describe the metadata quorum: leader, epoch, high watermark, voters (kafka-metadata-quorum)'
complete -c strom -n "__fish_strom_needs_command" -f -a "acls" -d 'Add, remove or list ACLs (kafka-acls)'
complete -c strom -n "__fish_strom_needs_command" -f -a "log-dirs" -d 'Query the log directories of brokers and the size of each partition (kafka-log-dirs)'
complete -c strom -n "__fish_strom_needs_command" -f -a "shell" -d 'An interactive shell for a cluster: topics, produce, consume, groups, configs'
complete -c strom -n "__fish_strom_needs_command" -f -a "install-links" -d 'Create kafka-*.sh style links to this binary in a directory'
complete -c strom -n "__fish_strom_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell)'
complete -c strom -n "__fish_strom_needs_command" -f -a "generate-assets" -d 'Write completions/ and man/ under a directory (for maintainers)'
complete -c strom -n "__fish_strom_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand server-start" -l override -d 'Optional property that overrides the value set in the file (repeatable)' -r
complete -c strom -n "__fish_strom_using_subcommand server-start" -l ready-file -d 'Write the bound listener addresses as JSON to this file once requests are accepted' -r -F
complete -c strom -n "__fish_strom_using_subcommand server-start" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand server-start" -l daemon -d 'Kafka\'s `-daemon` flag is not supported: use your service manager'
complete -c strom -n "__fish_strom_using_subcommand server-start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand server-start" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand topics" -l bootstrap-server -d 'REQUIRED: The Kafka server to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand topics" -l topic -d 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the \'\\\' prefix to escape regular expression symbols; e.g. "test\\.topic"' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l topic-id -d 'The topic-id to describe' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l partitions -d 'The number of partitions for the topic being created or altered. If not supplied for create, defaults to the cluster default' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l replication-factor -d 'The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l config -d 'A topic configuration override for the topic being created (repeatable)' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l delete-config -d 'Deprecated and ignored: use kafka-configs to remove topic configs' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l replica-assignment -d 'A list of manual partition-to-broker assignments for the topic being created or altered: broker_id_for_part1_replica1:broker_id_for_part1_replica2, broker_id_for_part2_replica1:broker_id_for_part2_replica2, ...' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l partition-size-limit-per-response -d 'The maximum partition size to be included in one DescribeTopicPartitions response (accepted for compatibility; we describe through Metadata)' -r
complete -c strom -n "__fish_strom_using_subcommand topics" -l output -d 'Output format of --list and --describe: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand topics" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand topics" -l create -d 'Create a new topic'
complete -c strom -n "__fish_strom_using_subcommand topics" -l list -d 'List all available topics'
complete -c strom -n "__fish_strom_using_subcommand topics" -l describe -d 'List details for the given topics'
complete -c strom -n "__fish_strom_using_subcommand topics" -l alter -d 'Alter the number of partitions and replica assignment'
complete -c strom -n "__fish_strom_using_subcommand topics" -l delete -d 'Delete a topic'
complete -c strom -n "__fish_strom_using_subcommand topics" -l if-exists -d 'If set when altering or deleting or describing topics, the action will only execute if the topic exists'
complete -c strom -n "__fish_strom_using_subcommand topics" -l if-not-exists -d 'If set when creating topics, the action will only execute if the topic does not already exist'
complete -c strom -n "__fish_strom_using_subcommand topics" -l exclude-internal -d 'Exclude internal topics when running list or describe command. The internal topics will be listed by default'
complete -c strom -n "__fish_strom_using_subcommand topics" -l under-replicated-partitions -d 'If set when describing topics, only show under replicated partitions'
complete -c strom -n "__fish_strom_using_subcommand topics" -l under-min-isr-partitions -d 'If set when describing topics, only show partitions whose isr count is less than the configured minimum'
complete -c strom -n "__fish_strom_using_subcommand topics" -l at-min-isr-partitions -d 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum'
complete -c strom -n "__fish_strom_using_subcommand topics" -l unavailable-partitions -d 'If set when describing topics, only show partitions whose leader is not available'
complete -c strom -n "__fish_strom_using_subcommand topics" -l topics-with-overrides -d 'If set when describing topics, only show topics that have overridden configs'
complete -c strom -n "__fish_strom_using_subcommand topics" -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c strom -n "__fish_strom_using_subcommand topics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand topics" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l topic -d 'REQUIRED: The topic name to produce messages to' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l compression-codec -d 'The compression codec: either \'none\', \'gzip\', \'snappy\', \'lz4\', or \'zstd\'. If specified without value, then it defaults to \'gzip\'' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l batch-size -d 'Number of messages to send in a single batch if they are not being sent synchronously (default: 16384)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l max-partition-memory-bytes -d 'The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached (default: 16384)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l message-send-max-retries -d 'Total number of retries the producer will attempt on a failed send (default: 3)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l retry-backoff-ms -d 'Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata (default: 100)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l timeout -d 'If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms (default: 1000)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l request-required-acks -d 'The required acks of the producer requests (default: -1)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l request-timeout-ms -d 'The ack timeout of the producer requests. Value must be non-negative and non-zero (default: 1500)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l metadata-expiry-ms -d 'The period of time in milliseconds after which we force a refresh of metadata even if we haven\'t seen any leadership changes (default: 300000)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l max-block-ms -d 'The max time that the producer will block for during a send request (default: 60000)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l max-memory-bytes -d 'The total memory used by the producer to buffer records waiting to be sent to the server (default: 33554432)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l socket-buffer-size -d 'The size of the tcp RECV size (default: 102400)' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l line-reader -d 'The class name of the class to use for reading lines from standard in. Only Kafka\'s LineMessageReader behaviour is available' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l property -d 'A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l reader-config -d 'Config properties file for the message reader. Note that --property takes precedence' -r -F
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l producer-property -d 'A mechanism to pass user-defined properties in the form key=value to the producer' -r
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l producer.config -d 'Producer config properties file. Note that --producer-property takes precedence' -r -F
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand console-producer" -l sync -d 'If set message send requests to the brokers are synchronously, one at a time as they arrive'
complete -c strom -n "__fish_strom_using_subcommand console-producer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand console-producer" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l topic -d 'The topic to consume on' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l include -d 'Regular expression specifying list of topics to include for consumption' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l whitelist -d 'DEPRECATED, use --include instead' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l partition -d 'The partition to consume from. Consumption starts from the end of the partition unless \'--offset\' is specified' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l offset -d 'The offset to consume from (a non-negative number), or \'earliest\' which means from beginning, or \'latest\' which means from end (default: latest)' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l max-messages -d 'The maximum number of messages to consume before exiting. If not set, consumption is continual' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l timeout-ms -d 'If specified, exit if no message is available for consumption for the specified interval' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l group -d 'The consumer group id of the consumer' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l property -d 'The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l formatter -d 'The name of a class to use for formatting kafka messages for display (only the DefaultMessageFormatter behaviour is available)' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l formatter-config -d 'Config properties file to initialize the message formatter. Note that --property takes precedence over this config' -r -F
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l consumer-property -d 'A mechanism to pass user-defined properties in the form key=value to the consumer' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l consumer.config -d 'Consumer config properties file. Note that --consumer-property takes precedence over this config' -r -F
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l isolation-level -d 'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages (default: read_uncommitted)' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l key-deserializer -d 'Accepted for compatibility; records are printed as raw bytes' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l value-deserializer -d 'Accepted for compatibility; records are printed as raw bytes' -r
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l output -d 'Output format: text (Kafka\'s formatter and --property settings) or json (JSON Lines, one object per record)' -r -f -a "text\t'Kafka\'s DefaultMessageFormatter'
json\t'One JSON object per record, one per line'"
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l from-beginning -d 'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message'
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l skip-message-on-error -d 'If there is an error when processing a message, skip it instead of halt'
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -l enable-systest-events -d 'Log lifecycle events of the consumer in addition to logging consumed messages (accepted)'
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand console-consumer" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l group -d 'The consumer group we wish to act on (repeatable)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l topic -d 'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l timeout -d 'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l command-config -d 'Property file containing configs to be passed to Admin Client and Consumer' -r -F
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l to-offset -d 'Reset offsets to a specific offset' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l from-file -d 'Reset offsets to values defined in CSV file' -r -F
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l to-datetime -d 'Reset offsets to offset from datetime. Format: \'YYYY-MM-DDTHH:mm:SS.sss\'' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l by-duration -d 'Reset offsets to offset by duration from current timestamp. Format: \'PnDTnHnMnS\'' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l shift-by -d 'Reset offsets shifting current offset by \'n\', where \'n\' can be positive or negative' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l state -d 'When specified with \'--describe\', includes the state of the group. Example: --bootstrap-server localhost:9092 --describe --group group1 --state. When specified with \'--list\', it displays the state of all groups. It can also be used to list groups with specific states. Example: --bootstrap-server localhost:9092 --list --state stable,empty. This option may be used with \'--describe\', \'--list\' and \'--bootstrap-server\' options only' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l type -d 'When specified with \'--list\', it displays the types of all the groups. It can also be used to list groups with specific types. Example: --bootstrap-server localhost:9092 --list --type classic,consumer. This option may be used with the \'--list\' option only' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l output -d 'Output format: text (Kafka\'s), table (the listings of --list, --describe, --reset-offsets and --delete-offsets), or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l all-topics -d 'Consider all topics assigned to a group in the `reset-offsets` process'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l list -d 'List all consumer groups'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l describe -d 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l all-groups -d 'Apply to all consumer groups'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l delete -d 'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l reset-offsets -d 'Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format. You must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset. To define the scope use --all-topics or --topic. One scope must be specified unless you use \'--from-file\''
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l delete-offsets -d 'Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l dry-run -d 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l execute -d 'Execute operation. Supported operations: reset-offsets'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l export -d 'Export operation execution to a CSV file. Supported operations: reset-offsets'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l to-earliest -d 'Reset offsets to earliest offset'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l to-latest -d 'Reset offsets to latest offset'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l to-current -d 'Reset offsets to current offset'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l members -d 'Describe members of the group. This option may be used with \'--describe\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l verbose -d 'Provide additional information, if any, when describing the group. This option may be used with \'--offsets\'/\'--members\'/\'--state\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l offsets -d 'Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with \'--describe\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand consumer-groups" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand configs" -l bootstrap-server -d 'The Kafka servers to connect to (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l bootstrap-controller -d 'The Kafka controllers to connect to. A strom node answers admin requests on its listener, so this is used like --bootstrap-server' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand configs" -l entity-type -d 'Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l entity-name -d 'Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l add-config -d 'Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: \'k1=v1,k2=[v1,v2,v2],k3=v3\'' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l add-config-file -d 'Path to a properties file with configs to add. See add-config for a list of valid configurations' -r -F
complete -c strom -n "__fish_strom_using_subcommand configs" -l delete-config -d 'Config keys to remove \'k1,k2\'' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l topic -d 'The topic\'s name' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l client -d 'The client\'s ID' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l user -d 'The user\'s principal name' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l broker -d 'The broker\'s ID' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l broker-logger -d 'The broker\'s ID for its logger config' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l ip -d 'The IP address' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l group -d 'The group\'s ID' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l client-metrics -d 'The client metrics config resource name' -r
complete -c strom -n "__fish_strom_using_subcommand configs" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand configs" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand configs" -l alter -d 'Alter the configuration for the entity'
complete -c strom -n "__fish_strom_using_subcommand configs" -l describe -d 'List configs for the given entity'
complete -c strom -n "__fish_strom_using_subcommand configs" -l all -d 'List all configs for the given entity, including static configs if available'
complete -c strom -n "__fish_strom_using_subcommand configs" -l entity-default -d 'Default entity name for clients/users/brokers/ips (applies to corresponding entity type)'
complete -c strom -n "__fish_strom_using_subcommand configs" -l force -d 'Suppress console prompts'
complete -c strom -n "__fish_strom_using_subcommand configs" -l client-defaults -d 'The config defaults for all clients'
complete -c strom -n "__fish_strom_using_subcommand configs" -l user-defaults -d 'The config defaults for all users'
complete -c strom -n "__fish_strom_using_subcommand configs" -l broker-defaults -d 'The config defaults for all brokers'
complete -c strom -n "__fish_strom_using_subcommand configs" -l ip-defaults -d 'The config defaults for all IPs'
complete -c strom -n "__fish_strom_using_subcommand configs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand configs" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l bootstrap-server -d 'REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l topic-partitions -d 'Comma separated list of topic-partition patterns to get the offsets for, with the format of \'TOPIC_REGEX:PARTITIONS\'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after \':\' describes a \'partition\' pattern, which can be: a number, a range in the format of \'NUMBER-NUMBER\' (lower inclusive, upper exclusive), an inclusive lower bound in the format of \'NUMBER-\', an exclusive upper bound in the format of \'-NUMBER\' or may be omitted to accept all partitions' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l topic -d 'The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l partitions -d 'Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l time -d 'Timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]' -r
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -l exclude-internal-topics -d 'By default, internal topics are included. If specified, internal topics are excluded'
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand get-offsets" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l offset-json-file -d 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}' -r -F
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand delete-records" -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c strom -n "__fish_strom_using_subcommand delete-records" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand delete-records" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l bootstrap-server -d 'The Kafka broker(s) to connect to, HOST1:PORT1,HOST2:PORT2 (sets bootstrap.servers; KIP-1147)' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l topic -d 'Produce messages to this topic' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l num-records -d 'Number of messages to produce' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l record-size -d 'Message size in bytes. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l payload-file -d 'File to read the message payloads from. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic' -r -F
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l payload-delimiter -d 'Provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l throughput -d 'Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l producer-props -d 'Kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l producer.config -d 'Producer config properties file' -r -F
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l transactional-id -d 'The transactional id to use. Transactions are not supported by strom yet: giving it is an error' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l transaction-duration-ms -d 'The max age of each transaction. Transactions are not supported by strom yet: giving it is an error' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l warmup-records -d 'The number of records to treat as warmup; these initial records will not be included in steady-state statistics. An additional summary line will be printed describing the steady-state statistics' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l reporting-interval -d 'Interval in milliseconds at which to print progress info (KIP-1147)' -r
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l output -d 'Output format of the final summary: text (Kafka\'s lines) or json (one document)' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l payload-monotonic -d 'Payload is a monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic'
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -l print-metrics -d 'Print out metrics at the end of the test'
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand producer-perf-test" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l bootstrap-server -d 'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l topic -d 'REQUIRED: The topic to consume from' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l group -d 'The group id to consume on (default: perf-consumer-<random>)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l fetch-size -d 'The amount of data to fetch in a single request (default: 1048576)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l socket-buffer-size -d 'The size of the tcp RECV size (default: 2097152)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l consumer.config -d 'Consumer config properties file' -r -F
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l reporting-interval -d 'Interval in milliseconds at which to print progress info (default: 5000)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l date-format -d 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l messages -d 'REQUIRED: The number of messages to consume' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l timeout -d 'The maximum allowed time in milliseconds between returned records (default: 10000)' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l threads -d 'DEPRECATED and ignored' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l num-fetch-threads -d 'DEPRECATED and ignored' -r
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l output -d 'Output format: text (Kafka\'s lines) or json (one document)' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l from-latest -d 'If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l print-metrics -d 'Print out the metrics'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l show-detailed-stats -d 'If set, stats are reported for each reporting interval as configured by reporting-interval'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -l hide-header -d 'If set, skips printing the header for the stats'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand consumer-perf-test" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "random-uuid" -d 'Print a random UUID, for use as a cluster id'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "format" -d 'Format the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "info" -d 'Get information about the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand storage; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s t -l cluster-id -d 'The cluster ID to use' -r
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s r -l release-version -d 'The release version to use for the initial feature settings' -r
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s f -l feature -d 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)' -r
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s S -l add-scram -d 'A SCRAM credential to create (not supported by strom yet)' -r
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s I -l initial-controllers -d 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)' -r
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s g -l ignore-formatted -d 'Ignore directories that are already formatted'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s s -l standalone -d 'Format this node as a standalone controller (nothing to do for strom\'s single node)'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s N -l no-initial-controllers -d 'Format without initial controllers (accepted, not needed)'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from format" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from info" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from info" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "random-uuid" -d 'Print a random UUID, for use as a cluster id'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "format" -d 'Format the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "info" -d 'Get information about the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l status -d 'A short summary of the quorum status and the other provides detailed information about the status of replication'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l replication -d 'Detailed information about the status of replication'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l human-readable -d 'Human-readable output'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -l dry-run -d 'True if we should print what would be done, but not do it'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from add-controller" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -s i -l controller-id -d 'The id of the controller to remove' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -s d -l controller-directory-id -d 'The directory ID of the controller to remove' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -l dry-run -d 'True if we should print what would be done, but not do it'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from remove-controller" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c strom -n "__fish_strom_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand acls" -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API. (A strom node is its own controller: used like --bootstrap-server.)' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand acls" -l topic -d 'topic to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all topics' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l group -d 'Consumer Group to which the ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all groups' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l transactional-id -d 'The transactionalId to which ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all transactionalIds' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l delegation-token -d 'Delegation token to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all tokens' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l user-principal -d 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l resource-pattern-type -d 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. \'literal\' or \'prefixed\'. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of \'any\' or \'match\', where \'any\' will match any pattern type, but will match the resource name exactly, where as \'match\' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: \'match\', when used in combination with the \'--remove\' switch, should be used with care. (default: LITERAL)' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l allow-principal -d 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:\'*\' is the wild card indicating all users' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l deny-principal -d 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. Note that principalType must be supported by the Authorizer being used. For example if you wanted to allow access to all users in the system but not test-user you can define an ACL that allows access to User:\'*\' and specify --deny-principal=User:test@EXAMPLE.COM. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l allow-host -d 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to \'*\' which allows access from all hosts' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l deny-host -d 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to \'*\' which denies access from all hosts' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l operation -d 'Operation that is being allowed or denied. Valid operation names are: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit (default: All)' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l principal -d 'List ACLs for the specified principal. principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. Multiple --principal option can be passed' -r
complete -c strom -n "__fish_strom_using_subcommand acls" -l output -d 'Output format: text (Kafka\'s), table (same as text), or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand acls" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand acls" -l add -d 'Indicates you are trying to add ACLs'
complete -c strom -n "__fish_strom_using_subcommand acls" -l remove -d 'Indicates you are trying to remove ACLs'
complete -c strom -n "__fish_strom_using_subcommand acls" -l list -d 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
complete -c strom -n "__fish_strom_using_subcommand acls" -l cluster -d 'Add/Remove cluster ACLs'
complete -c strom -n "__fish_strom_using_subcommand acls" -l producer -d 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
complete -c strom -n "__fish_strom_using_subcommand acls" -l consumer -d 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
complete -c strom -n "__fish_strom_using_subcommand acls" -l idempotent -d 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
complete -c strom -n "__fish_strom_using_subcommand acls" -l force -d 'Assume Yes to all queries and do not prompt'
complete -c strom -n "__fish_strom_using_subcommand acls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand acls" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l bootstrap-server -d 'REQUIRED: the server(s) to use for bootstrapping' -r
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l topic-list -d 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified' -r
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l broker-list -d 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified' -r
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -l describe -d 'Describe the specified log directories on the specified brokers'
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand log-dirs" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand shell" -l bootstrap-server -d 'The Kafka server(s) to connect to' -r
complete -c strom -n "__fish_strom_using_subcommand shell" -l command-config -d 'Property file with client settings, passed to every command that takes --command-config' -r -F
complete -c strom -n "__fish_strom_using_subcommand shell" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand shell" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand shell" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand install-links" -l sh -d 'Also create the `.sh` names (kafka-topics.sh) beside the plain ones' -r -f -a "true\t''
false\t''"
complete -c strom -n "__fish_strom_using_subcommand install-links" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand install-links" -l force -d 'Replace existing files of the same names'
complete -c strom -n "__fish_strom_using_subcommand install-links" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand install-links" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand completions" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand completions" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand generate-assets" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c strom -n "__fish_strom_using_subcommand generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c strom -n "__fish_strom_using_subcommand generate-assets" -s V -l version -d 'Print version'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "server-start" -d 'Start a broker (kafka-server-start)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "topics" -d 'Create, delete, describe, or change a topic (kafka-topics)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "console-producer" -d 'Read records from standard input and publish them (kafka-console-producer)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "console-consumer" -d 'Consume records and print them to standard output (kafka-console-consumer)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "consumer-groups" -d 'List, describe and delete consumer groups; reset or delete their offsets (kafka-consumer-groups)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "configs" -d 'Describe or change topic and broker configurations (kafka-configs)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "get-offsets" -d 'Print partition offsets by time: latest, earliest, max-timestamp or a timestamp (kafka-get-offsets)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "delete-records" -d 'Delete records below given offsets (kafka-delete-records)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "producer-perf-test" -d 'Measure producer throughput and latency (kafka-producer-perf-test)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "consumer-perf-test" -d 'Measure consumer throughput (kafka-consumer-perf-test)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "storage" -d 'Format log directories or show their state; print a new cluster id (kafka-storage)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "metadata-quorum" -d 'Describe the metadata quorum: leader, epoch, high watermark, voters (kafka-metadata-quorum)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "acls" -d 'Add, remove or list ACLs (kafka-acls)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "log-dirs" -d 'Query the log directories of brokers and the size of each partition (kafka-log-dirs)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "shell" -d 'An interactive shell for a cluster: topics, produce, consume, groups, configs'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "install-links" -d 'Create kafka-*.sh style links to this binary in a directory'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "generate-assets" -d 'Write completions/ and man/ under a directory (for maintainers)'
complete -c strom -n "__fish_strom_using_subcommand help; and not __fish_seen_subcommand_from server-start topics console-producer console-consumer consumer-groups configs get-offsets delete-records producer-perf-test consumer-perf-test storage metadata-quorum acls log-dirs shell install-links completions generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "random-uuid" -d 'Print a random UUID, for use as a cluster id'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "format" -d 'Format the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "info" -d 'Get information about the log directories named by the configuration'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from metadata-quorum" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from metadata-quorum" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c strom -n "__fish_strom_using_subcommand help; and __fish_seen_subcommand_from metadata-quorum" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster (refused: strom\'s quorum is one node)'
