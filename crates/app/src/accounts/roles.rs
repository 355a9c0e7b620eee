//! Who holds which role, giving and taking roles, and the audit log.
//!
//! Administrators see and change every role; a hub's managers the roles in
//! their hub (as `domain::policy` says: `ViewAudit`, `ManageGrant`). A host
//! role's hub is the site's as stored.

use crate::{App, Caller, Error, Result};
use portineria_domain::policy::{Action, Grant, RoleKind};
use portineria_domain::validate as v;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Account, AuditEntry, Hub};

/// A role as asked for: its kind (`admin`, `manager`, `host`, `member`) and
/// where (the network, a hub, or a site).
#[derive(Debug, Clone, Default)]
pub struct RoleTarget {
    pub role: String,
    pub hub: Option<i64>,
    pub site: Option<i64>,
}

/// The grant a role and a place make, with the hub of a site as stored: a
/// field error on `role` or `target` when they do not make one.
pub async fn grant(app: &App, t: &RoleTarget) -> Result<Grant> {
    let role = RoleKind::parse(&t.role).ok_or_else(|| FieldErrors::from(FieldError::new("role", "role")))?;
    let site_hub = match t.site {
        Some(s) => match app.network_store().site(s).await {
            Ok(Some(site)) => Some(site.hub_id),
            _ => return Err(FieldError::new("target", "unknown-site").into()),
        },
        None => None,
    };
    match (role, t.hub.or(site_hub), t.site) {
        (RoleKind::Admin, None, None) => Ok(Grant::Admin),
        (RoleKind::Manager, Some(hub), None) => Ok(Grant::Manager { hub }),
        (RoleKind::Member, Some(hub), None) => Ok(Grant::Member { hub }),
        (RoleKind::Host, Some(hub), Some(site)) if site_hub == Some(hub) => Ok(Grant::Host { hub, site }),
        _ => Err(FieldError::new("target", "role-target").into()),
    }
}

/// The account with this address: a field error on `email` when the
/// address is malformed or nobody has it.
async fn account_for(app: &App, email: &str) -> Result<Account> {
    let email = v::email("email", email)?;
    app.accounts_store()
        .account_by_email(&email)
        .await?
        .ok_or_else(|| FieldError::new("email", "unknown-account").into())
}

/// A role change as asked for: the person's address and the role.
#[derive(Debug, Clone, Default)]
pub struct RoleChange {
    pub email: String,
    pub target: RoleTarget,
}

/// The person and the grant of a change, for a caller allowed to make it:
/// the address is checked, then the role, then the caller's right, then
/// whether anybody has the address.
async fn checked_change(app: &App, caller: &Caller, c: &RoleChange) -> Result<(i64, Grant)> {
    caller.person()?;
    v::email("email", &c.email)?;
    let grant = grant(app, &c.target).await?;
    caller.require(Action::ManageGrant { grant })?;
    let account = account_for(app, &c.email).await?;
    Ok((account.id, grant))
}

/// Gives a role to a signed-up person.
pub async fn add_role(app: &App, caller: &Caller, c: &RoleChange) -> Result<()> {
    let (account, grant) = checked_change(app, caller, c).await?;
    Ok(app.accounts_store().add_grant(&caller.who(), account, grant).await?)
}

/// Takes a role away.
pub async fn remove_role(app: &App, caller: &Caller, c: &RoleChange) -> Result<()> {
    let (account, grant) = checked_change(app, caller, c).await?;
    Ok(app.accounts_store().remove_grant(&caller.who(), account, grant).await?)
}

/// The person and the grant a change names, before anyone's right to make
/// it is asked (the people page shows what is wrong with the form first).
pub async fn role_change_target(app: &App, c: &RoleChange) -> Result<(i64, Grant)> {
    v::email("email", &c.email)?;
    let grant = grant(app, &c.target).await?;
    let account = account_for(app, &c.email).await?;
    Ok((account.id, grant))
}

/// Gives a grant to an account (for whoever may manage it).
pub async fn give_grant(app: &App, caller: &Caller, account: i64, grant: Grant) -> Result<()> {
    caller.require(Action::ManageGrant { grant })?;
    Ok(app.accounts_store().add_grant(&caller.who(), account, grant).await?)
}

/// Takes a role from an account (for whoever may manage it).
pub async fn take_role(app: &App, caller: &Caller, account: i64, target: &RoleTarget) -> Result<Grant> {
    let grant = grant(app, target).await?;
    caller.require(Action::ManageGrant { grant })?;
    app.accounts_store().remove_grant(&caller.who(), account, grant).await?;
    Ok(grant)
}

/// Everyone holding a role in a hub (or, with `None`, anywhere), for those
/// who may see its audit log.
pub async fn roles_in(app: &App, caller: &Caller, hub: Option<i64>) -> Result<Vec<(Account, Grant)>> {
    caller.require(Action::ViewAudit { hub })?;
    Ok(app.accounts_store().grants_in(hub).await?)
}

/// The name of where a grant applies: the hub's (managers, members), the
/// site's (hosts), nothing for administrators; empty if it is gone.
pub async fn grant_place_name(app: &App, g: &Grant) -> String {
    let store = app.network_store();
    match g {
        Grant::Admin => String::new(),
        Grant::Manager { hub } | Grant::Member { hub } => {
            store.hub(*hub).await.ok().flatten().map(|h| h.name).unwrap_or_default()
        }
        Grant::Host { site, .. } => store.site(*site).await.ok().flatten().map(|s| s.name).unwrap_or_default(),
    }
}

/// The people page: who holds which role in a hub, or in the network.
pub struct People {
    /// The hub shown: the one asked for; for a manager who asked for none,
    /// the first they manage; `None` for the whole network.
    pub hub: Option<i64>,
    /// The hubs the caller may choose from: every hub for administrators
    /// (up to 500), the hubs they manage for managers.
    pub hubs: Vec<Hub>,
    pub grants: Vec<(Account, Grant)>,
}

/// Who holds which role, for those who may see the audit log of the hub
/// (administrators see the whole network when no hub is asked for).
pub async fn people(app: &App, caller: &Caller, hub: Option<i64>) -> Result<People> {
    let roles = caller.roles();
    let hub = match hub {
        Some(h) => Some(h),
        None if roles.is_admin() => None,
        None => roles.managed_hubs().first().copied(),
    };
    caller.require(Action::ViewAudit { hub }).map_err(|_| Error::Forbidden)?;
    let hubs = if roles.is_admin() {
        crate::network::hubs(app, None, 500).await?
    } else {
        crate::network::managed_hubs(app, caller).await?
    };
    let grants = app.accounts_store().grants_in(hub).await?;
    Ok(People { hub, hubs, grants })
}

/// The audit log of a hub (or, with `None`, the network), opened for
/// whoever may read it.
pub struct AuditLog<'a> {
    app: &'a App,
    hub: Option<i64>,
}

/// Opens the audit log of a hub for its managers, or of the whole network
/// (and any hub) for administrators.
pub fn audit_log<'a>(app: &'a App, caller: &Caller, hub: Option<i64>) -> Result<AuditLog<'a>> {
    caller.require(Action::ViewAudit { hub })?;
    Ok(AuditLog { app, hub })
}

impl AuditLog<'_> {
    /// Entries before the entry `before`, newest first, at most `limit`.
    pub async fn entries(&self, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
        Ok(self.app.audit_store().audit_log(self.hub, before, limit).await?)
    }
}
