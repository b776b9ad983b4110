# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_metadata_quorum_global_optspecs
    string join \n bootstrap-server= bootstrap-controller= command-config= output= color= h/help V/version
end

function __fish_kafka_metadata_quorum_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_metadata_quorum_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_metadata_quorum_using_subcommand
    set -l cmd (__fish_kafka_metadata_quorum_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -s V -l version -d 'Print version'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l status -d 'A short summary of the quorum status and the other provides detailed information about the status of replication'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l replication -d 'Detailed information about the status of replication'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l human-readable -d 'Human-readable output'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l dry-run -d 'True if we should print what would be done, but not do it'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s i -l controller-id -d 'The id of the controller to remove' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s d -l controller-directory-id -d 'The directory ID of the controller to remove' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers. A strom node is its own controller and answers on its listeners, so this is used like --bootstrap-server' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l dry-run -d 'True if we should print what would be done, but not do it'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster (refused: strom\'s quorum is one node)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
