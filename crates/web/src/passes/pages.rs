//! The diffuse coworking's pages for members and hosts: booking a place
//! (one day's free seats and a form, weekly too), my bookings, my passes and
//! vouchers, my QR code, and the check-in desk of a site with who is in.
//! The rules are the API's (`api::bookings`, `api::passes`).

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::fmt::hours;
use crate::http::render::{Errors, Layout, render, render_status};
use crate::passes::api as pass_api;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portineria_domain::passes::Charge;

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
    let now = ctx.now.as_second();
    let index = state.sites().await?;
    let site_name = |id: Option<i64>| id.and_then(|i| index.get(i)).map(|s| s.name.clone()).unwrap_or_default();
    let passes = state
        .store
        .account_passes(user.account.id)
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
    let mut vouchers = Vec::new();
    for v in state.store.account_vouchers(user.account.id).await? {
        let uses = state
            .store
            .voucher_uses(v.id)
            .await?
            .iter()
            .rev()
            .map(|u| (fmt::date_time_secs(u.at), site_name(u.site_id), hours(u.minutes), hours(u.balance_after)))
            .collect();
        vouchers.push(VoucherLine {
            name: v.plan_name.clone(),
            balance: hours(v.balance_minutes),
            total: hours(v.minutes_total),
            expires: date_secs(v.expires_at - 1),
            shared: v.account_id != user.account.id || !v.members.is_empty(),
            uses,
        });
    }
    let stays = state
        .store
        .account_checkins(user.account.id, 20)
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
    let (code, expires) = pass_api::my_code(&state, &ctx).await?;
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
    let (code, _) = pass_api::my_code(&state, &ctx).await?;
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
    let site = pass_api::desk_site(state, ctx, site_id).await?;
    let present: Vec<PresentLine> = state
        .store
        .presence(site_id)
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
    let free_seats = free_seats_now(state, &site, ctx.now.as_second()).await?;
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

/// Desk seats free now at a site: its bookable desk pools' seats less the
/// larger of the people checked in and the pool seats booked for this
/// instant (most people who booked are also the ones checked in). `None`
/// when the site has no desk pool.
pub async fn free_seats_now(state: &AppState, site: &portineria_store::Site, now: i64) -> AppResult<Option<i64>> {
    let index = state.sites().await?;
    let places = index.places(state.store.as_ref(), site.id).await?;
    let seats: i64 = places.iter().filter(|p| p.kind.is_pool() && p.bookable).map(|p| p.capacity).sum();
    if seats == 0 {
        return Ok(None);
    }
    let (present, booked) = state.app.live.occupancy(state.store.as_ref(), site.id, now).await?;
    Ok(Some((seats - present.max(booked)).max(0)))
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
    let result = if let Some(account) = form.get("account_id").and_then(|a| a.trim().parse::<i64>().ok()) {
        pass_api::check_out(&state, &ctx, id, account).await.map(|o| checkout_notice(&ctx, &o))
    } else if out {
        match crate::passes::qr::person(&state, &code, ctx.now.as_second()).await {
            Ok(person) => pass_api::check_out(&state, &ctx, id, person).await.map(|o| checkout_notice(&ctx, &o)),
            Err(e) => Err(e),
        }
    } else {
        pass_api::check_in(&state, &ctx, id, &code, None::<Charge>).await.map(|c| checkin_notice(&ctx, &c))
    };
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
