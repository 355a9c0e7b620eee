//! The programme's codes as the pages show them: audience, kind, level and
//! topic, each with its label in the person's language.

use crate::http::ctx::Ctx;
use portineria_domain::programme::{Audience, EventKind, Level, Topic};

/// A code and its label in the person's language.
pub type Choice = (String, String);

/// Audience, kind, level and topic codes with their labels, for the pages.
pub struct Choices {
    pub audiences: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub topics: Vec<Choice>,
}

/// The label of a code: `event-kind-kids-lab` for `event-kind` and `kids_lab`.
pub fn label(ctx: &Ctx, prefix: &str, code: &str) -> String {
    ctx.tr.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

pub fn choices(ctx: &Ctx) -> Choices {
    let t = |prefix: &str, code: &str| label(ctx, prefix, code);
    Choices {
        audiences: Audience::ALL.iter().map(|a| (a.as_str().to_owned(), t("audience", a.as_str()))).collect(),
        kinds: EventKind::ALL.iter().map(|k| (k.as_str().to_owned(), t("event-kind", k.as_str()))).collect(),
        levels: Level::ALL.iter().map(|l| (l.as_str().to_owned(), t("level", l.as_str()))).collect(),
        topics: Topic::ALL.iter().map(|x| (x.as_str().to_owned(), t("topic", x.as_str()))).collect(),
    }
}
