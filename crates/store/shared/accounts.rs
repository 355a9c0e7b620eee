//! The SQL of accounts, roles, sessions, tokens, password resets and personal data.

use super::audit::audit_row;
use super::bookings::{BOOKING_COLUMNS, booking_row};
use super::*;
use portineria_domain::policy::Grant;
use portineria_store::{Account, AccountQuery, ApiToken, NewAccount, NewSession};
use portineria_store::{AuditEntry, Booking};

const ACCOUNT_COLUMNS: &str = "a.id, a.email, a.display_name, a.locale, a.created_at";

fn account_row(r: &Row) -> Result<Account> {
    Ok(Account {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        display_name: r.try_get("display_name")?,
        locale: r.try_get("locale")?,
        created_at: r.try_get("created_at")?,
    })
}

fn grant_row(r: &Row) -> Result<Grant> {
    let role: String = r.try_get("role")?;
    let hub: Option<i64> = r.try_get("hub_id")?;
    let site: Option<i64> = r.try_get("site_id")?;
    match (role.as_str(), hub, site) {
        ("admin", _, _) => Ok(Grant::Admin),
        ("manager", Some(hub), _) => Ok(Grant::Manager { hub }),
        ("member", Some(hub), _) => Ok(Grant::Member { hub }),
        ("host", Some(hub), Some(site)) => Ok(Grant::Host { hub, site }),
        _ => Err(StoreError::Corrupt(format!("grant {role}"))),
    }
}

fn grant_parts(g: Grant) -> (&'static str, Option<i64>, Option<i64>) {
    match g {
        Grant::Admin => ("admin", None, None),
        Grant::Manager { hub } => ("manager", Some(hub), None),
        Grant::Member { hub } => ("member", Some(hub), None),
        Grant::Host { hub, site } => ("host", Some(hub), Some(site)),
    }
}

#[portineria_store::async_trait]
impl portineria_store::AccountStore for E {
    async fn create_account(&self, n: &NewAccount) -> Result<Account> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, display_name, password_hash, locale, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&n.email)
        .bind(&n.display_name)
        .bind(&n.password_hash)
        .bind(&n.locale)
        .bind(n.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(conflict_on_unique("email-taken"))?;
        let who = Who::account(id, &n.email);
        audit(&mut tx, &who, "account.create", "account", Some(id), None, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(Account {
            id,
            email: n.email.clone(),
            display_name: n.display_name.clone(),
            locale: n.locale.clone(),
            created_at: n.now,
        })
    }

    async fn account(&self, id: i64) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
        row.as_ref().map(account_row).transpose()
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = $1");
        let row = sqlx::query(&sql).bind(email).fetch_optional(self.reader()).await?;
        row.as_ref().map(account_row).transpose()
    }

    async fn password_hash(&self, account_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(self.reader())
            .await?)
    }

    async fn set_locale(&self, account_id: i64, locale: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_profile(&self, account_id: i64, display_name: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE accounts SET display_name = $1, updated_at = $2 WHERE id = $3")
            .bind(display_name)
            .bind(now())
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_accounts(&self, q: &AccountQuery) -> Result<Vec<Account>> {
        let pattern = q.text.as_ref().map(|t| format!("%{}%", t.to_lowercase()));
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id > $1 \
             AND ($2 = '' OR lower(a.email) LIKE $2 OR lower(a.display_name) LIKE $2) ORDER BY a.id LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(q.after.unwrap_or(i64::MIN))
            .bind(pattern.unwrap_or_default())
            .bind(i64::from(q.limit))
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(account_row).collect()
    }

    async fn grants(&self, account_id: i64) -> Result<Vec<Grant>> {
        let rows = sqlx::query("SELECT role, hub_id, site_id FROM grants WHERE account_id = $1 ORDER BY id")
            .bind(account_id)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(grant_row).collect()
    }

    async fn add_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()> {
        let (role, hub, site) = grant_parts(grant);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO grants (account_id, role, hub_id, site_id, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
        )
        .bind(account_id)
        .bind(role)
        .bind(hub)
        .bind(site)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| if StoreError::is_foreign_key_violation(&e) { StoreError::NotFound } else { e.into() })?;
        audit(&mut tx, who, "grant.add", "account", Some(account_id), hub, json(&grant)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()> {
        let (role, hub, site) = grant_parts(grant);
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "DELETE FROM grants WHERE account_id = $1 AND role = $2 AND COALESCE(hub_id, 0) = $3 \
             AND COALESCE(site_id, 0) = $4",
        )
        .bind(account_id)
        .bind(role)
        .bind(hub.unwrap_or(0))
        .bind(site.unwrap_or(0))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit(&mut tx, who, "grant.remove", "account", Some(account_id), hub, json(&grant)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn grants_in(&self, hub: Option<i64>) -> Result<Vec<(Account, Grant)>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, g.role, g.hub_id, g.site_id FROM grants g \
             JOIN accounts a ON a.id = g.account_id WHERE ($1 = 0 OR g.hub_id = $1) ORDER BY a.email, g.id"
        );
        let rows = sqlx::query(&sql).bind(hub.unwrap_or(0)).fetch_all(self.reader()).await?;
        rows.iter().map(|r| Ok((account_row(r)?, grant_row(r)?))).collect()
    }

    async fn create_session(&self, s: &NewSession) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(&s.token_hash)
        .bind(s.account_id)
        .bind(s.now)
        .bind(s.expires_at)
        .execute(&mut *tx)
        .await?;
        // Sessions that ended are of no further use.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(s.now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>> {
        let row =
            sqlx::query("SELECT account_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash)
                .bind(now)
                .fetch_optional(self.reader())
                .await?;
        let Some(row) = row else { return Ok(None) };
        let last_seen: i64 = row.try_get("last_seen_at")?;
        // Record use at most every five minutes, so reads stay reads.
        if now - last_seen > 300 {
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(row.try_get("account_id")?))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_password_reset(
        &self,
        token_hash: &str,
        token: &str,
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        // The mail with the link; its raw token is kept only until the
        // mail is sent or given up.
        let notice = portineria_store::Notice::new(portineria_store::MailKind::PasswordReset, account_id, account_id)
            .distinct(token_hash)
            .data(serde_json::json!({ "token": token }));
        super::outbox::enqueue(&mut tx, &notice).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn consume_password_reset(&self, token_hash: &str, now: i64, new_hash: &str) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        // Marking it used first makes the token single-use even under races.
        let account: Option<i64> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
             AND expires_at > $1 RETURNING account_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(account_id) = account else { return Ok(None) };
        sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(new_hash)
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
        let who = Who { account_id: Some(account_id), label: String::new() };
        audit(&mut tx, &who, "account.password-reset", "account", Some(account_id), None, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        Ok(Some(account_id))
    }

    async fn create_api_token(&self, account_id: i64, name: &str, token_hash: &str, now: i64) -> Result<ApiToken> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(account_id)
        .bind(name)
        .bind(token_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let who = Who { account_id: Some(account_id), label: String::new() };
        audit(&mut tx, &who, "token.create", "api_token", Some(id), None, serde_json::json!({ "name": name })).await?;
        tx.commit().await?;
        Ok(ApiToken { id, name: name.to_owned(), created_at: now, last_used_at: None })
    }

    async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>> {
        let rows =
            sqlx::query("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE account_id = $1 ORDER BY id")
                .bind(account_id)
                .fetch_all(self.reader())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                })
            })
            .collect()
    }

    async fn delete_api_token(&self, account_id: i64, id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let who = Who { account_id: Some(account_id), label: String::new() };
        audit(&mut tx, &who, "token.delete", "api_token", Some(id), None, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn api_token_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT account_id, last_used_at FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let last: Option<i64> = row.try_get("last_used_at")?;
        if last.is_none_or(|l| now - l > 300) {
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(row.try_get("account_id")?))
    }

    async fn record_login_failure(&self, keys: &[&str], now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for k in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                .bind(*k)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        // Keep one day of history.
        sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(now - 86_400).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn login_failures(&self, key: &str, since: i64) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
            .bind(key)
            .bind(since)
            .fetch_one(self.reader())
            .await?)
    }

    async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_calendar_feed(&self, account_id: i64, token_hash: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO calendar_feeds (token_hash, account_id, created_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(account_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| if StoreError::is_foreign_key_violation(&e) { StoreError::NotFound } else { e.into() })?;
        tx.commit().await?;
        Ok(())
    }

    async fn calendar_feed_account(&self, token_hash: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT account_id FROM calendar_feeds WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?)
    }

    async fn export_account(&self, account_id: i64) -> Result<serde_json::Value> {
        let account = portineria_store::AccountStore::account(self, account_id).await?.ok_or(StoreError::NotFound)?;
        let grants = portineria_store::AccountStore::grants(self, account_id).await?;
        let tokens = portineria_store::AccountStore::api_tokens(self, account_id).await?;
        let sessions = sqlx::query(
            "SELECT created_at, last_seen_at, expires_at FROM sessions WHERE account_id = $1 ORDER BY created_at",
        )
        .bind(account_id)
        .fetch_all(self.reader())
        .await?;
        let sessions: Vec<serde_json::Value> = sessions
            .iter()
            .map(|r| -> Result<serde_json::Value> {
                Ok(serde_json::json!({
                    "created_at": r.try_get::<i64, _>("created_at")?,
                    "last_seen_at": r.try_get::<i64, _>("last_seen_at")?,
                    "expires_at": r.try_get::<i64, _>("expires_at")?,
                }))
            })
            .collect::<Result<_>>()?;
        let audit_rows = sqlx::query(
            "SELECT id, at, actor_id, actor_label, action, entity, entity_id, hub_id, detail FROM audit_log \
             WHERE actor_id = $1 ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(self.reader())
        .await?;
        let changes: Vec<AuditEntry> = audit_rows.iter().map(audit_row).collect::<Result<_>>()?;
        let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE account_id = $1 ORDER BY id");
        let bookings: Vec<Booking> = sqlx::query(&sql)
            .bind(account_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(booking_row)
            .collect::<Result<_>>()?;
        let passes = portineria_store::PassStore::account_passes(self, account_id).await?;
        let vouchers = portineria_store::PassStore::account_vouchers(self, account_id).await?;
        let mut voucher_uses = Vec::new();
        for v in vouchers.iter().filter(|v| v.account_id == account_id) {
            voucher_uses.extend(portineria_store::PassStore::voucher_uses(self, v.id).await?);
        }
        let stays = portineria_store::PassStore::account_checkins(self, account_id, u32::MAX).await?;
        let payments: Vec<serde_json::Value> = sqlx::query(
            "SELECT pa.id, pa.amount_cents, pa.method, pa.status, pa.reference, pa.created_at, pl.name AS plan \
             FROM payments pa JOIN plans pl ON pl.id = pa.plan_id WHERE pa.account_id = $1 ORDER BY pa.id",
        )
        .bind(account_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| -> Result<serde_json::Value> {
            Ok(serde_json::json!({
                "id": r.try_get::<i64, _>("id")?,
                "plan": r.try_get::<String, _>("plan")?,
                "amount_cents": r.try_get::<i64, _>("amount_cents")?,
                "method": r.try_get::<String, _>("method")?,
                "status": r.try_get::<String, _>("status")?,
                "reference": r.try_get::<String, _>("reference")?,
                "created_at": r.try_get::<i64, _>("created_at")?,
            }))
        })
        .collect::<Result<_>>()?;
        Ok(serde_json::json!({
            "account": account,
            "roles": grants,
            "api_tokens": tokens,
            "sessions": sessions,
            "changes_made": changes,
            "bookings": bookings,
            "passes": passes,
            "hour_vouchers": vouchers,
            "voucher_uses": voucher_uses,
            "stays": stays,
            "payments": payments,
        }))
    }

    async fn erase_account(&self, account_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE audit_log SET actor_id = NULL, actor_label = $1 WHERE actor_id = $2")
            .bind("erased-account")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let n =
            sqlx::query("DELETE FROM accounts WHERE id = $1").bind(account_id).execute(&mut *tx).await?.rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let who = Who::system("erased-account");
        audit(&mut tx, &who, "account.erase", "account", Some(account_id), None, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(())
    }
}
