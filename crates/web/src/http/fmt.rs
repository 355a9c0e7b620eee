//! Presentation helpers: instants in Europe/Rome, opening hours, URLs.

use crate::http::i18n::Tr;
use jiff::Timestamp;
use jiff::civil::Date;
use portineria_domain::hours::{OpenStatus, Schedule, fmt_hhmm};
use portineria_domain::validate::fmt_euros;

/// Percent-encodes a query-string component.
pub fn urlencode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// A local path we may redirect to (never another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub fn local_date(t: Timestamp) -> Date {
    t.to_zoned(portineria_domain::rome()).date()
}

/// The local (Rome) date and minute of the day of an instant.
pub fn local_date_minute(t: Timestamp) -> (Date, u16) {
    let z = t.to_zoned(portineria_domain::rome());
    (z.date(), portineria_domain::hours::minute_of_day(z.hour(), z.minute()))
}

/// "14:30" in Rome.
pub fn time(t: Timestamp) -> String {
    t.to_zoned(portineria_domain::rome()).strftime("%H:%M").to_string()
}

/// "22/11/2026 14:30" in Rome.
pub fn date_time(t: Timestamp) -> String {
    t.to_zoned(portineria_domain::rome()).strftime("%d/%m/%Y %H:%M").to_string()
}

/// An instant as RFC 3339 in UTC (`2026-12-02T16:00:00Z`), as the API writes it.
pub fn rfc3339_utc(secs: i64) -> String {
    Timestamp::from_second(secs).map(|t| t.to_string()).unwrap_or_default()
}

/// The same instant in Europe/Rome with its offset (`2026-12-02T17:00:00+01:00`).
pub fn rfc3339_local(secs: i64) -> String {
    Timestamp::from_second(secs)
        .map(|t| t.to_zoned(portineria_domain::rome()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

pub fn date_time_secs(secs: i64) -> String {
    Timestamp::from_second(secs).map(date_time).unwrap_or_default()
}

pub fn weekday_name(tr: &Tr, weekday: u8) -> String {
    const IDS: [&str; 7] = ["weekday-0", "weekday-1", "weekday-2", "weekday-3", "weekday-4", "weekday-5", "weekday-6"];
    tr.t(IDS.get(usize::from(weekday)).copied().unwrap_or("weekday-0"))
}

/// "Aperto fino alle 19:00" / "Apre domani alle 9:00" / "Chiuso".
pub fn open_status(tr: &Tr, status: &OpenStatus, now: Timestamp) -> String {
    match status {
        OpenStatus::Open { until: Some(u) } => {
            if local_date(*u) == local_date(now) {
                tr.t1("open-until", "time", time(*u))
            } else {
                tr.t2("open-until-day", "day", day_label(tr, *u, now), "time", time(*u))
            }
        }
        OpenStatus::Open { until: None } => tr.t("open-now"),
        OpenStatus::Closed { next_open: Some(n) } => {
            if local_date(*n) == local_date(now) {
                tr.t1("opens-at", "time", time(*n))
            } else {
                tr.t2("opens-day-at", "day", day_label(tr, *n, now), "time", time(*n))
            }
        }
        OpenStatus::Closed { next_open: None } => tr.t("closed"),
    }
}

/// "domani", "lunedì", or "24/12".
fn day_label(tr: &Tr, t: Timestamp, now: Timestamp) -> String {
    let (d, today) = (local_date(t), local_date(now));
    if today.tomorrow().ok() == Some(d) {
        return tr.t("tomorrow");
    }
    let days = (d - today).get_days();
    if (2..7).contains(&days) {
        return weekday_name(tr, portineria_domain::hours::weekday_index(d.weekday()));
    }
    d.strftime("%d/%m").to_string()
}

/// One row per weekday: ("Lunedì", "09:00–13:00, 14:00–19:00" or "chiuso").
pub fn weekly_rows(tr: &Tr, schedule: &Schedule) -> Vec<(String, String)> {
    (0u8..7)
        .map(|w| {
            let spans: Vec<String> = schedule
                .weekly
                .iter()
                .filter(|s| s.weekday == w)
                .map(|s| format!("{}–{}", fmt_hhmm(s.span.opens), fmt_hhmm(s.span.closes)))
                .collect();
            let text = if spans.is_empty() { tr.t("closed-lower") } else { spans.join(", ") };
            (weekday_name(tr, w), text)
        })
        .collect()
}

/// Upcoming exceptions: ("24/12/2026", "09:00–14:00" or "chiuso", note).
pub fn exception_rows(tr: &Tr, schedule: &Schedule, from: Date) -> Vec<(String, String, String)> {
    schedule
        .exceptions
        .iter()
        .filter(|e| e.date >= from)
        .map(|e| {
            let text = if e.spans.is_empty() {
                tr.t("closed-lower")
            } else {
                e.spans
                    .iter()
                    .map(|s| format!("{}–{}", fmt_hhmm(s.opens), fmt_hhmm(s.closes)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (e.date.strftime("%d/%m/%Y").to_string(), text, e.note.clone())
        })
        .collect()
}

/// Walking minutes rounded up, as shown ("12 min").
pub fn minutes(m: f64) -> i64 {
    m.ceil() as i64
}

pub fn hours(minutes: impl std::borrow::Borrow<i64>) -> String {
    let minutes = *minutes.borrow();
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

pub fn euros(cents: impl std::borrow::Borrow<i64>) -> String {
    format!("{} €", fmt_euros(*cents.borrow()))
}

/// Minutes as signed hours: `+1:30`, `−0:45`, `0:00`.
pub fn signed_hours(minutes: i64) -> String {
    let sign = match minutes.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    let m = minutes.unsigned_abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}
