//! The demo city's diffuse coworking: the plans, site terms and sales of
//! `demo/city.toml`, then four weeks of stays at the central spaces and their
//! satellites (so presence, vouchers' histories and settlement have real
//! numbers), people in right now, and the coming days' bookings.
//!
//! The history is generated from a fixed seed, relative to today, so every
//! demo looks alike and always shows the current month.

use crate::CliError;
use crate::demo::City;
use jiff::ToSpan;
use jiff::civil::Date;
use portineria_domain::hours::local_instant;
use portineria_domain::passes::{PlanKind, window};
use portineria_store::{NewBooking, NewCheckin, NewSale, PaymentMethod, Store, Who};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Seeded {
    pub plans: usize,
    pub sales: usize,
    pub stays: usize,
    pub present: usize,
    pub bookings: usize,
}

/// Who goes where: email, how many weekdays in ten they come, and the
/// "hub/site" slugs they rotate through.
const HABITS: &[(&str, u64, &[&str])] = &[
    // Sara's monthly pass covers Kilowatt's sites; her voucher pays at QF's café.
    (
        "member@portineria.example",
        7,
        &[
            "kilowatt/le-serre",
            "kilowatt/caffe-della-porta",
            "kilowatt/le-serre",
            "kilowatt/biblioteca-donne",
            "kilowatt/le-serre",
            "qf/caffe-morbegno",
        ],
    ),
    ("matteo.rizzi@portineria.example", 4, &["kilowatt/le-serre", "kilowatt/biblioteca-donne"]),
    ("irene.bassi@portineria.example", 7, &["qf/sede-venini", "qf/caffe-morbegno", "qf/libreria-venini"]),
    // Carla spends the hours Irene shares with her, at Kilowatt's satellites.
    ("resident@portineria.example", 3, &["kilowatt/caffe-della-porta", "kilowatt/bottega-murri"]),
    ("federico.marchetti@portineria.example", 2, &["open-incet/ex-incet", "open-incet/caffe-barriera"]),
    ("giuseppe.amato@portineria.example", 5, &["mastro-pilastro/casa-di-quartiere", "mastro-pilastro/bar-del-parco"]),
];

async fn site_id(
    store: &dyn Store,
    slug: &str,
    cache: &mut HashMap<String, (i64, i64)>,
) -> Result<(i64, i64), CliError> {
    if let Some(x) = cache.get(slug) {
        return Ok(*x);
    }
    let (h, s) = slug.split_once('/').ok_or_else(|| CliError::Other(format!("demo: site {slug} is not hub/site")))?;
    let hub = store.hub_by_slug(h).await?.ok_or_else(|| CliError::Other(format!("demo: no hub {h}")))?;
    let site = store.site_by_slug(hub.id, s).await?.ok_or_else(|| CliError::Other(format!("demo: no site {slug}")))?;
    cache.insert(slug.to_owned(), (site.id, hub.id));
    Ok((site.id, hub.id))
}

fn at(date: Date, minute: u16) -> Result<i64, CliError> {
    local_instant(date, minute, &portineria_domain::rome())
        .map(|t| t.as_second())
        .ok_or_else(|| CliError::Other("demo: bad local time".into()))
}

/// A small deterministic generator (the demo must look the same every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

pub async fn seed(store: &dyn Store, city: &City, who: &Who) -> Result<Seeded, CliError> {
    let mut out = Seeded::default();
    let mut sites = HashMap::new();
    let tz = portineria_domain::rome();
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(tz.clone()).date();
    let mut plan_ids = HashMap::new();
    for p in &city.plans {
        let kind = PlanKind::parse(&p.kind).ok_or_else(|| CliError::Other(format!("demo plan {}: kind", p.name)))?;
        let hub_id = match &p.hub {
            Some(h) => {
                Some(store.hub_by_slug(h).await?.ok_or_else(|| CliError::Other(format!("demo: no hub {h}")))?.id)
            }
            None => None,
        };
        let mut covered = Vec::new();
        for s in &p.sites {
            covered.push(site_id(store, s, &mut sites).await?.0);
        }
        let draft = portineria_domain::passes::validate_plan(&portineria_domain::passes::PlanInput {
            hub_id,
            name: p.name.clone(),
            description: p.description.clone(),
            kind: kind.as_str().to_owned(),
            price_cents: p.price,
            valid_days: Some(p.valid_days.unwrap_or(kind.default_valid_days())),
            entries: p.entries,
            minutes: p.hours.map(|h| h * 60),
            trainings: None,
            course_id: None,
            site_ids: covered,
            place_kinds: p.place_kinds.clone(),
            active: Some(true),
        })
        .map_err(|e| CliError::Other(format!("demo plan {}: {e:?}", p.name)))?;
        let plan = store.create_plan(who, &draft).await?;
        plan_ids.insert(p.name.clone(), plan);
        out.plans += 1;
    }
    for t in &city.terms {
        let (site, _) = site_id(store, &t.site, &mut sites).await?;
        store.set_site_terms(who, site, t.vouchers, t.rate).await?;
    }
    // Sold 25 days ago, so the last four weeks have stays.
    let sold_on = today.checked_sub(25.days()).map_err(|e| CliError::Other(e.to_string()))?;
    for s in &city.sales {
        let plan = plan_ids.get(&s.plan).ok_or_else(|| CliError::Other(format!("demo sale: no plan {}", s.plan)))?;
        let account = store
            .account_by_email(&s.email)
            .await?
            .ok_or_else(|| CliError::Other(format!("demo sale: no person {}", s.email)))?;
        let hub = store.hub_by_slug(&s.hub).await?.ok_or_else(|| CliError::Other(format!("demo: no hub {}", s.hub)))?;
        let mut members = Vec::new();
        for m in &s.members {
            if let Some(a) = store.account_by_email(m).await? {
                members.push(a.id);
            }
        }
        let (from, until) = window(sold_on, plan.valid_days.max(40), &tz)
            .ok_or_else(|| CliError::Other("demo: bad validity".into()))?;
        store
            .sell(
                who,
                &NewSale {
                    plan_id: plan.id,
                    account_id: account.id,
                    hub_id: hub.id,
                    valid_from: from,
                    valid_until: until,
                    amount_cents: plan.price_cents,
                    method: PaymentMethod::parse(&s.method).unwrap_or(PaymentMethod::Cash),
                    paid: true,
                    provider: None,
                    reference: s.reference.clone().unwrap_or_default(),
                    voucher_members: members,
                    now: from,
                },
            )
            .await?;
        out.sales += 1;
    }

    // Four weeks of stays, mornings or afternoons, most weekdays.
    let mut rng = Lcg(0x00C0_FFEE);
    for days_ago in (1..=24).rev() {
        let date = today.checked_sub(days_ago.days()).map_err(|e| CliError::Other(e.to_string()))?;
        let weekend = date.weekday().to_monday_zero_offset() >= 5;
        for (email, often, habits) in HABITS {
            if rng.next(10) >= if weekend { often / 3 } else { *often } {
                continue;
            }
            let Some(person) = store.account_by_email(email).await? else { continue };
            let slug = habits[usize::try_from(rng.next(habits.len() as u64)).unwrap_or(0)];
            let (site, _) = site_id(store, slug, &mut sites).await?;
            let start_minute =
                if rng.next(2) == 0 { 9 * 60 } else { 14 * 60 } + u16::try_from(rng.next(60)).unwrap_or(0);
            let start = at(date, start_minute)?;
            let c = NewCheckin { account_id: person.id, site_id: site, charge: None, now: start };
            if store.check_in(who, &c).await.is_ok() {
                let length = i64::try_from(60 + rng.next(4 * 60)).unwrap_or(120) * 60;
                store.check_out(who, person.id, site, start + length).await?;
                out.stays += 1;
            }
        }
    }
    // Sara's hour voucher at work in another hub's satellite: the story of
    // "ore spendibili ovunque".
    for (days_ago, from, to) in [(10, 15 * 60, 18 * 60), (3, 10 * 60, 14 * 60 + 30)] {
        let Some(person) = store.account_by_email("member@portineria.example").await? else { break };
        let (site, _) = site_id(store, "qf/caffe-morbegno", &mut sites).await?;
        let date = today.checked_sub(days_ago.days()).map_err(|e| CliError::Other(e.to_string()))?;
        let c = NewCheckin { account_id: person.id, site_id: site, charge: None, now: at(date, from)? };
        if store.check_in(who, &c).await.is_ok() {
            store.check_out(who, person.id, site, at(date, to)?).await?;
            out.stays += 1;
        }
    }
    // Some people are in right now, arrived an hour or two ago.
    for (email, slug) in [
        ("member@portineria.example", "kilowatt/le-serre"),
        ("irene.bassi@portineria.example", "qf/caffe-morbegno"),
        ("federico.marchetti@portineria.example", "open-incet/caffe-barriera"),
    ] {
        let Some(person) = store.account_by_email(email).await? else { continue };
        let (site, _) = site_id(store, slug, &mut sites).await?;
        let since = now.as_second() - i64::try_from(3600 + rng.next(3600)).unwrap_or(3600);
        if store
            .check_in(who, &NewCheckin { account_id: person.id, site_id: site, charge: None, now: since })
            .await
            .is_ok()
        {
            out.present += 1;
        }
    }

    // The coming days' bookings at Le Serre.
    let serre = site_id(store, "kilowatt/le-serre", &mut sites).await?.0;
    let places =
        store.list_places(&portineria_store::PlaceQuery { site_id: Some(serre), ..Default::default() }).await?;
    let desks = places.iter().find(|p| p.name == "Kworking");
    let room = places.iter().find(|p| p.name == "Gabbia del leone");
    let mut plan: Vec<(&str, i64, Date, u16, u16)> = Vec::new();
    for d in 1..=5 {
        let date = today.checked_add(d.days()).map_err(|e| CliError::Other(e.to_string()))?;
        if let Some(p) = desks {
            plan.push(("member@portineria.example", p.id, date, 10 * 60, 13 * 60));
            if d % 2 == 1 {
                plan.push(("matteo.rizzi@portineria.example", p.id, date, 14 * 60, 18 * 60));
            }
        }
    }
    if let Some(r) = room {
        for w in 0..4 {
            let date = today.checked_add((2 + 7 * w).days()).map_err(|e| CliError::Other(e.to_string()))?;
            plan.push(("manager@portineria.example", r.id, date, 15 * 60, 17 * 60));
        }
    }
    for (email, place, date, from, to) in plan {
        let Some(person) = store.account_by_email(email).await? else { continue };
        let b = NewBooking {
            place_id: place,
            account_id: person.id,
            start: at(date, from)?,
            end: at(date, to)?,
            now: now.as_second(),
            staff: false,
        };
        if store.create_booking(who, &b).await.is_ok() {
            out.bookings += 1;
        }
    }
    Ok(out)
}
