
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-topics' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-topics'
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
        'kafka-topics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The Kafka server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option. Put topic name in double quotes and use the ''\'' prefix to escape regular expression symbols; e.g. "test\.topic"')
            [CompletionResult]::new('--topic-id', '--topic-id', [CompletionResultType]::ParameterName, 'The topic-id to describe')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'The number of partitions for the topic being created or altered. If not supplied for create, defaults to the cluster default')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'The replication factor for each partition in the topic being created. If not supplied, defaults to the cluster default')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A topic configuration override for the topic being created (repeatable)')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Deprecated and ignored: use kafka-configs to remove topic configs')
            [CompletionResult]::new('--replica-assignment', '--replica-assignment', [CompletionResultType]::ParameterName, 'A list of manual partition-to-broker assignments for the topic being created or altered: broker_id_for_part1_replica1:broker_id_for_part1_replica2, broker_id_for_part2_replica1:broker_id_for_part2_replica2, ...')
            [CompletionResult]::new('--partition-size-limit-per-response', '--partition-size-limit-per-response', [CompletionResultType]::ParameterName, 'The maximum partition size to be included in one DescribeTopicPartitions response (accepted for compatibility; we describe through Metadata)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of --list and --describe: text (Kafka''s), table, or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new topic')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all available topics')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List details for the given topics')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the number of partitions and replica assignment')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete a topic')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'If set when altering or deleting or describing topics, the action will only execute if the topic exists')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'If set when creating topics, the action will only execute if the topic does not already exist')
            [CompletionResult]::new('--exclude-internal', '--exclude-internal', [CompletionResultType]::ParameterName, 'Exclude internal topics when running list or describe command. The internal topics will be listed by default')
            [CompletionResult]::new('--under-replicated-partitions', '--under-replicated-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show under replicated partitions')
            [CompletionResult]::new('--under-min-isr-partitions', '--under-min-isr-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose isr count is less than the configured minimum')
            [CompletionResult]::new('--at-min-isr-partitions', '--at-min-isr-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose isr count is equal to the configured minimum')
            [CompletionResult]::new('--unavailable-partitions', '--unavailable-partitions', [CompletionResultType]::ParameterName, 'If set when describing topics, only show partitions whose leader is not available')
            [CompletionResult]::new('--topics-with-overrides', '--topics-with-overrides', [CompletionResultType]::ParameterName, 'If set when describing topics, only show topics that have overridden configs')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)')
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
