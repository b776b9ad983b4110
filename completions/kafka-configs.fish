complete -c kafka-configs -l bootstrap-server -d 'The Kafka servers to connect to (default: $STROM_BOOTSTRAP_SERVER)' -r
complete -c kafka-configs -l bootstrap-controller -d 'The Kafka controllers to connect to. A strom node answers admin requests on its listener, so this is used like --bootstrap-server' -r
complete -c kafka-configs -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-configs -l entity-type -d 'Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)' -r
complete -c kafka-configs -l entity-name -d 'Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)' -r
complete -c kafka-configs -l add-config -d 'Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: \'k1=v1,k2=[v1,v2,v2],k3=v3\'' -r
complete -c kafka-configs -l add-config-file -d 'Path to a properties file with configs to add. See add-config for a list of valid configurations' -r -F
complete -c kafka-configs -l delete-config -d 'Config keys to remove \'k1,k2\'' -r
complete -c kafka-configs -l topic -d 'The topic\'s name' -r
complete -c kafka-configs -l client -d 'The client\'s ID' -r
complete -c kafka-configs -l user -d 'The user\'s principal name' -r
complete -c kafka-configs -l broker -d 'The broker\'s ID' -r
complete -c kafka-configs -l broker-logger -d 'The broker\'s ID for its logger config' -r
complete -c kafka-configs -l ip -d 'The IP address' -r
complete -c kafka-configs -l group -d 'The group\'s ID' -r
complete -c kafka-configs -l client-metrics -d 'The client metrics config resource name' -r
complete -c kafka-configs -l output -d 'Output format: text (Kafka\'s), table, or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-configs -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-configs -l alter -d 'Alter the configuration for the entity'
complete -c kafka-configs -l describe -d 'List configs for the given entity'
complete -c kafka-configs -l all -d 'List all configs for the given entity, including static configs if available'
complete -c kafka-configs -l entity-default -d 'Default entity name for clients/users/brokers/ips (applies to corresponding entity type)'
complete -c kafka-configs -l force -d 'Suppress console prompts'
complete -c kafka-configs -l client-defaults -d 'The config defaults for all clients'
complete -c kafka-configs -l user-defaults -d 'The config defaults for all users'
complete -c kafka-configs -l broker-defaults -d 'The config defaults for all brokers'
complete -c kafka-configs -l ip-defaults -d 'The config defaults for all IPs'
complete -c kafka-configs -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-configs -s V -l version -d 'Print version'
