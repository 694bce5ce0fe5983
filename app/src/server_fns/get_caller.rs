//! Server function: who the page is shown to, as the server's access check found them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Caller;

/// The caller of the current request (nobody signed in when the server found no one).
#[server(prefix = "/_sfn", endpoint = "caller")]
pub async fn get_caller() -> Result<Caller, AppError> {
    Ok(crate::stewardship::caller_from_context())
}
