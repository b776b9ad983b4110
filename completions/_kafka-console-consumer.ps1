
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-console-consumer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-console-consumer'
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
        'kafka-console-consumer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume on')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Regular expression specifying list of topics to include for consumption')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'DEPRECATED, use --include instead')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'The partition to consume from. Consumption starts from the end of the partition unless ''--offset'' is specified')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'The offset to consume from (a non-negative number), or ''earliest'' which means from beginning, or ''latest'' which means from end (default: latest)')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'The maximum number of messages to consume before exiting. If not set, consumption is continual')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'If specified, exit if no message is available for consumption for the specified interval')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group id of the consumer')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'The properties to initialize the message formatter: print.timestamp, print.key, print.offset, print.partition, print.headers, print.value, key.separator, line.separator, headers.separator, null.literal')
            [CompletionResult]::new('--formatter', '--formatter', [CompletionResultType]::ParameterName, 'The name of a class to use for formatting kafka messages for display (only the DefaultMessageFormatter behaviour is available)')
            [CompletionResult]::new('--formatter-config', '--formatter-config', [CompletionResultType]::ParameterName, 'Config properties file to initialize the message formatter. Note that --property takes precedence over this config')
            [CompletionResult]::new('--consumer-property', '--consumer-property', [CompletionResultType]::ParameterName, 'A mechanism to pass user-defined properties in the form key=value to the consumer')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file. Note that --consumer-property takes precedence over this config')
            [CompletionResult]::new('--isolation-level', '--isolation-level', [CompletionResultType]::ParameterName, 'Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages (default: read_uncommitted)')
            [CompletionResult]::new('--key-deserializer', '--key-deserializer', [CompletionResultType]::ParameterName, 'Accepted for compatibility; records are printed as raw bytes')
            [CompletionResult]::new('--value-deserializer', '--value-deserializer', [CompletionResultType]::ParameterName, 'Accepted for compatibility; records are printed as raw bytes')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s formatter and --property settings) or json (JSON Lines, one object per record)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message')
            [CompletionResult]::new('--skip-message-on-error', '--skip-message-on-error', [CompletionResultType]::ParameterName, 'If there is an error when processing a message, skip it instead of halt')
            [CompletionResult]::new('--enable-systest-events', '--enable-systest-events', [CompletionResultType]::ParameterName, 'Log lifecycle events of the consumer in addition to logging consumed messages (accepted)')
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
