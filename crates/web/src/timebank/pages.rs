//! The time bank's page for a person: the balance and its limits, a form to
//! send time to someone, the statement and its CSV. The rule and the
//! transaction are the store's; the API module shares its helpers.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::AppResult;
use crate::http::fmt;
use crate::http::fmt::signed_hours;
use crate::http::openapi::csv_response;
use crate::http::render::{Errors, Layout, redirect, render_status};
use crate::state::AppState;
use crate::timebank::csv::statement_csv;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::Error;
use portineria_app::timebank::{self, Recipient, Transfer};
use portineria_domain::{FieldErrors, validate as v};

pub struct EntryLine {
    pub when: String,
    pub description: String,
    pub with: String,
    pub amount: String,
    pub reversal: bool,
}

#[derive(Template)]
#[template(path = "timebank/templates/my_timebank.html")]
struct MyTimebankPage {
    l: Layout,
    notice: Option<String>,
    balance: String,
    min: String,
    max: String,
    errors: Errors,
    form_to: String,
    form_minutes: String,
    form_description: String,
    send_action: String,
    lines: Vec<EntryLine>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneParams {
    pub done: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    errors: Errors,
    form: Option<&FormData>,
    status: StatusCode,
) -> AppResult<Response> {
    let account = timebank::own_account(&state.app, &ctx.caller()).await?;
    let lines = timebank::statement_lines(&state.app, &account, Some(50))
        .await?
        .into_iter()
        .map(|l| EntryLine {
            when: fmt::date_time_secs(l.at),
            description: l.description,
            with: l.with,
            amount: signed_hours(l.delta),
            reversal: l.reversal,
        })
        .collect();
    let text = |name: &str| form.map(|f| f.text(name)).unwrap_or_default();
    let p = MyTimebankPage {
        l: Layout::new(state, ctx, ctx.tr.t("timebank-title"), "profile").await?,
        notice,
        balance: signed_hours(account.balance_minutes),
        min: signed_hours(account.min_balance),
        max: signed_hours(account.max_balance),
        errors,
        form_to: text("to"),
        form_minutes: text("minutes"),
        form_description: text("description"),
        send_action: "/me/timebank/transfers".into(),
        lines,
    };
    Ok(render_status(&p, status))
}

pub async fn my_timebank(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DoneParams>) -> AppResult<Response> {
    ctx.user()?;
    let notice = (q.done.as_deref() == Some("sent")).then(|| ctx.tr.t("timebank-sent"));
    page(&state, &ctx, notice, Errors::default(), None, StatusCode::OK).await
}

/// Sends time from the account `from` (the caller's own with `None`) to
/// the person whose address the form gives: `Err` with the errors to show
/// next to the fields and the status to show them with. The time bank's
/// send form, on a person's page and on an actor's.
pub async fn send_from(
    state: &AppState,
    ctx: &Ctx,
    from: Option<i64>,
    form: &FormData,
) -> AppResult<Result<(), (Errors, StatusCode)>> {
    let mut errs = FieldErrors::new();
    let to = errs.take(v::email("to", &form.text("to")));
    let minutes = errs.take(v::integer("minutes", &form.text("minutes"), 1, timebank::MAX_TRANSFER_MINUTES));
    let description = errs.take(v::required("description", &form.text("description"), 200));
    let (Some(to), Some(minutes), Some(description)) = (to, minutes, description) else {
        return Ok(Err((Errors::from_fields(&ctx.tr, &errs), StatusCode::UNPROCESSABLE_ENTITY)));
    };
    let t = Transfer { from, to: Recipient::Email(to), minutes, description, exchange_id: None };
    match timebank::transfer(&state.app, &ctx.caller(), t).await {
        Ok(_) => Ok(Ok(())),
        Err(Error::Invalid(errs)) => Ok(Err((Errors::from_fields(&ctx.tr, &errs), StatusCode::UNPROCESSABLE_ENTITY))),
        Err(Error::Conflict(code)) => {
            let field = if code == "transfer-to-self" { "to" } else { "minutes" };
            Ok(Err((Errors::one(field, ctx.tr.t(&format!("error-{code}"))), StatusCode::CONFLICT)))
        }
        Err(e) => Err(e.into()),
    }
}

/// Sends time to the person with the address given.
pub async fn send(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    ctx.user()?;
    match send_from(&state, &ctx, None, &form).await? {
        Ok(()) => Ok(redirect("/me/timebank?done=sent")),
        Err((errors, status)) => page(&state, &ctx, None, errors, Some(&form), status).await,
    }
}

/// The whole statement as CSV.
pub async fn my_timebank_csv(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let account = timebank::own_account(&state.app, &ctx.caller()).await?;
    let lines = timebank::statement_lines(&state.app, &account, None).await?;
    Ok(csv_response(statement_csv(&lines), "banca-del-tempo.csv"))
}
