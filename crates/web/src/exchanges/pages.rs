//! The platform's pages: the board of offers and demands (search, filters),
//! posting a listing in a few fields, a listing with its best matches and
//! their reasons, proposing an exchange from a match, and a person's
//! exchanges with what is theirs to do (confirm, decline, complete, review).
//! The rules are the store's; these handlers share the API's helpers.

use crate::exchanges::api::{Step, exchange_json, proposal, step, visible, write_review};
use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::render::{Layout, redirect, render, render_status};
use crate::listings::pages::NoticeParams;
use crate::listings::pages::category_name;
use crate::listings::pages::hours;
use crate::listings::pages::listing_page;
use crate::listings::pages::parse_hours;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_domain::listings::Direction;
use portineria_store::{ExchangeQuery, StoreError};

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
    use crate::exchanges::api::{ExchangeBody, LegBody};
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
#[template(path = "exchanges/templates/my_exchanges.html")]
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
    let (cycles, titles) = crate::exchanges::api::suggestions(state, Some(me), 3, ctx.now.as_second()).await?;
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
    use crate::exchanges::api::{ExchangeBody, LegBody};
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
#[template(path = "exchanges/templates/exchange.html")]
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
#[template(path = "exchanges/templates/monitor.html")]
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
    if !portineria_domain::policy::allows(&ctx.roles(), portineria_domain::policy::Action::ManageTimebank) {
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
        balance_sum: crate::timebank::pages::signed_hours(totals.balance_sum),
    };
    Ok(render(&page))
}
