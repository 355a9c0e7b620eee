//! Languages and translated strings (Fluent). Italian first, English complete.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

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

pub const IT_FTL: &str = include_str!("../locales/it.ftl");
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

pub struct I18n {
    it: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
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
        Ok(Self { it: bundle("it", IT_FTL)?, en: bundle("en", EN_FTL)? })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }

    /// The message `id` in `lang`; the id itself when missing (tests check none is).
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let b = self.bundle(lang);
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }
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
        let mut args = FluentArgs::new();
        args.set(name, value.into());
        self.i18n.format(self.lang, id, Some(&args))
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
        let mut args = FluentArgs::new();
        args.set(n1, v1.into());
        args.set(n2, v2.into());
        self.i18n.format(self.lang, id, Some(&args))
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
