//! A starting rota for the solver: column values for every variable of the model,
//! computed from a rota (the constructive heuristic's, or any other). HiGHS repairs a
//! start that breaks a rule, so it need only be close.

use std::collections::HashMap;

use good_lp::Variable;

use super::GroupingModel;
use crate::domain::{Rota, Status};

/// The value of each column (in HiGHS's order) that `rota` implies.
pub fn start_values(m: &GroupingModel, rota: &Rota) -> Vec<f64> {
    let s = m.s;
    let index: HashMap<Variable, usize> =
        m.vars.iter_variables_with_def().enumerate().map(|(i, (v, _))| (v, i)).collect();
    let mut x = vec![0.0; index.len()];
    let mut set = |v: Variable, value: f64| {
        if let Some(&i) = index.get(&v) {
            x[i] = value;
        }
    };
    let cell = |pi: usize, d: usize| rota.cells[m.persons[pi]][d];
    let mut filled = HashMap::new();
    for pi in 0..m.persons.len() {
        for d in 0..m.days() {
            let c = cell(pi, d);
            for f in &m.fill[pi][d] {
                let on = c.requirement == Some(f.requirement);
                set(f.var, f64::from(u8::from(on)));
                if on {
                    *filled.entry((f.requirement, d)).or_insert(0u32) += 1;
                }
            }
            if let Some(rest) = m.rest[pi][d] {
                set(rest, f64::from(u8::from(c.status == Status::Rest)));
            }
        }
    }
    for (&(from, to, d), &var) in &m.lend {
        let n = m.persons.iter().filter(|&&p| s.staff[p].unit == from && rota.cells[p][d].at_unit == Some(to)).count();
        set(var, n as f64);
    }
    for (&(u, d), &var) in &m.unit_short {
        let present = m.persons.iter().filter(|&&p| rota.cells[p][d].at_unit == Some(u)).count() as f64;
        set(var, (s.units[u].min_staff[d] as f64 - present).max(0.0));
    }
    for (&(r, d), &var) in &m.req_short {
        let have = filled.get(&(r, d)).copied().unwrap_or(0) as f64;
        set(var, (s.requirements[r].count as f64 - have).max(0.0));
    }
    for (&(r, d), &var) in &m.req_over {
        let have = filled.get(&(r, d)).copied().unwrap_or(0) as f64;
        set(var, (have - s.requirements[r].count as f64).max(0.0));
    }
    for (pi, balances) in m.comp.iter().enumerate() {
        let p = m.persons[pi];
        let person = &s.staff[p];
        let mut balance = person.comp_carry_in;
        for (d, &var) in balances.iter().enumerate() {
            let c = rota.cells[p][d];
            if s.days[d].is_rest() && c.requirement.is_some() {
                balance += person.rules.comp_per_restday_shift;
            }
            let recovery = d > 0
                && person.rules.recovery_after_night
                && rota.shift(s, p, d - 1).is_some_and(|sh| s.shifts[sh].is_night());
            if c.status == Status::Rest && !recovery {
                balance -= 1.0;
            }
            set(var, balance);
        }
    }
    let weekends = super::rules::weekends(m);
    for (&(pi, w), &var) in &m.weekend {
        let (sat, sun) = weekends[w];
        let worked = [sat, sun].into_iter().flatten().any(|d| cell(pi, d).status.is_work());
        set(var, f64::from(u8::from(worked)));
    }
    if let Some((most, fewest)) = m.points_range {
        let points: Vec<f64> = m
            .pool
            .iter()
            .map(|&pi| {
                let p = m.persons[pi];
                s.staff[p].points_carry_in
                    + (0..m.days())
                        .filter_map(|d| rota.cells[p][d].requirement)
                        .map(|r| s.requirements[r].points)
                        .sum::<f64>()
            })
            .collect();
        set(most, points.iter().copied().fold(f64::MIN, f64::max).max(0.0));
        set(fewest, points.iter().copied().fold(f64::MAX, f64::min).max(0.0));
    }
    x
}

/// The columns that describe person `pi` alone (their duties, rests, comp balance and
/// weekends): what a partial start may fix for a person whose row keeps every rule.
pub fn person_columns(m: &GroupingModel, pi: usize) -> Vec<Variable> {
    let mut cols: Vec<Variable> = m.fill[pi].iter().flatten().map(|f| f.var).collect();
    cols.extend(m.rest[pi].iter().flatten().copied());
    if let Some(balances) = m.comp.get(pi) {
        cols.extend(balances.iter().copied());
    }
    cols.extend(m.weekend.iter().filter(|((p, _), _)| *p == pi).map(|(_, v)| *v));
    cols
}
