//! Exchanges between people, their answers and reviews, and the marks cycles are found over.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/exchanges.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

/// One leg of an exchange: `from_account` gives `to_account` a listing or
/// minutes of time credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeLeg {
    pub from_account: i64,
    pub to_account: i64,
    pub listing_id: Option<i64>,
    /// The listing's title when the exchange was proposed.
    pub title: String,
    pub minutes: Option<i64>,
}

/// A party to an exchange and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeParty {
    pub account_id: i64,
    /// Empty for an erased account.
    pub display_name: String,
    pub confirmed_at: Option<i64>,
    pub declined_at: Option<i64>,
}

/// An exchange between two or more people (see `domain::exchanges`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    pub id: i64,
    pub status: portineria_domain::exchanges::Status,
    pub proposed_by: Option<i64>,
    pub note: String,
    pub category_id: Option<i64>,
    /// The time credit its legs move.
    pub minutes: i64,
    pub deadline: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub accepted_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub legs: Vec<ExchangeLeg>,
    pub parties: Vec<ExchangeParty>,
}

impl Exchange {
    /// Its legs as `domain::exchanges` reads them (listings as they were
    /// when proposed: open, posted by the side that holds them).
    pub fn domain_legs(&self) -> Vec<portineria_domain::exchanges::Leg> {
        use portineria_domain::exchanges::{Leg, Moves};
        self.legs
            .iter()
            .map(|l| Leg {
                from: l.from_account,
                to: l.to_account,
                moves: match (l.listing_id, l.minutes) {
                    (Some(id), _) => Moves::Listing {
                        id,
                        direction: portineria_domain::listings::Direction::Offer,
                        poster: l.from_account,
                        open: true,
                    },
                    (None, m) => Moves::Minutes(m.unwrap_or(0)),
                },
            })
            .collect()
    }

    pub fn is_party(&self, account_id: i64) -> bool {
        self.parties.iter().any(|p| p.account_id == account_id)
    }
}

/// A leg as proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLeg {
    pub from_account: i64,
    pub to_account: i64,
    pub listing_id: Option<i64>,
    pub minutes: Option<i64>,
}

/// A proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExchange {
    /// Who proposes: confirmed at once when a party.
    pub proposer: i64,
    /// A manager proposing for others (the proposer need not be a party).
    pub on_behalf: bool,
    pub legs: Vec<NewLeg>,
    pub note: String,
    pub deadline: i64,
    pub now: i64,
}

/// Which exchanges to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeQuery {
    /// Those this account is a party to.
    pub account_id: Option<i64>,
    pub status: Option<portineria_domain::exchanges::Status>,
    pub before: Option<i64>,
    pub limit: u32,
}

/// A review as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub author: i64,
    pub subject: i64,
    /// 1 to 5.
    pub rating: i64,
    pub body: String,
    pub now: i64,
}

/// A review one party wrote of another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeReview {
    pub exchange_id: i64,
    pub author_account: i64,
    pub author_name: String,
    pub subject_account: i64,
    pub rating: i64,
    pub body: String,
    pub created_at: i64,
}

/// What the monitoring page counts of one exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeFact {
    pub category_id: Option<i64>,
    pub created_at: i64,
    pub status: portineria_domain::exchanges::Status,
    pub minutes: i64,
}

impl ExchangeFact {
    /// As `domain::exchanges::stats` counts it.
    pub fn fact(&self) -> portineria_domain::exchanges::Fact {
        portineria_domain::exchanges::Fact {
            category: self.category_id,
            created_at: self.created_at,
            status: self.status,
            minutes: self.minutes,
        }
    }
}

/// Exchanges between people, their answers and reviews, and the marks
/// cycles are found over (see `domain::exchanges`). Every refusal is
/// `Conflict(code)`; the database refuses what the codes describe even if
/// the check in Rust were wrong.
#[async_trait]
pub trait ExchangeStore: Send + Sync {
    /// Checks the proposal on the locked listings (`domain::exchanges::validate`)
    /// and that the time credit fits every payer's limits now; the proposer,
    /// when a party, has confirmed it.
    async fn propose_exchange(&self, who: &Who, e: &NewExchange) -> Result<Exchange>;
    async fn exchange(&self, id: i64) -> Result<Option<Exchange>>;
    async fn list_exchanges(&self, q: &ExchangeQuery) -> Result<Vec<Exchange>>;
    /// A party's yes. The last one takes the listings and accepts it:
    /// `exchange-expired` after the deadline, `exchange-already-answered`,
    /// `exchange-not-party`, `exchange-status`, `exchange-listing-taken`.
    async fn confirm_exchange(&self, who: &Who, id: i64, account_id: i64, now: i64) -> Result<Exchange>;
    /// A party's no, while it is proposed: nothing it would have moved moves.
    async fn decline_exchange(&self, who: &Who, id: i64, account_id: i64, now: i64) -> Result<Exchange>;
    /// Carries out an accepted exchange in one transaction: each minutes leg
    /// becomes a time-bank entry tied to it (within the accounts' limits), and
    /// its listings close.
    async fn complete_exchange(&self, who: &Who, id: i64, now: i64) -> Result<Exchange>;
    /// Calls off an accepted exchange: its listings are open again.
    async fn cancel_exchange(&self, who: &Who, id: i64, now: i64) -> Result<Exchange>;
    /// `review-*` codes of `domain::exchanges::ReviewError`, or
    /// `review-twice`. The last review due makes it `reviewed`.
    async fn review_exchange(&self, who: &Who, id: i64, r: &NewReview) -> Result<Exchange>;
    async fn exchange_reviews(&self, id: i64) -> Result<Vec<ExchangeReview>>;
    /// Reviews of a person, newest first.
    async fn reviews_of(&self, account_id: i64, limit: u32) -> Result<Vec<ExchangeReview>>;
    /// What others said of each person who has been reviewed or done an exchange.
    async fn reliability(&self) -> Result<Vec<(i64, portineria_domain::exchanges::Reliability)>>;
    /// Marks proposals past their deadline as expired; how many.
    async fn expire_exchanges(&self, now: i64) -> Result<u64>;
    /// Exchanges proposed in `[from, to)`.
    async fn exchange_facts(&self, from: i64, to: i64) -> Result<Vec<ExchangeFact>>;
    /// Categories with open demands and no open offer: `(category_id, demands)`, most first.
    async fn unanswered_categories(&self, now: i64, limit: u32) -> Result<Vec<(i64, i64)>>;
    /// Marks an offer as wanted (`source`: explicit or suggestion); idempotent.
    async fn mark_listing(&self, account_id: i64, listing_id: i64, source: &str, now: i64) -> Result<()>;
    async fn unmark_listing(&self, account_id: i64, listing_id: i64) -> Result<()>;
    /// Every mark on an open offer: `(account_id, listing_id)`.
    async fn listing_marks(&self) -> Result<Vec<(i64, i64)>>;
    /// Opts a person in or out of the weekly mail of new matches.
    async fn set_match_digest(&self, account_id: i64, on: bool, now: i64) -> Result<()>;
    async fn match_digest(&self, account_id: i64) -> Result<bool>;
    /// Those opted in whose last mail went out at or before `cutoff`, with
    /// the instant their new matches count from.
    async fn digests_due(&self, cutoff: i64) -> Result<Vec<(i64, i64)>>;
    /// Takes this week's mail for one person; `true` only for the caller
    /// that did. That caller's `lines` (computed before, from the matching
    /// index) are queued as the mail in the same transaction; with none,
    /// the week is taken and nothing is mailed.
    async fn claim_digest(&self, account_id: i64, cutoff: i64, now: i64, lines: &[crate::DigestLine]) -> Result<bool>;
}
