//! The pages of passes for members and hosts: my passes and vouchers, my
//! QR code, and the check-in desk of a site with who is in. The rules are
//! `portineria_app::passes`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::fmt::hours;
use crate::http::render::{Errors, Layout, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portineria_app::passes::{self, Leaving};

// ---- my passes, vouchers and code ---------------------------------------------
pub struct PassLine {
    pub name: String,
    pub valid: String,
    pub entries: Option<i64>,
    /// Trainings left (a membership that includes courses).
    pub trainings: Option<i64>,
    pub current: bool,
}

pub struct VoucherLine {
    pub name: String,
    pub balance: String,
    pub total: String,
    pub expires: String,
    pub shared: bool,
    pub uses: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "passes/templates/my_passes.html")]
struct MyPassesPage {
    l: Layout,
    passes: Vec<PassLine>,
    vouchers: Vec<VoucherLine>,
    stays: Vec<(String, String, String)>,
}

fn date_secs(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| fmt::local_date(t).strftime("%d/%m/%Y").to_string()).unwrap_or_default()
}

pub async fn my_passes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let caller = ctx.caller();
    let now = ctx.now.as_second();
    let index = state.sites().await?;
    let site_name = |id: Option<i64>| id.and_then(|i| index.get(i)).map(|s| s.name.clone()).unwrap_or_default();
    let passes = passes::my_passes(&state.app, &caller)
        .await?
        .into_iter()
        .map(|p| PassLine {
            valid: format!("{} – {}", date_secs(p.valid_from), date_secs(p.valid_until - 1)),
            current: p.valid_from <= now && now < p.valid_until,
            entries: p.entries_left,
            trainings: p.trainings_left,
            name: p.plan_name,
        })
        .collect();
    let vouchers = passes::my_vouchers(&state.app, &caller)
        .await?
        .into_iter()
        .map(|h| {
            let v = h.voucher;
            let uses = h
                .uses
                .iter()
                .rev()
                .map(|u| (fmt::date_time_secs(u.at), site_name(u.site_id), hours(u.minutes), hours(u.balance_after)))
                .collect();
            VoucherLine {
                balance: hours(v.balance_minutes),
                total: hours(v.minutes_total),
                expires: date_secs(v.expires_at - 1),
                shared: v.account_id != user.account.id || !v.members.is_empty(),
                name: v.plan_name,
                uses,
            }
        })
        .collect();
    let stays = passes::my_stays(&state.app, &caller, 20)
        .await?
        .iter()
        .map(|c| {
            let length = c.minutes.map(hours).unwrap_or_else(|| ctx.tr.t("stay-open"));
            (fmt::date_time_secs(c.checked_in_at), site_name(Some(c.site_id)), length)
        })
        .collect();
    let page =
        MyPassesPage { l: Layout::new(&state, &ctx, ctx.tr.t("my-passes"), "profile").await?, passes, vouchers, stays };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "passes/templates/my_qr.html")]
struct MyQrPage {
    l: Layout,
    code: String,
    expires: String,
    name: String,
}

pub async fn my_qr(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let (code, expires) = passes::my_code(&state.app, &ctx.caller()).await?;
    let page = MyQrPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("my-qr"), "profile").await?,
        code,
        expires: date_secs(expires - 1),
        name: user.account.display_name.clone(),
    };
    Ok(render(&page))
}

/// The person's code as an SVG image (never cached: it is personal).
pub async fn my_qr_svg(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (code, _) = passes::my_code(&state.app, &ctx.caller()).await?;
    let mut r = crate::passes::qr::svg(&code)?.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}

// ---- the check-in desk ----------------------------------------------------------
pub struct PresentLine {
    pub account_id: i64,
    pub name: String,
    pub since: String,
    pub via: String,
}

#[derive(Template)]
#[template(path = "passes/templates/desk.html")]
struct DeskPage {
    l: Layout,
    site_id: i64,
    site_name: String,
    notice: Option<String>,
    errors: Errors,
    code: String,
    present: Vec<PresentLine>,
    free_seats: Option<i64>,
}

async fn desk_page(
    state: &AppState,
    ctx: &Ctx,
    site_id: i64,
    notice: Option<String>,
    errors: Errors,
    code: String,
) -> AppResult<DeskPage> {
    let caller = ctx.caller();
    let site = passes::desk_site(&state.app, &caller, site_id).await?;
    let present: Vec<PresentLine> = passes::presence(&state.app, &caller, site_id)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(PresentLine {
                account_id: p.checkin.account_id?,
                name: p.display_name,
                since: jiff::Timestamp::from_second(p.checkin.checked_in_at).map(fmt::time).unwrap_or_default(),
                via: ctx.tr.t(if p.checkin.via == "voucher" { "via-voucher" } else { "via-pass" }),
            })
        })
        .collect();
    let free_seats = passes::free_seats_now(&state.app, &caller, &site).await?;
    Ok(DeskPage {
        l: Layout::new(state, ctx, ctx.tr.t1("desk-title", "site", site.name.clone()), "manage").await?,
        site_id,
        site_name: site.name,
        notice,
        errors,
        code,
        present,
        free_seats,
    })
}

pub async fn desk(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    Ok(render(&desk_page(&state, &ctx, id, None, Errors::default(), String::new()).await?))
}

/// The desk's one form: a code (scanned or typed) and "in" or "out"; or
/// "out" for someone on the presence list.
pub async fn desk_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let code = form.text("code");
    let out = form.text("action") == "out";
    let caller = ctx.caller();
    let leaving = match form.get("account_id").and_then(|a| a.trim().parse::<i64>().ok()) {
        Some(account) => Some(Leaving::Account(account)),
        None if out => Some(Leaving::Code(code.clone())),
        None => None,
    };
    let result = match leaving {
        Some(who) => passes::check_out(&state.app, &caller, id, Some(who)).await.map(|o| checkout_notice(&ctx, &o)),
        None => passes::check_in(&state.app, &caller, id, &code, None).await.map(|c| checkin_notice(&ctx, &c)),
    };
    let result = result.map_err(AppError::from);
    match result {
        Ok(notice) => Ok(render(&desk_page(&state, &ctx, id, Some(notice), Errors::default(), String::new()).await?)),
        Err(AppError::Invalid(fields)) => {
            let page = desk_page(&state, &ctx, id, None, Errors::from_fields(&ctx.tr, &fields), code).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e @ AppError::Conflict(_)) => {
            let page = desk_page(&state, &ctx, id, None, Errors::one("code", ctx.tr.t(&e.message_id())), code).await?;
            Ok(render_status(&page, StatusCode::CONFLICT))
        }
        Err(e) => Err(e),
    }
}

fn checkin_notice(ctx: &Ctx, c: &portineria_store::Checkin) -> String {
    ctx.tr.t(if c.via == "voucher" { "notice-checked-in-voucher" } else { "notice-checked-in-pass" })
}

fn checkout_notice(ctx: &Ctx, o: &portineria_store::Checkout) -> String {
    let c = &o.checkin;
    let mut s = ctx.tr.t1("notice-checked-out", "time", hours(c.minutes.unwrap_or(0)));
    if let Some(b) = o.balance_after {
        s.push(' ');
        s.push_str(&ctx.tr.t1("notice-voucher-left", "time", hours(b)));
    }
    if let Some(u) = c.uncovered_minutes.filter(|u| *u > 0) {
        s.push(' ');
        s.push_str(&ctx.tr.t1("notice-uncovered", "time", hours(u)));
    }
    s
}
