//! The objective and totals of a written rota, recomputed from the rota itself (never
//! copied from the solver). `rota verify` has an independent implementation of its own.

use serde::Serialize;

use crate::domain::{Rota, Scenario, Status};

/// min / mean / max / population standard deviation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub min: f64,
    pub mean: f64,
    pub max: f64,
    pub stdev: f64,
}

impl Stats {
    pub fn of(values: &[f64]) -> Stats {
        if values.is_empty() {
            return Stats::default();
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        Stats {
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            mean,
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            stdev: var.sqrt(),
        }
    }
}

/// The figures of one grouping (or, summed, of the whole scenario).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub objective: f64,
    pub shortfall: f64,
    pub unit_shortfall: f64,
    pub unit_days_below_min: u64,
    pub over: f64,
    pub lending_person_days: u64,
    pub comp_earned: f64,
    pub comp_taken: u64,
    pub recovery_days: u64,
    pub comp_owed: f64,
    pub preferences_unmet: u64,
    pub max_consecutive_work_days: u64,
    /// Horizon duty points of each pool member (carry-in excluded).
    pub pool_points: Vec<f64>,
    /// Most minus fewest points, carry-in included (the fairness term's spread).
    pub spread: f64,
}

/// Was day d a recovery day for person p (a night shift the day before, rule on)?
pub fn is_recovery(s: &Scenario, rota: &Rota, p: usize, d: usize) -> bool {
    d > 0 && s.staff[p].rules.recovery_after_night && rota.shift(s, p, d - 1).is_some_and(|sh| s.shifts[sh].is_night())
}

/// The figures of grouping g: its staff's terms and its requirements' and units' terms.
pub fn grouping_figures(s: &Scenario, rota: &Rota, g: usize) -> Figures {
    let w = &s.weights;
    let mut f = Figures::default();
    let staff: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    // Unit minimums.
    if s.office {
        for &u in &s.groupings[g].units {
            for (d, day) in s.days.iter().enumerate() {
                if !day.is_working() {
                    continue;
                }
                let have = rota
                    .cells
                    .iter()
                    .filter(|row| row[d].status == Status::Office && row[d].at_unit == Some(u))
                    .count();
                let missing = (s.units[u].min_staff[d] as f64 - have as f64).max(0.0);
                if missing > 0.0 {
                    f.unit_shortfall += missing;
                    f.unit_days_below_min += 1;
                }
            }
        }
    }
    // Requirements.
    let mut req_cost = 0.0;
    for (r, req) in s.requirements.iter().enumerate() {
        if s.owner_grouping(req.owner) != g {
            continue;
        }
        for d in 0..s.days.len() {
            if !req.days[d] {
                continue;
            }
            let have = rota.cells.iter().filter(|row| row[d].requirement == Some(r)).count() as f64;
            let missing = (req.count as f64 - have).max(0.0);
            let extra = (have - req.count as f64).max(0.0);
            f.shortfall += missing;
            f.over += extra;
            req_cost += missing * req.under_weight + extra * req.over_weight.unwrap_or(0.0);
        }
    }
    // People: lending, comp, preferences, runs.
    let mut pref_cost = 0.0;
    for &p in &staff {
        let person = &s.staff[p];
        let mut balance = person.comp_carry_in;
        let mut run = 0u64;
        for (d, day) in s.days.iter().enumerate() {
            let c = rota.cells[p][d];
            if c.status == Status::Office && c.at_unit != Some(person.unit) {
                f.lending_person_days += 1;
            }
            if s.office {
                if day.is_rest() && c.requirement.is_some() {
                    balance += person.rules.comp_per_restday_shift;
                    f.comp_earned += person.rules.comp_per_restday_shift;
                }
                if c.status == Status::Rest {
                    if is_recovery(s, rota, p, d) {
                        f.recovery_days += 1;
                    } else {
                        balance -= 1.0;
                        f.comp_taken += 1;
                    }
                }
            }
            run = if c.status.is_work() { run + 1 } else { 0 };
            f.max_consecutive_work_days = f.max_consecutive_work_days.max(run);
        }
        if s.office {
            f.comp_owed += balance;
        }
        for pref in &person.prefer_off {
            let held = rota.shift(s, p, pref.day);
            if held.is_some() && (pref.shift.is_none() || held == pref.shift) {
                f.preferences_unmet += 1;
                pref_cost += pref.weight;
            }
        }
        for pref in &person.prefer_on {
            if rota.shift(s, p, pref.day) != pref.shift {
                f.preferences_unmet += 1;
                pref_cost += pref.weight;
            }
        }
    }
    // Fairness over the pool.
    let pool = s.pool(g);
    let horizon_points = |p: usize| -> f64 {
        rota.cells[p].iter().filter_map(|c| c.requirement).map(|r| s.requirements[r].points).sum()
    };
    f.pool_points = pool.iter().map(|&p| horizon_points(p)).collect();
    let with_carry: Vec<f64> = pool.iter().map(|&p| horizon_points(p) + s.staff[p].points_carry_in).collect();
    f.spread = if with_carry.len() < 2 { 0.0 } else { Stats::of(&with_carry).max - Stats::of(&with_carry).min };

    f.objective = w.shortfall * f.unit_shortfall
        + req_cost
        + w.fairness * f.spread
        + w.lending * f.lending_person_days as f64
        + w.comp_owed * f.comp_owed
        + w.preference * pref_cost;
    f
}

/// Adds grouping figures into scenario totals.
pub fn total(parts: &[Figures]) -> Figures {
    let mut t = Figures::default();
    for f in parts {
        t.objective += f.objective;
        t.shortfall += f.shortfall;
        t.unit_shortfall += f.unit_shortfall;
        t.unit_days_below_min += f.unit_days_below_min;
        t.over += f.over;
        t.lending_person_days += f.lending_person_days;
        t.comp_earned += f.comp_earned;
        t.comp_taken += f.comp_taken;
        t.recovery_days += f.recovery_days;
        t.comp_owed += f.comp_owed;
        t.preferences_unmet += f.preferences_unmet;
        t.max_consecutive_work_days = t.max_consecutive_work_days.max(f.max_consecutive_work_days);
        t.pool_points.extend_from_slice(&f.pool_points);
        t.spread += f.spread;
    }
    t
}
