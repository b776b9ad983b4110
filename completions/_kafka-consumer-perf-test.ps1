
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-consumer-perf-test' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-consumer-perf-test'
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
        'kafka-consumer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: The topic to consume from')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group id to consume on (default: perf-consumer-<random>)')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The amount of data to fetch in a single request (default: 1048576)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The size of the tcp RECV size (default: 2097152)')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info (default: 5000)')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'REQUIRED: The number of messages to consume')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum allowed time in milliseconds between returned records (default: 10000)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'DEPRECATED and ignored')
            [CompletionResult]::new('--num-fetch-threads', '--num-fetch-threads', [CompletionResultType]::ParameterName, 'DEPRECATED and ignored')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--from-latest', '--from-latest', [CompletionResultType]::ParameterName, 'If the consumer does not already have an established offset to consume from, start with the latest message present in the log rather than the earliest message')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print out the metrics')
            [CompletionResult]::new('--show-detailed-stats', '--show-detailed-stats', [CompletionResultType]::ParameterName, 'If set, stats are reported for each reporting interval as configured by reporting-interval')
            [CompletionResult]::new('--hide-header', '--hide-header', [CompletionResultType]::ParameterName, 'If set, skips printing the header for the stats')
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
