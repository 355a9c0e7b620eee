//! The directory of local actors and an actor's page: who they are, what
//! they know how to do, their people, their open offers and demands; for
//! their owners, the actor's time-bank account and a form to pay from it.
//! Visibility is the API's rule (`api::actors::visible`).

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::render::{Errors, Layout, redirect, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

/// A category as the taxonomy page lists it.
pub struct CategoryLine {
    pub id: i64,
    pub child: bool,
    pub name_it: String,
    pub name_en: String,
}

#[derive(Template)]
#[template(path = "listings/templates/categories.html")]
struct CategoriesPage {
    l: Layout,
    notice: Option<String>,
    errors: Errors,
    items: Vec<CategoryLine>,
    /// `(id, name)` of the top-level categories, for a new child's parent.
    parents: Vec<(String, String)>,
}

fn manages_taxonomy(ctx: &Ctx) -> AppResult<()> {
    ctx.user()?;
    let any_manager = portineria_domain::policy::Action::ManageActor { hub: None };
    if portineria_domain::policy::allows(&ctx.roles(), any_manager) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn categories_page(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let all = state.store.categories().await?;
    let mut parents = vec![(String::new(), ctx.tr.t("categories-top-level"))];
    parents.extend(all.iter().filter(|c| c.parent_id.is_none()).map(|c| (c.id.to_string(), c.name_it.clone())));
    let page = CategoriesPage {
        l: Layout::new(state, ctx, ctx.tr.t("categories-title"), "manage").await?,
        notice,
        errors,
        items: all
            .iter()
            .map(|c| CategoryLine {
                id: c.id,
                child: c.parent_id.is_some(),
                name_it: c.name_it.clone(),
                name_en: c.name_en.clone(),
            })
            .collect(),
        parents,
    };
    Ok(render_status(&page, status))
}

/// The taxonomy of offers and demands, for managers to extend and rename.
pub async fn categories(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<crate::listings::pages::NoticeParams>,
) -> AppResult<Response> {
    manages_taxonomy(&ctx)?;
    let notice = q.done.is_some().then(|| ctx.tr.t("notice-saved"));
    categories_page(&state, &ctx, notice, Errors::default(), StatusCode::OK).await
}

fn names(ctx: &Ctx, form: &FormData) -> Result<(String, String), Errors> {
    let mut errs = portineria_domain::FieldErrors::new();
    let it = errs.take(portineria_domain::validate::required("name_it", &form.text("name_it"), 80));
    let en = errs.take(portineria_domain::validate::required("name_en", &form.text("name_en"), 80));
    match (it, en) {
        (Some(it), Some(en)) => Ok((it, en)),
        _ => Err(Errors::from_fields(&ctx.tr, &errs)),
    }
}

pub async fn add_category(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    manages_taxonomy(&ctx)?;
    let (it, en) = match names(&ctx, &form) {
        Ok(n) => n,
        Err(errors) => return categories_page(&state, &ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let parent = form.text("parent_id").parse::<i64>().ok();
    let slug = portineria_domain::text::slugify(&it);
    match state.store.create_category(&ctx.who(), parent, &slug, &it, &en).await {
        Ok(_) => Ok(redirect("/manage/categories?done=saved")),
        Err(portineria_store::StoreError::Conflict(code)) => {
            let errors = Errors::one("name_it", ctx.tr.t(&format!("error-{code}")));
            categories_page(&state, &ctx, None, errors, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn rename_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    manages_taxonomy(&ctx)?;
    let (it, en) = match names(&ctx, &form) {
        Ok(n) => n,
        Err(errors) => return categories_page(&state, &ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    state.store.rename_category(&ctx.who(), id, &it, &en).await?;
    Ok(redirect("/manage/categories?done=saved"))
}
