//! The SQL of the network: hubs, sites and places.

use super::*;
use portineria_domain::geo::Coordinates;
use portineria_domain::hours::Schedule;
use portineria_domain::kinds::{PlaceKind, SiteKind};
use portineria_domain::network::{HubDraft, PlaceDraft, SiteDraft};
use portineria_domain::text::search_document;
use portineria_store::{Counts, Hub, Network, Place, PlaceQuery, Site, SiteQuery, StoredHours};

// ---- row mapping -------------------------------------------------

const HUB_COLUMNS: &str = "h.id, h.slug, h.name, h.city, h.description, h.website, h.email, h.phone, \
    h.bookings_at_once, h.created_at, h.updated_at, (SELECT COUNT(*) FROM sites s WHERE s.hub_id = h.id) AS site_count";

fn hub_row(r: &Row) -> Result<Hub> {
    Ok(Hub {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        city: r.try_get("city")?,
        description: r.try_get("description")?,
        website: r.try_get("website")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        bookings_at_once: r.try_get("bookings_at_once")?,
        site_count: r.try_get("site_count")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const SITE_COLUMNS: &str = "s.id, s.hub_id, h.name AS hub_name, s.slug, s.name, s.kind, s.address, \
    s.city, s.lat, s.lon, s.description, s.accessibility, s.phone, s.email, s.website, \
    s.closed_on_holidays, s.hours, s.search, s.place_count, s.seats, s.created_at, s.updated_at";

fn site_row(r: &Row) -> Result<Site> {
    let kind: String = r.try_get("kind")?;
    let hours: String = r.try_get("hours")?;
    let hours: StoredHours =
        serde_json::from_str(&hours).map_err(|e| StoreError::Corrupt(format!("site hours: {e}")))?;
    let coordinates = Coordinates::new(r.try_get("lat")?, r.try_get("lon")?)
        .map_err(|e| StoreError::Corrupt(format!("site coordinates: {e}")))?;
    Ok(Site {
        id: r.try_get("id")?,
        hub_id: r.try_get("hub_id")?,
        hub_name: r.try_get("hub_name")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        kind: SiteKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("site kind {kind}")))?,
        address: r.try_get("address")?,
        city: r.try_get("city")?,
        coordinates,
        description: r.try_get("description")?,
        accessibility: r.try_get("accessibility")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        website: r.try_get("website")?,
        schedule: Schedule {
            weekly: hours.weekly,
            exceptions: hours.exceptions,
            closed_on_holidays: r.try_get("closed_on_holidays")?,
        },
        search: r.try_get("search")?,
        place_count: r.try_get("place_count")?,
        seats: r.try_get("seats")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const PLACE_COLUMNS: &str = "p.id, p.site_id, s.hub_id, s.name AS site_name, p.name, p.kind, \
    p.capacity, p.equipment, p.bookable, p.holders_only, p.description, p.accessibility, p.min_minutes, p.max_minutes, \
    p.max_days_ahead, p.cancel_minutes_before, p.created_at, p.updated_at";

fn place_row(r: &Row) -> Result<Place> {
    let kind: String = r.try_get("kind")?;
    let equipment: String = r.try_get("equipment")?;
    Ok(Place {
        id: r.try_get("id")?,
        site_id: r.try_get("site_id")?,
        hub_id: r.try_get("hub_id")?,
        site_name: r.try_get("site_name")?,
        name: r.try_get("name")?,
        kind: PlaceKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("place kind {kind}")))?,
        capacity: r.try_get("capacity")?,
        equipment: serde_json::from_str(&equipment)
            .map_err(|e| StoreError::Corrupt(format!("place equipment: {e}")))?,
        bookable: r.try_get("bookable")?,
        holders_only: r.try_get("holders_only")?,
        description: r.try_get("description")?,
        accessibility: r.try_get("accessibility")?,
        rules: portineria_domain::bookings::BookingRules {
            min_minutes: r.try_get("min_minutes")?,
            max_minutes: r.try_get("max_minutes")?,
            max_days_ahead: r.try_get("max_days_ahead")?,
            cancel_minutes_before: r.try_get("cancel_minutes_before")?,
        },
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// site's row is locked first, so concurrent changes to its places
/// are counted one after the other (no lost update).
pub(crate) async fn refresh_site(tx: &mut Tx, site_id: i64) -> Result<()> {
    lock_site(tx, site_id).await?;
    let Some(site) = sqlx::query(
        "SELECT s.name, s.kind, s.address, s.city, s.description, h.name AS hub_name \
         FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE s.id = $1",
    )
    .bind(site_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let places = sqlx::query("SELECT name, kind, equipment, capacity FROM places WHERE site_id = $1")
        .bind(site_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut parts: Vec<String> = vec![
        site.try_get("name")?,
        site.try_get("hub_name")?,
        site.try_get("address")?,
        site.try_get("city")?,
        site.try_get::<String, _>("kind")?.replace('_', " "),
        site.try_get::<Option<String>, _>("description")?.unwrap_or_default(),
    ];
    let mut seats: i64 = 0;
    for p in &places {
        parts.push(p.try_get("name")?);
        parts.push(p.try_get::<String, _>("kind")?.replace('_', " "));
        let equipment: String = p.try_get("equipment")?;
        let items: Vec<String> = serde_json::from_str(&equipment).unwrap_or_default();
        parts.extend(items);
        seats += p.try_get::<i64, _>("capacity")?;
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    sqlx::query("UPDATE sites SET search = $1, place_count = $2, seats = $3 WHERE id = $4")
        .bind(search_document(&refs))
        .bind(i64::try_from(places.len()).unwrap_or(i64::MAX))
        .bind(seats)
        .bind(site_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The hub of a site, locking the site's row for this transaction.
pub(crate) async fn site_hub(tx: &mut Tx, site_id: i64) -> Result<i64> {
    lock_site(tx, site_id).await
}

pub(crate) async fn lock_site(tx: &mut Tx, site_id: i64) -> Result<i64> {
    let sql = format!("SELECT hub_id FROM sites WHERE id = $1{}", E::ROW_LOCK);
    sqlx::query_scalar::<_, i64>(&sql).bind(site_id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)
}

pub(crate) async fn lock_hub(tx: &mut Tx, hub_id: i64) -> Result<()> {
    let sql = format!("SELECT id FROM hubs WHERE id = $1{}", E::ROW_LOCK);
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(hub_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
        .map(|_| ())
}

/// The sites matching `q`; `None` when nothing can match.
fn site_query(q: &SiteQuery) -> Option<sqlx::QueryBuilder<'_, Db>> {
    let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
        "SELECT {SITE_COLUMNS} FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE 1 = 1"
    ));
    if let Some(hub) = q.hub_id {
        qb.push(" AND s.hub_id = ").push_bind(hub);
    }
    if let Some(kind) = q.kind {
        qb.push(" AND s.kind = ").push_bind(kind.as_str());
    }
    if let Some(b) = q.bbox {
        qb.push(" AND s.lat BETWEEN ").push_bind(b.min_lat).push(" AND ").push_bind(b.max_lat);
        qb.push(" AND s.lon BETWEEN ").push_bind(b.min_lon).push(" AND ").push_bind(b.max_lon);
    }
    if let Some(ids) = &q.ids {
        if ids.is_empty() {
            return None;
        }
        qb.push(" AND s.id IN (");
        let mut sep = qb.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        qb.push(")");
    }
    if let Some(after) = q.after {
        qb.push(" AND s.id > ").push_bind(after);
    }
    if !q.terms.is_empty() {
        qb.push(" AND ");
        E::push_text_filter(&mut qb, &q.terms);
    }
    qb.push(" ORDER BY s.id LIMIT ").push_bind(limit_of(q.limit));
    Some(qb)
}

async fn fetch_site(e: &E, id: i64) -> Result<Option<Site>> {
    let sql = format!("SELECT {SITE_COLUMNS} FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE s.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(e.reader()).await?;
    row.as_ref().map(site_row).transpose()
}

async fn fetch_place(e: &E, id: i64) -> Result<Option<Place>> {
    let sql = format!("SELECT {PLACE_COLUMNS} FROM places p JOIN sites s ON s.id = p.site_id WHERE p.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(e.reader()).await?;
    row.as_ref().map(place_row).transpose()
}

async fn fetch_hub(e: &E, id: i64) -> Result<Option<Hub>> {
    let sql = format!("SELECT {HUB_COLUMNS} FROM hubs h WHERE h.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(e.reader()).await?;
    row.as_ref().map(hub_row).transpose()
}

fn hours_json(draft: &SiteDraft) -> Result<String> {
    serde_json::to_string(&StoredHours { weekly: draft.hours.clone(), exceptions: draft.exceptions.clone() })
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[portineria_store::async_trait]
impl portineria_store::NetworkStore for E {
    async fn network(&self) -> Result<Network> {
        let r = sqlx::query("SELECT name, revision FROM network WHERE id = 1").fetch_one(self.reader()).await?;
        Ok(Network { name: r.try_get("name")?, revision: r.try_get("revision")? })
    }

    async fn set_network_name(&self, who: &Who, name: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE network SET name = $1 WHERE id = 1").bind(name).execute(&mut *tx).await?;
        bump_revision(&mut tx).await?;
        audit(&mut tx, who, "network.rename", "network", None, None, serde_json::json!({ "name": name })).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn counts(&self) -> Result<Counts> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM hubs) AS hubs, (SELECT COUNT(*) FROM sites) AS sites, \
             (SELECT COUNT(*) FROM places) AS places, \
             (SELECT CAST(COALESCE(SUM(capacity), 0) AS BIGINT) FROM places) AS seats",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(Counts {
            hubs: r.try_get("hubs")?,
            sites: r.try_get("sites")?,
            places: r.try_get("places")?,
            seats: r.try_get("seats")?,
        })
    }

    async fn list_hubs(&self, after: Option<i64>, limit: u32) -> Result<Vec<Hub>> {
        let sql = format!("SELECT {HUB_COLUMNS} FROM hubs h WHERE h.id > $1 ORDER BY h.id LIMIT $2");
        let rows =
            sqlx::query(&sql).bind(after.unwrap_or(i64::MIN)).bind(i64::from(limit)).fetch_all(self.reader()).await?;
        rows.iter().map(hub_row).collect()
    }

    async fn hub(&self, id: i64) -> Result<Option<Hub>> {
        fetch_hub(self, id).await
    }

    async fn hub_by_slug(&self, slug: &str) -> Result<Option<Hub>> {
        let sql = format!("SELECT {HUB_COLUMNS} FROM hubs h WHERE h.slug = $1");
        let row = sqlx::query(&sql).bind(slug).fetch_optional(self.reader()).await?;
        row.as_ref().map(hub_row).transpose()
    }

    async fn create_hub(&self, who: &Who, d: &HubDraft) -> Result<Hub> {
        let mut tx = self.begin_write().await?;
        let t = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO hubs (slug, name, city, description, website, email, phone, created_at, updated_at, \
             bookings_at_once) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
        )
        .bind(&d.slug)
        .bind(&d.name)
        .bind(&d.city)
        .bind(&d.description)
        .bind(&d.website)
        .bind(&d.email)
        .bind(&d.phone)
        .bind(t)
        .bind(d.bookings_at_once)
        .fetch_one(&mut *tx)
        .await
        .map_err(conflict_on_unique("hub-name-taken"))?;
        audit(&mut tx, who, "hub.create", "hub", Some(id), Some(id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_hub(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn update_hub(&self, who: &Who, id: i64, d: &HubDraft) -> Result<Hub> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE hubs SET slug = $1, name = $2, city = $3, description = $4, website = $5, email = $6, \
             phone = $7, updated_at = $8, bookings_at_once = $10 WHERE id = $9",
        )
        .bind(&d.slug)
        .bind(&d.name)
        .bind(&d.city)
        .bind(&d.description)
        .bind(&d.website)
        .bind(&d.email)
        .bind(&d.phone)
        .bind(now())
        .bind(id)
        .bind(d.bookings_at_once)
        .execute(&mut *tx)
        .await
        .map_err(conflict_on_unique("hub-name-taken"))?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        // The hub's name is part of its sites' search documents.
        let sites: Vec<i64> = sqlx::query_scalar("SELECT id FROM sites WHERE hub_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        for s in sites {
            refresh_site(&mut tx, s).await?;
        }
        audit(&mut tx, who, "hub.update", "hub", Some(id), Some(id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_hub(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn delete_hub(&self, who: &Who, id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Locked, so no site can be added to it between the count and the delete.
        lock_hub(&mut tx, id).await?;
        let sites: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sites WHERE hub_id = $1").bind(id).fetch_one(&mut *tx).await?;
        if sites > 0 {
            return Err(StoreError::Conflict("hub-has-sites"));
        }
        let n = sqlx::query("DELETE FROM hubs WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit(&mut tx, who, "hub.delete", "hub", Some(id), Some(id), serde_json::json!({})).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn search_sites(&self, q: &SiteQuery) -> Result<Vec<Site>> {
        let Some(mut qb) = site_query(q) else { return Ok(Vec::new()) };
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter().map(site_row).collect()
    }

    async fn site(&self, id: i64) -> Result<Option<Site>> {
        fetch_site(self, id).await
    }

    async fn site_by_slug(&self, hub_id: i64, slug: &str) -> Result<Option<Site>> {
        let sql = format!(
            "SELECT {SITE_COLUMNS} FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE s.hub_id = $1 AND s.slug = $2"
        );
        let row = sqlx::query(&sql).bind(hub_id).bind(slug).fetch_optional(self.reader()).await?;
        row.as_ref().map(site_row).transpose()
    }

    async fn create_site(&self, who: &Who, hub_id: i64, d: &SiteDraft) -> Result<Site> {
        let mut tx = self.begin_write().await?;
        let t = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sites (hub_id, slug, name, kind, address, city, lat, lon, description, \
             accessibility, phone, email, website, closed_on_holidays, hours, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        )
        .bind(hub_id)
        .bind(&d.slug)
        .bind(&d.name)
        .bind(d.kind.as_str())
        .bind(&d.address)
        .bind(&d.city)
        .bind(d.coordinates.lat())
        .bind(d.coordinates.lon())
        .bind(&d.description)
        .bind(&d.accessibility)
        .bind(&d.phone)
        .bind(&d.email)
        .bind(&d.website)
        .bind(d.closed_on_holidays)
        .bind(hours_json(d)?)
        .bind(t)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if StoreError::is_foreign_key_violation(&e) {
                StoreError::NotFound
            } else {
                conflict_on_unique("site-name-taken")(e)
            }
        })?;
        refresh_site(&mut tx, id).await?;
        audit(&mut tx, who, "site.create", "site", Some(id), Some(hub_id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_site(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn update_site(&self, who: &Who, id: i64, d: &SiteDraft) -> Result<Site> {
        let mut tx = self.begin_write().await?;
        let hub_id = site_hub(&mut tx, id).await?;
        sqlx::query(
            "UPDATE sites SET slug = $1, name = $2, kind = $3, address = $4, city = $5, lat = $6, lon = $7, \
             description = $8, accessibility = $9, phone = $10, email = $11, website = $12, \
             closed_on_holidays = $13, hours = $14, updated_at = $15 WHERE id = $16",
        )
        .bind(&d.slug)
        .bind(&d.name)
        .bind(d.kind.as_str())
        .bind(&d.address)
        .bind(&d.city)
        .bind(d.coordinates.lat())
        .bind(d.coordinates.lon())
        .bind(&d.description)
        .bind(&d.accessibility)
        .bind(&d.phone)
        .bind(&d.email)
        .bind(&d.website)
        .bind(d.closed_on_holidays)
        .bind(hours_json(d)?)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(conflict_on_unique("site-name-taken"))?;
        refresh_site(&mut tx, id).await?;
        audit(&mut tx, who, "site.update", "site", Some(id), Some(hub_id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_site(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn delete_site(&self, who: &Who, id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let hub_id = site_hub(&mut tx, id).await?;
        sqlx::query("DELETE FROM sites WHERE id = $1").bind(id).execute(&mut *tx).await?;
        audit(&mut tx, who, "site.delete", "site", Some(id), Some(hub_id), serde_json::json!({})).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_places(&self, q: &PlaceQuery) -> Result<Vec<Place>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "SELECT {PLACE_COLUMNS} FROM places p JOIN sites s ON s.id = p.site_id WHERE 1 = 1"
        ));
        if let Some(site) = q.site_id {
            qb.push(" AND p.site_id = ").push_bind(site);
        }
        if let Some(hub) = q.hub_id {
            qb.push(" AND s.hub_id = ").push_bind(hub);
        }
        if let Some(kind) = q.kind {
            qb.push(" AND p.kind = ").push_bind(kind.as_str());
        }
        if let Some(b) = q.bookable {
            qb.push(" AND p.bookable = ").push_bind(b);
        }
        if let Some(after) = q.after {
            qb.push(" AND p.id > ").push_bind(after);
        }
        qb.push(" ORDER BY p.id LIMIT ").push_bind(limit_of(q.limit));
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter().map(place_row).collect()
    }

    async fn place(&self, id: i64) -> Result<Option<Place>> {
        fetch_place(self, id).await
    }

    async fn create_place(&self, who: &Who, site_id: i64, d: &PlaceDraft) -> Result<Place> {
        let mut tx = self.begin_write().await?;
        let hub_id = site_hub(&mut tx, site_id).await?;
        let t = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO places (site_id, name, kind, capacity, equipment, bookable, description, \
             accessibility, min_minutes, max_minutes, max_days_ahead, cancel_minutes_before, created_at, updated_at, \
             holders_only) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $12, $13, $9, $9, $14) RETURNING id",
        )
        .bind(site_id)
        .bind(&d.name)
        .bind(d.kind.as_str())
        .bind(d.capacity)
        .bind(json(&d.equipment).to_string())
        .bind(d.bookable)
        .bind(&d.description)
        .bind(&d.accessibility)
        .bind(t)
        .bind(d.rules.min_minutes)
        .bind(d.rules.max_minutes)
        .bind(d.rules.max_days_ahead)
        .bind(d.rules.cancel_minutes_before)
        .bind(d.holders_only)
        .fetch_one(&mut *tx)
        .await?;
        refresh_site(&mut tx, site_id).await?;
        audit(&mut tx, who, "place.create", "place", Some(id), Some(hub_id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_place(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn update_place(&self, who: &Who, id: i64, d: &PlaceDraft) -> Result<Place> {
        let mut tx = self.begin_write().await?;
        let site_id: i64 = sqlx::query_scalar("SELECT site_id FROM places WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let hub_id = site_hub(&mut tx, site_id).await?;
        sqlx::query(
            "UPDATE places SET name = $1, kind = $2, capacity = $3, equipment = $4, bookable = $5, \
             description = $6, accessibility = $7, updated_at = $8, min_minutes = $10, max_minutes = $11, \
             max_days_ahead = $12, cancel_minutes_before = $13, holders_only = $14 WHERE id = $9",
        )
        .bind(&d.name)
        .bind(d.kind.as_str())
        .bind(d.capacity)
        .bind(json(&d.equipment).to_string())
        .bind(d.bookable)
        .bind(&d.description)
        .bind(&d.accessibility)
        .bind(now())
        .bind(id)
        .bind(d.rules.min_minutes)
        .bind(d.rules.max_minutes)
        .bind(d.rules.max_days_ahead)
        .bind(d.rules.cancel_minutes_before)
        .bind(d.holders_only)
        .execute(&mut *tx)
        .await?;
        refresh_site(&mut tx, site_id).await?;
        audit(&mut tx, who, "place.update", "place", Some(id), Some(hub_id), json(d)).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        fetch_place(self, id).await?.ok_or(StoreError::NotFound)
    }

    async fn delete_place(&self, who: &Who, id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let site_id: i64 = sqlx::query_scalar("SELECT site_id FROM places WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let hub_id = site_hub(&mut tx, site_id).await?;
        sqlx::query("DELETE FROM places WHERE id = $1").bind(id).execute(&mut *tx).await?;
        refresh_site(&mut tx, site_id).await?;
        audit(&mut tx, who, "place.delete", "place", Some(id), Some(hub_id), serde_json::json!({})).await?;
        bump_revision(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
