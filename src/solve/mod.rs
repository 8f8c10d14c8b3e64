//! Solving: the only place that knows HiGHS. One program per grouping, one HiGHS thread
//! per program; groupings side by side on rayon; a wall-clock guard of rota's own so
//! that a batch never hangs (HiGHS does not check its time limit in every phase).

pub mod contradictions;
mod diagnose;

use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use good_lp::solvers::highs::highs;
use good_lp::{SolverModel, Variable};
use highs::HighsModelStatus;

use crate::domain::{Cell, Rota, Scenario};
use crate::heuristic;
use crate::model::{person_columns, start_values, GroupingModel};
use crate::report::evaluate::grouping_figures;

/// How a grouping's solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolveStatus {
    /// Proven optimal.
    Optimal,
    /// Stopped within the gap asked for, not proven optimal.
    Feasible,
    /// Stopped by the time limit, with the gap reported.
    TimeLimit,
    /// Hard rules contradict each other: there is no rota.
    Infeasible,
}

impl SolveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::Feasible => "feasible",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::Infeasible => "infeasible",
        }
    }
}

/// Solver settings for one run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub time_limit_s: f64,
    pub mip_gap: f64,
}

/// What the solve of one grouping gives back.
#[derive(Clone, Debug)]
pub struct GroupingSolve {
    pub grouping: usize,
    pub status: SolveStatus,
    /// (person, cells) for the grouping's staff.
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Proven lower bound on the grouping's objective.
    pub bound: f64,
    /// The solver's own objective (constant included), for cross-checking.
    pub solver_objective: Option<f64>,
    pub seconds: f64,
    /// Something the planner should know (the guard fired, the start was kept, …).
    pub note: Option<String>,
    pub columns: usize,
    pub rows_in_model: usize,
    /// When infeasible: who and which rule, as far as can be told.
    pub contradictions: Vec<contradictions::Contradiction>,
}

/// Solves grouping `g`, never taking much longer than the time limit.
pub fn solve_grouping(s: Arc<Scenario>, g: usize, limits: Limits) -> GroupingSolve {
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    let scenario = Arc::clone(&s);
    // HiGHS runs on a thread of its own so that the guard below can give up on it.
    let spawned = std::thread::Builder::new()
        .name(format!("highs-{}", s.groupings[g].id))
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let result = run_highs(&scenario, g, limits);
            let _ = tx.send(result);
        });
    let guard = Duration::from_secs_f64(limits.time_limit_s * 1.25 + 15.0);
    let outcome = match spawned {
        Ok(_) => rx.recv_timeout(guard).ok(),
        Err(_) => None,
    };
    let mut result =
        outcome.unwrap_or_else(|| fallback(&s, g, "the solver overran its time limit; the starting rota is written"));
    result.seconds = started.elapsed().as_secs_f64();
    result
}

/// The starting rota as the result, when the solver gave nothing.
fn fallback(s: &Scenario, g: usize, why: &str) -> GroupingSolve {
    let rota = heuristic::start(s, g);
    let rows =
        (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).map(|p| (p, rota.cells[p].clone())).collect();
    // The starting rota may break hard rules (the constructive rota does not know them
    // all): then there is no valid rota for this grouping, and the note says so loudly.
    let why = if heuristic::grouping_is_legal(s, &rota, g) {
        why.to_string()
    } else {
        format!("{why}; NO VALID ROTA: the starting rota written breaks hard rules (see `rota verify`) — give more time with --time-limit")
    };
    GroupingSolve {
        grouping: g,
        status: SolveStatus::TimeLimit,
        rows,
        bound: 0.0,
        solver_objective: None,
        seconds: 0.0,
        note: Some(why),
        columns: 0,
        rows_in_model: 0,
        contradictions: Vec::new(),
    }
}

/// Solves grouping g from the constructive rota.
fn run_highs(s: &Scenario, g: usize, limits: Limits) -> GroupingSolve {
    let started = Instant::now();
    let start = heuristic::start(s, g);
    let m = GroupingModel::build(s, g);
    let left = (limits.time_limit_s - started.elapsed().as_secs_f64()).max(limits.time_limit_s * 0.2);
    let mut run = match run_model(&m, &start, left, limits.mip_gap, true) {
        Ok(run) => run,
        Err(e) => return fallback(s, g, &format!("HiGHS failed ({e}); the starting rota is written")),
    };
    // HiGHS has been seen to return the start's values while reporting a better
    // objective; the rota is what counts: on a mismatch, solve again without the start.
    if let Some(rows) = &run.rows {
        let written = grouping_figures(s, &m.to_rota(rows.clone()), g).objective;
        if written > run.objective + 1e-6 * run.objective.abs().max(1.0) {
            let again = (limits.time_limit_s - started.elapsed().as_secs_f64()).max(limits.time_limit_s * 0.2);
            if let Ok(cold) = run_model(&m, &start, again, limits.mip_gap, false) {
                if cold.infeasible || cold.rows.is_some() {
                    run = cold;
                }
            }
        }
    }
    if run.infeasible {
        return infeasible(s, g);
    }
    let Some(mut rows) = run.rows.take() else {
        return fallback(s, g, "the solver found no rota in its time; the starting rota is written");
    };
    // Within a short time limit HiGHS may stop on a rota worse than the start it was
    // given (when it could not use the start): the better of the two is written.
    let mut note = None;
    // Status and gap come from the rota written, recomputed, never from the solver's claim.
    let mut objective = grouping_figures(s, &m.to_rota(rows.clone()), g).objective;
    if heuristic::grouping_is_legal(s, &start, g) {
        let start_objective = grouping_figures(s, &start, g).objective;
        let solver_rota = m.to_rota(rows.clone());
        if start_objective < grouping_figures(s, &solver_rota, g).objective - 1e-9 {
            rows = (0..s.staff.len())
                .filter(|&p| s.grouping_of_person(p) == g)
                .map(|p| (p, start.cells[p].clone()))
                .collect();
            objective = start_objective;
            note = Some(
                "the solver's rota in the time given was worse than the starting rota, which is written".to_string(),
            );
        }
    }
    run.objective = objective;
    let gap = if run.objective.abs() < 1e-9 { 0.0 } else { (run.objective - run.bound) / run.objective };
    let status = if gap <= 1e-6 {
        SolveStatus::Optimal
    } else if gap <= limits.mip_gap {
        SolveStatus::Feasible
    } else {
        SolveStatus::TimeLimit
    };
    GroupingSolve {
        grouping: g,
        status,
        rows,
        bound: run.bound,
        solver_objective: Some(run.objective),
        seconds: 0.0,
        note,
        columns: run.columns,
        rows_in_model: run.rows_in_model,
        contradictions: Vec::new(),
    }
}

fn infeasible(s: &Scenario, g: usize) -> GroupingSolve {
    let mut r = fallback(s, g, "hard rules contradict each other");
    r.status = SolveStatus::Infeasible;
    r.contradictions = diagnose::diagnose(s, g);
    r
}

/// Is there any rota for grouping g at all? None when the solver could not tell in time.
fn feasible(s: &Scenario, g: usize, limits: Limits) -> Option<bool> {
    let m = GroupingModel::build(s, g);
    let start = heuristic::greedy(s, g);
    let run = run_model(&m, &start, limits.time_limit_s, limits.mip_gap, true).ok()?;
    if run.infeasible {
        Some(false)
    } else if run.rows.is_some() {
        Some(true)
    } else {
        None
    }
}

/// Hands HiGHS the starting rota: whole when it keeps every rule; otherwise only the
/// rows of the people whose rows keep their rules, and HiGHS completes the rest (a
/// sub-MIP far smaller than the whole) — a start that breaks a rule is of no use to it.
fn set_start(model: &mut highs::Model, m: &GroupingModel, rota: &Rota, values: &[f64], variables: &[Variable]) {
    let legal: Vec<bool> = m.persons.iter().map(|&p| heuristic::person_is_legal(m.s, rota, p)).collect();
    if legal.iter().all(|l| *l) {
        let _ = model.try_set_solution(Some(values), None, None, None);
        return;
    }
    // Completing a start that fixes little costs HiGHS more than it saves.
    if legal.iter().filter(|l| **l).count() * 2 < legal.len() {
        return;
    }
    let index: std::collections::HashMap<Variable, usize> =
        variables.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let mut entries: Vec<(highs_sys::HighsInt, f64)> = Vec::new();
    for (pi, _) in legal.iter().enumerate().filter(|(_, l)| **l) {
        for v in person_columns(m, pi) {
            if let Some(&i) = index.get(&v) {
                entries.push((i as highs_sys::HighsInt, values[i]));
            }
        }
    }
    entries.sort_by_key(|e| e.0);
    let (idx, vals): (Vec<highs_sys::HighsInt>, Vec<f64>) = entries.into_iter().unzip();
    if idx.is_empty() {
        return;
    }
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; the two arrays
    // have `idx.len()` entries, every index is a column of this model; HiGHS copies them.
    unsafe {
        highs_sys::Highs_setSparseSolution(
            model.as_mut_ptr(),
            idx.len() as highs_sys::HighsInt,
            idx.as_ptr(),
            vals.as_ptr(),
        );
    }
}

/// What one HiGHS run gives back.
struct Run {
    infeasible: bool,
    rows: Option<Vec<(usize, Vec<Cell>)>>,
    /// Objective and proven bound, constant term included.
    objective: f64,
    bound: f64,
    columns: usize,
    rows_in_model: usize,
}

/// Solves model `m` from the starting rota `start` with one HiGHS thread.
fn run_model(m: &GroupingModel, start_rota: &Rota, time_limit: f64, gap: f64, use_start: bool) -> Result<Run, String> {
    let start = start_values(m, start_rota);
    let columns = start.len();
    let rows_in_model = m.constraints.len();
    let constant = m.objective_constant;
    let variables: Vec<Variable> = m.vars.iter_variables_with_def().map(|(v, _)| v).collect();
    if columns == 0 {
        // Nothing to decide (no staff, or nothing they may do): the rota is what it is.
        let rows = m.extract(|_| 0.0);
        return Ok(Run {
            infeasible: false,
            rows: Some(rows),
            objective: constant,
            bound: constant,
            columns,
            rows_in_model,
        });
    }

    let mut problem = m.vars.clone().minimise(m.objective.clone()).using(highs);
    for c in m.constraints.iter().cloned() {
        problem.add_constraint(c);
    }
    let mut model = problem.try_into_inner().map_err(|e| e.to_string())?;
    // ROTA_HIGHS_LOG=1 shows HiGHS's own log, for tuning the formulation.
    let log = std::env::var_os("ROTA_HIGHS_LOG").is_some();
    model.set_option("output_flag", log);
    model.set_option("log_to_console", log);
    model.set_option("threads", 1);
    model.set_option("parallel", "off");
    model.set_option("random_seed", 0);
    model.set_option("time_limit", time_limit.max(0.01));
    model.set_option("mip_rel_gap", gap);
    model.set_option("mip_abs_gap", 1e-6);
    // ROTA_HIGHS_OPTIONS="name=value,…" overrides HiGHS options, for tuning experiments.
    for (name, value) in
        std::env::var("ROTA_HIGHS_OPTIONS").unwrap_or_default().split(',').filter_map(|kv| kv.split_once('='))
    {
        let (name, value) = (name.trim(), value.trim());
        let _ = match (value.parse::<i32>(), value.parse::<f64>(), value) {
            (Ok(i), _, _) => model.try_set_option(name, i),
            (_, Ok(f), _) => model.try_set_option(name, f),
            (_, _, "true" | "false") => model.try_set_option(name, value == "true"),
            _ => model.try_set_option(name, value),
        };
    }
    if use_start {
        set_start(&mut model, m, start_rota, &start, &variables);
    }
    let solved = model.try_solve().map_err(|e| format!("{e:?}"))?;
    let status = solved.status();
    let mut run = Run { infeasible: false, rows: None, objective: 0.0, bound: 0.0, columns, rows_in_model };
    if matches!(status, HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible) {
        run.infeasible = true;
        return Ok(run);
    }
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Ok(run);
    }
    let solution = solved.get_solution();
    let values = solution.columns();
    let index: std::collections::HashMap<Variable, usize> =
        variables.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let value = |v: Variable| index.get(&v).map_or(0.0, |&i| values[i]);
    run.rows = Some(m.extract(value));
    run.objective = solved.objective_value() + constant;
    let dual = solved.double_info_value(c"mip_dual_bound").unwrap_or(0.0);
    run.bound = if dual.is_finite() { (dual + constant).max(0.0).min(run.objective) } else { 0.0 };
    // A model without integers is an LP: HiGHS's Optimal is exact, but it reports no MIP bound.
    let integers = m.n_binary > 0 || !m.lend.is_empty() || m.points_range.is_some();
    let tight = (run.objective - run.bound).abs() <= 1e-6 * run.objective.abs().max(1.0);
    if matches!(status, HighsModelStatus::Optimal) && (tight || !integers) {
        run.bound = run.objective;
    }
    Ok(run)
}
