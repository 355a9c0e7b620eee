//! The time bank: a person's account (opened on first use), transfers,
//! statements, limits and reversals. The rule is `domain::timebank::transfer`,
//! held by the store's transaction and the database.
//!
//! A person spends out of their own account, an actor's owners out of the
//! actor's, managers out of the network's; nobody out of another person's (a
//! mistake is corrected by a reversal). Managers (of any hub: the time bank
//! is the network's) and administrators read any account, set limits and
//! reverse entries.

use crate::{App, Caller, Error, Result};
use portineria_domain::policy::Action;
use portineria_domain::timebank::{Entry, Limits};
use portineria_domain::{FieldError, FieldErrors, validate};
use portineria_store::{NewTransfer, TimebankAccount, TimebankStore};
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

impl App {
    /// The time bank's storage.
    pub(crate) fn timebank_store(&self) -> &dyn TimebankStore {
        self.store.as_ref()
    }
}

/// The most minutes one transfer moves (100 hours).
pub const MAX_TRANSFER_MINUTES: i64 = 6_000;
/// How far limits reach, in minutes (1,000 hours either way).
pub const LIMIT_BOUND: i64 = 60_000;

/// Who receives a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A time-bank account.
    Account(i64),
    /// A person, whose account opens if they have none.
    Person(i64),
    /// The person with this address (a field error on `to` if nobody has it).
    Email(String),
}

/// A transfer as a caller asks for it.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// The paying account; `None` for the caller's own.
    pub from: Option<i64>,
    pub to: Recipient,
    pub minutes: i64,
    pub description: String,
    pub exchange_id: Option<i64>,
}

/// The signed-in person's account, opened on first use.
pub async fn own_account(app: &App, caller: &Caller) -> Result<TimebankAccount> {
    let person = caller.person()?;
    person_account(app, caller, person.account.id, &person.account.display_name).await
}

/// A person's account, opened (with a person's limits) if they have none.
pub async fn person_account(app: &App, caller: &Caller, person: i64, name: &str) -> Result<TimebankAccount> {
    if let Some(a) = app.timebank_store().timebank_account_of("person", person).await? {
        return Ok(a);
    }
    Ok(app
        .timebank_store()
        .open_timebank_account(&caller.who(), "person", Some(person), name, Limits::PERSON, caller.now_s())
        .await?)
}

/// Whether the caller may manage the time bank (read any account, set
/// limits, reverse entries): `Unauthorized` when nobody is signed in.
pub fn manages(caller: &Caller) -> Result<bool> {
    caller.person()?;
    Ok(caller.may(Action::ManageTimebank))
}

/// Who may move time out of an account: a person out of their own; an
/// actor's owners (and managers) out of the actor's; managers out of the
/// network's.
pub async fn may_spend(app: &App, caller: &Caller, a: &TimebankAccount) -> Result<bool> {
    let person = caller.person()?;
    Ok(match (a.owner_kind.as_str(), a.owner_id) {
        ("person", owner) => owner == Some(person.account.id),
        ("actor", Some(actor)) => {
            manages(caller)?
                || app
                    .actors_store()
                    .actor_members(actor)
                    .await?
                    .iter()
                    .any(|m| m.account_id == person.account.id && m.role == "owner")
        }
        _ => manages(caller)?,
    })
}

/// An account, for its owner, managers and administrators.
pub async fn account(app: &App, caller: &Caller, id: i64) -> Result<TimebankAccount> {
    let person = caller.person()?;
    let account = app.timebank_store().timebank_account(id).await?.ok_or(Error::NotFound)?;
    let own = account.owner_kind == "person" && account.owner_id == Some(person.account.id);
    if own || manages(caller)? { Ok(account) } else { Err(Error::Forbidden) }
}

/// A page of an account's statement, newest first.
pub struct Statement {
    pub account: TimebankAccount,
    pub entries: Vec<Entry>,
    /// The entry to pass as `before` for the next page.
    pub next: Option<i64>,
}

/// An account's entries before `before`, at most `limit` (for whoever may read it).
pub async fn statement(app: &App, caller: &Caller, id: i64, before: Option<i64>, limit: u32) -> Result<Statement> {
    let account = account(app, caller, id).await?;
    let mut entries = app.timebank_store().account_entries(id, before, limit + 1).await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let next = if more { entries.last().map(|e| e.id) } else { None };
    Ok(Statement { account, entries, next })
}

/// One line of a statement, as the page and the CSV show it.
pub struct StatementLine {
    pub id: i64,
    pub at: i64,
    pub description: String,
    /// The other account's name.
    pub with: String,
    /// Minutes in (positive) or out (negative) of this account.
    pub delta: i64,
    pub balance_after: i64,
    pub reversal: bool,
}

/// The newest `limit` lines of an account's statement (all with `None`),
/// each with the other account's name and the balance it left. The caller
/// has already been allowed to read `account`.
pub async fn statement_lines(app: &App, account: &TimebankAccount, limit: Option<usize>) -> Result<Vec<StatementLine>> {
    let mut names = HashMap::new();
    let mut out = Vec::new();
    let mut before = None;
    let mut balance = account.balance_minutes;
    loop {
        let page = app.timebank_store().account_entries(account.id, before, 100).await?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        for e in page {
            if limit.is_some_and(|l| out.len() >= l) {
                return Ok(out);
            }
            let (delta, other) =
                if e.to_account == account.id { (e.minutes, e.from_account) } else { (-e.minutes, e.to_account) };
            if let Slot::Vacant(v) = names.entry(other) {
                let name = app.timebank_store().timebank_account(other).await?.map(|a| a.name).unwrap_or_default();
                v.insert(name);
            }
            out.push(StatementLine {
                id: e.id,
                at: e.created_at,
                description: e.description.clone(),
                with: names.get(&other).cloned().unwrap_or_default(),
                delta,
                balance_after: balance,
                reversal: e.reverses.is_some(),
            });
            balance -= delta;
        }
    }
    Ok(out)
}

/// A description of what the time paid for: 1 to 200 characters.
fn description(errs: &mut FieldErrors, s: &str) -> Option<String> {
    errs.take(validate::required("description", s, 200))
}

/// What a transfer must hold by itself: 1 to [`MAX_TRANSFER_MINUTES`]
/// minutes and a description; the description, trimmed.
pub fn check_transfer(minutes: i64, description_text: &str) -> Result<String> {
    let mut errs = FieldErrors::new();
    if !(1..=MAX_TRANSFER_MINUTES).contains(&minutes) {
        errs.push(FieldError::new("minutes", "range").with("min", 1).with("max", MAX_TRANSFER_MINUTES));
    }
    let text = description(&mut errs, description_text);
    match text {
        Some(text) if errs.is_empty() => Ok(text),
        _ => Err(errs.into()),
    }
}

/// Moves minutes between two accounts, within both accounts' limits: the
/// caller's own account by default; an actor's for its owners; the
/// network's for managers.
pub async fn transfer(app: &App, caller: &Caller, t: Transfer) -> Result<Entry> {
    caller.person()?;
    let text = check_transfer(t.minutes, &t.description)?;
    let from = match t.from {
        Some(id) => {
            let a = app.timebank_store().timebank_account(id).await?.ok_or(Error::NotFound)?;
            if !may_spend(app, caller, &a).await? {
                return Err(Error::Forbidden);
            }
            a
        }
        None => own_account(app, caller).await?,
    };
    let to = match t.to {
        Recipient::Account(id) => app.timebank_store().timebank_account(id).await?.ok_or(Error::NotFound)?,
        Recipient::Person(id) => {
            let p = app.accounts_store().account(id).await?.ok_or(Error::NotFound)?;
            person_account(app, caller, p.id, &p.display_name).await?
        }
        Recipient::Email(email) => {
            let Some(p) = app.accounts_store().account_by_email(&email).await? else {
                return Err(FieldError::new("to", "timebank-unknown-person").into());
            };
            person_account(app, caller, p.id, &p.display_name).await?
        }
    };
    let new = NewTransfer {
        from_account: from.id,
        to_account: to.id,
        minutes: t.minutes,
        description: text,
        exchange_id: t.exchange_id,
        now: caller.now_s(),
    };
    Ok(app.timebank_store().transfer(&caller.who(), &new).await?)
}

/// Sets an account's credit limit and highest balance (managers, administrators).
pub async fn set_limits(app: &App, caller: &Caller, id: i64, limits: Limits) -> Result<TimebankAccount> {
    if !manages(caller)? {
        return Err(Error::Forbidden);
    }
    let mut errs = FieldErrors::new();
    if !(-LIMIT_BOUND..=0).contains(&limits.min_balance) {
        errs.push(FieldError::new("min_balance", "range").with("min", -LIMIT_BOUND).with("max", 0));
    }
    if !(0..=LIMIT_BOUND).contains(&limits.max_balance) {
        errs.push(FieldError::new("max_balance", "range").with("min", 0).with("max", LIMIT_BOUND));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    Ok(app.timebank_store().set_timebank_limits(&caller.who(), id, limits).await?)
}

/// Corrects an entry with its mirror entry (managers, administrators).
pub async fn reverse(app: &App, caller: &Caller, entry_id: i64, description_text: &str) -> Result<Entry> {
    if !manages(caller)? {
        return Err(Error::Forbidden);
    }
    let mut errs = FieldErrors::new();
    let Some(text) = description(&mut errs, description_text) else { return Err(errs.into()) };
    Ok(app.timebank_store().reverse_entry(&caller.who(), entry_id, &text, caller.now_s()).await?)
}

/// The whole time bank's totals (accounts, entries, minutes moved, the sum
/// of the balances), for its managers.
pub async fn totals(app: &App, caller: &Caller) -> Result<portineria_store::LedgerTotals> {
    if !manages(caller)? {
        return Err(Error::Forbidden);
    }
    Ok(app.timebank_store().ledger_totals().await?)
}
