//! Shared server state and the in-process site index.

use crate::i18n::I18n;
use crate::mail::Mailer;
use jiff::Timestamp;
use portineria_store::{Site, SiteQuery, Store};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::Mutex;

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
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            tile_attribution: "© OpenStreetMap contributors".into(),
            secure_cookies: false,
            trust_proxy: false,
            login_attempts_per_account: 5,
            login_attempts_per_client: 30,
            session_seconds: 30 * 86_400,
        }
    }
}

/// The current instant; fixed in tests that need a known time.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Timestamp),
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub i18n: Arc<I18n>,
    pub mailer: Arc<Mailer>,
    pub clock: Clock,
    pub index: Arc<SiteIndexCache>,
    pub csp: Arc<str>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig, mailer: Mailer, clock: Clock) -> Result<Self, String> {
        let tile_origin = origin_of(&config.tile_url);
        let csp = format!(
            "default-src 'self'; img-src 'self' data: {tile_origin}; style-src 'self'; script-src 'self'; \
             connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        );
        Ok(Self {
            store,
            config: Arc::new(config),
            i18n: Arc::new(I18n::new()?),
            mailer: Arc::new(mailer),
            clock,
            index: Arc::new(SiteIndexCache::default()),
            csp: csp.into(),
        })
    }

    /// The network's name as last loaded (no query; for error pages).
    pub fn index_name(&self) -> String {
        let name = self.index.snapshot().network_name.clone();
        if name.is_empty() { "Portineria".to_owned() } else { name }
    }

    /// Every site of the network, as of the store's current revision.
    pub async fn sites(&self) -> Result<Arc<SiteIndex>, portineria_store::StoreError> {
        self.index.get(self.store.as_ref()).await
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

/// All sites in memory, rebuilt when the store's revision moves. Every
/// directory, map and home request reads the revision (one cheap query), so a
/// change made through any server process is seen by the next request of
/// every other one.
#[derive(Debug, Default)]
pub struct SiteIndex {
    pub revision: i64,
    pub network_name: String,
    pub sites: Vec<Arc<Site>>,
    by_id: HashMap<i64, usize>,
}

impl SiteIndex {
    pub fn get(&self, id: i64) -> Option<&Arc<Site>> {
        self.by_id.get(&id).and_then(|i| self.sites.get(*i))
    }
}

#[derive(Debug)]
pub struct SiteIndexCache {
    current: RwLock<Arc<SiteIndex>>,
    reload: Mutex<()>,
}

impl Default for SiteIndexCache {
    fn default() -> Self {
        Self {
            current: RwLock::new(Arc::new(SiteIndex { revision: -1, ..Default::default() })),
            reload: Mutex::new(()),
        }
    }
}

impl SiteIndexCache {
    pub(crate) fn snapshot(&self) -> Arc<SiteIndex> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub async fn get(&self, store: &dyn Store) -> Result<Arc<SiteIndex>, portineria_store::StoreError> {
        let network = store.network().await?;
        let revision = network.revision;
        let current = self.snapshot();
        if current.revision == revision {
            return Ok(current);
        }
        let _guard = self.reload.lock().await;
        let current = self.snapshot();
        if current.revision >= revision {
            return Ok(current);
        }
        // Read the revision again after loading: if it moved meanwhile, the
        // next request reloads (we never label old data with a new revision).
        let mut sites: Vec<Arc<Site>> =
            store.search_sites(&SiteQuery::default()).await?.into_iter().map(Arc::new).collect();
        // Kept in display order (name, then id) so unsorted listings need no sort.
        sites.sort_by_cached_key(|s| (portineria_domain::text::fold(&s.name), s.id));
        let by_id = sites.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let index = Arc::new(SiteIndex { revision, network_name: network.name, sites, by_id });
        match self.current.write() {
            Ok(mut g) => *g = index.clone(),
            Err(poisoned) => *poisoned.into_inner() = index.clone(),
        }
        Ok(index)
    }
}
