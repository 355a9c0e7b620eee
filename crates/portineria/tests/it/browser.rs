//! End-to-end tests in headless Chromium, driven through ChromeDriver
//! (W3C WebDriver) by a small client.

use crate::fixture::*;
use crate::harness::*;
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(var: &str, candidates: &[&str]) -> Option<String> {
    if let Ok(p) = std::env::var(var)
        && !p.is_empty()
    {
        return Some(p);
    }
    candidates.iter().find(|c| std::path::Path::new(c).exists()).map(|c| c.to_string())
}

struct Browser {
    http: reqwest::Client,
    base: String,
    session: String,
    _driver: ChildGuard,
    _profile: TempDir,
}

impl Drop for Browser {
    /// Ends the WebDriver session, so that ChromeDriver quits its Chromium:
    /// killing the driver alone leaves the browser's processes running.
    fn drop(&mut self) {
        use std::io::{Read, Write};
        let Some(addr) = self.base.strip_prefix("http://") else { return };
        if let Ok(mut s) = std::net::TcpStream::connect(addr) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = write!(
                s,
                "DELETE /session/{} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session
            );
            let mut answer = Vec::new();
            let _ = s.read_to_end(&mut answer);
        }
    }
}

impl Browser {
    async fn start() -> Option<Browser> {
        Self::start_with(Vec::new()).await
    }

    /// A browser with extra command-line switches (a fake camera, say).
    async fn start_with(extra: Vec<String>) -> Option<Browser> {
        let driver =
            find_program("PORTINERIA_TEST_CHROMEDRIVER", &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
        let chromium = find_program("PORTINERIA_TEST_CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
        let (Some(driver), Some(chromium)) = (driver, chromium) else {
            assert!(!ci(), "CI=true but Chromium or ChromeDriver is missing");
            eprintln!("skipped: chromium and chromedriver are not installed");
            return None;
        };
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let guard = ChildGuard(child);
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = TempDir::new();
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
            "--lang=it-IT",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra);
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "prefs": {"intl.accept_languages": "it-IT,it"},
                "args": args
            }
        }}});
        let r: Value = http.post(format!("{base}/session")).json(&caps).send().await.unwrap().json().await.unwrap();
        let session = r["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {r}")).to_owned();
        Some(Browser { http, base, session, _driver: guard, _profile: profile })
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let r = self.http.request(method, url).json(&body).send().await.unwrap();
        let v: Value = r.json().await.unwrap();
        v["value"].clone()
    }

    async fn go(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({"url": url})).await;
    }

    async fn js(&self, script: &str) -> Value {
        self.cmd(reqwest::Method::POST, "/execute/sync", json!({"script": script, "args": []})).await
    }

    async fn find(&self, css: &str) -> String {
        let v = self.cmd(reqwest::Method::POST, "/element", json!({"using": "css selector", "value": css})).await;
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {v}")).to_owned()
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{id}/click"), json!({})).await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{id}/clear"), json!({})).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{id}/value"), json!({"text": text})).await;
    }

    /// Waits until the script returns `true`.
    async fn wait_for(&self, what: &str, script: &str) {
        for _ in 0..100 {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.js("return location.href").await;
        panic!("timed out waiting for {what} (at {url})");
    }

    async fn sign_in(&self, app: &TestApp, email: &str) {
        self.go(&app.url("/login")).await;
        self.type_into("#email", email).await;
        self.type_into("#password", PASSWORD).await;
        self.click("form button[type=submit]").await;
        self.wait_for("signed in", "return location.pathname !== '/login'").await;
    }

    async fn quit(self) {
        let _ = self.http.delete(format!("{}/session/{}", self.base, self.session)).send().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_directory_language_and_sign_up_in_a_real_browser() {
    let Some(browser) = Browser::start().await else { return };
    let (app, _) = app_with_fixture().await;

    // The map shows a marker per site (tiles are out of reach here; markers are ours).
    browser.go(&app.url("/map")).await;
    browser.wait_for("four markers", "return document.getElementById('map').dataset.markers === '4'").await;
    let icons = browser.js("return document.querySelectorAll('.leaflet-marker-icon').length").await;
    assert_eq!(icons, json!(4));
    let listed = browser.js("return document.querySelectorAll('.site-list li').length").await;
    assert_eq!(listed, json!(4), "the list without JavaScript has the same sites");

    // The directory, filtered to 10 minutes on foot from Le Serre.
    browser.go(&app.url("/directory")).await;
    browser.wait_for("the directory", "return document.readyState === 'complete' && typeof htmx !== 'undefined'").await;
    browser.type_into("input[name=lat]", "44.48400").await;
    browser.type_into("input[name=lon]", "11.35035").await;
    browser.js("document.querySelector('select[name=walk]').value = '10'; return true").await;
    browser.click("form.filters button[type=submit]").await;
    browser
        .wait_for("filtered results", "return location.search.includes('walk=10') && document.getElementById('results').textContent.includes('Caffè della Porta')")
        .await;
    let results = browser.js("return document.getElementById('results').textContent").await;
    let results = results.as_str().unwrap();
    assert!(!results.contains("Biblioteca Salaborsa") && !results.contains("Avanzi Barona"), "{results}");
    assert!(results.contains("min a piedi"));

    // Switch language and back.
    browser.click("#lang-switch").await;
    browser.wait_for("English", "return document.documentElement.lang === 'en'").await;
    let h1 = browser.js("return document.querySelector('h1').textContent").await;
    assert_eq!(h1, json!("Search the network"));
    browser.click("#lang-switch").await;
    browser.wait_for("Italian", "return document.documentElement.lang === 'it'").await;

    // Sign up.
    browser.go(&app.url("/signup")).await;
    browser.type_into("#display_name", "Giovanna").await;
    browser.type_into("#email", "giovanna@example.org").await;
    browser.type_into("#password", "una-frase-lunga-e-sicura").await;
    browser.click("form button[type=submit]").await;
    browser
        .wait_for(
            "the profile",
            "return location.pathname === '/profile' && document.body.textContent.includes('Benvenuto')",
        )
        .await;
    assert!(app.store.account_by_email("giovanna@example.org").await.unwrap().is_some());
    browser.quit().await;
}

/// A video of `text` as a QR code, in the YUV4MPEG2 format Chromium's fake
/// camera plays: black modules on white, a quiet zone, ten identical frames.
fn qr_video(text: &str, path: &std::path::Path) {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let modules = code.to_colors();
    let n = code.width();
    let (w, h, scale) = (640usize, 480usize, 8usize);
    let side = (n + 8) * scale;
    let (x0, y0) = ((w - side) / 2, (h - side) / 2);
    let mut y_plane = vec![255u8; w * h];
    for (i, m) in modules.iter().enumerate() {
        if *m != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i % n + 4, i / n + 4);
        for dy in 0..scale {
            for dx in 0..scale {
                y_plane[(y0 + my * scale + dy) * w + x0 + mx * scale + dx] = 0;
            }
        }
    }
    let chroma = vec![128u8; (w / 2) * (h / 2)];
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..10 {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&y_plane);
        out.extend_from_slice(&chroma);
        out.extend_from_slice(&chroma);
    }
    std::fs::write(path, out).unwrap();
}

/// The host's phone at the door: the camera reads a member's personal code
/// (Chromium's fake camera plays a video of it) and the desk checks them in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_reads_a_personal_code_with_the_camera() {
    let (app, f) = app_with_fixture().await;
    let store = app.store.clone();
    let member = store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let plan = store
        .create_plan(
            &who(),
            &crate::passes::plan_draft(Some(f.hub_a), "Giornaliero", portineria_domain::passes::PlanKind::Day, 1500),
        )
        .await
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    store.sell(&who(), &crate::passes::sale(plan.id, member, f.hub_a, now - 3600, now + 86_400, 1500)).await.unwrap();
    let key = store.server_key("qr-signing", "browser-key").await.unwrap().into_bytes();
    let code = portineria_web::passes::qr::sign(&key, member, now + 86_400).unwrap();
    let dir = TempDir::new();
    let video = dir.path().join("code.y4m");
    qr_video(&code, &video);
    let Some(browser) = Browser::start_with(vec![
        "--use-fake-ui-for-media-stream".into(),
        "--use-fake-device-for-media-stream".into(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
    ])
    .await
    else {
        return;
    };
    browser.go(&app.url("/login")).await;
    browser.type_into("#email", HOST_A1).await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("form button[type=submit]").await;
    browser.wait_for("signed in", "return location.pathname !== '/login'").await;
    browser.go(&app.url(&format!("/desk/{}", f.a1))).await;
    browser.wait_for("the scan button", "return document.querySelector('[data-qr-scan] button') !== null").await;
    browser.click("[data-qr-scan] button").await;
    browser
        .wait_for(
            "the check-in",
            "return document.body.textContent.includes('Entrata registrata') && document.body.textContent.includes('1 persona presente')",
        )
        .await;
    assert_eq!(store.open_checkin(member).await.unwrap().map(|c| c.site_id), Some(f.a1));
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn book_a_desk_show_the_code_check_in_and_find_the_booking_in_the_feed() {
    let (app, f) = app_with_fixture().await;
    let store = app.store.clone();
    let member = store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    // The member holds a day pass of the hub (sold at the desk beforehand).
    let plan = store
        .create_plan(
            &who(),
            &crate::passes::plan_draft(Some(f.hub_a), "Giornaliero", portineria_domain::passes::PlanKind::Day, 1500),
        )
        .await
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    store.sell(&who(), &crate::passes::sale(plan.id, member, f.hub_a, now - 3600, now + 86_400, 1500)).await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let sign_in = |email: &'static str| browser.sign_in(&app, email);
    sign_in(MEMBER_A).await;
    // Book a desk for tomorrow from the place's page, choosing the hours on
    // the grid: 10:00, then 12:00 as the last hour, fills in 10:00–13:00.
    let tomorrow = crate::harness::tomorrow_at(9).to_zoned(portineria_domain::rome()).date();
    browser.go(&app.url(&format!("/places/{}?day={tomorrow}", f.place_a1))).await;
    browser.wait_for("the booking form", "return document.querySelector('form[action$=\"/book\"]') !== null").await;
    browser.click("table.slots a[data-from=\"10:00\"]").await;
    browser.click("table.slots a[data-from=\"12:00\"]").await;
    let chosen = browser
        .js("const f = n => document.querySelector('#book-form [name=' + n + ']').value; \
             return [f('day'), f('from'), f('to'), document.querySelectorAll('table.slots td.chosen').length, \
             document.querySelector('.slot-choice').textContent]")
        .await;
    assert_eq!(chosen[0], tomorrow.to_string(), "{chosen}");
    assert_eq!((&chosen[1], &chosen[2], &chosen[3]), (&json!("10:00"), &json!("13:00"), &json!(3)), "{chosen}");
    assert!(chosen[4].as_str().unwrap().contains("10:00") && chosen[4].as_str().unwrap().contains("13:00"), "{chosen}");
    browser.click("form[action$=\"/book\"] button[type=submit]").await;
    browser.wait_for("the confirmation", "return document.body.textContent.includes('Prenotazione confermata')").await;
    let booked = store.account_bookings(member, now, None, 10).await.unwrap();
    assert_eq!(booked.len(), 1, "{booked:?}");
    assert_eq!(booked[0].place_id, f.place_a1);
    assert_eq!(booked[0].end - booked[0].start, 3 * 3600);
    // The personal code: a QR image and the same code in letters.
    browser.go(&app.url("/me/qr")).await;
    browser.wait_for("the code", "return document.querySelector('code.qr-code') !== null").await;
    let code = browser.js("return document.querySelector('code.qr-code').textContent.trim()").await;
    let code = code.as_str().unwrap().to_owned();
    assert!(code.len() > 20, "{code}");
    browser
        .wait_for("the QR image", "const i = document.querySelector('img[src=\"/me/qr.svg\"]'); return i !== null && i.complete && i.naturalWidth > 0")
        .await;
    // The personal calendar feed, made on the profile page.
    browser.go(&app.url("/profile")).await;
    browser.click("form[action=\"/profile/calendar\"] button").await;
    browser.wait_for("the feed's address", "return document.querySelector('#feed-url') !== null").await;
    let feed_url = browser.js("return document.querySelector('#feed-url').textContent.trim()").await;
    let feed_url = feed_url.as_str().unwrap().to_owned();
    // The host checks the member in at the desk by typing the code.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    sign_in(HOST_A1).await;
    browser.go(&app.url(&format!("/desk/{}", f.a1))).await;
    browser.type_into("#f-code", &code).await;
    browser.click("button[name=action][value=in]").await;
    browser
        .wait_for(
            "the check-in",
            "return document.body.textContent.includes('Entrata registrata') && document.body.textContent.includes('1 persona presente')",
        )
        .await;
    assert_eq!(store.open_checkin(member).await.unwrap().map(|c| c.site_id), Some(f.a1));
    browser.quit().await;
    // The feed, read by a calendar program: the booking is in it.
    let ics = reqwest::get(&feed_url).await.unwrap().text().await.unwrap();
    let parsed: icalendar::Calendar = ics.parse().unwrap();
    let events: Vec<&icalendar::Event> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1, "{ics}");
    use icalendar::Component;
    assert!(events[0].get_summary().unwrap().contains("Kworking"), "{ics}");
    let start = jiff::Timestamp::from_second(booked[0].start).unwrap().strftime("%Y%m%dT%H%M%SZ").to_string();
    assert!(ics.contains(&format!("DTSTART:{start}")), "{ics}");
}

/// The platform in a browser: a resident posts a demand, sees the matching
/// offer and why, proposes the exchange; the offer's poster confirms and marks
/// it done; both see their time-bank balances move.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_a_demand_find_the_offer_exchange_and_see_both_balances_move() {
    let (app, _f) = app_with_fixture().await;
    let store = app.store.clone();
    let member = store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let resident = store.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let repairs = store.categories().await.unwrap().iter().find(|c| c.slug == "riparazioni").unwrap().id;
    let offer = portineria_domain::listings::ListingInput {
        direction: "offer".into(),
        kind: "service".into(),
        title: "Riparo biciclette in cortile".into(),
        category_id: Some(repairs),
        value_minutes: Some(90),
        ..Default::default()
    };
    let now = jiff::Timestamp::now().as_second();
    let draft = portineria_domain::listings::validate_listing(&offer, now).unwrap();
    let offer = store.create_listing(&who(), member, &draft, now).await.unwrap();
    let Some(browser) = Browser::start().await else { return };
    let sign_in = |email: &'static str| browser.sign_in(&app, email);
    sign_in(RESIDENT).await;
    // Post a demand from the board: three fields.
    browser.go(&app.url("/listings")).await;
    browser.click("a[href=\"/listings/new\"]").await;
    browser.wait_for("the form", "return document.querySelector('form[action=\"/listings\"]') !== null").await;
    browser.type_into("#f-title", "Mi serve sistemare la bicicletta").await;
    browser.js(&format!("document.querySelector('#f-category_id').value = '{repairs}'; return true")).await;
    browser.click("form[action=\"/listings\"] button[type=submit]").await;
    browser.wait_for("the listing", "return document.body.textContent.includes('Annuncio pubblicato')").await;
    // The matching offer, with its reasons.
    let text = browser.js("return document.querySelector('.matches').textContent").await;
    let text = text.as_str().unwrap().to_owned();
    assert!(text.contains("Riparo biciclette in cortile"), "{text}");
    assert!(text.contains("stessa categoria"), "{text}");
    assert!(text.contains("parole in comune: biciclett"), "{text}");
    let hours = browser.js("return document.querySelector('.matches input[name=hours]').value").await;
    assert_eq!(hours.as_str(), Some("1:30"), "the offer's value is proposed");
    browser.click(".matches form button[type=submit]").await;
    browser.wait_for("the exchange", "return document.body.textContent.includes('Scambio proposto')").await;
    let id: i64 = browser.js("return location.pathname.split('/')[2]").await.as_str().unwrap().parse().unwrap();
    let x = store.exchange(id).await.unwrap().unwrap();
    assert_eq!(x.legs.iter().filter_map(|l| l.minutes).collect::<Vec<_>>(), vec![90]);
    assert_eq!(store.listing(offer.id).await.unwrap().unwrap().status, portineria_domain::listings::Status::Open);
    // The offer's poster confirms, then marks it done.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    sign_in(MEMBER_A).await;
    browser.go(&app.url("/me/exchanges")).await;
    browser.wait_for("the list", "return document.body.textContent.includes('tocca a te')").await;
    browser.click(&format!("a[href=\"/exchanges/{id}\"]")).await;
    browser
        .wait_for(
            "the exchange",
            &format!("return document.querySelector('form[action=\"/exchanges/{id}/confirm\"]') !== null"),
        )
        .await;
    browser.click(&format!("form[action=\"/exchanges/{id}/confirm\"] button")).await;
    browser.wait_for("accepted", "return document.body.textContent.includes('accettato da tutti')").await;
    assert_eq!(store.listing(offer.id).await.unwrap().unwrap().status, portineria_domain::listings::Status::InExchange);
    browser.click(&format!("form[action=\"/exchanges/{id}/complete\"] button")).await;
    browser.wait_for("done", "return document.body.textContent.includes('Scambio concluso')").await;
    browser.go(&app.url("/me/timebank")).await;
    let balance = browser.js("return document.querySelector('.timebank-balance').textContent").await;
    assert!(balance.as_str().unwrap().contains("+1:30"), "{balance}");
    // And the resident's went down by as much.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    sign_in(RESIDENT).await;
    browser.go(&app.url("/me/timebank")).await;
    let balance = browser.js("return document.querySelector('.timebank-balance').textContent").await;
    assert!(balance.as_str().unwrap().contains("−1:30"), "{balance}");
    // A review, from the exchange's page.
    browser.go(&app.url(&format!("/exchanges/{id}"))).await;
    browser.click(".review-form input[name=rating][value=\"5\"]").await;
    browser.click(".review-form button[type=submit]").await;
    browser.wait_for("the review", "return document.body.textContent.includes('Grazie per la recensione')").await;
    browser.quit().await;
    let person = |id: i64| store.timebank_account_of("person", id);
    assert_eq!(person(member).await.unwrap().unwrap().balance_minutes, 90);
    assert_eq!(person(resident).await.unwrap().unwrap().balance_minutes, -90);
    assert_eq!(store.exchange_reviews(id).await.unwrap().len(), 1);
}

/// A parent finds a kids' lab by filter, enrols, cancels, and the person
/// waiting is moved up (and sees it on their page).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_a_kids_lab_enrol_cancel_and_the_waiting_person_moves_up() {
    let (app, f) = app_with_fixture().await;
    let store = app.store.clone();
    let member = store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let now = jiff::Timestamp::now().as_second();
    let start = tomorrow_at(16).as_second();
    let lab = portineria_domain::programme::EventInput {
        kind: "kids_lab".into(),
        title: "Kw baby: piccoli robot".into(),
        audience: Some("kids".into()),
        topics: Some("robotics".into()),
        capacity: 1,
        sessions: vec![portineria_domain::programme::SessionInput {
            start,
            end: start + 5400,
            site_id: f.a1,
            place_id: None,
        }],
        ..Default::default()
    };
    let talk = portineria_domain::programme::EventInput {
        kind: "talk".into(),
        title: "Incontro per adulti".into(),
        audience: Some("adults".into()),
        ..lab.clone()
    };
    for i in [&lab, &talk] {
        let draft = portineria_domain::programme::validate_event(i, now, &portineria_domain::rome()).unwrap();
        let e = portineria_store::NewEvent {
            hub_id: f.hub_a,
            organiser_account_id: Some(member),
            organiser_actor_id: None,
            draft,
            now,
        };
        store.create_event(&who(), &e).await.unwrap();
    }
    let Some(browser) = Browser::start().await else { return };
    // The resident, a parent, filters by audience and enrols: the one place is theirs.
    browser.sign_in(&app, RESIDENT).await;
    browser.go(&app.url("/programme")).await;
    browser.js("document.querySelector('#f-audience').value = 'kids'; return true").await;
    browser.click("form[action=\"/programme\"] button[type=submit]").await;
    browser.wait_for("the filtered list", "return location.search.includes('audience=kids')").await;
    let titles = browser.js("return document.querySelector('ul.programme').textContent").await;
    let titles = titles.as_str().unwrap().to_owned();
    assert!(titles.contains("Kw baby: piccoli robot") && !titles.contains("Incontro per adulti"), "{titles}");
    browser.click("ul.programme a").await;
    browser.wait_for("the lab's page", "return document.querySelector('form[action$=\"/enrol\"]') !== null").await;
    browser.click("form[action$=\"/enrol\"] button[type=submit]").await;
    browser.wait_for("enrolled", "return document.body.textContent.includes('sei iscritto')").await;
    // The member asks too and waits, first in line.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    browser.sign_in(&app, MEMBER_A).await;
    let id = store.list_events(&portineria_store::EventQuery { limit: 10, ..Default::default() }).await.unwrap()[0].id;
    browser.go(&app.url(&format!("/events/{id}"))).await;
    browser.click("form[action$=\"/enrol\"] button[type=submit]").await;
    browser.wait_for("waiting", "return document.body.textContent.includes('lista d\\'attesa, al posto 1')").await;
    // The parent cancels from their enrolments.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    browser.sign_in(&app, RESIDENT).await;
    browser.go(&app.url("/me/enrolments")).await;
    browser.click("form[action$=\"/cancel\"] button[type=submit]").await;
    browser.wait_for("cancelled", "return document.body.textContent.includes('Iscrizione annullata')").await;
    // The member, who waited, is now in.
    browser.click("form[action=\"/logout\"] button").await;
    browser.wait_for("signed out", "return document.querySelector('form[action=\"/logout\"]') === null").await;
    browser.sign_in(&app, MEMBER_A).await;
    browser.go(&app.url(&format!("/events/{id}"))).await;
    browser.wait_for("moved up", "return document.body.textContent.includes('Sei iscritto.')").await;
    let roster = store.event_roster(id).await.unwrap();
    let promoted = roster.iter().find(|a| a.enrolment.account_id == member).unwrap();
    assert!(promoted.enrolment.promoted);
    assert_eq!(promoted.enrolment.status, portineria_domain::programme::EnrolmentStatus::Enrolled);
}
