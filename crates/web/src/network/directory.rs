//! Finding sites (see `portineria_app::network`), from a request.

use crate::http::error::AppResult;
use crate::state::AppState;
use jiff::Timestamp;
pub use portineria_app::network::{DEFAULT_WALK_MINUTES, Found, RawSiteFilter, SiteFilter};

pub async fn find(state: &AppState, f: &SiteFilter, now: Timestamp) -> AppResult<Vec<Found>> {
    Ok(portineria_app::network::find(&state.app, f, now).await?)
}
