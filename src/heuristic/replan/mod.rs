//! Shift mode: re-plan one person at a time, everybody else's row held, by dynamic
//! programming over the days — the best row that keeps the person's own rules, given
//! what the others already cover. Repeated over everybody until no row gets better
//! ("coordinate descent"), it builds a rota that keeps every rule in milliseconds per
//! person where the MIP needs a second: the start that long horizons need.
//!
//! The rules of a run of days (not_followed_by, rest hours between neighbouring days,
//! recovery after a night, min/max consecutive work days, min consecutive days off, min
//! days between duties) are states of the program and so are kept exactly. The counted
//! rules (weekends, minutes, shifts per kind, duties, duties per month) are priced in:
//! a price per weekend, minute or shift rises while the row breaks its limit
//! (Lagrangian relaxation). Every row is then checked by `person_is_legal` before it is
//! taken, so a row that still breaks a rule is never used.

mod counted;
mod labels;
mod mend;
mod plan;
mod program;

use std::time::Instant;

use self::counted::Prices;
#[cfg(test)]
pub(crate) use self::labels::PLANS;
use self::plan::Plan;
use super::legal::person_is_legal;
use crate::domain::{Cell, Rota, Scenario, Status};

/// How many times one person's row is re-planned with new prices before giving up.
const PRICE_ROUNDS: usize = 40;
/// Passes over everybody, at most; the descent usually stops earlier, when no row
/// gets better.
const PASSES: usize = 50;
/// Steps of the program (days × states) that take about a second on the machines rota
/// was measured on. The budget is a count of steps, not a time, so that the same input
/// gives the same rota on any machine.
pub const STEPS_PER_SECOND: f64 = 4.0e7;

/// Re-plans the shift-mode rota of grouping g in place, person by person, keeping every
/// row that already keeps its rules unless a better one is found. Rows that break a rule
/// are replaced first (by a row that keeps them, whenever one is found). Office mode is
/// left to the greedy: its rows interact through unit minimums every day.
pub fn replan(s: &Scenario, g: usize, rota: &mut Rota, budget_steps: f64) {
    if s.office {
        return;
    }
    let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    if persons.is_empty() || s.days.is_empty() {
        return;
    }
    let mut cover = Cover::new(s, g, rota);
    let mut prices: Vec<Prices> = persons.iter().map(|_| Prices::new(s)).collect();
    // Rows that break a rule leave the rota first: the others are planned around them.
    let mut legal: Vec<bool> = persons.iter().map(|&p| person_is_legal(s, rota, p)).collect();
    for (i, &p) in persons.iter().enumerate() {
        if !legal[i] {
            cover.take_out(rota, p);
            rota.cells[p] = blank_row(s, p);
            cover.put_in(rota, p);
        }
    }
    let mut spent = 0.0;
    for pass in 0..PASSES {
        let mut better = false;
        for (i, &p) in persons.iter().enumerate() {
            cover.take_out(rota, p);
            let plan = Plan::new(s, &cover, p);
            spent += plan.work();
            let now = if legal[i] { Some(plan.row_cost(s, rota, p)) } else { None };
            if let Some((row, cost)) = plan.best_legal(s, rota, &mut prices[i]) {
                if now.map_or(true, |c| cost < c - 1e-9) {
                    rota.cells[p] = row;
                    legal[i] = true;
                    better = true;
                }
            }
            cover.put_in(rota, p);
        }
        if crate::solve::search_log() {
            let f = crate::report::evaluate::grouping_figures(s, rota, g);
            let kept = legal.iter().filter(|x| **x).count();
            eprintln!(
                "re-plan pass {pass}: objective {}, {kept} of {} rows keep their rules",
                f.objective,
                legal.len()
            );
        }
        if !better || spent > budget_steps {
            break;
        }
    }
}

/// The pricing of column generation (`solve::columns`): for a price on each
/// requirement and day, each person's row that keeps their rules and costs least —
/// their wishes, less the prices of the places they fill. The same program as the
/// re-planning, with prices in place of the others' cover.
pub struct RowPricer<'a> {
    s: &'a Scenario,
    persons: Vec<usize>,
    cover: Cover,
    counted: Vec<Prices>,
    scratch: Rota,
    /// Per person: what the exact pricing may not give them (a branch's decisions).
    barred: Vec<Vec<Barred>>,
}

/// A choice a person may not make on a day: `Some(t)`, to hold shift t; `None`, to
/// have the day without a shift.
pub type Barred = (usize, Option<usize>);

impl<'a> RowPricer<'a> {
    /// For the people of grouping g, rows cut to the shape of `rota`'s (leave, carry-in).
    pub fn new(s: &'a Scenario, g: usize, rota: &Rota) -> Self {
        let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
        let cover = Cover::new(s, g, rota);
        let counted = persons.iter().map(|_| Prices::new(s)).collect();
        let barred = persons.iter().map(|_| Vec::new()).collect();
        RowPricer { s, persons, cover, counted, scratch: rota.clone(), barred }
    }

    /// The grouping's people, in the order `best_rows` takes them.
    pub fn persons(&self) -> &[usize] {
        &self.persons
    }

    /// The requirements that apply on each day: `worth[d][k]` in `set_worth` is the
    /// price of `places()[d][k]`.
    pub fn places(&self) -> &[Vec<usize>] {
        &self.cover.today
    }

    /// From now on a place `places()[d][k]` filled earns `worth[d][k]`.
    pub fn set_worth(&mut self, worth: Vec<Vec<f64>>) {
        self.cover.worth = Some(worth);
    }

    /// What person `persons()[i]`'s `row` costs on its own: its wishes met or not (the
    /// constant of unmet wishes left out, as in `best_rows`).
    pub fn own_cost(&mut self, i: usize, row: &[Cell]) -> f64 {
        let p = self.persons[i];
        let nothing = self.cover.today.iter().map(|today| vec![0.0; today.len()]).collect();
        let worth = self.cover.worth.replace(nothing);
        self.scratch.cells[p] = row.to_vec();
        let cost = Plan::new(self.s, &self.cover, p).row_cost(self.s, &self.scratch, p);
        self.cover.worth = worth;
        cost
    }

    /// Person `persons()[i]`'s cheapest row keeping their rules at the worth set, then
    /// the other rows keeping them that the search met on the way, each with its cost
    /// (wishes less worth, the constant of unmet wishes left out); empty when none is
    /// found.
    pub fn best_rows(&mut self, i: usize) -> Vec<(Vec<Cell>, f64)> {
        let p = self.persons[i];
        let plan = Plan::new(self.s, &self.cover, p);
        let mut rows = Vec::new();
        if let Some(best) = plan.legal_rows(self.s, &self.scratch, &mut self.counted[i], &mut rows) {
            rows.insert(0, best);
        }
        rows
    }

    /// From now on `cheapest_row` gives person `persons()[i]` no row that makes one of
    /// the `barred` choices (an empty list lifts them all). `best_rows` does not know them.
    pub fn bar_choices(&mut self, i: usize, barred: Vec<Barred>) {
        self.barred[i] = barred;
    }

    /// Does `cheapest_row` keep choices from person `persons()[i]`?
    pub fn has_barred(&self, i: usize) -> bool {
        !self.barred[i].is_empty()
    }

    /// Person `persons()[i]`'s cheapest rows keeping every one of their rules at the
    /// worth set, if they cost less than `below` (wishes less worth, as `best_rows`), by
    /// the exact program of `labels.rs`; `max_labels` bounds its work, `until` its
    /// time. No row makes a barred choice (`bar_choices`).
    pub fn cheapest_row(&self, i: usize, below: f64, max_labels: usize, until: Option<Instant>) -> Cheapest {
        let p = self.persons[i];
        let mut plan = Plan::new(self.s, &self.cover, p);
        for &(d, choice) in &self.barred[i] {
            match choice {
                Some(t) => plan.options[d][t] = None,
                None => plan.must_work[d] = true,
            }
        }
        match plan.cheapest_exact(below, max_labels, &self.counted[i], until) {
            labels::Exact::Plans(plans) => {
                Cheapest::Rows(plans.into_iter().map(|(shifts, cost)| (plan.cells(&shifts), cost)).collect())
            }
            labels::Exact::Nothing => Cheapest::Nothing,
            labels::Exact::TooMany => Cheapest::Unknown,
            labels::Exact::OutOfTime => Cheapest::OutOfTime,
        }
    }
}

/// What `RowPricer::cheapest_row` found.
pub enum Cheapest {
    /// The cheapest rows and their costs, cheapest first (at least one).
    Rows(Vec<(Vec<Cell>, f64)>),
    /// Proven: no row keeping the rules costs less than asked.
    Nothing,
    /// Too much work: nothing is known.
    Unknown,
    /// Out of time: nothing is known.
    OutOfTime,
}

/// A person's row with no shift: leave where they are on leave, off elsewhere.
fn blank_row(s: &Scenario, p: usize) -> Vec<Cell> {
    s.staff[p]
        .leave
        .iter()
        .map(
            |&on_leave| {
                if on_leave {
                    Cell { status: Status::Leave, at_unit: None, requirement: None }
                } else {
                    Cell::OFF
                }
            },
        )
        .collect()
}

/// How many people each requirement of the grouping has on each day.
struct Cover {
    /// Requirements of the grouping that apply on each day.
    today: Vec<Vec<usize>>,
    /// People filling `today[d][i]`.
    fill: Vec<Vec<u32>>,
    /// Column generation's prices: what one more person in `today[d][i]` is worth,
    /// in place of what the others' fill makes it worth (see `RowPricer`).
    worth: Option<Vec<Vec<f64>>>,
}

impl Cover {
    fn new(s: &Scenario, g: usize, rota: &Rota) -> Self {
        let today: Vec<Vec<usize>> = (0..s.days.len())
            .map(|d| {
                (0..s.requirements.len())
                    .filter(|&r| s.owner_grouping(s.requirements[r].owner) == g && s.requirements[r].days[d])
                    .collect()
            })
            .collect();
        let fill = today.iter().map(|rs| vec![0; rs.len()]).collect();
        let mut cover = Cover { today, fill, worth: None };
        for p in (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g) {
            cover.put_in(rota, p);
        }
        cover
    }

    fn slot(&self, d: usize, r: usize) -> Option<usize> {
        self.today[d].iter().position(|&x| x == r)
    }

    fn put_in(&mut self, rota: &Rota, p: usize) {
        self.count(rota, p, 1);
    }

    fn take_out(&mut self, rota: &Rota, p: usize) {
        self.count(rota, p, -1);
    }

    fn count(&mut self, rota: &Rota, p: usize, by: i32) {
        for (d, c) in rota.cells[p].iter().enumerate() {
            if let Some(i) = c.requirement.and_then(|r| self.slot(d, r)) {
                self.fill[d][i] = (self.fill[d][i] as i32 + by).max(0) as u32;
            }
        }
    }

    /// What one more person in requirement `today[d][i]` changes in the objective:
    /// a shortfall less, or one more over the count (None when over is not allowed).
    fn marginal(&self, s: &Scenario, d: usize, i: usize) -> Option<f64> {
        if let Some(worth) = &self.worth {
            return Some(-worth[d][i]);
        }
        let req = &s.requirements[self.today[d][i]];
        if self.fill[d][i] < req.count {
            Some(-req.under_weight)
        } else {
            req.over_weight
        }
    }
}
