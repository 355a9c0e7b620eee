//! `/api/v1/timebank`: accounts, transfers, statements, limits and
//! reversals, over `portineria_app::timebank` (who may do what is said
//! there).

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::openapi::csv_response;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use crate::timebank::csv::statement_csv;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::Error;
use portineria_app::timebank::{self, Recipient, Transfer};
use portineria_domain::cursor::page_limit;
use portineria_domain::timebank::{Entry, Limits};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::TimebankAccount;
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

#[utoipa::path(get, path = "/api/v1/me/timebank", tag = "timebank", security(("bearer" = [])),
    responses((status = 200, body = TimebankAccountJson), (status = 401, body = ErrorBody)))]
/// Your time-bank account (opened the first time you ask).
pub async fn my_timebank(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<TimebankAccountJson>> {
    Ok(Json(TimebankAccountJson::from(&timebank::own_account(&state.app, &ctx.caller()).await?)))
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
    Ok(Json(TimebankAccountJson::from(&timebank::account(&state.app, &ctx.caller(), id).await?)))
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
    let s = timebank::statement(&state.app, &ctx.caller(), id, p.before, page_limit(p.limit)).await?;
    let entries = s.entries.iter().map(EntryJson::from).collect();
    Ok(Json(StatementJson { account: TimebankAccountJson::from(&s.account), entries, next: s.next }))
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
    let to = match (b.to_account, b.to_person) {
        (Some(id), None) => Recipient::Account(id),
        (None, Some(person)) => Recipient::Person(person),
        _ => {
            // Reported with whatever else is wrong with the body.
            let mut errs = FieldErrors::new();
            if let Err(Error::Invalid(e)) = timebank::check_transfer(b.minutes, &b.description) {
                errs = e;
            }
            errs.push(FieldError::new("to_account", "to-account-or-person"));
            return Err(errs.into());
        }
    };
    let t = Transfer {
        from: b.from_account,
        to,
        minutes: b.minutes,
        description: b.description,
        exchange_id: b.exchange_id,
    };
    let entry = timebank::transfer(&state.app, &ctx.caller(), t).await?;
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
    let limits = Limits { min_balance: b.min_balance, max_balance: b.max_balance };
    let a = timebank::set_limits(&state.app, &ctx.caller(), id, limits).await?;
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
    let entry = timebank::reverse(&state.app, &ctx.caller(), id, &b.description).await?;
    Ok((StatusCode::CREATED, Json(EntryJson::from(&entry))).into_response())
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
    let caller = ctx.caller();
    let account = timebank::account(&state.app, &caller, id).await?;
    let lines = timebank::statement_lines(&state.app, &account, None).await?;
    Ok(csv_response(statement_csv(&lines), &format!("timebank-{id}.csv")))
}
