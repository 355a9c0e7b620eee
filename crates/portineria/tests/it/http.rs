//! Pages and API through HTTP: languages, directory, errors, forms, headers.

use crate::fixture::*;
use crate::harness::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_answer_in_italian_and_english() {
    let (app, f) = app_with_fixture().await;
    let it = app.client();
    let en = app.client().english();
    for path in [
        "/",
        "/map",
        "/directory",
        "/hubs",
        &format!("/hubs/{}", f.hub_a),
        &format!("/sites/{}", f.a1),
        &format!("/places/{}", f.place_a1),
        "/api/v1/docs",
        "/login",
        "/signup",
    ] {
        let (s, html) = it.text(path).await;
        assert_eq!(s, 200, "{path}");
        assert!(html.contains("<html lang=\"it\">"), "{path} in Italian");
        let (s, html) = en.text(path).await;
        assert_eq!(s, 200, "{path}");
        assert!(html.contains("<html lang=\"en\">"), "{path} in English");
    }
    let (_, home) = it.text("/").await;
    assert!(home.contains("Cosa offre il quartiere, adesso"));
    let (_, site) = it.text(&format!("/sites/{}", f.a1)).await;
    assert!(site.contains("Le Serre dei Giardini") && site.contains("Come arrivare") && site.contains("Kworking"));
    assert!(site.contains("lunedì") && site.contains("00:00–24:00"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_sets_a_cookie_and_the_account_preference() {
    let (app, _) = app_with_fixture().await;
    let c = app.client();
    let r = c.get("/lang/en?next=/directory").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/directory");
    let (_, html) = c.text("/directory").await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("Search the network"));
    // Never redirects off-site.
    let r = c.get("/lang/it?next=//evil.example/").await;
    assert_eq!(r.headers()["location"], "/");
    assert_eq!(c.get("/lang/xx").await.status(), 404);
    // Signed in, the choice is remembered on the account.
    c.login(MEMBER_A, PASSWORD).await;
    c.get("/lang/en?next=/").await;
    let a = app.store.account_by_email(MEMBER_A).await.unwrap().unwrap();
    assert_eq!(a.locale, "en");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directory_filters_by_text_kind_and_walking_time() {
    let (app, f) = app_with_fixture().await;
    let c = app.client();
    let (_, html) = c.text("/directory?q=caffe").await;
    assert!(html.contains("Caffè della Porta") && !html.contains("Biblioteca Salaborsa"));
    let (_, html) = c.text("/directory?kind=library").await;
    assert!(html.contains("Biblioteca Salaborsa") && !html.contains("Caffè della Porta"));
    // 10 minutes on foot from Le Serre: the bar (≈ 4 min), not the library (≈ 21 min).
    let (s, html) = c.text(&format!("/directory?from_site={}&walk=10", f.a1)).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Caffè della Porta") && !html.contains("Biblioteca Salaborsa") && !html.contains("Avanzi Barona")
    );
    assert!(html.contains("min a piedi"));
    assert!(unescape(&html).contains("distanza in linea d'aria × 1,3, a 4,5 km/h"));
    let (_, html) = c.text("/directory?lat=44.484&lon=11.35035&walk=30").await;
    assert!(html.contains("Biblioteca Salaborsa") && html.contains("Le Serre dei Giardini"));
    // Bad input: a 400 with the message, nothing listed.
    let (s, html) = c.text("/directory?lat=95&lon=11&walk=10").await;
    assert_eq!(s, 400);
    assert!(html.contains("Deve essere tra -90 e 90"));
    let (s, _) = c.text("/directory?walk=10").await;
    assert_eq!(s, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sites_api_near_sorts_by_walking_time_and_paginates() {
    let (app, f) = app_with_fixture().await;
    let c = app.client();
    let (s, body) = c.api(Method::GET, "/api/v1/sites?near=44.484,11.35035&walk_minutes=30", None, None).await;
    assert_eq!(s, 200, "{body}");
    let ids: Vec<i64> = body["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![f.a1, f.a2, f.a3]);
    let walks: Vec<f64> =
        body["items"].as_array().unwrap().iter().map(|s| s["walking_minutes"].as_f64().unwrap()).collect();
    assert!(walks[0] < 0.1 && (3.0..6.0).contains(&walks[1]) && (19.0..24.0).contains(&walks[2]), "{walks:?}");
    // Each listed site is exactly what its own URL returns, plus the walking time.
    for item in body["items"].as_array().unwrap() {
        let (_, one) = c.api(Method::GET, &format!("/api/v1/sites/{}", item["id"]), None, None).await;
        let mut listed = item.clone();
        listed["walking_minutes"] = serde_json::Value::Null;
        assert_eq!(listed, one);
    }
    // A radius too wide for the grid lookup scans every site, with the same rule.
    for (minutes, expected) in [(240, 3), (30, 3), (10, 2), (1, 1)] {
        let (_, body) =
            c.api(Method::GET, &format!("/api/v1/sites?near=44.484,11.35035&walk_minutes={minutes}"), None, None).await;
        assert_eq!(body["items"].as_array().unwrap().len(), expected, "{minutes} minutes: {body}");
    }
    // Default walking time with `near` is 15 minutes.
    let (_, body) = c.api(Method::GET, "/api/v1/sites?near=44.484,11.35035", None, None).await;
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    // Walk through every page with limit=1.
    let mut cursor = String::new();
    let mut seen = Vec::new();
    loop {
        let (s, body) = c.api(Method::GET, &format!("/api/v1/sites?limit=1&cursor={cursor}"), None, None).await;
        assert_eq!(s, 200);
        seen.extend(body["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, vec![f.a1, f.a2, f.a3, f.b1]);
    // Hubs and places paginate the same way.
    let (_, body) = c.api(Method::GET, "/api/v1/hubs?limit=1", None, None).await;
    let next = body["next_cursor"].as_str().unwrap().to_owned();
    let (_, body) = c.api(Method::GET, &format!("/api/v1/hubs?limit=1&cursor={next}"), None, None).await;
    assert_eq!(body["items"][0]["id"], f.hub_b);
    assert!(body["next_cursor"].is_null());
    let (_, body) = c.api(Method::GET, &format!("/api/v1/places?site={}", f.a2), None, None).await;
    assert_eq!(body["items"][0]["id"], f.place_a2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_errors_have_one_shape_in_the_callers_language() {
    let (app, _) = app_with_fixture().await;
    let it = app.client();
    let en = app.client().english();
    let (s, body) = it.api(Method::GET, "/api/v1/sites/999999", None, None).await;
    assert_eq!(s, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("non esiste"));
    let (_, body) = en.api(Method::GET, "/api/v1/sites/999999", None, None).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("does not exist"));
    for (path, code) in [
        ("/api/v1/sites?cursor=zzz", "bad_cursor"),
        ("/api/v1/sites?near=91,11", "validation"),
        ("/api/v1/sites?near=abc", "validation"),
        ("/api/v1/sites?kind=castle", "validation"),
        ("/api/v1/sites?walk_minutes=10", "validation"),
        ("/api/v1/sites/abc", "malformed"),
        ("/api/v1/places?bookable=maybe", "validation"),
        ("/api/v1/hubs?limit=x", "bad_limit"),
    ] {
        let (s, body) = it.api(Method::GET, path, None, None).await;
        assert!((400..500).contains(&s), "{path}: {s}");
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    let (s, body) = it.api(Method::GET, "/api/v1/nowhere", None, None).await;
    assert_eq!((s, body["error"]["code"].as_str()), (404, Some("not_found")));
    let (s, body) = it.api(Method::PATCH, "/api/v1/hubs", None, None).await;
    assert_eq!((s, body["error"]["code"].as_str()), (405, Some("method_not_allowed")));
    let (s, body) = it.api(Method::POST, "/api/v1/hubs", None, Some(json!({"name": "X"}))).await;
    assert_eq!((s, body["error"]["code"].as_str()), (401, Some("unauthorized")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_writes_get_field_errors_and_change_nothing() {
    let (app, f) = app_with_fixture().await;
    let token = token_for(app.store.as_ref(), MANAGER_A).await;
    let c = app.client();
    let before = app.store.counts().await.unwrap();
    let log = app.store.audit_log(None, None, 1000).await.unwrap().len();
    let body = json!({
        "hub_id": f.hub_a, "name": "", "kind": "castle", "address": "via Zamboni 1", "city": "Bologna",
        "lat": 44.5, "lon": 200.0,
        "hours": [{"weekday": 0, "opens": "09:00", "closes": "13:00"}, {"weekday": 0, "opens": "12:00", "closes": "15:00"},
                  {"weekday": 1, "opens": "18:00", "closes": "08:00"}],
    });
    let (s, body) = c.api(Method::POST, "/api/v1/sites", Some(&token), Some(body)).await;
    assert_eq!(s, 422, "{body}");
    let fields: Vec<(String, String)> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [
        ("name", "required"),
        ("kind", "kind"),
        ("lon", "range"),
        ("hours[1]", "hours-overlap"),
        ("hours[2]", "hours-end-before-start"),
    ] {
        assert!(fields.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {fields:?}");
    }
    assert!(body["error"]["fields"][0]["message"].as_str().unwrap().len() > 5);
    // Malformed JSON, wrong content type, a body too large.
    let r = c
        .http
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c.http.post(app.url("/api/v1/sites")).bearer_auth(&token).body("name=x").send().await.unwrap();
    assert_eq!(r.status(), 415);
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(400 * 1024));
    let r = c
        .http
        .post(app.url("/api/v1/hubs"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let j: serde_json::Value = r.json().await.unwrap();
    assert_eq!(j["error"]["code"], "payload_too_large");
    // Another hub's objects: forbidden.
    let (s, _) = c.api(Method::DELETE, &format!("/api/v1/sites/{}", f.b1), Some(&token), None).await;
    assert_eq!(s, 403);
    assert_eq!(app.store.counts().await.unwrap(), before);
    assert_eq!(app.store.audit_log(None, None, 1000).await.unwrap().len(), log);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_forms_validate_next_to_the_field_and_save() {
    let (app, f) = app_with_fixture().await;
    let c = app.client();
    assert_eq!(c.login(MANAGER_A, PASSWORD).await.status(), 303);
    let (s, form) = c.text(&format!("/manage/hubs/{}/sites/new", f.hub_a)).await;
    assert_eq!(s, 200);
    assert!(form.contains("name=\"h0_0_opens\""));
    let bad = [
        ("name", "Bottega Murri"),
        ("kind", "shop"),
        ("address", "via Murri 20"),
        ("city", "Bologna"),
        ("lat", "44,4820"),
        ("lon", "abc"),
        ("h0_0_opens", "09:00"),
        ("h0_0_closes", "08:00"),
        ("x0_date", "2026-12-24"),
        ("x1_date", "2026-13-40"),
    ];
    let r = c.post_form(&format!("/manage/hubs/{}/sites", f.hub_a), &bad).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"f-lon-error\"") && html.contains("Deve essere un numero"));
    assert!(unescape(&html).contains("lunedì 09:00–08:00: L'orario di chiusura"));
    assert!(html.contains("Data non valida"));
    assert!(html.contains("value=\"Bottega Murri\""), "the form keeps what was typed");
    assert_eq!(app.store.counts().await.unwrap().sites, 4);
    let good = [
        ("name", "Bottega Murri"),
        ("kind", "shop"),
        ("address", "via Murri 20"),
        ("city", "Bologna"),
        ("lat", "44,4820"),
        ("lon", "11.3560"),
        ("h0_0_opens", "09:00"),
        ("h0_0_closes", "13:00"),
        ("h0_1_opens", "15:30"),
        ("h0_1_closes", "19:30"),
        ("closed_on_holidays", "1"),
        ("x0_date", "2026-12-24"),
        ("x0_opens", "09:00"),
        ("x0_closes", "12:00"),
        ("x0_note", "Vigilia"),
        ("x1_date", "2026-12-25"),
    ];
    let r = c.post_form(&format!("/manage/hubs/{}/sites", f.hub_a), &good).await;
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = loc.trim_start_matches("/sites/").parse().unwrap();
    let s = app.store.site(id).await.unwrap().unwrap();
    assert_eq!(s.schedule.weekly.len(), 2);
    assert_eq!(s.schedule.exceptions.len(), 2);
    assert!((s.coordinates.lat() - 44.482).abs() < 1e-9);
    let (_, page) = c.text(&loc).await;
    assert!(page.contains("Bottega Murri") && page.contains("09:00–13:00, 15:30–19:30"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_need_the_csrf_token_and_cookies_are_safe() {
    let (app, f) = app_with_fixture().await;
    let c = app.client();
    // The session cookie is HttpOnly and SameSite=Lax.
    let r = c.login(MANAGER_A, PASSWORD).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("portineria_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let path = format!("/manage/places/{}", f.place_a1);
    let fields = [("name", "Kworking"), ("kind", "desk_pool"), ("capacity", "31")];
    // No token, a wrong token: refused, nothing changed.
    assert_eq!(c.post_form_raw(&path, &fields).await.status(), 403);
    let mut wrong = fields.to_vec();
    let bad = "0".repeat(64);
    wrong.push(("csrf", &bad));
    assert_eq!(c.post_form_raw(&path, &wrong).await.status(), 403);
    // A cross-site request is refused even with the token.
    let csrf = c.csrf().await;
    let mut with = fields.to_vec();
    with.push(("csrf", &csrf));
    let r = c.http.post(app.url(&path)).header("sec-fetch-site", "cross-site").form(&with).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.store.place(f.place_a1).await.unwrap().unwrap().capacity, 30);
    // JSON with the session cookie needs the header.
    let (s, _) = c
        .api(
            Method::PUT,
            &format!("/api/v1/places/{}", f.place_a1),
            None,
            Some(json!({"name":"Kworking","kind":"desk_pool","capacity":32})),
        )
        .await;
    assert_eq!(s, 403);
    let r = c
        .http
        .put(app.url(&format!("/api/v1/places/{}", f.place_a1)))
        .header("x-csrf-token", &csrf)
        .json(&json!({"name":"Kworking","kind":"desk_pool","capacity":32}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // With the token the form works.
    assert_eq!(c.post_form(&path, &fields).await.status(), 303);
    assert_eq!(app.store.place(f.place_a1).await.unwrap().unwrap().capacity, 31);
    // Security headers on every response.
    let r = c.get("/").await;
    for h in ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"] {
        assert!(r.headers().contains_key(h), "{h}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geojson_is_rfc_7946() {
    let (app, f) = app_with_fixture().await;
    let r = app.client().get("/api/v1/sites.geojson").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/geo+json");
    let g: serde_json::Value = r.json().await.unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    assert!(g.get("crs").is_none());
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 4);
    for feat in features {
        assert_eq!(feat["type"], "Feature");
        assert!(feat["properties"].is_object());
        assert_eq!(feat["geometry"]["type"], "Point");
        let c = feat["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
    }
    // Positions are [longitude, latitude].
    let serre = features.iter().find(|x| x["id"] == f.a1).unwrap();
    assert_eq!(serre["geometry"]["coordinates"], json!([11.35035, 44.484]));
    let (_, only_b) =
        app.client().api(Method::GET, &format!("/api/v1/sites.geojson?hub={}", f.hub_b), None, None).await;
    assert_eq!(only_b["features"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_now_follows_the_clock_in_rome_across_daylight_saving() {
    use portineria_domain::network::HoursInput;
    // Sunday 29 March 2026, 02:30 UTC = 04:30 in Rome (after the clocks went forward).
    let t = jiff::Timestamp::from_second(1_774_751_400).unwrap();
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app =
        TestApp::spawn_with(db, AppOptions { clock: portineria_web::Clock::Fixed(t), ..Default::default() }).await;
    let h = hub(app.store.as_ref(), "Kilowatt").await;
    let mut early = site_input("Forno aperto all'alba", "shop", 44.49, 11.34);
    early.hours = vec![HoursInput { weekday: 6, opens: "04:00".into(), closes: "06:00".into() }];
    let mut late = site_input("Bar di notte", "bar", 44.49, 11.35);
    // Open 03:00–04:00 wall clock: at 04:30 it is closed, though only 1.5 real hours passed since 02:00 CET.
    late.hours = vec![HoursInput { weekday: 6, opens: "03:00".into(), closes: "04:00".into() }];
    for i in [early, late] {
        app.store.create_site(&who(), h.id, &portineria_domain::network::validate_site(&i).unwrap()).await.unwrap();
    }
    let (_, html) = app.client().text("/directory?open_now=1").await;
    assert!(html.contains("Forno aperto all") && !html.contains("Bar di notte"));
    assert!(html.contains("Aperto fino alle 06:00"));
}
