//! The catalog API as API consumers and CI use it, over the demo estate (a real broker
//! with consuming groups, the registry double with the demo schemas, the real server):
//! paged topic and group lists, one topic and one group in full, subject versions,
//! search, ETags, the OpenAPI document, and errors in one shape for every bad request.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::support::demo::DemoEstate;
use crate::support::eventually;
use crate::support::server::{config, TestServer};
use reqwest::StatusCode;
use serde_json::Value;

const SETTLED: Duration = Duration::from_secs(60);

async fn get(server: &TestServer, path: &str) -> (StatusCode, Value) {
    let response = server.http.get(server.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn strings(values: &Value, key: &str) -> Vec<String> {
    values.as_array().unwrap().iter().map(|value| value[key].as_str().unwrap().to_owned()).collect()
}

/// Every item of a paged list, following `next_cursor` page by page.
async fn every_page(server: &TestServer, path: &str, key: &str) -> (Vec<String>, usize) {
    let (mut names, mut pages, mut cursor) = (Vec::new(), 0, None::<String>);
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(cursor) => format!("{path}{separator}limit=2&cursor={cursor}"),
            None => format!("{path}{separator}limit=2"),
        };
        let (status, page) = get(server, &url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        assert!(page["items"].as_array().unwrap().len() <= 2);
        names.extend(strings(&page["items"], key));
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return (names, pages),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_groups_subjects_and_search_over_the_demo_estate() {
    let DemoEstate { server, traffic, registry: _registry, broker: _broker, store: _store } = DemoEstate::start().await;

    // One topic in full, once the groups have committed and the schemas are read.
    let orders = eventually("shop.orders with its readers and schemas", SETTLED, || async {
        let (_, topic) = get(&server, "/api/v1/clusters/local/topics/shop.orders").await;
        let readers = topic["readers"].as_array().map(Vec::len).unwrap_or(0);
        let schemas = topic["schemas"].as_array().map(Vec::len).unwrap_or(0);
        (readers == 2 && schemas == 2).then_some(topic)
    })
    .await;
    assert_eq!(orders["topic"]["partitions"].as_array().unwrap().len(), 6);
    let retention = orders["topic"]["configs"].as_array().unwrap().iter().find(|c| c["name"] == "retention.ms");
    assert_eq!(retention.unwrap()["value"], "604800000");
    let readers: BTreeSet<String> = strings(&orders["readers"], "group_id").into_iter().collect();
    assert_eq!(readers, BTreeSet::from(["payment-service".to_owned(), "shipping-service".to_owned()]));
    let subjects: BTreeSet<String> = strings(&orders["schemas"], "subject").into_iter().collect();
    assert!(subjects.contains("shop.orders-value") && subjects.contains("shop.orders-key"), "{subjects:?}");

    // Paged lists visit every item once, in order, however small the pages.
    let (all, _) = every_page(&server, "/api/v1/topics?cluster=local&internal=false", "name").await;
    let demo: Vec<&str> = vec!["shop.customers", "shop.orders", "shop.payments", "shop.shipments", "web.pageviews"];
    assert_eq!(all.iter().filter(|name| demo.contains(&name.as_str())).count(), demo.len(), "{all:?}");
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(all, sorted, "sorted and without repeats");
    let (shop, pages) = every_page(&server, "/api/v1/topics?q=SHOP", "name").await;
    assert_eq!(shop, ["shop.customers", "shop.orders", "shop.payments", "shop.shipments"]);
    assert_eq!(pages, 2);

    let (readers_of_payments, _) = every_page(&server, "/api/v1/groups?topic=shop.payments", "group_id").await;
    assert_eq!(readers_of_payments, ["shipping-service"]);
    let (_, group) = get(&server, "/api/v1/clusters/local/groups/shipping-service").await;
    assert_eq!(group["group"]["group_id"], "shipping-service");
    let committed: BTreeSet<&str> =
        group["group"]["offsets"].as_array().unwrap().iter().map(|o| o["topic"].as_str().unwrap()).collect();
    assert_eq!(committed, BTreeSet::from(["shop.orders", "shop.payments"]));

    let (subject_names, _) = every_page(&server, "/api/v1/subjects?registry=main&q=shop.orders", "subject").await;
    assert_eq!(subject_names, ["shop.orders-key", "shop.orders-value"]);
    let (status, latest) = get(&server, "/api/v1/registries/main/subjects/shop.orders-value/versions/latest").await;
    assert_eq!(status, StatusCode::OK);
    let fields = strings(&latest["parsed"]["fields"], "name");
    assert!(fields.contains(&"orderid".to_owned()), "{fields:?}");
    let (status, _) = get(&server, "/api/v1/registries/main/subjects/shop.orders-value/versions/99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Search: the exact topic first, with its lineage node and page; fields by path.
    let (_, found) = get(&server, "/api/v1/search?q=shop.orders").await;
    let first = &found["hits"][0];
    assert_eq!((first["kind"].as_str(), first["name"].as_str()), (Some("topic"), Some("shop.orders")), "{found}");
    assert_eq!(first["node"], "local/shop.orders");
    assert_eq!(first["href"], "/topic?cluster=local&name=shop.orders");
    let (_, fields) = get(&server, "/api/v1/search?q=orderid&kinds=field").await;
    let scopes = strings(&fields["hits"], "scope");
    assert!(scopes.contains(&"main/shop.orders-value".to_owned()), "{fields}");
    assert!(fields["hits"].as_array().unwrap().iter().all(|hit| hit["kind"] == "field"));
    let (_, tags) = get(&server, "/api/v1/search?q=pii&kinds=tag").await;
    let pii = &tags["hits"][0];
    assert_eq!((pii["name"].as_str(), pii["href"].as_str()), (Some("PII"), Some("/schemas?q=PII")), "{tags}");
    assert_eq!(pii["scope"], "1 subject", "only the customers' schema tags PII: {tags}");
    let (_, groups) = get(&server, "/api/v1/search?q=service&kinds=group").await;
    assert_eq!(strings(&groups["hits"], "name"), ["payment-service", "shipping-service"]);

    traffic.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_answers_are_not_sent_twice() {
    let DemoEstate { server, traffic, registry: _registry, broker: _broker, store: _store } = DemoEstate::start().await;
    let url = server.url("/api/v1/registries/main/subjects/shop.orders-value");
    let first = eventually("the orders subject", SETTLED, || async {
        let response = server.http.get(&url).send().await.ok()?;
        (response.status() == StatusCode::OK).then_some(response)
    })
    .await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = server.http.get(&url).header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.bytes().await.unwrap().is_empty());
    let stale = server.http.get(&url).header("if-none-match", "\"stale\"").send().await.unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
    traffic.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_request_gets_a_4xx_in_the_error_shape() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;
    let http = &server.http;
    // Bad bodies reach their parsing only from someone who may declare lineage.
    let edges = server.url("/api/v1/lineage/edges");
    let token = server.token("ada");
    let steward = || http.post(&edges).bearer_auth(&token);
    let oversized = format!("{{\"from\": \"{}\", \"to\": \"x\", \"kind\": \"writes\"}}", "a".repeat(3 << 20));
    let cases = [
        (http.get(server.url("/api/v1/no-such-thing")), StatusCode::NOT_FOUND, "not_found"),
        // A method the access table does not name is an admin's (closed by default):
        // nobody signed in is told to sign in before the router says it has no such method.
        (http.put(server.url("/api/v1/topics")), StatusCode::UNAUTHORIZED, "unauthorized"),
        (http.get(server.url("/api/v1/topics?cursor=zz")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/topics?limit=0")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/topics?limit=lots")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/topics?colour=red")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/topics?cluster=nowhere")), StatusCode::NOT_FOUND, "not_found"),
        (http.get(server.url("/api/v1/clusters/%FF%FE/topics/x")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/search")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/search?q=x&kinds=planet")), StatusCode::BAD_REQUEST, "bad_request"),
        (http.get(server.url("/api/v1/events?after=-1")), StatusCode::BAD_REQUEST, "bad_request"),
        (
            steward().header("content-type", "application/json").body("{\"from\": "),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (steward().body("from=a"), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        (
            steward().header("content-type", "application/json").body("{\"from\": 1}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
        (
            steward().header("content-type", "application/json").body(oversized),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
    ];
    for (request, status, code) in cases {
        let request = request.build().unwrap();
        let what = format!("{} {}", request.method(), request.url());
        let response = http.execute(request).await.unwrap();
        assert_eq!(response.status(), status, "{what}");
        let body: Value = response.json().await.unwrap_or_else(|error| panic!("{what}: not JSON: {error}"));
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty(), "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_every_resource() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;
    let (status, document) = get(&server, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/clusters",
        "/api/v1/topics",
        "/api/v1/clusters/{alias}/topics/{topic}",
        "/api/v1/groups",
        "/api/v1/subjects",
        "/api/v1/registries/{registry}/subjects/{subject}/versions/{version}",
        "/api/v1/search",
        "/api/v1/lineage",
        "/api/v1/lineage/impact",
        "/api/v1/lineage/readers",
        "/api/v1/lineage/edges",
        "/api/v1/events",
        "/api/v1/events/stream",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    // Every documented path answers (not the generic "no such API resource").
    for path in paths.keys().filter(|path| !path.contains('{')) {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        if response.status() == StatusCode::NOT_FOUND {
            let body: Value = response.json().await.unwrap();
            let message = body["error"]["message"].as_str().unwrap();
            assert!(!message.starts_with("no such API resource"), "{path} is documented but not served");
        }
    }
    let error = &document["components"]["schemas"]["ErrorBody"];
    assert!(error["properties"]["error"].is_object(), "{error}");
}
