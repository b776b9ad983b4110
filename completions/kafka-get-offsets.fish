complete -c kafka-get-offsets -l bootstrap-server -d 'REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2' -r
complete -c kafka-get-offsets -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c kafka-get-offsets -l topic-partitions -d 'Comma separated list of topic-partition patterns to get the offsets for, with the format of \'TOPIC_REGEX:PARTITIONS\'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after \':\' describes a \'partition\' pattern, which can be: a number, a range in the format of \'NUMBER-NUMBER\' (lower inclusive, upper exclusive), an inclusive lower bound in the format of \'NUMBER-\', an exclusive upper bound in the format of \'-NUMBER\' or may be omitted to accept all partitions' -r
complete -c kafka-get-offsets -l topic -d 'The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present' -r
complete -c kafka-get-offsets -l partitions -d 'Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present' -r
complete -c kafka-get-offsets -l time -d 'Timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]' -r
complete -c kafka-get-offsets -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-get-offsets -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-get-offsets -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-get-offsets -l exclude-internal-topics -d 'By default, internal topics are included. If specified, internal topics are excluded'
complete -c kafka-get-offsets -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-get-offsets -s V -l version -d 'Print version'
