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
