complete -c kafka-server-start -l override -d 'Optional property that overrides the value set in the file (repeatable)' -r
complete -c kafka-server-start -l ready-file -d 'Write the bound listener addresses as JSON to this file once requests are accepted' -r -F
complete -c kafka-server-start -l daemon -d 'Kafka\'s `-daemon` flag is not supported: use your service manager'
complete -c kafka-server-start -s h -l help -d 'Print help'
complete -c kafka-server-start -s V -l version -d 'Print version'
