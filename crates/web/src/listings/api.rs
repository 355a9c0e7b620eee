//! `/api/v1/categories` and `/api/v1/listings`: the taxonomy (managers edit
//! it) and offers and demands (anyone signed in posts; the poster, the
//! owners of the actor it is posted for, and managers change it), over
//! `portineria_app::listings` (who may do what is said there).

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::types::ErrorBody;
use crate::listings::words::{category_name_in, reason_in};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::listings::{self, Found, NewCategory, Search};
use portineria_domain::cursor::page_limit;
use portineria_domain::hours::fmt_hhmm;
use portineria_domain::listings::{ListingInput, WindowInput};
use portineria_store::{Category, Listing};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CategoryJson {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    /// In the caller's language.
    pub name: String,
    pub name_it: String,
    pub name_en: String,
}

pub fn category_json(ctx: &Ctx, c: &Category) -> CategoryJson {
    CategoryJson {
        id: c.id,
        parent_id: c.parent_id,
        slug: c.slug.clone(),
        name: category_name_in(&ctx.tr, c),
        name_it: c.name_it.clone(),
        name_en: c.name_en.clone(),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CategoryBody {
    pub parent_id: Option<i64>,
    pub name_it: String,
    pub name_en: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct WindowJson {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// `HH:MM`, Europe/Rome.
    pub from: String,
    pub to: String,
}

#[derive(Serialize, ToSchema)]
pub struct ListingJson {
    pub id: i64,
    /// offer or demand.
    pub direction: String,
    /// product, service, space or skill.
    pub kind: String,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    pub account_id: i64,
    pub actor_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub windows: Vec<WindowJson>,
    pub value_minutes: Option<i64>,
    /// open, in_exchange or closed.
    pub status: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// With `q`: how well it answers (higher first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// With `q`: the words of the description around the first that answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// With `near`: minutes on foot from there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walk_minutes: Option<u32>,
}

impl From<&Found> for ListingJson {
    fn from(f: &Found) -> Self {
        ListingJson {
            score: f.score,
            snippet: f.snippet.clone(),
            walk_minutes: f.walk_minutes,
            ..ListingJson::from(&f.listing)
        }
    }
}

impl From<&Listing> for ListingJson {
    fn from(l: &Listing) -> Self {
        ListingJson {
            id: l.id,
            direction: l.direction.as_str().to_owned(),
            kind: l.kind.as_str().to_owned(),
            title: l.title.clone(),
            description: l.description.clone(),
            category_id: l.category_id,
            tags: l.tags.clone(),
            account_id: l.account_id,
            actor_id: l.actor_id,
            lat: l.location.map(|c| c.lat()),
            lon: l.location.map(|c| c.lon()),
            windows: l
                .windows
                .iter()
                .map(|w| WindowJson { weekday: w.weekday, from: fmt_hhmm(w.span.opens), to: fmt_hhmm(w.span.closes) })
                .collect(),
            value_minutes: l.value_minutes,
            status: l.status.as_str().to_owned(),
            expires_at: jiff::Timestamp::from_second(l.expires_at).map(|t| t.to_string()).unwrap_or_default(),
            score: None,
            snippet: None,
            walk_minutes: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ListingListJson {
    pub items: Vec<ListingJson>,
    pub next: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct ListingBody {
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
    #[serde(default)]
    pub windows: Vec<WindowJson>,
    pub value_minutes: Option<i64>,
    /// Days until it expires (default 30, at most 365).
    pub days: Option<i64>,
    /// Post on behalf of an actor you belong to.
    pub actor_id: Option<i64>,
}

impl From<ListingBody> for ListingInput {
    fn from(b: ListingBody) -> Self {
        ListingInput {
            direction: b.direction,
            kind: b.kind,
            title: b.title,
            description: b.description,
            category_id: b.category_id,
            tags: b.tags,
            lat: b.lat,
            lon: b.lon,
            windows: b
                .windows
                .into_iter()
                .map(|w| WindowInput { weekday: w.weekday, from: w.from, to: w.to })
                .collect(),
            value_minutes: b.value_minutes,
            days: b.days,
            actor_id: b.actor_id,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct StatusBody {
    /// open, in_exchange or closed.
    pub status: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingParams {
    /// offer or demand.
    pub direction: Option<String>,
    /// A category (a top-level one includes its children).
    pub category: Option<i64>,
    /// open (default), in_exchange, closed or all.
    pub status: Option<String>,
    /// Only your own listings.
    pub mine: Option<bool>,
    pub actor: Option<i64>,
    /// Only listings posted for an actor of this kind (association, shop, …).
    pub actor_kind: Option<String>,
    /// Full-text search with Italian stemming ("riparazione" finds
    /// "riparo"); results ranked, with a snippet, no paging.
    pub q: Option<String>,
    /// `LAT,LON`: with `walk_minutes`, only listings that close on foot.
    pub near: Option<String>,
    /// Minutes on foot from `near` (default 15, at most 240).
    pub walk_minutes: Option<u32>,
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "platform",
    responses((status = 200, body = Vec<CategoryJson>)))]
/// The taxonomy: top-level categories, each followed by its children.
pub async fn list_categories(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<CategoryJson>>> {
    Ok(Json(listings::categories(&state.app).await?.iter().map(|c| category_json(&ctx, c)).collect()))
}

#[utoipa::path(post, path = "/api/v1/categories", tag = "platform", request_body = CategoryBody, security(("bearer" = [])),
    responses((status = 201, body = CategoryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "category-slug-taken or category-two-levels"),
        (status = 422, body = ErrorBody)))]
/// Adds a category (managers).
pub async fn create_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<CategoryBody>,
) -> AppResult<Response> {
    let new = NewCategory { parent_id: b.parent_id, name_it: b.name_it, name_en: b.name_en };
    let c = listings::create_category(&state.app, &ctx.caller(), &new).await?;
    Ok((StatusCode::CREATED, Json(category_json(&ctx, &c))).into_response())
}

#[utoipa::path(get, path = "/api/v1/listings", tag = "platform", params(ListingParams),
    responses((status = 200, body = ListingListJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Offers and demands, by id: open and not expired unless asked otherwise.
pub async fn list_listings(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListingParams>,
) -> AppResult<Json<ListingListJson>> {
    let search = Search {
        direction: p.direction,
        category: p.category,
        status: p.status,
        mine: p.mine.unwrap_or(false),
        actor: p.actor,
        actor_kind: p.actor_kind,
        words: p.q.unwrap_or_default(),
        near: p.near,
        walk_minutes: p.walk_minutes,
        after: p.after,
        limit: page_limit(p.limit),
        newest_first: false,
    };
    let found = listings::search(&state.app, &ctx.caller(), &search).await?;
    Ok(Json(ListingListJson { items: found.items.iter().map(ListingJson::from).collect(), next: found.next }))
}

#[utoipa::path(post, path = "/api/v1/listings", tag = "platform", request_body = ListingBody, security(("bearer" = [])),
    responses((status = 201, body = ListingJson), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "unknown-category"), (status = 422, body = ErrorBody)))]
/// Posts an offer or a demand.
pub async fn create_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ListingBody>,
) -> AppResult<Response> {
    let l = listings::create(&state.app, &ctx.caller(), &b.into()).await?;
    Ok((StatusCode::CREATED, Json(ListingJson::from(&l))).into_response())
}

#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = ListingJson), (status = 404, body = ErrorBody)))]
/// One listing.
pub async fn get_listing(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<ListingJson>> {
    Ok(Json(ListingJson::from(&listings::get(&state.app, id).await?)))
}

#[utoipa::path(put, path = "/api/v1/listings/{id}", tag = "platform", params(("id" = i64, Path)), request_body = ListingBody,
    security(("bearer" = [])),
    responses((status = 200, body = ListingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Edits a listing (its expiry counts again from now).
pub async fn update_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ListingBody>,
) -> AppResult<Json<ListingJson>> {
    Ok(Json(ListingJson::from(&listings::update(&state.app, &ctx.caller(), id, &b.into()).await?)))
}

#[utoipa::path(post, path = "/api/v1/listings/{id}/status", tag = "platform", params(("id" = i64, Path)),
    request_body = StatusBody, security(("bearer" = [])),
    responses((status = 200, body = ListingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "listing-status"),
        (status = 422, body = ErrorBody)))]
/// Moves a listing to open, in_exchange or closed.
pub async fn set_listing_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<StatusBody>,
) -> AppResult<Json<ListingJson>> {
    Ok(Json(ListingJson::from(&listings::set_status(&state.app, &ctx.caller(), id, &b.status).await?)))
}

#[utoipa::path(delete, path = "/api/v1/listings/{id}", tag = "platform", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ListingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// Closes a listing (it stays in the history of its exchanges).
pub async fn close_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ListingJson>> {
    Ok(Json(ListingJson::from(&listings::close(&state.app, &ctx.caller(), id).await?)))
}

#[derive(Serialize, ToSchema)]
pub struct MatchJson {
    pub listing: ListingJson,
    pub score: u32,
    /// Why, in the caller's language ("stessa categoria", "8 minuti a piedi", …).
    pub reasons: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/listings/{id}/matches", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<MatchJson>), (status = 404, body = ErrorBody)))]
/// The ten best counterparts of a listing (demands for an offer, offers for
/// a demand), open and not expired, with a score and the reasons.
pub async fn listing_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<MatchJson>>> {
    Ok(Json(
        listings::matches(&state.app, &ctx.caller(), id)
            .await?
            .iter()
            .map(|(c, m)| MatchJson {
                listing: ListingJson::from(&**c),
                score: m.score,
                reasons: m.reasons.iter().map(|r| reason_in(&ctx.tr, r)).collect(),
            })
            .collect(),
    ))
}
