//! The exchanges' pages: "I would take that" and proposing an exchange from
//! a listing's page, a person's exchanges with what is theirs to do and the
//! cycles suggested to them, an exchange's page (confirm, decline,
//! complete, cancel, review), and the managers' monitoring. The rules are
//! `portineria_app::exchanges`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::fmt::signed_hours;
use crate::http::render::{Layout, redirect, render, render_status};
use crate::listings::pages::listing_page;
use crate::listings::words::{category_name, hours, parse_hours};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::exchanges::{self, Proposal, Review, Step};
use portineria_app::{Error, listings};
use portineria_domain::exchanges::{Moves, Status};
use portineria_store::NewLeg;
use serde::Deserialize;

/// "I would take that" from the listing's page.
pub async fn mark(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    match exchanges::mark(&state.app, &ctx.caller(), id).await {
        Ok(()) => Ok(redirect(&format!("/listings/{id}?done=marked"))),
        Err(Error::Conflict(code)) => {
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
    ctx.user()?;
    let mine = listings::get(&state.app, id).await?;
    let other_id: i64 = form.text("with").parse().map_err(|_| AppError::BadRequest("exchange-unknown-listing"))?;
    let other = listings::get(&state.app, other_id).await?;
    let minutes = match parse_hours(&form.text("hours")) {
        Ok(m) => m.unwrap_or(0),
        Err(()) => {
            let error = Some(ctx.tr.t("err-listing-hours"));
            return listing_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match exchanges::propose_match(&state.app, &ctx.caller(), &mine, &other, minutes, form.opt("note")).await {
        Ok(x) => Ok(proposed(&x)),
        Err(Error::Invalid(errs)) => {
            let error = errs.0.first().map(|f| ctx.tr.field_error(f));
            listing_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Error::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            listing_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// After a proposal from a page (the other parties' mail is queued with
/// it), the proposer sees it.
fn proposed(x: &portineria_store::Exchange) -> Response {
    redirect(&format!("/exchanges/{}?done=proposed", x.id))
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
    let me = ctx.caller().account_id()?;
    let mine = exchanges::mine(&state.app, &ctx.caller()).await?;
    let items = mine
        .exchanges
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
            waiting_for_me: exchanges::awaits(x, me),
        })
        .collect();
    let (cycles, titles) = (&mine.suggested.cycles, &mine.suggested.titles);
    let you = ctx.tr.t("exchange-you");
    let name = |a: i64| if a == me { you.clone() } else { mine.names.get(&a).cloned().unwrap_or_default() };
    let mut suggestions = Vec::new();
    for c in cycles {
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
            Some(NewLeg { from_account: from, to_account: to, listing_id, minutes })
        })();
        legs.push(parsed.ok_or(AppError::BadRequest("exchange-leg-moves"))?);
    }
    match exchanges::propose(&state.app, &ctx.caller(), Proposal { legs, note: None, deadline_hours: None }).await {
        Ok(x) => Ok(proposed(&x)),
        Err(Error::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            my_exchanges_page(&state, &ctx, error, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
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
    let caller = ctx.caller();
    let me = caller.account_id()?;
    let shown = exchanges::get(&state.app, &caller, id).await?;
    let x = &shown.exchange;
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
    let page = ExchangePage {
        l: Layout::new(state, ctx, ctx.tr.t1("exchange-title", "id", x.id.to_string()), "profile").await?,
        notice,
        error,
        id: x.id,
        status: ctx.tr.t(&format!("exchange-status-{}", x.status.as_str())),
        deadline: fmt::date_time_secs(x.deadline),
        note: x.note.clone(),
        legs,
        parties: x
            .parties
            .iter()
            .map(|p| {
                let r = shown.reliability_of(p.account_id);
                PartyLine {
                    name: p.display_name.clone(),
                    answer: ctx.tr.t(if p.confirmed_at.is_some() {
                        "exchange-confirmed"
                    } else if p.declined_at.is_some() {
                        "exchange-declined"
                    } else {
                        "exchange-waiting"
                    }),
                    rating: r
                        .average_tenths()
                        .map(|t| {
                            ctx.tr.t2(
                                "exchange-rating",
                                "rating",
                                format!("{},{}", t / 10, t % 10),
                                "reviews",
                                r.reviews,
                            )
                        })
                        .unwrap_or_default(),
                    reliable: r.is_reliable(),
                }
            })
            .collect(),
        may_answer: exchanges::awaits(x, me),
        may_finish: x.status == Status::Accepted,
        reviews_due: shown.reviews_due.iter().map(|a| (*a, name(*a))).collect(),
    };
    Ok(render_status(&page, status))
}

#[derive(Deserialize, Default)]
pub struct NoticeParams {
    pub done: Option<String>,
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
    let s = Step::parse(&action).ok_or(AppError::NotFound)?;
    match exchanges::step(&state.app, &ctx.caller(), id, s).await {
        Ok(_) => Ok(redirect(&format!("/exchanges/{id}?done={action}"))),
        Err(Error::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            exchange_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
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
    let r = Review { subject, rating: form.text("rating").parse().unwrap_or(0), body: form.opt("body") };
    match exchanges::review(&state.app, &ctx.caller(), id, &r).await {
        Ok(_) => Ok(redirect(&format!("/exchanges/{id}?done=review"))),
        Err(Error::Conflict(code)) => {
            let error = Some(ctx.tr.t(&format!("error-{code}")));
            exchange_page(&state, &ctx, id, None, error, StatusCode::CONFLICT).await
        }
        Err(Error::Invalid(errs)) => {
            let error = errs.0.first().map(|f| ctx.tr.field_error(f));
            exchange_page(&state, &ctx, id, None, error, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
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
    let m = exchanges::monitor(&state.app, &ctx.caller()).await?;
    let categories = listings::categories(&state.app).await?;
    let name = |id: Option<i64>| id.map(|c| category_name(&ctx.tr, &categories, c)).unwrap_or_else(|| "—".into());
    let st = &m.stats;
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
        unanswered: m.unanswered.iter().map(|(c, n)| (name(Some(*c)), *n)).collect(),
        accounts: m.totals.accounts,
        entries: m.totals.entries,
        moved: hours(Some(m.totals.moved_minutes)),
        balance_sum: signed_hours(m.totals.balance_sum),
    };
    Ok(render(&page))
}
