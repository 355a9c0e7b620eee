//! `/api/v1` plans, sales, passes, hour vouchers, the check-in desk,
//! presence and settlement, over `portineria_app::passes` (who may do what,
//! and the rules, are said there and in `domain::passes`).

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::paging;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::passes::{self, Leaving, SaleRequest, Settlement, VoucherHistory};
use portineria_domain::FieldError;
use portineria_domain::cursor::page_limit;
use portineria_domain::passes::{Charge, PlanInput, SaleInput};
use portineria_store::{Checkin, Pass, Payment, Plan, Sale, Voucher, VoucherUse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

// ---- wire types -----------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct PlanJson {
    pub id: i64,
    /// `null`: a network-wide plan, sold by any hub.
    pub hub_id: Option<i64>,
    pub name: String,
    pub description: String,
    /// day, entries, monthly, annual, membership, premium, course, hours.
    pub kind: String,
    pub price_cents: i64,
    pub valid_days: i64,
    pub entries: Option<i64>,
    /// Minutes of an hours plan (an hour voucher).
    pub minutes: Option<i64>,
    /// Trainings (courses and events included in memberships) each pass pays for.
    pub trainings: Option<i64>,
    /// A per-course membership: the course its passes pay for.
    pub course_id: Option<i64>,
    /// Sites covered; empty: every site of the hub (or of the network).
    pub site_ids: Vec<i64>,
    /// Kinds of place a holder may book (desk_pool, meeting_room, …); empty: every kind.
    pub place_kinds: Vec<String>,
    pub active: bool,
}

impl From<&Plan> for PlanJson {
    fn from(p: &Plan) -> Self {
        PlanJson {
            id: p.id,
            hub_id: p.hub_id,
            name: p.name.clone(),
            description: p.description.clone(),
            kind: p.kind.as_str().into(),
            price_cents: p.price_cents,
            valid_days: p.valid_days,
            entries: p.entries,
            minutes: p.minutes,
            trainings: p.trainings,
            course_id: p.course_id,
            site_ids: p.sites.clone(),
            place_kinds: p.place_kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            active: p.active,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct PlanBody {
    /// Omit for a network-wide plan (administrators only).
    pub hub_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub kind: String,
    pub price_cents: i64,
    /// Default: the kind's usual validity.
    pub valid_days: Option<i64>,
    /// Required for `entries`.
    pub entries: Option<i64>,
    /// Required for `hours`: the voucher's minutes.
    pub minutes: Option<i64>,
    /// A membership that includes this many trainings (1–500).
    pub trainings: Option<i64>,
    /// A per-course membership (kind `course`): the course it pays for.
    pub course_id: Option<i64>,
    pub site_ids: Option<Vec<i64>>,
    /// Kinds of place a holder may book; empty or missing: every kind.
    pub place_kinds: Option<Vec<String>>,
    pub active: Option<bool>,
}

impl From<PlanBody> for PlanInput {
    fn from(b: PlanBody) -> Self {
        PlanInput {
            hub_id: b.hub_id,
            name: b.name,
            description: b.description,
            kind: b.kind,
            price_cents: b.price_cents,
            valid_days: b.valid_days,
            entries: b.entries,
            minutes: b.minutes,
            trainings: b.trainings,
            course_id: b.course_id,
            site_ids: b.site_ids.unwrap_or_default(),
            place_kinds: b.place_kinds.unwrap_or_default(),
            active: b.active,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PassJson {
    pub id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub kind: String,
    pub account_id: i64,
    /// The hub that sold it.
    pub hub_id: i64,
    /// RFC 3339 in UTC; the window is `[valid_from, valid_until)`.
    pub valid_from: String,
    pub valid_until: String,
    pub entries_left: Option<i64>,
    /// Trainings it still pays for.
    pub trainings_left: Option<i64>,
    /// A per-course membership's course.
    pub course_id: Option<i64>,
}

impl From<&Pass> for PassJson {
    fn from(p: &Pass) -> Self {
        PassJson {
            id: p.id,
            plan_id: p.plan_id,
            plan_name: p.plan_name.clone(),
            kind: p.kind.as_str().into(),
            account_id: p.account_id,
            hub_id: p.hub_id,
            valid_from: utc(p.valid_from),
            valid_until: utc(p.valid_until),
            entries_left: p.entries_left,
            trainings_left: p.trainings_left,
            course_id: p.course_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoucherUseJson {
    pub at: String,
    pub site_id: Option<i64>,
    pub minutes: i64,
    pub balance_after: i64,
}

impl From<&VoucherUse> for VoucherUseJson {
    fn from(u: &VoucherUse) -> Self {
        VoucherUseJson { at: utc(u.at), site_id: u.site_id, minutes: u.minutes, balance_after: u.balance_after }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoucherJson {
    pub id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    /// The holder.
    pub account_id: i64,
    /// Others who may spend it.
    pub member_ids: Vec<i64>,
    /// The hub that sold it.
    pub hub_id: i64,
    pub minutes_total: i64,
    pub balance_minutes: i64,
    pub valid_from: String,
    pub expires_at: String,
    /// Every debit, oldest first (only where asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<Vec<VoucherUseJson>>,
}

impl From<&Voucher> for VoucherJson {
    fn from(v: &Voucher) -> Self {
        VoucherJson {
            id: v.id,
            plan_id: v.plan_id,
            plan_name: v.plan_name.clone(),
            account_id: v.account_id,
            member_ids: v.members.clone(),
            hub_id: v.hub_id,
            minutes_total: v.minutes_total,
            balance_minutes: v.balance_minutes,
            valid_from: utc(v.valid_from),
            expires_at: utc(v.expires_at),
            uses: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PaymentJson {
    pub id: i64,
    pub account_id: Option<i64>,
    pub account_email: String,
    pub hub_id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub amount_cents: i64,
    /// cash, transfer, pos, online.
    pub method: String,
    /// paid, pending, failed.
    pub status: String,
    pub reference: String,
    pub created_at: String,
}

impl From<&Payment> for PaymentJson {
    fn from(p: &Payment) -> Self {
        PaymentJson {
            id: p.id,
            account_id: p.account_id,
            account_email: p.account_label.clone(),
            hub_id: p.hub_id,
            plan_id: p.plan_id,
            plan_name: p.plan_name.clone(),
            amount_cents: p.amount_cents,
            method: p.method.clone(),
            status: p.status.clone(),
            reference: p.reference.clone(),
            created_at: utc(p.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SaleJson {
    pub payment: PaymentJson,
    pub pass: Option<PassJson>,
    pub voucher: Option<VoucherJson>,
}

impl From<&Sale> for SaleJson {
    fn from(s: &Sale) -> Self {
        SaleJson {
            payment: PaymentJson::from(&s.payment),
            pass: s.pass.as_ref().map(PassJson::from),
            voucher: s.voucher.as_ref().map(VoucherJson::from),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct SaleBody {
    pub plan_id: i64,
    /// The buyer's account address.
    pub email: String,
    /// The selling hub; needed only for a network-wide plan when the seller
    /// manages several hubs (default: the plan's hub, or the seller's).
    pub hub_id: Option<i64>,
    /// `YYYY-MM-DD`, the first day of validity (default: today in Rome).
    pub starts_on: Option<String>,
    /// Default: the plan's price.
    pub amount_cents: Option<i64>,
    /// cash, transfer, pos (online is reserved for a payment provider).
    pub method: String,
    pub reference: Option<String>,
    /// For an hour voucher: addresses of others who may spend it.
    pub members: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckinJson {
    pub id: i64,
    pub account_id: Option<i64>,
    pub site_id: i64,
    /// `pass` or `voucher`.
    pub via: String,
    pub pass_id: Option<i64>,
    pub voucher_id: Option<i64>,
    /// The hub that sold the pass or voucher.
    pub issuer_hub_id: i64,
    pub checked_in_at: String,
    pub checked_out_at: Option<String>,
    /// The stay, rounded by the hosting hub's rule.
    pub minutes: Option<i64>,
    /// Taken from the voucher.
    pub debited_minutes: Option<i64>,
    /// Beyond what the voucher held: to settle at the desk.
    pub uncovered_minutes: Option<i64>,
}

impl From<&Checkin> for CheckinJson {
    fn from(c: &Checkin) -> Self {
        CheckinJson {
            id: c.id,
            account_id: c.account_id,
            site_id: c.site_id,
            via: c.via.clone(),
            pass_id: c.pass_id,
            voucher_id: c.voucher_id,
            issuer_hub_id: c.issuer_hub_id,
            checked_in_at: utc(c.checked_in_at),
            checked_out_at: c.checked_out_at.map(utc),
            minutes: c.minutes,
            debited_minutes: c.debited_minutes,
            uncovered_minutes: c.uncovered_minutes,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinBody {
    pub site_id: i64,
    /// The person's QR code, scanned or typed.
    pub code: String,
    /// Charge this pass (default: the door's rule picks).
    pub pass_id: Option<i64>,
    /// Charge this voucher.
    pub voucher_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct CheckoutBody {
    pub site_id: i64,
    /// The person's QR code; or `account_id` from the presence list.
    pub code: Option<String>,
    pub account_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckoutJson {
    pub checkin: CheckinJson,
    /// The voucher's balance after the debit, in minutes.
    pub balance_after: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PresentJson {
    pub checkin_id: i64,
    pub account_id: Option<i64>,
    pub display_name: String,
    pub since: String,
    pub via: String,
}

#[derive(Serialize, ToSchema)]
pub struct PresenceJson {
    pub site_id: i64,
    pub items: Vec<PresentJson>,
}

#[derive(Serialize, ToSchema)]
pub struct QrJson {
    /// The text the QR code holds (type it at a desk without a camera).
    pub code: String,
    pub expires_at: String,
    /// The code as an SVG document.
    pub svg: String,
}

#[derive(Serialize, ToSchema)]
pub struct SettlementLineJson {
    pub site_id: i64,
    pub site_name: String,
    pub site_hub_id: i64,
    pub issuer_hub_id: i64,
    pub issuer_hub_name: String,
    /// `pass` or `voucher`.
    pub via: String,
    pub stays: i64,
    pub minutes: i64,
    pub rate_cents: i64,
    /// What the issuing hub owes the site: minutes × rate / 60, to the cent.
    pub owed_cents: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SettlementJson {
    /// `YYYY-MM-DD`, Europe/Rome; the period is `[from, to)`.
    pub from: String,
    pub to: String,
    pub lines: Vec<SettlementLineJson>,
    pub total_stays: i64,
    pub total_minutes: i64,
    pub total_owed_cents: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct TermsBody {
    pub accepts_vouchers: bool,
    pub hourly_rate_cents: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct RoundingBody {
    /// Minutes, 1 to 60.
    pub step: i64,
    /// up, nearest, down.
    pub mode: String,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentPage {
    pub items: Vec<PaymentJson>,
    pub next_cursor: Option<String>,
}

use crate::http::fmt::rfc3339_utc as utc;
use crate::http::openapi::csv_response;

impl From<SaleBody> for SaleRequest {
    fn from(b: SaleBody) -> Self {
        SaleRequest {
            plan_id: b.plan_id,
            hub_id: b.hub_id,
            sale: SaleInput {
                email: b.email,
                starts_on: b.starts_on,
                amount_cents: b.amount_cents,
                method: b.method,
                reference: b.reference,
                members: b.members.unwrap_or_default(),
            },
        }
    }
}

impl From<&VoucherHistory> for VoucherJson {
    fn from(h: &VoucherHistory) -> Self {
        VoucherJson { uses: Some(h.uses.iter().map(VoucherUseJson::from).collect()), ..VoucherJson::from(&h.voucher) }
    }
}

impl From<&Settlement> for SettlementJson {
    fn from(s: &Settlement) -> Self {
        SettlementJson {
            from: s.from.to_string(),
            to: s.to.to_string(),
            lines: s
                .lines
                .iter()
                .map(|l| SettlementLineJson {
                    site_id: l.site_id,
                    site_name: l.site_name.clone(),
                    site_hub_id: l.site_hub_id,
                    issuer_hub_id: l.issuer_hub_id,
                    issuer_hub_name: l.issuer_hub_name.clone(),
                    via: l.via.clone(),
                    stays: l.stays,
                    minutes: l.minutes,
                    rate_cents: l.rate_cents,
                    owed_cents: l.owed_cents,
                })
                .collect(),
            total_stays: s.total_stays,
            total_minutes: s.total_minutes,
            total_owed_cents: s.total_owed_cents,
        }
    }
}

/// The settlement as CSV (RFC 4180, comma-separated, amounts in cents).
pub fn settlement_csv(s: &SettlementJson) -> String {
    fn field(x: &str) -> String {
        if x.contains([',', '"', '\n', '\r']) { format!("\"{}\"", x.replace('"', "\"\"")) } else { x.to_owned() }
    }
    let mut out = String::from("site_id,site,issuer_hub_id,issuer_hub,via,stays,minutes,rate_cents,owed_cents\r\n");
    for l in &s.lines {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\r\n",
            l.site_id,
            field(&l.site_name),
            l.issuer_hub_id,
            field(&l.issuer_hub_name),
            l.via,
            l.stays,
            l.minutes,
            l.rate_cents,
            l.owed_cents
        ));
    }
    out.push_str(&format!(",total,,,,{},{},,{}\r\n", s.total_stays, s.total_minutes, s.total_owed_cents));
    out
}

// ---- handlers ----------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlansParams {
    /// Only this hub's plans and the network-wide ones.
    pub hub: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/plans", tag = "passes", params(PlansParams),
    responses((status = 200, body = Vec<PlanJson>)))]
/// The catalogue of plans on sale: network-wide ones and each hub's.
pub async fn list_plans(State(state): State<AppState>, Query(p): Query<PlansParams>) -> AppResult<Json<Vec<PlanJson>>> {
    Ok(Json(passes::plans(&state.app, p.hub, true).await?.iter().map(PlanJson::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/plans", tag = "passes", request_body = PlanBody, security(("bearer" = [])),
    responses((status = 201, body = PlanJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// Creates a plan of a hub (its managers) or of the whole network (administrators).
pub async fn create_plan(State(state): State<AppState>, ctx: Ctx, Json(b): Json<PlanBody>) -> AppResult<Response> {
    let plan = passes::create_plan(&state.app, &ctx.caller(), b.into()).await?;
    Ok((StatusCode::CREATED, Json(PlanJson::from(&plan))).into_response())
}

#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "passes", params(("id" = i64, Path)), request_body = PlanBody,
    security(("bearer" = [])), responses((status = 200, body = PlanJson), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Edits a plan. Its hub and kind stay as they were (passes were sold under them).
pub async fn update_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<PlanBody>,
) -> AppResult<Json<PlanJson>> {
    Ok(Json(PlanJson::from(&passes::update_plan(&state.app, &ctx.caller(), id, b.into()).await?)))
}

#[utoipa::path(post, path = "/api/v1/sales", tag = "passes", request_body = SaleBody, security(("bearer" = [])),
    responses((status = 201, body = SaleJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Sells a plan to a person and records the payment (cash, transfer, POS):
/// the pass or hour voucher is theirs at once.
pub async fn create_sale(State(state): State<AppState>, ctx: Ctx, Json(b): Json<SaleBody>) -> AppResult<Response> {
    let sale = passes::sell(&state.app, &ctx.caller(), b.into()).await?;
    Ok((StatusCode::CREATED, Json(SaleJson::from(&sale))).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SalesParams {
    /// The selling hub (default: the first one you manage; administrators: all).
    pub hub: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/sales", tag = "passes", params(SalesParams), security(("bearer" = [])),
    responses((status = 200, body = PaymentPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
/// Payments recorded by a hub, newest first.
pub async fn list_sales(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SalesParams>,
) -> AppResult<Json<PaymentPage>> {
    let caller = ctx.caller();
    passes::sales_scope(&caller, p.hub)?;
    let before = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = passes::payments(&state.app, &caller, p.hub, before, limit + 1).await?;
    let (rows, next) = paging::keyset(rows, limit, |x| x.id);
    Ok(Json(PaymentPage { items: rows.iter().map(PaymentJson::from).collect(), next_cursor: next }))
}

#[utoipa::path(get, path = "/api/v1/me/passes", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = Vec<PassJson>), (status = 401, body = ErrorBody)))]
/// The signed-in person's passes, newest validity first.
pub async fn my_passes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<PassJson>>> {
    Ok(Json(passes::my_passes(&state.app, &ctx.caller()).await?.iter().map(PassJson::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/me/vouchers", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = Vec<VoucherJson>), (status = 401, body = ErrorBody)))]
/// The hour vouchers the signed-in person holds or may spend, each with its history.
pub async fn my_vouchers(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<VoucherJson>>> {
    Ok(Json(passes::my_vouchers(&state.app, &ctx.caller()).await?.iter().map(VoucherJson::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/vouchers/{id}", tag = "passes", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = VoucherJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// A voucher and every use of it: for its holder, its members and the managers of the hub that sold it.
pub async fn get_voucher(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<VoucherJson>> {
    Ok(Json(VoucherJson::from(&passes::voucher(&state.app, &ctx.caller(), id).await?)))
}

#[utoipa::path(get, path = "/api/v1/me/qr", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = QrJson), (status = 401, body = ErrorBody)))]
/// The signed-in person's QR code for check-in (signed, valid for 30 days).
pub async fn my_qr(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<QrJson>> {
    let (code, expires) = passes::my_code(&state.app, &ctx.caller()).await?;
    Ok(Json(QrJson { svg: crate::passes::qr::svg(&code)?, code, expires_at: utc(expires) }))
}

#[utoipa::path(post, path = "/api/v1/checkins", tag = "desk", request_body = CheckinBody, security(("bearer" = [])),
    responses((status = 201, body = CheckinJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already-checked-in, no-entitlement, pass-not-covering, pass-not-valid-now, no-entries-left, voucher-empty, voucher-not-valid-now, voucher-not-accepted, pass-not-yours, voucher-not-yours"),
        (status = 422, body = ErrorBody, description = "a forged or expired code")))]
/// Checks a person in at a site (hosts of the site, managers of its hub).
pub async fn create_checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<CheckinBody>,
) -> AppResult<Response> {
    let charge = match (b.pass_id, b.voucher_id) {
        (Some(p), None) => Some(Charge::Pass(p)),
        (None, Some(v)) => Some(Charge::Voucher(v)),
        (None, None) => None,
        (Some(_), Some(_)) => return Err(FieldError::new("voucher_id", "pass-or-voucher").into()),
    };
    let c = passes::check_in(&state.app, &ctx.caller(), b.site_id, &b.code, charge).await?;
    Ok((StatusCode::CREATED, Json(CheckinJson::from(&c))).into_response())
}

#[utoipa::path(post, path = "/api/v1/checkouts", tag = "desk", request_body = CheckoutBody, security(("bearer" = [])),
    responses((status = 200, body = CheckoutJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "not-checked-in or checked-in-elsewhere"),
        (status = 422, body = ErrorBody)))]
/// Checks a person out: the stay is rounded by the hosting hub's rule and a
/// voucher is debited (never below zero; any excess is reported as uncovered).
pub async fn create_checkout(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<CheckoutBody>,
) -> AppResult<Json<CheckoutJson>> {
    let who = match (b.code.as_deref().map(str::trim).filter(|c| !c.is_empty()), b.account_id) {
        (Some(code), _) => Some(Leaving::Code(code.to_owned())),
        (None, Some(a)) => Some(Leaving::Account(a)),
        (None, None) => None,
    };
    let out = passes::check_out(&state.app, &ctx.caller(), b.site_id, who).await?;
    Ok(Json(CheckoutJson { checkin: CheckinJson::from(&out.checkin), balance_after: out.balance_after }))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/presence", tag = "desk", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PresenceJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
/// Who is in at a site now (hosts of the site, managers of its hub).
pub async fn presence(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<PresenceJson>> {
    let items = passes::presence(&state.app, &ctx.caller(), id)
        .await?
        .iter()
        .map(|p| PresentJson {
            checkin_id: p.checkin.id,
            account_id: p.checkin.account_id,
            display_name: p.display_name.clone(),
            since: utc(p.checkin.checked_in_at),
            via: p.checkin.via.clone(),
        })
        .collect();
    Ok(Json(PresenceJson { site_id: id, items }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SettlementParams {
    /// `YYYY-MM-DD`, first day (Europe/Rome).
    pub from: String,
    /// `YYYY-MM-DD`, the day after the last one (the period is `[from, to)`).
    pub to: String,
    /// Only lines about this hub (as issuer or host). Default: the hub you
    /// manage; administrators see the whole network.
    pub hub: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/settlements", tag = "desk", params(SettlementParams), security(("bearer" = [])),
    responses((status = 200, body = SettlementJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// What each site hosted in a period, per issuing hub, by passes and by
/// vouchers, and what the issuing hub owes it (the site's hourly rate).
pub async fn settlements(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SettlementParams>,
) -> AppResult<Json<SettlementJson>> {
    let s = passes::settlement(&state.app, &ctx.caller(), p.hub, &p.from, &p.to).await?;
    Ok(Json(SettlementJson::from(&s)))
}

#[utoipa::path(get, path = "/api/v1/settlements.csv", tag = "desk", params(SettlementParams), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// The same settlement as CSV.
pub async fn settlements_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SettlementParams>,
) -> AppResult<Response> {
    let s = SettlementJson::from(&passes::settlement(&state.app, &ctx.caller(), p.hub, &p.from, &p.to).await?);
    Ok(csv_response(settlement_csv(&s), &format!("settlement-{}-{}.csv", s.from, s.to)))
}

#[utoipa::path(put, path = "/api/v1/sites/{id}/terms", tag = "desk", params(("id" = i64, Path)), request_body = TermsBody,
    security(("bearer" = [])), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// Whether a site accepts hour vouchers and what it is paid per hour hosted (managers of its hub).
pub async fn set_terms(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<TermsBody>,
) -> AppResult<StatusCode> {
    passes::set_site_terms(&state.app, &ctx.caller(), id, b.accepts_vouchers, b.hourly_rate_cents).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/hubs/{id}/rounding", tag = "desk", params(("id" = i64, Path)), request_body = RoundingBody,
    security(("bearer" = [])), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// How a hub rounds stays at its sites (managers of the hub).
pub async fn set_rounding(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<RoundingBody>,
) -> AppResult<StatusCode> {
    passes::set_rounding(&state.app, &ctx.caller(), id, b.step, &b.mode).await?;
    Ok(StatusCode::NO_CONTENT)
}
