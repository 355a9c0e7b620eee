//! Offers and demands: products, services, spaces and skills that people and
//! actors of the quarter offer or ask for. What a person sent is a
//! [`ListingInput`]; [`validate_listing`] turns it into a [`ListingDraft`], or
//! into the list of what is wrong, field by field.

use crate::geo::Coordinates;
use crate::hours::{Span, WeeklySlot, parse_hhmm};
use crate::money::Minutes;
use crate::validate::{self as v, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: i64 = 120;
pub const TEXT_MAX: i64 = 4000;
pub const TAGS_MAX: usize = 20;
pub const TAG_MAX: usize = 40;
pub const WINDOWS_MAX: usize = 14;
/// A listing lasts at most a year, and a month when not said.
pub const MAX_DAYS: i64 = 365;
pub const DEFAULT_DAYS: i64 = 30;
/// An hour value of at most 100 hours, in minutes.
pub const VALUE_MAX_MINUTES: i64 = 6_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Offer,
    Demand,
}

impl Direction {
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Offer => "offer",
            Direction::Demand => "demand",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim() {
            "offer" => Some(Direction::Offer),
            "demand" => Some(Direction::Demand),
            _ => None,
        }
    }

    /// The side a match is looked for on.
    pub fn other(&self) -> Direction {
        match self {
            Direction::Offer => Direction::Demand,
            Direction::Demand => Direction::Offer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    Product,
    Service,
    Space,
    Skill,
}

impl ListingKind {
    pub const ALL: [ListingKind; 4] =
        [ListingKind::Product, ListingKind::Service, ListingKind::Space, ListingKind::Skill];

    pub fn as_str(&self) -> &'static str {
        match self {
            ListingKind::Product => "product",
            ListingKind::Service => "service",
            ListingKind::Space => "space",
            ListingKind::Skill => "skill",
        }
    }

    pub fn parse(s: &str) -> Option<ListingKind> {
        ListingKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// Where a listing is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InExchange,
    Closed,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InExchange => "in_exchange",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.trim() {
            "open" => Some(Status::Open),
            "in_exchange" => Some(Status::InExchange),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }

    /// The moves a listing may make: open ⇄ in exchange, either → closed,
    /// closed → open (posted again).
    pub fn may_become(&self, next: Status) -> bool {
        *self != next && !(*self == Status::Closed && next == Status::InExchange)
    }
}

/// A weekly window, as sent: weekday 0 (Monday) to 6, and `HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowInput {
    pub weekday: u8,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListingInput {
    /// offer or demand.
    pub direction: String,
    /// product, service, space or skill.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    /// Comma-separated.
    pub tags: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub windows: Vec<WindowInput>,
    /// An optional value in minutes of time credit.
    pub value_minutes: Option<i64>,
    /// Days from now until it expires (default 30, at most 365).
    pub days: Option<i64>,
    /// On behalf of this actor (the poster must belong to it).
    pub actor_id: Option<i64>,
}

/// A valid offer or demand, made only by [`validate_listing`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ListingDraft {
    pub direction: Direction,
    pub kind: ListingKind,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    pub location: Option<Coordinates>,
    pub windows: Vec<WeeklySlot>,
    pub value_minutes: Option<Minutes>,
    pub expires_at: i64,
    pub actor_id: Option<i64>,
}

/// Tags as typed: lower-cased, split on commas, `#` dropped, unique.
pub fn tags(s: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', ';', '\n']) {
        let words = part.split_whitespace().collect::<Vec<_>>().join(" ");
        let t = words.trim_start_matches(|c: char| c == '#' || c.is_whitespace()).to_lowercase();
        if t.is_empty() || out.contains(&t) {
            continue;
        }
        if t.chars().count() > TAG_MAX {
            return Err(FieldError::new("tags", "too-long").with("max", TAG_MAX as i64));
        }
        out.push(t);
    }
    if out.len() > TAGS_MAX {
        return Err(FieldError::new("tags", "too-many").with("max", TAGS_MAX as i64));
    }
    Ok(out)
}

fn windows(input: &[WindowInput]) -> Result<Vec<WeeklySlot>, FieldError> {
    if input.len() > WINDOWS_MAX {
        return Err(FieldError::new("windows", "too-many").with("max", WINDOWS_MAX as i64));
    }
    let mut out = Vec::with_capacity(input.len());
    for w in input {
        let (Some(opens), Some(closes)) = (parse_hhmm(&w.from), parse_hhmm(&w.to)) else {
            return Err(FieldError::new("windows", "hours-bad-time"));
        };
        if w.weekday > 6 {
            return Err(FieldError::new("windows", "hours-bad-weekday"));
        }
        if closes <= opens {
            return Err(FieldError::new("windows", "hours-end-before-start"));
        }
        out.push(WeeklySlot { weekday: w.weekday, span: Span { opens, closes } });
    }
    out.sort_by_key(|s| (s.weekday, s.span.opens));
    out.dedup();
    Ok(out)
}

/// Validates a listing posted at `now` (Unix seconds).
pub fn validate_listing(input: &ListingInput, now: i64) -> Result<ListingDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let direction =
        errs.take(Direction::parse(&input.direction).ok_or_else(|| FieldError::new("direction", "direction")));
    let kind = errs.take(ListingKind::parse(&input.kind).ok_or_else(|| FieldError::new("kind", "kind")));
    let title = errs.take(v::required("title", &input.title, TITLE_MAX));
    let description = errs.take(v::optional("description", input.description.as_deref(), TEXT_MAX));
    let category_id = errs.take(input.category_id.ok_or_else(|| FieldError::new("category_id", "required")));
    let tags = errs.take(tags(input.tags.as_deref().unwrap_or("")));
    let location = match (input.lat, input.lon) {
        (None, None) => Some(None),
        (Some(lat), Some(lon)) => {
            errs.take(Coordinates::new(lat, lon).map(Some).map_err(|_| FieldError::new("lat", "coordinates-range")))
        }
        _ => errs.take(Err(FieldError::new("lat", "coordinates-range"))),
    };
    let windows = errs.take(windows(&input.windows));
    let value_minutes = match input.value_minutes {
        None => Some(None),
        Some(m) if (1..=VALUE_MAX_MINUTES).contains(&m) => Minutes::new(m).ok().map(Some),
        Some(_) => {
            errs.take(Err(FieldError::new("value_minutes", "range").with("min", 1).with("max", VALUE_MAX_MINUTES)))
        }
    };
    let days = input.days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        errs.push(FieldError::new("days", "range").with("min", 1).with("max", MAX_DAYS));
    }
    match (direction, kind, title, description, category_id, tags, location, windows, value_minutes) {
        (
            Some(direction),
            Some(kind),
            Some(title),
            Some(description),
            Some(category_id),
            Some(tags),
            Some(location),
            Some(windows),
            Some(value_minutes),
        ) if errs.is_empty() => Ok(ListingDraft {
            direction,
            kind,
            title,
            description: description.unwrap_or_default(),
            category_id,
            tags,
            location,
            windows,
            value_minutes,
            expires_at: now + days * 86_400,
            actor_id: input.actor_id,
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input() -> ListingInput {
        ListingInput {
            direction: "demand".into(),
            kind: "service".into(),
            title: "Cerco aiuto per montare una libreria".into(),
            category_id: Some(3),
            tags: Some("#Montaggio, mobili, montaggio".into()),
            windows: vec![WindowInput { weekday: 1, from: "18:00".into(), to: "21:00".into() }],
            value_minutes: Some(120),
            ..Default::default()
        }
    }

    #[test]
    fn a_demand_of_the_quarter() {
        let d = validate_listing(&input(), 1_000).unwrap();
        assert_eq!(d.direction, Direction::Demand);
        assert_eq!(d.tags, vec!["montaggio", "mobili"]);
        assert_eq!(d.windows[0].span, Span { opens: 1080, closes: 1260 });
        assert_eq!(d.expires_at, 1_000 + 30 * 86_400);
    }

    #[test]
    fn what_is_wrong_is_said_per_field() {
        let bad = ListingInput {
            direction: "swap".into(),
            kind: "feeling".into(),
            title: "".into(),
            category_id: None,
            windows: vec![WindowInput { weekday: 8, from: "21:00".into(), to: "18:00".into() }],
            value_minutes: Some(0),
            days: Some(400),
            lat: Some(1.0),
            ..Default::default()
        };
        let e = validate_listing(&bad, 0).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        for f in ["direction", "kind", "title", "category_id", "windows", "value_minutes", "days", "lat"] {
            assert!(fields.contains(&f), "{f}: {fields:?}");
        }
    }

    #[test]
    fn statuses_move_as_a_listing_lives() {
        assert!(Status::Open.may_become(Status::InExchange));
        assert!(Status::InExchange.may_become(Status::Open));
        assert!(Status::InExchange.may_become(Status::Closed));
        assert!(Status::Closed.may_become(Status::Open));
        assert!(!Status::Closed.may_become(Status::InExchange));
        assert!(!Status::Open.may_become(Status::Open));
    }

    proptest! {
        #[test]
        fn tags_are_lower_case_unique_and_bounded(s in "[#a-zA-Zàè ,;]{0,300}") {
            if let Ok(t) = tags(&s) {
                prop_assert!(t.len() <= TAGS_MAX);
                for (i, a) in t.iter().enumerate() {
                    prop_assert!(!a.is_empty() && *a == a.to_lowercase() && !a.starts_with('#'));
                    prop_assert!(!t[i + 1..].contains(a));
                }
            }
        }

        #[test]
        fn a_valid_listing_expires_within_a_year(days in 1i64..=365, now in 0i64..4_000_000_000) {
            let d = validate_listing(&ListingInput { days: Some(days), ..input() }, now).unwrap();
            prop_assert!(d.expires_at > now && d.expires_at <= now + MAX_DAYS * 86_400);
        }
    }
}
