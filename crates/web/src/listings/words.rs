//! How offers and demands are worded, for the pages, the API and the mail
//! alike: a category's name in the reader's language, a value in hours
//! (written and read), and why two listings go together.

use crate::i18n::Tr;
use portineria_domain::hours::fmt_hhmm;
use portineria_domain::matching::Reason;
use portineria_store::Category;

/// A category's name in `tr`'s language.
pub fn category_name_in(tr: &Tr, c: &Category) -> String {
    if tr.lang.code() == "en" { c.name_en.clone() } else { c.name_it.clone() }
}

/// The name of category `id` among `categories` (empty if it is not there).
pub fn category_name(tr: &Tr, categories: &[Category], id: i64) -> String {
    categories.iter().find(|c| c.id == id).map(|c| category_name_in(tr, c)).unwrap_or_default()
}

/// Minutes as hours: `1:30` (empty for none).
pub fn hours(minutes: Option<i64>) -> String {
    minutes.map(|m| format!("{}:{:02}", m / 60, m % 60)).unwrap_or_default()
}

/// Hours as typed (`1`, `1,5`, `1:30`) in minutes; `Ok(None)` when empty.
pub(crate) fn parse_hours(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some((h, m)) = s.split_once(':') {
        let (h, m) = (h.trim().parse::<i64>().map_err(|_| ())?, m.trim().parse::<i64>().map_err(|_| ())?);
        if !(0..60).contains(&m) || h < 0 {
            return Err(());
        }
        return Ok(Some(h * 60 + m));
    }
    let x: f64 = s.replace(',', ".").parse().map_err(|_| ())?;
    if !x.is_finite() || !(0.0..=100.0).contains(&x) {
        return Err(());
    }
    Ok(Some((x * 60.0).round() as i64))
}

/// Why two listings go together, in `tr`'s language.
pub fn reason_in(tr: &Tr, r: &Reason) -> String {
    match r {
        Reason::SameCategory => tr.t("match-same-category"),
        Reason::SameArea => tr.t("match-same-area"),
        Reason::SharedWords { words } => tr.t1("match-shared-words", "words", words.join(", ")),
        Reason::Walk { minutes } => tr.t1("match-walk", "minutes", minutes.to_string()),
        Reason::TimesOverlap { weekday, from, to } => tr.tn(
            "match-times",
            &[("day", tr.t(&format!("weekday-{weekday}"))), ("from", fmt_hhmm(*from)), ("to", fmt_hhmm(*to))],
        ),
        Reason::Reliable => tr.t("match-reliable"),
    }
}
