//! Exchange cycles: who gives what to whom when barter needs more than two
//! parties.
//!
//! The graph has one vertex per item (a listing on offer) and an arc
//! `a → b` when the owner of `a` would take `b` in exchange. A trade is a set
//! of vertex-disjoint directed cycles: in the cycle `[a, b, c]` the owner of
//! `a` receives `b`, the owner of `b` receives `c`, and the owner of `c`
//! receives `a`.
//!
//! - With no cap on cycle length ([`find`] with `max_len == 0`), the best
//!   trade is a minimum-cost perfect matching between "receives" and "sends"
//!   in which every item may also keep itself at `nontrade_cost`: the method
//!   of TradeMaximizer, so the number of items traded is the same as it finds.
//!   Solved exactly by shortest augmenting paths with potentials.
//! - With a cap, the problem is NP-hard (kidney exchange). The cycles up to
//!   the cap are listed and packed by branch and bound, seeded by a greedy
//!   packing and bounded by the uncapped optimum; within its budget of search
//!   steps the answer is exact, and [`Trade::optimal`] says whether it was
//!   proved so.
//!
//! Between trades with as many items, shorter cycles win (fewer people who
//! must all keep their word), then cheaper arcs (the owner's earlier
//! preferences, or more reliable partners: the caller turns reliability into
//! cost).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What each item's owner would take, with a cost per arc (lower is better).
#[derive(Debug, Clone, Default)]
pub struct WantGraph {
    /// Arcs out of each vertex: `(wanted vertex, cost)`, costs ≥ 0.
    pub wants: Vec<Vec<(usize, i64)>>,
    /// Dummy vertices (TradeMaximizer's `%` items) do not count as items
    /// traded and are left out of the cycles returned.
    pub dummy: Vec<bool>,
    /// What it costs an item not to trade; larger than any cycle's arcs.
    pub nontrade_cost: i64,
}

impl WantGraph {
    /// A graph of `n` items with no wants yet.
    pub fn new(n: usize) -> Self {
        WantGraph { wants: vec![Vec::new(); n], dummy: vec![false; n], nontrade_cost: NONTRADE_COST }
    }

    pub fn len(&self) -> usize {
        self.wants.len()
    }

    pub fn is_empty(&self) -> bool {
        self.wants.is_empty()
    }

    /// Adds `from → to` (the owner of `from` would take `to`). Self-arcs,
    /// repeats and vertices out of range are ignored.
    pub fn want(&mut self, from: usize, to: usize, cost: i64) {
        let n = self.len();
        if from == to || from >= n || to >= n || self.wants[from].iter().any(|&(t, _)| t == to) {
            return;
        }
        self.wants[from].push((to, cost.max(0)));
    }

    /// The cost of the arc `from → to`, if there is one.
    pub fn arc(&self, from: usize, to: usize) -> Option<i64> {
        self.wants.get(from)?.iter().find(|&&(t, _)| t == to).map(|&(_, c)| c)
    }

    /// Arcs in all.
    pub fn arcs(&self) -> usize {
        self.wants.iter().map(Vec::len).sum()
    }

    fn is_dummy(&self, v: usize) -> bool {
        self.dummy.get(v).copied().unwrap_or(false)
    }

    /// Items (not dummies) in `cycle`.
    pub fn items_in(&self, cycle: &[usize]) -> usize {
        cycle.iter().filter(|&&v| !self.is_dummy(v)).count()
    }
}

/// TradeMaximizer's default cost of not trading an item (one billion).
pub const NONTRADE_COST: i64 = 1_000_000_000;

/// Search steps the capped packing may take before it settles for the best
/// trade found so far.
pub const SEARCH_BUDGET: u64 = 2_000_000;

/// Cycles listed at most for the capped packing; past it the greedy packing
/// of the cycles listed so far stands (and is not claimed optimal).
pub const CYCLE_BUDGET: usize = 4_000_000;

/// A set of disjoint cycles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trade {
    /// Each cycle as vertices, dummies included: the owner of each vertex
    /// receives the next one, the last receives the first.
    pub cycles: Vec<Vec<usize>>,
    /// Items traded (vertices in cycles, dummies excluded).
    pub items: usize,
    /// The sum of the arcs' costs.
    pub cost: i64,
    /// Proved the most items possible under the cap.
    pub optimal: bool,
    /// No trade under the cap can exceed this many items: the uncapped
    /// optimum, or the items on some short cycle if fewer.
    pub bound: usize,
}

/// The best trade with cycles of at most `max_len` vertices (`0`: any
/// length; `1` trades nothing).
pub fn find(g: &WantGraph, max_len: usize) -> Trade {
    if max_len == 0 {
        return uncapped(g);
    }
    if max_len < 2 {
        return Trade { optimal: true, ..Trade::default() };
    }
    capped(g, max_len)
}

/// The cycles without their dummies, as TradeMaximizer prints them (a dummy
/// passes on what it received). Cycles left with no item are dropped.
pub fn without_dummies(g: &WantGraph, cycles: &[Vec<usize>]) -> Vec<Vec<usize>> {
    cycles
        .iter()
        .map(|c| c.iter().copied().filter(|&v| !g.is_dummy(v)).collect::<Vec<_>>())
        .filter(|c| !c.is_empty())
        .collect()
}

fn trade_of(g: &WantGraph, cycles: Vec<Vec<usize>>, optimal: bool) -> Trade {
    let items = cycles.iter().map(|c| g.items_in(c)).sum();
    let cost = cycles.iter().map(|c| cycle_cost(g, c)).sum();
    Trade { cycles, items, cost, optimal, bound: items }
}

fn cycle_cost(g: &WantGraph, c: &[usize]) -> i64 {
    (0..c.len()).map(|i| g.arc(c[i], c[(i + 1) % c.len()]).unwrap_or(0)).sum()
}

/// Minimum-cost perfect matching of receivers to senders, where receiver `i`
/// may take sender `j` when `i` wants `j` (at the arc's cost) and sender `i`
/// (itself) at `nontrade_cost`; dummies pay `nontrade_cost` either way, so
/// they never count. Shortest augmenting paths (Dijkstra on reduced costs,
/// stopping at the first free sender), seeded by a greedy matching of
/// cheapest arcs.
fn uncapped(g: &WantGraph) -> Trade {
    let n = g.len();
    const NONE: usize = usize::MAX;
    let arc_cost = |i: usize, c: i64| if g.is_dummy(i) { g.nontrade_cost } else { c };
    // Receiver i's choices: its wants and itself.
    let choices = |i: usize| {
        g.wants[i].iter().map(move |&(j, c)| (j, arc_cost(i, c))).chain(std::iter::once((i, g.nontrade_cost)))
    };
    let mut u = vec![0i64; n]; // receivers' potentials
    let mut v = vec![0i64; n]; // senders' potentials
    let mut match_r = vec![NONE; n]; // receiver → sender
    let mut match_s = vec![NONE; n]; // sender → receiver
    for (i, ui) in u.iter_mut().enumerate() {
        *ui = choices(i).map(|(_, c)| c).min().unwrap_or(g.nontrade_cost);
    }
    for i in 0..n {
        if let Some((j, _)) = choices(i).find(|&(j, c)| c - u[i] - v[j] == 0 && match_s[j] == NONE) {
            match_r[i] = j;
            match_s[j] = i;
        }
    }
    let mut dist = vec![i64::MAX; n];
    let mut done = vec![false; n];
    let mut via = vec![NONE; n]; // sender → the receiver that reached it
    let mut touched: Vec<usize> = Vec::new();
    let mut settled: Vec<usize> = Vec::new();
    let mut heap = BinaryHeap::new();
    for root in 0..n {
        if match_r[root] != NONE {
            continue;
        }
        for &j in &touched {
            dist[j] = i64::MAX;
            done[j] = false;
            via[j] = NONE;
        }
        touched.clear();
        settled.clear();
        heap.clear();
        let relax = |from: usize,
                     base: i64,
                     dist: &mut Vec<i64>,
                     via: &mut Vec<usize>,
                     touched: &mut Vec<usize>,
                     heap: &mut BinaryHeap<Reverse<(i64, usize)>>,
                     done: &Vec<bool>,
                     u: &Vec<i64>,
                     v: &Vec<i64>| {
            for (j, c) in choices(from) {
                if done[j] {
                    continue;
                }
                let d = base + c - u[from] - v[j];
                if d < dist[j] {
                    if dist[j] == i64::MAX {
                        touched.push(j);
                    }
                    dist[j] = d;
                    via[j] = from;
                    heap.push(Reverse((d, j)));
                }
            }
        };
        relax(root, 0, &mut dist, &mut via, &mut touched, &mut heap, &done, &u, &v);
        let mut sink = NONE;
        let mut reach = 0;
        while let Some(Reverse((d, j))) = heap.pop() {
            if done[j] || d > dist[j] {
                continue;
            }
            done[j] = true;
            settled.push(j);
            if match_s[j] == NONE {
                sink = j;
                reach = d;
                break;
            }
            let next = match_s[j];
            relax(next, d, &mut dist, &mut via, &mut touched, &mut heap, &done, &u, &v);
        }
        if sink == NONE {
            // Never: the root can always keep its own item, and that sender is
            // free whenever the root is (a perfect matching always exists).
            continue;
        }
        // Potentials: every settled sender and its receiver move by how much
        // sooner than the sink they were reached; the root by the whole way.
        u[root] += reach;
        for &j in &settled {
            let delta = reach - dist[j];
            v[j] -= delta;
            if j != sink && match_s[j] != NONE {
                u[match_s[j]] += delta;
            }
        }
        // Augment along the path back to the root.
        let mut j = sink;
        loop {
            let i = via[j];
            let previous = match_r[i];
            match_r[i] = j;
            match_s[j] = i;
            if i == root {
                break;
            }
            j = previous;
        }
    }
    // Receiver i receives sender match_r[i]: i → match_r[i] is a want.
    let mut seen = vec![false; n];
    let mut cycles = Vec::new();
    for start in 0..n {
        if seen[start] || match_r[start] == start || match_r[start] == NONE {
            seen[start] = true;
            continue;
        }
        let mut cycle = Vec::new();
        let mut x = start;
        while !seen[x] {
            seen[x] = true;
            cycle.push(x);
            x = match_r[x];
        }
        if g.items_in(&cycle) > 0 {
            cycles.push(cycle);
        }
    }
    trade_of(g, cycles, true)
}

/// A listed cycle and what taking it is worth.
#[derive(Debug, Clone)]
struct Listed {
    vertices: Vec<usize>,
    items: usize,
    cost: i64,
}

/// The value of a set of cycles: most items, then fewest vertices in long
/// cycles (the sum of squared lengths), then least cost. Larger is better.
type Value = (usize, Reverse<usize>, Reverse<i64>);

fn value_of(cycles: &[&Listed]) -> Value {
    let items = cycles.iter().map(|c| c.items).sum();
    let squares = cycles.iter().map(|c| c.vertices.len() * c.vertices.len()).sum();
    let cost = cycles.iter().map(|c| c.cost).sum();
    (items, Reverse(squares), Reverse(cost))
}

/// Every simple cycle of at most `max_len` vertices, each once (listed from
/// its smallest vertex), or `None` past `limit`.
fn list_cycles(g: &WantGraph, max_len: usize, limit: usize) -> Option<Vec<Listed>> {
    let n = g.len();
    // Sorted wants for the closing-arc test.
    let sorted: Vec<Vec<usize>> = g
        .wants
        .iter()
        .map(|w| {
            let mut s: Vec<usize> = w.iter().map(|&(t, _)| t).collect();
            s.sort_unstable();
            s
        })
        .collect();
    struct Walk<'a> {
        g: &'a WantGraph,
        sorted: Vec<Vec<usize>>,
        start: usize,
        max_len: usize,
        path: Vec<usize>,
        on_path: Vec<bool>,
        out: Vec<Listed>,
        limit: usize,
    }
    impl Walk<'_> {
        /// Extends the path from its last vertex; false once past the limit.
        fn go(&mut self) -> bool {
            let Some(&last) = self.path.last() else { return true };
            if self.path.len() >= 2 && self.sorted[last].binary_search(&self.start).is_ok() {
                let vertices = self.path.clone();
                self.out.push(Listed {
                    items: self.g.items_in(&vertices),
                    cost: cycle_cost(self.g, &vertices),
                    vertices,
                });
                if self.out.len() > self.limit {
                    return false;
                }
            }
            if self.path.len() == self.max_len {
                return true;
            }
            let g = self.g;
            for &(next, _) in &g.wants[last] {
                if next <= self.start || self.on_path[next] {
                    continue;
                }
                self.path.push(next);
                self.on_path[next] = true;
                let ok = self.go();
                self.on_path[next] = false;
                self.path.pop();
                if !ok {
                    return false;
                }
            }
            true
        }
    }
    let mut walk = Walk {
        g,
        sorted,
        start: 0,
        max_len,
        path: Vec::with_capacity(max_len),
        on_path: vec![false; n],
        out: Vec::new(),
        limit,
    };
    for start in 0..n {
        walk.start = start;
        walk.path.clear();
        walk.path.push(start);
        walk.on_path[start] = true;
        let ok = walk.go();
        walk.on_path[start] = false;
        if !ok {
            return None;
        }
    }
    let mut out = walk.out;
    out.retain(|c| c.items > 0);
    Some(out)
}

/// Greedy: shortest and cheapest cycles first, each if still disjoint.
fn greedy(n: usize, cycles: &[Listed]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cycles.len()).collect();
    order.sort_by_key(|&k| (cycles[k].vertices.len(), Reverse(cycles[k].items), cycles[k].cost));
    let mut used = vec![false; n];
    let mut taken = Vec::new();
    for k in order {
        if cycles[k].vertices.iter().all(|&x| !used[x]) {
            for &x in &cycles[k].vertices {
                used[x] = true;
            }
            taken.push(k);
        }
    }
    taken
}

struct Search<'a> {
    cycles: &'a [Listed],
    /// Cycles through each vertex.
    through: Vec<Vec<usize>>,
    used: Vec<bool>,
    dummy: Vec<bool>,
    /// Vertices in the order they are decided.
    order: Vec<usize>,
    /// Used vertices in each cycle (0: it can still be taken).
    dead: Vec<u32>,
    /// Cycles through each vertex that can still be taken.
    alive: Vec<u32>,
    /// Free items (not dummies) that some cycle can still cover: a bound
    /// on what the undecided rest can add.
    coverable: usize,
    taken: Vec<usize>,
    /// `value_of(taken)`, kept as it changes: items, squares, cost.
    now: (usize, usize, i64),
    best: Vec<usize>,
    best_value: Value,
    steps: u64,
    budget: u64,
    exhausted: bool,
}

impl Search<'_> {
    fn counts(&self, x: usize) -> bool {
        !self.used[x] && !self.dummy[x]
    }

    fn mark(&mut self, x: usize) {
        if self.counts(x) && self.alive[x] > 0 {
            self.coverable -= 1;
        }
        self.used[x] = true;
        for i in 0..self.through[x].len() {
            let k = self.through[x][i];
            self.dead[k] += 1;
            if self.dead[k] == 1 {
                for &y in &self.cycles[k].vertices {
                    self.alive[y] -= 1;
                    if self.alive[y] == 0 && self.counts(y) {
                        self.coverable -= 1;
                    }
                }
            }
        }
    }

    fn unmark(&mut self, x: usize) {
        for i in 0..self.through[x].len() {
            let k = self.through[x][i];
            self.dead[k] -= 1;
            if self.dead[k] == 0 {
                for &y in &self.cycles[k].vertices {
                    if self.alive[y] == 0 && self.counts(y) {
                        self.coverable += 1;
                    }
                    self.alive[y] += 1;
                }
            }
        }
        self.used[x] = false;
        if self.counts(x) && self.alive[x] > 0 {
            self.coverable += 1;
        }
    }

    fn take(&mut self, k: usize, sign: i64) {
        let c = &self.cycles[k];
        let len = c.vertices.len();
        if sign > 0 {
            self.now = (self.now.0 + c.items, self.now.1 + len * len, self.now.2 + c.cost);
        } else {
            self.now = (self.now.0 - c.items, self.now.1 - len * len, self.now.2 - c.cost);
        }
    }

    fn go(&mut self, pos: usize) {
        self.steps += 1;
        if self.steps > self.budget {
            self.exhausted = true;
            return;
        }
        // Even covering every coverable item cannot beat the best count.
        if self.now.0 + self.coverable < self.best_value.0 {
            return;
        }
        let Some(offset) = self.order[pos..].iter().position(|&x| !self.used[x]) else {
            let value = (self.now.0, Reverse(self.now.1), Reverse(self.now.2));
            if value > self.best_value {
                self.best_value = value;
                self.best = self.taken.clone();
            }
            return;
        };
        let pos = pos + offset;
        let x = self.order[pos];
        let mut options: Vec<usize> = self.through[x].iter().copied().filter(|&k| self.dead[k] == 0).collect();
        options.sort_by_key(|&k| (Reverse(self.cycles[k].items), self.cycles[k].vertices.len(), self.cycles[k].cost));
        for k in options {
            for i in 0..self.cycles[k].vertices.len() {
                self.mark(self.cycles[k].vertices[i]);
            }
            self.taken.push(k);
            self.take(k, 1);
            self.go(pos + 1);
            self.take(k, -1);
            self.taken.pop();
            for i in (0..self.cycles[k].vertices.len()).rev() {
                self.unmark(self.cycles[k].vertices[i]);
            }
            if self.exhausted {
                return;
            }
        }
        // Or x trades in none of them.
        self.mark(x);
        self.go(pos + 1);
        self.unmark(x);
    }
}

/// Local search on a packing: a cycle through an item left out may push out
/// the one taken cycle it collides with, if the items that frees can be
/// covered again by cycles of free vertices so that more items trade in all.
/// Repeated until a round finds nothing (at most `rounds` rounds).
fn improve(n: usize, cycles: &[Listed], through: &[Vec<usize>], taken: Vec<usize>, rounds: usize) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let mut owner = vec![NONE; n];
    let mut live = vec![false; cycles.len()];
    for &k in &taken {
        live[k] = true;
        for &x in &cycles[k].vertices {
            owner[x] = k;
        }
    }
    let free = |owner: &[usize], k: usize| cycles[k].vertices.iter().all(|&y| owner[y] == NONE);
    for _ in 0..rounds {
        let mut better = false;
        for x in 0..n {
            if owner[x] != NONE {
                continue;
            }
            for &k in &through[x] {
                if owner[x] != NONE {
                    break;
                }
                // The taken cycles k collides with: act only on exactly one.
                let mut hit = NONE;
                let mut more = false;
                for &y in &cycles[k].vertices {
                    let o = owner[y];
                    if o != NONE && o != hit {
                        if hit == NONE {
                            hit = o;
                        } else {
                            more = true;
                        }
                    }
                }
                if more {
                    continue;
                }
                if hit == NONE {
                    // Free already: take it.
                    for &y in &cycles[k].vertices {
                        owner[y] = k;
                    }
                    live[k] = true;
                    better = true;
                    continue;
                }
                // Swap `hit` for k, then refill what `hit` leaves free.
                for &y in &cycles[hit].vertices {
                    owner[y] = NONE;
                }
                for &y in &cycles[k].vertices {
                    owner[y] = k;
                }
                let mut added = vec![k];
                let mut gain = cycles[k].items as i64 - cycles[hit].items as i64;
                for &y in &cycles[hit].vertices {
                    if owner[y] != NONE {
                        continue;
                    }
                    if let Some(&j) = through[y]
                        .iter()
                        .filter(|&&j| free(&owner, j))
                        .max_by_key(|&&j| (cycles[j].items, Reverse(cycles[j].vertices.len())))
                    {
                        for &z in &cycles[j].vertices {
                            owner[z] = j;
                        }
                        added.push(j);
                        gain += cycles[j].items as i64;
                    }
                }
                if gain > 0 {
                    live[hit] = false;
                    for &j in &added {
                        live[j] = true;
                    }
                    better = true;
                } else {
                    // Undo.
                    for &j in &added {
                        for &z in &cycles[j].vertices {
                            owner[z] = NONE;
                        }
                    }
                    for &y in &cycles[hit].vertices {
                        owner[y] = hit;
                    }
                }
            }
        }
        if !better {
            break;
        }
    }
    (0..cycles.len()).filter(|&k| live[k]).collect()
}

fn capped(g: &WantGraph, max_len: usize) -> Trade {
    let n = g.len();
    let ceiling = uncapped(g).items;
    let Some(cycles) = list_cycles(g, max_len, CYCLE_BUDGET) else {
        // Too many cycles to list: pack the short ones greedily.
        let short = list_cycles(g, 2.max(max_len.min(3)), CYCLE_BUDGET).unwrap_or_default();
        let taken = greedy(n, &short);
        let cs = taken.iter().map(|&k| short[k].vertices.clone()).collect();
        return Trade { bound: ceiling, ..trade_of(g, cs, false) };
    };
    let mut through = vec![Vec::new(); n];
    for (k, c) in cycles.iter().enumerate() {
        for &x in &c.vertices {
            through[x].push(k);
        }
    }
    // Decide the most constrained vertices first (fewest cycles through them).
    let mut order: Vec<usize> = (0..n).filter(|&x| !through[x].is_empty()).collect();
    order.sort_by_key(|&x| (through[x].len(), x));
    let dummy: Vec<bool> = (0..n).map(|x| g.is_dummy(x)).collect();
    let alive: Vec<u32> = through.iter().map(|t| u32::try_from(t.len()).unwrap_or(u32::MAX)).collect();
    let coverable = (0..n).filter(|&x| !dummy[x] && alive[x] > 0).count();
    let seed = greedy(n, &cycles);
    let seed_value = value_of(&seed.iter().map(|&k| &cycles[k]).collect::<Vec<_>>());
    let mut search = Search {
        cycles: &cycles,
        through,
        used: vec![false; n],
        dummy,
        order,
        dead: vec![0; cycles.len()],
        alive,
        coverable,
        taken: Vec::new(),
        now: (0, 0, 0),
        best: seed,
        best_value: seed_value,
        steps: 0,
        budget: SEARCH_BUDGET,
        exhausted: false,
    };
    // The search starts from the greedy packing and, within its budget,
    // looks for more items or shorter cycles.
    search.go(0);
    if search.exhausted {
        let improved = improve(n, &cycles, &search.through, search.best.clone(), 100);
        let value = value_of(&improved.iter().map(|&k| &cycles[k]).collect::<Vec<_>>());
        if value > search.best_value {
            search.best_value = value;
            search.best = improved;
        }
    }
    let optimal = !search.exhausted || search.best_value.0 >= ceiling;
    let cs = search.best.iter().map(|&k| cycles[k].vertices.clone()).collect();
    let trade = trade_of(g, cs, optimal);
    let bound = if optimal { trade.items } else { ceiling.min(coverable) };
    Trade { bound, ..trade }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn graph(n: usize, arcs: &[(usize, usize)]) -> WantGraph {
        let mut g = WantGraph::new(n);
        for &(a, b) in arcs {
            g.want(a, b, 1);
        }
        g
    }

    /// Every simple cycle of any length up to `max_len` (0: any), by brute force.
    fn all_cycles(g: &WantGraph, max_len: usize) -> Vec<Vec<usize>> {
        let cap = if max_len == 0 { g.len() } else { max_len };
        list_cycles(g, cap, usize::MAX).unwrap_or_default().into_iter().map(|c| c.vertices).collect()
    }

    /// The most items any set of disjoint cycles can trade: every subset tried.
    fn exhaustive(g: &WantGraph, max_len: usize) -> usize {
        let cycles = all_cycles(g, max_len);
        fn best(g: &WantGraph, cycles: &[Vec<usize>], from: usize, used: &mut Vec<bool>) -> usize {
            let mut top = 0;
            for k in from..cycles.len() {
                if cycles[k].iter().all(|&x| !used[x]) {
                    for &x in &cycles[k] {
                        used[x] = true;
                    }
                    top = top.max(g.items_in(&cycles[k]) + best(g, cycles, k + 1, used));
                    for &x in &cycles[k] {
                        used[x] = false;
                    }
                }
            }
            top
        }
        best(g, &cycles, 0, &mut vec![false; g.len()])
    }

    /// The least arc cost among the trades with the most items (any length).
    fn cheapest_of_the_largest(g: &WantGraph) -> (usize, i64) {
        let cycles = all_cycles(g, 0);
        fn best(g: &WantGraph, cycles: &[Vec<usize>], from: usize, used: &mut Vec<bool>) -> (usize, Reverse<i64>) {
            let mut top = (0, Reverse(0));
            for k in from..cycles.len() {
                if cycles[k].iter().all(|&x| !used[x]) {
                    for &x in &cycles[k] {
                        used[x] = true;
                    }
                    let (items, Reverse(cost)) = best(g, cycles, k + 1, used);
                    let here = (items + g.items_in(&cycles[k]), Reverse(cost + cycle_cost(g, &cycles[k])));
                    top = top.max(here);
                    for &x in &cycles[k] {
                        used[x] = false;
                    }
                }
            }
            top
        }
        let (items, Reverse(cost)) = best(g, &cycles, 0, &mut vec![false; g.len()]);
        (items, cost)
    }

    fn check(g: &WantGraph, t: &Trade, max_len: usize) {
        let mut seen = vec![false; g.len()];
        for c in &t.cycles {
            assert!(c.len() >= 2, "{c:?}");
            if max_len > 0 {
                assert!(c.len() <= max_len, "cycle {c:?} longer than {max_len}");
            }
            for (i, &x) in c.iter().enumerate() {
                assert!(!seen[x], "vertex {x} in two cycles");
                seen[x] = true;
                let next = c[(i + 1) % c.len()];
                assert!(g.arc(x, next).is_some(), "{x} does not want {next}");
            }
        }
        assert_eq!(t.items, t.cycles.iter().map(|c| g.items_in(c)).sum::<usize>());
    }

    #[test]
    fn trademaximizer_s_small_example() {
        // (Alice) 1 : 3 2 6 / (Betty) 2 : 1 6 4 3 / (Craig) 3 : 6 2
        // (David) 4 : 2 / (Ethan) 5 : 1 2 3 4 6 / (Fiona) 6 : 1 2
        let wants: [&[usize]; 6] = [&[3, 2, 6], &[1, 6, 4, 3], &[6, 2], &[2], &[1, 2, 3, 4, 6], &[1, 2]];
        let mut g = WantGraph::new(6);
        for (i, w) in wants.iter().enumerate() {
            for (rank, &x) in w.iter().enumerate() {
                g.want(i, x - 1, rank as i64 + 1);
            }
        }
        let t = find(&g, 0);
        check(&g, &t, 0);
        assert_eq!(t.items, 5);
        assert!(t.optimal);
        assert_eq!(find(&g, 3).items, 5);
        assert_eq!(find(&g, 2).items, 4);
    }

    #[test]
    fn a_three_party_cycle_and_nothing_else() {
        let g = graph(4, &[(0, 1), (1, 2), (2, 0), (3, 0)]);
        let t = find(&g, 3);
        assert_eq!(t.cycles.len(), 1);
        assert_eq!(t.items, 3);
        assert_eq!(find(&g, 2).items, 0);
    }

    #[test]
    fn shorter_cycles_win_between_equal_counts() {
        // 0-1-2-3 as one 4-cycle, or as two swaps 0⇄1 and 2⇄3.
        let g = graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0), (1, 0), (3, 2)]);
        let t = find(&g, 4);
        assert_eq!(t.items, 4);
        assert_eq!(t.cycles.len(), 2, "{t:?}");
    }

    #[test]
    fn dummies_pass_items_on_and_do_not_count() {
        // 0 wants the dummy 3, which wants 1 or 2; 1 and 2 want 0.
        let mut g = graph(4, &[(0, 3), (3, 1), (3, 2), (1, 0), (2, 0)]);
        g.dummy[3] = true;
        let t = find(&g, 0);
        assert_eq!(t.items, 2);
        assert_eq!(without_dummies(&g, &t.cycles).iter().map(Vec::len).sum::<usize>(), 2);
    }

    fn small_graph() -> impl Strategy<Value = WantGraph> {
        (2usize..8).prop_flat_map(|n| {
            proptest::collection::vec((0..n, 0..n, 0i64..4), 0..(n * n)).prop_map(move |arcs| {
                let mut g = WantGraph::new(n);
                for (a, b, c) in arcs {
                    g.want(a, b, c);
                }
                g
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn uncapped_trades_as_many_as_any_set_of_cycles(g in small_graph()) {
            let t = find(&g, 0);
            check(&g, &t, 0);
            prop_assert!(t.optimal);
            prop_assert_eq!(t.items, exhaustive(&g, 0));
            // And, as TradeMaximizer, the cheapest of those (earlier wants first).
            prop_assert_eq!((t.items, t.cost), cheapest_of_the_largest(&g));
        }

        #[test]
        fn capped_trades_as_many_as_any_set_of_short_cycles(g in small_graph(), cap in 2usize..5) {
            let t = find(&g, cap);
            check(&g, &t, cap);
            prop_assert!(t.optimal);
            prop_assert_eq!(t.items, exhaustive(&g, cap));
        }

        #[test]
        fn local_search_keeps_a_packing_and_never_loses_items(g in small_graph(), cap in 2usize..5) {
            let cycles = list_cycles(&g, cap, usize::MAX).unwrap_or_default();
            let mut through = vec![Vec::new(); g.len()];
            for (k, c) in cycles.iter().enumerate() {
                for &x in &c.vertices {
                    through[x].push(k);
                }
            }
            // From nothing, and from the greedy packing.
            for start in [Vec::new(), greedy(g.len(), &cycles)] {
                let before: usize = start.iter().map(|&k| cycles[k].items).sum();
                let after = improve(g.len(), &cycles, &through, start, 10);
                let t = trade_of(&g, after.iter().map(|&k| cycles[k].vertices.clone()).collect(), false);
                check(&g, &t, cap);
                prop_assert!(t.items >= before);
                prop_assert!(t.items <= exhaustive(&g, cap));
            }
        }

        #[test]
        fn dummies_never_count(g in small_graph(), marks in proptest::collection::vec(any::<bool>(), 8)) {
            let mut g = g;
            for (x, d) in g.dummy.iter_mut().zip(marks) {
                *x = d;
            }
            for cap in [0, 3] {
                let t = find(&g, cap);
                check(&g, &t, cap);
                prop_assert_eq!(t.items, t.cycles.iter().flatten().filter(|&&x| !g.dummy[x]).count());
                prop_assert_eq!(t.items, exhaustive(&g, cap));
            }
        }
    }
}
