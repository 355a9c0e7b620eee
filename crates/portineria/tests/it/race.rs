//! Many clients, real server processes, one last seat: the database decides.

use crate::harness::*;
use portineria_store::{NewBooking, Store};
use std::sync::Arc;

/// Sets up a desk pool of 30 with 27 seats taken tomorrow 10–12 and 200
/// more people with API tokens; returns the place, their tokens and the times.
async fn scene(store: &Arc<dyn Store>) -> (i64, Vec<String>, String, String) {
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let p = place(store.as_ref(), s.id, "Kworking", "desk_pool", 30).await;
    let (start, end) = (tomorrow_at(10), tomorrow_at(12));
    let ids = people(store.as_ref(), "coworker", 227).await;
    for id in &ids[..27] {
        let b = NewBooking {
            place_id: p.id,
            account_id: *id,
            start: start.as_second(),
            end: end.as_second(),
            now: 0,
            staff: false,
        };
        store.create_booking(&who(), &b).await.unwrap();
    }
    let mut tokens = Vec::new();
    for id in &ids[27..] {
        tokens.push(token_of(store.as_ref(), *id).await);
    }
    (p.id, tokens, start.to_string(), end.to_string())
}

/// Sends one booking request per token, all at once, spread over `bases`.
async fn race(bases: &[String], tokens: &[String], place: i64, start: &str, end: &str) -> (usize, usize, Vec<u16>) {
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(tokens.len()));
    let mut tasks = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let (http, barrier) = (http.clone(), barrier.clone());
        let url = format!("{}/api/v1/bookings", bases[i % bases.len()]);
        let body = serde_json::json!({"place_id": place, "start": start, "end": end});
        let token = t.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            http.post(url).bearer_auth(token).json(&body).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
        }));
    }
    let (mut created, mut full, mut other) = (0, 0, Vec::new());
    for t in tasks {
        match t.await.unwrap() {
            201 => created += 1,
            409 => full += 1,
            s => other.push(s),
        }
    }
    (created, full, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_seats_over_http_on_sqlite() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let store = db.open().await;
    let (place, tokens, start, end) = scene(&store).await;
    let (_server, base) = serve_process(&db.url, db.dir.path()).await;
    let (created, full, other) = race(&[base], &tokens, place, &start, &end).await;
    assert_eq!((created, full, other), (3, 197, vec![]));
    assert_eq!(store.place_bookings(place, 0, i64::MAX / 2).await.unwrap().len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_seats_over_http_on_two_postgres_servers() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    let store = db.open().await;
    let (place, tokens, start, end) = scene(&store).await;
    let (_a, base_a) = serve_process(&db.url, db.dir.path()).await;
    let (_b, base_b) = serve_process(&db.url, db.dir.path()).await;
    let (created, full, other) = race(&[base_a, base_b], &tokens, place, &start, &end).await;
    assert_eq!((created, full, other), (3, 197, vec![]));
    assert_eq!(store.place_bookings(place, 0, i64::MAX / 2).await.unwrap().len(), 30);
}

/// Books continuously through a server, kills it with SIGKILL mid-load,
/// restarts it and checks that every booking acknowledged with 201 is there.
async fn crash_and_recover(db: &TestDb) {
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let p = place(store.as_ref(), s.id, "Kworking", "desk_pool", 10_000).await;
    let mut tokens = Vec::new();
    for id in people(store.as_ref(), "crash", 16).await {
        tokens.push(token_of(store.as_ref(), id).await);
    }
    let body =
        serde_json::json!({"place_id": p.id, "start": tomorrow_at(10).to_string(), "end": tomorrow_at(12).to_string()});
    let (mut server, base) = serve_process(&db.url, db.dir.path()).await;
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let mut clients = Vec::new();
    for token in tokens {
        let (acknowledged, body, url) = (acknowledged.clone(), body.clone(), format!("{base}/api/v1/bookings"));
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            for _ in 0..10_000 {
                let Ok(r) = http.post(&url).bearer_auth(&token).json(&body).send().await else { break };
                if r.status().as_u16() != 201 {
                    break;
                }
                let Ok(v) = r.json::<serde_json::Value>().await else { break };
                if let Some(id) = v["id"].as_i64() {
                    acknowledged.lock().unwrap().push(id);
                }
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 20, "the load was running: {}", acknowledged.len());
    // Restart on the same database and look for every acknowledged booking.
    let (_again, base) = serve_process(&db.url, db.dir.path()).await;
    assert_eq!(reqwest::get(format!("{base}/healthz")).await.unwrap().status(), 200);
    let store = db.open().await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        match store.booking(*id).await.unwrap() {
            Some(b) if b.status == "confirmed" => {}
            other => missing.push((*id, other)),
        }
    }
    assert!(missing.is_empty(), "{} of {} acknowledged bookings lost: {missing:?}", missing.len(), acknowledged.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_bookings_survive_sigkill_on_sqlite() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    crash_and_recover(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_bookings_survive_sigkill_on_postgres() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    crash_and_recover(&db).await;
}
