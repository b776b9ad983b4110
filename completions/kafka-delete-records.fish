complete -c kafka-delete-records -s h -l help -d 'Print help'
complete -c kafka-delete-records -s V -l version -d 'Print version'
