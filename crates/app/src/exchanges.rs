//! Exchanges between people: proposals, confirmations, completion,
//! cancellation and reviews, the "I would take that" marks on offers and the
//! cycles suggested over them, and the managers' monitoring. The rules are
//! `domain::exchanges`, held by the store's transaction and the database.
//!
//! A party sees, confirms, declines, completes and cancels its exchanges and
//! reviews the people it dealt with. Managers of any hub (the platform is the
//! network's, like the time bank) see every exchange, propose for others,
//! and complete or cancel on the parties' behalf; they never confirm for
//! anyone.

use crate::{App, Caller, Error, Result};
use portineria_domain::exchanges::{DEFAULT_DEADLINE_SECONDS, Reliability, Status, Suggestion};
use portineria_domain::listings::Direction;
use portineria_domain::policy::Action;
use portineria_domain::{FieldError, FieldErrors, validate as v};
use portineria_store::DigestLine;
use portineria_store::{
    Exchange, ExchangeQuery, ExchangeReview, ExchangeStore, LedgerTotals, Listing, ListingQuery, NewExchange, NewLeg,
    NewReview,
};
use std::collections::{BTreeMap, BTreeSet};

impl App {
    /// Exchanges' storage.
    pub(crate) fn exchanges_store(&self) -> &dyn ExchangeStore {
        self.store.as_ref()
    }
}

/// Whether the caller manages exchanges (a manager of any hub, an administrator).
pub fn manages(caller: &Caller) -> bool {
    caller.may(Action::ManageTimebank)
}

/// The exchange, if the caller is a party or a manager (otherwise it does
/// not exist for them).
pub async fn visible(app: &App, caller: &Caller, id: i64) -> Result<Exchange> {
    let me = caller.account_id()?;
    let x = app.exchanges_store().exchange(id).await?.ok_or(Error::NotFound)?;
    if x.is_party(me) || manages(caller) { Ok(x) } else { Err(Error::NotFound) }
}

/// Whether `account` is a party whose answer the exchange awaits.
pub fn awaits(x: &Exchange, account: i64) -> bool {
    x.status == Status::Proposed
        && x.parties.iter().any(|p| p.account_id == account && p.confirmed_at.is_none() && p.declined_at.is_none())
}

/// An exchange as the caller sees it.
pub struct Shown {
    pub exchange: Exchange,
    /// What others said of its parties.
    pub reliability: BTreeMap<i64, Reliability>,
    /// The people the caller may still review in it.
    pub reviews_due: Vec<i64>,
}

impl Shown {
    /// What others said of a party.
    pub fn reliability_of(&self, account: i64) -> Reliability {
        self.reliability.get(&account).copied().unwrap_or_default()
    }
}

fn shown(caller: &Caller, x: Exchange, reliability: &BTreeMap<i64, Reliability>, reviews: &[ExchangeReview]) -> Shown {
    let me = caller.person.as_ref().map(|p| p.account.id);
    let reviews_due = match me {
        Some(me) if x.status.is_done() => portineria_domain::exchanges::review_pairs(&x.domain_legs())
            .into_iter()
            .filter(|(a, s)| *a == me && !reviews.iter().any(|r| r.author_account == *a && r.subject_account == *s))
            .map(|(_, s)| s)
            .collect(),
        _ => Vec::new(),
    };
    let reliability =
        x.parties.iter().filter_map(|p| reliability.get(&p.account_id).map(|r| (p.account_id, *r))).collect();
    Shown { exchange: x, reliability, reviews_due }
}

async fn reliability(app: &App) -> Result<BTreeMap<i64, Reliability>> {
    Ok(app.exchanges_store().reliability().await?.into_iter().collect())
}

/// An exchange the caller was allowed to see or change, with each party's
/// reliability and the reviews the caller still owes.
pub async fn show(app: &App, caller: &Caller, x: Exchange) -> Result<Shown> {
    let reliability = reliability(app).await?;
    let reviews = app.exchanges_store().exchange_reviews(x.id).await?;
    Ok(shown(caller, x, &reliability, &reviews))
}

/// One exchange: for its parties and managers.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Shown> {
    let x = visible(app, caller, id).await?;
    show(app, caller, x).await
}

/// Which exchanges to list, as asked.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One status only, as a word (checked once the caller is allowed).
    pub status: Option<String>,
    /// Every exchange, not only the caller's (managers).
    pub all: bool,
    /// An exchange id: the page after it (newest first).
    pub before: Option<i64>,
    pub limit: u32,
}

/// A page of exchanges.
pub struct Listed {
    pub items: Vec<Shown>,
    /// Pass as `before` for the next page.
    pub next: Option<i64>,
}

/// The caller's exchanges (managers: with `all`, everyone's), newest first.
pub async fn list(app: &App, caller: &Caller, f: &Filter) -> Result<Listed> {
    let me = caller.account_id()?;
    if f.all && !manages(caller) {
        return Err(Error::Forbidden);
    }
    let status = match f.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| FieldError::new("status", "exchange-status"))?),
    };
    let q =
        ExchangeQuery { account_id: if f.all { None } else { Some(me) }, status, before: f.before, limit: f.limit + 1 };
    let found = app.exchanges_store().list_exchanges(&q).await?;
    let more = found.len() > f.limit as usize;
    let reliability = reliability(app).await?;
    let mut items = Vec::with_capacity(found.len());
    for x in found.into_iter().take(f.limit as usize) {
        let reviews = app.exchanges_store().exchange_reviews(x.id).await?;
        items.push(shown(caller, x, &reliability, &reviews));
    }
    let next = if more { items.last().map(|s| s.exchange.id) } else { None };
    Ok(Listed { items, next })
}

/// An exchange as proposed.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    /// Who gives whom what: a listing or minutes of time credit.
    pub legs: Vec<NewLeg>,
    /// A word to the other parties (at most 500 characters).
    pub note: Option<String>,
    /// Hours every party has to confirm (1 to 720, default 72).
    pub deadline_hours: Option<i64>,
}

/// Checks the proposal's shape and makes it the caller's.
fn check(caller: &Caller, p: Proposal) -> Result<NewExchange> {
    let me = caller.account_id()?;
    let mut errs = FieldErrors::new();
    if p.legs.is_empty() {
        errs.push(FieldError::new("legs", "exchange-no-legs"));
    }
    if p.legs.iter().any(|l| l.listing_id.is_some() == l.minutes.is_some()) {
        errs.push(FieldError::new("legs", "exchange-leg-moves"));
    }
    let note = errs.take(v::optional("note", p.note.as_deref(), 500)).flatten().unwrap_or_default();
    let hours = p.deadline_hours.unwrap_or(DEFAULT_DEADLINE_SECONDS / 3600);
    if !(1..=720).contains(&hours) {
        errs.push(FieldError::new("deadline_hours", "range").with("min", 1).with("max", 720));
    }
    errs.into_result(())?;
    let party = p.legs.iter().any(|l| l.from_account == me || l.to_account == me);
    let now = caller.now_s();
    Ok(NewExchange {
        proposer: me,
        on_behalf: !party && manages(caller),
        legs: p.legs,
        note,
        deadline: now + hours * 3600,
        now,
    })
}

/// Proposes an exchange. The proposer's own yes is given at once; each
/// other party confirms before the deadline. Nothing moves until all have.
pub async fn propose(app: &App, caller: &Caller, p: Proposal) -> Result<Exchange> {
    let e = check(caller, p)?;
    Ok(app.exchanges_store().propose_exchange(&caller.who(), &e).await?)
}

/// Proposes the exchange of a listing and one of its matches: the offer
/// goes to whoever asked, who pays `minutes` (none: a gift or a swap).
pub async fn propose_match(
    app: &App,
    caller: &Caller,
    mine: &Listing,
    other: &Listing,
    minutes: i64,
    note: Option<String>,
) -> Result<Exchange> {
    let (offer, demand) = match mine.direction {
        Direction::Offer => (mine, other),
        Direction::Demand => (other, mine),
    };
    let (giver, receiver) = (offer.account_id, demand.account_id);
    let mut legs = vec![
        NewLeg { from_account: giver, to_account: receiver, listing_id: Some(offer.id), minutes: None },
        NewLeg { from_account: giver, to_account: receiver, listing_id: Some(demand.id), minutes: None },
    ];
    if minutes > 0 {
        legs.push(NewLeg { from_account: receiver, to_account: giver, listing_id: None, minutes: Some(minutes) });
    }
    propose(app, caller, Proposal { legs, note, deadline_hours: None }).await
}

/// What a party or manager may do to an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Confirm,
    Decline,
    Complete,
    Cancel,
}

impl Step {
    pub fn parse(s: &str) -> Option<Step> {
        match s {
            "confirm" => Some(Step::Confirm),
            "decline" => Some(Step::Decline),
            "complete" => Some(Step::Complete),
            "cancel" => Some(Step::Cancel),
            _ => None,
        }
    }
}

/// Runs one step: confirm and decline only for oneself; complete and cancel
/// for a party or a manager.
pub async fn step(app: &App, caller: &Caller, id: i64, s: Step) -> Result<Exchange> {
    let me = caller.account_id()?;
    let x = visible(app, caller, id).await?;
    let (who, now) = (caller.who(), caller.now_s());
    let store = app.exchanges_store();
    let x = match s {
        Step::Confirm | Step::Decline if !x.is_party(me) => return Err(Error::Forbidden),
        Step::Confirm => store.confirm_exchange(&who, x.id, me, now).await?,
        Step::Decline => store.decline_exchange(&who, x.id, me, now).await?,
        Step::Complete => store.complete_exchange(&who, x.id, now).await?,
        Step::Cancel => store.cancel_exchange(&who, x.id, now).await?,
    };
    // Listings change hands with the exchange.
    app.matches.touch();
    Ok(x)
}

/// A review as written.
#[derive(Debug, Clone, Default)]
pub struct Review {
    /// The party reviewed (someone the caller dealt with in it).
    pub subject: i64,
    /// 1 to 5.
    pub rating: i64,
    /// At most 2,000 characters.
    pub body: Option<String>,
}

/// The caller's review of someone they dealt with in a completed exchange
/// (once each).
pub async fn review(app: &App, caller: &Caller, id: i64, r: &Review) -> Result<Exchange> {
    let me = caller.account_id()?;
    let x = visible(app, caller, id).await?;
    let mut errs = FieldErrors::new();
    let body = errs.take(v::optional("body", r.body.as_deref(), 2000)).flatten().unwrap_or_default();
    if !(1..=5).contains(&r.rating) {
        errs.push(FieldError::new("rating", "range").with("min", 1).with("max", 5));
    }
    errs.into_result(())?;
    let new = NewReview { author: me, subject: r.subject, rating: r.rating, body, now: caller.now_s() };
    let x = app.exchanges_store().review_exchange(&caller.who(), x.id, &new).await?;
    // Reviews feed reliability, which ranks matches.
    app.matches.touch();
    Ok(x)
}

/// The reviews written in an exchange (for its parties and managers).
pub async fn reviews(app: &App, caller: &Caller, id: i64) -> Result<Vec<ExchangeReview>> {
    let x = visible(app, caller, id).await?;
    Ok(app.exchanges_store().exchange_reviews(x.id).await?)
}

/// "I would take that": marks an offer the caller wants. Exchange cycles
/// are found over these marks.
pub async fn mark(app: &App, caller: &Caller, listing_id: i64) -> Result<()> {
    let me = caller.account_id()?;
    Ok(app.exchanges_store().mark_listing(me, listing_id, "explicit", caller.now_s()).await?)
}

/// Takes the caller's mark back.
pub async fn unmark(app: &App, caller: &Caller, listing_id: i64) -> Result<()> {
    let me = caller.account_id()?;
    Ok(app.exchanges_store().unmark_listing(me, listing_id).await?)
}

/// Cycles found over the marks, and the titles of the offers they move.
pub struct Suggested {
    pub cycles: Vec<Suggestion>,
    pub titles: BTreeMap<i64, String>,
}

/// The longest cycle looked for unless asked otherwise.
pub const DEFAULT_CYCLE: usize = 3;

/// Exchange cycles the caller takes part in (managers: with `all`, every
/// one), at most `max_cycle` long (default 3, at most 12; 0: any length):
/// disjoint, as many listings as possible, shorter cycles and reliable
/// partners first; where one leg is missing, closed by time credit the
/// payer's limit allows.
pub async fn suggestions(app: &App, caller: &Caller, all: bool, max_cycle: Option<usize>) -> Result<Suggested> {
    let me = caller.account_id()?;
    if all && !manages(caller) {
        return Err(Error::Forbidden);
    }
    let max = max_cycle.unwrap_or(DEFAULT_CYCLE);
    if max > 12 {
        return Err(FieldError::new("max_cycle", "range").with("min", 0).with("max", 12).into());
    }
    cycles(app, if all { None } else { Some(me) }, max, caller.now_s()).await
}

/// Exchange cycles over everyone's marks (`domain::exchanges::suggest_cycles`),
/// with each party's time-bank balance as the store holds it now; those
/// `only` takes part in, or all.
async fn cycles(app: &App, only: Option<i64>, max_cycle: usize, now: i64) -> Result<Suggested> {
    use portineria_domain::exchanges::{Offer, suggest_cycles};
    use portineria_domain::listings::Status as ListingStatus;
    let marks = app.exchanges_store().listing_marks().await?;
    let markers: BTreeSet<i64> = marks.iter().map(|(p, _)| *p).collect();
    // The marked offers, and every open offer of those who marked something.
    let marked: Vec<i64> = marks.iter().map(|(_, l)| *l).collect();
    let mut listings = app.listings_store().listings_by_ids(&marked).await?;
    for p in &markers {
        let q = ListingQuery {
            direction: Some(Direction::Offer),
            status: Some(ListingStatus::Open),
            account_id: Some(*p),
            not_expired_at: now,
            limit: 200,
            ..Default::default()
        };
        listings.extend(app.listings_store().list_listings(&q).await?);
    }
    listings.retain(|l| l.status == ListingStatus::Open && l.direction == Direction::Offer && l.expires_at > now);
    listings.sort_unstable_by_key(|l| l.id);
    listings.dedup_by_key(|l| l.id);
    let titles: BTreeMap<i64, String> = listings.iter().map(|l| (l.id, l.title.clone())).collect();
    let offers: Vec<Offer> =
        listings.iter().map(|l| Offer { id: l.id, owner: l.account_id, value_minutes: l.value_minutes }).collect();
    let mut people = markers.clone();
    people.extend(offers.iter().map(|o| o.owner));
    let mut payers = BTreeMap::new();
    for p in people {
        let account = app.timebank_store().timebank_account_of("person", p).await?;
        payers.insert(p, portineria_store::person_side(account.as_ref(), p));
    }
    let reliable = reliability(app).await?.into_iter().filter(|(_, r)| r.is_reliable()).map(|(p, _)| p).collect();
    let found = suggest_cycles(&offers, &marks, &payers, &reliable, max_cycle);
    let cycles =
        found.into_iter().filter(|s| only.is_none_or(|me| s.legs.iter().any(|l| l.from == me || l.to == me))).collect();
    Ok(Suggested { cycles, titles })
}

/// A person's own exchanges and the cycles suggested to them.
pub struct Mine {
    /// Their newest hundred exchanges.
    pub exchanges: Vec<Exchange>,
    /// The cycles they take part in (at most [`DEFAULT_CYCLE`] long).
    pub suggested: Suggested,
    /// The names of the other people in those cycles.
    pub names: BTreeMap<i64, String>,
}

/// The caller's exchanges and the cycles suggested to them.
pub async fn mine(app: &App, caller: &Caller) -> Result<Mine> {
    let me = caller.account_id()?;
    let q = ExchangeQuery { account_id: Some(me), limit: 100, ..Default::default() };
    let exchanges = app.exchanges_store().list_exchanges(&q).await?;
    let suggested = cycles(app, Some(me), DEFAULT_CYCLE, caller.now_s()).await?;
    // Each person's name, read once.
    let mut names = BTreeMap::new();
    for a in suggested.cycles.iter().flat_map(|c| c.legs.iter()).flat_map(|l| [l.from, l.to]) {
        if a != me && !names.contains_key(&a) {
            let name = app.accounts_store().account(a).await?.map(|x| x.display_name).unwrap_or_default();
            names.insert(a, name);
        }
    }
    Ok(Mine { exchanges, suggested, names })
}

/// What the managers' monitoring shows of the last twelve months.
pub struct Monitoring {
    /// Exchanges per category and month, completion, hours exchanged.
    pub stats: portineria_domain::exchanges::Stats,
    /// Categories with open demands and no open offer: `(category_id, demands)`, most first.
    pub unanswered: Vec<(i64, i64)>,
    /// The time bank's totals.
    pub totals: LedgerTotals,
}

/// The platform over the last twelve months, for its managers.
pub async fn monitor(app: &App, caller: &Caller) -> Result<Monitoring> {
    caller.require(Action::ManageTimebank)?;
    let now = caller.now_s();
    let facts = app.exchanges_store().exchange_facts(now - 366 * 86_400, now + 1).await?;
    let facts: Vec<_> = facts.iter().map(|f| f.fact()).collect();
    let stats = portineria_domain::exchanges::stats(&facts);
    let totals = crate::timebank::totals(app, caller).await?;
    let unanswered = app.exchanges_store().unanswered_categories(now, 10).await?;
    Ok(Monitoring { stats, unanswered, totals })
}

/// Whether the signed-in person gets the weekly mail of new matches.
pub async fn digest(app: &App, caller: &Caller) -> Result<bool> {
    Ok(app.exchanges_store().match_digest(caller.account_id()?).await?)
}

/// Opts the signed-in person in or out of the weekly mail of new matches.
pub async fn set_digest(app: &App, caller: &Caller, on: bool) -> Result<()> {
    Ok(app.exchanges_store().set_match_digest(caller.account_id()?, on, caller.now_s()).await?)
}

/// A week between two mails of new matches.
pub const DIGEST_DAYS: i64 = 7;

/// The weekly mail of new matches, to each person who asked for it and whose
/// week has passed: for each of their open listings, the counterparts posted
/// since the last mail that rank among its five best, with the reasons. The
/// lines are found in the matching index first, then the week is claimed
/// and the mail queued in one transaction (one server wins the week).
/// Nothing is queued when nothing is new. Returns how many mails were
/// queued; a person whose digest cannot be prepared is logged and skipped.
pub async fn queue_digests(app: &App, now: i64) -> Result<usize> {
    let cutoff = now - DIGEST_DAYS * 86_400;
    let due = app.exchanges_store().digests_due(cutoff).await?;
    let mut queued = 0;
    for (account_id, since) in due {
        let claimed = match digest_lines(app, account_id, since, now).await {
            Ok(lines) => app
                .exchanges_store()
                .claim_digest(account_id, cutoff, now, &lines)
                .await
                .map(|c| c && !lines.is_empty())
                .map_err(Error::from),
            Err(e) => Err(e),
        };
        match claimed {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, account_id, "could not prepare a match digest"),
        }
    }
    Ok(app.mail_queued(queued))
}

/// The digest's lines for one person: what is new since `since` among the
/// five best counterparts of each of their open listings.
async fn digest_lines(app: &App, account_id: i64, since: i64, now: i64) -> Result<Vec<DigestLine>> {
    let mine = app
        .listings_store()
        .list_listings(&ListingQuery {
            status: Some(portineria_domain::listings::Status::Open),
            account_id: Some(account_id),
            not_expired_at: now,
            limit: 20,
            ..Default::default()
        })
        .await?;
    let mut lines = Vec::new();
    for l in &mine {
        for (c, m) in app.best_matches(l, now, 5).await?.iter().filter(|(c, _)| c.created_at > since) {
            lines.push(DigestLine {
                mine_id: l.id,
                mine: l.title.clone(),
                theirs: c.title.clone(),
                reasons: m.reasons.clone(),
            });
        }
    }
    Ok(lines)
}

/// Expires the proposals past their deadline (the hourly sweep). Returns
/// how many.
pub async fn expire(app: &App, now: i64) -> Result<u64> {
    Ok(app.exchanges_store().expire_exchanges(now).await?)
}
