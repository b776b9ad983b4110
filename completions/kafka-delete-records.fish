complete -c kafka-delete-records -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c kafka-delete-records -l offset-json-file -d 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}' -r -F
complete -c kafka-delete-records -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-delete-records -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-delete-records -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-delete-records -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c kafka-delete-records -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-delete-records -s V -l version -d 'Print version'
