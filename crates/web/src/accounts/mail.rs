//! The password reset's mail, for the page and the API alike.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::i18n::{Lang, Tr};
use crate::state::AppState;
use portineria_app::accounts;

/// Mails a one-time link if the address has an account; says the same either way.
pub async fn request_password_reset(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let Some(reset) = accounts::request_password_reset(&state.app, &ctx.caller(), email).await? else {
        return Ok(());
    };
    let account = reset.account;
    let tr = Tr::new(state.i18n.clone(), Lang::parse(&account.locale).unwrap_or_default());
    let link = format!("{}/password/reset?token={}", state.config.base_url.trim_end_matches('/'), reset.token);
    let body = tr.t2("mail-reset-body", "name", account.display_name.clone(), "link", link);
    if let Err(e) = state.mailer.send(&account.email, &tr.t("mail-reset-subject"), &body).await {
        tracing::error!(error = %e, "could not send the password reset mail");
        return Err(AppError::Internal("mail".into()));
    }
    Ok(())
}
