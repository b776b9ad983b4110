
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-get-offsets' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-get-offsets'
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
        'kafka-get-offsets' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--topic-partitions', '--topic-partitions', [CompletionResultType]::ParameterName, 'Comma separated list of topic-partition patterns to get the offsets for, with the format of ''TOPIC_REGEX:PARTITIONS''. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after '':'' describes a ''partition'' pattern, which can be: a number, a range in the format of ''NUMBER-NUMBER'' (lower inclusive, upper exclusive), an inclusive lower bound in the format of ''NUMBER-'', an exclusive upper bound in the format of ''-NUMBER'' or may be omitted to accept all partitions')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--exclude-internal-topics', '--exclude-internal-topics', [CompletionResultType]::ParameterName, 'By default, internal topics are included. If specified, internal topics are excluded')
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
