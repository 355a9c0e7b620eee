//! Exchanges: what moves between whom, who must agree, and who may review whom.
//!
//! An exchange is a set of legs. A leg moves one thing from one person to
//! another: a listing (the offer given, or the demand answered) or minutes of
//! time credit, which close a cycle where a leg is missing or pay for a
//! service. Every person on a leg is a party; every party confirms before the
//! deadline, and nothing is committed until all have (nor, if one declines,
//! at all). Once it is done, each party reviews the people it dealt with
//! directly, and those reviews feed reliability.

use crate::ledger::{self, Side, TransferError};
use std::collections::{BTreeMap, BTreeSet};

/// Where an exchange stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for every party to confirm.
    Proposed,
    /// Every party confirmed: its listings are taken.
    Accepted,
    /// Done: its time credit has moved.
    Completed,
    /// Done and every party has reviewed the people it dealt with.
    Reviewed,
    /// A party said no before everyone had confirmed.
    Declined,
    /// The deadline passed before everyone had confirmed.
    Expired,
    /// A party called it off after it was accepted; its listings are open again.
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Proposed,
        Status::Accepted,
        Status::Completed,
        Status::Reviewed,
        Status::Declined,
        Status::Expired,
        Status::Cancelled,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Completed => "completed",
            Status::Reviewed => "reviewed",
            Status::Declined => "declined",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The moves an exchange may make.
    pub fn may_become(self, next: Status) -> bool {
        use Status::*;
        matches!(
            (self, next),
            (Proposed, Accepted | Declined | Expired) | (Accepted, Completed | Cancelled) | (Completed, Reviewed)
        )
    }

    /// Whether it has been carried out (its reviews may be written).
    pub fn is_done(self) -> bool {
        matches!(self, Status::Completed | Status::Reviewed)
    }
}

/// What a leg moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moves {
    /// A listing: an offer its poster gives, or a demand its poster receives.
    Listing { id: i64, direction: crate::listings::Direction, poster: i64, open: bool },
    /// Minutes of time credit, paid by `from` to `to` on completion.
    Minutes(i64),
}

/// One leg: `from` gives to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    pub from: i64,
    pub to: i64,
    pub moves: Moves,
}

/// At most this many legs in one exchange.
pub const MAX_LEGS: usize = 12;
/// At most this many minutes on one leg (100 hours).
pub const MAX_LEG_MINUTES: i64 = 6000;
/// A deadline at most this far ahead (30 days).
pub const MAX_DEADLINE_SECONDS: i64 = 30 * 86_400;
/// The deadline when none is given (3 days).
pub const DEFAULT_DEADLINE_SECONDS: i64 = 3 * 86_400;

/// Why an exchange cannot be proposed. Each is a message code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("exchange-no-legs")]
    NoLegs,
    #[error("exchange-too-many-legs")]
    TooManyLegs,
    #[error("exchange-leg-to-self")]
    LegToSelf,
    #[error("exchange-listing-twice")]
    ListingTwice,
    /// An offer is given by its poster; a demand is received by its poster.
    #[error("exchange-listing-poster")]
    ListingPoster,
    #[error("exchange-listing-not-open")]
    ListingNotOpen,
    #[error("exchange-minutes-range")]
    MinutesRange,
    /// The proposer is not one of the parties.
    #[error("exchange-proposer-not-party")]
    ProposerNotParty,
    #[error("exchange-deadline-range")]
    DeadlineRange,
}

impl ProposalError {
    pub const ALL: [ProposalError; 9] = [
        ProposalError::NoLegs,
        ProposalError::TooManyLegs,
        ProposalError::LegToSelf,
        ProposalError::ListingTwice,
        ProposalError::ListingPoster,
        ProposalError::ListingNotOpen,
        ProposalError::MinutesRange,
        ProposalError::ProposerNotParty,
        ProposalError::DeadlineRange,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            ProposalError::NoLegs => "exchange-no-legs",
            ProposalError::TooManyLegs => "exchange-too-many-legs",
            ProposalError::LegToSelf => "exchange-leg-to-self",
            ProposalError::ListingTwice => "exchange-listing-twice",
            ProposalError::ListingPoster => "exchange-listing-poster",
            ProposalError::ListingNotOpen => "exchange-listing-not-open",
            ProposalError::MinutesRange => "exchange-minutes-range",
            ProposalError::ProposerNotParty => "exchange-proposer-not-party",
            ProposalError::DeadlineRange => "exchange-deadline-range",
        }
    }
}

/// Everyone on a leg, by account id.
pub fn parties(legs: &[Leg]) -> BTreeSet<i64> {
    legs.iter().flat_map(|l| [l.from, l.to]).collect()
}

/// Checks a proposal: legs that each move something between two different
/// people, every listing once, offers given by their poster and demands
/// received by theirs, a proposer who is a party (unless `on_behalf`, a
/// manager proposing for others) and a deadline in `(now, now + 30 days]`.
/// Returns the parties.
pub fn validate(
    legs: &[Leg],
    proposer: i64,
    on_behalf: bool,
    now: i64,
    deadline: i64,
) -> Result<BTreeSet<i64>, ProposalError> {
    if legs.is_empty() {
        return Err(ProposalError::NoLegs);
    }
    if legs.len() > MAX_LEGS {
        return Err(ProposalError::TooManyLegs);
    }
    let mut seen = BTreeSet::new();
    for leg in legs {
        if leg.from == leg.to {
            return Err(ProposalError::LegToSelf);
        }
        match leg.moves {
            Moves::Minutes(m) => {
                if !(1..=MAX_LEG_MINUTES).contains(&m) {
                    return Err(ProposalError::MinutesRange);
                }
            }
            Moves::Listing { id, direction, poster, open } => {
                if !seen.insert(id) {
                    return Err(ProposalError::ListingTwice);
                }
                let holder = match direction {
                    crate::listings::Direction::Offer => leg.from,
                    crate::listings::Direction::Demand => leg.to,
                };
                if holder != poster {
                    return Err(ProposalError::ListingPoster);
                }
                if !open {
                    return Err(ProposalError::ListingNotOpen);
                }
            }
        }
    }
    let parties = parties(legs);
    if !on_behalf && !parties.contains(&proposer) {
        return Err(ProposalError::ProposerNotParty);
    }
    if deadline <= now || deadline > now + MAX_DEADLINE_SECONDS {
        return Err(ProposalError::DeadlineRange);
    }
    Ok(parties)
}

/// The balances after every minutes leg is paid in order, or the first
/// payer that cannot (with why). `sides` holds each paying or paid party's
/// time-bank account, by the party's account id.
pub fn settle(legs: &[Leg], sides: &BTreeMap<i64, Side>) -> Result<BTreeMap<i64, i64>, (i64, TransferError)> {
    let mut now: BTreeMap<i64, Side> = sides.clone();
    for leg in legs {
        let Moves::Minutes(m) = leg.moves else { continue };
        let (Some(from), Some(to)) = (now.get(&leg.from).copied(), now.get(&leg.to).copied()) else {
            return Err((leg.from, TransferError::NotPositive));
        };
        let (a, b) = ledger::transfer(from, to, m).map_err(|e| (leg.from, e))?;
        if let Some(s) = now.get_mut(&leg.from) {
            s.balance = a;
        }
        if let Some(s) = now.get_mut(&leg.to) {
            s.balance = b;
        }
    }
    Ok(now.into_iter().map(|(k, s)| (k, s.balance)).collect())
}

/// Who reviews whom: each party reviews everyone it shares a leg with.
/// Ordered pairs `(author, subject)`, symmetric.
pub fn review_pairs(legs: &[Leg]) -> BTreeSet<(i64, i64)> {
    legs.iter().flat_map(|l| [(l.from, l.to), (l.to, l.from)]).collect()
}

/// Why a review cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The author was not a party.
    #[error("review-not-party")]
    NotParty,
    /// The subject did not deal with the author in this exchange.
    #[error("review-not-counterpart")]
    NotCounterpart,
    #[error("review-not-done")]
    NotDone,
    #[error("review-rating-range")]
    RatingRange,
}

impl ReviewError {
    pub const ALL: [ReviewError; 4] =
        [ReviewError::NotParty, ReviewError::NotCounterpart, ReviewError::NotDone, ReviewError::RatingRange];

    pub fn code(&self) -> &'static str {
        match self {
            ReviewError::NotParty => "review-not-party",
            ReviewError::NotCounterpart => "review-not-counterpart",
            ReviewError::NotDone => "review-not-done",
            ReviewError::RatingRange => "review-rating-range",
        }
    }
}

/// Whether `author` may review `subject` with `rating` on an exchange in `status`.
pub fn may_review(legs: &[Leg], status: Status, author: i64, subject: i64, rating: i64) -> Result<(), ReviewError> {
    if !parties(legs).contains(&author) {
        return Err(ReviewError::NotParty);
    }
    if !review_pairs(legs).contains(&(author, subject)) {
        return Err(ReviewError::NotCounterpart);
    }
    if !status.is_done() {
        return Err(ReviewError::NotDone);
    }
    if !(1..=5).contains(&rating) {
        return Err(ReviewError::RatingRange);
    }
    Ok(())
}

/// What others said of a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reliability {
    pub reviews: u32,
    pub rating_sum: u32,
    /// Exchanges carried out.
    pub completed: u32,
}

/// At least this many reviews before "reliable partner" is said.
pub const RELIABLE_REVIEWS: u32 = 2;

impl Reliability {
    /// The average rating in tenths (45 = 4.5), when there are reviews.
    pub fn average_tenths(&self) -> Option<u32> {
        (self.reviews > 0).then(|| (self.rating_sum * 10 + self.reviews / 2) / self.reviews)
    }

    /// Enough reviews, averaging 4 or more.
    pub fn is_reliable(&self) -> bool {
        self.reviews >= RELIABLE_REVIEWS && self.rating_sum >= 4 * self.reviews
    }
}

/// One exchange as the monitoring page counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    pub category: Option<i64>,
    pub created_at: i64,
    pub status: Status,
    pub minutes: i64,
}

/// One row of the monitoring table: a category in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    /// `YYYY-MM` in Europe/Rome.
    pub month: String,
    pub category: Option<i64>,
    pub proposed: u32,
    pub done: u32,
    pub minutes: i64,
}

/// The monitoring page's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Newest month first, then by category.
    pub rows: Vec<MonthRow>,
    pub proposed: u32,
    /// Carried out (completed or reviewed).
    pub done: u32,
    /// Declined, expired or cancelled.
    pub failed: u32,
    /// Time credit moved by exchanges carried out.
    pub minutes: i64,
}

impl Stats {
    /// Completed out of those that came to an end, in percent.
    pub fn completion_percent(&self) -> Option<u32> {
        let ended = self.done + self.failed;
        (ended > 0).then(|| (self.done * 100 + ended / 2) / ended)
    }
}

/// Counts exchanges per month (Europe/Rome) and category.
pub fn stats(facts: &[Fact]) -> Stats {
    let tz = crate::rome();
    let mut rows: BTreeMap<(std::cmp::Reverse<String>, Option<i64>), MonthRow> = BTreeMap::new();
    let mut s = Stats::default();
    for f in facts {
        let month = jiff::Timestamp::from_second(f.created_at)
            .map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m").to_string())
            .unwrap_or_default();
        let row = rows.entry((std::cmp::Reverse(month.clone()), f.category)).or_insert_with(|| MonthRow {
            month,
            category: f.category,
            proposed: 0,
            done: 0,
            minutes: 0,
        });
        row.proposed += 1;
        s.proposed += 1;
        if f.status.is_done() {
            row.done += 1;
            row.minutes += f.minutes;
            s.done += 1;
            s.minutes += f.minutes;
        } else if matches!(f.status, Status::Declined | Status::Expired | Status::Cancelled) {
            s.failed += 1;
        }
    }
    s.rows = rows.into_values().collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Limits;
    use crate::listings::Direction;
    use proptest::prelude::*;

    fn offer(id: i64, poster: i64) -> Moves {
        Moves::Listing { id, direction: Direction::Offer, poster, open: true }
    }

    #[test]
    fn a_service_paid_in_time() {
        // Anna offers bike repairs; Bruno pays an hour for one.
        let legs = [Leg { from: 1, to: 2, moves: offer(10, 1) }, Leg { from: 2, to: 1, moves: Moves::Minutes(60) }];
        assert_eq!(validate(&legs, 2, false, 0, 3600), Ok(BTreeSet::from([1, 2])));
        assert_eq!(validate(&legs, 3, false, 0, 3600), Err(ProposalError::ProposerNotParty));
        assert!(validate(&legs, 3, true, 0, 3600).is_ok());
        assert_eq!(validate(&legs, 1, false, 0, 0), Err(ProposalError::DeadlineRange));
        assert_eq!(validate(&legs, 1, false, 0, MAX_DEADLINE_SECONDS + 1), Err(ProposalError::DeadlineRange));
        assert_eq!(review_pairs(&legs), BTreeSet::from([(1, 2), (2, 1)]));
    }

    #[test]
    fn bad_legs_are_refused() {
        let v = |legs: &[Leg]| validate(legs, 1, false, 0, 60);
        assert_eq!(v(&[]), Err(ProposalError::NoLegs));
        assert_eq!(v(&[Leg { from: 1, to: 1, moves: Moves::Minutes(5) }]), Err(ProposalError::LegToSelf));
        assert_eq!(v(&[Leg { from: 1, to: 2, moves: Moves::Minutes(0) }]), Err(ProposalError::MinutesRange));
        assert_eq!(v(&[Leg { from: 1, to: 2, moves: Moves::Minutes(-5) }]), Err(ProposalError::MinutesRange));
        assert_eq!(v(&[Leg { from: 2, to: 1, moves: offer(10, 1) }]), Err(ProposalError::ListingPoster));
        let demand = Moves::Listing { id: 11, direction: Direction::Demand, poster: 1, open: true };
        assert_eq!(v(&[Leg { from: 1, to: 2, moves: demand }]), Err(ProposalError::ListingPoster));
        assert!(v(&[Leg { from: 2, to: 1, moves: demand }]).is_ok());
        let closed = Moves::Listing { id: 12, direction: Direction::Offer, poster: 1, open: false };
        assert_eq!(v(&[Leg { from: 1, to: 2, moves: closed }]), Err(ProposalError::ListingNotOpen));
        assert_eq!(
            v(&[Leg { from: 1, to: 2, moves: offer(10, 1) }, Leg { from: 1, to: 3, moves: offer(10, 1) }]),
            Err(ProposalError::ListingTwice)
        );
        let many = vec![Leg { from: 1, to: 2, moves: Moves::Minutes(1) }; MAX_LEGS + 1];
        assert_eq!(v(&many), Err(ProposalError::TooManyLegs));
    }

    #[test]
    fn a_cycle_closed_with_time_credit() {
        // A gives to B, B to C; C has nothing A wants and pays A instead.
        let legs = [
            Leg { from: 1, to: 2, moves: offer(10, 1) },
            Leg { from: 2, to: 3, moves: offer(20, 2) },
            Leg { from: 3, to: 1, moves: Moves::Minutes(90) },
        ];
        let side = |account, balance| Side { account, balance, limits: Limits { min_balance: -60, max_balance: 600 } };
        let sides = BTreeMap::from([(1, side(101, 0)), (3, side(103, 0))]);
        assert_eq!(
            settle(&legs, &sides).map_err(|e| e.1),
            Err(TransferError::CreditLimit { balance: 0, min_balance: -60 })
        );
        let sides = BTreeMap::from([(1, side(101, 0)), (3, side(103, 30))]);
        assert_eq!(settle(&legs, &sides), Ok(BTreeMap::from([(1, 90), (3, -60)])));
        assert_eq!(review_pairs(&legs).len(), 6);
        assert_eq!(may_review(&legs, Status::Completed, 1, 3, 5), Ok(()));
        assert_eq!(may_review(&legs, Status::Completed, 4, 3, 5), Err(ReviewError::NotParty));
        assert_eq!(may_review(&legs, Status::Accepted, 1, 2, 5), Err(ReviewError::NotDone));
        assert_eq!(may_review(&legs, Status::Reviewed, 1, 2, 6), Err(ReviewError::RatingRange));
        assert_eq!(may_review(&legs, Status::Reviewed, 1, 1, 5), Err(ReviewError::NotCounterpart));
    }

    #[test]
    fn the_status_moves() {
        use Status::*;
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert!(!s.may_become(s));
            assert!(!s.may_become(Proposed));
        }
        assert!(Proposed.may_become(Accepted) && Accepted.may_become(Completed) && Completed.may_become(Reviewed));
        for end in [Declined, Expired, Cancelled, Reviewed] {
            assert!(Status::ALL.iter().all(|n| !end.may_become(*n)));
        }
        assert!(!Proposed.may_become(Completed));
    }

    #[test]
    fn reliability() {
        let r = Reliability { reviews: 3, rating_sum: 13, completed: 3 };
        assert_eq!(r.average_tenths(), Some(43));
        assert!(r.is_reliable());
        assert!(!Reliability { reviews: 1, rating_sum: 5, completed: 1 }.is_reliable());
        assert!(!Reliability { reviews: 4, rating_sum: 15, completed: 4 }.is_reliable());
        assert_eq!(Reliability::default().average_tenths(), None);
    }

    #[test]
    fn monthly_figures_in_rome() {
        // 2026-03-31 23:30 UTC is already April in Rome.
        let f = |category, created_at, status, minutes| Fact { category, created_at, status, minutes };
        let facts = [
            f(Some(1), 1_774_999_800, Status::Completed, 60),
            f(Some(1), 1_774_990_000, Status::Declined, 30),
            f(Some(2), 1_774_990_000, Status::Reviewed, 90),
            f(None, 1_774_990_000, Status::Proposed, 0),
        ];
        let s = stats(&facts);
        assert_eq!((s.proposed, s.done, s.failed, s.minutes), (4, 2, 1, 150));
        assert_eq!(s.completion_percent(), Some(67));
        let months: Vec<(&str, Option<i64>, u32, u32)> =
            s.rows.iter().map(|r| (r.month.as_str(), r.category, r.proposed, r.done)).collect();
        assert_eq!(
            months,
            [
                ("2026-04", Some(1), 1, 1),
                ("2026-03", None, 1, 0),
                ("2026-03", Some(1), 1, 0),
                ("2026-03", Some(2), 1, 1)
            ]
        );
        assert_eq!(stats(&[]).completion_percent(), None);
    }

    proptest! {
        /// Settling never breaks a limit, and moves minutes without making or losing any.
        #[test]
        fn settling_is_balanced_and_within_limits(
            pays in proptest::collection::vec((0i64..4, 0i64..4, 1i64..200), 0..8),
            start in proptest::collection::vec(-100i64..100, 4),
        ) {
            let legs: Vec<Leg> = pays.iter().map(|&(f, t, m)| Leg { from: f, to: t, moves: Moves::Minutes(m) }).collect();
            let limits = Limits { min_balance: -150, max_balance: 150 };
            let sides: BTreeMap<i64, Side> =
                (0..4).map(|p| (p, Side { account: 100 + p, balance: start[p as usize], limits })).collect();
            let before: i64 = start.iter().sum();
            if let Ok(after) = settle(&legs, &sides) {
                prop_assert_eq!(after.values().sum::<i64>(), before);
                prop_assert!(after.values().all(|b| limits.allows(*b)));
                prop_assert!(legs.iter().all(|l| l.from != l.to));
            }
        }

        /// Reviews go both ways, only between parties, never to oneself.
        #[test]
        fn review_pairs_are_symmetric(pairs in proptest::collection::vec((0i64..6, 0i64..6), 1..8)) {
            let legs: Vec<Leg> = pairs.iter().filter(|(f, t)| f != t)
                .map(|&(f, t)| Leg { from: f, to: t, moves: Moves::Minutes(1) }).collect();
            let parties = parties(&legs);
            for (a, b) in review_pairs(&legs) {
                prop_assert!(a != b);
                prop_assert!(parties.contains(&a) && parties.contains(&b));
                prop_assert!(review_pairs(&legs).contains(&(b, a)));
            }
        }
    }
}
