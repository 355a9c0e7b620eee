//! Many clients, real server processes, one last seat: the database decides.

use crate::harness::*;
use portineria_domain::network::{HubInput, validate_hub};
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
    // The site's hosts, who may book as many seats as they like (a person
    // holds one seat of a pool at a time; staff book for others).
    let mut tokens = Vec::new();
    for i in 0..16 {
        let grants = [portineria_domain::policy::Grant::Host { hub: h.id, site: s.id }];
        let id = account(store.as_ref(), &format!("crash{i}@example.org"), &grants).await;
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

/// One person sends many bookings for the same hours at once, through two
/// stores (on PostgreSQL, two pools as two servers would): two seats of one
/// desk pool, two rooms, a desk at another site of the hub. The hub allows
/// one booking at a time, so one is made; raised to three, three more for
/// another person, never two seats of the same pool.
async fn one_person_at_a_time(db: &TestDb) {
    let (a, b) = (db.open().await, db.open().await);
    let h = hub(a.as_ref(), "Kilowatt").await;
    let s1 = site(a.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let s2 = site(a.as_ref(), h.id, "Biblioteca", "library", 44.49, 11.34).await;
    let pool = place(a.as_ref(), s1.id, "Kworking", "desk_pool", 30).await;
    let room_1 = place(a.as_ref(), s1.id, "Sala Rossa", "meeting_room", 8).await;
    let room_2 = place(a.as_ref(), s1.id, "Sala Blu", "meeting_room", 8).await;
    let pool_2 = place(a.as_ref(), s2.id, "Tavoli", "desk_pool", 10).await;
    let places = [pool.id, pool.id, room_1.id, room_2.id, pool_2.id];
    let (start, end) = (tomorrow_at(10).as_second(), tomorrow_at(12).as_second());
    let ids = people(a.as_ref(), "persona", 2).await;
    let attempt = |person: i64| {
        let mut tasks = Vec::new();
        let barrier = Arc::new(tokio::sync::Barrier::new(40));
        for i in 0..40usize {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            let barrier = barrier.clone();
            // Each one an hour's shift of the others, all overlapping 11:00.
            let shift = i64::try_from(i % 3).unwrap() * 1800;
            let nb = NewBooking {
                place_id: places[i % places.len()],
                account_id: person,
                start: start + shift,
                end: end + shift,
                now: 0,
                staff: false,
            };
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                store.create_booking(&who(), &nb).await
            }));
        }
        tasks
    };
    let settle = |tasks: Vec<tokio::task::JoinHandle<portineria_store::Result<portineria_store::Booking>>>| async move {
        let (mut made, mut refused) = (Vec::new(), Vec::new());
        for t in tasks {
            match t.await.unwrap() {
                Ok(b) => made.push(b),
                Err(portineria_store::StoreError::Conflict(c)) => refused.push(c),
                Err(e) => panic!("{e}"),
            }
        }
        (made, refused)
    };
    let (made, refused) = settle(attempt(ids[0])).await;
    assert_eq!(made.len(), 1, "{refused:?}");
    assert!(refused.iter().all(|c| ["too-many-at-once", "one-seat", "full"].contains(c)), "{refused:?}");
    assert!(refused.contains(&"too-many-at-once"), "{refused:?}");
    // The hub lets a person hold three at a time.
    let mut d = validate_hub(&HubInput {
        name: "Kilowatt".into(),
        city: Some("Bologna".into()),
        bookings_at_once: Some("3".into()),
        ..Default::default()
    })
    .unwrap();
    d.slug = h.slug.clone();
    assert_eq!(a.update_hub(&who(), h.id, &d).await.unwrap().bookings_at_once, 3);
    let (made, refused) = settle(attempt(ids[1])).await;
    assert_eq!(made.len(), 3, "{refused:?}");
    for p in [pool.id, pool_2.id] {
        assert!(made.iter().filter(|b| b.place_id == p).count() <= 1, "two seats of one pool: {made:?}");
    }
    // What the database holds agrees: one and three bookings in force.
    for (person, want) in [(ids[0], 1), (ids[1], 3)] {
        let held = a.account_bookings(person, 0, None, 100).await.unwrap();
        assert_eq!(held.len(), want, "{held:?}");
    }
    // Staff booking for someone are not held to the rule.
    let room_3 = place(a.as_ref(), s2.id, "Sala Verde", "meeting_room", 8).await;
    let nb = NewBooking { place_id: room_3.id, account_id: ids[0], start, end, now: 0, staff: true };
    a.create_booking(&who(), &nb).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_person_holds_one_booking_at_a_time_on_sqlite() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    one_person_at_a_time(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_person_holds_one_booking_at_a_time_on_postgres() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    one_person_at_a_time(&db).await;
}
