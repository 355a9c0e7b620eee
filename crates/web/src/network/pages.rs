//! Public pages: home, map, directory, hubs, sites, places.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::labels::place_kind_label;
use crate::http::labels::site_kind_label;
use crate::http::paging;
use crate::http::render::{Layout, render, render_status};
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use portineria_app::network::{self, RawSiteFilter, SiteIndex};
use portineria_domain::cursor::page_limit;
use portineria_domain::kinds::SiteKind;
use portineria_store::{Counts, Hub, Place, Site};
use std::sync::Arc;

/// A site as a card in a list.
pub struct SiteCard {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub hub_name: String,
    pub address: String,
    pub city: String,
    pub status: Arc<str>,
    pub open: bool,
    pub walk: Option<i64>,
}

impl SiteCard {
    pub fn new(tr: &Tr, index: &SiteIndex, s: &Site, now: Timestamp, walk: Option<f64>) -> Self {
        let lang = usize::from(tr.lang == crate::http::i18n::Lang::En);
        let (status, text) =
            index.status_text(s, now, fmt::local_date(now), lang, |status| fmt::open_status(tr, status, now));
        SiteCard {
            id: s.id,
            name: s.name.clone(),
            kind_label: site_kind_label(tr, s.kind),
            hub_name: s.hub_name.clone(),
            address: s.address.clone(),
            city: s.city.clone(),
            status: text,
            open: status.is_open(),
            walk: walk.map(fmt::minutes),
        }
    }
}

#[derive(Template)]
#[template(path = "network/templates/home.html")]
struct HomePage {
    l: Layout,
    counts: Counts,
    open: Vec<SiteCard>,
    open_count: usize,
    hubs: Vec<Hub>,
    more_hubs: bool,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let index = state.sites().await?;
    let (date, minute) = fmt::local_date_minute(ctx.now);
    let open_sites = index.open_at(date, minute);
    let open = open_sites
        .iter()
        .filter_map(|i| index.sites.get(*i))
        .take(12)
        .map(|s| SiteCard::new(&ctx.tr, &index, s, ctx.now, None))
        .collect();
    let hubs: Vec<Hub> = index.hubs.iter().take(12).cloned().collect();
    let more_hubs = index.hubs.len() > 12;
    let counts = index.counts;
    let page = HomePage {
        l: Layout::with_network(&ctx, index.network_name.clone(), ctx.tr.t("home-title"), "home"),
        counts,
        open_count: open_sites.len(),
        open,
        hubs,
        more_hubs,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "network/templates/map.html")]
struct MapPage {
    l: Layout,
    geojson_url: String,
    tile_url: String,
    tile_attribution: String,
    sites: Vec<(SiteCard, String, String)>,
    total: usize,
    next_url: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct MapParams {
    hub: Option<String>,
    cursor: Option<String>,
}

pub async fn map(State(state): State<AppState>, ctx: Ctx, Query(p): Query<MapParams>) -> AppResult<Response> {
    let index = state.sites().await?;
    let hub = match p.hub.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(h) => Some(h.parse::<i64>().map_err(|_| AppError::BadRequest("malformed"))?),
        None => None,
    };
    let matching: Vec<&Arc<Site>> = index.sites.iter().filter(|s| hub.is_none_or(|h| s.hub_id == h)).collect();
    let total = matching.len();
    let (page, next) = paging::by_offset(matching, p.cursor.as_deref(), Some(50))?;
    let hub_q = hub.map(|h| format!("hub={h}&")).unwrap_or_default();
    let page = MapPage {
        l: Layout::with_network(&ctx, index.network_name.clone(), ctx.tr.t("map-title"), "map"),
        geojson_url: match hub {
            Some(h) => format!("/api/v1/sites.geojson?hub={h}"),
            None => "/api/v1/sites.geojson".into(),
        },
        tile_url: state.config.tile_url.clone(),
        tile_attribution: state.config.tile_attribution.clone(),
        sites: page
            .iter()
            .map(|s| {
                let (lat, lon) = (format!("{:.5}", s.coordinates.lat()), format!("{:.5}", s.coordinates.lon()));
                (SiteCard::new(&ctx.tr, &index, s, ctx.now, None), lat, lon)
            })
            .collect(),
        total,
        next_url: next.map(|c| format!("/map?{hub_q}cursor={c}")),
    };
    Ok(render(&page))
}

/// The directory form's values, echoed back into the form.
#[derive(Default)]
pub struct DirectoryForm {
    pub q: String,
    pub kind: String,
    pub open_now: bool,
    pub walk: Option<u32>,
    pub lat: String,
    pub lon: String,
}

#[derive(Template)]
#[template(path = "network/templates/directory.html")]
struct DirectoryPage {
    l: Layout,
    f: DirectoryForm,
    kinds: Vec<(&'static str, String)>,
    walk_options: Vec<(u32, bool, String)>,
    from_site: Option<(i64, String)>,
    without_origin: String,
    cards: Vec<SiteCard>,
    total: usize,
    errors: Vec<String>,
    next_url: Option<String>,
}

pub async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(raw): Query<RawSiteFilter>,
) -> AppResult<Response> {
    let index = state.sites().await?;
    let f = DirectoryForm {
        q: raw.q.clone().unwrap_or_default(),
        kind: raw.kind.clone().unwrap_or_default(),
        open_now: raw.open_now.as_deref().is_some_and(|v| !v.is_empty()),
        walk: raw.walk.as_deref().and_then(|w| w.trim().parse().ok()),
        lat: raw.lat.clone().unwrap_or_default(),
        lon: raw.lon.clone().unwrap_or_default(),
    };
    let parsed = raw.parse(|id| index.get(id).map(|s| s.coordinates));
    let (found, errors, status) = match &parsed {
        Ok(filter) => (network::find(&state.app, filter, ctx.now).await?, Vec::new(), StatusCode::OK),
        Err(e) => (Vec::new(), e.0.iter().map(|f| ctx.tr.field_error(f)).collect(), StatusCode::BAD_REQUEST),
    };
    let total = found.len();
    let (page, next) = paging::by_offset(found, raw.cursor.as_deref(), Some(20))?;
    let from_site =
        parsed.as_ref().ok().and_then(|f| f.origin_site).and_then(|id| index.get(id).map(|s| (id, s.name.clone())));
    let base_query = directory_query(&f, from_site.as_ref().map(|s| s.0));
    let without_origin = format!("/directory?{}", directory_query(&DirectoryForm { walk: None, ..f_clone(&f) }, None));
    let page = DirectoryPage {
        l: Layout::with_network(&ctx, index.network_name.clone(), ctx.tr.t("directory-title"), "directory"),
        kinds: SiteKind::ALL.iter().map(|k| (k.as_str(), site_kind_label(&ctx.tr, *k))).collect(),
        walk_options: [5u32, 10, 15, 20, 30, 45, 60]
            .iter()
            .map(|m| (*m, f.walk == Some(*m), ctx.tr.t1("minutes", "count", *m)))
            .collect(),
        from_site,
        without_origin,
        cards: page.iter().map(|x| SiteCard::new(&ctx.tr, &index, &x.site, ctx.now, x.walk_minutes)).collect(),
        total,
        errors,
        next_url: next.map(|c| format!("/directory?{base_query}&cursor={c}")),
        f,
    };
    Ok(render_status(&page, status))
}

fn f_clone(f: &DirectoryForm) -> DirectoryForm {
    DirectoryForm {
        q: f.q.clone(),
        kind: f.kind.clone(),
        open_now: f.open_now,
        walk: f.walk,
        lat: f.lat.clone(),
        lon: f.lon.clone(),
    }
}

fn directory_query(f: &DirectoryForm, from_site: Option<i64>) -> String {
    let mut parts = vec![format!("q={}", fmt::urlencode(&f.q)), format!("kind={}", fmt::urlencode(&f.kind))];
    if f.open_now {
        parts.push("open_now=1".into());
    }
    if let Some(w) = f.walk {
        parts.push(format!("walk={w}"));
    }
    match from_site {
        Some(id) => parts.push(format!("from_site={id}")),
        None if !f.lat.is_empty() || !f.lon.is_empty() => {
            parts.push(format!("lat={}&lon={}", fmt::urlencode(&f.lat), fmt::urlencode(&f.lon)));
        }
        None => {}
    }
    parts.join("&")
}

#[derive(Template)]
#[template(path = "network/templates/hubs.html")]
struct HubsPage {
    l: Layout,
    hubs: Vec<Hub>,
    next_url: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct CursorParams {
    cursor: Option<String>,
}

pub async fn hubs(State(state): State<AppState>, ctx: Ctx, Query(p): Query<CursorParams>) -> AppResult<Response> {
    let after = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(Some(30));
    let rows = network::hubs(&state.app, after, limit + 1).await?;
    let (hubs, next) = paging::keyset(rows, limit, |h| h.id);
    let page = HubsPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("hubs-title"), "hubs").await?,
        hubs,
        next_url: next.map(|c| format!("/hubs?cursor={c}")),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "network/templates/hub.html")]
struct HubPage {
    l: Layout,
    h: Hub,
    cards: Vec<SiteCard>,
    can_edit: bool,
}

pub async fn hub(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let h = network::hub(&state.app, id).await?;
    let index = state.sites().await?;
    let cards = index
        .sites
        .iter()
        .filter(|s| s.hub_id == id)
        .map(|s| SiteCard::new(&ctx.tr, &index, s, ctx.now, None))
        .collect();
    let page = HubPage {
        l: Layout::with_network(&ctx, index.network_name.clone(), h.name.clone(), "hubs"),
        can_edit: network::may_edit_hub(&ctx.caller(), id),
        h,
        cards,
    };
    Ok(render(&page))
}

pub struct PlaceCard {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub capacity: i64,
    pub bookable: bool,
    pub equipment: String,
}

/// A site's list of places, rendered once per language and revision.
#[derive(Template)]
#[template(path = "network/templates/site_places.html")]
struct PlaceList<'a> {
    tr: &'a Tr,
    places: Vec<PlaceCard>,
}

fn place_list(tr: &Tr, places: &[Place]) -> String {
    let list = PlaceList {
        tr,
        places: places
            .iter()
            .map(|p| PlaceCard {
                id: p.id,
                name: p.name.clone(),
                kind_label: place_kind_label(tr, p.kind),
                capacity: p.capacity,
                bookable: p.bookable,
                equipment: p.equipment.join(", "),
            })
            .collect(),
    };
    list.render().unwrap_or_default()
}

#[derive(Template)]
#[template(path = "network/templates/site.html")]
struct SitePage {
    l: Layout,
    s: Arc<Site>,
    kind_label: String,
    status: String,
    open: bool,
    weekly: Vec<(String, String)>,
    exceptions: Vec<(String, String, String)>,
    lat: String,
    lon: String,
    tile_url: String,
    tile_attribution: String,
    place_count: usize,
    places_html: Arc<str>,
    can_edit: bool,
    can_host: bool,
    free_now: Option<i64>,
}

pub async fn site(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let index = state.sites().await?;
    let network::SiteWithPlaces { site: s, places, indexed } = network::site_with_places(&state.app, id).await?;
    let status = index.status(&s, ctx.now);
    let tr = &ctx.tr;
    let caller = ctx.caller();
    let places_html = if indexed {
        index.fragment(id, tr.code(), || place_list(tr, &places))
    } else {
        place_list(tr, &places).into()
    };
    let page = SitePage {
        l: Layout::with_network(&ctx, index.network_name.clone(), s.name.clone(), "directory"),
        kind_label: site_kind_label(tr, s.kind),
        status: fmt::open_status(tr, &status, ctx.now),
        open: status.is_open(),
        weekly: fmt::weekly_rows(tr, &s.schedule),
        exceptions: fmt::exception_rows(tr, &s.schedule, fmt::local_date(ctx.now)),
        lat: format!("{:.6}", s.coordinates.lat()),
        lon: format!("{:.6}", s.coordinates.lon()),
        tile_url: state.config.tile_url.clone(),
        tile_attribution: state.config.tile_attribution.clone(),
        place_count: places.len(),
        places_html,
        can_edit: network::may_edit_site(&caller, &s),
        can_host: network::may_host(&caller, &s),
        free_now: if status.is_open() {
            portineria_app::passes::free_seats_now(&state.app, &ctx.caller(), &s).await?
        } else {
            None
        },
        s,
    };
    Ok(render(&page))
}
