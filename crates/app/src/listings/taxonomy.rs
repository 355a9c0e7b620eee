//! The taxonomy of offers and demands: two levels of categories, named in
//! Italian and English, which managers (of any hub) extend and rename.

use crate::{App, Caller, Result};
use portineria_domain::policy::Action;
use portineria_domain::{FieldErrors, validate as v};
use portineria_store::Category;

/// Every category: top-level ones first, each followed by its children.
pub async fn categories(app: &App) -> Result<Vec<Category>> {
    Ok(app.listings_store().categories().await?)
}

/// `Forbidden` unless the caller manages a hub (`Unauthorized` when nobody
/// is signed in): the taxonomy is the network's.
pub fn manages_taxonomy(caller: &Caller) -> Result<()> {
    caller.require(Action::ManageActor { hub: None }).map(|_| ())
}

/// A category's names: 1 to 80 characters each, trimmed.
fn names(name_it: &str, name_en: &str) -> Result<(String, String)> {
    let mut errs = FieldErrors::new();
    let it = errs.take(v::required("name_it", name_it, 80));
    let en = errs.take(v::required("name_en", name_en, 80));
    match (it, en) {
        (Some(it), Some(en)) => Ok((it, en)),
        _ => Err(errs.into()),
    }
}

/// A category as a manager adds it.
#[derive(Debug, Clone, Default)]
pub struct NewCategory {
    /// Under this top-level category; `None` for a top-level one.
    pub parent_id: Option<i64>,
    pub name_it: String,
    pub name_en: String,
}

/// Adds a category, its slug made from its Italian name (managers).
pub async fn create_category(app: &App, caller: &Caller, c: &NewCategory) -> Result<Category> {
    manages_taxonomy(caller)?;
    let (it, en) = names(&c.name_it, &c.name_en)?;
    let slug = portineria_domain::text::slugify(&it);
    Ok(app.listings_store().create_category(&caller.who(), c.parent_id, &slug, &it, &en).await?)
}

/// Renames a category (managers).
pub async fn rename_category(app: &App, caller: &Caller, id: i64, name_it: &str, name_en: &str) -> Result<Category> {
    manages_taxonomy(caller)?;
    let (it, en) = names(name_it, name_en)?;
    Ok(app.listings_store().rename_category(&caller.who(), id, &it, &en).await?)
}
