//! The in-memory matching index: every open offer and demand, grouped by
//! direction and top-level category, with its stems as word numbers. It is
//! kept current from the listings' revision numbers (`listings_since`):
//! a request reads what changed since the index last looked, at most once a
//! second, or at once after a change made through this server. No request
//! recomputes matches from the database.
//!
//! Ranking is `domain::matching`'s: for a listing, every open counterpart of
//! its area gets an upper bound from what it shares (category, words), and
//! only those whose bound can still beat the tenth best are scored in full.
//! The result is the same as scoring them all.
//!
//! It also keeps each open listing as the store gave it (but its words,
//! which the items hold as numbers), so a request for matches answers from
//! memory alone: the listing asked about and its ten counterparts.

use portineria_domain::exchanges::Reliability;
use portineria_domain::geo::{Coordinates, walking_minutes};
use portineria_domain::hours::WeeklySlot;
use portineria_domain::listings::{Direction, Status};
use portineria_domain::matching::{self, Match, Side};
use portineria_store::{Listing, Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

/// Rows read per refresh query.
const PAGE: u32 = 10_000;
/// How long a snapshot is trusted without asking the store (milliseconds).
const FRESH_MS: i64 = 1_000;

/// Word numbers kept inside an item; more go to the heap.
const INLINE_STEMS: usize = 20;

/// What the index keeps of a listing. What the scan reads (all but the
/// windows and the longer lists of words) is inside the item, so a bucket
/// is read front to back.
struct Item {
    id: i64,
    account_id: i64,
    direction: Direction,
    category: i64,
    top: i64,
    expires_at: i64,
    location: Option<Coordinates>,
    /// The hours of the week its windows touch (bit `weekday * 24 + hour`):
    /// two listings whose masks do not meet share no window.
    hours: [u64; 3],
    n_stems: u8,
    /// Word numbers, sorted, no repeats, when there are few…
    inline: [u32; INLINE_STEMS],
    /// …or all of them, when there are more.
    more: Box<[u32]>,
    windows: Vec<WeeklySlot>,
}

impl Item {
    fn stems(&self) -> &[u32] {
        if self.more.is_empty() { &self.inline[..usize::from(self.n_stems)] } else { &self.more }
    }
}

fn hours_mask(windows: &[WeeklySlot]) -> [u64; 3] {
    let mut mask = [0u64; 3];
    for w in windows {
        if w.span.closes <= w.span.opens || w.weekday > 6 {
            continue;
        }
        let last = (usize::from(w.span.closes) - 1) / 60;
        for h in usize::from(w.span.opens) / 60..=last.min(23) {
            let bit = usize::from(w.weekday) * 24 + h;
            mask[bit / 64] |= 1 << (bit % 64);
        }
    }
    mask
}

fn masks_meet(a: &[u64; 3], b: &[u64; 3]) -> bool {
    (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) != 0
}

/// A cell of the grid listings are kept in: about 1.1 km a side.
type Cell = (i32, i32);
const CELL_LAT: f64 = 0.01;
const CELL_LON: f64 = 0.014;

fn cell_of(c: Coordinates) -> Cell {
    ((c.lat() / CELL_LAT).floor() as i32, (c.lon() / CELL_LON).floor() as i32)
}

/// Within an area, the listings of one category in one cell (`None`: those
/// with no place): the unit skipped whole when it cannot beat the best.
type Bucket = (i64, Option<Cell>);

/// The fewest whole minutes on foot from `from` to anywhere in `cell`
/// (rounded down, less one, so that it never overstates).
fn cell_minutes(from: Coordinates, cell: Cell) -> u32 {
    let (lat0, lon0) = (f64::from(cell.0) * CELL_LAT, f64::from(cell.1) * CELL_LON);
    let lat = from.lat().clamp(lat0, lat0 + CELL_LAT);
    let lon = from.lon().clamp(lon0, lon0 + CELL_LON);
    // Far beyond any walk that scores (0.02° of latitude is 2.2 km, more
    // than the limit's 1.7 km; below 60° of latitude so is 0.04° of
    // longitude): no need to measure.
    if (lat - from.lat()).abs() > 0.02 || ((lon - from.lon()).abs() > 0.04 && from.lat().abs() < 60.0) {
        return u32::MAX;
    }
    match Coordinates::new(lat, lon) {
        Ok(near) => (walking_minutes(from, near).floor() as u32).saturating_sub(1),
        Err(_) => 0,
    }
}

#[derive(Default)]
struct Snapshot {
    rev: i64,
    loaded: bool,
    words: Vec<String>,
    word_ids: HashMap<String, u32>,
    /// `(direction, top category)` → its buckets → their listings.
    areas: HashMap<(Direction, i64), HashMap<Bucket, Vec<Item>>>,
    /// Where each listing is kept.
    places: HashMap<i64, ((Direction, i64), Bucket)>,
    /// Each open listing as stored, without its stems (see `stems_of`).
    listings: HashMap<i64, Arc<Listing>>,
    /// Category → its top-level category.
    tops: HashMap<i64, i64>,
    reliability: HashMap<i64, Reliability>,
}

impl Snapshot {
    fn intern(&mut self, stems: &[String]) -> Box<[u32]> {
        let mut ids: Vec<u32> = stems
            .iter()
            .map(|s| match self.word_ids.get(s) {
                Some(id) => *id,
                None => {
                    let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
                    self.words.push(s.clone());
                    self.word_ids.insert(s.clone(), id);
                    id
                }
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_boxed_slice()
    }

    fn remove(&mut self, id: i64) {
        self.listings.remove(&id);
        let Some((area, bucket)) = self.places.remove(&id) else { return };
        if let Some(items) = self.areas.get_mut(&area).and_then(|a| a.get_mut(&bucket))
            && let Some(i) = items.iter().position(|x| x.id == id)
        {
            items.swap_remove(i);
        }
    }

    fn apply(&mut self, l: &Listing) {
        self.remove(l.id);
        self.rev = self.rev.max(l.rev);
        if l.status != Status::Open {
            return;
        }
        let top = self.tops.get(&l.category_id).copied().unwrap_or(l.category_id);
        let stems = self.intern(&l.stems);
        let (area, bucket) = ((l.direction, top), (l.category_id, l.location.map(cell_of)));
        self.places.insert(l.id, (area, bucket));
        self.listings.insert(l.id, Arc::new(Listing { stems: Vec::new(), ..l.clone() }));
        let mut inline = [0u32; INLINE_STEMS];
        let (n_stems, more) = if stems.len() <= INLINE_STEMS {
            inline[..stems.len()].copy_from_slice(&stems);
            (u8::try_from(stems.len()).unwrap_or(0), Box::default())
        } else {
            (0, stems)
        };
        self.areas.entry(area).or_default().entry(bucket).or_default().push(Item {
            id: l.id,
            account_id: l.account_id,
            direction: l.direction,
            category: l.category_id,
            top,
            expires_at: l.expires_at,
            location: l.location,
            hours: hours_mask(&l.windows),
            n_stems,
            inline,
            more,
            windows: l.windows.clone(),
        });
    }

    /// An open listing with its words put back from the word numbers.
    fn listing(&self, id: i64) -> Option<Listing> {
        let l = self.listings.get(&id)?;
        let (area, bucket) = self.places.get(&id)?;
        let item = self.areas.get(area)?.get(bucket)?.iter().find(|x| x.id == id)?;
        let stems = item.stems().iter().filter_map(|w| self.words.get(*w as usize).cloned()).collect();
        Some(Listing { stems, ..Listing::clone(l) })
    }

    fn side(&self, item: &Item) -> Side {
        Side {
            direction: item.direction,
            category: item.category,
            top_category: item.top,
            stems: item.stems().iter().filter_map(|w| self.words.get(*w as usize).cloned()).collect(),
            location: item.location,
            windows: item.windows.clone(),
        }
    }
}

fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[derive(Default)]
pub struct MatchIndex {
    snapshot: RwLock<Snapshot>,
    refreshing: tokio::sync::Mutex<()>,
    /// A change went through this server: look again before answering.
    dirty: AtomicBool,
    /// When the store was last asked, in milliseconds.
    checked_ms: AtomicI64,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

impl MatchIndex {
    /// Says a listing, an exchange or a review changed through this server.
    pub fn touch(&self) {
        self.dirty.store(true, Ordering::SeqCst);
    }

    /// Reads what changed since the last look, if the snapshot is stale.
    async fn refresh(&self, store: &dyn Store) -> Result<(), StoreError> {
        let stale = self.dirty.load(Ordering::SeqCst)
            || now_ms() - self.checked_ms.load(Ordering::SeqCst) >= FRESH_MS
            || !self.read().loaded;
        if !stale {
            return Ok(());
        }
        let _one = self.refreshing.lock().await;
        // Someone else may have refreshed while this one waited.
        if !self.dirty.load(Ordering::SeqCst)
            && now_ms() - self.checked_ms.load(Ordering::SeqCst) < FRESH_MS
            && self.read().loaded
        {
            return Ok(());
        }
        self.dirty.store(false, Ordering::SeqCst);
        let started = now_ms();
        let categories = store.categories().await?;
        let reliability = store.reliability().await?;
        let mut rev = {
            let mut s = self.write();
            s.tops = categories.iter().map(|c| (c.id, c.parent_id.unwrap_or(c.id))).collect();
            s.reliability = reliability.into_iter().collect();
            if s.loaded { s.rev } else { -1 }
        };
        loop {
            let changed = store.listings_since(rev, PAGE).await?;
            {
                let mut s = self.write();
                for l in &changed {
                    s.apply(l);
                }
                s.loaded = true;
                rev = s.rev;
            }
            if changed.len() < PAGE as usize {
                break;
            }
        }
        self.checked_ms.store(started, Ordering::SeqCst);
        Ok(())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Snapshot> {
        self.snapshot.write().unwrap_or_else(|e| e.into_inner())
    }

    /// An open listing as the index has it now (after looking for changes),
    /// words included; `None` when it is not open (the store has it).
    pub async fn open_listing(&self, store: &dyn Store, id: i64) -> Result<Option<Listing>, StoreError> {
        self.refresh(store).await?;
        Ok(self.read().listing(id))
    }

    /// The `n` best open, unexpired counterparts of `l` at `now`, best first
    /// (ties: the newest first), with their ranked matches.
    pub async fn best(
        &self,
        store: &dyn Store,
        l: &Listing,
        now: i64,
        n: usize,
    ) -> Result<Vec<(Arc<Listing>, Match)>, StoreError> {
        self.refresh(store).await?;
        let s = self.read();
        let top = s.tops.get(&l.category_id).copied().unwrap_or(l.category_id);
        // Words the index has never seen cannot be shared: leave them out.
        let mut mine: Vec<u32> = l.stems.iter().filter_map(|w| s.word_ids.get(w).copied()).collect();
        mine.sort_unstable();
        mine.dedup();
        let my_hours = hours_mask(&l.windows);
        let me = Side {
            direction: l.direction,
            category: l.category_id,
            top_category: top,
            stems: l.stems.clone(),
            location: l.location,
            windows: l.windows.clone(),
        };
        let Some(area) = s.areas.get(&(l.direction.other(), top)) else { return Ok(Vec::new()) };
        // Buckets with the most they could score first: the same category
        // and the nearest cells.
        let mut buckets: Vec<(u32, u32, &Vec<Item>)> = area
            .iter()
            .map(|((category, cell), items)| {
                let walk = match (l.location, cell) {
                    (Some(at), Some(cell)) => matching::WALK_LIMIT.saturating_sub(cell_minutes(at, *cell)),
                    _ => 0,
                };
                let most = matching::upper_bound(*category == l.category_id, true, 4).unwrap_or(0);
                (most - matching::WALK_LIMIT + walk, walk, items)
            })
            .collect();
        buckets.sort_unstable_by_key(|b| std::cmp::Reverse(b.0));
        let mut kept: Vec<(i64, Match)> = Vec::with_capacity(n + 1);
        // Whether something scoring `bound` could still be kept (ties go to
        // the newest, so an equal score may).
        let beats =
            |kept: &Vec<(i64, Match)>, bound: u32| kept.len() < n || kept.last().is_some_and(|(_, m)| m.score <= bound);
        for (bucket_most, bucket_walk, items) in buckets {
            if !beats(&kept, bucket_most) {
                break;
            }
            for c in items {
                if c.expires_at <= now || c.id == l.id {
                    continue;
                }
                // First what is cheap: the topic, whether the hours they
                // touch meet, reliability; words at most, the bucket's walk.
                let same = c.category == l.category_id;
                let times_may = masks_meet(&my_hours, &c.hours);
                let reliable =
                    !s.reliability.is_empty() && s.reliability.get(&c.account_id).is_some_and(|r| r.is_reliable());
                let mut extra = 0;
                if times_may {
                    extra += matching::TIMES_POINTS;
                }
                if reliable {
                    extra += matching::RELIABLE_BONUS;
                }
                let fixed = matching::WALK_LIMIT + matching::TIMES_POINTS + matching::RELIABLE_BONUS;
                let Some(most) = matching::upper_bound(same, true, 4) else { continue };
                if !beats(&kept, most - fixed + extra + bucket_walk) {
                    continue;
                }
                // Then the words exactly.
                let Some(most) = matching::upper_bound(same, true, shared(&mine, c.stems())) else { continue };
                let mut exact = most - fixed + extra;
                if !beats(&kept, exact + bucket_walk) {
                    continue;
                }
                // The times exactly.
                if times_may && matching::first_overlap(&l.windows, &c.windows).is_none() {
                    exact -= matching::TIMES_POINTS;
                    if !beats(&kept, exact + bucket_walk) {
                        continue;
                    }
                }
                // Then the walk exactly, as the score counts it: what is left
                // is the score.
                let walk = match (l.location, c.location) {
                    (Some(a), Some(b)) => matching::WALK_LIMIT.saturating_sub(walking_minutes(a, b).ceil() as u32),
                    _ => 0,
                };
                if !beats(&kept, exact + walk) {
                    continue;
                }
                let Some(m) = matching::score(&me, &s.side(c)) else { continue };
                let m = matching::ranked(m, reliable);
                if !beats(&kept, m.score) {
                    continue;
                }
                let at = kept.iter().position(|(kid, km)| (m.score, c.id) > (km.score, *kid)).unwrap_or(kept.len());
                kept.insert(at, (c.id, m));
                kept.truncate(n);
            }
        }
        // The counterparts as kept, read under the same lock as the scan.
        Ok(kept.into_iter().filter_map(|(id, m)| s.listings.get(&id).map(|c| (c.clone(), m))).collect())
    }

    /// Loads the index now (a server warms it at start).
    pub async fn warm(&self, store: &dyn Store) -> Result<usize, StoreError> {
        self.refresh(store).await?;
        Ok(self.read().places.len())
    }
}
