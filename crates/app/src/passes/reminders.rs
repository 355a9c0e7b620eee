//! The hourly sweep that tells holders their pass is about to end.

use crate::{App, Result};

/// How long before the end of a pass its holder is told.
pub const EXPIRY_NOTICE_DAYS: i64 = 3;

/// Queues the mail to the holders of passes ending within
/// [`EXPIRY_NOTICE_DAYS`] who have not been told; each pass once, whichever
/// server gets there first (the mark and the mail commit together).
/// Returns how many were queued.
pub async fn remind_expiring(app: &App, now: i64) -> Result<usize> {
    let store = app.passes_store();
    let due = store.expiring_passes(now, now + EXPIRY_NOTICE_DAYS * 86_400).await?;
    let mut told = 0;
    for p in due {
        if store.mark_pass_notified(p.pass.id).await? {
            told += 1;
        }
    }
    Ok(app.mail_queued(told))
}
