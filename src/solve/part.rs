//! A part of a grouping's program, solved on its own: some columns free, every other
//! column held at a known solution. Only the rows that touch a free column are kept,
//! each with the held columns' share moved into its bounds — so a part of a thousand
//! columns is a program of a thousand columns however big the whole is (on a year of
//! 150 people the whole has a million columns, and HiGHS's presolve alone of it takes
//! half a minute). Any solution of the part, with the held columns, solves the whole.

use std::ffi::CStr;

use highs_sys::HighsInt;

use super::engine::Engine;

/// The whole program, read once from HiGHS: costs, bounds, integrality, the matrix
/// both row-wise and column-wise.
pub struct Whole {
    pub cost: Vec<f64>,
    col_lower: Vec<f64>,
    col_upper: Vec<f64>,
    integer: Vec<bool>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    row_start: Vec<usize>,
    row_col: Vec<usize>,
    row_value: Vec<f64>,
    col_start: Vec<usize>,
    col_row: Vec<usize>,
}

/// Options for one part.
pub struct Settings {
    pub time_limit: f64,
    pub gap: f64,
    /// Stop at the first solution found (when any solution will do).
    pub first_solution: bool,
}

/// What a part gave: the whole solution with the part's columns replaced.
pub struct PartOutcome {
    pub values: Option<Vec<f64>>,
    /// The whole objective of `values` (without the model's constant).
    pub objective: f64,
    pub optimal: bool,
}

impl Whole {
    pub fn read(engine: &Engine) -> Whole {
        let (cols, rows) = (engine.cols, engine.rows);
        let ptr = engine.ptr();
        // SAFETY: `ptr` is the live instance of `engine`; every array is sized as the C
        // API asks (cols + 1 starts, the matrix's nonzeros for indices and values).
        unsafe {
            let nnz = highs_sys::Highs_getNumNz(ptr).max(0) as usize;
            let mut cost = vec![0.0; cols];
            let mut col_lower = vec![0.0; cols];
            let mut col_upper = vec![0.0; cols];
            let mut start = vec![0 as HighsInt; cols + 1];
            let mut index = vec![0 as HighsInt; nnz.max(1)];
            let mut value = vec![0.0; nnz.max(1)];
            let (mut got_cols, mut got_nz) = (0 as HighsInt, 0 as HighsInt);
            if cols > 0 {
                highs_sys::Highs_getColsByRange(
                    ptr,
                    0,
                    cols as HighsInt - 1,
                    &mut got_cols,
                    cost.as_mut_ptr(),
                    col_lower.as_mut_ptr(),
                    col_upper.as_mut_ptr(),
                    &mut got_nz,
                    start.as_mut_ptr(),
                    index.as_mut_ptr(),
                    value.as_mut_ptr(),
                );
            }
            let got_nz = (got_nz.max(0) as usize).min(nnz);
            start[cols] = got_nz as HighsInt;
            let col_start: Vec<usize> = start.iter().map(|&s| (s.max(0) as usize).min(got_nz)).collect();
            let col_row: Vec<usize> = index[..got_nz].iter().map(|&r| r as usize).collect();
            let col_value = &value[..got_nz];
            let integer = (0..cols)
                .map(|c| {
                    let mut kind: HighsInt = 0;
                    highs_sys::Highs_getColIntegrality(ptr, c as HighsInt, &mut kind);
                    kind == highs_sys::kHighsVarTypeInteger
                })
                .collect();
            // Row-wise from column-wise: count, then place.
            let mut row_start = vec![0usize; rows + 1];
            for &r in &col_row {
                row_start[r + 1] += 1;
            }
            for r in 0..rows {
                row_start[r + 1] += row_start[r];
            }
            let mut next = row_start.clone();
            let mut row_col = vec![0usize; got_nz];
            let mut row_value = vec![0.0; got_nz];
            for c in 0..cols {
                for k in col_start[c]..col_start[c + 1] {
                    let r = col_row[k];
                    row_col[next[r]] = c;
                    row_value[next[r]] = col_value[k];
                    next[r] += 1;
                }
            }
            let (row_lower, row_upper) = engine.row_bounds();
            Whole {
                cost,
                col_lower,
                col_upper,
                integer,
                row_lower,
                row_upper,
                row_start,
                row_col,
                row_value,
                col_start,
                col_row,
            }
        }
    }

    /// The bound every program has before any LP is solved: each column at the end of
    /// its range that costs least. A run whose bound is no better did not finish its root.
    pub fn trivial_bound(&self) -> f64 {
        (0..self.cost.len()).map(|c| (self.cost[c] * self.col_lower[c]).min(self.cost[c] * self.col_upper[c])).sum()
    }

    pub fn rows(&self) -> usize {
        self.row_lower.len()
    }

    /// The columns of row `r`.
    pub fn row_columns(&self, r: usize) -> &[usize] {
        &self.row_col[self.row_start[r]..self.row_start[r + 1]]
    }

    /// Row `r`'s value at a whole solution.
    #[cfg(test)]
    pub fn row_activity(&self, r: usize, values: &[f64]) -> f64 {
        (self.row_start[r]..self.row_start[r + 1]).map(|k| self.row_value[k] * values[self.row_col[k]]).sum()
    }

    #[cfg(test)]
    pub fn row_bounds(&self, r: usize) -> (f64, f64) {
        (self.row_lower[r], self.row_upper[r])
    }

    /// The objective of a whole solution.
    pub fn objective(&self, values: &[f64]) -> f64 {
        values.iter().zip(&self.cost).map(|(x, c)| x * c).sum()
    }

    /// Solves the part where the columns in `free` may change (and, with them, every
    /// column that is not a decision — slacks, balances — sharing a row with them);
    /// the rest are held at `values`. Rows marked in `off` are left out altogether.
    /// `values` must keep every row that is on.
    pub fn solve_part(
        &self,
        values: &[f64],
        free: &[usize],
        decision: &[bool],
        off: &[bool],
        settings: &Settings,
    ) -> PartOutcome {
        let cols = self.cost.len();
        let mut sub_of = vec![usize::MAX; cols];
        let mut sub_cols: Vec<usize> = Vec::new();
        let mut take = |c: usize, sub_of: &mut Vec<usize>| {
            if sub_of[c] == usize::MAX {
                sub_of[c] = sub_cols.len();
                sub_cols.push(c);
            }
        };
        for &c in free {
            take(c, &mut sub_of);
        }
        // What is not a decision (slacks, balances, counts) follows the decisions it
        // shares a row with, so that the part can account for its own changes.
        for &c in free {
            for &r in &self.col_row[self.col_start[c]..self.col_start[c + 1]] {
                if off[r] {
                    continue;
                }
                for &j in self.row_columns(r) {
                    if !decision[j] {
                        take(j, &mut sub_of);
                    }
                }
            }
        }
        let mut row_seen = vec![false; self.rows()];
        let mut sub_rows: Vec<usize> = Vec::new();
        for &c in &sub_cols {
            for &r in &self.col_row[self.col_start[c]..self.col_start[c + 1]] {
                if !off[r] && !row_seen[r] {
                    row_seen[r] = true;
                    sub_rows.push(r);
                }
            }
        }
        sub_rows.sort_unstable();
        // The rows, with the held columns moved into the bounds.
        let mut lower = Vec::with_capacity(sub_rows.len());
        let mut upper = Vec::with_capacity(sub_rows.len());
        let mut start: Vec<HighsInt> = Vec::with_capacity(sub_rows.len() + 1);
        let mut index: Vec<HighsInt> = Vec::new();
        let mut value: Vec<f64> = Vec::new();
        for &r in &sub_rows {
            start.push(index.len() as HighsInt);
            let mut held = 0.0;
            for k in self.row_start[r]..self.row_start[r + 1] {
                let c = self.row_col[k];
                if sub_of[c] == usize::MAX {
                    held += self.row_value[k] * values[c];
                } else {
                    index.push(sub_of[c] as HighsInt);
                    value.push(self.row_value[k]);
                }
            }
            lower.push(self.row_lower[r] - held);
            upper.push(self.row_upper[r] - held);
        }
        start.push(index.len() as HighsInt);
        let cost: Vec<f64> = sub_cols.iter().map(|&c| self.cost[c]).collect();
        let col_lower: Vec<f64> = sub_cols.iter().map(|&c| self.col_lower[c]).collect();
        let col_upper: Vec<f64> = sub_cols.iter().map(|&c| self.col_upper[c]).collect();
        let integrality: Vec<HighsInt> = sub_cols.iter().map(|&c| HighsInt::from(self.integer[c])).collect();
        let start_values: Vec<f64> = sub_cols.iter().map(|&c| values[c]).collect();
        let mut out = PartOutcome { values: None, objective: f64::INFINITY, optimal: false };
        if sub_cols.is_empty() {
            out.values = Some(values.to_vec());
            out.objective = self.objective(values);
            out.optimal = true;
            return out;
        }
        // SAFETY: a fresh HiGHS instance, destroyed below; every array passed has the
        // length the C API asks for (sub_cols columns, sub_rows rows, `index.len()`
        // nonzeros, rows + 1 starts; the solution arrays one entry per column / row).
        unsafe {
            let h = quiet_highs();
            set_double(h, c"time_limit", settings.time_limit.max(0.01));
            set_double(h, c"mip_rel_gap", settings.gap);
            set_double(h, c"mip_abs_gap", 1e-6);
            if settings.first_solution {
                set_int(h, c"mip_max_improving_sols", 1);
            }
            // A part starts from a solution that keeps its rows (`values`): HiGHS's
            // feasibility jump would look for one it already has. And a part has a
            // second or so: a restart after the root would spend it on presolve and the
            // root again. Curtois's 12, four runs each in turns: 4078, 4068, 4267, 4062
            // (three within 1% of its optimum) against 4474, 4197, 4470, 4384; parts
            // take as long on average (0.68–0.79 s), a few fewer run out of time.
            // On the big instances, in runs in turns (session 23), they are lower on 20
            // and higher on 13 and 19, by no rule of the part's size (docs/benchmarks.md).
            set_bool(h, c"mip_heuristic_run_feasibility_jump", false);
            set_bool(h, c"mip_allow_restart", false);
            let (n, m) = (sub_cols.len() as HighsInt, sub_rows.len() as HighsInt);
            let status = highs_sys::Highs_passMip(
                h,
                n,
                m,
                index.len() as HighsInt,
                highs_sys::kHighsMatrixFormatRowwise,
                highs_sys::kHighsObjSenseMinimize,
                0.0,
                cost.as_ptr(),
                col_lower.as_ptr(),
                col_upper.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
                integrality.as_ptr(),
            );
            if status != highs_sys::kHighsStatusError {
                // HiGHS 1.16 at times prices the start differently in its presolved program
                // and returns the start's own values with the objective it found there.
                // When that objective is lower and proven, a better rota exists: the part
                // is solved again without the start, which finds it (Instance3's one-person
                // part: 1095 proven, the start's 1096 returned; 1095 when solved again).
                // When it is not proven, the start's values are kept and the part is not
                // taken as proven: solving it again took another second and found a better
                // rota in about one of ten (Curtois's 20: 15–24 such parts of 60–80, half
                // the search's time). Without that second, in runs taken in turns: 20 6507
                // and 6231 against 7548 and 7851; 19 4140 and 5125 against 5049 and 5309;
                // 21 25607 and 24567 against 24818 and 26123.
                for with_start in [true, false] {
                    if with_start {
                        highs_sys::Highs_setSolution(
                            h,
                            start_values.as_ptr(),
                            std::ptr::null(),
                            std::ptr::null(),
                            std::ptr::null(),
                        );
                    } else {
                        highs_sys::Highs_clearSolver(h);
                    }
                    // The second solve has the part's time again, presolve included.
                    highs_sys::Highs_zeroAllClocks(h);
                    highs_sys::Highs_run(h);
                    out.optimal = highs_sys::Highs_getModelStatus(h) == highs_sys::kHighsModelStatusOptimal;
                    let mut primal: HighsInt = 0;
                    highs_sys::Highs_getIntInfoValue(h, c"primal_solution_status".as_ptr(), &mut primal);
                    if primal != highs_sys::kHighsSolutionStatusFeasible {
                        break;
                    }
                    let mut x = vec![0.0; sub_cols.len()];
                    let mut col_dual = vec![0.0; sub_cols.len()];
                    let mut row_value = vec![0.0; sub_rows.len()];
                    let mut row_dual = vec![0.0; sub_rows.len()];
                    highs_sys::Highs_getSolution(
                        h,
                        x.as_mut_ptr(),
                        col_dual.as_mut_ptr(),
                        row_value.as_mut_ptr(),
                        row_dual.as_mut_ptr(),
                    );
                    let reported = highs_sys::Highs_getObjectiveValue(h);
                    let cost: f64 = x.iter().zip(&cost).map(|(x, c)| x * c).sum();
                    let mut whole = values.to_vec();
                    for (k, &c) in sub_cols.iter().enumerate() {
                        // Integers come back as 0.9999999 and the like.
                        whole[c] = if self.integer[c] { x[k].round() } else { x[k] };
                    }
                    // A second solve without the start that does worse than the first
                    // leaves the first's values.
                    let objective = self.objective(&whole);
                    if out.values.is_none() || objective < out.objective {
                        out.objective = objective;
                        out.values = Some(whole);
                    }
                    let mismatch = (cost - reported).abs() > 1e-6 * cost.abs().max(1.0);
                    if !mismatch {
                        break;
                    }
                    let proven_lower = out.optimal && reported < cost;
                    out.optimal = false;
                    if !proven_lower {
                        break;
                    }
                }
            }
            highs_sys::Highs_destroy(h);
        }
        out
    }
}

/// One person's own program: their columns and the rows that involve nobody else (run
/// rules, counted rules, wishes), with costs set from outside. Kept in HiGHS between
/// solves, so that pricing the person again only changes the costs.
pub struct OwnProgram {
    h: *mut std::os::raw::c_void,
    /// The whole program's index of each column, in the order HiGHS has them.
    pub columns: Vec<usize>,
}

impl OwnProgram {
    /// The program over the columns `decisions` (a person's) and every column of the
    /// rows `own` (rows only that person's columns touch). None when HiGHS refuses it.
    pub fn new(whole: &Whole, decisions: &[usize], own: &[usize]) -> Option<OwnProgram> {
        let mut sub_of = std::collections::HashMap::new();
        let mut columns: Vec<usize> = Vec::new();
        let all = decisions.iter().copied().chain(own.iter().flat_map(|&r| whole.row_columns(r).iter().copied()));
        for c in all {
            sub_of.entry(c).or_insert_with(|| {
                columns.push(c);
                columns.len() - 1
            });
        }
        let (mut start, mut index, mut value) = (Vec::new(), Vec::new(), Vec::new());
        for &r in own {
            start.push(index.len() as HighsInt);
            for k in whole.row_start[r]..whole.row_start[r + 1] {
                index.push(sub_of[&whole.row_col[k]] as HighsInt);
                value.push(whole.row_value[k]);
            }
        }
        start.push(index.len() as HighsInt);
        let pick = |v: &[f64]| columns.iter().map(|&c| v[c]).collect::<Vec<f64>>();
        let (cost, lower, upper) = (pick(&whole.cost), pick(&whole.col_lower), pick(&whole.col_upper));
        let (row_lower, row_upper): (Vec<f64>, Vec<f64>) =
            own.iter().map(|&r| (whole.row_lower[r], whole.row_upper[r])).unzip();
        let integrality: Vec<HighsInt> = columns.iter().map(|&c| HighsInt::from(whole.integer[c])).collect();
        // SAFETY: a fresh instance, destroyed in `drop`; the arrays have the lengths the
        // C API asks for (columns, rows, nonzeros, rows + 1 starts).
        unsafe {
            let h = quiet_highs();
            set_double(h, c"mip_rel_gap", 0.0);
            set_double(h, c"mip_abs_gap", 1e-6);
            // Any row below the person's dual lowers the LP: the first one found will
            // do, and comes about six times sooner than the cheapest (Curtois's
            // Instance6: 25 ms against 150 ms a person).
            set_int(h, c"mip_max_improving_sols", 1);
            let status = highs_sys::Highs_passMip(
                h,
                columns.len() as HighsInt,
                own.len() as HighsInt,
                index.len() as HighsInt,
                highs_sys::kHighsMatrixFormatRowwise,
                highs_sys::kHighsObjSenseMinimize,
                0.0,
                cost.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
                integrality.as_ptr(),
            );
            let program = OwnProgram { h, columns };
            (status != highs_sys::kHighsStatusError).then_some(program)
        }
    }

    /// A solution costing less than `below` at `cost` (one entry per column of
    /// `columns`), found in at most `seconds`: its values. None when HiGHS found none
    /// (there is none, or time ran out).
    pub fn cheaper_than(&mut self, cost: &[f64], below: f64, seconds: f64) -> Option<Vec<f64>> {
        let n = self.columns.len();
        // SAFETY: live instance; `cost` and the solution arrays have one entry per column
        // and per row.
        unsafe {
            highs_sys::Highs_changeColsCostByRange(self.h, 0, n as HighsInt - 1, cost.as_ptr());
            set_double(self.h, c"time_limit", seconds.max(0.01));
            // The cut-off: HiGHS drops every branch that cannot get below it.
            set_double(self.h, c"objective_bound", below);
            highs_sys::Highs_zeroAllClocks(self.h);
            highs_sys::Highs_run(self.h);
            let mut primal: HighsInt = 0;
            highs_sys::Highs_getIntInfoValue(self.h, c"primal_solution_status".as_ptr(), &mut primal);
            // HiGHS may report a solution it met at the cut-off or above: not one asked for.
            if primal != highs_sys::kHighsSolutionStatusFeasible || highs_sys::Highs_getObjectiveValue(self.h) >= below
            {
                return None;
            }
            let m = highs_sys::Highs_getNumRow(self.h) as usize;
            let (mut x, mut dx, mut y, mut dy) = (vec![0.0; n], vec![0.0; n], vec![0.0; m], vec![0.0; m]);
            highs_sys::Highs_getSolution(self.h, x.as_mut_ptr(), dx.as_mut_ptr(), y.as_mut_ptr(), dy.as_mut_ptr());
            Some(x)
        }
    }
}

impl Drop for OwnProgram {
    fn drop(&mut self) {
        // SAFETY: created in `new`, destroyed once.
        unsafe { highs_sys::Highs_destroy(self.h) };
    }
}

/// A fresh HiGHS instance as every small program here wants it: silent, one thread
/// (parallelism comes from solving groupings side by side), a fixed seed. The caller
/// destroys it.
pub(super) fn quiet_highs() -> *mut std::os::raw::c_void {
    // SAFETY: a fresh instance; the option names are NUL-terminated.
    unsafe {
        let h = highs_sys::Highs_create();
        set_bool(h, c"output_flag", false);
        set_int(h, c"threads", 1);
        set_string(h, c"parallel", c"off");
        set_int(h, c"random_seed", 0);
        h
    }
}

pub(super) unsafe fn set_bool(h: *mut std::os::raw::c_void, name: &CStr, v: bool) {
    // SAFETY: `h` is a live instance; `name` is NUL-terminated.
    unsafe { highs_sys::Highs_setBoolOptionValue(h, name.as_ptr(), HighsInt::from(v)) };
}

pub(super) unsafe fn set_int(h: *mut std::os::raw::c_void, name: &CStr, v: HighsInt) {
    // SAFETY: as above.
    unsafe { highs_sys::Highs_setIntOptionValue(h, name.as_ptr(), v) };
}

pub(super) unsafe fn set_double(h: *mut std::os::raw::c_void, name: &CStr, v: f64) {
    // SAFETY: as above.
    unsafe { highs_sys::Highs_setDoubleOptionValue(h, name.as_ptr(), v) };
}

pub(super) unsafe fn set_string(h: *mut std::os::raw::c_void, name: &CStr, v: &CStr) {
    // SAFETY: as above; both strings NUL-terminated.
    unsafe { highs_sys::Highs_setStringOptionValue(h, name.as_ptr(), v.as_ptr()) };
}
