//! The directory of local actors and an actor's page: who they are, what
//! they know how to do, their people, their open offers and demands; for
//! their owners, the actor's time-bank account and a form to pay from it.
//! Who sees and does what is `portineria_app::actors`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::AppResult;
use crate::http::fmt::signed_hours;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::listings::pages::{ListingLine, line as listing_line};
use crate::state::AppState;
use crate::timebank::pages::send_from;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::{actors, listings};
use portineria_domain::actors::ActorKind;
use portineria_store::LocalActor;
use serde::Deserialize;

pub struct ActorLine {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub neighbourhood: String,
    pub verified: bool,
}

fn kind_name(ctx: &Ctx, k: ActorKind) -> String {
    ctx.tr.t(&format!("actor-kind-{}", k.as_str()))
}

fn line(ctx: &Ctx, a: &LocalActor) -> ActorLine {
    ActorLine {
        id: a.id,
        name: a.name.clone(),
        kind: kind_name(ctx, a.kind),
        neighbourhood: a.neighbourhood.clone(),
        verified: a.verified_at.is_some(),
    }
}

#[derive(Template)]
#[template(path = "actors/templates/actors.html")]
struct DirectoryPage {
    l: Layout,
    q: String,
    kind: String,
    kinds: Vec<(String, String)>,
    items: Vec<ActorLine>,
}

#[derive(Deserialize, Default)]
pub struct DirectoryParams {
    pub q: Option<String>,
    pub kind: Option<String>,
}

/// The actors the viewer may see, found by words and kind.
pub async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<DirectoryParams>,
) -> AppResult<Response> {
    let q = p.q.unwrap_or_default();
    // A kind the directory does not know is left out, not refused.
    let kind = p.kind.as_deref().and_then(ActorKind::parse);
    let f = actors::Filter {
        kind: kind.map(|k| k.as_str().to_owned()),
        verified_only: false,
        words: q.clone(),
        after: None,
        limit: 200,
    };
    let found = actors::list(&state.app, &ctx.caller(), f).await?.items;
    let mut kinds = vec![(String::new(), ctx.tr.t("actors-any-kind"))];
    kinds.extend(ActorKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(&ctx, *k))));
    let page = DirectoryPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("actors-title"), "board").await?,
        q,
        kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        kinds,
        items: found.iter().map(|a| line(&ctx, a)).collect(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "actors/templates/actor.html")]
struct ActorPage {
    l: Layout,
    notice: Option<String>,
    actor: ActorLine,
    description: String,
    skills: Vec<String>,
    email: String,
    phone: String,
    website: String,
    members: Vec<(String, String)>,
    listings: Vec<ListingLine>,
    /// For owners: the actor's balance and limits.
    account: Option<(String, String)>,
    errors: Errors,
    form_to: String,
    form_minutes: String,
    form_description: String,
    send_action: String,
    /// A manager who follows it may verify it.
    may_verify: bool,
}

async fn actor_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    errors: Errors,
    form: Option<&FormData>,
    status: StatusCode,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let seen = actors::visible(&state.app, &caller, id).await?;
    let a = &seen.actor;
    let members =
        seen.members.iter().map(|m| (m.display_name.clone(), ctx.tr.t(&format!("actor-role-{}", m.role)))).collect();
    let categories = listings::categories(&state.app).await?;
    let listings = listings::open_of_actor(&state.app, &caller, id)
        .await?
        .iter()
        .map(|l| listing_line(ctx, &categories, l, String::new()))
        .collect();
    let account = if seen.owned() {
        let acc = actors::account(&state.app, &caller, a).await?;
        Some((signed_hours(acc.balance_minutes), signed_hours(acc.min_balance)))
    } else {
        None
    };
    let text = |name: &str| form.map(|f| f.text(name)).unwrap_or_default();
    let page = ActorPage {
        l: Layout::new(state, ctx, a.name.clone(), "board").await?,
        notice,
        actor: line(ctx, a),
        description: a.description.clone(),
        skills: a.skills.clone(),
        email: a.email.clone().unwrap_or_default(),
        phone: a.phone.clone().unwrap_or_default(),
        website: a.website.clone().unwrap_or_default(),
        members,
        listings,
        account,
        errors,
        form_to: text("to"),
        form_minutes: text("minutes"),
        form_description: text("description"),
        send_action: format!("/actors/{}/timebank/transfers", a.id),
        may_verify: actors::may_verify(&caller, a),
    };
    Ok(render_status(&page, status))
}

#[derive(Deserialize, Default)]
pub struct NoticeParams {
    pub done: Option<String>,
}

pub async fn actor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<NoticeParams>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("sent") => Some(ctx.tr.t("timebank-sent")),
        Some("verified") => Some(ctx.tr.t("actors-verified-done")),
        Some("unverified") => Some(ctx.tr.t("actors-unverified-done")),
        _ => None,
    };
    actor_page(&state, &ctx, id, notice, Errors::default(), None, StatusCode::OK).await
}

/// An owner pays someone from the actor's account.
pub async fn send(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: FormData) -> AppResult<Response> {
    let from = actors::spending_account(&state.app, &ctx.caller(), id).await?;
    match send_from(&state, &ctx, Some(from.id), &form).await? {
        Ok(()) => Ok(redirect(&format!("/actors/{id}?done=sent"))),
        Err((errors, status)) => actor_page(&state, &ctx, id, None, errors, Some(&form), status).await,
    }
}

/// A manager who follows the actor verifies it (or takes it back).
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let on = form.text("verified") == "1";
    actors::set_verified(&state.app, &ctx.caller(), id, on).await?;
    Ok(redirect(&format!("/actors/{id}?done={}", if on { "verified" } else { "unverified" })))
}
