//! The search around the MIP, for programs HiGHS cannot close in the time given:
//! fix most of the rota, let HiGHS re-plan the rest exactly, keep what is better,
//! repeat with another part ("large neighbourhood search", or fix-and-optimise).
//! A part is a few people over the whole horizon, everybody over a few days, or a
//! few people over a few weeks; its size adapts so that each small program solves
//! in a fraction of a second to a few seconds.
//!
//! The same search builds a rota that keeps every rule when there is none to start
//! from: people are added a few at a time, the rules of those not yet planned
//! switched off, so that each small program only has to fit the newcomers in.

use std::time::Instant;

use good_lp::{IntoAffineExpression, Variable};

use super::engine::{Engine, Outcome};
use crate::model::{person_columns, GroupingModel};

/// Which columns and rows of the program belong to which person.
pub struct Layout {
    /// Decision columns (duties, rests) of person `pi` on day `d`.
    cells: Vec<Vec<Vec<usize>>>,
    /// All decision columns, flat.
    decision: Vec<usize>,
    /// Rows that involve person `pi`'s columns and nobody else's.
    own_rows: Vec<Vec<usize>>,
    /// Columns that cost something, with their cost and the day (and person) they belong to.
    costly: Vec<(usize, f64, usize, Option<usize>)>,
}

impl Layout {
    pub fn new(m: &GroupingModel, engine: &Engine, index: &std::collections::HashMap<Variable, usize>) -> Self {
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
        // A column belongs to a person when it describes them alone.
        let mut owner = vec![usize::MAX; engine.cols];
        for pi in 0..m.persons.len() {
            for v in person_columns(m, pi) {
                if let Some(c) = col(&v) {
                    owner[c] = pi;
                }
            }
        }
        let mut own_rows = vec![Vec::new(); m.persons.len()];
        for (r, columns) in engine.row_columns().iter().enumerate() {
            let mut persons = columns.iter().map(|&c| owner[c]).filter(|&o| o != usize::MAX);
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
        Layout { cells, decision, own_rows, costly }
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

    fn person_columns(&self, pi: usize) -> impl Iterator<Item = usize> + '_ {
        self.cells[pi].iter().flatten().copied()
    }

    fn size_of_person(&self, pi: usize) -> usize {
        self.cells[pi].iter().map(Vec::len).sum()
    }
}

/// A small, seeded generator: the search is the same from run to run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
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

/// Fixes every decision column at `values`, except `free`, which may take 0 or 1.
fn fix_all_but(engine: &mut Engine, layout: &Layout, values: &[f64], free: &[usize]) {
    let fixed: Vec<f64> = layout.decision.iter().map(|&c| values[c].round().clamp(0.0, 1.0)).collect();
    engine.set_column_bounds(&layout.decision, &fixed, &fixed);
    engine.set_column_bounds(free, &vec![0.0; free.len()], &vec![1.0; free.len()]);
}

/// Frees every decision column again (the whole program).
pub fn free_all(engine: &mut Engine, layout: &Layout) {
    let n = layout.decision.len();
    engine.set_column_bounds(&layout.decision, &vec![0.0; n], &vec![1.0; n]);
}

fn seconds_left(deadline: Instant) -> f64 {
    deadline.saturating_duration_since(Instant::now()).as_secs_f64()
}

/// Builds a solution that keeps every rule, a few people at a time. People marked in
/// `keep` are taken as they are in `start` (their rows keep their rules); the others
/// are planned in batches, each fitted around those already planned. None when a
/// batch of one person finds no plan in its time, or the deadline comes first.
pub fn construct(
    engine: &mut Engine,
    layout: &Layout,
    start: &[f64],
    keep: &[bool],
    deadline: Instant,
) -> Option<Outcome> {
    let mut values = start.to_vec();
    let pending: Vec<usize> = (0..layout.persons()).filter(|&pi| !keep[pi]).collect();
    for &pi in &pending {
        for c in layout.person_columns(pi) {
            values[c] = 0.0;
        }
        engine.set_rows_active(&layout.own_rows[pi], false);
    }
    fix_all_but(engine, layout, &values, &[]);
    // Batches of about this many columns: small enough to solve in well under a second.
    let mut target = 400usize;
    let mut queue: std::collections::VecDeque<usize> = pending.into_iter().collect();
    let mut last: Option<Outcome> = None;
    let result = loop {
        if queue.is_empty() && last.is_some() {
            break last;
        }
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
            break None;
        }
        // A share of the time left in proportion to the batch's part of what is left to plan.
        let left_columns: usize = size + queue.iter().map(|&pi| layout.size_of_person(pi)).sum::<usize>();
        engine.set_time_limit(left * size.max(1) as f64 / left_columns.max(1) as f64);
        let free: Vec<usize> = batch.iter().flat_map(|&pi| layout.person_columns(pi)).collect();
        for &pi in &batch {
            engine.set_rows_active(&layout.own_rows[pi], true);
        }
        fix_all_but(engine, layout, &values, &free);
        let out = engine.run();
        if super::search_log() {
            eprintln!("construct batch {:?} free {} found {} objective {:.1} infeasible {}", batch, free.len(), out.values.is_some(), out.objective, out.infeasible);
        }
        match out.values {
            Some(ref v) => {
                values.clone_from(v);
                last = Some(out);
            }
            None if batch.len() > 1 => {
                // Too much at once: put the batch back and take fewer people.
                for &pi in batch.iter().rev() {
                    engine.set_rows_active(&layout.own_rows[pi], false);
                    queue.push_front(pi);
                }
                target = (target / 2).max(1);
            }
            None => break None,
        }
    };
    // Whatever happened, the whole program is switched back on.
    for pi in 0..layout.persons() {
        engine.set_rows_active(&layout.own_rows[pi], true);
    }
    free_all(engine, layout);
    result
}

/// What the improvement search did, for the planner's note.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub rounds: usize,
    pub improved: usize,
    /// The last part solved was the whole program, to optimality: the incumbent is optimal.
    pub proven: bool,
}

/// Improves `incumbent` (a solution keeping every rule, with HiGHS's `objective`)
/// until the deadline: each round frees one part, fixes the rest, and lets HiGHS
/// re-plan the part from the incumbent. Returns the best solution found.
pub fn improve(
    engine: &mut Engine,
    layout: &Layout,
    mut incumbent: Outcome,
    deadline: Instant,
    round_limit: f64,
) -> (Outcome, Stats) {
    let mut stats = Stats::default();
    let total = layout.decision.len();
    if total == 0 || incumbent.values.is_none() {
        return (incumbent, stats);
    }
    let mut rng = SplitMix(0x5EED);
    // One size per kind of part: some kinds are much harder for HiGHS at equal size.
    let mut sizes = [(total / 8).clamp(60.min(total), 1500) as f64; 3];
    while seconds_left(deadline) > 0.05 {
        let Some(values) = incumbent.values.clone() else { break };
        let kind = stats.rounds % 3;
        let size = &mut sizes[kind];
        let free = match kind {
            0 => some_people(layout, &mut rng, *size as usize, &values),
            1 => some_days(layout, &mut rng, *size as usize, &values),
            _ => some_people_some_weeks(layout, &mut rng, *size as usize, &values),
        };
        stats.rounds += 1;
        fix_all_but(engine, layout, &values, &free);
        engine.set_solution(&values);
        let limit = round_limit.min(seconds_left(deadline));
        engine.set_time_limit(limit);
        let began = Instant::now();
        let out = engine.run();
        let quick = began.elapsed().as_secs_f64() < 0.3 * limit;
        if out.values.is_some() && out.objective <= incumbent.objective + 1e-6 {
            // Equal cost is taken too: the search moves on plateaus instead of circling.
            if out.objective < incumbent.objective - 1e-6 {
                stats.improved += 1;
            }
            incumbent.objective = out.objective;
            incumbent.values = out.values;
        }
        if super::search_log() {
            eprintln!(
                "round {:>4} kind {} free {:>6} {:>6.2}s optimal {:<5} objective {:>10.1} best {:>10.1}",
                stats.rounds,
                kind,
                free.len(),
                began.elapsed().as_secs_f64(),
                out.optimal,
                out.objective,
                incumbent.objective
            );
        }
        if out.optimal && free.len() >= total {
            stats.proven = true;
            break;
        }
        // Parts that solve quickly grow; parts that use up their time shrink.
        *size = if out.optimal && quick { *size * 1.15 } else if out.optimal { *size } else { *size * 0.8 };
        *size = size.clamp(20.0_f64.min(total as f64), total as f64);
    }
    free_all(engine, layout);
    (incumbent, stats)
}

/// People over the whole horizon, until `size` columns are free: the first drawn by
/// what their own choices cost, the others at random.
fn some_people(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..layout.persons()).collect();
    rng.shuffle(&mut order);
    let first = rng.weighted(&layout.person_costs(values));
    order.retain(|&pi| pi != first);
    order.insert(0, first);
    let mut free = Vec::new();
    for pi in order {
        if free.len() >= size {
            break;
        }
        free.extend(layout.person_columns(pi));
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
fn some_people_some_weeks(layout: &Layout, rng: &mut SplitMix, size: usize, values: &[f64]) -> Vec<usize> {
    let days = layout.days();
    let length = (days / 3).max(7).min(days);
    let centre = rng.weighted(&layout.day_costs(values));
    let first = centre.saturating_sub(length / 2).min(days - length);
    let mut order: Vec<usize> = (0..layout.persons()).collect();
    rng.shuffle(&mut order);
    let mut free = Vec::new();
    for pi in order {
        if free.len() >= size {
            break;
        }
        free.extend(layout.cells[pi][first..first + length].iter().flatten().copied());
    }
    free
}
