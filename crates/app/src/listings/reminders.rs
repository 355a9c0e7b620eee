//! The hourly sweep that reminds posters of listings about to expire.

use crate::{App, Result};

/// Days before a listing expires when its poster is reminded.
pub const LISTING_NOTICE_DAYS: i64 = 3;

/// Queues the mail to the posters of open listings that expire within
/// [`LISTING_NOTICE_DAYS`], each listing once, whichever server gets there
/// first (the mark and the mail commit together). Returns how many were
/// queued.
pub async fn remind_expiring(app: &App, now: i64) -> Result<usize> {
    let due = app.listings_store().expiring_listings(now, now + LISTING_NOTICE_DAYS * 86_400).await?;
    let mut told = 0;
    for (listing, ..) in due {
        if app.listings_store().mark_listing_reminded(listing.id).await? {
            told += 1;
        }
    }
    Ok(app.mail_queued(told))
}
