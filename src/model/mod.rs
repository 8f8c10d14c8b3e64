//! The mixed-integer program of one grouping (groupings are independent: staff,
//! requirements and lending never cross them). Variables are made here; each rule
//! family adds its constraints in `rules.rs`, the objective is in `objective.rs`.
//!
//! Formulation, in short:
//! - `fill[p][d]`: one binary per requirement that applies on day d and that person p
//!   qualifies for (and is not on leave). The shift held is the requirement's shift.
//! - `rest[p][d]`: on working days (office mode), 1 when p rests. Being at an office is
//!   then `1 − rest − (shifts overlapping office hours)`, an expression, not a variable.
//! - `lend[u→v][d]`: how many of unit u's office staff work at unit v — integers per
//!   pair of units, not per person: who goes is decided afterwards, as no rule depends
//!   on which person it is.
//! - slacks for unit minimums and requirement counts, so a rota always comes out.

mod objective;
mod rules;
mod start;

use std::collections::BTreeMap;

use good_lp::{variable, Expression, ProblemVariables, Variable};

use crate::domain::{Cell, DayKind, Rota, Scenario, Status};

pub use start::{person_columns, start_values};

/// One requirement a person may fill on a day.
#[derive(Clone, Copy, Debug)]
pub struct Fill {
    pub requirement: usize,
    pub shift: usize,
    pub var: Variable,
}

/// The program of one grouping: its variables, constraints and objective.
pub struct GroupingModel<'s> {
    pub s: &'s Scenario,
    pub grouping: usize,
    /// Scenario indices of the grouping's staff, in id order.
    pub persons: Vec<usize>,
    /// Scenario indices of the requirements the grouping owns (itself or its units).
    pub requirements: Vec<usize>,
    pub vars: ProblemVariables,
    /// Kinds of every variable, in creation order (HiGHS column order).
    pub fill: Vec<Vec<Vec<Fill>>>,
    pub rest: Vec<Vec<Option<Variable>>>,
    pub lend: BTreeMap<(usize, usize, usize), Variable>,
    pub unit_short: BTreeMap<(usize, usize), Variable>,
    pub req_short: BTreeMap<(usize, usize), Variable>,
    pub req_over: BTreeMap<(usize, usize), Variable>,
    /// Compensatory-rest balance at the end of each day (office mode).
    pub comp: Vec<Vec<Variable>>,
    pub weekend: BTreeMap<(usize, usize), Variable>,
    /// Most and fewest duty points in the pool, when fairness counts.
    pub points_range: Option<(Variable, Variable)>,
    /// Local indices of the pool members.
    pub pool: Vec<usize>,
    pub constraints: Vec<good_lp::Constraint>,
    pub objective: Expression,
    /// The objective's constant part (good_lp drops it): unmet prefer_on weights.
    pub objective_constant: f64,
    /// Names of the variables, for debugging (kept short).
    pub n_binary: usize,
}

impl<'s> GroupingModel<'s> {
    /// Builds the whole program of grouping `g`.
    pub fn build(s: &'s Scenario, g: usize) -> Self {
        let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
        let requirements: Vec<usize> =
            (0..s.requirements.len()).filter(|&r| s.owner_grouping(s.requirements[r].owner) == g).collect();
        let mut m = GroupingModel {
            s,
            grouping: g,
            persons,
            requirements,
            vars: ProblemVariables::new(),
            fill: Vec::new(),
            rest: Vec::new(),
            lend: BTreeMap::new(),
            unit_short: BTreeMap::new(),
            req_short: BTreeMap::new(),
            req_over: BTreeMap::new(),
            comp: Vec::new(),
            weekend: BTreeMap::new(),
            points_range: None,
            pool: Vec::new(),
            constraints: Vec::new(),
            objective: Expression::from(0.0),
            objective_constant: 0.0,
            n_binary: 0,
        };
        m.make_assignment_vars();
        m.pool = {
            let pool = s.pool(g);
            (0..m.persons.len()).filter(|&pi| pool.contains(&m.persons[pi])).collect()
        };
        rules::add_all(&mut m);
        objective::add_all(&mut m);
        m
    }

    pub fn days(&self) -> usize {
        self.s.days.len()
    }

    /// Does the office exist for this person on this day (office mode, working day, not on leave)?
    pub fn office_day(&self, pi: usize, d: usize) -> bool {
        self.s.office && self.s.days[d].kind == DayKind::Working && !self.s.staff[self.persons[pi]].leave[d]
    }

    fn make_assignment_vars(&mut self) {
        let s = self.s;
        for pi in 0..self.persons.len() {
            let p = self.persons[pi];
            let person = &s.staff[p];
            let mut fills = Vec::with_capacity(self.days());
            let mut rests = Vec::with_capacity(self.days());
            for d in 0..self.days() {
                let mut today = Vec::new();
                if !person.leave[d] {
                    for &r in &self.requirements {
                        let req = &s.requirements[r];
                        let never = person.rules.max_shifts[req.shift] == Some(0)
                            || person.rules.max_duties == Some(0)
                            || person.rules.max_duties_per_month == Some(0);
                        if req.days[d] && !never && s.qualifies(p, r) {
                            let var = self.vars.add(variable().binary());
                            self.n_binary += 1;
                            today.push(Fill { requirement: r, shift: req.shift, var });
                        }
                    }
                }
                fills.push(today);
                let rest = self.office_day(pi, d).then(|| {
                    self.n_binary += 1;
                    self.vars.add(variable().binary())
                });
                rests.push(rest);
            }
            self.fill.push(fills);
            self.rest.push(rests);
        }
    }

    // ----- expressions over the variables -----

    /// 1 when p holds shift `shift` on day d.
    pub fn holds(&self, pi: usize, d: usize, shift: usize) -> Expression {
        self.fill[pi][d].iter().filter(|f| f.shift == shift).map(|f| f.var).sum()
    }

    /// 1 when p holds any shift on day d.
    pub fn any_shift(&self, pi: usize, d: usize) -> Expression {
        self.fill[pi][d].iter().map(|f| f.var).sum()
    }

    /// 1 when p holds a shift on d that overlaps the office hours.
    pub fn day_taking_shift(&self, pi: usize, d: usize) -> Expression {
        let oh = self.s.office_hours;
        self.fill[pi][d].iter().filter(|f| self.s.shifts[f.shift].overlaps_office(oh)).map(|f| f.var).sum()
    }

    /// 1 when p works at an office (theirs or another) on d.
    pub fn at_office(&self, pi: usize, d: usize) -> Expression {
        match self.rest[pi][d] {
            Some(rest) => 1.0 - Expression::from(rest) - self.day_taking_shift(pi, d),
            None => Expression::from(0.0),
        }
    }

    /// 1 when p works (office or shift) on d.
    pub fn works(&self, pi: usize, d: usize) -> Expression {
        match self.rest[pi][d] {
            Some(rest) => 1.0 - Expression::from(rest),
            None => self.any_shift(pi, d),
        }
    }

    /// Can p work on d at all?
    pub fn can_work(&self, pi: usize, d: usize) -> bool {
        self.rest[pi][d].is_some() || !self.fill[pi][d].is_empty()
    }

    /// 1 when d is a recovery day for p: a night shift the day before, rule on.
    pub fn recovery(&self, pi: usize, d: usize) -> Expression {
        let person = &self.s.staff[self.persons[pi]];
        if d == 0 || !person.rules.recovery_after_night {
            return Expression::from(0.0);
        }
        self.fill[pi][d - 1].iter().filter(|f| self.s.shifts[f.shift].is_night()).map(|f| f.var).sum()
    }

    pub fn has_recovery(&self, pi: usize, d: usize) -> bool {
        let person = &self.s.staff[self.persons[pi]];
        d > 0
            && person.rules.recovery_after_night
            && self.fill[pi][d - 1].iter().any(|f| self.s.shifts[f.shift].is_night())
    }

    /// Duty points of p in the horizon (carry-in included).
    pub fn points(&self, pi: usize) -> Expression {
        let mut e = Expression::from(self.s.staff[self.persons[pi]].points_carry_in);
        for day in &self.fill[pi] {
            for f in day {
                e += self.s.requirements[f.requirement].points * f.var;
            }
        }
        e
    }

    // ----- reading a solution back -----

    /// Turns column values into the grouping's rota rows: (person, their cells).
    pub fn extract(&self, value: impl Fn(Variable) -> f64) -> Vec<(usize, Vec<Cell>)> {
        let s = self.s;
        let on = |v: Variable| value(v) > 0.5;
        let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
        for (pi, &p) in self.persons.iter().enumerate() {
            let person = &s.staff[p];
            let mut cells = Vec::with_capacity(self.days());
            for d in 0..self.days() {
                let filled = self.fill[pi][d].iter().find(|f| on(f.var));
                let requirement = filled.map(|f| f.requirement);
                let cell = if person.leave[d] {
                    Cell { status: Status::Leave, at_unit: None, requirement: None }
                } else if let Some(rest) = self.rest[pi][d] {
                    let overlapping = filled.is_some_and(|f| s.shifts[f.shift].overlaps_office(s.office_hours));
                    if on(rest) {
                        Cell { status: Status::Rest, at_unit: None, requirement: None }
                    } else if overlapping {
                        Cell { status: Status::Shift, at_unit: None, requirement }
                    } else {
                        Cell { status: Status::Office, at_unit: Some(person.unit), requirement }
                    }
                } else if requirement.is_some() {
                    Cell { status: Status::Shift, at_unit: None, requirement }
                } else {
                    Cell::OFF
                };
                cells.push(cell);
            }
            rows.push((p, cells));
        }
        self.place_lent_staff(&mut rows, &value);
        rows
    }

    /// Chooses who is lent: for each (from, to, day) the number the program decided,
    /// taken among `from`'s office staff that day — first those lent to the same unit the
    /// day before (fewer hand-overs), then by id.
    fn place_lent_staff(&self, rows: &mut [(usize, Vec<Cell>)], value: &impl Fn(Variable) -> f64) {
        for (&(from, to, d), &var) in &self.lend {
            let mut n = value(var).round().max(0.0) as usize;
            if n == 0 {
                continue;
            }
            let mut candidates: Vec<usize> = (0..rows.len())
                .filter(|&i| {
                    self.s.staff[rows[i].0].unit == from
                        && rows[i].1[d].status == Status::Office
                        && rows[i].1[d].at_unit == Some(from)
                })
                .collect();
            candidates
                .sort_by_key(|&i| (d == 0 || rows[i].1[d - 1].at_unit != Some(to), self.s.staff[rows[i].0].id.clone()));
            for i in candidates {
                if n == 0 {
                    break;
                }
                rows[i].1[d].at_unit = Some(to);
                n -= 1;
            }
        }
    }

    /// The rows of a grouping as a rota over the whole scenario (other groupings off).
    pub fn to_rota(&self, rows: Vec<(usize, Vec<Cell>)>) -> Rota {
        let mut cells = vec![vec![Cell::OFF; self.days()]; self.s.staff.len()];
        for (p, row) in rows {
            cells[p] = row;
        }
        Rota { cells }
    }
}
