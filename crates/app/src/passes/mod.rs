//! Plans, passes, hour vouchers, personal codes and the desk.

pub mod qr;
mod reminders;
pub use reminders::*;
