//! The taxonomy and the listings of offers and demands.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/listings.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

/// A category of the offers-and-demands taxonomy (two levels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: i64,
    /// `None` for a top-level category.
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name_it: String,
    pub name_en: String,
    pub position: i64,
}

/// An offer or a demand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    pub id: i64,
    pub direction: portineria_domain::listings::Direction,
    pub kind: portineria_domain::listings::ListingKind,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    /// Who posted it.
    pub account_id: i64,
    /// On behalf of this actor, if any.
    pub actor_id: Option<i64>,
    pub location: Option<portineria_domain::geo::Coordinates>,
    pub windows: Vec<portineria_domain::hours::WeeklySlot>,
    pub value_minutes: Option<i64>,
    pub status: portineria_domain::listings::Status,
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The revision of its last change: larger for every later change, in
    /// commit order (`ListingStore::listings_since`).
    pub rev: i64,
    /// Its search stems (`domain::text::stems` of title, description and
    /// tags), as stored: matching reads them instead of stemming again.
    #[serde(skip)]
    pub stems: Vec<String>,
}

/// Which listings to list (by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingQuery {
    pub direction: Option<portineria_domain::listings::Direction>,
    /// A category, or a top-level category and its children.
    pub category_id: Option<i64>,
    /// Exactly this category (its children left out): the index then gives
    /// the rows in id order, with no sort.
    pub exact_category: Option<i64>,
    pub status: Option<portineria_domain::listings::Status>,
    pub account_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// Only listings posted for an actor of this kind.
    pub actor_kind: Option<portineria_domain::actors::ActorKind>,
    /// Leave out listings that expired before this instant (0: keep all).
    pub not_expired_at: i64,
    /// Search stems (`domain::text::stems`): each must start a stem of the listing.
    pub terms: Vec<String>,
    /// Newest first (for search candidates) instead of by id.
    pub newest_first: bool,
    pub after: Option<i64>,
    pub limit: u32,
}

/// The taxonomy and the listings of offers and demands.
#[async_trait]
pub trait ListingStore: Send + Sync {
    /// Top-level categories first, each followed by its children, by position.
    async fn categories(&self) -> Result<Vec<Category>>;
    /// `Conflict("category-slug-taken")`; `Conflict("category-two-levels")`
    /// when the parent is itself a child; `NotFound` for a missing parent.
    async fn create_category(
        &self,
        who: &Who,
        parent_id: Option<i64>,
        slug: &str,
        name_it: &str,
        name_en: &str,
    ) -> Result<Category>;
    async fn rename_category(&self, who: &Who, id: i64, name_it: &str, name_en: &str) -> Result<Category>;
    /// `Conflict("unknown-category")` for a category that does not exist.
    async fn create_listing(
        &self,
        who: &Who,
        account_id: i64,
        d: &portineria_domain::listings::ListingDraft,
        now: i64,
    ) -> Result<Listing>;
    async fn update_listing(
        &self,
        who: &Who,
        id: i64,
        d: &portineria_domain::listings::ListingDraft,
        now: i64,
    ) -> Result<Listing>;
    async fn listing(&self, id: i64) -> Result<Option<Listing>>;
    /// The listings with these ids that exist, in no particular order.
    async fn listings_by_ids(&self, ids: &[i64]) -> Result<Vec<Listing>>;
    async fn list_listings(&self, q: &ListingQuery) -> Result<Vec<Listing>>;
    /// Listings changed after revision `rev` (created, edited, moved), by
    /// revision, at most `limit`: a reader that keeps the last revision it
    /// saw misses no change.
    async fn listings_since(&self, rev: i64, limit: u32) -> Result<Vec<Listing>>;
    /// Open listings that expire in `(now, until]` and whose poster was not
    /// reminded, with the poster's address, name and language.
    async fn expiring_listings(&self, now: i64, until: i64) -> Result<Vec<(Listing, String, String, String)>>;
    /// Marks a listing's reminder as sent; `true` only for the call that did it.
    async fn mark_listing_reminded(&self, id: i64) -> Result<bool>;
    /// `Conflict("listing-status")` for a move `Status::may_become` refuses.
    async fn set_listing_status(
        &self,
        who: &Who,
        id: i64,
        status: portineria_domain::listings::Status,
        now: i64,
    ) -> Result<Listing>;
}
