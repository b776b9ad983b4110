complete -c kafka-consumer-groups -l bootstrap-server -d 'REQUIRED: The server(s) to connect to' -r
complete -c kafka-consumer-groups -l group -d 'The consumer group we wish to act on (repeatable)' -r
complete -c kafka-consumer-groups -l topic -d 'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs' -r
complete -c kafka-consumer-groups -l timeout -d 'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes)' -r
complete -c kafka-consumer-groups -l command-config -d 'Property file containing configs to be passed to Admin Client and Consumer' -r -F
complete -c kafka-consumer-groups -l to-offset -d 'Reset offsets to a specific offset' -r
complete -c kafka-consumer-groups -l from-file -d 'Reset offsets to values defined in CSV file' -r -F
complete -c kafka-consumer-groups -l to-datetime -d 'Reset offsets to offset from datetime. Format: \'YYYY-MM-DDTHH:mm:SS.sss\'' -r
complete -c kafka-consumer-groups -l by-duration -d 'Reset offsets to offset by duration from current timestamp. Format: \'PnDTnHnMnS\'' -r
complete -c kafka-consumer-groups -l shift-by -d 'Reset offsets shifting current offset by \'n\', where \'n\' can be positive or negative' -r
complete -c kafka-consumer-groups -l state -d 'When specified with \'--describe\', includes the state of the group. Example: --bootstrap-server localhost:9092 --describe --group group1 --state. When specified with \'--list\', it displays the state of all groups. It can also be used to list groups with specific states. Example: --bootstrap-server localhost:9092 --list --state stable,empty. This option may be used with \'--describe\', \'--list\' and \'--bootstrap-server\' options only' -r
complete -c kafka-consumer-groups -l type -d 'When specified with \'--list\', it displays the types of all the groups. It can also be used to list groups with specific types. Example: --bootstrap-server localhost:9092 --list --type classic,consumer. This option may be used with the \'--list\' option only' -r
complete -c kafka-consumer-groups -l output -d 'Output format: text (Kafka\'s), table (the listings of --list, --describe, --reset-offsets and --delete-offsets), or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-consumer-groups -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-consumer-groups -l all-topics -d 'Consider all topics assigned to a group in the `reset-offsets` process'
complete -c kafka-consumer-groups -l list -d 'List all consumer groups'
complete -c kafka-consumer-groups -l describe -d 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group'
complete -c kafka-consumer-groups -l all-groups -d 'Apply to all consumer groups'
complete -c kafka-consumer-groups -l delete -d 'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2'
complete -c kafka-consumer-groups -l reset-offsets -d 'Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format. You must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset. To define the scope use --all-topics or --topic. One scope must be specified unless you use \'--from-file\''
complete -c kafka-consumer-groups -l delete-offsets -d 'Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics'
complete -c kafka-consumer-groups -l dry-run -d 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets'
complete -c kafka-consumer-groups -l execute -d 'Execute operation. Supported operations: reset-offsets'
complete -c kafka-consumer-groups -l export -d 'Export operation execution to a CSV file. Supported operations: reset-offsets'
complete -c kafka-consumer-groups -l to-earliest -d 'Reset offsets to earliest offset'
complete -c kafka-consumer-groups -l to-latest -d 'Reset offsets to latest offset'
complete -c kafka-consumer-groups -l to-current -d 'Reset offsets to current offset'
complete -c kafka-consumer-groups -l members -d 'Describe members of the group. This option may be used with \'--describe\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members'
complete -c kafka-consumer-groups -l verbose -d 'Provide additional information, if any, when describing the group. This option may be used with \'--offsets\'/\'--members\'/\'--state\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose'
complete -c kafka-consumer-groups -l offsets -d 'Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with \'--describe\' and \'--bootstrap-server\' options only. Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets'
complete -c kafka-consumer-groups -l yes -d 'Do not ask for confirmation before a destructive action. (A prompt only appears when stdin and stderr are terminals.)'
complete -c kafka-consumer-groups -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-consumer-groups -s V -l version -d 'Print version'
