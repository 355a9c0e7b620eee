//! The SQL of the time bank.
//!
//! A transfer, in one write transaction:
//! 1. lock the head of the chain (PostgreSQL: its row, so entries are
//!    appended one at a time across servers; SQLite: the single writer
//!    already holds the database);
//! 2. read both accounts (locked) and apply `domain::timebank::transfer`, which
//!    gives the refusal a person can read;
//! 3. insert the entry with the head's hash as `prev_hash` and its own hash.
//!    The database's triggers check that it follows the head, move both
//!    balances and advance the head; the accounts' `CHECK` refuses any
//!    balance beyond its limits even if step 2 were wrong.

use super::*;

use portineria_domain::timebank::{self as ledger, Entry, Limits};
use portineria_store::{NewTransfer, TimebankAccount};

const TB_ACCOUNT_COLUMNS: &str =
    "id, owner_kind, owner_id, name, balance_minutes, min_balance, max_balance, created_at";
const ENTRY_COLUMNS: &str =
    "id, from_account, to_account, minutes, description, exchange_id, reverses, created_at, prev_hash, hash";

fn tb_account_row(r: &Row) -> Result<TimebankAccount> {
    Ok(TimebankAccount {
        id: r.try_get("id")?,
        owner_kind: r.try_get("owner_kind")?,
        owner_id: r.try_get("owner_id")?,
        name: r.try_get("name")?,
        balance_minutes: r.try_get("balance_minutes")?,
        min_balance: r.try_get("min_balance")?,
        max_balance: r.try_get("max_balance")?,
        created_at: r.try_get("created_at")?,
    })
}

fn entry_row(r: &Row) -> Result<Entry> {
    Ok(Entry {
        id: r.try_get("id")?,
        from_account: r.try_get("from_account")?,
        to_account: r.try_get("to_account")?,
        minutes: r.try_get("minutes")?,
        description: r.try_get("description")?,
        exchange_id: r.try_get("exchange_id")?,
        reverses: r.try_get("reverses")?,
        created_at: r.try_get("created_at")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

pub(crate) async fn tb_account_locked(tx: &mut Tx, id: i64) -> Result<TimebankAccount> {
    let sql = format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts WHERE id = $1{}", E::ROW_LOCK);
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    tb_account_row(&row)
}

/// The owner's account inside `tx`, opened with `limits` if it has
/// none (the open written to the audit log). Two servers may open the
/// same account at once: the unique index decides, and the loser
/// reads the winner's.
pub(crate) async fn open_account_in(
    tx: &mut Tx,
    who: &Who,
    owner_kind: &str,
    owner_id: Option<i64>,
    name: &str,
    limits: Limits,
    now: i64,
) -> Result<TimebankAccount> {
    let sql = format!(
        "INSERT INTO timebank_accounts (owner_kind, owner_id, name, min_balance, max_balance, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (owner_kind, owner_id) WHERE owner_id IS NOT NULL DO NOTHING \
         RETURNING {TB_ACCOUNT_COLUMNS}"
    );
    let inserted = sqlx::query(&sql)
        .bind(owner_kind)
        .bind(owner_id)
        .bind(name)
        .bind(limits.min_balance)
        .bind(limits.max_balance)
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = inserted else {
        let sql = format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts WHERE owner_kind = $1 AND owner_id = $2");
        let row = sqlx::query(&sql).bind(owner_kind).bind(owner_id).fetch_one(&mut **tx).await?;
        return tb_account_row(&row);
    };
    let account = tb_account_row(&row)?;
    audit(
        tx,
        who,
        "timebank.open",
        "timebank_account",
        Some(account.id),
        None,
        serde_json::json!({"owner_kind": owner_kind, "owner_id": owner_id}),
    )
    .await?;
    Ok(account)
}

/// A person's account inside `tx`, if they have one.
pub(crate) async fn person_account_in(tx: &mut Tx, person: i64) -> Result<Option<TimebankAccount>> {
    let sql =
        format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts WHERE owner_kind = 'person' AND owner_id = $1");
    let row = sqlx::query(&sql).bind(person).fetch_optional(&mut **tx).await?;
    row.as_ref().map(tb_account_row).transpose()
}

/// Appends one entry inside `tx`: locks the head, checks the rule on
/// the locked accounts, inserts the chained entry and its audit row.
pub(crate) async fn append_entry(tx: &mut Tx, who: &Who, t: &NewTransfer, reverses: Option<i64>) -> Result<Entry> {
    let head_sql = format!("SELECT hash, entries FROM timebank_head WHERE id = 1{}", E::ROW_LOCK);
    let head = sqlx::query(&head_sql).fetch_one(&mut **tx).await?;
    let prev_hash: String = head.try_get("hash")?;
    let entries: i64 = head.try_get("entries")?;
    // Locked in id order, the same order every writer takes.
    let (low, high) = (t.from_account.min(t.to_account), t.from_account.max(t.to_account));
    let first = tb_account_locked(tx, low).await?;
    let second = tb_account_locked(tx, high).await?;
    let (from, to) = if first.id == t.from_account { (first, second) } else { (second, first) };
    ledger::transfer(from.side(), to.side(), t.minutes).map_err(|e| StoreError::Conflict(e.code()))?;
    let mut entry = Entry {
        id: entries + 1,
        from_account: t.from_account,
        to_account: t.to_account,
        minutes: t.minutes,
        description: t.description.clone(),
        exchange_id: t.exchange_id,
        reverses,
        created_at: t.now,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = ledger::entry_hash(&entry.prev_hash, &entry);
    sqlx::query(
        "INSERT INTO timebank_entries (id, from_account, to_account, minutes, description, exchange_id, \
         reverses, created_by, created_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(entry.id)
    .bind(entry.from_account)
    .bind(entry.to_account)
    .bind(entry.minutes)
    .bind(&entry.description)
    .bind(entry.exchange_id)
    .bind(entry.reverses)
    .bind(who.account_id)
    .bind(entry.created_at)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    let action = if reverses.is_some() { "timebank.reverse" } else { "timebank.transfer" };
    audit(
        tx,
        who,
        action,
        "timebank_entry",
        Some(entry.id),
        None,
        serde_json::json!({"from": entry.from_account, "to": entry.to_account, "minutes": entry.minutes}),
    )
    .await?;
    Ok(entry)
}

/// One transfer inside the caller's write transaction (the
/// engine's `commit_transfer` commits it, alone or with others).
pub(crate) async fn transfer_in(tx: &mut Tx, who: &Who, t: &NewTransfer) -> Result<Entry> {
    append_entry(tx, who, t, None).await
}

#[portineria_store::async_trait]
impl portineria_store::TimebankStore for E {
    async fn open_timebank_account(
        &self,
        who: &Who,
        owner_kind: &str,
        owner_id: Option<i64>,
        name: &str,
        limits: Limits,
        now: i64,
    ) -> Result<TimebankAccount> {
        if !limits.is_valid() {
            return Err(StoreError::Conflict("limits-invalid"));
        }
        if !matches!(owner_kind, "person" | "actor" | "network") {
            return Err(StoreError::Conflict("owner-kind"));
        }
        let mut tx = self.begin_write().await?;
        let account = open_account_in(&mut tx, who, owner_kind, owner_id, name, limits, now).await?;
        tx.commit().await?;
        Ok(account)
    }

    async fn timebank_account(&self, id: i64) -> Result<Option<TimebankAccount>> {
        let sql = format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts WHERE id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
        row.as_ref().map(tb_account_row).transpose()
    }

    async fn timebank_account_of(&self, owner_kind: &str, owner_id: i64) -> Result<Option<TimebankAccount>> {
        let sql = format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts WHERE owner_kind = $1 AND owner_id = $2");
        let row = sqlx::query(&sql).bind(owner_kind).bind(owner_id).fetch_optional(self.reader()).await?;
        row.as_ref().map(tb_account_row).transpose()
    }

    async fn timebank_accounts(&self) -> Result<Vec<TimebankAccount>> {
        let sql = format!("SELECT {TB_ACCOUNT_COLUMNS} FROM timebank_accounts ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        rows.iter().map(tb_account_row).collect()
    }

    async fn set_timebank_limits(&self, who: &Who, id: i64, limits: Limits) -> Result<TimebankAccount> {
        if !limits.is_valid() {
            return Err(StoreError::Conflict("limits-invalid"));
        }
        let mut tx = self.begin_write().await?;
        let account = tb_account_locked(&mut tx, id).await?;
        if !limits.allows(account.balance_minutes) {
            return Err(StoreError::Conflict("limits-exclude-balance"));
        }
        let sql = format!(
            "UPDATE timebank_accounts SET min_balance = $1, max_balance = $2 WHERE id = $3 \
             RETURNING {TB_ACCOUNT_COLUMNS}"
        );
        let row =
            sqlx::query(&sql).bind(limits.min_balance).bind(limits.max_balance).bind(id).fetch_one(&mut *tx).await?;
        audit(
            &mut tx,
            who,
            "timebank.limits",
            "timebank_account",
            Some(id),
            None,
            serde_json::json!({"min_balance": limits.min_balance, "max_balance": limits.max_balance}),
        )
        .await?;
        tx.commit().await?;
        tb_account_row(&row)
    }

    async fn transfer(&self, who: &Who, t: &NewTransfer) -> Result<Entry> {
        if t.minutes <= 0 {
            return Err(StoreError::Conflict(ledger::TransferError::NotPositive.code()));
        }
        if t.from_account == t.to_account {
            return Err(StoreError::Conflict(ledger::TransferError::ToSelf.code()));
        }
        // The engine runs `transfer_in` in a write transaction and
        // answers once it has committed.
        self.commit_transfer(who, t).await
    }

    async fn reverse_entry(&self, who: &Who, entry_id: i64, description: &str, now: i64) -> Result<Entry> {
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM timebank_entries WHERE id = $1");
        let row = sqlx::query(&sql).bind(entry_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        let original = entry_row(&row)?;
        if original.reverses.is_some() {
            return Err(StoreError::Conflict("reversal-of-reversal"));
        }
        let done: Option<i64> = sqlx::query_scalar("SELECT id FROM timebank_entries WHERE reverses = $1")
            .bind(entry_id)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            return Err(StoreError::Conflict("already-reversed"));
        }
        let t = NewTransfer {
            from_account: original.to_account,
            to_account: original.from_account,
            minutes: original.minutes,
            description: description.to_owned(),
            exchange_id: original.exchange_id,
            now,
        };
        let entry = append_entry(&mut tx, who, &t, Some(entry_id)).await?;
        tx.commit().await?;
        Ok(entry)
    }

    async fn ledger_totals(&self) -> Result<portineria_store::LedgerTotals> {
        let entries = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(COALESCE(SUM(CASE WHEN reverses IS NULL THEN minutes ELSE 0 END), 0) AS BIGINT) AS moved \
             FROM timebank_entries",
        )
        .fetch_one(self.reader())
        .await?;
        let accounts = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(balance_minutes), 0) AS BIGINT) AS total \
             FROM timebank_accounts",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(portineria_store::LedgerTotals {
            accounts: accounts.try_get("n")?,
            entries: entries.try_get("n")?,
            moved_minutes: entries.try_get("moved")?,
            balance_sum: accounts.try_get("total")?,
        })
    }

    async fn ledger_entries(&self, after: i64, limit: u32) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM timebank_entries WHERE id > $1 ORDER BY id LIMIT $2");
        let rows = sqlx::query(&sql).bind(after).bind(i64::from(limit)).fetch_all(self.reader()).await?;
        rows.iter().map(entry_row).collect()
    }

    async fn account_entries(&self, account_id: i64, before: Option<i64>, limit: u32) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM timebank_entries WHERE (from_account = $1 OR to_account = $1) \
             AND id < $2 ORDER BY id DESC LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(account_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(entry_row).collect()
    }
}
