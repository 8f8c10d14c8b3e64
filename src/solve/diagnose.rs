//! When the solver proves a grouping infeasible, find who and which rule: solve each
//! person alone (requirements are soft, so a person alone is infeasible only through
//! their own rules), then each unit with its staff (the resting cap); for a culprit,
//! relax one rule at a time to name the rule that cannot hold with the others.

use super::contradictions::Contradiction;
use super::{feasible, Limits};
use crate::domain::{Rules, Scenario};

/// Relaxes one rule of a person.
type Relax = fn(&mut Rules);

/// Rules of a person that can be relaxed one at a time: name, and how to relax it.
const PERSON_RULES: &[(&str, Relax)] = &[
    ("min_minutes", |r| r.min_minutes = None),
    ("max_minutes", |r| r.max_minutes = None),
    ("max_consecutive_work_days", |r| r.max_consecutive_work_days = None),
    ("min_consecutive_work_days", |r| r.min_consecutive_work_days = 1),
    ("min_consecutive_off_days", |r| r.min_consecutive_off_days = 1),
    ("max_weekends", |r| r.max_weekends = None),
    ("min_rest_hours", |r| r.min_rest_hours = 0.0),
    ("recovery_after_night", |r| r.recovery_after_night = false),
    ("max_shifts", |r| r.max_shifts.iter_mut().for_each(|m| *m = None)),
    ("max_duties", |r| r.max_duties = None),
    ("max_duties_per_month", |r| r.max_duties_per_month = None),
    ("min_days_between_duties", |r| r.min_days_between_duties = 0),
];

/// The scenario with only the given staff (indices into `s.staff`).
fn with_staff(s: &Scenario, keep: &[usize]) -> Scenario {
    let mut sub = s.clone();
    sub.staff = keep.iter().map(|&p| s.staff[p].clone()).collect();
    sub
}

/// Who and which rule make grouping g infeasible, as far as can be told.
pub fn diagnose(s: &Scenario, g: usize) -> Vec<Contradiction> {
    let quick = Limits { time_limit_s: 10.0, mip_gap: 1.0 };
    let staff: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    let mut found = Vec::new();
    for &p in &staff {
        let alone = with_staff(s, &[p]);
        if feasible(&alone, g, quick) != Some(false) {
            continue;
        }
        let person = &s.staff[p];
        let rule = PERSON_RULES
            .iter()
            .find(|(_, relax)| {
                let mut relaxed = alone.clone();
                relax(&mut relaxed.staff[0].rules);
                feasible(&relaxed, g, quick) == Some(true)
            })
            .map_or("several rules", |(name, _)| *name);
        let leave: Vec<String> =
            s.days.iter().zip(&person.leave).filter(|(_, l)| **l).map(|(d, _)| d.date.to_string()).collect();
        found.push(Contradiction {
            who: person.id.clone(),
            rule: if rule == "several rules" { "hard_rules" } else { rule },
            message: format!(
                "{}: {rule} cannot hold together with their other rules in {} .. {}{}",
                person.id,
                s.start(),
                s.end(),
                if leave.is_empty() {
                    String::new()
                } else {
                    format!(" (on leave {} day(s), from {})", leave.len(), leave[0])
                }
            ),
        });
    }
    if !found.is_empty() {
        return found;
    }
    for &u in &s.groupings[g].units {
        let unit_staff: Vec<usize> = staff.iter().copied().filter(|&p| s.staff[p].unit == u).collect();
        let alone = with_staff(s, &unit_staff);
        if feasible(&alone, g, quick) != Some(false) {
            continue;
        }
        let mut uncapped = alone.clone();
        uncapped.units[u].max_resting = None;
        let rule = if feasible(&uncapped, g, quick) == Some(true) { "max_resting" } else { "hard_rules" };
        found.push(Contradiction {
            who: s.units[u].id.clone(),
            rule,
            message: format!(
                "unit {}: {} cannot hold together with its staff's rules in {} .. {}",
                s.units[u].id,
                if rule == "max_resting" { "the resting cap (max_resting)" } else { "its staff's rules" },
                s.start(),
                s.end()
            ),
        });
    }
    found
}
