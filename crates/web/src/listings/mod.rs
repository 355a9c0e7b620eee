//! Offers and demands: the board, posting, a listing's matches, and the taxonomy.

pub mod api;
pub mod categories;
pub mod pages;
