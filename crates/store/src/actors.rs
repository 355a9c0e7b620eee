//! Local actors and the people who belong to them.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/actors.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

/// A local actor of the quarter (an association, a shop, a school…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalActor {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: portineria_domain::actors::ActorKind,
    pub description: String,
    pub skills: Vec<String>,
    pub neighbourhood: String,
    pub location: Option<portineria_domain::geo::Coordinates>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub visibility: portineria_domain::actors::Visibility,
    pub hub_id: Option<i64>,
    /// When a manager verified it (`None`: not verified).
    pub verified_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A person who belongs to an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorMember {
    pub account_id: i64,
    pub display_name: String,
    /// `owner` (edits the profile, manages members) or `member`.
    pub role: String,
}

/// Which actors to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorQuery {
    pub kind: Option<portineria_domain::actors::ActorKind>,
    /// The visibilities the viewer may see.
    pub visibilities: Vec<portineria_domain::actors::Visibility>,
    /// Also the actors this account belongs to, whatever their visibility.
    pub member: Option<i64>,
    pub verified_only: bool,
    /// Search stems (`domain::text::stems`): each must start a stem of the actor.
    pub terms: Vec<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

/// Local actors and the people who belong to them.
#[async_trait]
pub trait ActorStore: Send + Sync {
    /// The creator becomes its owner in the same transaction.
    /// `Conflict("actor-name-taken")` when the name's slug is in use.
    async fn create_actor(
        &self,
        who: &Who,
        creator: i64,
        d: &portineria_domain::actors::ActorDraft,
        now: i64,
    ) -> Result<LocalActor>;
    async fn update_actor(
        &self,
        who: &Who,
        id: i64,
        d: &portineria_domain::actors::ActorDraft,
        now: i64,
    ) -> Result<LocalActor>;
    async fn actor(&self, id: i64) -> Result<Option<LocalActor>>;
    async fn actor_by_slug(&self, slug: &str) -> Result<Option<LocalActor>>;
    /// By id, keyset-paged.
    async fn list_actors(&self, q: &ActorQuery) -> Result<Vec<LocalActor>>;
    async fn set_actor_verified(&self, who: &Who, id: i64, verified: bool, now: i64) -> Result<LocalActor>;
    /// Owners first, then by name.
    async fn actor_members(&self, actor_id: i64) -> Result<Vec<ActorMember>>;
    /// Adds the person or changes their role; `Conflict("actor-last-owner")`
    /// if that would leave the actor without an owner.
    async fn set_actor_member(&self, who: &Who, actor_id: i64, account_id: i64, role: &str) -> Result<()>;
    /// `Conflict("actor-last-owner")` for its only owner.
    async fn remove_actor_member(&self, who: &Who, actor_id: i64, account_id: i64) -> Result<()>;
    /// The actors a person belongs to, with their role.
    async fn account_actors(&self, account_id: i64) -> Result<Vec<(LocalActor, String)>>;
}
