
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-producer-perf-test' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-producer-perf-test'
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
        'kafka-producer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The Kafka broker(s) to connect to, HOST1:PORT1,HOST2:PORT2 (sets bootstrap.servers; KIP-1147)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Produce messages to this topic')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'Number of messages to produce')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'Message size in bytes. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'File to read the message payloads from. Payloads will be read from this file and a payload will be randomly selected when sending messages. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--payload-delimiter', '--payload-delimiter', [CompletionResultType]::ParameterName, 'Provides delimiter to be used when --payload-file is provided. Defaults to new line. Note that this parameter will be ignored if --payload-file is not provided')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'Throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. Set this to -1 to disable throttling')
            [CompletionResult]::new('--producer-props', '--producer-props', [CompletionResultType]::ParameterName, 'Kafka producer related configuration properties like bootstrap.servers,client.id etc. These configs take precedence over those passed via --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactional id to use. Transactions are not supported by strom yet: giving it is an error')
            [CompletionResult]::new('--transaction-duration-ms', '--transaction-duration-ms', [CompletionResultType]::ParameterName, 'The max age of each transaction. Transactions are not supported by strom yet: giving it is an error')
            [CompletionResult]::new('--warmup-records', '--warmup-records', [CompletionResultType]::ParameterName, 'The number of records to treat as warmup; these initial records will not be included in steady-state statistics. An additional summary line will be printed describing the steady-state statistics')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info (KIP-1147)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the final summary: text (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--payload-monotonic', '--payload-monotonic', [CompletionResultType]::ParameterName, 'Payload is a monotonically increasing integer. Note that you must provide exactly one of --record-size or --payload-file or --payload-monotonic')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print out metrics at the end of the test')
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
