//! `/api/v1/actors`: the directory of local actors, over
//! `portineria_app::actors` (who sees and changes what is said there).
//! Anyone sees the public ones; people of the network also see those shown
//! to members; an actor's own people and managers see it whatever its
//! visibility. Owners (and managers) edit the profile and its members;
//! managers verify.

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::actors::{self, Filter};
use portineria_domain::actors::ActorInput;
use portineria_domain::cursor::page_limit;
use portineria_store::{ActorMember, LocalActor};
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

impl From<&ActorMember> for ActorMemberJson {
    fn from(m: &ActorMember) -> Self {
        ActorMemberJson { account_id: m.account_id, display_name: m.display_name.clone(), role: m.role.clone() }
    }
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

#[utoipa::path(get, path = "/api/v1/actors", tag = "platform", params(ActorParams),
    responses((status = 200, body = ActorListJson), (status = 422, body = ErrorBody)))]
/// Local actors the viewer may see, by id.
pub async fn list_actors(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ActorParams>,
) -> AppResult<Json<ActorListJson>> {
    let f = Filter {
        kind: p.kind,
        verified_only: p.verified.unwrap_or(false),
        words: p.q.unwrap_or_default(),
        after: p.after,
        limit: page_limit(p.limit),
    };
    let found = actors::list(&state.app, &ctx.caller(), f).await?;
    Ok(Json(ActorListJson { items: found.items.iter().map(ActorJson::from).collect(), next: found.next }))
}

#[utoipa::path(post, path = "/api/v1/actors", tag = "platform", request_body = ActorBody, security(("bearer" = [])),
    responses((status = 201, body = ActorJson), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "actor-name-taken"), (status = 422, body = ErrorBody)))]
/// Adds an actor; whoever adds it is its first owner.
pub async fn create_actor(State(state): State<AppState>, ctx: Ctx, Json(b): Json<ActorBody>) -> AppResult<Response> {
    let a = actors::create(&state.app, &ctx.caller(), &b.into()).await?;
    Ok((StatusCode::CREATED, Json(ActorJson::from(&a))).into_response())
}

#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "platform", params(("id" = i64, Path)),
    responses((status = 200, body = ActorJson), (status = 404, body = ErrorBody)))]
/// An actor's profile (with its members for its own people and managers).
pub async fn get_actor(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<ActorJson>> {
    let caller = ctx.caller();
    let seen = actors::visible(&state.app, &caller, id).await?;
    let mut j = ActorJson::from(&seen.actor);
    if seen.shows_members(&caller) {
        j.members = Some(seen.members.iter().map(ActorMemberJson::from).collect());
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
    Ok(Json(ActorJson::from(&actors::update(&state.app, &ctx.caller(), id, &b.into()).await?)))
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
    Ok(Json(ActorJson::from(&actors::set_verified(&state.app, &ctx.caller(), id, b.verified).await?)))
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
    actors::set_member(&state.app, &ctx.caller(), id, account_id, &b.role).await?;
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
    actors::remove_member(&state.app, &ctx.caller(), id, account_id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
