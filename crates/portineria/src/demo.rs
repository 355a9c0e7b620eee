//! The demo city: the seeds' story (Kilowatt's greenhouses, Mastro Pilastro,
//! the nine Milan coworkings, Turin's hubs), loaded from `demo/city.toml`.

use crate::CliError;
use crate::admin::{ensure_user, hash, resolve_role};
use portineria_domain::network::{
    ExceptionInput, HoursInput, HubInput, PlaceInput, SiteInput, SpanInput, validate_hub, validate_place, validate_site,
};
use portineria_store::{Store, Who};
use serde::Deserialize;

pub const CITY: &str = include_str!("../demo/city.toml");
/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "portineria-demo";

#[derive(Debug, Deserialize)]
pub struct City {
    pub network: NetworkDef,
    pub hubs: Vec<HubDef>,
    #[serde(default)]
    pub people: Vec<PersonDef>,
    #[serde(default)]
    pub plans: Vec<PlanDef>,
    #[serde(default)]
    pub terms: Vec<TermsDef>,
    #[serde(default)]
    pub sales: Vec<SaleDef>,
}

/// A plan on sale; prices in cents; `sites` as "hub/site" slugs.
#[derive(Debug, Deserialize)]
pub struct PlanDef {
    pub hub: Option<String>,
    pub name: String,
    pub kind: String,
    pub price: i64,
    pub description: Option<String>,
    pub valid_days: Option<i64>,
    pub entries: Option<i64>,
    pub hours: Option<i64>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub place_kinds: Vec<String>,
}

/// What a site is paid per hour hosted, and whether it takes vouchers.
#[derive(Debug, Deserialize)]
pub struct TermsDef {
    pub site: String,
    pub rate: i64,
    #[serde(default = "yes")]
    pub vouchers: bool,
}

fn yes() -> bool {
    true
}

/// A plan sold to a person by a hub, some weeks ago.
#[derive(Debug, Deserialize)]
pub struct SaleDef {
    pub plan: String,
    pub email: String,
    pub hub: String,
    pub method: String,
    pub reference: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct NetworkDef {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct HubDef {
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub sites: Vec<SiteDef>,
}

#[derive(Debug, Deserialize)]
pub struct SiteDef {
    pub slug: String,
    pub name: String,
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
    #[serde(default)]
    pub closed_on_holidays: bool,
    #[serde(default)]
    pub hours: Vec<String>,
    #[serde(default)]
    pub exceptions: Vec<ExceptionDef>,
    #[serde(default)]
    pub places: Vec<PlaceDef>,
}

#[derive(Debug, Deserialize)]
pub struct ExceptionDef {
    pub date: String,
    pub hours: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PlaceDef {
    pub name: String,
    pub kind: String,
    pub capacity: i64,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub bookable: bool,
    #[serde(default)]
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PersonDef {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

const DAYS: [&str; 7] = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];

fn day(s: &str) -> Option<u8> {
    DAYS.iter().position(|d| *d == s).and_then(|i| u8::try_from(i).ok())
}

fn spans(text: &str) -> Result<Vec<SpanInput>, String> {
    text.split_whitespace()
        .map(|s| {
            let (o, c) = s.split_once('-').ok_or_else(|| format!("bad span {s}"))?;
            Ok(SpanInput { opens: o.to_owned(), closes: c.to_owned() })
        })
        .collect()
}

/// `"lun-ven 09:00-13:00 14:00-19:00"` → one entry per day and span.
pub fn parse_hours(lines: &[String]) -> Result<Vec<HoursInput>, String> {
    let mut out = Vec::new();
    for line in lines {
        let (days, rest) = line.trim().split_once(' ').ok_or_else(|| format!("bad hours line {line}"))?;
        let (from, to) = match days.split_once('-') {
            Some((a, b)) => (day(a), day(b)),
            None => (day(days), day(days)),
        };
        let (Some(from), Some(to)) = (from, to) else { return Err(format!("bad days in {line}")) };
        for d in from..=to {
            for s in spans(rest)? {
                out.push(HoursInput { weekday: d, opens: s.opens, closes: s.closes });
            }
        }
    }
    Ok(out)
}

pub fn city() -> Result<City, CliError> {
    toml::from_str(CITY).map_err(|e| CliError::Other(format!("demo/city.toml: {e}")))
}

/// What seeding produced, for the welcome message.
pub struct Seeded {
    pub hubs: usize,
    pub sites: usize,
    pub places: usize,
    pub people: Vec<(String, String, Vec<String>)>,
    pub coworking: crate::demo_coworking::Seeded,
    pub platform: crate::demo_platform::Seeded,
    pub programme: crate::demo_programme::Seeded,
}

/// Loads the demo city into an empty database.
pub async fn seed(store: &dyn Store) -> Result<Seeded, CliError> {
    let city = city()?;
    let who = Who::system("demo");
    store.set_network_name(&who, &city.network.name).await?;
    let (mut sites, mut places) = (0, 0);
    for h in &city.hubs {
        let mut draft = validate_hub(&HubInput {
            name: h.name.clone(),
            city: h.city.clone(),
            description: h.description.clone(),
            website: h.website.clone(),
            email: h.email.clone(),
            phone: h.phone.clone(),
            bookings_at_once: None,
        })
        .map_err(|e| CliError::Other(format!("demo hub {}: {e:?}", h.slug)))?;
        draft.slug = h.slug.clone();
        let hub = store.create_hub(&who, &draft).await?;
        for s in &h.sites {
            let exceptions = s
                .exceptions
                .iter()
                .map(|x| {
                    Ok(ExceptionInput {
                        date: x.date.clone(),
                        spans: x.hours.as_deref().map(spans).transpose()?.unwrap_or_default(),
                        note: x.note.clone(),
                    })
                })
                .collect::<Result<Vec<_>, String>>()
                .map_err(CliError::Other)?;
            let mut draft = validate_site(&SiteInput {
                name: s.name.clone(),
                kind: s.kind.clone(),
                address: s.address.clone(),
                city: s.city.clone(),
                lat: Some(s.lat),
                lon: Some(s.lon),
                description: s.description.clone(),
                accessibility: s.accessibility.clone(),
                phone: s.phone.clone(),
                email: s.email.clone(),
                website: s.website.clone(),
                closed_on_holidays: s.closed_on_holidays,
                hours: parse_hours(&s.hours).map_err(CliError::Other)?,
                exceptions,
            })
            .map_err(|e| CliError::Other(format!("demo site {}: {e:?}", s.slug)))?;
            draft.slug = s.slug.clone();
            let site = store.create_site(&who, hub.id, &draft).await?;
            sites += 1;
            for p in &s.places {
                let draft = validate_place(&PlaceInput {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    capacity: Some(p.capacity),
                    equipment: p.equipment.clone(),
                    bookable: p.bookable,
                    holders_only: p.holders_only,
                    description: p.description.clone(),
                    accessibility: p.accessibility.clone(),
                    ..Default::default()
                })
                .map_err(|e| CliError::Other(format!("demo place {}: {e:?}", p.name)))?;
                store.create_place(&who, site.id, &draft).await?;
                places += 1;
            }
        }
    }
    let password_hash = hash(DEMO_PASSWORD).await?;
    let mut people = Vec::new();
    for p in &city.people {
        let mut grants = Vec::new();
        for r in &p.roles {
            grants.push(resolve_role(store, r).await?);
        }
        ensure_user(store, &p.email, &p.name, &password_hash, &grants, &who).await?;
        people.push((p.email.clone(), p.name.clone(), p.roles.clone()));
    }
    let coworking = crate::demo_coworking::seed(store, &city, &who).await?;
    let platform = crate::demo_platform::seed(store, &who).await?;
    let programme = crate::demo_programme::seed(store, &who).await?;
    // The seeding's bookings, check-outs, exchanges and enrolments queued
    // their mail, telling of an invented past: none of it is sent.
    store.discard_pending_mail(jiff::Timestamp::now().as_second()).await?;
    Ok(Seeded { hubs: city.hubs.len(), sites, places, people, coworking, platform, programme })
}
