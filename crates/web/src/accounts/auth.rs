//! Random tokens and their hashes, as `portineria_app::accounts` makes them
//! (for the mailer's message ids and the calendar feeds).

pub use portineria_app::accounts::{hash_token, random_token};
