complete -c kafka-server-start -l override -d 'Optional property that overrides the value set in the file (repeatable)' -r
complete -c kafka-server-start -l ready-file -d 'Write the bound listener addresses as JSON to this file once requests are accepted' -r -F
complete -c kafka-server-start -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-server-start -l daemon -d 'Kafka\'s `-daemon` flag is not supported: use your service manager'
complete -c kafka-server-start -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-server-start -s V -l version -d 'Print version'
