//! Bookings of places: booking one interval or the same time every week,
//! cancelling, a person's bookings and a hub's, free seats (grids and
//! availability), calendar feeds; and what is happening now.
//!
//! A signed-in person books a place that takes bookings, within its rules
//! and the site's hours (`domain::bookings::check_request`); whether it has
//! room is decided by the store's transaction. The holder cancels until the
//! place's deadline, the hub's managers (and the site's hosts) at any time.

mod live;

pub use live::*;

use crate::{App, Caller, Error, Result};
use jiff::Timestamp;
use jiff::civil::Date;
use portineria_domain::bookings::{self as booking, BookingError, Interval, Slot, check_request};
use portineria_domain::hours::local_instant;
use portineria_domain::policy::Action;
use portineria_domain::{FieldError, FieldErrors, validate};
use portineria_store::{Booking, BookingRow, BookingStore, NewBooking, Place, PlaceQuery, Site};
use std::sync::Arc;

impl App {
    /// Bookings' storage.
    pub(crate) fn bookings_store(&self) -> &dyn BookingStore {
        self.store.as_ref()
    }
}

/// The most weeks a weekly series books.
pub const MAX_WEEKS: i64 = 26;
/// The longest period an availability grid covers, in days.
pub const MAX_PERIOD_DAYS: i64 = 14;
/// How far back and ahead the public feeds reach.
const FEED_BACK: i64 = 7 * 86_400;
const FEED_AHEAD: i64 = 90 * 86_400;
/// How far back a person's own feed reaches.
const PERSONAL_FEED_BACK: i64 = 30 * 86_400;

/// An instant as RFC 3339 text (any offset), or the field error `instant`.
pub fn instant(field: &str, s: &str) -> Result<Timestamp, FieldError> {
    s.trim().parse::<Timestamp>().map_err(|_| FieldError::new(field, "instant"))
}

/// Booking errors that are about the request are field errors; the rest
/// are conflicts with the state of the place.
fn booking_error(e: BookingError) -> Error {
    match e {
        BookingError::EndBeforeStart => FieldError::new("end", "booking-end-before-start").into(),
        BookingError::InThePast => FieldError::new("start", "booking-in-the-past").into(),
        BookingError::TooShort => FieldError::new("end", "booking-too-short").into(),
        BookingError::TooLong => FieldError::new("end", "booking-too-long").into(),
        BookingError::TooFarAhead => FieldError::new("start", "booking-too-far-ahead").into(),
        BookingError::OutsideHours => Error::Conflict("outside-hours"),
        BookingError::Full => Error::Conflict("full"),
        BookingError::NotBookable => Error::Conflict("not-bookable"),
        BookingError::OneSeat => Error::Conflict("one-seat"),
        BookingError::TooManyAtOnce => Error::Conflict("too-many-at-once"),
    }
}

/// A place, as the site index holds it (read from the store the first time).
pub async fn place(app: &App, id: i64) -> Result<Place> {
    let index = app.sites().await?;
    index.place(app.network_store(), id).await?.ok_or(Error::NotFound)
}

/// A site: the site index's, or the store's when the index does not hold it.
pub async fn site(app: &App, id: i64) -> Result<Arc<Site>> {
    let index = app.sites().await?;
    match index.get(id) {
        Some(s) => Ok(s.clone()),
        None => Ok(Arc::new(app.network_store().site(id).await?.ok_or(Error::NotFound)?)),
    }
}

/// Seats a booking may take: a desk pool's capacity, 1 for any other place,
/// none when the place takes no bookings.
pub fn seats(place: &Place) -> usize {
    match (place.bookable, place.kind.is_pool()) {
        (false, _) => 0,
        (true, true) => usize::try_from(place.capacity).unwrap_or(0),
        (true, false) => 1,
    }
}

/// Whether the holder may still cancel a booking of `place` at the caller's instant.
pub fn before_deadline(caller: &Caller, booking: &Booking, place: &Place) -> bool {
    caller.now_s() <= booking.start - place.rules.cancel_minutes_before * 60
}

/// Books one interval of a place for the signed-in person.
pub async fn book(app: &App, caller: &Caller, place_id: i64, want: Interval) -> Result<Booking> {
    caller.person()?;
    let place = app.network_store().place(place_id).await?.ok_or(Error::NotFound)?;
    book_place(app, caller, &place, want).await
}

/// Books one interval of `place`: the rules of the place and the site's
/// hours first, then the store's transaction; forgets this server's view
/// of the place's day.
async fn book_place(app: &App, caller: &Caller, place: &Place, want: Interval) -> Result<Booking> {
    let person = caller.person()?;
    if !place.bookable {
        return Err(Error::Conflict("not-bookable"));
    }
    let site = app.network_store().site(place.site_id).await?.ok_or(Error::NotFound)?;
    check_request(&place.rules, &site.schedule, &portineria_domain::rome(), caller.now, want).map_err(booking_error)?;
    let new = NewBooking {
        place_id: place.id,
        account_id: person.account.id,
        start: want.start,
        end: want.end,
        now: caller.now_s(),
        staff: caller.may(Action::HostDesk { hub: place.hub_id, site: place.site_id }),
    };
    let booking = app.bookings_store().create_booking(&caller.who(), &new).await?;
    app.live.forget(place.site_id, Some(place.id));
    Ok(booking)
}

/// The same time every week: the first occurrence's local date and minute
/// in Europe/Rome, its length, and how many weeks in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    pub date: Date,
    pub minute: u16,
    pub minutes: i64,
    pub weeks: i64,
}

impl Series {
    /// A series whose first occurrence is `[start, end)`; the others keep
    /// its wall-clock time in Europe/Rome.
    pub fn from_instants(start: Timestamp, end: Timestamp, weeks: i64) -> Series {
        let (date, minute) = crate::network::local_date_minute(start);
        Series { date, minute, minutes: (end.as_second() - start.as_second()) / 60, weeks }
    }
}

/// The weeks of a series: 1 to [`MAX_WEEKS`], or the field error on `weeks`.
pub fn check_weeks(weeks: i64) -> Result<usize, FieldError> {
    match usize::try_from(weeks) {
        Ok(n) if (1..=MAX_WEEKS).contains(&weeks) => Ok(n),
        _ => Err(FieldError::new("weeks", "range").with("min", 1).with("max", MAX_WEEKS)),
    }
}

/// One occurrence of a series and what became of it.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub want: Interval,
    pub booked: Result<Booking>,
}

/// Books the same time every week for a number of weeks. Each occurrence is
/// checked and booked on its own: one refused as invalid or in conflict is
/// listed with its error and the others go on; any other failure ends the
/// series and is the last occurrence listed.
pub async fn book_weekly(app: &App, caller: &Caller, place_id: i64, s: Series) -> Result<Vec<Occurrence>> {
    caller.person()?;
    let weeks = check_weeks(s.weeks)?;
    let place = app.network_store().place(place_id).await?.ok_or(Error::NotFound)?;
    let mut out = Vec::new();
    for want in booking::weekly(s.date, s.minute, s.minutes, weeks, &portineria_domain::rome()) {
        let booked = book_place(app, caller, &place, want).await;
        let last = matches!(&booked, Err(e) if !matches!(e, Error::Invalid(_) | Error::Conflict(_)));
        out.push(Occurrence { want, booked });
        if last {
            break;
        }
    }
    Ok(out)
}

/// A cancellation: the booking as it is now and its place.
#[derive(Debug, Clone)]
pub struct Cancelled {
    pub booking: Booking,
    pub place: Place,
}

/// Cancels a booking whose cancellation the caller has been allowed, and
/// forgets this server's view of the place's day. Cancelling a cancelled
/// booking changes nothing.
async fn cancel_allowed(app: &App, caller: &Caller, booking: Booking, place: Place) -> Result<Cancelled> {
    if booking.status != "confirmed" {
        return Ok(Cancelled { booking, place });
    }
    let cancelled = app.bookings_store().cancel_booking(&caller.who(), booking.id, caller.now_s()).await?;
    app.live.forget(place.site_id, Some(place.id));
    Ok(Cancelled { booking: cancelled, place })
}

/// A booking and its place, or `NotFound`.
async fn booking_and_place(app: &App, id: i64) -> Result<(Booking, Place)> {
    let booking = app.bookings_store().booking(id).await?.ok_or(Error::NotFound)?;
    let place = app.network_store().place(booking.place_id).await?.ok_or(Error::NotFound)?;
    Ok((booking, place))
}

/// Cancels a booking: its holder until the place's deadline, the place's
/// managers at any time. Someone else's booking is as if it did not exist.
pub async fn cancel(app: &App, caller: &Caller, id: i64) -> Result<Cancelled> {
    let person = caller.person()?;
    let (booking, place) = booking_and_place(app, id).await?;
    if !caller.may(Action::ManagePlaces { hub: place.hub_id, site: place.site_id }) {
        if booking.account_id != person.account.id {
            return Err(Error::NotFound);
        }
        if !before_deadline(caller, &booking, &place) {
            return Err(Error::Conflict("cancel-deadline-passed"));
        }
    }
    cancel_allowed(app, caller, booking, place).await
}

/// Cancels one of the caller's own bookings, before the place's deadline.
pub async fn cancel_own(app: &App, caller: &Caller, id: i64) -> Result<Cancelled> {
    let person = caller.person()?;
    let booking = app.bookings_store().booking(id).await?.ok_or(Error::NotFound)?;
    if booking.account_id != person.account.id {
        return Err(Error::NotFound);
    }
    let place = app.network_store().place(booking.place_id).await?.ok_or(Error::NotFound)?;
    if !before_deadline(caller, &booking, &place) {
        return Err(Error::Conflict("cancel-deadline-passed"));
    }
    cancel_allowed(app, caller, booking, place).await
}

/// A manager cancels a booking of one of their places (at any time).
pub async fn cancel_as_manager(app: &App, caller: &Caller, id: i64) -> Result<Cancelled> {
    caller.person()?;
    let (booking, place) = booking_and_place(app, id).await?;
    caller.require(Action::ManagePlaces { hub: place.hub_id, site: place.site_id })?;
    cancel_allowed(app, caller, booking, place).await
}

/// The caller's bookings ending after now, by start, after the booking
/// `after`, at most `limit`.
pub async fn upcoming(app: &App, caller: &Caller, after: Option<i64>, limit: u32) -> Result<Vec<Booking>> {
    let person = caller.person()?;
    Ok(app.bookings_store().account_bookings(person.account.id, caller.now_s(), after, limit).await?)
}

/// One of the caller's confirmed bookings, with its place.
#[derive(Debug, Clone)]
pub struct MyBooking {
    pub booking: Booking,
    pub place: Place,
    /// Before the place's deadline.
    pub cancellable: bool,
}

/// The caller's current and future confirmed bookings (at most 200).
pub async fn my_bookings(app: &App, caller: &Caller) -> Result<Vec<MyBooking>> {
    let mut out = Vec::new();
    for booking in upcoming(app, caller, None, 200).await?.into_iter().filter(|b| b.status == "confirmed") {
        let place = app.network_store().place(booking.place_id).await?.ok_or(Error::NotFound)?;
        out.push(MyBooking { cancellable: before_deadline(caller, &booking, &place), booking, place });
    }
    Ok(out)
}

/// The confirmed bookings of a hub's places in the week from `day`, for
/// its managers (at most 500).
pub async fn hub_bookings(app: &App, caller: &Caller, hub_id: i64, day: Date) -> Result<Vec<BookingRow>> {
    if !caller.person()?.roles.manages(hub_id) {
        return Err(Error::Forbidden);
    }
    let tz = portineria_domain::rome();
    let from = local_instant(day, 0, &tz).map(|t| t.as_second()).unwrap_or(0);
    let to = day
        .checked_add(jiff::ToSpan::days(7))
        .ok()
        .and_then(|d| local_instant(d, 0, &tz))
        .map(|t| t.as_second())
        .unwrap_or(from);
    Ok(app.bookings_store().hub_bookings(Some(hub_id), from, to, 500).await?)
}

// ---- free seats ---------------------------------------------------------------

/// The period and slot length of an availability grid, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    pub slot_seconds: i64,
}

/// The period and slot length asked for, as RFC 3339 instants and minutes
/// (default: the next 24 hours in slots of 30 minutes; 15 to 240 minutes a
/// slot; at most [`MAX_PERIOD_DAYS`]).
pub fn window(caller: &Caller, from: Option<&str>, to: Option<&str>, slot_minutes: Option<&str>) -> Result<Window> {
    fn present(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let mut errs = FieldErrors::new();
    let from = match present(from) {
        Some(f) => errs.take(instant("from", f)).map(|t| t.as_second()),
        None => Some(caller.now_s()),
    };
    let to = match present(to) {
        Some(t) => errs.take(instant("to", t)).map(|t| t.as_second()),
        None => from.map(|f| f + 86_400),
    };
    let slot = match present(slot_minutes) {
        Some(s) => errs.take(validate::integer("slot_minutes", s, 15, 240)),
        None => Some(30),
    };
    let (Some(from), Some(to), Some(slot)) = (from, to, slot) else { return Err(errs.into()) };
    if to <= from {
        return Err(FieldError::new("to", "booking-end-before-start").into());
    }
    if to - from > MAX_PERIOD_DAYS * 86_400 {
        return Err(FieldError::new("to", "range").with("min", 0).with("max", MAX_PERIOD_DAYS).into());
    }
    Ok(Window { from, to, slot_seconds: slot * 60 })
}

/// A place's free seats per slot.
#[derive(Debug, Clone)]
pub struct PlaceSlots {
    pub place: Place,
    /// [`seats`] of the place.
    pub seats: usize,
    pub slots: Vec<Slot>,
}

/// Free seats of one place per slot of `w`, from its bookings in the store.
async fn slots_of(app: &App, place: Place, site: &Site, w: &Window) -> Result<PlaceSlots> {
    let seats = seats(&place);
    let existing = app.bookings_store().place_busy(place.id, w.from, w.to).await?;
    let tz = portineria_domain::rome();
    let slots = booking::availability(&existing, seats, &site.schedule, &tz, w.from, w.to, w.slot_seconds);
    Ok(PlaceSlots { place, seats, slots })
}

/// Free seats of a place per slot of `w`.
pub async fn place_availability(app: &App, place_id: i64, w: &Window) -> Result<PlaceSlots> {
    let place = place(app, place_id).await?;
    let site = site(app, place.site_id).await?;
    slots_of(app, place, &site, w).await
}

/// Free seats of every bookable place of a site per slot of `w`.
pub async fn site_availability(app: &App, site_id: i64, w: &Window) -> Result<Vec<PlaceSlots>> {
    let site = site(app, site_id).await?;
    let places = app.sites().await?.places(app.network_store(), site_id).await?;
    let mut out = Vec::new();
    for p in places.iter().filter(|p| p.bookable) {
        out.push(slots_of(app, p.clone(), &site, w).await?);
    }
    Ok(out)
}

/// `[start, end)` of a local day, as Unix seconds.
pub fn day_bounds(day: Date) -> Result<(i64, i64)> {
    let tz = portineria_domain::rome();
    match (local_instant(day, 0, &tz), local_instant(day, 1440, &tz)) {
        (Some(a), Some(b)) => Ok((a.as_second(), b.as_second())),
        _ => Err(Error::BadRequest("bad-date")),
    }
}

/// Hourly free seats of a place over one local day, from the day's bookings
/// as shared for a moment ([`LiveCache`]).
async fn day_slots(app: &App, p: &Place, site: &Site, (from, to): (i64, i64)) -> Result<Vec<Slot>> {
    let booked = app.live.day_bookings(app.bookings_store(), p.id, from, to).await?;
    let existing: Vec<Interval> = booked.iter().map(|(start, end)| Interval { start: *start, end: *end }).collect();
    let tz = portineria_domain::rome();
    Ok(booking::availability(&existing, seats(p), &site.schedule, &tz, from, to, 3600))
}

/// Hourly free seats of a place, one list per local day of `days`.
pub async fn place_days(app: &App, p: &Place, days: &[Date]) -> Result<Vec<Vec<Slot>>> {
    let site = site(app, p.site_id).await?;
    let mut out = Vec::new();
    for d in days {
        out.push(day_slots(app, p, &site, day_bounds(*d)?).await?);
    }
    Ok(out)
}

/// A site's bookable places with their hourly free seats over one local day.
#[derive(Debug, Clone)]
pub struct SiteDay {
    pub site: Site,
    pub places: Vec<(Place, Vec<Slot>)>,
}

/// Hourly free seats of every bookable place of a site over one local day.
pub async fn site_day(app: &App, site_id: i64, day: Date) -> Result<SiteDay> {
    let site = app.network_store().site(site_id).await?.ok_or(Error::NotFound)?;
    let bounds = day_bounds(day)?;
    let places = app.sites().await?.places(app.network_store(), site_id).await?;
    let mut out = Vec::new();
    for p in places.iter().filter(|p| p.bookable) {
        out.push((p.clone(), day_slots(app, p, &site, bounds).await?));
    }
    Ok(SiteDay { site, places: out })
}

// ---- calendar feeds -----------------------------------------------------------

/// When places are taken, never by whom: each place's confirmed bookings
/// from a week ago to 90 days ahead.
#[derive(Debug, Clone)]
pub struct Busy {
    pub site: Site,
    pub places: Vec<(Place, Vec<Booking>)>,
}

async fn busy(app: &App, caller: &Caller, site: Site, places: Vec<Place>) -> Result<Busy> {
    let now = caller.now_s();
    let mut out = Vec::new();
    for p in places {
        let bookings = app.bookings_store().place_bookings(p.id, now - FEED_BACK, now + FEED_AHEAD).await?;
        out.push((p, bookings));
    }
    Ok(Busy { site, places: out })
}

/// When a place is taken (anyone may subscribe).
pub async fn place_busy(app: &App, caller: &Caller, place_id: i64) -> Result<Busy> {
    let place = app.network_store().place(place_id).await?.ok_or(Error::NotFound)?;
    let site = app.network_store().site(place.site_id).await?.ok_or(Error::NotFound)?;
    busy(app, caller, site, vec![place]).await
}

/// When a site's places are taken (anyone may subscribe).
pub async fn site_busy(app: &App, caller: &Caller, site_id: i64) -> Result<Busy> {
    let site = app.network_store().site(site_id).await?.ok_or(Error::NotFound)?;
    let q = PlaceQuery { site_id: Some(site_id), ..Default::default() };
    let places = app.network_store().list_places(&q).await?;
    busy(app, caller, site, places).await
}

/// A new secret for the caller's own feed, replacing the old one (shown once).
pub async fn new_feed(app: &App, caller: &Caller) -> Result<String> {
    let person = caller.person()?;
    let secret = format!("pc_{}", crate::accounts::random_token());
    let hash = crate::accounts::hash_token(&secret);
    app.accounts_store().set_calendar_feed(person.account.id, &hash, caller.now_s()).await?;
    Ok(secret)
}

/// One booking of a person's feed, with where it is.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub booking: Booking,
    pub place: Place,
    pub site: Site,
}

/// The bookings of the person whose feed `secret` opens (from 30 days ago;
/// cancelled ones too), or `NotFound`.
pub async fn personal_feed(app: &App, caller: &Caller, secret: &str) -> Result<Vec<FeedItem>> {
    let hash = crate::accounts::hash_token(secret);
    let account_id = app.accounts_store().calendar_feed_account(&hash).await?.ok_or(Error::NotFound)?;
    let from = caller.now_s() - PERSONAL_FEED_BACK;
    let bookings = app.bookings_store().account_bookings(account_id, from, None, 1000).await?;
    let mut out = Vec::new();
    for booking in bookings {
        let Some(place) = app.network_store().place(booking.place_id).await? else { continue };
        let Some(site) = app.network_store().site(place.site_id).await? else { continue };
        out.push(FeedItem { booking, place, site });
    }
    Ok(out)
}
