//! TradeMaximizer's want-list format, read into a [`WantGraph`].
//!
//! One want list per line: `ITEM WANT1 WANT2 …` or `(user) ITEM : WANTS`.
//! `#` starts a comment line, `#!` declares options before the first want
//! list, and `!BEGIN-OFFICIAL-NAMES` … `!END-OFFICIAL-NAMES` lists the
//! official item names. A semicolon in a want list raises the rank of the
//! next want by `BIG-STEP`; `%NAME` is a user's dummy item (with
//! `ALLOW-DUMMIES`). Names are upper-cased unless `CASE-SENSITIVE`.
//!
//! What makes the file unreadable is an error with its line and reason, as
//! TradeMaximizer's fatal errors; what it skips (an unknown item, a repeat, an
//! item in its own list, another list for the same item) is a warning, as its
//! `ERRORS` section, and the rest is read.

use crate::cycles::{NONTRADE_COST, WantGraph};
use std::collections::{HashMap, HashSet};

/// A want-list file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct WantListError {
    pub line: usize,
    pub reason: String,
}

/// An item with a want list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// As written in the file (upper-cased unless `CASE-SENSITIVE`); a dummy's
    /// name carries its user: `%NAME for user (USER)`.
    pub name: String,
    /// With its parentheses, as TradeMaximizer prints it.
    pub user: Option<String>,
    pub dummy: bool,
}

/// A read want-list file.
#[derive(Debug, Clone, Default)]
pub struct WantList {
    /// The vertices of `graph`, in the order of their want lists.
    pub items: Vec<Item>,
    pub graph: WantGraph,
    /// The options declared, upper-cased.
    pub options: Vec<String>,
    /// What was skipped, and why.
    pub warnings: Vec<String>,
}

impl WantList {
    /// Items that are not dummies.
    pub fn real_items(&self) -> usize {
        self.items.iter().filter(|i| !i.dummy).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Priorities {
    None,
    Linear,
    Triangle,
    Square,
    Explicit,
}

struct Options {
    case_sensitive: bool,
    require_colons: bool,
    require_usernames: bool,
    allow_dummies: bool,
    show_repeats: bool,
    priorities: Priorities,
    small_step: i64,
    big_step: i64,
    nontrade_cost: i64,
}

fn fail<T>(line: usize, reason: impl Into<String>) -> Result<T, WantListError> {
    Err(WantListError { line, reason: reason.into() })
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn positive(s: &str) -> bool {
    digits(s) && !s.starts_with('0')
}

fn number(line: usize, s: &str, what: &str) -> Result<i64, WantListError> {
    s.parse::<i64>().or_else(|_| fail(line, format!("{what} argument is too large")))
}

/// Reads a want-list file.
pub fn parse(text: &str) -> Result<WantList, WantListError> {
    let mut o = Options {
        case_sensitive: false,
        require_colons: false,
        require_usernames: false,
        allow_dummies: false,
        show_repeats: true,
        priorities: Priorities::None,
        small_step: 1,
        big_step: 9,
        nontrade_cost: NONTRADE_COST,
    };
    let mut declared = Vec::new();
    let mut official: Option<HashSet<String>> = None;
    let mut reading_official = false;
    // The tokens of each want list.
    let mut lists: Vec<Vec<String>> = Vec::new();

    for (index, raw) in text.lines().enumerate() {
        let n = index + 1;
        let mut line = raw.trim().to_owned();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("#!") {
            if !lists.is_empty() {
                return fail(n, "options (#!…) cannot be declared after the first want list");
            }
            if official.is_some() {
                return fail(n, "options (#!…) cannot be declared after the official names");
            }
            for option in rest.to_uppercase().split_whitespace() {
                match option {
                    "CASE-SENSITIVE" => o.case_sensitive = true,
                    "REQUIRE-COLONS" => o.require_colons = true,
                    "REQUIRE-USERNAMES" => o.require_usernames = true,
                    "ALLOW-DUMMIES" => o.allow_dummies = true,
                    "HIDE-REPEATS" => o.show_repeats = false,
                    "HIDE-ERRORS" | "HIDE-LOOPS" | "HIDE-SUMMARY" | "HIDE-NONTRADES" | "HIDE-STATS"
                    | "SHOW-MISSING" | "SORT-BY-ITEM" | "SHOW-ELAPSED-TIME" | "SHRINK-VERBOSE" => {}
                    "LINEAR-PRIORITIES" => o.priorities = Priorities::Linear,
                    "TRIANGLE-PRIORITIES" => o.priorities = Priorities::Triangle,
                    "SQUARE-PRIORITIES" => o.priorities = Priorities::Square,
                    "EXPLICIT-PRIORITIES" => o.priorities = Priorities::Explicit,
                    "SCALED-PRIORITIES" => return fail(n, "SCALED-PRIORITIES is no longer supported"),
                    _ => match option.split_once('=') {
                        Some(("SHRINK", v)) if v.len() == 1 && digits(v) => {}
                        Some(("SHRINK", _)) => return fail(n, "SHRINK argument must be a single digit"),
                        Some((name @ ("SMALL-STEP" | "BIG-STEP" | "NONTRADE-COST" | "ITERATIONS" | "SEED"), v)) => {
                            // The steps may be 0; the others must be positive.
                            let zero_ok = matches!(name, "SMALL-STEP" | "BIG-STEP");
                            if !(if zero_ok { digits(v) } else { positive(v) }) {
                                let kind = if zero_ok { "a non-negative" } else { "a positive" };
                                return fail(n, format!("{name} argument must be {kind} integer"));
                            }
                            let value = number(n, v, name)?;
                            match name {
                                "SMALL-STEP" => o.small_step = value,
                                "BIG-STEP" => o.big_step = value,
                                "NONTRADE-COST" => o.nontrade_cost = value,
                                // Repeated randomised runs choose among trades of
                                // the same count: nothing to set here.
                                _ => {}
                            }
                        }
                        _ => return fail(n, format!("unknown option \"{option}\"")),
                    },
                }
                declared.push(option.to_owned());
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.contains('#') {
            if reading_official {
                if line.split([':', ' ', '\t']).next().is_some_and(|name| name.contains('#')) {
                    return fail(n, "# cannot be used in an item name");
                }
            } else {
                return fail(n, "comments (#…) cannot follow anything on a line");
            }
        }
        if line.eq_ignore_ascii_case("!BEGIN-OFFICIAL-NAMES") {
            if official.is_some() {
                return fail(n, "the official names cannot begin twice");
            }
            if !lists.is_empty() {
                return fail(n, "the official names cannot come after the first want list");
            }
            official = Some(HashSet::new());
            reading_official = true;
            continue;
        }
        if line.eq_ignore_ascii_case("!END-OFFICIAL-NAMES") {
            if !reading_official {
                return fail(n, "!END-OFFICIAL-NAMES without !BEGIN-OFFICIAL-NAMES");
            }
            reading_official = false;
            continue;
        }
        if line.starts_with('!') {
            return fail(n, format!("unknown directive {}", line.split_whitespace().next().unwrap_or("!")));
        }
        if reading_official {
            if line.starts_with(':') {
                return fail(n, "a line cannot begin with a colon");
            }
            if line.starts_with('%') {
                return fail(n, "dummy items have no official names");
            }
            let mut name = line.split([':', ' ', '\t']).next().unwrap_or("").to_owned();
            if !o.case_sensitive {
                name = name.to_uppercase();
            }
            let names = official.get_or_insert_with(HashSet::new);
            if !names.insert(name.clone()) {
                return fail(n, format!("official name {name} is defined twice"));
            }
            continue;
        }

        // The username, in parentheses at the front.
        if !line.contains('(') && o.require_usernames {
            return fail(n, "missing username (REQUIRE-USERNAMES)");
        }
        if line.starts_with('(') {
            if line.rfind('(').is_some_and(|p| p > 0) {
                return fail(n, "only one '(' per line");
            }
            let Some(close) = line.find(')') else { return fail(n, "missing ')' after the username") };
            if close == line.len() - 1 {
                return fail(n, "a username cannot stand on a line by itself");
            }
            if line.rfind(')').is_some_and(|p| p > close) {
                return fail(n, "only one ')' per line");
            }
            if close == 1 {
                return fail(n, "empty parentheses");
            }
            // Spaces in the username are kept apart from the tokens.
            let user = line[..=close].replace([' ', '\t'], "\u{1}");
            line = format!("{user} {}", &line[close + 1..]);
        } else if line.contains('(') {
            return fail(n, "a username can only come at the front of a want list");
        } else if line.contains(')') {
            return fail(n, "')' on a line without '('");
        }

        let line = line.replace(';', " ; ");
        if let Some(semi) = line.find(';') {
            if line.find(':').is_some_and(|colon| semi < colon) {
                return fail(n, "a semicolon cannot come before the colon");
            }
            let before = line[..semi].trim();
            if before.is_empty() || before.ends_with(')') {
                return fail(n, "a semicolon cannot come before the first item");
            }
        }
        let mut line = line;
        if let Some(colon) = line.find(':') {
            if line.rfind(':') != Some(colon) {
                return fail(n, "only one colon per line");
            }
            let header: Vec<&str> = line[..colon].split_whitespace().collect();
            let one_item = match header.as_slice() {
                [item] => !item.starts_with('('),
                [user, item] => user.starts_with('(') && user.ends_with(')') && !item.starts_with('('),
                _ => false,
            };
            if !one_item {
                return fail(n, "exactly one item must come before the colon");
            }
            line.replace_range(colon..=colon, " ");
        } else if o.require_colons {
            return fail(n, "missing colon (REQUIRE-COLONS)");
        }
        let line = if o.case_sensitive { line } else { line.to_uppercase() };
        lists.push(line.split_whitespace().map(str::to_owned).collect());
    }
    Ok(build(o, declared, official, lists))
}

fn build(o: Options, options: Vec<String>, official: Option<HashSet<String>>, lists: Vec<Vec<String>>) -> WantList {
    let mut warnings = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    // Per item kept: its wants (tokens after the name).
    let mut kept: Vec<Vec<String>> = Vec::new();
    for tokens in lists {
        let mut tokens = tokens.into_iter();
        let Some(mut name) = tokens.next() else { continue };
        let mut user = None;
        if name.starts_with('(') {
            user = Some(name.replace('\u{1}', " "));
            let Some(next) = tokens.next() else { continue };
            name = next;
        }
        let dummy = name.starts_with('%');
        if dummy {
            match &user {
                None => warnings.push(format!("dummy item {name} declared without a username")),
                Some(_) if !o.allow_dummies => warnings.push(format!("dummy items are not allowed ({name})")),
                Some(u) => name = format!("{name} for user {u}"),
            }
        }
        if let Some(names) = &official
            && !dummy
            && !names.contains(&name)
        {
            warnings.push(format!(
                "cannot define a want list for {name}: it is not an official name (usually a typo by its owner)"
            ));
            continue;
        }
        if by_name.contains_key(&name) {
            warnings.push(format!("item {name} has more than one want list: all but the first ignored"));
            continue;
        }
        by_name.insert(name.clone(), items.len());
        items.push(Item { name, user, dummy });
        kept.push(tokens.collect());
    }

    let mut graph = WantGraph::new(items.len());
    graph.nontrade_cost = o.nontrade_cost;
    for (i, item) in items.iter().enumerate() {
        graph.dummy[i] = item.dummy;
    }
    let mut unknown: Vec<(String, usize)> = Vec::new();
    for (from, wants) in kept.iter().enumerate() {
        let from_item = &items[from];
        let mut rank: i64 = 1;
        for token in wants {
            if token == ";" {
                rank += o.big_step;
                continue;
            }
            let mut to_name = token.clone();
            if let Some((name, priority)) = token.split_once('=') {
                if o.priorities != Priorities::Explicit {
                    warnings.push(format!(
                        "'=' in {token} in the want list of {} needs EXPLICIT-PRIORITIES",
                        from_item.name
                    ));
                    continue;
                }
                if name.is_empty() || !digits(priority) {
                    warnings
                        .push(format!("{token} in the want list of {} must be written 'name=number'", from_item.name));
                    continue;
                }
                let explicit = priority.parse::<i64>().unwrap_or(0);
                if explicit < 1 {
                    warnings.push(format!("the priority in {token} of {} must be positive", from_item.name));
                    continue;
                }
                rank = explicit;
                to_name = name.to_owned();
            }
            if to_name.starts_with('%') {
                match &from_item.user {
                    None => {
                        warnings.push(format!(
                            "dummy item {to_name} in the want list of {}, which has no username",
                            from_item.name
                        ));
                        continue;
                    }
                    Some(u) => to_name = format!("{to_name} for user {u}"),
                }
            }
            let Some(&to) = by_name.get(&to_name) else {
                if official.as_ref().is_some_and(|names| names.contains(&to_name)) {
                    // An official item whose owner sent no want list.
                    rank += o.small_step;
                } else {
                    match unknown.iter_mut().find(|(n, _)| *n == to_name) {
                        Some((_, count)) => *count += 1,
                        None => unknown.push((to_name, 1)),
                    }
                }
                continue;
            };
            let to_item = &items[to];
            if to == from {
                warnings.push(format!("item {to_name} is in its own want list"));
            } else if graph.arc(from, to).is_some() {
                if o.show_repeats {
                    warnings.push(format!("item {to_name} is repeated in the want list of {}", from_item.name));
                }
            } else if !to_item.dummy && from_item.user.is_some() && from_item.user == to_item.user {
                warnings.push(format!(
                    "item {} wants item {} of the same user {}",
                    from_item.name,
                    to_item.name,
                    from_item.user.as_deref().unwrap_or("")
                ));
            } else {
                let cost = if from_item.dummy {
                    o.nontrade_cost
                } else {
                    match o.priorities {
                        Priorities::None => 1,
                        Priorities::Linear | Priorities::Explicit => rank,
                        Priorities::Triangle => rank.saturating_mul(rank + 1) / 2,
                        Priorities::Square => rank.saturating_mul(rank),
                    }
                };
                graph.wants[from].push((to, cost));
                rank += o.small_step;
            }
        }
    }
    for (name, count) in unknown {
        let plural = if count == 1 { "" } else { "s" };
        warnings.push(format!("unknown item {name} ({count} occurrence{plural})"));
    }
    WantList { items, graph, options, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cycles::find;

    const EXAMPLE: &str = "\
# TradeMaximizer's small example
#! LINEAR-PRIORITIES
(Alice) 1 : 3 2 6
(Betty) 2 : 1 6 4 3
(Craig) 3 : 6 2
(David) 4 : 2
(Ethan) 5 : 1 2 3 4 6
(Fiona) 6 : 1 2
";

    #[test]
    fn reads_the_small_example_and_trades_five() {
        let w = parse(EXAMPLE).unwrap();
        assert_eq!(w.items.len(), 6);
        assert_eq!(w.options, vec!["LINEAR-PRIORITIES"]);
        assert_eq!(w.items[0].user.as_deref(), Some("(ALICE)"));
        assert_eq!(w.graph.arc(0, 2), Some(1));
        assert_eq!(w.graph.arc(1, 3), Some(3));
        assert!(w.warnings.is_empty(), "{:?}", w.warnings);
        let t = find(&w.graph, 0);
        assert_eq!(t.items, 5);
    }

    #[test]
    fn plain_lines_semicolons_and_explicit_priorities() {
        let w = parse("#! EXPLICIT-PRIORITIES\nA B=15 C ; D=193\nB A\nC A\nD A\n").unwrap();
        assert_eq!(w.graph.arc(0, 1), Some(15));
        assert_eq!(w.graph.arc(0, 2), Some(16));
        assert_eq!(w.graph.arc(0, 3), Some(193));
        let w = parse("#! LINEAR-PRIORITIES\nA : B C ; D\nB : A\nC : A\nD : A\n").unwrap();
        assert_eq!(w.graph.arc(0, 3), Some(12));
    }

    #[test]
    fn dummies_official_names_and_warnings() {
        let text = "#! ALLOW-DUMMIES\n!BEGIN-OFFICIAL-NAMES\nLOW\nDARK Pink Floyd\nWHIT: White Album\n!END-OFFICIAL-NAMES\n\
                    (fiend) LOW : %PINK WHIT NOPE LOW\n(fiend) %PINK : DARK\n(other one) DARK : LOW LOW\nTYPO : LOW\n";
        let w = parse(text).unwrap();
        assert_eq!(w.items.len(), 3);
        assert_eq!(w.real_items(), 2);
        assert!(w.items[1].dummy);
        assert_eq!(w.items[1].name, "%PINK for user (FIEND)");
        assert_eq!(w.items[2].user.as_deref(), Some("(OTHER ONE)"));
        let all = w.warnings.join("\n");
        assert!(all.contains("unknown item NOPE"), "{all}");
        assert!(all.contains("in its own want list"), "{all}");
        assert!(all.contains("repeated"), "{all}");
        assert!(all.contains("TYPO"), "{all}");
        let t = find(&w.graph, 0);
        assert_eq!(t.items, 2, "{t:?}");
    }

    #[test]
    fn malformed_files_say_the_line_and_why() {
        let cases = [
            ("A : B\n#! LINEAR-PRIORITIES\n", 2, "options"),
            ("#! FAST\n", 1, "unknown option"),
            ("#! BIG-STEP=x\n", 1, "BIG-STEP"),
            ("A : B # trailing\n", 1, "comments"),
            ("A : B : C\n", 1, "one colon"),
            ("A B : C\n", 1, "exactly one item"),
            ("(Ann A : B\n", 1, "')'"),
            ("() A : B\n", 1, "empty parentheses"),
            ("A ; : B\n", 1, "before the colon"),
            ("(Ann) ; A\n", 1, "before the first item"),
            ("\n\n!END-OFFICIAL-NAMES\n", 3, "without"),
            ("!BEGIN-OFFICIAL-NAMES\nA\nA\n", 3, "twice"),
            ("!SHUFFLE\n", 1, "unknown directive"),
            ("#! REQUIRE-COLONS\nA B\n", 2, "colon"),
            ("#! REQUIRE-USERNAMES\nA : B\n", 2, "username"),
            ("A : B (Ann)\n", 1, "front"),
        ];
        for (text, line, reason) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.reason.contains(reason), "{text:?}: {e}");
        }
    }
}
