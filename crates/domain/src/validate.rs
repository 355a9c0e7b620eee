//! Field validation shared by pages and API.
//!
//! A validator returns the cleaned value or a [`FieldError`] whose `code`
//! names a Fluent message (`err-<code>`), so the message reaches the person in
//! their language next to the field it concerns.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    /// Numeric arguments of the message (`max`, `min`).
    pub args: Vec<(&'static str, i64)>,
}

impl FieldError {
    pub fn new(field: &str, code: &'static str) -> Self {
        Self { field: field.to_owned(), code, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, value));
        self
    }
}

/// Every problem found in one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// Keeps the value when valid, records the error otherwise.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        FieldErrors(vec![e])
    }
}

fn char_len(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX)
}

/// A required single-line text of at most `max` characters.
pub fn required(field: &str, s: &str, max: i64) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    if char_len(t) > max {
        return Err(FieldError::new(field, "too-long").with("max", max));
    }
    if t.chars().any(|c| c.is_control() && c != '\t') {
        return Err(FieldError::new(field, "control-characters"));
    }
    Ok(t.to_owned())
}

/// An optional text: empty becomes `None`. Multi-line text is allowed.
pub fn optional(field: &str, s: Option<&str>, max: i64) -> Result<Option<String>, FieldError> {
    let t = s.unwrap_or("").trim();
    if t.is_empty() {
        return Ok(None);
    }
    if char_len(t) > max {
        return Err(FieldError::new(field, "too-long").with("max", max));
    }
    if t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "control-characters"));
    }
    Ok(Some(t.replace("\r\n", "\n")))
}

/// An e-mail address, lower-cased.
pub fn email(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let bad = || FieldError::new(field, "email");
    if t.len() > 254 || t.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',')) {
        return Err(bad());
    }
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return Err(bad());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-')) {
        return Err(bad());
    }
    Ok(t)
}

pub const PASSWORD_MIN: i64 = 10;
pub const PASSWORD_MAX: i64 = 200;

pub fn password(field: &str, s: &str) -> Result<String, FieldError> {
    let n = char_len(s);
    if n < PASSWORD_MIN {
        return Err(FieldError::new(field, "password-short").with("min", PASSWORD_MIN));
    }
    if n > PASSWORD_MAX {
        return Err(FieldError::new(field, "too-long").with("max", PASSWORD_MAX));
    }
    Ok(s.to_owned())
}

/// An optional web address; must be http(s).
pub fn url(field: &str, s: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(t) = optional(field, s, 500)? else {
        return Ok(None);
    };
    let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.contains(char::is_whitespace) => Ok(Some(t)),
        _ => Err(FieldError::new(field, "url")),
    }
}

/// An optional phone number: digits with spaces, `+`, `-`, `/`, `.`, brackets.
pub fn phone(field: &str, s: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(t) = optional(field, s, 40)? else {
        return Ok(None);
    };
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed = t.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '/' | '.' | '(' | ')'));
    if !allowed || !(5..=20).contains(&digits) {
        return Err(FieldError::new(field, "phone"));
    }
    Ok(Some(t))
}

/// An integer in `min..=max`, from form text.
pub fn integer(field: &str, s: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    if s.trim().is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let v: i64 = s.trim().parse().map_err(|_| FieldError::new(field, "number"))?;
    if v < min || v > max {
        return Err(FieldError::new(field, "range").with("min", min).with("max", max));
    }
    Ok(v)
}

/// A decimal number in `min..=max`, from form text (a comma is accepted as decimal separator).
pub fn decimal(field: &str, s: &str, min: f64, max: f64) -> Result<f64, FieldError> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let v: f64 = t.parse().map_err(|_| FieldError::new(field, "number"))?;
    if !v.is_finite() || v < min || v > max {
        return Err(FieldError::new(field, "range").with("min", min as i64).with("max", max as i64));
    }
    Ok(v)
}

/// An amount in euros from form text ("12", "12,5", "12.50", "€ 1.200,00"
/// is refused: no thousands separators), as integer cents in `0..=max_cents`.
pub fn euros(field: &str, s: &str, max_cents: i64) -> Result<i64, FieldError> {
    let t = s.trim().trim_start_matches('€').trim_end_matches('€').trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let t = t.replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 12 {
        return Err(FieldError::new(field, "money"));
    }
    let whole: i64 = whole.parse().map_err(|_| FieldError::new(field, "money"))?;
    let frac: i64 =
        if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| FieldError::new(field, "money"))? };
    let cents = whole.saturating_mul(100).saturating_add(frac);
    if cents > max_cents {
        return Err(FieldError::new(field, "range").with("min", 0).with("max", max_cents / 100));
    }
    Ok(cents)
}

/// Cents as euros with a decimal comma and two decimals: `1250` → `12,50`.
pub fn fmt_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(email("e", " Nicoletta@Kilowatt.bo.it ").unwrap(), "nicoletta@kilowatt.bo.it");
        for bad in ["", "a", "a@b", "@b.it", "a@.it", "a b@c.it", "a@b@c.it", "a@-b.it"] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts_and_numbers() {
        assert_eq!(required("n", "  Serra  ", 10).unwrap(), "Serra");
        assert_eq!(required("n", " ", 10).unwrap_err().code, "required");
        assert_eq!(required("n", "abcdefghijk", 10).unwrap_err().args, vec![("max", 10)]);
        assert_eq!(optional("d", Some("  "), 10).unwrap(), None);
        assert_eq!(url("w", Some("kilowatt.bo.it")).unwrap_err().code, "url");
        assert_eq!(url("w", Some("https://kilowatt.bo.it")).unwrap().as_deref(), Some("https://kilowatt.bo.it"));
        assert_eq!(phone("p", Some("392 983 2024")).unwrap().as_deref(), Some("392 983 2024"));
        assert!(phone("p", Some("call me")).is_err());
        assert_eq!(integer("c", "30", 1, 100), Ok(30));
        assert_eq!(integer("c", "0", 1, 100).unwrap_err().code, "range");
        assert_eq!(decimal("lat", "44,484", -90.0, 90.0), Ok(44.484));
        assert!(decimal("lat", "NaN", -90.0, 90.0).is_err());
        assert_eq!(euros("p", "12", 100_000), Ok(1200));
        assert_eq!(euros("p", "€ 12,5", 100_000), Ok(1250));
        assert_eq!(euros("p", "0.05", 100_000), Ok(5));
        for bad in ["", "12,345", "1.200,00", "-3", "abc", ",5", "1e3"] {
            assert!(euros("p", bad, 100_000_000).is_err(), "{bad}");
        }
        assert_eq!(fmt_euros(150_000), "1500,00");
    }

    proptest! {
        #[test]
        fn validators_never_panic_and_trim(s in ".{0,300}") {
            if let Ok(v) = required("f", &s, 100) {
                prop_assert_eq!(v.trim(), v.as_str());
                prop_assert!(!v.is_empty());
            }
            if let Ok(e) = email("f", &s) {
                prop_assert!(e.contains('@'));
                prop_assert_eq!(e.to_lowercase(), e.clone());
            }
            let _ = phone("f", Some(&s));
            let _ = url("f", Some(&s));
            let _ = decimal("f", &s, -1.0, 1.0);
            if let Ok(c) = euros("f", &s, 1_000_000) {
                prop_assert!((0..=1_000_000).contains(&c));
            }
        }

        /// Formatting cents and reading them back gives the same cents.
        #[test]
        fn euros_round_trip(cents in 0i64..100_000_000) {
            prop_assert_eq!(euros("p", &fmt_euros(cents), i64::MAX), Ok(cents));
            prop_assert_eq!(euros("p", &fmt_euros(cents).replace(',', "."), i64::MAX), Ok(cents));
        }
    }
}
