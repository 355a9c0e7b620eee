//! The storage seam of Portineria.
//!
//! One trait ([`Store`], split into capability traits) with one implementation
//! per engine (`portineria-store-sqlite`, `portineria-store-postgres`). SQL
//! whose text is the same on both engines lives once, in [`impl_shared_store!`],
//! which each engine crate instantiates with its own pool types; what differs
//! (DDL, full-text search, how a write transaction begins) lives in the engine
//! crates.
//!
//! Architecture invariant: every mutation runs in one transaction that also
//! writes its audit-log row; a failed mutation leaves nothing behind.

mod error;
mod migrate;
mod model;
mod shared;
mod shared_actors;
mod shared_exchanges;
mod shared_listings;
mod shared_passes;
mod shared_programme;
mod shared_timebank;

pub use async_trait::async_trait;
pub use error::{Result, StoreError};
pub use migrate::EmbeddedMigrations;
pub use model::*;
pub use sqlx;
#[doc(hidden)]
pub use {portineria_domain as domain, serde, serde_json};

use portineria_domain::booking::Interval;
use portineria_domain::network::{HubDraft, PlaceDraft, SiteDraft};
use portineria_domain::policy::Grant;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(&self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The network: hubs, sites, places.
#[async_trait]
pub trait NetworkStore: Send + Sync {
    async fn network(&self) -> Result<Network>;
    async fn set_network_name(&self, who: &Who, name: &str) -> Result<()>;
    async fn counts(&self) -> Result<Counts>;

    async fn list_hubs(&self, after: Option<i64>, limit: u32) -> Result<Vec<Hub>>;
    async fn hub(&self, id: i64) -> Result<Option<Hub>>;
    async fn hub_by_slug(&self, slug: &str) -> Result<Option<Hub>>;
    async fn create_hub(&self, who: &Who, draft: &HubDraft) -> Result<Hub>;
    async fn update_hub(&self, who: &Who, id: i64, draft: &HubDraft) -> Result<Hub>;
    /// Refuses (`Conflict("hub-has-sites")`) while the hub still has sites.
    async fn delete_hub(&self, who: &Who, id: i64) -> Result<()>;

    /// Sites matching every given filter, ordered by id.
    async fn search_sites(&self, q: &SiteQuery) -> Result<Vec<Site>>;
    async fn site(&self, id: i64) -> Result<Option<Site>>;
    async fn site_by_slug(&self, hub_id: i64, slug: &str) -> Result<Option<Site>>;
    async fn create_site(&self, who: &Who, hub_id: i64, draft: &SiteDraft) -> Result<Site>;
    async fn update_site(&self, who: &Who, id: i64, draft: &SiteDraft) -> Result<Site>;
    /// Deletes the site and its places.
    async fn delete_site(&self, who: &Who, id: i64) -> Result<()>;

    /// Places matching every given filter, ordered by id.
    async fn list_places(&self, q: &PlaceQuery) -> Result<Vec<Place>>;
    async fn place(&self, id: i64) -> Result<Option<Place>>;
    async fn create_place(&self, who: &Who, site_id: i64, draft: &PlaceDraft) -> Result<Place>;
    async fn update_place(&self, who: &Who, id: i64, draft: &PlaceDraft) -> Result<Place>;
    async fn delete_place(&self, who: &Who, id: i64) -> Result<()>;
}

/// Accounts, roles, sessions, tokens.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// `Conflict("email-taken")` when the address is already registered.
    async fn create_account(&self, new: &NewAccount) -> Result<Account>;
    async fn account(&self, id: i64) -> Result<Option<Account>>;
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>>;
    async fn password_hash(&self, account_id: i64) -> Result<Option<String>>;
    async fn set_locale(&self, account_id: i64, locale: &str) -> Result<()>;
    async fn update_profile(&self, account_id: i64, display_name: &str) -> Result<()>;
    async fn list_accounts(&self, q: &AccountQuery) -> Result<Vec<Account>>;

    async fn grants(&self, account_id: i64) -> Result<Vec<Grant>>;
    async fn add_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()>;
    async fn remove_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()>;
    /// Everyone holding a role in a hub (or, with `None`, anywhere).
    async fn grants_in(&self, hub: Option<i64>) -> Result<Vec<(Account, Grant)>>;

    async fn create_session(&self, s: &NewSession) -> Result<()>;
    /// The account of a live session, refreshing its last use.
    async fn session_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    async fn create_password_reset(&self, token_hash: &str, account_id: i64, now: i64, expires_at: i64) -> Result<()>;
    /// Uses a reset token once: sets the new password and ends every session
    /// of the account, in one transaction. `None` if unknown, used or expired.
    async fn consume_password_reset(&self, token_hash: &str, now: i64, new_hash: &str) -> Result<Option<i64>>;

    async fn create_api_token(&self, account_id: i64, name: &str, token_hash: &str, now: i64) -> Result<ApiToken>;
    async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>>;
    async fn delete_api_token(&self, account_id: i64, id: i64) -> Result<()>;
    async fn api_token_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>>;

    /// Records a failed login under each key (address, client) and returns
    /// the failures of each key since `since`.
    async fn record_login_failure(&self, keys: &[&str], now: i64) -> Result<()>;
    async fn login_failures(&self, key: &str, since: i64) -> Result<i64>;
    async fn clear_login_failures(&self, key: &str) -> Result<()>;

    /// Replaces the account's personal calendar feed secret (by its hash).
    async fn set_calendar_feed(&self, account_id: i64, token_hash: &str, now: i64) -> Result<()>;
    /// The account whose calendar feed has this secret.
    async fn calendar_feed_account(&self, token_hash: &str) -> Result<Option<i64>>;

    /// All data the store holds about a person.
    async fn export_account(&self, account_id: i64) -> Result<serde_json::Value>;
    /// Deletes the account and everything personal; its audit entries stay,
    /// anonymised.
    async fn erase_account(&self, account_id: i64) -> Result<()>;
}

/// Bookings of places.
#[async_trait]
pub trait BookingStore: Send + Sync {
    /// Books a place. Whether it has room is decided inside the transaction:
    /// a desk pool holds at most `capacity` overlapping confirmed bookings,
    /// any other place one (`Conflict("full")`); a place not open to
    /// booking gives `Conflict("not-bookable")`.
    async fn create_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking>;
    /// Cancels a confirmed booking (idempotent on cancelled ones).
    async fn cancel_booking(&self, who: &Who, id: i64, now: i64) -> Result<Booking>;
    async fn booking(&self, id: i64) -> Result<Option<Booking>>;
    /// Confirmed bookings of a place overlapping `[from, to)`, by start.
    async fn place_bookings(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<Booking>>;
    /// When a place is taken in `[from, to)`: the intervals of its confirmed
    /// bookings overlapping it, by start (availability grids read only this).
    async fn place_busy(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<Interval>>;
    /// Confirmed bookings overlapping `[from, to)` in a hub's places (or
    /// everywhere), by start, with the names a list shows.
    async fn hub_bookings(&self, hub_id: Option<i64>, from: i64, to: i64, limit: u32) -> Result<Vec<BookingRow>>;
    /// A person's bookings ending after `from`, by start, after the booking `after`.
    async fn account_bookings(
        &self,
        account_id: i64,
        from: i64,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Booking>>;
    /// The census of double bookings: how many confirmed bookings, anywhere,
    /// find their place over capacity when they start (see
    /// `domain::booking::over_capacity`). Zero on a healthy database.
    async fn overbooked(&self) -> Result<u64>;
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

/// The time bank: accounts and the ledger of transfers (see
/// `domain::ledger`). Every transfer is one entry appended to the hash chain
/// in one transaction; the database moves the balances and refuses a balance
/// beyond its account's limits.
#[async_trait]
pub trait TimebankStore: Send + Sync {
    /// The account of an owner, opened with `limits` if it has none yet.
    async fn open_timebank_account(
        &self,
        who: &Who,
        owner_kind: &str,
        owner_id: Option<i64>,
        name: &str,
        limits: portineria_domain::ledger::Limits,
        now: i64,
    ) -> Result<TimebankAccount>;
    async fn timebank_account(&self, id: i64) -> Result<Option<TimebankAccount>>;
    async fn timebank_account_of(&self, owner_kind: &str, owner_id: i64) -> Result<Option<TimebankAccount>>;
    /// Every account, by id.
    async fn timebank_accounts(&self) -> Result<Vec<TimebankAccount>>;
    /// `Conflict("limits-invalid")` unless min ≤ 0 ≤ max,
    /// `Conflict("limits-exclude-balance")` if the balance is outside them.
    async fn set_timebank_limits(
        &self,
        who: &Who,
        id: i64,
        limits: portineria_domain::ledger::Limits,
    ) -> Result<TimebankAccount>;
    /// Refusals are `Conflict(code)` with the codes of
    /// `domain::ledger::TransferError`; `NotFound` for a missing account.
    async fn transfer(&self, who: &Who, t: &NewTransfer) -> Result<portineria_domain::ledger::Entry>;
    /// A correction: the mirror entry of `entry_id`, at most once
    /// (`Conflict("already-reversed")`, `Conflict("reversal-of-reversal")`),
    /// and within the accounts' limits like any transfer.
    async fn reverse_entry(
        &self,
        who: &Who,
        entry_id: i64,
        description: &str,
        now: i64,
    ) -> Result<portineria_domain::ledger::Entry>;
    /// Accounts, entries, minutes moved and the sum of the balances.
    async fn ledger_totals(&self) -> Result<LedgerTotals>;
    /// Entries after `after` in id order (the chain), at most `limit`.
    async fn ledger_entries(&self, after: i64, limit: u32) -> Result<Vec<portineria_domain::ledger::Entry>>;
    /// An account's entries, newest first, before entry `before`.
    async fn account_entries(
        &self,
        account_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<portineria_domain::ledger::Entry>>;
}

/// Local actors and the people who belong to them.
#[async_trait]
pub trait ActorStore: Send + Sync {
    /// The creator becomes its owner in the same transaction.
    /// `Conflict("actor-name-taken")` when the name's slug is in use.
    async fn create_actor(
        &self,
        who: &Who,
        creator: i64,
        d: &portineria_domain::actors::ActorDraft,
        now: i64,
    ) -> Result<LocalActor>;
    async fn update_actor(
        &self,
        who: &Who,
        id: i64,
        d: &portineria_domain::actors::ActorDraft,
        now: i64,
    ) -> Result<LocalActor>;
    async fn actor(&self, id: i64) -> Result<Option<LocalActor>>;
    async fn actor_by_slug(&self, slug: &str) -> Result<Option<LocalActor>>;
    /// By id, keyset-paged.
    async fn list_actors(&self, q: &ActorQuery) -> Result<Vec<LocalActor>>;
    async fn set_actor_verified(&self, who: &Who, id: i64, verified: bool, now: i64) -> Result<LocalActor>;
    /// Owners first, then by name.
    async fn actor_members(&self, actor_id: i64) -> Result<Vec<ActorMember>>;
    /// Adds the person or changes their role; `Conflict("actor-last-owner")`
    /// if that would leave the actor without an owner.
    async fn set_actor_member(&self, who: &Who, actor_id: i64, account_id: i64, role: &str) -> Result<()>;
    /// `Conflict("actor-last-owner")` for its only owner.
    async fn remove_actor_member(&self, who: &Who, actor_id: i64, account_id: i64) -> Result<()>;
    /// The actors a person belongs to, with their role.
    async fn account_actors(&self, account_id: i64) -> Result<Vec<(LocalActor, String)>>;
}

/// The taxonomy and the listings of offers and demands.
#[async_trait]
pub trait ListingStore: Send + Sync {
    /// Top-level categories first, each followed by its children, by position.
    async fn categories(&self) -> Result<Vec<Category>>;
    /// `Conflict("category-slug-taken")`; `Conflict("category-two-levels")`
    /// when the parent is itself a child; `NotFound` for a missing parent.
    async fn create_category(
        &self,
        who: &Who,
        parent_id: Option<i64>,
        slug: &str,
        name_it: &str,
        name_en: &str,
    ) -> Result<Category>;
    async fn rename_category(&self, who: &Who, id: i64, name_it: &str, name_en: &str) -> Result<Category>;
    /// `Conflict("unknown-category")` for a category that does not exist.
    async fn create_listing(
        &self,
        who: &Who,
        account_id: i64,
        d: &portineria_domain::listings::ListingDraft,
        now: i64,
    ) -> Result<Listing>;
    async fn update_listing(
        &self,
        who: &Who,
        id: i64,
        d: &portineria_domain::listings::ListingDraft,
        now: i64,
    ) -> Result<Listing>;
    async fn listing(&self, id: i64) -> Result<Option<Listing>>;
    /// The listings with these ids that exist, in no particular order.
    async fn listings_by_ids(&self, ids: &[i64]) -> Result<Vec<Listing>>;
    async fn list_listings(&self, q: &ListingQuery) -> Result<Vec<Listing>>;
    /// Listings changed after revision `rev` (created, edited, moved), by
    /// revision, at most `limit`: a reader that keeps the last revision it
    /// saw misses no change.
    async fn listings_since(&self, rev: i64, limit: u32) -> Result<Vec<Listing>>;
    /// Open listings that expire in `(now, until]` and whose poster was not
    /// reminded, with the poster's address, name and language.
    async fn expiring_listings(&self, now: i64, until: i64) -> Result<Vec<(Listing, String, String, String)>>;
    /// Marks a listing's reminder as sent; `true` only for the call that did it.
    async fn mark_listing_reminded(&self, id: i64) -> Result<bool>;
    /// `Conflict("listing-status")` for a move `Status::may_become` refuses.
    async fn set_listing_status(
        &self,
        who: &Who,
        id: i64,
        status: portineria_domain::listings::Status,
        now: i64,
    ) -> Result<Listing>;
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
    /// Takes this week's mail for one person; `true` only for the caller that did.
    async fn claim_digest(&self, account_id: i64, cutoff: i64, now: i64) -> Result<bool>;
}

/// The programme: courses and events, their sessions, enrolments with a
/// waiting list, attendance and the figures of an impact report. Every
/// refusal is `Conflict(code)`; the database refuses a roster over capacity
/// and a second live enrolment whatever the Rust says.
#[async_trait]
pub trait ProgrammeStore: Send + Sync {
    /// Writes the event and its sessions, booking each session's place
    /// through the booking rules in the same transaction: a place taken
    /// gives `Conflict("session-place-taken")`, a place of another site
    /// `Conflict("session-place-site")`, a site of another hub
    /// `Conflict("session-site-hub")`.
    async fn create_event(&self, who: &Who, e: &NewEvent) -> Result<Event>;
    /// `Conflict("capacity-below-enrolled")`; a larger capacity moves the
    /// first who wait up, returned to be told.
    async fn update_event(&self, who: &Who, id: i64, e: &EventEdit, now: i64) -> Result<(Event, Vec<Enrolment>)>;
    /// Cancels the event, frees its places, gives trainings back; returns
    /// the live enrolments (to be told). `Conflict("event-cancelled")` twice.
    async fn cancel_event(&self, who: &Who, id: i64, now: i64) -> Result<(Event, Vec<Enrolment>)>;
    async fn event(&self, id: i64) -> Result<Option<Event>>;
    async fn events_by_ids(&self, ids: &[i64]) -> Result<Vec<Event>>;
    /// By start, then id.
    async fn list_events(&self, q: &EventQuery) -> Result<Vec<Event>>;
    /// A place if one is free and nobody waits, else the waiting list, in
    /// the order requests reach the database. With an event included in
    /// memberships, a per-course membership or one training pays
    /// (`use_training`: `Some(true)` requires it, `Some(false)` declines
    /// it). Codes of `domain::programme::EnrolError`.
    async fn enrol(
        &self,
        who: &Who,
        event_id: i64,
        account_id: i64,
        use_training: Option<bool>,
        now: i64,
    ) -> Result<Enrolment>;
    /// Cancels an enrolment (`Conflict("event-started")` once it began);
    /// a freed place goes to the first who waits, in the same transaction.
    async fn cancel_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<EnrolmentChange>;
    /// A manager gives a waiting person a place out of turn; with every
    /// place taken the event gets one more (`Conflict("not-waiting")`).
    async fn promote_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<Enrolment>;
    /// Moves a person to another event (enrolled or waiting there as a new
    /// request would be); the place freed here goes to who waits.
    async fn move_enrolment(&self, who: &Who, id: i64, to_event: i64, now: i64) -> Result<EnrolmentChange>;
    async fn enrolment(&self, id: i64) -> Result<Option<Enrolment>>;
    /// Enrolled by enrolment time, then waiting in order (cancelled last).
    async fn event_roster(&self, event_id: i64) -> Result<Vec<Attendee>>;
    /// A person's enrolments, newest first.
    async fn account_enrolments(&self, account_id: i64) -> Result<Vec<Enrolment>>;
    /// Marks a person present at a session (`Conflict("not-enrolled")`
    /// unless enrolled); idempotent.
    async fn mark_attendance(&self, who: &Who, session_id: i64, account_id: i64, via: &str, now: i64) -> Result<()>;
    async fn unmark_attendance(&self, who: &Who, session_id: i64, account_id: i64) -> Result<()>;
    /// A session's sheet saved in one transaction: of the people enrolled,
    /// exactly `present` are marked (by the host) and the others unmarked;
    /// presences of people no longer enrolled stay. Nothing is written if
    /// one of `present` is not enrolled (`Conflict("not-enrolled")`).
    async fn set_session_attendance(&self, who: &Who, session_id: i64, present: &[i64], now: i64) -> Result<()>;
    /// Every presence marked at an event's sessions, `(session, person)`.
    async fn event_attendance(&self, event_id: i64) -> Result<Vec<(i64, i64)>>;
    /// The people marked present at a session.
    async fn session_attendance(&self, session_id: i64) -> Result<Vec<i64>>;
    /// The sessions of an event a person was present at.
    async fn account_attendance(&self, account_id: i64, event_id: i64) -> Result<Vec<i64>>;
    /// Sessions of scheduled events starting in `(from, to]` not yet reminded.
    async fn sessions_to_remind(&self, from: i64, to: i64) -> Result<Vec<EventSession>>;
    /// Takes a session's reminder; `true` only for the caller that did.
    async fn claim_session_reminder(&self, session_id: i64, now: i64) -> Result<bool>;
    /// Figures per site of sessions in `[from, to)` (`hub`: one hub's), and
    /// the total, where an event, a day or a person counts once however
    /// many sites they touched (its `site_id` is 0).
    async fn programme_stats(
        &self,
        hub: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<(Vec<SiteProgramme>, SiteProgramme)>;
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Newest first; `before` is an entry id; `hub` limits to one hub.
    async fn audit_log(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>>;
}

/// Everything a Portineria server needs from storage.
#[async_trait]
pub trait Store:
    NetworkStore
    + AccountStore
    + BookingStore
    + PassStore
    + TimebankStore
    + ActorStore
    + ListingStore
    + ExchangeStore
    + ProgrammeStore
    + AuditStore
    + Send
    + Sync
{
    fn engine(&self) -> Engine;
    /// Applies pending migrations (safe to call from several processes).
    async fn migrate(&self) -> Result<()>;
    /// Whether the database holds no hubs and no accounts.
    async fn is_empty(&self) -> Result<bool>;
    /// Calls `on_change` whenever another process changes the network (hubs,
    /// sites, places), as far as the engine can tell (PostgreSQL: LISTEN/NOTIFY;
    /// SQLite: never, callers revalidate on a timer).
    fn subscribe_changes(&self, on_change: std::sync::Arc<dyn Fn() + Send + Sync>);
    /// Writes a consistent copy of the whole database to `path` while it is in use.
    async fn backup(&self, path: &std::path::Path) -> Result<()>;
    async fn close(&self);
}
