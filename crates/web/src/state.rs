//! The web server's state: the use cases ([`App`]) and what only the web
//! layer needs (its deployment settings, the translations, the mailer, the
//! content security policy).

use crate::http::i18n::I18n;
use crate::http::mail::Mailer;
use portineria_app::App;
pub use portineria_app::Clock;
use portineria_store::Store;
use std::sync::Arc;

/// What the web layer needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public address used in mailed links, e.g. `https://portineria.example.org`.
    pub base_url: String,
    /// Map tiles, `{z}/{x}/{y}` style.
    pub tile_url: String,
    pub tile_attribution: String,
    /// Mark cookies `Secure` (on when `base_url` is https).
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    pub trust_proxy: bool,
    /// Failed logins allowed per address and per client in 15 minutes.
    pub login_attempts_per_account: i64,
    pub login_attempts_per_client: i64,
    /// Session lifetime in seconds.
    pub session_seconds: i64,
}

impl Default for WebConfig {
    fn default() -> Self {
        let rules = portineria_app::Config::default();
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            tile_attribution: "© OpenStreetMap contributors".into(),
            secure_cookies: false,
            trust_proxy: false,
            login_attempts_per_account: rules.login_attempts_per_account,
            login_attempts_per_client: rules.login_attempts_per_client,
            session_seconds: rules.session_seconds,
        }
    }
}

/// What every request shares. One `Arc`: axum clones the state for each
/// request and each extractor, so a clone is one counter, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

impl std::ops::Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.0
    }
}

pub struct StateInner {
    /// The use cases.
    pub app: App,
    pub config: Arc<WebConfig>,
    pub i18n: Arc<I18n>,
    pub mailer: Arc<Mailer>,
    pub clock: Clock,
    pub csp: axum::http::HeaderValue,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig, mailer: Mailer, clock: Clock) -> Result<Self, String> {
        let tile_origin = origin_of(&config.tile_url);
        let csp = format!(
            "default-src 'self'; img-src 'self' data: {tile_origin}; style-src 'self'; script-src 'self'; \
             connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        );
        let rules = portineria_app::Config {
            login_attempts_per_account: config.login_attempts_per_account,
            login_attempts_per_client: config.login_attempts_per_client,
            session_seconds: config.session_seconds,
        };
        let app = App::new(store, rules, clock);
        Ok(Self(Arc::new(StateInner {
            app,
            config: Arc::new(config),
            i18n: Arc::new(I18n::new()?),
            mailer: Arc::new(mailer),
            clock,
            csp: axum::http::HeaderValue::from_str(&csp).map_err(|e| format!("content security policy: {e}"))?,
        })))
    }

    /// The network's name as last loaded (no query; for error pages).
    pub fn index_name(&self) -> String {
        self.app.network_name()
    }

    /// Every site of the network, as of the store's current revision.
    pub async fn sites(&self) -> Result<Arc<portineria_app::network::SiteIndex>, portineria_app::Error> {
        self.app.sites().await
    }
}

/// `https://tile.example.org/{z}/…` → `https://tile.example.org`.
fn origin_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return String::new() };
    let host = rest.split('/').next().unwrap_or("");
    // `{s}` subdomain templates: allow any subdomain of the host.
    let host = host.replace("{s}.", "*.");
    format!("{scheme}://{host}")
}
