//! Contradictions found before solving: hard rules that cannot all hold, for a person or
//! for a unit. Each names who, which rule and which days (exit 4), so the planner is
//! never left with a bare "infeasible".

use crate::domain::{Scenario, Shift};

/// One contradiction, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct Contradiction {
    /// The person or unit id.
    pub who: String,
    pub rule: &'static str,
    pub message: String,
}

pub fn find(s: &Scenario) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for p in 0..s.staff.len() {
        out.extend(minutes_out_of_reach(s, p));
        out.extend(runs_without_rest(s, p));
    }
    out.extend(resting_cap_too_low(s));
    out
}

/// Shifts person p could hold on day d (qualified, a requirement applies, not on leave).
fn possible_shifts(s: &Scenario, p: usize, d: usize) -> Vec<&Shift> {
    if s.staff[p].leave[d] {
        return Vec::new();
    }
    let mut shifts: Vec<&Shift> = (0..s.requirements.len())
        .filter(|&r| {
            s.requirements[r].days[d]
                && s.qualifies(p, r)
                && s.staff[p].rules.max_shifts[s.requirements[r].shift] != Some(0)
        })
        .map(|r| &s.shifts[s.requirements[r].shift])
        .collect();
    shifts.dedup_by_key(|sh| sh.id.clone());
    shifts
}

/// min_minutes: more minutes than the person can possibly work, given leave and what
/// they qualify for.
fn minutes_out_of_reach(s: &Scenario, p: usize) -> Option<Contradiction> {
    let person = &s.staff[p];
    let min = person.rules.min_minutes? as u64;
    let mut most = 0u64;
    for d in 0..s.days.len() {
        if person.leave[d] {
            continue;
        }
        let office = if s.office && s.days[d].is_working() { s.office_minutes() as u64 } else { 0 };
        let best_shift = possible_shifts(s, p, d)
            .iter()
            .map(|sh| if sh.overlaps_office(s.office_hours) { sh.minutes as u64 } else { office + sh.minutes as u64 })
            .max()
            .unwrap_or(0);
        most += office.max(best_shift);
    }
    let leave_days = person.leave.iter().filter(|l| **l).count();
    (most < min).then(|| Contradiction {
        who: person.id.clone(),
        rule: "min_minutes",
        message: format!(
            "{} must work at least {min} minutes, but can work at most {most} in {} .. {} ({leave_days} day(s) of leave)",
            person.id,
            s.start(),
            s.end()
        ),
    })
}

/// The maximal runs of working days the person is not on leave: (first, length).
fn working_runs(s: &Scenario, p: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for d in 0..=s.days.len() {
        let working = d < s.days.len() && s.days[d].is_working() && !s.staff[p].leave[d];
        match (working, start) {
            (true, None) => start = Some(d),
            (false, Some(a)) => {
                runs.push((a, d - a));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Rests person p needs to keep every run of working days within their limit.
fn rests_needed(s: &Scenario, p: usize) -> Vec<(usize, usize, usize)> {
    let Some(limit) = s.staff[p].rules.max_consecutive_work_days else { return Vec::new() };
    let limit = limit as usize;
    working_runs(s, p).into_iter().filter(|&(_, len)| len > limit).map(|(a, len)| (a, len, len / (limit + 1))).collect()
}

/// max_consecutive_work_days in office mode: a run of working days longer than the limit
/// must be broken by rests; a rest costs compensatory rest unless it follows a night.
/// A person who has no comp to spend, can earn none, and can do no night duty cannot.
fn runs_without_rest(s: &Scenario, p: usize) -> Option<Contradiction> {
    if !s.office {
        return None;
    }
    let person = &s.staff[p];
    let needs = rests_needed(s, p);
    let needed: usize = needs.iter().map(|n| n.2).sum();
    if needed == 0 {
        return None;
    }
    let any_night = (0..s.days.len())
        .any(|d| possible_shifts(s, p, d).iter().any(|sh| sh.is_night()) && person.rules.recovery_after_night);
    let earnable: f64 =
        (0..s.days.len()).filter(|&d| s.days[d].is_rest() && !possible_shifts(s, p, d).is_empty()).count() as f64
            * person.rules.comp_per_restday_shift;
    if any_night || person.comp_carry_in + earnable >= needed as f64 {
        return None;
    }
    let (a, len, _) = needs[0];
    Some(Contradiction {
        who: person.id.clone(),
        rule: "max_consecutive_work_days",
        message: format!(
            "{} may work at most {} days in a row, but {} .. {} are {len} working days; breaking them takes {needed} rest day(s) in the horizon, which cost compensatory rest, and {} has {} day(s) owed and can earn at most {} (no night duty to recover from)",
            person.id,
            person.rules.max_consecutive_work_days.unwrap_or(0),
            s.days[a].date,
            s.days[a + len - 1].date,
            person.id,
            person.comp_carry_in,
            earnable
        ),
    })
}

/// max_resting against forced rests: on a run of working days, the rests a unit's staff
/// must take to stay within their limits cannot exceed the cap times the run's length.
fn resting_cap_too_low(s: &Scenario) -> Vec<Contradiction> {
    let mut out = Vec::new();
    if !s.office {
        return out;
    }
    for (u, unit) in s.units.iter().enumerate() {
        let Some(cap) = unit.max_resting else { continue };
        // Forced rests per calendar run of working days, summed over the unit's staff.
        let mut d = 0;
        while d < s.days.len() {
            if !s.days[d].is_working() {
                d += 1;
                continue;
            }
            let a = d;
            while d < s.days.len() && s.days[d].is_working() {
                d += 1;
            }
            let len = d - a;
            let forced: usize = (0..s.staff.len())
                .filter(|&p| s.staff[p].unit == u)
                .flat_map(|p| rests_needed(s, p))
                .filter(|&(start, l, _)| start >= a && start + l <= a + len)
                .map(|n| n.2)
                .sum();
            if forced > cap as usize * len {
                out.push(Contradiction {
                    who: unit.id.clone(),
                    rule: "max_resting",
                    message: format!(
                        "unit {} may have at most {cap} of its staff resting on a working day, but {} .. {} ({len} working days in a row) needs {forced} rest day(s) from its staff to keep max_consecutive_work_days",
                        unit.id,
                        s.days[a].date,
                        s.days[a + len - 1].date
                    ),
                });
            }
        }
    }
    out
}
