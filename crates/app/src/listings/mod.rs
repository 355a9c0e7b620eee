//! Offers and demands: the taxonomy, the board and its search, posting,
//! editing and closing, and a listing's matches (from the in-memory
//! matching index, which every change through this server touches).
//!
//! Anyone signed in posts; the poster, the owners of the actor it is posted
//! for, and managers (of any hub: the platform is the network's) change it.
//! A listing posted for an actor needs its poster to belong to the actor.

mod matchindex;
mod reminders;
mod taxonomy;

pub use matchindex::*;
pub use reminders::*;
pub use taxonomy::*;

use crate::{App, Caller, Error, Result};
use portineria_domain::FieldError;
use portineria_domain::actors::ActorKind;
use portineria_domain::listings::{Direction, ListingInput, Status, validate_listing};
use portineria_domain::matching::Match;
use portineria_domain::policy::Action;
use portineria_store::{Listing, ListingQuery, ListingStore};
use std::sync::Arc;

impl App {
    /// The taxonomy's and the listings' storage.
    pub(crate) fn listings_store(&self) -> &dyn ListingStore {
        self.store.as_ref()
    }

    /// `l`'s `n` best open, unexpired counterparts at `now`, best first, from
    /// the matching index (which reads listings and reliability).
    pub(crate) async fn best_matches(&self, l: &Listing, now: i64, n: usize) -> Result<Vec<(Arc<Listing>, Match)>> {
        Ok(self.matches.best(self.store.as_ref(), l, now, n).await?)
    }

    /// Loads every open listing into the matching index (a server that
    /// starts); answers how many.
    pub async fn warm_matches(&self) -> Result<usize> {
        Ok(self.matches.warm(self.store.as_ref()).await?)
    }

    /// An open listing as the matching index has it now; `None` when it is
    /// not open.
    pub(crate) async fn indexed_listing(&self, id: i64) -> Result<Option<Listing>> {
        Ok(self.matches.open_listing(self.store.as_ref(), id).await?)
    }
}

/// Search candidates read at most, before ranking.
pub const CANDIDATES: u32 = 500;

/// How many counterparts a listing's matches show.
pub const MATCHES: usize = 10;

/// Which listings to list, as asked: the words are checked here, in this
/// order (direction, status, `mine`, actor kind, `near`, walk).
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// `offer` or `demand`; empty or `None` for both.
    pub direction: Option<String>,
    /// A category (a top-level one includes its children).
    pub category: Option<i64>,
    /// `open` (with `None`), `in_exchange`, `closed` or `all`.
    pub status: Option<String>,
    /// Only the caller's own.
    pub mine: bool,
    pub actor: Option<i64>,
    /// Only those posted for an actor of this kind; empty or `None` for any.
    pub actor_kind: Option<String>,
    /// Words to find: ranked, with a snippet, no paging.
    pub words: String,
    /// `LAT,LON`: with `walk_minutes`, only listings that close on foot.
    pub near: Option<String>,
    /// Minutes on foot from `near` (default 15, at most 240).
    pub walk_minutes: Option<u32>,
    /// The id to list after (unranked, by id).
    pub after: Option<i64>,
    pub limit: u32,
    /// Unranked, newest first instead of by id (no paging).
    pub newest_first: bool,
}

/// A listing found, with how well it answers a search.
pub struct Found {
    pub listing: Listing,
    /// With words: how well it answers (higher first).
    pub score: Option<u32>,
    /// With words: the words of the description around the first that answers.
    pub snippet: Option<String>,
    /// With `near`: minutes on foot from there.
    pub walk_minutes: Option<u32>,
}

/// A page of listings.
pub struct Listed {
    pub items: Vec<Found>,
    /// The id to pass as `after` for the next page (unranked, by id).
    pub next: Option<i64>,
}

/// How well a listing answers search stems, and the words of its
/// description around the first that does; `None` if it does not. The
/// stored stems cover title, description and tags; only the title's are
/// worked out again, for its extra weight.
fn text_match(l: &Listing, terms: &[String]) -> Option<(u32, String)> {
    let title = portineria_domain::text::stems(&l.title);
    let score = portineria_domain::text::score(&title, &l.stems, terms)?;
    let text = if l.description.is_empty() { &l.title } else { &l.description };
    Some((score, portineria_domain::text::snippet(text, terms, 24)))
}

/// Offers and demands: open and not expired unless asked otherwise; by id,
/// or ranked when there are words or a place: every word found, more in the
/// title first; then the closest; then the newest.
pub async fn search(app: &App, caller: &Caller, s: &Search) -> Result<Listed> {
    let direction = match s.direction.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(Direction::parse(d).ok_or_else(|| FieldError::new("direction", "direction"))?),
    };
    let status = match s.status.as_deref().map(str::trim).unwrap_or("open") {
        "all" => None,
        w => Some(Status::parse(w).ok_or_else(|| FieldError::new("status", "listing-status"))?),
    };
    let account_id = if s.mine { Some(caller.account_id()?) } else { None };
    let actor_kind = match s.actor_kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(ActorKind::parse(k).ok_or_else(|| FieldError::new("actor_kind", "kind"))?),
    };
    let mut terms = portineria_domain::text::stems(&s.words);
    terms.truncate(8);
    let near = match s.near.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(n) => match portineria_domain::geo::Coordinates::parse_pair(n) {
            Some(Ok(c)) => Some(c),
            Some(Err(_)) => return Err(FieldError::new("near", "coordinates-range").into()),
            None => return Err(FieldError::new("near", "coordinates-format").into()),
        },
    };
    let walk = s.walk_minutes.unwrap_or(15);
    if !(1..=240).contains(&walk) {
        return Err(FieldError::new("walk_minutes", "range").with("min", 1).with("max", 240).into());
    }
    let limit = s.limit;
    let ranked = !terms.is_empty() || near.is_some();
    let newest_first = ranked || s.newest_first;
    let q = ListingQuery {
        direction,
        category_id: s.category,
        exact_category: None,
        status,
        account_id,
        actor_id: s.actor,
        actor_kind,
        not_expired_at: if status == Some(Status::Open) { caller.now_s() } else { 0 },
        terms: terms.clone(),
        newest_first,
        after: if newest_first { None } else { s.after },
        limit: if ranked { CANDIDATES } else { limit + 1 },
    };
    let found = app.listings_store().list_listings(&q).await?;
    if !ranked {
        let mut items: Vec<Found> = found
            .into_iter()
            .map(|listing| Found { listing, score: None, snippet: None, walk_minutes: None })
            .collect();
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|f| f.listing.id)
        } else {
            None
        };
        return Ok(Listed { items, next });
    }
    let mut items = Vec::new();
    for l in found {
        let minutes = match (near, l.location) {
            (Some(from), Some(at)) => {
                let m = portineria_domain::geo::walking_minutes(from, at).ceil() as u32;
                if m > walk {
                    continue;
                }
                Some(m)
            }
            (Some(_), None) => continue,
            _ => None,
        };
        let (score, snippet) = if terms.is_empty() {
            (None, None)
        } else {
            let Some((score, snippet)) = text_match(&l, &terms) else { continue };
            (Some(score), Some(snippet))
        };
        items.push(Found { listing: l, score, snippet, walk_minutes: minutes });
    }
    items.sort_by_key(|f| {
        (std::cmp::Reverse(f.score.unwrap_or(0)), f.walk_minutes.unwrap_or(0), std::cmp::Reverse(f.listing.id))
    });
    items.truncate(limit as usize);
    Ok(Listed { items, next: None })
}

/// One listing.
pub async fn get(app: &App, id: i64) -> Result<Listing> {
    app.listings_store().listing(id).await?.ok_or(Error::NotFound)
}

/// An actor's open, unexpired offers and demands (at most 50).
pub async fn open_of_actor(app: &App, caller: &Caller, actor_id: i64) -> Result<Vec<Listing>> {
    let q = ListingQuery {
        actor_id: Some(actor_id),
        status: Some(Status::Open),
        not_expired_at: caller.now_s(),
        limit: 50,
        ..Default::default()
    };
    Ok(app.listings_store().list_listings(&q).await?)
}

/// A listing posted for an actor needs its poster to belong to it.
async fn check_actor(app: &App, caller: &Caller, actor_id: Option<i64>) -> Result<()> {
    let me = caller.account_id()?;
    if let Some(a) = actor_id
        && !app.actors_store().actor_members(a).await?.iter().any(|m| m.account_id == me)
    {
        return Err(FieldError::new("actor_id", "not-a-member").into());
    }
    Ok(())
}

/// The listing, if the caller may change it: its poster, the owners of the
/// actor it is posted for, and managers.
async fn editable(app: &App, caller: &Caller, id: i64) -> Result<Listing> {
    let me = caller.account_id()?;
    let l = get(app, id).await?;
    if l.account_id == me || caller.may(Action::ManageActor { hub: None }) {
        return Ok(l);
    }
    if let Some(a) = l.actor_id
        && app.actors_store().actor_members(a).await?.iter().any(|m| m.account_id == me && m.role == "owner")
    {
        return Ok(l);
    }
    Err(Error::Forbidden)
}

/// Posts an offer or a demand (for an actor the poster belongs to, if one is given).
pub async fn create(app: &App, caller: &Caller, input: &ListingInput) -> Result<Listing> {
    let me = caller.account_id()?;
    let draft = validate_listing(input, caller.now_s())?;
    check_actor(app, caller, draft.actor_id).await?;
    let l = app.listings_store().create_listing(&caller.who(), me, &draft, caller.now_s()).await?;
    app.matches.touch();
    Ok(l)
}

/// Edits a listing (its expiry counts again from now).
pub async fn update(app: &App, caller: &Caller, id: i64, input: &ListingInput) -> Result<Listing> {
    editable(app, caller, id).await?;
    let draft = validate_listing(input, caller.now_s())?;
    check_actor(app, caller, draft.actor_id).await?;
    let l = app.listings_store().update_listing(&caller.who(), id, &draft, caller.now_s()).await?;
    app.matches.touch();
    Ok(l)
}

/// Moves a listing to `open`, `in_exchange` or `closed` (the word is checked
/// once the caller may change it).
pub async fn set_status(app: &App, caller: &Caller, id: i64, status: &str) -> Result<Listing> {
    editable(app, caller, id).await?;
    let status = Status::parse(status).ok_or_else(|| FieldError::new("status", "listing-status"))?;
    let l = app.listings_store().set_listing_status(&caller.who(), id, status, caller.now_s()).await?;
    app.matches.touch();
    Ok(l)
}

/// Closes a listing (it stays in the history of its exchanges).
pub async fn close(app: &App, caller: &Caller, id: i64) -> Result<Listing> {
    set_status(app, caller, id, Status::Closed.as_str()).await
}

/// A listing's [`MATCHES`] best counterparts (demands for an offer, offers
/// for a demand), open and not expired, with their score and reasons.
pub async fn matches(app: &App, caller: &Caller, id: i64) -> Result<Vec<(Arc<Listing>, Match)>> {
    // An open listing is in the matching index; another is read from the store.
    let l = match app.indexed_listing(id).await? {
        Some(l) => l,
        None => get(app, id).await?,
    };
    app.best_matches(&l, caller.now_s(), MATCHES).await
}

/// A counterpart of one's own listing.
pub struct Counterpart {
    pub listing: Arc<Listing>,
    /// Who posted it.
    pub poster: String,
    pub found: Match,
}

/// A listing as its page shows it: who posted it and, for its poster while
/// it is open, its best counterparts.
pub struct View {
    pub listing: Listing,
    pub poster: String,
    /// The caller posted it.
    pub mine: bool,
    pub matches: Vec<Counterpart>,
}

async fn display_name(app: &App, account_id: i64) -> Result<String> {
    Ok(app.accounts_store().account(account_id).await?.map(|a| a.display_name).unwrap_or_default())
}

/// A listing, with its matches for its poster.
pub async fn view(app: &App, caller: &Caller, id: i64) -> Result<View> {
    let listing = get(app, id).await?;
    let mine = caller.person.as_ref().is_some_and(|p| p.account.id == listing.account_id);
    let poster = display_name(app, listing.account_id).await?;
    let mut matches = Vec::new();
    if mine && listing.status == Status::Open {
        for (c, found) in app.best_matches(&listing, caller.now_s(), MATCHES).await? {
            let poster = display_name(app, c.account_id).await?;
            matches.push(Counterpart { listing: c, poster, found });
        }
    }
    Ok(View { listing, poster, mine, matches })
}
