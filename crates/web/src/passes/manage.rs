//! The managers' pages of passes: plans, sales and payments, hour
//! vouchers, and settlement with each site's terms. The rules are
//! `portineria_app::passes`' and `domain::passes`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::fmt::euros;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::http::staff::HubParams;
use crate::http::staff::managed;
use crate::http::staff::pick;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::passes::{self, SaleRequest, Settlement, SiteRate};
use portineria_domain::FieldErrors;
use portineria_domain::passes::{PlanInput, PlanKind, RoundMode, SaleInput, validate_rounding};
use portineria_domain::policy::Action;
use portineria_domain::validate::{self as v, fmt_euros};
use portineria_store::{Hub, Plan};

fn kind_label(ctx: &Ctx, k: PlanKind) -> String {
    ctx.tr.t(&format!("plan-kind-{}", k.as_str()))
}

// ---- plans --------------------------------------------------------------------
pub struct PlanLine {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub price: String,
    pub valid_days: i64,
    pub scope: String,
    pub active: bool,
    pub editable: bool,
}

pub struct PlanForm {
    pub action: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub price: String,
    pub valid_days: String,
    pub entries: String,
    pub hours: String,
    pub trainings: String,
    pub network: bool,
    pub active: bool,
    pub sites: Vec<(i64, String, bool)>,
    pub place_kinds: Vec<(String, String, bool)>,
    pub kind_fixed: bool,
}

/// Every kind of place, ticked where `chosen` has it.
fn place_kind_boxes(ctx: &Ctx, chosen: &[String]) -> Vec<(String, String, bool)> {
    portineria_domain::kinds::PlaceKind::ALL
        .iter()
        .map(|k| {
            let code = k.as_str().to_owned();
            let ticked = chosen.contains(&code);
            (code, crate::http::labels::place_kind_label(&ctx.tr, *k), ticked)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "passes/templates/plans.html")]
struct PlansPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    notice: Option<String>,
    plans: Vec<PlanLine>,
    kinds: Vec<(String, String)>,
    form: PlanForm,
    errors: Errors,
    is_admin: bool,
}

fn empty_form(ctx: &Ctx, state_sites: Vec<(i64, String, bool)>, hub: i64) -> PlanForm {
    PlanForm {
        action: format!("/manage/plans?hub={hub}"),
        name: String::new(),
        description: String::new(),
        kind: "monthly".into(),
        price: String::new(),
        valid_days: String::new(),
        entries: String::new(),
        hours: String::new(),
        trainings: String::new(),
        network: false,
        active: true,
        sites: state_sites,
        place_kinds: place_kind_boxes(ctx, &[]),
        kind_fixed: false,
    }
}

async fn hub_sites(state: &AppState, hub: i64, chosen: &[i64]) -> AppResult<Vec<(i64, String, bool)>> {
    let index = state.sites().await?;
    Ok(index.sites.iter().filter(|s| s.hub_id == hub).map(|s| (s.id, s.name.clone(), chosen.contains(&s.id))).collect())
}

async fn plans_page(
    state: &AppState,
    ctx: &Ctx,
    hub: Hub,
    hubs: Vec<Hub>,
    form: Option<PlanForm>,
    errors: Errors,
    notice: Option<String>,
) -> AppResult<PlansPage> {
    let caller = ctx.caller();
    let plans = passes::plans(&state.app, Some(hub.id), false)
        .await?
        .into_iter()
        .map(|p| PlanLine {
            id: p.id,
            kind: kind_label(ctx, p.kind),
            price: euros(p.price_cents),
            valid_days: p.valid_days,
            scope: match p.hub_id {
                None => ctx.tr.t("plan-network"),
                Some(_) if p.sites.is_empty() => ctx.tr.t("plan-all-sites"),
                Some(_) => ctx.tr.t1("plan-some-sites", "count", i64::try_from(p.sites.len()).unwrap_or(0)),
            },
            active: p.active,
            editable: caller.may(Action::ManagePlans { hub: p.hub_id }),
            name: p.name,
        })
        .collect();
    let form = match form {
        Some(f) => f,
        None => empty_form(ctx, hub_sites(state, hub.id, &[]).await?, hub.id),
    };
    Ok(PlansPage {
        l: Layout::new(state, ctx, ctx.tr.t("manage-plans"), "manage").await?,
        kinds: PlanKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_label(ctx, *k))).collect(),
        is_admin: caller.roles().is_admin(),
        hub,
        hubs,
        notice,
        plans,
        form,
        errors,
    })
}

pub async fn plans(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let notice = p.done.as_deref().map(|_| ctx.tr.t("notice-saved"));
    Ok(render(&plans_page(&state, &ctx, hub, hubs, None, Errors::default(), notice).await?))
}

/// A plan from the form: prices in euros, hours in hours.
fn plan_input(form: &FormData, hub: Option<i64>) -> Result<PlanInput, FieldErrors> {
    let mut errs = FieldErrors::new();
    let price = errs.take(v::euros("price", &form.text("price"), 100_000_000));
    let opt_int = |errs: &mut FieldErrors, name: &str, max: i64| -> Option<i64> {
        let t = form.text(name);
        if t.trim().is_empty() { None } else { errs.take(v::integer(name, &t, 1, max)) }
    };
    let valid_days = opt_int(&mut errs, "valid_days", 3660);
    let entries = opt_int(&mut errs, "entries", 1000);
    let hours = opt_int(&mut errs, "hours", 1666);
    let trainings = opt_int(&mut errs, "trainings", 500);
    let sites = form.all("sites").iter().filter_map(|s| s.parse::<i64>().ok()).collect();
    let input = PlanInput {
        hub_id: hub,
        name: form.text("name"),
        description: form.opt("description"),
        kind: form.text("kind"),
        price_cents: price.unwrap_or(0),
        valid_days,
        entries,
        minutes: hours.map(|h| h * 60),
        trainings,
        course_id: None,
        site_ids: sites,
        place_kinds: form.all("place_kinds").iter().map(|k| (*k).to_owned()).collect(),
        active: Some(form.checked("active")),
    };
    if errs.is_empty() { Ok(input) } else { Err(errs) }
}

fn form_of(ctx: &Ctx, form: &FormData, sites: Vec<(i64, String, bool)>, action: String, kind_fixed: bool) -> PlanForm {
    let chosen: Vec<i64> = form.all("sites").iter().filter_map(|s| s.parse().ok()).collect();
    let kinds: Vec<String> = form.all("place_kinds").iter().map(|k| (*k).to_owned()).collect();
    PlanForm {
        action,
        name: form.text("name"),
        description: form.text("description"),
        kind: form.text("kind"),
        price: form.text("price"),
        valid_days: form.text("valid_days"),
        entries: form.text("entries"),
        hours: form.text("hours"),
        trainings: form.text("trainings"),
        network: form.checked("network"),
        active: form.checked("active"),
        sites: sites.into_iter().map(|(id, n, _)| (id, n, chosen.contains(&id))).collect(),
        place_kinds: place_kind_boxes(ctx, &kinds),
        kind_fixed,
    }
}

pub async fn create_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<HubParams>,
    form: FormData,
) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let network = form.checked("network");
    let plan_hub = if network { None } else { Some(hub.id) };
    let caller = ctx.caller();
    passes::may_manage_plans(&caller, plan_hub)?;
    let result = match plan_input(&form, plan_hub) {
        Ok(input) => passes::create_plan(&state.app, &caller, input).await.map(|_| ()).map_err(AppError::from),
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(redirect(&format!("/manage/plans?hub={}&done=saved", hub.id))),
        Err(AppError::Invalid(e)) => {
            let sites = hub_sites(&state, hub.id, &[]).await?;
            let f = form_of(&ctx, &form, sites, format!("/manage/plans?hub={}", hub.id), false);
            let page = plans_page(&state, &ctx, hub, hubs, Some(f), Errors::from_fields(&ctx.tr, &e), None).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "passes/templates/plan_form.html")]
struct PlanEditPage {
    l: Layout,
    plan: Plan,
    form: PlanForm,
    errors: Errors,
    kinds: Vec<(String, String)>,
}

fn plan_form_of(ctx: &Ctx, p: &Plan, sites: Vec<(i64, String, bool)>) -> PlanForm {
    let kinds: Vec<String> = p.place_kinds.iter().map(|k| k.as_str().to_owned()).collect();
    PlanForm {
        action: format!("/manage/plans/{}", p.id),
        name: p.name.clone(),
        description: p.description.clone(),
        kind: p.kind.as_str().into(),
        price: fmt_euros(p.price_cents),
        valid_days: p.valid_days.to_string(),
        entries: p.entries.map(|e| e.to_string()).unwrap_or_default(),
        hours: p.minutes.map(|m| (m / 60).to_string()).unwrap_or_default(),
        trainings: p.trainings.map(|n| n.to_string()).unwrap_or_default(),
        network: p.hub_id.is_none(),
        active: p.active,
        sites,
        place_kinds: place_kind_boxes(ctx, &kinds),
        kind_fixed: true,
    }
}

pub async fn edit_plan(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let plan = passes::plan_to_edit(&state.app, &ctx.caller(), id).await?;
    let sites = match plan.hub_id {
        Some(h) => hub_sites(&state, h, &plan.sites).await?,
        None => Vec::new(),
    };
    let page = PlanEditPage {
        l: Layout::new(&state, &ctx, plan.name.clone(), "manage").await?,
        form: plan_form_of(&ctx, &plan, sites),
        kinds: PlanKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_label(&ctx, *k))).collect(),
        plan,
        errors: Errors::default(),
    };
    Ok(render(&page))
}

pub async fn update_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let plan = passes::plan_to_edit(&state.app, &caller, id).await?;
    let result = match plan_input(&form, plan.hub_id) {
        Ok(input) => {
            let input = PlanInput { kind: plan.kind.as_str().into(), ..input };
            passes::update_plan(&state.app, &caller, id, input).await.map(|_| ()).map_err(AppError::from)
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(redirect(&format!(
            "/manage/plans?hub={}&done=saved",
            plan.hub_id.map(|h| h.to_string()).unwrap_or_default()
        ))),
        Err(AppError::Invalid(e)) => {
            let sites = match plan.hub_id {
                Some(h) => hub_sites(&state, h, &[]).await?,
                None => Vec::new(),
            };
            let page = PlanEditPage {
                l: Layout::new(&state, &ctx, plan.name.clone(), "manage").await?,
                form: form_of(&ctx, &form, sites, format!("/manage/plans/{id}"), true),
                kinds: PlanKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_label(&ctx, *k))).collect(),
                plan,
                errors: Errors::from_fields(&ctx.tr, &e),
            };
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

// ---- sales --------------------------------------------------------------------
pub struct SaleForm {
    pub plan: String,
    pub email: String,
    pub starts_on: String,
    pub amount: String,
    pub method: String,
    pub reference: String,
    pub members: String,
}

#[derive(Template)]
#[template(path = "passes/templates/sales.html")]
struct SalesPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    notice: Option<String>,
    plans: Vec<(String, String)>,
    methods: Vec<(String, String)>,
    form: SaleForm,
    errors: Errors,
    payments: Vec<(String, String, String, String, String, String)>,
    vouchers: Vec<(String, String, String, String, String)>,
}

async fn sales_page(
    state: &AppState,
    ctx: &Ctx,
    hub: Hub,
    hubs: Vec<Hub>,
    form: Option<SaleForm>,
    errors: Errors,
    notice: Option<String>,
) -> AppResult<SalesPage> {
    let caller = ctx.caller();
    let plans = passes::plans(&state.app, Some(hub.id), true)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), format!("{} · {} · {}", p.name, kind_label(ctx, p.kind), euros(p.price_cents))))
        .collect();
    let methods =
        ["cash", "transfer", "pos"].iter().map(|m| (m.to_string(), ctx.tr.t(&format!("method-{m}")))).collect();
    let payments = passes::payments(&state.app, &caller, Some(hub.id), None, 50)
        .await?
        .into_iter()
        .map(|p| {
            (
                fmt::date_time_secs(p.created_at),
                p.account_label,
                p.plan_name,
                euros(p.amount_cents),
                ctx.tr.t(&format!("method-{}", p.method)),
                p.reference,
            )
        })
        .collect();
    let vouchers = passes::hub_vouchers(&state.app, &caller, hub.id, 50)
        .await?
        .into_iter()
        .map(|(v, holder)| {
            (
                holder,
                v.plan_name,
                format!("{} / {}", fmt::hours(v.balance_minutes), fmt::hours(v.minutes_total)),
                jiff::Timestamp::from_second(v.expires_at - 1)
                    .map(|t| fmt::local_date(t).strftime("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                v.members.len().to_string(),
            )
        })
        .collect();
    let form = form.unwrap_or(SaleForm {
        plan: String::new(),
        email: String::new(),
        starts_on: fmt::local_date(ctx.now).to_string(),
        amount: String::new(),
        method: "cash".into(),
        reference: String::new(),
        members: String::new(),
    });
    Ok(SalesPage {
        l: Layout::new(state, ctx, ctx.tr.t("manage-sales"), "manage").await?,
        hub,
        hubs,
        notice,
        plans,
        methods,
        form,
        errors,
        payments,
        vouchers,
    })
}

pub async fn sales(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let notice = p.done.as_deref().map(|_| ctx.tr.t("notice-sold"));
    Ok(render(&sales_page(&state, &ctx, hub, hubs, None, Errors::default(), notice).await?))
}

pub async fn sell(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<HubParams>,
    form: FormData,
) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let mut errs = FieldErrors::new();
    let plan_id = form.text("plan").parse::<i64>().ok();
    if plan_id.is_none() {
        errs.push(portineria_domain::FieldError::new("plan", "required"));
    }
    let amount = match form.text("amount").trim() {
        "" => None,
        a => errs.take(v::euros("amount", a, 100_000_000)),
    };
    let result = match (plan_id, errs.is_empty()) {
        (Some(plan_id), true) => {
            let sale = SaleInput {
                email: form.text("email"),
                starts_on: form.opt("starts_on"),
                amount_cents: amount,
                method: form.text("method"),
                reference: form.opt("reference"),
                members: portineria_domain::network::split_list(&form.text("members")),
            };
            let r = SaleRequest { plan_id, hub_id: Some(hub.id), sale };
            passes::sell(&state.app, &ctx.caller(), r).await.map(|_| ()).map_err(AppError::from)
        }
        _ => Err(AppError::Invalid(errs)),
    };
    match result {
        Ok(()) => Ok(redirect(&format!("/manage/sales?hub={}&done=sold", hub.id))),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = match &e {
                AppError::Invalid(f) => Errors::from_fields(&ctx.tr, f),
                other => Errors::one("plan", ctx.tr.t(&other.message_id())),
            };
            let f = SaleForm {
                plan: form.text("plan"),
                email: form.text("email"),
                starts_on: form.text("starts_on"),
                amount: form.text("amount"),
                method: form.text("method"),
                reference: form.text("reference"),
                members: form.text("members"),
            };
            let page = sales_page(&state, &ctx, hub, hubs, Some(f), errors, None).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

// ---- settlement and terms -------------------------------------------------------
#[derive(Template)]
#[template(path = "passes/templates/settlement.html")]
struct SettlementPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    from: String,
    to: String,
    notice: Option<String>,
    errors: Errors,
    s: Option<Settlement>,
    terms: Vec<(i64, String, bool, String)>,
    step: i64,
    mode: String,
    modes: Vec<(String, String)>,
    csv: String,
    whole: bool,
    is_admin: bool,
}

pub async fn settlement(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    // Administrators may also see the whole network at once.
    let whole = ctx.roles().is_admin() && p.hub.as_deref() == Some("all");
    let hub = pick(&hubs, if whole { None } else { p.hub.as_deref() })?;
    let today = fmt::local_date(ctx.now);
    let first = today.first_of_month();
    let from = p.from.clone().unwrap_or_else(|| first.to_string());
    let to = p.to.clone().unwrap_or_else(|| first.checked_add(jiff::ToSpan::months(1)).unwrap_or(today).to_string());
    let scope = if whole { None } else { Some(hub.id) };
    let caller = ctx.caller();
    let (s, errors, status) = match passes::settlement(&state.app, &caller, scope, &from, &to).await {
        Ok(s) => (Some(s), Errors::default(), StatusCode::OK),
        Err(portineria_app::Error::Invalid(e)) => {
            (None, Errors::from_fields(&ctx.tr, &e), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e.into()),
    };
    let index = state.sites().await?;
    let hub_terms = passes::hub_terms(&state.app, &caller, hub.id).await?;
    let terms = hub_terms
        .sites
        .into_iter()
        .map(|t| {
            let name = index.get(t.site_id).map(|s| s.name.clone()).unwrap_or_default();
            (t.site_id, name, t.accepts_vouchers, fmt_euros(t.hourly_rate_cents))
        })
        .collect();
    let rounding = hub_terms.rounding;
    let page = SettlementPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-settlement"), "manage").await?,
        csv: format!(
            "/api/v1/settlements.csv?from={}&to={}{}",
            fmt::urlencode(&from),
            fmt::urlencode(&to),
            scope.map(|h| format!("&hub={h}")).unwrap_or_default()
        ),
        whole,
        is_admin: caller.roles().is_admin(),
        notice: p.done.as_deref().map(|_| ctx.tr.t("notice-saved")),
        modes: RoundMode::ALL
            .iter()
            .map(|m| (m.as_str().to_owned(), ctx.tr.t(&format!("rounding-{}", m.as_str()))))
            .collect(),
        step: rounding.step,
        mode: rounding.mode.as_str().to_owned(),
        hub,
        hubs,
        from,
        to,
        errors,
        s,
        terms,
    };
    Ok(render_status(&page, status))
}

/// Saves the hub's rounding rule and each of its sites' terms.
pub async fn save_terms(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(hub_id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let own = passes::hub_terms(&state.app, &caller, hub_id).await?;
    let step = form.text("step").trim().parse::<i64>().unwrap_or(0);
    let rounding = validate_rounding(step, &form.text("mode"))?;
    let mut rates = Vec::new();
    let mut errs = FieldErrors::new();
    for t in own.sites {
        let field = format!("rate_{}", t.site_id);
        let raw = form.text(&field);
        let rate = if raw.trim().is_empty() {
            Some(0)
        } else {
            errs.take(v::euros(&field, &raw, portineria_domain::passes::HOURLY_RATE_MAX_CENTS))
        };
        let accepts_vouchers = form.checked(&format!("vouchers_{}", t.site_id));
        rates.push(SiteRate { site_id: t.site_id, accepts_vouchers, hourly_rate_cents: rate.unwrap_or(0) });
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    passes::save_hub_terms(&state.app, &caller, hub_id, rounding, &rates).await?;
    Ok(redirect(&format!("/manage/settlement?hub={hub_id}&done=saved")))
}
