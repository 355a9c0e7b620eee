//! The API's wire types (documented in the OpenAPI schema).

use portineria_domain::hours::fmt_hhmm;
use portineria_domain::network::{ExceptionInput, HoursInput, HubInput, PlaceInput, SiteInput, SpanInput};
use portineria_store::{Hub, Place, Site};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct NetworkJson {
    pub name: String,
    pub revision: i64,
    pub hubs: i64,
    pub sites: i64,
    pub places: i64,
    pub seats: i64,
}

#[derive(Serialize, ToSchema)]
pub struct HubJson {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How many bookings one person may hold at the same time at the hub's places.
    pub bookings_at_once: i64,
    pub site_count: i64,
    pub url: String,
}

impl From<Hub> for HubJson {
    fn from(h: Hub) -> Self {
        HubJson {
            url: format!("/hubs/{}", h.id),
            id: h.id,
            slug: h.slug,
            name: h.name,
            city: h.city,
            description: h.description,
            website: h.website,
            email: h.email,
            phone: h.phone,
            bookings_at_once: h.bookings_at_once,
            site_count: h.site_count,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HubPage {
    pub items: Vec<HubJson>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A weekly opening span: weekday 0 = Monday … 6 = Sunday, local times (Europe/Rome).
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct HoursJson {
    pub weekday: u8,
    #[schema(example = "09:00")]
    pub opens: String,
    #[schema(example = "19:00")]
    pub closes: String,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct SpanJson {
    #[schema(example = "09:00")]
    pub opens: String,
    #[schema(example = "13:00")]
    pub closes: String,
}

/// Other hours on one date; no spans means closed all day.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct ExceptionJson {
    #[schema(example = "2026-12-24")]
    pub date: String,
    #[serde(default)]
    pub spans: Vec<SpanJson>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SiteJson {
    /// Open now, by the site's hours in Europe/Rome.
    pub open_now: bool,
    /// Walking minutes from the `near` point (distance × 1.3 at 4.5 km/h); null without `near`.
    pub walking_minutes: Option<f64>,
    pub id: i64,
    pub hub_id: i64,
    pub hub_name: String,
    pub name: String,
    /// central, bar, library, shop, market, school, other
    pub kind: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub closed_on_holidays: bool,
    pub hours: Vec<HoursJson>,
    pub exceptions: Vec<ExceptionJson>,
    pub place_count: i64,
    pub seats: i64,
    pub url: String,
}

/// How every serialised [`SiteJson`] without its two dynamic fields begins.
const STATIC_PREFIX: &str = "{\"open_now\":false,\"walking_minutes\":null,";

impl SiteJson {
    /// The site's JSON minus `open_now` and `walking_minutes` (which change
    /// with time and query): the part worth caching.
    pub fn static_part(s: &Site) -> String {
        let full = serde_json::to_string(&SiteJson::new(s, false, None)).unwrap_or_default();
        full.strip_prefix(STATIC_PREFIX).map(str::to_owned).unwrap_or_default()
    }

    /// Appends a whole site object, given its cached static part.
    pub fn write(out: &mut String, static_part: &str, open_now: bool, walking_minutes: Option<f64>) {
        out.push_str("{\"open_now\":");
        out.push_str(if open_now { "true" } else { "false" });
        out.push_str(",\"walking_minutes\":");
        match walking_minutes.map(round_tenth).and_then(|w| serde_json::to_string(&w).ok()) {
            Some(w) => out.push_str(&w),
            None => out.push_str("null"),
        }
        out.push(',');
        out.push_str(static_part);
    }
}

fn round_tenth(w: f64) -> f64 {
    (w * 10.0).round() / 10.0
}

impl SiteJson {
    pub fn new(s: &Site, open_now: bool, walking_minutes: Option<f64>) -> Self {
        SiteJson {
            id: s.id,
            hub_id: s.hub_id,
            hub_name: s.hub_name.clone(),
            name: s.name.clone(),
            kind: s.kind.as_str().to_owned(),
            address: s.address.clone(),
            city: s.city.clone(),
            lat: s.coordinates.lat(),
            lon: s.coordinates.lon(),
            description: s.description.clone(),
            accessibility: s.accessibility.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            website: s.website.clone(),
            closed_on_holidays: s.schedule.closed_on_holidays,
            hours: s
                .schedule
                .weekly
                .iter()
                .map(|w| HoursJson {
                    weekday: w.weekday,
                    opens: fmt_hhmm(w.span.opens),
                    closes: fmt_hhmm(w.span.closes),
                })
                .collect(),
            exceptions: s
                .schedule
                .exceptions
                .iter()
                .map(|e| ExceptionJson {
                    date: e.date.to_string(),
                    spans: e
                        .spans
                        .iter()
                        .map(|x| SpanJson { opens: fmt_hhmm(x.opens), closes: fmt_hhmm(x.closes) })
                        .collect(),
                    note: Some(e.note.clone()).filter(|n| !n.is_empty()),
                })
                .collect(),
            place_count: s.place_count,
            seats: s.seats,
            open_now,
            walking_minutes: walking_minutes.map(round_tenth),
            url: format!("/sites/{}", s.id),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SitePage {
    pub items: Vec<SiteJson>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PlaceJson {
    pub id: i64,
    pub site_id: i64,
    pub hub_id: i64,
    pub site_name: String,
    pub name: String,
    /// desk_pool, meeting_room, event_hall, lab, kids_room, garden, other
    pub kind: String,
    pub capacity: i64,
    pub equipment: Vec<String>,
    pub bookable: bool,
    /// Only holders of a pass or voucher that covers it may book it.
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    /// Shortest and longest booking, in minutes.
    pub min_minutes: i64,
    pub max_minutes: i64,
    /// How many days ahead a booking may start.
    pub max_days_ahead: i64,
    /// A member may cancel until this many minutes before the start.
    pub cancel_minutes_before: i64,
    pub url: String,
}

impl From<Place> for PlaceJson {
    fn from(p: Place) -> Self {
        PlaceJson {
            url: format!("/places/{}", p.id),
            id: p.id,
            site_id: p.site_id,
            hub_id: p.hub_id,
            site_name: p.site_name,
            name: p.name,
            kind: p.kind.as_str().to_owned(),
            capacity: p.capacity,
            equipment: p.equipment,
            bookable: p.bookable,
            holders_only: p.holders_only,
            description: p.description,
            accessibility: p.accessibility,
            min_minutes: p.rules.min_minutes,
            max_minutes: p.rules.max_minutes,
            max_days_ahead: p.rules.max_days_ahead,
            cancel_minutes_before: p.rules.cancel_minutes_before,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlacePage {
    pub items: Vec<PlaceJson>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct HubBody {
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How many bookings one person may hold at the same time at the hub's
    /// places, 1 to 20; 1 when left out.
    pub bookings_at_once: Option<i64>,
}

impl HubBody {
    pub fn input(self) -> HubInput {
        HubInput {
            name: self.name,
            city: self.city,
            description: self.description,
            website: self.website,
            email: self.email,
            phone: self.phone,
            bookings_at_once: self.bookings_at_once.map(|n| n.to_string()),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct SiteBody {
    /// Required when creating; ignored when updating (a site stays in its hub).
    pub hub_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub city: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub closed_on_holidays: bool,
    #[serde(default)]
    pub hours: Vec<HoursJson>,
    #[serde(default)]
    pub exceptions: Vec<ExceptionJson>,
}

impl SiteBody {
    pub fn input(self) -> SiteInput {
        SiteInput {
            name: self.name,
            kind: self.kind,
            address: self.address,
            city: self.city,
            lat: self.lat,
            lon: self.lon,
            description: self.description,
            accessibility: self.accessibility,
            phone: self.phone,
            email: self.email,
            website: self.website,
            closed_on_holidays: self.closed_on_holidays,
            hours: self
                .hours
                .into_iter()
                .map(|h| HoursInput { weekday: h.weekday, opens: h.opens, closes: h.closes })
                .collect(),
            exceptions: self
                .exceptions
                .into_iter()
                .map(|e| ExceptionInput {
                    date: e.date,
                    spans: e.spans.into_iter().map(|s| SpanInput { opens: s.opens, closes: s.closes }).collect(),
                    note: e.note,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct PlaceBody {
    /// Required when creating; ignored when updating.
    pub site_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub capacity: Option<i64>,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub bookable: bool,
    /// Only holders of a pass or voucher that covers it may book it (default false).
    #[serde(default)]
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    /// Booking rules (defaults: 30, 600, 60, 120).
    pub min_minutes: Option<i64>,
    pub max_minutes: Option<i64>,
    pub max_days_ahead: Option<i64>,
    pub cancel_minutes_before: Option<i64>,
}

impl PlaceBody {
    pub fn input(self) -> PlaceInput {
        PlaceInput {
            name: self.name,
            kind: self.kind,
            capacity: self.capacity,
            equipment: self.equipment,
            bookable: self.bookable,
            holders_only: self.holders_only,
            description: self.description,
            accessibility: self.accessibility,
            min_minutes: self.min_minutes,
            max_minutes: self.max_minutes,
            max_days_ahead: self.max_days_ahead,
            cancel_minutes_before: self.cancel_minutes_before,
        }
    }
}
