//! `/api/v1/exchanges`: propose, confirm, decline, complete, cancel and
//! review exchanges, and the "I would take that" marks on offers, over
//! `portineria_app::exchanges` (who sees and does what is said there).

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::fmt::rfc3339_utc as rfc3339;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::exchanges::{self, Filter, Proposal, Review, Shown, Step};
use portineria_domain::cursor::page_limit;
use portineria_domain::exchanges::{Moves, Suggestion};
use portineria_store::{ExchangeReview, NewLeg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct LegJson {
    pub from_account: i64,
    pub to_account: i64,
    /// The listing that moves, or…
    pub listing_id: Option<i64>,
    /// …its title when proposed.
    pub title: String,
    /// …minutes of time credit `from_account` pays `to_account` on completion.
    pub minutes: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PartyJson {
    pub account_id: i64,
    pub display_name: String,
    pub confirmed: bool,
    pub declined: bool,
    /// Average rating others gave them, in tenths (45 = 4.5).
    pub rating_tenths: Option<u32>,
    pub reviews: u32,
    /// Exchanges they carried out.
    pub completed: u32,
    pub reliable: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ExchangeJson {
    pub id: i64,
    /// proposed, accepted, completed, reviewed, declined, expired or cancelled.
    pub status: String,
    pub proposed_by: Option<i64>,
    pub note: String,
    pub category_id: Option<i64>,
    /// The time credit its legs move.
    pub minutes: i64,
    /// RFC 3339, UTC: every party confirms before it.
    pub deadline: String,
    pub created_at: String,
    pub accepted_at: Option<String>,
    pub completed_at: Option<String>,
    pub legs: Vec<LegJson>,
    pub parties: Vec<PartyJson>,
    /// The people the caller may still review in it.
    pub reviews_due: Vec<i64>,
}

impl From<&Shown> for ExchangeJson {
    fn from(s: &Shown) -> Self {
        let x = &s.exchange;
        ExchangeJson {
            id: x.id,
            status: x.status.as_str().to_owned(),
            proposed_by: x.proposed_by,
            note: x.note.clone(),
            category_id: x.category_id,
            minutes: x.minutes,
            deadline: rfc3339(x.deadline),
            created_at: rfc3339(x.created_at),
            accepted_at: x.accepted_at.map(rfc3339),
            completed_at: x.completed_at.map(rfc3339),
            legs: x
                .legs
                .iter()
                .map(|l| LegJson {
                    from_account: l.from_account,
                    to_account: l.to_account,
                    listing_id: l.listing_id,
                    title: l.title.clone(),
                    minutes: l.minutes,
                })
                .collect(),
            parties: x
                .parties
                .iter()
                .map(|p| {
                    let r = s.reliability_of(p.account_id);
                    PartyJson {
                        account_id: p.account_id,
                        display_name: p.display_name.clone(),
                        confirmed: p.confirmed_at.is_some(),
                        declined: p.declined_at.is_some(),
                        rating_tenths: r.average_tenths(),
                        reviews: r.reviews,
                        completed: r.completed,
                        reliable: r.is_reliable(),
                    }
                })
                .collect(),
            reviews_due: s.reviews_due.clone(),
        }
    }
}

/// The exchange as the caller sees it, with each party's reliability.
async fn exchange_json(state: &AppState, ctx: &Ctx, x: portineria_store::Exchange) -> AppResult<ExchangeJson> {
    Ok(ExchangeJson::from(&exchanges::show(&state.app, &ctx.caller(), x).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct LegBody {
    /// Who gives (a person's account id).
    pub from_account: i64,
    /// Who receives.
    pub to_account: i64,
    /// An offer its poster gives, or a demand its poster receives; or…
    pub listing_id: Option<i64>,
    /// …minutes of time credit (1 to 6,000) paid on completion.
    pub minutes: Option<i64>,
}

impl From<LegBody> for NewLeg {
    fn from(l: LegBody) -> Self {
        NewLeg { from_account: l.from_account, to_account: l.to_account, listing_id: l.listing_id, minutes: l.minutes }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ExchangeBody {
    pub legs: Vec<LegBody>,
    /// A word to the other parties (at most 500 characters).
    pub note: Option<String>,
    /// Hours every party has to confirm (1 to 720, default 72).
    pub deadline_hours: Option<i64>,
}

impl From<ExchangeBody> for Proposal {
    fn from(b: ExchangeBody) -> Self {
        Proposal {
            legs: b.legs.into_iter().map(NewLeg::from).collect(),
            note: b.note,
            deadline_hours: b.deadline_hours,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    /// The party reviewed (someone you dealt with in it).
    pub subject_account: i64,
    /// 1 to 5.
    pub rating: i64,
    /// At most 2,000 characters.
    pub body: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewJson {
    pub author_account: i64,
    pub author_name: String,
    pub subject_account: i64,
    pub rating: i64,
    pub body: String,
    pub created_at: String,
}

impl From<&ExchangeReview> for ReviewJson {
    fn from(r: &ExchangeReview) -> Self {
        ReviewJson {
            author_account: r.author_account,
            author_name: r.author_name.clone(),
            subject_account: r.subject_account,
            rating: r.rating,
            body: r.body.clone(),
            created_at: rfc3339(r.created_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExchangeParams {
    /// One status only.
    pub status: Option<String>,
    /// Managers: every exchange, not only yours.
    pub all: Option<bool>,
    /// An exchange id: the page after it (newest first).
    pub before: Option<i64>,
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ExchangeListJson {
    pub items: Vec<ExchangeJson>,
    pub next: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/exchanges", tag = "exchanges", request_body = ExchangeBody,
    security(("bearer" = [])),
    responses((status = 201, body = ExchangeJson), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "exchange-* (legs, listings, deadline) or transfer-credit-limit"),
        (status = 422, body = ErrorBody)))]
/// Proposes an exchange. Your own yes is given at once; each other party
/// confirms before the deadline. Nothing moves until all have.
pub async fn propose_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ExchangeBody>,
) -> AppResult<Response> {
    let x = exchanges::propose(&state.app, &ctx.caller(), b.into()).await?;
    Ok((StatusCode::CREATED, Json(exchange_json(&state, &ctx, x).await?)).into_response())
}

#[utoipa::path(get, path = "/api/v1/exchanges", tag = "exchanges", params(ExchangeParams), security(("bearer" = [])),
    responses((status = 200, body = ExchangeListJson), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Your exchanges (managers: with `all=true`, everyone's), newest first.
pub async fn list_exchanges(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ExchangeParams>,
) -> AppResult<Json<ExchangeListJson>> {
    let f = Filter { status: p.status, all: p.all.unwrap_or(false), before: p.before, limit: page_limit(p.limit) };
    let found = exchanges::list(&state.app, &ctx.caller(), &f).await?;
    Ok(Json(ExchangeListJson { items: found.items.iter().map(ExchangeJson::from).collect(), next: found.next }))
}

#[utoipa::path(get, path = "/api/v1/exchanges/{id}", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// One exchange: for its parties and managers.
pub async fn get_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ExchangeJson>> {
    Ok(Json(ExchangeJson::from(&exchanges::get(&state.app, &ctx.caller(), id).await?)))
}

/// Runs one step and answers with the exchange as it is after it.
async fn step(state: &AppState, ctx: &Ctx, id: i64, s: Step) -> AppResult<Json<ExchangeJson>> {
    let x = exchanges::step(&state.app, &ctx.caller(), id, s).await?;
    Ok(Json(exchange_json(state, ctx, x).await?))
}

#[utoipa::path(post, path = "/api/v1/exchanges/{id}/confirm", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "exchange-already-answered, exchange-expired, exchange-status or exchange-listing-taken")))]
/// Your yes. The last party's takes its listings and accepts it.
pub async fn confirm_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ExchangeJson>> {
    step(&state, &ctx, id, Step::Confirm).await
}

#[utoipa::path(post, path = "/api/v1/exchanges/{id}/decline", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "exchange-already-answered or exchange-status")))]
/// Your no, while it is proposed: nothing it would have moved moves.
pub async fn decline_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ExchangeJson>> {
    step(&state, &ctx, id, Step::Decline).await
}

#[utoipa::path(post, path = "/api/v1/exchanges/{id}/complete", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "exchange-status, transfer-credit-limit or transfer-highest-balance")))]
/// It took place: its time credit moves (tied to it in the ledger) and its
/// listings close, in one transaction.
pub async fn complete_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ExchangeJson>> {
    step(&state, &ctx, id, Step::Complete).await
}

#[utoipa::path(post, path = "/api/v1/exchanges/{id}/cancel", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "exchange-status")))]
/// Calls off an accepted exchange: its listings are open again.
pub async fn cancel_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<ExchangeJson>> {
    step(&state, &ctx, id, Step::Cancel).await
}

#[utoipa::path(post, path = "/api/v1/exchanges/{id}/reviews", tag = "exchanges", params(("id" = i64, Path)),
    request_body = ReviewBody, security(("bearer" = [])),
    responses((status = 201, body = ExchangeJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "review-not-party, review-not-counterpart, review-not-done or review-twice"),
        (status = 422, body = ErrorBody)))]
/// Reviews someone you dealt with in a completed exchange (once each).
pub async fn review_exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReviewBody>,
) -> AppResult<Response> {
    let r = Review { subject: b.subject_account, rating: b.rating, body: b.body };
    let x = exchanges::review(&state.app, &ctx.caller(), id, &r).await?;
    Ok((StatusCode::CREATED, Json(exchange_json(&state, &ctx, x).await?)).into_response())
}

#[utoipa::path(get, path = "/api/v1/exchanges/{id}/reviews", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ReviewJson>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// The reviews written in an exchange.
pub async fn exchange_reviews(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ReviewJson>>> {
    Ok(Json(exchanges::reviews(&state.app, &ctx.caller(), id).await?.iter().map(ReviewJson::from).collect()))
}

#[utoipa::path(put, path = "/api/v1/listings/{id}/mark", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "mark-not-offer or mark-own-listing")))]
/// "I would take that": marks an offer you want. Exchange cycles are found
/// over these marks.
pub async fn mark_listing(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    exchanges::mark(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/listings/{id}/mark", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])), responses((status = 204), (status = 401, body = ErrorBody)))]
/// Takes your mark back.
pub async fn unmark_listing(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    exchanges::unmark(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionJson {
    /// Propose it by posting these legs to `/api/v1/exchanges`.
    pub legs: Vec<LegJson>,
    /// Listings it moves.
    pub items: usize,
    /// One leg is time credit, where a listing was missing.
    pub closed_with_time: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// Managers: every cycle, not only those you are in.
    pub all: Option<bool>,
    /// Longest cycle (default 3; 0 = any length).
    pub max_cycle: Option<usize>,
}

/// A suggested cycle as legs the API shows.
fn suggestion_legs(s: &Suggestion, titles: &BTreeMap<i64, String>) -> Vec<LegJson> {
    s.legs
        .iter()
        .map(|l| match l.moves {
            Moves::Listing { id, .. } => LegJson {
                from_account: l.from,
                to_account: l.to,
                listing_id: Some(id),
                title: titles.get(&id).cloned().unwrap_or_default(),
                minutes: None,
            },
            Moves::Minutes(m) => LegJson {
                from_account: l.from,
                to_account: l.to,
                listing_id: None,
                title: String::new(),
                minutes: Some(m),
            },
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/exchanges/suggestions", tag = "exchanges", params(SuggestionParams),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<SuggestionJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// Exchange cycles you take part in, found over everyone's "I would take
/// that" marks: disjoint, as many listings as possible, shorter cycles and
/// reliable partners first; where one leg is missing, closed by time credit
/// the payer's limit allows.
pub async fn list_suggestions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SuggestionParams>,
) -> AppResult<Json<Vec<SuggestionJson>>> {
    let found = exchanges::suggestions(&state.app, &ctx.caller(), p.all.unwrap_or(false), p.max_cycle).await?;
    Ok(Json(
        found
            .cycles
            .iter()
            .map(|s| SuggestionJson {
                legs: suggestion_legs(s, &found.titles),
                items: s.items,
                closed_with_time: s.closed_with_time,
            })
            .collect(),
    ))
}
