complete -c kafka-log-dirs -l bootstrap-server -d 'REQUIRED: the server(s) to use for bootstrapping' -r
complete -c kafka-log-dirs -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-log-dirs -l topic-list -d 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified' -r
complete -c kafka-log-dirs -l broker-list -d 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified' -r
complete -c kafka-log-dirs -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-log-dirs -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-log-dirs -l describe -d 'Describe the specified log directories on the specified brokers'
complete -c kafka-log-dirs -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-log-dirs -s V -l version -d 'Print version'
