//! The managers' page of the taxonomy of offers and demands: its two levels,
//! a form to add a category and one to rename each. The rules are
//! `portineria_app::listings`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::AppResult;
use crate::http::render::{Errors, Layout, redirect, render_status};
use crate::listings::pages::NoticeParams;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::Error;
use portineria_app::listings::{self, NewCategory};

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

async fn categories_page(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let all = listings::categories(&state.app).await?;
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
pub async fn categories(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NoticeParams>) -> AppResult<Response> {
    listings::manages_taxonomy(&ctx.caller())?;
    let notice = q.done.is_some().then(|| ctx.tr.t("notice-saved"));
    categories_page(&state, &ctx, notice, Errors::default(), StatusCode::OK).await
}

/// Refusals the page shows next to its fields: names that break a rule
/// (422) and, with `conflict_field`, a rule of the data (409); `Err` for
/// any other.
async fn refused(state: &AppState, ctx: &Ctx, e: Error, conflict_field: Option<&str>) -> AppResult<Response> {
    match (e, conflict_field) {
        (Error::Invalid(errs), _) => {
            let errors = Errors::from_fields(&ctx.tr, &errs);
            categories_page(state, ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        (Error::Conflict(code), Some(field)) => {
            let errors = Errors::one(field, ctx.tr.t(&format!("error-{code}")));
            categories_page(state, ctx, None, errors, StatusCode::CONFLICT).await
        }
        (e, _) => Err(e.into()),
    }
}

pub async fn add_category(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let new = NewCategory {
        parent_id: form.text("parent_id").parse::<i64>().ok(),
        name_it: form.text("name_it"),
        name_en: form.text("name_en"),
    };
    match listings::create_category(&state.app, &ctx.caller(), &new).await {
        Ok(_) => Ok(redirect("/manage/categories?done=saved")),
        Err(e) => refused(&state, &ctx, e, Some("name_it")).await,
    }
}

pub async fn rename_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    match listings::rename_category(&state.app, &caller, id, &form.text("name_it"), &form.text("name_en")).await {
        Ok(_) => Ok(redirect("/manage/categories?done=saved")),
        Err(e) => refused(&state, &ctx, e, None).await,
    }
}
