//! `/api/v1/exchanges`: propose, confirm, decline, complete, cancel and
//! review exchanges, and the "I would take that" marks on offers. The rules
//! are `domain::exchanges`, held by the store's transaction and the
//! database; these handlers parse, authorise and call one store method each.
//!
//! A party sees, confirms, declines, completes and cancels its exchanges and
//! reviews the people it dealt with. Managers of any hub (the platform is the
//! network's, like the time bank) see every exchange, propose for others,
//! and complete or cancel on the parties' behalf; they never confirm for
//! anyone.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_domain::cursor::page_limit;
use portineria_domain::exchanges::{DEFAULT_DEADLINE_SECONDS, Reliability, Status};
use portineria_domain::policy::{Action, allows};
use portineria_domain::{FieldError, FieldErrors, validate as v};
use portineria_store::{Exchange, ExchangeQuery, ExchangeReview, NewExchange, NewLeg, NewReview};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

use crate::http::fmt::rfc3339_utc as rfc3339;

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

/// The exchange as the caller sees it, with each party's reliability.
pub async fn exchange_json(state: &AppState, ctx: &Ctx, x: &Exchange) -> AppResult<ExchangeJson> {
    let reliability: BTreeMap<i64, Reliability> = state.store.reliability().await?.into_iter().collect();
    let reviews = state.store.exchange_reviews(x.id).await?;
    Ok(to_json(ctx, x, &reliability, &reviews))
}

fn to_json(
    ctx: &Ctx,
    x: &Exchange,
    reliability: &BTreeMap<i64, Reliability>,
    reviews: &[ExchangeReview],
) -> ExchangeJson {
    let me = ctx.user.as_ref().map(|u| u.account.id);
    let reviews_due = match me {
        Some(me) if x.status.is_done() => portineria_domain::exchanges::review_pairs(&x.domain_legs())
            .into_iter()
            .filter(|(a, s)| *a == me && !reviews.iter().any(|r| r.author_account == *a && r.subject_account == *s))
            .map(|(_, s)| s)
            .collect(),
        _ => Vec::new(),
    };
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
                let r = reliability.get(&p.account_id).copied().unwrap_or_default();
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
        reviews_due,
    }
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

#[derive(Deserialize, ToSchema)]
pub struct ExchangeBody {
    pub legs: Vec<LegBody>,
    /// A word to the other parties (at most 500 characters).
    pub note: Option<String>,
    /// Hours every party has to confirm (1 to 720, default 72).
    pub deadline_hours: Option<i64>,
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

fn manages(ctx: &Ctx) -> bool {
    allows(&ctx.roles(), Action::ManageTimebank)
}

/// The exchange, if the caller is a party or a manager (otherwise it does
/// not exist for them).
pub async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Exchange> {
    let user = ctx.user()?;
    let x = state.store.exchange(id).await?.ok_or(AppError::NotFound)?;
    if x.is_party(user.account.id) || manages(ctx) { Ok(x) } else { Err(AppError::NotFound) }
}

/// Checks the body's shape and turns it into a proposal.
pub fn proposal(ctx: &Ctx, b: ExchangeBody) -> AppResult<NewExchange> {
    let user = ctx.user()?;
    let mut errs = FieldErrors::new();
    if b.legs.is_empty() {
        errs.push(FieldError::new("legs", "exchange-no-legs"));
    }
    for l in &b.legs {
        if l.listing_id.is_some() == l.minutes.is_some() {
            errs.push(FieldError::new("legs", "exchange-leg-moves"));
            break;
        }
    }
    let note = errs.take(v::optional("note", b.note.as_deref(), 500)).flatten().unwrap_or_default();
    let hours = b.deadline_hours.unwrap_or(DEFAULT_DEADLINE_SECONDS / 3600);
    if !(1..=720).contains(&hours) {
        errs.push(FieldError::new("deadline_hours", "range").with("min", 1).with("max", 720));
    }
    errs.into_result(())?;
    let me = user.account.id;
    let party = b.legs.iter().any(|l| l.from_account == me || l.to_account == me);
    let now = ctx.now.as_second();
    Ok(NewExchange {
        proposer: me,
        on_behalf: !party && manages(ctx),
        legs: b
            .legs
            .into_iter()
            .map(|l| NewLeg {
                from_account: l.from_account,
                to_account: l.to_account,
                listing_id: l.listing_id,
                minutes: l.minutes,
            })
            .collect(),
        note,
        deadline: now + hours * 3600,
        now,
    })
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
    let e = proposal(&ctx, b)?;
    let x = state.store.propose_exchange(&ctx.who(), &e).await?;
    Ok((StatusCode::CREATED, Json(exchange_json(&state, &ctx, &x).await?)).into_response())
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
    let user = ctx.user()?;
    let all = p.all.unwrap_or(false);
    if all && !manages(&ctx) {
        return Err(AppError::Forbidden);
    }
    let status = match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| FieldError::new("status", "exchange-status"))?),
    };
    let limit = page_limit(p.limit);
    let q = ExchangeQuery {
        account_id: if all { None } else { Some(user.account.id) },
        status,
        before: p.before,
        limit: limit + 1,
    };
    let found = state.store.list_exchanges(&q).await?;
    let reliability: BTreeMap<i64, Reliability> = state.store.reliability().await?.into_iter().collect();
    let mut items = Vec::with_capacity(found.len());
    for x in found.iter().take(limit as usize) {
        let reviews = state.store.exchange_reviews(x.id).await?;
        items.push(to_json(&ctx, x, &reliability, &reviews));
    }
    let next = if found.len() > limit as usize { items.last().map(|x| x.id) } else { None };
    Ok(Json(ExchangeListJson { items, next }))
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
    let x = visible(&state, &ctx, id).await?;
    Ok(Json(exchange_json(&state, &ctx, &x).await?))
}

/// What a party or manager may do to an exchange.
#[derive(Clone, Copy)]
pub enum Step {
    Confirm,
    Decline,
    Complete,
    Cancel,
}

/// Runs one step for the signed-in person: confirm and decline only for
/// oneself; complete and cancel for a party or a manager.
pub async fn step(state: &AppState, ctx: &Ctx, id: i64, s: Step) -> AppResult<Exchange> {
    let user = ctx.user()?;
    let x = visible(state, ctx, id).await?;
    let me = user.account.id;
    let (who, now) = (ctx.who(), ctx.now.as_second());
    let x = match s {
        Step::Confirm | Step::Decline if !x.is_party(me) => return Err(AppError::Forbidden),
        Step::Confirm => state.store.confirm_exchange(&who, x.id, me, now).await?,
        Step::Decline => state.store.decline_exchange(&who, x.id, me, now).await?,
        Step::Complete => state.store.complete_exchange(&who, x.id, now).await?,
        Step::Cancel => state.store.cancel_exchange(&who, x.id, now).await?,
    };
    // Listings change hands with the exchange.
    state.app.matches.touch();
    Ok(x)
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
    let x = step(&state, &ctx, id, Step::Confirm).await?;
    Ok(Json(exchange_json(&state, &ctx, &x).await?))
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
    let x = step(&state, &ctx, id, Step::Decline).await?;
    Ok(Json(exchange_json(&state, &ctx, &x).await?))
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
    let x = step(&state, &ctx, id, Step::Complete).await?;
    Ok(Json(exchange_json(&state, &ctx, &x).await?))
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
    let x = step(&state, &ctx, id, Step::Cancel).await?;
    Ok(Json(exchange_json(&state, &ctx, &x).await?))
}

/// Writes the signed-in person's review of `subject`.
pub async fn write_review(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    subject: i64,
    rating: i64,
    body: Option<&str>,
) -> AppResult<Exchange> {
    let user = ctx.user()?;
    let x = visible(state, ctx, id).await?;
    let mut errs = FieldErrors::new();
    let body = errs.take(v::optional("body", body, 2000)).flatten().unwrap_or_default();
    if !(1..=5).contains(&rating) {
        errs.push(FieldError::new("rating", "range").with("min", 1).with("max", 5));
    }
    errs.into_result(())?;
    let r = NewReview { author: user.account.id, subject, rating, body, now: ctx.now.as_second() };
    let x = state.store.review_exchange(&ctx.who(), x.id, &r).await?;
    // Reviews feed reliability, which ranks matches.
    state.app.matches.touch();
    Ok(x)
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
    let x = write_review(&state, &ctx, id, b.subject_account, b.rating, b.body.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(exchange_json(&state, &ctx, &x).await?)).into_response())
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
    let x = visible(&state, &ctx, id).await?;
    Ok(Json(state.store.exchange_reviews(x.id).await?.iter().map(ReviewJson::from).collect()))
}

#[utoipa::path(put, path = "/api/v1/listings/{id}/mark", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "mark-not-offer or mark-own-listing")))]
/// "I would take that": marks an offer you want. Exchange cycles are found
/// over these marks.
pub async fn mark_listing(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    state.store.mark_listing(user.account.id, id, "explicit", ctx.now.as_second()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/listings/{id}/mark", tag = "exchanges", params(("id" = i64, Path)),
    security(("bearer" = [])), responses((status = 204), (status = 401, body = ErrorBody)))]
/// Takes your mark back.
pub async fn unmark_listing(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    state.store.unmark_listing(user.account.id, id).await?;
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

/// Exchange cycles over everyone's "I would take that" marks
/// (`domain::exchanges::suggest_cycles`), with each party's time-bank
/// balance as the store holds it now; those `only` takes part in, or all.
pub async fn suggestions(
    state: &AppState,
    only: Option<i64>,
    max_cycle: usize,
    now: i64,
) -> AppResult<(Vec<portineria_domain::exchanges::Suggestion>, BTreeMap<i64, String>)> {
    use portineria_domain::exchanges::{Offer, suggest_cycles};
    let marks = state.store.listing_marks().await?;
    let markers: std::collections::BTreeSet<i64> = marks.iter().map(|(p, _)| *p).collect();
    // The marked offers, and every open offer of those who marked something.
    let marked: Vec<i64> = marks.iter().map(|(_, l)| *l).collect();
    let mut listings = state.store.listings_by_ids(&marked).await?;
    for p in &markers {
        let q = portineria_store::ListingQuery {
            direction: Some(portineria_domain::listings::Direction::Offer),
            status: Some(portineria_domain::listings::Status::Open),
            account_id: Some(*p),
            not_expired_at: now,
            limit: 200,
            ..Default::default()
        };
        listings.extend(state.store.list_listings(&q).await?);
    }
    listings.retain(|l| {
        l.status == portineria_domain::listings::Status::Open
            && l.direction == portineria_domain::listings::Direction::Offer
            && l.expires_at > now
    });
    listings.sort_unstable_by_key(|l| l.id);
    listings.dedup_by_key(|l| l.id);
    let titles: BTreeMap<i64, String> = listings.iter().map(|l| (l.id, l.title.clone())).collect();
    let offers: Vec<Offer> =
        listings.iter().map(|l| Offer { id: l.id, owner: l.account_id, value_minutes: l.value_minutes }).collect();
    let mut people: std::collections::BTreeSet<i64> = markers.clone();
    people.extend(offers.iter().map(|o| o.owner));
    let mut payers = BTreeMap::new();
    for p in people {
        let account = state.store.timebank_account_of("person", p).await?;
        payers.insert(p, portineria_store::person_side(account.as_ref(), p));
    }
    let reliable =
        state.store.reliability().await?.into_iter().filter(|(_, r)| r.is_reliable()).map(|(p, _)| p).collect();
    let found = suggest_cycles(&offers, &marks, &payers, &reliable, max_cycle);
    let mine =
        found.into_iter().filter(|s| only.is_none_or(|me| s.legs.iter().any(|l| l.from == me || l.to == me))).collect();
    Ok((mine, titles))
}

/// A suggested cycle as legs the API shows.
pub fn suggestion_legs(s: &portineria_domain::exchanges::Suggestion, titles: &BTreeMap<i64, String>) -> Vec<LegJson> {
    use portineria_domain::exchanges::Moves;
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
    let user = ctx.user()?;
    let all = p.all.unwrap_or(false);
    if all && !manages(&ctx) {
        return Err(AppError::Forbidden);
    }
    let max = p.max_cycle.unwrap_or(3);
    if max > 12 {
        return Err(FieldError::new("max_cycle", "range").with("min", 0).with("max", 12).into());
    }
    let (found, titles) =
        suggestions(&state, if all { None } else { Some(user.account.id) }, max, ctx.now.as_second()).await?;
    Ok(Json(
        found
            .iter()
            .map(|s| SuggestionJson {
                legs: suggestion_legs(s, &titles),
                items: s.items,
                closed_with_time: s.closed_with_time,
            })
            .collect(),
    ))
}
