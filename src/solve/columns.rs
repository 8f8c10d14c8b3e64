//! Column generation for shift mode ("price and branch"): a rota as one row per person,
//! each chosen from a pool of rows that keep that person's rules. The master program
//! picks one row per person so that the places are filled at least cost; its LP prices
//! (duals) say what filling each place on each day is worth, and the re-planning's
//! program (`heuristic::RowPricer`) finds, for each person, the row that is cheapest at
//! those prices. Rows that would lower the LP join the pool until none does; then HiGHS
//! picks the rows as a MIP over the pool. The pricing is a heuristic (the counted rules
//! are priced, not states of its program): "no row lowers the LP" is its word, not a
//! proof, and the LP over the pool is no bound.
//!
//! The places are what ties people together in shift mode; everything else in a row is
//! the person's own (run rules, counted rules, wishes). So the pool can combine rows no
//! part of a few people would reach: on Curtois's Instance8 the search's rotas stay 19–21
//! places short where the best known has about 12, because mending a shortfall takes a
//! chain of changes through many people's rows. The rota found is a start for the
//! search around the MIP, taken only when it is better than the one it has.

use std::collections::HashSet;
use std::time::Instant;

use highs_sys::HighsInt;

use super::part::{set_bool, set_double, set_int, set_string};
use crate::domain::{Cell, Rota, Scenario};
use crate::heuristic::{person_is_legal, RowPricer};

/// What a column of the master stands for.
enum Column {
    /// Person `persons()[person]` works row `row` of their pool.
    Row { person: usize, row: usize },
    /// A place left unfilled (slack of a place's "at least count" row).
    Short,
    /// A place filled beyond its count.
    Over,
    /// No row for the person: priced out of any solution, there only so that the
    /// master always has one.
    Nobody,
}

/// The price of a person without a row: far above anything a row can cost.
const NOBODY: f64 = 1.0e7;

/// A rota for grouping g built from rows that each keep their person's rules, the
/// LP priced until `lp_until` and the rows picked by `deadline`. None when the pricing
/// has not finished by `lp_until`, the pick found no row for somebody, or HiGHS failed.
pub fn price_and_branch(s: &Scenario, g: usize, start: &Rota, lp_until: Instant, deadline: Instant) -> Option<Rota> {
    let mut pricer = RowPricer::new(s, g, start);
    let persons = pricer.persons().to_vec();
    let places = pricer.places().to_vec();
    if persons.is_empty() {
        return None;
    }
    let mut master = Master::new(s, &places, persons.len());
    seed(&mut master, &mut pricer, start);
    let began = Instant::now();
    let mut rounds = 0;
    // The pick is worth its time only over a pool the pricing has finished: before
    // that the pool holds the start and rows for prices that have since moved (on
    // Curtois's 13 and 20, a hundred people, the LP is still growing at its deadline).
    let mut finished = false;
    while !finished && Instant::now() < lp_until {
        rounds += 1;
        let duals = master.solve_lp(lp_until)?;
        let lp = master.lp_objective();
        let added = price_round(&mut master, &mut pricer, &duals, lp_until)?;
        if super::search_log() {
            eprintln!(
                "columns round {rounds}: LP {lp:.2}, {added} rows added, pool {} ({:.2}s)",
                master.pool_size(),
                began.elapsed().as_secs_f64()
            );
        }
        finished = added == 0;
    }
    if !finished {
        return None;
    }
    let picked = master.pick(deadline)?;
    let mut rota = start.clone();
    for (i, row) in picked.into_iter().enumerate() {
        rota.cells[persons[i]] = row;
    }
    Some(rota)
}

/// The first rows of the pool: the start's rows that keep their person's rules.
fn seed(master: &mut Master, pricer: &mut RowPricer, start: &Rota) {
    for (i, &p) in pricer.persons().to_vec().iter().enumerate() {
        if person_is_legal(master.s, start, p) {
            let row = start.cells[p].clone();
            let cost = pricer.own_cost(i, &row);
            master.add_row(i, row, cost);
        }
    }
}

/// One round of pricing at the LP's `duals`: every row that prices below its person's
/// "exactly one row" dual joins the pool. How many did; None when `until` came first.
fn price_round(master: &mut Master, pricer: &mut RowPricer, duals: &[f64], until: Instant) -> Option<usize> {
    let worth = master.worth(duals);
    pricer.set_worth(worth.clone());
    let mut added = 0;
    // The first rows of the master are the people's "exactly one row" rows.
    for (i, &convexity) in duals.iter().take(master.persons).enumerate() {
        if Instant::now() >= until {
            return None;
        }
        for (row, cost) in pricer.best_rows(i) {
            // The row's cost at the prices is its own cost less the worth of its places.
            let own = cost + master.worth_of(&row, &worth);
            if cost - convexity < -1e-6 && master.add_row(i, row, own) {
                added += 1;
            }
        }
    }
    Some(added)
}

/// The master program in HiGHS: one "exactly one row" row per person, then for each
/// place and day an "at least count" row (with a shortfall column) and an "at most
/// count" row (with an over column when over is allowed).
struct Master<'a> {
    h: *mut std::os::raw::c_void,
    s: &'a Scenario,
    places: &'a [Vec<usize>],
    persons: usize,
    /// Row index of place `places[d][k]`'s "at least" and "at most" rows.
    place_rows: Vec<Vec<(Option<HighsInt>, HighsInt)>>,
    /// Column index of place `places[d][k]`'s shortfall and over columns.
    place_cols: Vec<Vec<(Option<usize>, Option<usize>)>>,
    columns: Vec<Column>,
    pool: Vec<Vec<Vec<Cell>>>,
    seen: HashSet<(usize, Vec<Option<usize>>)>,
}

impl<'a> Master<'a> {
    fn new(s: &'a Scenario, places: &'a [Vec<usize>], persons: usize) -> Self {
        // SAFETY: a fresh instance, destroyed in `drop`.
        let h = unsafe { highs_sys::Highs_create() };
        unsafe {
            set_bool(h, c"output_flag", false);
            set_int(h, c"threads", 1);
            set_string(h, c"parallel", c"off");
            set_int(h, c"random_seed", 0);
        }
        let mut master = Master {
            h,
            s,
            places,
            persons,
            place_rows: Vec::new(),
            place_cols: Vec::new(),
            columns: Vec::new(),
            pool: vec![Vec::new(); persons],
            seen: HashSet::new(),
        };
        for _ in 0..persons {
            master.add_empty_row(1.0, 1.0);
        }
        for today in places {
            let (mut rows, mut cols) = (Vec::new(), Vec::new());
            for &r in today {
                let req = &s.requirements[r];
                let count = f64::from(req.count);
                let at_least = (req.count > 0).then(|| master.add_empty_row(count, f64::INFINITY));
                let at_most = master.add_empty_row(f64::NEG_INFINITY, count);
                let short =
                    at_least.map(|row| master.add_column(Column::Short, req.under_weight, count, &[row], &[1.0]));
                let over =
                    req.over_weight.map(|w| master.add_column(Column::Over, w, f64::INFINITY, &[at_most], &[-1.0]));
                rows.push((at_least, at_most));
                cols.push((short, over));
            }
            master.place_rows.push(rows);
            master.place_cols.push(cols);
        }
        for i in 0..persons {
            master.add_column(Column::Nobody, NOBODY, 1.0, &[i as HighsInt], &[1.0]);
        }
        master
    }

    fn add_empty_row(&mut self, lower: f64, upper: f64) -> HighsInt {
        // SAFETY: live instance; a row with no entries.
        unsafe {
            let at = highs_sys::Highs_getNumRow(self.h);
            highs_sys::Highs_addRow(self.h, lower, upper, 0, std::ptr::null(), std::ptr::null());
            at
        }
    }

    /// Adds a column; its index.
    fn add_column(&mut self, what: Column, cost: f64, upper: f64, rows: &[HighsInt], values: &[f64]) -> usize {
        // SAFETY: live instance; `rows` and `values` have the same length.
        unsafe {
            highs_sys::Highs_addCol(self.h, cost, 0.0, upper, rows.len() as HighsInt, rows.as_ptr(), values.as_ptr());
        }
        self.columns.push(what);
        self.columns.len() - 1
    }

    /// Which of day d's places `cell` fills, if any.
    fn place(&self, d: usize, cell: &Cell) -> Option<usize> {
        cell.requirement.and_then(|r| self.places[d].iter().position(|&x| x == r))
    }

    /// The master's rows that person `i`'s `row` fills: the place on each day it holds.
    fn entries(&self, i: usize, row: &[Cell]) -> Vec<HighsInt> {
        let mut rows = vec![i as HighsInt];
        for (d, cell) in row.iter().enumerate() {
            let Some(k) = self.place(d, cell) else { continue };
            let (at_least, at_most) = self.place_rows[d][k];
            rows.extend(at_least);
            rows.push(at_most);
        }
        rows
    }

    /// Adds person `i`'s `row` to the pool, unless it is there already.
    fn add_row(&mut self, i: usize, row: Vec<Cell>, cost: f64) -> bool {
        let key: Vec<Option<usize>> = row.iter().map(|c| c.requirement).collect();
        if !self.seen.insert((i, key)) {
            return false;
        }
        let rows = self.entries(i, &row);
        let values = vec![1.0; rows.len()];
        self.add_column(Column::Row { person: i, row: self.pool[i].len() }, cost, 1.0, &rows, &values);
        self.pool[i].push(row);
        true
    }

    fn pool_size(&self) -> usize {
        self.pool.iter().map(Vec::len).sum()
    }

    /// Solves the LP over the pool by `until`; the duals of all rows, or None when
    /// HiGHS failed or ran out of time.
    fn solve_lp(&mut self, until: Instant) -> Option<Vec<f64>> {
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        // SAFETY: live instance; the arrays are sized to its columns and rows.
        unsafe {
            set_double(self.h, c"time_limit", seconds.max(0.01));
            highs_sys::Highs_run(self.h);
            if highs_sys::Highs_getModelStatus(self.h) != highs_sys::kHighsModelStatusOptimal {
                return None;
            }
            let (n, m) = (highs_sys::Highs_getNumCol(self.h) as usize, highs_sys::Highs_getNumRow(self.h) as usize);
            let (mut x, mut dx, mut y, mut dy) = (vec![0.0; n], vec![0.0; n], vec![0.0; m], vec![0.0; m]);
            highs_sys::Highs_getSolution(self.h, x.as_mut_ptr(), dx.as_mut_ptr(), y.as_mut_ptr(), dy.as_mut_ptr());
            Some(dy)
        }
    }

    fn lp_objective(&self) -> f64 {
        let mut value = 0.0;
        // SAFETY: live instance; the name is NUL-terminated.
        unsafe { highs_sys::Highs_getDoubleInfoValue(self.h, c"objective_function_value".as_ptr(), &mut value) };
        value
    }

    /// What one more person in each place is worth at the duals: the sum of the duals
    /// of its "at least" and "at most" rows.
    fn worth(&self, duals: &[f64]) -> Vec<Vec<f64>> {
        self.place_rows
            .iter()
            .map(|rows| rows.iter().map(|&(a, b)| a.map_or(0.0, |a| duals[a as usize]) + duals[b as usize]).collect())
            .collect()
    }

    /// What the places `row` fills are worth.
    fn worth_of(&self, row: &[Cell], worth: &[Vec<f64>]) -> f64 {
        row.iter().enumerate().filter_map(|(d, cell)| self.place(d, cell).map(|k| worth[d][k])).sum()
    }

    /// A solution of the master from the first row of each person's pool (the start's,
    /// when it keeps the rules), with the shortfalls and overs it leaves.
    fn first_rows(&self) -> Vec<f64> {
        let mut x = vec![0.0; self.columns.len()];
        let mut fill: Vec<Vec<u32>> = self.places.iter().map(|today| vec![0; today.len()]).collect();
        for (c, what) in self.columns.iter().enumerate() {
            match *what {
                Column::Row { person, row: 0 } => {
                    x[c] = 1.0;
                    for (d, cell) in self.pool[person][0].iter().enumerate() {
                        if let Some(k) = self.place(d, cell) {
                            fill[d][k] += 1;
                        }
                    }
                }
                Column::Nobody if self.pool[c - self.first_nobody()].is_empty() => x[c] = 1.0,
                _ => {}
            }
        }
        for (d, today) in self.places.iter().enumerate() {
            for (k, &r) in today.iter().enumerate() {
                let count = self.s.requirements[r].count;
                let (short, over) = self.place_cols[d][k];
                if let Some(c) = short {
                    x[c] = f64::from(count.saturating_sub(fill[d][k]));
                }
                if let Some(c) = over {
                    x[c] = f64::from(fill[d][k].saturating_sub(count));
                }
            }
        }
        x
    }

    /// The column of the first person's `Nobody` (they come one per person, in order).
    fn first_nobody(&self) -> usize {
        self.columns.iter().position(|c| matches!(c, Column::Nobody)).unwrap_or(0)
    }

    /// The rows HiGHS picks, one per person, as a MIP over the pool by `deadline`,
    /// from the first row of each person's pool.
    fn pick(&mut self, deadline: Instant) -> Option<Vec<Vec<Cell>>> {
        let n = self.columns.len();
        let first = self.first_rows();
        let integer: Vec<HighsInt> =
            self.columns.iter().map(|c| if matches!(c, Column::Row { .. } | Column::Nobody) { 1 } else { 0 }).collect();
        let seconds = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
        // SAFETY: live instance; `integer` has one entry per column.
        unsafe {
            highs_sys::Highs_changeColsIntegralityByRange(self.h, 0, n as HighsInt - 1, integer.as_ptr());
            set_double(self.h, c"time_limit", seconds.max(0.1));
            set_double(self.h, c"mip_rel_gap", 0.0);
            highs_sys::Highs_setSolution(self.h, first.as_ptr(), std::ptr::null(), std::ptr::null(), std::ptr::null());
            highs_sys::Highs_run(self.h);
            let mut primal: HighsInt = 0;
            highs_sys::Highs_getIntInfoValue(self.h, c"primal_solution_status".as_ptr(), &mut primal);
            if primal != highs_sys::kHighsSolutionStatusFeasible {
                return None;
            }
            if super::search_log() {
                let mut bound = 0.0;
                highs_sys::Highs_getDoubleInfoValue(self.h, c"mip_dual_bound".as_ptr(), &mut bound);
                eprintln!(
                    "columns MIP: objective {:.1}, bound {bound:.1}, status {}",
                    highs_sys::Highs_getObjectiveValue(self.h),
                    highs_sys::Highs_getModelStatus(self.h)
                );
            }
            let m = highs_sys::Highs_getNumRow(self.h) as usize;
            let (mut x, mut dx, mut y, mut dy) = (vec![0.0; n], vec![0.0; n], vec![0.0; m], vec![0.0; m]);
            highs_sys::Highs_getSolution(self.h, x.as_mut_ptr(), dx.as_mut_ptr(), y.as_mut_ptr(), dy.as_mut_ptr());
            let mut picked: Vec<Option<Vec<Cell>>> = vec![None; self.persons];
            for (c, what) in self.columns.iter().enumerate() {
                if let Column::Row { person, row } = *what {
                    if x[c] > 0.5 {
                        picked[person] = Some(self.pool[person][row].clone());
                    }
                }
            }
            picked.into_iter().collect()
        }
    }
}

impl Drop for Master<'_> {
    fn drop(&mut self) {
        // SAFETY: created in `new`, destroyed once.
        unsafe { highs_sys::Highs_destroy(self.h) };
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{price_and_branch, price_round, seed, Master};
    use crate::heuristic::{self, person_is_legal, RowPricer};
    use crate::report::evaluate::grouping_figures;

    /// At any prices, every row the pricing gives keeps its person's rules, and the cost
    /// it reports is the row's own cost less the worth of the places it fills.
    #[test]
    fn a_priced_row_keeps_its_rules_and_costs_its_wishes_less_its_worth() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        let mut pricer = RowPricer::new(&s, 0, &start);
        let places = pricer.places().to_vec();
        // Prices from 0 to 120 (Instance3's shortfall weight is 100), fixed per place.
        let worth: Vec<Vec<f64>> = places
            .iter()
            .enumerate()
            .map(|(d, today)| {
                (0..today.len()).map(|k| (heuristic::scramble((d * 31 + k) as u64) % 121) as f64).collect()
            })
            .collect();
        pricer.set_worth(worth.clone());
        let mut rota = start.clone();
        let mut priced = 0;
        for (i, &p) in pricer.persons().to_vec().iter().enumerate() {
            for (row, cost) in pricer.best_rows(i) {
                priced += 1;
                let earned: f64 = row
                    .iter()
                    .enumerate()
                    .filter_map(|(d, c)| {
                        c.requirement.and_then(|r| places[d].iter().position(|&x| x == r)).map(|k| worth[d][k])
                    })
                    .sum();
                let own = pricer.own_cost(i, &row);
                assert!((own - earned - cost).abs() < 1e-6, "person {p}: own {own} − worth {earned} ≠ cost {cost}");
                rota.cells[p] = row;
                assert!(person_is_legal(&s, &rota, p), "person {p}'s priced row breaks a rule");
            }
        }
        assert!(priced > 0, "the pricing found no row at all");
    }

    /// The duals' signs as the pricing reads them: from the start's rows alone some row
    /// prices below its person's "exactly one row" dual, and the rows that do lower the
    /// LP once they are in the pool, round after round.
    #[test]
    fn rows_priced_below_zero_lower_the_master_lp() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        let mut pricer = RowPricer::new(&s, 0, &start);
        let persons = pricer.persons().to_vec();
        let places = pricer.places().to_vec();
        assert!(heuristic::grouping_is_legal(&s, &start, 0), "the test needs a start that keeps the rules");
        let mut master = Master::new(&s, &places, persons.len());
        seed(&mut master, &mut pricer, &start);
        assert_eq!(master.pool_size(), persons.len(), "every start row is in the pool");
        let far = Instant::now() + Duration::from_secs(30);
        let mut lp = f64::INFINITY;
        let mut lowered = 0;
        for round in 0..5 {
            let duals = master.solve_lp(far).expect("the master's LP solves");
            let now = master.lp_objective();
            assert!(now <= lp + 1e-6, "round {round}: the LP rose from {lp} to {now}");
            lowered += usize::from(now < lp - 1e-6 && round > 0);
            lp = now;
            let added = price_round(&mut master, &mut pricer, &duals, far).expect("far from the deadline");
            assert!(round > 0 || added > 0, "from the start's rows alone no row prices below zero");
        }
        assert!(lowered > 0, "rows priced below zero never lowered the LP");
    }

    /// The rows HiGHS picks from the pool keep every rule, and the rota costs no more
    /// than the start whose rows seeded the pool.
    #[test]
    fn rows_picked_from_the_pool_keep_every_rule_and_cost_no_more_than_the_start() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        assert!(heuristic::grouping_is_legal(&s, &start, 0), "the test needs a start that keeps the rules");
        let now = Instant::now();
        let rota = price_and_branch(&s, 0, &start, now + Duration::from_secs(3), now + Duration::from_secs(6))
            .expect("the pool always holds the start's rows");
        assert!(heuristic::grouping_is_legal(&s, &rota, 0), "a picked row breaks a rule");
        let (before, after) = (grouping_figures(&s, &start, 0).objective, grouping_figures(&s, &rota, 0).objective);
        assert!(after <= before, "the pick {after} costs more than the start {before}");
    }
}
