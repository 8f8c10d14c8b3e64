//! The objective of contract section 2 and the figures of summary.json (section 6),
//! recomputed from a rota alone. A person's terms go to their home unit's grouping; a
//! requirement's to its owner's grouping.

use super::counts::comp_ledger;
use super::facts::{home_grouping, owner_grouping, qualifies, runs};
use super::table::{RotaTable, Status};
use crate::domain::Scenario;

/// Minimum, mean, maximum and population standard deviation of a set of values
/// (all zero for an empty set).
#[derive(Clone, Debug, Default, PartialEq)]
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
        let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        Stats {
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            mean,
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            stdev: var.sqrt(),
        }
    }
}

/// The weighted terms of the objective (each already multiplied by its weight).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Terms {
    /// shortfall weight × missing persons under unit minimums.
    pub unit_shortfall: f64,
    /// under_weight × missing persons in requirements.
    pub shortfall: f64,
    /// over_weight × extra persons in requirements that allow them.
    pub over: f64,
    /// fairness weight × spread of duty points (carry-in included) in the pool.
    pub fairness: f64,
    /// lending weight × person-days worked at another unit's office.
    pub lending: f64,
    /// comp_owed weight × compensatory rest days owed at the end.
    pub comp_owed: f64,
    /// preference weight × Σ weights of unmet preference-days.
    pub preferences: f64,
}

impl Terms {
    pub fn total(&self) -> f64 {
        self.unit_shortfall
            + self.shortfall
            + self.over
            + self.fairness
            + self.lending
            + self.comp_owed
            + self.preferences
    }
    fn add(&mut self, other: &Terms) {
        self.unit_shortfall += other.unit_shortfall;
        self.shortfall += other.shortfall;
        self.over += other.over;
        self.fairness += other.fairness;
        self.lending += other.lending;
        self.comp_owed += other.comp_owed;
        self.preferences += other.preferences;
    }
}

/// The `totals` of summary.json.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub shortfall: u64,
    pub unit_shortfall: u64,
    pub unit_days_below_min: u64,
    pub over: u64,
    pub lending_person_days: u64,
    pub comp_earned: f64,
    pub comp_taken: u64,
    pub recovery_days: u64,
    pub comp_owed: f64,
    /// Horizon points (carry-in excluded) over every pool member.
    pub duty_points: Stats,
    pub preferences_unmet: u64,
    pub max_consecutive_work_days: u64,
}

/// One entry of summary.json's `groupings`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupingFigures {
    pub id: String,
    pub objective: f64,
    pub terms: Terms,
    pub shortfall: u64,
    pub unit_shortfall: u64,
    pub lending_person_days: u64,
    /// Horizon points (carry-in excluded) over the grouping's pool.
    pub duty_points: Stats,
    /// The pool, as staff indices.
    pub pool: Vec<usize>,
    /// Most minus fewest duty points in the pool, carry-in included.
    pub spread: f64,
}

/// Everything verify recomputes from a rota.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    pub objective: f64,
    pub terms: Terms,
    pub totals: Totals,
    /// In the scenario's grouping order (by id).
    pub groupings: Vec<GroupingFigures>,
    /// People at each unit's office on each day: `unit_have[unit][day]`.
    pub unit_have: Vec<Vec<u64>>,
    /// People filling each requirement on each day: `requirement_have[req][day]`.
    pub requirement_have: Vec<Vec<u64>>,
    /// Horizon duty points of each person (carry-in excluded).
    pub points: Vec<f64>,
}

/// Recomputes the objective and every figure of summary.json from rota `t`.
pub fn evaluate(s: &Scenario, t: &RotaTable) -> Evaluation {
    let mut e = Evaluation {
        groupings: s.groupings.iter().map(|g| GroupingFigures { id: g.id.clone(), ..Default::default() }).collect(),
        unit_have: unit_have(s, t),
        requirement_have: requirement_have(s, t),
        points: points(s, t),
        ..Default::default()
    };
    unit_terms(s, &mut e);
    requirement_terms(s, &mut e);
    for p in 0..s.staff.len() {
        person_terms(s, t, p, &mut e);
    }
    fairness(s, &mut e);
    e.totals.max_consecutive_work_days = longest_work_run(s, t);
    for g in &mut e.groupings {
        g.objective = g.terms.total();
        e.terms.add(&g.terms);
    }
    e.objective = e.groupings.iter().map(|g| g.objective).sum();
    e
}

/// People at the office of each unit on each day (lent-in counted, lent-out not).
fn unit_have(s: &Scenario, t: &RotaTable) -> Vec<Vec<u64>> {
    let mut have = vec![vec![0u64; s.days.len()]; s.units.len()];
    for p in 0..s.staff.len() {
        for (d, _) in s.days.iter().enumerate() {
            let Some(cell) = t.cell(p, d) else { continue };
            if let (Status::Office, Some(u)) = (cell.status, cell.at_unit.known()) {
                have[u][d] += 1;
            }
        }
    }
    have
}

/// People naming each requirement on each day.
fn requirement_have(s: &Scenario, t: &RotaTable) -> Vec<Vec<u64>> {
    let mut have = vec![vec![0u64; s.days.len()]; s.requirements.len()];
    for p in 0..s.staff.len() {
        for (d, _) in s.days.iter().enumerate() {
            if let Some(r) = t.requirement(p, d) {
                have[r][d] += 1;
            }
        }
    }
    have
}

/// Horizon duty points: the points of every requirement a person fills.
fn points(s: &Scenario, t: &RotaTable) -> Vec<f64> {
    (0..s.staff.len())
        .map(|p| (0..s.days.len()).filter_map(|d| t.requirement(p, d)).map(|r| s.requirements[r].points).sum())
        .collect()
}

/// Missing persons under each unit's minimum on each working day (office = true).
fn unit_terms(s: &Scenario, e: &mut Evaluation) {
    if !s.office {
        return;
    }
    for (u, unit) in s.units.iter().enumerate() {
        let g = &mut e.groupings[unit.grouping];
        for (d, day) in s.days.iter().enumerate() {
            let missing = u64::from(unit.min_staff[d]).saturating_sub(e.unit_have[u][d]);
            if !day.is_working() || missing == 0 {
                continue;
            }
            e.totals.unit_shortfall += missing;
            e.totals.unit_days_below_min += 1;
            g.unit_shortfall += missing;
            g.terms.unit_shortfall += s.weights.shortfall * missing as f64;
        }
    }
}

/// Missing and extra persons in each requirement on each day it applies.
fn requirement_terms(s: &Scenario, e: &mut Evaluation) {
    for (r, req) in s.requirements.iter().enumerate() {
        let g = &mut e.groupings[owner_grouping(s, r)];
        for d in (0..s.days.len()).filter(|&d| req.days[d]) {
            let have = e.requirement_have[r][d];
            let count = u64::from(req.count);
            let (missing, extra) = (count.saturating_sub(have), have.saturating_sub(count));
            e.totals.shortfall += missing;
            e.totals.over += extra;
            g.shortfall += missing;
            g.terms.shortfall += req.under_weight * missing as f64;
            g.terms.over += req.over_weight.unwrap_or(0.0) * extra as f64;
        }
    }
}

/// A person's lending days, compensatory rest and unmet preferences.
fn person_terms(s: &Scenario, t: &RotaTable, p: usize, e: &mut Evaluation) {
    let person = &s.staff[p];
    let g = &mut e.groupings[home_grouping(s, p)];
    let lent = (0..s.days.len())
        .filter_map(|d| t.cell(p, d))
        .filter(|c| c.status == Status::Office && c.at_unit.known().is_some_and(|u| u != person.unit))
        .count() as u64;
    e.totals.lending_person_days += lent;
    g.lending_person_days += lent;
    g.terms.lending += s.weights.lending * lent as f64;

    if s.office {
        let ledger = comp_ledger(s, t, p);
        let owed = ledger.balance.max(0.0);
        e.totals.comp_earned += ledger.earned;
        e.totals.comp_taken += ledger.taken;
        e.totals.recovery_days += ledger.recovery;
        e.totals.comp_owed += owed;
        g.terms.comp_owed += s.weights.comp_owed * owed;
    }

    let (unmet, weight) = unmet_preferences(s, t, p);
    e.totals.preferences_unmet += unmet;
    g.terms.preferences += s.weights.preference * weight;
}

/// Unmet preference-days of `p` and the sum of their weights. prefer_off is unmet when
/// the person holds that shift (any shift, if none is named) that day; prefer_on when
/// they do not hold that shift that day (leave included).
fn unmet_preferences(s: &Scenario, t: &RotaTable, p: usize) -> (u64, f64) {
    let person = &s.staff[p];
    let holds_any = |d: usize| t.cell(p, d).is_some_and(|c| c.shift.is_some());
    let off_unmet = person.prefer_off.iter().filter(|pref| match pref.shift {
        Some(k) => t.shift(p, pref.day) == Some(k),
        None => holds_any(pref.day),
    });
    let on_unmet = person.prefer_on.iter().filter(|pref| pref.shift.is_none() || t.shift(p, pref.day) != pref.shift);
    off_unmet.chain(on_unmet).fold((0, 0.0), |(n, w), pref| (n + 1, w + pref.weight))
}

/// The pool of each grouping: the staff who, on some day when not on leave, qualify
/// for a requirement owned by the grouping or one of its units that applies that day.
/// Only a grouping's own staff can qualify for its requirements.
pub fn pools(s: &Scenario) -> Vec<Vec<usize>> {
    let mut owned: Vec<Vec<usize>> = vec![Vec::new(); s.groupings.len()];
    for r in 0..s.requirements.len() {
        owned[owner_grouping(s, r)].push(r);
    }
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); s.groupings.len()];
    for (p, person) in s.staff.iter().enumerate() {
        let g = home_grouping(s, p);
        let available = |r: usize| (0..s.days.len()).any(|d| s.requirements[r].days[d] && !person.leave[d]);
        if owned[g].iter().any(|&r| qualifies(s, p, r) && available(r)) {
            pools[g].push(p);
        }
    }
    pools
}

/// Duty points per pool: the spread (carry-in included) for the fairness term, the
/// statistics (carry-in excluded) for the summary.
fn fairness(s: &Scenario, e: &mut Evaluation) {
    let mut everyone = Vec::new();
    for (g, pool) in e.groupings.iter_mut().zip(pools(s)) {
        g.pool = pool;
        let horizon: Vec<f64> = g.pool.iter().map(|&p| e.points[p]).collect();
        let with_carry: Vec<f64> = g.pool.iter().map(|&p| e.points[p] + s.staff[p].points_carry_in).collect();
        let all = Stats::of(&with_carry);
        g.spread = all.max - all.min;
        g.terms.fairness = s.weights.fairness * g.spread;
        g.duty_points = Stats::of(&horizon);
        everyone.extend(horizon);
    }
    e.totals.duty_points = Stats::of(&everyone);
}

/// The longest run of work days of anyone, inside the horizon.
fn longest_work_run(s: &Scenario, t: &RotaTable) -> u64 {
    (0..s.staff.len())
        .flat_map(|p| runs(s.days.len(), |d| t.works(p, d)))
        .map(|(a, b)| (b - a + 1) as u64)
        .max()
        .unwrap_or(0)
}
