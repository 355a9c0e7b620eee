//! iCalendar (RFC 5545) writing: CRLF line ends, lines folded at 75 octets,
//! text escaped, instants in UTC (`…Z`, so no VTIMEZONE is needed).

use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable, e.g. `booking-42@portineria`.
    pub uid: String,
    pub start: i64,
    pub end: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    /// A link to the page; also put in the description (clients ignore URL).
    pub url: Option<String>,
    pub cancelled: bool,
}

/// Escapes TEXT values (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (3.1).
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn utc(secs: i64) -> String {
    Timestamp::from_second(secs).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

/// A whole calendar with its events.
pub fn calendar(name: &str, events: &[Event], now: i64) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Portineria//Portineria//IT",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(name))));
    out.push_str(&fold("X-WR-TIMEZONE:Europe/Rome"));
    for e in events {
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}", escape(&e.uid))));
        out.push_str(&fold(&format!("DTSTAMP:{}", utc(now))));
        out.push_str(&fold(&format!("DTSTART:{}", utc(e.start))));
        out.push_str(&fold(&format!("DTEND:{}", utc(e.end))));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&e.summary))));
        let description = match &e.url {
            Some(u) if !e.description.is_empty() => format!("{}\n{u}", e.description),
            Some(u) => u.clone(),
            None => e.description.clone(),
        };
        if !description.is_empty() {
            out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&description))));
        }
        if !e.location.is_empty() {
            out.push_str(&fold(&format!("LOCATION:{}", escape(&e.location))));
        }
        if let Some(u) = &e.url {
            out.push_str(&fold(&format!("URL:{u}")));
        }
        out.push_str(&fold(if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" }));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unfold(s: &str) -> Vec<String> {
        s.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(x) => out.push(x),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn a_calendar_has_the_required_parts() {
        let e = Event {
            uid: "booking-1@portineria".into(),
            start: 1_795_420_800,
            end: 1_795_428_000,
            summary: "Kworking, Le Serre".into(),
            description: "Prenotazione".into(),
            location: "via Polischi 9, Bologna".into(),
            url: Some("https://portineria.example/places/1".into()),
            cancelled: false,
        };
        let ics = calendar("Le Serre", &[e], 1_795_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261123T080000Z\r\n"));
        assert!(ics.contains("SUMMARY:Kworking\\, Le Serre\r\n"));
        assert_eq!(ics.matches("DTEND").count(), 1);
        assert!(!ics.contains("DURATION"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "only CRLF line ends");
    }

    proptest! {
        #[test]
        fn folded_lines_fit_and_unfold_to_the_original(text in "\\PC{0,300}") {
            let line = format!("DESCRIPTION:{}", escape(&text));
            let folded = fold(&line);
            for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
                prop_assert!(l.len() <= 75, "{} octets", l.len());
            }
            let back = unfold(&folded);
            prop_assert_eq!(back.len(), 1);
            prop_assert_eq!(unescape(back[0].trim_start_matches("DESCRIPTION:")), text.replace('\r', ""));
        }
    }
}
