
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-consumer-groups' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-consumer-groups'
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
        'kafka-consumer-groups' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group we wish to act on (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client and Consumer')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset offsets to a specific offset')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset offsets to values defined in CSV file')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss''')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS''')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'When specified with ''--describe'', includes the state of the group. Example: --bootstrap-server localhost:9092 --describe --group group1 --state. When specified with ''--list'', it displays the state of all groups. It can also be used to list groups with specific states. Example: --bootstrap-server localhost:9092 --list --state stable,empty. This option may be used with ''--describe'', ''--list'' and ''--bootstrap-server'' options only')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'When specified with ''--list'', it displays the types of all the groups. It can also be used to list groups with specific types. Example: --bootstrap-server localhost:9092 --list --type classic,consumer. This option may be used with the ''--list'' option only')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table (the listings of --list, --describe, --reset-offsets and --delete-offsets), or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Consider all topics assigned to a group in the `reset-offsets` process')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all consumer groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Apply to all consumer groups')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format. You must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset. To define the scope use --all-topics or --topic. One scope must be specified unless you use ''--from-file''')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Execute operation. Supported operations: reset-offsets')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Export operation execution to a CSV file. Supported operations: reset-offsets')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset offsets to earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset offsets to latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset offsets to current offset')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'Describe members of the group. This option may be used with ''--describe'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Provide additional information, if any, when describing the group. This option may be used with ''--offsets''/''--members''/''--state'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with ''--describe'' and ''--bootstrap-server'' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets')
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
