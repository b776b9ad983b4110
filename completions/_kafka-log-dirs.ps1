
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-log-dirs' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-log-dirs'
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
        'kafka-log-dirs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic-list', '--topic-list', [CompletionResultType]::ParameterName, 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the specified log directories on the specified brokers')
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
