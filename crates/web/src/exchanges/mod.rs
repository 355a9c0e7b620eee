//! Exchanges between people: proposals, confirmations, completion, reviews, the 'I would take that' marks, suggested cycles, monitoring.

pub mod api;
pub mod pages;
