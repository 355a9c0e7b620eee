//! The pages of offers and demands: the board (search, filters), posting a
//! listing in a few fields, and a listing with its best matches and their
//! reasons (from which its poster proposes an exchange). The rules are
//! `portineria_app::listings`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::AppResult;
use crate::http::fmt;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::listings::words::{category_name, category_name_in, hours, parse_hours, reason_in};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::Error;
use portineria_app::listings::{self, Search};
use portineria_domain::actors::ActorKind;
use portineria_domain::listings::{Direction, ListingInput};
use portineria_store::{Category, Listing};
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

pub fn line(ctx: &Ctx, categories: &[Category], l: &Listing, snippet: String) -> ListingLine {
    ListingLine {
        id: l.id,
        title: l.title.clone(),
        offer: l.direction == Direction::Offer,
        category: category_name(&ctx.tr, categories, l.category_id),
        snippet,
        hours: hours(l.value_minutes),
    }
}

/// `(id, name)` of every category, children indented under their parent.
fn category_options(ctx: &Ctx, categories: &[Category]) -> Vec<(String, String)> {
    categories
        .iter()
        .map(|c| {
            let name = category_name_in(&ctx.tr, c);
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
    let categories = listings::categories(&state.app).await?;
    let q = p.q.unwrap_or_default();
    // What the board does not know is left out, not refused.
    let direction = p.direction.as_deref().and_then(Direction::parse);
    let category = p.category.as_deref().and_then(|c| c.parse::<i64>().ok());
    let actor_kind = p.actor_kind.as_deref().and_then(ActorKind::parse);
    let search = Search {
        direction: direction.map(|d| d.as_str().to_owned()),
        category,
        actor_kind: actor_kind.map(|k| k.as_str().to_owned()),
        words: q.clone(),
        limit: 50,
        newest_first: true,
        ..Default::default()
    };
    let found = listings::search(&state.app, &ctx.caller(), &search).await?;
    let items = found
        .items
        .iter()
        .map(|f| line(&ctx, &categories, &f.listing, f.snippet.clone().unwrap_or_default()))
        .collect();
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
                ActorKind::ALL.iter().map(|k| (k.as_str().to_owned(), ctx.tr.t(&format!("actor-kind-{}", k.as_str())))),
            )
            .collect(),
        items,
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
    let categories = listings::categories(&state.app).await?;
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

/// Posts a listing: what, offered or asked, a category; the rest optional.
pub async fn create_listing(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    ctx.user()?;
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
    match listings::create(&state.app, &ctx.caller(), &input).await {
        Ok(l) => Ok(redirect(&format!("/listings/{}?done=posted", l.id))),
        Err(Error::Invalid(errs)) => {
            let errors = Errors::from_fields(&ctx.tr, &errs);
            listing_form(&state, &ctx, Some(&form), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Error::Conflict(code)) => {
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
    let v = listings::view(&state.app, &ctx.caller(), id).await?;
    let categories = listings::categories(&state.app).await?;
    let l = &v.listing;
    let matches = v
        .matches
        .iter()
        .map(|c| {
            let offer_value =
                if c.listing.direction == Direction::Offer { c.listing.value_minutes } else { l.value_minutes };
            MatchLine {
                poster: c.poster.clone(),
                listing: line(ctx, &categories, &c.listing, String::new()),
                score: c.found.score,
                reasons: c.found.reasons.iter().map(|r| reason_in(&ctx.tr, r)).collect(),
                minutes: offer_value.unwrap_or(60),
            }
        })
        .collect();
    let page = ListingPage {
        l: Layout::new(state, ctx, l.title.clone(), "board").await?,
        notice,
        error,
        listing: line(ctx, &categories, l, String::new()),
        description: l.description.clone(),
        poster: v.poster.clone(),
        status: ctx.tr.t(&format!("listing-status-{}", l.status.as_str())),
        expires: fmt::date_time_secs(l.expires_at),
        mine: v.mine,
        signed_in: ctx.user.is_some(),
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
