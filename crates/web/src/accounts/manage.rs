//! Management pages: people and their roles, and the audit log, over
//! `portineria_app::accounts` (who may do what is said there).

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::paging;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::accounts::{self, RoleChange, RoleTarget};
use portineria_domain::policy::Grant;

// ---- people ------------------------------------------------------------------
pub struct PersonRow {
    account_id: i64,
    name: String,
    email: String,
    role: String,
    role_code: &'static str,
    hub_id: String,
    site_id: String,
}

#[derive(Template)]
#[template(path = "accounts/templates/people.html")]
struct PeoplePage {
    l: Layout,
    is_admin: bool,
    hub_choices: Vec<(i64, String, bool)>,
    rows: Vec<PersonRow>,
    role_choices: Vec<(&'static str, String)>,
    targets: Vec<(String, String)>,
    email: String,
    errors: Errors,
    notice: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct PeopleParams {
    hub: Option<String>,
    done: Option<String>,
}

fn parse_opt_id(s: Option<&str>) -> AppResult<Option<i64>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::BadRequest("malformed")),
    }
}

async fn people_page(
    state: &AppState,
    ctx: &Ctx,
    hub: Option<i64>,
    email: String,
    errors: Errors,
    notice: Option<String>,
) -> AppResult<PeoplePage> {
    let actor = ctx.roles();
    // Admins see everyone (or one hub); managers see the hubs they manage.
    let people = accounts::people(&state.app, &ctx.caller(), hub).await?;
    let hub = people.hub;
    let index = state.sites().await?;
    let hub_choices: Vec<(i64, String)> = people.hubs.into_iter().map(|h| (h.id, h.name)).collect();
    let mut rows = Vec::new();
    for (account, grant) in people.grants {
        let (role_code, hub_id, site_id) = match grant {
            Grant::Admin => ("admin", String::new(), String::new()),
            Grant::Manager { hub } => ("manager", hub.to_string(), String::new()),
            Grant::Member { hub } => ("member", hub.to_string(), String::new()),
            Grant::Host { hub, site } => ("host", hub.to_string(), site.to_string()),
        };
        rows.push(PersonRow {
            account_id: account.id,
            name: account.display_name,
            email: account.email,
            role: crate::accounts::pages::role_label(state, &ctx.tr, &grant).await,
            role_code,
            hub_id,
            site_id,
        });
    }
    let mut role_choices: Vec<(&'static str, String)> = Vec::new();
    if actor.is_admin() {
        role_choices.push(("admin", ctx.tr.t("role-admin")));
    }
    role_choices.push(("manager", ctx.tr.t("role-manager")));
    role_choices.push(("host", ctx.tr.t("role-host")));
    role_choices.push(("member", ctx.tr.t("role-member")));
    // Where: the network (for admins), a hub, or a site of it.
    let mut targets = Vec::new();
    if actor.is_admin() {
        targets.push((String::new(), ctx.tr.t("people-network")));
    }
    for (id, name) in &hub_choices {
        if hub.is_some_and(|h| h != *id) {
            continue;
        }
        targets.push((format!("hub:{id}"), name.clone()));
        for s in index.sites.iter().filter(|s| s.hub_id == *id) {
            targets.push((format!("site:{}", s.id), format!("{name} › {}", s.name)));
        }
    }
    let title = match hub.and_then(|h| hub_choices.iter().find(|c| c.0 == h)) {
        Some((_, name)) => ctx.tr.t1("people-title-hub", "hub", name.clone()),
        None => ctx.tr.t("manage-people"),
    };
    Ok(PeoplePage {
        l: Layout::with_network(ctx, index.network_name.clone(), title, "manage"),
        is_admin: actor.is_admin(),
        hub_choices: hub_choices.into_iter().map(|(id, name)| (id, name, Some(id) == hub)).collect(),
        rows,
        role_choices,
        targets,
        email,
        errors,
        notice,
    })
}

pub async fn people(State(state): State<AppState>, ctx: Ctx, Query(p): Query<PeopleParams>) -> AppResult<Response> {
    ctx.user()?;
    let hub = parse_opt_id(p.hub.as_deref())?;
    let notice = match p.done.as_deref() {
        Some("added") => Some(ctx.tr.t("notice-role-added")),
        Some("removed") => Some(ctx.tr.t("notice-role-removed")),
        _ => None,
    };
    Ok(render(&people_page(&state, &ctx, hub, String::new(), Errors::default(), notice).await?))
}

/// The form's target: "" (the network), "hub:ID" or "site:ID".
fn parse_target(t: &str) -> (Option<i64>, Option<i64>) {
    match t.split_once(':') {
        Some(("hub", id)) => (id.parse().ok(), None),
        Some(("site", id)) => (None, id.parse().ok()),
        _ => (None, None),
    }
}

pub async fn add_person(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    ctx.user()?;
    let email = form.text("email");
    let (hub, site) = parse_target(&form.text("target"));
    let page_hub = match (hub, site) {
        (Some(h), _) => Some(h),
        (None, Some(s)) => portineria_app::network::site_hub(&state.app, s).await?,
        (None, None) => None,
    };
    let change = RoleChange { email: email.clone(), target: RoleTarget { role: form.text("role"), hub, site } };
    match accounts::role_change_target(&state.app, &change).await.map_err(AppError::from) {
        Ok((account_id, grant)) => {
            accounts::give_grant(&state.app, &ctx.caller(), account_id, grant).await?;
            let q = page_hub.map(|h| format!("hub={h}&")).unwrap_or_default();
            Ok(redirect(&format!("/manage/people?{q}done=added")))
        }
        Err(AppError::Invalid(errs)) => {
            let page = people_page(&state, &ctx, page_hub, email, Errors::from_fields(&ctx.tr, &errs), None).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

pub async fn remove_person(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    ctx.user()?;
    let account_id: i64 = form.text("account_id").parse().map_err(|_| AppError::BadRequest("malformed"))?;
    let hub = parse_opt_id(form.get("hub_id"))?;
    let site = parse_opt_id(form.get("site_id"))?;
    let target = RoleTarget { role: form.text("role"), hub, site };
    accounts::take_role(&state.app, &ctx.caller(), account_id, &target).await?;
    let q = hub.map(|h| format!("hub={h}&")).unwrap_or_default();
    Ok(redirect(&format!("/manage/people?{q}done=removed")))
}

// ---- audit -------------------------------------------------------------------
#[derive(Template)]
#[template(path = "accounts/templates/audit.html")]
struct AuditPage {
    l: Layout,
    entries: Vec<(String, String, String, String, String)>,
    next_url: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct AuditParams {
    hub: Option<String>,
    cursor: Option<String>,
}

pub async fn audit(State(state): State<AppState>, ctx: Ctx, Query(p): Query<AuditParams>) -> AppResult<Response> {
    let hub = parse_opt_id(p.hub.as_deref())?;
    let caller = ctx.caller();
    let log = accounts::audit_log(&state.app, &caller, hub)?;
    let before = paging::after_id(p.cursor.as_deref())?;
    let rows = log.entries(before, 51).await?;
    let (rows, next) = paging::keyset(rows, 50, |e| e.id);
    let entries = rows
        .into_iter()
        .map(|e| {
            let who = if e.actor_label == "erased-account" { ctx.tr.t("audit-erased") } else { e.actor_label.clone() };
            let object = match e.entity_id {
                Some(id) => format!("{} #{id}", e.entity),
                None => e.entity.clone(),
            };
            let detail: String = e.detail.to_string().chars().take(300).collect();
            (fmt::date_time_secs(e.at), who, e.action, object, detail)
        })
        .collect();
    let hub_q = hub.map(|h| format!("hub={h}&")).unwrap_or_default();
    let page = AuditPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-audit"), "manage").await?,
        entries,
        next_url: next.map(|c| format!("/manage/audit?{hub_q}cursor={c}")),
    };
    Ok(render(&page))
}
