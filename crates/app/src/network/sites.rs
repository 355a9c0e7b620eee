//! Sites: reading one with its places, and creating, editing and deleting
//! them.

use super::with_unreadable;
use crate::{App, Caller, Error, Result};
use portineria_domain::FieldErrors;
use portineria_domain::network::{SiteDraft, SiteInput, validate_site};
use portineria_domain::policy::Action;
use portineria_store::{Hub, Place, PlaceQuery, Site};
use std::sync::Arc;

/// A site as stored, or `NotFound`.
pub async fn site(app: &App, id: i64) -> Result<Site> {
    app.network_store().site(id).await?.ok_or(Error::NotFound)
}

/// The hub of a site, if the site exists.
pub async fn site_hub(app: &App, id: i64) -> Result<Option<i64>> {
    Ok(app.network_store().site(id).await?.map(|s| s.hub_id))
}

/// A site with its places, for its page.
pub struct SiteWithPlaces {
    pub site: Arc<Site>,
    pub places: Arc<Vec<Place>>,
    /// Whether the site is in the site index (and its places kept there):
    /// what is rendered from it may be kept for this revision.
    pub indexed: bool,
}

/// A site and its places: from the site index, or (created since the index
/// was built) from the store.
pub async fn site_with_places(app: &App, id: i64) -> Result<SiteWithPlaces> {
    let index = app.sites().await?;
    Ok(match index.get(id) {
        Some(s) => {
            SiteWithPlaces { site: s.clone(), places: index.places(app.network_store(), id).await?, indexed: true }
        }
        None => SiteWithPlaces {
            site: Arc::new(site(app, id).await?),
            places: Arc::new(
                app.network_store().list_places(&PlaceQuery { site_id: Some(id), ..Default::default() }).await?,
            ),
            indexed: false,
        },
    })
}

/// A site's places, kept in the site index for its revision (a site
/// unknown to the index has none there).
pub async fn site_places(app: &App, id: i64) -> Result<Arc<Vec<Place>>> {
    Ok(app.sites().await?.places(app.network_store(), id).await?)
}

/// A place by id, kept in the site index once its site is known.
pub async fn indexed_place(app: &App, id: i64) -> Result<Option<Place>> {
    Ok(app.sites().await?.place(app.network_store(), id).await?)
}

/// Whether the caller may edit the site (link to its form).
pub fn may_edit_site(caller: &Caller, site: &Site) -> bool {
    caller.may(Action::EditSite { hub: site.hub_id, site: site.id })
}

/// Whether the caller may delete the site (link to its confirmation).
pub fn may_delete_site(caller: &Caller, site: &Site) -> bool {
    caller.may(Action::DeleteSite { hub: site.hub_id, site: site.id })
}

/// Whether the caller may run the site's check-in desk.
pub fn may_host(caller: &Caller, site: &Site) -> bool {
    caller.may(Action::HostDesk { hub: site.hub_id, site: site.id })
}

/// What is wrong with a site's details, with what the form could not read.
pub fn check_site(input: &SiteInput, unreadable: FieldErrors) -> Result<SiteDraft, FieldErrors> {
    with_unreadable(validate_site(input), unreadable)
}

/// The hub a new site would go in (the hub's managers, network administrators).
pub async fn hub_for_new_site(app: &App, caller: &Caller, hub: i64) -> Result<Hub> {
    caller.require(Action::CreateSite { hub })?;
    super::hub(app, hub).await
}

/// Creates a site in a hub (the hub's managers, network administrators).
pub async fn create_site(app: &App, caller: &Caller, hub: i64, input: &SiteInput) -> Result<Site> {
    hub_for_new_site(app, caller, hub).await?;
    let draft = check_site(input, FieldErrors::new())?;
    let site = app.network_store().create_site(&caller.who(), hub, &draft).await?;
    app.sites.mark_dirty();
    Ok(site)
}

/// A site for its edit form (its hub's managers, its hosts, network administrators).
pub async fn site_to_edit(app: &App, caller: &Caller, id: i64) -> Result<Site> {
    let s = site(app, id).await?;
    caller.require(Action::EditSite { hub: s.hub_id, site: id })?;
    Ok(s)
}

/// Replaces a site's details and hours (its hub's managers, its hosts,
/// network administrators); a site stays in its hub.
pub async fn update_site(app: &App, caller: &Caller, id: i64, input: &SiteInput) -> Result<Site> {
    site_to_edit(app, caller, id).await?;
    let draft = check_site(input, FieldErrors::new())?;
    let site = app.network_store().update_site(&caller.who(), id, &draft).await?;
    app.sites.mark_dirty();
    Ok(site)
}

/// A site for its delete confirmation (its hub's managers, network administrators).
pub async fn site_to_delete(app: &App, caller: &Caller, id: i64) -> Result<Site> {
    let s = site(app, id).await?;
    caller.require(Action::DeleteSite { hub: s.hub_id, site: id })?;
    Ok(s)
}

/// Deletes a site and its places (its hub's managers, network
/// administrators); returns the site as it was.
pub async fn delete_site(app: &App, caller: &Caller, id: i64) -> Result<Site> {
    let s = site_to_delete(app, caller, id).await?;
    app.network_store().delete_site(&caller.who(), id).await?;
    app.sites.mark_dirty();
    Ok(s)
}
