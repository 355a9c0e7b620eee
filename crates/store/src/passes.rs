//! Plans, sales, passes, hour vouchers, check-ins and what settlement needs.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/passes.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use portineria_domain::kinds::PlaceKind;
use portineria_domain::passes::{Charge, PlanKind};
pub use portineria_domain::passes::{PaymentMethod, PlanDraft};
use serde::Serialize;

/// Something a hub (or, with no hub, the whole network) sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub hub_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub kind: PlanKind,
    pub price_cents: i64,
    pub valid_days: i64,
    /// Entries of an entries pass.
    pub entries: Option<i64>,
    /// Minutes of an hours plan (an hour voucher).
    pub minutes: Option<i64>,
    /// Trainings (courses and events included in memberships) a pass of it pays for.
    pub trainings: Option<i64>,
    /// A per-course membership: its passes pay for this course.
    pub course_id: Option<i64>,
    /// Sites covered; empty: every site of the hub (or of the network).
    pub sites: Vec<i64>,
    /// Kinds of place covered when booking; empty: every kind.
    pub place_kinds: Vec<PlaceKind>,
    pub active: bool,
    pub created_at: i64,
}

/// A sale: a plan sold to a person by a hub, with its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSale {
    pub plan_id: i64,
    pub account_id: i64,
    /// The selling hub (the plan's own, or any hub for a network-wide plan).
    pub hub_id: i64,
    pub valid_from: i64,
    pub valid_until: i64,
    pub amount_cents: i64,
    pub method: PaymentMethod,
    /// `paid`, or `pending` while an online provider has not confirmed.
    pub paid: bool,
    pub provider: Option<String>,
    pub reference: String,
    /// Others who may spend an hour voucher (a family, a team).
    pub voucher_members: Vec<i64>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub id: i64,
    pub account_id: Option<i64>,
    pub account_label: String,
    pub hub_id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub amount_cents: i64,
    pub method: String,
    pub status: String,
    pub provider: Option<String>,
    pub reference: String,
    pub created_at: i64,
}

/// What a sale gave the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sale {
    pub payment: Payment,
    pub pass: Option<Pass>,
    pub voucher: Option<Voucher>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pass {
    pub id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub kind: PlanKind,
    pub plan_hub_id: Option<i64>,
    pub plan_sites: Vec<i64>,
    pub place_kinds: Vec<PlaceKind>,
    pub account_id: i64,
    pub hub_id: i64,
    pub valid_from: i64,
    pub valid_until: i64,
    pub entries_left: Option<i64>,
    /// Trainings it still pays for (a plan with trainings).
    pub trainings_left: Option<i64>,
    /// A per-course membership's course.
    pub course_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voucher {
    pub id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub account_id: i64,
    pub hub_id: i64,
    pub minutes_total: i64,
    pub balance_minutes: i64,
    pub valid_from: i64,
    pub expires_at: i64,
    /// Others who may spend it.
    pub members: Vec<i64>,
    pub created_at: i64,
}

/// One debit of a voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoucherUse {
    pub id: i64,
    pub voucher_id: i64,
    pub checkin_id: Option<i64>,
    pub site_id: Option<i64>,
    pub minutes: i64,
    pub balance_after: i64,
    pub at: i64,
}

/// A stay at a site, open until checked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkin {
    pub id: i64,
    pub account_id: Option<i64>,
    pub site_id: i64,
    /// `pass` or `voucher`.
    pub via: String,
    pub pass_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub issuer_hub_id: i64,
    pub checked_in_at: i64,
    pub checked_out_at: Option<i64>,
    pub minutes: Option<i64>,
    pub debited_minutes: Option<i64>,
    pub uncovered_minutes: Option<i64>,
}

/// A check-in request: the person (from their QR code), where, and
/// optionally what to charge (otherwise the door's rule picks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCheckin {
    pub account_id: i64,
    pub site_id: i64,
    pub charge: Option<Charge>,
    pub now: i64,
}

/// A check-out and what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkout {
    pub checkin: Checkin,
    /// The voucher's balance after the debit.
    pub balance_after: Option<i64>,
    /// The debit took the voucher below its low mark for the first time.
    pub voucher_low: bool,
}

/// Who is in at a site now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub checkin: Checkin,
    pub display_name: String,
    pub email: String,
}

/// A hub's rounding rule and its sites' terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SiteTerms {
    pub site_id: i64,
    pub hub_id: i64,
    pub accepts_vouchers: bool,
    pub hourly_rate_cents: i64,
}

/// A pass about to expire whose holder has not been told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringPass {
    pub pass: Pass,
    pub email: String,
    pub display_name: String,
    pub locale: String,
}

/// Plans, sales, passes, hour vouchers, check-ins and what settlement needs.
#[async_trait]
pub trait PassStore: Send + Sync {
    /// The whole catalogue: network-wide plans first, then by hub and price.
    async fn plans(&self) -> Result<Vec<Plan>>;
    async fn plan(&self, id: i64) -> Result<Option<Plan>>;
    async fn create_plan(&self, who: &Who, d: &PlanDraft) -> Result<Plan>;
    /// A plan's hub and kind never change (`Conflict("plan-kind-fixed")`).
    async fn update_plan(&self, who: &Who, id: i64, d: &PlanDraft) -> Result<Plan>;
    /// Records the payment and gives the pass (or, for an hours plan, the
    /// voucher) in one transaction.
    async fn sell(&self, who: &Who, s: &NewSale) -> Result<Sale>;
    /// Newest first; `hub` limits to one selling hub.
    async fn payments(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<Payment>>;
    async fn account_passes(&self, account_id: i64) -> Result<Vec<Pass>>;
    /// The vouchers a person holds or may spend.
    async fn account_vouchers(&self, account_id: i64) -> Result<Vec<Voucher>>;
    /// Newest first; `hub` limits to one selling hub.
    async fn vouchers(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<Voucher>>;
    async fn voucher(&self, id: i64) -> Result<Option<Voucher>>;
    /// Every debit of a voucher, oldest first.
    async fn voucher_uses(&self, voucher_id: i64) -> Result<Vec<VoucherUse>>;
    /// Opens a stay: the door's rule picks the pass or voucher unless one is
    /// named. Refusals are `Conflict(code)` with the codes of
    /// `domain::passes::Refusal`, or `already-checked-in`,
    /// `pass-not-yours`, `voucher-not-yours`.
    async fn check_in(&self, who: &Who, c: &NewCheckin) -> Result<Checkin>;
    /// Closes the person's open stay at `site_id`, rounds it by the hosting
    /// hub's rule and debits the voucher (never below zero; the rest is
    /// recorded as uncovered). `Conflict("not-checked-in")` or
    /// `Conflict("checked-in-elsewhere")`.
    async fn check_out(&self, who: &Who, account_id: i64, site_id: i64, now: i64) -> Result<Checkout>;
    async fn open_checkin(&self, account_id: i64) -> Result<Option<Checkin>>;
    /// A person's stays, newest first.
    async fn account_checkins(&self, account_id: i64, limit: u32) -> Result<Vec<Checkin>>;
    /// Who is in at a site, by arrival.
    async fn presence(&self, site_id: i64) -> Result<Vec<Presence>>;
    async fn present_count(&self, site_id: i64) -> Result<i64>;
    /// People checked in at a site now, and desk-pool seats booked for `now`.
    async fn site_occupancy(&self, site_id: i64, now: i64) -> Result<(i64, i64)>;
    /// Stays closed in `[from, to)`, by check-out.
    async fn stays(&self, from: i64, to: i64) -> Result<Vec<Checkin>>;
    async fn site_terms(&self) -> Result<Vec<SiteTerms>>;
    async fn set_site_terms(
        &self,
        who: &Who,
        site_id: i64,
        accepts_vouchers: bool,
        hourly_rate_cents: i64,
    ) -> Result<()>;
    async fn hub_rounding(&self, hub_id: i64) -> Result<portineria_domain::passes::Rounding>;
    async fn set_hub_rounding(
        &self,
        who: &Who,
        hub_id: i64,
        rounding: portineria_domain::passes::Rounding,
    ) -> Result<()>;
    /// Passes in use that end in `(now, until]` and whose holder was not told.
    async fn expiring_passes(&self, now: i64, until: i64) -> Result<Vec<ExpiringPass>>;
    /// Marks a pass's expiry as told; `true` only for the call that did it.
    async fn mark_pass_notified(&self, pass_id: i64) -> Result<bool>;
    /// The shared secret called `name`, created from `fresh` by the first caller.
    async fn server_key(&self, name: &str, fresh: &str) -> Result<String>;
}
