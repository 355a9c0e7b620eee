//! The SQL of the taxonomy and of offers and demands.
//!
//! The taxonomy has two levels: checked here with a readable refusal, and by
//! a trigger in the database. A listing's status moves only as
//! `domain::listings::Status::may_become` allows, decided on the locked row.

use super::*;
use portineria_domain::geo::Coordinates;

use portineria_domain::hours::WeeklySlot;
use portineria_domain::listings::{Direction, ListingDraft, ListingKind, Status as ListingStatus};
use portineria_store::{Category, Listing, ListingQuery};

const CATEGORY_COLUMNS: &str = "id, parent_id, slug, name_it, name_en, position";
const LISTING_COLUMNS: &str = "id, direction, kind, title, description, category_id, tags, account_id, actor_id, \
    lat, lon, windows, value_minutes, status, expires_at, created_at, updated_at, search_doc, rev";

fn category_row(r: &Row) -> Result<Category> {
    Ok(Category {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        slug: r.try_get("slug")?,
        name_it: r.try_get("name_it")?,
        name_en: r.try_get("name_en")?,
        position: r.try_get("position")?,
    })
}

fn listing_row(r: &Row) -> Result<Listing> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("listing {what} {v}"));
    let direction: String = r.try_get("direction")?;
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let tags: String = r.try_get("tags")?;
    let windows: String = r.try_get("windows")?;
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    Ok(Listing {
        id: r.try_get("id")?,
        direction: Direction::parse(&direction).ok_or_else(|| corrupt("direction", &direction))?,
        kind: ListingKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        category_id: r.try_get("category_id")?,
        tags: tags.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        account_id: r.try_get("account_id")?,
        actor_id: r.try_get("actor_id")?,
        location: match (lat, lon) {
            (Some(lat), Some(lon)) => Coordinates::new(lat, lon).ok(),
            _ => None,
        },
        windows: serde_json::from_str::<Vec<WeeklySlot>>(&windows).map_err(|e| corrupt("windows", &e.to_string()))?,
        value_minutes: r.try_get("value_minutes")?,
        status: ListingStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        expires_at: r.try_get("expires_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        rev: r.try_get("rev")?,
        stems: r.try_get::<String, _>("search_doc")?.split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect(),
    })
}

/// `$1`…`$12`: the draft's columns, in the order of the statements below.
fn bind_listing<'q>(
    q: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    d: &'q ListingDraft,
) -> Result<sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>> {
    let windows = serde_json::to_string(&d.windows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(q.bind(d.direction.as_str())
        .bind(d.kind.as_str())
        .bind(&d.title)
        .bind(&d.description)
        .bind(d.category_id)
        .bind(d.tags.join("\n"))
        .bind(d.actor_id)
        .bind(d.location.map(|c| c.lat()))
        .bind(d.location.map(|c| c.lon()))
        .bind(windows)
        .bind(d.value_minutes.map(i64::from))
        .bind(d.expires_at))
}

async fn category_exists(tx: &mut Tx, id: i64) -> Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    Ok(found.is_some())
}

/// The stems a listing is found by: its title, description and tags.
fn listing_search_doc(d: &ListingDraft) -> String {
    portineria_domain::text::stems(&format!("{} {} {}", d.title, d.description, d.tags.join(" "))).join(" ")
}

fn listing_detail(d: &ListingDraft) -> serde_json::Value {
    serde_json::json!({"direction": d.direction.as_str(), "title": d.title, "category": d.category_id})
}

#[portineria_store::async_trait]
impl portineria_store::ListingStore for E {
    async fn categories(&self) -> Result<Vec<Category>> {
        let sql = format!(
            "SELECT {CATEGORY_COLUMNS} FROM categories ORDER BY \
             COALESCE((SELECT p.position FROM categories p WHERE p.id = categories.parent_id), position), \
             COALESCE(parent_id, id), parent_id IS NOT NULL, position, id"
        );
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        rows.iter().map(category_row).collect()
    }

    async fn create_category(
        &self,
        who: &Who,
        parent_id: Option<i64>,
        slug: &str,
        name_it: &str,
        name_en: &str,
    ) -> Result<Category> {
        let mut tx = self.begin_write().await?;
        if let Some(p) = parent_id {
            let grand: Option<Option<i64>> = sqlx::query_scalar("SELECT parent_id FROM categories WHERE id = $1")
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?;
            match grand {
                None => return Err(StoreError::NotFound),
                Some(Some(_)) => return Err(StoreError::Conflict("category-two-levels")),
                Some(None) => {}
            }
        }
        let sql = format!(
            "INSERT INTO categories (parent_id, slug, name_it, name_en, position) VALUES ($1, $2, $3, $4, \
             (SELECT COALESCE(MAX(position), 0) + 1 FROM categories WHERE parent_id IS NOT DISTINCT FROM $1)) \
             RETURNING {CATEGORY_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(parent_id)
            .bind(slug)
            .bind(name_it)
            .bind(name_en)
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique("category-slug-taken"))?;
        let c = category_row(&row)?;
        audit(&mut tx, who, "category.create", "category", Some(c.id), None, serde_json::json!({"slug": slug})).await?;
        tx.commit().await?;
        Ok(c)
    }

    async fn rename_category(&self, who: &Who, id: i64, name_it: &str, name_en: &str) -> Result<Category> {
        let mut tx = self.begin_write().await?;
        let sql =
            format!("UPDATE categories SET name_it = $1, name_en = $2 WHERE id = $3 RETURNING {CATEGORY_COLUMNS}");
        let row = sqlx::query(&sql)
            .bind(name_it)
            .bind(name_en)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        audit(&mut tx, who, "category.rename", "category", Some(id), None, serde_json::json!({"it": name_it})).await?;
        tx.commit().await?;
        category_row(&row)
    }

    async fn create_listing(&self, who: &Who, account_id: i64, d: &ListingDraft, now: i64) -> Result<Listing> {
        let mut tx = self.begin_write().await?;
        if !category_exists(&mut tx, d.category_id).await? {
            return Err(StoreError::Conflict("unknown-category"));
        }
        let sql = format!(
            "INSERT INTO listings (direction, kind, title, description, category_id, tags, actor_id, lat, lon, \
             windows, value_minutes, expires_at, account_id, created_at, updated_at, search_doc) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING {LISTING_COLUMNS}"
        );
        let row = bind_listing(sqlx::query(&sql), d)?
            .bind(account_id)
            .bind(now)
            .bind(listing_search_doc(d))
            .fetch_one(&mut *tx)
            .await?;
        let l = listing_row(&row)?;
        audit(&mut tx, who, "listing.create", "listing", Some(l.id), None, listing_detail(d)).await?;
        tx.commit().await?;
        Ok(l)
    }

    async fn update_listing(&self, who: &Who, id: i64, d: &ListingDraft, now: i64) -> Result<Listing> {
        let mut tx = self.begin_write().await?;
        if !category_exists(&mut tx, d.category_id).await? {
            return Err(StoreError::Conflict("unknown-category"));
        }
        let sql = format!(
            "UPDATE listings SET direction = $1, kind = $2, title = $3, description = $4, category_id = $5, \
             tags = $6, actor_id = $7, lat = $8, lon = $9, windows = $10, value_minutes = $11, expires_at = $12, \
             reminded = FALSE, updated_at = $13, search_doc = $15 WHERE id = $14 RETURNING {LISTING_COLUMNS}"
        );
        let row = bind_listing(sqlx::query(&sql), d)?
            .bind(now)
            .bind(id)
            .bind(listing_search_doc(d))
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        audit(&mut tx, who, "listing.update", "listing", Some(id), None, listing_detail(d)).await?;
        tx.commit().await?;
        listing_row(&row)
    }

    async fn listing(&self, id: i64) -> Result<Option<Listing>> {
        let sql = format!("SELECT {LISTING_COLUMNS} FROM listings WHERE id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
        row.as_ref().map(listing_row).transpose()
    }

    async fn listings_by_ids(&self, ids: &[i64]) -> Result<Vec<Listing>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("SELECT {LISTING_COLUMNS} FROM listings WHERE id IN ("));
        let mut list = qb.separated(", ");
        for id in ids.iter().take(1000) {
            list.push_bind(*id);
        }
        qb.push(")");
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter().map(listing_row).collect()
    }

    async fn list_listings(&self, q: &ListingQuery) -> Result<Vec<Listing>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("SELECT {LISTING_COLUMNS} FROM listings WHERE id > "));
        qb.push_bind(q.after.unwrap_or(0));
        if let Some(d) = q.direction {
            qb.push(" AND direction = ").push_bind(d.as_str());
        }
        if let Some(c) = q.category_id {
            qb.push(" AND (category_id = ")
                .push_bind(c)
                .push(" OR category_id IN (SELECT id FROM categories WHERE parent_id = ")
                .push_bind(c)
                .push("))");
        }
        if let Some(c) = q.exact_category {
            qb.push(" AND category_id = ").push_bind(c);
        }
        if let Some(s) = q.status {
            qb.push(" AND status = ").push_bind(s.as_str());
        }
        if let Some(a) = q.account_id {
            qb.push(" AND account_id = ").push_bind(a);
        }
        if let Some(a) = q.actor_id {
            qb.push(" AND actor_id = ").push_bind(a);
        }
        if let Some(k) = q.actor_kind {
            qb.push(" AND actor_id IN (SELECT id FROM actors WHERE kind = ").push_bind(k.as_str()).push(")");
        }
        if q.not_expired_at > 0 {
            qb.push(" AND expires_at > ").push_bind(q.not_expired_at);
        }
        // Stems are `[a-z0-9]` only: nothing in them is a LIKE wildcard.
        for t in &q.terms {
            qb.push(" AND (' ' || search_doc) LIKE ").push_bind(format!("% {t}%"));
        }
        qb.push(if q.newest_first { " ORDER BY id DESC LIMIT " } else { " ORDER BY id LIMIT " });
        qb.push_bind(i64::from(q.limit.max(1)));
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter().map(listing_row).collect()
    }

    async fn listings_since(&self, rev: i64, limit: u32) -> Result<Vec<Listing>> {
        let sql = format!("SELECT {LISTING_COLUMNS} FROM listings WHERE rev > $1 ORDER BY rev LIMIT $2");
        let rows = sqlx::query(&sql).bind(rev).bind(i64::from(limit)).fetch_all(self.reader()).await?;
        rows.iter().map(listing_row).collect()
    }

    async fn expiring_listings(&self, now: i64, until: i64) -> Result<Vec<(Listing, String, String, String)>> {
        let columns = LISTING_COLUMNS.split(", ").map(|c| format!("l.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns}, a.email AS poster_email, a.display_name AS poster_name, a.locale AS poster_locale \
             FROM listings l JOIN accounts a ON a.id = l.account_id \
             WHERE l.status = 'open' AND l.reminded = FALSE AND l.expires_at > $1 AND l.expires_at <= $2 \
             ORDER BY l.expires_at, l.id"
        );
        let rows = sqlx::query(&sql).bind(now).bind(until).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    listing_row(r)?,
                    r.try_get("poster_email")?,
                    r.try_get("poster_name")?,
                    r.try_get("poster_locale")?,
                ))
            })
            .collect()
    }

    async fn mark_listing_reminded(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE listings SET reminded = TRUE WHERE id = $1 AND reminded = FALSE")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            // The mark and the mail "your listing is about to expire"
            // commit together. An edit that moves the expiry unmarks it, so
            // the expiry tells one reminder from the next.
            let r = sqlx::query("SELECT account_id, expires_at FROM listings WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            let expires_at: i64 = r.try_get("expires_at")?;
            let notice = portineria_store::Notice::new(
                portineria_store::MailKind::ListingExpiring,
                r.try_get("account_id")?,
                id,
            )
            .distinct(expires_at)
            .data(serde_json::json!({ "expires_at": expires_at }));
            super::outbox::enqueue(&mut tx, &notice).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn set_listing_status(&self, who: &Who, id: i64, status: ListingStatus, now: i64) -> Result<Listing> {
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT status, exchange_id FROM listings WHERE id = $1{}", E::ROW_LOCK);
        let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        let current: String = row.try_get("status")?;
        let exchange: Option<i64> = row.try_get("exchange_id")?;
        let current = ListingStatus::parse(&current).ok_or_else(|| StoreError::Corrupt(current.clone()))?;
        // A listing an accepted exchange holds moves with that exchange.
        if current == ListingStatus::InExchange && exchange.is_some() {
            return Err(StoreError::Conflict("listing-in-exchange"));
        }
        if !current.may_become(status) {
            return Err(StoreError::Conflict("listing-status"));
        }
        let sql = format!(
            "UPDATE listings SET status = $1, updated_at = $2, \
             exchange_id = CASE WHEN $1 = 'open' THEN NULL ELSE exchange_id END \
             WHERE id = $3 RETURNING {LISTING_COLUMNS}"
        );
        let row = sqlx::query(&sql).bind(status.as_str()).bind(now).bind(id).fetch_one(&mut *tx).await?;
        audit(
            &mut tx,
            who,
            "listing.status",
            "listing",
            Some(id),
            None,
            serde_json::json!({"from": current.as_str(), "to": status.as_str()}),
        )
        .await?;
        tx.commit().await?;
        listing_row(&row)
    }
}
