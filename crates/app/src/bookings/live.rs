//! What is happening now, shared for a moment by the requests that ask, and
//! the written-out instants of availability grids.

use portineria_store::{BookingStore, PassStore};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// `domain::bookings::availability` cuts them.
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
        store: &dyn PassStore,
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
        store: &dyn BookingStore,
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
