//! A booking decided under the place's row lock: bookings of one place are
//! decided one at a time across every server on the database, and the
//! exclusion constraint refuses an overlap the rule missed.

use crate::shared::bookings::{
    INSERT_BOOKING, MINE, PLACE_TO_BOOK, booking_detail, busy_sql, check_room, confirmed, earliest_overlap,
    intervals_from_json, mine_row, place_to_book, refused,
};
use crate::shared::{Tx, audit};
use portineria_store::sqlx;
use portineria_store::{Booking, Engine, MailKind, NewBooking, Notice, Result, StoreError, Who};

/// With `tell`, the mail "booking confirmed" to its holder is queued in
/// the same transaction.
pub(crate) async fn book_in(tx: &mut Tx, who: &Who, b: &NewBooking, tell: bool) -> Result<Booking> {
    // The person first: their bookings at the same time are decided one at
    // a time too (always the person, then the place, so no two wait on
    // each other). Not a key update, so rows that refer to the account are
    // not held up.
    if !b.staff {
        sqlx::query("SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE")
            .bind(b.account_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?;
    }
    let sql = format!("SELECT {PLACE_TO_BOOK} FROM places p WHERE p.id = $1{}", crate::PgStore::ROW_LOCK);
    let row = sqlx::query(&sql).bind(b.place_id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    let place = place_to_book(tx, &row, b).await?;
    // Read after the place's row is locked: a booking committed while this
    // transaction waited is seen.
    let busy: String = sqlx::query_scalar(&busy_sql())
        .bind(b.place_id)
        .bind(b.start)
        .bind(b.end)
        .bind(earliest_overlap(b.start))
        .fetch_one(&mut **tx)
        .await?;
    let mine = sqlx::query(&format!("SELECT {MINE} FROM places p WHERE p.id = $1"))
        .bind(b.place_id)
        .bind(b.start)
        .bind(b.end)
        .bind(earliest_overlap(b.start))
        .bind(b.account_id)
        .fetch_one(&mut **tx)
        .await?;
    check_room(&place, &intervals_from_json(&busy)?, &mine_row(&mine)?, b)?;
    let id: i64 = sqlx::query_scalar(INSERT_BOOKING)
        .bind(b.place_id)
        .bind(b.account_id)
        .bind(b.start)
        .bind(b.end)
        .bind(place.exclusive)
        .bind(b.now)
        .fetch_one(&mut **tx)
        .await
        .map_err(refused)?;
    audit(tx, who, "booking.create", "booking", Some(id), Some(place.hub_id), booking_detail(b)).await?;
    if tell {
        let notice = Notice::new(MailKind::BookingConfirmed, b.account_id, id).hub(Some(place.hub_id));
        crate::shared::outbox::enqueue(tx, &notice).await?;
    }
    Ok(confirmed(id, b))
}
