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

impl Browser {
    async fn start() -> Option<Browser> {
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
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "prefs": {"intl.accept_languages": "it-IT,it"},
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--lang=it-IT", format!("--user-data-dir={}", profile.path().display())]
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
