//! ACL administration (`Admin.describeAcls` / `createAcls` / `deleteAcls`): DescribeAcls,
//! CreateAcls and DeleteAcls with Kafka's enum codes. A top-level or per-entry error comes
//! back as [`Error::Kafka`] (SECURITY_DISABLED, 54, from a broker without an authorizer).

use kafka_protocol::messages::create_acls_request::AclCreation;
use kafka_protocol::messages::delete_acls_request::DeleteAclsFilter;
use kafka_protocol::messages::{CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest};
use kafka_protocol::protocol::StrBytes;

use crate::admin::Admin;
use crate::error::{Error, KafkaError, Result};

/// Kafka's `ResourcePattern` (or `ResourcePatternFilter`): type, name and pattern type codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourcePattern {
    /// `ResourceType` code: 1 ANY, 2 TOPIC, 3 GROUP, 4 CLUSTER, 5 TRANSACTIONAL_ID,
    /// 6 DELEGATION_TOKEN, 7 USER.
    pub resource_type: i8,
    /// `None` matches any name (filters only).
    pub name: Option<String>,
    /// `PatternType` code: 1 ANY, 2 MATCH, 3 LITERAL, 4 PREFIXED.
    pub pattern_type: i8,
}

/// Kafka's `AccessControlEntry` (or its filter).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccessControlEntry {
    /// `None` matches any principal (filters only).
    pub principal: Option<String>,
    /// `None` matches any host (filters only).
    pub host: Option<String>,
    /// `AclOperation` code: 1 ANY, 2 ALL, 3 READ, ... 14 DESCRIBE_TOKENS.
    pub operation: i8,
    /// `AclPermissionType` code: 1 ANY, 2 DENY, 3 ALLOW.
    pub permission_type: i8,
}

/// An ACL (`AclBinding`) or a filter over ACLs (`AclBindingFilter`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AclBinding {
    pub pattern: ResourcePattern,
    pub entry: AccessControlEntry,
}

fn opt(s: &Option<String>) -> Option<StrBytes> {
    s.clone().map(StrBytes::from_string)
}

fn text(s: &Option<String>) -> StrBytes {
    StrBytes::from_string(s.clone().unwrap_or_default())
}

fn check(code: i16, message: Option<&StrBytes>) -> Result<()> {
    match KafkaError::from_code(code, message.map(|m| m.as_str().to_string())) {
        Some(e) => Err(Error::Kafka(e)),
        None => Ok(()),
    }
}

impl Admin {
    /// The ACLs matching `filter`.
    pub async fn describe_acls(&self, filter: &AclBinding) -> Result<Vec<AclBinding>> {
        let req = DescribeAclsRequest::default()
            .with_resource_type_filter(filter.pattern.resource_type)
            .with_resource_name_filter(opt(&filter.pattern.name))
            .with_pattern_type_filter(filter.pattern.pattern_type)
            .with_principal_filter(opt(&filter.entry.principal))
            .with_host_filter(opt(&filter.entry.host))
            .with_operation(filter.entry.operation)
            .with_permission_type(filter.entry.permission_type);
        let resp = self.client.send_any(&req).await?;
        check(resp.error_code, resp.error_message.as_ref())?;
        let mut out = Vec::new();
        for r in &resp.resources {
            for a in &r.acls {
                out.push(AclBinding {
                    pattern: ResourcePattern {
                        resource_type: r.resource_type,
                        name: Some(r.resource_name.as_str().to_string()),
                        pattern_type: r.pattern_type,
                    },
                    entry: AccessControlEntry {
                        principal: Some(a.principal.as_str().to_string()),
                        host: Some(a.host.as_str().to_string()),
                        operation: a.operation,
                        permission_type: a.permission_type,
                    },
                });
            }
        }
        Ok(out)
    }

    /// Create ACLs; the first refused one is the error (Kafka's `CreateAclsResult.all()`).
    pub async fn create_acls(&self, acls: &[AclBinding]) -> Result<()> {
        let req = CreateAclsRequest::default().with_creations(
            acls.iter()
                .map(|a| {
                    AclCreation::default()
                        .with_resource_type(a.pattern.resource_type)
                        .with_resource_name(text(&a.pattern.name))
                        .with_resource_pattern_type(a.pattern.pattern_type)
                        .with_principal(text(&a.entry.principal))
                        .with_host(text(&a.entry.host))
                        .with_operation(a.entry.operation)
                        .with_permission_type(a.entry.permission_type)
                })
                .collect(),
        );
        let resp = self.client.send_any(&req).await?;
        for r in &resp.results {
            check(r.error_code, r.error_message.as_ref())?;
        }
        Ok(())
    }

    /// Delete the ACLs matching any of `filters`; returns the deleted ones. The first failed
    /// filter is the error (Kafka's `DeleteAclsResult.all()`).
    pub async fn delete_acls(&self, filters: &[AclBinding]) -> Result<Vec<AclBinding>> {
        let req = DeleteAclsRequest::default().with_filters(
            filters
                .iter()
                .map(|f| {
                    DeleteAclsFilter::default()
                        .with_resource_type_filter(f.pattern.resource_type)
                        .with_resource_name_filter(opt(&f.pattern.name))
                        .with_pattern_type_filter(f.pattern.pattern_type)
                        .with_principal_filter(opt(&f.entry.principal))
                        .with_host_filter(opt(&f.entry.host))
                        .with_operation(f.entry.operation)
                        .with_permission_type(f.entry.permission_type)
                })
                .collect(),
        );
        let resp = self.client.send_any(&req).await?;
        let mut out = Vec::new();
        for r in &resp.filter_results {
            check(r.error_code, r.error_message.as_ref())?;
            for m in &r.matching_acls {
                check(m.error_code, m.error_message.as_ref())?;
                out.push(AclBinding {
                    pattern: ResourcePattern {
                        resource_type: m.resource_type,
                        name: Some(m.resource_name.as_str().to_string()),
                        pattern_type: m.pattern_type,
                    },
                    entry: AccessControlEntry {
                        principal: Some(m.principal.as_str().to_string()),
                        host: Some(m.host.as_str().to_string()),
                        operation: m.operation,
                        permission_type: m.permission_type,
                    },
                });
            }
        }
        Ok(out)
    }
}
