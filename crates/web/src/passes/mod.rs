//! Plans, sales, passes, hour vouchers, personal codes, the check-in desk and settlement.

pub mod api;
pub mod manage;
pub mod pages;
pub mod qr;
