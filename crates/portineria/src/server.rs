//! Running the web server.

use crate::CliError;
use crate::config::Settings;
use portineria_store::Store;
use portineria_web::outbox::SendOptions;
use portineria_web::{AppState, Clock, Mailer};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub fn mailer(settings: &Settings) -> Result<Mailer, CliError> {
    match &settings.smtp_url {
        Some(url) => Mailer::smtp(url, &settings.mail_from).map_err(|e| CliError::Other(e.to_string())),
        None => {
            Mailer::folder(settings.outbox.clone(), &settings.mail_from).map_err(|e| CliError::Other(e.to_string()))
        }
    }
}

pub fn state(store: Arc<dyn Store>, settings: &Settings) -> Result<AppState, CliError> {
    AppState::new(store, settings.web.clone(), mailer(settings)?, Clock::System).map_err(CliError::Other)
}

/// How this server sends the queued mail; `None` when it only queues it.
pub fn sender(settings: &Settings) -> Option<SendOptions> {
    settings.mail_send.then(|| SendOptions { retry_after: settings.mail_retry_after.clone(), ..SendOptions::default() })
}

pub async fn bind(listen: &str) -> Result<TcpListener, CliError> {
    TcpListener::bind(listen).await.map_err(|e| CliError::Other(format!("cannot listen on {listen}: {e}")))
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
/// With `sender`, sends the mail queued in the database (this server's and
/// the others'); without, only queues it.
pub async fn run(listener: TcpListener, state: AppState, sender: Option<SendOptions>) -> Result<(), CliError> {
    let reminders = tokio::spawn(remind_every_hour(state.clone()));
    let mail = match sender {
        Some(options) => Some(portineria_web::outbox::spawn(state.clone(), options)),
        None => {
            tracing::info!("mail is queued here and sent by another server ([mail] send = false)");
            None
        }
    };
    // The matching index loads in the background; a request that comes
    // first waits for it.
    let warming = state.clone();
    tokio::spawn(async move {
        match warming.app.warm_matches().await {
            Ok(n) => tracing::info!(listings = n, "matching index loaded"),
            Err(e) => tracing::error!(error = %e, "could not load the matching index"),
        }
    });
    let app = portineria_web::router(state.clone());
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    reminders.abort();
    if let Some(mail) = mail {
        // A mail being sent now is sent again by the next sender once its
        // lease runs out.
        mail.abort();
    }
    state.app.close().await;
    Ok(())
}

/// Once an hour, queues the mail to the holders of passes and the posters
/// of listings about to expire, to the people enrolled in tomorrow's
/// sessions, and the weekly digests (each once, even with several servers:
/// the store marks it and queues the mail in one transaction).
async fn remind_every_hour(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = state.clock.now().as_second();
        let app = &state.app;
        log_sweep("pass expiry reminders queued", portineria_app::passes::remind_expiring(app, now).await);
        log_sweep("listing expiry reminders queued", portineria_app::listings::remind_expiring(app, now).await);
        log_sweep("session reminders queued", portineria_app::programme::remind_sessions(app, now).await);
        log_sweep("weekly match digests queued", portineria_app::exchanges::queue_digests(app, now).await);
        match portineria_app::exchanges::expire(app, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "exchange proposals past their deadline"),
            Err(e) => tracing::error!(error = %e, "could not expire exchange proposals"),
        }
    }
}

/// Logs what one of the hourly sweeps did.
fn log_sweep(what: &str, done: portineria_app::Result<usize>) {
    match done {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "{what}"),
        Err(e) => tracing::error!(error = %e, "{what}: failed"),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
