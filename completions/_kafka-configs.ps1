
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-configs' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-configs'
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
        'kafka-configs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The Kafka servers to connect to (default: $STROM_BOOTSTRAP_SERVER)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The Kafka controllers to connect to. A strom node answers admin requests on its listener, so this is used like --bootstrap-server')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: ''k1=v1,k2=[v1,v2,v2],k3=v3''')
            [CompletionResult]::new('--add-config-file', '--add-config-file', [CompletionResultType]::ParameterName, 'Path to a properties file with configs to add. See add-config for a list of valid configurations')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Config keys to remove ''k1,k2''')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic''s name')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client''s ID')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s principal name')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'The broker''s ID')
            [CompletionResult]::new('--broker-logger', '--broker-logger', [CompletionResultType]::ParameterName, 'The broker''s ID for its logger config')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'The IP address')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group''s ID')
            [CompletionResult]::new('--client-metrics', '--client-metrics', [CompletionResultType]::ParameterName, 'The client metrics config resource name')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configuration for the entity')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List configs for the given entity')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List all configs for the given entity, including static configs if available')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'Default entity name for clients/users/brokers/ips (applies to corresponding entity type)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Suppress console prompts')
            [CompletionResult]::new('--client-defaults', '--client-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all clients')
            [CompletionResult]::new('--user-defaults', '--user-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all users')
            [CompletionResult]::new('--broker-defaults', '--broker-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all brokers')
            [CompletionResult]::new('--ip-defaults', '--ip-defaults', [CompletionResultType]::ParameterName, 'The config defaults for all IPs')
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
