//! Places: reading them, and creating, editing and deleting them.

use super::with_unreadable;
use crate::{App, Caller, Error, Result};
use portineria_domain::FieldErrors;
use portineria_domain::network::{PlaceDraft, PlaceInput, validate_place};
use portineria_domain::policy::Action;
use portineria_store::{Place, PlaceQuery, Site};

/// Places as the query asks.
pub async fn places(app: &App, q: &PlaceQuery) -> Result<Vec<Place>> {
    Ok(app.network_store().list_places(q).await?)
}

/// A place as stored, or `NotFound`.
pub async fn place(app: &App, id: i64) -> Result<Place> {
    app.network_store().place(id).await?.ok_or(Error::NotFound)
}

/// What is wrong with a place's details, with what the form could not read.
pub fn check_place(input: &PlaceInput, unreadable: FieldErrors) -> Result<PlaceDraft, FieldErrors> {
    with_unreadable(validate_place(input), unreadable)
}

/// The site whose places the caller manages (the hub's managers, the
/// site's hosts, network administrators).
pub async fn site_for_places(app: &App, caller: &Caller, site: i64) -> Result<Site> {
    let s = super::site(app, site).await?;
    caller.require(Action::ManagePlaces { hub: s.hub_id, site })?;
    Ok(s)
}

/// Creates a place in a site (the hub's managers, the site's hosts, network administrators).
pub async fn create_place(app: &App, caller: &Caller, site: i64, input: &PlaceInput) -> Result<Place> {
    site_for_places(app, caller, site).await?;
    let draft = check_place(input, FieldErrors::new())?;
    let place = app.network_store().create_place(&caller.who(), site, &draft).await?;
    app.sites.mark_dirty();
    Ok(place)
}

/// A place for its form or its delete confirmation (the hub's managers,
/// the site's hosts, network administrators).
pub async fn place_to_manage(app: &App, caller: &Caller, id: i64) -> Result<Place> {
    let p = place(app, id).await?;
    caller.require(Action::ManagePlaces { hub: p.hub_id, site: p.site_id })?;
    Ok(p)
}

/// Replaces a place's details and booking rules.
pub async fn update_place(app: &App, caller: &Caller, id: i64, input: &PlaceInput) -> Result<Place> {
    place_to_manage(app, caller, id).await?;
    let draft = check_place(input, FieldErrors::new())?;
    let place = app.network_store().update_place(&caller.who(), id, &draft).await?;
    app.sites.mark_dirty();
    Ok(place)
}

/// Deletes a place; returns it as it was.
pub async fn delete_place(app: &App, caller: &Caller, id: i64) -> Result<Place> {
    let p = place_to_manage(app, caller, id).await?;
    app.network_store().delete_place(&caller.who(), id).await?;
    app.sites.mark_dirty();
    Ok(p)
}
