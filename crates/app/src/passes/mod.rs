//! Plans, sales, passes, hour vouchers, personal codes, the check-in desk
//! and settlement.
//!
//! A hub's managers (administrators for the whole network) write plans and
//! sell them; a sale gives the buyer a pass or, for an hours plan, an hour
//! voucher. The hosts of a site and the managers of its hub check people in
//! and out at its desk; the door's rule (`domain::passes::choose`) and the
//! voucher's debit are the store's transactions. Settlement sums what each
//! site hosted per issuing hub and prices it at the site's hourly rate.

pub mod qr;
mod reminders;
pub use reminders::*;

use crate::{App, Caller, Error, Result};
use jiff::civil::Date;
use portineria_domain::passes::{
    self as rules, Charge, PlanDraft, PlanInput, Rounding, SaleInput, SettlementLine, Stay, settle, window,
};
use portineria_domain::policy::Action;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{
    Checkin, Checkout, NewCheckin, NewSale, Pass, PassStore, Payment, Plan, Presence, Sale, Site, SiteTerms, Voucher,
    VoucherUse,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

impl App {
    /// Plans', passes' and the desk's storage.
    pub(crate) fn passes_store(&self) -> &dyn PassStore {
        self.store.as_ref()
    }
}

/// Today in Europe/Rome, at the caller's instant.
fn today(caller: &Caller) -> Date {
    caller.now.to_zoned(portineria_domain::rome()).date()
}

// ---- plans --------------------------------------------------------------------

/// The catalogue: the network-wide plans and, with `hub`, only that hub's
/// (otherwise every hub's); with `active_only`, only those on sale.
pub async fn plans(app: &App, hub: Option<i64>, active_only: bool) -> Result<Vec<Plan>> {
    let plans = app.passes_store().plans().await?;
    Ok(plans
        .into_iter()
        .filter(|x| (!active_only || x.active) && hub.is_none_or(|h| x.hub_id.is_none_or(|ph| ph == h)))
        .collect())
}

/// `Forbidden` unless the caller may write plans of `hub` (`None`: the
/// network's, for administrators).
pub fn may_manage_plans(caller: &Caller, hub: Option<i64>) -> Result<()> {
    caller.require(Action::ManagePlans { hub })?;
    Ok(())
}

/// A hub's plan covers only that hub's sites.
async fn check_plan_sites(app: &App, d: &PlanDraft) -> Result<()> {
    if let Some(h) = d.hub_id {
        let index = app.sites().await?;
        if d.sites.iter().any(|s| index.sites.iter().find(|x| x.id == *s).is_none_or(|x| x.hub_id != h)) {
            return Err(FieldError::new("sites", "site-of-another-hub").into());
        }
    }
    Ok(())
}

/// Creates a plan of a hub (its managers) or of the whole network
/// (administrators).
pub async fn create_plan(app: &App, caller: &Caller, input: PlanInput) -> Result<Plan> {
    may_manage_plans(caller, input.hub_id)?;
    let draft = rules::validate_plan(&input)?;
    check_plan_sites(app, &draft).await?;
    Ok(app.passes_store().create_plan(&caller.who(), &draft).await?)
}

/// A plan, for whoever may edit it.
pub async fn plan_to_edit(app: &App, caller: &Caller, id: i64) -> Result<Plan> {
    caller.person()?;
    let plan = app.passes_store().plan(id).await?.ok_or(Error::NotFound)?;
    may_manage_plans(caller, plan.hub_id)?;
    Ok(plan)
}

/// Edits a plan. Its hub stays as it was; so must its kind (passes were
/// sold under them: `Conflict("plan-kind-fixed")`).
pub async fn update_plan(app: &App, caller: &Caller, id: i64, input: PlanInput) -> Result<Plan> {
    let plan = plan_to_edit(app, caller, id).await?;
    let draft = rules::validate_plan(&PlanInput { hub_id: plan.hub_id, ..input })?;
    check_plan_sites(app, &draft).await?;
    Ok(app.passes_store().update_plan(&caller.who(), id, &draft).await?)
}

// ---- sales --------------------------------------------------------------------

/// A sale as a seller asks for it.
#[derive(Debug, Clone, Default)]
pub struct SaleRequest {
    pub plan_id: i64,
    /// The selling hub: needed only for a network-wide plan when the seller
    /// manages several hubs.
    pub hub_id: Option<i64>,
    pub sale: SaleInput,
}

/// The hub a sale is made as: the plan's own, or for a network-wide plan
/// the one asked for or the seller's only managed hub; if the caller may
/// sell as it.
fn selling_hub(caller: &Caller, plan: &Plan, asked: Option<i64>) -> Result<i64> {
    let hub = match (plan.hub_id, asked) {
        (Some(h), _) => h,
        (None, Some(h)) => h,
        (None, None) => match caller.roles().managed_hubs()[..] {
            [h] => h,
            _ => return Err(FieldError::new("hub_id", "required").into()),
        },
    };
    caller.require(Action::Sell { hub })?;
    Ok(hub)
}

/// Sells a plan to a person and records the payment (cash, transfer, POS):
/// the pass or hour voucher is theirs at once.
pub async fn sell(app: &App, caller: &Caller, r: SaleRequest) -> Result<Sale> {
    caller.person()?;
    let plan = app.passes_store().plan(r.plan_id).await?.ok_or(Error::NotFound)?;
    let hub = selling_hub(caller, &plan, r.hub_id)?;
    let mut accounts = HashMap::new();
    for address in rules::sale_addresses(&r.sale) {
        if let Entry::Vacant(e) = accounts.entry(address) {
            let id = app.accounts_store().account_by_email(e.key()).await?.map(|a| a.id);
            e.insert(id);
        }
    }
    let account = |address: &str| accounts.get(address).copied().flatten();
    let d = rules::validate_sale(&r.sale, plan.price_cents, plan.kind, today(caller), account)?;
    let (from, until) =
        window(d.starts_on, plan.valid_days, &portineria_domain::rome()).ok_or(Error::BadRequest("bad-date"))?;
    let sale = NewSale {
        plan_id: plan.id,
        account_id: d.buyer,
        hub_id: hub,
        valid_from: from,
        valid_until: until,
        amount_cents: d.amount_cents.cents(),
        method: d.method,
        paid: true,
        provider: None,
        reference: d.reference,
        voucher_members: d.members,
        now: caller.now_s(),
    };
    Ok(app.passes_store().sell(&caller.who(), &sale).await?)
}

/// Whose sales the caller sees: the hub asked for, else (but for
/// administrators, who see the whole network) the first hub they manage.
pub fn sales_scope(caller: &Caller, asked: Option<i64>) -> Result<Option<i64>> {
    caller.person()?;
    let roles = caller.roles();
    let hub = asked.or_else(|| if roles.is_admin() { None } else { roles.managed_hubs().first().copied() });
    let ok = match hub {
        Some(h) => caller.may(Action::Sell { hub: h }),
        None => roles.is_admin(),
    };
    if ok { Ok(hub) } else { Err(Error::Forbidden) }
}

/// Payments recorded by a hub (see [`sales_scope`]), newest first, before
/// the payment `before`, at most `limit`.
pub async fn payments(
    app: &App,
    caller: &Caller,
    hub: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<Payment>> {
    let scope = sales_scope(caller, hub)?;
    Ok(app.passes_store().payments(scope, before, limit).await?)
}

/// The newest hour vouchers a hub sold (at most `limit`), each with its
/// holder's address, for those who sell as the hub.
pub async fn hub_vouchers(app: &App, caller: &Caller, hub: i64, limit: u32) -> Result<Vec<(Voucher, String)>> {
    caller.require(Action::Sell { hub })?;
    let mut out = Vec::new();
    for v in app.passes_store().vouchers(Some(hub), None, limit).await? {
        let holder = app.accounts_store().account(v.account_id).await?.map(|a| a.email).unwrap_or_default();
        out.push((v, holder));
    }
    Ok(out)
}

// ---- a person's passes, vouchers, stays and code ------------------------------

/// The caller's passes, newest validity first.
pub async fn my_passes(app: &App, caller: &Caller) -> Result<Vec<Pass>> {
    let person = caller.person()?;
    Ok(app.passes_store().account_passes(person.account.id).await?)
}

/// A voucher with every debit of it, oldest first.
#[derive(Debug, Clone)]
pub struct VoucherHistory {
    pub voucher: Voucher,
    pub uses: Vec<VoucherUse>,
}

/// The hour vouchers the caller holds or may spend, each with its history.
pub async fn my_vouchers(app: &App, caller: &Caller) -> Result<Vec<VoucherHistory>> {
    let person = caller.person()?;
    let mut out = Vec::new();
    for voucher in app.passes_store().account_vouchers(person.account.id).await? {
        let uses = app.passes_store().voucher_uses(voucher.id).await?;
        out.push(VoucherHistory { voucher, uses });
    }
    Ok(out)
}

/// Whether the caller may see a voucher: its holder, a member, or a manager
/// of the hub that sold it.
pub fn may_see_voucher(caller: &Caller, v: &Voucher) -> bool {
    let Some(p) = caller.person.as_ref() else { return false };
    v.account_id == p.account.id || v.members.contains(&p.account.id) || p.roles.manages(v.hub_id)
}

/// A voucher and its history, for whoever may see it (to others, as if it
/// did not exist).
pub async fn voucher(app: &App, caller: &Caller, id: i64) -> Result<VoucherHistory> {
    caller.person()?;
    let voucher = app.passes_store().voucher(id).await?.ok_or(Error::NotFound)?;
    if !may_see_voucher(caller, &voucher) {
        return Err(Error::NotFound);
    }
    let uses = app.passes_store().voucher_uses(voucher.id).await?;
    Ok(VoucherHistory { voucher, uses })
}

/// The caller's newest stays (at most `limit`).
pub async fn my_stays(app: &App, caller: &Caller, limit: u32) -> Result<Vec<Checkin>> {
    let person = caller.person()?;
    Ok(app.passes_store().account_checkins(person.account.id, limit).await?)
}

/// The caller's personal code and when it stops working: valid for
/// [`qr::VALID_DAYS`] from today. Codes made on the same day are the same
/// code (a printed card stays valid for the whole period it says).
pub async fn my_code(app: &App, caller: &Caller) -> Result<(String, i64)> {
    let person = caller.person()?;
    let (_, expires) =
        window(today(caller), qr::VALID_DAYS, &portineria_domain::rome()).ok_or(Error::Internal("date".into()))?;
    let key = qr::key(app).await?;
    Ok((qr::sign(&key, person.account.id, expires)?, expires))
}

// ---- the desk -----------------------------------------------------------------

/// The site a desk action happens at, if the caller may host there (its
/// hosts, its hub's managers).
pub async fn desk_site(app: &App, caller: &Caller, site_id: i64) -> Result<Site> {
    caller.person()?;
    let site = app.network_store().site(site_id).await?.ok_or(Error::NotFound)?;
    caller.require(Action::HostDesk { hub: site.hub_id, site: site.id })?;
    Ok(site)
}

/// Checks in the person whose code is shown at a site: the door's rule
/// picks what the stay is charged to unless `charge` names it.
pub async fn check_in(app: &App, caller: &Caller, site_id: i64, code: &str, charge: Option<Charge>) -> Result<Checkin> {
    desk_site(app, caller, site_id).await?;
    let person = qr::person(app, code, caller.now_s()).await?;
    let c = NewCheckin { account_id: person, site_id, charge, now: caller.now_s() };
    let checkin = app.passes_store().check_in(&caller.who(), &c).await?;
    app.live.forget(site_id, None);
    Ok(checkin)
}

/// Who is leaving: the person whose code is shown, or one from the presence list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaving {
    Code(String),
    Account(i64),
}

/// Checks a person out at a site: the stay is rounded by the hosting hub's
/// rule and a voucher is debited (never below zero; the rest is recorded as
/// uncovered). `None` for who is leaving is a field error on `code`.
pub async fn check_out(app: &App, caller: &Caller, site_id: i64, who: Option<Leaving>) -> Result<Checkout> {
    desk_site(app, caller, site_id).await?;
    let person = match who {
        Some(Leaving::Code(code)) => qr::person(app, &code, caller.now_s()).await?,
        Some(Leaving::Account(a)) => a,
        None => return Err(FieldError::new("code", "required").into()),
    };
    let out = app.passes_store().check_out(&caller.who(), person, site_id, caller.now_s()).await?;
    app.live.forget(site_id, None);
    Ok(out)
}

/// Who is in at a site now, by arrival (its hosts, its hub's managers).
pub async fn presence(app: &App, caller: &Caller, site_id: i64) -> Result<Vec<Presence>> {
    desk_site(app, caller, site_id).await?;
    Ok(app.passes_store().presence(site_id).await?)
}

/// Desk seats free now at a site: its bookable desk pools' seats less the
/// larger of the people checked in and the pool seats booked for this
/// instant (most people who booked are also the ones checked in). `None`
/// when the site has no desk pool.
pub async fn free_seats_now(app: &App, caller: &Caller, site: &Site) -> Result<Option<i64>> {
    let index = app.sites().await?;
    let places = index.places(app.network_store(), site.id).await?;
    let seats: i64 = places.iter().filter(|p| p.kind.is_pool() && p.bookable).map(|p| p.capacity).sum();
    if seats == 0 {
        return Ok(None);
    }
    let (present, booked) = app.live.occupancy(app.passes_store(), site.id, caller.now_s()).await?;
    Ok(Some((seats - present.max(booked)).max(0)))
}

// ---- terms and settlement -----------------------------------------------------

/// A hub's rounding rule and its sites' terms.
#[derive(Debug, Clone)]
pub struct HubTerms {
    pub rounding: Rounding,
    pub sites: Vec<SiteTerms>,
}

/// A hub's terms, for its managers.
pub async fn hub_terms(app: &App, caller: &Caller, hub_id: i64) -> Result<HubTerms> {
    caller.require(Action::EditHub { hub: hub_id })?;
    let sites = app.passes_store().site_terms().await?.into_iter().filter(|t| t.hub_id == hub_id).collect();
    let rounding = app.passes_store().hub_rounding(hub_id).await?;
    Ok(HubTerms { rounding, sites })
}

/// One site's terms as a manager sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteRate {
    pub site_id: i64,
    pub accepts_vouchers: bool,
    pub hourly_rate_cents: i64,
}

/// Saves a hub's rounding rule and its sites' terms at once (its managers).
pub async fn save_hub_terms(
    app: &App,
    caller: &Caller,
    hub_id: i64,
    rounding: Rounding,
    sites: &[SiteRate],
) -> Result<()> {
    let own = hub_terms(app, caller, hub_id).await?;
    let mut errs = FieldErrors::new();
    for s in sites {
        if let Err(e) = rules::check_hourly_rate(s.hourly_rate_cents) {
            errs.push(FieldError { field: format!("rate_{}", s.site_id), ..e });
        }
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    if sites.iter().any(|s| !own.sites.iter().any(|t| t.site_id == s.site_id)) {
        return Err(Error::Forbidden);
    }
    app.passes_store().set_hub_rounding(&caller.who(), hub_id, rounding).await?;
    for s in sites {
        app.passes_store().set_site_terms(&caller.who(), s.site_id, s.accepts_vouchers, s.hourly_rate_cents).await?;
    }
    Ok(())
}

/// Whether a site accepts hour vouchers and what it is paid per hour hosted
/// (its hub's managers).
pub async fn set_site_terms(app: &App, caller: &Caller, site_id: i64, accepts: bool, rate_cents: i64) -> Result<()> {
    caller.person()?;
    let site = app.network_store().site(site_id).await?.ok_or(Error::NotFound)?;
    caller.require(Action::EditHub { hub: site.hub_id })?;
    rules::check_hourly_rate(rate_cents)?;
    app.passes_store().set_site_terms(&caller.who(), site_id, accepts, rate_cents).await?;
    Ok(())
}

/// How a hub rounds stays at its sites (its managers): a step of 1 to 60
/// minutes and a mode (up, nearest, down).
pub async fn set_rounding(app: &App, caller: &Caller, hub_id: i64, step: i64, mode: &str) -> Result<()> {
    caller.person()?;
    app.network_store().hub(hub_id).await?.ok_or(Error::NotFound)?;
    caller.require(Action::EditHub { hub: hub_id })?;
    let r = rules::validate_rounding(step, mode)?;
    app.passes_store().set_hub_rounding(&caller.who(), hub_id, r).await?;
    Ok(())
}

/// Whose settlement the caller sees: the hub asked for; by default the
/// whole network for administrators, the first hub they manage for others.
pub fn settlement_scope(caller: &Caller, asked: Option<i64>) -> Result<Option<i64>> {
    caller.person()?;
    let roles = caller.roles();
    let scope = match asked {
        Some(h) => Some(h),
        None if roles.is_admin() => None,
        None => roles.managed_hubs().first().copied(),
    };
    caller.require(Action::ViewSettlement { hub: scope })?;
    Ok(scope)
}

/// The period `[from, to)` of two local dates (`YYYY-MM-DD`): the dates
/// and their instants; at most 400 days.
pub fn period(from: &str, to: &str) -> Result<(Date, Date, i64, i64)> {
    let mut errs = FieldErrors::new();
    let f = from.trim().parse::<Date>().map_err(|_| FieldError::new("from", "date"));
    let t = to.trim().parse::<Date>().map_err(|_| FieldError::new("to", "date"));
    let (Some(f), Some(t)) = (errs.take(f), errs.take(t)) else { return Err(errs.into()) };
    if t <= f {
        return Err(FieldError::new("to", "date-order").into());
    }
    let tz = portineria_domain::rome();
    let a = portineria_domain::hours::local_instant(f, 0, &tz).ok_or(Error::BadRequest("bad-date"))?;
    let b = portineria_domain::hours::local_instant(t, 0, &tz).ok_or(Error::BadRequest("bad-date"))?;
    if b.as_second() - a.as_second() > 400 * 86_400 {
        return Err(FieldError::new("to", "period-too-long").into());
    }
    Ok((f, t, a.as_second(), b.as_second()))
}

/// What one site hosted for one issuing hub, by passes or by vouchers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementRow {
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

/// The settlement of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub from: Date,
    pub to: Date,
    pub lines: Vec<SettlementRow>,
    pub total_stays: i64,
    pub total_minutes: i64,
    pub total_owed_cents: i64,
}

/// What each site hosted from `from` to `to` (local dates, `[from, to)`),
/// per issuing hub, by passes and by vouchers, and what the issuing hub
/// owes it; only the lines about the caller's hub (as issuer or host)
/// unless they see the whole network (see [`settlement_scope`]).
pub async fn settlement(app: &App, caller: &Caller, hub: Option<i64>, from: &str, to: &str) -> Result<Settlement> {
    let scope = settlement_scope(caller, hub)?;
    let (f, t, a, b) = period(from, to)?;
    let stays = app.passes_store().stays(a, b).await?;
    let terms = app.passes_store().site_terms().await?;
    let index = app.sites().await?;
    let site_hub = |s: i64| terms.iter().find(|x| x.site_id == s).map(|x| x.hub_id).unwrap_or(0);
    let stays: Vec<Stay> = stays
        .iter()
        .map(|c| Stay {
            site: c.site_id,
            issuer_hub: c.issuer_hub_id,
            via_voucher: c.via == "voucher",
            minutes: c.minutes.unwrap_or(0),
        })
        .filter(|s| scope.is_none_or(|h| s.issuer_hub == h || site_hub(s.site) == h))
        .collect();
    let lines: Vec<SettlementLine> =
        settle(&stays, |s| terms.iter().find(|x| x.site_id == s).map(|x| x.hourly_rate_cents).unwrap_or(0));
    let hub_name = |h: i64| index.hubs.iter().find(|x| x.id == h).map(|x| x.name.clone()).unwrap_or_default();
    let site_name = |s: i64| index.sites.iter().find(|x| x.id == s).map(|x| x.name.clone()).unwrap_or_default();
    Ok(Settlement {
        from: f,
        to: t,
        total_stays: lines.iter().map(|l| l.stays).sum(),
        total_minutes: lines.iter().map(|l| l.minutes).sum(),
        total_owed_cents: lines.iter().map(|l| l.owed_cents).sum(),
        lines: lines
            .iter()
            .map(|l| SettlementRow {
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
