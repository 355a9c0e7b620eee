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
