//! The managers' list of a hub's bookings, a week at a time, from which
//! they cancel one. The rules are `portineria_app::bookings`'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::AppResult;
use crate::http::fmt;
use crate::http::render::{Layout, redirect, render};
use crate::http::staff::HubParams;
use crate::http::staff::managed;
use crate::http::staff::pick;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use portineria_app::bookings;
use portineria_store::Hub;

// ---- bookings of a hub --------------------------------------------------------
#[derive(Template)]
#[template(path = "bookings/templates/manage_bookings.html")]
struct HubBookingsPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    day: String,
    notice: Option<String>,
    rows: Vec<(i64, String, String, String, String)>,
}

pub async fn bookings(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let today = fmt::local_date(ctx.now);
    let day = p.day.as_deref().and_then(|d| d.trim().parse::<jiff::civil::Date>().ok()).unwrap_or(today);
    let rows = bookings::hub_bookings(&state.app, &ctx.caller(), hub.id, day)
        .await?
        .into_iter()
        .map(|r| {
            let when =
                match (jiff::Timestamp::from_second(r.booking.start), jiff::Timestamp::from_second(r.booking.end)) {
                    (Ok(s), Ok(e)) => format!("{} – {}", fmt::date_time(s), fmt::time(e)),
                    _ => String::new(),
                };
            (r.booking.id, when, format!("{} · {}", r.place_name, r.site_name), r.display_name, r.email)
        })
        .collect();
    let notice = p.done.as_deref().map(|_| ctx.tr.t("notice-booking-cancelled"));
    let page = HubBookingsPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-bookings"), "manage").await?,
        hub,
        hubs,
        day: day.to_string(),
        notice,
        rows,
    };
    Ok(render(&page))
}

/// A manager cancels a booking of one of their hub's places (any time).
pub async fn cancel_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    let c = bookings::cancel_as_manager(&state.app, &ctx.caller(), id).await?;
    Ok(redirect(&format!("/manage/bookings?hub={}&done=cancelled", c.place.hub_id)))
}
