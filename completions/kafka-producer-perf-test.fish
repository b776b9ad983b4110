complete -c kafka-producer-perf-test -l bootstrap-server -d 'The Kafka broker(s) to connect to, HOST1:PORT1,HOST2:PORT2 (sets bootstrap.servers; KIP-1147)' -r
complete -c kafka-producer-perf-test -l topic -d 'Produce messages to this topic' -r
complete -c kafka-producer-perf-test -l num-records -d 'Number of messages to produce' -r
complete -c kafka-producer-perf-test -l record-size -d 'Message size in bytes. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic' -r
complete -c kafka-producer-perf-test -l payload-file -d 'File to read the message payloads from. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic' -r -F
complete -c kafka-producer-perf-test -l payload-delimiter -d 'Provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided' -r
complete -c kafka-producer-perf-test -l throughput -d 'Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling' -r
complete -c kafka-producer-perf-test -l producer-props -d 'Kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config' -r
complete -c kafka-producer-perf-test -l producer.config -d 'Producer config properties file' -r -F
complete -c kafka-producer-perf-test -l transactional-id -d 'The transactional id to use. Transactions are not supported by strom yet: giving it is an error' -r
complete -c kafka-producer-perf-test -l transaction-duration-ms -d 'The max age of each transaction. Transactions are not supported by strom yet: giving it is an error' -r
complete -c kafka-producer-perf-test -l warmup-records -d 'The number of records to treat as warmup; these initial records will not be included in steady-state statistics. An additional summary line will be printed describing the steady-state statistics' -r
complete -c kafka-producer-perf-test -l reporting-interval -d 'Interval in milliseconds at which to print progress info (KIP-1147)' -r
complete -c kafka-producer-perf-test -l output -d 'Output format of the final summary: text (Kafka\'s lines) or json (one document)' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-producer-perf-test -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-producer-perf-test -l payload-monotonic -d 'Payload is a monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic'
complete -c kafka-producer-perf-test -l print-metrics -d 'Print out metrics at the end of the test'
complete -c kafka-producer-perf-test -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-producer-perf-test -s V -l version -d 'Print version'
