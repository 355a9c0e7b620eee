//! Plans, passes, hour vouchers, the door and settlement: the pure rules.
//!
//! A plan is what a hub (or the whole network) sells; selling it gives a
//! person a pass (a window of validity, maybe a number of entries) or, for
//! an hours plan, an hour voucher (a pool of minutes spendable at any site
//! that accepts vouchers). At the door a check-in picks what the person's
//! stay is charged to ([`choose`]); at check-out the stay is rounded by the
//! hosting hub's rule ([`Rounding`]) and a voucher is debited ([`debit`]),
//! never below zero. Settlement ([`settle`]) sums the closed stays per site,
//! issuing hub and kind, and prices them at the site's hourly rate.

use crate::hours::local_instant;
use crate::kinds::PlaceKind;
use crate::money::{Cents, Minutes};
use crate::validate::{self as v, FieldError, FieldErrors};
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a plan sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// One day at the covered sites.
    Day,
    /// A number of entries within the validity window.
    Entries,
    Monthly,
    Annual,
    /// The basic membership of the exchange network: a profile and requests,
    /// not a desk.
    Membership,
    /// A premium package on top of the basic membership: desk access included.
    Premium,
    /// A membership of one course (used by the programme).
    Course,
    /// A pool of hours: selling it gives an hour voucher.
    Hours,
}

impl PlanKind {
    pub const ALL: &'static [PlanKind] = &[
        PlanKind::Day,
        PlanKind::Entries,
        PlanKind::Monthly,
        PlanKind::Annual,
        PlanKind::Membership,
        PlanKind::Premium,
        PlanKind::Course,
        PlanKind::Hours,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PlanKind::Day => "day",
            PlanKind::Entries => "entries",
            PlanKind::Monthly => "monthly",
            PlanKind::Annual => "annual",
            PlanKind::Membership => "membership",
            PlanKind::Premium => "premium",
            PlanKind::Course => "course",
            PlanKind::Hours => "hours",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Whether a pass of this kind lets its holder in at a covered site.
    pub fn opens_the_door(&self) -> bool {
        matches!(self, PlanKind::Day | PlanKind::Entries | PlanKind::Monthly | PlanKind::Annual | PlanKind::Premium)
    }

    /// The validity a new plan of this kind suggests, in days.
    pub fn default_valid_days(&self) -> i64 {
        match self {
            PlanKind::Day => 1,
            PlanKind::Entries => 180,
            PlanKind::Monthly => 30,
            PlanKind::Course => 120,
            PlanKind::Annual | PlanKind::Membership | PlanKind::Premium | PlanKind::Hours => 365,
        }
    }
}

/// Which sites a plan covers: the listed ones, or else every site of its
/// hub, or else (a network-wide plan) every site.
pub fn covers(plan_hub: Option<i64>, plan_sites: &[i64], site: i64, site_hub: i64) -> bool {
    if !plan_sites.is_empty() { plan_sites.contains(&site) } else { plan_hub.is_none_or(|h| h == site_hub) }
}

/// The validity window of a pass starting on `date` (local midnight in `tz`)
/// for `days` days, as Unix seconds `[from, until)`. Days with a change of
/// time are 23 or 25 hours long.
pub fn window(date: Date, days: i64, tz: &TimeZone) -> Option<(i64, i64)> {
    let end = date.checked_add(days.days()).ok()?;
    let from = local_instant(date, 0, tz)?.as_second();
    let until = local_instant(end, 0, tz)?.as_second();
    (until > from).then_some((from, until))
}

/// How a hub rounds the length of a stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    /// Minutes, 1 to 60.
    pub step: i64,
    pub mode: RoundMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundMode {
    Up,
    Nearest,
    Down,
}

impl RoundMode {
    pub const ALL: &'static [RoundMode] = &[RoundMode::Up, RoundMode::Nearest, RoundMode::Down];

    pub fn as_str(&self) -> &'static str {
        match self {
            RoundMode::Up => "up",
            RoundMode::Nearest => "nearest",
            RoundMode::Down => "down",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding { step: 15, mode: RoundMode::Up }
    }
}

impl Rounding {
    /// The length of a stay of `seconds`, in whole minutes, rounded to the
    /// step (a stay of any length counts; a zero-length one counts zero).
    pub fn minutes(&self, seconds: i64) -> i64 {
        let seconds = seconds.max(0);
        let step = self.step.clamp(1, 60) * 60;
        let steps = match self.mode {
            RoundMode::Up => (seconds + step - 1) / step,
            RoundMode::Down => seconds / step,
            RoundMode::Nearest => (seconds + step / 2) / step,
        };
        steps * step / 60
    }
}

/// A pass as the door sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassAtDoor {
    pub id: i64,
    pub kind: PlanKind,
    /// The plan's hub (`None`: network-wide).
    pub plan_hub: Option<i64>,
    pub plan_sites: Vec<i64>,
    /// Kinds of place covered; empty: every kind.
    pub place_kinds: Vec<PlaceKind>,
    pub valid_from: i64,
    pub valid_until: i64,
    pub entries_left: Option<i64>,
}

/// An hour voucher as the door sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherAtDoor {
    pub id: i64,
    pub balance: i64,
    pub valid_from: i64,
    pub expires_at: i64,
}

/// What a stay is charged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "via", content = "id")]
pub enum Charge {
    Pass(i64),
    Voucher(i64),
}

/// Why the door stays shut, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum Refusal {
    #[error("no entries left on the pass")]
    NoEntriesLeft,
    #[error("the pass is not valid now")]
    PassNotValidNow,
    #[error("the pass does not cover this site")]
    PassNotCovering,
    #[error("the voucher has no hours left")]
    VoucherEmpty,
    #[error("the voucher is not valid now")]
    VoucherNotValidNow,
    #[error("this site does not accept hour vouchers")]
    VoucherNotAccepted,
    #[error("no pass or voucher for this site")]
    NoEntitlement,
}

impl Refusal {
    pub const ALL: &'static [Refusal] = &[
        Refusal::NoEntriesLeft,
        Refusal::PassNotValidNow,
        Refusal::PassNotCovering,
        Refusal::VoucherEmpty,
        Refusal::VoucherNotValidNow,
        Refusal::VoucherNotAccepted,
        Refusal::NoEntitlement,
    ];

    /// The stable code, also the Fluent message `err-<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoEntriesLeft => "no-entries-left",
            Refusal::PassNotValidNow => "pass-not-valid-now",
            Refusal::PassNotCovering => "pass-not-covering",
            Refusal::VoucherEmpty => "voucher-empty",
            Refusal::VoucherNotValidNow => "voucher-not-valid-now",
            Refusal::VoucherNotAccepted => "voucher-not-accepted",
            Refusal::NoEntitlement => "no-entitlement",
        }
    }
}

/// The site at whose door the person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Door {
    pub site: i64,
    pub hub: i64,
    pub accepts_vouchers: bool,
    pub now: i64,
    /// When booking a place: its kind (a plan may cover some kinds only).
    pub place_kind: Option<PlaceKind>,
}

/// Whether this pass lets its holder in at this door.
pub fn pass_admits(p: &PassAtDoor, door: Door) -> Result<(), Refusal> {
    let kind_covered = door.place_kind.is_none_or(|k| p.place_kinds.is_empty() || p.place_kinds.contains(&k));
    if !p.kind.opens_the_door() || !covers(p.plan_hub, &p.plan_sites, door.site, door.hub) || !kind_covered {
        return Err(Refusal::PassNotCovering);
    }
    if door.now < p.valid_from || door.now >= p.valid_until {
        return Err(Refusal::PassNotValidNow);
    }
    if p.entries_left.is_some_and(|n| n <= 0) {
        return Err(Refusal::NoEntriesLeft);
    }
    Ok(())
}

/// Whether this voucher can pay for a stay at this door.
pub fn voucher_admits(v: &VoucherAtDoor, door: Door) -> Result<(), Refusal> {
    if !door.accepts_vouchers {
        return Err(Refusal::VoucherNotAccepted);
    }
    if door.now < v.valid_from || door.now >= v.expires_at {
        return Err(Refusal::VoucherNotValidNow);
    }
    if v.balance <= 0 {
        return Err(Refusal::VoucherEmpty);
    }
    Ok(())
}

/// Picks what a stay is charged to: a time pass first (it costs nothing
/// more), then an entries pass, then a voucher; among equals the one that
/// expires first. When nothing admits the person, the most specific reason.
pub fn choose(passes: &[PassAtDoor], vouchers: &[VoucherAtDoor], door: Door) -> Result<Charge, Refusal> {
    let mut refusal = Refusal::NoEntitlement;
    let mut best: Option<((u8, i64, i64), Charge)> = None;
    for p in passes {
        match pass_admits(p, door) {
            Ok(()) => {
                let rank = (u8::from(p.entries_left.is_some()), p.valid_until, p.id);
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, Charge::Pass(p.id)));
                }
            }
            Err(e) => refusal = refusal.min(e),
        }
    }
    for v in vouchers {
        match voucher_admits(v, door) {
            Ok(()) => {
                let rank = (2, v.expires_at, v.id);
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, Charge::Voucher(v.id)));
                }
            }
            Err(e) => refusal = refusal.min(e),
        }
    }
    best.map(|(_, c)| c).ok_or(refusal)
}

/// Debits a stay of `minutes` from a voucher holding `balance`: what is
/// taken (never more than the balance) and what is left uncovered.
pub fn debit(balance: i64, minutes: i64) -> (i64, i64) {
    let minutes = minutes.max(0);
    let taken = minutes.min(balance.max(0));
    (taken, minutes - taken)
}

/// Whether a voucher's balance is running low: a fifth of its hours or
/// less, or under two hours, whichever mark comes first.
pub fn is_low(balance: i64, total: i64) -> bool {
    balance * 5 <= total || balance < 120
}

/// A closed stay, as settlement sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub site: i64,
    /// The hub that sold the pass or voucher.
    pub issuer_hub: i64,
    pub via_voucher: bool,
    pub minutes: i64,
}

/// One line of a settlement: what a site hosted for one issuing hub, by
/// passes or by vouchers, and what that hub owes the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementLine {
    pub site: i64,
    pub issuer_hub: i64,
    pub via_voucher: bool,
    pub stays: i64,
    pub minutes: i64,
    /// The site's hourly rate, in cents.
    pub rate_cents: i64,
    /// `minutes × rate / 60`, rounded half up to the cent.
    pub owed_cents: i64,
}

/// Sums stays per (site, issuing hub, pass or voucher), in that order, and
/// prices each line at the site's hourly rate.
pub fn settle(stays: &[Stay], rate_cents: impl Fn(i64) -> i64) -> Vec<SettlementLine> {
    let mut lines: BTreeMap<(i64, i64, bool), (i64, i64)> = BTreeMap::new();
    for s in stays {
        let e = lines.entry((s.site, s.issuer_hub, s.via_voucher)).or_default();
        e.0 += 1;
        e.1 += s.minutes.max(0);
    }
    lines
        .into_iter()
        .map(|((site, issuer_hub, via_voucher), (stays, minutes))| {
            let rate = rate_cents(site).max(0);
            SettlementLine {
                site,
                issuer_hub,
                via_voucher,
                stays,
                minutes,
                rate_cents: rate,
                owed_cents: owed(minutes, rate),
            }
        })
        .collect()
}

/// `minutes` at `rate_cents` an hour, rounded half up to the cent.
pub fn owed(minutes: i64, rate_cents: i64) -> i64 {
    (minutes.saturating_mul(rate_cents) + 30).div_euclid(60)
}

/// How money was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Transfer,
    Pos,
    /// Taken by an online payment provider (the seam for a later integration).
    Online,
}

impl PaymentMethod {
    pub const ALL: &'static [PaymentMethod] =
        &[PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::Pos, PaymentMethod::Online];

    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Pos => "pos",
            PaymentMethod::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|m| m.as_str() == s)
    }
}

/// The highest price of a plan and amount of a sale, in cents (a million euros).
pub const PRICE_MAX_CENTS: i64 = 100_000_000;
/// The longest validity of a plan, in days (about ten years).
pub const VALID_DAYS_MAX: i64 = 3660;
/// The most entries of an entries pass.
pub const ENTRIES_MAX: i64 = 1000;
/// The fewest and most minutes of an hours plan.
pub const MINUTES_MIN: i64 = 15;
pub const MINUTES_MAX: i64 = 100_000;
/// The most trainings a plan pays for.
pub const TRAININGS_MAX: i64 = 500;
/// How many days back a sale may start.
pub const SALE_BACKDATE_DAYS: i64 = 31;
/// The highest hourly rate a site may be paid, in cents.
pub const HOURLY_RATE_MAX_CENTS: i64 = 100_000;

/// A plan as a manager submits it (the API's body, or the page's form once
/// its amounts are read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanInput {
    /// `None`: a network-wide plan.
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
    pub trainings: Option<i64>,
    /// Only for a per-course membership (kind `course`).
    pub course_id: Option<i64>,
    pub site_ids: Vec<i64>,
    /// Kinds of place a holder may book; empty: every kind.
    pub place_kinds: Vec<String>,
    /// Default: on sale.
    pub active: Option<bool>,
}

/// A plan as the store writes it: made only by [`validate_plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanDraft {
    pub hub_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub kind: PlanKind,
    pub price_cents: Cents,
    pub valid_days: i64,
    pub entries: Option<i64>,
    pub minutes: Option<Minutes>,
    pub trainings: Option<i64>,
    pub course_id: Option<i64>,
    /// Sorted, without repeats.
    pub sites: Vec<i64>,
    /// Without repeats, in the order given.
    pub place_kinds: Vec<PlaceKind>,
    pub active: bool,
}

/// Validates a plan, field by field.
pub fn validate_plan(b: &PlanInput) -> Result<PlanDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &b.name, 120));
    let description = errs.take(v::optional("description", b.description.as_deref(), 2000));
    let kind = PlanKind::parse(b.kind.trim());
    if kind.is_none() {
        errs.push(FieldError::new("kind", "plan-kind"));
    }
    let price = Cents::new(b.price_cents).ok().filter(|c| c.cents() <= PRICE_MAX_CENTS);
    if price.is_none() {
        errs.push(FieldError::new("price", "range").with("min", 0).with("max", PRICE_MAX_CENTS / 100));
    }
    let valid_days = b.valid_days.or(kind.map(|k| k.default_valid_days())).unwrap_or(1);
    if !(1..=VALID_DAYS_MAX).contains(&valid_days) {
        errs.push(FieldError::new("valid_days", "range").with("min", 1).with("max", VALID_DAYS_MAX));
    }
    let entries = match (kind, b.entries) {
        (Some(PlanKind::Entries), Some(n)) if (1..=ENTRIES_MAX).contains(&n) => Some(n),
        (Some(PlanKind::Entries), _) => {
            errs.push(FieldError::new("entries", "range").with("min", 1).with("max", ENTRIES_MAX));
            None
        }
        _ => None,
    };
    let minutes = match (kind, b.minutes) {
        (Some(PlanKind::Hours), Some(m)) if (MINUTES_MIN..=MINUTES_MAX).contains(&m) => Minutes::new(m).ok(),
        (Some(PlanKind::Hours), _) => {
            errs.push(FieldError::new("hours", "range").with("min", 1).with("max", MINUTES_MAX / 60));
            None
        }
        _ => None,
    };
    let trainings = match b.trainings {
        Some(n) if (1..=TRAININGS_MAX).contains(&n) => Some(n),
        Some(_) => {
            errs.push(FieldError::new("trainings", "range").with("min", 1).with("max", TRAININGS_MAX));
            None
        }
        None => None,
    };
    if b.course_id.is_some() && kind != Some(PlanKind::Course) {
        errs.push(FieldError::new("course_id", "plan-course-kind"));
    }
    let mut sites = b.site_ids.clone();
    sites.sort_unstable();
    sites.dedup();
    let mut place_kinds = Vec::new();
    for k in &b.place_kinds {
        match PlaceKind::parse(k.trim()) {
            Some(k) if !place_kinds.contains(&k) => place_kinds.push(k),
            Some(_) => {}
            None => errs.push(FieldError::new("place_kinds", "kind")),
        }
    }
    match (name, description, kind, price) {
        (Some(name), Some(description), Some(kind), Some(price)) if errs.is_empty() => Ok(PlanDraft {
            hub_id: b.hub_id,
            name,
            description: description.unwrap_or_default(),
            kind,
            price_cents: price,
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

/// A sale as a seller submits it: to whom, from when, for how much, paid how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleInput {
    /// The buyer's account address.
    pub email: String,
    /// `YYYY-MM-DD`, the first day of validity (default: today).
    pub starts_on: Option<String>,
    /// Default: the plan's price.
    pub amount_cents: Option<i64>,
    /// cash, transfer, pos (online is the payment provider's).
    pub method: String,
    pub reference: Option<String>,
    /// For an hour voucher: addresses of others who may spend it.
    pub members: Vec<String>,
}

/// A sale that passed [`validate_sale`] (made only by it), with the
/// accounts it names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SaleDraft {
    pub buyer: i64,
    pub method: PaymentMethod,
    pub starts_on: Date,
    pub amount_cents: Cents,
    pub reference: String,
    /// Others who may spend an hour voucher.
    pub members: Vec<i64>,
}

/// The members' addresses as given: trimmed, blanks left out.
fn member_addresses(i: &SaleInput) -> impl Iterator<Item = &str> {
    i.members.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The well-formed addresses a sale names (the buyer's, then the members'),
/// as [`validate_sale`] asks for their accounts.
pub fn sale_addresses(i: &SaleInput) -> Vec<String> {
    let buyer = v::email("email", &i.email).ok();
    buyer.into_iter().chain(member_addresses(i).filter_map(|m| v::email("members", m).ok())).collect()
}

/// Checks a sale of a plan (its price and kind) on `today`, finding the
/// account of each address with `account`; every problem, field by field.
pub fn validate_sale(
    i: &SaleInput,
    plan_price_cents: i64,
    plan_kind: PlanKind,
    today: Date,
    account: impl Fn(&str) -> Option<i64>,
) -> Result<SaleDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let email = errs.take(v::email("email", &i.email));
    let method = PaymentMethod::parse(i.method.trim()).filter(|m| *m != PaymentMethod::Online);
    if method.is_none() {
        errs.push(FieldError::new("method", "payment-method"));
    }
    let starts_on = match i.starts_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(today),
        Some(s) => match s.parse::<Date>() {
            Ok(d) if d >= today.checked_sub(SALE_BACKDATE_DAYS.days()).unwrap_or(today) => Some(d),
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
    let amount = Cents::new(i.amount_cents.unwrap_or(plan_price_cents)).ok().filter(|c| c.cents() <= PRICE_MAX_CENTS);
    if amount.is_none() {
        errs.push(FieldError::new("amount", "range").with("min", 0).with("max", PRICE_MAX_CENTS / 100));
    }
    let reference = errs.take(v::optional("reference", i.reference.as_deref(), 200));
    let mut members = Vec::new();
    for m in member_addresses(i) {
        match v::email("members", m) {
            Ok(e) => match account(&e) {
                Some(a) => members.push(a),
                None => errs.push(FieldError::new("members", "unknown-account")),
            },
            Err(e) => errs.push(e),
        }
    }
    if !members.is_empty() && plan_kind != PlanKind::Hours {
        errs.push(FieldError::new("members", "members-only-vouchers"));
    }
    let buyer = email.as_deref().and_then(&account);
    if email.is_some() && buyer.is_none() {
        errs.push(FieldError::new("email", "unknown-account"));
    }
    match (buyer, method, starts_on, reference, amount) {
        (Some(buyer), Some(method), Some(starts_on), Some(reference), Some(amount)) if errs.is_empty() => {
            Ok(SaleDraft {
                buyer,
                method,
                starts_on,
                amount_cents: amount,
                reference: reference.unwrap_or_default(),
                members,
            })
        }
        _ => Err(errs),
    }
}

/// Validates a rounding rule: a step of 1 to 60 minutes and a mode.
pub fn validate_rounding(step: i64, mode: &str) -> Result<Rounding, FieldErrors> {
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

/// A site's hourly rate, 0 to [`HOURLY_RATE_MAX_CENTS`].
pub fn check_hourly_rate(cents: i64) -> Result<i64, FieldError> {
    if (0..=HOURLY_RATE_MAX_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(FieldError::new("hourly_rate", "range").with("min", 0).with("max", HOURLY_RATE_MAX_CENTS / 100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn door(site: i64, hub: i64, now: i64) -> Door {
        Door { site, hub, accepts_vouchers: true, now, place_kind: None }
    }

    #[test]
    fn rounding_rules() {
        let up = Rounding { step: 15, mode: RoundMode::Up };
        assert_eq!(up.minutes(0), 0);
        assert_eq!(up.minutes(1), 15);
        assert_eq!(up.minutes(15 * 60), 15);
        assert_eq!(up.minutes(15 * 60 + 1), 30);
        let near = Rounding { step: 30, mode: RoundMode::Nearest };
        assert_eq!(near.minutes(14 * 60 + 59), 0);
        assert_eq!(near.minutes(15 * 60), 30);
        let down = Rounding { step: 60, mode: RoundMode::Down };
        assert_eq!(down.minutes(119 * 60), 60);
        assert_eq!(Rounding { step: 1, mode: RoundMode::Up }.minutes(61), 2);
    }

    #[test]
    fn a_day_pass_on_the_autumn_change_lasts_25_hours() {
        let tz = crate::rome();
        let (from, until) = window(jiff::civil::date(2026, 10, 25), 1, &tz).unwrap_or_default();
        assert_eq!(until - from, 25 * 3600);
        let (from, until) = window(jiff::civil::date(2026, 3, 29), 1, &tz).unwrap_or_default();
        assert_eq!(until - from, 23 * 3600);
    }

    #[test]
    fn the_door_prefers_time_passes_and_names_the_reason() {
        let monthly = PassAtDoor {
            id: 1,
            kind: PlanKind::Monthly,
            plan_hub: Some(1),
            plan_sites: vec![],
            place_kinds: vec![],
            valid_from: 0,
            valid_until: 100,
            entries_left: None,
        };
        let entries = PassAtDoor { id: 2, kind: PlanKind::Entries, entries_left: Some(3), ..monthly.clone() };
        let voucher = VoucherAtDoor { id: 9, balance: 60, valid_from: 0, expires_at: 100 };
        let passes = [entries.clone(), monthly.clone()];
        assert_eq!(choose(&passes, std::slice::from_ref(&voucher), door(10, 1, 50)), Ok(Charge::Pass(1)));
        // At another hub's satellite only the voucher works.
        assert_eq!(choose(&passes, std::slice::from_ref(&voucher), door(20, 2, 50)), Ok(Charge::Voucher(9)));
        assert_eq!(choose(&passes, &[], door(20, 2, 50)), Err(Refusal::PassNotCovering));
        assert_eq!(choose(&passes, &[], door(10, 1, 100)), Err(Refusal::PassNotValidNow));
        let used = PassAtDoor { entries_left: Some(0), ..entries };
        assert_eq!(choose(&[used], &[], door(10, 1, 5)), Err(Refusal::NoEntriesLeft));
        let closed = Door { accepts_vouchers: false, ..door(20, 2, 50) };
        assert_eq!(choose(&[], &[voucher], closed), Err(Refusal::VoucherNotAccepted));
        assert_eq!(choose(&[], &[], door(1, 1, 1)), Err(Refusal::NoEntitlement));
        let course = PassAtDoor { kind: PlanKind::Course, ..monthly.clone() };
        assert_eq!(choose(&[course], &[], door(10, 1, 50)), Err(Refusal::PassNotCovering));
        // A desks-only pass books desks, not rooms; at the door any kind is fine.
        let desks = PassAtDoor { place_kinds: vec![PlaceKind::DeskPool], ..monthly };
        let room = Door { place_kind: Some(PlaceKind::MeetingRoom), ..door(10, 1, 50) };
        let desk = Door { place_kind: Some(PlaceKind::DeskPool), ..door(10, 1, 50) };
        assert_eq!(choose(std::slice::from_ref(&desks), &[], room), Err(Refusal::PassNotCovering));
        assert_eq!(choose(std::slice::from_ref(&desks), &[], desk), Ok(Charge::Pass(1)));
        assert_eq!(choose(&[desks], &[], door(10, 1, 50)), Ok(Charge::Pass(1)));
    }

    fn plan_input() -> PlanInput {
        PlanInput { name: "Mensile".into(), kind: "monthly".into(), price_cents: 8_000, ..PlanInput::default() }
    }

    fn codes(e: &FieldErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|f| (f.field.as_str(), f.code)).collect()
    }

    #[test]
    fn a_plan_takes_its_kinds_defaults_and_names_each_wrong_field() {
        let d = validate_plan(&plan_input()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((d.kind, d.valid_days, d.active, d.entries, d.minutes), (PlanKind::Monthly, 30, true, None, None));
        let wrong = PlanInput {
            name: " ".into(),
            kind: "weekly".into(),
            price_cents: -1,
            valid_days: Some(0),
            trainings: Some(501),
            course_id: Some(3),
            place_kinds: vec!["desk_pool".into(), "garage".into()],
            ..PlanInput::default()
        };
        let e = validate_plan(&wrong).err().unwrap_or_default();
        assert_eq!(
            codes(&e),
            [
                ("name", "required"),
                ("kind", "plan-kind"),
                ("price", "range"),
                ("valid_days", "range"),
                ("trainings", "range"),
                ("course_id", "plan-course-kind"),
                ("place_kinds", "kind"),
            ]
        );
        let entries = PlanInput { kind: "entries".into(), ..plan_input() };
        assert_eq!(codes(&validate_plan(&entries).err().unwrap_or_default()), [("entries", "range")]);
        let hours = PlanInput { kind: "hours".into(), minutes: Some(14), ..plan_input() };
        let e = validate_plan(&hours).err().unwrap_or_default();
        assert_eq!(e.0.first().map(|f| f.args.clone()), Some(vec![("min", 1), ("max", 1666)]));
    }

    fn sale_input() -> SaleInput {
        SaleInput { email: "Anna@Example.org".into(), method: "cash".into(), ..SaleInput::default() }
    }

    fn known(e: &str) -> Option<i64> {
        match e {
            "anna@example.org" => Some(1),
            "bruno@example.org" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn a_sale_names_every_problem_in_order() {
        let today = jiff::civil::date(2026, 11, 20);
        let d =
            validate_sale(&sale_input(), 5_000, PlanKind::Monthly, today, known).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((d.buyer, d.method, d.starts_on, d.amount_cents.cents()), (1, PaymentMethod::Cash, today, 5_000));
        let wrong = SaleInput {
            email: "nobody@example.org".into(),
            starts_on: Some("2026-10-01".into()),
            amount_cents: Some(-5),
            method: "online".into(),
            reference: None,
            members: vec!["bruno@example.org".into(), "x".into(), " ".into(), "carla@example.org".into()],
        };
        let e = validate_sale(&wrong, 5_000, PlanKind::Monthly, today, known).err().unwrap_or_default();
        assert_eq!(
            codes(&e),
            [
                ("method", "payment-method"),
                ("starts_on", "date-too-early"),
                ("amount", "range"),
                ("members", "email"),
                ("members", "unknown-account"),
                ("members", "members-only-vouchers"),
                ("email", "unknown-account"),
            ]
        );
        assert_eq!(
            sale_addresses(&wrong),
            ["nobody@example.org", "bruno@example.org", "carla@example.org"].map(String::from)
        );
        let voucher = SaleInput { members: vec!["bruno@example.org".into()], ..sale_input() };
        let d = validate_sale(&voucher, 5_000, PlanKind::Hours, today, known).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(d.members, [2]);
    }

    #[test]
    fn rounding_and_rates_within_bounds() {
        assert_eq!(validate_rounding(15, " up "), Ok(Rounding { step: 15, mode: RoundMode::Up }));
        let e = validate_rounding(0, "sideways").err().unwrap_or_default();
        assert_eq!(codes(&e), [("step", "range"), ("mode", "rounding-mode")]);
        assert_eq!(check_hourly_rate(100_000), Ok(100_000));
        assert_eq!(check_hourly_rate(-1).map_err(|e| e.code), Err("range"));
    }

    fn pass() -> impl Strategy<Value = PassAtDoor> {
        (
            1i64..50,
            prop::sample::select(PlanKind::ALL),
            proptest::option::of(1i64..3),
            prop::collection::vec(1i64..6, 0..3),
            0i64..100,
            1i64..100,
            proptest::option::of(0i64..3),
            prop::collection::vec(prop::sample::select(PlaceKind::ALL), 0..2),
        )
            .prop_map(|(id, kind, plan_hub, plan_sites, valid_from, len, entries_left, place_kinds)| {
                PassAtDoor {
                    id,
                    kind,
                    plan_hub,
                    plan_sites,
                    place_kinds,
                    valid_from,
                    valid_until: valid_from + len,
                    entries_left,
                }
            })
    }

    fn voucher() -> impl Strategy<Value = VoucherAtDoor> {
        (50i64..100, -5i64..200, 0i64..100, 1i64..100).prop_map(|(id, balance, valid_from, len)| VoucherAtDoor {
            id,
            balance,
            valid_from,
            expires_at: valid_from + len,
        })
    }

    proptest! {
        /// Whatever the door lets in, it admits by its own rules; whenever
        /// something admits, the door opens.
        #[test]
        fn choose_agrees_with_the_single_rules(
            passes in prop::collection::vec(pass(), 0..5),
            vouchers in prop::collection::vec(voucher(), 0..3),
            site in 1i64..6, hub in 1i64..3, now in 0i64..200, accepts in any::<bool>(),
            place_kind in proptest::option::of(prop::sample::select(PlaceKind::ALL)),
        ) {
            let d = Door { site, hub, accepts_vouchers: accepts, now, place_kind };
            let any_admits = passes.iter().any(|p| pass_admits(p, d).is_ok())
                || vouchers.iter().any(|v| voucher_admits(v, d).is_ok());
            match choose(&passes, &vouchers, d) {
                Ok(Charge::Pass(id)) => {
                    prop_assert!(passes.iter().any(|p| p.id == id && pass_admits(p, d).is_ok()));
                }
                Ok(Charge::Voucher(id)) => {
                    prop_assert!(vouchers.iter().any(|v| v.id == id && voucher_admits(v, d).is_ok()));
                    // A voucher is used only when no pass admits.
                    prop_assert!(!passes.iter().any(|p| pass_admits(p, d).is_ok()));
                }
                Err(_) => prop_assert!(!any_admits),
            }
        }

        /// A debit never takes more than the balance, and taken plus
        /// uncovered is the stay.
        #[test]
        fn debits_never_overdraw(balance in 0i64..10_000, minutes in 0i64..10_000) {
            let (taken, uncovered) = debit(balance, minutes);
            prop_assert!(taken >= 0 && taken <= balance && uncovered >= 0);
            prop_assert_eq!(taken + uncovered, minutes);
        }

        /// Rounding lands on the step and moves by less than one step.
        #[test]
        fn rounding_lands_on_the_step(seconds in 0i64..100_000, step in 1i64..=60, mode in prop::sample::select(RoundMode::ALL)) {
            let r = Rounding { step, mode };
            let m = r.minutes(seconds);
            prop_assert_eq!(m % step, 0);
            prop_assert!((m * 60 - seconds).abs() < step * 60);
            match mode {
                RoundMode::Up => prop_assert!(m * 60 >= seconds),
                RoundMode::Down => prop_assert!(m * 60 <= seconds),
                RoundMode::Nearest => prop_assert!((m * 60 - seconds).abs() * 2 <= step * 60),
            }
        }

        /// A plan that passes holds what its kind needs and nothing else,
        /// within bounds, and passes again unchanged.
        #[test]
        fn a_valid_plan_is_within_bounds(
            kind in prop::sample::select(PlanKind::ALL),
            price_cents in -10i64..200_000_000,
            valid_days in proptest::option::of(-1i64..4000),
            entries in proptest::option::of(-1i64..1200),
            minutes in proptest::option::of(0i64..120_000),
            trainings in proptest::option::of(-1i64..600),
            sites in prop::collection::vec(1i64..6, 0..6),
            kinds in prop::collection::vec(prop::sample::select(PlaceKind::ALL), 0..4),
            hub_id in proptest::option::of(1i64..4),
        ) {
            let input = PlanInput {
                hub_id,
                name: "Piano".into(),
                kind: kind.as_str().into(),
                price_cents,
                valid_days,
                entries,
                minutes,
                trainings,
                site_ids: sites,
                place_kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
                ..PlanInput::default()
            };
            match validate_plan(&input) {
                Ok(d) => {
                    prop_assert!((0..=PRICE_MAX_CENTS).contains(&d.price_cents.cents()));
                    prop_assert!((1..=VALID_DAYS_MAX).contains(&d.valid_days));
                    prop_assert_eq!(d.entries.is_some(), kind == PlanKind::Entries);
                    prop_assert_eq!(d.minutes.is_some(), kind == PlanKind::Hours);
                    prop_assert!(d.sites.windows(2).all(|w| w[0] < w[1]));
                    for (i, k) in d.place_kinds.iter().enumerate() {
                        prop_assert!(!d.place_kinds[i + 1..].contains(k));
                    }
                    let again = PlanInput {
                        valid_days: Some(d.valid_days),
                        site_ids: d.sites.clone(),
                        place_kinds: d.place_kinds.iter().map(|k| k.as_str().to_owned()).collect(),
                        ..input
                    };
                    prop_assert_eq!(validate_plan(&again), Ok(d));
                }
                Err(e) => prop_assert!(!e.is_empty()),
            }
        }

        /// A sale that passes is to a known buyer, within the amounts and the
        /// days allowed; members only for an hour voucher.
        #[test]
        fn a_valid_sale_is_within_bounds(
            kind in prop::sample::select(PlanKind::ALL),
            back in -40i64..40,
            amount in proptest::option::of(-10i64..200_000_000),
            method in prop::sample::select(vec!["cash", "transfer", "pos", "online", "cheque"]),
            members in prop::collection::vec(prop::sample::select(vec!["bruno@example.org", "carla@example.org", "x"]), 0..3),
        ) {
            let today = jiff::civil::date(2026, 3, 29);
            let starts_on = today.checked_add(back.days()).ok().map(|d| d.to_string());
            let input = SaleInput {
                starts_on,
                amount_cents: amount,
                method: method.into(),
                members: members.iter().map(|m| (*m).to_owned()).collect(),
                ..sale_input()
            };
            if let Ok(d) = validate_sale(&input, 5_000, kind, today, known) {
                prop_assert_eq!(d.buyer, 1);
                prop_assert!((0..=PRICE_MAX_CENTS).contains(&d.amount_cents.cents()));
                prop_assert!(d.method != PaymentMethod::Online);
                prop_assert!(d.starts_on >= today.checked_sub(SALE_BACKDATE_DAYS.days()).unwrap_or(today));
                prop_assert!(d.members.is_empty() || kind == PlanKind::Hours);
                prop_assert_eq!(d.members.len(), members.len());
            }
        }

        /// A rounding rule passes exactly when its step and mode are allowed.
        #[test]
        fn rounding_passes_within_its_bounds(step in -5i64..70, mode in prop::sample::select(vec!["up", "nearest", "down", "sideways"])) {
            prop_assert_eq!(validate_rounding(step, mode).is_ok(), (1..=60).contains(&step) && mode != "sideways");
        }

        /// Settlement loses no stay and no minute, and prices each line.
        #[test]
        fn settlement_reconciles(stays in prop::collection::vec((1i64..5, 1i64..3, any::<bool>(), 0i64..600), 0..60)) {
            let stays: Vec<Stay> = stays.into_iter()
                .map(|(site, issuer_hub, via_voucher, minutes)| Stay { site, issuer_hub, via_voucher, minutes })
                .collect();
            let lines = settle(&stays, |site| site * 250);
            prop_assert_eq!(lines.iter().map(|l| l.stays).sum::<i64>(), stays.len() as i64);
            prop_assert_eq!(lines.iter().map(|l| l.minutes).sum::<i64>(), stays.iter().map(|s| s.minutes).sum::<i64>());
            for l in &lines {
                let exact = l.minutes * l.rate_cents;
                prop_assert!((l.owed_cents * 60 - exact).abs() <= 30);
            }
        }
    }
}
