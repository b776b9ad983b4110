complete -c kafka-configs -s h -l help -d 'Print help'
complete -c kafka-configs -s V -l version -d 'Print version'
