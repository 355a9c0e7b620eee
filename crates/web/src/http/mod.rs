//! The HTTP plumbing every capability shares: the request context
//! (language, authentication, CSRF), errors as people see them, the layout
//! and rendering, formats, translations, static files, paging, the mailer
//! and the OpenAPI document.

pub mod assets;
pub mod ctx;
pub mod docs;
pub mod error;
pub mod fmt;
pub mod i18n;
pub mod labels;
pub mod mail;
pub mod openapi;
pub mod pages;
pub mod paging;
pub mod render;
pub mod staff;
pub mod types;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

/// A capability as the web layer serves it: the router's list
/// ([`crate::CAPABILITIES`]) holds one per folder.
pub struct Capability {
    /// Its name, the same in every layer: its folder here, its module in
    /// `portineria-app`, the domain and the store.
    pub name: &'static str,
    /// Its pages and its API, each API path with its OpenAPI operations.
    pub routes: fn() -> OpenApiRouter<AppState>,
    /// Its messages (Fluent), Italian and English.
    pub it: &'static str,
    pub en: &'static str,
    /// Its OpenAPI tags, with their descriptions.
    pub tags: &'static [(&'static str, &'static str)],
}
