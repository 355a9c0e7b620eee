//! Languages and translated strings (Fluent). Italian first, English complete.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    pub fn code(&self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The supported language an `Accept-Language` header prefers most.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag)
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

/// The shared messages: the layout, errors, formats.
const SHARED_IT: &str = include_str!("it.ftl");
const SHARED_EN: &str = include_str!("en.ftl");

/// Every message of a language: the shared ones, then each capability's
/// (a message id defined twice is refused when the bundle is built).
pub fn messages(lang: Lang) -> String {
    let shared = match lang {
        Lang::It => SHARED_IT,
        Lang::En => SHARED_EN,
    };
    let mut all = String::from(shared);
    for c in crate::CAPABILITIES {
        all.push('\n');
        all.push_str(match lang {
            Lang::It => c.it,
            Lang::En => c.en,
        });
    }
    all
}

pub struct I18n {
    it: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// Messages without arguments, formatted once at start.
    it_plain: HashMap<String, String>,
    en_plain: HashMap<String, String>,
    /// Messages with a count, formatted at start for counts up to `COUNTS`.
    it_counts: HashMap<&'static str, Vec<String>>,
    en_counts: HashMap<&'static str, Vec<String>>,
    /// Messages with arguments, formatted once per distinct set of arguments
    /// ("aperto fino alle 19:00", "12 min a piedi"); cleared when it grows large.
    memo: RwLock<HashMap<String, String>>,
}

const MEMO_LIMIT: usize = 50_000;

/// Messages taking `$count` that lists show many times, and how far to precompute them.
const COUNTED: [&str; 4] = ["walk-minutes", "minutes", "capacity-people", "sites-count"];
const COUNTS: i64 = 500;

fn counted(bundle: &FluentBundle<FluentResource>) -> HashMap<&'static str, Vec<String>> {
    COUNTED
        .iter()
        .filter_map(|id| {
            let pattern = bundle.get_message(id)?.value()?;
            let texts = (0..=COUNTS)
                .map(|n| {
                    let mut args = FluentArgs::new();
                    args.set("count", FluentValue::from(n));
                    let mut errors = Vec::new();
                    bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
                })
                .collect();
            Some((*id, texts))
        })
        .collect()
}

/// The ids of the messages in a Fluent source.
pub fn message_ids(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
        .collect()
}

fn plain_messages(bundle: &FluentBundle<FluentResource>, source: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for id in message_ids(source) {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { continue };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors).into_owned();
        if errors.is_empty() {
            out.insert(id.to_owned(), text);
        }
    }
    out
}

fn bundle(lang: &str, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let res = FluentResource::try_new(source.to_owned()).map_err(|(_, e)| format!("{lang}.ftl: {e:?}"))?;
    let id: unic_langid::LanguageIdentifier = lang.parse().map_err(|e| format!("{lang}: {e}"))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.add_resource(res).map_err(|e| format!("{lang}.ftl: {e:?}"))?;
    Ok(b)
}

impl I18n {
    pub fn new() -> Result<Self, String> {
        let (it_ftl, en_ftl) = (messages(Lang::It), messages(Lang::En));
        let (it, en) = (bundle("it", &it_ftl)?, bundle("en", &en_ftl)?);
        let it_plain = plain_messages(&it, &it_ftl);
        let en_plain = plain_messages(&en, &en_ftl);
        let (it_counts, en_counts) = (counted(&it), counted(&en));
        Ok(Self { it, en, it_plain, en_plain, it_counts, en_counts, memo: RwLock::default() })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }

    /// The message `id` in `lang`; the id itself when missing (tests check none is).
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        if args.is_none() {
            let plain = match lang {
                Lang::It => &self.it_plain,
                Lang::En => &self.en_plain,
            };
            if let Some(text) = plain.get(id) {
                return text.clone();
            }
        }
        let b = self.bundle(lang);
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// Like [`I18n::format`], remembering the result for these arguments.
    pub fn format_memo(&self, lang: Lang, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        use std::fmt::Write as _;
        let mut key = String::with_capacity(64);
        key.push_str(lang.code());
        key.push('\u{0}');
        key.push_str(id);
        for (name, value) in args {
            key.push('\u{0}');
            key.push_str(name);
            key.push('=');
            match value {
                FluentValue::String(s) => key.push_str(s),
                FluentValue::Number(n) => {
                    let _ = write!(key, "{}", n.value);
                }
                _ => return self.format(lang, id, Some(&to_args(args))),
            }
        }
        if let Ok(memo) = self.memo.read()
            && let Some(text) = memo.get(&key)
        {
            return text.clone();
        }
        let text = self.format(lang, id, Some(&to_args(args)));
        if let Ok(mut memo) = self.memo.write() {
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(key, text.clone());
        }
        text
    }

    /// A precomputed counted message, if `id` is one and `n` is in range.
    pub fn counted(&self, lang: Lang, id: &str, n: i64) -> Option<&str> {
        let table = match lang {
            Lang::It => &self.it_counts,
            Lang::En => &self.en_counts,
        };
        table.get(id)?.get(usize::try_from(n).ok()?).map(String::as_str)
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }
}

fn to_args(args: &[(&'static str, FluentValue<'static>)]) -> FluentArgs<'static> {
    let mut a = FluentArgs::new();
    for (name, value) in args {
        a.set(*name, value.clone());
    }
    a
}

/// A translator bound to one language; what templates call.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: Lang,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Self {
        Self { i18n, lang }
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.format(self.lang, id, None)
    }

    /// A message with one argument.
    pub fn t1<V: Into<FluentValue<'static>>>(&self, id: &str, name: &'static str, value: V) -> String {
        self.i18n.format_memo(self.lang, id, &[(name, value.into())])
    }

    /// A message with a `$count` (from a table for the common ones).
    pub fn count(&self, id: &str, n: impl std::borrow::Borrow<i64>) -> std::borrow::Cow<'_, str> {
        let n = *n.borrow();
        match self.i18n.counted(self.lang, id, n) {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => std::borrow::Cow::Owned(self.t1(id, "count", n)),
        }
    }

    /// A message with two arguments.
    pub fn t2<A: Into<FluentValue<'static>>, B: Into<FluentValue<'static>>>(
        &self,
        id: &str,
        n1: &'static str,
        v1: A,
        n2: &'static str,
        v2: B,
    ) -> String {
        self.i18n.format_memo(self.lang, id, &[(n1, v1.into()), (n2, v2.into())])
    }

    /// A message with any number of arguments of any kind (not memoised:
    /// for one-off texts whose numbers pick a plural form).
    pub fn tv(&self, id: &str, args: Vec<(&'static str, FluentValue<'static>)>) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(k, v);
        }
        self.i18n.format(self.lang, id, Some(&a))
    }

    /// A message with any number of text arguments (not memoised: for
    /// mails and other one-off texts).
    pub fn tn(&self, id: &str, args: &[(&'static str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.clone()));
        }
        self.i18n.format(self.lang, id, Some(&a))
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message for a field error, with its arguments.
    pub fn field_error(&self, e: &portineria_domain::FieldError) -> String {
        let mut args = FluentArgs::new();
        for (k, v) in &e.args {
            args.set(*k, FluentValue::from(*v));
        }
        self.i18n.format(self.lang, &format!("err-{}", e.code), Some(&args))
    }
}
