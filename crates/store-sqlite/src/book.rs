//! A booking decided and written in two trips to SQLite's single writer:
//! SQLite runs several statements sent in one query, sharing their `$n`
//! parameters, and nothing else writes in between.

use crate::shared::bookings::{
    INSERT_BOOKING, MINE, PLACE_TO_BOOK, busy_sql, check_room, confirmed, earliest_overlap, intervals_from_json,
    mine_row, place_to_book, refused,
};
use crate::shared::outbox::INSERT_OUTBOX;
use crate::shared::{Tx, now};
use portineria_store::sqlx::{self, Row as _};
use portineria_store::{Booking, MailKind, NewBooking, Result, StoreError, Who};

/// The first trip opens the savepoint `booking` and reads the place with its
/// bookings in force; the second writes the booking and its audit entry (the
/// booking's id is the connection's last inserted row), with `tell` queues
/// the mail "booking confirmed" to its holder (the booking's id read back
/// from the audit entry), and releases the savepoint. On an error the
/// caller rolls back to `booking`, which takes the mail back too.
pub(crate) async fn book_in(tx: &mut Tx, who: &Who, b: &NewBooking, tell: bool) -> Result<Booking> {
    let sql = format!(
        "SAVEPOINT booking; SELECT {PLACE_TO_BOOK}, ({}) AS busy, {MINE} FROM places p WHERE p.id = $1",
        busy_sql()
    );
    let row = sqlx::query(&sql)
        .bind(b.place_id)
        .bind(b.start)
        .bind(b.end)
        .bind(earliest_overlap(b.start))
        .bind(b.account_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let place = place_to_book(tx, &row, b).await?;
    let busy: String = row.try_get("busy")?;
    check_room(&place, &intervals_from_json(&busy)?, &mine_row(&row)?, b)?;
    let mail = if tell {
        // The key is `Notice::new`'s: kind, booking, holder.
        let kind = MailKind::BookingConfirmed.as_str();
        format!(
            "{INSERT_OUTBOX} SELECT '{kind}', $2, entity_id, $10, '{{}}', '{kind}:' || entity_id || ':' || $2, $7, $7 \
             FROM audit_log WHERE id = last_insert_rowid() ON CONFLICT (dedup) DO NOTHING; "
        )
    } else {
        String::new()
    };
    let sql = format!(
        "{INSERT_BOOKING}; INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, hub_id, detail) \
         VALUES ($7, $8, $9, 'booking.create', 'booking', last_insert_rowid(), $10, $11); {mail}RELEASE booking"
    );
    let rows = sqlx::query(&sql)
        .bind(b.place_id)
        .bind(b.account_id)
        .bind(b.start)
        .bind(b.end)
        .bind(place.exclusive)
        .bind(b.now)
        .bind(now())
        .bind(who.account_id)
        .bind(&who.label)
        .bind(place.hub_id)
        .bind(crate::shared::bookings::booking_detail(b).to_string())
        .fetch_all(&mut **tx)
        .await
        .map_err(refused)?;
    let id: i64 = rows.first().ok_or(StoreError::Corrupt("no booking id".into()))?.try_get(0)?;
    Ok(confirmed(id, b))
}
