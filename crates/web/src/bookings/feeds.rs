//! Calendar feeds (RFC 5545) of bookings, for the API's feeds and the
//! profile page's personal link.

use crate::http::ctx::Ctx;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use portineria_app::bookings::{Busy, FeedItem};
use portineria_domain::ical;

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// The address of a person's feed, from its secret.
pub fn personal_url(state: &AppState, secret: &str) -> String {
    format!("{}/calendar/{secret}.ics", base(state))
}

fn ics(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"));
    r
}

/// Busy blocks of places, called `name`: when they are taken, never by whom.
pub fn busy_calendar(state: &AppState, ctx: &Ctx, name: &str, busy: &Busy) -> Response {
    let s = &busy.site;
    let location = format!("{}, {}, {}", s.name, s.address, s.city);
    let mut events = Vec::new();
    for (p, bookings) in &busy.places {
        for b in bookings {
            events.push(ical::Event {
                uid: format!("booking-{}@portineria", b.id),
                start: b.start,
                end: b.end,
                summary: format!("{} · {}", p.name, ctx.tr.t("feed-busy")),
                description: String::new(),
                location: location.clone(),
                url: Some(format!("{}/places/{}", base(state), p.id)),
                cancelled: false,
            });
        }
    }
    events.sort_by_key(|e| (e.start, e.uid.clone()));
    ics(ical::calendar(name, &events, ctx.now.as_second()))
}

/// A person's bookings (cancelled ones marked so), for their calendar app.
pub fn personal_calendar(state: &AppState, ctx: &Ctx, items: &[FeedItem]) -> Response {
    let events: Vec<ical::Event> = items
        .iter()
        .map(|i| ical::Event {
            uid: format!("booking-{}@portineria", i.booking.id),
            start: i.booking.start,
            end: i.booking.end,
            summary: format!("{} · {}", i.place.name, i.site.name),
            description: ctx.tr.t("feed-my-booking"),
            location: format!("{}, {}", i.site.address, i.site.city),
            url: Some(format!("{}/places/{}", base(state), i.place.id)),
            cancelled: i.booking.status == "cancelled",
        })
        .collect();
    ics(ical::calendar(&ctx.tr.t("feed-my-calendar"), &events, ctx.now.as_second()))
}
