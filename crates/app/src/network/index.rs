//! Every site of the network in memory: the home page, the map, the
//! directory, site pages and `/api/v1/sites` read it, so a search costs no
//! database round trip.

use jiff::Timestamp;
use portineria_domain::hours::OpenStatus;
use portineria_store::{Counts, Hub, NetworkStore, Place, PlaceQuery, Site, SiteQuery, Store};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// All sites (and the hubs) in memory, rebuilt when the store's revision
/// moves. The revision is read again when a write went through this server,
/// when the store reports another process's change (PostgreSQL notifies every
/// server at commit), and in any case at most [`REVALIDATE_AFTER`] after the
/// last check, so a change made anywhere is seen everywhere within that time.
/// How many languages a status is worded in (Italian, English).
pub const LANGUAGES: usize = 2;

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
    /// One per language.
    text: [Option<Arc<str>>; LANGUAGES],
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
    pub async fn place(
        &self,
        store: &dyn NetworkStore,
        id: i64,
    ) -> Result<Option<Place>, portineria_store::StoreError> {
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
        store: &dyn NetworkStore,
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

    /// A site's status at `now` and its wording ("Aperto fino alle 19:00")
    /// in language number `lang` (of [`LANGUAGES`]), from memory while
    /// neither can have changed. `today` is `now`'s local date; `word` words
    /// a status when it must.
    pub fn status_text(
        &self,
        site: &Site,
        now: Timestamp,
        today: jiff::civil::Date,
        lang: usize,
        word: impl FnOnce(&OpenStatus) -> String,
    ) -> (OpenStatus, Arc<str>) {
        let lang = lang.min(LANGUAGES - 1);
        let mut entry = self.entry(site, now);
        if entry.day == today
            && let Some(text) = &entry.text[lang]
        {
            return (entry.status, text.clone());
        }
        let text: Arc<str> = word(&entry.status).into();
        if entry.day != today {
            entry.day = today;
            entry.text = Default::default();
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
        let entry = StatusEntry { from: t, until, status, day: jiff::civil::Date::ZERO, text: Default::default() };
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
    pub fn snapshot(&self) -> Arc<SiteIndex> {
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
