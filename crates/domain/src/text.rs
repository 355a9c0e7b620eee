//! Text rules: slugs, accent folding and search terms.

/// Folds a character to lower-case ASCII where it is a Latin letter with a
/// diacritic (à → a, È → e, ç → c, ß → ss); other characters are lower-cased.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ç' | 'Ç' => "c",
        'ñ' | 'Ñ' => "n",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(folded);
}

/// Lower-cases and removes diacritics, keeping every other character.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// The words of a text, folded: runs of ASCII letters and digits.
pub fn words(s: &str) -> Vec<String> {
    fold(s).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The text a search index stores: folded words separated by single spaces.
pub fn search_document(parts: &[&str]) -> String {
    parts.iter().flat_map(|p| words(p)).collect::<Vec<_>>().join(" ")
}

/// Search terms from what a person typed: folded words, at most 8, each
/// matched as a prefix by the engines. Only `[a-z0-9]` survives, so a term is
/// safe inside either engine's query syntax.
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms = words(query);
    terms.truncate(8);
    terms
}

/// Whether every term is the prefix of a word of `document` (a search
/// document as made by [`search_document`]). The engines' full-text indexes
/// answer the same question (FTS5 `term*`, `to_tsquery('term:*')`).
pub fn matches(document: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| document.split(' ').any(|w| w.starts_with(t.as_str())))
}

/// Italian words too common to tell texts apart.
const STOP_WORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "agli", "ai", "che", "chi", "con", "da", "dal", "dalla", "dei", "del", "della",
    "delle", "di", "e", "ed", "gli", "i", "il", "in", "la", "le", "lo", "ma", "mi", "nei", "nel", "nella", "o", "per",
    "si", "su", "sul", "sulla", "ti", "tra", "fra", "un", "una", "uno", "the", "and", "of", "for", "to",
];

/// The stems of a text for full-text search with Italian stemming: words
/// lower-cased, common words dropped, each reduced by the Snowball Italian
/// stemmer and then folded (accents removed), each once, in order.
/// "riparazioni" and "riparare" both give "ripar"; "biciclette" and
/// "bicicletta" give "biciclett".
pub fn stems(s: &str) -> Vec<String> {
    use rust_stemmers::{Algorithm, Stemmer};
    static ITALIAN: std::sync::OnceLock<Stemmer> = std::sync::OnceLock::new();
    let stemmer = ITALIAN.get_or_init(|| Stemmer::create(Algorithm::Italian));
    let mut out: Vec<String> = Vec::new();
    for word in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let lower = word.to_lowercase();
        if STOP_WORDS.contains(&lower.as_str()) {
            continue;
        }
        let stem = fold(&stemmer.stem(&lower));
        let stem: String = stem.chars().filter(char::is_ascii_alphanumeric).collect();
        if !stem.is_empty() && !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// How well a text answers a query of stems: `None` unless every query stem
/// is the start of one of the text's stems (as the engines' `LIKE` filter
/// asks); otherwise a score, higher for stems found in the title.
pub fn score(title: &[String], body: &[String], query: &[String]) -> Option<u32> {
    let found = |stems: &[String], q: &String| stems.iter().any(|s| s.starts_with(q.as_str()));
    let mut total = 0;
    for q in query {
        total += match (found(title, q), found(body, q)) {
            (true, _) => 3,
            (false, true) => 1,
            (false, false) => return None,
        };
    }
    Some(total)
}

/// About `words` words of `text` around the first word that answers the
/// query, with "…" where it was cut; the text's start when none does.
pub fn snippet(text: &str, query: &[String], words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let hit = all.iter().position(|w| stems(w).iter().any(|s| query.iter().any(|q| s.starts_with(q.as_str()))));
    let start = hit.map(|h| h.saturating_sub(words / 3)).unwrap_or(0);
    let end = (start + words).min(all.len());
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(&all[start..end].join(" "));
    if end < all.len() {
        out.push_str(" …");
    }
    out
}

/// A URL-friendly identifier: "Caffè Letterario" → "caffe-letterario".
pub fn slugify(s: &str) -> String {
    let slug = words(s).join("-");
    let mut slug: String = slug.chars().take(60).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { "x".to_owned() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scores_and_snippets() {
        let title = stems("Riparo biciclette");
        let body = stems("Sistemo freni, camere d'aria e catene nel cortile di via Frati.");
        assert_eq!(score(&title, &body, &stems("bicicletta")), Some(3));
        assert_eq!(score(&title, &body, &stems("freni bici")), Some(4));
        assert_eq!(score(&title, &body, &stems("freni divano")), None);
        let text = "Uno due tre quattro cinque sei sette otto nove dieci freni undici dodici tredici";
        assert_eq!(snippet(text, &stems("freno"), 6), "… nove dieci freni undici dodici tredici");
        assert_eq!(snippet("Corto", &stems("niente"), 6), "Corto");
    }

    #[test]
    fn italian_words_share_their_stem() {
        assert_eq!(stems("riparazioni"), stems("riparare"));
        assert_eq!(stems("biciclette"), stems("bicicletta"));
        assert_eq!(stems("Cerco chi mi aiuti con la spesa"), vec!["cerc", "aiut", "spes"]);
        assert!(stems("il la di per").is_empty());
        assert_eq!(stems("città Città citta"), vec!["citt"]);
    }

    #[test]
    fn folds_italian() {
        assert_eq!(fold("Caffè Più Università"), "caffe piu universita");
        assert_eq!(slugify("L'alba dell'uomo"), "l-alba-dell-uomo");
        assert_eq!(slugify("  "), "x");
        assert_eq!(search_terms("Serra, salotto!"), vec!["serra", "salotto"]);
        assert_eq!(search_document(&["Kw baby", "Spazio per bambini"]), "kw baby spazio per bambini");
    }

    proptest! {
        #[test]
        fn terms_are_safe_for_query_syntax(s in ".{0,200}") {
            let terms = search_terms(&s);
            prop_assert!(terms.len() <= 8);
            for t in terms {
                prop_assert!(!t.is_empty());
                prop_assert!(t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            }
        }

        #[test]
        fn slugs_are_url_safe(s in ".{0,200}") {
            let slug = slugify(&s);
            prop_assert!(!slug.is_empty() && slug.len() <= 60);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
        }

        #[test]
        fn a_document_matches_its_own_words(a in "[a-zA-Zàèéìòù ]{1,40}") {
            let doc = search_document(&[&a]);
            let terms = search_terms(&a);
            prop_assert!(matches(&doc, &terms));
            // Any prefix of any of its words matches too.
            for t in &terms {
                let prefix: String = t.chars().take(3).collect();
                prop_assert!(matches(&doc, &[prefix]));
            }
        }

        #[test]
        fn a_term_not_in_the_document_does_not_match(a in "[a-z ]{0,40}", t in "[a-z]{1,8}") {
            let doc = search_document(&[&a]);
            let present = doc.split(' ').any(|w| w.starts_with(&t));
            prop_assert_eq!(matches(&doc, std::slice::from_ref(&t)), present);
        }
    }
}
