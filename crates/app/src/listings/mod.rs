//! Offers and demands, and their matches.

mod matchindex;

pub use matchindex::*;
