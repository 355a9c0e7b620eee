//! The demo quarter's programme: a season of Kilowatt's (kids' labs in Kw
//! baby, talks in the greenhouses, a course for seniors, events in the
//! satellites), courses in the Milan coworkings (one included in a
//! membership with trainings), and enrolments: one lab is full, with people
//! waiting. Dates are relative to today, times within each site's hours.
//! The season so far is there too: labs and an open day of the last weeks,
//! with the presences their hosts marked, so the programme's figures and
//! the certificates of attendance have something to show.

use crate::CliError;
use portineria_domain::bookings::{Interval, within_hours};
use portineria_domain::programme::{EventInput, SessionInput, validate_event};
use portineria_store::{NewEvent, NewSale, PaymentMethod, PlaceQuery, Store, Who};

#[derive(Debug, Default)]
pub struct Seeded {
    pub events: usize,
    pub sessions: usize,
    pub enrolments: usize,
    /// Presences marked at past sessions.
    pub presences: usize,
}

struct DemoEvent {
    hub: &'static str,
    site: &'static str,
    /// Kinds of room to take, first found; empty: no bookable place.
    rooms: &'static [&'static str],
    kind: &'static str,
    title: &'static str,
    description: &'static str,
    audience: &'static str,
    topics: &'static str,
    teachers: &'static str,
    capacity: i64,
    price_cents: i64,
    included: bool,
    /// Days from today of the first session, local start "HH:MM", minutes.
    day: i64,
    at: (i8, i8),
    minutes: i64,
    rrule: Option<&'static str>,
}

const EVENTS: &[DemoEvent] = &[
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &["kids_room"],
        kind: "kids_lab",
        title: "Kw baby: robotica creativa",
        description: "Costruiamo piccoli robot con materiali di recupero e un po' di coding. Per bambine e bambini dai 6 ai 10 anni, con un genitore.",
        audience: "kids",
        topics: "robotics,stem,coding",
        teachers: "Educatrici di Kw baby",
        capacity: 3,
        price_cents: 0,
        included: false,
        day: 3,
        at: (10, 30),
        minutes: 90,
        rrule: Some("FREQ=WEEKLY;COUNT=8"),
    },
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &["kids_room"],
        kind: "kids_lab",
        title: "Piccoli scienziati in serra",
        description: "Semi, terra e lenti d'ingrandimento: un laboratorio di scienze tra le serre dei Giardini Margherita.",
        audience: "families",
        topics: "stem,sustainability",
        teachers: "",
        capacity: 15,
        price_cents: 0,
        included: false,
        day: 4,
        at: (16, 0),
        minutes: 90,
        rrule: Some("FREQ=WEEKLY;COUNT=6"),
    },
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &["event_hall"],
        kind: "talk",
        title: "Coworking di prossimità: che cosa abbiamo imparato",
        description: "Un incontro aperto sulla rete dei coworking diffusi: bar, biblioteche e botteghe che diventano luoghi di lavoro e di comunità.",
        audience: "all",
        topics: "community,work",
        teachers: "Kilowatt",
        capacity: 80,
        price_cents: 0,
        included: false,
        day: 6,
        at: (18, 30),
        minutes: 90,
        rrule: None,
    },
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &["meeting_room"],
        kind: "course",
        title: "Smartphone e servizi online per over 65",
        description: "Sei incontri per usare con sicurezza lo smartphone, lo SPID e i servizi del Comune.",
        audience: "seniors",
        topics: "digital_literacy",
        teachers: "Volontari del Servizio civile",
        capacity: 12,
        price_cents: 0,
        included: false,
        day: 2,
        at: (10, 0),
        minutes: 120,
        rrule: Some("FREQ=WEEKLY;COUNT=6"),
    },
    DemoEvent {
        hub: "kilowatt",
        site: "caffe-della-porta",
        rooms: &["meeting_room"],
        kind: "seminar",
        title: "Genitori e cyberbullismo",
        description: "Una serata al bar per parlare di social, chat e di come accorgersi quando qualcosa non va.",
        audience: "families",
        topics: "cyberbullying",
        teachers: "",
        capacity: 20,
        price_cents: 0,
        included: false,
        day: 8,
        at: (18, 0),
        minutes: 90,
        rrule: None,
    },
    DemoEvent {
        hub: "kilowatt",
        site: "biblioteca-donne",
        rooms: &["meeting_room"],
        kind: "kids_lab",
        title: "Coding in biblioteca",
        description: "Storie e giochi per imparare a programmare, tra gli scaffali della biblioteca.",
        audience: "kids",
        topics: "coding",
        teachers: "",
        capacity: 10,
        price_cents: 0,
        included: false,
        day: 5,
        at: (16, 30),
        minutes: 60,
        rrule: None,
    },
    DemoEvent {
        hub: "mastro-pilastro",
        site: "casa-di-quartiere",
        rooms: &["lab"],
        kind: "workshop",
        title: "Ripariamo le bici del quartiere",
        description: "Il Laboratorio del Mastro apre l'officina: porta la tua bici, impari a sistemarla.",
        audience: "all",
        topics: "crafts,sustainability",
        teachers: "Mastro Pilastro",
        capacity: 10,
        price_cents: 0,
        included: false,
        day: 9,
        at: (15, 0),
        minutes: 120,
        rrule: None,
    },
    DemoEvent {
        hub: "campo-teatrale",
        site: "via-cambiasi",
        rooms: &["meeting_room", "event_hall"],
        kind: "course",
        title: "Parlare in pubblico per freelance",
        description: "Quattro serate con gli attori di Campo Teatrale per presentare il proprio lavoro senza paura.",
        audience: "adults",
        topics: "work,arts",
        teachers: "Campo Teatrale",
        capacity: 14,
        price_cents: 12000,
        included: true,
        day: 7,
        at: (19, 0),
        minutes: 120,
        rrule: Some("FREQ=WEEKLY;COUNT=4"),
    },
    DemoEvent {
        hub: "campo-teatrale",
        site: "aule-leoncavallo",
        rooms: &["lab"],
        kind: "course",
        title: "Robotica per ragazzi",
        description: "Un corso di robotica e STEM per ragazze e ragazzi delle medie, nelle aule della scuola.",
        audience: "kids",
        topics: "robotics,stem",
        teachers: "",
        capacity: 16,
        price_cents: 6000,
        included: true,
        day: 10,
        at: (16, 0),
        minutes: 90,
        rrule: Some("FREQ=WEEKLY;COUNT=5"),
    },
    DemoEvent {
        hub: "qf",
        site: "sede-venini",
        rooms: &["meeting_room"],
        kind: "course",
        title: "Fogli di calcolo per chi cerca lavoro",
        description: "Tre mattine per imparare le basi dei fogli di calcolo e prepararsi ai colloqui.",
        audience: "job_seekers",
        topics: "digital_literacy,work",
        teachers: "",
        capacity: 10,
        price_cents: 0,
        included: false,
        day: 3,
        at: (10, 0),
        minutes: 150,
        rrule: Some("FREQ=WEEKLY;COUNT=3"),
    },
    DemoEvent {
        hub: "qf",
        site: "mercato-coperto",
        rooms: &[],
        kind: "market",
        title: "Il sabato al mercato coperto",
        description: "Produttori, scambi e un banco della banca del tempo.",
        audience: "all",
        topics: "community",
        teachers: "",
        capacity: 200,
        price_cents: 0,
        included: false,
        day: 3,
        at: (9, 0),
        minutes: 240,
        rrule: None,
    },
];

/// The season so far: first sessions some weeks ago.
const PAST: &[DemoEvent] = &[
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &[],
        kind: "kids_lab",
        title: "Kw baby: aquiloni e vento",
        description: "Quattro mattine per costruire un aquilone e capire come vola. Per bambine e bambini dai 5 ai 9 anni.",
        audience: "kids",
        topics: "stem,crafts",
        teachers: "Educatrici di Kw baby",
        capacity: 12,
        price_cents: 0,
        included: false,
        day: -40,
        at: (10, 30),
        minutes: 90,
        rrule: Some("FREQ=WEEKLY;COUNT=4"),
    },
    DemoEvent {
        hub: "kilowatt",
        site: "le-serre",
        rooms: &[],
        kind: "open_day",
        title: "Serre aperte: festa d'autunno",
        description: "Un pomeriggio aperto a tutto il quartiere: visite, merenda e il mercatino dello scambio.",
        audience: "all",
        topics: "community",
        teachers: "",
        capacity: 150,
        price_cents: 0,
        included: false,
        day: -20,
        at: (15, 0),
        minutes: 180,
        rrule: None,
    },
    DemoEvent {
        hub: "kilowatt",
        site: "caffe-della-porta",
        rooms: &[],
        kind: "seminar",
        title: "Fatturazione elettronica senza paura",
        description: "Un'ora al bar per chi ha appena aperto la partita IVA.",
        audience: "adults",
        topics: "work,digital_literacy",
        teachers: "Matteo Rizzi",
        capacity: 15,
        price_cents: 0,
        included: false,
        day: -12,
        at: (18, 0),
        minutes: 60,
        rrule: None,
    },
];

/// Who took part in the season so far.
const PAST_PEOPLE: &[&str] = &[
    "member@portineria.example",
    "resident@portineria.example",
    "irene.bassi@portineria.example",
    "alessia.conti@portineria.example",
    "federico.marchetti@portineria.example",
    "giuseppe.amato@portineria.example",
    "matteo.rizzi@portineria.example",
];

/// People of the demo who ask for places (the full lab gets a waiting list).
const ENROLMENTS: &[(&str, &str)] = &[
    ("Kw baby: robotica creativa", "member@portineria.example"),
    ("Kw baby: robotica creativa", "irene.bassi@portineria.example"),
    ("Kw baby: robotica creativa", "alessia.conti@portineria.example"),
    ("Kw baby: robotica creativa", "federico.marchetti@portineria.example"),
    ("Kw baby: robotica creativa", "giuseppe.amato@portineria.example"),
    ("Piccoli scienziati in serra", "resident@portineria.example"),
    ("Smartphone e servizi online per over 65", "giuseppe.amato@portineria.example"),
    ("Parlare in pubblico per freelance", "member@portineria.example"),
    ("Coworking di prossimità: che cosa abbiamo imparato", "matteo.rizzi@portineria.example"),
];

/// The first session's start: `day` days from today at `at`, moved a day
/// later until the site is open for it (at most a week).
fn first_session(site: &portineria_store::Site, d: &DemoEvent, today: jiff::civil::Date) -> Option<Interval> {
    let tz = portineria_domain::rome();
    for extra in 0..7 {
        let date = today.checked_add(jiff::Span::new().days(d.day + extra)).ok()?;
        let start = date.at(d.at.0, d.at.1, 0, 0).to_zoned(tz.clone()).ok()?.timestamp().as_second();
        let iv = Interval { start, end: start + d.minutes * 60 };
        if within_hours(&site.schedule, &tz, iv) {
            return Some(iv);
        }
    }
    None
}

/// Writes one demo event as if created at `now`; `None` when its site has
/// no opening for it.
async fn create(
    store: &dyn Store,
    who: &Who,
    d: &DemoEvent,
    today: jiff::civil::Date,
    organiser: Option<i64>,
    now: Option<i64>,
) -> Result<Option<portineria_store::Event>, CliError> {
    let tz = portineria_domain::rome();
    let hub = store.hub_by_slug(d.hub).await?.ok_or_else(|| CliError::Other(format!("demo: no hub {}", d.hub)))?;
    let site = store
        .site_by_slug(hub.id, d.site)
        .await?
        .ok_or_else(|| CliError::Other(format!("demo: no site {}", d.site)))?;
    let Some(first) = first_session(&site, d, today) else { return Ok(None) };
    // Past events are written as of a fortnight before they began.
    let now = now.unwrap_or(first.start - 14 * 86_400);
    let places = store.list_places(&PlaceQuery { site_id: Some(site.id), ..Default::default() }).await?;
    let room = d.rooms.iter().find_map(|k| places.iter().find(|p| p.kind.as_str() == *k && p.bookable)).map(|p| p.id);
    let input = EventInput {
        kind: d.kind.into(),
        title: d.title.into(),
        description: Some(d.description.into()),
        audience: Some(d.audience.into()),
        topics: Some(d.topics.into()),
        teachers: Some(d.teachers.into()),
        capacity: d.capacity,
        price_cents: d.price_cents,
        included_in_membership: d.included,
        deadline_minutes: Some(60),
        sessions: vec![SessionInput { start: first.start, end: first.end, site_id: site.id, place_id: room }],
        rrule: d.rrule.map(str::to_owned),
        ..Default::default()
    };
    let draft =
        validate_event(&input, now, &tz).map_err(|e| CliError::Other(format!("demo event {}: {e:?}", d.title)))?;
    let e = NewEvent { hub_id: hub.id, organiser_account_id: organiser, organiser_actor_id: None, draft, now };
    // A session whose room is taken at that hour (by the demo's bookings) goes without it.
    let event = match store.create_event(who, &e).await {
        Ok(ev) => ev,
        Err(portineria_store::StoreError::Conflict("session-place-taken")) => {
            let mut e = e;
            e.draft.sessions.iter_mut().for_each(|s| s.place_id = None);
            store.create_event(who, &e).await?
        }
        Err(err) => return Err(err.into()),
    };
    Ok(Some(event))
}

pub async fn seed(store: &dyn Store, who: &Who) -> Result<Seeded, CliError> {
    let tz = portineria_domain::rome();
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(tz.clone()).date();
    let organiser = store.account_by_email("manager@portineria.example").await?.map(|a| a.id);
    let mut seeded = Seeded::default();
    let mut ids = Vec::new();
    for d in EVENTS {
        let Some(event) = create(store, who, d, today, organiser, Some(now.as_second())).await? else { continue };
        seeded.events += 1;
        seeded.sessions += event.sessions.len();
        ids.push((d.title, event.id, event.hub_id));
    }
    // The season so far: everyone enrolled a week before; each came to most
    // sessions (one in four missed, in a fixed pattern).
    for (k, d) in PAST.iter().enumerate() {
        let Some(event) = create(store, who, d, today, organiser, None).await? else { continue };
        seeded.events += 1;
        seeded.sessions += event.sessions.len();
        let asked = event.starts_at - 7 * 86_400;
        for (i, email) in PAST_PEOPLE.iter().enumerate().filter(|(i, _)| (i + k) % 3 != 2) {
            let Some(person) = store.account_by_email(email).await? else { continue };
            store.enrol(who, event.id, person.id, None, asked).await?;
            seeded.enrolments += 1;
            for (j, session) in event.sessions.iter().enumerate() {
                if session.end <= now.as_second() && (i + j) % 4 != 3 {
                    store.mark_attendance(who, session.id, person.id, "host", session.start + 600).await?;
                    seeded.presences += 1;
                }
            }
        }
    }
    // A membership of Campo Teatrale with five trainings, held by the member.
    if let (Some(hub), Some(member)) =
        (store.hub_by_slug("campo-teatrale").await?, store.account_by_email("member@portineria.example").await?)
    {
        let plan = portineria_domain::passes::validate_plan(&portineria_domain::passes::PlanInput {
            hub_id: Some(hub.id),
            name: "Tessera formazione: 5 incontri".into(),
            description: Some("Cinque corsi o laboratori a scelta tra quelli inclusi nell'abbonamento.".into()),
            kind: portineria_domain::passes::PlanKind::Membership.as_str().to_owned(),
            price_cents: 15000,
            valid_days: Some(365),
            trainings: Some(5),
            active: Some(true),
            ..Default::default()
        })
        .map_err(|e| CliError::Other(format!("demo plan: {e:?}")))?;
        let plan = store.create_plan(who, &plan).await?;
        let sale = NewSale {
            plan_id: plan.id,
            account_id: member.id,
            hub_id: hub.id,
            valid_from: now.as_second() - 86_400,
            valid_until: now.as_second() + 364 * 86_400,
            amount_cents: 15000,
            method: PaymentMethod::Pos,
            paid: true,
            provider: None,
            reference: String::new(),
            voucher_members: vec![],
            now: now.as_second(),
        };
        store.sell(who, &sale).await?;
    }
    for (title, email) in ENROLMENTS {
        let (Some((_, event, _)), Some(person)) =
            (ids.iter().find(|(t, _, _)| t == title), store.account_by_email(email).await?)
        else {
            continue;
        };
        store.enrol(who, *event, person.id, None, now.as_second()).await?;
        seeded.enrolments += 1;
    }
    Ok(seeded)
}
