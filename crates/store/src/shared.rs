//! The SQL both engines share, written once.
//!
//! `impl_shared_store!(Store, Db)` implements [`crate::NetworkStore`],
//! [`crate::AccountStore`] and [`crate::AuditStore`] for an engine's store type,
//! which must provide:
//!
//! - `fn reader(&self) -> &sqlx::Pool<Db>`: a pool for reads;
//! - `async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Db>>`:
//!   a transaction that holds the right to write (SQLite: `BEGIN IMMEDIATE` on
//!   the single writer connection; PostgreSQL: an ordinary transaction);
//! - `fn push_text_filter(qb: &mut sqlx::QueryBuilder<'_, Db>, terms: &[String])`:
//!   the engine's full-text condition on `s.id` (every term a word prefix);
//! - `const ROW_LOCK: &str`: appended to a `SELECT` inside a write transaction
//!   to lock the rows it reads (PostgreSQL: ` FOR UPDATE`; SQLite: nothing,
//!   its single writer already holds the whole database);
//! - `const NOTIFY_CHANGE: &str`: a statement run with every network change,
//!   inside its transaction (PostgreSQL: `pg_notify`; SQLite: empty, skipped);
//! - `fn is_exclusion_violation(e: &sqlx::Error) -> bool`: the engine's
//!   "overlapping booking" constraint fired (PostgreSQL SQLSTATE 23P01);
//! - `const SEVERAL_STATEMENTS: bool`: the engine runs several statements
//!   sent in one query, sharing its `$n` parameters (SQLite), so a write can
//!   cost one trip to the database instead of several;
//! - `const INTERVALS_JSON: &str`: an aggregate of the selected bookings'
//!   `[starts_at, ends_at]` pairs as one JSON array;
//! - `async fn commit_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking>`:
//!   runs the shared `book_in` in a write transaction and returns once it
//!   has committed (PostgreSQL: a transaction per booking; SQLite: bookings
//!   that arrive together share one, see `store-sqlite`'s `batch`);
//! - `async fn commit_transfer(&self, who: &Who, t: &NewTransfer) -> Result<Entry>`:
//!   the same for a time-bank transfer and the shared `transfer_in`.
//!
//! Both engines accept `$1` placeholders, `RETURNING`, `ON CONFLICT`, `CAST(… AS
//! BIGINT)` and `TRUE`/`FALSE`, so the text below runs unchanged on each.

#[macro_export]
#[doc(hidden)]
macro_rules! impl_shared_store {
    ($store:ty, $db:ty) => {
        mod shared_impl {
            use super::*;
            use $crate::sqlx::{self, Row as _};
            use $crate::{serde, serde_json};
            use $crate::{
                Account, AccountQuery, ApiToken, AuditEntry, Booking, Counts, Hub, Network, NewAccount, NewBooking,
                NewSession, Place, PlaceQuery, Result, Site, SiteQuery, StoreError, StoredHours, Who,
            };
            use $crate::domain::geo::Coordinates;
            use $crate::domain::hours::Schedule;
            use $crate::domain::kinds::{PlaceKind, SiteKind};
            use $crate::domain::network::{HubDraft, PlaceDraft, SiteDraft};
            use $crate::domain::policy::Grant;
            use $crate::domain::text::search_document;
            use $crate::domain::booking::MAX_BOOKING_SECONDS;

            type Row = <$db as sqlx::Database>::Row;
            type Tx = sqlx::Transaction<'static, $db>;

            fn now() -> i64 {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                    .unwrap_or(0)
            }

            fn limit_of(limit: Option<u32>) -> i64 {
                limit.map(i64::from).unwrap_or(i64::MAX)
            }

            // ---- row mapping -------------------------------------------------

            const HUB_COLUMNS: &str = "h.id, h.slug, h.name, h.city, h.description, h.website, h.email, h.phone, \
                h.created_at, h.updated_at, (SELECT COUNT(*) FROM sites s WHERE s.hub_id = h.id) AS site_count";

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
                    rules: $crate::domain::booking::BookingRules {
                        min_minutes: r.try_get("min_minutes")?,
                        max_minutes: r.try_get("max_minutes")?,
                        max_days_ahead: r.try_get("max_days_ahead")?,
                        cancel_minutes_before: r.try_get("cancel_minutes_before")?,
                    },
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }

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

            fn audit_row(r: &Row) -> Result<AuditEntry> {
                let detail: String = r.try_get("detail")?;
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    actor_label: r.try_get("actor_label")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    hub_id: r.try_get("hub_id")?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            }

            // ---- helpers inside a write transaction --------------------------

            async fn audit(
                tx: &mut Tx,
                who: &Who,
                action: &str,
                entity: &str,
                entity_id: Option<i64>,
                hub_id: Option<i64>,
                detail: serde_json::Value,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, hub_id, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(now())
                .bind(who.account_id)
                .bind(&who.label)
                .bind(action)
                .bind(entity)
                .bind(entity_id)
                .bind(hub_id)
                .bind(detail.to_string())
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn bump_revision(tx: &mut Tx) -> Result<()> {
                sqlx::query("UPDATE network SET revision = revision + 1 WHERE id = 1").execute(&mut **tx).await?;
                if !<$store>::NOTIFY_CHANGE.is_empty() {
                    sqlx::query(<$store>::NOTIFY_CHANGE).execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// Recomputes a site's search document and its place totals. The
            /// site's row is locked first, so concurrent changes to its places
            /// are counted one after the other (no lost update).
            async fn refresh_site(tx: &mut Tx, site_id: i64) -> Result<()> {
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

            fn conflict_on_unique(code: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
                move |e| if StoreError::is_unique_violation(&e) { StoreError::Conflict(code) } else { e.into() }
            }

            fn hours_json(draft: &SiteDraft) -> Result<String> {
                serde_json::to_string(&StoredHours { weekly: draft.hours.clone(), exceptions: draft.exceptions.clone() })
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            }

            fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
                serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
            }

            /// The hub of a site, locking the site's row for this transaction.
            async fn site_hub(tx: &mut Tx, site_id: i64) -> Result<i64> {
                lock_site(tx, site_id).await
            }

            async fn lock_site(tx: &mut Tx, site_id: i64) -> Result<i64> {
                let sql = format!("SELECT hub_id FROM sites WHERE id = $1{}", <$store>::ROW_LOCK);
                sqlx::query_scalar::<_, i64>(&sql)
                    .bind(site_id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or(StoreError::NotFound)
            }

            async fn lock_hub(tx: &mut Tx, hub_id: i64) -> Result<()> {
                let sql = format!("SELECT id FROM hubs WHERE id = $1{}", <$store>::ROW_LOCK);
                sqlx::query_scalar::<_, i64>(&sql)
                    .bind(hub_id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or(StoreError::NotFound)
                    .map(|_| ())
            }

            /// The sites matching `q`; `None` when nothing can match.
            fn site_query(q: &SiteQuery) -> Option<sqlx::QueryBuilder<'_, $db>> {
                let mut qb = sqlx::QueryBuilder::<$db>::new(format!(
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
                    <$store>::push_text_filter(&mut qb, &q.terms);
                }
                qb.push(" ORDER BY s.id LIMIT ").push_bind(limit_of(q.limit));
                Some(qb)
            }

            impl $store {
                /// Decides one booking and writes it inside `tx`, which holds
                /// the right to write (the caller commits): the place's row is
                /// read (and on PostgreSQL locked), its bookings in force are
                /// read, `fits` decides, and the booking and its audit entry
                /// are written.
                ///
                /// Where the engine takes several statements in one trip
                /// (SQLite), the first opens the savepoint `booking` and the
                /// writes release it: on an error the caller rolls back to
                /// it, which undoes exactly this booking.
                pub(crate) async fn book_in(tx: &mut Tx, who: &Who, b: &NewBooking) -> Result<Booking> {
                    use $crate::domain::booking::{Interval, fits};
                    let several = <$store>::SEVERAL_STATEMENTS;
                    // The place's row is locked: bookings of one place are decided one at a time.
                    // (Its hub comes with it: a subquery, whose row is not locked.)
                    let busy_sql = format!(
                        "SELECT {} FROM bookings WHERE place_id = $1 AND status = 'confirmed' \
                         AND starts_at < $3 AND starts_at > $4 AND ends_at > $2",
                        <$store>::INTERVALS_JSON
                    );
                    // Where a single writer holds the database, the bookings
                    // in force come with the place, in the same trip.
                    let sql = if several {
                        format!(
                            "SAVEPOINT booking; SELECT p.kind, p.capacity, p.bookable, p.holders_only, p.site_id, \
                             (SELECT s.hub_id FROM sites s WHERE s.id = p.site_id) AS hub_id, ({busy_sql}) AS busy \
                             FROM places p WHERE p.id = $1"
                        )
                    } else {
                        format!(
                            "SELECT p.kind, p.capacity, p.bookable, p.holders_only, p.site_id, \
                             (SELECT s.hub_id FROM sites s WHERE s.id = p.site_id) AS hub_id, CAST(NULL AS TEXT) AS busy \
                             FROM places p WHERE p.id = $1{}",
                            <$store>::ROW_LOCK
                        )
                    };
                    let mut query = sqlx::query(&sql).bind(b.place_id);
                    if several {
                        query = query.bind(b.start).bind(b.end).bind(b.start - MAX_BOOKING_SECONDS);
                    }
                    let place = query.fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
                    let hub_id: i64 = place.try_get("hub_id")?;
                    let kind: String = place.try_get("kind")?;
                    let capacity: i64 = place.try_get("capacity")?;
                    let bookable: bool = place.try_get("bookable")?;
                    let site_id: i64 = place.try_get("site_id")?;
                    if !bookable {
                        return Err(StoreError::Conflict("not-bookable"));
                    }
                    let place_kind = PlaceKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("place kind {kind}")))?;
                    if place.try_get::<bool, _>("holders_only")? && !b.staff {
                        // Decided in the same transaction as the booking itself.
                        may_book(tx, b.account_id, site_id, place_kind, b.start).await?;
                    }
                    let pool = place_kind.is_pool();
                    let seats = if pool { usize::try_from(capacity).unwrap_or(0) } else { 1 };
                    let existing: Vec<Interval> = match place.try_get::<Option<String>, _>("busy")? {
                        // Read with the place (one writer: nothing changes in between).
                        Some(busy) => intervals_from_json(&busy)?,
                        // Read after the place's row is locked: a booking
                        // committed while this transaction waited is seen.
                        None => intervals_from_json(
                            &sqlx::query_scalar::<_, String>(&busy_sql)
                                .bind(b.place_id)
                                .bind(b.start)
                                .bind(b.end)
                                .bind(b.start - MAX_BOOKING_SECONDS)
                                .fetch_one(&mut **tx)
                                .await?,
                        )?,
                    };
                    if !fits(&existing, seats, Interval { start: b.start, end: b.end }) {
                        return Err(StoreError::Conflict("full"));
                    }
                    let insert = "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) \
                                  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
                    let detail = serde_json::json!({ "place_id": b.place_id, "start": b.start, "end": b.end });
                    let refused = |e: sqlx::Error| {
                        if <$store>::is_exclusion_violation(&e) {
                            StoreError::Conflict("full")
                        } else if StoreError::is_foreign_key_violation(&e) {
                            StoreError::NotFound
                        } else {
                            e.into()
                        }
                    };
                    let id: i64 = if several {
                        // The booking, its audit entry (the booking's id is the
                        // connection's last inserted row) and the savepoint's
                        // release, in one trip.
                        let sql = format!(
                            "{insert}; INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, hub_id, detail) \
                             VALUES ($7, $8, $9, 'booking.create', 'booking', last_insert_rowid(), $10, $11); RELEASE booking"
                        );
                        let rows = sqlx::query(&sql)
                            .bind(b.place_id)
                            .bind(b.account_id)
                            .bind(b.start)
                            .bind(b.end)
                            .bind(!pool)
                            .bind(b.now)
                            .bind(now())
                            .bind(who.account_id)
                            .bind(&who.label)
                            .bind(hub_id)
                            .bind(detail.to_string())
                            .fetch_all(&mut **tx)
                            .await
                            .map_err(refused)?;
                        rows.first().ok_or(StoreError::Corrupt("no booking id".into()))?.try_get(0)?
                    } else {
                        let id = sqlx::query_scalar(insert)
                            .bind(b.place_id)
                            .bind(b.account_id)
                            .bind(b.start)
                            .bind(b.end)
                            .bind(!pool)
                            .bind(b.now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(refused)?;
                        audit(tx, who, "booking.create", "booking", Some(id), Some(hub_id), detail).await?;
                        id
                    };
                    Ok(Booking {
                        id,
                        place_id: b.place_id,
                        account_id: b.account_id,
                        start: b.start,
                        end: b.end,
                        status: "confirmed".into(),
                        created_at: b.now,
                        cancelled_at: None,
                    })
                }

                async fn fetch_site(&self, id: i64) -> Result<Option<Site>> {
                    let sql = format!("SELECT {SITE_COLUMNS} FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE s.id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
                    row.as_ref().map(site_row).transpose()
                }

                async fn fetch_place(&self, id: i64) -> Result<Option<Place>> {
                    let sql =
                        format!("SELECT {PLACE_COLUMNS} FROM places p JOIN sites s ON s.id = p.site_id WHERE p.id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
                    row.as_ref().map(place_row).transpose()
                }

                async fn fetch_hub(&self, id: i64) -> Result<Option<Hub>> {
                    let sql = format!("SELECT {HUB_COLUMNS} FROM hubs h WHERE h.id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
                    row.as_ref().map(hub_row).transpose()
                }
            }

            #[$crate::async_trait]
            impl $crate::NetworkStore for $store {
                async fn network(&self) -> Result<Network> {
                    let r = sqlx::query("SELECT name, revision FROM network WHERE id = 1").fetch_one(self.reader()).await?;
                    Ok(Network { name: r.try_get("name")?, revision: r.try_get("revision")? })
                }

                async fn set_network_name(&self, who: &Who, name: &str) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    sqlx::query("UPDATE network SET name = $1 WHERE id = 1").bind(name).execute(&mut *tx).await?;
                    bump_revision(&mut tx).await?;
                    audit(&mut tx, who, "network.rename", "network", None, None, serde_json::json!({ "name": name }))
                        .await?;
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
                    let rows = sqlx::query(&sql)
                        .bind(after.unwrap_or(i64::MIN))
                        .bind(i64::from(limit))
                        .fetch_all(self.reader())
                        .await?;
                    rows.iter().map(hub_row).collect()
                }

                async fn hub(&self, id: i64) -> Result<Option<Hub>> {
                    self.fetch_hub(id).await
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
                        "INSERT INTO hubs (slug, name, city, description, website, email, phone, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    )
                    .bind(&d.slug)
                    .bind(&d.name)
                    .bind(&d.city)
                    .bind(&d.description)
                    .bind(&d.website)
                    .bind(&d.email)
                    .bind(&d.phone)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(conflict_on_unique("hub-name-taken"))?;
                    audit(&mut tx, who, "hub.create", "hub", Some(id), Some(id), json(d)).await?;
                    bump_revision(&mut tx).await?;
                    tx.commit().await?;
                    self.fetch_hub(id).await?.ok_or(StoreError::NotFound)
                }

                async fn update_hub(&self, who: &Who, id: i64, d: &HubDraft) -> Result<Hub> {
                    let mut tx = self.begin_write().await?;
                    let n = sqlx::query(
                        "UPDATE hubs SET slug = $1, name = $2, city = $3, description = $4, website = $5, email = $6, \
                         phone = $7, updated_at = $8 WHERE id = $9",
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
                    self.fetch_hub(id).await?.ok_or(StoreError::NotFound)
                }

                async fn delete_hub(&self, who: &Who, id: i64) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    // Locked, so no site can be added to it between the count and the delete.
                    lock_hub(&mut tx, id).await?;
                    let sites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites WHERE hub_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
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
                    self.fetch_site(id).await
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
                    self.fetch_site(id).await?.ok_or(StoreError::NotFound)
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
                    self.fetch_site(id).await?.ok_or(StoreError::NotFound)
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
                    let mut qb = sqlx::QueryBuilder::<$db>::new(format!(
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
                    self.fetch_place(id).await
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
                    self.fetch_place(id).await?.ok_or(StoreError::NotFound)
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
                    self.fetch_place(id).await?.ok_or(StoreError::NotFound)
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

            #[$crate::async_trait]
            impl $crate::AccountStore for $store {
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
                    let row = sqlx::query(
                        "SELECT account_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                    )
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
                    audit(&mut tx, &who, "token.create", "api_token", Some(id), None, serde_json::json!({ "name": name }))
                        .await?;
                    tx.commit().await?;
                    Ok(ApiToken { id, name: name.to_owned(), created_at: now, last_used_at: None })
                }

                async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>> {
                    let rows = sqlx::query(
                        "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE account_id = $1 ORDER BY id",
                    )
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
                    let account = $crate::AccountStore::account(self, account_id).await?.ok_or(StoreError::NotFound)?;
                    let grants = $crate::AccountStore::grants(self, account_id).await?;
                    let tokens = $crate::AccountStore::api_tokens(self, account_id).await?;
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
                    let passes = $crate::PassStore::account_passes(self, account_id).await?;
                    let vouchers = $crate::PassStore::account_vouchers(self, account_id).await?;
                    let mut voucher_uses = Vec::new();
                    for v in vouchers.iter().filter(|v| v.account_id == account_id) {
                        voucher_uses.extend($crate::PassStore::voucher_uses(self, v.id).await?);
                    }
                    let stays = $crate::PassStore::account_checkins(self, account_id, u32::MAX).await?;
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
                    let n = sqlx::query("DELETE FROM accounts WHERE id = $1")
                        .bind(account_id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if n == 0 {
                        return Err(StoreError::NotFound);
                    }
                    let who = Who::system("erased-account");
                    audit(&mut tx, &who, "account.erase", "account", Some(account_id), None, serde_json::json!({})).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }

            /// Reads what `INTERVALS_JSON` aggregated, sorted by start.
            fn intervals_from_json(json: &str) -> Result<Vec<$crate::domain::booking::Interval>> {
                let pairs: Vec<(i64, i64)> =
                    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("intervals: {e}")))?;
                let mut out: Vec<_> =
                    pairs.into_iter().map(|(start, end)| $crate::domain::booking::Interval { start, end }).collect();
                out.sort_unstable_by_key(|i| (i.start, i.end));
                Ok(out)
            }

            const BOOKING_COLUMNS: &str =
                "id, place_id, account_id, starts_at, ends_at, status, created_at, cancelled_at";

            fn booking_row(r: &Row) -> Result<Booking> {
                Ok(Booking {
                    id: r.try_get("id")?,
                    place_id: r.try_get("place_id")?,
                    account_id: r.try_get("account_id")?,
                    start: r.try_get("starts_at")?,
                    end: r.try_get("ends_at")?,
                    status: r.try_get("status")?,
                    created_at: r.try_get("created_at")?,
                    cancelled_at: r.try_get("cancelled_at")?,
                })
            }

            #[$crate::async_trait]
            impl $crate::BookingStore for $store {
                async fn create_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking> {
                    if b.end <= b.start {
                        return Err(StoreError::Conflict("end-before-start"));
                    }
                    if b.end - b.start > MAX_BOOKING_SECONDS {
                        return Err(StoreError::Conflict("too-long"));
                    }
                    // The engine runs `book_in` in a write transaction and
                    // answers once it has committed.
                    self.commit_booking(who, b).await
                }

                async fn cancel_booking(&self, who: &Who, id: i64, now: i64) -> Result<Booking> {
                    let mut tx = self.begin_write().await?;
                    sqlx::query(
                        "UPDATE bookings SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'confirmed'",
                    )
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
                    let booking = booking_row(&row)?;
                    let hub_id: Option<i64> = sqlx::query_scalar(
                        "SELECT s.hub_id FROM places p JOIN sites s ON s.id = p.site_id WHERE p.id = $1",
                    )
                    .bind(booking.place_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    audit(&mut tx, who, "booking.cancel", "booking", Some(id), hub_id, serde_json::json!({})).await?;
                    tx.commit().await?;
                    Ok(booking)
                }

                async fn booking(&self, id: i64) -> Result<Option<Booking>> {
                    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
                    row.as_ref().map(booking_row).transpose()
                }

                async fn place_bookings(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<Booking>> {
                    let sql = format!(
                        "SELECT {BOOKING_COLUMNS} FROM bookings WHERE place_id = $1 AND status = 'confirmed' \
                         AND starts_at < $3 AND starts_at > $4 AND ends_at > $2 ORDER BY starts_at, id"
                    );
                    let rows = sqlx::query(&sql)
                        .bind(place_id)
                        .bind(from)
                        .bind(to)
                        .bind(from - MAX_BOOKING_SECONDS)
                        .fetch_all(self.reader())
                        .await?;
                    rows.iter().map(booking_row).collect()
                }

                async fn place_busy(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<$crate::domain::booking::Interval>> {
                    let sql = format!(
                        "SELECT {} FROM bookings WHERE place_id = $1 AND status = 'confirmed' \
                         AND starts_at < $3 AND starts_at > $4 AND ends_at > $2",
                        <$store>::INTERVALS_JSON
                    );
                    let json: String = sqlx::query_scalar(&sql)
                        .bind(place_id)
                        .bind(from)
                        .bind(to)
                        .bind(from - MAX_BOOKING_SECONDS)
                        .fetch_one(self.reader())
                        .await?;
                    intervals_from_json(&json)
                }

                async fn overbooked(&self) -> Result<u64> {
                    use $crate::domain::booking::over_capacity;
                    // Place by place, a range of place ids at a time (one row
                    // per place), so that memory stays bounded however many
                    // bookings there are.
                    // Grouped by the index's first column alone, the groups
                    // come in index order: nothing to sort.
                    const PLACES_AT_ONCE: i64 = 256;
                    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM places").fetch_one(self.reader()).await?;
                    let sql = format!(
                        "SELECT (SELECT p.kind FROM places p WHERE p.id = b.place_id) AS kind, \
                         (SELECT p.capacity FROM places p WHERE p.id = b.place_id) AS capacity, {} AS busy \
                         FROM bookings b WHERE b.place_id >= $1 AND b.place_id < $2 AND b.status = 'confirmed' \
                         GROUP BY b.place_id",
                        <$store>::INTERVALS_JSON
                    );
                    let mut over = 0u64;
                    let mut first = 0i64;
                    while first <= last.unwrap_or(-1) {
                        let rows =
                            sqlx::query(&sql).bind(first).bind(first + PLACES_AT_ONCE).fetch_all(self.reader()).await?;
                        for row in rows {
                            let kind: String = row.try_get("kind")?;
                            let capacity: i64 = row.try_get("capacity")?;
                            let seats = match PlaceKind::parse(&kind) {
                                Some(k) if k.is_pool() => usize::try_from(capacity).unwrap_or(0),
                                _ => 1,
                            };
                            let busy: String = row.try_get("busy")?;
                            over += over_capacity(&intervals_from_json(&busy)?, seats) as u64;
                        }
                        first += PLACES_AT_ONCE;
                    }
                    Ok(over)
                }

                async fn hub_bookings(
                    &self,
                    hub_id: Option<i64>,
                    from: i64,
                    to: i64,
                    limit: u32,
                ) -> Result<Vec<$crate::BookingRow>> {
                    let rows = sqlx::query(
                        "SELECT b.id, b.place_id, b.account_id, b.starts_at, b.ends_at, b.status, b.created_at, \
                         b.cancelled_at, p.name AS place_name, s.id AS site_id, s.name AS site_name, s.hub_id, \
                         a.email, a.display_name FROM bookings b JOIN places p ON p.id = b.place_id \
                         JOIN sites s ON s.id = p.site_id JOIN accounts a ON a.id = b.account_id \
                         WHERE b.status = 'confirmed' AND b.starts_at < $3 AND b.starts_at > $5 AND b.ends_at > $2 \
                         AND ($1 = 0 OR s.hub_id = $1) ORDER BY b.starts_at, b.id LIMIT $4",
                    )
                    .bind(hub_id.unwrap_or(0))
                    .bind(from)
                    .bind(to)
                    .bind(i64::from(limit))
                    .bind(from - MAX_BOOKING_SECONDS)
                    .fetch_all(self.reader())
                    .await?;
                    rows.iter()
                        .map(|r| {
                            Ok($crate::BookingRow {
                                booking: booking_row(r)?,
                                place_name: r.try_get("place_name")?,
                                site_id: r.try_get("site_id")?,
                                site_name: r.try_get("site_name")?,
                                hub_id: r.try_get("hub_id")?,
                                email: r.try_get("email")?,
                                display_name: r.try_get("display_name")?,
                            })
                        })
                        .collect()
                }

                async fn account_bookings(
                    &self,
                    account_id: i64,
                    from: i64,
                    after: Option<i64>,
                    limit: u32,
                ) -> Result<Vec<Booking>> {
                    let sql = format!(
                        "SELECT {BOOKING_COLUMNS} FROM bookings WHERE account_id = $1 AND ends_at > $2 AND id > $3 \
                         ORDER BY id LIMIT $4"
                    );
                    let rows = sqlx::query(&sql)
                        .bind(account_id)
                        .bind(from)
                        .bind(after.unwrap_or(i64::MIN))
                        .bind(i64::from(limit))
                        .fetch_all(self.reader())
                        .await?;
                    rows.iter().map(booking_row).collect()
                }
            }

            #[$crate::async_trait]
            impl $crate::AuditStore for $store {
                async fn audit_log(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
                    let rows = sqlx::query(
                        "SELECT id, at, actor_id, actor_label, action, entity, entity_id, hub_id, detail FROM audit_log \
                         WHERE ($1 = 0 OR hub_id = $1) AND id < $2 ORDER BY id DESC LIMIT $3",
                    )
                    .bind(hub.unwrap_or(0))
                    .bind(before.unwrap_or(i64::MAX))
                    .bind(i64::from(limit))
                    .fetch_all(self.reader())
                    .await?;
                    rows.iter().map(audit_row).collect()
                }
            }

            $crate::__shared_passes!($store, $db);
            $crate::__shared_timebank!($store, $db);
            $crate::__shared_actors!($store, $db);
            $crate::__shared_listings!($store, $db);
            $crate::__shared_exchanges!($store, $db);
            $crate::__shared_programme!($store, $db);
        }
    };
}
