//! The SQL of exchanges, reviews, marks and weekly digests. Completion
//! appends its time credit with the time bank's `append_entry`, in the
//! exchange's transaction.
//!
//! Locks are taken in one order by every writer: the exchange's row, then
//! its listings by id, then (on completion) the ledger's head and accounts,
//! as a transfer does.

use super::timebank::{append_entry, open_account_in, person_account_in, tb_account_locked};
use super::*;
use portineria_domain::listings::Direction;
use portineria_domain::timebank as ledger;
use portineria_store::{MailKind, NewTransfer, Notice, TimebankAccount};

use portineria_domain::exchanges::{self as exchanges, Status as ExchangeStatus};
use portineria_store::{
    Exchange, ExchangeFact, ExchangeLeg, ExchangeParty, ExchangeQuery, ExchangeReview, NewExchange, NewReview,
};

type Conn = <Db as sqlx::Database>::Connection;

const EXCHANGE_COLUMNS: &str = "id, status, proposed_by, note, category_id, minutes, deadline, created_at, \
    updated_at, accepted_at, completed_at";

fn exchange_status(s: &str) -> Result<ExchangeStatus> {
    ExchangeStatus::parse(s).ok_or_else(|| StoreError::Corrupt(format!("exchange status {s}")))
}

/// The exchange with its legs and parties, read on `conn`.
async fn load_exchange(conn: &mut Conn, id: i64) -> Result<Option<Exchange>> {
    let sql = format!("SELECT {EXCHANGE_COLUMNS} FROM exchanges WHERE id = $1");
    let Some(r) = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let legs = sqlx::query(
        "SELECT from_account, to_account, listing_id, title, minutes FROM exchange_legs \
         WHERE exchange_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|l| {
        Ok(ExchangeLeg {
            from_account: l.try_get("from_account")?,
            to_account: l.try_get("to_account")?,
            listing_id: l.try_get("listing_id")?,
            title: l.try_get("title")?,
            minutes: l.try_get("minutes")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let parties = sqlx::query(
        "SELECT p.account_id, COALESCE(a.display_name, '') AS display_name, p.confirmed_at, p.declined_at \
         FROM exchange_parties p LEFT JOIN accounts a ON a.id = p.account_id \
         WHERE p.exchange_id = $1 ORDER BY p.account_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|p| {
        Ok(ExchangeParty {
            account_id: p.try_get("account_id")?,
            display_name: p.try_get("display_name")?,
            confirmed_at: p.try_get("confirmed_at")?,
            declined_at: p.try_get("declined_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let status: String = r.try_get("status")?;
    Ok(Some(Exchange {
        id,
        status: exchange_status(&status)?,
        proposed_by: r.try_get("proposed_by")?,
        note: r.try_get("note")?,
        category_id: r.try_get("category_id")?,
        minutes: r.try_get("minutes")?,
        deadline: r.try_get("deadline")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        accepted_at: r.try_get("accepted_at")?,
        completed_at: r.try_get("completed_at")?,
        legs,
        parties,
    }))
}

/// Locks the exchange's row and reads it.
async fn locked_exchange(tx: &mut Tx, id: i64) -> Result<Exchange> {
    let sql = format!("SELECT id FROM exchanges WHERE id = $1{}", E::ROW_LOCK);
    let found: Option<i64> = sqlx::query_scalar(&sql).bind(id).fetch_optional(&mut **tx).await?;
    if found.is_none() {
        return Err(StoreError::NotFound);
    }
    load_exchange(tx, id).await?.ok_or(StoreError::NotFound)
}

/// A person's time-bank account, locked, opened with a person's
/// limits if they have none yet.
async fn person_account(tx: &mut Tx, who: &Who, account_id: i64, now: i64) -> Result<TimebankAccount> {
    let name: Option<String> = sqlx::query_scalar("SELECT display_name FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut **tx)
        .await?;
    let name = name.ok_or(StoreError::Conflict("exchange-party-erased"))?;
    let opened = open_account_in(tx, who, "person", Some(account_id), &name, ledger::Limits::PERSON, now).await?;
    tb_account_locked(tx, opened.id).await
}

/// Locks the listings an exchange holds, in id order, before any is
/// updated: an update takes the listings' revision counter, and a
/// writer that held it while waiting for a listing's row could
/// deadlock with one that holds that row.
async fn lock_held_listings(tx: &mut Tx, exchange_id: i64) -> Result<()> {
    let sql = format!("SELECT id FROM listings WHERE exchange_id = $1 ORDER BY id{}", E::ROW_LOCK);
    sqlx::query(&sql).bind(exchange_id).fetch_all(&mut **tx).await?;
    Ok(())
}

async fn exchange_audit(tx: &mut Tx, who: &Who, action: &str, id: i64, detail: serde_json::Value) -> Result<()> {
    audit(tx, who, action, "exchange", Some(id), None, detail).await
}

fn review_row(r: &Row) -> Result<ExchangeReview> {
    Ok(ExchangeReview {
        exchange_id: r.try_get("exchange_id")?,
        author_account: r.try_get("author_account")?,
        author_name: r.try_get("author_name")?,
        subject_account: r.try_get("subject_account")?,
        rating: r.try_get("rating")?,
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
    })
}

const REVIEW_SELECT: &str = "SELECT r.exchange_id, r.author_account, COALESCE(a.display_name, '') AS author_name, \
    r.subject_account, r.rating, r.body, r.created_at FROM exchange_reviews r \
    LEFT JOIN accounts a ON a.id = r.author_account";

#[portineria_store::async_trait]
impl portineria_store::ExchangeStore for E {
    async fn propose_exchange(&self, who: &Who, e: &NewExchange) -> Result<Exchange> {
        let mut tx = self.begin_write().await?;
        let mut ids: Vec<i64> = e.legs.iter().filter_map(|l| l.listing_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut listings = std::collections::BTreeMap::new();
        for id in ids {
            let sql = format!(
                "SELECT direction, account_id, status, expires_at, category_id, title FROM listings \
                 WHERE id = $1{}",
                E::ROW_LOCK
            );
            let r = sqlx::query(&sql)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::Conflict("exchange-unknown-listing"))?;
            let direction: String = r.try_get("direction")?;
            let status: String = r.try_get("status")?;
            let expires_at: i64 = r.try_get("expires_at")?;
            listings.insert(
                id,
                (
                    Direction::parse(&direction).ok_or_else(|| StoreError::Corrupt(direction.clone()))?,
                    r.try_get::<i64, _>("account_id")?,
                    status == "open" && expires_at > e.now,
                    r.try_get::<i64, _>("category_id")?,
                    r.try_get::<String, _>("title")?,
                ),
            );
        }
        let mut legs = Vec::with_capacity(e.legs.len());
        for l in &e.legs {
            let moves = match (l.listing_id, l.minutes) {
                (Some(id), None) => {
                    let (direction, poster, open, _, _) =
                        listings.get(&id).ok_or(StoreError::Conflict("exchange-unknown-listing"))?;
                    exchanges::Moves::Listing { id, direction: *direction, poster: *poster, open: *open }
                }
                (None, Some(m)) => exchanges::Moves::Minutes(m),
                _ => return Err(StoreError::Conflict("exchange-leg-moves")),
            };
            legs.push(exchanges::Leg { from: l.from_account, to: l.to_account, moves });
        }
        let parties = exchanges::validate(&legs, e.proposer, e.on_behalf, e.now, e.deadline)
            .map_err(|err| StoreError::Conflict(err.code()))?;
        // Every party is a person with an account.
        for p in &parties {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1").bind(p).fetch_optional(&mut *tx).await?;
            if found.is_none() {
                return Err(StoreError::Conflict("exchange-unknown-party"));
            }
        }
        // The time credit must fit every payer's limits as things stand.
        let mut sides = std::collections::BTreeMap::new();
        for l in &legs {
            if matches!(l.moves, exchanges::Moves::Minutes(_)) {
                for p in [l.from, l.to] {
                    if let std::collections::btree_map::Entry::Vacant(v) = sides.entry(p) {
                        // With no account yet, one opens on completion.
                        let account = person_account_in(&mut tx, p).await?;
                        v.insert(portineria_store::person_side(account.as_ref(), p));
                    }
                }
            }
        }
        exchanges::settle(&legs, &sides).map_err(|(_, err)| StoreError::Conflict(err.code()))?;
        let category = e.legs.iter().find_map(|l| l.listing_id).and_then(|id| listings.get(&id)).map(|x| x.3);
        let minutes: i64 = e.legs.iter().filter_map(|l| l.minutes).sum();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO exchanges (proposed_by, note, category_id, minutes, deadline, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(e.proposer)
        .bind(&e.note)
        .bind(category)
        .bind(minutes)
        .bind(e.deadline)
        .bind(e.now)
        .fetch_one(&mut *tx)
        .await?;
        for (position, l) in e.legs.iter().enumerate() {
            let title = l.listing_id.and_then(|id| listings.get(&id)).map(|x| x.4.clone()).unwrap_or_default();
            sqlx::query(
                "INSERT INTO exchange_legs (exchange_id, position, from_account, to_account, listing_id, title, \
                 minutes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(l.from_account)
            .bind(l.to_account)
            .bind(l.listing_id)
            .bind(title)
            .bind(l.minutes)
            .execute(&mut *tx)
            .await?;
        }
        for p in &parties {
            let confirmed = (*p == e.proposer).then_some(e.now);
            sqlx::query("INSERT INTO exchange_parties (exchange_id, account_id, confirmed_at) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(p)
                .bind(confirmed)
                .execute(&mut *tx)
                .await?;
        }
        exchange_audit(
            &mut tx,
            who,
            "exchange.propose",
            id,
            serde_json::json!({"parties": parties, "legs": e.legs.len(), "minutes": minutes}),
        )
        .await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        // "You are asked to confirm", to each party who has not yet.
        for p in x.parties.iter().filter(|p| p.confirmed_at.is_none()) {
            super::outbox::enqueue(&mut tx, &Notice::new(MailKind::ExchangeProposed, p.account_id, id)).await?;
        }
        tx.commit().await?;
        Ok(x)
    }

    async fn exchange(&self, id: i64) -> Result<Option<Exchange>> {
        let mut c = self.reader().acquire().await?;
        load_exchange(&mut c, id).await
    }

    async fn list_exchanges(&self, q: &ExchangeQuery) -> Result<Vec<Exchange>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new("SELECT e.id FROM exchanges e WHERE e.id < ");
        qb.push_bind(q.before.unwrap_or(i64::MAX));
        if let Some(a) = q.account_id {
            qb.push(" AND EXISTS (SELECT 1 FROM exchange_parties p WHERE p.exchange_id = e.id AND p.account_id = ")
                .push_bind(a)
                .push(")");
        }
        if let Some(s) = q.status {
            qb.push(" AND e.status = ").push_bind(s.as_str());
        }
        qb.push(" ORDER BY e.id DESC LIMIT ").push_bind(i64::from(q.limit.max(1)));
        let mut c = self.reader().acquire().await?;
        let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *c).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(x) = load_exchange(&mut c, id).await? {
                out.push(x);
            }
        }
        Ok(out)
    }

    async fn confirm_exchange(&self, who: &Who, id: i64, account_id: i64, now: i64) -> Result<Exchange> {
        let mut tx = self.begin_write().await?;
        let x = locked_exchange(&mut tx, id).await?;
        let party = x.parties.iter().find(|p| p.account_id == account_id);
        let Some(party) = party else { return Err(StoreError::Conflict("exchange-not-party")) };
        if party.confirmed_at.is_some() || party.declined_at.is_some() {
            return Err(StoreError::Conflict("exchange-already-answered"));
        }
        if x.status == ExchangeStatus::Expired || (x.status == ExchangeStatus::Proposed && now > x.deadline) {
            return Err(StoreError::Conflict("exchange-expired"));
        }
        if x.status != ExchangeStatus::Proposed {
            return Err(StoreError::Conflict("exchange-status"));
        }
        sqlx::query(
            "UPDATE exchange_parties SET confirmed_at = $1 WHERE exchange_id = $2 AND account_id = $3 \
             AND confirmed_at IS NULL AND declined_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        let waiting = x.parties.iter().filter(|p| p.account_id != account_id && p.confirmed_at.is_none()).count();
        if waiting == 0 {
            let mut ids: Vec<i64> = x.legs.iter().filter_map(|l| l.listing_id).collect();
            ids.sort_unstable();
            // Every listing's row first, in id order, then the
            // updates (which take the revision counter's row).
            for l in &ids {
                let sql = format!("SELECT id FROM listings WHERE id = $1{}", E::ROW_LOCK);
                sqlx::query(&sql).bind(l).fetch_optional(&mut *tx).await?;
            }
            for l in ids {
                let n = sqlx::query(
                    "UPDATE listings SET status = 'in_exchange', exchange_id = $1, updated_at = $2 \
                     WHERE id = $3 AND status = 'open' AND expires_at > $2",
                )
                .bind(id)
                .bind(now)
                .bind(l)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(StoreError::Conflict("exchange-listing-taken"));
                }
            }
            sqlx::query("UPDATE exchanges SET status = 'accepted', accepted_at = $1, updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE exchanges SET updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        exchange_audit(&mut tx, who, "exchange.confirm", id, serde_json::json!({"party": account_id})).await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        if waiting == 0 {
            // "Everyone confirmed", to every party.
            for p in &x.parties {
                super::outbox::enqueue(&mut tx, &Notice::new(MailKind::ExchangeAccepted, p.account_id, id)).await?;
            }
        }
        tx.commit().await?;
        Ok(x)
    }

    async fn decline_exchange(&self, who: &Who, id: i64, account_id: i64, now: i64) -> Result<Exchange> {
        let mut tx = self.begin_write().await?;
        let x = locked_exchange(&mut tx, id).await?;
        let Some(party) = x.parties.iter().find(|p| p.account_id == account_id) else {
            return Err(StoreError::Conflict("exchange-not-party"));
        };
        if party.confirmed_at.is_some() || party.declined_at.is_some() {
            return Err(StoreError::Conflict("exchange-already-answered"));
        }
        if x.status != ExchangeStatus::Proposed {
            return Err(StoreError::Conflict("exchange-status"));
        }
        sqlx::query("UPDATE exchange_parties SET declined_at = $1 WHERE exchange_id = $2 AND account_id = $3")
            .bind(now)
            .bind(id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE exchanges SET status = 'declined', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        exchange_audit(&mut tx, who, "exchange.decline", id, serde_json::json!({"party": account_id})).await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(x)
    }

    async fn complete_exchange(&self, who: &Who, id: i64, now: i64) -> Result<Exchange> {
        let mut tx = self.begin_write().await?;
        let x = locked_exchange(&mut tx, id).await?;
        if x.status != ExchangeStatus::Accepted {
            return Err(StoreError::Conflict("exchange-status"));
        }
        let titles: Vec<&str> = x.legs.iter().filter(|l| !l.title.is_empty()).map(|l| l.title.as_str()).collect();
        let description =
            if titles.is_empty() { format!("#{id}") } else { format!("#{id} · {}", titles.join(" · ")) };
        let description: String = description.chars().take(200).collect();
        lock_held_listings(&mut tx, id).await?;
        for l in &x.legs {
            let Some(minutes) = l.minutes else { continue };
            let from = person_account(&mut tx, who, l.from_account, now).await?;
            let to = person_account(&mut tx, who, l.to_account, now).await?;
            let t = NewTransfer {
                from_account: from.id,
                to_account: to.id,
                minutes,
                description: description.clone(),
                exchange_id: Some(id),
                now,
            };
            append_entry(&mut tx, who, &t, None).await?;
        }
        sqlx::query(
            "UPDATE listings SET status = 'closed', updated_at = $1 WHERE exchange_id = $2 AND status = 'in_exchange'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE exchanges SET status = 'completed', completed_at = $1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        exchange_audit(&mut tx, who, "exchange.complete", id, serde_json::json!({"minutes": x.minutes})).await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(x)
    }

    async fn cancel_exchange(&self, who: &Who, id: i64, now: i64) -> Result<Exchange> {
        let mut tx = self.begin_write().await?;
        let x = locked_exchange(&mut tx, id).await?;
        if x.status != ExchangeStatus::Accepted {
            return Err(StoreError::Conflict("exchange-status"));
        }
        lock_held_listings(&mut tx, id).await?;
        sqlx::query(
            "UPDATE listings SET status = 'open', exchange_id = NULL, updated_at = $1 \
             WHERE exchange_id = $2 AND status = 'in_exchange'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE exchanges SET status = 'cancelled', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        exchange_audit(&mut tx, who, "exchange.cancel", id, serde_json::json!({})).await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(x)
    }

    async fn review_exchange(&self, who: &Who, id: i64, r: &NewReview) -> Result<Exchange> {
        let (author, subject, rating, body, now) = (r.author, r.subject, r.rating, &r.body, r.now);
        let mut tx = self.begin_write().await?;
        let x = locked_exchange(&mut tx, id).await?;
        let legs = x.domain_legs();
        exchanges::may_review(&legs, x.status, author, subject, rating).map_err(|e| StoreError::Conflict(e.code()))?;
        sqlx::query(
            "INSERT INTO exchange_reviews (exchange_id, author_account, subject_account, rating, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(author)
        .bind(subject)
        .bind(rating)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(conflict_on_unique("review-twice"))?;
        let written: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM exchange_reviews WHERE exchange_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let due = exchanges::review_pairs(&legs).len();
        if x.status == ExchangeStatus::Completed && usize::try_from(written).unwrap_or(0) >= due {
            sqlx::query("UPDATE exchanges SET status = 'reviewed', updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        exchange_audit(
            &mut tx,
            who,
            "exchange.review",
            id,
            serde_json::json!({"author": author, "subject": subject, "rating": rating}),
        )
        .await?;
        let x = load_exchange(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(x)
    }

    async fn exchange_reviews(&self, id: i64) -> Result<Vec<ExchangeReview>> {
        let sql = format!("{REVIEW_SELECT} WHERE r.exchange_id = $1 ORDER BY r.created_at, r.author_account");
        let rows = sqlx::query(&sql).bind(id).fetch_all(self.reader()).await?;
        rows.iter().map(review_row).collect()
    }

    async fn reviews_of(&self, account_id: i64, limit: u32) -> Result<Vec<ExchangeReview>> {
        let sql = format!(
            "{REVIEW_SELECT} WHERE r.subject_account = $1 ORDER BY r.created_at DESC, r.exchange_id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(account_id).bind(i64::from(limit)).fetch_all(self.reader()).await?;
        rows.iter().map(review_row).collect()
    }

    async fn reliability(&self) -> Result<Vec<(i64, exchanges::Reliability)>> {
        let mut out: std::collections::BTreeMap<i64, exchanges::Reliability> = Default::default();
        let rows = sqlx::query(
            "SELECT subject_account, CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(rating) AS BIGINT) AS total \
             FROM exchange_reviews GROUP BY subject_account",
        )
        .fetch_all(self.reader())
        .await?;
        for r in &rows {
            let e = out.entry(r.try_get("subject_account")?).or_default();
            e.reviews = u32::try_from(r.try_get::<i64, _>("n")?).unwrap_or(u32::MAX);
            e.rating_sum = u32::try_from(r.try_get::<i64, _>("total")?).unwrap_or(u32::MAX);
        }
        let rows = sqlx::query(
            "SELECT p.account_id, CAST(COUNT(*) AS BIGINT) AS n FROM exchange_parties p \
             JOIN exchanges e ON e.id = p.exchange_id WHERE e.status IN ('completed', 'reviewed') \
             GROUP BY p.account_id",
        )
        .fetch_all(self.reader())
        .await?;
        for r in &rows {
            out.entry(r.try_get("account_id")?).or_default().completed =
                u32::try_from(r.try_get::<i64, _>("n")?).unwrap_or(u32::MAX);
        }
        Ok(out.into_iter().collect())
    }

    async fn expire_exchanges(&self, now: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE exchanges SET status = 'expired', updated_at = $1 WHERE status = 'proposed' AND deadline < $1",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    async fn exchange_facts(&self, from: i64, to: i64) -> Result<Vec<ExchangeFact>> {
        let rows = sqlx::query(
            "SELECT category_id, created_at, status, minutes FROM exchanges \
             WHERE created_at >= $1 AND created_at < $2 ORDER BY id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok(ExchangeFact {
                    category_id: r.try_get("category_id")?,
                    created_at: r.try_get("created_at")?,
                    status: exchange_status(&status)?,
                    minutes: r.try_get("minutes")?,
                })
            })
            .collect()
    }

    async fn unanswered_categories(&self, now: i64, limit: u32) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT d.category_id, CAST(COUNT(*) AS BIGINT) AS demands FROM listings d \
             WHERE d.direction = 'demand' AND d.status = 'open' AND d.expires_at > $1 \
             AND NOT EXISTS (SELECT 1 FROM listings o WHERE o.direction = 'offer' AND o.status = 'open' \
                             AND o.expires_at > $1 AND o.category_id = d.category_id) \
             GROUP BY d.category_id ORDER BY demands DESC, d.category_id LIMIT $2",
        )
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("category_id")?, r.try_get("demands")?))).collect()
    }

    async fn mark_listing(&self, account_id: i64, listing_id: i64, source: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let r = sqlx::query("SELECT direction, account_id FROM listings WHERE id = $1")
            .bind(listing_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if r.try_get::<String, _>("direction")? != "offer" {
            return Err(StoreError::Conflict("mark-not-offer"));
        }
        if r.try_get::<i64, _>("account_id")? == account_id {
            return Err(StoreError::Conflict("mark-own-listing"));
        }
        sqlx::query(
            "INSERT INTO listing_marks (account_id, listing_id, source, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, listing_id) DO NOTHING",
        )
        .bind(account_id)
        .bind(listing_id)
        .bind(source)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unmark_listing(&self, account_id: i64, listing_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM listing_marks WHERE account_id = $1 AND listing_id = $2")
            .bind(account_id)
            .bind(listing_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_match_digest(&self, account_id: i64, on: bool, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if on {
            sqlx::query(
                "INSERT INTO match_digests (account_id, since) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING",
            )
            .bind(account_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM match_digests WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn match_digest(&self, account_id: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT account_id FROM match_digests WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(self.reader())
            .await?;
        Ok(found.is_some())
    }

    async fn digests_due(&self, cutoff: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT account_id, COALESCE(last_sent_at, since) AS since FROM match_digests \
             WHERE COALESCE(last_sent_at, since) <= $1 ORDER BY account_id",
        )
        .bind(cutoff)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("account_id")?, r.try_get("since")?))).collect()
    }

    async fn claim_digest(
        &self,
        account_id: i64,
        cutoff: i64,
        now: i64,
        lines: &[portineria_store::DigestLine],
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE match_digests SET last_sent_at = $1 WHERE account_id = $2 \
             AND COALESCE(last_sent_at, since) <= $3",
        )
        .bind(now)
        .bind(account_id)
        .bind(cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 && !lines.is_empty() {
            // This week's digest: one per person and claimed instant.
            let notice = Notice::new(MailKind::MatchDigest, account_id, account_id)
                .distinct(now)
                .data(serde_json::json!({ "lines": lines }));
            super::outbox::enqueue(&mut tx, &notice).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn listing_marks(&self) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT m.account_id, m.listing_id FROM listing_marks m JOIN listings l ON l.id = m.listing_id \
             WHERE l.status = 'open' AND l.direction = 'offer' ORDER BY m.account_id, m.listing_id",
        )
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("account_id")?, r.try_get("listing_id")?))).collect()
    }
}
