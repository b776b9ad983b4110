complete -c kafka-consumer-perf-test -l bootstrap-server -d 'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to' -r
complete -c kafka-consumer-perf-test -l broker-list -d 'DEPRECATED, use --bootstrap-server instead' -r
complete -c kafka-consumer-perf-test -l topic -d 'REQUIRED: The topic to consume from' -r
complete -c kafka-consumer-perf-test -l group -d 'The group id to consume on (default: perf-consumer-<random>)' -r
complete -c kafka-consumer-perf-test -l fetch-size -d 'The amount of data to fetch in a single request (default: 1048576)' -r
complete -c kafka-consumer-perf-test -l socket-buffer-size -d 'The size of the tcp RECV size (default: 2097152)' -r
complete -c kafka-consumer-perf-test -l consumer.config -d 'Consumer config properties file' -r -F
complete -c kafka-consumer-perf-test -l reporting-interval -d 'Interval in milliseconds at which to print progress info (default: 5000)' -r
complete -c kafka-consumer-perf-test -l date-format -d 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options' -r
complete -c kafka-consumer-perf-test -l messages -d 'REQUIRED: The number of messages to consume' -r
complete -c kafka-consumer-perf-test -l timeout -d 'The maximum allowed time in milliseconds between returned records (default: 10000)' -r
complete -c kafka-consumer-perf-test -l threads -d 'DEPRECATED and ignored' -r
complete -c kafka-consumer-perf-test -l num-fetch-threads -d 'DEPRECATED and ignored' -r
complete -c kafka-consumer-perf-test -l output -d 'Output format: text (Kafka\'s lines) or json (one document)' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-consumer-perf-test -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-consumer-perf-test -l from-latest -d 'If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message'
complete -c kafka-consumer-perf-test -l print-metrics -d 'Print out the metrics'
complete -c kafka-consumer-perf-test -l show-detailed-stats -d 'If set, stats are reported for each reporting interval as configured by reporting-interval'
complete -c kafka-consumer-perf-test -l hide-header -d 'If set, skips printing the header for the stats'
complete -c kafka-consumer-perf-test -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-consumer-perf-test -s V -l version -d 'Print version'
