//! The search around the MIP, for programs HiGHS cannot close in the time given:
//! fix most of the rota, let HiGHS re-plan the rest exactly, keep what is better,
//! repeat with another part ("large neighbourhood search", or fix-and-optimise).
//! A part is a few people over the whole horizon, everybody over a few days, a few
//! people over a few weeks, or a few people over every weekend; its size adapts so that each small program solves
//! in a fraction of a second to a few seconds.
//!
//! The same search builds a rota that keeps every rule when there is none to start
//! from: people are added a few at a time, the rules of those not yet planned
//! switched off, so that each small program only has to fit the newcomers in.
//! Each part is a program of its own (`part.rs`), as small as the part.

use std::time::Instant;

use chrono::{Datelike, Weekday};
use good_lp::{IntoAffineExpression, Variable};

use super::part::{PartOutcome, Settings, Whole};
use crate::model::{person_columns, GroupingModel};

/// A solution of the whole program and its objective (without the model's constant).
#[derive(Clone, Debug)]
pub struct Incumbent {
    pub values: Vec<f64>,
    pub objective: f64,
}

/// Which columns and rows of the program belong to which person.
pub struct Layout {
    /// Decision columns (duties, rests) of person `pi` on day `d`.
    cells: Vec<Vec<Vec<usize>>>,
    /// All decision columns, flat.
    decision: Vec<usize>,
    /// Is column c a decision (duty, rest)? The others — slacks, balances, counts —
    /// follow from the decisions.
    is_decision: Vec<bool>,
    /// Rows that involve person `pi`'s columns and nobody else's.
    own_rows: Vec<Vec<usize>>,
    /// Columns that cost something, with their cost and the day (and person) they belong to.
    costly: Vec<(usize, f64, usize, Option<usize>)>,
    /// The days of the weekends and the days either side of them (Friday to Monday).
    weekends: Vec<usize>,
}

impl Layout {
    pub fn new(m: &GroupingModel, whole: &Whole, index: &std::collections::HashMap<Variable, usize>) -> Self {
        let col = |v: &Variable| index.get(v).copied();
        let cells: Vec<Vec<Vec<usize>>> = (0..m.persons.len())
            .map(|pi| {
                (0..m.days())
                    .map(|d| {
                        let mut c: Vec<usize> = m.fill[pi][d].iter().filter_map(|f| col(&f.var)).collect();
                        c.extend(m.rest[pi][d].iter().filter_map(col));
                        c
                    })
                    .collect()
            })
            .collect();
        let decision: Vec<usize> = cells.iter().flatten().flatten().copied().collect();
        let mut is_decision = vec![false; whole.cost.len()];
        for &c in &decision {
            is_decision[c] = true;
        }
        // A column belongs to a person when it describes them alone.
        let mut owner = vec![usize::MAX; whole.cost.len()];
        for pi in 0..m.persons.len() {
            for v in person_columns(m, pi) {
                if let Some(c) = col(&v) {
                    owner[c] = pi;
                }
            }
        }
        let mut own_rows = vec![Vec::new(); m.persons.len()];
        for r in 0..whole.rows() {
            let mut persons = whole.row_columns(r).iter().map(|&c| owner[c]).filter(|&o| o != usize::MAX);
            if let Some(first) = persons.next() {
                if persons.all(|o| o == first) {
                    own_rows[first].push(r);
                }
            }
        }
        // Where the objective's costs fall: a day (shortfalls, surpluses, unmet wishes)
        // and, for a person's own columns, that person.
        let mut place: std::collections::HashMap<usize, (usize, Option<usize>)> = Default::default();
        for (pi, days) in cells.iter().enumerate() {
            for (d, cs) in days.iter().enumerate() {
                for &c in cs {
                    place.insert(c, (d, Some(pi)));
                }
            }
        }
        let slacks = m.req_short.iter().chain(&m.req_over).chain(&m.unit_short);
        for (&(_, d), v) in slacks {
            if let Some(c) = col(v) {
                place.insert(c, (d, None));
            }
        }
        let mut costly: Vec<(usize, f64, usize, Option<usize>)> = m
            .objective
            .clone()
            .linear_coefficients()
            .filter_map(|(v, cost)| {
                let c = col(&v)?;
                let &(d, who) = place.get(&c)?;
                (cost != 0.0).then_some((c, cost, d, who))
            })
            .collect();
        costly.sort_by_key(|e| e.0);
        let weekends = (0..m.days())
            .filter(|&d| {
                matches!(m.s.days[d].date.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun | Weekday::Mon)
            })
            .collect();
        Layout { cells, decision, is_decision, own_rows, costly, weekends }
    }

    /// What each day costs in `values` (only the costs that lie on a day).
    fn day_costs(&self, values: &[f64]) -> Vec<f64> {
        let mut cost = vec![0.0; self.days()];
        for &(c, w, d, _) in &self.costly {
            cost[d] += (w * values[c]).max(0.0);
        }
        cost
    }

    /// What each person's own choices cost in `values` (unmet wishes and the like).
    fn person_costs(&self, values: &[f64]) -> Vec<f64> {
        let mut cost = vec![0.0; self.persons()];
        for &(c, w, _, who) in &self.costly {
            if let Some(pi) = who {
                cost[pi] += (w * values[c]).max(0.0);
            }
        }
        cost
    }

    fn persons(&self) -> usize {
        self.cells.len()
    }

    fn days(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    pub(super) fn person_columns(&self, pi: usize) -> impl Iterator<Item = usize> + '_ {
        self.cells[pi].iter().flatten().copied()
    }

    /// The rows that involve person `pi`'s columns and nobody else's.
    pub(super) fn own_rows(&self, pi: usize) -> &[usize] {
        &self.own_rows[pi]
    }

    /// All decision columns.
    pub(super) fn decisions(&self) -> usize {
        self.decision.len()
    }

    pub(super) fn size_of_person(&self, pi: usize) -> usize {
        self.cells[pi].iter().map(Vec::len).sum()
    }
}

/// A small, seeded generator: the search is the same from run to run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        let z = crate::heuristic::scramble(self.0);
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// An index drawn with probability in proportion to its weight (plus a little for
    /// every index, so that cheap places are visited too).
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let floor = weights.iter().sum::<f64>() / (4.0 * weights.len().max(1) as f64) + 1e-9;
        let total: f64 = weights.iter().map(|w| w.max(0.0) + floor).sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for (i, w) in weights.iter().enumerate() {
            x -= w.max(0.0) + floor;
            if x <= 0.0 {
                return i;
            }
        }
        weights.len().saturating_sub(1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn seconds_left(deadline: Instant) -> f64 {
    deadline.saturating_duration_since(Instant::now()).as_secs_f64()
}

/// Builds a solution that keeps every rule, a few people at a time. People marked in
/// `keep` are taken as they are in `start` (their rows keep their rules); the others
/// are planned in batches, each fitted around those already planned. None when a
/// batch of one person finds no plan in its time, or the deadline comes first.
pub fn construct(
    whole: &Whole,
    layout: &Layout,
    start: &[f64],
    keep: &[bool],
    deadline: Instant,
    gap: f64,
) -> Option<Incumbent> {
    let mut values = start.to_vec();
    let mut off = vec![false; whole.rows()];
    let pending: Vec<usize> = (0..layout.persons()).filter(|&pi| !keep[pi]).collect();
    for &pi in &pending {
        for c in layout.person_columns(pi) {
            values[c] = 0.0;
        }
        for &r in &layout.own_rows[pi] {
            off[r] = true;
        }
    }
    // Batches of about this many columns: small enough to solve in well under a second.
    let mut target = 400usize;
    let mut patience = 1.0;
    let mut queue: std::collections::VecDeque<usize> = pending.into_iter().collect();
    while !queue.is_empty() {
        let mut batch = Vec::new();
        let mut size = 0;
        while let Some(&pi) = queue.front() {
            if !batch.is_empty() && size + layout.size_of_person(pi) > target {
                break;
            }
            size += layout.size_of_person(pi);
            batch.push(pi);
            queue.pop_front();
        }
        let left = seconds_left(deadline);
        if left <= 0.0 {
            return None;
        }
        // A share of the time left in proportion to the batch's part of what is left to plan.
        let left_columns: usize = size + queue.iter().map(|&pi| layout.size_of_person(pi)).sum::<usize>();
        // A rota keeping the rules matters more here than the best fit: a loose gap, and
        // when time is short, the first plan found.
        let share = left * size.max(1) as f64 / left_columns.max(1) as f64;
        let settings = Settings {
            time_limit: (share * patience).max(left.min(1.0)).min(left),
            gap: gap.max(0.05),
            first_solution: share < 1.0,
        };
        for &pi in &batch {
            for &r in &layout.own_rows[pi] {
                off[r] = false;
            }
        }
        let free: Vec<usize> = batch.iter().flat_map(|&pi| layout.person_columns(pi)).collect();
        let began = Instant::now();
        let out = whole.solve_part(&values, &free, &layout.is_decision, &off, &settings);
        if super::search_log() {
            eprintln!(
                "construct {} people, {} columns, {:.2}s of {:.2}s: found {}, objective {:.1}",
                batch.len(),
                free.len(),
                began.elapsed().as_secs_f64(),
                settings.time_limit,
                out.values.is_some(),
                out.objective
            );
        }
        match out.values {
            Some(v) => values = v,
            None if batch.len() > 1 => {
                // Too much at once: put the batch back and take fewer people.
                for &pi in batch.iter().rev() {
                    for &r in &layout.own_rows[pi] {
                        off[r] = true;
                    }
                    queue.push_front(pi);
                }
                target = (target / 2).max(1);
            }
            None if settings.time_limit < left => {
                // One person alone found no plan in the time: again, with more time.
                for &r in &layout.own_rows[batch[0]] {
                    off[r] = true;
                }
                queue.push_front(batch[0]);
                patience *= 2.0;
            }
            None => return None,
        }
    }
    settle(whole, layout, values, deadline, gap)
}

/// The best slacks, balances and counts for the decisions in `values` (each part set
/// only those next to its own decisions): the whole solution, consistent, and its cost.
pub fn settle(whole: &Whole, layout: &Layout, values: Vec<f64>, deadline: Instant, gap: f64) -> Option<Incumbent> {
    let followers: Vec<usize> = (0..whole.cost.len()).filter(|&c| !layout.is_decision[c]).collect();
    let off = vec![false; whole.rows()];
    let settings = Settings { time_limit: seconds_left(deadline).max(1.0), gap, first_solution: false };
    let out = whole.solve_part(&values, &followers, &layout.is_decision, &off, &settings);
    let values = out.values?;
    Some(Incumbent { objective: whole.objective(&values), values })
}

/// The best plans for the people in `free` (persons of the layout) around everybody
/// else as they are in `values` (decisions only: slacks and counts are settled first),
/// found by `until`: the whole solution, or None when the rota in `values` cannot be
/// settled (it breaks a rule between people) or HiGHS found nothing in the time.
pub fn complete(whole: &Whole, layout: &Layout, values: Vec<f64>, free: &[usize], until: Instant) -> Option<Incumbent> {
    let settled = settle(whole, layout, values, until, 0.0)?;
    let columns: Vec<usize> = free.iter().flat_map(|&pi| layout.person_columns(pi)).collect();
    let off = vec![false; whole.rows()];
    let settings = Settings { time_limit: seconds_left(until).max(0.05), gap: 0.0, first_solution: false };
    let out = whole.solve_part(&settled.values, &columns, &layout.is_decision, &off, &settings);
    match out.values {
        Some(values) if out.objective < settled.objective => {
            Some(Incumbent { objective: whole.objective(&values), values })
        }
        _ => Some(settled),
    }
}

/// What the improvement search did, for the planner's note.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Parts solved (`side_by_side` to a round).
    pub parts: usize,
    pub improved: usize,
    /// The last part solved was the whole program, to optimality: the incumbent is optimal.
    pub proven: bool,
    /// The search stopped on a rota within the gap asked for of the bound it was given.
    pub good_enough: bool,
    /// The search stopped because its last parts found nothing better.
    pub stalled: bool,
}

/// When the search around the MIP stops.
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    pub deadline: Instant,
    /// A rota costing no more than this is within the gap asked for of a proven bound.
    pub good_enough: f64,
    /// Stop after this many parts in a row without a better rota (None: never).
    pub stalled_after: Option<usize>,
}

/// Workers solving parts side by side in the search of a grouping that has the
/// machine to itself (a scenario of one grouping, such as a Curtois ward): the other
/// core would stand idle. With several groupings rayon keeps the cores busy with them,
/// and a second part would only take a core from another grouping (Licheng pooled:
/// 36.5 s wall with one part a round, 41.9 s with two).
pub const SIDE_BY_SIDE: usize = 2;

/// What the workers of `improve` share: the best rota so far and how the search has
/// gone (one lock: a worker holds it only to draw a part or to record one).
struct Search {
    incumbent: Incumbent,
    stats: Stats,
    sizes: [f64; 4],
    kinds: Kinds,
    rng: SplitMix,
    since_better: usize,
    over: bool,
}

/// Improves `incumbent` (a solution keeping every rule) until `stop` says so: each
/// part frees some of the rota, of a kind drawn by how the kinds have done lately
/// (`Kinds`), holds the rest, and lets HiGHS re-plan it from the incumbent; a re-plan
/// that costs no more than the best so far becomes the incumbent. `side_by_side`
/// workers (on the cores rayon has) each draw their next part as soon as their last one
/// is solved, from the incumbent then: nobody waits for a slower part (parts taken in
/// rounds left 13–20% of the cores idle; Curtois's 19 in three runs each, taken in
/// turns: 5309, 5309, 4789 against 5965, 5562, 5477; 20: 7555, 8148, 6871 against 8745,
/// 7841, 7871; 8 and 12 alike). With one worker the parts follow one another
/// from a seeded generator, the same from run to run. Returns the best solution found.
pub fn improve(
    whole: &Whole,
    layout: &Layout,
    incumbent: Incumbent,
    stop: Stop,
    round_limit: f64,
    side_by_side: usize,
) -> (Incumbent, Stats) {
    let Stop { deadline, good_enough, stalled_after } = stop;
    let side_by_side = side_by_side.max(1);
    let total = layout.decision.len();
    if total == 0 {
        let stats = Stats { good_enough: incumbent.objective <= good_enough, ..Stats::default() };
        return (incumbent, stats);
    }
    let off = vec![false; whole.rows()];
    let search = std::sync::Mutex::new(Search {
        incumbent,
        stats: Stats::default(),
        sizes: [(total / 8).clamp(60.min(total), 1500) as f64; 4],
        kinds: Kinds::new(if layout.weekends.is_empty() { 3 } else { 4 }),
        rng: SplitMix(0x5EED),
        since_better: 0,
        over: false,
    });
    let lock = || search.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let worker = || loop {
        let (free, kind, values) = {
            let mut st = lock();
            let st = &mut *st;
            if st.over || seconds_left(deadline) <= 0.05 || st.incumbent.objective <= good_enough {
                st.over = true;
                return;
            }
            if stalled_after.is_some_and(|parts| st.since_better >= parts) {
                st.stats.stalled = true;
                st.over = true;
                return;
            }
            let kind = st.kinds.draw();
            let size = st.sizes[kind] as usize;
            let values = st.incumbent.values.clone();
            let rng = &mut st.rng;
            let free = match kind {
                0 => some_people(layout, rng, size, &values),
                1 => some_days(layout, rng, size, &values),
                2 => some_people_some_weeks(layout, rng, size, &values),
                _ => some_people_weekends(layout, rng, size, &values),
            };
            (free, kind, values)
        };
        let limit = round_limit.min(seconds_left(deadline));
        let settings = Settings { time_limit: limit, gap: 0.0, first_solution: false };
        let began = Instant::now();
        let out = whole.solve_part(&values, &free, &layout.is_decision, &off, &settings);
        let seconds = began.elapsed().as_secs_f64();
        let mut st = lock();
        let st = &mut *st;
        st.stats.parts += 1;
        st.since_better += 1;
        if super::search_log() {
            eprintln!(
                "round {:>4} kind {} free {:>6} {:>6.2}s optimal {:<5} objective {:>10.1} best {:>10.1}",
                st.stats.parts,
                kind,
                free.len(),
                seconds,
                out.optimal,
                out.objective,
                st.incumbent.objective
            );
        }
        if out.optimal && free.len() >= total {
            st.stats.proven = true;
            st.over = true;
        }
        let size = &mut st.sizes[kind];
        *size = if out.optimal && seconds < 0.5 * limit {
            *size * 1.2
        } else if out.optimal {
            *size
        } else {
            *size * 0.85
        };
        *size = size.clamp(20.0_f64.min(total as f64), total as f64);
        let mut better = false;
        if let PartOutcome { values: Some(values), objective, .. } = out {
            if objective <= st.incumbent.objective + 1e-6 {
                better = objective < st.incumbent.objective - 1e-6;
                if better {
                    st.stats.improved += 1;
                    st.since_better = 0;
                }
                st.incumbent = Incumbent { values, objective };
            }
        }
        st.kinds.record(kind, better);
    };
    rayon::scope(|scope| {
        for _ in 0..side_by_side {
            scope.spawn(|_| worker());
        }
    });
    let Search { incumbent, mut stats, .. } = search.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    stats.good_enough = incumbent.objective <= good_enough;
    (incumbent, stats)
}

/// Which kind of part each round frees: drawn in proportion to how often each kind's
/// rounds found a better rota lately (adaptive large neighbourhood search), so that the
/// search leans to the kinds that pay on the rota at hand, and every kind keeps a
/// chance (`SplitMix::weighted`). Measured on Curtois's 12 it is neither better nor
/// worse than the kinds in turn (middle of nine runs 4266, of eleven 4261); 8 and 9 as
/// before. It is there for scenarios where some kind never pays.
struct Kinds {
    /// How each kind has done lately: one for a round that found a better rota, zero
    /// for one that did not, each new round weighing `KIND_MEMORY` against the past.
    weights: Vec<f64>,
    rng: SplitMix,
}

/// The weight of a kind's past against its last round.
const KIND_MEMORY: f64 = 0.7;

impl Kinds {
    /// Every kind as likely as the others to begin with.
    fn new(kinds: usize) -> Self {
        Kinds { weights: vec![1.0; kinds], rng: SplitMix(0xC0DE) }
    }

    fn draw(&mut self) -> usize {
        self.rng.weighted(&self.weights)
    }

    /// A round of `kind` found a better rota, or did not.
    fn record(&mut self, kind: usize, better: bool) {
        let last = if better { 1.0 } else { 0.0 };
        self.weights[kind] = KIND_MEMORY * self.weights[kind] + (1.0 - KIND_MEMORY) * last;
    }
}

/// Everybody in an order for a part: the first drawn by what their own choices cost,
/// the others at random.
fn people_in_order(layout: &Layout, rng: &mut SplitMix, values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..layout.persons()).collect();
    rng.shuffle(&mut order);
    let first = rng.weighted(&layout.person_costs(values));
    order.retain(|&pi| pi != first);
    order.insert(0, first);
    order
}

/// People over the whole horizon, until `size` columns are free.
fn some_people(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let mut free = Vec::new();
    for pi in people_in_order(layout, rng, values) {
        if free.len() >= size {
            break;
        }
        free.extend(layout.person_columns(pi));
    }
    free
}

/// People over every weekend of the horizon and the Friday and Monday beside it, until
/// `size` columns are free. Weekends are tied together by the limit on weekends worked
/// and by the shifts that cover them: moving a weekend duty from one person to another
/// moves a weekend of each, weeks apart, and the days beside it (runs of shifts and
/// days off, shifts that may not follow). Parts of a few weeks hold one or two weekends
/// at most. (Curtois's 8 lost its last shortage only to these parts: 1407 → 1306–1311
/// in three runs of five; on 12, 14, 18 and 19 they found more than any other kind.)
fn some_people_weekends(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let mut free = Vec::new();
    for pi in people_in_order(layout, rng, values) {
        if free.len() >= size {
            break;
        }
        free.extend(layout.weekends.iter().flat_map(|&d| layout.cells[pi][d].iter().copied()));
    }
    free
}

/// Everybody over a run of days around a day drawn by what it costs, until `size`
/// columns are free.
fn some_days(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let days = layout.days();
    let day_columns = |d: usize| (0..layout.persons()).flat_map(move |pi| layout.cells[pi][d].iter().copied());
    let first = rng.weighted(&layout.day_costs(values));
    let mut free: Vec<usize> = Vec::new();
    let (mut lo, mut hi) = (first, first);
    free.extend(day_columns(first));
    while free.len() < size && (lo > 0 || hi + 1 < days) {
        if hi + 1 < days {
            hi += 1;
            free.extend(day_columns(hi));
        } else {
            lo -= 1;
            free.extend(day_columns(lo));
        }
    }
    free
}

/// A few weeks (a third of the horizon, at least one week) around a day drawn by what
/// it costs, and people chosen at random over them until `size` columns are free.
/// When everybody over those weeks comes to fewer than `size` columns (few people, a
/// short horizon), the weeks widen until the part has its size: parts that HiGHS solves
/// quickly grow, and this kind must be able to grow with them (on Curtois's Instance5
/// and 9 the search stalled on parts held at 9 of 28 days).
fn some_people_some_weeks(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let days = layout.days();
    let third = (days / 3).max(7).min(days);
    let centre = rng.weighted(&layout.day_costs(values));
    let weeks = |length: usize| {
        let first = centre.saturating_sub(length / 2).min(days - length);
        first..first + length
    };
    let everybody: usize =
        (0..layout.persons()).map(|pi| layout.cells[pi][weeks(third)].iter().map(Vec::len).sum::<usize>()).sum();
    let length = if everybody < size && third < days {
        let per_day = everybody.max(1) as f64 / third as f64;
        ((size as f64 / per_day).ceil() as usize).clamp(third + 1, days)
    } else {
        third
    };
    let mut order: Vec<usize> = (0..layout.persons()).collect();
    rng.shuffle(&mut order);
    let mut free = Vec::new();
    for pi in order {
        if free.len() >= size {
            break;
        }
        free.extend(layout.cells[pi][weeks(length)].iter().flatten().copied());
    }
    free
}

#[cfg(test)]
pub(super) mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::domain::Scenario;
    use crate::heuristic;
    use crate::model::{start_values, GroupingModel};
    use crate::solve::Loaded;

    /// A kind whose rounds keep finding better rotas is drawn more often than the
    /// others, and a kind that finds nothing is still drawn now and then.
    #[test]
    fn the_kinds_that_find_better_rotas_are_drawn_more_often() {
        let mut kinds = Kinds::new(4);
        let mut drawn = [0usize; 4];
        for _ in 0..400 {
            let kind = kinds.draw();
            drawn[kind] += 1;
            kinds.record(kind, kind == 3);
        }
        assert!(drawn[3] > 200, "the kind that pays was drawn {} times of 400: {drawn:?}", drawn[3]);
        assert!(drawn[..3].iter().all(|&n| n >= 10), "a kind that finds nothing is never drawn: {drawn:?}");
    }

    /// A scenario from a file of the test fixtures or the shipped scenarios.
    fn scenario(toml: &str, name: &str) -> Scenario {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, toml).expect("write scenario");
        crate::scenario::load(&path).expect("scenario loads").scenario
    }

    /// Curtois & Qu Instance3 (20 people, 14 days, 3 shifts; shift rostering): HiGHS
    /// does not close it in seconds, and the constructive rota breaks its rules.
    pub(in crate::solve) fn instance3() -> Scenario {
        let text = include_str!("../../tests/fixtures/curtois/Instance3.txt");
        let inst = crate::import::curtois::parse("Instance3.txt", text).expect("instance parses");
        let source = crate::import::curtois_scenario::Source { name: "Instance3", file: "Instance3.txt", sha256: "-" };
        scenario(&crate::import::curtois_scenario::scenario_toml(&inst, &source), "Instance3.toml")
    }

    /// Curtois & Qu Instance1 (8 people, 14 days, one shift).
    fn instance1() -> Scenario {
        let text = include_str!("../../tests/fixtures/curtois/Instance1.txt");
        let inst = crate::import::curtois::parse("Instance1.txt", text).expect("instance parses");
        let source = crate::import::curtois_scenario::Source { name: "Instance1", file: "Instance1.txt", sha256: "-" };
        scenario(&crate::import::curtois_scenario::scenario_toml(&inst, &source), "Instance1.toml")
    }

    /// Every row of the whole program holds for `values`.
    fn keeps_every_row(whole: &Whole, values: &[f64]) -> bool {
        (0..whole.rows()).all(|r| {
            let activity: f64 = whole.row_activity(r, values);
            let (lo, hi) = whole.row_bounds(r);
            activity >= lo - 1e-6 && activity <= hi + 1e-6
        })
    }

    fn rota_of(m: &GroupingModel, loaded: &Loaded, values: &[f64]) -> crate::domain::Rota {
        m.to_rota(m.extract(|v| loaded.index.get(&v).map_or(0.0, |&i| values[i])))
    }

    /// From a start that breaks rules, construction gives a whole solution that keeps
    /// every row of the program and a rota that keeps every rule (by the rule checker
    /// of the start heuristic, which does not know the program); the search then never
    /// makes it worse, and its result keeps every rule too.
    fn construct_then_improve(s: &Scenario) {
        let g = 0;
        let m = GroupingModel::build(s, g);
        let loaded = Loaded::new(&m, 0.0).expect("model loads");
        let whole = Whole::read(&loaded.engine);
        let layout = Layout::new(&m, &whole, &loaded.index);
        let start = heuristic::greedy(s, g);
        let keep = vec![false; m.persons.len()];
        let deadline = Instant::now() + Duration::from_secs(60);
        let built =
            construct(&whole, &layout, &start_values(&m, &start), &keep, deadline, 0.0).expect("a rota is built");
        assert!(keeps_every_row(&whole, &built.values));
        assert!((whole.objective(&built.values) - built.objective).abs() < 1e-6);
        assert!(heuristic::grouping_is_legal(s, &rota_of(&m, &loaded, &built.values), g));

        let stop = Stop {
            deadline: Instant::now() + Duration::from_secs(2),
            good_enough: f64::NEG_INFINITY,
            stalled_after: None,
        };
        let (better, stats) = improve(&whole, &layout, built.clone(), stop, 0.5, SIDE_BY_SIDE);
        assert!(stats.parts > 0 && !stats.good_enough);
        assert!(better.objective <= built.objective + 1e-6, "{} > {}", better.objective, built.objective);
        assert!(keeps_every_row(&whole, &better.values));
        assert!(heuristic::grouping_is_legal(s, &rota_of(&m, &loaded, &better.values), g));

        // A rota already within the gap of the bound is not searched further.
        let far = Instant::now() + Duration::from_secs(60);
        let stop = Stop { deadline: far, good_enough: built.objective, stalled_after: None };
        let (kept, stats) = improve(&whole, &layout, built.clone(), stop, 0.5, SIDE_BY_SIDE);
        assert!(stats.good_enough && stats.parts == 0);
        assert_eq!(kept.objective, built.objective);

        // A search that finds nothing better in its rounds stops well before its deadline.
        let stop = Stop { deadline: far, good_enough: f64::NEG_INFINITY, stalled_after: Some(3) };
        let (_, stats) = improve(&whole, &layout, better.clone(), stop, 0.5, SIDE_BY_SIDE);
        assert!(stats.stalled && stats.parts >= 3, "{stats:?}");
        assert!(Instant::now() < far);
    }

    /// The re-planned start of shift rostering (dynamic programming per person, in the
    /// heuristic) keeps every rule by its own checker and every row of the program —
    /// which states the rules independently — and it is the same from run to run.
    #[test]
    fn replanned_shift_rota_keeps_every_row_of_the_program() {
        for s in [instance3(), instance1()] {
            let g = 0;
            let greedy = heuristic::greedy(&s, g);
            let mut rota = greedy.clone();
            heuristic::replan(&s, g, &mut rota, 1e9);
            assert!(heuristic::grouping_is_legal(&s, &rota, g), "{}: every row keeps its rules", s.name);
            let m = GroupingModel::build(&s, g);
            let loaded = Loaded::new(&m, 0.0).expect("model loads");
            let whole = Whole::read(&loaded.engine);
            let layout = Layout::new(&m, &whole, &loaded.index);
            let far = Instant::now() + Duration::from_secs(60);
            // Only the slacks are left to settle: the decisions are the re-planned rota's.
            let settled = settle(&whole, &layout, start_values(&m, &rota), far, 0.0).expect("settles");
            assert!(keeps_every_row(&whole, &settled.values), "{}: the program accepts the rota", s.name);
            let decisions: Vec<usize> = layout.decision.clone();
            let start = start_values(&m, &rota);
            assert!(decisions.iter().all(|&c| (settled.values[c] - start[c]).abs() < 1e-6));
            let figures = crate::report::evaluate::grouping_figures(&s, &rota, g);
            assert!((settled.objective + m.objective_constant - figures.objective).abs() < 1e-6);
            let mut again = greedy.clone();
            heuristic::replan(&s, g, &mut again, 1e9);
            assert_eq!(rota, again, "{}: same input, same rota", s.name);
            // Re-planning a rota that keeps the rules never makes it worse.
            let mut twice = rota.clone();
            heuristic::replan(&s, g, &mut twice, 1e9);
            let after = crate::report::evaluate::grouping_figures(&s, &twice, g).objective;
            assert!(after <= figures.objective + 1e-9);
        }
    }

    /// Completing a rota: the people left free are planned anew around the others,
    /// who keep their rows; the result keeps every row of the program, costs no more
    /// than the rota given, and with everybody free it is the optimum (Instance1: 607).
    #[test]
    fn completion_replans_only_the_free_people_and_never_costs_more() {
        let s = instance1();
        let m = GroupingModel::build(&s, 0);
        let loaded = Loaded::new(&m, 0.0).expect("model loads");
        let whole = Whole::read(&loaded.engine);
        let layout = Layout::new(&m, &whole, &loaded.index);
        let mut rota = heuristic::greedy(&s, 0);
        heuristic::replan(&s, 0, &mut rota, 1e9);
        let far = Instant::now() + Duration::from_secs(60);
        let given = settle(&whole, &layout, start_values(&m, &rota), far, 0.0).expect("the re-planned rota settles");
        let free = [1, 4];
        let done = complete(&whole, &layout, start_values(&m, &rota), &free, far).expect("completes");
        assert!(keeps_every_row(&whole, &done.values));
        assert!(done.objective <= given.objective + 1e-6, "{} > {}", done.objective, given.objective);
        for pi in (0..layout.persons()).filter(|pi| !free.contains(pi)) {
            assert!(layout.person_columns(pi).all(|c| (done.values[c] - given.values[c]).abs() < 1e-6));
        }
        let everybody: Vec<usize> = (0..layout.persons()).collect();
        let best = complete(&whole, &layout, start_values(&m, &rota), &everybody, far).expect("completes");
        assert!((best.objective + m.objective_constant - 607.0).abs() < 1e-6, "{}", best.objective);
        assert!(heuristic::grouping_is_legal(&s, &rota_of(&m, &loaded, &best.values), 0));
    }

    /// The trivial bound (each column at its cheaper end) is what a run reports before
    /// its root LP: never above a solution's cost, and below the bound of a run that
    /// finished (Instance1 closes in about a second) — so a run still at it did not.
    #[test]
    fn trivial_bound_is_below_every_solution_and_below_a_finished_root() {
        let s = instance1();
        let m = GroupingModel::build(&s, 0);
        let mut loaded = Loaded::new(&m, 0.0).expect("model loads");
        let trivial = Whole::read(&loaded.engine).trivial_bound();
        loaded.engine.set_time_limit(60.0);
        let out = loaded.engine.run();
        assert!(out.optimal, "Instance1 closes");
        assert!(trivial <= out.objective + 1e-6, "trivial {trivial} above the optimum {}", out.objective);
        assert!(
            out.bound > trivial + 1e-6,
            "the finished run's bound {} is not above the trivial {trivial}",
            out.bound
        );
        assert!((out.objective + m.objective_constant - 607.0).abs() < 1e-6, "Instance1's optimum is 607");
    }

    #[test]
    fn shift_rostering_is_built_and_improved_within_the_rules() {
        let s = instance3();
        assert!(!heuristic::grouping_is_legal(&s, &heuristic::greedy(&s, 0), 0), "the test needs an illegal start");
        construct_then_improve(&s);
    }

    #[test]
    fn office_rota_is_built_and_improved_within_the_rules() {
        let s = scenario(include_str!("../../scenarios/example.toml"), "example.toml");
        construct_then_improve(&s);
    }

    /// Instance3's whole program, its layout and a rota built on it from the greedy
    /// start, for tests of the parts and of the search.
    fn instance3_built() -> (Whole, Layout, Incumbent) {
        let s = instance3();
        let m = GroupingModel::build(&s, 0);
        let loaded = Loaded::new(&m, 0.0).expect("model loads");
        let whole = Whole::read(&loaded.engine);
        let layout = Layout::new(&m, &whole, &loaded.index);
        let keep = vec![false; m.persons.len()];
        let far = Instant::now() + Duration::from_secs(60);
        let built = construct(&whole, &layout, &start_values(&m, &heuristic::greedy(&s, 0)), &keep, far, 0.0)
            .expect("a rota is built");
        (whole, layout, built)
    }

    /// A part holds every column outside it: a part of one person's days changes only
    /// that person's decisions, and its solution still keeps every row.
    #[test]
    fn a_part_changes_only_its_own_decisions() {
        let (whole, layout, built) = instance3_built();
        let free: Vec<usize> = layout.cells[3].iter().flatten().copied().collect();
        let off = vec![false; whole.rows()];
        let settings = Settings { time_limit: 30.0, gap: 0.0, first_solution: false };
        let out = whole.solve_part(&built.values, &free, &layout.is_decision, &off, &settings);
        let values = out.values.expect("the held solution is a solution of the part");
        assert!(out.optimal);
        assert!(out.objective <= built.objective + 1e-6);
        assert!(keeps_every_row(&whole, &values));
        for &c in &layout.decision {
            if !free.contains(&c) {
                assert_eq!(values[c].round(), built.values[c].round(), "column {c} is held");
            }
        }
    }

    /// Instance1's whole program and its layout, for tests of the parts.
    fn instance1_program() -> (Whole, Layout) {
        let s = instance1();
        let m = GroupingModel::build(&s, 0);
        let loaded = Loaded::new(&m, 0.0).expect("model loads");
        let whole = Whole::read(&loaded.engine);
        let layout = Layout::new(&m, &whole, &loaded.index);
        (whole, layout)
    }

    /// The days of the decision columns `free`, in order, each once.
    fn days_of(layout: &Layout, free: &[usize]) -> Vec<usize> {
        let mut days: Vec<usize> = free
            .iter()
            .map(|&c| {
                (0..layout.days())
                    .find(|&d| (0..layout.persons()).any(|pi| layout.cells[pi][d].contains(&c)))
                    .expect("a decision column")
            })
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// A weekends part frees whole people over every weekend and the Friday and Monday
    /// beside it, and nothing else; it grows to its size, up to everybody's weekends.
    #[test]
    fn a_weekends_part_frees_the_weekends_and_the_days_beside_them() {
        let (whole, layout) = instance1_program();
        let values = vec![0.0; whole.cost.len()];
        // Instance1 starts on a Monday: two weeks, Friday to Monday of each.
        assert_eq!(layout.weekends, vec![0, 4, 5, 6, 7, 11, 12, 13]);
        let mut rng = SplitMix(7);
        let small = some_people_weekends(&layout, &mut rng, 20, &values);
        assert!(small.len() >= 20);
        assert_eq!(days_of(&layout, &small), layout.weekends, "a person's weekends are freed whole");
        let people = |free: &[usize]| {
            (0..layout.persons()).filter(|&pi| layout.person_columns(pi).any(|c| free.contains(&c))).count()
        };
        let all = some_people_weekends(&layout, &mut rng, layout.decisions(), &values);
        assert_eq!(people(&all), layout.persons(), "a part as big as everything frees everybody's weekends");
        let weekend_columns: usize = (0..layout.persons())
            .map(|pi| layout.weekends.iter().map(|&d| layout.cells[pi][d].len()).sum::<usize>())
            .sum();
        assert_eq!(all.len(), weekend_columns, "and nothing but their weekends");
        assert!(people(&small) < layout.persons());
    }

    /// One worker draws its parts one after the other from a seeded generator: on one
    /// core or two, the search takes the same rotas in the same order (when every part
    /// is solved to its end, as here) and ends on the same rota. Two workers take parts
    /// as they finish, in an order the clock decides: their search never loses the rota
    /// it was given, and its rota keeps every row.
    #[test]
    fn one_worker_searches_the_same_on_one_core_or_two_and_two_never_lose() {
        let (whole, layout, built) = instance3_built();
        let far = Instant::now() + Duration::from_secs(120);
        let search = |cores: usize, workers: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(cores).build().expect("a pool");
            pool.install(|| {
                let stop = Stop { deadline: far, good_enough: f64::NEG_INFINITY, stalled_after: Some(3) };
                improve(&whole, &layout, built.clone(), stop, 30.0, workers)
            })
        };
        let (one, one_stats) = search(1, 1);
        let (two, two_stats) = search(2, 1);
        assert!(one_stats.improved > 0 && one_stats.parts >= 3, "{one_stats:?}");
        assert!(one_stats.stalled || one_stats.proven, "{one_stats:?}");
        assert_eq!((one_stats.parts, one_stats.improved), (two_stats.parts, two_stats.improved));
        assert_eq!(one.objective, two.objective);
        assert_eq!(one.values, two.values);

        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool");
        let stop = Stop {
            deadline: Instant::now() + Duration::from_secs(5),
            good_enough: f64::NEG_INFINITY,
            stalled_after: Some(6),
        };
        let (side, side_stats) = pool.install(|| improve(&whole, &layout, built.clone(), stop, 30.0, SIDE_BY_SIDE));
        assert!(side_stats.improved > 0, "{side_stats:?}");
        assert!(side.objective <= built.objective - 1e-6, "{} against {}", side.objective, built.objective);
        assert!(keeps_every_row(&whole, &side.values));
    }

    /// A people-over-weeks part is a third of the horizon (at least a week) while that
    /// holds its size, and widens when everybody over it is fewer columns than its size.
    #[test]
    fn a_people_over_weeks_part_widens_to_its_size() {
        let (whole, layout) = instance1_program();
        let values = vec![0.0; whole.cost.len()];
        let days_of = |free: &[usize]| days_of(&layout, free);
        let total = layout.decision.len();
        let mut rng = SplitMix(11);
        // Instance1: 8 people, 14 days — a week of everybody is about half the columns.
        let small = some_people_some_weeks(&layout, &mut rng, 20, &values);
        assert!(small.len() >= 20 && days_of(&small).len() <= 7, "{} columns", small.len());
        let wide = some_people_some_weeks(&layout, &mut rng, total - 5, &values);
        assert!(wide.len() >= total - 5, "{} of {total} columns", wide.len());
        assert!(days_of(&wide).len() > 7);
    }
}
