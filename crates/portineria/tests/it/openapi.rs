//! The OpenAPI document: valid, complete, and no generated request makes
//! the server fail (5xx).

use crate::fixture::*;
use crate::harness::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::Value;

fn resolve<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    doc.pointer(r.strip_prefix('#')?)
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref"
                    && let Some(s) = x.as_str()
                {
                    out.push(s.to_owned());
                }
                collect_refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_valid_and_covers_the_pages_routes() {
    let (app, _) = app_with_fixture().await;
    let r = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/hubs",
        "/api/v1/hubs/{id}",
        "/api/v1/sites",
        "/api/v1/sites/{id}",
        "/api/v1/places",
        "/api/v1/places/{id}",
        "/api/v1/sites.geojson",
        "/api/v1/accounts",
        "/api/v1/auth/tokens",
        "/api/v1/me",
        "/api/v1/me/export",
        "/api/v1/me/tokens",
        "/api/v1/password-resets",
        "/api/v1/roles",
        "/api/v1/audit",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    let mut op_ids = std::collections::HashSet::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            assert!(["get", "post", "put", "delete", "patch"].contains(&method.as_str()), "{method}");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has responses");
            if let Some(id) = op["operationId"].as_str() {
                assert!(op_ids.insert(id.to_owned()), "duplicate operationId {id}");
            }
            // Every path parameter is declared.
            for seg in path.split('/').filter(|s| s.starts_with('{')) {
                let name = seg.trim_matches(|c| c == '{' || c == '}');
                let declared = op["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == name && p["in"] == "path"));
                assert!(declared, "{method} {path} declares {name}");
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(resolve(&doc, &r).is_some(), "{r} resolves");
    }
    // The map page loads this route; the pages' API is the documented one.
    let (_, map) = app.client().text("/map").await;
    assert!(map.contains("data-geojson=\"/api/v1/sites.geojson\""));
}

fn garbage() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        Just(Value::String("09:00".into())),
        Just(Value::String("25:99".into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::hash_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body shaped like the schema, with values that may be wrong.
fn body_for(doc: &Value, schema: &Value, runner: &mut TestRunner, depth: u32) -> Value {
    let schema = match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => resolve(doc, r).cloned().unwrap_or(Value::Null),
        None => schema.clone(),
    };
    fn random(runner: &mut TestRunner) -> Value {
        garbage().new_tree(runner).map(|t| t.current()).unwrap_or(Value::Null)
    }
    if depth > 3 {
        return random(runner);
    }
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        let mut m = serde_json::Map::new();
        for (k, s) in props {
            let coin = random(runner);
            if coin.is_null() {
                continue;
            }
            let v = if coin.as_bool() == Some(true) { random(runner) } else { body_for(doc, s, runner, depth + 1) };
            m.insert(k.clone(), v);
        }
        return Value::Object(m);
    }
    let ty = schema.get("type").and_then(|t| {
        t.as_str()
            .map(str::to_owned)
            .or_else(|| t.as_array().and_then(|a| a.first()).and_then(|x| x.as_str()).map(str::to_owned))
    });
    let r = random(runner);
    match ty.as_deref() {
        Some("integer") => Value::from(r.as_i64().unwrap_or(1) % 1000),
        Some("number") => Value::from(r.as_f64().unwrap_or(44.5)),
        Some("string") => Value::String(r.as_str().unwrap_or("x").to_owned()),
        Some("boolean") => Value::Bool(r.as_bool().unwrap_or(true)),
        Some("array") => {
            Value::Array(vec![body_for(doc, schema.get("items").unwrap_or(&Value::Null), runner, depth + 1)])
        }
        _ => r,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_never_make_the_server_fail() {
    let (app, f) = app_with_fixture().await;
    let doc: Value = app.client().get("/api/v1/openapi.json").await.json().await.unwrap();
    let admin = token_for(app.store.as_ref(), ADMIN).await;
    let mut runner =
        TestRunner::new(Config { rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..Config::default() });
    let ids = [f.hub_a, f.a1, f.place_a1, 0, -1, 999_999];
    let mut sent = 0;
    for round in 0..6 {
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let mut url = path.replace("{id}", &ids[round % ids.len()].to_string());
                let mut query = Vec::new();
                for p in op["parameters"].as_array().into_iter().flatten() {
                    if p["in"] == "query" {
                        let v = garbage().new_tree(&mut runner).unwrap().current();
                        let text = match v {
                            Value::String(s) => s,
                            Value::Null => continue,
                            other => other.to_string(),
                        };
                        query.push(format!(
                            "{}={}",
                            p["name"].as_str().unwrap(),
                            portineria_web::fmt::urlencode(&text)
                        ));
                    }
                }
                if !query.is_empty() {
                    url = format!("{url}?{}", query.join("&"));
                }
                let body = op
                    .pointer("/requestBody/content/application~1json/schema")
                    .map(|s| body_for(&doc, s, &mut runner, 0));
                // Never erase the admin who drives the test.
                if method == "delete" && path == "/api/v1/me" {
                    continue;
                }
                let token = if round % 2 == 0 { Some(admin.as_str()) } else { None };
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let (status, resp) = app.client().api(m, &url, token, body.clone()).await;
                sent += 1;
                assert!(status < 500, "{method} {url} with {body:?} → {status} {resp}");
                if status >= 400 {
                    assert!(
                        resp["error"]["code"].is_string(),
                        "{method} {url} → {status} without the error shape: {resp}"
                    );
                }
            }
        }
    }
    assert!(sent > 100, "{sent}");
}
