//! Hubs: the network's summary, reading hubs, and creating, editing and
//! deleting them.

use crate::{App, Caller, Error, Result};
use portineria_domain::network::{HubInput, validate_hub};
use portineria_domain::policy::Action;
use portineria_store::{Counts, Hub, Network};

/// The network's name and revision with its totals.
pub struct Summary {
    pub network: Network,
    pub counts: Counts,
}

/// The network's name, revision and totals, as stored.
pub async fn summary(app: &App) -> Result<Summary> {
    let network = app.network_store().network().await?;
    let counts = app.network_store().counts().await?;
    Ok(Summary { network, counts })
}

/// Hubs by id after `after`, at most `limit`.
pub async fn hubs(app: &App, after: Option<i64>, limit: u32) -> Result<Vec<Hub>> {
    Ok(app.network_store().list_hubs(after, limit).await?)
}

/// A hub, or `NotFound`.
pub async fn hub(app: &App, id: i64) -> Result<Hub> {
    app.network_store().hub(id).await?.ok_or(Error::NotFound)
}

/// The hubs the caller manages that exist, in the order of their roles.
pub async fn managed_hubs(app: &App, caller: &Caller) -> Result<Vec<Hub>> {
    let mut hubs = Vec::new();
    for id in caller.roles().managed_hubs() {
        if let Some(h) = app.network_store().hub(id).await? {
            hubs.push(h);
        }
    }
    Ok(hubs)
}

/// Whether the caller may edit the hub (link to its form).
pub fn may_edit_hub(caller: &Caller, hub: i64) -> bool {
    caller.may(Action::EditHub { hub })
}

/// Whether the caller may delete the hub (link to its confirmation).
pub fn may_delete_hub(caller: &Caller, hub: i64) -> bool {
    caller.may(Action::DeleteHub { hub })
}

/// What the managers' home page lists for the caller.
pub struct ManageHome {
    pub is_admin: bool,
    /// Administrators: every hub by id after the position asked for, at
    /// most the number asked for; managers: the hubs they manage.
    pub hubs: Vec<Hub>,
    /// The sites the caller hosts: id and name.
    pub sites: Vec<(i64, String)>,
}

/// The managers' home: for anyone with a role that has a management page.
pub async fn manage_home(app: &App, caller: &Caller, after: Option<i64>, limit: u32) -> Result<ManageHome> {
    let person = caller.person()?;
    if !person.roles.has_staff_role() {
        return Err(Error::Forbidden);
    }
    let is_admin = person.roles.is_admin();
    let hubs = if is_admin { hubs(app, after, limit).await? } else { managed_hubs(app, caller).await? };
    let index = app.sites().await?;
    let sites =
        person.roles.hosted_sites().into_iter().filter_map(|id| index.get(id).map(|s| (id, s.name.clone()))).collect();
    Ok(ManageHome { is_admin, hubs, sites })
}

/// `Ok` if the caller may create hubs (network administrators).
pub fn allowed_to_create_hub(caller: &Caller) -> Result<()> {
    caller.require(Action::CreateHub).map(|_| ())
}

/// Creates a hub (network administrators).
pub async fn create_hub(app: &App, caller: &Caller, input: &HubInput) -> Result<Hub> {
    allowed_to_create_hub(caller)?;
    let draft = validate_hub(input)?;
    let hub = app.network_store().create_hub(&caller.who(), &draft).await?;
    app.sites.mark_dirty();
    Ok(hub)
}

/// A hub for its edit form (its managers, network administrators).
pub async fn hub_to_edit(app: &App, caller: &Caller, id: i64) -> Result<Hub> {
    caller.require(Action::EditHub { hub: id })?;
    hub(app, id).await
}

/// Replaces a hub's details (its managers, network administrators).
pub async fn update_hub(app: &App, caller: &Caller, id: i64, input: &HubInput) -> Result<Hub> {
    hub_to_edit(app, caller, id).await?;
    let draft = validate_hub(input)?;
    let hub = app.network_store().update_hub(&caller.who(), id, &draft).await?;
    app.sites.mark_dirty();
    Ok(hub)
}

/// A hub for its delete confirmation (network administrators).
pub async fn hub_to_delete(app: &App, caller: &Caller, id: i64) -> Result<Hub> {
    caller.require(Action::DeleteHub { hub: id })?;
    hub(app, id).await
}

/// Deletes a hub that has no sites left (network administrators):
/// `Conflict` while it has any.
pub async fn delete_hub(app: &App, caller: &Caller, id: i64) -> Result<()> {
    caller.require(Action::DeleteHub { hub: id })?;
    app.network_store().delete_hub(&caller.who(), id).await?;
    app.sites.mark_dirty();
    Ok(())
}
