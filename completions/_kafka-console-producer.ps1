
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-console-producer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-console-producer'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kafka-console-producer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: The topic name to produce messages to')
            [CompletionResult]::new('--compression-codec', '--compression-codec', [CompletionResultType]::ParameterName, 'The compression codec: either ''none'', ''gzip'', ''snappy'', ''lz4'', or ''zstd''. If specified without value, then it defaults to ''gzip''')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Number of messages to send in a single batch if they are not being sent synchronously (default: 16384)')
            [CompletionResult]::new('--max-partition-memory-bytes', '--max-partition-memory-bytes', [CompletionResultType]::ParameterName, 'The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached (default: 16384)')
            [CompletionResult]::new('--message-send-max-retries', '--message-send-max-retries', [CompletionResultType]::ParameterName, 'Total number of retries the producer will attempt on a failed send (default: 3)')
            [CompletionResult]::new('--retry-backoff-ms', '--retry-backoff-ms', [CompletionResultType]::ParameterName, 'Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata (default: 100)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms (default: 1000)')
            [CompletionResult]::new('--request-required-acks', '--request-required-acks', [CompletionResultType]::ParameterName, 'The required acks of the producer requests (default: -1)')
            [CompletionResult]::new('--request-timeout-ms', '--request-timeout-ms', [CompletionResultType]::ParameterName, 'The ack timeout of the producer requests. Value must be non-negative and non-zero (default: 1500)')
            [CompletionResult]::new('--metadata-expiry-ms', '--metadata-expiry-ms', [CompletionResultType]::ParameterName, 'The period of time in milliseconds after which we force a refresh of metadata even if we haven''t seen any leadership changes (default: 300000)')
            [CompletionResult]::new('--max-block-ms', '--max-block-ms', [CompletionResultType]::ParameterName, 'The max time that the producer will block for during a send request (default: 60000)')
            [CompletionResult]::new('--max-memory-bytes', '--max-memory-bytes', [CompletionResultType]::ParameterName, 'The total memory used by the producer to buffer records waiting to be sent to the server (default: 33554432)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The size of the tcp RECV size (default: 102400)')
            [CompletionResult]::new('--line-reader', '--line-reader', [CompletionResultType]::ParameterName, 'The class name of the class to use for reading lines from standard in. Only Kafka''s LineMessageReader behaviour is available')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the message reader: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, ignore.error, null.marker')
            [CompletionResult]::new('--reader-config', '--reader-config', [CompletionResultType]::ParameterName, 'Config properties file for the message reader. Note that --property takes precedence')
            [CompletionResult]::new('--producer-property', '--producer-property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the producer')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file. Note that --producer-property takes precedence')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'If set message send requests to the brokers are synchronously, one at a time as they arrive')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
