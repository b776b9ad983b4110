# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_storage_global_optspecs
    string join \n color= h/help V/version
end

function __fish_kafka_storage_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_storage_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_storage_using_subcommand
    set -l cmd (__fish_kafka_storage_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -s V -l version -d 'Print version'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "random-uuid" -d 'Print a random UUID, for use as a cluster id'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "format" -d 'Format the log directories named by the configuration'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "info" -d 'Get information about the log directories named by the configuration'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand random-uuid" -s h -l help -d 'Print help'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s t -l cluster-id -d 'The cluster ID to use' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s r -l release-version -d 'The release version to use for the initial feature settings' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s f -l feature -d 'A feature upgrade to apply, as feature=level (repeatable; recorded by Kafka only)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s S -l add-scram -d 'A SCRAM credential to create (not supported by strom yet)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s I -l initial-controllers -d 'The initial controllers, as id@host:port:directory-id,... (accepted, not needed)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s g -l ignore-formatted -d 'Ignore directories that are already formatted'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s s -l standalone -d 'Format this node as a standalone controller (nothing to do for strom\'s single node)'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s N -l no-initial-controllers -d 'Format without initial controllers (accepted, not needed)'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s h -l help -d 'Print help'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand info" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand info" -s h -l help -d 'Print help'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "random-uuid" -d 'Print a random UUID, for use as a cluster id'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "format" -d 'Format the log directories named by the configuration'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "info" -d 'Get information about the log directories named by the configuration'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from random-uuid format info help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
