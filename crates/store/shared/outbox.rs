//! The SQL of the outbox (see `portineria_store::OutboxStore`).
//!
//! Other capabilities call [`enqueue`] inside their own transactions, so a
//! mail is queued exactly when the change it tells of commits.

use super::*;
use portineria_store::{MailKind, Notice, OutboxMail, UndeliveredMail};

/// The columns a queued mail is written with; `created_at` and
/// `next_attempt_at` are the same instant.
pub(crate) const INSERT_OUTBOX: &str =
    "INSERT INTO outbox (kind, account_id, subject_id, hub_id, data, dedup, created_at, next_attempt_at)";

const MAIL_COLUMNS: &str = "o.id, o.kind, o.account_id, o.subject_id, o.hub_id, o.data, o.created_at, \
    o.next_attempt_at, o.attempts, o.claimed_until, o.sent_at, o.failed_at, o.last_error";

/// Due at `$1` and held by nobody (or by someone whose lease ran out).
const CLAIMABLE: &str = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
    AND (claimed_until IS NULL OR claimed_until <= $1)";

/// The longest error kept.
const ERROR_CHARS: usize = 1000;

/// `data`, blanked for a kind that holds a secret.
fn data_without_secret() -> String {
    let kinds: Vec<String> =
        MailKind::ALL.iter().filter(|k| k.holds_secret()).map(|k| format!("'{}'", k.as_str())).collect();
    if kinds.is_empty() {
        "data".to_owned()
    } else {
        format!("CASE WHEN kind IN ({}) THEN '{{}}' ELSE data END", kinds.join(", "))
    }
}

/// Queues a notice inside the caller's transaction; a notice whose key is
/// already queued (or was sent) is dropped. Returns whether it was new.
pub(crate) async fn enqueue(tx: &mut Tx, n: &Notice) -> Result<bool> {
    let sql = format!("{INSERT_OUTBOX} VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (dedup) DO NOTHING");
    let done = sqlx::query(&sql)
        .bind(n.kind.as_str())
        .bind(n.account_id)
        .bind(n.subject_id)
        .bind(n.hub_id)
        .bind(n.data.to_string())
        .bind(&n.dedup)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) fn mail_row(r: &Row) -> Result<OutboxMail> {
    let kind: String = r.try_get("kind")?;
    let data: String = r.try_get("data")?;
    Ok(OutboxMail {
        id: r.try_get("id")?,
        kind: MailKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("mail kind {kind}")))?,
        account_id: r.try_get("account_id")?,
        subject_id: r.try_get("subject_id")?,
        hub_id: r.try_get("hub_id")?,
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
        created_at: r.try_get("created_at")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        attempts: r.try_get("attempts")?,
        claimed_until: r.try_get("claimed_until")?,
        sent_at: r.try_get("sent_at")?,
        failed_at: r.try_get("failed_at")?,
        last_error: r.try_get("last_error")?,
    })
}

async fn mail_in(conn: &mut Conn, id: i64) -> Result<Option<OutboxMail>> {
    let sql = format!("SELECT {MAIL_COLUMNS} FROM outbox o WHERE o.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(mail_row).transpose()
}

#[portineria_store::async_trait]
impl portineria_store::OutboxStore for E {
    async fn queue_mail(&self, notices: &[Notice]) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for n in notices {
            if enqueue(&mut tx, n).await? {
                new += 1;
            }
        }
        tx.commit().await?;
        Ok(new)
    }

    async fn claim_mail(&self, now: i64, lease_seconds: i64, limit: u32) -> Result<Vec<OutboxMail>> {
        // A look on the readers first: an idle outbox costs no write
        // transaction (SQLite's single writer is the bookings' too).
        let due: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM outbox WHERE {CLAIMABLE} LIMIT 1"))
            .bind(now)
            .fetch_optional(self.reader())
            .await?;
        if due.is_none() || limit == 0 {
            return Ok(Vec::new());
        }
        // The condition is in the UPDATE's own WHERE as well as in the
        // subquery: on PostgreSQL a row another server claimed (and
        // committed) while this one waited for its lock is checked again
        // against its new version, and skipped.
        let sql = format!(
            "UPDATE outbox SET claimed_until = $2 WHERE id IN \
             (SELECT id FROM outbox WHERE {CLAIMABLE} ORDER BY next_attempt_at, id LIMIT $3) AND {CLAIMABLE} \
             RETURNING id, kind, account_id, subject_id, hub_id, data, created_at, next_attempt_at, attempts, \
             claimed_until, sent_at, failed_at, last_error"
        );
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(&sql)
            .bind(now)
            .bind(now.saturating_add(lease_seconds.max(1)))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut out = rows.iter().map(mail_row).collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|m| (m.next_attempt_at, m.id));
        Ok(out)
    }

    async fn mark_mail_sent(&self, id: i64, now: i64) -> Result<()> {
        let sql = format!(
            "UPDATE outbox SET sent_at = $2, claimed_until = NULL, failed_at = NULL, data = {} WHERE id = $1",
            data_without_secret()
        );
        let mut tx = self.begin_write().await?;
        sqlx::query(&sql).bind(id).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mark_mail_failed(&self, id: i64, now: i64, error: &str, retry_at: Option<i64>) -> Result<()> {
        let error: String = error.chars().take(ERROR_CHARS).collect();
        let mut tx = self.begin_write().await?;
        match retry_at {
            Some(at) => {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, \
                     next_attempt_at = $3 WHERE id = $1 AND sent_at IS NULL",
                )
                .bind(id)
                .bind(&error)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                let sql = format!(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, \
                     failed_at = $3, data = {} WHERE id = $1 AND sent_at IS NULL",
                    data_without_secret()
                );
                sqlx::query(&sql).bind(id).bind(&error).bind(now).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn undelivered_mail(
        &self,
        hubs: Option<&[i64]>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<UndeliveredMail>> {
        if hubs.is_some_and(|h| h.is_empty()) {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "SELECT {MAIL_COLUMNS}, a.email, a.display_name FROM outbox o JOIN accounts a ON a.id = o.account_id \
             WHERE o.sent_at IS NULL AND o.attempts > 0 AND o.id < "
        ));
        qb.push_bind(before.unwrap_or(i64::MAX));
        if let Some(hubs) = hubs {
            qb.push(" AND o.hub_id IN (");
            let mut sep = qb.separated(", ");
            for h in hubs {
                sep.push_bind(*h);
            }
            qb.push(")");
        }
        qb.push(" ORDER BY o.id DESC LIMIT ").push_bind(i64::from(limit));
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok(UndeliveredMail {
                    mail: mail_row(r)?,
                    email: r.try_get("email")?,
                    display_name: r.try_get("display_name")?,
                })
            })
            .collect()
    }

    async fn mail(&self, id: i64) -> Result<Option<OutboxMail>> {
        let mut c = self.reader().acquire().await?;
        mail_in(&mut c, id).await
    }

    async fn retry_mail(&self, who: &Who, id: i64, now: i64) -> Result<OutboxMail> {
        let mut tx = self.begin_write().await?;
        let before = mail_in(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        if before.sent_at.is_some() {
            return Err(StoreError::Conflict("mail-already-sent"));
        }
        // A lease held stays held: a worker sending it now decides.
        sqlx::query("UPDATE outbox SET failed_at = NULL, next_attempt_at = $2 WHERE id = $1 AND sent_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            who,
            "mail.retry",
            "mail",
            Some(id),
            before.hub_id,
            serde_json::json!({"kind": before.kind.as_str(), "attempts": before.attempts}),
        )
        .await?;
        let after = mail_in(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }

    async fn discard_pending_mail(&self, now: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM outbox WHERE sent_at IS NULL AND created_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}
