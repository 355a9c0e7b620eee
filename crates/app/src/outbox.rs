//! Mail: what a change queued in the outbox (its own transaction wrote it)
//! and could not be sent, for the managers who must see it, and their
//! "send again".

use crate::{App, Caller, Error, Result};
use portineria_domain::policy::Action;
use portineria_store::{OutboxMail, OutboxStore, UndeliveredMail};

impl App {
    /// The outbox's storage.
    pub(crate) fn outbox_store(&self) -> &dyn OutboxStore {
        self.store.as_ref()
    }
}

/// Whose mail the caller may see: `None` all of it (admins, no hub asked),
/// else these hubs' (the one asked for, or every hub they manage).
pub fn scope(caller: &Caller, hub: Option<i64>) -> Result<Option<Vec<i64>>> {
    let person = caller.person()?;
    if let Some(h) = hub {
        return if caller.may(Action::ManageMail { hub: Some(h) }) { Ok(Some(vec![h])) } else { Err(Error::Forbidden) };
    }
    if person.roles.is_admin() {
        return Ok(None);
    }
    let hubs = person.roles.managed_hubs();
    if hubs.is_empty() { Err(Error::Forbidden) } else { Ok(Some(hubs)) }
}

/// Mail not sent (waiting after a failed attempt, or given up), newest
/// first, before the mail `before`, at most `limit`: one hub's (its
/// managers), or every hub the caller manages (admins: all of it).
pub async fn undelivered(
    app: &App,
    caller: &Caller,
    hub: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<UndeliveredMail>> {
    let hubs = scope(caller, hub)?;
    Ok(app.outbox_store().undelivered_mail(hubs.as_deref(), before, limit).await?)
}

/// A manager's "send again": the mail is due now, and this server's sender
/// is woken.
pub async fn retry(app: &App, caller: &Caller, id: i64) -> Result<OutboxMail> {
    // Someone who may see no mail at all learns nothing of ids.
    scope(caller, None)?;
    let m = app.outbox_store().mail(id).await?.ok_or(Error::NotFound)?;
    if !caller.may(Action::ManageMail { hub: m.hub_id }) {
        return Err(Error::Forbidden);
    }
    // The outbox keeps the system's time, as the sender reads it.
    let m = app.outbox_store().retry_mail(&caller.who(), id, jiff::Timestamp::now().as_second()).await?;
    app.mail_wake.notify_one();
    Ok(m)
}
