//! The dynamic program over the days: the cheapest plan of shifts under the run rules,
//! with the counted rules priced.

use super::counted::{starts_weekend, Prices};
use super::plan::Plan;

impl Plan<'_> {
    /// The cheapest plan of shifts under the run rules, with the counted rules priced.
    /// States: (shift of today or none, length of today's run, does the run start on the
    /// first day — then its minimum length does not apply).
    pub(super) fn solve(&self, prices: &Prices) -> Option<Path> {
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
            if starts_weekend(s, d, worked_yesterday) {
                prices.price[Prices::WEEKENDS]
            } else {
                0.0
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
        let (mut state, best) = value.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).map(|(i, v)| (i, *v))?;
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
pub(super) struct Path {
    pub(super) shifts: Vec<Option<usize>>,
    pub(super) states: Vec<u32>,
}

impl Path {
    /// Plans made of `a` up to a day and `b` after it, at every day where both are in
    /// the same state.
    pub(super) fn splices<'p>(a: &'p Path, b: &'p Path) -> impl Iterator<Item = Vec<Option<usize>>> + 'p {
        let n = a.shifts.len();
        (0..n.saturating_sub(1)).filter(move |&d| a.states[d] == b.states[d]).map(move |d| {
            let mut shifts = a.shifts[..=d].to_vec();
            shifts.extend_from_slice(&b.shifts[d + 1..]);
            shifts
        })
    }
}
