//! Branch and price: column generation's LP (`columns.rs`) priced again in every node
//! of a tree whose branches decide, for one person and one day, what they hold that
//! day — a shift, or no shift — held in one branch, barred in the other. A node's LP,
//! priced to its end by the labels with the node's decisions as barred choices, is a
//! floor under every rota of the node: a node whose floor cannot beat the rota in hand
//! is closed. The tree is searched depth first, towards the LP's leaning, so that
//! better rotas come early; searched to its end with every floor proven, it proves the
//! best rota optimal. Where the search around the MIP stalls a unit or two above an
//! LP that is a unit or two below the optimum (Curtois's 6 and 7), the tree is small.

use std::time::Instant;

use super::{price_to_end, seed, Column, ExactPricer, LpChange, Master, Program, NOBODY};
use crate::domain::{Cell, Rota, Scenario};
use crate::heuristic::{Barred, RowPricer};

/// A branch's decision: person `i` holds `choice` on day `d` (`Some(t)`: shift t;
/// `None`: no shift) — or, when `holds` is false, does not.
#[derive(Clone, Copy, Debug)]
struct Decision {
    i: usize,
    d: usize,
    choice: Option<usize>,
    holds: bool,
}

/// A node still to search: its decisions, and its parent's floor.
struct Node {
    decisions: Vec<Decision>,
    floor: f64,
}

/// What `price_and_branch` found.
pub struct Branched {
    /// A rota cheaper than the start, if the tree found one.
    pub rota: Option<Rota>,
    /// A floor under the objective of every rota (without the constant): the best
    /// rota's own when the tree was searched to its end, else the root's LP.
    pub bound: Option<f64>,
}

/// The tree of grouping g's rotas searched by `until` from `start`, the best rota so
/// far (`program.values`: the same rota in the whole program). Nothing when the root's
/// LP is not proven (the labels gave up somewhere): without floors the tree would be a
/// blind search.
pub fn price_and_branch(s: &Scenario, g: usize, start: &Rota, program: &Program, until: Instant) -> Branched {
    let began = Instant::now();
    let mut pricer = RowPricer::new(s, g, start);
    let persons = pricer.persons().to_vec();
    let places = pricer.places().to_vec();
    if persons.is_empty() {
        return Branched { rota: None, bound: None };
    }
    let mut master = Master::new(s, &places, persons.len());
    seed(&mut master, &mut pricer, start);
    let mut exact = None;
    let root = price_to_end(&mut master, &mut pricer, &mut exact, Some(program), start, [until, until]);
    master.simplex(LpChange::RowsFixed);
    let (Some(root_floor), Some(mut exact)) = (root.bound, exact) else {
        return Branched { bound: root.bound, rota: None };
    };
    let integral = master.integral_costs();
    // The start's cost as the master counts it; no ceiling when a row of the start
    // breaks its person's rules (it is not in the pool).
    let start_rows: Vec<Vec<Cell>> = persons.iter().map(|&p| start.cells[p].clone()).collect();
    let ceiling = master.columns_of(&start_rows).and_then(|chosen| master.cost_of(&chosen));
    let mut tree = Tree::new(s, ceiling.unwrap_or(f64::INFINITY), integral);
    // With whole costs the tree is searched for a rota at the floor, then a unit above
    // it, and so on: each tree, cut at its target, is small, and one searched to its end
    // without a rota lifts the floor a unit. Otherwise one tree, cut at the best rota.
    let mut floor = root_floor;
    let mut proven = false;
    loop {
        if integral {
            let target = (floor - 1e-6).ceil();
            tree.target = None;
            if tree.cannot_beat(target) {
                // Nothing cheaper than the best rota is left: it is optimal.
                proven = true;
                break;
            }
            tree.target = Some(target);
        }
        let searched = tree.search(&mut master, &mut pricer, &mut exact, floor, until);
        if super::super::search_log() {
            eprintln!(
                "branch and price: target {:?}, {searched:?}, {} nodes, rota {:.1}, floor {floor:.2} ({:.2}s)",
                tree.target,
                tree.nodes,
                tree.ceiling,
                began.elapsed().as_secs_f64()
            );
        }
        match (searched, tree.target) {
            (Searched::Found, _) => {
                // The cheapest rota the floor allows.
                proven = true;
                break;
            }
            (Searched::ToTheEnd, Some(target)) => floor = target + 1.0,
            (Searched::ToTheEnd, None) => {
                proven = true;
                break;
            }
            (Searched::Stopped, _) => break,
        }
    }
    // A cost that is not whole, priced after the floors were cut at whole units, takes
    // the proof back.
    let whole_still = integral == master.integral_costs();
    let rota = tree.best.as_ref().map(|chosen| {
        let mut rota = start.clone();
        for (i, &c) in chosen.iter().enumerate() {
            if let Some(row) = master.row_of(c) {
                rota.cells[persons[i]] = row;
            }
        }
        rota
    });
    let bound = match (proven, whole_still) {
        (true, true) => tree.ceiling,
        (false, true) => floor,
        (_, false) => root_floor,
    };
    Branched { rota, bound: Some(bound) }
}

/// How a tree's search ended.
#[derive(Debug)]
enum Searched {
    /// Every node closed, each by a proven floor or by whole rows, none at the target.
    ToTheEnd,
    /// A rota at the target.
    Found,
    /// The time was up, HiGHS failed, or a node could not be closed.
    Stopped,
}

/// The tree's state across its nodes.
struct Tree<'a> {
    s: &'a Scenario,
    /// The cost of the best rota so far: the start's, or the tree's best.
    ceiling: f64,
    /// The cost the tree searches for: nodes whose floor is above it are closed.
    target: Option<f64>,
    /// The tree's best rota, one row column per person.
    best: Option<Vec<usize>>,
    /// Row columns barred in the master by the node last applied.
    barred: Vec<bool>,
    nodes: usize,
    /// The objective's granularity: 1 when every cost is whole, else 0.
    step: f64,
}

impl<'a> Tree<'a> {
    /// A tree with nothing searched yet under the rota in hand, costing `ceiling`;
    /// `integral` when every cost is whole.
    fn new(s: &'a Scenario, ceiling: f64, integral: bool) -> Self {
        Tree {
            s,
            ceiling,
            target: None,
            step: if integral { 1.0 } else { 0.0 },
            best: None,
            barred: Vec::new(),
            nodes: 0,
        }
    }

    /// Can no rota whose cost is at least `floor` beat the best so far? With whole
    /// costs a better rota costs a whole unit less.
    fn cannot_beat(&self, floor: f64) -> bool {
        let above_target = self.target.is_some_and(|t| floor > t + 1e-6);
        above_target
            || if self.step > 0.0 { floor > self.ceiling - self.step + 1e-6 } else { floor >= self.ceiling - 1e-6 }
    }

    /// Searches the tree depth first from the root, whose floor is `floor`, by `until`.
    fn search(
        &mut self,
        master: &mut Master,
        pricer: &mut RowPricer,
        exact: &mut ExactPricer,
        floor: f64,
        until: Instant,
    ) -> Searched {
        let s = self.s;
        let mut stack = vec![Node { decisions: Vec::new(), floor }];
        let mut to_the_end = true;
        while let Some(node) = stack.pop() {
            if self.cannot_beat(node.floor) {
                continue;
            }
            if Instant::now() >= until {
                return Searched::Stopped;
            }
            self.nodes += 1;
            self.apply(master, pricer, &node.decisions);
            let Some((lp, proven)) = price_node(master, pricer, exact, until) else { return Searched::Stopped };
            to_the_end &= proven;
            let x = master.lp_values();
            if let Some(chosen) = whole_rows(master, &x) {
                if self.offer(master, chosen).is_some_and(|cost| self.target.is_some_and(|t| cost <= t + 1e-6)) {
                    return Searched::Found;
                }
                continue;
            }
            if proven && (self.cannot_beat(lp) || lp >= NOBODY / 2.0) {
                continue;
            }
            let Some(branch) = branching(s, master, &x) else {
                to_the_end = false;
                continue;
            };
            let floor = if proven { lp } else { node.floor };
            let child = |holds: bool| {
                let mut decisions = node.decisions.clone();
                decisions.push(Decision { holds, ..branch.decision });
                Node { decisions, floor }
            };
            // The branch the LP leans to is searched first (pushed last).
            let lean = branch.share >= 0.5;
            stack.push(child(!lean));
            stack.push(child(lean));
        }
        if to_the_end {
            Searched::ToTheEnd
        } else {
            Searched::Stopped
        }
    }

    /// A rota of whole rows (one column per person): the best so far if it is cheaper.
    /// Its cost.
    fn offer(&mut self, master: &Master, chosen: Vec<usize>) -> Option<f64> {
        let cost = master.cost_of(&chosen)?;
        if cost < self.ceiling - 1e-6 {
            if super::super::search_log() {
                eprintln!("branch and price: rota {cost:.1} at node {}", self.nodes);
            }
            self.ceiling = cost;
            self.best = Some(chosen);
        }
        Some(cost)
    }

    /// The node's `decisions` made: rows that break one are barred in the master, the
    /// others allowed; the pricing bars the choices a decision rules out.
    fn apply(&mut self, master: &mut Master, pricer: &mut RowPricer, decisions: &[Decision]) {
        let shifts = self.s.shifts.len();
        for i in 0..master.persons {
            let mine = decisions.iter().filter(|x| x.i == i);
            let barred: Vec<Barred> = mine
                .flat_map(|x| {
                    let others = (0..shifts).map(Some).chain([None]).filter(move |&c| c != x.choice);
                    let ruled_out: Vec<Barred> =
                        if x.holds { others.map(|c| (x.d, c)).collect() } else { vec![(x.d, x.choice)] };
                    ruled_out
                })
                .collect();
            pricer.bar_choices(i, barred);
        }
        self.barred.resize(master.columns.len(), false);
        for c in 0..master.columns.len() {
            let Column::Row { person, .. } = master.columns[c] else { continue };
            let Some(row) = master.row_of(c) else { continue };
            let breaks = decisions.iter().any(|x| x.i == person && (choice(self.s, &row[x.d]) == x.choice) != x.holds);
            if breaks != self.barred[c] {
                master.bounds(c, 0.0, if breaks { 0.0 } else { 1.0 });
                self.barred[c] = breaks;
            }
        }
    }
}

/// A share of the LP at or above which a choice dive holds a person's choice for a day.
const HELD_SHARE: f64 = 0.9;

/// A dive down the tree, with no way back: at each node every choice the LP all but
/// makes (a share of `HELD_SHARE` or more) is held — and at least as many of the most
/// leaned ones as the time left asks for — the node's LP is priced to its end again,
/// and so on until the LP picks whole rows. A step whose LP cannot beat `ceiling` is
/// taken back and only its most-leaned choice barred. Holding a person's shift on a
/// day, not a whole row, lifts the LP little at each step, and the rows around it are
/// priced anew (Curtois's 8: 1010.6 → 1098 over 400 choices, where fixing rows lifts it
/// to 1226 over 26 people). Out of time, each person takes the row the LP leans to. The
/// rows and their cost when the dive found a rota under `ceiling`; the master and the
/// pricer are left as found.
pub(super) fn choice_dive(
    s: &Scenario,
    master: &mut Master,
    pricer: &mut RowPricer,
    exact: &mut ExactPricer,
    ceiling: f64,
    until: Instant,
) -> Option<(Vec<Vec<Cell>>, f64)> {
    let began = Instant::now();
    let mut tree = Tree::new(s, ceiling, master.integral_costs());
    let shifts = s.shifts.len();
    let mut decisions: Vec<Decision> = Vec::new();
    // Choices held by the last step.
    let mut taken: usize = 0;
    let mut step_began = began;
    while Instant::now() < until {
        tree.nodes += 1;
        tree.apply(master, pricer, &decisions);
        let Some((lp, proven)) = price_node(master, pricer, exact, until) else { break };
        let x = master.lp_values();
        if let Some(chosen) = whole_rows(master, &x) {
            tree.offer(master, chosen);
            break;
        }
        if proven && (tree.cannot_beat(lp) || lp >= NOBODY / 2.0) {
            // The last step cannot beat the rota in hand: its most-leaned choice is
            // barred instead, the others freed again.
            let Some(first) = decisions.len().checked_sub(taken).filter(|_| taken > 0) else { break };
            let last = decisions[first];
            decisions.truncate(first);
            decisions.push(Decision { holds: false, ..last });
            taken = 0;
            continue;
        }
        let share = shares(s, master, &x);
        let mut held = vec![vec![false; s.days.len()]; master.persons];
        for x in decisions.iter().filter(|x| x.holds) {
            held[x.i][x.d] = true;
        }
        let mut most: Vec<(f64, Decision)> = Vec::new();
        for (i, mine) in share.iter().enumerate() {
            for (at, &v) in mine.iter().enumerate() {
                let (d, k) = (at / (shifts + 1), at % (shifts + 1));
                // A choice the LP makes whole, or not at all, is not held.
                if !(1e-6..=1.0 - 1e-6).contains(&v) || held[i][d] {
                    continue;
                }
                let choice = (k < shifts).then_some(k);
                most.push((v, Decision { i, d, choice, holds: true }));
            }
        }
        // Most leaned first; ties in the order of people, days and choices.
        most.sort_by(|a, b| b.0.total_cmp(&a.0));
        // As many steps as the time left holds at the pace of the last one: each
        // holds at least its share of the days still undecided.
        let mut undecided: Vec<(usize, usize)> = most.iter().map(|m| (m.1.i, m.1.d)).collect();
        undecided.sort_unstable();
        undecided.dedup();
        let pace = step_began.elapsed().as_secs_f64().max(1e-3);
        step_began = Instant::now();
        let steps_left = (until.saturating_duration_since(step_began).as_secs_f64() / pace).floor().max(1.0);
        let at_least = (undecided.len() as f64 / steps_left).ceil() as usize;
        let step = most.iter().take_while(|m| m.0 >= HELD_SHARE).count().max(at_least).min(most.len());
        if step == 0 {
            break;
        }
        decisions.extend(most[..step].iter().map(|m| m.1));
        taken = step;
        if super::super::search_log() {
            eprintln!(
                "choice dive: LP {lp:.2}, {} choices held, {step} new ({:.2}s)",
                decisions.iter().filter(|x| x.holds).count(),
                began.elapsed().as_secs_f64()
            );
        }
    }
    // Out of time: each person takes the row the last LP leans to most.
    if tree.best.is_none() {
        let leaning: Option<Vec<usize>> =
            master.leaning(&vec![None; master.persons]).into_iter().map(|m| m.map(|(c, _)| c)).collect();
        if let Some(chosen) = leaning {
            tree.offer(master, chosen);
        }
    }
    tree.apply(master, pricer, &[]);
    let chosen = tree.best?;
    let cost = master.cost_of(&chosen)?;
    let rows = chosen.iter().map(|&c| master.row_of(c)).collect::<Option<Vec<_>>>()?;
    Some((rows, cost))
}

/// What a cell holds: its shift, or None for no shift.
fn choice(s: &Scenario, cell: &Cell) -> Option<usize> {
    cell.requirement.map(|r| s.requirements[r].shift)
}

/// Prices the node's LP until no row lowers it, by the labels only (they keep the
/// node's decisions; the re-planning's pricing does not): the LP, and whether the
/// labels proved it for everybody. None when HiGHS failed or `until` came first.
fn price_node(
    master: &mut Master,
    pricer: &mut RowPricer,
    exact: &mut ExactPricer,
    until: Instant,
) -> Option<(f64, bool)> {
    loop {
        let duals = master.solve_lp(until)?;
        let lp = master.lp_objective();
        let (added, proven) = exact.price_round(master, pricer, &duals, None, until)?;
        if added == 0 {
            return Some((lp, proven));
        }
    }
}

/// Each person's row column when the LP chose whole rows for everybody.
fn whole_rows(master: &Master, x: &[f64]) -> Option<Vec<usize>> {
    let mut chosen = vec![None; master.persons];
    for (c, what) in master.columns.iter().enumerate() {
        if let Column::Row { person, .. } = *what {
            if x[c] > 1.0 - 1e-6 {
                chosen[person] = Some(c);
            }
        }
    }
    chosen.into_iter().collect()
}

/// `share[i][d * (shifts + 1) + k]`: the LP's share of person i holding choice k on
/// day d (k = shifts: no shift).
fn shares(s: &Scenario, master: &Master, x: &[f64]) -> Vec<Vec<f64>> {
    let shifts = s.shifts.len();
    let mut share = vec![vec![0.0; s.days.len() * (shifts + 1)]; master.persons];
    for (c, what) in master.columns.iter().enumerate() {
        let Column::Row { person, .. } = *what else { continue };
        if x[c] <= 1e-9 {
            continue;
        }
        let Some(row) = master.row_of(c) else { continue };
        for (d, cell) in row.iter().enumerate() {
            share[person][d * (shifts + 1) + choice(s, cell).unwrap_or(shifts)] += x[c];
        }
    }
    share
}

/// The decision to branch on, and the LP's share in it.
struct Branch {
    decision: Decision,
    share: f64,
    score: f64,
}

/// The person and day the LP is most undecided about whether they work (their share of
/// no shift closest to a half), else the person, day and shift (the first such, in the
/// order of people, days and choices).
fn branching(s: &Scenario, master: &Master, x: &[f64]) -> Option<Branch> {
    let shifts = s.shifts.len();
    let share = shares(s, master, x);
    let mut best: Option<Branch> = None;
    for (i, mine) in share.iter().enumerate() {
        for (at, &v) in mine.iter().enumerate() {
            let mut undecided = v.min(1.0 - v);
            // Whether somebody works a day at all moves the LP far more than which shift
            // they work (Curtois's 7: 36 nodes to the optimum against 700 without it).
            if at % (shifts + 1) == shifts && undecided > 1e-6 {
                undecided += 1.0;
            }
            if undecided <= 1e-6 || best.as_ref().is_some_and(|b| b.score >= undecided) {
                continue;
            }
            let (d, k) = (at / (shifts + 1), at % (shifts + 1));
            let choice = (k < shifts).then_some(k);
            best = Some(Branch { decision: Decision { i, d, choice, holds: true }, share: v, score: undecided });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::lns;
    use super::super::tests::{some_worth, with_instance3_program};
    use super::super::{price_to_end, seed, Master};
    use super::{choice, choice_dive, price_and_branch};
    use crate::heuristic::{person_is_legal, Cheapest, RowPricer};
    use crate::model::start_values;

    /// A branch's barred choices are kept by the labels: a shift barred on a day is not
    /// held that day, a day barred from having no shift is worked; the row still keeps
    /// every rule, and it costs no less than the cheapest row without the bar.
    #[test]
    fn the_labels_keep_a_branchs_barred_choices() {
        with_instance3_program(|s, _, start| {
            let mut pricer = RowPricer::new(s, 0, start);
            pricer.set_worth(some_worth(pricer.places(), 11));
            let persons = pricer.persons().to_vec();
            let cheapest =
                |pricer: &mut RowPricer, i: usize| match pricer.cheapest_row(i, f64::INFINITY, 1_000_000, None) {
                    Cheapest::Rows(mut rows) => rows.swap_remove(0),
                    _ => panic!("person {}: the labels found no row at all", persons[i]),
                };
            let mut tried = [0, 0];
            for (i, &p) in persons.iter().enumerate() {
                let (row, cost) = cheapest(&mut pricer, i);
                let worked = (0..row.len()).find(|&d| choice(s, &row[d]).is_some());
                let free = (0..row.len()).find(|&d| choice(s, &row[d]).is_none() && !s.staff[p].leave[d]);
                for (kind, day) in [worked, free].into_iter().enumerate() {
                    let Some(d) = day else { continue };
                    let held = choice(s, &row[d]);
                    pricer.bar_choices(i, vec![(d, held)]);
                    let (barred_row, barred_cost) = cheapest(&mut pricer, i);
                    assert_ne!(choice(s, &barred_row[d]), held, "person {p}: a barred choice on day {d} is held");
                    assert!(barred_cost >= cost - 1e-6, "person {p}: a bar made the cheapest row cheaper");
                    let mut rota = start.clone();
                    rota.cells[p] = barred_row;
                    assert!(person_is_legal(s, &rota, p), "person {p}'s row under a bar breaks a rule");
                    pricer.bar_choices(i, Vec::new());
                    tried[kind] += 1;
                }
            }
            assert!(tried[0] > 0 && tried[1] > 0, "shifts and days off were both barred somewhere: {tried:?}");
        });
    }

    /// From the start heuristic's rota, the tree proves Instance3's optimum (1001, as
    /// HiGHS proves it): its floor is the optimum, and its rota, which keeps every
    /// rule, costs that.
    #[test]
    fn the_tree_proves_instance3s_optimum() {
        with_instance3_program(|s, program, start| {
            let until = Instant::now() + Duration::from_secs(60);
            let tree = price_and_branch(s, 0, start, program, until);
            let constant = program.m.objective_constant;
            let floor = tree.bound.expect("the root's LP is priced to its end") + constant;
            assert!((floor - 1001.0).abs() < 1e-6, "the tree's floor is {floor}, the optimum 1001");
            let rota = tree.rota.expect("the start is far above the optimum");
            assert!(crate::heuristic::grouping_is_legal(s, &rota, 0), "the tree's rota breaks a rule");
            let values = start_values(program.m, &rota);
            let settled = lns::settle(program.whole, program.layout, values, until, 0.0).expect("the rota settles");
            let cost = settled.objective + constant;
            assert!((cost - 1001.0).abs() < 1e-6, "the tree's rota costs {cost}, its floor is the optimum 1001");
        });
    }

    /// The choice dive, from the LP priced to its end over Instance3's start, gives
    /// everybody a row that keeps their rules, at a cost no lower than the LP's floor,
    /// and the whole program costs that rota no more than the master says; the pricer
    /// and the master are left as found.
    #[test]
    fn the_choice_dive_gives_a_rota_within_the_rules_above_the_floor() {
        with_instance3_program(|s, program, start| {
            let until = Instant::now() + Duration::from_secs(30);
            let mut pricer = RowPricer::new(s, 0, start);
            let persons = pricer.persons().to_vec();
            let places = pricer.places().to_vec();
            let mut master = Master::new(s, &places, persons.len());
            seed(&mut master, &mut pricer, start);
            let mut exact = None;
            let root = price_to_end(&mut master, &mut pricer, &mut exact, Some(program), start, [until, until]);
            let floor = root.bound.expect("Instance3's LP is priced to its end");
            let mut exact = exact.expect("the labels priced the root");
            let (rows, cost) = choice_dive(s, &mut master, &mut pricer, &mut exact, f64::INFINITY, until)
                .expect("with no ceiling the dive ends in a rota");
            assert!(cost >= floor - 1e-6, "the dive's rota costs {cost}, below the floor {floor}");
            let mut rota = start.clone();
            for (&p, row) in persons.iter().zip(rows) {
                rota.cells[p] = row;
            }
            assert!(crate::heuristic::grouping_is_legal(s, &rota, 0), "the dive's rota breaks a rule");
            let values = start_values(program.m, &rota);
            let settled = lns::settle(program.whole, program.layout, values, until, 0.0).expect("the rota settles");
            assert!(
                settled.objective <= cost + 1e-6,
                "the whole program costs the rota {}, the master {cost}",
                settled.objective
            );
            assert!((0..persons.len()).all(|i| !pricer.has_barred(i)), "the dive left a choice barred");
            // Nothing barred in the master either: its LP is the root's again.
            master.solve_lp(until).expect("the master's LP solves after the dive");
            let lp = master.lp_objective();
            assert!((lp - floor).abs() < 1e-6, "the master's LP is {lp} after the dive, {floor} before");
        });
    }
}
