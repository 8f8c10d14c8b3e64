//! Local search on a starting rota: move one duty at a time from a person with many
//! duty points to one with few, keeping every hard rule, while the objective falls.

use super::greedy::take_comp_rests;
use super::legal::person_is_legal;
use crate::domain::{Cell, Rota, Scenario, Status};
use crate::report::evaluate::is_recovery;

/// Moves tried at most for one grouping (a count, not a time, so that the same input
/// gives the same rota on any machine).
const BUDGET: usize = 20_000;

/// What a move can change, summed over the people and units it touches: their comp
/// owed, unmet preferences, lending, and the shortfall of the units concerned.
fn local_cost(s: &Scenario, rota: &Rota, persons: &[usize], touched: &[usize]) -> f64 {
    let w = &s.weights;
    let mut cost = 0.0;
    let mut units: Vec<usize> = Vec::new();
    for &p in touched {
        let person = &s.staff[p];
        units.push(person.unit);
        let mut balance = person.comp_carry_in;
        for d in 0..s.days.len() {
            let c = rota.cells[p][d];
            if s.office && s.days[d].is_rest() && c.requirement.is_some() {
                balance += person.rules.comp_per_restday_shift;
            }
            if c.status == Status::Rest && !is_recovery(s, rota, p, d) {
                balance -= 1.0;
            }
            if c.status == Status::Office {
                if let Some(u) = c.at_unit {
                    units.push(u);
                    if u != person.unit {
                        cost += w.lending;
                    }
                }
            }
        }
        if s.office {
            cost += w.comp_owed * balance;
        }
        for pref in &person.prefer_off {
            let held = rota.shift(s, p, pref.day);
            if held.is_some() && (pref.shift.is_none() || held == pref.shift) {
                cost += w.preference * pref.weight;
            }
        }
        for pref in &person.prefer_on {
            if rota.shift(s, p, pref.day) != pref.shift {
                cost += w.preference * pref.weight;
            }
        }
    }
    units.sort_unstable();
    units.dedup();
    for u in units {
        for (d, day) in s.days.iter().enumerate() {
            let need = s.units[u].min_staff[d] as usize;
            if need == 0 || !day.is_working() {
                continue;
            }
            let have = persons
                .iter()
                .filter(|&&p| rota.cells[p][d].status == Status::Office && rota.cells[p][d].at_unit == Some(u))
                .count();
            cost += w.shortfall * need.saturating_sub(have) as f64;
        }
    }
    cost
}

/// Duty points with carry-in.
fn points(s: &Scenario, rota: &Rota, p: usize) -> f64 {
    s.staff[p].points_carry_in
        + rota.cells[p].iter().filter_map(|c| c.requirement).map(|r| s.requirements[r].points).sum::<f64>()
}

/// The fairness term and, for ties, the sum of squared points (closer together is better,
/// so moves that do not yet change the spread still lead towards a smaller one).
fn fairness(s: &Scenario, pts: &[f64]) -> (f64, f64) {
    if pts.len() < 2 {
        return (0.0, 0.0);
    }
    let most = pts.iter().copied().fold(f64::MIN, f64::max);
    let fewest = pts.iter().copied().fold(f64::MAX, f64::min);
    (s.weights.fairness * (most - fewest), pts.iter().map(|x| x * x).sum())
}

pub fn improve(s: &Scenario, g: usize, rota: &mut Rota) {
    let pool = s.pool(g);
    if pool.len() < 2 {
        return;
    }
    let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    let mut pts: Vec<f64> = pool.iter().map(|&p| points(s, rota, p)).collect();
    let mut tried = 0;
    'rounds: while tried < BUDGET {
        // Pairs from the largest difference in points down.
        let mut order: Vec<usize> = (0..pool.len()).collect();
        order.sort_by(|&x, &y| pts[y].total_cmp(&pts[x]).then(pool[x].cmp(&pool[y])));
        for (i, &ia) in order.iter().enumerate() {
            for &ib in order[i + 1..].iter().rev() {
                let (a, b) = (pool[ia], pool[ib]);
                if pts[ia] <= pts[ib] {
                    break;
                }
                for d in 0..s.days.len() {
                    let Some(r) = rota.cells[a][d].requirement else { continue };
                    if tried >= BUDGET {
                        break 'rounds;
                    }
                    let points_r = s.requirements[r].points;
                    if !s.qualifies(b, r) || pts[ia] - pts[ib] < points_r - 1e-9 {
                        continue;
                    }
                    tried += 1;
                    let before = (fairness(s, &pts), local_cost(s, rota, &persons, &[a, b]));
                    let saved = (rota.cells[a].clone(), rota.cells[b].clone());
                    if !transfer(s, rota, a, b, d, r) || !legal_after(s, rota, &persons, a, b, d) {
                        (rota.cells[a], rota.cells[b]) = saved;
                        continue;
                    }
                    let mut moved = pts.clone();
                    moved[ia] -= points_r;
                    moved[ib] += points_r;
                    let after = (fairness(s, &moved), local_cost(s, rota, &persons, &[a, b]));
                    let delta = after.0 .0 + after.1 - before.0 .0 - before.1;
                    if delta < -1e-9 || (delta < 1e-9 && after.0 .1 < before.0 .1 - 1e-9) {
                        pts = moved;
                        continue 'rounds;
                    }
                    (rota.cells[a], rota.cells[b]) = saved;
                }
            }
        }
        break;
    }
    if s.office {
        take_comp_rests(s, &persons, &mut rota.cells);
    }
}

/// Moves duty r on day d from a to b, with the recovery day that follows a night.
/// False when b cannot take it at all (not free that day).
fn transfer(s: &Scenario, rota: &mut Rota, a: usize, b: usize, d: usize, r: usize) -> bool {
    let shift = &s.shifts[s.requirements[r].shift];
    let working = s.office && s.days[d].is_working();
    let takes_day = !working || shift.overlaps_office(s.office_hours);
    let cb = rota.cells[b][d];
    if cb.requirement.is_some() || !matches!(cb.status, Status::Office | Status::Off) {
        return false;
    }
    // a gives the duty up: back to the office on a working day, off otherwise.
    let ca = rota.cells[a][d];
    rota.cells[a][d] = match ca.status {
        Status::Office => Cell { requirement: None, ..ca },
        _ if working => Cell { status: Status::Office, at_unit: Some(s.staff[a].unit), requirement: None },
        _ => Cell::OFF,
    };
    // b takes it.
    rota.cells[b][d] = if takes_day {
        Cell { status: Status::Shift, at_unit: None, requirement: Some(r) }
    } else {
        Cell { requirement: Some(r), ..cb }
    };
    give_back_rests(s, rota, a);
    let b_earns = s.office && s.days[d].is_rest();
    if shift.is_night() && d + 1 < s.days.len() {
        let next_working = s.office && s.days[d + 1].is_working();
        if s.staff[a].rules.recovery_after_night && rota.cells[a][d + 1].status == Status::Rest {
            rota.cells[a][d + 1] = Cell { status: Status::Office, at_unit: Some(s.staff[a].unit), requirement: None };
        }
        if s.staff[b].rules.recovery_after_night {
            let next = rota.cells[b][d + 1];
            if next.requirement.is_some() {
                return false;
            }
            if next.status == Status::Office && next_working {
                rota.cells[b][d + 1] = Cell { status: Status::Rest, at_unit: None, requirement: None };
            }
        }
    }
    if b_earns {
        take_comp_rests(s, &[b], &mut rota.cells);
    }
    true
}

/// After losing a rest-day duty, a person may have rested on comp they no longer earn:
/// their latest comp rests go back to office days until the balance holds.
fn give_back_rests(s: &Scenario, rota: &mut Rota, p: usize) {
    if !s.office {
        return;
    }
    let person = &s.staff[p];
    loop {
        let mut balance = person.comp_carry_in;
        let mut negative = false;
        for d in 0..s.days.len() {
            let c = rota.cells[p][d];
            if s.days[d].is_rest() && c.requirement.is_some() {
                balance += person.rules.comp_per_restday_shift;
            }
            if c.status == Status::Rest && !is_recovery(s, rota, p, d) {
                balance -= 1.0;
            }
            negative |= balance < -1e-9;
        }
        if !negative {
            return;
        }
        let last =
            (0..s.days.len()).rev().find(|&d| rota.cells[p][d].status == Status::Rest && !is_recovery(s, rota, p, d));
        let Some(d) = last else { return };
        rota.cells[p][d] = Cell { status: Status::Office, at_unit: Some(person.unit), requirement: None };
    }
}

/// Both people keep their rules, and b's unit keeps its resting cap the day after.
fn legal_after(s: &Scenario, rota: &Rota, persons: &[usize], a: usize, b: usize, d: usize) -> bool {
    if !person_is_legal(s, rota, a) || !person_is_legal(s, rota, b) {
        return false;
    }
    let u = s.staff[b].unit;
    let Some(cap) = s.units[u].max_resting else { return true };
    (d..(d + 2).min(s.days.len())).all(|x| {
        persons.iter().filter(|&&p| s.staff[p].unit == u && rota.cells[p][x].status == Status::Rest).count() as u32
            <= cap
    })
}
