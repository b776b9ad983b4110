complete -c kafka-topics -l bootstrap-server -d 'REQUIRED: The Kafka server to connect to' -r
complete -c kafka-topics -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-topics -l topic -d 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the \'\\\' prefix to escape regular expression symbols; e.g. "test\\.topic"' -r
complete -c kafka-topics -l topic-id -d 'The topic-id to describe' -r
complete -c kafka-topics -l partitions -d 'The number of partitions for the topic being created or altered. If not supplied for create, defaults to the cluster default' -r
complete -c kafka-topics -l replication-factor -d 'The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default' -r
complete -c kafka-topics -l config -d 'A topic configuration override for the topic being created (repeatable)' -r
complete -c kafka-topics -l delete-config -d 'Deprecated and ignored: use kafka-configs to remove topic configs' -r
complete -c kafka-topics -l replica-assignment -d 'A list of manual partition-to-broker assignments for the topic being created or altered: broker_id_for_part1_replica1:broker_id_for_part1_replica2, broker_id_for_part2_replica1:broker_id_for_part2_replica2, ...' -r
complete -c kafka-topics -l partition-size-limit-per-response -d 'The maximum partition size to be included in one DescribeTopicPartitions response (accepted for compatibility; we describe through Metadata)' -r
complete -c kafka-topics -l output -d 'Output format of --list and --describe: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-topics -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-topics -l create -d 'Create a new topic'
complete -c kafka-topics -l list -d 'List all available topics'
complete -c kafka-topics -l describe -d 'List details for the given topics'
complete -c kafka-topics -l alter -d 'Alter the number of partitions and replica assignment'
complete -c kafka-topics -l delete -d 'Delete a topic'
complete -c kafka-topics -l if-exists -d 'If set when altering or deleting or describing topics, the action will only execute if the topic exists'
complete -c kafka-topics -l if-not-exists -d 'If set when creating topics, the action will only execute if the topic does not already exist'
complete -c kafka-topics -l exclude-internal -d 'Exclude internal topics when running list or describe command. The internal topics will be listed by default'
complete -c kafka-topics -l under-replicated-partitions -d 'If set when describing topics, only show under replicated partitions'
complete -c kafka-topics -l under-min-isr-partitions -d 'If set when describing topics, only show partitions whose isr count is less than the configured minimum'
complete -c kafka-topics -l at-min-isr-partitions -d 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum'
complete -c kafka-topics -l unavailable-partitions -d 'If set when describing topics, only show partitions whose leader is not available'
complete -c kafka-topics -l topics-with-overrides -d 'If set when describing topics, only show topics that have overridden configs'
complete -c kafka-topics -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c kafka-topics -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-topics -s V -l version -d 'Print version'
