//! The platform's pages: the board of offers and demands (search, filters),
//! posting a listing in a few fields, a listing with its best matches and
//! their reasons, proposing an exchange from a match, and a person's
//! exchanges with what is theirs to do (confirm, decline, complete, review).
//! The rules are the store's; these handlers share the API's helpers.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::listings::api::{best_matches, category_json, reason_text};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_domain::listings::{Direction, ListingInput, Status, validate_listing};
use portineria_store::{Category, Listing, ListingQuery, StoreError};
use serde::Deserialize;

/// One listing as a list shows it.
pub struct ListingLine {
    pub id: i64,
    pub title: String,
    pub offer: bool,
    pub category: String,
    pub snippet: String,
    pub hours: String,
}

pub fn hours(minutes: Option<i64>) -> String {
    minutes.map(|m| format!("{}:{:02}", m / 60, m % 60)).unwrap_or_default()
}

pub fn category_name(ctx: &Ctx, categories: &[Category], id: i64) -> String {
    categories.iter().find(|c| c.id == id).map(|c| category_json(ctx, c).name).unwrap_or_default()
}

pub fn line(ctx: &Ctx, categories: &[Category], l: &Listing, snippet: String) -> ListingLine {
    ListingLine {
        id: l.id,
        title: l.title.clone(),
        offer: l.direction == Direction::Offer,
        category: category_name(ctx, categories, l.category_id),
        snippet,
        hours: hours(l.value_minutes),
    }
}

/// `(id, name)` of every category, children indented under their parent.
fn category_options(ctx: &Ctx, categories: &[Category]) -> Vec<(String, String)> {
    categories
        .iter()
        .map(|c| {
            let name = category_json(ctx, c).name;
            (c.id.to_string(), if c.parent_id.is_some() { format!("— {name}") } else { name })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "listings/templates/board.html")]
struct BoardPage {
    l: Layout,
    q: String,
    direction: String,
    category: String,
    categories: Vec<(String, String)>,
    actor_kind: String,
    actor_kinds: Vec<(String, String)>,
    items: Vec<ListingLine>,
}

#[derive(Deserialize, Default)]
pub struct BoardParams {
    pub q: Option<String>,
    pub direction: Option<String>,
    pub category: Option<String>,
    pub actor_kind: Option<String>,
}

/// The board: open offers and demands, newest first, or ranked by a search.
pub async fn board(State(state): State<AppState>, ctx: Ctx, Query(p): Query<BoardParams>) -> AppResult<Response> {
    let categories = state.store.categories().await?;
    let q = p.q.unwrap_or_default();
    let direction = p.direction.as_deref().and_then(Direction::parse);
    let category = p.category.as_deref().and_then(|c| c.parse::<i64>().ok());
    let actor_kind = p.actor_kind.as_deref().and_then(portineria_domain::actors::ActorKind::parse);
    let mut terms = portineria_domain::text::stems(&q);
    terms.truncate(8);
    let found = state
        .store
        .list_listings(&ListingQuery {
            direction,
            category_id: category,
            actor_kind,
            status: Some(Status::Open),
            not_expired_at: ctx.now.as_second(),
            terms: terms.clone(),
            newest_first: true,
            limit: if terms.is_empty() { 50 } else { crate::listings::api::CANDIDATES },
            ..Default::default()
        })
        .await?;
    let mut ranked: Vec<(u32, ListingLine)> = found
        .iter()
        .filter_map(|l| {
            if terms.is_empty() {
                return Some((0, line(&ctx, &categories, l, String::new())));
            }
            let (score, snippet) = crate::listings::api::text_match(l, &terms)?;
            Some((score, line(&ctx, &categories, l, snippet)))
        })
        .collect();
    ranked.sort_by_key(|(score, l)| (std::cmp::Reverse(*score), std::cmp::Reverse(l.id)));
    ranked.truncate(50);
    let mut options = vec![(String::new(), ctx.tr.t("board-any-category"))];
    options.extend(category_options(&ctx, &categories));
    let page = BoardPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("board-title"), "board").await?,
        q,
        direction: direction.map(|d| d.as_str().to_owned()).unwrap_or_default(),
        category: category.map(|c| c.to_string()).unwrap_or_default(),
        categories: options,
        actor_kind: actor_kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        actor_kinds: std::iter::once((String::new(), ctx.tr.t("board-anyone")))
            .chain(
                portineria_domain::actors::ActorKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_owned(), ctx.tr.t(&format!("actor-kind-{}", k.as_str())))),
            )
            .collect(),
        items: ranked.into_iter().map(|(_, l)| l).collect(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "listings/templates/listing_form.html")]
struct ListingForm {
    l: Layout,
    errors: Errors,
    direction: String,
    title: String,
    category: String,
    description: String,
    hours: String,
    categories: Vec<(String, String)>,
}

async fn listing_form(
    state: &AppState,
    ctx: &Ctx,
    form: Option<&FormData>,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let categories = state.store.categories().await?;
    let text = |name: &str| form.map(|f| f.text(name)).unwrap_or_default();
    let direction = form.map(|f| f.text("direction")).unwrap_or_else(|| "demand".into());
    let page = ListingForm {
        l: Layout::new(state, ctx, ctx.tr.t("listing-new-title"), "board").await?,
        errors,
        direction,
        title: text("title"),
        category: text("category_id"),
        description: text("description"),
        hours: text("hours"),
        categories: category_options(ctx, &categories),
    };
    Ok(render_status(&page, status))
}

pub async fn new_listing(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.user()?;
    listing_form(&state, &ctx, None, Errors::default(), StatusCode::OK).await
}

/// Hours as typed (`1`, `1,5`, `1:30`) in minutes.
pub(crate) fn parse_hours(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some((h, m)) = s.split_once(':') {
        let (h, m) = (h.trim().parse::<i64>().map_err(|_| ())?, m.trim().parse::<i64>().map_err(|_| ())?);
        if !(0..60).contains(&m) || h < 0 {
            return Err(());
        }
        return Ok(Some(h * 60 + m));
    }
    let x: f64 = s.replace(',', ".").parse().map_err(|_| ())?;
    if !x.is_finite() || !(0.0..=100.0).contains(&x) {
        return Err(());
    }
    Ok(Some((x * 60.0).round() as i64))
}

/// Posts a listing: what, offered or asked, a category; the rest optional.
pub async fn create_listing(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let user = ctx.user()?;
    let Ok(minutes) = parse_hours(&form.text("hours")) else {
        let errors = Errors::one("hours", ctx.tr.t("err-listing-hours"));
        return listing_form(&state, &ctx, Some(&form), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = ListingInput {
        direction: form.text("direction"),
        kind: form.opt("kind").unwrap_or_else(|| "service".into()),
        title: form.text("title"),
        description: form.opt("description"),
        category_id: form.text("category_id").parse().ok(),
        value_minutes: minutes,
        ..Default::default()
    };
    let draft = match validate_listing(&input, ctx.now.as_second()) {
        Ok(d) => d,
        Err(errs) => {
            let errors = Errors::from_fields(&ctx.tr, &errs);
            return listing_form(&state, &ctx, Some(&form), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match state.store.create_listing(&ctx.who(), user.account.id, &draft, ctx.now.as_second()).await {
        Ok(l) => {
            state.app.matches.touch();
            Ok(redirect(&format!("/listings/{}?done=posted", l.id)))
        }
        Err(StoreError::Conflict(code)) => {
            let errors = Errors::one("category_id", ctx.tr.t(&format!("error-{code}")));
            listing_form(&state, &ctx, Some(&form), errors, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A match as the listing's page shows it.
pub struct MatchLine {
    pub listing: ListingLine,
    pub poster: String,
    pub score: u32,
    pub reasons: Vec<String>,
    /// Minutes proposed by default: the offer's value, else an hour.
    pub minutes: i64,
}

#[derive(Template)]
#[template(path = "listings/templates/listing.html")]
struct ListingPage {
    l: Layout,
    notice: Option<String>,
    error: Option<String>,
    listing: ListingLine,
    description: String,
    poster: String,
    status: String,
    expires: String,
    mine: bool,
    signed_in: bool,
    matches: Vec<MatchLine>,
}

#[derive(Deserialize, Default)]
pub struct NoticeParams {
    pub done: Option<String>,
}

pub async fn listing_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let l = state.store.listing(id).await?.ok_or(AppError::NotFound)?;
    let categories = state.store.categories().await?;
    let me = ctx.user.as_ref().map(|u| u.account.id);
    let mine = me == Some(l.account_id);
    let poster = state.store.account(l.account_id).await?.map(|a| a.display_name).unwrap_or_default();
    let mut matches = Vec::new();
    if mine && l.status == Status::Open {
        for (c, m) in best_matches(state, ctx, &l).await? {
            let offer_value = if c.direction == Direction::Offer { c.value_minutes } else { l.value_minutes };
            matches.push(MatchLine {
                poster: state.store.account(c.account_id).await?.map(|a| a.display_name).unwrap_or_default(),
                listing: line(ctx, &categories, &c, String::new()),
                score: m.score,
                reasons: m.reasons.iter().map(|r| reason_text(ctx, r)).collect(),
                minutes: offer_value.unwrap_or(60),
            });
        }
    }
    let page = ListingPage {
        l: Layout::new(state, ctx, l.title.clone(), "board").await?,
        notice,
        error,
        listing: line(ctx, &categories, &l, String::new()),
        description: l.description.clone(),
        poster,
        status: ctx.tr.t(&format!("listing-status-{}", l.status.as_str())),
        expires: fmt::date_time_secs(l.expires_at),
        mine,
        signed_in: me.is_some(),
        matches,
    };
    Ok(render_status(&page, status))
}

pub async fn listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<NoticeParams>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("posted") => Some(ctx.tr.t("listing-posted")),
        Some("marked") => Some(ctx.tr.t("listing-marked")),
        _ => None,
    };
    listing_page(&state, &ctx, id, notice, None, StatusCode::OK).await
}
