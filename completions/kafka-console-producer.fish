complete -c kafka-console-producer -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2' -r
complete -c kafka-console-producer -l broker-list -d 'DEPRECATED, use --bootstrap-server instead' -r
complete -c kafka-console-producer -l topic -d 'REQUIRED: The topic name to produce messages to' -r
complete -c kafka-console-producer -l compression-codec -d 'The compression codec: either \'none\', \'gzip\', \'snappy\', \'lz4\', or \'zstd\'. If specified without value, then it defaults to \'gzip\'' -r
complete -c kafka-console-producer -l batch-size -d 'Number of messages to send in a single batch if they are not being sent synchronously (default: 16384)' -r
complete -c kafka-console-producer -l max-partition-memory-bytes -d 'The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached (default: 16384)' -r
complete -c kafka-console-producer -l message-send-max-retries -d 'Total number of retries the producer will attempt on a failed send (default: 3)' -r
complete -c kafka-console-producer -l retry-backoff-ms -d 'Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata (default: 100)' -r
complete -c kafka-console-producer -l timeout -d 'If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms (default: 1000)' -r
complete -c kafka-console-producer -l request-required-acks -d 'The required acks of the producer requests (default: -1)' -r
complete -c kafka-console-producer -l request-timeout-ms -d 'The ack timeout of the producer requests. Value must be non-negative and non-zero (default: 1500)' -r
complete -c kafka-console-producer -l metadata-expiry-ms -d 'The period of time in milliseconds after which we force a refresh of metadata even if we haven\'t seen any leadership changes (default: 300000)' -r
complete -c kafka-console-producer -l max-block-ms -d 'The max time that the producer will block for during a send request (default: 60000)' -r
complete -c kafka-console-producer -l max-memory-bytes -d 'The total memory used by the producer to buffer records waiting to be sent to the server (default: 33554432)' -r
complete -c kafka-console-producer -l socket-buffer-size -d 'The size of the tcp RECV size (default: 102400)' -r
complete -c kafka-console-producer -l line-reader -d 'The class name of the class to use for reading lines from standard in. Only Kafka\'s LineMessageReader behaviour is available' -r
complete -c kafka-console-producer -l property -d 'A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker' -r
complete -c kafka-console-producer -l reader-config -d 'Config properties file for the message reader. Note that --property takes precedence' -r -F
complete -c kafka-console-producer -l producer-property -d 'A mechanism to pass user-defined properties in the form key=value to the producer' -r
complete -c kafka-console-producer -l producer.config -d 'Producer config properties file. Note that --producer-property takes precedence' -r -F
complete -c kafka-console-producer -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-console-producer -l sync -d 'If set message send requests to the brokers are synchronously, one at a time as they arrive'
complete -c kafka-console-producer -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-console-producer -s V -l version -d 'Print version'
