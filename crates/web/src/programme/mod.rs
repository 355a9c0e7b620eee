//! Courses and events: the public programme, enrolment with a waiting list, the managers' desk, attendance, certificates and figures.

pub mod api;
pub mod manage;
pub mod pages;
