//! `/api/v1/categories` and `/api/v1/listings`: the taxonomy (managers edit
//! it) and offers and demands (anyone signed in posts; the poster, the
//! owners of the actor it is posted for, and managers change it).

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_domain::cursor::page_limit;
use portineria_domain::hours::fmt_hhmm;
use portineria_domain::listings::{Direction, ListingInput, Status, WindowInput, validate_listing};
use portineria_domain::policy::{Action, allows};
use portineria_domain::{FieldError, FieldErrors, validate as v};
use portineria_store::{Category, Listing, ListingQuery};
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
    let name = if ctx.tr.lang.code() == "en" { c.name_en.clone() } else { c.name_it.clone() };
    CategoryJson {
        id: c.id,
        parent_id: c.parent_id,
        slug: c.slug.clone(),
        name,
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

/// How well a listing answers search stems, and the words of its
/// description around the first that does; `None` if it does not. The
/// stored stems cover title, description and tags; only the title's are
/// worked out again, for its extra weight.
pub fn text_match(l: &Listing, terms: &[String]) -> Option<(u32, String)> {
    let title = portineria_domain::text::stems(&l.title);
    let score = portineria_domain::text::score(&title, &l.stems, terms)?;
    let text = if l.description.is_empty() { &l.title } else { &l.description };
    Some((score, portineria_domain::text::snippet(text, terms, 24)))
}

/// Search candidates read at most, before ranking.
pub const CANDIDATES: u32 = 500;

#[utoipa::path(get, path = "/api/v1/categories", tag = "platform",
    responses((status = 200, body = Vec<CategoryJson>)))]
/// The taxonomy: top-level categories, each followed by its children.
pub async fn list_categories(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<CategoryJson>>> {
    Ok(Json(state.store.categories().await?.iter().map(|c| category_json(&ctx, c)).collect()))
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
    ctx.user()?;
    if !allows(&ctx.roles(), Action::ManageActor { hub: None }) {
        return Err(AppError::Forbidden);
    }
    let mut errs = FieldErrors::new();
    let it = errs.take(v::required("name_it", &b.name_it, 80));
    let en = errs.take(v::required("name_en", &b.name_en, 80));
    let (Some(it), Some(en)) = (it, en) else { return Err(errs.into()) };
    let slug = portineria_domain::text::slugify(&it);
    let c = state.store.create_category(&ctx.who(), b.parent_id, &slug, &it, &en).await?;
    Ok((StatusCode::CREATED, Json(category_json(&ctx, &c))).into_response())
}

/// The poster, the owners of the actor it is posted for, and managers.
async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Listing> {
    let user = ctx.user()?;
    let l = state.store.listing(id).await?.ok_or(AppError::NotFound)?;
    if l.account_id == user.account.id || allows(&ctx.roles(), Action::ManageActor { hub: None }) {
        return Ok(l);
    }
    if let Some(a) = l.actor_id
        && state.store.actor_members(a).await?.iter().any(|m| m.account_id == user.account.id && m.role == "owner")
    {
        return Ok(l);
    }
    Err(AppError::Forbidden)
}

/// A listing posted for an actor needs its poster to belong to it.
async fn check_actor(state: &AppState, ctx: &Ctx, actor_id: Option<i64>) -> AppResult<()> {
    let user = ctx.user()?;
    if let Some(a) = actor_id
        && !state.store.actor_members(a).await?.iter().any(|m| m.account_id == user.account.id)
    {
        return Err(FieldError::new("actor_id", "not-a-member").into());
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/listings", tag = "platform", params(ListingParams),
    responses((status = 200, body = ListingListJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Offers and demands, by id: open and not expired unless asked otherwise.
pub async fn list_listings(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListingParams>,
) -> AppResult<Json<ListingListJson>> {
    let direction = match p.direction.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(Direction::parse(d).ok_or_else(|| FieldError::new("direction", "direction"))?),
    };
    let status = match p.status.as_deref().map(str::trim).unwrap_or("open") {
        "all" => None,
        s => Some(Status::parse(s).ok_or_else(|| FieldError::new("status", "listing-status"))?),
    };
    let account_id = if p.mine.unwrap_or(false) { Some(ctx.user()?.account.id) } else { None };
    let actor_kind = match p.actor_kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => {
            Some(portineria_domain::actors::ActorKind::parse(k).ok_or_else(|| FieldError::new("actor_kind", "kind"))?)
        }
    };
    let mut terms = portineria_domain::text::stems(p.q.as_deref().unwrap_or(""));
    terms.truncate(8);
    let near = match p.near.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(n) => match portineria_domain::geo::Coordinates::parse_pair(n) {
            Some(Ok(c)) => Some(c),
            Some(Err(_)) => return Err(FieldError::new("near", "coordinates-range").into()),
            None => return Err(FieldError::new("near", "coordinates-format").into()),
        },
    };
    let walk = p.walk_minutes.unwrap_or(15);
    if !(1..=240).contains(&walk) {
        return Err(FieldError::new("walk_minutes", "range").with("min", 1).with("max", 240).into());
    }
    let limit = page_limit(p.limit);
    let ranked = !terms.is_empty() || near.is_some();
    let q = ListingQuery {
        direction,
        category_id: p.category,
        exact_category: None,
        status,
        account_id,
        actor_id: p.actor,
        actor_kind,
        not_expired_at: if status == Some(Status::Open) { ctx.now.as_second() } else { 0 },
        terms: terms.clone(),
        newest_first: ranked,
        after: if ranked { None } else { p.after },
        limit: if ranked { CANDIDATES } else { limit + 1 },
    };
    let found = state.store.list_listings(&q).await?;
    if !ranked {
        let mut items: Vec<ListingJson> = found.iter().map(ListingJson::from).collect();
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|l| l.id)
        } else {
            None
        };
        return Ok(Json(ListingListJson { items, next }));
    }
    // Ranked: every term found (the store's filter), more in the title
    // first; then the closest; then the newest.
    let mut items: Vec<ListingJson> = Vec::new();
    for l in &found {
        let minutes = match (near, l.location) {
            (Some(from), Some(at)) => {
                let m = portineria_domain::geo::walking_minutes(from, at).ceil() as u32;
                if m > walk {
                    continue;
                }
                Some(m)
            }
            (Some(_), None) => continue,
            _ => None,
        };
        let mut j = ListingJson::from(l);
        if !terms.is_empty() {
            let Some((score, snippet)) = text_match(l, &terms) else { continue };
            j.score = Some(score);
            j.snippet = Some(snippet);
        }
        j.walk_minutes = minutes;
        items.push(j);
    }
    items.sort_by_key(|j| {
        (std::cmp::Reverse(j.score.unwrap_or(0)), j.walk_minutes.unwrap_or(0), std::cmp::Reverse(j.id))
    });
    items.truncate(limit as usize);
    Ok(Json(ListingListJson { items, next: None }))
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
    let user = ctx.user()?;
    let draft = validate_listing(&b.into(), ctx.now.as_second())?;
    check_actor(&state, &ctx, draft.actor_id).await?;
    let l = state.store.create_listing(&ctx.who(), user.account.id, &draft, ctx.now.as_second()).await?;
    state.app.matches.touch();
    Ok((StatusCode::CREATED, Json(ListingJson::from(&l))).into_response())
}

#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = ListingJson), (status = 404, body = ErrorBody)))]
/// One listing.
pub async fn get_listing(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<ListingJson>> {
    let l = state.store.listing(id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(ListingJson::from(&l)))
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
    editable(&state, &ctx, id).await?;
    let draft = validate_listing(&b.into(), ctx.now.as_second())?;
    check_actor(&state, &ctx, draft.actor_id).await?;
    let l = state.store.update_listing(&ctx.who(), id, &draft, ctx.now.as_second()).await?;
    state.app.matches.touch();
    Ok(Json(ListingJson::from(&l)))
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
    editable(&state, &ctx, id).await?;
    let status = Status::parse(&b.status).ok_or_else(|| FieldError::new("status", "listing-status"))?;
    let l = state.store.set_listing_status(&ctx.who(), id, status, ctx.now.as_second()).await?;
    state.app.matches.touch();
    Ok(Json(ListingJson::from(&l)))
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
    editable(&state, &ctx, id).await?;
    let l = state.store.set_listing_status(&ctx.who(), id, Status::Closed, ctx.now.as_second()).await?;
    state.app.matches.touch();
    Ok(Json(ListingJson::from(&l)))
}

#[derive(Serialize, ToSchema)]
pub struct MatchJson {
    pub listing: ListingJson,
    pub score: u32,
    /// Why, in the caller's language ("stessa categoria", "8 minuti a piedi", …).
    pub reasons: Vec<String>,
}

pub fn reason_text(ctx: &Ctx, r: &portineria_domain::matching::Reason) -> String {
    reason_in(&ctx.tr, r)
}

/// Why two listings go together, in `tr`'s language.
pub fn reason_in(tr: &crate::http::i18n::Tr, r: &portineria_domain::matching::Reason) -> String {
    use portineria_domain::matching::Reason;
    match r {
        Reason::SameCategory => tr.t("match-same-category"),
        Reason::SameArea => tr.t("match-same-area"),
        Reason::SharedWords { words } => tr.t1("match-shared-words", "words", words.join(", ")),
        Reason::Walk { minutes } => tr.t1("match-walk", "minutes", minutes.to_string()),
        Reason::TimesOverlap { weekday, from, to } => tr.tn(
            "match-times",
            &[("day", tr.t(&format!("weekday-{weekday}"))), ("from", fmt_hhmm(*from)), ("to", fmt_hhmm(*to))],
        ),
        Reason::Reliable => tr.t("match-reliable"),
    }
}

/// A listing's ten best counterparts (demands for an offer, offers for a
/// demand), open and not expired, with their score and reasons: from the
/// matching index, which is kept current as listings change.
pub async fn best_matches(
    state: &AppState,
    ctx: &Ctx,
    l: &Listing,
) -> AppResult<Vec<(std::sync::Arc<Listing>, portineria_domain::matching::Match)>> {
    Ok(state.app.matches.best(state.store.as_ref(), l, ctx.now.as_second(), 10).await?)
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
    // An open listing is in the matching index; another is read from the store.
    let l = match state.app.matches.open_listing(state.store.as_ref(), id).await? {
        Some(l) => l,
        None => state.store.listing(id).await?.ok_or(AppError::NotFound)?,
    };
    Ok(Json(
        best_matches(&state, &ctx, &l)
            .await?
            .iter()
            .map(|(c, m)| MatchJson {
                listing: ListingJson::from(&**c),
                score: m.score,
                reasons: m.reasons.iter().map(|r| reason_text(&ctx, r)).collect(),
            })
            .collect(),
    ))
}
