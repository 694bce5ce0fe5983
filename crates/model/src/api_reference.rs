//! The HTTP API's reference as the API page shows it: operations grouped by tag, with
//! their parameters, request bodies and responses. The server derives it from the
//! OpenAPI document it serves, so the page and `/api/v1/openapi.json` always agree.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub version: String,
    /// Markdown-free prose: paragraphs separated by blank lines.
    pub description: String,
    pub sections: Vec<ApiSection>,
}

/// One tag of the document: a resource family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiSection {
    pub name: String,
    pub description: String,
    pub operations: Vec<ApiOperation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// `GET`, `POST`, `DELETE`.
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<ApiParameter>,
    /// The request body's type name, if the operation takes one.
    pub request_body: Option<String>,
    pub responses: Vec<ApiResponse>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiParameter {
    pub name: String,
    /// `path` or `query`.
    pub location: String,
    pub required: bool,
    /// `string`, `integer`, `boolean`, with the pattern or bounds where there are any.
    pub type_label: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: String,
    pub description: String,
    /// The body's type name, if any.
    pub body: Option<String>,
}

impl ApiOperation {
    /// The anchor of the operation on the API page: `get-api-v1-topics`.
    pub fn anchor(&self) -> String {
        let path: String = self.path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        format!("{}{}", self.method.to_lowercase(), path.trim_end_matches('-'))
    }
}
