//! The time bank: accounts in minutes and the ledger of transfers.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/timebank.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

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
    /// The account as `domain::timebank` reads it.
    pub fn side(&self) -> portineria_domain::timebank::Side {
        portineria_domain::timebank::Side {
            account: self.id,
            balance: self.balance_minutes,
            limits: portineria_domain::timebank::Limits {
                min_balance: self.min_balance,
                max_balance: self.max_balance,
            },
        }
    }
}

/// A person's side of the ledger: their account's, or (with none yet) the
/// empty account a person's would open with, numbered `-person`.
pub fn person_side(account: Option<&TimebankAccount>, person: i64) -> portineria_domain::timebank::Side {
    match account {
        Some(a) => a.side(),
        None => portineria_domain::timebank::Side {
            account: -person,
            balance: 0,
            limits: portineria_domain::timebank::Limits::PERSON,
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

/// The time bank: accounts and the ledger of transfers (see
/// `domain::timebank`). Every transfer is one entry appended to the hash chain
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
        limits: portineria_domain::timebank::Limits,
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
        limits: portineria_domain::timebank::Limits,
    ) -> Result<TimebankAccount>;
    /// Refusals are `Conflict(code)` with the codes of
    /// `domain::timebank::TransferError`; `NotFound` for a missing account.
    async fn transfer(&self, who: &Who, t: &NewTransfer) -> Result<portineria_domain::timebank::Entry>;
    /// A correction: the mirror entry of `entry_id`, at most once
    /// (`Conflict("already-reversed")`, `Conflict("reversal-of-reversal")`),
    /// and within the accounts' limits like any transfer.
    async fn reverse_entry(
        &self,
        who: &Who,
        entry_id: i64,
        description: &str,
        now: i64,
    ) -> Result<portineria_domain::timebank::Entry>;
    /// Accounts, entries, minutes moved and the sum of the balances.
    async fn ledger_totals(&self) -> Result<LedgerTotals>;
    /// Entries after `after` in id order (the chain), at most `limit`.
    async fn ledger_entries(&self, after: i64, limit: u32) -> Result<Vec<portineria_domain::timebank::Entry>>;
    /// An account's entries, newest first, before entry `before`.
    async fn account_entries(
        &self,
        account_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<portineria_domain::timebank::Entry>>;
}
