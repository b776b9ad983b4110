complete -c kafka-console-consumer -l bootstrap-server -d 'REQUIRED: The server(s) to connect to' -r
complete -c kafka-console-consumer -l topic -d 'The topic to consume on' -r
complete -c kafka-console-consumer -l include -d 'Regular expression specifying list of topics to include for consumption' -r
complete -c kafka-console-consumer -l whitelist -d 'DEPRECATED, use --include instead' -r
complete -c kafka-console-consumer -l partition -d 'The partition to consume from. Consumption starts from the end of the partition unless \'--offset\' is specified' -r
complete -c kafka-console-consumer -l offset -d 'The offset to consume from (a non-negative number), or \'earliest\' which means from beginning, or \'latest\' which means from end (default: latest)' -r
complete -c kafka-console-consumer -l max-messages -d 'The maximum number of messages to consume before exiting. If not set, consumption is continual' -r
complete -c kafka-console-consumer -l timeout-ms -d 'If specified, exit if no message is available for consumption for the specified interval' -r
complete -c kafka-console-consumer -l group -d 'The consumer group id of the consumer' -r
complete -c kafka-console-consumer -l property -d 'The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal' -r
complete -c kafka-console-consumer -l formatter -d 'The name of a class to use for formatting kafka messages for display (only the DefaultMessageFormatter behaviour is available)' -r
complete -c kafka-console-consumer -l formatter-config -d 'Config properties file to initialize the message formatter. Note that --property takes precedence over this config' -r -F
complete -c kafka-console-consumer -l consumer-property -d 'A mechanism to pass user-defined properties in the form key=value to the consumer' -r
complete -c kafka-console-consumer -l consumer.config -d 'Consumer config properties file. Note that --consumer-property takes precedence over this config' -r -F
complete -c kafka-console-consumer -l isolation-level -d 'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages (default: read_uncommitted)' -r
complete -c kafka-console-consumer -l key-deserializer -d 'Accepted for compatibility; records are printed as raw bytes' -r
complete -c kafka-console-consumer -l value-deserializer -d 'Accepted for compatibility; records are printed as raw bytes' -r
complete -c kafka-console-consumer -l output -d 'Output format: text (Kafka\'s formatter and --property settings) or json (JSON Lines, one object per record)' -r -f -a "text\t'Kafka\'s DefaultMessageFormatter'
json\t'One JSON object per record, one per line'"
complete -c kafka-console-consumer -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-console-consumer -l from-beginning -d 'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message'
complete -c kafka-console-consumer -l skip-message-on-error -d 'If there is an error when processing a message, skip it instead of halt'
complete -c kafka-console-consumer -l enable-systest-events -d 'Log lifecycle events of the consumer in addition to logging consumed messages (accepted)'
complete -c kafka-console-consumer -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-console-consumer -s V -l version -d 'Print version'
