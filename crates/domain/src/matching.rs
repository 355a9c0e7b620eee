//! Ranked matching of offers and demands, with reasons a person can read:
//! same category, shared words, minutes on foot, times that overlap.
//!
//! A pure function of two listings' features ([`Side`]); the caller picks
//! the candidates. The score is symmetric: how well A suits B is how well B
//! suits A.

use crate::geo::{Coordinates, walking_minutes};
use crate::hours::WeeklySlot;
use crate::listings::Direction;
use serde::{Deserialize, Serialize};

/// What matching looks at in a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub direction: Direction,
    pub category: i64,
    /// The top-level category (itself when it is top-level).
    pub top_category: i64,
    /// `text::stems` of its title, description and tags.
    pub stems: Vec<String>,
    pub location: Option<Coordinates>,
    pub windows: Vec<WeeklySlot>,
}

/// Why two listings go together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    SameCategory,
    /// Different subcategories of one category.
    SameArea,
    /// Stems found in both (at most five shown).
    SharedWords {
        words: Vec<String>,
    },
    /// Minutes on foot between them (within [`WALK_LIMIT`]).
    Walk {
        minutes: u32,
    },
    /// The first weekly window they share: weekday 0 (Monday) to 6, minutes of the day.
    TimesOverlap {
        weekday: u8,
        from: u16,
        to: u16,
    },
    /// The counterpart's poster is well reviewed (`exchanges::Reliability::is_reliable`).
    Reliable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Beyond this walk, distance is no reason.
pub const WALK_LIMIT: u32 = 30;

/// How well `a` and `b` go together, or `None` when they cannot (the same
/// direction) or nothing links them.
pub fn score(a: &Side, b: &Side) -> Option<Match> {
    if a.direction == b.direction {
        return None;
    }
    let mut total = 0;
    let mut reasons = Vec::new();
    let mut topical = false;
    if a.category == b.category {
        total += 30;
        reasons.push(Reason::SameCategory);
        topical = true;
    } else if a.top_category == b.top_category {
        total += 15;
        reasons.push(Reason::SameArea);
        topical = true;
    }
    let mut shared: Vec<String> = a.stems.iter().filter(|s| b.stems.contains(s)).cloned().collect();
    shared.sort();
    shared.dedup();
    if !shared.is_empty() {
        total += 10 * shared.len().min(4) as u32;
        shared.truncate(5);
        reasons.push(Reason::SharedWords { words: shared });
        topical = true;
    }
    // Distance and times only rank what is already about the same thing.
    if !topical {
        return None;
    }
    if let (Some(x), Some(y)) = (a.location, b.location) {
        let minutes = walking_minutes(x, y).ceil() as u32;
        if minutes <= WALK_LIMIT {
            total += WALK_LIMIT - minutes;
            reasons.push(Reason::Walk { minutes });
        }
    }
    if let Some(o) = first_overlap(&a.windows, &b.windows) {
        total += TIMES_POINTS;
        reasons.push(o);
    }
    Some(Match { score: total, reasons })
}

/// What a shared weekly window adds to a match.
pub const TIMES_POINTS: u32 = 15;

/// What a reliable counterpart adds to a match.
pub const RELIABLE_BONUS: u32 = 10;

/// A match as one side ranks it: a reliable counterpart ranks higher, and
/// says so. (Not symmetric: it is about who is on the other side.)
pub fn ranked(mut m: Match, counterpart_reliable: bool) -> Match {
    if counterpart_reliable {
        m.score += RELIABLE_BONUS;
        m.reasons.push(Reason::Reliable);
    }
    m
}

/// The most [`ranked`] can give a pair with this much in common, before
/// distance, times and reliability are looked at (`None`: it gives
/// nothing). A caller that ranks many candidates scores only those whose
/// bound can still beat what it has kept.
pub fn upper_bound(same_category: bool, same_area: bool, shared_stems: usize) -> Option<u32> {
    let topic = if same_category {
        30
    } else if same_area {
        15
    } else {
        0
    };
    if topic == 0 && shared_stems == 0 {
        return None;
    }
    Some(topic + 10 * shared_stems.min(4) as u32 + WALK_LIMIT + TIMES_POINTS + RELIABLE_BONUS)
}

/// The first weekly window two listings share (what [`score`] reports).
pub fn first_overlap(a: &[WeeklySlot], b: &[WeeklySlot]) -> Option<Reason> {
    let mut best: Option<(u8, u16, u16)> = None;
    for x in a {
        for y in b {
            if x.weekday != y.weekday {
                continue;
            }
            let (from, to) = (x.span.opens.max(y.span.opens), x.span.closes.min(y.span.closes));
            // The least (weekday, from, to): the same whichever side is `a`.
            if from < to && best.is_none_or(|b| (x.weekday, from, to) < b) {
                best = Some((x.weekday, from, to));
            }
        }
    }
    best.map(|(weekday, from, to)| Reason::TimesOverlap { weekday, from, to })
}

/// The best `n` of `candidates` for `a`: highest score first, then the
/// earlier candidate.
pub fn top(a: &Side, candidates: &[Side], n: usize) -> Vec<(usize, Match)> {
    let mut out: Vec<(usize, Match)> =
        candidates.iter().enumerate().filter_map(|(i, c)| score(a, c).map(|m| (i, m))).collect();
    out.sort_by(|x, y| y.1.score.cmp(&x.1.score).then(x.0.cmp(&y.0)));
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::Span;
    use proptest::prelude::*;

    fn side(direction: Direction, category: i64, top: i64, words: &str) -> Side {
        Side {
            direction,
            category,
            top_category: top,
            stems: crate::text::stems(words),
            location: None,
            windows: Vec::new(),
        }
    }

    #[test]
    fn a_demand_and_its_offer_with_every_reason() {
        let mut d = side(Direction::Demand, 11, 1, "Cerco chi ripari la bicicletta il martedì sera");
        let mut o = side(Direction::Offer, 11, 1, "Riparo biciclette in cortile");
        d.location = Coordinates::new(44.5120, 11.3820).ok();
        o.location = Coordinates::new(44.5150, 11.3860).ok();
        d.windows = vec![WeeklySlot { weekday: 1, span: Span { opens: 1080, closes: 1260 } }];
        o.windows = vec![WeeklySlot { weekday: 1, span: Span { opens: 1140, closes: 1320 } }];
        let m = score(&d, &o).unwrap();
        assert!(m.reasons.contains(&Reason::SameCategory));
        assert!(
            m.reasons
                .iter()
                .any(|r| matches!(r, Reason::SharedWords { words } if words.contains(&"biciclett".to_owned())))
        );
        assert!(m.reasons.iter().any(|r| matches!(r, Reason::Walk { minutes } if *minutes <= 10)));
        assert!(m.reasons.contains(&Reason::TimesOverlap { weekday: 1, from: 1140, to: 1260 }));
        assert_eq!(score(&o, &d), Some(m));
    }

    #[test]
    fn nothing_in_common_is_no_match() {
        let d = side(Direction::Demand, 11, 1, "tapparella");
        let o = side(Direction::Offer, 40, 4, "lezioni di chitarra");
        assert_eq!(score(&d, &o), None);
        assert_eq!(score(&d, &side(Direction::Demand, 11, 1, "tapparella")), None, "two demands");
    }

    fn any_side() -> impl Strategy<Value = Side> {
        let words =
            prop::sample::select(vec!["bici", "tapparella", "spesa", "chitarra", "trasloco", "computer", "orto"]);
        (
            any::<bool>(),
            0i64..4,
            proptest::collection::vec(words, 0..4),
            proptest::option::of((44.40f64..44.60, 11.20f64..11.50)),
            proptest::collection::vec((0u8..7, 0u16..1380, 30u16..240), 0..3),
        )
            .prop_map(|(offer, cat, ws, at, windows)| Side {
                direction: if offer { Direction::Offer } else { Direction::Demand },
                category: cat,
                top_category: cat / 2,
                stems: crate::text::stems(&ws.join(" ")),
                location: at.and_then(|(a, b)| Coordinates::new(a, b).ok()),
                windows: windows
                    .into_iter()
                    .map(|(d, o, l)| WeeklySlot { weekday: d, span: Span { opens: o, closes: (o + l).min(1440) } })
                    .collect(),
            })
    }

    proptest! {
        #[test]
        fn scores_are_symmetric_and_explained(a in any_side(), b in any_side()) {
            let ab = score(&a, &b);
            prop_assert_eq!(&ab, &score(&b, &a));
            if let Some(m) = ab {
                prop_assert!(a.direction != b.direction);
                prop_assert!(!m.reasons.is_empty() && m.score > 0);
            }
        }

        #[test]
        fn the_bound_is_never_beaten(a in any_side(), b in any_side()) {
            let mut shared = a.stems.clone();
            shared.retain(|s| b.stems.contains(s));
            shared.sort();
            shared.dedup();
            let bound = upper_bound(a.category == b.category, a.top_category == b.top_category, shared.len());
            match score(&a, &b).map(|m| ranked(m, true)) {
                Some(m) => prop_assert!(bound.is_some_and(|x| m.score <= x), "{} > {:?}", m.score, bound),
                None => prop_assert!(bound.is_none() || a.direction == b.direction),
            }
        }

        #[test]
        fn top_is_the_best_first(a in any_side(), cs in proptest::collection::vec(any_side(), 0..30), n in 0usize..12) {
            let t = top(&a, &cs, n);
            prop_assert!(t.len() <= n);
            for w in t.windows(2) {
                prop_assert!(w[0].1.score >= w[1].1.score);
            }
            // Nothing left out scores more than the last one kept.
            if t.len() == n && n > 0 {
                let last = t[n - 1].1.score;
                let kept: Vec<usize> = t.iter().map(|x| x.0).collect();
                for (i, c) in cs.iter().enumerate() {
                    if !kept.contains(&i) && let Some(m) = score(&a, c) {
                        prop_assert!(m.score <= last);
                    }
                }
            }
        }
    }
}
