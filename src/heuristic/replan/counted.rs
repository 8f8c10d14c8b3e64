//! The counted rules of a row — minutes, weekends, duties, shifts per kind, duties per
//! month — and the prices that the re-planning puts on them.

use chrono::{Datelike, Weekday};

use crate::domain::{Rules, Scenario};

/// The counted rules' prices for one person, in the order of `counted_rules`: minutes
/// (signed: below zero it pays to work more), weekends, duties, each shift kind, each
/// month. Kept between passes, so that the next re-plan starts near prices that worked.
#[derive(Clone)]
pub(super) struct Prices {
    pub(super) price: Vec<f64>,
}

impl Prices {
    pub(super) const MINUTES: usize = 0;
    pub(super) const WEEKENDS: usize = 1;
    pub(super) const DUTIES: usize = 2;
    pub(super) const SHIFTS: usize = 3;

    pub(super) fn new(s: &Scenario) -> Self {
        Prices { price: vec![0.0; Self::SHIFTS + s.shifts.len() + months(s)] }
    }

    pub(super) fn shift(&self, t: usize) -> f64 {
        self.price[Self::SHIFTS + t]
    }

    pub(super) fn month(&self, shifts: usize, m: usize) -> f64 {
        self.price[Self::SHIFTS + shifts + m]
    }
}

pub(super) fn months(s: &Scenario) -> usize {
    s.days.last().map_or(1, |d| d.month + 1)
}

/// One counted rule of a row: its count against its limits.
pub(super) struct Limit {
    pub(super) count: u64,
    pub(super) low: Option<u64>,
    pub(super) high: Option<u64>,
}

impl Limit {
    /// +1 above the upper limit (the price must rise), −1 below the lower one.
    pub(super) fn direction(&self) -> i8 {
        if self.high.is_some_and(|h| self.count > h) {
            1
        } else if self.low.is_some_and(|l| self.count < l) {
            -1
        } else {
            0
        }
    }

    /// Could the price come closer to zero without breaking the rule at once?
    pub(super) fn room(&self, price: f64) -> bool {
        (price > 0.0 && self.high.map_or(true, |h| self.count < h))
            || (price < 0.0 && self.low.map_or(true, |l| self.count > l))
    }
}

/// The counted rules of a row, in the order of `Prices`.
pub(super) fn counted_rules(rules: &Rules, tally: &Tally) -> Vec<Limit> {
    let of = |m: Option<u32>| m.map(u64::from);
    let at_most = |count: u32, m: Option<u32>| Limit { count: count.into(), low: None, high: of(m) };
    let mut out = vec![
        Limit { count: tally.minutes, low: of(rules.min_minutes), high: of(rules.max_minutes) },
        at_most(tally.weekends, rules.max_weekends),
        at_most(tally.duties, rules.max_duties),
    ];
    out.extend(tally.per_shift.iter().zip(&rules.max_shifts).map(|(&c, &m)| at_most(c, m)));
    out.extend(tally.per_month.iter().map(|&c| at_most(c, rules.max_duties_per_month)));
    out
}

/// The counts a row's counted rules look at.
pub(super) struct Tally {
    pub(super) minutes: u64,
    pub(super) weekends: u32,
    pub(super) duties: u32,
    pub(super) per_shift: Vec<u32>,
    pub(super) per_month: Vec<u32>,
}

impl Tally {
    pub(super) fn of(s: &Scenario, shifts: &[Option<usize>]) -> Self {
        let mut t = Tally {
            minutes: 0,
            weekends: 0,
            duties: 0,
            per_shift: vec![0; s.shifts.len()],
            per_month: vec![0; months(s)],
        };
        for (d, x) in shifts.iter().enumerate() {
            let Some(x) = *x else { continue };
            t.minutes += s.shifts[x].minutes as u64;
            t.duties += 1;
            t.per_shift[x] += 1;
            t.per_month[s.days[d].month] += 1;
            if starts_weekend(s, d, d > 0 && shifts[d - 1].is_some()) {
                t.weekends += 1;
            }
        }
        t
    }
}

/// Does a shift on day d count a weekend worked? A weekend is counted once: on
/// Saturday, or on Sunday when Saturday was free (or is before the first day).
pub(super) fn starts_weekend(s: &Scenario, d: usize, worked_yesterday: bool) -> bool {
    match s.days[d].date.weekday() {
        Weekday::Sat => true,
        Weekday::Sun => d == 0 || !worked_yesterday,
        _ => false,
    }
}
