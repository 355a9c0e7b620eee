//! Local actors and the people who belong to them: the directory, an
//! actor's profile and its people, verification, and the actor's time-bank
//! account.
//!
//! Anyone sees the public actors; people of the network also those shown to
//! members; an actor's own people and managers see it whatever its
//! visibility (to anyone else it does not exist). Owners and the managers
//! who follow it edit the profile and its people; those managers verify it.

use crate::{App, Caller, Error, Result};
use portineria_domain::FieldError;
use portineria_domain::actors::{ActorInput, ActorKind, Viewer, Visibility, may_see, validate_actor};
use portineria_domain::policy::Action;
use portineria_domain::timebank::Limits;
use portineria_store::{ActorMember, ActorQuery, ActorStore, LocalActor, TimebankAccount};

impl App {
    /// Local actors' storage.
    pub(crate) fn actors_store(&self) -> &dyn ActorStore {
        self.store.as_ref()
    }
}

/// What the caller (or nobody) may see.
pub fn viewer(caller: &Caller) -> Viewer {
    match &caller.person {
        None => Viewer::Anonymous,
        Some(p) if p.roles.is_admin() || !p.roles.managed_hubs().is_empty() => Viewer::Manager,
        Some(p) if !p.roles.grants.is_empty() => Viewer::NetworkMember,
        Some(_) => Viewer::Resident,
    }
}

/// An actor as someone who may see it sees it.
pub struct Seen {
    pub actor: LocalActor,
    /// Its people: owners first, then by name.
    pub members: Vec<ActorMember>,
    /// The caller's role in it (`owner`, `member`), if they belong to it.
    pub role: Option<String>,
}

impl Seen {
    /// Whether the caller owns it.
    pub fn owned(&self) -> bool {
        self.role.as_deref() == Some("owner")
    }

    /// Whether its profile lists its people for the caller: its own people
    /// and managers.
    pub fn shows_members(&self, caller: &Caller) -> bool {
        self.role.is_some() || viewer(caller) == Viewer::Manager
    }
}

/// The actor, if the caller may see it (`NotFound` otherwise: not there, as
/// far as they can tell).
pub async fn visible(app: &App, caller: &Caller, id: i64) -> Result<Seen> {
    let actor = app.actors_store().actor(id).await?.ok_or(Error::NotFound)?;
    let members = app.actors_store().actor_members(id).await?;
    let role = caller
        .person
        .as_ref()
        .and_then(|p| members.iter().find(|m| m.account_id == p.account.id))
        .map(|m| m.role.clone());
    if role.is_some() || may_see(actor.visibility, viewer(caller)) {
        Ok(Seen { actor, members, role })
    } else {
        Err(Error::NotFound)
    }
}

/// Whether the caller is a manager who follows the actor (and may verify it).
pub fn may_verify(caller: &Caller, actor: &LocalActor) -> bool {
    caller.may(Action::ManageActor { hub: actor.hub_id })
}

/// The actor, if the caller may change it: its owners and the managers who
/// follow it.
async fn editable(app: &App, caller: &Caller, id: i64) -> Result<LocalActor> {
    caller.person()?;
    let seen = visible(app, caller, id).await?;
    if seen.owned() || may_verify(caller, &seen.actor) { Ok(seen.actor) } else { Err(Error::Forbidden) }
}

/// Which actors to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One kind of actor, as a word (`association`, `shop`, …); empty or
    /// `None` for any.
    pub kind: Option<String>,
    /// Only those a manager verified.
    pub verified_only: bool,
    /// Words to find (each must be found).
    pub words: String,
    /// The id to list after.
    pub after: Option<i64>,
    pub limit: u32,
}

/// A page of actors.
pub struct Listed {
    pub items: Vec<LocalActor>,
    /// The id to pass as `after` for the next page.
    pub next: Option<i64>,
}

/// The actors the caller may see (and those they belong to), by id.
pub async fn list(app: &App, caller: &Caller, f: Filter) -> Result<Listed> {
    let kind = match f.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(ActorKind::parse(k).ok_or_else(|| FieldError::new("kind", "kind"))?),
    };
    let v = viewer(caller);
    let mut terms = portineria_domain::text::stems(&f.words);
    terms.truncate(8);
    let q = ActorQuery {
        kind,
        visibilities: Visibility::ALL.into_iter().filter(|vis| may_see(*vis, v)).collect(),
        member: caller.person.as_ref().map(|p| p.account.id),
        verified_only: f.verified_only,
        terms,
        after: f.after,
        limit: f.limit + 1,
    };
    let mut items = app.actors_store().list_actors(&q).await?;
    let next = if items.len() > f.limit as usize {
        items.truncate(f.limit as usize);
        items.last().map(|a| a.id)
    } else {
        None
    };
    Ok(Listed { items, next })
}

/// A profile as given, checked: its hub, if any, must exist.
async fn draft(app: &App, input: &ActorInput) -> Result<portineria_domain::actors::ActorDraft> {
    let draft = validate_actor(input)?;
    if let Some(h) = draft.hub_id
        && app.network_store().hub(h).await?.is_none()
    {
        return Err(FieldError::new("hub_id", "unknown-hub").into());
    }
    Ok(draft)
}

/// Adds an actor; whoever adds it is its first owner.
pub async fn create(app: &App, caller: &Caller, input: &ActorInput) -> Result<LocalActor> {
    let person = caller.person()?;
    let draft = draft(app, input).await?;
    Ok(app.actors_store().create_actor(&caller.who(), person.account.id, &draft, caller.now_s()).await?)
}

/// Edits the profile (its owners; the managers who follow it).
pub async fn update(app: &App, caller: &Caller, id: i64, input: &ActorInput) -> Result<LocalActor> {
    editable(app, caller, id).await?;
    let draft = draft(app, input).await?;
    Ok(app.actors_store().update_actor(&caller.who(), id, &draft, caller.now_s()).await?)
}

/// Marks an actor verified, or not (the managers who follow it).
pub async fn set_verified(app: &App, caller: &Caller, id: i64, verified: bool) -> Result<LocalActor> {
    caller.person()?;
    let actor = app.actors_store().actor(id).await?.ok_or(Error::NotFound)?;
    caller.require(Action::ManageActor { hub: actor.hub_id })?;
    Ok(app.actors_store().set_actor_verified(&caller.who(), id, verified, caller.now_s()).await?)
}

/// Adds a person to the actor or changes their role, `owner` or `member`
/// (its owners; the managers who follow it).
pub async fn set_member(app: &App, caller: &Caller, id: i64, account_id: i64, role: &str) -> Result<()> {
    editable(app, caller, id).await?;
    if !matches!(role, "owner" | "member") {
        return Err(FieldError::new("role", "actor-role").into());
    }
    Ok(app.actors_store().set_actor_member(&caller.who(), id, account_id, role).await?)
}

/// Takes a person out of the actor (its owners; the managers who follow
/// it; anyone for themselves).
pub async fn remove_member(app: &App, caller: &Caller, id: i64, account_id: i64) -> Result<()> {
    let person = caller.person()?;
    if person.account.id != account_id {
        editable(app, caller, id).await?;
    }
    Ok(app.actors_store().remove_actor_member(&caller.who(), id, account_id).await?)
}

/// The actor's time-bank account, opened on first use.
pub async fn account(app: &App, caller: &Caller, actor: &LocalActor) -> Result<TimebankAccount> {
    if let Some(a) = app.timebank_store().timebank_account_of("actor", actor.id).await? {
        return Ok(a);
    }
    Ok(app
        .timebank_store()
        .open_timebank_account(&caller.who(), "actor", Some(actor.id), &actor.name, Limits::default(), caller.now_s())
        .await?)
}

/// The account of an actor the caller may see, to pay from: `Forbidden`
/// unless they may spend out of it (its owners, managers).
pub async fn spending_account(app: &App, caller: &Caller, id: i64) -> Result<TimebankAccount> {
    caller.person()?;
    let seen = visible(app, caller, id).await?;
    let from = account(app, caller, &seen.actor).await?;
    if crate::timebank::may_spend(app, caller, &from).await? { Ok(from) } else { Err(Error::Forbidden) }
}
