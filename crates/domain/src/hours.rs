//! Weekly opening hours, dated exceptions and public holidays.
//!
//! Hours are wall-clock times in the site's local time (Europe/Rome): a span
//! `[opens, closes)` counts minutes from local midnight, `closes` may be 1440
//! (midnight at the end of the day). A place open past midnight has a second
//! span from 00:00 on the next day. On the days the clocks change, a wall-clock
//! span lasts an hour more or less in real time, and an instant is open when
//! its local wall-clock time falls in a span of its local date.

use crate::holidays::italian_holiday;
use jiff::civil::{Date, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

pub const MINUTES_PER_DAY: u16 = 1440;

/// A wall-clock span `[opens, closes)` in minutes from local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub opens: u16,
    pub closes: u16,
}

impl Span {
    pub fn contains(&self, minute: u16) -> bool {
        self.opens <= minute && minute < self.closes
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.opens < other.closes && other.opens < self.closes
    }

    pub fn is_well_formed(&self) -> bool {
        self.opens < self.closes && self.closes <= MINUTES_PER_DAY
    }
}

/// A span on one day of the week. `weekday` is 0 = Monday … 6 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub weekday: u8,
    pub span: Span,
}

/// A dated exception: other hours, or closed all day when `spans` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayException {
    pub date: Date,
    pub spans: Vec<Span>,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub weekly: Vec<WeeklySlot>,
    pub exceptions: Vec<DayException>,
    /// Closed on Italian national public holidays unless an exception says otherwise.
    pub closed_on_holidays: bool,
}

/// What is wrong with a set of hours; `index` points into the list as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoursError {
    /// A weekday outside 0..=6.
    BadWeekday { index: usize },
    /// Closes at or before it opens, or past 24:00.
    EndBeforeStart { index: usize },
    /// Overlaps an earlier span of the same day.
    Overlap { index: usize, other: usize },
    /// Two exceptions for the same date.
    DuplicateDate { index: usize, other: usize },
}

pub fn weekday_index(w: Weekday) -> u8 {
    // jiff: Monday = 1 … Sunday = 7.
    u8::try_from(w.to_monday_one_offset() - 1).unwrap_or(0)
}

pub fn weekday_from_index(i: u8) -> Option<Weekday> {
    Weekday::from_monday_one_offset(i8::try_from(i).ok()? + 1).ok()
}

/// Checks weekly slots: valid weekday, well-formed spans, no overlap on a day.
pub fn validate_weekly(slots: &[WeeklySlot]) -> Vec<HoursError> {
    let mut errors = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        if s.weekday > 6 {
            errors.push(HoursError::BadWeekday { index: i });
            continue;
        }
        if !s.span.is_well_formed() {
            errors.push(HoursError::EndBeforeStart { index: i });
            continue;
        }
        if let Some(j) = slots[..i]
            .iter()
            .position(|o| o.weekday == s.weekday && o.span.is_well_formed() && o.span.overlaps(&s.span))
        {
            errors.push(HoursError::Overlap { index: i, other: j });
        }
    }
    errors
}

/// Checks exceptions: one per date, well-formed and non-overlapping spans.
/// Errors inside an exception's spans report the exception's index.
pub fn validate_exceptions(exceptions: &[DayException]) -> Vec<HoursError> {
    let mut errors = Vec::new();
    for (i, e) in exceptions.iter().enumerate() {
        if let Some(j) = exceptions[..i].iter().position(|o| o.date == e.date) {
            errors.push(HoursError::DuplicateDate { index: i, other: j });
        }
        for (k, s) in e.spans.iter().enumerate() {
            if !s.is_well_formed() {
                errors.push(HoursError::EndBeforeStart { index: i });
            } else if e.spans[..k].iter().any(|o| o.is_well_formed() && o.overlaps(s)) {
                errors.push(HoursError::Overlap { index: i, other: i });
            }
        }
    }
    errors
}

/// Why a date has the hours it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind<'a> {
    Regular,
    Exception(&'a DayException),
    Holiday(&'static str),
}

impl Schedule {
    /// The spans that apply on a local date, sorted, and why.
    pub fn day(&self, date: Date) -> (Vec<Span>, DayKind<'_>) {
        if let Some(e) = self.exceptions.iter().find(|e| e.date == date) {
            let mut spans = e.spans.clone();
            spans.sort();
            return (spans, DayKind::Exception(e));
        }
        if self.closed_on_holidays
            && let Some(h) = italian_holiday(date)
        {
            return (Vec::new(), DayKind::Holiday(h));
        }
        let wd = weekday_index(date.weekday());
        let mut spans: Vec<Span> = self.weekly.iter().filter(|s| s.weekday == wd).map(|s| s.span).collect();
        spans.sort();
        (spans, DayKind::Regular)
    }

    pub fn spans_on(&self, date: Date) -> Vec<Span> {
        self.day(date).0
    }

    /// Whether the site is open at instant `t`, by wall-clock time in `tz`.
    pub fn is_open_at(&self, t: Timestamp, tz: &TimeZone) -> bool {
        let z = t.to_zoned(tz.clone());
        self.is_open_local(z.date(), minute_of_day(z.hour(), z.minute()))
    }

    /// Whether the site is open at a local date and minute (for checking many
    /// sites against one instant without converting it each time).
    pub fn is_open_local(&self, date: Date, minute: u16) -> bool {
        if let Some(e) = self.exceptions.iter().find(|e| e.date == date) {
            return e.spans.iter().any(|s| s.contains(minute));
        }
        if self.closed_on_holidays && italian_holiday(date).is_some() {
            return false;
        }
        let wd = weekday_index(date.weekday());
        self.weekly.iter().any(|s| s.weekday == wd && s.span.contains(minute))
    }

    /// Open or closed at `t`, and until when / from when (looking up to 15
    /// days ahead, day by day, and stopping as soon as the answer is known).
    pub fn status_at(&self, t: Timestamp, tz: &TimeZone) -> OpenStatus {
        let z = t.to_zoned(tz.clone());
        let today = z.date();
        let open_now = self.is_open_local(today, minute_of_day(z.hour(), z.minute()));
        // The end of the open interval containing `t`, merged across spans
        // that touch (e.g. 18:00–24:00 then 00:00–02:00).
        let mut open_until: Option<Timestamp> = None;
        let mut date = today;
        for _ in 0..15 {
            for s in self.spans_on(date) {
                let (Some(a), Some(b)) = (local_instant(date, s.opens, tz), local_instant(date, s.closes, tz)) else {
                    continue;
                };
                if open_now {
                    match open_until {
                        None if a <= t && t < b => open_until = Some(b),
                        Some(end) if a <= end => open_until = Some(end.max(b)),
                        Some(_) => return OpenStatus::Open { until: open_until },
                        None => {}
                    }
                } else if a > t {
                    return OpenStatus::Closed { next_open: Some(a) };
                }
            }
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        if open_now { OpenStatus::Open { until: open_until } } else { OpenStatus::Closed { next_open: None } }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStatus {
    Open { until: Option<Timestamp> },
    Closed { next_open: Option<Timestamp> },
}

impl OpenStatus {
    pub fn is_open(&self) -> bool {
        matches!(self, OpenStatus::Open { .. })
    }
}

pub fn minute_of_day(hour: i8, minute: i8) -> u16 {
    u16::try_from(i32::from(hour) * 60 + i32::from(minute)).unwrap_or(0)
}

/// The instant at which local wall-clock `minute` of `date` occurs in `tz`.
/// Minute 1440 is midnight at the start of the next day. A wall-clock time
/// inside a spring-forward gap resolves to the instant the clocks jump; a
/// repeated one (autumn) to its first occurrence.
pub fn local_instant(date: Date, minute: u16, tz: &TimeZone) -> Option<Timestamp> {
    let (date, minute) = if minute >= MINUTES_PER_DAY {
        (date.checked_add(1.day()).ok()?, minute - MINUTES_PER_DAY)
    } else {
        (date, minute)
    };
    let h = i8::try_from(minute / 60).ok()?;
    let m = i8::try_from(minute % 60).ok()?;
    let civil = date.at(h, m, 0, 0);
    let ambiguous = tz.to_ambiguous_timestamp(civil);
    match ambiguous.offset() {
        // The wall-clock time was skipped: the span starts (or ends) when the
        // clocks jump, the first instant whose wall-clock time is past it.
        AmbiguousOffset::Gap { before, .. } => {
            let after_jump = before.to_timestamp(civil).ok()?;
            tz.preceding(after_jump).next().map(|t| t.timestamp())
        }
        // Unambiguous, or repeated (the first occurrence).
        _ => ambiguous.compatible().ok(),
    }
}

/// The instants, as Unix seconds `[start, end)`, at which the wall clock of
/// `date` in `tz` reads a minute of `span`: exactly the instants at which
/// [`Schedule::is_open_at`] sees that span. Usually one interval; a span
/// that meets the autumn's repeated hour gives what each pass of the clock
/// shows (two intervals, or one that takes in both passes), and the spring's
/// skipped hour is simply absent.
pub fn span_instants(date: Date, span: Span, tz: &TimeZone) -> Vec<(i64, i64)> {
    // "Naive" seconds: the wall-clock reading as if it were UTC.
    let naive = |minute: u16| -> Option<i64> {
        let (d, m) = if minute >= MINUTES_PER_DAY {
            (date.checked_add(1.day()).ok()?, minute - MINUTES_PER_DAY)
        } else {
            (date, minute)
        };
        let h = i8::try_from(m / 60).ok()?;
        let mm = i8::try_from(m % 60).ok()?;
        d.at(h, mm, 0, 0).to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
    };
    let (Some(open), Some(close)) = (naive(span.opens), naive(span.closes)) else { return Vec::new() };
    // Offsets are within ±18 h: look at every instant that could read this day.
    let (lo, hi) = (open - 18 * 3600, close + 18 * 3600);
    let mut cuts = vec![lo];
    if let Ok(start) = Timestamp::from_second(lo) {
        for t in tz.following(start) {
            let s = t.timestamp().as_second();
            if s >= hi {
                break;
            }
            cuts.push(s);
        }
    }
    cuts.push(hi);
    let mut out: Vec<(i64, i64)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Ok(at) = Timestamp::from_second(a) else { continue };
        let offset = i64::from(tz.to_offset(at).seconds());
        // Within one offset the wall clock moves with time: one interval.
        let (s, e) = (a.max(open - offset), b.min(close - offset));
        if s < e {
            match out.last_mut() {
                Some(last) if last.1 >= s => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
    }
    out
}

/// Parses `"HH:MM"` (00:00 … 24:00) into minutes from midnight.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

pub fn fmt_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn rome() -> TimeZone {
        crate::rome()
    }

    fn span(a: u16, b: u16) -> Span {
        Span { opens: a, closes: b }
    }

    fn weekdays(s: Span) -> Vec<WeeklySlot> {
        (0..5).map(|w| WeeklySlot { weekday: w, span: s }).collect()
    }

    fn at(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
        date(y, mo, d).at(h, mi, 0, 0).to_zoned(rome()).unwrap().timestamp()
    }

    #[test]
    fn parse_and_format() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("9:5"), None);
        assert_eq!(parse_hhmm("7:05"), Some(425));
        assert_eq!(fmt_hhmm(1440), "24:00");
    }

    #[test]
    fn validation_finds_overlaps_and_inversions() {
        let slots = vec![
            WeeklySlot { weekday: 0, span: span(540, 780) },
            WeeklySlot { weekday: 0, span: span(720, 800) },
            WeeklySlot { weekday: 1, span: span(600, 600) },
            WeeklySlot { weekday: 7, span: span(600, 700) },
        ];
        assert_eq!(
            validate_weekly(&slots),
            vec![
                HoursError::Overlap { index: 1, other: 0 },
                HoursError::EndBeforeStart { index: 2 },
                HoursError::BadWeekday { index: 3 }
            ]
        );
        // Touching spans do not overlap.
        let ok =
            vec![WeeklySlot { weekday: 0, span: span(540, 780) }, WeeklySlot { weekday: 0, span: span(780, 1140) }];
        assert!(validate_weekly(&ok).is_empty());
    }

    #[test]
    fn open_now_and_until() {
        let s = Schedule { weekly: weekdays(span(9 * 60, 19 * 60)), ..Default::default() };
        // Monday 23 November 2026, 10:00 in Rome.
        let t = at(2026, 11, 23, 10, 0);
        assert!(s.is_open_at(t, &rome()));
        assert_eq!(s.status_at(t, &rome()), OpenStatus::Open { until: Some(at(2026, 11, 23, 19, 0)) });
        // Saturday: closed until Monday 9:00.
        let sat = at(2026, 11, 28, 12, 0);
        assert_eq!(s.status_at(sat, &rome()), OpenStatus::Closed { next_open: Some(at(2026, 11, 30, 9, 0)) });
    }

    #[test]
    fn open_past_midnight_merges() {
        let s = Schedule {
            weekly: vec![
                WeeklySlot { weekday: 4, span: span(18 * 60, 1440) },
                WeeklySlot { weekday: 5, span: span(0, 2 * 60) },
            ],
            ..Default::default()
        };
        let fri = at(2026, 11, 27, 22, 0);
        assert_eq!(s.status_at(fri, &rome()), OpenStatus::Open { until: Some(at(2026, 11, 28, 2, 0)) });
    }

    #[test]
    fn holidays_and_exceptions() {
        let mut s = Schedule { weekly: weekdays(span(540, 1140)), closed_on_holidays: true, ..Default::default() };
        // Tuesday 8 December 2026 is the Immaculate Conception.
        assert!(!s.is_open_at(at(2026, 12, 8, 10, 0), &rome()));
        // An exception overrides the holiday.
        s.exceptions.push(DayException {
            date: date(2026, 12, 8),
            spans: vec![span(600, 720)],
            note: "Mercatino".into(),
        });
        assert!(s.is_open_at(at(2026, 12, 8, 10, 0), &rome()));
        assert!(!s.is_open_at(at(2026, 12, 8, 13, 0), &rome()));
        // An exception with no spans closes an ordinary day.
        s.exceptions.push(DayException { date: date(2026, 12, 9), spans: vec![], note: "Inventario".into() });
        assert!(!s.is_open_at(at(2026, 12, 9, 10, 0), &rome()));
    }

    #[test]
    fn daylight_saving_days() {
        // Sunday 29 March 2026: 02:00 → 03:00. Sunday 25 October 2026: 03:00 → 02:00.
        let s = Schedule {
            weekly: vec![
                WeeklySlot { weekday: 6, span: span(60, 240) },
                WeeklySlot { weekday: 6, span: span(600, 1200) },
            ],
            ..Default::default()
        };
        let tz = rome();
        let spring_open = local_instant(date(2026, 3, 29), 60, &tz).unwrap();
        let spring_close = local_instant(date(2026, 3, 29), 240, &tz).unwrap();
        assert_eq!(spring_close.duration_since(spring_open).as_secs(), 2 * 3600);
        let autumn_open = local_instant(date(2026, 10, 25), 60, &tz).unwrap();
        let autumn_close = local_instant(date(2026, 10, 25), 240, &tz).unwrap();
        assert_eq!(autumn_close.duration_since(autumn_open).as_secs(), 4 * 3600);
        // Every instant of both days agrees with the wall clock.
        for day in [date(2026, 3, 29), date(2026, 10, 25)] {
            let start = local_instant(day, 0, &tz).unwrap();
            let end = local_instant(day, 1440, &tz).unwrap();
            let mut t = start;
            while t < end {
                let z = t.to_zoned(tz.clone());
                let m = minute_of_day(z.hour(), z.minute());
                let expected = (60..240).contains(&m) || (600..1200).contains(&m);
                assert_eq!(s.is_open_at(t, &tz), expected, "{z}");
                t = t.checked_add(jiff::SignedDuration::from_mins(5)).unwrap();
            }
        }
        // A span starting inside the spring gap opens when the gap ends.
        assert_eq!(local_instant(date(2026, 3, 29), 150, &tz), local_instant(date(2026, 3, 29), 180, &tz));
    }

    fn slot() -> impl Strategy<Value = WeeklySlot> {
        (0u8..7, 0u16..1441, 0u16..1441).prop_map(|(w, a, b)| WeeklySlot { weekday: w, span: span(a, b) })
    }

    proptest! {
        #[test]
        fn validation_agrees_with_a_minute_by_minute_check(slots in prop::collection::vec(slot(), 0..6)) {
            let errors = validate_weekly(&slots);
            let well_formed = slots.iter().all(|s| s.span.is_well_formed());
            let mut seen = vec![[false; 1440]; 7];
            let mut clash = false;
            for s in slots.iter().filter(|s| s.span.is_well_formed()) {
                for m in s.span.opens..s.span.closes {
                    let cell = &mut seen[usize::from(s.weekday)][usize::from(m)];
                    clash |= *cell;
                    *cell = true;
                }
            }
            prop_assert_eq!(errors.is_empty(), well_formed && !clash);
        }

        #[test]
        fn open_at_matches_the_slots(slots in prop::collection::vec(slot(), 0..6), secs in 1_767_225_600i64..1_830_297_600) {
            let slots: Vec<_> = slots.into_iter().filter(|s| s.span.is_well_formed()).collect();
            let s = Schedule { weekly: slots.clone(), ..Default::default() };
            let t = Timestamp::from_second(secs).unwrap();
            let z = t.to_zoned(rome());
            let m = minute_of_day(z.hour(), z.minute());
            let wd = weekday_index(z.weekday());
            let expected = slots.iter().any(|x| x.weekday == wd && x.span.contains(m));
            prop_assert_eq!(s.is_open_at(t, &rome()), expected);
            let status = s.status_at(t, &rome());
            prop_assert_eq!(status.is_open(), expected);
            match status {
                OpenStatus::Open { until: Some(u) } => prop_assert!(u > t),
                OpenStatus::Closed { next_open: Some(n) } => {
                    prop_assert!(n > t);
                    prop_assert!(s.is_open_at(n, &rome()));
                }
                _ => {}
            }
        }
    }
}
