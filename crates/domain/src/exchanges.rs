//! Exchanges: what moves between whom, who must agree, and who may review whom.
//!
//! An exchange is a set of legs. A leg moves one thing from one person to
//! another: a listing (the offer given, or the demand answered) or minutes of
//! time credit, which close a cycle where a leg is missing or pay for a
//! service. Every person on a leg is a party; every party confirms before the
//! deadline, and nothing is committed until all have (nor, if one declines,
//! at all). Once it is done, each party reviews the people it dealt with
//! directly, and those reviews feed reliability.

use crate::timebank::{self as ledger, Side, TransferError};
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

/// An open offer, as cycles see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub id: i64,
    pub owner: i64,
    pub value_minutes: Option<i64>,
}

/// A cycle found over the "I would take that" marks, as legs a proposal
/// takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub legs: Vec<Leg>,
    /// Listings it moves.
    pub items: usize,
    /// One leg is time credit instead of a listing.
    pub closed_with_time: bool,
}

/// Minutes a time leg pays when the offer it stands for has no value.
pub const DEFAULT_LEG_MINUTES: i64 = 60;

/// Exchange cycles over the marks (`(person, offer)`: the person would take
/// the offer), with at most `max_len` vertices (`0`: any length), by
/// `cycles::find`.
///
/// Every open offer is a vertex, with an arc from each offer of a person to
/// each offer they marked. A person who has marked something and can pay
/// (`payers`: their time-bank account) also has a time vertex, which counts
/// as no item: it takes what they marked, and goes to the owner of any
/// marked offer, who is paid that offer's value. So where one leg is
/// missing, the cycle is closed by time credit, if the payer's limits allow
/// it; a cycle with two such legs is left out. Arcs to reliable owners cost
/// less and time costs more than barter, so between trades with as many
/// listings, the solver prefers shorter cycles, reliable partners and
/// barter.
pub fn suggest_cycles(
    offers: &[Offer],
    marks: &[(i64, i64)],
    payers: &BTreeMap<i64, Side>,
    reliable: &BTreeSet<i64>,
    max_len: usize,
) -> Vec<Suggestion> {
    use crate::cycles::{WantGraph, find};
    let index: BTreeMap<i64, usize> = offers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    let markers: Vec<i64> = {
        let set: BTreeSet<i64> = marks.iter().filter(|(p, _)| payers.contains_key(p)).map(|(p, _)| *p).collect();
        set.into_iter().collect()
    };
    let time_vertex: BTreeMap<i64, usize> = markers.iter().enumerate().map(|(k, p)| (*p, offers.len() + k)).collect();
    let mut g = WantGraph::new(offers.len() + markers.len());
    for v in offers.len()..g.len() {
        g.dummy[v] = true;
    }
    let cost_to = |owner: i64| if reliable.contains(&owner) { 1 } else { 2 };
    let mut by_owner: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, o) in offers.iter().enumerate() {
        by_owner.entry(o.owner).or_default().push(i);
    }
    let mut marked: BTreeSet<usize> = BTreeSet::new();
    for &(person, offer) in marks {
        let Some(&b) = index.get(&offer) else { continue };
        if offers[b].owner == person {
            continue;
        }
        marked.insert(b);
        for &a in by_owner.get(&person).map(Vec::as_slice).unwrap_or(&[]) {
            g.want(a, b, cost_to(offers[b].owner));
        }
        if let Some(&t) = time_vertex.get(&person) {
            g.want(t, b, cost_to(offers[b].owner));
        }
    }
    for (&person, &t) in &time_vertex {
        let Some(side) = payers.get(&person) else { continue };
        for &a in &marked {
            // Only what the payer's credit limit allows.
            let minutes = offers[a].value_minutes.unwrap_or(DEFAULT_LEG_MINUTES);
            if offers[a].owner != person && side.balance - minutes >= side.limits.min_balance {
                g.want(a, t, 5);
            }
        }
    }
    let trade = find(&g, max_len);
    let mut out = Vec::new();
    for cycle in &trade.cycles {
        let times = cycle.iter().filter(|&&v| v >= offers.len()).count();
        if times > 1 {
            continue;
        }
        let owner = |v: usize| match offers.get(v) {
            Some(o) => o.owner,
            None => markers.get(v - offers.len()).copied().unwrap_or(0),
        };
        let mut legs = Vec::with_capacity(cycle.len());
        for (k, &u) in cycle.iter().enumerate() {
            // The owner of `u` receives the next vertex.
            let v = cycle[(k + 1) % cycle.len()];
            let leg = match offers.get(v) {
                Some(o) => Leg {
                    from: o.owner,
                    to: owner(u),
                    moves: Moves::Listing {
                        id: o.id,
                        direction: crate::listings::Direction::Offer,
                        poster: o.owner,
                        open: true,
                    },
                },
                // A time vertex: its payer pays for the offer `u` gave.
                None => Leg {
                    from: owner(v),
                    to: owner(u),
                    moves: Moves::Minutes(offers.get(u).and_then(|o| o.value_minutes).unwrap_or(DEFAULT_LEG_MINUTES)),
                },
            };
            legs.push(leg);
        }
        if legs.iter().any(|l| l.from == l.to) || settle(&legs, payers).is_err() && times > 0 {
            continue;
        }
        out.push(Suggestion { items: g.items_in(cycle), closed_with_time: times > 0, legs });
    }
    out
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
    use crate::listings::Direction;
    use crate::timebank::Limits;
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

    fn payer(account: i64, balance: i64) -> Side {
        Side { account, balance, limits: Limits { min_balance: -600, max_balance: 600 } }
    }

    #[test]
    fn a_three_party_barter_cycle() {
        // Anna (offer 10) wants Bruno's 20, Bruno wants Carla's 30, Carla wants Anna's 10.
        let offers = [
            Offer { id: 10, owner: 1, value_minutes: None },
            Offer { id: 20, owner: 2, value_minutes: None },
            Offer { id: 30, owner: 3, value_minutes: None },
        ];
        let marks = [(1, 20), (2, 30), (3, 10)];
        let payers = BTreeMap::from([(1, payer(101, 0)), (2, payer(102, 0)), (3, payer(103, 0))]);
        let s = suggest_cycles(&offers, &marks, &payers, &BTreeSet::new(), 3);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].items, s[0].closed_with_time), (3, false));
        assert!(s[0].legs.iter().any(|l| l.from == 2 && l.to == 1 && matches!(l.moves, Moves::Listing { id: 20, .. })));
        assert_eq!(validate(&s[0].legs, 1, false, 0, 60).map(|p| p.len()), Ok(3));
        assert!(suggest_cycles(&offers, &marks, &payers, &BTreeSet::new(), 2).iter().all(|x| x.closed_with_time));
    }

    #[test]
    fn a_missing_leg_closed_with_time_within_the_limit() {
        // Bruno wants Anna's 10 but is at his credit limit; Carla wants
        // Bruno's 20 and has nothing to give: Bruno's 20 goes to Carla,
        // Anna's 10 to Bruno, and Carla pays Anna for it (90 minutes).
        let offers =
            [Offer { id: 10, owner: 1, value_minutes: Some(90) }, Offer { id: 20, owner: 2, value_minutes: None }];
        let marks = [(2, 10), (3, 20)];
        let payers = BTreeMap::from([(1, payer(101, 0)), (2, payer(102, -560)), (3, payer(103, 0))]);
        let s = suggest_cycles(&offers, &marks, &payers, &BTreeSet::new(), 3);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!((s[0].items, s[0].closed_with_time), (2, true));
        assert!(s[0].legs.contains(&Leg { from: 3, to: 1, moves: Moves::Minutes(90) }), "{:?}", s[0].legs);
        assert!(s[0].legs.iter().any(|l| l.from == 1 && l.to == 2));
        assert!(s[0].legs.iter().any(|l| l.from == 2 && l.to == 3));
        // Carla at her credit limit: nothing can be closed with her time.
        let broke = BTreeMap::from([(1, payer(101, 0)), (2, payer(102, -560)), (3, payer(103, -560))]);
        let s = suggest_cycles(&offers, &marks, &broke, &BTreeSet::new(), 3);
        assert!(s.is_empty(), "{s:?}");
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

        /// Suggestions move only marked offers from their owner to someone
        /// who marked them, each listing once, at most one time leg each,
        /// within the payers' limits, and every party gives and receives.
        #[test]
        fn suggestions_are_sound(
            owners in proptest::collection::vec(0i64..5, 1..10),
            marks in proptest::collection::vec((0i64..6, 0usize..10), 0..20),
            balances in proptest::collection::vec(-600i64..600, 6),
            max_len in 0usize..5,
        ) {
            let offers: Vec<Offer> = owners.iter().enumerate()
                .map(|(i, o)| Offer { id: 100 + i as i64, owner: *o, value_minutes: Some(30 + 10 * i as i64) }).collect();
            let marks: Vec<(i64, i64)> = marks.iter().filter(|(_, o)| *o < offers.len())
                .map(|(p, o)| (*p, offers[*o].id)).collect();
            let payers: BTreeMap<i64, Side> = (0..6).map(|p| (p, payer(100 + p, balances[p as usize]))).collect();
            let found = suggest_cycles(&offers, &marks, &payers, &BTreeSet::new(), max_len);
            let mut seen = BTreeSet::new();
            for s in &found {
                prop_assert!(s.legs.iter().filter(|l| matches!(l.moves, Moves::Minutes(_))).count() <= 1);
                prop_assert!(settle(&s.legs, &payers).is_ok());
                prop_assert!(max_len == 0 || s.legs.len() <= max_len);
                for l in &s.legs {
                    prop_assert!(l.from != l.to);
                    if let Moves::Listing { id, .. } = l.moves {
                        prop_assert!(seen.insert(id), "listing {} twice", id);
                        let o = offers.iter().find(|o| o.id == id).unwrap();
                        prop_assert_eq!(o.owner, l.from);
                        prop_assert!(marks.contains(&(l.to, id)));
                    }
                }
                for p in parties(&s.legs) {
                    prop_assert!(s.legs.iter().any(|l| l.from == p) && s.legs.iter().any(|l| l.to == p));
                }
                prop_assert!(validate(&s.legs, s.legs[0].from, false, 0, 60).is_ok());
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
