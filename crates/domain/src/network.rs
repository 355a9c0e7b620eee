//! The network's objects as submitted (inputs) and as validated (drafts).
//!
//! Pages and the API both turn what a person sent into an `…Input`, and
//! [`validate_hub`], [`validate_site`] and [`validate_place`] turn it into a
//! draft the storage accepts, or into the list of what is wrong, field by field.

use crate::bookings::{BookingRules, MAX_BOOKING_SECONDS};
use crate::geo::Coordinates;
use crate::hours::{self, DayException, HoursError, Span, WeeklySlot};
use crate::kinds::{PlaceKind, SiteKind};
use crate::text::slugify;
use crate::validate::{self as v, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The longest booking a place's rules may allow, in minutes.
const MAX_MINUTES: i64 = MAX_BOOKING_SECONDS / 60;

pub const NAME_MAX: i64 = 120;
pub const TEXT_MAX: i64 = 4000;
pub const CAPACITY_MAX: i64 = 10_000;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HubInput {
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How many bookings one person may hold at the same time at the hub's
    /// places; empty for the default ([`crate::bookings::DEFAULT_AT_ONCE`]).
    #[serde(default)]
    pub bookings_at_once: Option<String>,
}

/// Made only by its `validate_*` function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HubDraft {
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bookings_at_once: i64,
}

fn optional_email(field: &str, s: Option<&str>) -> Result<Option<String>, FieldError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(e) => v::email(field, e).map(Some),
    }
}

pub fn validate_hub(input: &HubInput) -> Result<HubDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &input.name, NAME_MAX));
    let city = errs.take(v::optional("city", input.city.as_deref(), NAME_MAX));
    let description = errs.take(v::optional("description", input.description.as_deref(), TEXT_MAX));
    let website = errs.take(v::url("website", input.website.as_deref()));
    let email = errs.take(optional_email("email", input.email.as_deref()));
    let phone = errs.take(v::phone("phone", input.phone.as_deref()));
    let at_once = match input.bookings_at_once.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(crate::bookings::DEFAULT_AT_ONCE),
        Some(n) => errs.take(v::integer("bookings_at_once", n, 1, crate::bookings::MAX_AT_ONCE)),
    };
    match (name, city, description, website, email, phone, at_once) {
        (
            Some(name),
            Some(city),
            Some(description),
            Some(website),
            Some(email),
            Some(phone),
            Some(bookings_at_once),
        ) if errs.is_empty() => {
            Ok(HubDraft { slug: slugify(&name), name, city, description, website, email, phone, bookings_at_once })
        }
        _ => Err(errs),
    }
}

/// One weekly opening span as submitted: weekday 0 = Monday, times "HH:MM".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursInput {
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanInput {
    pub opens: String,
    pub closes: String,
}

/// A dated exception as submitted: no spans means closed all day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionInput {
    pub date: String,
    #[serde(default)]
    pub spans: Vec<SpanInput>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteInput {
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
    pub closed_on_holidays: bool,
    pub hours: Vec<HoursInput>,
    pub exceptions: Vec<ExceptionInput>,
}

/// Made only by its `validate_*` function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SiteDraft {
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
    pub closed_on_holidays: bool,
    pub hours: Vec<WeeklySlot>,
    pub exceptions: Vec<DayException>,
}

fn parse_span(field: &str, opens: &str, closes: &str) -> Result<Span, FieldError> {
    match (hours::parse_hhmm(opens), hours::parse_hhmm(closes)) {
        (Some(o), Some(c)) => Ok(Span { opens: o, closes: c }),
        _ => Err(FieldError::new(field, "hours-bad-time")),
    }
}

fn hours_error(prefix: &str, e: &HoursError) -> FieldError {
    match *e {
        HoursError::BadWeekday { index } => FieldError::new(&format!("{prefix}[{index}]"), "hours-bad-weekday"),
        HoursError::EndBeforeStart { index } => {
            FieldError::new(&format!("{prefix}[{index}]"), "hours-end-before-start")
        }
        HoursError::Overlap { index, .. } => FieldError::new(&format!("{prefix}[{index}]"), "hours-overlap"),
        HoursError::DuplicateDate { index, .. } => {
            FieldError::new(&format!("{prefix}[{index}]"), "exception-duplicate-date")
        }
    }
}

pub fn validate_site(input: &SiteInput) -> Result<SiteDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &input.name, NAME_MAX));
    let kind = errs.take(SiteKind::parse(input.kind.trim()).ok_or_else(|| FieldError::new("kind", "kind")));
    let address = errs.take(v::required("address", &input.address, 200));
    let city = errs.take(v::required("city", &input.city, NAME_MAX));
    let coordinates = match (input.lat, input.lon) {
        (None, _) => errs.take(Err(FieldError::new("lat", "required"))),
        (_, None) => errs.take(Err(FieldError::new("lon", "required"))),
        (Some(lat), Some(lon)) => errs.take(Coordinates::new(lat, lon).map_err(|e| match e {
            crate::geo::CoordinatesError::Latitude => FieldError::new("lat", "range").with("min", -90).with("max", 90),
            crate::geo::CoordinatesError::Longitude => {
                FieldError::new("lon", "range").with("min", -180).with("max", 180)
            }
        })),
    };
    let description = errs.take(v::optional("description", input.description.as_deref(), TEXT_MAX));
    let accessibility = errs.take(v::optional("accessibility", input.accessibility.as_deref(), TEXT_MAX));
    let phone = errs.take(v::phone("phone", input.phone.as_deref()));
    let email = errs.take(optional_email("email", input.email.as_deref()));
    let website = errs.take(v::url("website", input.website.as_deref()));

    let mut weekly = Vec::new();
    let mut weekly_ok = true;
    for (i, h) in input.hours.iter().enumerate() {
        match parse_span(&format!("hours[{i}]"), &h.opens, &h.closes) {
            Ok(span) => weekly.push(WeeklySlot { weekday: h.weekday, span }),
            Err(e) => {
                weekly_ok = false;
                errs.push(e);
            }
        }
    }
    if weekly_ok {
        for e in hours::validate_weekly(&weekly) {
            errs.push(hours_error("hours", &e));
        }
    }

    let mut exceptions = Vec::new();
    let mut exceptions_ok = true;
    for (i, x) in input.exceptions.iter().enumerate() {
        let field = format!("exceptions[{i}]");
        let date: Option<jiff::civil::Date> = x.date.trim().parse().ok();
        let Some(date) = date else {
            exceptions_ok = false;
            errs.push(FieldError::new(&field, "exception-bad-date"));
            continue;
        };
        let mut spans = Vec::new();
        for s in &x.spans {
            match parse_span(&field, &s.opens, &s.closes) {
                Ok(span) => spans.push(span),
                Err(e) => {
                    exceptions_ok = false;
                    errs.push(e);
                }
            }
        }
        match v::optional(&field, x.note.as_deref(), 200) {
            Ok(note) => exceptions.push(DayException { date, spans, note: note.unwrap_or_default() }),
            Err(e) => {
                exceptions_ok = false;
                errs.push(e);
            }
        }
    }
    if exceptions_ok {
        for e in hours::validate_exceptions(&exceptions) {
            errs.push(hours_error("exceptions", &e));
        }
    }

    match (name, kind, address, city, coordinates, description, accessibility, phone, email, website) {
        (
            Some(name),
            Some(kind),
            Some(address),
            Some(city),
            Some(coordinates),
            Some(description),
            Some(accessibility),
            Some(phone),
            Some(email),
            Some(website),
        ) if errs.is_empty() => {
            weekly.sort();
            exceptions.sort_by_key(|e| e.date);
            Ok(SiteDraft {
                slug: slugify(&name),
                name,
                kind,
                address,
                city,
                coordinates,
                description,
                accessibility,
                phone,
                email,
                website,
                closed_on_holidays: input.closed_on_holidays,
                hours: weekly,
                exceptions,
            })
        }
        _ => Err(errs),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceInput {
    pub name: String,
    pub kind: String,
    pub capacity: Option<i64>,
    /// Items of equipment, one per entry (forms send a comma-separated list).
    pub equipment: Vec<String>,
    pub bookable: bool,
    /// Only people holding a pass or voucher that covers it may book it.
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    /// Booking rules; each missing one takes the default.
    pub min_minutes: Option<i64>,
    pub max_minutes: Option<i64>,
    pub max_days_ahead: Option<i64>,
    pub cancel_minutes_before: Option<i64>,
}

/// Made only by its `validate_*` function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlaceDraft {
    pub name: String,
    pub kind: PlaceKind,
    pub capacity: i64,
    pub equipment: Vec<String>,
    pub bookable: bool,
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    pub rules: BookingRules,
}

fn in_range(field: &str, v: Option<i64>, default: i64, min: i64, max: i64) -> Result<i64, FieldError> {
    let v = v.unwrap_or(default);
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(FieldError::new(field, "range").with("min", min).with("max", max))
    }
}

/// Splits a comma- or newline-separated list, trimming and dropping empties.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([',', '\n']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

pub fn validate_place(input: &PlaceInput) -> Result<PlaceDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &input.name, NAME_MAX));
    let kind = errs.take(PlaceKind::parse(input.kind.trim()).ok_or_else(|| FieldError::new("kind", "kind")));
    let capacity = match input.capacity {
        None => errs.take(Err(FieldError::new("capacity", "required"))),
        Some(c) if !(1..=CAPACITY_MAX).contains(&c) => {
            errs.take(Err(FieldError::new("capacity", "range").with("min", 1).with("max", CAPACITY_MAX)))
        }
        Some(c) => Some(c),
    };
    let mut equipment = Vec::new();
    for item in &input.equipment {
        if let Some(e) = errs.take(v::optional("equipment", Some(item), 80)).flatten() {
            equipment.push(e);
        }
    }
    if equipment.len() > 40 {
        errs.push(FieldError::new("equipment", "too-many").with("max", 40));
    }
    let description = errs.take(v::optional("description", input.description.as_deref(), TEXT_MAX));
    let accessibility = errs.take(v::optional("accessibility", input.accessibility.as_deref(), TEXT_MAX));
    let d = BookingRules::default();
    let min_minutes = errs.take(in_range("min_minutes", input.min_minutes, d.min_minutes, 5, 1440));
    let max_minutes = errs.take(in_range("max_minutes", input.max_minutes, d.max_minutes, 5, MAX_MINUTES));
    let max_days_ahead = errs.take(in_range("max_days_ahead", input.max_days_ahead, d.max_days_ahead, 0, 366));
    let cancel =
        errs.take(in_range("cancel_minutes_before", input.cancel_minutes_before, d.cancel_minutes_before, 0, 7 * 1440));
    if let (Some(min), Some(max)) = (min_minutes, max_minutes)
        && max < min
    {
        errs.push(FieldError::new("max_minutes", "range").with("min", min).with("max", MAX_MINUTES));
    }
    match (name, kind, capacity, description, accessibility, min_minutes, max_minutes, max_days_ahead, cancel) {
        (
            Some(name),
            Some(kind),
            Some(capacity),
            Some(description),
            Some(accessibility),
            Some(min_minutes),
            Some(max_minutes),
            Some(max_days_ahead),
            Some(cancel_minutes_before),
        ) if errs.is_empty() => Ok(PlaceDraft {
            name,
            kind,
            capacity,
            equipment,
            bookable: input.bookable,
            holders_only: input.bookable && input.holders_only,
            description,
            accessibility,
            rules: BookingRules { min_minutes, max_minutes, max_days_ahead, cancel_minutes_before },
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteInput {
        SiteInput {
            name: "Kilowatt – Le Serre dei Giardini".into(),
            kind: "central".into(),
            address: "via Polischi 9".into(),
            city: "Bologna".into(),
            lat: Some(44.48400),
            lon: Some(11.35035),
            hours: vec![
                HoursInput { weekday: 0, opens: "09:00".into(), closes: "13:00".into() },
                HoursInput { weekday: 0, opens: "14:00".into(), closes: "23:00".into() },
            ],
            exceptions: vec![ExceptionInput { date: "2026-12-24".into(), spans: vec![], note: Some("Vigilia".into()) }],
            ..Default::default()
        }
    }

    #[test]
    fn a_good_site_validates() {
        let d = validate_site(&site()).unwrap();
        assert_eq!(d.slug, "kilowatt-le-serre-dei-giardini");
        assert_eq!(d.hours.len(), 2);
        assert_eq!(d.exceptions[0].spans, vec![]);
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        let mut s = site();
        s.name = " ".into();
        s.kind = "castle".into();
        s.lat = Some(95.0);
        s.hours.push(HoursInput { weekday: 0, opens: "12:00".into(), closes: "15:00".into() });
        s.hours.push(HoursInput { weekday: 2, opens: "18:00".into(), closes: "08:00".into() });
        s.exceptions.push(ExceptionInput { date: "2026-13-01".into(), spans: vec![], note: None });
        let e = validate_site(&s).unwrap_err();
        let codes: Vec<(&str, &str)> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("name", "required"),
                ("kind", "kind"),
                ("lat", "range"),
                ("hours[2]", "hours-overlap"),
                ("hours[3]", "hours-end-before-start"),
                ("exceptions[1]", "exception-bad-date"),
            ]
        );
    }

    #[test]
    fn places() {
        let p = PlaceInput {
            name: "Kworking".into(),
            kind: "desk_pool".into(),
            capacity: Some(30),
            equipment: split_list("wifi, stampante,, armadietti"),
            bookable: true,
            ..Default::default()
        };
        assert_eq!(validate_place(&p).unwrap().equipment, vec!["wifi", "stampante", "armadietti"]);
        assert_eq!(validate_place(&p).unwrap().rules, BookingRules::default());
        let bad = PlaceInput { capacity: Some(0), ..p.clone() };
        assert_eq!(validate_place(&bad).unwrap_err().0[0].code, "range");
        let inverted = PlaceInput { min_minutes: Some(120), max_minutes: Some(60), ..p };
        assert_eq!(validate_place(&inverted).unwrap_err().0[0].field, "max_minutes");
    }
}
