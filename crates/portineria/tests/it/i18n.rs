//! Every message the code and templates use exists in Italian and English.

use portineria_web::i18n::{I18n, Lang, messages};
use std::collections::BTreeSet;
use std::path::Path;

fn ids(ftl: &str) -> BTreeSet<String> {
    ftl.lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('*') && !l.starts_with('['))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty())
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "html") {
            out.push(std::fs::read_to_string(&p).unwrap());
        }
    }
}

/// Literal ids passed to `t(…)`, `t1(…)` and `t2(…)`.
fn used_ids() -> BTreeSet<String> {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut files = Vec::new();
    walk(&web.join("src"), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        for marker in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\"", ".count(\""] {
            for part in f.split(marker).skip(1) {
                if let Some(end) = part.find('"') {
                    out.insert(part[..end].to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn italian_and_english_have_the_same_messages() {
    let (it, en) = (ids(&messages(Lang::It)), ids(&messages(Lang::En)));
    assert!(it.len() > 200, "{}", it.len());
    let only_it: Vec<_> = it.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&it).collect();
    assert!(only_it.is_empty() && only_en.is_empty(), "only in it: {only_it:?}; only in en: {only_en:?}");
}

#[test]
fn every_message_used_exists() {
    let i18n = I18n::new().unwrap();
    let missing: Vec<String> =
        used_ids().into_iter().filter(|id| !id.contains('{') && !Lang::ALL.iter().all(|l| i18n.has(*l, id))).collect();
    assert!(missing.is_empty(), "missing messages: {missing:?}");
    // Messages built from codes: kinds, weekdays, holidays, errors.
    for k in portineria_domain::kinds::SiteKind::ALL {
        assert!(i18n.has(Lang::En, &format!("site-kind-{}", k.as_str())));
    }
    for k in portineria_domain::kinds::PlaceKind::ALL {
        assert!(i18n.has(Lang::It, &format!("place-kind-{}", k.as_str())));
    }
    for d in 0..7 {
        assert!(i18n.has(Lang::It, &format!("weekday-{d}")));
    }
    for lang in Lang::ALL {
        for k in portineria_domain::passes::PlanKind::ALL {
            assert!(i18n.has(lang, &format!("plan-kind-{}", k.as_str())), "{lang:?} {k:?}");
        }
        for m in portineria_store::PaymentMethod::ALL {
            assert!(i18n.has(lang, &format!("method-{}", m.as_str())));
        }
        for r in portineria_domain::passes::RoundMode::ALL {
            assert!(i18n.has(lang, &format!("rounding-{}", r.as_str())));
        }
        use portineria_domain::programme::{Audience, EventKind, Level, Topic};
        let codes = Audience::ALL
            .iter()
            .map(|a| format!("audience-{}", a.as_str()))
            .chain(EventKind::ALL.iter().map(|k| format!("event-kind-{}", k.as_str())))
            .chain(Level::ALL.iter().map(|l| format!("level-{}", l.as_str())))
            .chain(Topic::ALL.iter().map(|t| format!("topic-{}", t.as_str())));
        for id in codes {
            let id = id.replace('_', "-");
            assert!(i18n.has(lang, &id), "{lang:?} {id}");
        }
        for k in portineria_store::MailKind::ALL {
            let id = format!("mail-kind-{}", k.as_str().replace('.', "-"));
            assert!(i18n.has(lang, &id), "{lang:?} {id}");
        }
        for id in ["booking-rules-summary", "notice-checked-in-pass", "notice-checked-in-voucher"] {
            assert!(i18n.has(lang, id), "{id}");
        }
    }
}

#[test]
fn error_and_field_codes_have_messages() {
    let i18n = I18n::new().unwrap();
    let mut sources = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/src"), &mut sources);
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src"), &mut sources);
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/src"), &mut sources);
    let mut missing = Vec::new();
    // Refusals at the door reach the person as conflicts named by their code.
    for r in portineria_domain::passes::Refusal::ALL {
        for lang in Lang::ALL {
            if !i18n.has(lang, &format!("error-{}", r.code())) {
                missing.push(format!("error-{}", r.code()));
            }
        }
    }
    // Refusals of the time bank, named by `TransferError::code`.
    use portineria_domain::timebank::TransferError;
    for e in [
        TransferError::ToSelf,
        TransferError::NotPositive,
        TransferError::CreditLimit { balance: 0, min_balance: 0 },
        TransferError::HighestBalance { balance: 0, max_balance: 0 },
    ] {
        for lang in Lang::ALL {
            if !i18n.has(lang, &format!("error-{}", e.code())) {
                missing.push(format!("error-{}", e.code()));
            }
        }
    }
    // Refusals of exchanges and reviews, named by their codes.
    use portineria_domain::exchanges::{ProposalError, ReviewError};
    let codes = ProposalError::ALL.iter().map(|e| e.code()).chain(ReviewError::ALL.iter().map(|e| e.code()));
    for code in codes {
        for lang in Lang::ALL {
            if !i18n.has(lang, &format!("error-{code}")) {
                missing.push(format!("error-{code}"));
            }
        }
    }
    // Refusals of enrolments and of repetition rules, named by their codes.
    use portineria_domain::programme::{EnrolError, RruleError};
    let rrule = [RruleError::Malformed, RruleError::OnlyWeekly, RruleError::NeverEnds, RruleError::TooMany];
    let ids = EnrolError::ALL
        .iter()
        .map(|e| format!("error-{}", e.code()))
        .chain(rrule.iter().map(|e| format!("err-{}", e.code())));
    for id in ids {
        for lang in Lang::ALL {
            if !i18n.has(lang, &id) {
                missing.push(id.clone());
            }
        }
    }
    for f in &sources {
        // FieldError::new(field, "code") → err-code (literal codes only).
        for part in f.split("FieldError::new(").skip(1) {
            let call = part.split('\n').next().unwrap_or("");
            if let Some((_, rest)) = call.split_once(", \"") {
                let code = rest.split('"').next().unwrap_or("");
                if !code.is_empty() && !Lang::ALL.iter().all(|l| i18n.has(*l, &format!("err-{code}"))) {
                    missing.push(format!("err-{code}"));
                }
            }
        }
        for marker in ["Conflict(\"", "BadRequest(\""] {
            for part in f.split(marker).skip(1) {
                let code = part.split('"').next().unwrap_or("");
                for lang in Lang::ALL {
                    if !i18n.has(lang, &format!("error-{code}")) {
                        missing.push(format!("error-{code}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
