//! `portineria bench`: generates a synthetic city, serves it in-process, drives
//! it over loopback HTTP with N keep-alive connections for T seconds per
//! scenario, and compares each scenario with a reference: the same server
//! returning the same response bytes from memory.

use crate::CliError;
use crate::admin::hash;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portineria_domain::network::{
    HoursInput, HubInput, PlaceInput, SiteInput, validate_hub, validate_place, validate_site,
};
use portineria_domain::policy::Grant;
use portineria_store::{NewAccount, Store, Who};
use portineria_web::{AppState, Clock, Mailer, WebConfig};
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub name: &'static str,
    pub hubs: usize,
    pub accounts_per_hub: usize,
    pub places_per_hub: usize,
    pub sites_per_hub: usize,
    /// Bookings loaded into each hub's places, from 60 days ago to 60 days ahead.
    pub bookings_per_hub: usize,
}

impl Scale {
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "s" => Some(Scale {
                name: "s",
                hubs: 10,
                accounts_per_hub: 100,
                places_per_hub: 50,
                sites_per_hub: 5,
                bookings_per_hub: 2_000,
            }),
            "m" => Some(Scale {
                name: "m",
                hubs: 30,
                accounts_per_hub: 300,
                places_per_hub: 150,
                sites_per_hub: 8,
                bookings_per_hub: 20_000,
            }),
            // The scale of Seatsurfing's published performance gates:
            // 20 million bookings in all.
            "l" => Some(Scale {
                name: "l",
                hubs: 100,
                accounts_per_hub: 1_000,
                places_per_hub: 500,
                sites_per_hub: 10,
                bookings_per_hub: 200_000,
            }),
            _ => None,
        }
    }
}

pub struct Options {
    pub scale: Scale,
    pub connections: usize,
    pub duration: Duration,
    pub json: bool,
    /// Run only these scenarios (all when empty).
    pub only: Vec<String>,
}

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const CENTRE: (f64, f64) = (44.4949, 11.3426);
const SITE_KINDS: [&str; 6] = ["bar", "library", "shop", "market", "school", "other"];
const PLACE_KINDS: [&str; 7] = ["desk_pool", "meeting_room", "event_hall", "lab", "kids_room", "garden", "other"];
const STREETS: [&str; 8] = [
    "via dell'Indipendenza",
    "via Zamboni",
    "via Saragozza",
    "via Mazzini",
    "via San Vitale",
    "via Murri",
    "via Emilia",
    "via Massarenti",
];

/// A point `metres` away from `(lat, lon)` at a random bearing.
fn around(rng: &mut Rng, (lat, lon): (f64, f64), metres: f64) -> (f64, f64) {
    let d = metres * rng.unit().sqrt();
    let b = rng.unit() * std::f64::consts::TAU;
    let dlat = d * b.cos() / 111_320.0;
    let dlon = d * b.sin() / (111_320.0 * lat.to_radians().cos());
    (lat + dlat, lon + dlon)
}

fn hours(rng: &mut Rng, central: bool) -> Vec<HoursInput> {
    let h = |d: u8, o: &str, c: &str| HoursInput { weekday: d, opens: o.into(), closes: c.into() };
    let mut v = Vec::new();
    if central {
        for d in 0..5 {
            v.push(h(d, "08:30", "19:30"));
        }
        v.push(h(5, "09:00", "13:00"));
    } else {
        let (o, c) = [("07:00", "24:00"), ("09:00", "19:00"), ("15:00", "23:00"), ("10:00", "20:00")][rng.below(4)];
        for d in 0..7 {
            if rng.below(7) != 0 {
                v.push(h(d, o, c));
            }
        }
    }
    v
}

/// A bookable place of the generated city.
#[derive(Debug, Clone, Copy)]
pub struct BenchPlace {
    pub id: i64,
    pub site_id: i64,
    /// Seats of a desk pool; 1 for any other place.
    pub seats: usize,
    pub pool: bool,
    /// At the hub's central space (weekdays 08:30–19:30, Saturday mornings).
    pub central: bool,
}

/// One hub of the generated city: its accounts and bookable places.
#[derive(Debug, Clone, Default)]
pub struct BenchHub {
    pub accounts: Vec<i64>,
    pub places: Vec<BenchPlace>,
}

/// What [`generate`] made.
#[derive(Debug, Clone, Default)]
pub struct City {
    /// Every site with its coordinates.
    pub sites: Vec<(i64, f64, f64)>,
    pub hubs: Vec<BenchHub>,
}

/// Seeds a synthetic city at `scale` (hubs, sites, places, accounts; the
/// bookings come after, from [`generate_bookings`]).
pub async fn generate(store: &dyn Store, scale: Scale, mut progress: impl FnMut(&str)) -> Result<City, CliError> {
    let who = Who::system("bench");
    let mut rng = Rng(0x5EED_CAFE);
    let mut city = City::default();
    let mut sites = Vec::new();
    let password_hash = hash("bench-password-lungo").await?;
    let now = jiff::Timestamp::now().as_second();
    for hub_no in 0..scale.hubs {
        let hub = store
            .create_hub(
                &who,
                &validate_hub(&HubInput {
                    name: format!("Hub {hub_no:03}"),
                    city: Some("Bologna".into()),
                    ..Default::default()
                })
                .map_err(|e| CliError::Other(format!("{e:?}")))?,
            )
            .await?;
        let centre = around(&mut rng, CENTRE, 6_000.0);
        let mut hub_sites = Vec::new();
        for site_no in 0..scale.sites_per_hub {
            let central = site_no == 0;
            let (lat, lon) = if central { centre } else { around(&mut rng, centre, 700.0) };
            let kind = if central { "central" } else { SITE_KINDS[rng.below(SITE_KINDS.len())] };
            let input = SiteInput {
                name: format!("{} {hub_no:03}-{site_no:02}", if central { "Coworking" } else { "Satellite" }),
                kind: kind.into(),
                address: format!("{} {}", STREETS[rng.below(STREETS.len())], 1 + rng.below(120)),
                city: "Bologna".into(),
                lat: Some(lat),
                lon: Some(lon),
                description: Some("Postazioni, sale e wifi per chi lavora vicino a casa.".into()),
                closed_on_holidays: central,
                hours: hours(&mut rng, central),
                ..Default::default()
            };
            let draft = validate_site(&input).map_err(|e| CliError::Other(format!("{e:?}")))?;
            let site = store.create_site(&who, hub.id, &draft).await?;
            sites.push((site.id, lat, lon));
            hub_sites.push(site.id);
        }
        let mut bench_hub = BenchHub::default();
        for place_no in 0..scale.places_per_hub {
            let site = hub_sites[place_no % hub_sites.len()];
            let kind = PLACE_KINDS[rng.below(PLACE_KINDS.len())];
            let draft = validate_place(&PlaceInput {
                name: format!("Spazio {place_no:03}"),
                kind: kind.into(),
                capacity: Some(1 + rng.below(if kind == "desk_pool" { 30 } else { 12 }) as i64),
                equipment: vec!["wifi".into(), "prese".into()],
                bookable: kind != "other",
                ..Default::default()
            })
            .map_err(|e| CliError::Other(format!("{e:?}")))?;
            let place = store.create_place(&who, site, &draft).await?;
            if place.bookable {
                let pool = place.kind.is_pool();
                bench_hub.places.push(BenchPlace {
                    id: place.id,
                    site_id: site,
                    seats: if pool { usize::try_from(place.capacity).unwrap_or(1) } else { 1 },
                    pool,
                    central: site == hub_sites[0],
                });
            }
        }
        for n in 0..scale.accounts_per_hub {
            let a = store
                .create_account(&NewAccount {
                    email: format!("persona{n}.hub{hub_no}@bench.example"),
                    display_name: format!("Persona {n}"),
                    password_hash: password_hash.clone(),
                    locale: "it".into(),
                    now,
                })
                .await?;
            bench_hub.accounts.push(a.id);
            let grant = match n {
                0 => Grant::Manager { hub: hub.id },
                1 => Grant::Host { hub: hub.id, site: hub_sites[hub_sites.len() - 1] },
                _ if n % 3 == 0 => Grant::Member { hub: hub.id },
                _ => continue,
            };
            store.add_grant(&who, a.id, grant).await?;
        }
        city.hubs.push(bench_hub);
        if (hub_no + 1) % 10 == 0 || hub_no + 1 == scale.hubs {
            progress(&format!("generated {}/{} hubs", hub_no + 1, scale.hubs));
        }
    }
    city.sites = sites;
    Ok(city)
}

/// Days of generated bookings: from 60 days ago to 59 days ahead.
const BOOKED_DAYS: std::ops::Range<i64> = -60..60;
/// Generated bookings fall between 08:00 and 18:00 local time, in whole hours.
const FIRST_HOUR: i64 = 8;
const HOURS: u32 = 10;

/// The instant of `hour`:00 in Rome on the day `offset` days from `today`.
fn local_instant(today: jiff::civil::Date, offset: i64, hour: i8) -> Option<i64> {
    let day = today.checked_add(jiff::Span::new().days(offset)).ok()?;
    Some(day.at(hour, 0, 0, 0).to_zoned(portineria_domain::rome()).ok()?.timestamp().as_second())
}

/// One hub's `count` bookings, spread over its bookable places and over
/// [`BOOKED_DAYS`], one to two hours long between 08:00 and 18:00. A desk
/// pool is filled in up to 4 lanes of seats, any other place in one, and no
/// two bookings of a lane overlap: every booking fits its place. Sorted by
/// start, the order in which a year of real bookings would interleave.
pub fn generate_bookings(
    rng: &mut Rng,
    hub: &BenchHub,
    count: usize,
    today: jiff::civil::Date,
    now: i64,
) -> Vec<portineria_store_sqlite::bulk::BulkBooking> {
    let day_starts: Vec<i64> = BOOKED_DAYS.filter_map(|d| local_instant(today, d, FIRST_HOUR as i8)).collect();
    let days = day_starts.len();
    let mut out = Vec::with_capacity(count);
    if hub.places.is_empty() || hub.accounts.is_empty() || days == 0 {
        return out;
    }
    let n = hub.places.len();
    for (i, place) in hub.places.iter().enumerate() {
        let quota = count / n + usize::from(i < count % n);
        let lanes = if place.pool { place.seats.clamp(1, 4) } else { 1 };
        // One bit per hour of each day and lane.
        let mut taken = vec![0u16; days * lanes];
        'booking: for _ in 0..quota {
            let mut cell = None;
            for _ in 0..30 {
                let len = 1 + rng.below(2) as u32;
                let hour = rng.below((HOURS - len + 1) as usize) as u32;
                let (day, lane) = (rng.below(days), rng.below(lanes));
                let bits = ((1u16 << len) - 1) << hour;
                if taken[day * lanes + lane] & bits == 0 {
                    cell = Some((day, lane, hour, len));
                    break;
                }
            }
            // Crowded: the first free hour anywhere.
            if cell.is_none() {
                cell = (0..days * lanes)
                    .find_map(|c| (0..HOURS).find(|h| taken[c] & (1 << h) == 0).map(|h| (c / lanes, c % lanes, h, 1)));
            }
            let Some((day, lane, hour, len)) = cell else { break 'booking };
            taken[day * lanes + lane] |= ((1u16 << len) - 1) << hour;
            let start = day_starts[day] + i64::from(hour) * 3_600;
            out.push(portineria_store_sqlite::bulk::BulkBooking {
                place_id: place.id,
                account_id: hub.accounts[rng.below(hub.accounts.len())],
                start,
                end: start + i64::from(len) * 3_600,
                exclusive: !place.pool,
                created_at: start.min(now) - rng.below(14 * 86_400) as i64,
            });
        }
    }
    out.sort_by_key(|b| (b.start, b.place_id));
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub name: String,
    pub requests: u64,
    /// Answers other than the scenario's success status (200; 201 for bookings).
    pub errors: u64,
    /// Requests per second; for `booking`, bookings committed per second.
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// The reference's rate: the same bytes from memory, or for `booking`
    /// a plain insert loop on the same database file.
    pub reference_requests_per_s: f64,
    pub reference_p99_ms: f64,
    pub ratio_to_reference: f64,
    pub response_bytes: usize,
    /// `booking` only: bookings acknowledged with 201.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits: Option<u64>,
    /// `booking` only: bookings over their place's capacity, counted in the
    /// whole database after the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub double_bookings: Option<u64>,
    /// `ledger` only: what `portineria ledger verify` found wrong after the
    /// run (the chain and every balance), 0 on a sound ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger_mismatches: Option<u64>,
    /// `enrolment` only: events whose count of the enrolled is above their
    /// capacity or differs from their enrolled rows, after the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrolment_mismatches: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scale: String,
    pub hubs: usize,
    pub sites: usize,
    pub places: usize,
    pub accounts: usize,
    /// Bookings in the database when the scenarios started.
    pub bookings: u64,
    pub connections: usize,
    pub duration_s: f64,
    pub generation_s: f64,
    /// Of which loading the bookings.
    pub bookings_generation_s: f64,
    /// How long the census of double bookings took.
    pub census_s: f64,
    pub scenarios: Vec<ScenarioResult>,
    pub peak_rss_bytes: u64,
    /// `match cycles` on a generated want list (`match_cycles`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_cycles: Option<crate::matching::MatchBench>,
}

/// Peak resident set size of this process (Linux: VmHWM).
pub fn peak_rss_bytes() -> u64 {
    status_kb("VmHWM:")
}

/// Resident set size of this process now (Linux: VmRSS).
fn rss_bytes() -> u64 {
    status_kb("VmRSS:")
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

const BENCH_CSRF: &str = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

/// Reads more of the stream straight into `buf` (no copy in between).
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.reserve(64 * 1024);
    if stream.read_buf(buf).await? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Reads one HTTP/1.1 response (Content-Length or chunked); returns status and body length.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(u16, usize)> {
    let mut scanned = 0usize;
    let header_end = loop {
        let from = scanned.saturating_sub(3);
        if let Some(p) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            break from + p + 4;
        }
        scanned = buf.len();
        fill(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let body_len = match length {
        Some(len) => {
            while buf.len() < header_end + len {
                fill(stream, buf).await?;
            }
            buf.drain(..header_end + len);
            len
        }
        None => {
            // Chunked: read until the terminating zero-length chunk.
            let mut scanned = header_end;
            loop {
                let from = scanned.saturating_sub(4).max(header_end);
                if let Some(p) = buf[from..].windows(5).position(|w| w == b"0\r\n\r\n") {
                    let total = from + p + 5;
                    buf.drain(..total);
                    break total - header_end;
                }
                scanned = buf.len();
                fill(stream, buf).await?;
            }
        }
    };
    Ok((status, body_len))
}

struct Load {
    requests: u64,
    errors: u64,
    latencies_us: Vec<u32>,
    elapsed: Duration,
}

impl Load {
    /// The clients' (requests, errors, latencies) since `start`.
    fn gather(start: Instant, parts: Vec<(u64, u64, Vec<u32>)>) -> Load {
        let mut load = Load { requests: 0, errors: 0, latencies_us: Vec::new(), elapsed: Duration::ZERO };
        for (r, e, l) in parts {
            load.requests += r;
            load.errors += e;
            load.latencies_us.extend(l);
        }
        load.elapsed = start.elapsed();
        load.latencies_us.sort_unstable();
        load
    }
}

/// A GET as a returning browser sends it: Italian first, and the CSRF
/// cookie the site set on the first visit.
fn get_request(path: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: it-IT,it;q=0.9\r\nUser-Agent: portineria-bench\r\n\
         Cookie: portineria_csrf={BENCH_CSRF}\r\n\r\n"
    )
    .into_bytes()
}

/// A JSON POST with an API token.
fn post_request(path: &str, token: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: it\r\nUser-Agent: portineria-bench\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// How a load goes through its requests.
#[derive(Debug, Clone, Copy)]
struct Drive {
    connections: usize,
    duration: Duration,
    /// The status that counts as success.
    ok: u16,
    /// Each request is sent at most once (a client stops when none is left).
    once: bool,
}

/// `connections` clients, each on one keep-alive connection, going through
/// `requests` (client `c` sends requests `c`, `c + connections`, …).
async fn drive(addr: SocketAddr, requests: Arc<Vec<Vec<u8>>>, how: Drive) -> Result<Load, CliError> {
    let start = Instant::now();
    let deadline = start + how.duration;
    let mut tasks = Vec::new();
    for c in 0..how.connections {
        let requests = requests.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let mut buf = Vec::with_capacity(64 * 1024);
            let mut lat = Vec::with_capacity(100_000);
            let (mut sent, mut errors) = (0u64, 0u64);
            let mut i = c;
            while Instant::now() < deadline && !requests.is_empty() && !(how.once && i >= requests.len()) {
                let request = &requests[i % requests.len()];
                i += how.connections;
                let t = Instant::now();
                stream.write_all(request).await?;
                let (status, _) = read_response(&mut stream, &mut buf).await?;
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                sent += 1;
                if status != how.ok {
                    errors += 1;
                }
            }
            Ok::<_, std::io::Error>((sent, errors, lat))
        }));
    }
    let mut parts = Vec::new();
    for t in tasks {
        parts.push(t.await.map_err(|e| CliError::Other(e.to_string()))??);
    }
    Ok(Load::gather(start, parts))
}

fn percentile_ms(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let idx = ((sorted_us.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted_us[idx.min(sorted_us.len() - 1)]) / 1000.0
}

/// Response bytes served from memory for the reference runs.
type Canned = Arc<HashMap<String, (HeaderValue, Vec<u8>)>>;

async fn canned(State(canned): State<Canned>, axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match canned.get(&name) {
        Some((ct, body)) => {
            let mut r = body.clone().into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
            r
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

impl ScenarioResult {
    /// A load's figures against a reference rate.
    fn of(name: &str, load: &Load, rate: f64, reference_rate: f64) -> Self {
        ScenarioResult {
            name: name.to_owned(),
            requests: load.requests,
            errors: load.errors,
            requests_per_s: round1(rate),
            p50_ms: percentile_ms(&load.latencies_us, 0.50),
            p95_ms: percentile_ms(&load.latencies_us, 0.95),
            p99_ms: percentile_ms(&load.latencies_us, 0.99),
            reference_requests_per_s: round1(reference_rate),
            reference_p99_ms: 0.0,
            ratio_to_reference: ratio(rate, reference_rate),
            response_bytes: 0,
            commits: None,
            double_bookings: None,
            ledger_mismatches: None,
            enrolment_mismatches: None,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { ((a / b) * 1000.0).round() / 1000.0 } else { 0.0 }
}

/// Free hours for the booking scenarios: `hour`:00 to `hour`:00 + `minutes`
/// on the days ahead when the central space of the place's hub is open
/// then, one per place and day, so each can be committed (the generated
/// bookings end by 18:00). Shuffled, so that concurrent clients write all
/// over the database.
async fn free_hours(
    store: &dyn Store,
    city: &City,
    today: jiff::civil::Date,
    (hour, minutes): (i8, i64),
    rng: &mut Rng,
) -> Result<Vec<(i64, i64, i64)>, CliError> {
    use portineria_domain::bookings::{Interval, within_hours};
    let tz = portineria_domain::rome();
    let mut schedules = HashMap::new();
    let mut wants = Vec::new();
    for place in city.hubs.iter().flat_map(|h| h.places.iter()).filter(|p| p.central) {
        if let std::collections::hash_map::Entry::Vacant(e) = schedules.entry(place.site_id) {
            let site = store.site(place.site_id).await?.ok_or_else(|| CliError::Other("site vanished".into()))?;
            e.insert(site.schedule);
        }
        let Some(schedule) = schedules.get(&place.site_id) else { continue };
        for day in 1..59 {
            let Some(start) = local_instant(today, day, hour) else { continue };
            let end = start + minutes * 60;
            if within_hours(schedule, &tz, Interval { start, end }) {
                wants.push((place.id, start, end));
            }
        }
    }
    for k in (1..wants.len()).rev() {
        wants.swap(k, rng.below(k + 1));
    }
    Ok(wants)
}

/// `POST /api/v1/bookings` for each wanted hour, with the API tokens in turn.
fn booking_posts(wants: &[(i64, i64, i64)], tokens: &[String]) -> Vec<Vec<u8>> {
    let fmt = |t: i64| jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default();
    wants
        .iter()
        .enumerate()
        .map(|(k, (place, start, end))| {
            let body = format!(r#"{{"place_id":{place},"start":"{}","end":"{}"}}"#, fmt(*start), fmt(*end));
            post_request("/api/v1/bookings", &tokens[k % tokens.len()], &body)
        })
        .collect()
}

/// `connections` clients calling the store directly for at most `duration`:
/// client `c` makes calls `c`, `c + connections`, … of `jobs`; `call(i)`
/// answers whether call `i` succeeded.
async fn drive_store<F, Fut>(connections: usize, duration: Duration, jobs: usize, call: F) -> Result<Load, CliError>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let deadline = start + duration;
    let call = Arc::new(call);
    let mut tasks = Vec::new();
    for c in 0..connections {
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let (mut sent, mut errors) = (0u64, 0u64);
            let mut i = c;
            while Instant::now() < deadline && i < jobs {
                let t = Instant::now();
                let ok = call(i).await;
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                sent += 1;
                if !ok {
                    errors += 1;
                }
                i += connections;
            }
            (sent, errors, lat)
        }));
    }
    let mut parts = Vec::new();
    for t in tasks {
        parts.push(t.await.map_err(|e| CliError::Other(e.to_string()))?);
    }
    Ok(Load::gather(start, parts))
}

/// `connections` clients booking through the store, as the API does after
/// its checks, each of `wants` once. Each call is one booking decided in its
/// own transaction (or its own savepoint of a group commit).
async fn book_through_store(
    store: Arc<dyn Store>,
    wants: Arc<Vec<(i64, i64, i64)>>,
    accounts: Arc<Vec<i64>>,
    how: Drive,
) -> Result<Load, CliError> {
    let jobs = if accounts.is_empty() { 0 } else { wants.len() };
    drive_store(how.connections, how.duration, jobs, move |i| {
        let (store, wants, accounts) = (store.clone(), wants.clone(), accounts.clone());
        async move {
            let (place_id, start, end) = wants[i];
            let account_id = accounts[i % accounts.len()];
            let who = Who::account(account_id, "bench");
            let now = jiff::Timestamp::now().as_second();
            let b = portineria_store::NewBooking { place_id, account_id, start, end, now, staff: false };
            store.create_booking(&who, &b).await.is_ok()
        }
    })
    .await
}

/// Offers and demands the `matches` scenario reads among.
pub const BENCH_LISTINGS: usize = 200_000;

const LISTING_WORDS: &[&str] = &[
    "riparazione",
    "bicicletta",
    "tapparella",
    "rubinetto",
    "trasloco",
    "armadio",
    "spesa",
    "mercato",
    "chitarra",
    "lezioni",
    "italiano",
    "inglese",
    "computer",
    "telefono",
    "spid",
    "volantino",
    "grafica",
    "sito",
    "orto",
    "pomodori",
    "torta",
    "cucina",
    "babysitting",
    "compiti",
    "doposcuola",
    "accompagnamento",
    "visita",
    "medico",
    "libri",
    "attrezzi",
    "trapano",
    "scala",
    "sala",
    "riunione",
    "festa",
    "musica",
    "fotografie",
    "video",
    "cantina",
    "giardino",
    "cane",
    "gatto",
    "passeggiata",
    "sartoria",
    "vestiti",
    "cucito",
    "falegnameria",
    "mobili",
];

/// Loads [`BENCH_LISTINGS`] listings in the categories of the taxonomy,
/// posted by the city's people near its sites, half offers and half demands.
async fn generate_listings(
    sqlite: &portineria_store_sqlite::SqliteStore,
    store: &dyn Store,
    city: &City,
    rng: &mut Rng,
    now: i64,
) -> Result<usize, CliError> {
    let children: Vec<i64> = store.categories().await?.iter().filter(|c| c.parent_id.is_some()).map(|c| c.id).collect();
    let accounts: Vec<i64> = city.hubs.iter().flat_map(|h| h.accounts.iter().copied()).collect();
    if children.is_empty() || accounts.is_empty() || city.sites.is_empty() {
        return Ok(0);
    }
    let kinds = ["product", "service", "space", "skill"];
    let mut rows = Vec::with_capacity(BENCH_LISTINGS);
    for i in 0..BENCH_LISTINGS {
        let mut pick =
            |k: usize| (0..k).map(|_| LISTING_WORDS[rng.below(LISTING_WORDS.len())]).collect::<Vec<_>>().join(" ");
        let title = pick(4);
        let description = pick(14);
        let tags = pick(2).replace(' ', ",");
        let (_, lat, lon) = city.sites[rng.below(city.sites.len())];
        let (lat, lon) = around(rng, (lat, lon), 800.0);
        let weekday = rng.below(7);
        let opens = 480 + 60 * rng.below(10);
        let windows = format!("[{{\"weekday\":{weekday},\"span\":{{\"opens\":{opens},\"closes\":{}}}}}]", opens + 120);
        let search_doc =
            portineria_domain::text::stems(&format!("{title} {description} {}", tags.replace(',', " "))).join(" ");
        rows.push(portineria_store_sqlite::bulk::BulkListing {
            direction: if i % 2 == 0 { "offer" } else { "demand" },
            kind: kinds[rng.below(kinds.len())],
            title,
            description,
            category_id: children[rng.below(children.len())],
            tags,
            account_id: accounts[rng.below(accounts.len())],
            lat,
            lon,
            windows,
            expires_at: now + 30 * 86_400,
            created_at: now - rng.below(20 * 86_400) as i64,
            search_doc,
        });
    }
    Ok(usize::try_from(sqlite.load_listings(&rows).await?).unwrap_or(0))
}

/// Time-bank accounts the ledger scenario opens.
const LEDGER_ACCOUNTS: usize = 2_000;

/// Transfers through the store (`TimebankStore::transfer`: the head and
/// both accounts locked, the rule, the chained entry, the audit row) by
/// `connections` clients, against a plain insert loop of the same kind of
/// entries on the same database file, run just before; then the whole
/// ledger verified.
async fn ledger_scenario(
    sqlite: &portineria_store_sqlite::SqliteStore,
    store: Arc<dyn Store>,
    how: &Drive,
    rng: &mut Rng,
    say: &impl Fn(&str),
) -> Result<ScenarioResult, CliError> {
    use portineria_domain::timebank::Limits;
    let wide = Limits { min_balance: -1_000_000, max_balance: 1_000_000 };
    let bench = Who::system("bench");
    let mut ids = Vec::with_capacity(LEDGER_ACCOUNTS);
    for k in 0..LEDGER_ACCOUNTS {
        let owner = i64::try_from(k).unwrap_or(0) + 1;
        ids.push(store.open_timebank_account(&bench, "person", Some(owner), "Banca", wide, 0).await?.id);
    }
    let pairs: Vec<(i64, i64, i64)> = (0..400_000)
        .map(|_| {
            let a = rng.below(ids.len());
            let b = (a + 1 + rng.below(ids.len() - 1)) % ids.len();
            (ids[a], ids[b], 15 * (1 + rng.below(8) as i64))
        })
        .collect();
    say("running the plain ledger insert loop");
    let plain = sqlite.plain_ledger_loop(&pairs, how.duration).await?;
    let store_for_load = store.clone();
    let plain_rate = plain.rows as f64 / plain.elapsed.as_secs_f64();
    say(&format!("running ledger with {} clients", how.connections));
    let pairs = Arc::new(pairs);
    let jobs = pairs.len();
    let load = drive_store(how.connections, how.duration, jobs, move |i| {
        let (store, pairs) = (store_for_load.clone(), pairs.clone());
        async move {
            // From the end: the plain loop wrote entries from the start.
            let (from_account, to_account, minutes) = pairs[pairs.len() - 1 - i];
            let t = portineria_store::NewTransfer {
                from_account,
                to_account,
                minutes,
                description: "bench: transfer".into(),
                exchange_id: None,
                now: 0,
            };
            store.transfer(&Who::system("bench"), &t).await.is_ok()
        }
    })
    .await?;
    let commits = load.requests - load.errors;
    let rate = commits as f64 / load.elapsed.as_secs_f64();
    say("verifying the ledger");
    let v = crate::admin::ledger_verification(store.as_ref()).await?;
    Ok(ScenarioResult {
        commits: Some(commits),
        ledger_mismatches: Some(v.mismatches.len() as u64),
        ..ScenarioResult::of("ledger", &load, rate, plain_rate)
    })
}

/// Four courses or events per site (at most 20,000), each with one to
/// eight weekly sessions in the coming weeks and no room booked, of every
/// kind and audience, a quarter of them paid; returns their ids.
async fn generate_events(store: &dyn Store, city: &City, rng: &mut Rng, now: i64) -> Result<Vec<i64>, CliError> {
    use portineria_domain::programme::{Audience, EventInput, EventKind, SessionInput, validate_event};
    let who = Who::system("bench");
    let tz = portineria_domain::rome();
    let today = jiff::Timestamp::from_second(now).map(|t| t.to_zoned(tz.clone()).date()).unwrap_or_default();
    let mut ids = Vec::new();
    for &(site_id, _, _) in city.sites.iter().take(5_000) {
        let Some(site) = store.site(site_id).await? else { continue };
        for n in 0..4 {
            let kind = EventKind::ALL[rng.below(EventKind::ALL.len())];
            let audience = Audience::ALL[rng.below(Audience::ALL.len())];
            let Some(start) = local_instant(today, 1 + rng.below(40) as i64, 9 + rng.below(10) as i8) else { continue };
            let weeks = 1 + rng.below(8);
            let input = EventInput {
                kind: kind.as_str().into(),
                title: format!("{} {n} a {}", kind.as_str(), site.name),
                audience: Some(audience.as_str().into()),
                capacity: 10 + rng.below(40) as i64,
                price_cents: if rng.below(4) == 0 { 1000 } else { 0 },
                sessions: vec![SessionInput { start, end: start + 5400, site_id, place_id: None }],
                rrule: (weeks > 1).then(|| format!("FREQ=WEEKLY;COUNT={weeks}")),
                ..Default::default()
            };
            let draft = validate_event(&input, now, &tz).map_err(|e| CliError::Other(format!("bench event: {e:?}")))?;
            let e = portineria_store::NewEvent {
                hub_id: site.hub_id,
                organiser_account_id: None,
                organiser_actor_id: None,
                draft,
                now,
            };
            ids.push(store.create_event(&who, &e).await?.id);
        }
    }
    Ok(ids)
}

pub async fn run(options: Options) -> Result<Report, CliError> {
    let scale = options.scale;
    let dir = std::env::temp_dir().join(format!("portineria-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite:{}", dir.join("bench.db").display());
    let sqlite = portineria_store_sqlite::SqliteStore::open(&url).await?;
    sqlite.migrate().await?;
    let store: Arc<dyn Store> = Arc::new(sqlite.clone());
    let t0 = Instant::now();
    let quiet = options.json;
    let say = |m: &str| {
        if !quiet {
            eprintln!("{m} ({:.0} s, {:.0} MB resident)", t0.elapsed().as_secs_f64(), rss_bytes() as f64 / 1_048_576.0);
        }
    };
    let city = generate(store.as_ref(), scale, say).await?;
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(portineria_domain::rome()).date();
    let t_bookings = Instant::now();
    let mut rng = Rng(0xB00C_1265);
    let mut hubs = city.hubs.iter();
    let per_hub = scale.bookings_per_hub.max(1) as u64;
    let bookings = sqlite
        .load_bookings(
            || hubs.next().map(|hub| generate_bookings(&mut rng, hub, scale.bookings_per_hub, today, now.as_second())),
            |n| {
                if (n / per_hub).is_multiple_of(10) {
                    say(&format!("loaded {n} bookings"));
                }
            },
        )
        .await?;
    say("bookings indexed");
    let bookings_generation_s = t_bookings.elapsed().as_secs_f64();
    let generation_s = t0.elapsed().as_secs_f64();
    let sites = &city.sites;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mailer = Mailer::folder(dir.join("outbox"), "bench <bench@portineria.invalid>")
        .map_err(|e| CliError::Other(e.to_string()))?;
    let config = WebConfig { base_url: format!("http://{addr}"), ..Default::default() };
    let state = AppState::new(store.clone(), config, mailer, Clock::System).map_err(CliError::Other)?;

    // Scenario paths, varied so that caches of one URL do not flatter them.
    let mut rng = Rng(42);
    let point = |rng: &mut Rng| {
        let (_, lat, lon) = sites[rng.below(sites.len())];
        around(rng, (lat, lon), 300.0)
    };
    let mut scenarios: Vec<(&str, Vec<String>)> = vec![("home", vec!["/".into()])];
    let filters = ["kind=bar", "kind=library&open_now=1", "q=satellite", "kind=shop"];
    scenarios.push((
        "directory_filter",
        (0..64)
            .map(|i| {
                let (lat, lon) = point(&mut rng);
                format!("/directory?{}&lat={lat:.5}&lon={lon:.5}&walk=15", filters[i % filters.len()])
            })
            .collect(),
    ));
    scenarios.push(("site_page", (0..256).map(|_| format!("/sites/{}", sites[rng.below(sites.len())].0)).collect()));
    scenarios.push((
        "sites_api_near",
        (0..64)
            .map(|_| {
                let (lat, lon) = point(&mut rng);
                format!("/api/v1/sites?near={lat:.5},{lon:.5}&walk_minutes=15")
            })
            .collect(),
    ));
    scenarios.push(("geojson", vec!["/api/v1/sites.geojson".into()]));
    let bookable: Vec<BenchPlace> = city.hubs.iter().flat_map(|h| h.places.iter().copied()).collect();
    if !bookable.is_empty() {
        // A place's page with its booking grid for tomorrow (the hours of its
        // site, free seats per hour from that day's bookings).
        let tomorrow = today.tomorrow().unwrap_or(today);
        scenarios.push((
            "place_page",
            (0..256).map(|_| format!("/places/{}?day={tomorrow}", bookable[rng.below(bookable.len())].id)).collect(),
        ));
        // A week of free seats in 30-minute slots (336 slots), starting
        // anywhere from a week ago to seven weeks ahead: the weeks the
        // generated bookings fill.
        scenarios.push((
            "availability",
            (0..256)
                .map(|_| {
                    let place = bookable[rng.below(bookable.len())].id;
                    let from = local_instant(today, rng.below(56) as i64 - 7, 0).unwrap_or(now.as_second());
                    let fmt = |t: i64| jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default();
                    format!("/api/v1/places/{place}/availability?from={}&to={}", fmt(from), fmt(from + 7 * 86_400))
                })
                .collect(),
        ));
    }
    if options.only.is_empty() || options.only.iter().any(|o| o == "matches") {
        // The ten best counterparts of a listing among 200,000 offers and demands.
        let n = generate_listings(&sqlite, store.as_ref(), &city, &mut rng, now.as_second()).await?;
        say(&format!("loaded {n} listings"));
        scenarios.push((
            "matches",
            (0..256).map(|_| format!("/api/v1/listings/{}/matches", 1 + rng.below(n.max(1) as usize))).collect(),
        ));
    }
    let wanted = |name: &str| options.only.is_empty() || options.only.iter().any(|o| o == name);
    let mut events: Vec<i64> = Vec::new();
    if wanted("programme_page") || wanted("programme_api") || wanted("enrolment") {
        // The programme of a city: four courses or events per site.
        events = generate_events(store.as_ref(), &city, &mut rng, now.as_second()).await?;
        say(&format!("created {} events", events.len()));
        scenarios.push((
            "programme_page",
            (0..256).map(|_| format!("/programme?site_id={}", sites[rng.below(sites.len())].0)).collect(),
        ));
        let audiences = ["kids", "families", "adults", "seniors"];
        scenarios.push((
            "programme_api",
            (0..256)
                .map(|i| {
                    format!("/api/v1/events?audience={}&site_id={}", audiences[i % 4], sites[rng.below(sites.len())].0)
                })
                .collect(),
        ));
    }
    scenarios.retain(|(name, _)| wanted(name));

    // The reference: each scenario's first response, served from memory.
    let app = portineria_web::router(state.clone());
    let probe = app.clone();
    let mut canned_map = HashMap::new();
    for (name, paths) in &scenarios {
        use tower::ServiceExt;
        let req = axum::http::Request::get(paths[0].as_str())
            .header("accept-language", "it")
            .body(axum::body::Body::empty())
            .map_err(|e| CliError::Other(e.to_string()))?;
        let resp = probe.clone().oneshot(req).await.map_err(|e| CliError::Other(e.to_string()))?;
        let ct = resp.headers().get(header::CONTENT_TYPE).cloned().unwrap_or(HeaderValue::from_static("text/html"));
        let bytes = axum::body::to_bytes(resp.into_body(), 64 * 1024 * 1024)
            .await
            .map_err(|e| CliError::Other(e.to_string()))?;
        canned_map.insert((*name).to_owned(), (ct, bytes.to_vec()));
    }
    let canned_map: Canned = Arc::new(canned_map);
    let reference =
        Router::new().route("/__reference/{name}", axum::routing::get(canned)).with_state(canned_map.clone());
    let server = axum::serve(listener, reference.merge(app).into_make_service_with_connect_info::<SocketAddr>());
    tokio::spawn(async move {
        let _ = server.await;
    });

    let how = Drive { connections: options.connections, duration: options.duration, ok: 200, once: false };
    let mut results = Vec::new();
    for (name, paths) in scenarios {
        say(&format!("running {name} for {:?} with {} connections", options.duration, options.connections));
        let requests = Arc::new(paths.iter().map(|p| get_request(p)).collect::<Vec<_>>());
        let warm = Drive { connections: options.connections.min(8), duration: Duration::from_millis(500), ..how };
        drive(addr, requests.clone(), warm).await?;
        let load = drive(addr, requests, how).await?;
        let reference = drive(addr, Arc::new(vec![get_request(&format!("/__reference/{name}"))]), how).await?;
        let rps = load.requests as f64 / load.elapsed.as_secs_f64();
        let ref_rps = reference.requests as f64 / reference.elapsed.as_secs_f64();
        results.push(ScenarioResult {
            reference_p99_ms: percentile_ms(&reference.latencies_us, 0.99),
            response_bytes: canned_map.get(name).map(|c| c.1.len()).unwrap_or(0),
            ..ScenarioResult::of(name, &load, rps, ref_rps)
        });
    }

    let mut census_s = 0.0;
    let (book_store, book_http) = (wanted("booking"), wanted("booking_http"));
    if (book_store || book_http) && !bookable.is_empty() {
        let accounts: Arc<Vec<i64>> = Arc::new(city.hubs.iter().flat_map(|h| h.accounts.iter().copied()).collect());
        let wants = Arc::new(free_hours(store.as_ref(), &city, today, (18, 60), &mut rng).await?);
        // The reference: a plain insert loop on the same database file,
        // writing the very rows the booking load will ask for (then taking
        // them away again), so that both touch the same index pages.
        say("running the plain insert loop");
        let pools: HashMap<i64, bool> = bookable.iter().map(|p| (p.id, p.pool)).collect();
        let rows: Vec<portineria_store_sqlite::bulk::BulkBooking> = wants
            .iter()
            .enumerate()
            .map(|(i, &(place_id, start, end))| portineria_store_sqlite::bulk::BulkBooking {
                place_id,
                account_id: accounts[i % accounts.len()],
                start,
                end,
                exclusive: !pools.get(&place_id).copied().unwrap_or(false),
                created_at: now.as_second(),
            })
            .collect();
        let plain = sqlite.plain_insert_loop(&rows, options.duration).await?;
        let plain_rate = plain.rows as f64 / plain.elapsed.as_secs_f64();
        if book_store {
            // Bookings through the store: the transaction that decides
            // capacity, and the audit entry, as the API calls it.
            say(&format!("running booking with {} clients ({} free hours)", options.connections, wants.len()));
            let load = book_through_store(store.clone(), wants, accounts.clone(), Drive { once: true, ..how }).await?;
            let commits = load.requests - load.errors;
            let rate = commits as f64 / load.elapsed.as_secs_f64();
            results.push(ScenarioResult {
                commits: Some(commits),
                ..ScenarioResult::of("booking", &load, rate, plain_rate)
            });
        }
        if book_http {
            // The same over HTTP: POST /api/v1/bookings with API tokens,
            // through the whole request path (rules, the transaction, the
            // confirmation mail), in the half hour after the store's.
            let mut tokens = Vec::new();
            let n = 256.min(accounts.len());
            for k in 0..n {
                let token = format!("bench-token-{k:04}-5eed5eed5eed5eed5eed");
                let account = accounts[k * accounts.len() / n];
                store
                    .create_api_token(account, "bench", &portineria_app::accounts::hash_token(&token), now.as_second())
                    .await?;
                tokens.push(token);
            }
            let wants = free_hours(store.as_ref(), &city, today, (19, 30), &mut rng).await?;
            say(&format!("running booking_http with {} connections ({} free hours)", options.connections, wants.len()));
            let load =
                drive(addr, Arc::new(booking_posts(&wants, &tokens)), Drive { ok: 201, once: true, ..how }).await?;
            let commits = load.requests - load.errors;
            let rate = commits as f64 / load.elapsed.as_secs_f64();
            results.push(ScenarioResult {
                commits: Some(commits),
                ..ScenarioResult::of("booking_http", &load, rate, plain_rate)
            });
        }
        // The census, over every booking in the database.
        say("counting double bookings");
        let t = Instant::now();
        let double_bookings = store.overbooked().await?;
        census_s = t.elapsed().as_secs_f64();
        for r in results.iter_mut().filter(|r| r.commits.is_some()) {
            r.double_bookings = Some(double_bookings);
        }
    }
    if wanted("ledger") {
        results.push(ledger_scenario(&sqlite, store.clone(), &how, &mut rng, &say).await?);
    }
    if wanted("enrolment") && !events.is_empty() {
        // Enrolments through the store, as the API does after its checks:
        // each call one request for a place, decided under its event's lock
        // (enrolled or waiting are both answers; a refusal is an error).
        let accounts: Arc<Vec<i64>> = Arc::new(city.hubs.iter().flat_map(|h| h.accounts.iter().copied()).collect());
        let events = Arc::new(events.clone());
        let jobs = accounts.len().min(events.len() * 40);
        let (st, evs, accs) = (store.clone(), events.clone(), accounts.clone());
        let at = now.as_second();
        // The reference: the very same requests as plain inserts on the
        // same database file, taken away again before the load.
        say("running the plain enrolment insert loop");
        let requests: Vec<(i64, i64)> = (0..jobs).map(|i| (events[(i * 7919) % events.len()], accounts[i])).collect();
        let plain = sqlite.plain_enrolment_loop(&requests, at, options.duration).await?;
        let plain_rate = plain.rows as f64 / plain.elapsed.as_secs_f64();
        say(&format!("running enrolment with {} clients", options.connections));
        let load = drive_store(options.connections, options.duration, jobs, move |i| {
            let (st, evs, accs) = (st.clone(), evs.clone(), accs.clone());
            async move {
                // Consecutive calls spread over events; each person asks once.
                let event = evs[(i * 7919) % evs.len()];
                st.enrol(&Who::system("bench"), event, accs[i], None, at).await.is_ok()
            }
        })
        .await?;
        let rate = (load.requests - load.errors) as f64 / load.elapsed.as_secs_f64();
        results.push(ScenarioResult {
            enrolment_mismatches: Some(sqlite.enrolment_census().await?),
            ..ScenarioResult::of("enrolment", &load, rate, plain_rate)
        });
    }
    let counts = store.counts().await?;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Report {
        scale: scale.name.to_owned(),
        hubs: scale.hubs,
        sites: usize::try_from(counts.sites).unwrap_or(0),
        places: usize::try_from(counts.places).unwrap_or(0),
        accounts: scale.hubs * scale.accounts_per_hub,
        bookings,
        connections: options.connections,
        duration_s: options.duration.as_secs_f64(),
        generation_s: round1(generation_s),
        bookings_generation_s: round1(bookings_generation_s),
        census_s: round1(census_s),
        scenarios: results,
        peak_rss_bytes: peak_rss_bytes(),
        match_cycles: None,
    })
}

pub fn print_table(r: &Report) {
    println!(
        "scale {} — {} hubs, {} sites, {} places, {} accounts, {} bookings; {} connections, {} s per run; \
         generated in {:.1} s (bookings {:.1} s)",
        r.scale,
        r.hubs,
        r.sites,
        r.places,
        r.accounts,
        r.bookings,
        r.connections,
        r.duration_s,
        r.generation_s,
        r.bookings_generation_s
    );
    println!(
        "{:<18} {:>10} {:>8} {:>8} {:>8} {:>12} {:>8} {:>8} {:>7}",
        "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "ref req/s", "ratio", "bytes", "errors"
    );
    for s in &r.scenarios {
        println!(
            "{:<18} {:>10.1} {:>8.2} {:>8.2} {:>8.2} {:>12.1} {:>8.3} {:>8} {:>7}",
            s.name,
            s.requests_per_s,
            s.p50_ms,
            s.p95_ms,
            s.p99_ms,
            s.reference_requests_per_s,
            s.ratio_to_reference,
            s.response_bytes,
            s.errors
        );
    }
    for s in r.scenarios.iter().filter(|s| s.ledger_mismatches.is_some()) {
        println!(
            "{}: {} transfers committed; reference: a plain insert loop of entries on the same database file; \
             ledger verify after the run: {} mismatches",
            s.name,
            s.commits.unwrap_or(0),
            s.ledger_mismatches.unwrap_or(0)
        );
    }
    for s in r.scenarios.iter().filter(|s| s.commits.is_some() && s.ledger_mismatches.is_none()) {
        println!(
            "{}: {} bookings committed; reference: a plain insert loop on the same database file; \
             double bookings in the database after the run: {} (census {:.1} s)",
            s.name,
            s.commits.unwrap_or(0),
            s.double_bookings.unwrap_or(0),
            r.census_s
        );
    }
    for s in r.scenarios.iter().filter(|s| s.enrolment_mismatches.is_some()) {
        println!(
            "{}: {} requests for a place answered (enrolled or waiting); reference: the same requests as plain \
             inserts on the same database file; events over capacity or miscounted after the run: {}",
            s.name,
            s.requests - s.errors,
            s.enrolment_mismatches.unwrap_or(0)
        );
    }
    println!("peak RSS: {:.1} MB", r.peak_rss_bytes as f64 / 1_048_576.0);
}
