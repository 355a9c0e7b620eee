//! The SQL of bookings (the decision itself is the engine's `book_in`).

use super::*;
use portineria_domain::bookings::{Interval, MAX_BOOKING_SECONDS, fits, may_hold};
use portineria_domain::kinds::PlaceKind;
use portineria_store::{Booking, MailKind, NewBooking, Notice};

/// The columns of a place that `book_in` decides by, from `places p`. Its
/// hub comes with it (a subquery, whose row is not locked).
pub(crate) const PLACE_TO_BOOK: &str = "p.kind, p.capacity, p.bookable, p.holders_only, p.site_id, \
    (SELECT s.hub_id FROM sites s WHERE s.id = p.site_id) AS hub_id";

/// The place's confirmed bookings in force over `[$2, $3)` as one JSON
/// array: `$1` the place, `$4` the earliest start that can still be in
/// force (`$2` less the longest booking).
pub(crate) fn busy_sql() -> String {
    format!(
        "SELECT {} FROM bookings WHERE place_id = $1 AND status = 'confirmed' \
         AND starts_at < $3 AND starts_at > $4 AND ends_at > $2",
        E::INTERVALS_JSON
    )
}

/// For the rule of one person's bookings at the same time, from `places p`
/// with the parameters of [`busy_sql`] and `$5` the person: their confirmed
/// bookings in force over `[$2, $3)` at this place (`mine_here`) and at the
/// place's hub (`mine_at_hub`), and the hub's limit (`at_once`).
pub(crate) const MINE: &str = "(SELECT COUNT(*) FROM bookings b WHERE b.account_id = $5 AND b.place_id = p.id \
    AND b.status = 'confirmed' AND b.starts_at < $3 AND b.starts_at > $4 AND b.ends_at > $2) AS mine_here, \
    (SELECT COUNT(*) FROM bookings b JOIN places q ON q.id = b.place_id JOIN sites t ON t.id = q.site_id \
    WHERE b.account_id = $5 AND b.status = 'confirmed' AND b.starts_at < $3 AND b.starts_at > $4 AND b.ends_at > $2 \
    AND t.hub_id = (SELECT s.hub_id FROM sites s WHERE s.id = p.site_id)) AS mine_at_hub, \
    (SELECT h.bookings_at_once FROM sites s JOIN hubs h ON h.id = s.hub_id WHERE s.id = p.site_id) AS at_once";

/// What [`MINE`] read.
pub(crate) struct Mine {
    here: i64,
    at_hub: i64,
    at_once: i64,
}

pub(crate) fn mine_row(r: &Row) -> Result<Mine> {
    Ok(Mine { here: r.try_get("mine_here")?, at_hub: r.try_get("mine_at_hub")?, at_once: r.try_get("at_once")? })
}

/// The earliest start of a booking that can overlap one starting at `start`.
pub(crate) fn earliest_overlap(start: i64) -> i64 {
    start - MAX_BOOKING_SECONDS
}

/// A place as `book_in` reads it.
pub(crate) struct PlaceToBook {
    pub(crate) hub_id: i64,
    /// How many bookings may overlap: a desk pool's seats, otherwise one.
    pub(crate) seats: usize,
    /// Whether a booking takes the whole place (not a seat of a pool).
    pub(crate) exclusive: bool,
    pool: bool,
}

/// Reads a place's [`PLACE_TO_BOOK`] columns and checks what comes before
/// the room: the place is open to booking, and a place kept for holders of
/// a pass or voucher is booked by one (or by staff), decided in `tx`.
pub(crate) async fn place_to_book(tx: &mut Tx, r: &Row, b: &NewBooking) -> Result<PlaceToBook> {
    let kind: String = r.try_get("kind")?;
    let capacity: i64 = r.try_get("capacity")?;
    if !r.try_get::<bool, _>("bookable")? {
        return Err(StoreError::Conflict("not-bookable"));
    }
    let place_kind = PlaceKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("place kind {kind}")))?;
    if r.try_get::<bool, _>("holders_only")? && !b.staff {
        super::passes::may_book(tx, b.account_id, r.try_get("site_id")?, place_kind, b.start).await?;
    }
    let pool = place_kind.is_pool();
    Ok(PlaceToBook {
        hub_id: r.try_get("hub_id")?,
        seats: if pool { usize::try_from(capacity).unwrap_or(0) } else { 1 },
        exclusive: !pool,
        pool,
    })
}

/// `Conflict("full")` unless the booking fits among those in force; then,
/// unless staff book, the rule of one person's bookings at the same time
/// (`Conflict("one-seat")`, `Conflict("too-many-at-once")`).
pub(crate) fn check_room(place: &PlaceToBook, existing: &[Interval], mine: &Mine, b: &NewBooking) -> Result<()> {
    if !fits(existing, place.seats, Interval { start: b.start, end: b.end }) {
        return Err(StoreError::Conflict("full"));
    }
    if b.staff {
        return Ok(());
    }
    may_hold(place.pool, mine.here, mine.at_hub, mine.at_once).map_err(|e| match e {
        portineria_domain::bookings::BookingError::OneSeat => StoreError::Conflict("one-seat"),
        _ => StoreError::Conflict("too-many-at-once"),
    })
}

/// What a refused insert of a booking means.
pub(crate) fn refused(e: sqlx::Error) -> StoreError {
    if E::is_exclusion_violation(&e) {
        StoreError::Conflict("full")
    } else if StoreError::is_foreign_key_violation(&e) {
        StoreError::NotFound
    } else {
        e.into()
    }
}

pub(crate) const INSERT_BOOKING: &str = "INSERT INTO bookings \
    (place_id, account_id, starts_at, ends_at, exclusive, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

/// The audit entry's detail of a new booking.
pub(crate) fn booking_detail(b: &NewBooking) -> serde_json::Value {
    serde_json::json!({ "place_id": b.place_id, "start": b.start, "end": b.end })
}

/// The booking just written.
pub(crate) fn confirmed(id: i64, b: &NewBooking) -> Booking {
    Booking {
        id,
        place_id: b.place_id,
        account_id: b.account_id,
        start: b.start,
        end: b.end,
        status: "confirmed".into(),
        created_at: b.now,
        cancelled_at: None,
    }
}

/// Reads what `INTERVALS_JSON` aggregated, sorted by start.
pub(crate) fn intervals_from_json(json: &str) -> Result<Vec<portineria_domain::bookings::Interval>> {
    let pairs: Vec<(i64, i64)> =
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("intervals: {e}")))?;
    let mut out: Vec<_> =
        pairs.into_iter().map(|(start, end)| portineria_domain::bookings::Interval { start, end }).collect();
    out.sort_unstable_by_key(|i| (i.start, i.end));
    Ok(out)
}

pub(crate) const BOOKING_COLUMNS: &str =
    "id, place_id, account_id, starts_at, ends_at, status, created_at, cancelled_at";

pub(crate) fn booking_row(r: &Row) -> Result<Booking> {
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

#[portineria_store::async_trait]
impl portineria_store::BookingStore for E {
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
        let changed = sqlx::query(
            "UPDATE bookings SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'confirmed'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        let booking = booking_row(&row)?;
        let hub_id: Option<i64> =
            sqlx::query_scalar("SELECT s.hub_id FROM places p JOIN sites s ON s.id = p.site_id WHERE p.id = $1")
                .bind(booking.place_id)
                .fetch_optional(&mut *tx)
                .await?;
        audit(&mut tx, who, "booking.cancel", "booking", Some(id), hub_id, serde_json::json!({})).await?;
        if changed == 1 {
            // "Your booking was cancelled", to its holder; a booking
            // already cancelled changes nothing and mails no one.
            let notice = Notice::new(MailKind::BookingCancelled, booking.account_id, id).hub(hub_id);
            super::outbox::enqueue(&mut tx, &notice).await?;
        }
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

    async fn place_busy(
        &self,
        place_id: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<portineria_domain::bookings::Interval>> {
        let sql = format!(
            "SELECT {} FROM bookings WHERE place_id = $1 AND status = 'confirmed' \
             AND starts_at < $3 AND starts_at > $4 AND ends_at > $2",
            E::INTERVALS_JSON
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
        use portineria_domain::bookings::over_capacity;
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
            E::INTERVALS_JSON
        );
        let mut over = 0u64;
        let mut first = 0i64;
        while first <= last.unwrap_or(-1) {
            let rows = sqlx::query(&sql).bind(first).bind(first + PLACES_AT_ONCE).fetch_all(self.reader()).await?;
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
    ) -> Result<Vec<portineria_store::BookingRow>> {
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
                Ok(portineria_store::BookingRow {
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
