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
}

impl Scale {
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "s" => Some(Scale { name: "s", hubs: 10, accounts_per_hub: 100, places_per_hub: 50, sites_per_hub: 5 }),
            "m" => Some(Scale { name: "m", hubs: 30, accounts_per_hub: 300, places_per_hub: 150, sites_per_hub: 8 }),
            // The scale of Seatsurfing's published performance gates.
            "l" => {
                Some(Scale { name: "l", hubs: 100, accounts_per_hub: 1_000, places_per_hub: 500, sites_per_hub: 10 })
            }
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
struct Rng(u64);

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

    fn below(&mut self, n: usize) -> usize {
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

/// Seeds a synthetic city at `scale`; returns the sites' coordinates.
pub async fn generate(
    store: &dyn Store,
    scale: Scale,
    mut progress: impl FnMut(&str),
) -> Result<Vec<(i64, f64, f64)>, CliError> {
    let who = Who::system("bench");
    let mut rng = Rng(0x5EED_CAFE);
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
            store.create_place(&who, site, &draft).await?;
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
            let grant = match n {
                0 => Grant::Manager { hub: hub.id },
                1 => Grant::Host { hub: hub.id, site: hub_sites[hub_sites.len() - 1] },
                _ if n % 3 == 0 => Grant::Member { hub: hub.id },
                _ => continue,
            };
            store.add_grant(&who, a.id, grant).await?;
        }
        if (hub_no + 1) % 10 == 0 || hub_no + 1 == scale.hubs {
            progress(&format!("generated {}/{} hubs", hub_no + 1, scale.hubs));
        }
    }
    Ok(sites)
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub name: String,
    pub requests: u64,
    pub errors: u64,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub reference_requests_per_s: f64,
    pub reference_p99_ms: f64,
    pub ratio_to_reference: f64,
    pub response_bytes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scale: String,
    pub hubs: usize,
    pub sites: usize,
    pub places: usize,
    pub accounts: usize,
    pub connections: usize,
    pub duration_s: f64,
    pub generation_s: f64,
    pub scenarios: Vec<ScenarioResult>,
    pub peak_rss_bytes: u64,
}

/// Peak resident set size of this process (Linux: VmHWM).
pub fn peak_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

const BENCH_CSRF: &str = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

/// Reads one HTTP/1.1 response (Content-Length or chunked); returns status and body length.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(u16, usize)> {
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let body_len = match length {
        Some(len) => {
            while buf.len() < header_end + len {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.drain(..header_end + len);
            len
        }
        None => {
            // Chunked: read until the terminating zero-length chunk.
            loop {
                if let Some(p) = buf[header_end..].windows(5).position(|w| w == b"0\r\n\r\n") {
                    let total = header_end + p + 5;
                    let len = total - header_end;
                    buf.drain(..total);
                    break len;
                }
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
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

/// `connections` clients, each on one keep-alive connection, cycling through `paths`.
async fn drive(
    addr: SocketAddr,
    paths: Arc<Vec<String>>,
    connections: usize,
    duration: Duration,
) -> Result<Load, CliError> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for c in 0..connections {
        let paths = paths.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let mut buf = Vec::with_capacity(64 * 1024);
            let mut lat = Vec::with_capacity(100_000);
            let (mut requests, mut errors) = (0u64, 0u64);
            let mut i = c;
            while Instant::now() < deadline {
                let path = &paths[i % paths.len()];
                i += connections;
                // A returning visitor: the browser sends back the CSRF cookie it was given.
                let request = format!(
                    "GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: it-IT,it;q=0.9\r\nUser-Agent: portineria-bench\r\n\
                     Cookie: portineria_csrf={BENCH_CSRF}\r\n\r\n"
                );
                let t = Instant::now();
                stream.write_all(request.as_bytes()).await?;
                let (status, _) = read_response(&mut stream, &mut buf).await?;
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                requests += 1;
                if status != 200 {
                    errors += 1;
                }
            }
            Ok::<_, std::io::Error>((requests, errors, lat))
        }));
    }
    let mut load = Load { requests: 0, errors: 0, latencies_us: Vec::new(), elapsed: Duration::ZERO };
    for t in tasks {
        let (r, e, l) = t.await.map_err(|e| CliError::Other(e.to_string()))??;
        load.requests += r;
        load.errors += e;
        load.latencies_us.extend(l);
    }
    load.elapsed = start.elapsed();
    load.latencies_us.sort_unstable();
    Ok(load)
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

pub async fn run(options: Options) -> Result<Report, CliError> {
    let scale = options.scale;
    let dir = std::env::temp_dir().join(format!("portineria-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite:{}", dir.join("bench.db").display());
    let store = crate::open_store(&url).await?;
    let t0 = Instant::now();
    let quiet = options.json;
    let sites = generate(store.as_ref(), scale, |m| {
        if !quiet {
            eprintln!("{m} ({:.0} s)", t0.elapsed().as_secs_f64());
        }
    })
    .await?;
    let generation_s = t0.elapsed().as_secs_f64();

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
    // A place's page with its booking grid for tomorrow (the hours of its
    // site, free seats per hour from that day's bookings).
    let bookable = store
        .list_places(&portineria_store::PlaceQuery { bookable: Some(true), limit: Some(4096), ..Default::default() })
        .await?;
    if !bookable.is_empty() {
        let tomorrow = jiff::Timestamp::now().to_zoned(portineria_domain::rome()).date().tomorrow().unwrap_or_default();
        scenarios.push((
            "place_page",
            (0..256).map(|_| format!("/places/{}?day={tomorrow}", bookable[rng.below(bookable.len())].id)).collect(),
        ));
    }
    if !options.only.is_empty() {
        scenarios.retain(|(name, _)| options.only.iter().any(|o| o == name));
    }

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

    let mut results = Vec::new();
    for (name, paths) in scenarios {
        if !quiet {
            eprintln!("running {name} for {:?} with {} connections", options.duration, options.connections);
        }
        let warm = drive(addr, Arc::new(paths.clone()), options.connections.min(8), Duration::from_millis(500)).await?;
        let _ = warm;
        let load = drive(addr, Arc::new(paths), options.connections, options.duration).await?;
        let reference =
            drive(addr, Arc::new(vec![format!("/__reference/{name}")]), options.connections, options.duration).await?;
        let rps = load.requests as f64 / load.elapsed.as_secs_f64();
        let ref_rps = reference.requests as f64 / reference.elapsed.as_secs_f64();
        results.push(ScenarioResult {
            name: name.to_owned(),
            requests: load.requests,
            errors: load.errors,
            requests_per_s: (rps * 10.0).round() / 10.0,
            p50_ms: percentile_ms(&load.latencies_us, 0.50),
            p95_ms: percentile_ms(&load.latencies_us, 0.95),
            p99_ms: percentile_ms(&load.latencies_us, 0.99),
            reference_requests_per_s: (ref_rps * 10.0).round() / 10.0,
            reference_p99_ms: percentile_ms(&reference.latencies_us, 0.99),
            ratio_to_reference: ((rps / ref_rps) * 1000.0).round() / 1000.0,
            response_bytes: canned_map.get(name).map(|c| c.1.len()).unwrap_or(0),
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
        connections: options.connections,
        duration_s: options.duration.as_secs_f64(),
        generation_s: (generation_s * 10.0).round() / 10.0,
        scenarios: results,
        peak_rss_bytes: peak_rss_bytes(),
    })
}

pub fn print_table(r: &Report) {
    println!(
        "scale {} — {} hubs, {} sites, {} places, {} accounts; {} connections, {} s per run; generated in {:.1} s",
        r.scale, r.hubs, r.sites, r.places, r.accounts, r.connections, r.duration_s, r.generation_s
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
    println!("peak RSS: {:.1} MB", r.peak_rss_bytes as f64 / 1_048_576.0);
}
