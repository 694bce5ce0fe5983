//! The OpenAPI 3 document of `/api/v1`, generated from the handlers' annotations so it
//! cannot drift from the code, served at `/api/v1/openapi.json` and, as an
//! [`ApiReference`], shown on the app's API page.

use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use utoipa::OpenApi;

use model::{ApiOperation, ApiParameter, ApiReference, ApiResponse, ApiSection};

use utoipa_axum::router::OpenApiRouter;

use super::{routes, API_PREFIX};
use crate::http::AppState;

/// The document's description and tags; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tributary API",
        description = "The catalog and lineage of your Kafka estate: clusters, topics, consumer groups, \
schema subjects, lineage and its history.\n\n\
Errors are always `{\"error\": {\"code\", \"message\"}}`. Lists are paged by cursor: pass a page's \
`next_cursor` as `cursor` for the next one. Successful GETs carry an `ETag`; send it back in \
`If-None-Match` to get `304 Not Modified` while nothing changed.\n\n\
Send an API token as `Authorization: Bearer <token>` (make one on the Tokens page or with \
`tributary token add`). Without one a request gets what callers who are not signed in may do: \
`401` for anything more (`403` when the token's scopes or its account's role do not allow it)."
    ),
    modifiers(&BearerToken),
    security(("bearer" = []), ()),
    tags(
        (name = "clusters", description = "Configured Kafka clusters, their state and ACLs"),
        (name = "topics", description = "Topics across clusters"),
        (name = "groups", description = "Consumer groups and the applications behind them"),
        (name = "schemas", description = "Schema registries and directories, subjects and versions"),
        (name = "search", description = "Finding anything by name"),
        (name = "lineage", description = "Upstream, downstream, impact, history; declared and OpenLineage edges"),
        (name = "classification", description = "Stewards' decisions on which fields hold personal data"),
        (name = "compliance", description = "Compliance profiles, the topics they cover and their violations"),
        (name = "audit", description = "The audit log of changes made through Tributary, its exports and its hash chain"),
        (name = "connect", description = "Kafka Connect clusters, their connectors and the topics they use"),
        (name = "events", description = "The change history and the live change feed"),
        (name = "access", description = "API tokens of the signed-in account; accounts, for admins"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the document's `security` names.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme =
            HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("An API token: `trb_…`")).build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Adds to every operation the answers the access check may give before its handler:
/// 401, 403 and 429, in the API's error shape.
fn add_refusals(openapi: &mut utoipa::openapi::OpenApi) {
    let refusals = [
        ("401", "Not signed in and no valid API token (or the token is expired or revoked)"),
        ("403", "The caller's role or token scopes do not allow this, or it came from another site's page"),
        ("429", "Too many sign-in attempts or changes; `Retry-After` says when to try again"),
    ];
    for item in openapi.paths.paths.values_mut() {
        let operations =
            [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch, &mut item.head];
        for operation in operations.into_iter().flatten() {
            for (status, description) in refusals {
                let response = utoipa::openapi::ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build();
                operation.responses.responses.entry(status.to_owned()).or_insert(response.into());
            }
        }
    }
}

/// The document, built once: the description and tags above, and every route's path,
/// method and schemas from [`routes`].
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(API_PREFIX, routes()).into_openapi();
        add_refusals(&mut document);
        document
    })
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(serve))
}

async fn serve() -> Response {
    Json(document()).into_response()
}

/// The document as the API page shows it.
pub fn reference() -> ApiReference {
    let document = serde_json::to_value(document()).unwrap_or_default();
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let mut sections: Vec<ApiSection> = document["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|tag| ApiSection {
            name: text(&tag["name"]),
            description: text(&tag["description"]),
            operations: Vec::new(),
        })
        .collect();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let tag = operation["tags"][0].as_str().unwrap_or_default();
            let Some(section) = sections.iter_mut().find(|section| section.name == tag) else { continue };
            section.operations.push(ApiOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(&operation["summary"]),
                description: text(&operation["description"]),
                parameters: operation["parameters"].as_array().into_iter().flatten().map(parameter).collect(),
                request_body: operation["requestBody"]["content"]
                    .as_object()
                    .and_then(|content| content.values().next())
                    .map(|content| type_label(&content["schema"])),
                responses: operation["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(status, response)| ApiResponse {
                        status: status.clone(),
                        description: text(&response["description"]),
                        body: response["content"]
                            .as_object()
                            .and_then(|content| content.values().next())
                            .map(|content| type_label(&content["schema"])),
                    })
                    .collect(),
            });
        }
    }
    ApiReference {
        title: text(&document["info"]["title"]),
        version: text(&document["info"]["version"]),
        description: text(&document["info"]["description"]),
        sections,
    }
}

fn parameter(parameter: &Value) -> ApiParameter {
    ApiParameter {
        name: parameter["name"].as_str().unwrap_or_default().to_owned(),
        location: parameter["in"].as_str().unwrap_or_default().to_owned(),
        required: parameter["required"].as_bool().unwrap_or(false),
        type_label: type_label(&parameter["schema"]),
        description: parameter["description"].as_str().unwrap_or_default().to_owned(),
    }
}

/// A schema in a few words: a type's name, or a primitive with its constraints.
fn type_label(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if schema["type"] == "array" {
        return format!("array of {}", type_label(&schema["items"]));
    }
    let primitive = match &schema["type"] {
        Value::String(name) => name.clone(),
        Value::Array(names) => {
            names.iter().filter_map(Value::as_str).filter(|name| *name != "null").collect::<Vec<_>>().join(" | ")
        }
        _ if schema["oneOf"].is_array() || schema["allOf"].is_array() => "object".to_owned(),
        _ => "any".to_owned(),
    };
    let mut constraints = Vec::new();
    if let (Some(min), Some(max)) = (schema["minimum"].as_i64(), schema["maximum"].as_i64()) {
        constraints.push(format!("{min}–{max}"));
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        constraints.push(format!("matching {pattern}"));
    }
    if constraints.is_empty() {
        primitive
    } else {
        format!("{primitive}, {}", constraints.join(", "))
    }
}
