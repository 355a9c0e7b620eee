//! The platform's pages: the board of offers and demands (search, filters),
//! posting a listing in a few fields, a listing with its best matches and
//! their reasons, proposing an exchange from a match, and a person's
//! exchanges with what is theirs to do (confirm, decline, complete, review).
//! The rules are the store's; these handlers share the API's helpers.

use super::{Errors, Layout, redirect, render, render_status};
use crate::api::exchanges::{Step, exchange_json, proposal, step, visible, write_review};
use crate::api::listings::{best_matches, category_json, reason_text};
use crate::ctx::{Ctx, FormData};
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_domain::listings::{Direction, ListingInput, Status, validate_listing};
use portineria_store::{Category, ExchangeQuery, Listing, ListingQuery, StoreError};
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

fn hours(minutes: Option<i64>) -> String {
    minutes.map(|m| format!("{}:{:02}", m / 60, m % 60)).unwrap_or_default()
}

fn category_name(ctx: &Ctx, categories: &[Category], id: i64) -> String {
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
#[template(path = "platform/board.html")]
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
            limit: if terms.is_empty() { 50 } else { crate::api::listings::CANDIDATES },
            ..Default::default()
        })
        .await?;
    let mut ranked: Vec<(u32, ListingLine)> = found
        .iter()
        .filter_map(|l| {
            if terms.is_empty() {
                return Some((0, line(&ctx, &categories, l, String::new())));
            }
            let (score, snippet) = crate::api::listings::text_match(l, &terms)?;
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
#[template(path = "platform/listing_form.html")]
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
fn parse_hours(s: &str) -> Result<Option<i64>, ()> {
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
            state.matches.touch();
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
#[template(path = "platform/listing.html")]
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

async fn listing_page(
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

/// "I would take that" from the listing's page.
pub async fn mark(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    let user = ctx.user()?;
    match state.store.mark_listing(user.account.id, id, "explicit", ctx.now.as_second()).await {
        Ok(()) => Ok(redirect(&format!("/listings/{id}?done=marked"))),
        Err(StoreError::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            listing_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Proposes the exchange of a match: the offer goes to whoever asked, who
/// pays the minutes given (none: a gift or a swap).
pub async fn propose(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    use crate::api::exchanges::{ExchangeBody, LegBody};
    ctx.user()?;
    let mine = state.store.listing(id).await?.ok_or(AppError::NotFound)?;
    let other_id: i64 = form.text("with").parse().map_err(|_| AppError::BadRequest("exchange-unknown-listing"))?;
    let other = state.store.listing(other_id).await?.ok_or(AppError::NotFound)?;
    let (offer, demand) = match mine.direction {
        Direction::Offer => (&mine, &other),
        Direction::Demand => (&other, &mine),
    };
    let minutes = match parse_hours(&form.text("hours")) {
        Ok(m) => m.unwrap_or(0),
        Err(()) => {
            let error = Some(ctx.tr.t("err-listing-hours"));
            return listing_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (giver, receiver) = (offer.account_id, demand.account_id);
    let mut legs = vec![
        LegBody { from_account: giver, to_account: receiver, listing_id: Some(offer.id), minutes: None },
        LegBody { from_account: giver, to_account: receiver, listing_id: Some(demand.id), minutes: None },
    ];
    if minutes > 0 {
        legs.push(LegBody { from_account: receiver, to_account: giver, listing_id: None, minutes: Some(minutes) });
    }
    let body = ExchangeBody { legs, note: form.opt("note"), deadline_hours: None };
    let e = match proposal(&ctx, body) {
        Ok(e) => e,
        Err(AppError::Invalid(errs)) => {
            let error = errs.0.first().map(|f| ctx.tr.field_error(f));
            return listing_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e),
    };
    match submit(&state, &ctx, &e).await? {
        Ok(to) => Ok(to),
        Err(error) => listing_page(&state, &ctx, id, None, Some(error), StatusCode::CONFLICT).await,
    }
}

/// Proposes an exchange from a page: the way to it, told to the other
/// parties, or the refusal in the person's language.
async fn submit(state: &AppState, ctx: &Ctx, e: &portineria_store::NewExchange) -> AppResult<Result<Response, String>> {
    match state.store.propose_exchange(&ctx.who(), e).await {
        Ok(x) => Ok(Ok(redirect(&format!("/exchanges/{}?done=proposed", x.id)))),
        Err(StoreError::Conflict(code)) => Ok(Err(ctx.tr.t(&format!("error-{code}")))),
        Err(e) => Err(e.into()),
    }
}

/// An exchange as a list shows it.
pub struct ExchangeLine {
    pub id: i64,
    pub status: String,
    pub with: String,
    pub what: String,
    pub when: String,
    /// The caller's yes is awaited.
    pub waiting_for_me: bool,
}

/// A cycle suggested over the marks, as the page shows it.
pub struct SuggestionLine {
    pub legs: Vec<LegLine>,
    /// The legs as the proposal form sends them back.
    pub encoded: String,
    pub closed_with_time: bool,
}

#[derive(Template)]
#[template(path = "platform/my_exchanges.html")]
struct MyExchangesPage {
    l: Layout,
    error: Option<String>,
    items: Vec<ExchangeLine>,
    suggestions: Vec<SuggestionLine>,
}

fn what(ctx: &Ctx, x: &portineria_store::Exchange) -> String {
    let mut parts: Vec<String> = x.legs.iter().filter(|l| !l.title.is_empty()).map(|l| l.title.clone()).collect();
    parts.dedup();
    if x.minutes > 0 {
        parts.push(ctx.tr.t1("exchange-minutes", "hours", hours(Some(x.minutes))));
    }
    parts.join(" · ")
}

pub async fn my_exchanges(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    my_exchanges_page(&state, &ctx, None, StatusCode::OK).await
}

async fn my_exchanges_page(
    state: &AppState,
    ctx: &Ctx,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    use portineria_domain::exchanges::Moves;
    let user = ctx.user()?;
    let me = user.account.id;
    let found =
        state.store.list_exchanges(&ExchangeQuery { account_id: Some(me), limit: 100, ..Default::default() }).await?;
    let items = found
        .iter()
        .map(|x| ExchangeLine {
            id: x.id,
            status: ctx.tr.t(&format!("exchange-status-{}", x.status.as_str())),
            with: x
                .parties
                .iter()
                .filter(|p| p.account_id != me)
                .map(|p| p.display_name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            what: what(ctx, x),
            when: fmt::date_time_secs(x.created_at),
            waiting_for_me: x.status == portineria_domain::exchanges::Status::Proposed
                && x.parties.iter().any(|p| p.account_id == me && p.confirmed_at.is_none() && p.declined_at.is_none()),
        })
        .collect();
    let (cycles, titles) = crate::api::exchanges::suggestions(state, Some(me), 3, ctx.now.as_second()).await?;
    // Each person's name, read once.
    let mut names: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    names.insert(me, ctx.tr.t("exchange-you"));
    for c in &cycles {
        for a in c.legs.iter().flat_map(|l| [l.from, l.to]) {
            if let std::collections::hash_map::Entry::Vacant(v) = names.entry(a) {
                v.insert(state.store.account(a).await?.map(|x| x.display_name).unwrap_or_default());
            }
        }
    }
    let name = |a: i64| names.get(&a).cloned().unwrap_or_default();
    let mut suggestions = Vec::new();
    for c in &cycles {
        let mut legs = Vec::new();
        let mut encoded = Vec::new();
        for l in &c.legs {
            let (what, listing_id, code) = match l.moves {
                Moves::Listing { id, .. } => (titles.get(&id).cloned().unwrap_or_default(), Some(id), format!("L{id}")),
                Moves::Minutes(m) => (ctx.tr.t1("exchange-minutes", "hours", hours(Some(m))), None, format!("M{m}")),
            };
            encoded.push(format!("{}>{}:{code}", l.from, l.to));
            legs.push(LegLine { from: name(l.from), to: name(l.to), what, listing_id });
        }
        suggestions.push(SuggestionLine { legs, encoded: encoded.join(";"), closed_with_time: c.closed_with_time });
    }
    let page = MyExchangesPage {
        l: Layout::new(state, ctx, ctx.tr.t("exchanges-title"), "profile").await?,
        error,
        items,
        suggestions,
    };
    Ok(render_status(&page, status))
}

/// Proposes a suggested cycle (its legs as the page wrote them).
pub async fn propose_suggested(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    use crate::api::exchanges::{ExchangeBody, LegBody};
    ctx.user()?;
    let mut legs = Vec::new();
    for part in form.text("legs").split(';').filter(|p| !p.is_empty()) {
        let parsed = (|| {
            let (ends, what) = part.split_once(':')?;
            let (from, to) = ends.split_once('>')?;
            let (from, to) = (from.parse().ok()?, to.parse().ok()?);
            let (listing_id, minutes) = match what.split_at_checked(1)? {
                ("L", id) => (Some(id.parse().ok()?), None),
                ("M", m) => (None, Some(m.parse().ok()?)),
                _ => return None,
            };
            Some(LegBody { from_account: from, to_account: to, listing_id, minutes })
        })();
        legs.push(parsed.ok_or(AppError::BadRequest("exchange-leg-moves"))?);
    }
    let e = proposal(&ctx, ExchangeBody { legs, note: None, deadline_hours: None })?;
    match submit(&state, &ctx, &e).await? {
        Ok(to) => Ok(to),
        Err(error) => my_exchanges_page(&state, &ctx, Some(error), StatusCode::CONFLICT).await,
    }
}

pub struct LegLine {
    pub from: String,
    pub to: String,
    pub what: String,
    pub listing_id: Option<i64>,
}

pub struct PartyLine {
    pub name: String,
    pub answer: String,
    pub rating: String,
    pub reliable: bool,
}

#[derive(Template)]
#[template(path = "platform/exchange.html")]
struct ExchangePage {
    l: Layout,
    notice: Option<String>,
    error: Option<String>,
    id: i64,
    status: String,
    deadline: String,
    note: String,
    legs: Vec<LegLine>,
    parties: Vec<PartyLine>,
    may_answer: bool,
    may_finish: bool,
    /// `(account id, name)` of the people the caller may still review.
    reviews_due: Vec<(i64, String)>,
}

async fn exchange_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let me = user.account.id;
    let x = visible(state, ctx, id).await?;
    let j = exchange_json(state, ctx, &x).await?;
    let name = |account: i64| {
        x.parties.iter().find(|p| p.account_id == account).map(|p| p.display_name.clone()).unwrap_or_default()
    };
    let mut legs: Vec<LegLine> = Vec::new();
    for l in &x.legs {
        let what = match l.minutes {
            Some(m) => ctx.tr.t1("exchange-minutes", "hours", hours(Some(m))),
            None => l.title.clone(),
        };
        // An offer and the demand it answers travel together: one line.
        if l.minutes.is_none()
            && let Some(o) = legs
                .iter_mut()
                .find(|o| o.listing_id.is_some() && o.from == name(l.from_account) && o.to == name(l.to_account))
        {
            o.what = format!("{} · {}", o.what, l.title);
            continue;
        }
        legs.push(LegLine { from: name(l.from_account), to: name(l.to_account), what, listing_id: l.listing_id });
    }
    let party = x.parties.iter().find(|p| p.account_id == me);
    let page = ExchangePage {
        l: Layout::new(state, ctx, ctx.tr.t1("exchange-title", "id", x.id.to_string()), "profile").await?,
        notice,
        error,
        id: x.id,
        status: ctx.tr.t(&format!("exchange-status-{}", x.status.as_str())),
        deadline: fmt::date_time_secs(x.deadline),
        note: x.note.clone(),
        legs,
        parties: j
            .parties
            .iter()
            .map(|p| PartyLine {
                name: p.display_name.clone(),
                answer: ctx.tr.t(if p.confirmed {
                    "exchange-confirmed"
                } else if p.declined {
                    "exchange-declined"
                } else {
                    "exchange-waiting"
                }),
                rating: p
                    .rating_tenths
                    .map(|r| {
                        ctx.tr.t2("exchange-rating", "rating", format!("{},{}", r / 10, r % 10), "reviews", p.reviews)
                    })
                    .unwrap_or_default(),
                reliable: p.reliable,
            })
            .collect(),
        may_answer: x.status == portineria_domain::exchanges::Status::Proposed
            && party.is_some_and(|p| p.confirmed_at.is_none() && p.declined_at.is_none()),
        may_finish: x.status == portineria_domain::exchanges::Status::Accepted,
        reviews_due: j.reviews_due.iter().map(|a| (*a, name(*a))).collect(),
    };
    Ok(render_status(&page, status))
}

pub async fn exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<NoticeParams>,
) -> AppResult<Response> {
    let notice =
        q.done.as_deref().filter(|d| ["proposed", "confirm", "decline", "complete", "cancel", "review"].contains(d));
    let notice = notice.map(|d| ctx.tr.t(&format!("exchange-done-{d}")));
    exchange_page(&state, &ctx, id, notice, None, StatusCode::OK).await
}

/// Confirm, decline, complete or cancel, from the exchange's page.
pub async fn exchange_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(i64, String)>,
    _form: FormData,
) -> AppResult<Response> {
    let s = match action.as_str() {
        "confirm" => Step::Confirm,
        "decline" => Step::Decline,
        "complete" => Step::Complete,
        "cancel" => Step::Cancel,
        _ => return Err(AppError::NotFound),
    };
    match step(&state, &ctx, id, s).await {
        Ok(_) => Ok(redirect(&format!("/exchanges/{id}?done={action}"))),
        Err(AppError::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            exchange_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e),
    }
}

/// A review from the exchange's page.
pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let subject: i64 = form.text("subject").parse().map_err(|_| AppError::BadRequest("review-not-counterpart"))?;
    let rating: i64 = form.text("rating").parse().unwrap_or(0);
    let body = form.opt("body");
    match write_review(&state, &ctx, id, subject, rating, body.as_deref()).await {
        Ok(_) => Ok(redirect(&format!("/exchanges/{id}?done=review"))),
        Err(AppError::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            exchange_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(AppError::Invalid(errs)) => {
            let error = errs.0.first().map(|f| ctx.tr.field_error(f));
            exchange_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// One row of the monitoring table.
pub struct MonthLine {
    pub month: String,
    pub category: String,
    pub proposed: u32,
    pub done: u32,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "platform/monitor.html")]
struct MonitorPage {
    l: Layout,
    proposed: u32,
    done: u32,
    failed: u32,
    completion: String,
    hours: String,
    rows: Vec<MonthLine>,
    unanswered: Vec<(String, i64)>,
    accounts: i64,
    entries: i64,
    moved: String,
    balance_sum: String,
}

/// The managers' monitoring of the platform over the last twelve months:
/// exchanges per category and month, completion rate, hours exchanged,
/// categories with demands and no offer, and the time bank's totals.
pub async fn monitor(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.user()?;
    if !portineria_domain::policy::allows(&ctx.actor(), portineria_domain::policy::Action::ManageTimebank) {
        return Err(AppError::Forbidden);
    }
    let now = ctx.now.as_second();
    let facts = state.store.exchange_facts(now - 366 * 86_400, now + 1).await?;
    let facts: Vec<_> = facts.iter().map(|f| f.fact()).collect();
    let st = portineria_domain::exchanges::stats(&facts);
    let categories = state.store.categories().await?;
    let name = |id: Option<i64>| id.map(|c| category_name(&ctx, &categories, c)).unwrap_or_else(|| "—".into());
    let totals = state.store.ledger_totals().await?;
    let page = MonitorPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("monitor-title"), "manage").await?,
        proposed: st.proposed,
        done: st.done,
        failed: st.failed,
        completion: st.completion_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into()),
        hours: hours(Some(st.minutes)),
        rows: st
            .rows
            .iter()
            .map(|r| MonthLine {
                month: r.month.clone(),
                category: name(r.category),
                proposed: r.proposed,
                done: r.done,
                hours: hours(Some(r.minutes)),
            })
            .collect(),
        unanswered: state
            .store
            .unanswered_categories(now, 10)
            .await?
            .into_iter()
            .map(|(c, n)| (name(Some(c)), n))
            .collect(),
        accounts: totals.accounts,
        entries: totals.entries,
        moved: hours(Some(totals.moved_minutes)),
        balance_sum: crate::pages::timebank::signed_hours(totals.balance_sum),
    };
    Ok(render(&page))
}
