//! Server function: a page of the audit log and the chain's verdict.

use leptos::prelude::*;

use crate::error::AppError;
use model::{AuditLogView, AuditQuery};

/// Entries matching `query`'s filters after `query.after`, and whether the stored chain
/// is the one Tributary wrote.
#[server(prefix = "/_sfn", endpoint = "audit")]
pub async fn get_audit(query: AuditQuery) -> Result<AuditLogView, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.audit(query).await
}
