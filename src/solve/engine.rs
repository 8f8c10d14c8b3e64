//! A grouping's whole program loaded into HiGHS once and run more than once: first
//! from the constructive rota, last from the best rota of the search around the MIP
//! (`lns.rs`), whose small programs are read from it (`part.rs`). The `highs` crate
//! consumes its model on solve; here the raw C API is called on the pointer it owns.

use std::ffi::CStr;

use highs_sys::HighsInt;

/// The status codes of HiGHS's C API (`kHighsModelStatus…`) that rota acts on.
const OPTIMAL: HighsInt = highs_sys::kHighsModelStatusOptimal;
const INFEASIBLE: HighsInt = highs_sys::kHighsModelStatusInfeasible;
const UNBOUNDED_OR_INFEASIBLE: HighsInt = highs_sys::kHighsModelStatusUnboundedOrInfeasible;

/// What one run gave.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub optimal: bool,
    pub infeasible: bool,
    /// Column values of the best solution found, when HiGHS found one.
    pub values: Option<Vec<f64>>,
    /// Objective of `values` (without the model's constant).
    pub objective: f64,
    /// Proven lower bound (without the constant); −∞ when none.
    pub bound: f64,
    /// Branch-and-bound nodes HiGHS explored: how far past the root it got.
    pub nodes: i64,
    /// HiGHS's objective disagreed with the cost of its values (its start bug): the
    /// values are kept at their true cost, and this run's tree search is not trusted.
    pub mismatch: bool,
}

impl Outcome {
    /// No run at all: no solution, no bound.
    pub fn nothing() -> Self {
        Outcome {
            optimal: false,
            infeasible: false,
            values: None,
            objective: f64::INFINITY,
            bound: f64::NEG_INFINITY,
            nodes: 0,
            mismatch: false,
        }
    }
}

/// A loaded HiGHS model; columns and rows in good_lp's order.
pub struct Engine {
    model: highs::Model,
    pub cols: usize,
    pub rows: usize,
    pub nonzeros: usize,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    /// The objective's cost of each column, to check what HiGHS reports.
    costs: Vec<f64>,
}

impl Engine {
    /// Takes over a loaded model; `costs` are its objective coefficients, column by column.
    pub fn new(model: highs::Model, costs: Vec<f64>) -> Self {
        let mut e =
            Engine { model, cols: 0, rows: 0, nonzeros: 0, row_lower: Vec::new(), row_upper: Vec::new(), costs };
        // SAFETY: the pointer is the live instance owned by `e.model`.
        unsafe {
            e.cols = highs_sys::Highs_getNumCol(e.model.as_ptr()).max(0) as usize;
            e.rows = highs_sys::Highs_getNumRow(e.model.as_ptr()).max(0) as usize;
            e.nonzeros = highs_sys::Highs_getNumNz(e.model.as_ptr()).max(0) as usize;
        }
        let (lower, upper) = e.read_row_bounds();
        e.row_lower = lower;
        e.row_upper = upper;
        e
    }

    /// The HiGHS instance, for reading the program (`part.rs`).
    pub fn ptr(&self) -> *const std::os::raw::c_void {
        self.model.as_ptr()
    }

    /// The rows' bounds as loaded.
    pub fn row_bounds(&self) -> (Vec<f64>, Vec<f64>) {
        (self.row_lower.clone(), self.row_upper.clone())
    }

    pub fn set_time_limit(&mut self, seconds: f64) {
        self.model.set_option("time_limit", seconds.max(0.01));
    }

    /// The rows' bounds, read from HiGHS.
    fn read_row_bounds(&self) -> (Vec<f64>, Vec<f64>) {
        if self.rows == 0 {
            return (Vec::new(), Vec::new());
        }
        let ptr = self.model.as_ptr();
        // SAFETY: `ptr` is live; every array is sized as the C API asks (rows + 1 starts,
        // the matrix's number of nonzeros for indices and values).
        unsafe {
            let mut lower = vec![0.0; self.rows];
            let mut upper = vec![0.0; self.rows];
            let mut start = vec![0 as HighsInt; self.rows + 1];
            let mut index = vec![0 as HighsInt; self.nonzeros.max(1)];
            let mut value = vec![0.0; self.nonzeros.max(1)];
            let (mut got_rows, mut got_nz) = (0 as HighsInt, 0 as HighsInt);
            highs_sys::Highs_getRowsByRange(
                ptr,
                0,
                self.rows as HighsInt - 1,
                &mut got_rows,
                lower.as_mut_ptr(),
                upper.as_mut_ptr(),
                &mut got_nz,
                start.as_mut_ptr(),
                index.as_mut_ptr(),
                value.as_mut_ptr(),
            );
            (lower, upper)
        }
    }

    /// Offers HiGHS a whole solution to start from (used only if it keeps every row).
    pub fn set_solution(&mut self, values: &[f64]) {
        if values.len() == self.cols {
            let _ = self.model.try_set_solution(Some(values), None, None, None);
        }
    }

    /// Offers HiGHS the values of some columns; it completes the rest itself.
    pub fn set_partial_solution(&mut self, cols: &[usize], values: &[f64]) {
        if cols.is_empty() {
            return;
        }
        let idx: Vec<HighsInt> = cols.iter().map(|&c| c as HighsInt).collect();
        // SAFETY: live pointer; two arrays of `idx.len()` entries, indices are columns.
        unsafe {
            highs_sys::Highs_setSparseSolution(
                self.model.as_mut_ptr(),
                idx.len() as HighsInt,
                idx.as_ptr(),
                values.as_ptr(),
            );
        }
    }

    /// Runs the MIP from scratch on the current bounds (clocks zeroed, so the time
    /// limit applies to this run alone).
    pub fn run(&mut self) -> Outcome {
        let ptr = self.model.as_mut_ptr();
        // SAFETY: live pointer; the solution arrays have one entry per column / row.
        unsafe {
            highs_sys::Highs_zeroAllClocks(ptr);
            highs_sys::Highs_run(ptr);
            let status = highs_sys::Highs_getModelStatus(ptr);
            let mut out = Outcome {
                optimal: status == OPTIMAL,
                infeasible: status == INFEASIBLE || status == UNBOUNDED_OR_INFEASIBLE,
                values: None,
                objective: f64::INFINITY,
                bound: f64::NEG_INFINITY,
                nodes: 0,
                mismatch: false,
            };
            highs_sys::Highs_getInt64InfoValue(ptr, info(c"mip_node_count"), &mut out.nodes);
            let mut primal: HighsInt = 0;
            highs_sys::Highs_getIntInfoValue(ptr, info(c"primal_solution_status"), &mut primal);
            if primal == highs_sys::kHighsSolutionStatusFeasible {
                let mut values = vec![0.0; self.cols];
                let mut col_dual = vec![0.0; self.cols];
                let mut row_value = vec![0.0; self.rows];
                let mut row_dual = vec![0.0; self.rows];
                highs_sys::Highs_getSolution(
                    ptr,
                    values.as_mut_ptr(),
                    col_dual.as_mut_ptr(),
                    row_value.as_mut_ptr(),
                    row_dual.as_mut_ptr(),
                );
                out.objective = highs_sys::Highs_getObjectiveValue(ptr);
                // HiGHS has been seen to accept a start "in the reduced space", report a
                // better objective and return the start's own values: what counts is the
                // values' cost, and then nothing is proven.
                let cost: f64 = values.iter().zip(&self.costs).map(|(x, c)| x * c).sum();
                if (cost - out.objective).abs() > 1e-6 * cost.abs().max(1.0) {
                    out.objective = cost;
                    out.optimal = false;
                    out.mismatch = true;
                }
                out.values = Some(values);
            }
            let mut bound = f64::NEG_INFINITY;
            if highs_sys::Highs_getDoubleInfoValue(ptr, info(c"mip_dual_bound"), &mut bound) == 0 && bound.is_finite() {
                out.bound = bound;
            }
            if out.optimal && out.values.is_some() && !out.bound.is_finite() {
                // An LP (no integers) reports no MIP bound: its optimum is exact.
                out.bound = out.objective;
            }
            out
        }
    }
}

fn info(name: &CStr) -> *const std::os::raw::c_char {
    name.as_ptr()
}
