//! One person's planning problem: what each shift on each day would cost, the run
//! rules as numbers, and the search for the best row that keeps every rule.

use super::counted::{counted_rules, Limit, Prices, Tally};
use super::program::Path;
use super::{blank_row, Cover, PRICE_ROUNDS};
use crate::domain::{Cell, Rota, Scenario, Status};
use crate::heuristic::legal::person_is_legal;

/// One person's planning problem: per day and shift, the best requirement to fill and
/// what it costs; and the run rules as numbers.
pub(super) struct Plan<'a> {
    pub(super) s: &'a Scenario,
    pub(super) cover: &'a Cover,
    pub(super) p: usize,
    /// `options[d][t]`: the requirement of shift t to fill on day d and its cost (cover
    /// and the person's wishes), if p may hold shift t on d at all.
    pub(super) options: Vec<Vec<Option<(usize, f64)>>>,
    /// `wishes[d][t]`: what holding shift t on day d does to the person's wishes.
    pub(super) wishes: Vec<Vec<f64>>,
    /// Days the person must hold some shift on (a branch of `solve::branch`): only
    /// the exact program (`labels.rs`) keeps them.
    pub(super) must_work: Vec<bool>,
    /// Small differences between otherwise equal choices, for the program only: a place
    /// short of more people is a little better, and a fixed jitter breaks the remaining
    /// ties — without them every day looks the same and a price flips a row from no
    /// work at all to all the work there is.
    pub(super) nudge: Vec<Vec<f64>>,
    /// May shift b follow shift a on the next day?
    pub(super) follows: Vec<Vec<bool>>,
    /// Must the day after shift a be free (recovery after a night)?
    pub(super) recovery: Vec<bool>,
    pub(super) min_work: usize,
    pub(super) max_work: Option<usize>,
    pub(super) min_off: usize,
    /// min_days_between_duties of 2 or more: never two days of work in a row.
    pub(super) apart: bool,
    /// A typical cost of one day's choice, the scale for prices.
    pub(super) scale: f64,
}

impl<'a> Plan<'a> {
    pub(super) fn new(s: &'a Scenario, cover: &'a Cover, p: usize) -> Self {
        let person = &s.staff[p];
        let rules = &person.rules;
        let n_shifts = s.shifts.len();
        let w = s.weights.preference;
        let mut options = vec![vec![None; n_shifts]; s.days.len()];
        let mut scale: f64 = 0.0;
        for (d, day_options) in options.iter_mut().enumerate() {
            if person.leave[d] {
                continue;
            }
            for (i, &r) in cover.today[d].iter().enumerate() {
                if !s.qualifies(p, r) {
                    continue;
                }
                let Some(cost) = cover.marginal(s, d, i) else { continue };
                scale = scale.max(cost.abs());
                let t = s.requirements[r].shift;
                if day_options[t].map_or(true, |(_, c)| cost < c) {
                    day_options[t] = Some((r, cost));
                }
            }
        }
        // Wishes: a shift wished off costs its weight when held; a shift wished on
        // saves its weight when held (the constant of the unmet wish is left out).
        let mut wishes = vec![vec![0.0; n_shifts]; s.days.len()];
        for pref in &person.prefer_off {
            scale = scale.max((w * pref.weight).abs());
            for (t, x) in wishes[pref.day].iter_mut().enumerate() {
                if pref.shift.map_or(true, |y| y == t) {
                    *x += w * pref.weight;
                }
            }
        }
        for pref in &person.prefer_on {
            if let Some(t) = pref.shift {
                wishes[pref.day][t] -= w * pref.weight;
            }
        }
        for (day_options, day_wishes) in options.iter_mut().zip(&wishes) {
            for (o, x) in day_options.iter_mut().zip(day_wishes) {
                if let Some((_, c)) = o {
                    *c += x;
                }
            }
        }
        if rules.max_consecutive_work_days == Some(0) {
            // Not one day of work allowed.
            options.iter_mut().flatten().for_each(|o| *o = None);
        }
        let scale = if scale > 0.0 { scale } else { 1.0 };
        let mut nudge = vec![vec![0.0; n_shifts]; s.days.len()];
        for (d, row) in nudge.iter_mut().enumerate() {
            for (t, x) in row.iter_mut().enumerate() {
                let Some((r, _)) = options[d][t] else { continue };
                let short = cover.slot(d, r).map_or(0, |i| s.requirements[r].count.saturating_sub(cover.fill[d][i]));
                let jitter =
                    (crate::heuristic::scramble((p * 7919 + d) as u64 * 131 + t as u64) % 1000) as f64 / 1000.0;
                // At column generation's prices the worth already says which places
                // matter: only a tie-breaker, far below any cost.
                *x = if cover.worth.is_some() {
                    1e-4 * jitter
                } else {
                    scale * (0.02 * jitter - 0.01 * short.min(5) as f64)
                };
            }
        }
        let gap = rules.min_rest_hours * 60.0;
        let follows = (0..n_shifts)
            .map(|a| {
                (0..n_shifts)
                    .map(|b| {
                        let sa = &s.shifts[a];
                        let rest_ok = match (sa.interval(), s.shifts[b].interval()) {
                            (Some((_, end)), Some((start, _))) => end as f64 + gap <= start as f64 + 1440.0,
                            _ => true,
                        };
                        !sa.not_followed_by.contains(&b) && rest_ok
                    })
                    .collect()
            })
            .collect();
        let recovery = s.shifts.iter().map(|sh| rules.recovery_after_night && sh.is_night()).collect();
        let apart = rules.min_days_between_duties >= 2;
        Plan {
            s,
            cover,
            p,
            options,
            follows,
            recovery,
            min_work: (rules.min_consecutive_work_days as usize).max(1),
            max_work: if apart { Some(1) } else { rules.max_consecutive_work_days.map(|m| m as usize) },
            min_off: (rules.min_consecutive_off_days as usize)
                .max((rules.min_days_between_duties as usize).saturating_sub(1))
                .max(1),
            apart,
            scale,
            nudge,
            wishes,
            must_work: vec![false; s.days.len()],
        }
    }

    /// Run lengths the states tell apart: work runs up to this, days off up to that.
    pub(super) fn caps(&self) -> (usize, usize) {
        (self.max_work.unwrap_or(self.min_work).max(self.min_work).max(1), self.min_off)
    }

    /// Roughly how many steps one re-plan takes (a quarter of the price rounds, typically).
    pub(super) fn work(&self) -> f64 {
        let (lw, lo) = self.caps();
        let states = (self.s.shifts.len() * lw + lo) * 2;
        (self.s.days.len() * states) as f64 * PRICE_ROUNDS as f64 / 4.0
    }

    /// What the person's row in `rota` costs with the others as they are: the cover it
    /// gives and the wishes it meets or not (the constant of unmet wishes left out).
    pub(super) fn row_cost(&self, s: &Scenario, rota: &Rota, p: usize) -> f64 {
        let mut cost = 0.0;
        for (d, c) in rota.cells[p].iter().enumerate() {
            let Some(r) = c.requirement else { continue };
            let cover = self.cover.slot(d, r).and_then(|i| self.cover.marginal(s, d, i));
            cost += cover.unwrap_or(f64::INFINITY) + self.wishes[d][s.requirements[r].shift];
        }
        cost
    }

    /// The best row that keeps every rule, with its cost (prices left out), adjusting
    /// the prices of counted rules until the row keeps them.
    pub(super) fn best_legal(&self, s: &Scenario, rota: &Rota, prices: &mut Prices) -> Option<(Vec<Cell>, f64)> {
        self.legal_rows(s, rota, prices, &mut Vec::new())
    }

    /// As `best_legal`; every other row that keeps every rule met on the way (at other
    /// prices of the counted rules) goes to `also`, with its cost.
    pub(super) fn legal_rows(
        &self,
        s: &Scenario,
        rota: &Rota,
        prices: &mut Prices,
        also: &mut Vec<(Vec<Cell>, f64)>,
    ) -> Option<(Vec<Cell>, f64)> {
        let rules = &s.staff[self.p].rules;
        let minutes_per_shift = s.shifts.iter().map(|x| x.minutes as f64).sum::<f64>() / s.shifts.len().max(1) as f64;
        let base = |k: usize| {
            let count = self.scale / 4.0;
            if k == Prices::MINUTES {
                count / minutes_per_shift.max(1.0)
            } else {
                count
            }
        };
        let mut trial = rota.clone();
        let mut best: Option<(Vec<Cell>, f64)> = None;
        // First the prices move until the row keeps every counted rule — a one-sided
        // price doubles, the minutes' price (two-sided) closes in on its window by
        // halving steps; then each price with room to spare is halved while the row
        // still keeps the rules (a price whose halving breaks its rule stays).
        let mut lowering = false;
        let mut frozen = vec![false; prices.price.len()];
        let mut kept = prices.clone();
        // The minutes' price between a price known too low (too many minutes) and one
        // known too high: widened by doubling steps, then halved.
        let (mut too_low, mut too_high): (Option<f64>, Option<f64>) = (None, None);
        let mut minute_step = base(Prices::MINUTES);
        let mut sides: [Option<Path>; 2] = [None, None];
        for _ in 0..PRICE_ROUNDS {
            let path = self.solve(prices)?;
            let mut shifts = path.shifts.clone();
            let mut tally = Tally::of(s, &shifts);
            let mut limits = counted_rules(rules, &tally);
            let mut directions: Vec<i8> = limits.iter().map(Limit::direction).collect();
            // Only the minutes wrong: remember the plan on its side of the window, and
            // once there is a plan on either side, try their splices — the minutes of a
            // splice lie between the two, often inside the window.
            if directions[Prices::MINUTES] != 0 && directions.iter().filter(|d| **d != 0).count() == 1 {
                sides[(directions[Prices::MINUTES] > 0) as usize] = Some(path.clone());
                if let Some(x) = self.mend_minutes(&shifts, &tally) {
                    shifts = x;
                    tally = Tally::of(s, &shifts);
                    limits = counted_rules(rules, &tally);
                    directions = limits.iter().map(Limit::direction).collect();
                } else if let (Some(few), Some(many)) = (&sides[0], &sides[1]) {
                    let fits = Path::splices(few, many)
                        .chain(Path::splices(many, few))
                        .find(|x| counted_rules(rules, &Tally::of(s, x)).iter().all(|l| l.direction() == 0));
                    if let Some(x) = fits {
                        shifts = x;
                        tally = Tally::of(s, &shifts);
                        limits = counted_rules(rules, &tally);
                        directions = limits.iter().map(Limit::direction).collect();
                    }
                }
            }
            if directions.iter().any(|d| *d != 0) {
                if lowering {
                    // Halving went too far: back to the last prices that worked, and the
                    // rules it broke keep their prices from now on.
                    for (k, d) in directions.iter().enumerate() {
                        frozen[k] |= *d != 0;
                    }
                    *prices = kept.clone();
                } else {
                    for (k, &d) in directions.iter().enumerate() {
                        let price = &mut prices.price[k];
                        if d == 0 {
                            continue;
                        }
                        if k == Prices::MINUTES {
                            if d > 0 {
                                too_low = Some(*price);
                            } else {
                                too_high = Some(*price);
                            }
                            *price = match (too_low, too_high) {
                                (Some(a), Some(b)) => (a + b) / 2.0,
                                _ => *price + d as f64 * minute_step,
                            };
                            minute_step *= 2.0;
                        } else {
                            *price = (*price * 2.0).max(base(k));
                        }
                    }
                    // Too few minutes: prices of other rules with room to spare may be
                    // what holds the row back (raised earlier, when it worked more).
                    if directions[Prices::MINUTES] < 0 {
                        for (k, limit) in limits.iter().enumerate().skip(1) {
                            let price = &mut prices.price[k];
                            if limit.room(*price) {
                                *price *= 0.5;
                            }
                        }
                    }
                    continue;
                }
            } else {
                trial.cells[self.p] = self.cells(&shifts);
                if !person_is_legal(s, &trial, self.p) {
                    // A rule the program does not see (rest hours across several days):
                    // other prices would not help.
                    return best;
                }
                let cost = self.row_cost(s, &trial, self.p);
                let row = std::mem::take(&mut trial.cells[self.p]);
                if best.as_ref().map_or(true, |(_, c)| cost < *c) {
                    if let Some(was) = best.replace((row, cost)) {
                        also.push(was);
                    }
                } else {
                    also.push((row, cost));
                }
                kept = prices.clone();
                lowering = true;
            }
            // Halve the prices with room to spare.
            let mut moved = false;
            for (k, limit) in limits.iter().enumerate() {
                let price = &mut prices.price[k];
                if !frozen[k] && limit.room(*price) {
                    *price = if price.abs() < base(k) / 16.0 { 0.0 } else { *price * 0.5 };
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        if best.is_some() {
            *prices = kept;
        }
        best
    }

    /// The row of cells for a plan of shifts (the requirement of each shift held).
    pub(super) fn cells(&self, shifts: &[Option<usize>]) -> Vec<Cell> {
        let mut row = blank_row(self.s, self.p);
        for (d, t) in shifts.iter().enumerate() {
            if let Some(t) = *t {
                let r = self.options[d][t].map(|(r, _)| r);
                row[d] = Cell { status: Status::Shift, at_unit: None, requirement: r };
            }
        }
        row
    }
}
