//! What the store returns. Instants are Unix seconds in UTC.

use portineria_domain::booking::BookingRules;
use portineria_domain::geo::{BoundingBox, Coordinates};
use portineria_domain::hours::{DayException, Schedule, WeeklySlot};
use portineria_domain::kinds::{PlaceKind, SiteKind};
use portineria_domain::passes::{Charge, PlanKind};
use serde::{Deserialize, Serialize};

/// Who makes a change, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub account_id: Option<i64>,
    pub label: String,
}

impl Who {
    pub fn account(id: i64, email: &str) -> Self {
        Self { account_id: Some(id), label: email.to_owned() }
    }

    /// A change made by the system itself (command line, demo seeding).
    pub fn system(label: &str) -> Self {
        Self { account_id: None, label: label.to_owned() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    pub name: String,
    /// Bumped by every change to hubs, sites and places.
    pub revision: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub hubs: i64,
    pub sites: i64,
    pub places: i64,
    pub seats: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hub {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub site_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Weekly hours and exceptions as stored (JSON) with each site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredHours {
    pub weekly: Vec<WeeklySlot>,
    pub exceptions: Vec<DayException>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub id: i64,
    pub hub_id: i64,
    pub hub_name: String,
    pub slug: String,
    pub name: String,
    pub kind: SiteKind,
    pub address: String,
    pub city: String,
    pub coordinates: Coordinates,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub schedule: Schedule,
    /// The folded words the full-text search matches (site, hub, places).
    pub search: String,
    pub place_count: i64,
    pub seats: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Filters for [`crate::NetworkStore::search_sites`]; each one given narrows the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteQuery {
    pub hub_id: Option<i64>,
    pub kind: Option<SiteKind>,
    /// Folded words; a site matches when every term prefixes a word of it.
    pub terms: Vec<String>,
    pub bbox: Option<BoundingBox>,
    pub ids: Option<Vec<i64>>,
    pub after: Option<i64>,
    /// `None`: every match.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub id: i64,
    pub site_id: i64,
    pub hub_id: i64,
    pub site_name: String,
    pub name: String,
    pub kind: PlaceKind,
    pub capacity: i64,
    pub equipment: Vec<String>,
    pub bookable: bool,
    /// Only holders of a pass or voucher covering it may book it.
    pub holders_only: bool,
    pub description: Option<String>,
    pub accessibility: Option<String>,
    /// Minimum and maximum length, how far ahead, cancellation deadline.
    pub rules: BookingRules,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceQuery {
    pub site_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub kind: Option<PlaceKind>,
    pub bookable: Option<bool>,
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: String,
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountQuery {
    /// Part of the address or name.
    pub text: Option<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub account_id: i64,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub detail: serde_json::Value,
}

/// A booking of a place, `[start, end)` in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    pub id: i64,
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    /// `confirmed` or `cancelled`.
    pub status: String,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
}

/// A booking with the names a list of bookings shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookingRow {
    pub booking: Booking,
    pub place_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub hub_id: i64,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewBooking {
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    pub now: i64,
    /// Booked by the place's managers or hosts: a holders-only place does
    /// not ask them for a pass.
    pub staff: bool,
}

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

/// A plan as a manager writes it (validated by the web layer's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDraft {
    pub hub_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub kind: PlanKind,
    pub price_cents: i64,
    pub valid_days: i64,
    pub entries: Option<i64>,
    pub minutes: Option<i64>,
    pub trainings: Option<i64>,
    pub course_id: Option<i64>,
    pub sites: Vec<i64>,
    pub place_kinds: Vec<PlaceKind>,
    pub active: bool,
}

/// How money was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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

/// An account of the time bank (balances in minutes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimebankAccount {
    pub id: i64,
    /// `person`, `actor` or `network`.
    pub owner_kind: String,
    pub owner_id: Option<i64>,
    pub name: String,
    pub balance_minutes: i64,
    /// The credit limit: the lowest the balance may go (≤ 0).
    pub min_balance: i64,
    /// The highest the balance may go (≥ 0).
    pub max_balance: i64,
    pub created_at: i64,
}

impl TimebankAccount {
    /// The account as `domain::ledger` reads it.
    pub fn side(&self) -> portineria_domain::ledger::Side {
        portineria_domain::ledger::Side {
            account: self.id,
            balance: self.balance_minutes,
            limits: portineria_domain::ledger::Limits { min_balance: self.min_balance, max_balance: self.max_balance },
        }
    }
}

/// A person's side of the ledger: their account's, or (with none yet) the
/// empty account a person's would open with, numbered `-person`.
pub fn person_side(account: Option<&TimebankAccount>, person: i64) -> portineria_domain::ledger::Side {
    match account {
        Some(a) => a.side(),
        None => portineria_domain::ledger::Side {
            account: -person,
            balance: 0,
            limits: portineria_domain::ledger::Limits::PERSON,
        },
    }
}

/// The time bank across the network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LedgerTotals {
    pub accounts: i64,
    pub entries: i64,
    /// Minutes moved by entries that are not reversals.
    pub moved_minutes: i64,
    /// The sum of every balance (zero on a healthy ledger).
    pub balance_sum: i64,
}

/// A transfer to make: `minutes` from one account to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    pub from_account: i64,
    pub to_account: i64,
    pub minutes: i64,
    pub description: String,
    pub exchange_id: Option<i64>,
    pub now: i64,
}

/// A local actor of the quarter (an association, a shop, a school…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalActor {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: portineria_domain::actors::ActorKind,
    pub description: String,
    pub skills: Vec<String>,
    pub neighbourhood: String,
    pub location: Option<portineria_domain::geo::Coordinates>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub visibility: portineria_domain::actors::Visibility,
    pub hub_id: Option<i64>,
    /// When a manager verified it (`None`: not verified).
    pub verified_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A person who belongs to an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorMember {
    pub account_id: i64,
    pub display_name: String,
    /// `owner` (edits the profile, manages members) or `member`.
    pub role: String,
}

/// Which actors to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorQuery {
    pub kind: Option<portineria_domain::actors::ActorKind>,
    /// The visibilities the viewer may see.
    pub visibilities: Vec<portineria_domain::actors::Visibility>,
    /// Also the actors this account belongs to, whatever their visibility.
    pub member: Option<i64>,
    pub verified_only: bool,
    /// Search stems (`domain::text::stems`): each must start a stem of the actor.
    pub terms: Vec<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

/// A category of the offers-and-demands taxonomy (two levels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: i64,
    /// `None` for a top-level category.
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name_it: String,
    pub name_en: String,
    pub position: i64,
}

/// An offer or a demand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    pub id: i64,
    pub direction: portineria_domain::listings::Direction,
    pub kind: portineria_domain::listings::ListingKind,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    /// Who posted it.
    pub account_id: i64,
    /// On behalf of this actor, if any.
    pub actor_id: Option<i64>,
    pub location: Option<portineria_domain::geo::Coordinates>,
    pub windows: Vec<portineria_domain::hours::WeeklySlot>,
    pub value_minutes: Option<i64>,
    pub status: portineria_domain::listings::Status,
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The revision of its last change: larger for every later change, in
    /// commit order (`ListingStore::listings_since`).
    pub rev: i64,
    /// Its search stems (`domain::text::stems` of title, description and
    /// tags), as stored: matching reads them instead of stemming again.
    #[serde(skip)]
    pub stems: Vec<String>,
}

/// Which listings to list (by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingQuery {
    pub direction: Option<portineria_domain::listings::Direction>,
    /// A category, or a top-level category and its children.
    pub category_id: Option<i64>,
    /// Exactly this category (its children left out): the index then gives
    /// the rows in id order, with no sort.
    pub exact_category: Option<i64>,
    pub status: Option<portineria_domain::listings::Status>,
    pub account_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// Only listings posted for an actor of this kind.
    pub actor_kind: Option<portineria_domain::actors::ActorKind>,
    /// Leave out listings that expired before this instant (0: keep all).
    pub not_expired_at: i64,
    /// Search stems (`domain::text::stems`): each must start a stem of the listing.
    pub terms: Vec<String>,
    /// Newest first (for search candidates) instead of by id.
    pub newest_first: bool,
    pub after: Option<i64>,
    pub limit: u32,
}

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

/// A course or event of the programme, with its sessions in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: i64,
    pub hub_id: i64,
    pub kind: portineria_domain::programme::EventKind,
    pub title: String,
    pub description: String,
    pub audience: portineria_domain::programme::Audience,
    pub language: String,
    pub level: portineria_domain::programme::Level,
    pub topics: Vec<portineria_domain::programme::Topic>,
    pub teachers: Vec<String>,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub price_cents: i64,
    pub included_in_membership: bool,
    pub capacity: i64,
    pub enrolled: i64,
    pub waiting: i64,
    pub enrol_until: i64,
    pub rrule: Option<String>,
    pub status: portineria_domain::programme::EventStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub sessions: Vec<EventSession>,
}

impl Event {
    pub fn is_free(&self) -> bool {
        self.price_cents == 0
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == portineria_domain::programme::EventStatus::Cancelled
    }

    /// The sites its sessions take place at, once each, in session order.
    pub fn site_ids(&self) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        for s in &self.sessions {
            if !out.contains(&s.site_id) {
                out.push(s.site_id);
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventSession {
    pub id: i64,
    pub event_id: i64,
    pub position: i64,
    pub site_id: i64,
    pub place_id: Option<i64>,
    /// The booking that holds its place.
    pub booking_id: Option<i64>,
    pub start: i64,
    pub end: i64,
}

/// A new event: what it is, who organises it, and its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub hub_id: i64,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub draft: portineria_domain::programme::EventDraft,
    pub now: i64,
}

/// What an edit may change (sessions stay: duplicate for other dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventEdit {
    pub title: String,
    pub description: String,
    pub audience: portineria_domain::programme::Audience,
    pub language: String,
    pub level: portineria_domain::programme::Level,
    pub topics: Vec<portineria_domain::programme::Topic>,
    pub teachers: Vec<String>,
    pub capacity: i64,
    pub price_cents: i64,
    pub included_in_membership: bool,
    pub enrol_until: i64,
    pub organiser_actor_id: Option<i64>,
}

/// Filters of the programme; every one given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Events that end after this instant.
    pub from: Option<i64>,
    /// Events that start before this instant.
    pub to: Option<i64>,
    pub hub_id: Option<i64>,
    /// A session at this site.
    pub site_id: Option<i64>,
    pub audience: Option<portineria_domain::programme::Audience>,
    pub kind: Option<portineria_domain::programme::EventKind>,
    pub topic: Option<portineria_domain::programme::Topic>,
    pub free_only: bool,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub include_cancelled: bool,
    /// Keyset: events after `(starts_at, id)`.
    pub after: Option<(i64, i64)>,
    pub limit: u32,
}

/// One request for a place, as the engine's writer receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolRequest {
    pub event_id: i64,
    pub account_id: i64,
    pub use_training: Option<bool>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub id: i64,
    pub event_id: i64,
    pub account_id: i64,
    pub status: portineria_domain::programme::EnrolmentStatus,
    pub requested_at: i64,
    pub enrolled_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub pass_id: Option<i64>,
    pub training_used: bool,
    pub due_cents: i64,
    /// Moved up from the waiting list.
    pub promoted: bool,
    /// Place in the waiting list (1 = next), while waiting.
    pub position: Option<i64>,
}

/// What an enrolment changed besides itself: those moved up from the
/// waiting list, who are to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentChange {
    pub enrolment: Enrolment,
    pub promoted: Vec<Enrolment>,
}

/// A person on an event's roster, with what the lists and mails need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub enrolment: Enrolment,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    /// Sessions they were marked present at.
    pub attended: i64,
}

/// The programme's figures for one site over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteProgramme {
    pub site_id: i64,
    pub events: i64,
    pub sessions: i64,
    /// Local dates with at least one free session.
    pub free_days: i64,
    pub kids_labs: i64,
    /// Presences marked at its sessions.
    pub participants: i64,
    /// Different people enrolled in or present at its sessions.
    pub people_reached: i64,
}
