
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-storage' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-storage'
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
        'kafka-storage' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID, for use as a cluster id')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the log directories named by the configuration')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the log directories named by the configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-storage;random-uuid' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kafka-storage;format' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('--cluster-id', '--cluster-id', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'A SCRAM credential to create (not supported by strom yet)')
            [CompletionResult]::new('--add-scram', '--add-scram', [CompletionResultType]::ParameterName, 'A SCRAM credential to create (not supported by strom yet)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)')
            [CompletionResult]::new('--initial-controllers', '--initial-controllers', [CompletionResultType]::ParameterName, 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Ignore directories that are already formatted')
            [CompletionResult]::new('--ignore-formatted', '--ignore-formatted', [CompletionResultType]::ParameterName, 'Ignore directories that are already formatted')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Format this node as a standalone controller (nothing to do for strom''s single node)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'Format this node as a standalone controller (nothing to do for strom''s single node)')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Format without initial controllers (accepted, not needed)')
            [CompletionResult]::new('--no-initial-controllers', '--no-initial-controllers', [CompletionResultType]::ParameterName, 'Format without initial controllers (accepted, not needed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kafka-storage;info' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kafka-storage;help' {
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID, for use as a cluster id')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the log directories named by the configuration')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the log directories named by the configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-storage;help;random-uuid' {
            break
        }
        'kafka-storage;help;format' {
            break
        }
        'kafka-storage;help;info' {
            break
        }
        'kafka-storage;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
