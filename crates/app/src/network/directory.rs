//! Finding sites: text, kind, hub, open now, and walking distance.
//! Shared by the directory page, the map, the home page and the sites API.
//!
//! It reads the in-process site index, so a search costs no database round
//! trip: the text is matched against each site's stored search document with
//! `domain::text::matches`, the same rule the engines' full-text indexes apply.

use crate::{App, Result};
use jiff::Timestamp;
use portineria_domain::geo::{self, Coordinates};
use portineria_domain::kinds::SiteKind;
use portineria_domain::text::{self, search_terms};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::Site;
use std::sync::Arc;

pub const DEFAULT_WALK_MINUTES: f64 = 15.0;

#[derive(Debug, Clone, Default)]
pub struct SiteFilter {
    pub text: Option<String>,
    pub kind: Option<SiteKind>,
    pub hub: Option<i64>,
    pub open_now: bool,
    /// The origin of a walking-time filter, and the site it is (if it is one).
    pub near: Option<Coordinates>,
    pub origin_site: Option<i64>,
    pub walk_minutes: Option<f64>,
}

/// Raw filter values as they arrive in a query string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RawSiteFilter {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub hub: Option<String>,
    pub open_now: Option<String>,
    /// `LAT,LON`.
    pub near: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub from_site: Option<String>,
    /// Walking minutes (`walk` on pages, `walk_minutes` in the API).
    pub walk: Option<String>,
    pub walk_minutes: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn truthy(s: &Option<String>) -> bool {
    present(s).is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes"))
}

impl RawSiteFilter {
    /// Checks every value; `origin` looks up a site's position by id.
    pub fn parse(&self, origin: impl Fn(i64) -> Option<Coordinates>) -> Result<SiteFilter, FieldErrors> {
        let mut errs = FieldErrors::new();
        let mut f = SiteFilter { text: present(&self.q).map(str::to_owned), ..Default::default() };
        if let Some(k) = present(&self.kind) {
            f.kind = errs.take(SiteKind::parse(k).ok_or_else(|| FieldError::new("kind", "kind")));
        }
        if let Some(h) = present(&self.hub) {
            f.hub = errs.take(h.parse::<i64>().map_err(|_| FieldError::new("hub", "number")));
        }
        f.open_now = truthy(&self.open_now);
        if let Some(n) = present(&self.near) {
            match Coordinates::parse_pair(n) {
                Some(Ok(c)) => f.near = Some(c),
                Some(Err(_)) => errs.push(FieldError::new("near", "coordinates-range")),
                None => errs.push(FieldError::new("near", "coordinates-format")),
            }
        }
        match (present(&self.lat), present(&self.lon)) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                let lat = errs.take(portineria_domain::validate::decimal("lat", a, -90.0, 90.0));
                let lon = errs.take(portineria_domain::validate::decimal("lon", b, -180.0, 180.0));
                if let (Some(lat), Some(lon)) = (lat, lon) {
                    f.near = Coordinates::new(lat, lon).ok();
                }
            }
            (None, Some(_)) => errs.push(FieldError::new("lat", "required")),
            (Some(_), None) => errs.push(FieldError::new("lon", "required")),
        }
        if let Some(s) = present(&self.from_site) {
            match s.parse::<i64>().ok().and_then(|id| origin(id).map(|c| (id, c))) {
                Some((id, c)) => {
                    f.near = Some(c);
                    f.origin_site = Some(id);
                }
                None => errs.push(FieldError::new("from_site", "unknown-site")),
            }
        }
        let walk = present(&self.walk_minutes).or(present(&self.walk));
        if let Some(w) = walk {
            f.walk_minutes = errs
                .take(portineria_domain::validate::integer("walk_minutes", w, 1, i64::from(geo::MAX_WALK_MINUTES)))
                .map(|m| m as f64);
            if f.near.is_none() && errs.is_empty() {
                errs.push(FieldError::new("near", "walk-needs-origin"));
            }
        } else if f.near.is_some() {
            f.walk_minutes = Some(DEFAULT_WALK_MINUTES);
        }
        errs.into_result(f)
    }
}

/// A site that matched, with its walking time from the origin.
#[derive(Debug, Clone)]
pub struct Found {
    pub site: Arc<Site>,
    pub walk_minutes: Option<f64>,
}

/// Every matching site: by walking time when there is an origin, else by name.
pub async fn find(app: &App, f: &SiteFilter, now: Timestamp) -> Result<Vec<Found>> {
    let index = app.sites().await?;
    let terms = f.text.as_deref().map(search_terms).unwrap_or_default();
    let (date, minute) = local_date_minute(now);
    let bbox = match (f.near, f.walk_minutes) {
        (Some(p), Some(m)) => Some(geo::bounding_box(p, geo::radius_for_walk_m(m))),
        _ => None,
    };
    // Near a point, only the grid cells around it; otherwise every site.
    let candidates: Vec<&Arc<Site>> = match bbox.as_ref().and_then(|b| index.in_box(b)) {
        Some(c) => c,
        None => index.sites.iter().collect(),
    };
    let mut out: Vec<Found> = Vec::new();
    for s in candidates {
        if f.kind.is_some_and(|k| k != s.kind)
            || f.hub.is_some_and(|h| h != s.hub_id)
            || f.origin_site == Some(s.id)
            || bbox.is_some_and(|b| !b.contains(s.coordinates))
            || !text::matches(&s.search, &terms)
        {
            continue;
        }
        let walk_minutes = f.near.map(|p| geo::walking_minutes(p, s.coordinates));
        if let (Some(w), Some(max)) = (walk_minutes, f.walk_minutes)
            && w > max
        {
            continue;
        }
        if f.open_now && !s.schedule.is_open_local(date, minute) {
            continue;
        }
        out.push(Found { site: s.clone(), walk_minutes });
    }
    if f.near.is_some() {
        out.sort_by(|a, b| a.walk_minutes.partial_cmp(&b.walk_minutes).unwrap_or(std::cmp::Ordering::Equal));
    }
    Ok(out)
}

/// `t`'s local date and minute of the day in Rome.
pub fn local_date_minute(t: Timestamp) -> (jiff::civil::Date, u16) {
    let z = t.to_zoned(portineria_domain::rome());
    (z.date(), portineria_domain::hours::minute_of_day(z.hour(), z.minute()))
}
