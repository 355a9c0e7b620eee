//! The test harness: a fresh database per test on either engine, the app
//! served in-process on port 0, a cookie-keeping client, and helpers to run
//! the real `portineria` binary (servers, the mail sink, the CLI).

use portineria_domain::network::{
    HoursInput, HubInput, PlaceInput, SiteInput, validate_hub, validate_place, validate_site,
};
use portineria_domain::policy::Grant;
use portineria_store::{Hub, Place, Site, Store, Who};
use portineria_web::{AppState, Clock, Mailer, WebConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub const PASSWORD: &str = "una-password-lunga";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Whether the components that CI provides must be present.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The PostgreSQL server for tests, or `None` (a skip, unless under CI).
pub fn postgres_url() -> Option<String> {
    match std::env::var("PORTINERIA_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            assert!(!ci(), "CI=true but PORTINERIA_TEST_POSTGRES_URL is not set");
            eprintln!("skipped: PORTINERIA_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}_{}_{}_{n}", std::process::id(), jiff::Timestamp::now().as_microsecond() % 1_000_000_000)
}

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(unique("portineria-test"));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty, migrated database.
pub struct TestDb {
    pub engine: Engine,
    pub url: String,
    pub dir: TempDir,
}

impl TestDb {
    pub async fn new(engine: Engine) -> Option<TestDb> {
        let dir = TempDir::new();
        let url = match engine {
            Engine::Sqlite => format!("sqlite:{}", dir.path().join("test.db").display()),
            Engine::Postgres => {
                let admin = postgres_url()?;
                let name = unique("portineria_t");
                use portineria_store::sqlx::Connection;
                let mut conn = portineria_store::sqlx::PgConnection::connect(&admin).await.unwrap();
                portineria_store::sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
                replace_database(&admin, &name)
            }
        };
        Some(TestDb { engine, url, dir })
    }

    pub async fn open(&self) -> Arc<dyn Store> {
        portineria::open_store(&self.url).await.unwrap()
    }
}

/// `postgres://u@h:p/db?x` with another database name.
pub fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Runs `$body` against a fresh database of each engine.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, |$db:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let Some($db) = $crate::harness::TestDb::new($crate::harness::Engine::Sqlite).await else { return };
                $body.await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($db) = $crate::harness::TestDb::new($crate::harness::Engine::Postgres).await else { return };
                $body.await
            }
        }
    };
}

pub fn who() -> Who {
    Who::system("test")
}

pub async fn hub(store: &dyn Store, name: &str) -> Hub {
    let d = validate_hub(&HubInput { name: name.into(), city: Some("Bologna".into()), ..Default::default() }).unwrap();
    store.create_hub(&who(), &d).await.unwrap()
}

pub fn site_input(name: &str, kind: &str, lat: f64, lon: f64) -> SiteInput {
    SiteInput {
        name: name.into(),
        kind: kind.into(),
        address: "via Polischi 9".into(),
        city: "Bologna".into(),
        lat: Some(lat),
        lon: Some(lon),
        // Open every day, all day: tests that need closed hours say so.
        hours: (0..7).map(|d| HoursInput { weekday: d, opens: "00:00".into(), closes: "24:00".into() }).collect(),
        ..Default::default()
    }
}

pub async fn site(store: &dyn Store, hub: i64, name: &str, kind: &str, lat: f64, lon: f64) -> Site {
    let d = validate_site(&site_input(name, kind, lat, lon)).unwrap();
    store.create_site(&who(), hub, &d).await.unwrap()
}

pub async fn place(store: &dyn Store, site: i64, name: &str, kind: &str, capacity: i64) -> Place {
    let d = validate_place(&PlaceInput {
        name: name.into(),
        kind: kind.into(),
        capacity: Some(capacity),
        equipment: vec!["wifi".into()],
        bookable: true,
        ..Default::default()
    })
    .unwrap();
    store.create_place(&who(), site, &d).await.unwrap()
}

/// One hashed password shared by every test account (hashing is slow by design).
pub async fn password_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async { portineria_app::accounts::hash_password(PASSWORD.into()).await.unwrap() }).await.clone()
}

pub async fn account(store: &dyn Store, email: &str, grants: &[Grant]) -> i64 {
    let hash = password_hash().await;
    portineria::admin::ensure_user(store, email, email.split('@').next().unwrap_or("x"), &hash, grants, &who())
        .await
        .unwrap()
        .0
}

/// The app served in-process on a free port.
pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
    /// Keeps the database (and its folder) alive as long as the app.
    pub _db: TestDb,
}

pub struct AppOptions {
    pub clock: Clock,
    pub smtp: Option<String>,
    /// How the app's mail sender works; `None`: it only queues.
    pub sender: Option<portineria_web::outbox::SendOptions>,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions { clock: Clock::System, smtp: None, sender: Some(test_sender()) }
    }
}

/// The mail sender of in-process apps: it looks for mail queued past this
/// app (the sweeps' states, the store itself) every 200 ms.
pub fn test_sender() -> portineria_web::outbox::SendOptions {
    portineria_web::outbox::SendOptions { poll: Duration::from_millis(200), ..Default::default() }
}

impl TestApp {
    pub async fn spawn(db: TestDb) -> TestApp {
        Self::spawn_with(db, AppOptions::default()).await
    }

    pub async fn spawn_with(db: TestDb, options: AppOptions) -> TestApp {
        let store = db.open().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let outbox = db.dir.path().join("outbox");
        let mailer = match &options.smtp {
            Some(url) => Mailer::smtp(url, "Portineria <noreply@portineria.test>").unwrap(),
            None => Mailer::folder(outbox.clone(), "Portineria <noreply@portineria.test>").unwrap(),
        };
        let config = WebConfig { base_url: base.clone(), ..Default::default() };
        let state = AppState::new(store.clone(), config, mailer, options.clock).unwrap();
        if let Some(sender) = options.sender {
            portineria_web::outbox::spawn(state.clone(), sender);
        }
        let app = portineria_web::router(state);
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        TestApp { base, store, _db: db }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub lang: Option<&'static str>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Client { http, base: base.to_owned(), lang: None }
    }

    pub fn english(mut self) -> Client {
        self.lang = Some("en-GB,en;q=0.9");
        self
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.base));
        match self.lang {
            Some(l) => r.header("accept-language", l),
            None => r,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.req(reqwest::Method::GET, path).send().await.unwrap()
    }

    pub async fn text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let s = r.status().as_u16();
        (s, r.text().await.unwrap())
    }

    /// The CSRF token of the session, read from a page's meta tag.
    pub async fn csrf(&self) -> String {
        let (_, html) = self.text("/login").await;
        meta_csrf(&html)
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.req(reqwest::Method::POST, path).form(&all).send().await.unwrap()
    }

    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.req(reqwest::Method::POST, path).form(fields).send().await.unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/login", &[("email", email), ("password", password), ("next", "/")]).await
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut r = self.req(method, path);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }
}

/// Undoes the templates' HTML escaping, for assertions on visible text.
pub fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn meta_csrf(html: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = html.find(marker).expect("page has a csrf meta tag") + marker.len();
    html[start..start + 64].to_owned()
}

/// Issues an API token for an account directly through the store.
pub async fn token_of(store: &dyn Store, account_id: i64) -> String {
    let secret = portineria_app::accounts::new_api_token();
    let now = jiff::Timestamp::now().as_second();
    store.create_api_token(account_id, "test", &portineria_app::accounts::hash_token(&secret), now).await.unwrap();
    secret
}

pub async fn token_for(store: &dyn Store, email: &str) -> String {
    let account = store.account_by_email(email).await.unwrap().unwrap();
    token_of(store, account.id).await
}

/// `n` accounts (`{prefix}{i}@example.org`) that cannot sign in with a
/// password: for tests that need many people fast.
pub async fn people(store: &dyn Store, prefix: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let a = store
            .create_account(&portineria_store::NewAccount {
                email: format!("{prefix}{i}@example.org"),
                display_name: format!("{prefix} {i}"),
                password_hash: "x".into(),
                locale: "it".into(),
                now: 0,
            })
            .await
            .unwrap();
        ids.push(a.id);
    }
    ids
}

/// Tomorrow at `hour:00` in Rome.
pub fn tomorrow_at(hour: i8) -> jiff::Timestamp {
    let day = jiff::Timestamp::now().to_zoned(portineria_domain::rome()).date().tomorrow().unwrap();
    day.at(hour, 0, 0, 0).to_zoned(portineria_domain::rome()).unwrap().timestamp()
}

/// The real binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_portineria")
}

/// Runs the binary to completion; returns (status, stdout, stderr).
pub fn run_cli(args: &[&str], dir: &Path) -> (bool, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("PORTINERIA_DATABASE_URL")
        .env("PORTINERIA_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A child process killed when dropped.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `portineria serve` on a free port and waits until it answers.
pub async fn serve_process(database: &str, dir: &Path) -> (ChildGuard, String) {
    serve_process_with(database, dir, &[]).await
}

/// `portineria serve` with more environment (`PORTINERIA_SMTP_URL`, …).
pub async fn serve_process_with(database: &str, dir: &Path, env: &[(&str, &str)]) -> (ChildGuard, String) {
    let port = free_port();
    let child = Command::new(bin())
        .args(["serve", "--database", database, "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("PORTINERIA_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let guard = ChildGuard(child);
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(&format!("{base}/healthz")).await;
    (guard, base)
}

pub async fn wait_until_up(url: &str) {
    for _ in 0..300 {
        if reqwest::get(url).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
}

/// Starts the mail sink process on a free port; returns its SMTP URL and folder.
pub async fn mail_sink(dir: &Path) -> (ChildGuard, String, PathBuf) {
    mail_sink_on(dir, free_port()).await
}

/// The mail sink on a given port (one a sender was pointed at before the
/// sink was up).
pub async fn mail_sink_on(dir: &Path, port: u16) -> (ChildGuard, String, PathBuf) {
    let mail_dir = dir.join("sink");
    let child = Command::new(bin())
        .args(["mail-sink", "--listen", &format!("127.0.0.1:{port}"), "--dir"])
        .arg(&mail_dir)
        .env("PORTINERIA_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let guard = ChildGuard(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return (guard, format!("smtp://127.0.0.1:{port}"), mail_dir);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the mail sink did not start");
}

/// Decodes a quoted-printable body (RFC 2045 6.7), as a mail client would.
pub fn quoted_printable(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The messages in `dir` (decoded) once `enough` says so, or after 30 s;
/// for mail the app's sender sends after the change that queued it.
pub async fn wait_for_mails(dir: &Path, enough: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut got = Vec::new();
    for _ in 0..300 {
        got = mails(dir).iter().map(|m| quoted_printable(m)).collect();
        if enough(&got) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    got
}

/// The messages the sink received, oldest first.
pub fn mails(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "eml")).collect()
        })
        .unwrap_or_default();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}
