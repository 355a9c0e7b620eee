//! The time bank: a mutual-credit ledger in minutes.
//!
//! Every transfer is one balanced entry (the payer's balance falls by what
//! the payee's rises), so the balances of all accounts sum to zero. An
//! account's balance stays between its credit limit (the lowest balance,
//! zero or below) and its highest balance (zero or above). Entries are never
//! changed: a correction is a reversal entry. Each entry carries the hash of
//! the one before it, so [`verify`] can recompute the chain and the balances
//! and name any entry that does not match.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Where an account's balance may go, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The lowest balance (the credit limit), ≤ 0.
    pub min_balance: i64,
    /// The highest balance, ≥ 0.
    pub max_balance: i64,
}

impl Default for Limits {
    /// Ten hours of credit either way.
    fn default() -> Self {
        Limits { min_balance: -600, max_balance: 600 }
    }
}

impl Limits {
    /// A person's account when it opens: ten hours of credit, forty of savings.
    pub const PERSON: Limits = Limits { min_balance: -600, max_balance: 2_400 };

    pub fn is_valid(&self) -> bool {
        self.min_balance <= 0 && self.max_balance >= 0
    }

    pub fn allows(&self, balance: i64) -> bool {
        self.min_balance <= balance && balance <= self.max_balance
    }
}

/// Why a transfer cannot be made. Each is a message code (`err-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("transfer-to-self")]
    ToSelf,
    #[error("transfer-not-positive")]
    NotPositive,
    /// The payer would go below its credit limit.
    #[error("transfer-credit-limit")]
    CreditLimit { balance: i64, min_balance: i64 },
    /// The payee would go above its highest balance.
    #[error("transfer-highest-balance")]
    HighestBalance { balance: i64, max_balance: i64 },
}

impl TransferError {
    pub fn code(&self) -> &'static str {
        match self {
            TransferError::ToSelf => "transfer-to-self",
            TransferError::NotPositive => "transfer-not-positive",
            TransferError::CreditLimit { .. } => "transfer-credit-limit",
            TransferError::HighestBalance { .. } => "transfer-highest-balance",
        }
    }
}

/// One side of a transfer as the ledger holds it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub account: i64,
    pub balance: i64,
    pub limits: Limits,
}

/// The balances after moving `minutes` from `from` to `to`, or why not.
pub fn transfer(from: Side, to: Side, minutes: i64) -> Result<(i64, i64), TransferError> {
    if from.account == to.account {
        return Err(TransferError::ToSelf);
    }
    if minutes <= 0 {
        return Err(TransferError::NotPositive);
    }
    let paid = from
        .balance
        .checked_sub(minutes)
        .ok_or(TransferError::CreditLimit { balance: from.balance, min_balance: from.limits.min_balance })?;
    if paid < from.limits.min_balance {
        return Err(TransferError::CreditLimit { balance: from.balance, min_balance: from.limits.min_balance });
    }
    let received = to
        .balance
        .checked_add(minutes)
        .ok_or(TransferError::HighestBalance { balance: to.balance, max_balance: to.limits.max_balance })?;
    if received > to.limits.max_balance {
        return Err(TransferError::HighestBalance { balance: to.balance, max_balance: to.limits.max_balance });
    }
    Ok((paid, received))
}

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry as stored: what its hash covers, and the hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub from_account: i64,
    pub to_account: i64,
    pub minutes: i64,
    pub description: String,
    pub exchange_id: Option<i64>,
    /// The entry this one reverses.
    pub reverses: Option<i64>,
    pub created_at: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// The SHA-256 (hex) of an entry after `prev_hash`. Every field is written
/// in a fixed order, the description with its length, so that no two
/// different entries write the same text.
pub fn entry_hash(prev_hash: &str, e: &Entry) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let text = format!(
        "portineria-ledger-1\n{prev_hash}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}:{}",
        e.id,
        e.from_account,
        e.to_account,
        e.minutes,
        e.created_at,
        opt(e.exchange_id),
        opt(e.reverses),
        e.description.len(),
        e.description
    );
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    hex
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub entries: u64,
    /// Each problem, readable: the entry or account and what is wrong.
    pub mismatches: Vec<String>,
    /// Balances recomputed from the entries.
    pub balances: BTreeMap<i64, i64>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Recomputes the chain over `entries` (in id order) and the balances, and
/// compares them with the `stored` balances of every account.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a Entry>, stored: &BTreeMap<i64, i64>) -> Verification {
    let mut v = Verification::default();
    let mut head = GENESIS.to_owned();
    let mut last_id = i64::MIN;
    for e in entries {
        v.entries += 1;
        if e.id <= last_id {
            v.mismatches.push(format!("entry {}: out of order after entry {last_id}", e.id));
        }
        last_id = e.id;
        if e.prev_hash != head {
            v.mismatches
                .push(format!("entry {}: follows {} but the entry before it hashes to {head}", e.id, e.prev_hash));
        }
        let h = entry_hash(&e.prev_hash, e);
        if h != e.hash {
            v.mismatches.push(format!("entry {}: its content hashes to {h}, not the {} stored", e.id, e.hash));
        }
        if e.minutes <= 0 || e.from_account == e.to_account {
            v.mismatches.push(format!("entry {}: not a transfer between two accounts", e.id));
        }
        *v.balances.entry(e.from_account).or_default() -= e.minutes;
        *v.balances.entry(e.to_account).or_default() += e.minutes;
        head = e.hash.clone();
    }
    for (&account, &balance) in stored {
        let computed = v.balances.get(&account).copied().unwrap_or(0);
        if computed != balance {
            v.mismatches.push(format!("account {account}: balance {balance} stored, {computed} from its entries"));
        }
    }
    for (&account, &computed) in &v.balances {
        if !stored.contains_key(&account) {
            v.mismatches.push(format!("account {account}: in entries ({computed}) but not among the accounts"));
        }
    }
    let total: i64 = stored.values().sum();
    if total != 0 {
        v.mismatches.push(format!("the balances sum to {total}, not 0"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn side(account: i64, balance: i64) -> Side {
        Side { account, balance, limits: Limits::default() }
    }

    #[test]
    fn rules() {
        assert_eq!(transfer(side(1, 0), side(2, 0), 60), Ok((-60, 60)));
        assert_eq!(transfer(side(1, 0), side(1, 0), 60), Err(TransferError::ToSelf));
        assert_eq!(transfer(side(1, 0), side(2, 0), 0), Err(TransferError::NotPositive));
        assert_eq!(transfer(side(1, 0), side(2, 0), -5), Err(TransferError::NotPositive));
        assert_eq!(transfer(side(1, -600), side(2, 0), 1).unwrap_err().code(), "transfer-credit-limit");
        assert_eq!(transfer(side(1, 0), side(2, 590), 11).unwrap_err().code(), "transfer-highest-balance");
        assert_eq!(transfer(side(1, -540), side(2, 540), 60), Ok((-600, 600)));
        assert!(transfer(side(1, i64::MIN + 1), side(2, 0), 60).is_err());
    }

    /// Applies the accepted transfers of `ops` to `n` accounts, chaining
    /// entries as the store does.
    fn run(n: usize, limits: &[Limits], ops: &[(usize, usize, i64)]) -> (Vec<Entry>, BTreeMap<i64, i64>) {
        let mut balances: BTreeMap<i64, i64> = (0..n as i64).map(|a| (a, 0)).collect();
        let mut entries: Vec<Entry> = Vec::new();
        for &(f, t, m) in ops {
            let (f, t) = ((f % n) as i64, (t % n) as i64);
            let from = Side { account: f, balance: balances[&f], limits: limits[f as usize] };
            let to = Side { account: t, balance: balances[&t], limits: limits[t as usize] };
            if let Ok((a, b)) = transfer(from, to, m) {
                balances.insert(f, a);
                balances.insert(t, b);
                let prev = entries.last().map(|e| e.hash.clone()).unwrap_or_else(|| GENESIS.to_owned());
                let mut e = Entry {
                    id: entries.len() as i64 + 1,
                    from_account: f,
                    to_account: t,
                    minutes: m,
                    description: format!("ore {m}"),
                    exchange_id: None,
                    reverses: None,
                    created_at: 1_800_000_000 + entries.len() as i64,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&prev, &e);
                entries.push(e);
            }
        }
        (entries, balances)
    }

    fn limits() -> impl Strategy<Value = Limits> {
        (-900i64..=0, 0i64..=900).prop_map(|(min_balance, max_balance)| Limits { min_balance, max_balance })
    }

    proptest! {
        #[test]
        fn balances_stay_within_limits_and_sum_to_zero(
            ls in proptest::collection::vec(limits(), 2..6),
            ops in proptest::collection::vec((0usize..6, 0usize..6, -30i64..300), 0..80),
        ) {
            let n = ls.len();
            let (entries, balances) = run(n, &ls, &ops);
            prop_assert_eq!(balances.values().sum::<i64>(), 0);
            for (a, b) in &balances {
                prop_assert!(ls[*a as usize].allows(*b), "account {} at {}", a, b);
            }
            let v = verify(&entries, &balances);
            prop_assert!(v.ok(), "{:?}", v.mismatches);
            prop_assert_eq!(v.balances.values().sum::<i64>(), 0);
        }

        #[test]
        fn a_reversal_restores_both_balances(
            ls in proptest::collection::vec(limits(), 2..5),
            ops in proptest::collection::vec((0usize..5, 0usize..5, 1i64..200), 1..40),
        ) {
            let n = ls.len();
            let (entries, balances) = run(n, &ls, &ops);
            prop_assume!(!entries.is_empty());
            // Reversing the latest entry always fits (it puts back balances
            // that were within the limits just before) and restores them.
            let last = entries.len() - 1;
            let e = &entries[last];
            let from = Side { account: e.to_account, balance: balances[&e.to_account], limits: ls[e.to_account as usize] };
            let to = Side { account: e.from_account, balance: balances[&e.from_account], limits: ls[e.from_account as usize] };
            let (a, b) = transfer(from, to, e.minutes).map_err(|x| TestCaseError::fail(format!("{x:?}")))?;
            let mut before = balances.clone();
            before.insert(e.to_account, a);
            before.insert(e.from_account, b);
            let (_, expected) = run(n, &ls, &ops_without_last_accepted(n, &ls, &ops));
            prop_assert_eq!(before, expected);
        }

        #[test]
        fn verify_names_a_changed_or_missing_entry(
            ops in proptest::collection::vec((0usize..4, 0usize..4, 1i64..100), 3..30),
            pick in any::<usize>(),
            how in 0u8..3,
        ) {
            let ls = vec![Limits { min_balance: -10_000, max_balance: 10_000 }; 4];
            let (mut entries, balances) = run(4, &ls, &ops);
            prop_assume!(entries.len() >= 2);
            let k = pick % entries.len();
            match how {
                0 => entries[k].minutes += 1,
                1 => entries[k].description.push('!'),
                _ => {
                    entries.remove(k);
                }
            }
            let v = verify(&entries, &balances);
            prop_assert!(!v.ok());
        }
    }

    /// `ops` without the last transfer that `run` accepts.
    fn ops_without_last_accepted(n: usize, ls: &[Limits], ops: &[(usize, usize, i64)]) -> Vec<(usize, usize, i64)> {
        let accepted = run(n, ls, ops).0.len();
        for cut in (0..ops.len()).rev() {
            if run(n, ls, &ops[..cut]).0.len() < accepted {
                return ops[..cut].to_vec();
            }
        }
        Vec::new()
    }
}
