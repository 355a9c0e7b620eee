//! `/api/v1/timebank`: accounts, transfers, statements, limits and
//! reversals of the time bank. The rule is `domain::ledger::transfer`, held
//! by the store's transaction and the database; these handlers parse,
//! authorise and call one store method each.
//!
//! A person's account opens the first time it is used. A person transfers
//! from their own account, an actor's owners from the actor's, managers from
//! the network's; nobody from another person's. Managers (of any hub: the
//! time bank is the network's) and administrators read any account, set
//! limits and reverse entries.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::openapi::csv_response;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_domain::cursor::page_limit;
use portineria_domain::ledger::{Entry, Limits};
use portineria_domain::policy::{Action, allows};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{NewTransfer, TimebankAccount};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct TimebankAccountJson {
    pub id: i64,
    /// person, actor or network.
    pub owner_kind: String,
    pub owner_id: Option<i64>,
    pub name: String,
    /// Minutes; negative when the account owes time.
    pub balance_minutes: i64,
    /// The credit limit: the lowest the balance may go.
    pub min_balance: i64,
    pub max_balance: i64,
}

impl From<&TimebankAccount> for TimebankAccountJson {
    fn from(a: &TimebankAccount) -> Self {
        TimebankAccountJson {
            id: a.id,
            owner_kind: a.owner_kind.clone(),
            owner_id: a.owner_id,
            name: a.name.clone(),
            balance_minutes: a.balance_minutes,
            min_balance: a.min_balance,
            max_balance: a.max_balance,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EntryJson {
    pub id: i64,
    pub from_account: i64,
    pub to_account: i64,
    pub minutes: i64,
    pub description: String,
    pub exchange_id: Option<i64>,
    /// The entry this one reverses.
    pub reverses: Option<i64>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The hash of the entry before it (the chain `portineria ledger verify` checks).
    pub prev_hash: String,
    pub hash: String,
}

impl From<&Entry> for EntryJson {
    fn from(e: &Entry) -> Self {
        EntryJson {
            id: e.id,
            from_account: e.from_account,
            to_account: e.to_account,
            minutes: e.minutes,
            description: e.description.clone(),
            exchange_id: e.exchange_id,
            reverses: e.reverses,
            created_at: jiff::Timestamp::from_second(e.created_at).map(|t| t.to_string()).unwrap_or_default(),
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StatementJson {
    pub account: TimebankAccountJson,
    /// Newest first.
    pub entries: Vec<EntryJson>,
    /// Pass as `before` for the next page; absent on the last.
    pub next: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct TransferBody {
    /// Default: your own account. An actor's for its owners (and managers),
    /// the network's for managers; never another person's.
    pub from_account: Option<i64>,
    /// The receiving account, or…
    pub to_account: Option<i64>,
    /// …the receiving person (their account opens if they have none).
    pub to_person: Option<i64>,
    /// Whole minutes, 1 to 6,000 (100 hours).
    pub minutes: i64,
    /// What the time paid for (1 to 200 characters).
    pub description: String,
    pub exchange_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct LimitsBody {
    /// Minutes, zero or below.
    pub min_balance: i64,
    /// Minutes, zero or above.
    pub max_balance: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct ReversalBody {
    /// Why (1 to 200 characters).
    pub description: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementParams {
    /// An entry id: entries before it.
    pub before: Option<i64>,
    /// At most this many (default 20, at most 100).
    pub limit: Option<u32>,
}

/// The signed-in person's account, opened on first use.
pub async fn own_account(state: &AppState, ctx: &Ctx) -> AppResult<TimebankAccount> {
    let user = ctx.user()?;
    person_account(state, ctx, user.account.id, &user.account.display_name).await
}

pub async fn person_account(state: &AppState, ctx: &Ctx, person: i64, name: &str) -> AppResult<TimebankAccount> {
    if let Some(a) = state.store.timebank_account_of("person", person).await? {
        return Ok(a);
    }
    let who = ctx.who();
    Ok(state
        .store
        .open_timebank_account(&who, "person", Some(person), name, Limits::PERSON, ctx.now.as_second())
        .await?)
}

/// Who may move time out of an account: a person out of their own; an
/// actor's owners (and managers) out of the actor's; managers out of the
/// network's. Nobody spends another person's time: a mistake is corrected
/// by a reversal.
pub async fn may_spend(state: &AppState, ctx: &Ctx, a: &TimebankAccount) -> AppResult<bool> {
    let user = ctx.user()?;
    Ok(match (a.owner_kind.as_str(), a.owner_id) {
        ("person", owner) => owner == Some(user.account.id),
        ("actor", Some(actor)) => {
            manages_timebank(ctx)?
                || state
                    .store
                    .actor_members(actor)
                    .await?
                    .iter()
                    .any(|m| m.account_id == user.account.id && m.role == "owner")
        }
        _ => manages_timebank(ctx)?,
    })
}

fn manages_timebank(ctx: &Ctx) -> AppResult<bool> {
    ctx.user()?;
    Ok(allows(&ctx.roles(), Action::ManageTimebank))
}

/// The account, if the signed-in person may read it (its owner, managers).
async fn readable(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<TimebankAccount> {
    let user = ctx.user()?;
    let account = state.store.timebank_account(id).await?.ok_or(AppError::NotFound)?;
    let own = account.owner_kind == "person" && account.owner_id == Some(user.account.id);
    if own || manages_timebank(ctx)? { Ok(account) } else { Err(AppError::Forbidden) }
}

fn description(errs: &mut FieldErrors, s: &str) -> Option<String> {
    errs.take(portineria_domain::validate::required("description", s, 200))
}

#[utoipa::path(get, path = "/api/v1/me/timebank", tag = "timebank", security(("bearer" = [])),
    responses((status = 200, body = TimebankAccountJson), (status = 401, body = ErrorBody)))]
/// Your time-bank account (opened the first time you ask).
pub async fn my_timebank(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<TimebankAccountJson>> {
    Ok(Json(TimebankAccountJson::from(&own_account(&state, &ctx).await?)))
}

#[utoipa::path(get, path = "/api/v1/timebank/accounts/{id}", tag = "timebank", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = TimebankAccountJson), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// An account: for its owner, managers and administrators.
pub async fn get_timebank_account(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<TimebankAccountJson>> {
    Ok(Json(TimebankAccountJson::from(&readable(&state, &ctx, id).await?)))
}

#[utoipa::path(get, path = "/api/v1/timebank/accounts/{id}/entries", tag = "timebank",
    params(("id" = i64, Path), StatementParams), security(("bearer" = [])),
    responses((status = 200, body = StatementJson), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// An account's statement, newest first.
pub async fn account_statement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<StatementParams>,
) -> AppResult<Json<StatementJson>> {
    let account = readable(&state, &ctx, id).await?;
    let limit = page_limit(p.limit);
    let entries = state.store.account_entries(id, p.before, limit + 1).await?;
    let more = entries.len() > limit as usize;
    let entries: Vec<EntryJson> = entries.iter().take(limit as usize).map(EntryJson::from).collect();
    let next = if more { entries.last().map(|e| e.id) } else { None };
    Ok(Json(StatementJson { account: TimebankAccountJson::from(&account), entries, next }))
}

#[utoipa::path(post, path = "/api/v1/timebank/transfers", tag = "timebank", request_body = TransferBody,
    security(("bearer" = [])),
    responses((status = 201, body = EntryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "transfer-to-self, transfer-credit-limit or transfer-highest-balance"),
        (status = 422, body = ErrorBody)))]
/// Moves minutes from your account (or an actor's you own, or for managers the network's) to another.
pub async fn create_transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<TransferBody>,
) -> AppResult<Response> {
    ctx.user()?;
    let mut errs = FieldErrors::new();
    if !(1..=6_000).contains(&b.minutes) {
        errs.push(FieldError::new("minutes", "range").with("min", 1).with("max", 6_000));
    }
    let text = description(&mut errs, &b.description);
    if b.to_account.is_some() == b.to_person.is_some() {
        errs.push(FieldError::new("to_account", "to-account-or-person"));
    }
    let Some(text) = text else { return Err(errs.into()) };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let from = match b.from_account {
        Some(id) => {
            let a = state.store.timebank_account(id).await?.ok_or(AppError::NotFound)?;
            if !may_spend(&state, &ctx, &a).await? {
                return Err(AppError::Forbidden);
            }
            a
        }
        None => own_account(&state, &ctx).await?,
    };
    let to = match (b.to_account, b.to_person) {
        (Some(id), _) => state.store.timebank_account(id).await?.ok_or(AppError::NotFound)?,
        (None, Some(person)) => {
            let p = state.store.account(person).await?.ok_or(AppError::NotFound)?;
            person_account(&state, &ctx, p.id, &p.display_name).await?
        }
        (None, None) => return Err(FieldError::new("to_account", "required").into()),
    };
    let t = NewTransfer {
        from_account: from.id,
        to_account: to.id,
        minutes: b.minutes,
        description: text,
        exchange_id: b.exchange_id,
        now: ctx.now.as_second(),
    };
    let entry = state.store.transfer(&ctx.who(), &t).await?;
    Ok((StatusCode::CREATED, Json(EntryJson::from(&entry))).into_response())
}

#[utoipa::path(put, path = "/api/v1/timebank/accounts/{id}/limits", tag = "timebank", params(("id" = i64, Path)),
    request_body = LimitsBody, security(("bearer" = [])),
    responses((status = 200, body = TimebankAccountJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "limits-exclude-balance"),
        (status = 422, body = ErrorBody)))]
/// Sets an account's credit limit and highest balance (managers, administrators).
pub async fn set_timebank_limits(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<LimitsBody>,
) -> AppResult<Json<TimebankAccountJson>> {
    if !manages_timebank(&ctx)? {
        return Err(AppError::Forbidden);
    }
    let mut errs = FieldErrors::new();
    if !(-60_000..=0).contains(&b.min_balance) {
        errs.push(FieldError::new("min_balance", "range").with("min", -60_000).with("max", 0));
    }
    if !(0..=60_000).contains(&b.max_balance) {
        errs.push(FieldError::new("max_balance", "range").with("min", 0).with("max", 60_000));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let limits = Limits { min_balance: b.min_balance, max_balance: b.max_balance };
    let a = state.store.set_timebank_limits(&ctx.who(), id, limits).await?;
    Ok(Json(TimebankAccountJson::from(&a)))
}

#[utoipa::path(post, path = "/api/v1/timebank/entries/{id}/reversal", tag = "timebank", params(("id" = i64, Path)),
    request_body = ReversalBody, security(("bearer" = [])),
    responses((status = 201, body = EntryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already-reversed, reversal-of-reversal or a limit"),
        (status = 422, body = ErrorBody)))]
/// Corrects an entry with its mirror entry (managers, administrators).
pub async fn reverse_entry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ReversalBody>,
) -> AppResult<Response> {
    if !manages_timebank(&ctx)? {
        return Err(AppError::Forbidden);
    }
    let mut errs = FieldErrors::new();
    let Some(text) = description(&mut errs, &b.description) else { return Err(errs.into()) };
    let entry = state.store.reverse_entry(&ctx.who(), id, &text, ctx.now.as_second()).await?;
    Ok((StatusCode::CREATED, Json(EntryJson::from(&entry))).into_response())
}

/// One line of a statement, as the page and the CSV show it.
pub struct StatementLine {
    pub id: i64,
    pub at: i64,
    pub description: String,
    /// The other account's name.
    pub with: String,
    /// Minutes in (positive) or out (negative) of this account.
    pub delta: i64,
    pub balance_after: i64,
    pub reversal: bool,
}

/// The newest `limit` lines of an account's statement (all with `None`),
/// each with the balance it left.
pub async fn statement_lines(
    state: &AppState,
    account: &TimebankAccount,
    limit: Option<usize>,
) -> AppResult<Vec<StatementLine>> {
    let mut names = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut before = None;
    let mut balance = account.balance_minutes;
    loop {
        let page = state.store.account_entries(account.id, before, 100).await?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        for e in page {
            if limit.is_some_and(|l| out.len() >= l) {
                return Ok(out);
            }
            let (delta, other) =
                if e.to_account == account.id { (e.minutes, e.from_account) } else { (-e.minutes, e.to_account) };
            if let std::collections::hash_map::Entry::Vacant(v) = names.entry(other) {
                let name = state.store.timebank_account(other).await?.map(|a| a.name).unwrap_or_default();
                v.insert(name);
            }
            out.push(StatementLine {
                id: e.id,
                at: e.created_at,
                description: e.description.clone(),
                with: names.get(&other).cloned().unwrap_or_default(),
                delta,
                balance_after: balance,
                reversal: e.reverses.is_some(),
            });
            balance -= delta;
        }
    }
    Ok(out)
}

/// A statement as CSV (RFC 4180; minutes signed; oldest first). A cell
/// that a spreadsheet would read as a formula is written with a leading `'`.
pub fn statement_csv(lines: &[StatementLine]) -> String {
    fn field(x: &str) -> String {
        let x = if x.starts_with(['=', '+', '-', '@']) { format!("'{x}") } else { x.to_owned() };
        if x.contains([',', '"', '\n', '\r']) { format!("\"{}\"", x.replace('"', "\"\"")) } else { x }
    }
    let mut out = String::from("entry_id,at_utc,description,with,minutes,balance_after,reversal\r\n");
    for l in lines.iter().rev() {
        let at = jiff::Timestamp::from_second(l.at).map(|t| t.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            l.id,
            at,
            field(&l.description),
            field(&l.with),
            l.delta,
            l.balance_after,
            l.reversal
        ));
    }
    out
}

#[utoipa::path(get, path = "/api/v1/timebank/accounts/{id}/entries.csv", tag = "timebank", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// An account's whole statement as CSV, oldest first, with the balance after each entry.
pub async fn account_statement_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let account = readable(&state, &ctx, id).await?;
    let lines = statement_lines(&state, &account, None).await?;
    Ok(csv_response(statement_csv(&lines), &format!("timebank-{id}.csv")))
}
