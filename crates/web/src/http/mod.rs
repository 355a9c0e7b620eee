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
