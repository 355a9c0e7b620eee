//! Shared server state and the in-process site index.

use crate::i18n::I18n;
use crate::i18n::Tr;
use crate::mail::Mailer;
use jiff::Timestamp;
use portineria_domain::hours::OpenStatus;
use portineria_store::{Counts, Hub, Place, PlaceQuery, Site, SiteQuery, Store};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
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
    /// Unix seconds that a test moves forward (a stay of an hour, a day later).
    Manual(&'static std::sync::atomic::AtomicI64),
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => *t,
            Clock::Manual(s) => {
                Timestamp::from_second(s.load(std::sync::atomic::Ordering::SeqCst)).unwrap_or_else(|_| Timestamp::now())
            }
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
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub i18n: Arc<I18n>,
    pub mailer: Arc<Mailer>,
    pub clock: Clock,
    pub index: Arc<SiteIndexCache>,
    pub csp: axum::http::HeaderValue,
    /// The key that signs personal QR codes, read once from the store.
    pub qr_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// What is happening now, shared for a moment by the requests that ask.
    pub live: Arc<LiveCache>,
    /// The written-out instants of availability grids, per period.
    pub slot_times: Arc<SlotTimes>,
    /// Open offers and demands, kept current, for ranked matches.
    pub matches: Arc<crate::matchindex::MatchIndex>,
    /// Wakes this server's mail sender (`crate::outbox`) after a write that
    /// may have queued mail.
    pub mail_wake: Arc<tokio::sync::Notify>,
}

/// The instants of an availability grid's slots, written out as the JSON
/// begins each slot (`{"start":"…","end":"…","start_local":"…","open":`).
/// They depend on the period and the slot length only, never on the place,
/// so every place asked about for the same week shares them. Exact: nothing
/// to forget, but the number of periods kept is bounded.
#[derive(Default)]
pub struct SlotTimes {
    periods: std::sync::Mutex<HashMap<Period, Arc<Vec<String>>>>,
}

/// `(from, to, slot seconds)`.
type Period = (i64, i64, i64);

/// Periods kept at once (a week of half-hour slots is about 30 KB).
const SLOT_TIME_PERIODS: usize = 128;

impl SlotTimes {
    /// The slots' openings for `[from, to)` in slots of `slot` seconds, as
    /// `domain::booking::availability` cuts them.
    pub fn get(&self, from: i64, to: i64, slot: i64) -> Arc<Vec<String>> {
        let key = (from, to, slot);
        if let Some(v) = lock(&self.periods).get(&key) {
            return v.clone();
        }
        let v = Arc::new(slot_openings(from, to, slot));
        let mut m = lock(&self.periods);
        if m.len() >= SLOT_TIME_PERIODS {
            m.clear();
        }
        m.insert(key, v.clone());
        v
    }
}

fn slot_openings(from: i64, to: i64, slot: i64) -> Vec<String> {
    use portineria_domain::rfc3339;
    let tz = portineria_domain::rome();
    let mut offsets = rfc3339::Offsets::new(&tz);
    let mut out = Vec::new();
    let mut start = from;
    while slot > 0 && start < to {
        let end = (start + slot).min(to);
        let mut s = String::with_capacity(96);
        s.push_str(r#"{"start":""#);
        rfc3339::push(&mut s, start, 0, true);
        s.push_str(r#"","end":""#);
        rfc3339::push(&mut s, end, 0, true);
        s.push_str(r#"","start_local":""#);
        offsets.push(&mut s, start);
        s.push_str(r#"","open":"#);
        out.push(s);
        start += slot;
    }
    out
}

/// How long an answer about "now" (who is in, what is booked on a day) is
/// shared between requests. A write through this server forgets it at once;
/// another server's write is seen within this time.
pub const LIVE_FOR: Duration = Duration::from_secs(1);

/// Short-lived answers about what is happening now: a site's occupancy and
/// a place's bookings of a day.
#[derive(Default)]
pub struct LiveCache {
    /// Site → (people in, desk seats booked now).
    occupancy: Shared<i64, (i64, i64)>,
    /// (place, start of the day) → the day's bookings as `(start, end)`.
    day_bookings: Shared<(i64, i64), DayBookings>,
}

/// A place's bookings of one day, as `(start, end)`.
pub type DayBookings = Arc<Vec<(i64, i64)>>;

/// Values with the moment they were read.
type Shared<K, V> = std::sync::Mutex<HashMap<K, (Instant, V)>>;

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn fresh<K: std::hash::Hash + Eq, V: Clone>(map: &std::sync::Mutex<HashMap<K, (Instant, V)>>, k: &K) -> Option<V> {
    lock(map).get(k).filter(|(at, _)| at.elapsed() < LIVE_FOR).map(|(_, v)| v.clone())
}

fn keep<K: std::hash::Hash + Eq, V>(map: &std::sync::Mutex<HashMap<K, (Instant, V)>>, k: K, v: V) {
    let mut m = lock(map);
    if m.len() > 10_000 {
        m.retain(|_, (at, _)| at.elapsed() < LIVE_FOR);
    }
    m.insert(k, (Instant::now(), v));
}

impl LiveCache {
    /// People checked in at a site and desk seats booked now.
    pub async fn occupancy(
        &self,
        store: &dyn Store,
        site: i64,
        now: i64,
    ) -> Result<(i64, i64), portineria_store::StoreError> {
        if let Some(v) = fresh(&self.occupancy, &site) {
            return Ok(v);
        }
        let v = store.site_occupancy(site, now).await?;
        keep(&self.occupancy, site, v);
        Ok(v)
    }

    /// A place's confirmed bookings overlapping `[from, to)` (one local day).
    pub async fn day_bookings(
        &self,
        store: &dyn Store,
        place: i64,
        from: i64,
        to: i64,
    ) -> Result<DayBookings, portineria_store::StoreError> {
        if let Some(v) = fresh(&self.day_bookings, &(place, from)) {
            return Ok(v);
        }
        let v: DayBookings =
            Arc::new(store.place_busy(place, from, to).await?.iter().map(|b| (b.start, b.end)).collect());
        keep(&self.day_bookings, (place, from), v.clone());
        Ok(v)
    }

    /// Forgets what this server knew about a site and one of its places.
    pub fn forget(&self, site: i64, place: Option<i64>) {
        lock(&self.occupancy).remove(&site);
        if let Some(p) = place {
            lock(&self.day_bookings).retain(|(pl, _), _| *pl != p);
        }
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig, mailer: Mailer, clock: Clock) -> Result<Self, String> {
        let tile_origin = origin_of(&config.tile_url);
        let csp = format!(
            "default-src 'self'; img-src 'self' data: {tile_origin}; style-src 'self'; script-src 'self'; \
             connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        );
        let index = Arc::new(SiteIndexCache::default());
        let notified = index.clone();
        store.subscribe_changes(Arc::new(move || notified.mark_dirty()));
        Ok(Self(Arc::new(StateInner {
            store,
            config: Arc::new(config),
            i18n: Arc::new(I18n::new()?),
            mailer: Arc::new(mailer),
            clock,
            index,
            csp: axum::http::HeaderValue::from_str(&csp).map_err(|e| format!("content security policy: {e}"))?,
            qr_key: Arc::new(tokio::sync::OnceCell::new()),
            live: Arc::new(LiveCache::default()),
            slot_times: Arc::new(SlotTimes::default()),
            matches: Arc::new(crate::matchindex::MatchIndex::default()),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
        })))
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

/// All sites (and the hubs) in memory, rebuilt when the store's revision
/// moves. The revision is read again when a write went through this server,
/// when the store reports another process's change (PostgreSQL notifies every
/// server at commit), and in any case at most [`REVALIDATE_AFTER`] after the
/// last check, so a change made anywhere is seen everywhere within that time.
#[derive(Debug, Default)]
pub struct SiteIndex {
    pub revision: i64,
    pub network_name: String,
    pub counts: Counts,
    /// Every hub, by id.
    pub hubs: Vec<Hub>,
    pub sites: Vec<Arc<Site>>,
    by_id: HashMap<i64, usize>,
    /// Positions of `sites` by grid cell of `GRID_DEGREES`, for queries near a point.
    grid: HashMap<(i32, i32), Vec<usize>>,
    /// Each site's places, loaded on first use and kept for this revision.
    places: std::sync::Mutex<HashMap<i64, Arc<Vec<Place>>>>,
    /// The site of each place asked for by id, for this revision.
    place_sites: std::sync::Mutex<HashMap<i64, i64>>,
    /// The whole network as GeoJSON, built on first use for this revision.
    pub geojson: std::sync::OnceLock<Arc<[u8]>>,
    /// Each site's open/closed status with the window in which it holds
    /// (Unix seconds, `[from, until)`) and its wording per language for the
    /// local day it was worded on: computed once per change of status.
    statuses: RwLock<HashMap<i64, StatusEntry>>,
    /// Rendered fragments (a site's list of places, per language).
    fragments: RwLock<HashMap<(i64, &'static str), Arc<str>>>,
    /// Which sites are open, for the local minute it was computed for.
    open: RwLock<Option<OpenSites>>,
}

#[derive(Debug, Clone)]
struct StatusEntry {
    from: i64,
    until: i64,
    status: OpenStatus,
    /// The local day the texts were worded on ("apre domani" changes at midnight).
    day: jiff::civil::Date,
    /// Italian, English.
    text: [Option<Arc<str>>; 2],
}

/// The positions of the sites open at a local date and minute.
type OpenSites = (jiff::civil::Date, u16, Arc<Vec<usize>>);

/// Grid cell size for the spatial lookup: about 1.1 km of latitude.
const GRID_DEGREES: f64 = 0.01;
/// Beyond this many cells a box is answered by scanning every site.
const GRID_MAX_CELLS: i64 = 2_500;

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    ((lat / GRID_DEGREES).floor() as i32, (lon / GRID_DEGREES).floor() as i32)
}

fn grid_of(sites: &[Arc<Site>]) -> HashMap<(i32, i32), Vec<usize>> {
    let mut grid: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (i, s) in sites.iter().enumerate() {
        grid.entry(cell(s.coordinates.lat(), s.coordinates.lon())).or_default().push(i);
    }
    grid
}

impl SiteIndex {
    pub fn get(&self, id: i64) -> Option<&Arc<Site>> {
        self.by_id.get(&id).and_then(|i| self.sites.get(*i))
    }

    /// The sites that may lie in `b` (a superset, in display order), or
    /// `None` when the box is so large that scanning every site is cheaper.
    pub fn in_box(&self, b: &portineria_domain::geo::BoundingBox) -> Option<Vec<&Arc<Site>>> {
        let (lat0, lon0) = cell(b.min_lat, b.min_lon);
        let (lat1, lon1) = cell(b.max_lat, b.max_lon);
        let cells = (i64::from(lat1) - i64::from(lat0) + 1) * (i64::from(lon1) - i64::from(lon0) + 1);
        if cells > GRID_MAX_CELLS {
            return None;
        }
        let mut found: Vec<usize> = Vec::new();
        for la in lat0..=lat1 {
            for lo in lon0..=lon1 {
                if let Some(v) = self.grid.get(&(la, lo)) {
                    found.extend_from_slice(v);
                }
            }
        }
        found.sort_unstable();
        Some(found.into_iter().filter_map(|i| self.sites.get(i)).collect())
    }

    /// A place by id: from its site's places in memory once its site is
    /// known, otherwise from the store.
    pub async fn place(&self, store: &dyn Store, id: i64) -> Result<Option<Place>, portineria_store::StoreError> {
        let site = match self.place_sites.lock() {
            Ok(m) => m.get(&id).copied(),
            Err(poisoned) => poisoned.into_inner().get(&id).copied(),
        };
        if let Some(site) = site
            && self.get(site).is_some()
        {
            let places = self.places(store, site).await?;
            return Ok(places.iter().find(|p| p.id == id).cloned());
        }
        let place = store.place(id).await?;
        if let Some(p) = &place {
            match self.place_sites.lock() {
                Ok(mut m) => m.insert(id, p.site_id),
                Err(poisoned) => poisoned.into_inner().insert(id, p.site_id),
            };
        }
        Ok(place)
    }

    /// The places of a site of this index (from memory after the first time).
    pub async fn places(
        &self,
        store: &dyn Store,
        site_id: i64,
    ) -> Result<Arc<Vec<Place>>, portineria_store::StoreError> {
        if let Some(p) = self.lock_places().get(&site_id) {
            return Ok(p.clone());
        }
        let places = Arc::new(store.list_places(&PlaceQuery { site_id: Some(site_id), ..Default::default() }).await?);
        self.lock_places().insert(site_id, places.clone());
        Ok(places)
    }

    /// The positions (in `sites`) of the sites open at a local date and
    /// minute, computed once per minute.
    pub fn open_at(&self, date: jiff::civil::Date, minute: u16) -> Arc<Vec<usize>> {
        if let Ok(g) = self.open.read()
            && let Some((d, m, open)) = g.as_ref()
            && *d == date
            && *m == minute
        {
            return open.clone();
        }
        let open: Arc<Vec<usize>> = Arc::new(
            self.sites
                .iter()
                .enumerate()
                .filter(|(_, s)| s.schedule.is_open_local(date, minute))
                .map(|(i, _)| i)
                .collect(),
        );
        if let Ok(mut g) = self.open.write() {
            *g = Some((date, minute, open.clone()));
        }
        open
    }

    /// A site's status at `now`, from memory while it cannot have changed.
    pub fn status(&self, site: &Site, now: Timestamp) -> OpenStatus {
        self.entry(site, now).status
    }

    /// A site's status at `now` and its wording ("Aperto fino alle 19:00"),
    /// from memory while neither can have changed. `today` is `now`'s local date.
    pub fn status_text(
        &self,
        site: &Site,
        now: Timestamp,
        today: jiff::civil::Date,
        tr: &Tr,
    ) -> (OpenStatus, Arc<str>) {
        let lang = usize::from(tr.lang == crate::i18n::Lang::En);
        let mut entry = self.entry(site, now);
        if entry.day == today
            && let Some(text) = &entry.text[lang]
        {
            return (entry.status, text.clone());
        }
        let text: Arc<str> = crate::fmt::open_status(tr, &entry.status, now).into();
        if entry.day != today {
            entry.day = today;
            entry.text = [None, None];
        }
        entry.text[lang] = Some(text.clone());
        if let Ok(mut cache) = self.statuses.write() {
            cache.insert(site.id, entry.clone());
        }
        (entry.status, text)
    }

    fn entry(&self, site: &Site, now: Timestamp) -> StatusEntry {
        let t = now.as_second();
        if let Ok(cache) = self.statuses.read()
            && let Some(e) = cache.get(&site.id)
            && e.from <= t
            && t < e.until
        {
            return e.clone();
        }
        let status = site.schedule.status_at(now, &portineria_domain::rome());
        let until = match status {
            OpenStatus::Open { until: Some(u) } | OpenStatus::Closed { next_open: Some(u) } => u.as_second(),
            // Unknown beyond the horizon: recompute in an hour.
            _ => t + 3600,
        };
        let entry = StatusEntry { from: t, until, status, day: jiff::civil::Date::ZERO, text: [None, None] };
        if let Ok(mut cache) = self.statuses.write() {
            cache.insert(site.id, entry.clone());
        }
        entry
    }

    /// A rendered fragment, made once per site and language for this revision.
    pub fn fragment(&self, site: i64, lang: &'static str, render: impl FnOnce() -> String) -> Arc<str> {
        if let Ok(cache) = self.fragments.read()
            && let Some(f) = cache.get(&(site, lang))
        {
            return f.clone();
        }
        let f: Arc<str> = render().into();
        if let Ok(mut cache) = self.fragments.write() {
            cache.insert((site, lang), f.clone());
        }
        f
    }

    fn lock_places(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Vec<Place>>>> {
        match self.places.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

pub const REVALIDATE_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct SiteIndexCache {
    current: RwLock<Arc<SiteIndex>>,
    reload: Mutex<()>,
    /// When the revision was last read, in milliseconds since `epoch`.
    checked_ms: AtomicU64,
    epoch: Instant,
    dirty: AtomicBool,
}

impl Default for SiteIndexCache {
    fn default() -> Self {
        Self {
            current: RwLock::new(Arc::new(SiteIndex { revision: -1, ..Default::default() })),
            reload: Mutex::new(()),
            checked_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            dirty: AtomicBool::new(true),
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

    /// The next request reads the revision again.
    pub fn mark_dirty(&self) {
        self.dirty.store(true, Ordering::SeqCst);
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    pub async fn get(&self, store: &dyn Store) -> Result<Arc<SiteIndex>, portineria_store::StoreError> {
        let fresh = self.now_ms().saturating_sub(self.checked_ms.load(Ordering::SeqCst))
            < u64::try_from(REVALIDATE_AFTER.as_millis()).unwrap_or(1000);
        if fresh && !self.dirty.load(Ordering::SeqCst) {
            return Ok(self.snapshot());
        }
        // Clear first: a change reported while we read is not lost.
        self.dirty.store(false, Ordering::SeqCst);
        let network = store.network().await?;
        self.checked_ms.store(self.now_ms(), Ordering::SeqCst);
        let current = self.snapshot();
        if current.revision == network.revision {
            return Ok(current);
        }
        let _guard = self.reload.lock().await;
        let current = self.snapshot();
        if current.revision >= network.revision {
            return Ok(current);
        }
        // Loaded after reading the revision: if it moved meanwhile, the data is
        // newer than its label and the next check reloads (never the reverse).
        let mut sites: Vec<Arc<Site>> =
            store.search_sites(&SiteQuery::default()).await?.into_iter().map(Arc::new).collect();
        // Kept in display order (name, then id) so unsorted listings need no sort.
        sites.sort_by_cached_key(|s| (portineria_domain::text::fold(&s.name), s.id));
        let by_id = sites.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let grid = grid_of(&sites);
        let counts = store.counts().await?;
        let mut hubs = Vec::new();
        let mut after = None;
        loop {
            let page = store.list_hubs(after, 500).await?;
            after = page.last().map(|h| h.id);
            let done = page.len() < 500;
            hubs.extend(page);
            if done {
                break;
            }
        }
        let index = Arc::new(SiteIndex {
            revision: network.revision,
            network_name: network.name,
            counts,
            hubs,
            sites,
            by_id,
            grid,
            places: Default::default(),
            place_sites: Default::default(),
            geojson: Default::default(),
            statuses: Default::default(),
            fragments: Default::default(),
            open: Default::default(),
        });
        match self.current.write() {
            Ok(mut g) => *g = index.clone(),
            Err(poisoned) => *poisoned.into_inner() = index.clone(),
        }
        Ok(index)
    }
}
