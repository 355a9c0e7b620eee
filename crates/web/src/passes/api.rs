//! `/api/v1` plans, sales, passes, hour vouchers, the check-in desk,
//! presence and settlement. The rules live in `domain::passes` and in the
//! store's transactions; these handlers parse, authorise and call one store
//! method each. The pages (`pages::desk`) share the helpers here.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::paging;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use portineria_domain::cursor::page_limit;
use portineria_domain::passes::{Charge, PlanKind, RoundMode, Rounding, SettlementLine, Stay, settle, window};
use portineria_domain::policy::{Action, allows};
use portineria_domain::validate as v;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{
    Checkin, Checkout, NewCheckin, NewSale, Pass, Payment, PaymentMethod, Plan, PlanDraft, Sale, Voucher, VoucherUse,
};
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

/// Validates a plan, field by field.
pub fn validate_plan(b: &PlanBody) -> Result<PlanDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &b.name, 120));
    let description = errs.take(v::optional("description", b.description.as_deref(), 2000));
    let kind = PlanKind::parse(b.kind.trim());
    if kind.is_none() {
        errs.push(FieldError::new("kind", "plan-kind"));
    }
    if !(0..=100_000_000).contains(&b.price_cents) {
        errs.push(FieldError::new("price", "range").with("min", 0).with("max", 1_000_000));
    }
    let valid_days = b.valid_days.or(kind.map(|k| k.default_valid_days())).unwrap_or(1);
    if !(1..=3660).contains(&valid_days) {
        errs.push(FieldError::new("valid_days", "range").with("min", 1).with("max", 3660));
    }
    let entries = match (kind, b.entries) {
        (Some(PlanKind::Entries), Some(n)) if (1..=1000).contains(&n) => Some(n),
        (Some(PlanKind::Entries), _) => {
            errs.push(FieldError::new("entries", "range").with("min", 1).with("max", 1000));
            None
        }
        _ => None,
    };
    let minutes = match (kind, b.minutes) {
        (Some(PlanKind::Hours), Some(m)) if (15..=100_000).contains(&m) => Some(m),
        (Some(PlanKind::Hours), _) => {
            errs.push(FieldError::new("hours", "range").with("min", 1).with("max", 1666));
            None
        }
        _ => None,
    };
    let trainings = match b.trainings {
        Some(n) if (1..=500).contains(&n) => Some(n),
        Some(_) => {
            errs.push(FieldError::new("trainings", "range").with("min", 1).with("max", 500));
            None
        }
        None => None,
    };
    if b.course_id.is_some() && kind != Some(PlanKind::Course) {
        errs.push(FieldError::new("course_id", "plan-course-kind"));
    }
    let mut sites = b.site_ids.clone().unwrap_or_default();
    sites.sort_unstable();
    sites.dedup();
    let mut place_kinds = Vec::new();
    for k in b.place_kinds.iter().flatten() {
        match portineria_domain::kinds::PlaceKind::parse(k.trim()) {
            Some(k) if !place_kinds.contains(&k) => place_kinds.push(k),
            Some(_) => {}
            None => errs.push(FieldError::new("place_kinds", "kind")),
        }
    }
    match (name, description, kind) {
        (Some(name), Some(description), Some(kind)) if errs.is_empty() => Ok(PlanDraft {
            hub_id: b.hub_id,
            name,
            description: description.unwrap_or_default(),
            kind,
            price_cents: b.price_cents,
            valid_days,
            entries,
            minutes,
            trainings,
            course_id: b.course_id,
            sites,
            place_kinds,
            active: b.active.unwrap_or(true),
        }),
        _ => Err(errs),
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

// ---- shared helpers (pages use them too) ------------------------------------

/// The hub a sale is made as: the plan's own, or for a network-wide plan
/// the one asked for or the seller's only managed hub.
pub fn selling_hub(ctx: &Ctx, plan: &Plan, asked: Option<i64>) -> AppResult<i64> {
    let hub = match (plan.hub_id, asked) {
        (Some(h), _) => h,
        (None, Some(h)) => h,
        (None, None) => match ctx.roles().managed_hubs()[..] {
            [h] => h,
            _ => return Err(FieldError::new("hub_id", "required").into()),
        },
    };
    if !allows(&ctx.roles(), Action::Sell { hub }) {
        return Err(AppError::Forbidden);
    }
    Ok(hub)
}

/// Records a sale after checking who sells, what, to whom.
pub async fn sell(state: &AppState, ctx: &Ctx, b: &SaleBody) -> AppResult<Sale> {
    ctx.user()?;
    let plan = state.store.plan(b.plan_id).await?.ok_or(AppError::NotFound)?;
    let hub = selling_hub(ctx, &plan, b.hub_id)?;
    let mut errs = FieldErrors::new();
    let email = errs.take(v::email("email", &b.email));
    let method = PaymentMethod::parse(b.method.trim()).filter(|m| *m != PaymentMethod::Online);
    if method.is_none() {
        errs.push(FieldError::new("method", "payment-method"));
    }
    let today = crate::http::fmt::local_date(ctx.now);
    let starts_on = match b.starts_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(today),
        Some(s) => match s.parse::<Date>() {
            Ok(d) if d >= today.checked_sub(jiff::ToSpan::days(31)).unwrap_or(today) => Some(d),
            Ok(_) => {
                errs.push(FieldError::new("starts_on", "date-too-early"));
                None
            }
            Err(_) => {
                errs.push(FieldError::new("starts_on", "date"));
                None
            }
        },
    };
    let amount = b.amount_cents.unwrap_or(plan.price_cents);
    if !(0..=100_000_000).contains(&amount) {
        errs.push(FieldError::new("amount", "range").with("min", 0).with("max", 1_000_000));
    }
    let reference = errs.take(v::optional("reference", b.reference.as_deref(), 200));
    let mut members = Vec::new();
    for m in b.members.iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match v::email("members", m) {
            Ok(e) => match state.store.account_by_email(&e).await? {
                Some(a) => members.push(a.id),
                None => errs.push(FieldError::new("members", "unknown-account")),
            },
            Err(e) => errs.push(e),
        }
    }
    if !members.is_empty() && plan.kind != PlanKind::Hours {
        errs.push(FieldError::new("members", "members-only-vouchers"));
    }
    let buyer = match &email {
        Some(e) => state.store.account_by_email(e).await?,
        None => None,
    };
    if email.is_some() && buyer.is_none() {
        errs.push(FieldError::new("email", "unknown-account"));
    }
    let (Some(buyer), Some(method), Some(starts_on), Some(reference), true) =
        (buyer, method, starts_on, reference, errs.is_empty())
    else {
        return Err(errs.into());
    };
    let (from, until) =
        window(starts_on, plan.valid_days, &portineria_domain::rome()).ok_or(AppError::BadRequest("bad-date"))?;
    let sale = state
        .store
        .sell(
            &ctx.who(),
            &NewSale {
                plan_id: plan.id,
                account_id: buyer.id,
                hub_id: hub,
                valid_from: from,
                valid_until: until,
                amount_cents: amount,
                method,
                paid: true,
                provider: None,
                reference: reference.unwrap_or_default(),
                voucher_members: members,
                now: ctx.now.as_second(),
            },
        )
        .await?;
    Ok(sale)
}

/// The site a desk action happens at, after checking the person may host there.
pub async fn desk_site(state: &AppState, ctx: &Ctx, site_id: i64) -> AppResult<portineria_store::Site> {
    ctx.user()?;
    let site = state.store.site(site_id).await?.ok_or(AppError::NotFound)?;
    if !allows(&ctx.roles(), Action::HostDesk { hub: site.hub_id, site: site.id }) {
        return Err(AppError::Forbidden);
    }
    Ok(site)
}

/// Checks a person in at a site from their code.
pub async fn check_in(
    state: &AppState,
    ctx: &Ctx,
    site_id: i64,
    code: &str,
    charge: Option<Charge>,
) -> AppResult<Checkin> {
    desk_site(state, ctx, site_id).await?;
    let person = crate::passes::qr::person(state, code, ctx.now.as_second()).await?;
    let c = NewCheckin { account_id: person, site_id, charge, now: ctx.now.as_second() };
    let checkin = state.store.check_in(&ctx.who(), &c).await?;
    state.app.live.forget(site_id, None);
    Ok(checkin)
}

/// Checks a person out at a site, and tells the voucher's holder when it runs low.
pub async fn check_out(state: &AppState, ctx: &Ctx, site_id: i64, person: i64) -> AppResult<Checkout> {
    desk_site(state, ctx, site_id).await?;
    let out = state.store.check_out(&ctx.who(), person, site_id, ctx.now.as_second()).await?;
    state.app.live.forget(site_id, None);
    Ok(out)
}

/// `[from, to)` of two local dates, as instants.
pub fn period(from: &str, to: &str) -> AppResult<(Date, Date, i64, i64)> {
    let mut errs = FieldErrors::new();
    let f = from.trim().parse::<Date>().map_err(|_| FieldError::new("from", "date"));
    let t = to.trim().parse::<Date>().map_err(|_| FieldError::new("to", "date"));
    let (Some(f), Some(t)) = (errs.take(f), errs.take(t)) else { return Err(errs.into()) };
    if t <= f {
        return Err(FieldError::new("to", "date-order").into());
    }
    let tz = portineria_domain::rome();
    let a = portineria_domain::hours::local_instant(f, 0, &tz).ok_or(AppError::BadRequest("bad-date"))?;
    let b = portineria_domain::hours::local_instant(t, 0, &tz).ok_or(AppError::BadRequest("bad-date"))?;
    if b.as_second() - a.as_second() > 400 * 86_400 {
        return Err(FieldError::new("to", "period-too-long").into());
    }
    Ok((f, t, a.as_second(), b.as_second()))
}

/// The settlement of a period, limited to lines that concern `hub` (as
/// issuer or as the hosting site's hub) when given.
pub async fn settlement(state: &AppState, from: &str, to: &str, hub: Option<i64>) -> AppResult<SettlementJson> {
    let (f, t, a, b) = period(from, to)?;
    let stays = state.store.stays(a, b).await?;
    let terms = state.store.site_terms().await?;
    let index = state.sites().await?;
    let site_hub = |s: i64| terms.iter().find(|x| x.site_id == s).map(|x| x.hub_id).unwrap_or(0);
    let stays: Vec<Stay> = stays
        .iter()
        .map(|c| Stay {
            site: c.site_id,
            issuer_hub: c.issuer_hub_id,
            via_voucher: c.via == "voucher",
            minutes: c.minutes.unwrap_or(0),
        })
        .filter(|s| hub.is_none_or(|h| s.issuer_hub == h || site_hub(s.site) == h))
        .collect();
    let lines: Vec<SettlementLine> =
        settle(&stays, |s| terms.iter().find(|x| x.site_id == s).map(|x| x.hourly_rate_cents).unwrap_or(0));
    let hub_name = |h: i64| index.hubs.iter().find(|x| x.id == h).map(|x| x.name.clone()).unwrap_or_default();
    let site_name = |s: i64| index.sites.iter().find(|x| x.id == s).map(|x| x.name.clone()).unwrap_or_default();
    Ok(SettlementJson {
        from: f.to_string(),
        to: t.to_string(),
        total_stays: lines.iter().map(|l| l.stays).sum(),
        total_minutes: lines.iter().map(|l| l.minutes).sum(),
        total_owed_cents: lines.iter().map(|l| l.owed_cents).sum(),
        lines: lines
            .iter()
            .map(|l| SettlementLineJson {
                site_id: l.site,
                site_name: site_name(l.site),
                site_hub_id: site_hub(l.site),
                issuer_hub_id: l.issuer_hub,
                issuer_hub_name: hub_name(l.issuer_hub),
                via: if l.via_voucher { "voucher" } else { "pass" }.into(),
                stays: l.stays,
                minutes: l.minutes,
                rate_cents: l.rate_cents,
                owed_cents: l.owed_cents,
            })
            .collect(),
    })
}

/// Who may see which settlement: the whole network (admins) or one hub.
pub fn settlement_scope(ctx: &Ctx, hub: Option<i64>) -> AppResult<Option<i64>> {
    ctx.user()?;
    let actor = ctx.roles();
    let scope = match hub {
        Some(h) => Some(h),
        None if actor.is_admin() => None,
        None => actor.managed_hubs().first().copied(),
    };
    if !allows(&actor, Action::ViewSettlement { hub: scope }) {
        return Err(AppError::Forbidden);
    }
    Ok(scope)
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

/// Whether the signed-in person may see a voucher: its holder, a member, or
/// a manager of the hub that sold it.
pub fn may_see_voucher(ctx: &Ctx, v: &Voucher) -> bool {
    let Some(u) = ctx.user.as_ref() else { return false };
    v.account_id == u.account.id || v.members.contains(&u.account.id) || u.roles.manages(v.hub_id)
}

/// The person's QR code, valid for [`crate::passes::qr::VALID_DAYS`] from today.
pub async fn my_code(state: &AppState, ctx: &Ctx) -> AppResult<(String, i64)> {
    let user = ctx.user()?;
    let today = crate::http::fmt::local_date(ctx.now);
    // Codes made on the same day are the same code (a printed card stays
    // valid for the whole period it says).
    let (_, expires) = window(today, crate::passes::qr::VALID_DAYS, &portineria_domain::rome())
        .ok_or(AppError::Internal("date".into()))?;
    let key = crate::passes::qr::key(state).await?;
    Ok((crate::passes::qr::sign(&key, user.account.id, expires)?, expires))
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
    let plans = state.store.plans().await?;
    Ok(Json(
        plans
            .iter()
            .filter(|x| x.active && p.hub.is_none_or(|h| x.hub_id.is_none_or(|ph| ph == h)))
            .map(PlanJson::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/plans", tag = "passes", request_body = PlanBody, security(("bearer" = [])),
    responses((status = 201, body = PlanJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// Creates a plan of a hub (its managers) or of the whole network (administrators).
pub async fn create_plan(State(state): State<AppState>, ctx: Ctx, Json(b): Json<PlanBody>) -> AppResult<Response> {
    ctx.user()?;
    if !allows(&ctx.roles(), Action::ManagePlans { hub: b.hub_id }) {
        return Err(AppError::Forbidden);
    }
    let draft = validate_plan(&b)?;
    check_plan_sites(&state, &draft).await?;
    let plan = state.store.create_plan(&ctx.who(), &draft).await?;
    Ok((StatusCode::CREATED, Json(PlanJson::from(&plan))).into_response())
}

/// A hub's plan covers only that hub's sites.
pub async fn check_plan_sites(state: &AppState, d: &PlanDraft) -> AppResult<()> {
    if let Some(h) = d.hub_id {
        let index = state.sites().await?;
        if d.sites.iter().any(|s| index.sites.iter().find(|x| x.id == *s).is_none_or(|x| x.hub_id != h)) {
            return Err(FieldError::new("sites", "site-of-another-hub").into());
        }
    }
    Ok(())
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
    ctx.user()?;
    let plan = state.store.plan(id).await?.ok_or(AppError::NotFound)?;
    if !allows(&ctx.roles(), Action::ManagePlans { hub: plan.hub_id }) {
        return Err(AppError::Forbidden);
    }
    let draft = validate_plan(&PlanBody { hub_id: plan.hub_id, ..b })?;
    check_plan_sites(&state, &draft).await?;
    Ok(Json(PlanJson::from(&state.store.update_plan(&ctx.who(), id, &draft).await?)))
}

#[utoipa::path(post, path = "/api/v1/sales", tag = "passes", request_body = SaleBody, security(("bearer" = [])),
    responses((status = 201, body = SaleJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Sells a plan to a person and records the payment (cash, transfer, POS):
/// the pass or hour voucher is theirs at once.
pub async fn create_sale(State(state): State<AppState>, ctx: Ctx, Json(b): Json<SaleBody>) -> AppResult<Response> {
    let sale = sell(&state, &ctx, &b).await?;
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
    ctx.user()?;
    let actor = ctx.roles();
    let hub = p.hub.or_else(|| if actor.is_admin() { None } else { actor.managed_hubs().first().copied() });
    let ok = match hub {
        Some(h) => allows(&actor, Action::Sell { hub: h }),
        None => actor.is_admin(),
    };
    if !ok {
        return Err(AppError::Forbidden);
    }
    let before = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = state.store.payments(hub, before, limit + 1).await?;
    let (rows, next) = paging::keyset(rows, limit, |x| x.id);
    Ok(Json(PaymentPage { items: rows.iter().map(PaymentJson::from).collect(), next_cursor: next }))
}

#[utoipa::path(get, path = "/api/v1/me/passes", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = Vec<PassJson>), (status = 401, body = ErrorBody)))]
/// The signed-in person's passes, newest validity first.
pub async fn my_passes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<PassJson>>> {
    let user = ctx.user()?;
    Ok(Json(state.store.account_passes(user.account.id).await?.iter().map(PassJson::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/me/vouchers", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = Vec<VoucherJson>), (status = 401, body = ErrorBody)))]
/// The hour vouchers the signed-in person holds or may spend, each with its history.
pub async fn my_vouchers(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<VoucherJson>>> {
    let user = ctx.user()?;
    let mut out = Vec::new();
    for v in state.store.account_vouchers(user.account.id).await? {
        let mut j = VoucherJson::from(&v);
        j.uses = Some(state.store.voucher_uses(v.id).await?.iter().map(VoucherUseJson::from).collect());
        out.push(j);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/vouchers/{id}", tag = "passes", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = VoucherJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// A voucher and every use of it: for its holder, its members and the managers of the hub that sold it.
pub async fn get_voucher(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<VoucherJson>> {
    ctx.user()?;
    let v = state.store.voucher(id).await?.ok_or(AppError::NotFound)?;
    if !may_see_voucher(&ctx, &v) {
        return Err(AppError::NotFound);
    }
    let mut j = VoucherJson::from(&v);
    j.uses = Some(state.store.voucher_uses(v.id).await?.iter().map(VoucherUseJson::from).collect());
    Ok(Json(j))
}

#[utoipa::path(get, path = "/api/v1/me/qr", tag = "passes", security(("bearer" = [])),
    responses((status = 200, body = QrJson), (status = 401, body = ErrorBody)))]
/// The signed-in person's QR code for check-in (signed, valid for 30 days).
pub async fn my_qr(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<QrJson>> {
    let (code, expires) = my_code(&state, &ctx).await?;
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
    let c = check_in(&state, &ctx, b.site_id, &b.code, charge).await?;
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
    desk_site(&state, &ctx, b.site_id).await?;
    let person = match (b.code.as_deref().map(str::trim).filter(|c| !c.is_empty()), b.account_id) {
        (Some(code), _) => crate::passes::qr::person(&state, code, ctx.now.as_second()).await?,
        (None, Some(a)) => a,
        (None, None) => return Err(FieldError::new("code", "required").into()),
    };
    let out = check_out(&state, &ctx, b.site_id, person).await?;
    Ok(Json(CheckoutJson { checkin: CheckinJson::from(&out.checkin), balance_after: out.balance_after }))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/presence", tag = "desk", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PresenceJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
/// Who is in at a site now (hosts of the site, managers of its hub).
pub async fn presence(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<PresenceJson>> {
    desk_site(&state, &ctx, id).await?;
    let items = state
        .store
        .presence(id)
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
    let scope = settlement_scope(&ctx, p.hub)?;
    Ok(Json(settlement(&state, &p.from, &p.to, scope).await?))
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
    let scope = settlement_scope(&ctx, p.hub)?;
    let s = settlement(&state, &p.from, &p.to, scope).await?;
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
    ctx.user()?;
    let site = state.store.site(id).await?.ok_or(AppError::NotFound)?;
    if !allows(&ctx.roles(), Action::EditHub { hub: site.hub_id }) {
        return Err(AppError::Forbidden);
    }
    if !(0..=100_000).contains(&b.hourly_rate_cents) {
        return Err(FieldError::new("hourly_rate", "range").with("min", 0).with("max", 1000).into());
    }
    state.store.set_site_terms(&ctx.who(), id, b.accepts_vouchers, b.hourly_rate_cents).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Validates a rounding rule.
pub fn rounding(step: i64, mode: &str) -> Result<Rounding, FieldErrors> {
    let mut errs = FieldErrors::new();
    if !(1..=60).contains(&step) {
        errs.push(FieldError::new("step", "range").with("min", 1).with("max", 60));
    }
    let mode = RoundMode::parse(mode.trim());
    if mode.is_none() {
        errs.push(FieldError::new("mode", "rounding-mode"));
    }
    match mode {
        Some(mode) if errs.is_empty() => Ok(Rounding { step, mode }),
        _ => Err(errs),
    }
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
    ctx.user()?;
    state.store.hub(id).await?.ok_or(AppError::NotFound)?;
    if !allows(&ctx.roles(), Action::EditHub { hub: id }) {
        return Err(AppError::Forbidden);
    }
    let r = rounding(b.step, &b.mode)?;
    state.store.set_hub_rounding(&ctx.who(), id, r).await?;
    Ok(StatusCode::NO_CONTENT)
}
