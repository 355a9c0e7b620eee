//! Booking rules: intervals, per-place rules, opening hours, capacity and
//! weekly recurrence. Pure: storage enforces the same rules inside its
//! transaction; these functions decide, and are property-tested.
//!
//! Instants are Unix seconds; an interval is half-open, `[start, end)`.

use crate::hours::{Schedule, local_instant, minute_of_day, span_instants};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// A half-open interval of Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
}

impl Interval {
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn minutes(&self) -> i64 {
        (self.end - self.start) / 60
    }
}

/// No booking lasts longer than this (the longest a place's rules allow;
/// the database refuses longer ones). Overlap queries read a place's
/// bookings only from this long before their window.
pub const MAX_BOOKING_SECONDS: i64 = 14 * 86_400;

/// What a place allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRules {
    pub min_minutes: i64,
    pub max_minutes: i64,
    /// How far ahead a booking may start.
    pub max_days_ahead: i64,
    /// A member may cancel until this many minutes before the start.
    pub cancel_minutes_before: i64,
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules { min_minutes: 30, max_minutes: 10 * 60, max_days_ahead: 60, cancel_minutes_before: 120 }
    }
}

/// Why a booking cannot be made; each names a Fluent message (`booking-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("end-before-start")]
    EndBeforeStart,
    #[error("in-the-past")]
    InThePast,
    #[error("too-short")]
    TooShort,
    #[error("too-long")]
    TooLong,
    #[error("too-far-ahead")]
    TooFarAhead,
    #[error("outside-hours")]
    OutsideHours,
    #[error("full")]
    Full,
    #[error("not-bookable")]
    NotBookable,
    #[error("one-seat")]
    OneSeat,
    #[error("too-many-at-once")]
    TooManyAtOnce,
}

impl BookingError {
    pub fn code(&self) -> String {
        self.to_string()
    }
}

/// Checks a requested interval against the rules and the opening hours.
pub fn check_request(
    rules: &BookingRules,
    schedule: &Schedule,
    tz: &TimeZone,
    now: Timestamp,
    want: Interval,
) -> Result<(), BookingError> {
    if want.end <= want.start {
        return Err(BookingError::EndBeforeStart);
    }
    if want.start < now.as_second() {
        return Err(BookingError::InThePast);
    }
    let minutes = (want.end - want.start) / 60;
    if minutes < rules.min_minutes {
        return Err(BookingError::TooShort);
    }
    if minutes > rules.max_minutes {
        return Err(BookingError::TooLong);
    }
    if want.start - now.as_second() > rules.max_days_ahead * 86_400 {
        return Err(BookingError::TooFarAhead);
    }
    if !within_hours(schedule, tz, want) {
        return Err(BookingError::OutsideHours);
    }
    Ok(())
}

/// Whether the site is open for the whole interval (spans that touch, such
/// as 18:00–24:00 and 00:00–02:00, count as one).
pub fn within_hours(schedule: &Schedule, tz: &TimeZone, want: Interval) -> bool {
    let (Ok(start), Ok(end)) = (Timestamp::from_second(want.start), Timestamp::from_second(want.end)) else {
        return false;
    };
    if !schedule.is_open_at(start, tz) {
        return false;
    }
    // Walk the open intervals from the day before the start's (a change of
    // time can move a span across the dates), merging touching ones.
    let Ok(mut date) = start.to_zoned(tz.clone()).date().yesterday() else { return false };
    let mut covered_until = want.start;
    for _ in 0..9 {
        // Intervals of one day come in order; one day's may extend the previous one's.
        for _ in 0..2 {
            for s in schedule.spans_on(date) {
                for (a, b) in span_instants(date, s, tz) {
                    if a <= covered_until && b > covered_until {
                        covered_until = b;
                    }
                }
            }
        }
        if covered_until >= end.as_second() {
            return true;
        }
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => return false,
        }
    }
    covered_until >= end.as_second()
}

/// The most intervals of `existing` in force at any one instant of `want`.
pub fn peak_overlap(existing: &[Interval], want: Interval) -> usize {
    peak_overlap_with(existing, want, &mut Vec::new())
}

/// [`peak_overlap`] with a buffer to reuse across calls.
fn peak_overlap_with(existing: &[Interval], want: Interval, events: &mut Vec<(i64, i32)>) -> usize {
    // Sweep the starts and ends that fall inside `want` (ends before starts
    // at the same instant: half-open intervals that touch do not overlap).
    events.clear();
    for e in existing.iter().filter(|e| e.overlaps(&want)) {
        events.push((e.start.max(want.start), 1));
        events.push((e.end.min(want.end), -1));
    }
    events.sort_unstable_by_key(|&(t, delta)| (t, delta));
    let (mut now, mut peak) = (0i32, 0i32);
    for &(_, delta) in events.iter() {
        now += delta;
        peak = peak.max(now);
    }
    usize::try_from(peak).unwrap_or(0)
}

/// How many bookings a person may hold at one time at a hub, unless the
/// hub sets another number.
pub const DEFAULT_AT_ONCE: i64 = 1;
/// The most a hub may set.
pub const MAX_AT_ONCE: i64 = 20;

/// The rule for one person's bookings at the same time, given those they
/// already hold that overlap the one asked for: never two seats of one desk
/// pool (`same_place`, only counted for a pool; any other place is whole and
/// its own overlap is refused as full), and at most `at_once` bookings at
/// the hub's places (`at_hub`, all of them, this place's included).
pub fn may_hold(pool: bool, same_place: i64, at_hub: i64, at_once: i64) -> Result<(), BookingError> {
    if pool && same_place > 0 {
        Err(BookingError::OneSeat)
    } else if at_hub >= at_once.max(1) {
        Err(BookingError::TooManyAtOnce)
    } else {
        Ok(())
    }
}

/// Whether `want` fits in a place of `capacity` given the bookings in force.
pub fn fits(existing: &[Interval], capacity: usize, want: Interval) -> bool {
    peak_overlap(existing, want) < capacity
}

/// How many of a place's bookings break its capacity: sorted by start, a
/// booking counts when, at its start, more than `capacity` of it and the
/// bookings before it are in force. Zero exactly when no instant holds more
/// than `capacity` bookings. The census of double bookings after a load.
pub fn over_capacity(bookings: &[Interval], capacity: usize) -> usize {
    let mut sorted: Vec<Interval> = bookings.to_vec();
    sorted.sort_by_key(|b| (b.start, b.end));
    // Ends of the bookings in force, smallest first.
    let mut ends = std::collections::BinaryHeap::new();
    let mut over = 0;
    for b in sorted {
        while ends.peek().is_some_and(|&std::cmp::Reverse(e)| e <= b.start) {
            ends.pop();
        }
        ends.push(std::cmp::Reverse(b.end));
        if ends.len() > capacity {
            over += 1;
        }
    }
    over
}

/// One slot of an availability grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub interval: Interval,
    /// Open for the whole slot.
    pub open: bool,
    /// Seats that a booking of the whole slot could still take (0 when closed).
    pub free: usize,
}

/// The site's open intervals around `[from, to)`, as instants, with spans
/// that touch (such as 18:00–24:00 and 00:00–02:00) merged into one.
pub fn open_intervals(schedule: &Schedule, tz: &TimeZone, from: i64, to: i64) -> Vec<Interval> {
    let (Ok(a), Ok(b)) = (Timestamp::from_second(from), Timestamp::from_second(to)) else {
        return Vec::new();
    };
    let (Ok(first), Ok(last)) = (a.to_zoned(tz.clone()).date().yesterday(), b.to_zoned(tz.clone()).date().tomorrow())
    else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut date = first;
    while date <= last {
        for s in schedule.spans_on(date) {
            for (start, end) in span_instants(date, s, tz) {
                spans.push(Interval { start, end });
            }
        }
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Interval> = Vec::new();
    for s in spans.into_iter().filter(|s| s.end > s.start) {
        match merged.last_mut() {
            Some(m) if s.start <= m.end => m.end = m.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Free seats per slot of `slot_seconds` from `from` to `to`.
pub fn availability(
    existing: &[Interval],
    capacity: usize,
    schedule: &Schedule,
    tz: &TimeZone,
    from: i64,
    to: i64,
    slot_seconds: i64,
) -> Vec<Slot> {
    let mut out = Vec::new();
    if slot_seconds <= 0 {
        return out;
    }
    // The open intervals once for the whole period, then each slot is a
    // containment check (the same answer as `within_hours`, property-tested).
    let open_spans = open_intervals(schedule, tz, from, to);
    // The bookings in the period, by start: a slot looks at those that
    // start before it ends.
    let window = Interval { start: from, end: to };
    let mut inside: Vec<Interval> = existing.iter().copied().filter(|e| e.overlaps(&window)).collect();
    inside.sort_unstable_by_key(|e| e.start);
    let mut events = Vec::new();
    out.reserve(usize::try_from((to - from) / slot_seconds + 1).unwrap_or(0));
    let mut start = from;
    while start < to {
        let interval = Interval { start, end: (start + slot_seconds).min(to) };
        let open = open_spans.iter().any(|o| o.start <= interval.start && interval.end <= o.end);
        let started = inside.partition_point(|e| e.start < interval.end);
        let free = if open {
            capacity.saturating_sub(peak_overlap_with(&inside[..started], interval, &mut events))
        } else {
            0
        };
        out.push(Slot { interval, open, free });
        start += slot_seconds;
    }
    out
}

/// `count` weekly occurrences starting at local `date` and wall-clock
/// `minute` (same local time every week, across daylight-saving changes).
pub fn weekly(date: Date, minute: u16, duration_minutes: i64, count: usize, tz: &TimeZone) -> Vec<Interval> {
    let mut out = Vec::with_capacity(count);
    let mut d = date;
    for _ in 0..count {
        if let Some(start) = local_instant(d, minute, tz) {
            let s = start.as_second();
            out.push(Interval { start: s, end: s + duration_minutes * 60 });
        }
        match d.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// The local minute of day of an instant (for display and grids).
pub fn local_minute(t: Timestamp, tz: &TimeZone) -> u16 {
    let z = t.to_zoned(tz.clone());
    minute_of_day(z.hour(), z.minute())
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_seat_of_a_pool_and_at_most_at_once_at_a_hub() {
        use super::{BookingError, may_hold};
        assert_eq!(may_hold(true, 0, 0, 1), Ok(()));
        assert_eq!(may_hold(true, 1, 1, 5), Err(BookingError::OneSeat));
        assert_eq!(may_hold(false, 0, 1, 1), Err(BookingError::TooManyAtOnce));
        assert_eq!(may_hold(false, 0, 1, 2), Ok(()));
        assert_eq!(may_hold(false, 0, 2, 2), Err(BookingError::TooManyAtOnce));
        // A limit below one is read as one.
        assert_eq!(may_hold(false, 0, 0, 0), Ok(()));
        assert_eq!(may_hold(false, 0, 1, 0), Err(BookingError::TooManyAtOnce));
        for held in 0..30 {
            for limit in 1..25 {
                assert_eq!(may_hold(false, 0, held, limit).is_ok(), held < limit);
            }
        }
    }

    use super::*;
    use crate::hours::{Span, WeeklySlot};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn rome() -> TimeZone {
        crate::rome()
    }

    fn at(d: Date, h: i8, m: i8) -> i64 {
        d.at(h, m, 0, 0).to_zoned(rome()).unwrap().timestamp().as_second()
    }

    fn always_open() -> Schedule {
        Schedule {
            weekly: (0..7).map(|w| WeeklySlot { weekday: w, span: Span { opens: 0, closes: 1440 } }).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rules_in_order() {
        let now = Timestamp::from_second(at(date(2026, 11, 23), 8, 0)).unwrap();
        let office = Schedule {
            weekly: (0..5).map(|w| WeeklySlot { weekday: w, span: Span { opens: 540, closes: 1140 } }).collect(),
            ..Default::default()
        };
        let r = BookingRules::default();
        let iv = |h1, h2| Interval { start: at(date(2026, 11, 23), h1, 0), end: at(date(2026, 11, 23), h2, 0) };
        assert_eq!(check_request(&r, &office, &rome(), now, iv(10, 12)), Ok(()));
        assert_eq!(check_request(&r, &office, &rome(), now, iv(12, 10)), Err(BookingError::EndBeforeStart));
        assert_eq!(check_request(&r, &office, &rome(), now, iv(7, 9)), Err(BookingError::InThePast));
        assert_eq!(check_request(&r, &office, &rome(), now, iv(18, 20)), Err(BookingError::OutsideHours));
        assert_eq!(check_request(&r, &office, &rome(), now, iv(8, 19)), Err(BookingError::TooLong));
        let far = Interval { start: at(date(2027, 3, 1), 10, 0), end: at(date(2027, 3, 1), 11, 0) };
        assert_eq!(check_request(&r, &office, &rome(), now, far), Err(BookingError::TooFarAhead));
    }

    #[test]
    fn open_past_midnight_is_one_interval() {
        let bar = Schedule {
            weekly: vec![
                WeeklySlot { weekday: 4, span: Span { opens: 18 * 60, closes: 1440 } },
                WeeklySlot { weekday: 5, span: Span { opens: 0, closes: 120 } },
            ],
            ..Default::default()
        };
        let want = Interval { start: at(date(2026, 11, 27), 22, 0), end: at(date(2026, 11, 28), 1, 30) };
        assert!(within_hours(&bar, &rome(), want));
        let too_late = Interval { start: want.start, end: at(date(2026, 11, 28), 2, 30) };
        assert!(!within_hours(&bar, &rome(), too_late));
    }

    #[test]
    fn the_repeated_hour_of_autumn_is_open_twice() {
        // Open until 02:30 on 25 October 2026: the clocks read 02:00–02:30 twice.
        let night = Schedule {
            weekly: vec![WeeklySlot { weekday: 6, span: Span { opens: 0, closes: 150 } }],
            ..Default::default()
        };
        let cest_0200 = at(date(2026, 10, 25), 2, 0); // the first 02:00 (CEST)
        let cet_0200 = cest_0200 + 3600; // the second 02:00 (CET)
        let second_pass = Interval { start: cet_0200, end: cet_0200 + 1800 };
        assert!(within_hours(&night, &rome(), second_pass));
        // Between the first 02:30 and the second 02:00 the clock reads 02:30–03:00: closed.
        let between = Interval { start: cest_0200 + 1800, end: cest_0200 + 3600 };
        assert!(!within_hours(&night, &rome(), between));
        assert_eq!(
            crate::hours::span_instants(date(2026, 10, 25), Span { opens: 0, closes: 150 }, &rome()),
            vec![(at(date(2026, 10, 25), 0, 0), cest_0200 + 1800), (cet_0200, cet_0200 + 1800)]
        );
    }

    #[test]
    fn weekly_keeps_the_wall_clock_across_the_change_of_time() {
        // Mondays at 09:00 from 19 October 2026: the clocks go back on 25 October.
        let occ = weekly(date(2026, 10, 19), 540, 60, 3, &rome());
        let local: Vec<u16> =
            occ.iter().map(|i| local_minute(Timestamp::from_second(i.start).unwrap(), &rome())).collect();
        assert_eq!(local, vec![540, 540, 540]);
        assert_eq!(occ[1].start - occ[0].start, 7 * 86_400 + 3600, "one hour longer across the change");
        assert!(occ.iter().all(|i| i.minutes() == 60));
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (0i64..2_000, 1i64..300).prop_map(|(s, len)| Interval { start: s * 60, end: (s + len) * 60 })
    }

    proptest! {
        #[test]
        fn peak_overlap_matches_counting_minute_by_minute(existing in prop::collection::vec(interval(), 0..12), want in interval()) {
            let mut brute = 0;
            let mut t = want.start;
            while t < want.end {
                brute = brute.max(existing.iter().filter(|e| e.start <= t && t < e.end).count());
                t += 60;
            }
            prop_assert_eq!(peak_overlap(&existing, want), brute);
        }

        #[test]
        fn accepting_only_what_fits_never_exceeds_capacity(wants in prop::collection::vec(interval(), 0..40), capacity in 1usize..5) {
            let mut accepted: Vec<Interval> = Vec::new();
            for w in wants {
                if fits(&accepted, capacity, w) {
                    accepted.push(w);
                }
            }
            for a in &accepted {
                let mut t = a.start;
                while t < a.end {
                    prop_assert!(accepted.iter().filter(|e| e.start <= t && t < e.end).count() <= capacity);
                    t += 60;
                }
            }
        }

        #[test]
        fn over_capacity_counts_what_a_minute_by_minute_census_finds(
            bookings in prop::collection::vec(interval(), 0..16),
            capacity in 1usize..4,
        ) {
            let mut sorted = bookings.clone();
            sorted.sort_by_key(|b| (b.start, b.end));
            let brute = sorted
                .iter()
                .enumerate()
                .filter(|(i, b)| sorted[..=*i].iter().filter(|e| e.start <= b.start && b.start < e.end).count() > capacity)
                .count();
            prop_assert_eq!(over_capacity(&bookings, capacity), brute);
            let peak = sorted.iter().map(|b| peak_overlap(&sorted, Interval { start: b.start, end: b.start + 1 })).max().unwrap_or(0);
            prop_assert_eq!(over_capacity(&bookings, capacity) == 0, peak <= capacity);
        }

        #[test]
        fn what_fits_has_no_booking_over_capacity(wants in prop::collection::vec(interval(), 0..40), capacity in 1usize..5) {
            let mut accepted: Vec<Interval> = Vec::new();
            for w in wants {
                if fits(&accepted, capacity, w) {
                    accepted.push(w);
                }
            }
            prop_assert_eq!(over_capacity(&accepted, capacity), 0);
        }

        #[test]
        fn a_slot_with_free_seats_can_be_booked(existing in prop::collection::vec(interval(), 0..10), capacity in 1usize..4) {
            let slots = availability(&existing, capacity, &always_open(), &rome(), 0, 3_000 * 60, 30 * 60);
            for s in slots {
                prop_assert_eq!(s.free > 0, fits(&existing, capacity, s.interval));
                prop_assert!(s.free <= capacity);
            }
        }

        #[test]
        fn a_room_takes_one_booking_at_a_time(a in interval(), b in interval()) {
            prop_assert_eq!(fits(&[a], 1, b), !a.overlaps(&b));
        }

        #[test]
        fn always_open_accepts_every_interval(start in 0i64..500_000, len in 1i64..600) {
            let base = at(date(2026, 3, 20), 0, 0);
            let want = Interval { start: base + start * 60, end: base + (start + len) * 60 };
            prop_assert!(within_hours(&always_open(), &rome(), want));
        }

        /// The grid's open slots are exactly those `within_hours` accepts,
        /// with spans past midnight and across the autumn change of time.
        #[test]
        fn grid_slots_agree_with_within_hours(start in 0i64..(10 * 24), hours in 1i64..72, opens in 0u16..1380, span in 60u16..1440, late in any::<bool>()) {
            let closes = (opens + span).min(1440);
            let mut weekly: Vec<WeeklySlot> = (0..7).map(|w| WeeklySlot { weekday: w, span: Span { opens, closes } }).collect();
            if late && closes == 1440 {
                weekly.extend((0..7).map(|w| WeeklySlot { weekday: w, span: Span { opens: 0, closes: 90.min(opens) } }));
            }
            let sched = Schedule { weekly, ..Default::default() };
            let base = at(date(2026, 10, 20), 0, 0);
            let from = base + start * 3600;
            let slots = availability(&[], 1, &sched, &rome(), from, from + hours * 3600, 3600);
            for s in slots {
                prop_assert_eq!(s.open, within_hours(&sched, &rome(), s.interval), "{:?}", s.interval);
            }
        }

        #[test]
        fn within_hours_agrees_with_checking_every_minute(start in 0i64..(14 * 1440), len in 1i64..(10 * 60), opens in 0u16..1380, span in 60u16..1440) {
            let closes = (opens + span).min(1440);
            let sched = Schedule {
                weekly: (0..7).map(|w| WeeklySlot { weekday: w, span: Span { opens, closes } }).collect(),
                ..Default::default()
            };
            // Across the autumn change of time.
            let base = at(date(2026, 10, 18), 0, 0);
            let want = Interval { start: base + start * 60, end: base + (start + len) * 60 };
            let mut brute = true;
            let mut t = want.start;
            while t < want.end {
                brute &= sched.is_open_at(Timestamp::from_second(t).unwrap(), &rome());
                t += 60;
            }
            prop_assert_eq!(within_hours(&sched, &rome(), want), brute);
        }
    }
}
