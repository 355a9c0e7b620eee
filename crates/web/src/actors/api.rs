//! `/api/v1/actors`: the directory of local actors. Anyone sees the public
//! ones; people of the network also see those shown to members; an actor's
//! own people and managers see it whatever its visibility. Owners (and
//! managers) edit the profile and its members; managers verify.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_domain::FieldError;
use portineria_domain::actors::{ActorInput, ActorKind, Viewer, Visibility, may_see, validate_actor};
use portineria_domain::cursor::page_limit;
use portineria_domain::policy::{Action, allows};
use portineria_store::{ActorQuery, LocalActor};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ActorJson {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// association, informal_group, company, shop, artisan, school, public_body, freelancer.
    pub kind: String,
    pub description: String,
    pub skills: Vec<String>,
    pub neighbourhood: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// public, members or private.
    pub visibility: String,
    pub hub_id: Option<i64>,
    /// A manager of the network checked who they are.
    pub verified: bool,
    /// Owners and members: shown to the actor's own people and managers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<ActorMemberJson>>,
}

#[derive(Serialize, ToSchema)]
pub struct ActorMemberJson {
    pub account_id: i64,
    pub display_name: String,
    /// owner or member.
    pub role: String,
}

impl From<&LocalActor> for ActorJson {
    fn from(a: &LocalActor) -> Self {
        ActorJson {
            id: a.id,
            slug: a.slug.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str().to_owned(),
            description: a.description.clone(),
            skills: a.skills.clone(),
            neighbourhood: a.neighbourhood.clone(),
            lat: a.location.map(|c| c.lat()),
            lon: a.location.map(|c| c.lon()),
            email: a.email.clone(),
            phone: a.phone.clone(),
            website: a.website.clone(),
            visibility: a.visibility.as_str().to_owned(),
            hub_id: a.hub_id,
            verified: a.verified_at.is_some(),
            members: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActorListJson {
    pub items: Vec<ActorJson>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct ActorBody {
    pub name: String,
    /// association, informal_group, company, shop, artisan, school, public_body, freelancer.
    pub kind: String,
    pub description: Option<String>,
    /// Comma-separated.
    pub skills: Option<String>,
    pub neighbourhood: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// public (default), members or private.
    pub visibility: Option<String>,
    pub hub_id: Option<i64>,
}

impl From<ActorBody> for ActorInput {
    fn from(b: ActorBody) -> Self {
        ActorInput {
            name: b.name,
            kind: b.kind,
            description: b.description,
            skills: b.skills,
            neighbourhood: b.neighbourhood,
            lat: b.lat,
            lon: b.lon,
            email: b.email,
            phone: b.phone,
            website: b.website,
            visibility: b.visibility,
            hub_id: b.hub_id,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct VerificationBody {
    pub verified: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct MemberBody {
    /// owner or member.
    pub role: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// One kind of actor.
    pub kind: Option<String>,
    /// Only actors a manager has verified.
    pub verified: Option<bool>,
    /// Full-text search with Italian stemming over name, description, skills
    /// and neighbourhood (every word must be found).
    pub q: Option<String>,
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

/// What the signed-in person (or nobody) may see.
pub fn viewer(ctx: &Ctx) -> Viewer {
    match &ctx.user {
        None => Viewer::Anonymous,
        Some(u) if u.roles.is_admin() || !u.roles.managed_hubs().is_empty() => Viewer::Manager,
        Some(u) if !u.roles.grants.is_empty() => Viewer::NetworkMember,
        Some(_) => Viewer::Resident,
    }
}

async fn role_in(state: &AppState, ctx: &Ctx, actor_id: i64) -> AppResult<Option<String>> {
    let Some(u) = &ctx.user else { return Ok(None) };
    Ok(state.store.actor_members(actor_id).await?.into_iter().find(|m| m.account_id == u.account.id).map(|m| m.role))
}

/// The actor, if the viewer may see it.
pub async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(LocalActor, Option<String>)> {
    let actor = state.store.actor(id).await?.ok_or(AppError::NotFound)?;
    let role = role_in(state, ctx, id).await?;
    if role.is_some() || may_see(actor.visibility, viewer(ctx)) {
        Ok((actor, role))
    } else {
        // Not there, as far as this viewer can tell.
        Err(AppError::NotFound)
    }
}

/// Owners and the managers who follow the actor may change it.
async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<LocalActor> {
    ctx.user()?;
    let (actor, role) = visible(state, ctx, id).await?;
    if role.as_deref() == Some("owner") || allows(&ctx.roles(), Action::ManageActor { hub: actor.hub_id }) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

#[utoipa::path(get, path = "/api/v1/actors", tag = "platform", params(ActorParams),
    responses((status = 200, body = ActorListJson), (status = 422, body = ErrorBody)))]
/// Local actors the viewer may see, by id.
pub async fn list_actors(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ActorParams>,
) -> AppResult<Json<ActorListJson>> {
    let kind = match p.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(ActorKind::parse(k).ok_or_else(|| FieldError::new("kind", "kind"))?),
    };
    let v = viewer(&ctx);
    let limit = page_limit(p.limit);
    let q = ActorQuery {
        kind,
        visibilities: Visibility::ALL.into_iter().filter(|vis| may_see(*vis, v)).collect(),
        member: ctx.user.as_ref().map(|u| u.account.id),
        verified_only: p.verified.unwrap_or(false),
        terms: {
            let mut t = portineria_domain::text::stems(p.q.as_deref().unwrap_or(""));
            t.truncate(8);
            t
        },
        after: p.after,
        limit: limit + 1,
    };
    let mut items: Vec<ActorJson> = state.store.list_actors(&q).await?.iter().map(ActorJson::from).collect();
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|a| a.id)
    } else {
        None
    };
    Ok(Json(ActorListJson { items, next }))
}

#[utoipa::path(post, path = "/api/v1/actors", tag = "platform", request_body = ActorBody, security(("bearer" = [])),
    responses((status = 201, body = ActorJson), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "actor-name-taken"), (status = 422, body = ErrorBody)))]
/// Adds an actor; whoever adds it is its first owner.
pub async fn create_actor(State(state): State<AppState>, ctx: Ctx, Json(b): Json<ActorBody>) -> AppResult<Response> {
    let user = ctx.user()?;
    let draft = validate_actor(&b.into())?;
    if let Some(h) = draft.hub_id
        && state.store.hub(h).await?.is_none()
    {
        return Err(FieldError::new("hub_id", "unknown-hub").into());
    }
    let a = state.store.create_actor(&ctx.who(), user.account.id, &draft, ctx.now.as_second()).await?;
    Ok((StatusCode::CREATED, Json(ActorJson::from(&a))).into_response())
}

#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = ActorJson), (status = 404, body = ErrorBody)))]
/// An actor's profile (with its members for its own people and managers).
pub async fn get_actor(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<ActorJson>> {
    let (actor, role) = visible(&state, &ctx, id).await?;
    let mut j = ActorJson::from(&actor);
    if role.is_some() || viewer(&ctx) == Viewer::Manager {
        let members = state.store.actor_members(id).await?;
        j.members = Some(
            members
                .into_iter()
                .map(|m| ActorMemberJson { account_id: m.account_id, display_name: m.display_name, role: m.role })
                .collect(),
        );
    }
    Ok(Json(j))
}

#[utoipa::path(put, path = "/api/v1/actors/{id}", tag = "platform", params(("id" = i64, Path)), request_body = ActorBody,
    security(("bearer" = [])),
    responses((status = 200, body = ActorJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Edits the profile (its owners; managers).
pub async fn update_actor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<ActorBody>,
) -> AppResult<Json<ActorJson>> {
    editable(&state, &ctx, id).await?;
    let draft = validate_actor(&b.into())?;
    if let Some(h) = draft.hub_id
        && state.store.hub(h).await?.is_none()
    {
        return Err(FieldError::new("hub_id", "unknown-hub").into());
    }
    let a = state.store.update_actor(&ctx.who(), id, &draft, ctx.now.as_second()).await?;
    Ok(Json(ActorJson::from(&a)))
}

#[utoipa::path(post, path = "/api/v1/actors/{id}/verification", tag = "platform", params(("id" = i64, Path)),
    request_body = VerificationBody, security(("bearer" = [])),
    responses((status = 200, body = ActorJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
/// Marks an actor verified, or not (managers).
pub async fn verify_actor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<VerificationBody>,
) -> AppResult<Json<ActorJson>> {
    ctx.user()?;
    let actor = state.store.actor(id).await?.ok_or(AppError::NotFound)?;
    if !allows(&ctx.roles(), Action::ManageActor { hub: actor.hub_id }) {
        return Err(AppError::Forbidden);
    }
    let a = state.store.set_actor_verified(&ctx.who(), id, b.verified, ctx.now.as_second()).await?;
    Ok(Json(ActorJson::from(&a)))
}

#[utoipa::path(put, path = "/api/v1/actors/{id}/members/{account_id}", tag = "platform",
    params(("id" = i64, Path), ("account_id" = i64, Path)), request_body = MemberBody, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "actor-last-owner"),
        (status = 422, body = ErrorBody)))]
/// Adds a person to the actor or changes their role (owners; managers).
pub async fn set_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, account_id)): Path<(i64, i64)>,
    Json(b): Json<MemberBody>,
) -> AppResult<Response> {
    editable(&state, &ctx, id).await?;
    if !matches!(b.role.as_str(), "owner" | "member") {
        return Err(FieldError::new("role", "actor-role").into());
    }
    state.store.set_actor_member(&ctx.who(), id, account_id, &b.role).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(delete, path = "/api/v1/actors/{id}/members/{account_id}", tag = "platform",
    params(("id" = i64, Path), ("account_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "actor-last-owner")))]
/// Takes a person out of the actor (owners; managers; anyone for themselves).
pub async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, account_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    if user.account.id != account_id {
        editable(&state, &ctx, id).await?;
    }
    state.store.remove_actor_member(&ctx.who(), id, account_id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
