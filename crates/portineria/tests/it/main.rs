//! Portineria's integration tests, in one binary on purpose: every extra
//! test binary costs a full link.
//!
//! - `conformance`: the storage suite, on SQLite and (with
//!   `PORTINERIA_TEST_POSTGRES_URL`) PostgreSQL;
//! - `schema`: the two engines' migrated schemas compared, and what holds
//!   each invariant on each engine;
//! - `http`, `auth`, `matrix`, `openapi`: the app served in-process on port 0;
//! - `outbox`: mail queued with its change, sent once, retried, after a crash;
//! - `cli`, `multiprocess`: the real binary as separate processes;
//! - `browser`: headless Chromium through ChromeDriver;
//! - `i18n`: every message in Italian and English.
//!
//! Under `CI=true` a missing PostgreSQL or Chromium fails instead of skipping.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fixture;
mod harness;

mod actors;
mod auth;
mod bookings;
mod browser;
mod cli;
mod conformance;
mod desk;
mod exchanges;
mod http;
mod i18n;
mod listings;
mod matrix;
mod multiprocess;
mod openapi;
mod outbox;
mod passes;
mod programme;
mod programme_pages;
mod race;
mod schema;
mod timebank;
