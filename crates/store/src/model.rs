//! What the store returns. Instants are Unix seconds in UTC.

use portineria_domain::booking::BookingRules;
use portineria_domain::geo::{BoundingBox, Coordinates};
use portineria_domain::hours::{DayException, Schedule, WeeklySlot};
use portineria_domain::kinds::{PlaceKind, SiteKind};
use serde::{Deserialize, Serialize};

/// Who makes a change, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub account_id: Option<i64>,
    pub label: String,
}

impl Who {
    pub fn account(id: i64, email: &str) -> Self {
        Self { account_id: Some(id), label: email.to_owned() }
    }

    /// A change made by the system itself (command line, demo seeding).
    pub fn system(label: &str) -> Self {
        Self { account_id: None, label: label.to_owned() }
    }
}

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: String,
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountQuery {
    /// Part of the address or name.
    pub text: Option<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub account_id: i64,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub detail: serde_json::Value,
}

/// A booking of a place, `[start, end)` in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    pub id: i64,
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    /// `confirmed` or `cancelled`.
    pub status: String,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewBooking {
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    pub now: i64,
}
