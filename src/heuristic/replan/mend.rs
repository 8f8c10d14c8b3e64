//! Minutes just outside their window: single-day changes that bring them in while the
//! days worked keep every run rule.

use chrono::{Datelike, Weekday};

use super::counted::Tally;
use super::plan::Plan;

impl Plan<'_> {
    /// Minutes just outside their window: swap the shift of single days for a longer
    /// (or shorter) one, the cheapest swap per minute first, as long as the neighbours
    /// and the count of each shift kind allow it. The days worked stay the same, so the
    /// run rules still hold. None when no swaps reach the window.
    pub(super) fn mend_minutes(&self, shifts: &[Option<usize>], tally: &Tally) -> Option<Vec<Option<usize>>> {
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
                let (Some((_, ca)), before, after) = (
                    self.options[d][a],
                    d.checked_sub(1).and_then(|x| shifts[x]),
                    shifts.get(d + 1).copied().flatten(),
                ) else {
                    continue;
                };
                // b indexes the options, the shifts, the limits, the counts and the successions.
                #[allow(clippy::needless_range_loop)]
                for b in 0..s.shifts.len() {
                    let Some((_, cb)) = self.options[d][b] else { continue };
                    let (ma, mb) = (s.shifts[a].minutes as u64, s.shifts[b].minutes as u64);
                    let fits =
                        if more { mb > ma && minutes - ma + mb <= high } else { mb < ma && minutes - ma + mb >= low };
                    if !fits
                        || rules.max_shifts[b].is_some_and(|m| per_shift[b] >= m)
                        || before.is_some_and(|x| !self.follows[x][b] || self.recovery[x])
                        || after.is_some_and(|x| !self.follows[b][x] || self.recovery[b])
                    {
                        continue;
                    }
                    let per_minute = (cb - ca) / ma.abs_diff(mb) as f64;
                    if best.map_or(true, |(c, _, _)| per_minute < c) {
                        best = Some((per_minute, d, b));
                    }
                }
            }
            let Some((_, d, b)) = best else {
                // No swap: one more day of work, the cheapest that keeps every rule.
                let (d, b) =
                    if more { self.cheapest_extra_day(&shifts, minutes, high, &per_shift)? } else { return None };
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
    pub(super) fn cheapest_extra_day(
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
            // b indexes the options, the shifts, the limits, the counts and the successions.
            #[allow(clippy::needless_range_loop)]
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
                if best.map_or(true, |(bc, _, _)| c < bc) {
                    best = Some((c, d, b));
                }
            }
        }
        best.map(|(_, d, b)| (d, b))
    }
}
