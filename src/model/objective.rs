//! The objective of contract section 2: weighted shortfalls, over-staffing, the spread
//! of duty points in the pool, lending, compensatory rest still owed, unmet preferences.

use good_lp::{variable, Expression};

use super::GroupingModel;

pub fn add_all(m: &mut GroupingModel) {
    shortfall(m);
    over_staffing(m);
    fairness(m);
    lending(m);
    comp_owed(m);
    preferences(m);
}

/// Each missing person under a unit minimum costs `weights.shortfall`; each missing
/// person in a requirement its `under_weight`.
fn shortfall(m: &mut GroupingModel) {
    let w = m.s.weights.shortfall;
    for &var in m.unit_short.values() {
        m.objective += w * var;
    }
    for (&(r, _), &var) in &m.req_short {
        m.objective += m.s.requirements[r].under_weight * var;
    }
}

/// Each person beyond a requirement's count costs its `over_weight`.
fn over_staffing(m: &mut GroupingModel) {
    for (&(r, _), &var) in &m.req_over {
        m.objective += m.s.requirements[r].over_weight.unwrap_or(0.0) * var;
    }
}

/// fairness: the spread (most minus fewest) of duty points, carry-in included, over the
/// pool. The spread's LP bound is 0 and lifting it is the slow part of solving, so:
/// when all points are whole numbers, most and fewest are integers; and the pool's total
/// points bound them from either side (most ≥ average ≥ fewest, in integer steps).
fn fairness(m: &mut GroupingModel) {
    let weight = m.s.weights.fairness;
    if weight == 0.0 || m.pool.len() < 2 {
        return;
    }
    let whole = |x: f64| (x - x.round()).abs() < 1e-9;
    let integral = m.requirements.iter().all(|&r| whole(m.s.requirements[r].points))
        && m.pool.iter().all(|&pi| whole(m.s.staff[m.persons[pi]].points_carry_in));
    let bounded = |v: good_lp::VariableDefinition| if integral { v.integer() } else { v };
    let most = m.vars.add(bounded(variable().min(0.0)));
    let fewest = m.vars.add(bounded(variable().min(0.0)));
    let mut total = Expression::from(0.0);
    for &pi in &m.pool.clone() {
        let points = m.points(pi);
        m.constraints.push(points.clone().leq(most));
        m.constraints.push(points.clone().geq(fewest));
        total += points;
    }
    let n = m.pool.len() as f64;
    m.constraints.push(total.clone().leq(n * most));
    m.constraints.push(total.geq(n * fewest));
    if integral {
        average_rounding(m, most, fewest);
    }
    m.constraints.push(Expression::from(fewest).leq(most));
    m.points_range = Some((most, fewest));
    m.objective += weight * (Expression::from(most) - fewest);
}

/// The pool's total points (carry-in included) if every requirement is filled, and the
/// pool's size.
fn full_points(m: &GroupingModel) -> (f64, f64) {
    let s = m.s;
    let mut full = m.pool.iter().map(|&pi| s.staff[m.persons[pi]].points_carry_in).sum::<f64>();
    for &r in &m.requirements {
        let req = &s.requirements[r];
        full += req.points * req.count as f64 * req.days.iter().filter(|d| **d).count() as f64;
    }
    (full, m.pool.len() as f64)
}

/// With every requirement filled, the pool's points total T is known, so the most is at
/// least ⌈T/n⌉ and the fewest at most ⌊T/n⌋ (integers). Each point left unfilled may
/// lower the first by one, each point over a count raise the second by one — so the
/// bounds stay valid for every rota, and the LP sees the spread of ⌈T/n⌉ − ⌊T/n⌋.
fn average_rounding(m: &mut GroupingModel, most: good_lp::Variable, fewest: good_lp::Variable) {
    let s = m.s;
    let (full, n) = full_points(m);
    let mut unfilled = Expression::from(0.0);
    for (&(r, _), &var) in &m.req_short {
        unfilled += s.requirements[r].points * var;
    }
    let mut extra = Expression::from(0.0);
    for (&(r, _), &var) in &m.req_over {
        extra += s.requirements[r].points * var;
    }
    let high = (full / n - 1e-9).ceil();
    let low = (full / n + 1e-9).floor();
    m.constraints.push((Expression::from(most) + unfilled).geq(high));
    m.constraints.push((Expression::from(fewest) - extra).leq(low));
}

/// Each person-day worked at another unit's office costs `weights.lending`.
fn lending(m: &mut GroupingModel) {
    let w = m.s.weights.lending;
    for &var in m.lend.values() {
        m.objective += w * var;
    }
}

/// Each compensatory rest day still owed at the end costs `weights.comp_owed`.
fn comp_owed(m: &mut GroupingModel) {
    let w = m.s.weights.comp_owed;
    for balances in &m.comp {
        if let Some(&last) = balances.last() {
            m.objective += w * last;
        }
    }
}

/// Unmet preferences cost their weight times `weights.preference`: prefer_off is unmet
/// when the shift (any shift, if none is named) is held; prefer_on when it is not.
fn preferences(m: &mut GroupingModel) {
    let w = m.s.weights.preference;
    for pi in 0..m.persons.len() {
        let person = &m.s.staff[m.persons[pi]];
        for pref in &person.prefer_off {
            let held = match pref.shift {
                Some(shift) => m.holds(pi, pref.day, shift),
                None => m.any_shift(pi, pref.day),
            };
            m.objective += w * pref.weight * held;
        }
        for pref in &person.prefer_on {
            let Some(shift) = pref.shift else { continue };
            m.objective_constant += w * pref.weight;
            m.objective -= w * pref.weight * m.holds(pi, pref.day, shift);
        }
    }
}
