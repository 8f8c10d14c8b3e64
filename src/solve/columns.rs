//! Column generation for shift mode ("price and dive"): a rota as one row per person,
//! each chosen from a pool of rows that keep that person's rules. The master program
//! picks one row per person so that the places are filled at least cost; its LP prices
//! (duals) say what filling each place on each day is worth. Two pricings find, for
//! each person, rows that are cheap at those prices: the re-planning's program
//! (`heuristic::RowPricer`, fast, but its counted rules are priced, not states, so it
//! misses rows), and, once it finds nothing, the exact one (`RowPricer::cheapest_row`:
//! labels that carry the counted rules as states, so nothing is missed, and a proof
//! when no row is cheap enough). Where the labels give up or their row breaks a rule
//! they do not see, the person's own program in HiGHS (their columns and the rows that
//! involve nobody else) prices instead. Rows that would lower the LP join the pool
//! until none is found or the time is up. On Curtois's Instance6 the re-planning alone
//! stops at 2067 (+157 constant); exact pricing takes the LP to 1792, i.e. 1949 — the
//! proven optimum is 1950 — in under a second. Priced to its end, the LP is a bound;
//! before that, each round in which the labels price everybody gives a Lagrangian
//! bound (Curtois's 12, whose LP does not reach its end in its time: 3884 under the
//! optimum 4040).
//!
//! Then dives. The first holds choices, not rows (`branch::choice_dive`): a person's
//! shift or day off on a day, as many as the LP all but makes, the LP priced again
//! around them, and so on — the LP climbs little at each step (Instance8: 1010.6 to
//! about 1100 over 400 choices). Then dives that fix rows: the rows the LP all but
//! chose are fixed, the LP priced again for the others, and so on until the people still free are few enough (a sixth of the
//! decisions at most) for HiGHS to plan them exactly around the others in the whole
//! program: the last rows a dive fixes are where its LP climbs (Instance10: 4234 with
//! 31 of 40 fixed, 4650 with all; completed, 4228 — the optimum is 4227). A step whose
//! LP reaches the rota in hand is taken back (the LP is a floor under every rota with
//! those rows), and each dive that ends below that rota is followed by one under the
//! new one. Last, HiGHS picks one row per person among all the pool's rows (price and
//! branch; Instance6: 1795 where the dives had 1896). The places are what ties people
//! together in shift mode; everything else in a row is the person's own. So the rota
//! found combines whole rows no part of a few people would reach. It is a start for
//! the search around the MIP, taken only when it is better than the one it has.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use good_lp::Variable;
use highs_sys::HighsInt;
use rayon::prelude::*;

mod branch;

pub use branch::price_and_branch;

use super::lns::{self, Layout};
use super::part::{quiet_highs, set_double, set_int, OwnProgram, Whole};
use crate::domain::{Cell, Rota, Scenario};
use crate::heuristic::{person_is_legal, Cheapest, RowPricer};
use crate::model::{start_values, GroupingModel};

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

/// The places a row fills: (day, place of the day) for each day it fills one.
type Fills = Vec<(usize, usize)>;

/// The price of a person without a row: far above anything a row can cost.
const NOBODY: f64 = 1.0e7;

/// A rota for grouping g built from rows that each keep their person's rules: the LP
/// priced until `lp_until`, then a choice dive and dives fixing rows until `deadline`
/// (the choice dive, and the labels in the dives, only when a round of the labels is
/// quick beside the dives' time), and the LP as a bound when it was priced to its end
/// (the labels' Lagrangian bound when not).
/// When the re-planning's pricing has not finished once by `give_up` and still adds rows
/// for more than a quarter of the people each round, the labels take over if a round of
/// them is quick, and the LP rounded is the rota if it is not at its end by `lp_until`
/// (`Dived::rounded`); if the labels are slow, there is no rota (the LP is far from its
/// end and a dive would round guesses). No rota either when somebody has no row, or
/// HiGHS failed.
pub fn price_and_dive(s: &Scenario, g: usize, start: &Rota, program: Option<&Program>, times: [Instant; 3]) -> Dived {
    let [give_up, lp_until, deadline] = times;
    // The rota the search has: a dive that cannot beat it turns back.
    let ceiling = program.map_or(f64::INFINITY, |p| p.whole.objective(p.values));
    let mut pricer = RowPricer::new(s, g, start);
    let persons = pricer.persons().to_vec();
    let places = pricer.places().to_vec();
    if persons.is_empty() {
        return Dived { rota: None, bound: None, rounded: false };
    }
    let mut master = Master::new(s, &places, persons.len());
    seed(&mut master, &mut pricer, start);
    // Built when first needed: on sixty people and more the pricing is given up first.
    let mut exact: Option<ExactPricer> = None;
    let root = price_to_end(&mut master, &mut pricer, &mut exact, program, start, [give_up, lp_until]);
    let bound = root.bound;
    // The floor the search is told of: the LP when proven, the labels' best otherwise.
    let floor = bound.or(root.lagrangian);
    master.simplex(LpChange::RowsFixed);
    if super::search_log() {
        eprintln!("columns: root given up {}, bound {:?}, labels' floor {:?}", root.given_up, bound, root.lagrangian);
    }
    if root.given_up {
        return Dived { rota: None, bound: floor, rounded: false };
    }
    // Hurried and still not at its end: the pool is thousands of rows, each of the
    // dives' LPs takes a second, and a dive does not end in its time (Curtois's 12:
    // 8 of 60 people fixed in 2.8 s). The LP's rows rounded instead.
    if root.hurried && bound.is_none() {
        return Dived { rota: rounded_lp(&master, start, &persons), bound: floor, rounded: true };
    }
    // Dives one after the other, each under the rota the last one found: it turns back
    // wherever the LP says it cannot beat it, and so goes elsewhere.
    let mut ceiling = ceiling;
    let mut best: Option<Vec<Vec<Cell>>> = None;
    let mut dives = 0;
    // The labels price the dives only when a round of them is quick beside the dives'
    // time. Otherwise the dives are priced by the re-planning alone, whose rounds take a
    // fraction of a second (Curtois's 15: a round of its labels takes 11 s; a dive that
    // waits for them runs out of time and fixes people by the dozen at the end — 15
    // ended at 6040–6246 in three runs, 4627 without them; 14 at 1771–1989, 1391; 18 at
    // 5830–5848, 5267).
    let dives_time = deadline.saturating_duration_since(Instant::now());
    let quick = |e: &ExactPricer| e.last_round.is_some_and(|round| round.mul_f64(ROUNDS_IN_THE_DIVES) <= dives_time);
    if super::search_log() {
        let round = exact.as_ref().and_then(|e| e.last_round).map(|r| r.as_secs_f64());
        eprintln!("columns: last labels round {round:?} s, dives {:.2} s", dives_time.as_secs_f64());
    }
    if !exact.as_ref().is_some_and(quick) {
        exact = None;
        // Without the labels a dive prices its LP again by the re-planning at every
        // step. When the re-planning took longer to price the root than the dives have,
        // a dive does not end in time, and the search is better off with that time
        // (Curtois's 20: 11.6 s against 7.2 s, a dive fixed 30 of 50 people and the
        // search started 18 s later; 15: 3.2–3.7 s, its first dive ends in 6.3 s and
        // halves the rota in hand).
        if root.replanning > dives_time {
            if super::search_log() {
                eprintln!(
                    "columns: no dives: the re-planning priced the root in {:.2} s",
                    root.replanning.as_secs_f64()
                );
            }
            return Dived { rota: None, bound: floor, rounded: false };
        }
    }
    // First a dive that holds people's choices day by day (`branch::choice_dive`), then
    // dives that fix whole rows, each under the best rota so far.
    if let Some(exact) = exact.as_mut() {
        let until = Instant::now() + deadline.saturating_duration_since(Instant::now()).mul_f64(CHOICE_DIVE_SHARE);
        if let Some((rows, objective)) = branch::choice_dive(s, &mut master, &mut pricer, exact, ceiling, until) {
            if super::search_log() {
                eprintln!("choice dive: rota {objective:.1} under {ceiling:.1}");
            }
            if objective < ceiling - 1e-6 {
                ceiling = objective;
                best = Some(rows);
            }
        }
    }
    while let Some((rows, objective)) = dive(&mut master, &mut pricer, exact.as_mut(), ceiling, deadline) {
        dives += 1;
        let better = objective < ceiling - 1e-6;
        if better || best.is_none() {
            best = Some(rows);
        }
        if super::search_log() {
            eprintln!("dive {dives}: rota {objective:.1} under {ceiling:.1}");
        }
        if !better || Instant::now() >= deadline {
            break;
        }
        ceiling = objective;
        if master.at_floor(bound, objective) {
            break;
        }
    }
    // Each person's best reply among the pool's rows, from the dives' best: a few
    // milliseconds, and it tries rows together that no dive step put side by side.
    if let Some(from) = best.as_ref().and_then(|rows| master.columns_of(rows)) {
        let replied = master.swapped(from.clone());
        let cost = |chosen: &[usize]| master.cost_of(chosen).unwrap_or(f64::INFINITY);
        let (before, after) = (cost(&from), cost(&replied));
        if super::search_log() {
            eprintln!("best replies: rota {after:.1} from the dives' {before:.1}");
        }
        if after < before - 1e-6 {
            best = replied.into_iter().map(|c| master.row_of(c)).collect();
            ceiling = ceiling.min(after);
        }
    }
    // The pool as a whole: HiGHS picks one row per person among all rows priced so far
    // (price and branch), from the dives' best — unless that is already at the floor.
    if Instant::now() < deadline && !master.at_floor(bound, ceiling) {
        let from = best.as_ref().and_then(|rows| master.columns_of(rows));
        let until = Instant::now() + deadline.saturating_duration_since(Instant::now()) / 4;
        if let Some((rows, objective)) = master.solve_mip(from.as_deref(), until) {
            if super::search_log() {
                eprintln!("pool MIP: rota {objective:.1} under {ceiling:.1}");
            }
            if objective < ceiling - 1e-6 {
                best = Some(rows);
            }
        }
    }
    let rota = best.map(|rows| with_rows(start, &persons, rows));
    Dived { rota, bound: floor, rounded: false }
}

/// `start` with the master's people (`persons`, scenario indices) on `rows`.
fn with_rows(start: &Rota, persons: &[usize], rows: Vec<Vec<Cell>>) -> Rota {
    let mut rota = start.clone();
    for (&p, row) in persons.iter().zip(rows) {
        rota.cells[p] = row;
    }
    rota
}

/// The rota of each person's row with the largest share in the LP last solved: the
/// `start` for everybody else. None when somebody has no row.
/// Then each person in turn takes the row of their pool that costs the rota least
/// beside everybody else's (`Master::swapped`): the rows the LP leans to most come from
/// different blends of it and leave places empty that another of the pool's rows fills.
fn rounded_lp(master: &Master, start: &Rota, persons: &[usize]) -> Option<Rota> {
    let leaning = master.leaning(&vec![None; persons.len()]);
    let chosen = leaning.into_iter().map(|most| Some(most?.0)).collect::<Option<Vec<_>>>()?;
    let rows = master.swapped(chosen).into_iter().map(|c| master.row_of(c)).collect::<Option<Vec<_>>>()?;
    Some(with_rows(start, persons, rows))
}

/// How the LP's pricing ended (`price_to_end`).
struct Root {
    /// The LP, when the labels proved that no row lowers it: a floor under every rota.
    bound: Option<f64>,
    /// Given up at `give_up`, far from the LP's end.
    given_up: bool,
    /// Priced by the labels alone from `give_up` on, the re-planning's pricing being
    /// far from the LP's end then.
    hurried: bool,
    /// How long the re-planning's pricing ran (from the first round to its last).
    replanning: Duration,
    /// The best Lagrangian bound of the rounds in which the labels priced everybody:
    /// a floor under every rota even when the LP is not at its end.
    lagrangian: Option<f64>,
}

/// Prices the master's LP until no row lowers it or `lp_until` comes: the re-planning's
/// pricing while it finds rows, then the exact one (built into `exact` when first
/// needed, from `program`). When the re-planning's pricing still adds rows for more
/// than a quarter of the people each round at `give_up`, the exact pricing takes over
/// (`Root::hurried`) if its first round there is quick, and the LP is given up if not.
fn price_to_end<'p>(
    master: &mut Master<'p>,
    pricer: &mut RowPricer,
    exact: &mut Option<ExactPricer<'p>>,
    program: Option<&'p Program<'p>>,
    start: &Rota,
    [give_up, lp_until]: [Instant; 2],
) -> Root {
    let persons = pricer.persons().to_vec();
    let began = Instant::now();
    let mut rounds = 0;
    // Once the re-planning's program has nothing more to offer, every round asks the
    // exact pricing.
    let mut program_finished = false;
    let mut last_added = persons.len();
    let mut bound = None;
    let mut replanning = Duration::ZERO;
    let mut lagrangian: Option<f64> = None;
    // The labels took over from the re-planning's pricing at `give_up`, and this is
    // their first round there: a trial.
    let (mut hurried, mut trial) = (false, false);
    master.simplex(LpChange::RowsJoined);
    loop {
        // Still adding rows for more than a quarter of the people each round by then:
        // far from the LP's end (Curtois's 12: most of its sixty people at 6 s; 15:
        // three or four of thirty-one, and its dives beat the search's rota by 10%).
        // The labels price every person's cheapest rows at once and move such an LP
        // far faster (12: from 4538 to 3522 in seventeen rounds, 10 s): they take over
        // if a round of them is quick, and the pricing is given up otherwise.
        if !program_finished && Instant::now() >= give_up && last_added * 4 > persons.len() {
            if program.is_none() {
                return Root { bound, given_up: true, hurried, replanning, lagrangian };
            }
            (program_finished, hurried, trial) = (true, true, true);
        }
        rounds += 1;
        let Some(duals) = master.solve_lp(lp_until) else { break };
        let lp = master.lp_objective();
        // Once the labels have taken over, the re-planning's pricing is not asked again.
        let replanned = if hurried { Some(0) } else { price_round(master, pricer, &duals, lp_until) };
        if !program_finished {
            replanning = began.elapsed();
        }
        let Some(mut added) = replanned else { break };
        last_added = added;
        let mut how = "re-planning";
        if added == 0 {
            program_finished = true;
            let Some(program) = program else { break };
            let places = master.places;
            let exact = exact.get_or_insert_with(|| ExactPricer::new(program, &persons, places, start));
            // The trial round must end within a share of the LP's time left.
            let until = if trial { quick_round_by(lp_until) } else { lp_until };
            let Some((more, proven)) = exact.price_round(master, pricer, &duals, None, until) else {
                if trial {
                    return Root { bound, given_up: true, hurried, replanning, lagrangian };
                }
                break;
            };
            trial = false;
            added = more;
            if let Some(floor) = exact.least.and_then(|least| master.lagrangian(&duals, least)) {
                lagrangian = Some(lagrangian.map_or(floor, |best: f64| best.max(floor)));
            }
            how = if proven { "labels (proven)" } else { "labels and own programs" };
            // No row below anybody's dual, proven: the LP is the master's own, a floor
            // under every rota (unless somebody has no row at all).
            if added == 0 && proven && lp < NOBODY / 2.0 {
                bound = Some(lp);
            }
        }
        if super::search_log() {
            eprintln!(
                "columns round {rounds}: LP {lp:.2}, {added} rows added by the {how}, pool {} ({:.2}s)",
                master.pool_size(),
                began.elapsed().as_secs_f64()
            );
        }
        if added == 0 {
            break;
        }
    }
    Root { bound, given_up: false, hurried, replanning, lagrangian }
}

/// When a round of the labels that starts now must end to count as quick: within a
/// `ROUNDS_IN_THE_DIVES`th of the time left until `lp_until` (Curtois's 12: 0.12–0.3 s
/// against 0.5 s; 13, with 120 people, has not ended one in 10 s).
fn quick_round_by(lp_until: Instant) -> Instant {
    let now = Instant::now();
    now + lp_until.saturating_duration_since(now).div_f64(ROUNDS_IN_THE_DIVES)
}

/// What changed in the master's LP since it was last solved (see `Master::simplex`).
#[derive(Clone, Copy)]
enum LpChange {
    RowsJoined,
    RowsFixed,
}

/// What `price_and_dive` found.
pub struct Dived {
    /// The best rota of the dives, if one gave everybody a row.
    pub rota: Option<Rota>,
    /// A floor under the objective of every rota (without the constant): the LP of the
    /// pool when the exact pricing proved that no row lowers it, or else the best of
    /// the labels' Lagrangian bounds (`Master::lagrangian`), if they priced everybody.
    pub bound: Option<f64>,
    /// The rota is the LP's rows rounded, not a dive's: a start for the search even when
    /// it costs more than the rota in hand (its shortfalls and surpluses are mended by
    /// the search in a few dozen parts; each person's row is the LP's).
    pub rounded: bool,
}

/// A round of the labels is quick enough to price the dives when this many of them
/// fit in the dives' time (Curtois's 8: its last round 0.32–0.34 s, dives of 7.7–10 s;
/// 14: 3.1 s and 7.1 s; 15: no round ends in its time).
const ROUNDS_IN_THE_DIVES: f64 = 20.0;

/// The choice dive's share of the time the dives have (Curtois's 8: its LP climbs by
/// 3% where the row dives' climbs by 20%; on 5 and 7 the row dives do better).
const CHOICE_DIVE_SHARE: f64 = 0.6;

/// A row's share in the LP at or above which the dive takes it for its person.
const ALL_BUT_CHOSEN: f64 = 0.9;

/// Rounds of pricing after each step of the dive.
const DIVE_ROUNDS: usize = 5;

/// One row per person by diving: the rows the LP all but chose (and, when they are
/// fewer than the time left allows for, the rows it leans to most) are fixed, the LP
/// is priced again for the others — the re-planning's pricing, then the labels — and
/// so on until everybody has a row. When `deadline` comes first, the others take the
/// row the last LP leaned to most. None when somebody has no row.
fn dive(
    master: &mut Master,
    pricer: &mut RowPricer,
    mut exact: Option<&mut ExactPricer>,
    ceiling: f64,
    deadline: Instant,
) -> Option<(Vec<Vec<Cell>>, f64)> {
    let n = master.persons;
    let mut fixed: Vec<Option<usize>> = vec![None; n];
    let began = Instant::now();
    let mut step_began = began;
    let (mut careful, mut backtracks) = (false, 0);
    let mut barred = Vec::new();
    let mut solved = master.solve_lp(deadline).is_some();
    while solved && fixed.iter().any(Option::is_none) && Instant::now() < deadline {
        // Few enough people left for HiGHS to plan them exactly: it does, below.
        if exact.as_deref().is_some_and(|e| e.free_columns(&fixed) <= e.complete_columns()) {
            break;
        }
        // As many steps as the time left holds at the pace of the last one: each step
        // fixes at least its share of the people still free.
        let step = step_began.elapsed().as_secs_f64().max(1e-3);
        step_began = Instant::now();
        let steps_left = (deadline.saturating_duration_since(step_began).as_secs_f64() / step).floor().max(1.0);
        let free = fixed.iter().filter(|f| f.is_none()).count();
        let at_least = (free as f64 / steps_left).ceil() as usize;
        let leaning = master.leaning(&fixed);
        let mut most: Vec<(usize, usize, f64)> =
            leaning.iter().enumerate().filter_map(|(i, most)| most.map(|(c, share)| (i, c, share))).collect();
        most.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        if most.is_empty() {
            break;
        }
        // at_least is 1 or more: somebody is still free.
        let chosen = if careful { 1 } else { most.iter().take_while(|m| m.2 >= ALL_BUT_CHOSEN).count().max(at_least) };
        let fixing: Vec<(usize, usize)> = most.iter().take(chosen).map(|&(i, c, _)| (i, c)).collect();
        for &(i, c) in &fixing {
            master.fix(c);
            fixed[i] = Some(c);
        }
        solved = false;
        for _ in 0..DIVE_ROUNDS {
            let Some(duals) = master.solve_lp(deadline) else { break };
            solved = true;
            let mut added = price_round(master, pricer, &duals, deadline).unwrap_or(0);
            if added == 0 {
                // The re-planning's pricing misses rows: the labels, for those still free.
                // At most a quarter of the time left, so that one slow round (long
                // horizons keep many labels) cannot eat the dive.
                let left = deadline.saturating_duration_since(Instant::now());
                let until = Instant::now() + left / 4;
                if let Some(exact) = exact.as_deref_mut() {
                    added = exact.price_round(master, pricer, &duals, Some(&fixed), until).map_or(0, |(a, _)| a);
                }
            }
            if added == 0 {
                break;
            }
            solved = master.solve_lp(deadline).is_some();
        }
        // The LP with these rows fixed is a floor under every rota that has them (as
        // far as the pricing is exact): at or above the ceiling, none of those rotas
        // beats the one we have. The step is taken back: a single row is barred from
        // the rest of the dive, several are tried one at a time.
        if solved && master.lp_objective() >= ceiling - 1e-6 {
            for &(i, c) in &fixing {
                master.unfix(c);
                fixed[i] = None;
            }
            if let [(_, c)] = fixing[..] {
                master.bar(c);
                barred.push(c);
            }
            careful = true;
            backtracks += 1;
            solved = master.solve_lp(deadline).is_some();
            // So close to the ceiling that row after row is turned back: the people
            // left go to HiGHS as they are, if few enough, or the dive ends.
            if backtracks >= (n / 4).max(5) {
                break;
            }
            continue;
        }
        careful = false;
        if super::search_log() {
            eprintln!(
                "dive: LP {:.2}, {} of {n} fixed, {backtracks} taken back ({:.2}s)",
                master.lp_objective(),
                fixed.iter().filter(|f| f.is_some()).count(),
                began.elapsed().as_secs_f64()
            );
        }
    }
    if super::search_log() {
        eprintln!(
            "dive ends: {} of {n} fixed, {backtracks} taken back, LP solved {solved}, {:.2}s, {:.2}s left",
            fixed.iter().filter(|f| f.is_some()).count(),
            began.elapsed().as_secs_f64(),
            deadline.saturating_duration_since(Instant::now()).as_secs_f64()
        );
    }
    // With everybody fixed the LP is the rota's cost; rounded at the deadline, unknown.
    let all: Option<Vec<usize>> = fixed.iter().copied().collect();
    let mut objective = all.and_then(|all| master.cost_of(&all)).unwrap_or(f64::INFINITY);
    let rounded: Vec<Option<usize>> = if fixed.iter().any(Option::is_none) {
        let leaning = master.leaning(&fixed);
        fixed.iter().zip(leaning).map(|(f, most)| f.or(most.map(|(c, _)| c))).collect()
    } else {
        fixed.clone()
    };
    // The master is left as the dive found it, for the next one.
    for &c in fixed.iter().flatten().chain(&barred) {
        master.unfix(c);
    }
    let mut rows = rounded.into_iter().map(|c| master.row_of(c?)).collect::<Option<Vec<_>>>()?;
    // The people still free, planned exactly around the others; their new rows join
    // the pool for the dives to come.
    let few_free = |e: &ExactPricer| e.free_columns(&fixed) <= 2 * e.complete_columns();
    if let Some(exact) = exact.filter(|e| fixed.iter().any(Option::is_none) && solved && few_free(e)) {
        let until = Instant::now() + deadline.saturating_duration_since(Instant::now()) / 2;
        if let Some((completed, cost)) = exact.complete(&rows, &fixed, until) {
            for (i, row) in completed.iter().enumerate() {
                if fixed[i].is_none() {
                    let own = pricer.own_cost(i, row);
                    master.add_row(i, row.clone(), own);
                }
            }
            if super::search_log() {
                eprintln!(
                    "dive: {} people completed by HiGHS: rota {cost:.1} ({:.2}s)",
                    fixed.iter().filter(|f| f.is_none()).count(),
                    began.elapsed().as_secs_f64()
                );
            }
            rows = completed;
            objective = cost;
        }
    }
    Some((rows, objective))
}

/// Decisions (columns of the whole program) of the people a dive leaves free for
/// HiGHS to plan exactly around the others.
const COMPLETE_COLUMNS: usize = 1000;

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

/// The grouping's whole program, as the pricing reads it: each person's own rows.
pub struct Program<'a> {
    pub m: &'a GroupingModel<'a>,
    pub whole: &'a Whole,
    pub layout: &'a Layout,
    pub index: &'a HashMap<Variable, usize>,
    /// A solution of the whole program (the rows not priced are read from it).
    pub values: &'a [f64],
}

/// Exact pricing: each person's cheapest rows by the labels of the re-planning's
/// program, cut off at their "exactly one row" dual; where the labels give up, the
/// person's own program (their columns, the rows that involve nobody else) in HiGHS,
/// costed at their wishes less the worth of the places (about 25 ms a person on
/// Curtois's 6, the labels a few).
struct ExactPricer<'a> {
    program: &'a Program<'a>,
    places: &'a [Vec<usize>],
    /// Per person (in the pricer's order): their own program, once built.
    own: Vec<Option<OwnProgram>>,
    /// Per person, once their program is built: (column of their own program, day,
    /// place on that day) of each place they may fill.
    fills: Vec<Option<Vec<(usize, usize, usize)>>>,
    /// Per person: their index in the scenario and in the grouping model.
    persons: Vec<usize>,
    model_person: Vec<usize>,
    /// A rota to try rows in.
    scratch: Rota,
    /// How long the last round that priced everybody took.
    last_round: Option<Duration>,
    /// In the last round, when the labels priced everybody (nobody fixed): the sum over
    /// people of their cheapest row's cost less the worth of its places — a floor under
    /// it where the labels found nothing below the person's dual.
    least: Option<f64>,
}

impl<'a> ExactPricer<'a> {
    fn new(program: &'a Program<'a>, persons: &[usize], places: &'a [Vec<usize>], start: &Rota) -> Self {
        let model_person =
            persons.iter().map(|&p| program.m.persons.iter().position(|&q| q == p).unwrap_or(usize::MAX)).collect();
        let own = persons.iter().map(|_| None).collect();
        let fills = persons.iter().map(|_| None).collect();
        ExactPricer {
            program,
            places,
            own,
            fills,
            persons: persons.to_vec(),
            model_person,
            scratch: start.clone(),
            last_round: None,
            least: None,
        }
    }

    /// Person i's own program, built the first time it is asked for (most people are
    /// priced by the labels alone).
    fn own_program(&mut self, i: usize) -> Option<&mut OwnProgram> {
        if self.own[i].is_none() {
            let (m, index, pi) = (self.program.m, self.program.index, self.model_person[i]);
            if pi == usize::MAX {
                return None;
            }
            let decisions: Vec<usize> = self.program.layout.person_columns(pi).collect();
            let mine = OwnProgram::new(self.program.whole, &decisions, self.program.layout.own_rows(pi))?;
            let sub: HashMap<usize, usize> = mine.columns.iter().enumerate().map(|(k, &c)| (c, k)).collect();
            let mut cells = Vec::new();
            for (d, today) in m.fill[pi].iter().enumerate() {
                for f in today {
                    let at = index.get(&f.var).and_then(|c| sub.get(c));
                    let place = self.places.get(d).and_then(|ps| ps.iter().position(|&r| r == f.requirement));
                    if let (Some(&k), Some(place)) = (at, place) {
                        cells.push((k, d, place));
                    }
                }
            }
            self.own[i] = Some(mine);
            self.fills[i] = Some(cells);
        }
        self.own[i].as_mut()
    }

    /// One round at the LP's `duals`: each person's cheapest row at the worth of the
    /// places joins the pool when it prices below their "exactly one row" dual — by the
    /// labels, or, when they give up or miss a rule, by the person's own program. How
    /// many did, and whether the labels proved for everybody that no row is cheaper
    /// (then the LP is the master's own: a bound); None when `until` came first.
    fn price_round(
        &mut self,
        master: &mut Master,
        pricer: &mut RowPricer,
        duals: &[f64],
        fixed: Option<&[Option<usize>]>,
        until: Instant,
    ) -> Option<(usize, bool)> {
        let began = Instant::now();
        let worth = master.worth(duals);
        pricer.set_worth(worth.clone());
        // The labels of each person are their own: they run side by side (on the
        // cores rayon has), and are taken in the people's order below.
        let free = |i: usize| !fixed.is_some_and(|f| f[i].is_some());
        let cheapest: Vec<Option<Cheapest>> = duals[..master.persons.min(duals.len())]
            .par_iter()
            .enumerate()
            .map(|(i, &convexity)| {
                let priced = free(i) && Instant::now() < until;
                priced.then(|| pricer.cheapest_row(i, convexity - 1e-6, MAX_LABELS, Some(until)))
            })
            .collect();
        let mut added = 0;
        let mut proven = true;
        self.least = fixed.is_none().then_some(0.0);
        for (i, (&convexity, cheapest)) in duals.iter().zip(cheapest).enumerate() {
            if !free(i) {
                continue;
            }
            // Somebody was not priced: the time had come.
            let cheapest = cheapest?;
            // Labels that miss a rule price more rows, not fewer: their cheapest is still
            // a floor under the person's.
            let least = match &cheapest {
                Cheapest::Rows(rows) => rows.first().map(|(_, cost)| *cost),
                Cheapest::Nothing => Some(convexity - 1e-6),
                Cheapest::Unknown | Cheapest::OutOfTime => None,
            };
            self.least = self.least.zip(least).map(|(sum, least)| sum + least);
            let p = pricer.persons()[i];
            let barred = pricer.has_barred(i);
            match cheapest {
                Cheapest::Nothing => continue,
                Cheapest::Rows(rows) => {
                    // Every row that keeps the rules joins; only the cheapest's failing
                    // sends the person to their own program.
                    let mut cheapest_legal = true;
                    for (k, (row, cost)) in rows.into_iter().enumerate() {
                        self.scratch.cells[p] = row.clone();
                        if !person_is_legal(master.s, &self.scratch, p) {
                            cheapest_legal &= k > 0;
                            continue;
                        }
                        let own_cost = cost + master.worth_of(&row, &worth);
                        if master.add_row(i, row, own_cost) {
                            added += 1;
                        }
                    }
                    if cheapest_legal {
                        continue;
                    }
                }
                Cheapest::Unknown => {}
                // Not priced to the end: the time had come.
                Cheapest::OutOfTime => return None,
            }
            proven = false;
            // The person's own program does not know a branch's barred choices.
            if barred {
                continue;
            }
            if self.own_row(master, pricer, &worth, i, convexity, until)? {
                added += 1;
            }
        }
        self.last_round = Some(began.elapsed());
        Some((added, proven))
    }

    /// Person i's own program built (None when HiGHS would not take it), and its costs
    /// at `worth`: the whole program's costs of their columns less the worth of the
    /// places they fill.
    fn own_costs(&mut self, i: usize, worth: &[Vec<f64>]) -> Option<Vec<f64>> {
        let whole = self.program.whole;
        let own = self.own_program(i)?;
        let mut cost: Vec<f64> = own.columns.iter().map(|&c| whole.cost[c]).collect();
        for &(k, d, place) in self.fills[i].iter().flatten() {
            cost[k] -= worth[d][place];
        }
        Some(cost)
    }

    /// Person i's cheapest row by their own program in HiGHS, into the pool when it
    /// prices below `convexity`. Whether it did; None when `until` came first.
    fn own_row(
        &mut self,
        master: &mut Master,
        pricer: &mut RowPricer,
        worth: &[Vec<f64>],
        i: usize,
        convexity: f64,
        until: Instant,
    ) -> Option<bool> {
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        if seconds <= 0.0 {
            return None;
        }
        let Some(cost) = self.own_costs(i, worth) else { return Some(false) };
        let Some(own) = self.own[i].as_mut() else { return Some(false) };
        let Some(x) = own.cheaper_than(&cost, convexity - 1e-6, seconds) else { return Some(false) };
        let mut values = self.program.values.to_vec();
        for (k, &c) in own.columns.iter().enumerate() {
            values[c] = x[k].round();
        }
        let index = self.program.index;
        let rows = self.program.m.extract(|v| index.get(&v).map_or(0.0, |&c| values[c]));
        let Some((p, row)) = rows.into_iter().nth(self.model_person[i]) else { return Some(false) };
        let own_cost = pricer.own_cost(i, &row);
        let priced = own_cost - master.worth_of(&row, worth);
        self.scratch.cells[p] = row.clone();
        Some(
            priced - convexity < -1e-6
                && person_is_legal(master.s, &self.scratch, p)
                && master.add_row(i, row, own_cost),
        )
    }

    /// Columns of the whole program that the people not in `fixed` decide.
    fn free_columns(&self, fixed: &[Option<usize>]) -> usize {
        let layout = self.program.layout;
        fixed
            .iter()
            .zip(&self.model_person)
            .filter(|(f, _)| f.is_none())
            .map(|(_, &pi)| layout.size_of_person(pi))
            .sum()
    }

    /// How many decisions the people left to HiGHS at the end of a dive may have: a
    /// sixth of all, and no more than it plans exactly in a second or two.
    fn complete_columns(&self) -> usize {
        (self.program.layout.decisions() / 6).min(COMPLETE_COLUMNS)
    }

    /// The people not in `fixed` planned anew by HiGHS in the whole program around the
    /// others' rows in `rows`, from their own rows there: everybody's row and the rota's
    /// objective, None when the rows cannot be settled or HiGHS found nothing by `until`.
    fn complete(
        &mut self,
        rows: &[Vec<Cell>],
        fixed: &[Option<usize>],
        until: Instant,
    ) -> Option<(Vec<Vec<Cell>>, f64)> {
        let program = self.program;
        for (&p, row) in self.persons.iter().zip(rows) {
            self.scratch.cells[p] = row.clone();
        }
        let values = start_values(program.m, &self.scratch);
        let free: Vec<usize> =
            fixed.iter().zip(&self.model_person).filter(|(f, _)| f.is_none()).map(|(_, &pi)| pi).collect();
        let done = lns::complete(program.whole, program.layout, values, &free, until)?;
        let index = program.index;
        let planned = program.m.extract(|v| index.get(&v).map_or(0.0, |&c| done.values[c]));
        let rows =
            self.model_person.iter().map(|&pi| planned.get(pi).map(|(_, row)| row.clone())).collect::<Option<_>>()?;
        Some((rows, done.objective))
    }
}

/// Labels a person's exact program may hold on one day before it gives up (and the
/// person's own program in HiGHS prices instead).
const MAX_LABELS: usize = 200_000;

/// The master program in HiGHS: one "exactly one row" row per person, then one row
/// for each place and day: its people, plus its shortfall, less its surplus (a column
/// only when over is allowed), make its count. One row a place rather than an "at
/// least" and an "at most" row halves the rows and entries each simplex iteration
/// reads.
struct Master<'a> {
    h: *mut std::os::raw::c_void,
    s: &'a Scenario,
    places: &'a [Vec<usize>],
    persons: usize,
    /// Row index of place `places[d][k]`'s row.
    place_rows: Vec<Vec<HighsInt>>,
    columns: Vec<Column>,
    /// The cost of each column.
    costs: Vec<f64>,
    pool: Vec<Vec<Vec<Cell>>>,
    /// The column of each row in the pool, by person and the place it fills each day.
    seen: HashMap<(usize, Vec<Option<usize>>), usize>,
    /// Row columns the dive has barred.
    barred: HashSet<usize>,
    /// The values of all columns in the last LP solved to its end: what the LP leans
    /// to, even when a later solve ran out of time (HiGHS's own values are then those
    /// of an unfinished simplex; Curtois's 12 once rounded them to the start it had).
    solved: Vec<f64>,
}

impl<'a> Master<'a> {
    fn new(s: &'a Scenario, places: &'a [Vec<usize>], persons: usize) -> Self {
        // Destroyed in `drop`.
        let h = quiet_highs();
        let mut master = Master {
            h,
            s,
            places,
            persons,
            place_rows: Vec::new(),
            columns: Vec::new(),
            costs: Vec::new(),
            pool: vec![Vec::new(); persons],
            seen: HashMap::new(),
            barred: HashSet::new(),
            solved: Vec::new(),
        };
        for _ in 0..persons {
            master.add_empty_row(1.0, 1.0);
        }
        // One row a place: the people in it, plus its shortfall, less its surplus, make
        // its count. A shortfall is at most the count; without an over weight there is
        // no surplus column, and the place holds no more than its count.
        for today in places {
            let mut rows = Vec::new();
            for &r in today {
                let req = &s.requirements[r];
                let count = f64::from(req.count);
                let row = master.add_empty_row(count, count);
                if req.count > 0 {
                    master.add_column(Column::Short, req.under_weight, count, &[row], &[1.0]);
                }
                if let Some(w) = req.over_weight {
                    master.add_column(Column::Over, w, f64::INFINITY, &[row], &[-1.0]);
                }
                rows.push(row);
            }
            master.place_rows.push(rows);
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
        self.costs.push(cost);
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
            rows.push(self.place_rows[d][k]);
        }
        rows
    }

    /// Adds person `i`'s `row` to the pool, unless it is there already.
    fn add_row(&mut self, i: usize, row: Vec<Cell>, cost: f64) -> bool {
        let key = (i, Self::places_of(&row));
        if self.seen.contains_key(&key) {
            return false;
        }
        let rows = self.entries(i, &row);
        let values = vec![1.0; rows.len()];
        let c = self.add_column(Column::Row { person: i, row: self.pool[i].len() }, cost, 1.0, &rows, &values);
        self.seen.insert(key, c);
        self.pool[i].push(row);
        true
    }

    /// What tells two rows apart in the master: the place each fills each day.
    fn places_of(row: &[Cell]) -> Vec<Option<usize>> {
        row.iter().map(|c| c.requirement).collect()
    }

    /// Does a rota costing `objective` reach the LP's `floor` (when proven): nothing
    /// cheaper exists? With whole costs, the floor rounded up is reached.
    fn at_floor(&self, floor: Option<f64>, objective: f64) -> bool {
        let lowest = |lp: f64| if self.integral_costs() { (lp - 1e-6).ceil() } else { lp };
        floor.is_some_and(|lp| objective <= lowest(lp) + 1e-6)
    }

    /// Is every column's cost a whole number (then so is every rota's)?
    fn integral_costs(&self) -> bool {
        self.costs.iter().all(|c| (c - c.round()).abs() < 1e-9)
    }

    fn pool_size(&self) -> usize {
        self.pool.iter().map(Vec::len).sum()
    }

    /// Which simplex re-solves the LP. Rows joining the pool keep the last basis
    /// primal feasible: the primal simplex goes on from it (Curtois's 12: forty rounds
    /// of its root in 3.1 s instead of 6.1 s). Fixing a row in a dive keeps it dual
    /// feasible instead: the dual simplex, HiGHS's default, goes on from there.
    fn simplex(&mut self, after: LpChange) {
        // HiGHS's simplex_strategy: 1 dual, 4 primal.
        let strategy = match after {
            LpChange::RowsJoined => 4,
            LpChange::RowsFixed => 1,
        };
        // SAFETY: live instance; the option name is NUL-terminated.
        unsafe { set_int(self.h, c"simplex_strategy", strategy) };
    }

    /// Solves the LP over the pool by `until`; the duals of all rows, or None when
    /// HiGHS failed or ran out of time.
    fn solve_lp(&mut self, until: Instant) -> Option<Vec<f64>> {
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        // SAFETY: live instance; option names are NUL-terminated.
        unsafe {
            set_double(self.h, c"time_limit", seconds.max(0.01));
            // HiGHS's time limit counts from its clocks' zero, not from this run.
            highs_sys::Highs_zeroAllClocks(self.h);
            highs_sys::Highs_run(self.h);
            if highs_sys::Highs_getModelStatus(self.h) != highs_sys::kHighsModelStatusOptimal {
                if super::search_log() {
                    eprintln!("master LP not solved: HiGHS model status {}", highs_sys::Highs_getModelStatus(self.h));
                }
                return None;
            }
        }
        let (x, duals) = self.highs_solution();
        self.solved = x;
        Some(duals)
    }

    /// The values of all columns in the last LP solved to its end (`solved`), the
    /// columns added since at zero.
    fn lp_values(&self) -> Vec<f64> {
        let mut x = self.solved.clone();
        x.resize(self.columns.len(), 0.0);
        x
    }

    /// HiGHS's last solution (of the LP, or of the MIP after `solve_mip`): the values of
    /// all columns and the duals of all rows.
    fn highs_solution(&self) -> (Vec<f64>, Vec<f64>) {
        // SAFETY: live instance; the arrays are sized to its columns and rows.
        unsafe {
            let (n, m) = (highs_sys::Highs_getNumCol(self.h) as usize, highs_sys::Highs_getNumRow(self.h) as usize);
            let (mut x, mut dx, mut y, mut dy) = (vec![0.0; n], vec![0.0; n], vec![0.0; m], vec![0.0; m]);
            highs_sys::Highs_getSolution(self.h, x.as_mut_ptr(), dx.as_mut_ptr(), y.as_mut_ptr(), dy.as_mut_ptr());
            (x, dy)
        }
    }

    /// Column `c` at one from now on.
    fn fix(&mut self, c: usize) {
        self.bounds(c, 1.0, 1.0);
    }

    fn unfix(&mut self, c: usize) {
        self.barred.remove(&c);
        self.bounds(c, 0.0, 1.0);
    }

    /// Row column c may not be chosen (until `unfix`).
    fn bar(&mut self, c: usize) {
        self.barred.insert(c);
        self.bounds(c, 0.0, 0.0);
    }

    fn bounds(&mut self, c: usize, lower: f64, upper: f64) {
        // SAFETY: live instance; `c` is one of its columns.
        unsafe { highs_sys::Highs_changeColBounds(self.h, c as HighsInt, lower, upper) };
    }

    /// The objective of the LP last solved, from its values (see `cost_of` for why not
    /// HiGHS's own figure).
    fn lp_objective(&self) -> f64 {
        self.lp_values().iter().zip(&self.costs).map(|(x, c)| x * c).sum()
    }

    /// What one more person in each place is worth at the duals: its row's dual.
    fn worth(&self, duals: &[f64]) -> Vec<Vec<f64>> {
        self.place_rows.iter().map(|rows| rows.iter().map(|&row| duals[row as usize]).collect()).collect()
    }

    /// What the places `row` fills are worth.
    fn worth_of(&self, row: &[Cell], worth: &[Vec<f64>]) -> f64 {
        row.iter().enumerate().filter_map(|(d, cell)| self.place(d, cell).map(|k| worth[d][k])).sum()
    }

    /// What the rota of row columns `chosen` (one per person) costs in the master: its
    /// rows' costs and each place's shortfall and surplus, computed here rather than
    /// read from HiGHS (which has been seen to report an objective of 0 for an LP with
    /// every row fixed, solved at its deadline). None when a place is filled beyond its
    /// count and no surplus is allowed.
    fn cost_of(&self, chosen: &[usize]) -> Option<f64> {
        let mut cost: f64 = chosen.iter().map(|&c| self.costs[c]).sum();
        let mut fill: Vec<Vec<u32>> = self.places.iter().map(|today| vec![0; today.len()]).collect();
        for row in chosen.iter().map(|&c| self.row_of(c)) {
            for (d, cell) in row?.iter().enumerate() {
                if let Some(k) = self.place(d, cell) {
                    fill[d][k] += 1;
                }
            }
        }
        for (d, today) in self.places.iter().enumerate() {
            for (k, &r) in today.iter().enumerate() {
                let req = &self.s.requirements[r];
                let have = fill[d][k];
                cost += f64::from(req.count.saturating_sub(have)) * req.under_weight;
                if have > req.count {
                    cost += f64::from(have - req.count) * req.over_weight?;
                }
            }
        }
        Some(cost)
    }

    /// The rota of row columns `chosen` (one per person) after best replies: each person
    /// in turn takes the row of their pool (none barred) that costs the rota least with
    /// everybody else's rows as they are, until a round of everybody changes nothing.
    /// Each change lowers the rota's cost, so the rounds end; a place filled beyond its
    /// count without a surplus column counts as a shortfall a hundred times over, so
    /// that the rows leave it.
    fn swapped(&self, mut chosen: Vec<usize>) -> Vec<usize> {
        let fills = |c: usize| -> Fills {
            let row = self.row_of(c).unwrap_or_default();
            row.iter().enumerate().filter_map(|(d, cell)| Some((d, self.place(d, cell)?))).collect()
        };
        // Each person's rows: (column, places it fills).
        let mut rows_of: Vec<Vec<(usize, Fills)>> = vec![Vec::new(); self.persons];
        for (c, what) in self.columns.iter().enumerate() {
            if let Column::Row { person, .. } = *what {
                if !self.barred.contains(&c) {
                    rows_of[person].push((c, fills(c)));
                }
            }
        }
        // The places each person's chosen row fills, and how many people fill each place.
        let mut current: Vec<Fills> = chosen.iter().map(|&c| fills(c)).collect();
        let mut fill: Vec<Vec<u32>> = self.places.iter().map(|today| vec![0; today.len()]).collect();
        for &(d, k) in current.iter().flatten() {
            fill[d][k] += 1;
        }
        // What the place costs with `have` people in it.
        let place_cost = |d: usize, k: usize, have: u32| -> f64 {
            let req = &self.s.requirements[self.places[d][k]];
            let short = f64::from(req.count.saturating_sub(have)) * req.under_weight;
            let over = f64::from(have.saturating_sub(req.count));
            short + over * req.over_weight.unwrap_or(100.0 * req.under_weight.max(1.0))
        };
        let mut changed = true;
        while changed {
            changed = false;
            for (i, rows) in rows_of.iter().enumerate() {
                for &(d, k) in &current[i] {
                    fill[d][k] -= 1;
                }
                // What row column c adds to the rota beside everybody else's rows.
                let adds = |c: usize, places: &[(usize, usize)]| -> f64 {
                    let to_places: f64 = places
                        .iter()
                        .map(|&(d, k)| place_cost(d, k, fill[d][k] + 1) - place_cost(d, k, fill[d][k]))
                        .sum();
                    self.costs[c] + to_places
                };
                let now = adds(chosen[i], &current[i]);
                let best =
                    rows.iter().map(|(c, places)| (*c, places, adds(*c, places))).min_by(|a, b| a.2.total_cmp(&b.2));
                if let Some((c, places, cost)) = best {
                    if cost < now - 1e-9 {
                        chosen[i] = c;
                        current[i] = places.clone();
                        changed = true;
                    }
                }
                for &(d, k) in &current[i] {
                    fill[d][k] += 1;
                }
            }
        }
        chosen
    }

    /// Each person's row with the largest share in the LP last solved, for those not
    /// `fixed`: (column, share).
    fn leaning(&self, fixed: &[Option<usize>]) -> Vec<Option<(usize, f64)>> {
        let x = self.lp_values();
        let mut most: Vec<Option<(usize, f64)>> = vec![None; self.persons];
        for (c, what) in self.columns.iter().enumerate() {
            if let Column::Row { person, .. } = *what {
                let free = fixed[person].is_none() && !self.barred.contains(&c);
                if free && most[person].map_or(true, |(_, share)| x[c] > share) {
                    most[person] = Some((c, x[c]));
                }
            }
        }
        most
    }

    /// The Lagrangian bound at the places' `duals`, given `least`, the sum over people of
    /// the cheapest cost of a row of theirs less the worth of its places (or a floor
    /// under it): with the places' rows lifted into the objective at their duals, each
    /// person picks their cheapest row, each place its cheapest shortfall and surplus,
    /// and no rota costs less than that. It holds at any duals, the LP at its end or
    /// not; at the LP's end it is the LP. Rounded up when every cost is whole. None when
    /// a surplus is worth more than it costs (the bound is then minus infinity).
    fn lagrangian(&self, duals: &[f64], least: f64) -> Option<f64> {
        let mut floor = least;
        for (d, today) in self.places.iter().enumerate() {
            for (k, &r) in today.iter().enumerate() {
                let req = &self.s.requirements[r];
                let (worth, count) = (duals[self.place_rows[d][k] as usize], f64::from(req.count));
                // The place's count at its worth, less each shortfall's saving where a
                // person is worth more than a shortfall costs.
                floor += worth * count + count * (req.under_weight - worth).min(0.0);
                if req.over_weight.is_some_and(|w| w + worth < -1e-9) {
                    return None;
                }
            }
        }
        Some(if self.integral_costs() { (floor - 1e-6).ceil() } else { floor })
    }

    /// The columns of `rows` (one per person), if the pool has them all.
    fn columns_of(&self, rows: &[Vec<Cell>]) -> Option<Vec<usize>> {
        rows.iter().enumerate().map(|(i, row)| self.seen.get(&(i, Self::places_of(row))).copied()).collect()
    }

    /// The master with whole rows by `until`, from the rows `start` (one column per
    /// person): its rows and objective, None when HiGHS found no solution. The master
    /// is an LP again afterwards.
    fn solve_mip(&mut self, start: Option<&[usize]>, until: Instant) -> Option<(Vec<Vec<Cell>>, f64)> {
        let rows: Vec<HighsInt> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, what)| matches!(what, Column::Row { .. }))
            .map(|(c, _)| c as HighsInt)
            .collect();
        let seconds = until.saturating_duration_since(Instant::now()).as_secs_f64();
        self.integrality(&rows, highs_sys::kHighsVarTypeInteger);
        // SAFETY: live instance; the start's arrays have one entry per column named.
        let x = unsafe {
            set_double(self.h, c"time_limit", seconds.max(0.01));
            set_double(self.h, c"mip_rel_gap", 0.0);
            if let Some(start) = start {
                let idx: Vec<HighsInt> = start.iter().map(|&c| c as HighsInt).collect();
                let ones = vec![1.0; idx.len()];
                highs_sys::Highs_setSparseSolution(self.h, idx.len() as HighsInt, idx.as_ptr(), ones.as_ptr());
            }
            highs_sys::Highs_zeroAllClocks(self.h);
            highs_sys::Highs_run(self.h);
            let mut primal: HighsInt = 0;
            highs_sys::Highs_getIntInfoValue(self.h, c"primal_solution_status".as_ptr(), &mut primal);
            (primal == highs_sys::kHighsSolutionStatusFeasible).then(|| self.highs_solution().0)
        };
        self.integrality(&rows, highs_sys::kHighsVarTypeContinuous);
        let x = x?;
        let mut chosen: Vec<Option<usize>> = vec![None; self.persons];
        for (c, what) in self.columns.iter().enumerate() {
            if let Column::Row { person, .. } = *what {
                if x[c] > 0.5 {
                    chosen[person] = Some(c);
                }
            }
        }
        let chosen: Vec<usize> = chosen.into_iter().collect::<Option<_>>()?;
        let objective = self.cost_of(&chosen)?;
        let rows = chosen.into_iter().map(|c| self.row_of(c)).collect::<Option<Vec<_>>>()?;
        Some((rows, objective))
    }

    /// Columns `cols` made integer or continuous (`kind`, a HiGHS variable type).
    fn integrality(&mut self, cols: &[HighsInt], kind: HighsInt) {
        let kinds = vec![kind; cols.len()];
        // SAFETY: live instance; `cols` are its columns, `kinds` as long.
        unsafe {
            highs_sys::Highs_changeColsIntegralityBySet(self.h, cols.len() as HighsInt, cols.as_ptr(), kinds.as_ptr());
        }
    }

    /// The row column `c` stands for; None when it stands for no row.
    fn row_of(&self, c: usize) -> Option<Vec<Cell>> {
        match self.columns.get(c)? {
            Column::Row { person, row } => Some(self.pool[*person][*row].clone()),
            _ => None,
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

    use super::{
        price_and_dive, price_round, rounded_lp, seed, Column, ExactPricer, Layout, Master, Program, Rota, Scenario,
        Whole,
    };
    use crate::heuristic::{self, person_is_legal, Cheapest, RowPricer, PLANS};
    use crate::model::{start_values, GroupingModel};
    use crate::solve::Loaded;

    /// Curtois's Instance3 (one grouping), its whole program as the pricing reads it
    /// and the start heuristic's rota, handed to `check`.
    pub(super) fn with_instance3_program(check: impl FnOnce(&Scenario, &Program, &Rota)) {
        let s = crate::solve::lns::tests::instance3();
        let m = GroupingModel::build(&s, 0);
        let loaded = Loaded::new(&m, 0.0).expect("model loads");
        let whole = Whole::read(&loaded.engine);
        let layout = Layout::new(&m, &whole, &loaded.index);
        let start = heuristic::start_within(&s, 0, 5.0);
        let values = start_values(&m, &start);
        let program = Program { m: &m, whole: &whole, layout: &layout, index: &loaded.index, values: &values };
        check(&s, &program, &start);
    }

    /// Grouping 0's pricer from `start`, its people and places, and a master seeded with
    /// the start's rows, handed to `check` (the master borrows the places).
    pub(super) fn with_seeded_master(
        s: &Scenario,
        start: &Rota,
        check: impl FnOnce(&mut RowPricer, &[usize], &[Vec<usize>], &mut Master),
    ) {
        let mut pricer = RowPricer::new(s, 0, start);
        let persons = pricer.persons().to_vec();
        let places = pricer.places().to_vec();
        let mut master = Master::new(s, &places, persons.len());
        seed(&mut master, &mut pricer, start);
        check(&mut pricer, &persons, &places, &mut master);
    }

    /// Prices from 0 to 120 (Instance3's shortfall weight is 100), fixed per place,
    /// scrambled from `seed`.
    pub(super) fn some_worth(places: &[Vec<usize>], seed: usize) -> Vec<Vec<f64>> {
        places
            .iter()
            .enumerate()
            .map(|(d, today)| {
                (0..today.len()).map(|k| (heuristic::scramble((d * seed + k) as u64) % 121) as f64).collect()
            })
            .collect()
    }

    /// At any prices, every row the pricing gives keeps its person's rules, and the cost
    /// it reports is the row's own cost less the worth of the places it fills.
    #[test]
    fn a_priced_row_keeps_its_rules_and_costs_its_wishes_less_its_worth() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        let mut pricer = RowPricer::new(&s, 0, &start);
        let places = pricer.places().to_vec();
        let worth = some_worth(&places, 31);
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

    /// A row from a person's own program keeps their rules, and what the program says
    /// it costs is what the pricer says: its wishes less its worth (so the cut-off at
    /// the person's dual is in the right units). Below the re-planning's best row at
    /// the same prices it finds a row, or there is none: checked for every person.
    #[test]
    fn a_row_from_a_persons_own_program_keeps_their_rules_and_costs_what_the_pricer_says() {
        with_instance3_program(|s, program, start| {
            let (m, values) = (program.m, program.values);
            let mut pricer = RowPricer::new(s, 0, start);
            let persons = pricer.persons().to_vec();
            let places = pricer.places().to_vec();
            let worth = some_worth(&places, 17);
            pricer.set_worth(worth.clone());
            let master = Master::new(s, &places, persons.len());
            let mut exact = ExactPricer::new(program, &persons, &places, start);
            let mut found = 0;
            for (i, &p) in persons.iter().enumerate() {
                let dp_best = pricer.best_rows(i).first().map_or(f64::INFINITY, |(_, cost)| *cost);
                let cost = exact.own_costs(i, &worth).expect("HiGHS takes every person's own program");
                let own = exact.own[i].as_mut().expect("HiGHS takes every person's own program");
                // Whole prices and wishes: every cost is whole, the cut-off half a unit below.
                let Some(x) = own.cheaper_than(&cost, dp_best - 0.5, 30.0) else { continue };
                found += 1;
                let said: f64 = x.iter().zip(&cost).map(|(x, c)| x.round() * c).sum();
                let mut all = values.to_vec();
                for (k, &c) in own.columns.iter().enumerate() {
                    all[c] = x[k].round();
                }
                let rows = m.extract(|v| program.index.get(&v).map_or(0.0, |&c| all[c]));
                let (q, row) = rows.into_iter().find(|(q, _)| *q == p).expect("the person's row");
                let priced = pricer.own_cost(i, &row) - master.worth_of(&row, &worth);
                assert!((said - priced).abs() < 1e-6, "person {q}: own program {said} ≠ pricer {priced}");
                assert!(priced < dp_best, "person {q}: {priced} is not below the cut-off {dp_best}");
                let mut rota = start.clone();
                rota.cells[q] = row;
                assert!(person_is_legal(s, &rota, q), "person {q}'s own-program row breaks a rule");
            }
            assert!(found > 0, "no own program found a row below the re-planning's at these prices");
        });
    }

    /// The labels are exact: at any prices, the row they give keeps the person's rules,
    /// costs what they say (wishes less worth), and the person's own program in HiGHS —
    /// the whole program's rows for that person — finds no cheaper one; asked for a row
    /// below that cost, they prove there is none. Checked for every person at three
    /// sets of prices.
    #[test]
    fn the_labels_find_the_cheapest_row_that_the_own_program_finds() {
        with_instance3_program(|s, program, start| {
            let mut pricer = RowPricer::new(s, 0, start);
            let persons = pricer.persons().to_vec();
            let places = pricer.places().to_vec();
            let master = Master::new(s, &places, persons.len());
            let mut exact = ExactPricer::new(program, &persons, &places, start);
            for seed in [5, 17, 29] {
                let worth = some_worth(&places, seed);
                pricer.set_worth(worth.clone());
                for (i, &p) in persons.iter().enumerate() {
                    // Prices the re-planning's program finds rows at, as in column generation.
                    let _ = pricer.best_rows(i);
                    let Cheapest::Rows(rows) = pricer.cheapest_row(i, f64::INFINITY, 1_000_000, None) else {
                        panic!("person {p}: the labels found no row at all")
                    };
                    let (row, cost) = rows[0].clone();
                    let priced = pricer.own_cost(i, &row) - master.worth_of(&row, &worth);
                    assert!((priced - cost).abs() < 1e-6, "person {p}: labels say {cost}, the row costs {priced}");
                    let mut rota = start.clone();
                    rota.cells[p] = row;
                    assert!(person_is_legal(s, &rota, p), "person {p}'s labelled row breaks a rule");
                    assert!(
                        matches!(pricer.cheapest_row(i, cost - 1e-6, 1_000_000, None), Cheapest::Nothing),
                        "person {p}: the labels find a row below their own cheapest"
                    );
                    let costs = exact.own_costs(i, &worth).expect("HiGHS takes every person's own program");
                    let own = exact.own[i].as_mut().expect("built");
                    // Whole prices and wishes: a cheaper row would be at least one below.
                    let cheaper = own.cheaper_than(&costs, cost - 0.5, 30.0);
                    assert!(cheaper.is_none(), "person {p}: the own program has a row below the labels' {cost}");
                }
            }
        });
    }

    /// Beside the cheapest, the labels give the next cheapest rows (up to `PLANS` in
    /// all): cheapest first, each a different row, each keeping the person's rules and
    /// costing what the labels say, all below the cost asked for.
    #[test]
    fn the_labels_give_the_next_cheapest_rows_too() {
        with_instance3_program(|s, _, start| {
            with_seeded_master(s, start, |pricer, persons, places, master| {
                let worth = some_worth(places, 5);
                pricer.set_worth(worth.clone());
                let mut several = 0;
                for (i, &p) in persons.iter().enumerate() {
                    let Cheapest::Rows(rows) = pricer.cheapest_row(i, f64::INFINITY, 1_000_000, None) else {
                        panic!("person {p}: the labels found no row at all")
                    };
                    assert!((1..=PLANS).contains(&rows.len()), "person {p}: {} rows", rows.len());
                    several += usize::from(rows.len() > 1);
                    for (k, (row, cost)) in rows.iter().enumerate() {
                        let priced = pricer.own_cost(i, row) - master.worth_of(row, &worth);
                        assert!(
                            (priced - cost).abs() < 1e-6,
                            "person {p}, row {k}: labels say {cost}, it costs {priced}"
                        );
                        let mut rota = start.clone();
                        rota.cells[p] = row.clone();
                        assert!(person_is_legal(s, &rota, p), "person {p}'s row {k} breaks a rule");
                        if k > 0 {
                            assert!(rows[k - 1].1 <= *cost, "person {p}: row {k} is cheaper than the one before");
                            assert!(rows[..k].iter().all(|(r, _)| r != row), "person {p}: row {k} is given twice");
                        }
                    }
                    // Asked for rows below the second's cost, only those cheaper come.
                    if let Some(&(_, second)) = rows.get(1) {
                        let Cheapest::Rows(below) = pricer.cheapest_row(i, second, 1_000_000, None) else {
                            panic!("person {p}: the cheapest row is below the second's cost")
                        };
                        assert!(below.iter().all(|(_, c)| *c < second), "person {p}: a row at or above {second}");
                    }
                }
                assert!(several > persons.len() / 2, "only {several} people have more than one row");
            });
        });
    }

    /// The labels stop at the time they are given, knowing nothing, and a labels round
    /// whose time is up adds no row and says so (None): a slow round cannot eat the
    /// time of what comes after it.
    #[test]
    fn the_labels_stop_at_their_time() {
        with_instance3_program(|s, program, start| {
            with_seeded_master(s, start, |pricer, persons, places, master| {
                pricer.set_worth(some_worth(places, 5));
                let past = Instant::now();
                for i in 0..persons.len() {
                    let given_time = pricer.cheapest_row(i, f64::INFINITY, 1_000_000, None);
                    assert!(matches!(given_time, Cheapest::Rows(..)), "person {i}: the labels found no row with time");
                    let out_of_time = pricer.cheapest_row(i, f64::INFINITY, 1_000_000, Some(past));
                    assert!(
                        matches!(out_of_time, Cheapest::OutOfTime),
                        "person {i}: the labels went on past their time"
                    );
                }
                let duals = master.solve_lp(Instant::now() + Duration::from_secs(10)).expect("the LP solves");
                let pool = master.pool_size();
                let mut exact = ExactPricer::new(program, persons, places, start);
                assert!(exact.price_round(master, pricer, &duals, None, past).is_none());
                assert_eq!(master.pool_size(), pool, "a round out of time added rows");
            });
        });
    }

    /// The labels' Lagrangian bound holds whatever the duals: on Instance3 (optimum 1001)
    /// it is at most the optimum and at most the LP of its round in every round, and at
    /// the LP's end it is the LP.
    #[test]
    fn the_labels_lagrangian_bound_is_under_the_optimum_in_every_round() {
        with_instance3_program(|s, program, start| {
            with_seeded_master(s, start, |pricer, persons, places, master| {
                let far = Instant::now() + Duration::from_secs(60);
                let constant = program.m.objective_constant;
                let mut exact = ExactPricer::new(program, persons, places, start);
                let mut floors = Vec::new();
                for _ in 0..500 {
                    let duals = master.solve_lp(far).expect("the LP solves");
                    let lp = master.lp_objective();
                    let (added, proven) = exact.price_round(master, pricer, &duals, None, far).expect("in time");
                    let least = exact.least.expect("the labels priced everybody");
                    let floor = master.lagrangian(&duals, least).expect("no surplus is worth more than it costs");
                    assert!(
                        floor <= lp.ceil() + 1e-6,
                        "round {}: the bound {floor} is above the LP {lp}",
                        floors.len()
                    );
                    assert!(floor + constant <= 1001.0 + 1e-6, "the bound {} is above the optimum", floor + constant);
                    floors.push(floor);
                    if added == 0 {
                        assert!(proven, "the labels proved nothing is cheaper");
                        assert!(floor >= lp - 1e-3, "at the LP's end the bound {floor} is below the LP {lp}");
                        return;
                    }
                }
                panic!("the LP did not reach its end in 500 rounds: {floors:?}");
            });
        });
    }

    /// The dive gives every person a row that keeps their rules, with or without
    /// pricing by the people's own programs.
    #[test]
    fn the_dive_gives_everybody_a_row_that_keeps_their_rules() {
        with_instance3_program(|s, program, start| {
            assert!(heuristic::grouping_is_legal(s, start, 0), "the test needs a start that keeps the rules");
            for exact in [None, Some(program)] {
                let now = Instant::now();
                let times = [now + Duration::from_secs(10), now + Duration::from_secs(3), now + Duration::from_secs(6)];
                let rota =
                    price_and_dive(s, 0, start, exact, times).rota.expect("the pool always holds the start's rows");
                assert!(heuristic::grouping_is_legal(s, &rota, 0), "a row from the dive breaks a rule");
            }
        });
    }

    /// The pool as a whole program with whole rows: from the start's rows, HiGHS picks
    /// one row per person; each keeps its person's rules, the master's objective is the
    /// rota's cost in the whole program, and it is no more than the start's.
    #[test]
    fn the_pools_program_picks_rows_that_keep_the_rules_at_no_more_than_the_start() {
        with_instance3_program(|s, program, start| {
            with_seeded_master(s, start, |pricer, persons, _, master| {
                let far = Instant::now() + Duration::from_secs(30);
                for _ in 0..20 {
                    let duals = master.solve_lp(far).expect("the LP solves");
                    price_round(master, pricer, &duals, far);
                }
                let rows: Vec<_> = persons.iter().map(|&p| start.cells[p].clone()).collect();
                let from = master.columns_of(&rows).expect("the start's rows are in the pool");
                // The master's cost of a rota, computed from its rows, is the program's.
                let given = program.whole.objective(&start_values(program.m, start));
                let counted = master.cost_of(&from).expect("the start fills no place beyond what is allowed");
                assert!(
                    (counted - given).abs() < 1e-6,
                    "the master counts {counted} for the start, the program {given}"
                );
                let (picked, objective) = master.solve_mip(Some(&from), far).expect("the pool's program solves");
                let mut rota = start.clone();
                for (&p, row) in persons.iter().zip(picked) {
                    rota.cells[p] = row;
                }
                assert!(heuristic::grouping_is_legal(s, &rota, 0), "a row picked breaks a rule");
                let cost = program.whole.objective(&start_values(program.m, &rota));
                assert!((cost - objective).abs() < 1e-6, "the master says {objective}, the program {cost}");
                assert!(objective <= given + 1e-6, "{objective} above the start's {given}");
                // The master is an LP again.
                assert!(master.solve_lp(far).is_some_and(|_| master.lp_objective() <= objective + 1e-6));
            });
        });
    }

    /// Priced to its end by the labels, the pool's LP is a floor: on Instance3 (proven
    /// optimum 1001) it is at most the optimum, and at most the dives' rota; and the
    /// dives turn back rather than end above the rota they were given.
    #[test]
    fn the_pools_lp_priced_to_its_end_is_below_the_optimum() {
        with_instance3_program(|s, program, start| {
            let now = Instant::now();
            let times = [now + Duration::from_secs(30), now + Duration::from_secs(30), now + Duration::from_secs(40)];
            let dived = price_and_dive(s, 0, start, Some(program), times);
            let constant = program.m.objective_constant;
            let bound = dived.bound.expect("the LP of Instance3 is priced to its end within 30 s");
            assert!(bound + constant <= 1001.0 + 1e-6, "the LP {} is above the optimum 1001", bound + constant);
            let rota = dived.rota.expect("a dive gives everybody a row");
            let values = start_values(program.m, &rota);
            let cost = program.whole.objective(&values);
            assert!(bound <= cost + 1e-6, "the LP {bound} is above the dives' rota {cost}");
            let ceiling = program.whole.objective(program.values);
            assert!(cost <= ceiling + 1e-6, "the dives ended at {cost}, above the rota they were given ({ceiling})");
        });
    }

    /// The labels that take over from the re-planning's pricing at once (`give_up` now)
    /// price the LP to its end as well: a floor on Instance3, at most its optimum 1001.
    #[test]
    fn labels_that_take_over_at_the_give_up_price_the_lp_to_its_end() {
        with_instance3_program(|s, program, start| {
            let now = Instant::now();
            let times = [now, now + Duration::from_secs(30), now + Duration::from_secs(40)];
            let dived = price_and_dive(s, 0, start, Some(program), times);
            let bound = dived.bound.expect("the labels price Instance3's LP to its end within 30 s");
            assert!(bound + program.m.objective_constant <= 1001.0 + 1e-6, "the LP {bound} is above the optimum");
            assert!(!dived.rounded, "an LP priced to its end is dived, not rounded");
            assert!(dived.rota.is_some(), "the dives give everybody a row");
        });
    }

    /// The LP rounded starts from each person's row with the largest share in it, then
    /// lets each in turn take the pool's row that costs the rota least: every person has
    /// a row of the pool that keeps their rules, the rota costs no more than the rows the
    /// LP leans to, and no person's other row would lower it.
    #[test]
    fn the_lp_rounded_is_the_rows_it_leans_to_with_every_persons_best_reply() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        with_seeded_master(&s, &start, |pricer, persons, _, master| {
            let far = Instant::now() + Duration::from_secs(30);
            for _ in 0..5 {
                let duals = master.solve_lp(far).expect("the master's LP solves");
                price_round(master, pricer, &duals, far);
            }
            master.solve_lp(far).expect("the master's LP solves");
            let leaning: Vec<usize> = master
                .leaning(&vec![None; persons.len()])
                .into_iter()
                .map(|most| most.expect("everybody has a row in the pool").0)
                .collect();
            let rota = rounded_lp(master, &start, persons).expect("everybody has a row in the pool");
            let rows: Vec<Vec<crate::domain::Cell>> = persons.iter().map(|&p| rota.cells[p].clone()).collect();
            let chosen = master.columns_of(&rows).expect("every row is the pool's");
            let cost = master.cost_of(&chosen).expect("no place holds more than it may");
            let leaning_cost = master.cost_of(&leaning).unwrap_or(f64::INFINITY);
            assert!(cost <= leaning_cost + 1e-6, "rounded {cost}, above the rows the LP leans to ({leaning_cost})");
            for (i, &p) in persons.iter().enumerate() {
                assert!(person_is_legal(&s, &rota, p), "person {i}'s row breaks a rule");
                for (c, what) in master.columns.iter().enumerate() {
                    if matches!(what, Column::Row { person, .. } if *person == i) {
                        let mut other = chosen.clone();
                        other[i] = c;
                        let other_cost = master.cost_of(&other).unwrap_or(f64::INFINITY);
                        assert!(other_cost >= cost - 1e-6, "person {i}'s row {c} lowers the rota to {other_cost}");
                    }
                }
            }
        });
    }

    /// An LP that does not solve (here: person 0 may take no column at all) leaves the
    /// values, and so the rounding, of the last one that did, the columns added since
    /// at zero.
    #[test]
    fn an_lp_that_fails_leaves_the_rounding_of_the_last_one_solved() {
        let s = crate::solve::lns::tests::instance3();
        let start = heuristic::start_within(&s, 0, 5.0);
        with_seeded_master(&s, &start, |pricer, persons, _, master| {
            let far = Instant::now() + Duration::from_secs(30);
            let duals = master.solve_lp(far).expect("the master's LP solves");
            let before = master.lp_values();
            let rounded = rounded_lp(master, &start, persons).expect("everybody has a row in the pool");
            assert!(price_round(master, pricer, &duals, far).is_some_and(|added| added > 0), "rows join the pool");
            // The "nobody" columns are added in the people's order: person 0's is the first.
            let nobody_0 = master.columns.iter().position(|what| matches!(what, Column::Nobody));
            let rows_0 =
                (0..master.columns.len()).filter(|&c| matches!(master.columns[c], Column::Row { person: 0, .. }));
            for c in rows_0.chain(nobody_0).collect::<Vec<_>>() {
                master.bounds(c, 0.0, 0.0);
            }
            assert!(master.solve_lp(far).is_none(), "nobody may serve person 0");
            let after = master.lp_values();
            assert_eq!(after.len(), master.columns.len());
            assert_eq!(after[..before.len()], before[..]);
            assert!(after[before.len()..].iter().all(|&x| x == 0.0), "the rows added since are at zero");
            assert_eq!(rounded_lp(master, &start, persons).map(|r| r.cells), Some(rounded.cells));
        });
    }
}
