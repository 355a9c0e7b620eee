//! The diffuse coworking over HTTP: plans and sales, personal QR codes,
//! the check-in desk, presence, settlement, recurring bookings and their
//! mails; and the voucher race across real server processes.

use crate::fixture::*;
use crate::harness::*;
use crate::passes::{plan_draft, sale};
use portineria_domain::passes::{PlanKind, RoundMode, Rounding};
use portineria_store::{NewCheckin, Store};
use portineria_web::Clock;
use reqwest::Method;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[test]
fn personal_codes_verify_expire_and_resist_forgery() {
    use portineria_web::passes::qr::{QrError, sign, svg, verify};
    let key = b"k".repeat(32);
    let code = sign(&key, 42, 1000).unwrap();
    assert!(code.starts_with("PRT1.42.1000."));
    assert_eq!(verify(&key, &code, 999), Ok(42));
    assert_eq!(verify(&key, &format!(" {code}\n"), 999), Ok(42));
    assert_eq!(verify(&key, &code, 1000), Err(QrError::Expired));
    assert_eq!(verify(b"other", &code, 999), Err(QrError::Forged));
    assert_eq!(verify(&key, &code.replacen("PRT1.42.", "PRT1.43.", 1), 999), Err(QrError::Forged));
    assert_eq!(verify(&key, &code.replacen(".1000.", ".9000.", 1), 999), Err(QrError::Forged));
    for junk in ["", "PRT1", "PRT1.1.2", "x.1.2.00", "PRT1.a.2.00000000000000000000000000000000"] {
        assert_eq!(verify(&key, junk, 0), Err(QrError::Forged), "{junk}");
    }
    assert!(svg(&code).unwrap().contains("<svg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sell_check_in_check_out_and_settle_over_the_api() {
    // A clock the test moves: stays last as long as it says.
    let clock: &'static AtomicI64 = Box::leak(Box::new(AtomicI64::new(jiff::Timestamp::now().as_second())));
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn_with(db, AppOptions { clock: Clock::Manual(clock), ..Default::default() }).await;
    let f = fixture(app.store.as_ref()).await;
    let c = app.client();
    let manager = token_for(app.store.as_ref(), MANAGER_A).await;
    let manager_b = token_for(app.store.as_ref(), MANAGER_B).await;
    let host = token_for(app.store.as_ref(), HOST_A1).await;
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let admin = token_for(app.store.as_ref(), ADMIN).await;

    // Plans: a hub's manager makes the hub's; a network plan is the admin's.
    let day = json!({"hub_id": f.hub_a, "name": "Giornaliero", "kind": "day", "price_cents": 1500});
    let (s, b) = c.api(Method::POST, "/api/v1/plans", Some(&manager), Some(day.clone())).await;
    assert_eq!(s, 201, "{b}");
    let day_id = b["id"].as_i64().unwrap();
    assert_eq!(b["valid_days"], 1);
    let (s, _) = c.api(Method::POST, "/api/v1/plans", Some(&manager_b), Some(day)).await;
    assert_eq!(s, 403);
    let hours = json!({"name": "Monte ore rete", "kind": "hours", "price_cents": 6000, "minutes": 600});
    let (s, _) = c.api(Method::POST, "/api/v1/plans", Some(&manager), Some(hours.clone())).await;
    assert_eq!(s, 403);
    let (s, b) = c.api(Method::POST, "/api/v1/plans", Some(&admin), Some(hours)).await;
    assert_eq!(s, 201, "{b}");
    let hours_id = b["id"].as_i64().unwrap();
    let bad = json!({"hub_id": f.hub_a, "name": " ", "kind": "weekly", "price_cents": -1});
    let (s, b) = c.api(Method::POST, "/api/v1/plans", Some(&manager), Some(bad)).await;
    assert_eq!(s, 422);
    let fields: Vec<&str> =
        b["error"]["fields"].as_array().unwrap().iter().map(|x| x["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["name", "kind", "price"]);
    let foreign = json!({"hub_id": f.hub_a, "name": "X", "kind": "monthly", "price_cents": 1, "site_ids": [f.b1]});
    let (s, b) = c.api(Method::POST, "/api/v1/plans", Some(&manager), Some(foreign)).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("site-of-another-hub")));
    let (s, list) = c.api(Method::GET, &format!("/api/v1/plans?hub={}", f.hub_a), None, None).await;
    assert_eq!((s, list.as_array().unwrap().len()), (200, 2));

    // Sales: a day pass for the member, a shared voucher for the resident.
    let sell = |plan: i64, email: &str| json!({"plan_id": plan, "email": email, "method": "cash"});
    let (s, b) = c.api(Method::POST, "/api/v1/sales", Some(&manager), Some(sell(day_id, MEMBER_A))).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!((b["payment"]["amount_cents"].as_i64(), b["pass"]["kind"].as_str()), (Some(1500), Some("day")));
    let mut v = sell(hours_id, RESIDENT);
    v["members"] = json!([MEMBER_A]);
    v["amount_cents"] = json!(5500);
    v["method"] = json!("pos");
    let (s, b) = c.api(Method::POST, "/api/v1/sales", Some(&manager), Some(v)).await;
    assert_eq!(s, 201, "{b}");
    let voucher_id = b["voucher"]["id"].as_i64().unwrap();
    assert_eq!(b["voucher"]["balance_minutes"], 600);
    // Bad sales change nothing.
    let before = app.store.payments(None, None, 100).await.unwrap().len();
    for (body, field) in [
        (json!({"plan_id": day_id, "email": "nessuno@example.org", "method": "cash"}), "email"),
        (json!({"plan_id": day_id, "email": MEMBER_A, "method": "bitcoin"}), "method"),
        (json!({"plan_id": day_id, "email": MEMBER_A, "method": "cash", "starts_on": "ieri"}), "starts_on"),
        (json!({"plan_id": day_id, "email": MEMBER_A, "method": "cash", "members": [RESIDENT]}), "members"),
    ] {
        let (s, b) = c.api(Method::POST, "/api/v1/sales", Some(&manager), Some(body)).await;
        assert_eq!((s, b["error"]["fields"][0]["field"].as_str()), (422, Some(field)), "{b}");
    }
    let (s, _) = c.api(Method::POST, "/api/v1/sales", Some(&member), Some(sell(day_id, MEMBER_A))).await;
    assert_eq!(s, 403);
    let (s, _) = c.api(Method::POST, "/api/v1/sales", Some(&manager_b), Some(sell(day_id, MEMBER_A))).await;
    assert_eq!(s, 403);
    assert_eq!(app.store.payments(None, None, 100).await.unwrap().len(), before);
    let (s, sales) = c.api(Method::GET, "/api/v1/sales", Some(&manager), None).await;
    assert_eq!((s, sales["items"].as_array().unwrap().len()), (200, 2));

    // Each person's passes, vouchers and code.
    let (_, passes) = c.api(Method::GET, "/api/v1/me/passes", Some(&member), None).await;
    assert_eq!(passes.as_array().unwrap().len(), 1);
    let (_, vouchers) = c.api(Method::GET, "/api/v1/me/vouchers", Some(&member), None).await;
    assert_eq!(vouchers[0]["id"].as_i64(), Some(voucher_id), "a member of a shared voucher sees it");
    let (s, qr) = c.api(Method::GET, "/api/v1/me/qr", Some(&member), None).await;
    assert_eq!(s, 200);
    let member_code = qr["code"].as_str().unwrap().to_owned();
    assert!(qr["svg"].as_str().unwrap().contains("<svg"));
    let (_, qr) = c.api(Method::GET, "/api/v1/me/qr", Some(&resident), None).await;
    let resident_code = qr["code"].as_str().unwrap().to_owned();

    // The host checks the member in at Le Serre (the day pass) …
    let checkin = |site: i64, code: &str| json!({"site_id": site, "code": code});
    let (s, b) = c.api(Method::POST, "/api/v1/checkins", Some(&host), Some(checkin(f.a1, &member_code))).await;
    assert_eq!((s, b["via"].as_str()), (201, Some("pass")), "{b}");
    let (s, b) = c.api(Method::POST, "/api/v1/checkins", Some(&host), Some(checkin(f.a1, &member_code))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("already_checked_in")));
    // … but not at a site they do not host; forged and foreign codes are refused.
    let (s, _) = c.api(Method::POST, "/api/v1/checkins", Some(&host), Some(checkin(f.a2, &resident_code))).await;
    assert_eq!(s, 403);
    let forged = member_code.replacen("PRT1.", "PRT1.9", 1);
    let (s, b) = c.api(Method::POST, "/api/v1/checkins", Some(&host), Some(checkin(f.a1, &forged))).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("qr-forged")), "{b}");
    assert!(b["error"]["fields"][0]["message"].as_str().unwrap().contains("Codice non riconosciuto"));
    let mut named = checkin(f.a1, &resident_code);
    named["voucher_id"] = json!(voucher_id + 1000);
    let (s, b) = c.api(Method::POST, "/api/v1/checkins", Some(&host), Some(named)).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("voucher_not_yours")));
    // The resident's voucher works at any site that accepts it.
    let (s, b) = c.api(Method::POST, "/api/v1/checkins", Some(&manager), Some(checkin(f.a3, &resident_code))).await;
    assert_eq!((s, b["via"].as_str()), (201, Some("voucher")), "{b}");
    // Presence: hosts see their own site only.
    let (s, here) = c.api(Method::GET, &format!("/api/v1/sites/{}/presence", f.a1), Some(&host), None).await;
    assert_eq!((s, here["items"].as_array().unwrap().len()), (200, 1));
    let (s, _) = c.api(Method::GET, &format!("/api/v1/sites/{}/presence", f.a3), Some(&host), None).await;
    assert_eq!(s, 403);
    let (s, _) = c.api(Method::GET, &format!("/api/v1/sites/{}/presence", f.a1), Some(&member), None).await;
    assert_eq!(s, 403);
    // Ten minutes later: checking out at the wrong site is refused; the right one closes the stay.
    clock.fetch_add(600, Ordering::SeqCst);
    let out = |site: i64, code: &str| json!({"site_id": site, "code": code});
    let (s, b) = c.api(Method::POST, "/api/v1/checkouts", Some(&manager), Some(out(f.a1, &resident_code))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("checked_in_elsewhere")));
    let (s, b) = c.api(Method::POST, "/api/v1/checkouts", Some(&manager), Some(out(f.a3, &resident_code))).await;
    assert_eq!(s, 200, "{b}");
    // Ten minutes, rounded up to the hub's 15-minute step.
    assert_eq!((b["checkin"]["minutes"].as_i64(), b["balance_after"].as_i64()), (Some(15), Some(585)));
    let (s, b) =
        c.api(Method::POST, "/api/v1/checkouts", Some(&host), Some(json!({"site_id": f.a1, "account_id": 0}))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("not_checked_in")));
    let (s, b) = c.api(Method::POST, "/api/v1/checkouts", Some(&host), Some(out(f.a1, &member_code))).await;
    assert_eq!((s, b["checkin"]["via"].as_str()), (200, Some("pass")));
    let (_, v) = c.api(Method::GET, &format!("/api/v1/vouchers/{voucher_id}"), Some(&resident), None).await;
    assert_eq!(v["uses"].as_array().unwrap().len(), 1);
    let (s, _) = c.api(Method::GET, &format!("/api/v1/vouchers/{voucher_id}"), Some(&manager_b), None).await;
    assert_eq!(s, 404);

    // Settlement: rates per site, totals equal to the stays.
    let (s, _) = c
        .api(
            Method::PUT,
            &format!("/api/v1/sites/{}/terms", f.a3),
            Some(&manager),
            Some(json!({"accepts_vouchers": true, "hourly_rate_cents": 400})),
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = c
        .api(
            Method::PUT,
            &format!("/api/v1/sites/{}/terms", f.a3),
            Some(&manager_b),
            Some(json!({"accepts_vouchers": true, "hourly_rate_cents": 1})),
        )
        .await;
    assert_eq!(s, 403);
    let today = jiff::Timestamp::now().to_zoned(portineria_domain::rome()).date();
    let q = format!("from={}&to={}", today.yesterday().unwrap(), today.tomorrow().unwrap().tomorrow().unwrap());
    let (s, st) = c.api(Method::GET, &format!("/api/v1/settlements?{q}"), Some(&manager), None).await;
    assert_eq!(s, 200, "{st}");
    assert_eq!((st["total_stays"].as_i64(), st["total_minutes"].as_i64()), (Some(2), Some(30)));
    let library = st["lines"].as_array().unwrap().iter().find(|l| l["site_id"].as_i64() == Some(f.a3)).unwrap();
    assert_eq!((library["via"].as_str(), library["owed_cents"].as_i64()), (Some("voucher"), Some(100)));
    let csv = c.get(&format!("/api/v1/settlements.csv?{q}")).await;
    assert_eq!(csv.status(), 401);
    let csv = c.http.get(app.url(&format!("/api/v1/settlements.csv?{q}"))).bearer_auth(&manager).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("site_id,site,issuer_hub_id"));
    assert!(text.contains(",total,,,,2,30,,100\r\n"), "{text}");
    let (s, _) = c.api(Method::GET, &format!("/api/v1/settlements?{q}"), Some(&host), None).await;
    assert_eq!(s, 403);
    let (s, b) = c.api(Method::GET, "/api/v1/settlements?from=2026-12-01&to=2026-11-01", Some(&manager), None).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("date-order")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weekly_series_say_which_weeks_failed_and_mails_go_out() {
    // Mail goes through a real SMTP server process on loopback.
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    let f = fixture(app.store.as_ref()).await;
    let c = app.client();
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    // The resident takes one meeting room slot three weeks from tomorrow.
    let room = place(app.store.as_ref(), f.a1, "Sala Serra", "meeting_room", 8).await;
    let week = |n: i64, h: i8| {
        (tomorrow_at(h).to_zoned(portineria_domain::rome()) + jiff::Span::new().weeks(n)).timestamp().to_string()
    };
    let one = json!({"place_id": room.id, "start": week(2, 10), "end": week(2, 12)});
    let (s, _) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(one)).await;
    assert_eq!(s, 201);
    let series = json!({"place_id": room.id, "start": week(0, 10), "end": week(0, 12), "weeks": 4});
    let (s, b) = c.api(Method::POST, "/api/v1/bookings/series", Some(&member), Some(series)).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["booked"].as_array().unwrap().len(), 3);
    let failed = b["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0]["start"].as_str(), failed[0]["code"].as_str()), (Some(week(2, 10).as_str()), Some("full")));
    // Every occurrence keeps the local 10:00, across changes of time.
    for x in b["booked"].as_array().unwrap() {
        assert!(x["start_local"].as_str().unwrap().contains("T10:00:00+0"), "{x}");
    }
    let series = json!({"place_id": room.id, "start": week(2, 10), "end": week(2, 12), "weeks": 1});
    let (s, b) = c.api(Method::POST, "/api/v1/bookings/series", Some(&member), Some(series)).await;
    assert_eq!((s, b["failed"].as_array().unwrap().len()), (409, 1));
    let series = json!({"place_id": room.id, "start": week(0, 10), "end": week(0, 12), "weeks": 99});
    let (s, _) = c.api(Method::POST, "/api/v1/bookings/series", Some(&member), Some(series)).await;
    assert_eq!(s, 422);
    // Confirmations (1 + 3) and a cancellation were mailed, in Italian.
    let first = b_id(&c, &member).await;
    let (s, _) = c.api(Method::DELETE, &format!("/api/v1/bookings/{first}"), Some(&member), None).await;
    assert_eq!(s, 200);
    let all = wait_for_mails(&mail_dir, |all| {
        let confirmed = all.iter().filter(|m| m.contains("la tua prenotazione è confermata")).count();
        confirmed >= 4 && all.iter().any(|m| m.contains("è stata annullata"))
    })
    .await;
    let confirmed = all.iter().filter(|m| m.contains("la tua prenotazione è confermata")).count();
    let cancelled = all.iter().filter(|m| m.contains("è stata annullata")).count();
    assert_eq!((confirmed, cancelled), (4, 1), "{all:?}");
    assert!(all.iter().any(|m| m.contains("Sala Serra") && m.contains("Le Serre dei Giardini")));
}

async fn b_id(c: &Client, token: &str) -> i64 {
    let (_, mine) = c.api(Method::GET, "/api/v1/me/bookings", Some(token), None).await;
    mine["items"][0]["id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vouchers_running_low_and_passes_expiring_are_mailed_once() {
    let (app, f) = app_with_fixture().await;
    let store = app.store.clone();
    let plan = store.create_plan(&who(), &plan_draft(Some(f.hub_a), "Dieci ore", PlanKind::Hours, 6000)).await.unwrap();
    let member = store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let now = jiff::Timestamp::now().as_second();
    store.sell(&who(), &sale(plan.id, member, f.hub_a, now - 86_400, now + 86_400 * 30, 6000)).await.unwrap();
    store.set_hub_rounding(&who(), f.hub_a, Rounding { step: 60, mode: RoundMode::Up }).await.unwrap();
    // Eight and a half hours in: 9 hours debited, 1 left, under the low mark.
    store
        .check_in(&who(), &NewCheckin { account_id: member, site_id: f.a1, charge: None, now: now - 8 * 3600 - 1800 })
        .await
        .unwrap();
    let host = token_for(store.as_ref(), HOST_A1).await;
    let c = app.client();
    let (s, b) = c
        .api(Method::POST, "/api/v1/checkouts", Some(&host), Some(json!({"site_id": f.a1, "account_id": member})))
        .await;
    assert_eq!((s, b["balance_after"].as_i64()), (200, Some(60)), "{b}");
    // A pass ending in two days.
    let day = store.create_plan(&who(), &plan_draft(Some(f.hub_a), "Settimana", PlanKind::Monthly, 100)).await.unwrap();
    store.sell(&who(), &sale(day.id, member, f.hub_a, now - 86_400, now + 2 * 86_400, 100)).await.unwrap();
    let state_told = portineria_app::passes::remind_expiring(&test_state(&app).app, now).await.unwrap();
    assert_eq!(state_told, 1);
    assert_eq!(portineria_app::passes::remind_expiring(&test_state(&app).app, now).await.unwrap(), 0);
    let all = wait_for_mails(&app._db.dir.path().join("outbox"), |all| {
        all.iter().any(|m| m.contains("restano 1:00")) && all.iter().any(|m| m.contains("«Settimana» scade il"))
    })
    .await;
    assert_eq!(all.iter().filter(|m| m.contains("restano 1:00 ore su 10:00")).count(), 1, "{all:?}");
    assert_eq!(all.iter().filter(|m| m.contains("l'abbonamento «Settimana» scade il")).count(), 1, "{all:?}");
}

/// An app state on the same store and outbox as `app` (for sweeps the server runs on a timer).
pub fn test_state(app: &TestApp) -> portineria_web::AppState {
    let outbox = app._db.dir.path().join("outbox");
    let mailer = portineria_web::Mailer::folder(outbox, "Portineria <noreply@portineria.test>").unwrap();
    let config = portineria_web::WebConfig { base_url: app.base.clone(), ..Default::default() };
    portineria_web::AppState::new(app.store.clone(), config, mailer, portineria_web::Clock::System).unwrap()
}

/// 200 people on one shared 10-hour voucher, each in for an hour, check out
/// at once through `bases`: the voucher ends at zero, never below, and its
/// history sums to what it lost.
async fn voucher_race(db: &TestDb, servers: usize) {
    let store: Arc<dyn Store> = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let sites = [
        site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35).await,
        site(store.as_ref(), h.id, "Bar Vivaio", "bar", 44.485, 11.351).await,
    ];
    store.set_hub_rounding(&who(), h.id, Rounding { step: 1, mode: RoundMode::Up }).await.unwrap();
    let plan = store.create_plan(&who(), &plan_draft(Some(h.id), "Team", PlanKind::Hours, 1)).await.unwrap();
    let team = people(store.as_ref(), "squadra", 200).await;
    let host = people(store.as_ref(), "host", 1).await[0];
    store.add_grant(&who(), host, portineria_domain::policy::Grant::Manager { hub: h.id }).await.unwrap();
    let token = token_of(store.as_ref(), host).await;
    let now = jiff::Timestamp::now().as_second();
    let mut s = sale(plan.id, team[0], h.id, now - 86_400, now + 86_400, 1);
    s.voucher_members = team[1..].to_vec();
    let voucher = store.sell(&who(), &s).await.unwrap().voucher.unwrap();
    for (i, a) in team.iter().enumerate() {
        store
            .check_in(&who(), &NewCheckin { account_id: *a, site_id: sites[i % 2].id, charge: None, now: now - 3600 })
            .await
            .unwrap();
    }
    // The servers share the code-signing key through the database.
    let key = store.server_key("qr-signing", "race-key").await.unwrap().into_bytes();
    let mut guards = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..servers {
        let (g, base) = serve_process(&db.url, db.dir.path()).await;
        guards.push(g);
        bases.push(base);
    }
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(team.len()));
    let mut tasks = Vec::new();
    for (i, a) in team.iter().enumerate() {
        let code = portineria_web::passes::qr::sign(&key, *a, now + 86_400).unwrap();
        let (http, barrier, token) = (http.clone(), barrier.clone(), token.clone());
        let url = format!("{}/api/v1/checkouts", bases[i % bases.len()]);
        let body = json!({"site_id": sites[i % 2].id, "code": code});
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = http.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }));
    }
    let (mut debited, mut uncovered) = (0, 0);
    for t in tasks {
        let (status, b) = t.await.unwrap();
        assert_eq!(status, 200, "{b}");
        assert!(b["balance_after"].as_i64().unwrap() >= 0);
        debited += b["checkin"]["debited_minutes"].as_i64().unwrap();
        uncovered += b["checkin"]["uncovered_minutes"].as_i64().unwrap();
    }
    let v = store.voucher(voucher.id).await.unwrap().unwrap();
    assert_eq!((v.balance_minutes, debited), (0, 600));
    assert!(uncovered >= 200 * 60 - 600);
    let uses = store.voucher_uses(voucher.id).await.unwrap();
    assert_eq!(uses.iter().map(|u| u.minutes).sum::<i64>(), debited);
    assert_eq!(store.present_count(sites[0].id).await.unwrap() + store.present_count(sites[1].id).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_checkouts_on_one_voucher_over_http_on_sqlite() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    voucher_race(&db, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_checkouts_on_one_voucher_across_two_postgres_servers() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    voucher_race(&db, 2).await;
}

/// The same story through the pages, without JavaScript: a manager makes a
/// plan and sells it, a member books from the place page (once and weekly),
/// sees and cancels, shows their code; the host checks them in and out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_work_without_javascript() {
    let (app, f) = app_with_fixture().await;
    let manager = app.client();
    assert_eq!(manager.login(MANAGER_A, PASSWORD).await.status(), 303);
    let member = app.client();
    assert_eq!(member.login(MEMBER_A, PASSWORD).await.status(), 303);
    let host = app.client();
    assert_eq!(host.login(HOST_A1, PASSWORD).await.status(), 303);

    // Plans: a bad form says why next to the fields; a good one saves.
    let plans = format!("/manage/plans?hub={}", f.hub_a);
    let r = manager.post_form(&plans, &[("name", ""), ("kind", "monthly"), ("price", "12,345")]).await;
    assert_eq!(r.status(), 422);
    let html = unescape(&r.text().await.unwrap());
    assert!(html.contains("Scrivi un importo in euro") && html.contains("aria-invalid"), "{html}");
    let r = manager
        .post_form(
            &plans,
            &[
                ("name", "Mensile Serre"),
                ("kind", "monthly"),
                ("price", "90"),
                ("active", "on"),
                ("sites", &f.a1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, html) = manager.text(&plans).await;
    assert!(html.contains("Mensile Serre") && html.contains("90,00 €"), "{html}");
    let plan = app.store.plans().await.unwrap().into_iter().find(|p| p.name == "Mensile Serre").unwrap();
    assert_eq!((plan.price_cents, plan.sites.clone()), (9000, vec![f.a1]));
    let r = manager
        .post_form(
            &format!("/manage/plans/{}", plan.id),
            &[("name", "Mensile Serre"), ("price", "85,50"), ("active", "on")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.store.plan(plan.id).await.unwrap().unwrap().price_cents, 8550);

    // Sales: the member buys the monthly pass in cash.
    let sales = format!("/manage/sales?hub={}", f.hub_a);
    let r = manager
        .post_form(&sales, &[("plan", &plan.id.to_string()), ("email", "chi@example.org"), ("method", "cash")])
        .await;
    assert_eq!(r.status(), 422);
    let r = manager
        .post_form(
            &sales,
            &[("plan", &plan.id.to_string()), ("email", MEMBER_A), ("method", "cash"), ("reference", "ricevuta 12")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, html) = manager.text(&sales).await;
    assert!(html.contains("ricevuta 12") && html.contains("85,50 €"));

    // The member books a desk from the place page.
    let (s, html) = member.text(&format!("/places/{}", f.place_a1)).await;
    assert_eq!(s, 200);
    assert!(html.contains("action=\"/places/") && html.contains("Posti liberi"), "{html}");
    let day = tomorrow_at(9).to_zoned(portineria_domain::rome()).date().to_string();
    let book = format!("/places/{}/book", f.place_a1);
    let r = member.post_form(&book, &[("day", &day), ("from", "10:00"), ("to", "09:00"), ("weeks", "1")]).await;
    assert_eq!(r.status(), 422);
    let r = member.post_form(&book, &[("day", &day), ("from", "10:00"), ("to", "12:00"), ("weeks", "1")]).await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (303, "/me/bookings?done=booked"));
    let r = member.post_form(&book, &[("day", &day), ("from", "14:00"), ("to", "16:00"), ("weeks", "3")]).await;
    assert_eq!(r.status(), 200);
    assert!(unescape(&r.text().await.unwrap()).contains("3 prenotazioni confermate"));
    // One more early next month, on the first day the site is open: "my
    // bookings" lists it last, by time and not by the text of its date
    // (01/01/2027 would come before 04/12/2026).
    let next_month = tomorrow_at(9)
        .to_zoned(portineria_domain::rome())
        .date()
        .first_of_month()
        .checked_add(jiff::Span::new().months(1))
        .unwrap();
    let mut later = None;
    for d in 0..7 {
        let date = next_month.checked_add(jiff::Span::new().days(d)).unwrap().to_string();
        let r = member.post_form(&book, &[("day", &date), ("from", "10:00"), ("to", "11:00"), ("weeks", "1")]).await;
        if r.status() == 303 {
            later = Some(date);
            break;
        }
    }
    let later = later.expect("the site opens some day in the first week of next month");
    let (_, html) = member.text("/me/bookings").await;
    assert_eq!(html.matches("/cancel\"").count(), 5, "{html}");
    let shown = |d: &str| {
        let d: jiff::civil::Date = d.parse().unwrap();
        html.find(&d.strftime("%d/%m/%Y").to_string()).unwrap()
    };
    assert!(shown(&day) < shown(&later), "{html}");
    let last = app
        .store
        .account_bookings(app.store.account_by_email(MEMBER_A).await.unwrap().unwrap().id, 0, None, 10)
        .await
        .unwrap();
    let last = last
        .iter()
        .find(|b| {
            jiff::Timestamp::from_second(b.start).unwrap().to_zoned(portineria_domain::rome()).date().to_string()
                == later
        })
        .unwrap()
        .id;
    let r = member.post_form(&format!("/me/bookings/{last}/cancel"), &[]).await;
    assert_eq!(r.status(), 303);
    let (_, html) = member.text("/me/bookings").await;
    assert_eq!(html.matches("/cancel\"").count(), 4, "{html}");
    // The day grid shows the booked seat; the week view has seven days; the
    // site's grid has a column per bookable place; the API agrees.
    let (_, html) = member.text(&format!("/places/{}?day={day}", f.place_a1)).await;
    assert!(html.contains("10:00–11:00: </span>29<span"), "a seat of 30 is taken at 10:00: {html}");
    // A free hour is a link that fills in the form, without JavaScript.
    let href = format!("/places/{}?day={day}&amp;from=10:00&amp;to=11:00#book", f.place_a1);
    assert!(html.contains(&format!("href=\"{href}\"")), "{html}");
    let (_, html) = member.text(&format!("/places/{}?day={day}&from=10:00&to=12:00", f.place_a1)).await;
    assert!(
        html.contains("name=\"from\" type=\"time\" value=\"10:00\"")
            && html.contains("name=\"to\" type=\"time\" value=\"12:00\""),
        "{html}"
    );
    assert_eq!(html.matches("class=\"free chosen\"").count(), 2, "{html}");
    let (_, html) = member.text(&format!("/places/{}?day={day}&view=week", f.place_a1)).await;
    assert_eq!(html.matches("<th scope=\"col\"><a href=\"/places/").count(), 7);
    let (s, html) = app.client().text(&format!("/sites/{}/availability?day={day}", f.a1)).await;
    assert_eq!(s, 200);
    assert!(html.contains("Kworking"));
    let from = tomorrow_at(10).to_string();
    let to = tomorrow_at(12).to_string();
    let (s, grid) = member
        .api(
            Method::GET,
            &format!("/api/v1/sites/{}/availability?from={from}&to={to}&slot_minutes=60", f.a1),
            None,
            None,
        )
        .await;
    assert_eq!(s, 200, "{grid}");
    let kw = grid["places"].as_array().unwrap().iter().find(|p| p["place_id"].as_i64() == Some(f.place_a1)).unwrap();
    assert_eq!((kw["capacity"].as_i64(), kw["slots"][0]["free"].as_i64()), (Some(30), Some(29)));
    let id = app
        .store
        .account_bookings(app.store.account_by_email(MEMBER_A).await.unwrap().unwrap().id, 0, None, 10)
        .await
        .unwrap()[0]
        .id;
    let r = member.post_form(&format!("/me/bookings/{id}/cancel"), &[]).await;
    assert_eq!(r.status(), 303);
    let (_, html) = member.text("/me/bookings").await;
    assert_eq!(html.matches("/cancel\"").count(), 3);
    // A manager sees the week's bookings of the hub and may cancel one.
    let (s, html) = manager.text(&format!("/manage/bookings?hub={}&day={day}", f.hub_a)).await;
    assert_eq!(s, 200);
    assert_eq!(html.matches("/cancel\"").count(), 1, "the other two weeks are later");

    // The member's passes and code.
    let (_, html) = member.text("/me/passes").await;
    assert!(html.contains("Mensile Serre") && html.contains("valido ora"), "{html}");
    let (_, html) = member.text("/me/qr").await;
    let code = html.split("<code class=\"qr-code\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let r = member.get("/me/qr.svg").await;
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert_eq!(app.client().get("/me/qr.svg").await.status(), 303, "to the sign-in page");

    // The host's desk: in with the code, out from the presence list.
    let desk = format!("/desk/{}", f.a1);
    let (s, html) = host.text(&desk).await;
    assert_eq!(s, 200);
    assert!(html.contains("data-qr-scan") && html.contains("/static/scan.js"));
    assert_eq!(member.text(&desk).await.0, 403);
    assert_eq!(host.text(&format!("/desk/{}", f.a2)).await.0, 403);
    let r = host.post_form(&desk, &[("code", "PRT1.1.2.3"), ("action", "in")]).await;
    assert_eq!(r.status(), 422);
    let r = host.post_form(&desk, &[("code", &code), ("action", "in")]).await;
    assert_eq!(r.status(), 200);
    let html = unescape(&r.text().await.unwrap());
    assert!(html.contains("Entrata registrata con l'abbonamento") && html.contains("1 persona presente"), "{html}");
    let member_id = app.store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let r = host.post_form(&desk, &[("account_id", &member_id.to_string()), ("action", "out")]).await;
    assert!(unescape(&r.text().await.unwrap()).contains("Uscita registrata"));
    // The public page of the site shows free desks now while it is open.
    let (_, html) = app.client().text(&format!("/sites/{}", f.a1)).await;
    assert!(unescape(&html).contains("postazioni libere ora"), "{html}");

    // Settlement page and the hub's terms.
    let (s, html) = manager.text(&format!("/manage/settlement?hub={}", f.hub_a)).await;
    assert_eq!(s, 200);
    assert!(html.contains("Scarica in CSV"));
    let mut fields = vec![("step".to_owned(), "30".to_owned()), ("mode".to_owned(), "nearest".to_owned())];
    fields.push((format!("rate_{}", f.a2), "3,50".into()));
    fields.push((format!("vouchers_{}", f.a2), "on".into()));
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = manager.post_form(&format!("/manage/hubs/{}/terms", f.hub_a), &borrowed).await;
    assert_eq!(r.status(), 303);
    let terms = app.store.site_terms().await.unwrap();
    let a2 = terms.iter().find(|t| t.site_id == f.a2).unwrap();
    let a1 = terms.iter().find(|t| t.site_id == f.a1).unwrap();
    assert_eq!((a2.hourly_rate_cents, a2.accepts_vouchers, a1.accepts_vouchers), (350, true, false));
    assert_eq!(app.store.hub_rounding(f.hub_a).await.unwrap(), Rounding { step: 30, mode: RoundMode::Nearest });
    let (s, _) = manager.text(&format!("/manage/settlement?hub={}", f.hub_b)).await;
    assert_eq!(s, 403);
}
