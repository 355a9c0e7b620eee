//! `/api/v1` network endpoints: hubs, sites, places, GeoJSON.

use super::types::*;
use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::paging;
use crate::http::types::*;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portineria_app::network;
use portineria_app::network::RawSiteFilter;
use portineria_domain::cursor::page_limit;
use portineria_domain::kinds::{PlaceKind, SiteKind};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::PlaceQuery;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/network", tag = "network",
    responses((status = 200, body = NetworkJson)))]
/// The network's name and totals.
pub async fn network(State(state): State<AppState>) -> AppResult<Json<NetworkJson>> {
    let network::Summary { network: n, counts: c } = network::summary(&state.app).await?;
    Ok(Json(NetworkJson {
        name: n.name,
        revision: n.revision,
        hubs: c.hubs,
        sites: c.sites,
        places: c.places,
        seats: c.seats,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/hubs", tag = "network", params(PageParams),
    responses((status = 200, body = HubPage), (status = 400, body = ErrorBody)))]
/// Hubs of the network, by id.
pub async fn list_hubs(State(state): State<AppState>, Query(p): Query<PageParams>) -> AppResult<Json<HubPage>> {
    let after = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = network::hubs(&state.app, after, limit + 1).await?;
    let (rows, next) = paging::keyset(rows, limit, |h| h.id);
    Ok(Json(HubPage { items: rows.into_iter().map(HubJson::from).collect(), next_cursor: next }))
}

#[utoipa::path(get, path = "/api/v1/hubs/{id}", tag = "network", params(("id" = i64, Path)),
    responses((status = 200, body = HubJson), (status = 404, body = ErrorBody)))]
pub async fn get_hub(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<HubJson>> {
    Ok(Json(network::hub(&state.app, id).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/hubs", tag = "network", request_body = HubBody,
    security(("bearer" = [])),
    responses((status = 201, body = HubJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Creates a hub (network admins).
pub async fn create_hub(State(state): State<AppState>, ctx: Ctx, Json(body): Json<HubBody>) -> AppResult<Response> {
    let hub = network::create_hub(&state.app, &ctx.caller(), &body.input()).await?;
    Ok((StatusCode::CREATED, Json(HubJson::from(hub))).into_response())
}

#[utoipa::path(put, path = "/api/v1/hubs/{id}", tag = "network", params(("id" = i64, Path)), request_body = HubBody,
    security(("bearer" = [])),
    responses((status = 200, body = HubJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Updates a hub (its managers, network admins).
pub async fn update_hub(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(body): Json<HubBody>,
) -> AppResult<Json<HubJson>> {
    Ok(Json(network::update_hub(&state.app, &ctx.caller(), id, &body.input()).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/hubs/{id}", tag = "network", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// Deletes a hub that has no sites left (network admins).
pub async fn delete_hub(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    network::delete_hub(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SitesParams {
    /// Full-text search (every word as a prefix; accents ignored).
    pub q: Option<String>,
    /// central, bar, library, shop, market, school, other
    pub kind: Option<String>,
    /// Only the sites of this hub.
    pub hub: Option<String>,
    /// `true` for sites open now (Europe/Rome wall-clock time).
    pub open_now: Option<String>,
    /// `LAT,LON`: sort by walking time from this point and return `walking_minutes`.
    #[param(example = "44.484,11.3503")]
    pub near: Option<String>,
    /// With `near` (or `from_site`): only sites within this many minutes on foot (default 15, max 240).
    pub walk_minutes: Option<String>,
    /// Use this site's position as `near` (the site itself is left out).
    pub from_site: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/sites", tag = "network", params(SitesParams),
    responses((status = 200, body = SitePage), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Sites, by name, or by walking time when `near` is given.
pub async fn list_sites(State(state): State<AppState>, ctx: Ctx, Query(p): Query<SitesParams>) -> AppResult<Response> {
    let index = state.sites().await?;
    let raw = RawSiteFilter {
        q: p.q,
        kind: p.kind,
        hub: p.hub,
        open_now: p.open_now,
        near: p.near,
        from_site: p.from_site,
        walk_minutes: p.walk_minutes,
        ..Default::default()
    };
    let filter = raw.parse(|id| index.get(id).map(|s| s.coordinates))?;
    let limit = paging::parse_limit(p.limit.as_deref())?;
    let found = network::find(&state.app, &filter, ctx.now).await?;
    let (page, next) = paging::by_offset(found, p.cursor.as_deref(), limit)?;
    let (date, minute) = crate::http::fmt::local_date_minute(ctx.now);
    // A `SitePage`, written from each site's cached JSON plus what changes.
    let mut body = String::with_capacity(512 + page.len() * 1024);
    body.push_str("{\"items\":[");
    for (i, f) in page.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        let part = index.fragment(f.site.id, "json", || SiteJson::static_part(&f.site));
        SiteJson::write(&mut body, &part, f.site.schedule.is_open_local(date, minute), f.walk_minutes);
    }
    body.push_str("],\"next_cursor\":");
    body.push_str(&serde_json::to_string(&next).map_err(|e| AppError::Internal(e.to_string()))?);
    body.push('}');
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(r)
}

#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "network", params(("id" = i64, Path)),
    responses((status = 200, body = SiteJson), (status = 404, body = ErrorBody)))]
pub async fn get_site(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<SiteJson>> {
    let s = network::site(&state.app, id).await?;
    let open = s.schedule.is_open_at(ctx.now, &portineria_domain::rome());
    Ok(Json(SiteJson::new(&s, open, None)))
}

#[utoipa::path(post, path = "/api/v1/sites", tag = "network", request_body = SiteBody,
    security(("bearer" = [])),
    responses((status = 201, body = SiteJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Creates a site in a hub (the hub's managers, network admins).
pub async fn create_site(State(state): State<AppState>, ctx: Ctx, Json(body): Json<SiteBody>) -> AppResult<Response> {
    ctx.user()?;
    let hub_id = body.hub_id.ok_or_else(|| FieldErrors::from(FieldError::new("hub_id", "required")))?;
    let site = network::create_site(&state.app, &ctx.caller(), hub_id, &body.input()).await?;
    let open = site.schedule.is_open_at(ctx.now, &portineria_domain::rome());
    Ok((StatusCode::CREATED, Json(SiteJson::new(&site, open, None))).into_response())
}

#[utoipa::path(put, path = "/api/v1/sites/{id}", tag = "network", params(("id" = i64, Path)), request_body = SiteBody,
    security(("bearer" = [])),
    responses((status = 200, body = SiteJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Replaces a site's details and hours (its hub's managers, its hosts, network admins).
pub async fn update_site(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(body): Json<SiteBody>,
) -> AppResult<Json<SiteJson>> {
    ctx.user()?;
    let site = network::update_site(&state.app, &ctx.caller(), id, &body.input()).await?;
    let open = site.schedule.is_open_at(ctx.now, &portineria_domain::rome());
    Ok(Json(SiteJson::new(&site, open, None)))
}

#[utoipa::path(delete, path = "/api/v1/sites/{id}", tag = "network", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// Deletes a site and its places (its hub's managers, network admins).
pub async fn delete_site(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    ctx.user()?;
    network::delete_site(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeoParams {
    pub hub: Option<String>,
    pub kind: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/sites.geojson", tag = "network", params(GeoParams),
    responses((status = 200, description = "RFC 7946 FeatureCollection of sites (positions are [longitude, latitude])",
        content_type = "application/geo+json", body = serde_json::Value), (status = 422, body = ErrorBody)))]
/// Every site as a GeoJSON Point feature.
pub async fn geojson(State(state): State<AppState>, Query(p): Query<GeoParams>) -> AppResult<Response> {
    let index = state.sites().await?;
    let mut errs = FieldErrors::new();
    let hub = p
        .hub
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|h| errs.take(h.parse::<i64>().map_err(|_| FieldError::new("hub", "number"))));
    let kind = p
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|k| errs.take(SiteKind::parse(k).ok_or_else(|| FieldError::new("kind", "kind"))));
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let body: Arc<[u8]> = if hub.is_none() && kind.is_none() {
        index.geojson.get_or_init(|| feature_collection(index.sites.iter())).clone()
    } else {
        feature_collection(
            index.sites.iter().filter(|s| hub.is_none_or(|h| s.hub_id == h) && kind.is_none_or(|k| s.kind == k)),
        )
    };
    let mut r = (StatusCode::OK, axum::body::Bytes::copy_from_slice(&body)).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    Ok(r)
}

/// An RFC 7946 FeatureCollection of sites: Point geometries, `[lon, lat]`.
fn feature_collection<'a>(sites: impl Iterator<Item = &'a Arc<portineria_store::Site>>) -> Arc<[u8]> {
    let features: Vec<serde_json::Value> = sites
        .map(|s| {
            serde_json::json!({
                "type": "Feature",
                "id": s.id,
                "geometry": { "type": "Point", "coordinates": [s.coordinates.lon(), s.coordinates.lat()] },
                "properties": {
                    "name": s.name,
                    "kind": s.kind.as_str(),
                    "hub_id": s.hub_id,
                    "hub": s.hub_name,
                    "address": s.address,
                    "city": s.city,
                    "places": s.place_count,
                    "seats": s.seats,
                    "url": format!("/sites/{}", s.id),
                }
            })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string().into_bytes().into()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlacesParams {
    pub site: Option<String>,
    pub hub: Option<String>,
    /// desk_pool, meeting_room, event_hall, lab, kids_room, garden, other
    pub kind: Option<String>,
    /// `true` or `false`.
    pub bookable: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/places", tag = "network", params(PlacesParams),
    responses((status = 200, body = PlacePage), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Places, by id.
pub async fn list_places(State(state): State<AppState>, Query(p): Query<PlacesParams>) -> AppResult<Json<PlacePage>> {
    let mut errs = FieldErrors::new();
    let id = |name: &str, v: &Option<String>, errs: &mut FieldErrors| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| errs.take(s.parse::<i64>().map_err(|_| FieldError::new(name, "number"))))
    };
    let site_id = id("site", &p.site, &mut errs);
    let hub_id = id("hub", &p.hub, &mut errs);
    let kind = p
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|k| errs.take(PlaceKind::parse(k).ok_or_else(|| FieldError::new("kind", "kind"))));
    let bookable = match p.bookable.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some("true" | "1") => Some(true),
        Some("false" | "0") => Some(false),
        Some(_) => errs.take(Err(FieldError::new("bookable", "boolean"))),
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let after = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let q = PlaceQuery { site_id, hub_id, kind, bookable, after, limit: Some(limit + 1) };
    let rows = network::places(&state.app, &q).await?;
    let (rows, next) = paging::keyset(rows, limit, |p| p.id);
    Ok(Json(PlacePage { items: rows.into_iter().map(PlaceJson::from).collect(), next_cursor: next }))
}

#[utoipa::path(get, path = "/api/v1/places/{id}", tag = "network", params(("id" = i64, Path)),
    responses((status = 200, body = PlaceJson), (status = 404, body = ErrorBody)))]
pub async fn get_place(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<PlaceJson>> {
    Ok(Json(network::place(&state.app, id).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/places", tag = "network", request_body = PlaceBody,
    security(("bearer" = [])),
    responses((status = 201, body = PlaceJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Creates a place in a site (the hub's managers, the site's hosts, network admins).
pub async fn create_place(State(state): State<AppState>, ctx: Ctx, Json(body): Json<PlaceBody>) -> AppResult<Response> {
    ctx.user()?;
    let site_id = body.site_id.ok_or_else(|| FieldErrors::from(FieldError::new("site_id", "required")))?;
    let place = network::create_place(&state.app, &ctx.caller(), site_id, &body.input()).await?;
    Ok((StatusCode::CREATED, Json(PlaceJson::from(place))).into_response())
}

#[utoipa::path(put, path = "/api/v1/places/{id}", tag = "network", params(("id" = i64, Path)), request_body = PlaceBody,
    security(("bearer" = [])),
    responses((status = 200, body = PlaceJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(body): Json<PlaceBody>,
) -> AppResult<Json<PlaceJson>> {
    ctx.user()?;
    Ok(Json(network::update_place(&state.app, &ctx.caller(), id, &body.input()).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/places/{id}", tag = "network", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_place(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    ctx.user()?;
    network::delete_place(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
