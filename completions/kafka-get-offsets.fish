complete -c kafka-get-offsets -s h -l help -d 'Print help'
complete -c kafka-get-offsets -s V -l version -d 'Print version'
