//! The lineage API over the demo estate: a real broker with groups that consume and
//! commit, the registry double with the demo schemas, the real server.

use std::time::Duration;

use crate::support::demo::DemoEstate;
use crate::support::eventually;
use crate::support::server::TestServer;
use serde_json::Value;

const SETTLED: Duration = Duration::from_secs(60);

async fn get(server: &TestServer, path: &str) -> (reqwest::StatusCode, Value) {
    let response = server.http.get(server.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(view: &Value) -> Vec<String> {
    view["nodes"].as_array().unwrap().iter().map(|node| node["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lineage_walks_and_schema_impact_over_the_demo_estate() {
    let DemoEstate { server, traffic, registry: _registry, broker, store: _store } = DemoEstate::start().await;

    let downstream = eventually("payment-service reading shop.orders in the lineage", SETTLED, || async {
        let (_, view) = get(&server, "/api/v1/lineage?node=local/shop.orders&direction=downstream&depth=2").await;
        ids(&view).contains(&"group:local/payment-service".to_owned()).then_some(view)
    })
    .await;
    let edge = downstream["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|edge| edge["to"] == "group:local/payment-service")
        .unwrap()
        .clone();
    assert_eq!(edge["kind"], "reads");
    assert!(edge["evidence"].as_array().unwrap().iter().any(|e| e == "committed_offsets"), "{edge}");
    assert!(edge["first_seen_ms"].as_i64().unwrap() <= edge["last_seen_ms"].as_i64().unwrap());

    let (_, upstream) =
        get(&server, "/api/v1/lineage?node=group:local/payment-service&direction=upstream&depth=1").await;
    assert!(ids(&upstream).contains(&"local/shop.orders".to_owned()), "{upstream}");

    let impact = eventually("the impact of the orders schema", SETTLED, || async {
        let (_, view) = get(&server, "/api/v1/lineage/impact?subject=subject:main/shop.orders-value").await;
        ids(&view).contains(&"group:local/payment-service".to_owned()).then_some(view)
    })
    .await;
    assert!(ids(&impact).contains(&"local/shop.orders".to_owned()));
    assert!(!ids(&impact).contains(&"group:local/clickstream-analytics".to_owned()), "page views are not affected");

    // Personal data: the customers' schema tags fields PII, so the topic carries it.
    let (_, customers) = get(&server, "/api/v1/lineage?node=local/shop.customers&depth=1").await;
    let centre =
        customers["nodes"].as_array().unwrap().iter().find(|node| node["id"] == "local/shop.customers").unwrap();
    assert!(centre["tags"].as_array().unwrap().iter().any(|tag| tag == "PII"), "{customers}");
    let (_, orders) = get(&server, "/api/v1/lineage?node=local/shop.orders&depth=1").await;
    let centre = orders["nodes"].as_array().unwrap().iter().find(|node| node["id"] == "local/shop.orders").unwrap();
    // No schema tags the orders, but name rules find personal data in them (an address):
    // marked as the Personal data page marks it, one meaning of red everywhere.
    assert_eq!(centre["tags"], serde_json::json!(["PII"]), "{orders}");
    // Classified with provenance: the customers' fields by their registration tags, the
    // orders' address by name rules, as suggestions.
    let (_, topic) = get(&server, "/api/v1/clusters/local/topics/shop.customers").await;
    let classified = topic["classified_fields"].as_array().unwrap();
    let userid = classified.iter().find(|field| field["path"] == "userid").expect("userid classified");
    assert_eq!(userid["categories"], serde_json::json!([{"category": "PII", "source": "schema_tag", "detail": "PII"}]));
    let (_, topic) = get(&server, "/api/v1/clusters/local/topics/shop.orders").await;
    let classified = topic["classified_fields"].as_array().unwrap();
    let zipcode = classified.iter().find(|field| field["path"] == "address.zipcode").expect("the zip code suggested");
    assert_eq!(
        zipcode["categories"],
        serde_json::json!([{"category": "PII", "source": "name_rule", "detail": "postal_address"}])
    );
    assert!(
        classified.iter().all(|field| field["path"] != "orderid"),
        "identifiers are not personal data: {classified:?}"
    );
    let (_, page) = server.page("/topic?cluster=local&name=shop.orders").await;
    assert!(page.contains("Likely carries personal data (suggested, not tagged)"), "the page says it is a suggestion");
    assert!(page.contains("PII, suggested by rule postal_address (name)"));

    // Field level: who reads the orders' `orderid`? Field → subject → topic → readers.
    let (_, from_field) = get(
        &server,
        "/api/v1/lineage?node=field:main/shop.orders-value%23orderid&direction=downstream&depth=3&edges=member_of,has_schema,reads",
    )
    .await;
    let reached = ids(&from_field);
    for expected in ["subject:main/shop.orders-value", "local/shop.orders", "group:local/payment-service"] {
        assert!(reached.contains(&expected.to_owned()), "{expected} not in {reached:?}");
    }
    assert!(!reached.contains(&"group:local/clickstream-analytics".to_owned()), "{reached:?}");

    for (path, status) in [
        ("/api/v1/lineage?node=local/nope", reqwest::StatusCode::NOT_FOUND),
        ("/api/v1/lineage?node=local/shop.orders&depth=1000", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=nonsense", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=local/shop.orders&evidence=rumour", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=local/shop.orders&colour=red", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage/impact?subject=local/shop.orders", reqwest::StatusCode::BAD_REQUEST),
    ] {
        let (got, body) = get(&server, path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert!(body["error"]["message"].is_string(), "{path}: {body}");
    }
    tokio::task::spawn_blocking(move || traffic.stop()).await.unwrap();

    // Who read shop.orders a moment ago, and before the estate existed.
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
    let (_, past) = get(&server, &format!("/api/v1/lineage/readers?node=local/shop.orders&at={now_ms}")).await;
    let readers: Vec<&str> = past["readers"].as_array().unwrap().iter().filter_map(|r| r["group"].as_str()).collect();
    assert!(readers.contains(&"payment-service"), "{past}");
    let (_, before) = get(&server, "/api/v1/lineage/readers?node=local/shop.orders&at=2020-01-01").await;
    // Before Tributary first read the cluster, who read it is unknown, which is not nobody.
    assert_eq!(before["readers"], serde_json::Value::Null, "{before}");
    assert!(before["unknown"].as_str().unwrap().starts_with("unknown before "), "{before}");
    assert!(before["history_begins_ms"].as_i64().unwrap() > 1_577_836_800_000, "{before}");
    let (status, _) = get(&server, "/api/v1/lineage/readers?node=local/shop.orders&at=last-march").await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);

    // Producers Kafka cannot reveal: declared by hand, and reported by OpenLineage.
    let steward = server.writer("ada <steward>");
    let declared = steward
        .post(server.url("/api/v1/lineage/edges"))
        .json(&serde_json::json!({"from": "group:local/checkout", "to": "local/shop.orders", "kind": "writes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), reqwest::StatusCode::CREATED);
    // Kafka allows `/` in a group id: such a group is addressed like any other.
    let slashed = steward
        .post(server.url("/api/v1/lineage/edges"))
        .json(&serde_json::json!({"from": "group:local/team/a/checkout", "to": "local/shop.orders", "kind": "writes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(slashed.status(), reqwest::StatusCode::CREATED);
    let around = server.get_json("/api/v1/lineage?node=group:local/team/a/checkout&depth=1").await;
    assert!(ids(&around).contains(&"local/shop.orders".to_owned()), "{around}");
    let run_event = serde_json::json!({
        "eventType": "COMPLETE", "eventTime": "2026-11-26T12:00:00Z",
        "run": {"runId": "0195c4d2-0000-7000-8000-000000000001"},
        "job": {"namespace": "airflow", "name": "daily_revenue"},
        "inputs": [{"namespace": format!("kafka://{}", broker.bootstrap_servers()), "name": "shop.payments"},
                   {"namespace": "postgres://warehouse:5432", "name": "public.fx_rates"}],
        "outputs": [{"namespace": format!("kafka://{}", broker.bootstrap_servers()), "name": "shop.orders"}],
        "producer": "https://github.com/apache/airflow", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json"
    });
    let response = steward.post(server.url("/api/v1/lineage")).json(&run_event).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let outcome: Value = response.json().await.unwrap();
    assert_eq!(outcome["edges"].as_array().unwrap().len(), 2, "{outcome}");
    assert_eq!(outcome["skipped"].as_array().unwrap().len(), 1, "the Postgres table is not Kafka");
    assert_eq!(outcome["unknown_topics"], serde_json::json!([]), "both topics exist: {outcome}");

    // An event past the bound on datasets is refused whole; one at the bound, naming
    // topics nobody created, is kept in one transaction and its topics marked unknown.
    let kafka = format!("kafka://{}", broker.bootstrap_servers());
    let datasets = |count: usize| -> Vec<Value> {
        (0..count).map(|i| serde_json::json!({"namespace": kafka, "name": format!("ghost.topic{i}")})).collect()
    };
    let event = |count: usize| serde_json::json!({"job": {"namespace": "spark", "name": "fan_out"}, "outputs": datasets(count)});
    let too_many = steward.post(server.url("/api/v1/lineage")).json(&event(5_000)).send().await.unwrap();
    assert_eq!(too_many.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let refusal: Value = too_many.json().await.unwrap();
    assert!(refusal["error"]["message"].as_str().unwrap().contains("at most 1000"), "{refusal}");
    assert_eq!(get(&server, "/api/v1/lineage?node=job:spark/fan_out").await.0, reqwest::StatusCode::NOT_FOUND);
    let started = std::time::Instant::now();
    let at_bound = steward.post(server.url("/api/v1/lineage")).json(&event(1_000)).send().await.unwrap();
    let took = started.elapsed();
    assert_eq!(at_bound.status(), reqwest::StatusCode::CREATED);
    let outcome: Value = at_bound.json().await.unwrap();
    assert_eq!(outcome["unknown_topics"].as_array().unwrap().len(), 1_000, "none of the ghosts exists");
    println!("an OpenLineage event of 1,000 output datasets took {} ms", took.as_millis());
    let fan_out = server.get_json("/api/v1/lineage?node=job:spark/fan_out&depth=1").await;
    let ghost = fan_out["nodes"].as_array().unwrap().iter().find(|node| node["id"] == "local/ghost.topic1").unwrap();
    assert_eq!(ghost["unknown"], true, "{ghost}");
    let (_, picture) = server.page("/lineage?node=job:spark/fan_out&depth=1").await;
    assert!(picture.contains(r#"data-node="local/ghost.topic1" data-kind="topic" data-unknown="true""#));
    let bad = steward
        .post(server.url("/api/v1/lineage/edges"))
        .json(&serde_json::json!({"from": "local/shop.orders", "to": "local/shop.payments", "kind": "writes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST, "a topic does not write a topic");

    const UPSTREAM_OF_ORDERS: &str = "/api/v1/lineage?node=local/shop.orders&direction=upstream&depth=2";
    let upstream = server.get_json(UPSTREAM_OF_ORDERS).await;
    for expected in ["group:local/checkout", "job:airflow/daily_revenue", "local/shop.payments"] {
        assert!(ids(&upstream).contains(&expected.to_owned()), "{expected} upstream of shop.orders: {upstream}");
    }
    // A steward dismisses one suggestion and confirms another, each with a reason.
    let decide = |body: serde_json::Value| {
        let http = steward.clone();
        let url = server.url("/api/v1/classification/decisions");
        async move {
            let response = http.post(url).json(&body).send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap_or_default())
        }
    };
    let decision = |path: &str, verdict: &str, reason: &str| {
        serde_json::json!({"source": "main", "subject": "shop.orders-value", "path": path, "category": "PII",
            "decision": verdict, "reason": reason, "by": "ada <steward>"})
    };
    let (status, recorded) = decide(decision("address.city", "dismiss", "a city alone names no one")).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{recorded}");
    assert_eq!(recorded["decision"], "dismiss");
    let (status, _) =
        decide(decision("address.zipcode", "confirm", "postal codes with a street name a household")).await;
    assert_eq!(status, reqwest::StatusCode::CREATED);
    // Bad requests say what is wrong and record nothing.
    for (body, expected) in [
        (decision("address.nowhere", "dismiss", "x"), reqwest::StatusCode::NOT_FOUND),
        (decision("address.city", "ignore", "x"), reqwest::StatusCode::BAD_REQUEST),
        (decision("address.city", "dismiss", "   "), reqwest::StatusCode::BAD_REQUEST),
    ] {
        let (status, answer) = decide(body).await;
        assert_eq!(status, expected, "{answer}");
        assert!(answer["error"]["message"].as_str().is_some_and(|message| !message.is_empty()), "{answer}");
    }
    let topic = server.get_json("/api/v1/clusters/local/topics/shop.orders").await;
    let field = |path: &str| topic["classified_fields"].as_array().unwrap().iter().find(|f| f["path"] == path).cloned();
    let city = field("address.city").expect("a dismissed suggestion stays visible as dismissed");
    assert_eq!(city["categories"], serde_json::json!([]));
    assert_eq!(city["dismissed"][0]["decided"]["reason"], "a city alone names no one");
    assert_eq!(field("address.zipcode").unwrap()["categories"][0]["source"], "steward");
    let history = server.get_json("/api/v1/classification/decisions?source=main").await;
    assert_eq!(history.as_array().unwrap().len(), 2, "{history}");
    let events = server.get_json("/api/v1/events?cluster=main").await;
    assert!(events.to_string().contains("field_decided"), "the decision is in the history: {events}");
    let (_, page) = server.page("/topic?cluster=local&name=shop.orders").await;
    assert!(page.contains("ada &lt;steward&gt;"), "who decided is shown, as text");
    // The page's form, as a browser without JavaScript sends it (signed in, with the
    // session's CSRF token): recorded, then back to the page.
    assert!(page.contains("data-testid=\"decision-form\""), "a suggestion can be decided on the page");
    let form = [
        ("source", "main"),
        ("subject", "shop.orders-value"),
        ("path", "address.state"),
        ("category", "PII"),
        ("decision", "dismiss"),
        ("reason", "the state alone names no one"),
    ];
    let (cookie, csrf) = server.session("ada <steward>").await;
    let form: Vec<(&str, &str)> = form.into_iter().chain([("csrf", csrf.as_str())]).collect();
    let page_url = server.url("/topic?cluster=local&name=shop.orders");
    let posted = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(server.url("/_sfn/decide_field"))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::COOKIE, &cookie)
        .header(reqwest::header::REFERER, &page_url)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(
            form.iter()
                .map(|(key, value)| format!("{key}={}", model::links::encode(value)))
                .collect::<Vec<_>>()
                .join("&"),
        )
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_redirection(), "{:?}", posted.status());
    assert_eq!(posted.headers()[reqwest::header::LOCATION], page_url.as_str());
    let history = server.get_json("/api/v1/classification/decisions?source=main").await;
    assert!(history.to_string().contains("the state alone names no one"), "{history}");

    let config = server.config.clone();
    server.stop().await.unwrap();

    // Declared lineage is stored: a restarted server still knows it.
    let server = TestServer::start(config).await;
    let upstream = server.get_json(UPSTREAM_OF_ORDERS).await;
    assert!(ids(&upstream).contains(&"group:local/checkout".to_owned()), "after a restart: {upstream}");
    // And so are the stewards' decisions, applied again once the registry is read.
    let history = server.get_json("/api/v1/classification/decisions?source=main&subject=shop.orders-value").await;
    assert_eq!(history.as_array().unwrap().len(), 3, "after a restart: {history}");
    eventually("the dismissal applied after a restart", SETTLED, || async {
        let topic = server.get_json("/api/v1/clusters/local/topics/shop.orders").await;
        let fields = topic["classified_fields"].as_array()?.clone();
        let city = fields.into_iter().find(|field| field["path"] == "address.city")?;
        (city["dismissed"][0]["source"] == "steward").then_some(())
    })
    .await;
    let delete = |server: &TestServer| {
        // The token outlives the restart: it is in the store.
        let http = steward.clone();
        let url = server.url("/api/v1/lineage/edges?from=group:local/checkout&to=local/shop.orders&kind=writes");
        async move { http.delete(url).send().await.unwrap().status() }
    };
    assert_eq!(delete(&server).await, reqwest::StatusCode::NO_CONTENT);
    assert_eq!(delete(&server).await, reqwest::StatusCode::NOT_FOUND);
    assert!(!ids(&server.get_json(UPSTREAM_OF_ORDERS).await).contains(&"group:local/checkout".to_owned()));
    server.stop().await.unwrap();
}
