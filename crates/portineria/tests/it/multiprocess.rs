//! Several `portineria serve` processes on one PostgreSQL database.

use crate::harness::*;
use reqwest::Method;
use serde_json::json;

/// Polls for up to two seconds: another server sees a change within
/// `REVALIDATE_AFTER` (one second), and at once when PostgreSQL notifies it.
async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..40 {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_see_each_others_writes() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    let dir = db.dir.path().to_path_buf();
    let (ok, out, err) = run_cli(&["demo", "--database", &db.url, "--no-serve"], &dir);
    assert!(ok, "{err}");
    assert!(out.contains("14 hubs") && out.contains("(postgres)"), "{out}");
    let (ok, _, err) = run_cli(&["demo", "--database", &db.url, "--no-serve"], &dir);
    assert!(!ok && err.contains("already holds data"), "the demo never seeds over data: {err}");
    let (ok, token, err) =
        run_cli(&["token", "create", "--email", "admin@portineria.example", "--database", &db.url], &dir);
    assert!(ok, "{err}");
    let token = token.trim().to_owned();
    let (_a, base_a) = serve_process(&db.url, &dir).await;
    let (_b, base_b) = serve_process(&db.url, &dir).await;
    let (a, b) = (Client::new(&base_a), Client::new(&base_b));
    for c in [&a, &b] {
        for path in ["/", "/map", "/directory", "/hubs"] {
            assert_eq!(c.get(path).await.status(), 200, "{path}");
        }
    }
    // Both have the directory cached; a write through A is seen by B's next request.
    let (_, before) = b.api(Method::GET, "/api/v1/sites?q=portineria%20nuova", None, None).await;
    assert_eq!(before["items"].as_array().unwrap().len(), 0);
    let (_, hubs) = a.api(Method::GET, "/api/v1/hubs?limit=1", None, None).await;
    let hub_id = hubs["items"][0]["id"].as_i64().unwrap();
    let (s, created) = a
        .api(Method::POST, "/api/v1/sites", Some(&token), Some(json!({
            "hub_id": hub_id, "name": "Portineria nuova di via Castiglione", "kind": "shop", "address": "via Castiglione 30",
            "city": "Bologna", "lat": 44.4887, "lon": 11.3471, "hours": [{"weekday": 2, "opens": "09:00", "closes": "19:00"}]
        })))
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    // B hears of it from PostgreSQL at once, and rereads the revision within a second in any case.
    let seen = eventually(|| async {
        let (_, after) = b.api(Method::GET, "/api/v1/sites?q=portineria%20nuova", None, None).await;
        after["items"][0]["id"] == id
    })
    .await;
    assert!(seen, "B sees the site created through A");
    let (s, html) = b.text(&format!("/sites/{id}")).await;
    assert_eq!(s, 200);
    assert!(html.contains("via Castiglione 30"));
    // And the other way round: a delete through B is gone from A.
    let (s, _) = b.api(Method::DELETE, &format!("/api/v1/sites/{id}"), Some(&token), None).await;
    assert_eq!(s, 204);
    let gone = eventually(|| async {
        let (_, list) = a.api(Method::GET, "/api/v1/sites?q=portineria%20nuova", None, None).await;
        list["items"].as_array().is_some_and(|i| i.is_empty())
    })
    .await;
    assert!(gone, "A sees the delete made through B");
    assert_eq!(a.get(&format!("/sites/{id}")).await.status(), 404);
    // Sessions live in the database: signed in on A, signed in on B.
    let shared =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let login_page = shared.get(format!("{base_a}/login")).send().await.unwrap().text().await.unwrap();
    let csrf = meta_csrf(&login_page);
    let r = shared
        .post(format!("{base_a}/login"))
        .form(&[
            ("email", "manager@portineria.example"),
            ("password", portineria::demo::DEMO_PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Cookies are per host:port; carry the session to B by hand.
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portineria_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let r = reqwest::Client::new().get(format!("{base_b}/manage")).header("cookie", cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
