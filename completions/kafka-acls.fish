complete -c kafka-acls -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API' -r
complete -c kafka-acls -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API. (A strom node is its own controller: used like --bootstrap-server.)' -r
complete -c kafka-acls -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kafka-acls -l topic -d 'topic to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all topics' -r
complete -c kafka-acls -l group -d 'Consumer Group to which the ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all groups' -r
complete -c kafka-acls -l transactional-id -d 'The transactionalId to which ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all transactionalIds' -r
complete -c kafka-acls -l delegation-token -d 'Delegation token to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all tokens' -r
complete -c kafka-acls -l user-principal -d 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal' -r
complete -c kafka-acls -l resource-pattern-type -d 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. \'literal\' or \'prefixed\'. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of \'any\' or \'match\', where \'any\' will match any pattern type, but will match the resource name exactly, where as \'match\' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: \'match\', when used in combination with the \'--remove\' switch, should be used with care. (default: LITERAL)' -r
complete -c kafka-acls -l allow-principal -d 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:\'*\' is the wild card indicating all users' -r
complete -c kafka-acls -l deny-principal -d 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. Note that principalType must be supported by the Authorizer being used. For example if you wanted to allow access to all users in the system but not test-user you can define an ACL that allows access to User:\'*\' and specify --deny-principal=User:test@EXAMPLE.COM. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES' -r
complete -c kafka-acls -l allow-host -d 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to \'*\' which allows access from all hosts' -r
complete -c kafka-acls -l deny-host -d 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to \'*\' which denies access from all hosts' -r
complete -c kafka-acls -l operation -d 'Operation that is being allowed or denied. Valid operation names are: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit (default: All)' -r
complete -c kafka-acls -l principal -d 'List ACLs for the specified principal. principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. Multiple --principal option can be passed' -r
complete -c kafka-acls -l output -d 'Output format: text (Kafka\'s), table (same as text), or json' -r -f -a "text\t'Kafka\'s output, byte for byte'
table\t'A table drawn for people'
json\t'One JSON document'"
complete -c kafka-acls -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t'Always colour, also into pipes and files'
never\t'Never colour'"
complete -c kafka-acls -l add -d 'Indicates you are trying to add ACLs'
complete -c kafka-acls -l remove -d 'Indicates you are trying to remove ACLs'
complete -c kafka-acls -l list -d 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
complete -c kafka-acls -l cluster -d 'Add/Remove cluster ACLs'
complete -c kafka-acls -l producer -d 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
complete -c kafka-acls -l consumer -d 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
complete -c kafka-acls -l idempotent -d 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
complete -c kafka-acls -l force -d 'Assume Yes to all queries and do not prompt'
complete -c kafka-acls -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-acls -s V -l version -d 'Print version'
