
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-acls' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-acls'
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
        'kafka-acls' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API. (A strom node is its own controller: used like --bootstrap-server.)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds')
            [CompletionResult]::new('--delegation-token', '--delegation-token', [CompletionResultType]::ParameterName, 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens')
            [CompletionResult]::new('--user-principal', '--user-principal', [CompletionResultType]::ParameterName, 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal')
            [CompletionResult]::new('--resource-pattern-type', '--resource-pattern-type', [CompletionResultType]::ParameterName, 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care. (default: LITERAL)')
            [CompletionResult]::new('--allow-principal', '--allow-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users')
            [CompletionResult]::new('--deny-principal', '--deny-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. Note that principalType must be supported by the Authorizer being used. For example if you wanted to allow access to all users in the system but not test-user you can define an ACL that allows access to User:''*'' and specify --deny-principal=User:test@EXAMPLE.COM. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts')
            [CompletionResult]::new('--deny-host', '--deny-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts')
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Operation that is being allowed or denied. Valid operation names are: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit (default: All)')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'List ACLs for the specified principal. principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. Multiple --principal option can be passed')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text (Kafka''s), table (same as text), or json')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always or never.')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Indicates you are trying to add ACLs')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Indicates you are trying to remove ACLs')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Add/Remove cluster ACLs')
            [CompletionResult]::new('--producer', '--producer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Assume Yes to all queries and do not prompt')
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
