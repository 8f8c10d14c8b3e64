//! `rota check`: read and validate scenarios, and print what a planner can sanity-check.

use std::fmt::Write;
use std::path::PathBuf;

use std::io::Write as _;

use super::{exit, print_problems};
use crate::diag::Problem;
use crate::domain::{DayKind, Scenario};
use crate::scenario::{self, Loaded};

/// Checks each scenario in turn: a summary and the warnings of a valid one, every
/// problem of an invalid one. Exit 1 when any is invalid.
pub fn run(paths: &[PathBuf]) -> u8 {
    let mut code = exit::OK;
    for path in paths {
        match scenario::load(path) {
            Ok(loaded) => {
                // A closed pipe (`rota check … | head`) is no reason to fail.
                let _ = std::io::stdout().lock().write_all(summary(&loaded).as_bytes());
                print_problems(&loaded.warnings);
            }
            Err(problems) => {
                print_problems(&problems);
                let errors = Problem::count_errors(&problems);
                let line = format!("{}: {errors} error(s); nothing was planned\n", path.display());
                let _ = std::io::stderr().lock().write_all(line.as_bytes());
                code = exit::INPUT;
            }
        }
    }
    code
}

/// The summary of a valid scenario, as printed by `rota check`.
pub fn summary(loaded: &Loaded) -> String {
    let s = &loaded.scenario;
    let mut out = String::new();
    let count = |k: DayKind| s.days.iter().filter(|d| d.kind == k).count();
    let makeup = s.days.iter().filter(|d| d.makeup).count();
    let _ = writeln!(out, "{}: \"{}\" is valid", s.path.display(), s.name);
    let _ = writeln!(
        out,
        "  horizon    {} .. {}: {} days = {} working ({} make-up), {} weekend, {} holiday",
        s.start(),
        s.end(),
        s.days.len(),
        count(DayKind::Working),
        makeup,
        count(DayKind::Weekend),
        count(DayKind::Holiday)
    );
    for c in &s.calendars {
        let flag = if c.provisional { "  [PROVISIONAL: not yet officially published]" } else { "" };
        let _ = writeln!(out, "  calendar   {} ({}){flag}", c.name, c.source);
    }
    let _ = writeln!(
        out,
        "  mode       {}",
        if s.office { "office days with joint duty" } else { "pure shift rostering (office = false)" }
    );
    let _ = writeln!(
        out,
        "  groupings  {}   units {}   staff {}   shifts {}   requirements {}",
        s.groupings.len(),
        s.units.len(),
        s.staff.len(),
        s.shifts.len(),
        s.requirements.len()
    );
    let _ = writeln!(
        out,
        "  {:<16} {:>5} {:>5} {:>11} {:>11} {:>11}  name",
        "grouping", "units", "staff", "duty slots", "unit min", "staff-days"
    );
    for (g, f) in s.groupings.iter().zip(grouping_figures(s)) {
        let _ = writeln!(
            out,
            "  {:<16} {:>5} {:>5} {:>11} {:>11} {:>11}  {}",
            g.id,
            g.units.len(),
            f.staff,
            f.duty_slots,
            f.unit_min,
            f.staff_days,
            g.name
        );
    }
    let _ = writeln!(out, "  (duty slots: person-shifts the requirements ask for; unit min: person-days of unit minimums; staff-days: days not on leave)");
    let warnings = loaded.warnings.len();
    if warnings > 0 {
        let _ = writeln!(out, "  {warnings} warning(s), shown below");
    }
    out
}

/// What one grouping asks for and has, over the horizon.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupingFigures {
    /// People whose home unit is in the grouping.
    pub staff: usize,
    /// Person-shifts its requirements (and its units' requirements) ask for.
    pub duty_slots: u64,
    /// Person-days of its units' minimum staffing.
    pub unit_min: u64,
    /// Days its people are not on leave.
    pub staff_days: u64,
}

/// The figures of every grouping, in the scenario's grouping order (one pass over each list).
pub fn grouping_figures(s: &Scenario) -> Vec<GroupingFigures> {
    let mut figures = vec![GroupingFigures::default(); s.groupings.len()];
    for (p, person) in s.staff.iter().enumerate() {
        if let Some(f) = figures.get_mut(s.grouping_of_person(p)) {
            f.staff += 1;
            f.staff_days += person.leave.iter().filter(|l| !**l).count() as u64;
        }
    }
    for r in &s.requirements {
        if let Some(f) = figures.get_mut(s.owner_grouping(r.owner)) {
            f.duty_slots += u64::from(r.count) * r.days.iter().filter(|d| **d).count() as u64;
        }
    }
    for u in &s.units {
        if let Some(f) = figures.get_mut(u.grouping) {
            f.unit_min += u.min_staff.iter().map(|&m| u64::from(m)).sum::<u64>();
        }
    }
    figures
}

/// Used by reports: the scenario's horizon in one phrase.
pub fn horizon_phrase(s: &Scenario) -> String {
    format!("{} .. {}", s.start(), s.end())
}
