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

use chrono::{Datelike, Weekday};

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
                if now.is_none_or(|c| cost < c - 1e-9) {
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
            eprintln!("re-plan pass {pass}: objective {}, {kept} of {} rows keep their rules", f.objective, legal.len());
        }
        if !better || spent > budget_steps {
            break;
        }
    }
}

/// A person's row with no shift: leave where they are on leave, off elsewhere.
fn blank_row(s: &Scenario, p: usize) -> Vec<Cell> {
    s.staff[p]
        .leave
        .iter()
        .map(|&on_leave| {
            if on_leave {
                Cell { status: Status::Leave, at_unit: None, requirement: None }
            } else {
                Cell::OFF
            }
        })
        .collect()
}

/// How many people each requirement of the grouping has on each day.
struct Cover {
    /// Requirements of the grouping that apply on each day.
    today: Vec<Vec<usize>>,
    /// People filling `today[d][i]`.
    fill: Vec<Vec<u32>>,
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
        let mut cover = Cover { today, fill };
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
        let req = &s.requirements[self.today[d][i]];
        if self.fill[d][i] < req.count {
            Some(-req.under_weight)
        } else {
            req.over_weight
        }
    }
}

/// The counted rules' prices for one person, in the order of `counted_rules`: minutes
/// (signed: below zero it pays to work more), weekends, duties, each shift kind, each
/// month. Kept between passes, so that the next re-plan starts near prices that worked.
#[derive(Clone)]
struct Prices {
    price: Vec<f64>,
}

impl Prices {
    const MINUTES: usize = 0;
    const WEEKENDS: usize = 1;
    const DUTIES: usize = 2;
    const SHIFTS: usize = 3;

    fn new(s: &Scenario) -> Self {
        Prices { price: vec![0.0; Self::SHIFTS + s.shifts.len() + months(s)] }
    }

    fn shift(&self, t: usize) -> f64 {
        self.price[Self::SHIFTS + t]
    }

    fn month(&self, shifts: usize, m: usize) -> f64 {
        self.price[Self::SHIFTS + shifts + m]
    }
}

fn months(s: &Scenario) -> usize {
    s.days.last().map_or(1, |d| d.month + 1)
}

/// One counted rule of a row: its count against its limits.
struct Limit {
    count: u64,
    low: Option<u64>,
    high: Option<u64>,
}

impl Limit {
    /// +1 above the upper limit (the price must rise), −1 below the lower one.
    fn direction(&self) -> i8 {
        if self.high.is_some_and(|h| self.count > h) {
            1
        } else if self.low.is_some_and(|l| self.count < l) {
            -1
        } else {
            0
        }
    }

    /// Could the price come closer to zero without breaking the rule at once?
    fn room(&self, price: f64) -> bool {
        (price > 0.0 && self.high.is_none_or(|h| self.count < h))
            || (price < 0.0 && self.low.is_none_or(|l| self.count > l))
    }
}

/// The counted rules of a row, in the order of `Prices`.
fn counted_rules(rules: &crate::domain::Rules, tally: &Tally) -> Vec<Limit> {
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

/// One person's planning problem: per day and shift, the best requirement to fill and
/// what it costs; and the run rules as numbers.
struct Plan<'a> {
    s: &'a Scenario,
    cover: &'a Cover,
    p: usize,
    /// `options[d][t]`: the requirement of shift t to fill on day d and its cost (cover
    /// and the person's wishes), if p may hold shift t on d at all.
    options: Vec<Vec<Option<(usize, f64)>>>,
    /// Small differences between otherwise equal choices, for the program only: a place
    /// short of more people is a little better, and a fixed jitter breaks the remaining
    /// ties — without them every day looks the same and a price flips a row from no
    /// work at all to all the work there is.
    nudge: Vec<Vec<f64>>,
    /// May shift b follow shift a on the next day?
    follows: Vec<Vec<bool>>,
    /// Must the day after shift a be free (recovery after a night)?
    recovery: Vec<bool>,
    min_work: usize,
    max_work: Option<usize>,
    min_off: usize,
    /// min_days_between_duties of 2 or more: never two days of work in a row.
    apart: bool,
    /// A typical cost of one day's choice, the scale for prices.
    scale: f64,
}

impl<'a> Plan<'a> {
    fn new(s: &'a Scenario, cover: &'a Cover, p: usize) -> Self {
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
                if day_options[t].is_none_or(|(_, c)| cost < c) {
                    day_options[t] = Some((r, cost));
                }
            }
        }
        // Wishes: a shift wished off costs its weight when held; a shift wished on
        // saves its weight when held (the constant of the unmet wish is left out).
        for pref in &person.prefer_off {
            let cost = w * pref.weight;
            scale = scale.max(cost.abs());
            for (t, o) in options[pref.day].iter_mut().enumerate() {
                if pref.shift.is_none_or(|x| x == t) {
                    if let Some((_, c)) = o {
                        *c += cost;
                    }
                }
            }
        }
        for pref in &person.prefer_on {
            let Some(t) = pref.shift else { continue };
            if let Some((_, c)) = &mut options[pref.day][t] {
                *c -= w * pref.weight;
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
                let jitter = (mix((p * 7919 + d) as u64 * 131 + t as u64) % 1000) as f64 / 1000.0;
                *x = scale * (0.02 * jitter - 0.01 * short.min(5) as f64);
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
        }
    }

    /// Run lengths the states tell apart: work runs up to this, days off up to that.
    fn caps(&self) -> (usize, usize) {
        (self.max_work.unwrap_or(self.min_work).max(self.min_work).max(1), self.min_off)
    }

    /// Roughly how many steps one re-plan takes (a quarter of the price rounds, typically).
    fn work(&self) -> f64 {
        let (lw, lo) = self.caps();
        let states = (self.s.shifts.len() * lw + lo) * 2;
        (self.s.days.len() * states) as f64 * PRICE_ROUNDS as f64 / 4.0
    }

    /// What the person's row in `rota` costs with the others as they are: the cover it
    /// gives and the wishes it meets or not (the constant of unmet wishes left out).
    fn row_cost(&self, s: &Scenario, rota: &Rota, p: usize) -> f64 {
        let mut cost = 0.0;
        for (d, c) in rota.cells[p].iter().enumerate() {
            let Some(r) = c.requirement else { continue };
            let cover = self.cover.slot(d, r).and_then(|i| self.cover.marginal(s, d, i));
            cost += cover.unwrap_or(f64::INFINITY) + self.wish_cost(d, s.requirements[r].shift);
        }
        cost
    }

    /// What holding shift t on day d does to the person's wishes.
    fn wish_cost(&self, d: usize, t: usize) -> f64 {
        let person = &self.s.staff[self.p];
        let w = self.s.weights.preference;
        let off: f64 = person
            .prefer_off
            .iter()
            .filter(|x| x.day == d && x.shift.is_none_or(|y| y == t))
            .map(|x| w * x.weight)
            .sum();
        let on: f64 = person.prefer_on.iter().filter(|x| x.day == d && x.shift == Some(t)).map(|x| w * x.weight).sum();
        off - on
    }

    /// The best row that keeps every rule, with its cost (prices left out), adjusting
    /// the prices of counted rules until the row keeps them.
    fn best_legal(&self, s: &Scenario, rota: &Rota, prices: &mut Prices) -> Option<(Vec<Cell>, f64)> {
        let rules = &s.staff[self.p].rules;
        let minutes_per_shift =
            s.shifts.iter().map(|x| x.minutes as f64).sum::<f64>() / s.shifts.len().max(1) as f64;
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
                    let fits = Path::splices(few, many).chain(Path::splices(many, few)).find(|x| {
                        counted_rules(rules, &Tally::of(s, x)).iter().all(|l| l.direction() == 0)
                    });
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
                if best.as_ref().is_none_or(|(_, c)| cost < *c) {
                    best = Some((std::mem::take(&mut trial.cells[self.p]), cost));
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

    /// Minutes just outside their window: swap the shift of single days for a longer
    /// (or shorter) one, the cheapest swap per minute first, as long as the neighbours
    /// and the count of each shift kind allow it. The days worked stay the same, so the
    /// run rules still hold. None when no swaps reach the window.
    fn mend_minutes(&self, shifts: &[Option<usize>], tally: &Tally) -> Option<Vec<Option<usize>>> {
        let s = self.s;
        let rules = &s.staff[self.p].rules;
        let (low, high) = (rules.min_minutes.map_or(0, u64::from), rules.max_minutes.map_or(u64::MAX, u64::from));
        let mut shifts = shifts.to_vec();
        let mut minutes = tally.minutes;
        let mut per_shift = tally.per_shift.clone();
        let n = shifts.len();
        for _ in 0..n {
            if (low..=high).contains(&minutes) {
                return Some(shifts);
            }
            let more = minutes < low;
            let mut best: Option<(f64, usize, usize)> = None;
            for d in 0..n {
                let Some(a) = shifts[d] else { continue };
                let (Some((_, ca)), before, after) = (self.options[d][a], d.checked_sub(1).and_then(|x| shifts[x]), shifts.get(d + 1).copied().flatten()) else { continue };
                for b in 0..s.shifts.len() {
                    let Some((_, cb)) = self.options[d][b] else { continue };
                    let (ma, mb) = (s.shifts[a].minutes as u64, s.shifts[b].minutes as u64);
                    let fits = if more { mb > ma && minutes - ma + mb <= high } else { mb < ma && minutes - ma + mb >= low };
                    if !fits
                        || rules.max_shifts[b].is_some_and(|m| per_shift[b] >= m)
                        || before.is_some_and(|x| !self.follows[x][b] || self.recovery[x])
                        || after.is_some_and(|x| !self.follows[b][x] || self.recovery[b])
                    {
                        continue;
                    }
                    let per_minute = (cb - ca) / ma.abs_diff(mb) as f64;
                    if best.is_none_or(|(c, _, _)| per_minute < c) {
                        best = Some((per_minute, d, b));
                    }
                }
            }
            let Some((_, d, b)) = best else {
                // No swap: one more day of work, the cheapest that keeps every rule.
                let (d, b) = if more { self.cheapest_extra_day(&shifts, minutes, high, &per_shift)? } else { return None };
                minutes += s.shifts[b].minutes as u64;
                per_shift[b] += 1;
                shifts[d] = Some(b);
                continue;
            };
            let a = shifts[d]?;
            minutes = minutes - s.shifts[a].minutes as u64 + s.shifts[b].minutes as u64;
            per_shift[a] -= 1;
            per_shift[b] += 1;
            shifts[d] = Some(b);
        }
        None
    }

    /// The cheapest day off to turn into a day of work (and its shift) so that the run
    /// rules, the neighbours and the counted rules other than minutes all still hold.
    fn cheapest_extra_day(
        &self,
        shifts: &[Option<usize>],
        minutes: u64,
        high: u64,
        per_shift: &[u32],
    ) -> Option<(usize, usize)> {
        let s = self.s;
        let rules = &s.staff[self.p].rules;
        let n = shifts.len();
        let tally = Tally::of(s, shifts);
        let works = |d: usize| shifts[d].is_some();
        // Length of the run of the same kind as day d's through d, going one way.
        let run_left = |d: usize, w: bool| (0..=d).rev().take_while(|&x| works(x) == w).count();
        let run_right = |d: usize, w: bool| (d..n).take_while(|&x| works(x) == w).count();
        let mut best: Option<(f64, usize, usize)> = None;
        for d in 0..n {
            if works(d) {
                continue;
            }
            // The work run d would join or start, and the days off it leaves on either side.
            let left_work = if d > 0 { run_left(d - 1, true) } else { 0 };
            let right_work = if d + 1 < n { run_right(d + 1, true) } else { 0 };
            let length = left_work + 1 + right_work;
            let start = d - left_work;
            let end = d + right_work; // inclusive
            if self.max_work.is_some_and(|m| length > m) {
                continue;
            }
            if start > 0 && end + 1 < n && length < self.min_work {
                continue;
            }
            // Days off left before and after: inner runs of days off keep their minimum.
            if left_work == 0 && d > 0 {
                let off = run_left(d - 1, false);
                if d - off > 0 && off < self.min_off {
                    continue;
                }
            }
            if right_work == 0 && d + 1 < n {
                let off = run_right(d + 1, false);
                if d + 1 + off < n && off < self.min_off {
                    continue;
                }
            }
            if rules.max_duties.is_some_and(|m| tally.duties >= m)
                || rules.max_duties_per_month.is_some_and(|m| tally.per_month[s.days[d].month] >= m)
            {
                continue;
            }
            let new_weekend = match s.days[d].date.weekday() {
                Weekday::Sat => d + 1 >= n || !works(d + 1),
                Weekday::Sun => d == 0 || !works(d - 1),
                _ => false,
            };
            if new_weekend && rules.max_weekends.is_some_and(|m| tally.weekends >= m) {
                continue;
            }
            let before = d.checked_sub(1).and_then(|x| shifts[x]);
            let after = shifts.get(d + 1).copied().flatten();
            for b in 0..s.shifts.len() {
                let Some((_, c)) = self.options[d][b] else { continue };
                if minutes + s.shifts[b].minutes as u64 > high
                    || rules.max_shifts[b].is_some_and(|m| per_shift[b] >= m)
                    || before.is_some_and(|x| !self.follows[x][b] || self.recovery[x])
                    || after.is_some_and(|x| !self.follows[b][x] || self.recovery[b])
                    || (self.apart && (before.is_some() || after.is_some()))
                {
                    continue;
                }
                if best.is_none_or(|(bc, _, _)| c < bc) {
                    best = Some((c, d, b));
                }
            }
        }
        best.map(|(_, d, b)| (d, b))
    }

    /// The row of cells for a plan of shifts (the requirement of each shift held).
    fn cells(&self, shifts: &[Option<usize>]) -> Vec<Cell> {
        let mut row = blank_row(self.s, self.p);
        for (d, t) in shifts.iter().enumerate() {
            if let Some(t) = *t {
                let r = self.options[d][t].map(|(r, _)| r);
                row[d] = Cell { status: Status::Shift, at_unit: None, requirement: r };
            }
        }
        row
    }

    /// The cheapest plan of shifts under the run rules, with the counted rules priced.
    /// States: (shift of today or none, length of today's run, does the run start on the
    /// first day — then its minimum length does not apply).
    fn solve(&self, prices: &Prices) -> Option<Path> {
        let s = self.s;
        let n = s.days.len();
        let ns = s.shifts.len();
        let (lw, lo) = self.caps();
        let work_states = ns * lw * 2;
        let states = work_states + lo * 2;
        let work = |t: usize, len: usize, first: usize| (t * lw + (len - 1)) * 2 + first;
        let off = |len: usize, first: usize| work_states + (len - 1) * 2 + first;
        let per_minute = prices.price[Prices::MINUTES];
        // What holding shift t on day d costs, prices included (None: not possible).
        let cost = |d: usize, t: usize| -> Option<f64> {
            let (_, c) = self.options[d][t]?;
            Some(
                c + self.nudge[d][t]
                    + per_minute * s.shifts[t].minutes as f64
                    + prices.shift(t)
                    + prices.price[Prices::DUTIES]
                    + prices.month(ns, s.days[d].month),
            )
        };
        // A weekend is worked once: on Saturday, or on Sunday when Saturday was free.
        let weekend = |d: usize, worked_yesterday: bool| -> f64 {
            match s.days[d].date.weekday() {
                Weekday::Sat => prices.price[Prices::WEEKENDS],
                Weekday::Sun if d == 0 || !worked_yesterday => prices.price[Prices::WEEKENDS],
                _ => 0.0,
            }
        };
        let inf = f64::INFINITY;
        let mut value = vec![inf; states];
        let mut back = vec![u32::MAX; n * states];
        value[off(1, 1)] = 0.0;
        for t in 0..ns {
            if let Some(c) = cost(0, t) {
                value[work(t, 1, 1)] = c + weekend(0, false);
            }
        }
        let mut next = vec![inf; states];
        for d in 1..n {
            next.iter_mut().for_each(|v| *v = inf);
            let row = &mut back[d * states..(d + 1) * states];
            let offer = |next: &mut [f64], row: &mut [u32], to: usize, from: usize, v: f64| {
                if v < next[to] {
                    next[to] = v;
                    row[to] = from as u32;
                }
            };
            let today: Vec<Option<f64>> = (0..ns).map(|t| cost(d, t)).collect();
            // From a day off.
            for len in 1..=lo {
                for first in 0..2 {
                    let from = off(len, first);
                    let v = value[from];
                    if v == inf {
                        continue;
                    }
                    offer(&mut next, row, off((len + 1).min(lo), first), from, v);
                    if first == 1 || len >= self.min_off {
                        let wk = weekend(d, false);
                        for (t, c) in today.iter().enumerate() {
                            if let Some(c) = c {
                                offer(&mut next, row, work(t, 1, 0), from, v + c + wk);
                            }
                        }
                    }
                }
            }
            // From a day of work: to a day off, or on to shift b from the cheapest shift a
            // that b may follow (shifts a in order of cost, so the first that fits is it).
            let wk = weekend(d, true);
            let mut order: Vec<(f64, usize)> = Vec::with_capacity(ns);
            for len in 1..=lw {
                for first in 0..2 {
                    order.clear();
                    for a in 0..ns {
                        let from = work(a, len, first);
                        let v = value[from];
                        if v == inf {
                            continue;
                        }
                        if first == 1 || len >= self.min_work {
                            offer(&mut next, row, off(1, 0), from, v);
                        }
                        if !self.recovery[a] {
                            order.push((v, a));
                        }
                    }
                    if order.is_empty() || self.apart || self.max_work.is_some_and(|m| len + 1 > m) {
                        continue;
                    }
                    order.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                    let to_len = (len + 1).min(lw);
                    for (b, c) in today.iter().enumerate() {
                        let Some(c) = c else { continue };
                        if let Some(&(v, a)) = order.iter().find(|(_, a)| self.follows[*a][b]) {
                            offer(&mut next, row, work(b, to_len, first), work(a, len, first), v + c + wk);
                        }
                    }
                }
            }
            std::mem::swap(&mut value, &mut next);
        }
        let (mut state, best) =
            value.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).map(|(i, v)| (i, *v))?;
        if best == inf {
            return None;
        }
        let mut path = Path { shifts: vec![None; n], states: vec![0; n] };
        for d in (0..n).rev() {
            path.states[d] = state as u32;
            if state < work_states {
                path.shifts[d] = Some(state / 2 / lw);
            }
            if d > 0 {
                state = back[d * states + state] as usize;
            }
        }
        Some(path)
    }
}

/// A plan of shifts and the program's state on each day (two plans in the same state on
/// a day can swap their tails there and keep every run rule).
#[derive(Clone)]
struct Path {
    shifts: Vec<Option<usize>>,
    states: Vec<u32>,
}

impl Path {
    /// Plans made of `a` up to a day and `b` after it, at every day where both are in
    /// the same state.
    fn splices<'p>(a: &'p Path, b: &'p Path) -> impl Iterator<Item = Vec<Option<usize>>> + 'p {
        let n = a.shifts.len();
        (0..n.saturating_sub(1)).filter(move |&d| a.states[d] == b.states[d]).map(move |d| {
            let mut shifts = a.shifts[..=d].to_vec();
            shifts.extend_from_slice(&b.shifts[d + 1..]);
            shifts
        })
    }
}

/// A fixed scramble of a number (SplitMix64's finaliser).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The counts a row's counted rules look at.
struct Tally {
    minutes: u64,
    weekends: u32,
    duties: u32,
    per_shift: Vec<u32>,
    per_month: Vec<u32>,
}

impl Tally {
    fn of(s: &Scenario, shifts: &[Option<usize>]) -> Self {
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
            let counts = match s.days[d].date.weekday() {
                Weekday::Sat => true,
                Weekday::Sun => d == 0 || shifts[d - 1].is_none(),
                _ => false,
            };
            if counts {
                t.weekends += 1;
            }
        }
        t
    }
}
