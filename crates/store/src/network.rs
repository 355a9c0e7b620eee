//! The network: hubs, sites, places.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/network.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use portineria_domain::bookings::BookingRules;
use portineria_domain::geo::{BoundingBox, Coordinates};
use portineria_domain::hours::{DayException, Schedule, WeeklySlot};
use portineria_domain::kinds::{PlaceKind, SiteKind};
use portineria_domain::network::{HubDraft, PlaceDraft, SiteDraft};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    pub name: String,
    /// Bumped by every change to hubs, sites and places.
    pub revision: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub hubs: i64,
    pub sites: i64,
    pub places: i64,
    pub seats: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hub {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How many bookings one person may hold at the same time at the
    /// hub's places.
    pub bookings_at_once: i64,
    pub site_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Weekly hours and exceptions as stored (JSON) with each site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredHours {
    pub weekly: Vec<WeeklySlot>,
    pub exceptions: Vec<DayException>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub id: i64,
    pub hub_id: i64,
    pub hub_name: String,
    pub slug: String,
    pub name: String,
    pub kind: SiteKind,
    pub address: String,
    pub city: String,
    pub coordinates: Coordinates,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub schedule: Schedule,
    /// The folded words the full-text search matches (site, hub, places).
    pub search: String,
    pub place_count: i64,
    pub seats: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Filters for [`crate::NetworkStore::search_sites`]; each one given narrows the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteQuery {
    pub hub_id: Option<i64>,
    pub kind: Option<SiteKind>,
    /// Folded words; a site matches when every term prefixes a word of it.
    pub terms: Vec<String>,
    pub bbox: Option<BoundingBox>,
    pub ids: Option<Vec<i64>>,
    pub after: Option<i64>,
    /// `None`: every match.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub id: i64,
    pub site_id: i64,
    pub hub_id: i64,
    pub site_name: String,
    pub name: String,
    pub kind: PlaceKind,
    pub capacity: i64,
    pub equipment: Vec<String>,
    pub bookable: bool,
    /// Only holders of a pass or voucher covering it may book it.
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    /// Minimum and maximum length, how far ahead, cancellation deadline.
    pub rules: BookingRules,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceQuery {
    pub site_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub kind: Option<PlaceKind>,
    pub bookable: Option<bool>,
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

/// The network: hubs, sites, places.
#[async_trait]
pub trait NetworkStore: Send + Sync {
    async fn network(&self) -> Result<Network>;
    async fn set_network_name(&self, who: &Who, name: &str) -> Result<()>;
    async fn counts(&self) -> Result<Counts>;

    async fn list_hubs(&self, after: Option<i64>, limit: u32) -> Result<Vec<Hub>>;
    async fn hub(&self, id: i64) -> Result<Option<Hub>>;
    async fn hub_by_slug(&self, slug: &str) -> Result<Option<Hub>>;
    async fn create_hub(&self, who: &Who, draft: &HubDraft) -> Result<Hub>;
    async fn update_hub(&self, who: &Who, id: i64, draft: &HubDraft) -> Result<Hub>;
    /// Refuses (`Conflict("hub-has-sites")`) while the hub still has sites.
    async fn delete_hub(&self, who: &Who, id: i64) -> Result<()>;

    /// Sites matching every given filter, ordered by id.
    async fn search_sites(&self, q: &SiteQuery) -> Result<Vec<Site>>;
    async fn site(&self, id: i64) -> Result<Option<Site>>;
    async fn site_by_slug(&self, hub_id: i64, slug: &str) -> Result<Option<Site>>;
    async fn create_site(&self, who: &Who, hub_id: i64, draft: &SiteDraft) -> Result<Site>;
    async fn update_site(&self, who: &Who, id: i64, draft: &SiteDraft) -> Result<Site>;
    /// Deletes the site and its places.
    async fn delete_site(&self, who: &Who, id: i64) -> Result<()>;

    /// Places matching every given filter, ordered by id.
    async fn list_places(&self, q: &PlaceQuery) -> Result<Vec<Place>>;
    async fn place(&self, id: i64) -> Result<Option<Place>>;
    async fn create_place(&self, who: &Who, site_id: i64, draft: &PlaceDraft) -> Result<Place>;
    async fn update_place(&self, who: &Who, id: i64, draft: &PlaceDraft) -> Result<Place>;
    async fn delete_place(&self, who: &Who, id: i64) -> Result<()>;
}
