//! The exact program over the days: the cheapest plan of shifts that keeps the run rules
//! *and* the counted rules, by labels. Where `program.rs` keeps one value per state and
//! prices the counted rules, here each state keeps every plan prefix ("label") that no
//! other prefix in the same state beats on cost and on every count at once — so a count
//! is a state, not a price, and nothing is missed. Prefixes that cannot end below the
//! cost asked for (their cost plus a floor under the way on: see `Floor`) or can no
//! longer reach their minimum minutes are dropped early. On Curtois's 28-day instances
//! that keeps most people to thousands of labels, some to a few hundred thousand.
//! Column generation (`solve::columns`) prices with it.

use std::time::Instant;

use smallvec::SmallVec;

use super::counted::{starts_weekend, Prices};
use super::plan::Plan;

/// What the exact program found.
pub(crate) enum Exact {
    /// The cheapest plans (a shift or none per day) and their costs, below the cost
    /// asked for: cheapest first, at least one, at most `PLANS`.
    Plans(Vec<(Vec<Option<usize>>, f64)>),
    /// No plan keeping every rule costs less than asked: a proof, at these costs.
    Nothing,
    /// More labels than allowed: nothing is known.
    TooMany,
    /// The time given ran out first: nothing is known.
    OutOfTime,
}

/// One plan prefix: its cost, its counts, and how it came to be.
#[derive(Clone)]
struct Label {
    cost: f64,
    minutes: u32,
    /// The counts with an upper limit, in the order of `Limits::high`: held inline
    /// for the usual few (weekends, duties, a few shift kinds), since a label is cloned
    /// for every move and compared with its neighbours many times.
    counts: SmallVec<[u16; 8]>,
    /// The label it grew from on the day before (index into that day's labels).
    parent: u32,
    shift: Option<u8>,
}

/// The counted rules of the person that the labels keep.
struct Limits {
    min_minutes: Option<u32>,
    max_minutes: Option<u32>,
    /// Upper limits of the counts: weekends, duties, then each shift kind with a limit,
    /// then each month when duties per month are limited.
    high: Vec<u16>,
    weekends: Option<usize>,
    duties: Option<usize>,
    /// Per shift kind: its count's place in `high`, if limited.
    shift: Vec<Option<usize>>,
    /// Place in `high` of the first month's count, if limited.
    month: Option<usize>,
}

impl Limits {
    fn of(plan: &Plan) -> Self {
        let rules = &plan.s.staff[plan.p].rules;
        let clamp = |m: u32| m.min(u16::MAX as u32) as u16;
        let mut high = Vec::new();
        let mut place = |m: Option<u32>| {
            m.map(|m| {
                high.push(clamp(m));
                high.len() - 1
            })
        };
        // A limit no plan can reach is not kept: a count more to compare only splits
        // labels that are alike (Curtois's "at most 28 day shifts" in 28 days).
        let s = plan.s;
        let most = |t: Option<usize>| {
            let days =
                plan.options.iter().filter(|o| t.map_or(o.iter().any(Option::is_some), |t| o[t].is_some())).count();
            let minutes = t.map_or(s.shifts.iter().map(|x| x.minutes).min(), |t| Some(s.shifts[t].minutes));
            let by_minutes = match (rules.max_minutes, minutes) {
                (Some(m), Some(x)) if x > 0 => (m / x) as usize,
                _ => usize::MAX,
            };
            days.min(by_minutes) as u32
        };
        let reachable = |m: Option<u32>, t: Option<usize>| m.filter(|&m| m < most(t));
        let weekends = place(reachable(rules.max_weekends, None));
        let duties = place(reachable(rules.max_duties, None));
        let shift = rules.max_shifts.iter().enumerate().map(|(t, &m)| place(reachable(m, Some(t)))).collect();
        let month = rules.max_duties_per_month.map(|m| {
            let first = high.len();
            high.extend(std::iter::repeat(clamp(m)).take(super::counted::months(plan.s)));
            first
        });
        Limits { min_minutes: rules.min_minutes, max_minutes: rules.max_minutes, high, weekends, duties, shift, month }
    }

    /// Does `a` do at least as well as `b` on every count, minutes included? Minutes with
    /// both a floor and a ceiling must be equal: neither more nor fewer is better.
    fn dominates(&self, a: &Label, b: &Label) -> bool {
        let minutes_ok = match (self.min_minutes, self.max_minutes) {
            // Both past the floor: only the ceiling is left.
            (Some(low), Some(_)) if a.minutes >= low && b.minutes >= low => a.minutes <= b.minutes,
            (Some(_), Some(_)) => a.minutes == b.minutes,
            (Some(_), None) => a.minutes >= b.minutes,
            (None, Some(_)) => a.minutes <= b.minutes,
            (None, None) => true,
        };
        a.cost <= b.cost && minutes_ok && a.counts.iter().zip(&b.counts).all(|(x, y)| x <= y)
    }
}

impl Plan<'_> {
    /// The cheapest plans keeping every rule of the person (the cheapest and up to
    /// `PLANS` − 1 more, cheapest first), if they cost less than `below`
    /// (costs: `options`, without the nudge). Gives up past `max_labels` labels on a day.
    /// `prices` (the re-planning's, for this person) only sharpen the floor under each
    /// label's future: any prices give a floor, good ones a high floor. Stops, knowing
    /// nothing, at `until` (checked day by day).
    pub(super) fn cheapest_exact(
        &self,
        below: f64,
        max_labels: usize,
        prices: &Prices,
        until: Option<Instant>,
    ) -> Exact {
        let s = self.s;
        let n = s.days.len();
        if n == 0 {
            return Exact::Nothing;
        }
        let limits = Limits::of(self);
        let steps = Steps::of(self);
        let floors = [Floor::new(self, &limits, &steps, None), Floor::new(self, &limits, &steps, Some(prices))];
        // The most minutes the days after d can still add.
        let longest = s.shifts.iter().map(|x| x.minutes).max().unwrap_or(0);
        let mut more_minutes = vec![0u32; n];
        for d in (0..n - 1).rev() {
            let any = self.options[d + 1].iter().any(Option::is_some);
            more_minutes[d] = more_minutes[d + 1] + if any { longest } else { 0 };
        }
        let search = Search { plan: self, limits, steps, floors, more_minutes, until };
        // Labels kept under a cost close to the floor are few; the search finds the
        // cheapest plan when it costs less than that cost, so the cost asked for is
        // reached in steps from the floor up, each step cheap unless the plan is dear.
        let lowest = search.lowest();
        if lowest >= below {
            return Exact::Nothing;
        }
        for part in [1.0 / 16.0, 1.0 / 4.0, 1.0] {
            let under = if part < 1.0 { lowest + (below - lowest) * part } else { below };
            match search.labels_below(under, max_labels) {
                Exact::Nothing if part < 1.0 => continue,
                found => return found,
            }
        }
        Exact::Nothing
    }
}

/// The most plans one search gives: the cheapest, and the next cheapest below the cost
/// asked for (the labels left at the end of the last day, each its own plan). Column
/// generation adds them all and needs half the rounds to its end (Curtois's 8: its root
/// priced in 7 s instead of 14; 8 plans: 9.7 s, the LP grows faster than it gains).
pub(crate) const PLANS: usize = 4;

/// Moves a day's labels may make, per label a day may keep, before the search gives up
/// (they are all held at once to be sorted).
const GROWN_PER_KEPT: usize = 8;

/// One person's exact program, ready to search.
struct Search<'p, 'a> {
    plan: &'p Plan<'a>,
    /// When the search gives up, knowing nothing (None: never).
    until: Option<Instant>,
    limits: Limits,
    steps: Steps,
    /// Floors under the future without and with the re-planning's prices.
    floors: [Floor; 2],
    /// The most minutes the days after d can still add.
    more_minutes: Vec<u32>,
}

impl Search<'_, '_> {
    fn floor(&self, d: usize, state: usize, label: &Label) -> f64 {
        self.floors[0].under(d, state, label).max(self.floors[1].under(d, state, label))
    }

    /// The first day's labels, each with its state.
    fn first_labels(&self) -> Vec<(usize, Label)> {
        let root = Label {
            cost: 0.0,
            minutes: 0,
            counts: smallvec::smallvec![0; self.limits.high.len()],
            parent: 0,
            shift: None,
        };
        let first = self.steps.first_day(self.plan).into_iter();
        first
            .filter_map(|(state, shift)| Some((state, self.plan.grow(&self.limits, &root, 0, shift, false)?)))
            .collect()
    }

    /// A floor under every plan's cost.
    fn lowest(&self) -> f64 {
        self.first_labels()
            .iter()
            .map(|(state, label)| label.cost + self.floor(0, *state, label))
            .fold(f64::INFINITY, f64::min)
    }

    /// Could `label`, in `state` on day d, still end below `below` and reach its
    /// minimum minutes?
    fn promising(&self, d: usize, state: usize, label: &Label, below: f64) -> bool {
        let minutes = self.limits.min_minutes.map_or(true, |m| label.minutes + self.more_minutes[d] >= m);
        minutes && label.cost + self.floor(d, state, label) < below
    }

    /// The cheapest plans (up to `PLANS`) that cost less than `below`, else Nothing.
    fn labels_below(&self, below: f64, max_labels: usize) -> Exact {
        let (plan, limits, steps) = (self.plan, &self.limits, &self.steps);
        let n = plan.s.days.len();
        // labels[d][state]: the labels of day d in each state; arena[d]: all of them,
        // for the way back.
        let mut arena: Vec<Vec<Label>> = Vec::with_capacity(n);
        let mut today: Vec<Vec<u32>> = vec![Vec::new(); steps.states];
        // With a floor and a ceiling on minutes, only labels of equal minutes compare
        // until both are past the floor: they are kept apart, so that each new label
        // meets only its own kind.
        let two_sided = limits.min_minutes.is_some() && limits.max_minutes.is_some();
        let mut day0 = Vec::new();
        for (state, label) in self.first_labels() {
            if self.promising(0, state, &label, below) {
                today[state].push(day0.len() as u32);
                day0.push(label);
            }
        }
        arena.push(day0);
        for d in 1..n {
            if self.until.is_some_and(|until| Instant::now() >= until) {
                return Exact::OutOfTime;
            }
            // Every promising move of yesterday's labels, then sorted cheapest first
            // within each state: a label can only be beaten by one kept before it, so
            // each is compared once with those kept, and no kept label is dropped later.
            let mut grown: Vec<((usize, u32), Label)> = Vec::new();
            for (from, held) in today.iter().enumerate() {
                let worked = steps.works(from);
                for &k in held {
                    let parent = &arena[d - 1][k as usize];
                    for (to, shift) in steps.after(plan, d, from) {
                        let Some(mut label) = plan.grow(limits, parent, d, shift, worked) else { continue };
                        if !self.promising(d, to, &label, below) {
                            continue;
                        }
                        label.parent = k;
                        let below_floor = two_sided && limits.min_minutes.is_some_and(|m| label.minutes < m);
                        grown.push(((to, if below_floor { label.minutes } else { u32::MAX }), label));
                        if grown.len() > GROWN_PER_KEPT * max_labels {
                            return Exact::TooMany;
                        }
                    }
                }
            }
            // Ties broken by fewer counts (such a label may beat the others), then by
            // where the label came from: the same input keeps the same labels.
            let total = |l: &Label| l.counts.iter().map(|&c| c as u32).sum::<u32>();
            grown.sort_unstable_by(|(ka, a), (kb, b)| {
                ka.cmp(kb)
                    .then(a.cost.total_cmp(&b.cost))
                    .then(total(a).cmp(&total(b)))
                    .then(a.parent.cmp(&b.parent))
                    .then(a.shift.cmp(&b.shift))
            });
            let mut labels: Vec<Label> = Vec::new();
            today = vec![Vec::new(); steps.states];
            // The state (and minutes) of the labels met last, and where its kept ones begin.
            let mut group: Option<((usize, u32), usize)> = None;
            for (key, label) in grown {
                let first_kept = match group {
                    Some((k, first)) if k == key => first,
                    _ => group.insert((key, labels.len())).1,
                };
                if labels[first_kept..].iter().any(|kept| limits.dominates(kept, &label)) {
                    continue;
                }
                today[key.0].push(labels.len() as u32);
                labels.push(label);
                if labels.len() > max_labels {
                    return Exact::TooMany;
                }
            }
            arena.push(labels);
        }
        let last = &arena[n - 1];
        let mut ends: Vec<(u32, f64)> = today
            .iter()
            .flatten()
            .map(|&k| (k, &last[k as usize]))
            .filter(|(_, l)| l.cost < below && limits.min_minutes.map_or(true, |m| l.minutes >= m))
            .map(|(k, l)| (k, l.cost))
            .collect();
        if ends.is_empty() {
            return Exact::Nothing;
        }
        ends.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        ends.truncate(PLANS);
        let plans = ends
            .into_iter()
            .map(|(mut k, cost)| {
                let mut shifts = vec![None; n];
                for d in (0..n).rev() {
                    let label = &arena[d][k as usize];
                    shifts[d] = label.shift.map(usize::from);
                    k = label.parent;
                }
                (shifts, cost)
            })
            .collect();
        Exact::Plans(plans)
    }
}

impl Plan<'_> {
    /// `from` grown by day d's choice: a shift, or none. None when a count goes past its
    /// limit. `worked_yesterday` tells whether Sunday's shift starts a weekend.
    fn grow(
        &self,
        limits: &Limits,
        from: &Label,
        d: usize,
        shift: Option<usize>,
        worked_yesterday: bool,
    ) -> Option<Label> {
        let mut label = Label { shift: None, ..from.clone() };
        let Some(t) = shift else { return Some(label) };
        let (_, cost) = self.options[d][t]?;
        label.cost += cost;
        label.shift = Some(t as u8);
        label.minutes += self.s.shifts[t].minutes;
        if limits.max_minutes.is_some_and(|m| label.minutes > m) {
            return None;
        }
        let weekend = starts_weekend(self.s, d, worked_yesterday);
        let month = limits.month.map(|first| first + self.s.days[d].month);
        let counted = [weekend.then_some(limits.weekends).flatten(), limits.duties, limits.shift[t], month];
        for c in counted.into_iter().flatten() {
            label.counts[c] += 1;
            if label.counts[c] > limits.high[c] {
                return None;
            }
        }
        Some(label)
    }
}

/// The run rules as moves between the states of `program.rs`: (shift of today or none,
/// length of today's run, does the run start on the first day).
struct Steps {
    states: usize,
    work_states: usize,
    lw: usize,
    lo: usize,
}

impl Steps {
    fn of(plan: &Plan) -> Self {
        let (lw, lo) = plan.caps();
        let work_states = plan.s.shifts.len() * lw * 2;
        Steps { states: work_states + lo * 2, work_states, lw, lo }
    }

    fn work(&self, t: usize, len: usize, first: usize) -> usize {
        (t * self.lw + (len - 1)) * 2 + first
    }

    fn off(&self, len: usize, first: usize) -> usize {
        self.work_states + (len - 1) * 2 + first
    }

    fn works(&self, state: usize) -> bool {
        state < self.work_states
    }

    /// The states of the first day, with the shift held.
    fn first_day(&self, plan: &Plan) -> Vec<(usize, Option<usize>)> {
        let mut out = Vec::new();
        if !plan.must_work[0] {
            out.push((self.off(1, 1), None));
        }
        out.extend(
            (0..plan.s.shifts.len()).filter(|&t| plan.options[0][t].is_some()).map(|t| (self.work(t, 1, 1), Some(t))),
        );
        out
    }

    /// The moves from state `from` on day d − 1 to day d, with the shift held on d.
    fn after(&self, plan: &Plan, d: usize, from: usize) -> Vec<(usize, Option<usize>)> {
        let ns = plan.s.shifts.len();
        let mut out = Vec::new();
        let shifts_today = (0..ns).filter(|&t| plan.options[d][t].is_some());
        if from >= self.work_states {
            let len = (from - self.work_states) / 2 + 1;
            let first = (from - self.work_states) % 2;
            if !plan.must_work[d] {
                out.push((self.off((len + 1).min(self.lo), first), None));
            }
            if first == 1 || len >= plan.min_off {
                out.extend(shifts_today.map(|t| (self.work(t, 1, 0), Some(t))));
            }
        } else {
            let a = from / 2 / self.lw;
            let len = (from / 2) % self.lw + 1;
            let first = from % 2;
            if (first == 1 || len >= plan.min_work) && !plan.must_work[d] {
                out.push((self.off(1, 0), None));
            }
            let longer = plan.max_work.is_some_and(|m| len + 1 > m);
            if !plan.recovery[a] && !plan.apart && !longer {
                let to_len = (len + 1).min(self.lw);
                out.extend(
                    shifts_today.filter(|&b| plan.follows[a][b]).map(|b| (self.work(b, to_len, first), Some(b))),
                );
            }
        }
        out
    }
}

/// A floor under what the days after d can add to a label's cost (Lagrangian): with
/// prices λ ≥ 0 on counts with a ceiling H, any future F that keeps the rules costs at
/// least `min over F of (cost(F) + λ·counts(F))` + `λ·(counts − H)`, since the added
/// term is ≤ 0 on such an F. The first part is a program over the run rules and, when
/// the person has a ceiling on minutes, over the minutes still to work (in steps of
/// the shifts' common divisor): the window on minutes is what decides how many days
/// are worked, and a floor that knows it is far closer to the truth.
struct Floor {
    /// `to_go[(d * states + state) * levels + k]`: the least the days after d add from
    /// `state` on day d, working k steps of minutes more (k = 0 only, without minutes).
    to_go: Vec<f64>,
    states: usize,
    levels: usize,
    /// Minutes of one step.
    step: u32,
    /// λ per count of `Limits::high`.
    lambda: Vec<f64>,
    high: Vec<f64>,
    /// The minutes window in steps.
    window: (u32, u32),
}

/// Entries of a floor's table beyond which the minutes are left out of it (a year at
/// minute precision would take hundreds of megabytes).
const MAX_TABLE: usize = 4_000_000;

impl Floor {
    fn new(plan: &Plan, limits: &Limits, steps: &Steps, prices: Option<&Prices>) -> Self {
        let s = plan.s;
        let ns = s.shifts.len();
        let n = s.days.len();
        let price = |k: usize| prices.map_or(0.0, |p| p.price[k].max(0.0));
        let mut lambda = vec![0.0; limits.high.len()];
        if let Some(w) = limits.weekends {
            lambda[w] = price(Prices::WEEKENDS);
        }
        if let Some(c) = limits.duties {
            lambda[c] = price(Prices::DUTIES);
        }
        for (t, at) in limits.shift.iter().enumerate() {
            if let Some(c) = at {
                lambda[*c] = price(Prices::SHIFTS + t);
            }
        }
        if let Some(first) = limits.month {
            for m in 0..super::counted::months(s) {
                lambda[first + m] = price(Prices::SHIFTS + ns + m);
            }
        }
        // Minutes in steps of their common divisor, up to the ceiling.
        let step = s.shifts.iter().map(|x| x.minutes).filter(|&m| m > 0).fold(0, gcd).max(1);
        let levels = match limits.max_minutes {
            Some(high) if n * steps.states * (high / step + 1) as usize <= MAX_TABLE => (high / step + 1) as usize,
            _ => 1,
        };
        let window =
            (limits.min_minutes.map_or(0, |m| m.div_ceil(step)), limits.max_minutes.map_or(u32::MAX, |m| m / step));
        // What day d's shift t adds, priced; `worked` tells whether d − 1 was worked.
        let cost = |d: usize, t: usize, worked: bool| -> f64 {
            let Some((_, c)) = plan.options[d][t] else { return f64::INFINITY };
            let weekend = starts_weekend(s, d, worked);
            let counted = [weekend.then_some(limits.weekends).flatten(), limits.duties, limits.shift[t]];
            let priced: f64 = counted.into_iter().flatten().map(|k| lambda[k]).sum();
            c + priced + limits.month.map_or(0.0, |first| lambda[first + s.days[d].month])
        };
        let states = steps.states;
        let at = |d: usize, state: usize, k: usize| (d * states + state) * levels + k;
        let mut to_go = vec![f64::INFINITY; n * states * levels];
        for state in 0..states {
            to_go[at(n - 1, state, 0)] = 0.0;
        }
        for d in (0..n - 1).rev() {
            for from in 0..states {
                let worked = steps.works(from);
                for (to, t) in steps.after(plan, d + 1, from) {
                    let (add, more) = match t {
                        Some(t) => {
                            (cost(d + 1, t, worked), if levels > 1 { (s.shifts[t].minutes / step) as usize } else { 0 })
                        }
                        None => (0.0, 0),
                    };
                    if add == f64::INFINITY {
                        continue;
                    }
                    for k in more..levels {
                        let v = to_go[at(d + 1, to, k - more)] + add;
                        let here = &mut to_go[at(d, from, k)];
                        if v < *here {
                            *here = v;
                        }
                    }
                }
            }
        }
        let high = limits.high.iter().map(|&h| h as f64).collect();
        Floor { to_go, states, levels, step, lambda, high, window }
    }

    /// The floor under the future of `label`, in `state` on day d.
    fn under(&self, d: usize, state: usize, label: &Label) -> f64 {
        let counts: f64 =
            self.lambda.iter().zip(&label.counts).zip(&self.high).map(|((l, &c), h)| l * (c as f64 - h)).sum();
        let base = (d * self.states + state) * self.levels;
        let future = if self.levels > 1 {
            // The steps still to work to end inside the window.
            let done = label.minutes / self.step;
            let low = self.window.0.saturating_sub(done) as usize;
            let high = (self.window.1.saturating_sub(done) as usize).min(self.levels - 1);
            if done > self.window.1 || low > high {
                return f64::INFINITY;
            }
            self.to_go[base + low..=base + high].iter().copied().fold(f64::INFINITY, f64::min)
        } else {
            self.to_go[base]
        };
        future + counts
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
