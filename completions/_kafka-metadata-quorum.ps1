
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-metadata-quorum' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-metadata-quorum'
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
        'kafka-metadata-quorum' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-metadata-quorum;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'A short summary of the quorum status and the other provides detailed information about the status of replication')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Detailed information about the status of replication')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Human-readable output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;add-controller' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'True if we should print what would be done, but not do it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;remove-controller' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The id of the controller to remove')
            [CompletionResult]::new('--controller-id', '--controller-id', [CompletionResultType]::ParameterName, 'The id of the controller to remove')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The directory ID of the controller to remove')
            [CompletionResult]::new('--controller-directory-id', '--controller-directory-id', [CompletionResultType]::ParameterName, 'The directory ID of the controller to remove')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'True if we should print what would be done, but not do it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster (refused: strom''s quorum is one node)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-metadata-quorum;help;describe' {
            break
        }
        'kafka-metadata-quorum;help;add-controller' {
            break
        }
        'kafka-metadata-quorum;help;remove-controller' {
            break
        }
        'kafka-metadata-quorum;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
