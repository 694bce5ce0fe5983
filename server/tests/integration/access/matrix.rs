//! The expected table of the access test: every state-changing route (and the reads
//! only some roles may make), a request for each, and the roles that may, written out by
//! hand rather than taken from the product's own policy table.

use reqwest::Method;
use serde_json::{json, Value};

use super::Urlencoded;

/// Every state-changing route (and the reads only some roles may make), a request for
/// each, and the roles that may: viewer, steward, compliance officer, admin.
pub fn routes() -> Vec<(Method, &'static str, Body, [bool; 4])> {
    let steward = [false, true, false, true];
    let officer = [false, false, true, true];
    let tag = json!({"cluster": "nowhere", "topic": "t", "category": "PII", "tagged": true, "reason": "r"});
    let decision = json!({"source": "none", "subject": "s", "path": "p", "category": "PII",
        "decision": "dismiss", "reason": "r"});
    let edge = json!({"from": "group:nowhere/app", "to": "topic:nowhere/t", "edge": "writes"});
    let run = json!({"job": {"namespace": "n", "name": "j"}, "inputs": [], "outputs": []});
    let form =
        |fields: &[(&str, &str)]| Body::Form(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    vec![
        (Method::POST, "/api/v1/classification/topic-tags", Body::Json(tag), steward),
        (Method::POST, "/api/v1/classification/decisions", Body::Json(decision), steward),
        (
            Method::POST,
            "/api/v1/classification/masking",
            Body::Json(json!({"node": "group:nowhere/app", "masking": true, "reason": "r"})),
            steward,
        ),
        (Method::POST, "/api/v1/lineage/edges", Body::Json(edge), steward),
        (
            Method::DELETE,
            "/api/v1/lineage/edges?from=group:nowhere/app&to=topic:nowhere/t&edge=writes",
            Body::None,
            steward,
        ),
        (Method::POST, "/api/v1/lineage", Body::Json(run), steward),
        (
            Method::POST,
            "/_sfn/tag_topic",
            form(&[("cluster", "nowhere"), ("topic", "t"), ("category", "PII"), ("tagged", "true"), ("reason", "r")]),
            steward,
        ),
        (
            Method::POST,
            "/_sfn/mark_masking",
            form(&[("node", "group:nowhere/app"), ("masking", "true"), ("reason", "r")]),
            steward,
        ),
        (
            Method::POST,
            "/_sfn/decide_field",
            form(&[
                ("source", "none"),
                ("subject", "s"),
                ("path", "p"),
                ("category", "PII"),
                ("decision", "dismiss"),
                ("reason", "r"),
            ]),
            steward,
        ),
        (Method::GET, "/api/v1/reports?format=csv&section=violations", Body::None, officer),
        (Method::GET, "/api/v1/audit", Body::None, officer),
        (Method::GET, "/api/v1/audit/verify", Body::None, officer),
        (
            Method::POST,
            "/api/v1/accounts",
            Body::Json(json!({"name": "x", "role": "viewer", "password": "short"})),
            [false, false, false, true],
        ),
        (Method::GET, "/api/v1/accounts", Body::None, [false, false, false, true]),
        // The Access page's forms.
        (
            Method::POST,
            "/_sfn/add_account",
            form(&[("name", "x"), ("role", "viewer"), ("password", "short")]),
            [false, false, false, true],
        ),
        (Method::POST, "/_sfn/create_token", form(&[("label", "x")]), [true; 4]),
        (Method::POST, "/_sfn/revoke_token", form(&[("id", "nope")]), [true; 4]),
        (Method::POST, "/api/v1/tokens", Body::Json(json!({"label": "x", "scopes": ["nope"]})), [true; 4]),
        (Method::GET, "/api/v1/topics", Body::None, [true; 4]),
    ]
}

#[derive(Clone)]
pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
}

pub fn with_body(request: reqwest::RequestBuilder, body: &Body) -> reqwest::RequestBuilder {
    match body {
        Body::None => request,
        Body::Json(value) => request.json(value),
        Body::Form(fields) => request.urlencoded(fields),
    }
}
