complete -c kafka-consumer-perf-test -s h -l help -d 'Print help'
complete -c kafka-consumer-perf-test -s V -l version -d 'Print version'
