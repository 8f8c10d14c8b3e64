//! Solving: the only place that knows HiGHS. One program per grouping, one HiGHS thread
//! per program; groupings side by side on rayon; a wall-clock guard of rota's own so
//! that a batch never hangs (HiGHS does not check its time limit in every phase).

mod columns;
pub mod contradictions;
mod diagnose;
mod engine;
mod lns;
mod part;

use std::collections::HashMap;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, SolverModel, Variable};

use self::engine::Engine;
use crate::domain::{Cell, Rota, Scenario};
use crate::heuristic;
use crate::model::{person_columns, start_values, GroupingModel};
use crate::report::evaluate::grouping_figures;
use crate::report::summary;

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
    let mut result = outcome.unwrap_or_else(|| {
        let start = heuristic::start_within(&s, g, limits.time_limit_s);
        fallback(&s, g, &start, "the solver overran its time limit; the starting rota is written")
    });
    result.seconds = started.elapsed().as_secs_f64();
    result
}

/// The starting rota as the result, when the solver gave nothing.
fn fallback(s: &Scenario, g: usize, rota: &Rota, why: &str) -> GroupingSolve {
    let rows =
        (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).map(|p| (p, rota.cells[p].clone())).collect();
    // The starting rota may break hard rules (the constructive rota does not know them
    // all): then there is no valid rota for this grouping, and the note says so loudly.
    let why = if heuristic::grouping_is_legal(s, rota, g) {
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

/// Solves grouping g: HiGHS on the whole program first; when it cannot close it in
/// 15% of the time (in shift mode, after column generation has tried to combine
/// better rows: `columns.rs`, and, close to its floor, branch and price has tried to
/// prove the optimum: `columns/branch.rs`), the search around the MIP (`lns.rs`)
/// improves the best rota known, and HiGHS has the last part of the time on the whole
/// program again, from that rota, for the bound (and sometimes a better rota) — when
/// its first run got as far as a bound of its own.
fn run_highs(s: &Scenario, g: usize, limits: Limits) -> GroupingSolve {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(limits.time_limit_s.max(0.01));
    let at = |share: f64| started + Duration::from_secs_f64(limits.time_limit_s.max(0.01) * share);
    let start = heuristic::start_within(s, g, limits.time_limit_s);
    let m = GroupingModel::build(s, g);
    let mut loaded = match Loaded::new(&m, limits.mip_gap) {
        Ok(loaded) => loaded,
        Err(e) => return fallback(s, g, &start, &format!("HiGHS failed ({e}); the starting rota is written")),
    };
    if loaded.engine.cols == 0 {
        // Nothing to decide (no staff, or nothing they may do): the rota is what it is.
        let rows = m.extract(|_| 0.0);
        let run = Run {
            rows: Some(rows),
            objective: m.objective_constant,
            bound: m.objective_constant,
            columns: 0,
            rows_in_model: m.constraints.len(),
        };
        return finish(s, g, &m, &start, run, limits);
    }

    // 1. The whole program, from the constructive rota — unless it is so big that
    // HiGHS would spend most of its share of the time in presolve (which reads about a
    // million nonzeros a second here: 28 million took 28 s).
    let presolve_seconds = loaded.engine.nonzeros as f64 / PRESOLVE_NONZEROS_PER_SECOND;
    let huge = presolve_seconds > 0.2 * limits.time_limit_s * FIRST_SHARE;
    let start_values = start_values(&m, &start);
    let first = if huge {
        engine::Outcome::nothing()
    } else {
        offer_start(&mut loaded, &m, &start, &start_values);
        let first_share = if s.office { FIRST_SHARE } else { FIRST_SHARE_SHIFT_MODE };
        loaded.engine.set_time_limit(seconds_until(at(first_share)));
        loaded.engine.run()
    };
    if first.infeasible {
        return infeasible(s, g, &start);
    }
    let mut bound = first.bound;
    if search_log() {
        eprintln!(
            "{}: first run: {} nodes, objective {:.1}, bound {:.1}",
            s.groupings[g].id, first.nodes, first.objective, first.bound
        );
    }
    if first.optimal || Instant::now() >= deadline {
        let run = loaded.run(&m, &first);
        return finish(s, g, &m, &start, run, limits);
    }
    // In shift mode column generation goes first whatever the first run did: its LP,
    // priced to the end, is a bound as tight as many nodes of the tree, and its dives
    // start the search far lower (Curtois's 6: 1951 against the tree's 2046).
    if s.office && tree_search_keeps_the_time(&first, m.objective_constant) {
        if let Some(values) = &first.values {
            loaded.engine.set_solution(values);
        }
        loaded.engine.set_time_limit(seconds_until(deadline));
        let mut last = loaded.engine.run();
        if last.values.is_none() || last.objective > first.objective + 1e-9 {
            last.values = first.values.clone();
            last.objective = first.objective;
            last.optimal = false;
        }
        last.bound = last.bound.max(bound).min(last.objective);
        if search_log() {
            eprintln!("tree search kept the time: {} nodes, objective {:.1}", last.nodes, last.objective);
        }
        let run = loaded.run(&m, &last);
        return finish(s, g, &m, &start, run, limits);
    }

    // 2. A rota keeping every rule, if HiGHS has none yet: built a few people at a time.
    let whole = part::Whole::read(&loaded.engine);
    let layout = lns::Layout::new(&m, &whole, &loaded.index);
    let incumbent = match &first.values {
        Some(values) => Some(lns::Incumbent { values: values.clone(), objective: first.objective }),
        None => {
            let keep: Vec<bool> = m.persons.iter().map(|&p| heuristic::person_is_legal(s, &start, p)).collect();
            lns::construct(&whole, &layout, &start_values, &keep, at(if huge { 0.9 } else { 0.6 }), limits.mip_gap)
        }
    };
    let Some(incumbent) = incumbent else {
        let run = loaded.run(&m, &first);
        return finish(s, g, &m, &start, run, limits);
    };

    // 3. In shift mode, rows combined whole by column generation (`columns.rs`), from
    // the rows of the best rota so far: a better start for the search, and a bound —
    // its LP when priced to the end, or the labels' Lagrangian bound when they priced
    // everybody. Not on huge programs, whose construction has used most of the time.
    let in_hand = InHand { s, g, m: &m, loaded: &loaded, whole: &whole, layout: &layout, start: &start };
    // Column generation's floor: close to it, the tree of branch and price may close
    // the gap (step 4).
    let mut columns_floor = None;
    // The rota in hand when column generation's rounded LP replaced it: kept, so that
    // the grouping never ends above it should the search not mend the rounding in time.
    let mut set_aside = None;
    let incumbent = if s.office || huge {
        incumbent
    } else {
        let from = in_hand.rota(&incumbent.values);
        let now = started.elapsed().as_secs_f64() / limits.time_limit_s.max(0.01);
        let program = in_hand.program(&incumbent.values);
        let times = [now + GIVE_UP * COLUMNS_SHARE, now + 0.7 * COLUMNS_SHARE, now + COLUMNS_SHARE].map(at);
        let dived = columns::price_and_dive(s, g, &from, Some(&program), times);
        if let Some(lp) = dived.bound {
            if search_log() {
                eprintln!("columns: {lp:.2} is a bound (HiGHS's {bound:.2})");
            }
            bound = bound.max(lp);
            columns_floor = Some(lp);
        }
        // The LP rounded is the search's start whatever it costs (Curtois's 12: from
        // the rounded LP, 4172–4185 in three runs; from the cheaper start it had,
        // 4418–5026).
        let by = if dived.rounded { "the LP rounded" } else { "columns" };
        if dived.rounded {
            set_aside = Some(incumbent.clone());
        }
        in_hand.better(dived.rota, incumbent, deadline, limits.mip_gap, (by, dived.rounded))
    };

    // 4. Close to column generation's floor, a short search and branch and price
    // (`warm_up_and_branch`). Whether the tree proved its rota optimal, when it ran.
    let mut branched = None;
    let close = columns_floor.is_some_and(|floor| {
        summary::gap(incumbent.objective + m.objective_constant, floor + m.objective_constant) <= BRANCH_GAP
    });
    // Many short rounds beat a few long ones: half a second each at a minute's limit.
    // Parts solved side by side get that for each of them: two parts in a second's round
    // (Curtois's 8 reached twelve shortages in six of six runs so, against none of three
    // with half-second rounds).
    let side_by_side = parts_side_by_side(s);
    let round_limit = (limits.time_limit_s / 120.0 * side_by_side as f64).clamp(0.2, 5.0);
    let incumbent = if close && seconds_until(deadline) > 0.05 {
        let now = started.elapsed().as_secs_f64() / limits.time_limit_s.max(0.01);
        let times = [now + WARM_UP_SHARE, now + WARM_UP_SHARE + BRANCH_SHARE, 1.0].map(at);
        let (incumbent, optimal) = warm_up_and_branch(&in_hand, incumbent, &mut bound, limits, round_limit, times);
        branched = Some(optimal);
        incumbent
    } else {
        incumbent
    };

    // 5. The search around the MIP, then HiGHS on the whole program from its best rota.
    if search_log() {
        eprintln!("incumbent {:.1} at {:.1}s", incumbent.objective, started.elapsed().as_secs_f64());
    }
    // When HiGHS's first run did not get past the trivial bound (its root LP unfinished
    // in its share), a last run of the same length would not either: the search keeps
    // the time instead.
    let root_unfinished = !bound.is_finite() || bound <= whole.trivial_bound() + 1e-6;
    if search_log() && root_unfinished {
        eprintln!("first run stopped before its root LP: the search keeps the last share");
    }
    // The fairness spread ties everybody to everybody: a part frees a few people, and
    // the spread moves only when all those at the most (or the fewest) points move at
    // once. When the parts stop finding better rotas, the time goes back to HiGHS on
    // the whole program, which moves them all (Licheng's g_xcb: the search stays at
    // twice the optimum; HiGHS proves the optimum with the search's time).
    let spread_ties_everyone = m.points_range.is_some();
    let root_only = !huge && !root_unfinished && !last_run_earns_its_share(&first, spread_ties_everyone);
    if search_log() && root_only {
        eprintln!("first run did not get past its root: the search keeps the last share");
    }
    let skip_last = huge || root_unfinished || root_only || branched.is_some();
    let search_until = if skip_last { deadline } else { at(SEARCH_UNTIL) };
    let stop = lns::Stop {
        deadline: search_until,
        good_enough: good_enough(bound, m.objective_constant, limits.mip_gap),
        stalled_after: (spread_ties_everyone && !skip_last).then_some(STALLED_AFTER),
    };
    let incumbent_objective = incumbent.objective;
    let (best, mut stats) = lns::improve(&whole, &layout, incumbent, stop, round_limit, side_by_side);
    let best = match set_aside {
        Some(before) if before.objective < best.objective - 1e-9 => before,
        _ => best,
    };
    stats.proven |= branched.is_some_and(|optimal| optimal && best.objective <= incumbent_objective + 1e-9);
    drop(whole);
    // Bounds of the small programs hold only for them: the bound is the whole program's.
    let mut last = engine::Outcome {
        optimal: stats.proven,
        infeasible: false,
        objective: best.objective,
        bound: if stats.proven { best.objective } else { f64::NEG_INFINITY },
        values: Some(best.values),
        nodes: 0,
        mismatch: false,
    };
    if !stats.proven && !stats.good_enough && !skip_last && seconds_until(deadline) > 0.05 {
        if let Some(values) = &last.values {
            loaded.engine.set_solution(values);
        }
        loaded.engine.set_time_limit(seconds_until(deadline));
        let end = loaded.engine.run();
        bound = bound.max(end.bound);
        if end.values.is_some() && end.objective < last.objective - 1e-9 {
            last = end;
        }
    }
    last.bound = bound.max(last.bound).min(last.objective);
    if search_log() {
        eprintln!("{} parts re-planned, {} better, stalled: {}", stats.parts, stats.improved, stats.stalled);
    }
    let run = loaded.run(&m, &last);
    finish(s, g, &m, &start, run, limits)
}

/// What `run_highs` has in hand for a grouping: its program, loaded and read, and the
/// starting rota; for the steps it hands them to.
struct InHand<'a> {
    s: &'a Scenario,
    g: usize,
    m: &'a GroupingModel<'a>,
    loaded: &'a Loaded,
    whole: &'a part::Whole,
    layout: &'a lns::Layout,
    /// The starting rota (the rows of people outside the program are read from it).
    start: &'a Rota,
}

impl InHand<'_> {
    /// The rota of a whole solution.
    fn rota(&self, values: &[f64]) -> Rota {
        let mut rota = self.start.clone();
        for (p, cells) in self.m.extract(|v| self.loaded.index.get(&v).map_or(0.0, |&i| values[i])) {
            rota.cells[p] = cells;
        }
        rota
    }

    /// The program as column generation reads it, around the whole solution `values`.
    fn program<'v>(&'v self, values: &'v [f64]) -> columns::Program<'v> {
        columns::Program { m: self.m, whole: self.whole, layout: self.layout, index: &self.loaded.index, values }
    }

    /// `found` settled in the whole program (its slacks and counts), when it is cheaper
    /// than `incumbent` or `taken` whatever it costs; else `incumbent`. `by` names the
    /// step for the search's log.
    fn better(
        &self,
        found: Option<Rota>,
        incumbent: lns::Incumbent,
        deadline: Instant,
        gap: f64,
        (by, taken): (&str, bool),
    ) -> lns::Incumbent {
        let settled = found.and_then(|rota| {
            lns::settle(self.whole, self.layout, crate::model::start_values(self.m, &rota), deadline, gap)
        });
        match settled {
            Some(found) if taken || found.objective < incumbent.objective - 1e-9 => {
                if search_log() {
                    eprintln!("{by}: rota {:.1} against {:.1}", found.objective, incumbent.objective);
                }
                found
            }
            _ => incumbent,
        }
    }
}

/// Step 4 of `run_highs`, close to column generation's floor: a short search around the
/// MIP until `warm_until` (or until it stalls) — it often takes the last units where the
/// tree would need many nodes (Curtois's 10: from 4230 to its optimum 4227 in four
/// parts, where the tree had not found it in 140 nodes) — then branch and price
/// (`columns::price_and_branch`) from its best rota until `tree_until`: it proves
/// Curtois's 5, 6, 7 and 16 optimal in seconds where the search stalls a unit or two
/// above. The best rota, and whether the tree proved it optimal; `bound` takes the
/// tree's floor.
fn warm_up_and_branch(
    p: &InHand,
    incumbent: lns::Incumbent,
    bound: &mut f64,
    limits: Limits,
    round_limit: f64,
    [warm_until, tree_until, deadline]: [Instant; 3],
) -> (lns::Incumbent, bool) {
    let constant = p.m.objective_constant;
    let warm_up = lns::Stop {
        deadline: warm_until,
        good_enough: good_enough(*bound, constant, limits.mip_gap),
        stalled_after: Some(STALLED_AFTER),
    };
    let (incumbent, warmed) = lns::improve(p.whole, p.layout, incumbent, warm_up, round_limit, parts_side_by_side(p.s));
    if search_log() {
        eprintln!("warm-up: {} parts, rota {:.1}", warmed.parts, incumbent.objective);
    }
    if warmed.good_enough {
        return (incumbent, false);
    }
    let from = p.rota(&incumbent.values);
    let tree = columns::price_and_branch(p.s, p.g, &from, &p.program(&incumbent.values), tree_until);
    let incumbent = p.better(tree.rota, incumbent, deadline, limits.mip_gap, ("branch and price", false));
    let optimal = tree.bound.is_some_and(|floor| floor >= incumbent.objective - 1e-6);
    if let Some(floor) = tree.bound {
        *bound = bound.max(floor.min(incumbent.objective));
    }
    (incumbent, optimal)
}

/// HiGHS got through its root into the tree search within its share, and its gap is
/// already small: the whole program is within its reach, and on such programs its tree
/// search does better than re-planning parts, so it keeps the rest of the time. With a
/// wide gap the tree spends the time on the bound while the rota stays where it is; the
/// search around the MIP moves the rota.
fn tree_search_keeps_the_time(first: &engine::Outcome, constant: f64) -> bool {
    let gap = summary::gap(first.objective + constant, first.bound + constant);
    first.nodes > 0 && first.values.is_some() && !first.mismatch && gap <= TREE_GAP
}

/// HiGHS gets a last run on the whole program, from the search's best rota, only when
/// its first run got past the root into the tree search. A run of the same length that
/// stops at its root again moves neither the rota nor the bound (Curtois's 6 to 11 and
/// 18: after it the rota was the search's and the bound the first run's, within 1), and
/// the search makes better use of the time. Programs with a fairness spread keep it
/// whatever the first run did: parts cannot move the spread, HiGHS can.
fn last_run_earns_its_share(first: &engine::Outcome, spread_ties_everyone: bool) -> bool {
    first.nodes > 0 || spread_ties_everyone
}

/// The objective (without the constant) at or below which a rota is within the gap
/// asked for of the proven `bound`: the search around the MIP may stop there, as HiGHS
/// would. Relative gaps are taken on the objective with its constant, as reported.
fn good_enough(bound: f64, constant: f64, gap: f64) -> f64 {
    if !bound.is_finite() {
        return f64::NEG_INFINITY;
    }
    let exact = bound + 1e-6;
    let gap = gap.clamp(0.0, 0.99);
    // objective − bound ≤ gap · (objective + constant), solved for the objective.
    let within_gap = (bound + gap * constant) / (1.0 - gap);
    exact.max(within_gap)
}

/// Parts the search solves side by side each round: `lns::SIDE_BY_SIDE` when the
/// scenario has one grouping (nothing else for the other cores to do), one when rayon
/// solves other groupings beside it. By the scenario, not the cores, so that the parts
/// drawn are the same whatever the thread count.
fn parts_side_by_side(s: &Scenario) -> usize {
    if s.groupings.len() == 1 {
        lns::SIDE_BY_SIDE
    } else {
        1
    }
}

/// Parts in a row without a better rota (a few of each kind) after which a
/// search on a program with a fairness spread hands its time to HiGHS.
const STALLED_AFTER: usize = 15;

/// The widest gap after HiGHS's first run at which its tree search keeps the rest of
/// the time (Curtois's Instance3 closes from 18%; Instance5, at 46%, stays at 1249–1254
/// in the tree, and reaches 1234–1254 in most runs under the search around the MIP, 1333
/// in some: see docs/benchmarks.md).
const TREE_GAP: f64 = 0.25;

/// Column generation's share of the time limit in shift mode: its LP the first 70%,
/// the dive the rest. Side by side at 60 s on Curtois's 6, 7, 10 and 11 the dive's
/// rota started the search at 962 where HiGHS's first run had 1818 on 7, 5796 against
/// 6871 on 10, 4366 against 5589 on 11; finals 1072, 4657 and 3447 against 1163, 4876
/// and 3583 with a tenth of the time and HiGHS's pick of rows instead of the dive. At
/// 0.3 the dive did not finish on 10 (27 of 40 people); at 0.45 it did, and started the
/// search at 4659 (see docs/benchmarks.md).
const COLUMNS_SHARE: f64 = 0.4;

/// The part of column generation's share by which the re-planning's pricing must have
/// finished once, or at least be near its end (see `columns::price_and_dive`). On
/// Curtois's 12 and 13 (sixty and a hundred and twenty people, ten and eighteen
/// shifts) it still adds a row for most people each round after 6 s: the LP is far
/// from its end, the dive rounds guesses and the share is better spent by the search.
const GIVE_UP: f64 = 0.25;

/// HiGHS's share of the time limit on the whole program, before the search around it.
const FIRST_SHARE: f64 = 0.15;
/// The same in shift mode, where column generation follows with a bound and rotas of
/// its own: HiGHS's root is not done in 15% on the larger Curtois instances (8: 9 s for
/// nothing), time the dives need more (8: 1321 against 1407 when the LP ended late).
const FIRST_SHARE_SHIFT_MODE: f64 = 0.07;
/// The search around the MIP runs until this share of the time limit; HiGHS has the rest.
const SEARCH_UNTIL: f64 = 0.85;

/// The widest gap between the best rota after column generation and its floor at
/// which the tree of branch and price runs (Curtois's 5, 6, 7 and 16 at 0.05–0.7%,
/// each proven optimal by the tree in 0.3–3 s). It was 1% while a labels round took
/// three times as long (17 at 1.7%: 44 nodes in 15 s, none at its optimum); with the
/// faster labels 7 at 1.03% is proven in the tree (three runs at 1% stopped at 1061–1063).
const BRANCH_GAP: f64 = 0.02;
/// The share of the time limit of the short search around the MIP before the tree
/// (it stops sooner when `STALLED_AFTER` parts in a row find nothing better).
const WARM_UP_SHARE: f64 = 0.1;
/// The tree's share of the time limit; the search around the MIP has what it leaves.
const BRANCH_SHARE: f64 = 0.25;

/// How fast HiGHS's presolve goes through a program, roughly, on the machines rota
/// was measured on: a guide to whether the whole program is worth a try at all.
const PRESOLVE_NONZEROS_PER_SECOND: f64 = 1.0e6;

/// The bound column generation proves for grouping g of a shift-mode scenario (with the
/// objective's constant), when its LP is priced to the end by `seconds`; None in office
/// mode, or when it was not. For tests: the bound must never be above the optimum that
/// HiGHS proves, whatever rules the scenario has (the labels that price the LP must
/// never keep a rule more strictly than the program does).
#[doc(hidden)]
pub fn column_generation_bound(s: &Scenario, g: usize, seconds: f64) -> Option<f64> {
    if s.office {
        return None;
    }
    let m = GroupingModel::build(s, g);
    let loaded = Loaded::new(&m, 0.0).ok()?;
    let whole = part::Whole::read(&loaded.engine);
    let layout = lns::Layout::new(&m, &whole, &loaded.index);
    let start = heuristic::start_within(s, g, seconds / 4.0);
    let values = start_values(&m, &start);
    let program = columns::Program { m: &m, whole: &whole, layout: &layout, index: &loaded.index, values: &values };
    let end = Instant::now() + Duration::from_secs_f64(seconds);
    // Only the LP is wanted: the dives' deadline is already past when it ends.
    let dived = columns::price_and_dive(s, g, &start, Some(&program), [end, end, Instant::now()]);
    dived.bound.map(|lp| lp + m.objective_constant)
}

/// Branch and price's floor for grouping g of a shift-mode scenario (with the
/// objective's constant), its tree searched for `seconds` from the start heuristic's
/// rota, and the optimum HiGHS proves for the same program in as long; None in office
/// mode, or when either is missing. For tests: the floor must never be above the
/// optimum (a tree that closes nodes it should not would prove a rota optimal that is
/// not).
#[doc(hidden)]
pub fn branch_and_price_bound(s: &Scenario, g: usize, seconds: f64) -> Option<(f64, f64)> {
    if s.office {
        return None;
    }
    let m = GroupingModel::build(s, g);
    let mut loaded = Loaded::new(&m, 0.0).ok()?;
    let whole = part::Whole::read(&loaded.engine);
    let layout = lns::Layout::new(&m, &whole, &loaded.index);
    let start = heuristic::start_within(s, g, seconds / 4.0);
    let values = start_values(&m, &start);
    let program = columns::Program { m: &m, whole: &whole, layout: &layout, index: &loaded.index, values: &values };
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let floor = columns::price_and_branch(s, g, &start, &program, until).bound?;
    loaded.engine.set_time_limit(seconds);
    let optimum = loaded.engine.run();
    optimum.optimal.then_some((floor + m.objective_constant, optimum.objective + m.objective_constant))
}

/// ROTA_SEARCH_LOG=1 traces the search around the MIP on stderr, for tuning.
pub(crate) fn search_log() -> bool {
    std::env::var_os("ROTA_SEARCH_LOG").is_some()
}

fn seconds_until(t: Instant) -> f64 {
    t.saturating_duration_since(Instant::now()).as_secs_f64()
}

/// Status, gap and the better of solver and start: from the rota written, recomputed,
/// never from the solver's claim.
fn finish(s: &Scenario, g: usize, m: &GroupingModel, start: &Rota, mut run: Run, limits: Limits) -> GroupingSolve {
    let mut note = None;
    let Some(mut rows) = run.rows.take() else {
        return fallback(s, g, start, "the solver found no rota in its time; the starting rota is written");
    };
    let mut objective = grouping_figures(s, &m.to_rota(rows.clone()), g).objective;
    // Within a short time limit HiGHS may stop on a rota worse than the start it was
    // given (when it could not use the start): the better of the two is written.
    if heuristic::grouping_is_legal(s, start, g) {
        let start_objective = grouping_figures(s, start, g).objective;
        if start_objective < objective - 1e-9 {
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
    run.bound = run.bound.min(objective);
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

fn infeasible(s: &Scenario, g: usize, start: &Rota) -> GroupingSolve {
    let mut r = fallback(s, g, start, "hard rules contradict each other");
    r.status = SolveStatus::Infeasible;
    r.contradictions = diagnose::diagnose(s, g);
    r
}

/// Is there any rota for grouping g at all? None when the solver could not tell in time.
fn feasible(s: &Scenario, g: usize, limits: Limits) -> Option<bool> {
    let m = GroupingModel::build(s, g);
    let start = heuristic::greedy(s, g);
    let mut loaded = Loaded::new(&m, limits.mip_gap).ok()?;
    if loaded.engine.cols == 0 {
        return Some(true);
    }
    offer_start(&mut loaded, &m, &start, &start_values(&m, &start));
    loaded.engine.set_time_limit(limits.time_limit_s);
    let out = loaded.engine.run();
    if out.infeasible {
        Some(false)
    } else if out.values.is_some() {
        Some(true)
    } else {
        None
    }
}

/// A grouping's program loaded into HiGHS, with the column of each variable.
struct Loaded {
    engine: Engine,
    index: HashMap<Variable, usize>,
    /// Does the program have integer columns? (Without, it is an LP and its optimum exact.)
    integers: bool,
}

impl Loaded {
    /// Loads model `m` into HiGHS with one thread, a fixed seed and the gap asked for.
    fn new(m: &GroupingModel, gap: f64) -> Result<Loaded, String> {
        let variables: Vec<Variable> = m.vars.iter_variables_with_def().map(|(v, _)| v).collect();
        let index: HashMap<Variable, usize> = variables.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let integers = m.n_binary > 0 || !m.lend.is_empty() || m.points_range.is_some();
        if variables.is_empty() {
            // HiGHS mishandles a program without columns; nothing is loaded.
            let model = highs::RowProblem::default().optimise(highs::Sense::Minimise);
            return Ok(Loaded { engine: Engine::new(model, Vec::new()), index, integers });
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
        let mut costs = vec![0.0; variables.len()];
        for (v, c) in m.objective.clone().linear_coefficients() {
            if let Some(&i) = index.get(&v) {
                costs[i] += c;
            }
        }
        Ok(Loaded { engine: Engine::new(model, costs), index, integers })
    }

    /// The rota and figures of one outcome (objective and bound with the constant).
    fn run(&self, m: &GroupingModel, out: &engine::Outcome) -> Run {
        let constant = m.objective_constant;
        let mut run = Run {
            rows: None,
            objective: 0.0,
            bound: 0.0,
            columns: self.engine.cols,
            rows_in_model: m.constraints.len(),
        };
        let Some(values) = &out.values else { return run };
        run.rows = Some(m.extract(|v| self.index.get(&v).map_or(0.0, |&i| values[i])));
        run.objective = out.objective + constant;
        run.bound = if out.bound.is_finite() { (out.bound + constant).max(0.0).min(run.objective) } else { 0.0 };
        let tight = (run.objective - run.bound).abs() <= 1e-6 * run.objective.abs().max(1.0);
        if out.optimal && (tight || !self.integers) {
            run.bound = run.objective;
        }
        run
    }
}

/// Hands HiGHS the starting rota: whole when it keeps every rule; otherwise only the
/// rows of the people whose rows keep their rules, and HiGHS completes the rest (a
/// sub-MIP far smaller than the whole) — a start that breaks a rule is of no use to it.
fn offer_start(loaded: &mut Loaded, m: &GroupingModel, rota: &Rota, values: &[f64]) {
    let legal: Vec<bool> = m.persons.iter().map(|&p| heuristic::person_is_legal(m.s, rota, p)).collect();
    if legal.iter().all(|l| *l) {
        loaded.engine.set_solution(values);
        return;
    }
    // Completing a start that fixes little costs HiGHS more than it saves.
    if legal.iter().filter(|l| **l).count() * 2 < legal.len() {
        return;
    }
    let mut cols: Vec<usize> = legal
        .iter()
        .enumerate()
        .filter(|(_, l)| **l)
        .flat_map(|(pi, _)| person_columns(m, pi))
        .filter_map(|v| loaded.index.get(&v).copied())
        .collect();
    cols.sort_unstable();
    let vals: Vec<f64> = cols.iter().map(|&c| values[c]).collect();
    loaded.engine.set_partial_solution(&cols, &vals);
}

/// What one HiGHS run gives back.
struct Run {
    rows: Option<Vec<(usize, Vec<Cell>)>>,
    /// Objective and proven bound, constant term included.
    objective: f64,
    bound: f64,
    columns: usize,
    rows_in_model: usize,
}

#[cfg(test)]
mod tests {
    use super::engine::Outcome;
    use super::{good_enough, last_run_earns_its_share, tree_search_keeps_the_time};

    /// The reported gap of a rota: objective and bound with the constant.
    fn gap(objective: f64, bound: f64, constant: f64) -> f64 {
        ((objective + constant) - (bound + constant)) / (objective + constant)
    }

    #[test]
    fn good_enough_is_the_bound_itself_at_gap_zero() {
        assert!((good_enough(20.0, 0.0, 0.0) - 20.0).abs() < 1e-5);
        assert!(good_enough(20.0, 7.0, 0.0) < 20.0 + 1e-5);
        assert_eq!(good_enough(f64::NEG_INFINITY, 3.0, 0.1), f64::NEG_INFINITY);
    }

    #[test]
    fn good_enough_is_the_last_objective_within_the_gap_asked_for() {
        let (bound, constant, asked) = (48.0, 2.0, 0.1);
        let threshold = good_enough(bound, constant, asked);
        // 53 (55 with the constant) against a bound of 50: 9.1%, within 10%.
        assert!(53.0 <= threshold && gap(53.0, bound, constant) <= asked);
        // 54 (56): 10.7%, not within.
        assert!(54.0 > threshold && gap(54.0, bound, constant) > asked);
    }

    /// A first run that stopped at its root gives the search the last share too.
    #[test]
    fn the_last_run_only_after_a_first_run_past_its_root_or_with_a_spread() {
        let first = |nodes: i64| Outcome {
            nodes,
            values: Some(vec![0.0]),
            objective: 2816.0,
            bound: -104.0,
            ..Outcome::nothing()
        };
        // Curtois's Instance9: 0 nodes in its share; the search keeps the time.
        assert!(!last_run_earns_its_share(&first(0), false));
        // Instance5: 2 nodes; Licheng's g_xcb: a spread, whatever the first run did.
        assert!(last_run_earns_its_share(&first(2), false));
        assert!(last_run_earns_its_share(&first(0), true));
    }

    /// A first run in the tree at 11% keeps the time (Curtois's Instance4); at 46%
    /// (Instance5), before the root, or with HiGHS's start bug, the search takes over.
    #[test]
    fn the_tree_keeps_the_time_only_past_its_root_with_a_small_gap() {
        let run = |nodes: i64, objective: f64, bound: f64| Outcome {
            optimal: false,
            infeasible: false,
            values: Some(vec![0.0]),
            objective,
            bound,
            nodes,
            mismatch: false,
        };
        assert!(tree_search_keeps_the_time(&run(2, 1603.0, 1403.0), 116.0));
        assert!(!tree_search_keeps_the_time(&run(2, 1378.0, 661.0), 0.0));
        assert!(!tree_search_keeps_the_time(&run(0, 1603.0, 1403.0), 116.0));
        assert!(!tree_search_keeps_the_time(&run(2, 1603.0, f64::NEG_INFINITY), 0.0));
        assert!(!tree_search_keeps_the_time(&Outcome { mismatch: true, ..run(2, 1603.0, 1403.0) }, 116.0));
        assert!(!tree_search_keeps_the_time(&Outcome { values: None, ..run(2, 1603.0, 1403.0) }, 116.0));
    }
}
