//! Bookings of desks and rooms: a place's page and grid, a site's availability, my bookings, the managers' list, calendar feeds.

pub mod api;
pub mod manage;
pub mod pages;
