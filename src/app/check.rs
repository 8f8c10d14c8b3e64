//! `rota check`: read and validate scenarios, and print what a planner can sanity-check.

use std::fmt::Write;
use std::path::PathBuf;

use super::{exit, print_problems};
use crate::domain::{DayKind, Scenario};
use crate::scenario::{self, Loaded};

pub fn run(paths: &[PathBuf]) -> u8 {
    let mut code = exit::OK;
    for path in paths {
        match scenario::load(path) {
            Ok(loaded) => {
                print!("{}", summary(&loaded));
                print_problems(&loaded.warnings);
            }
            Err(problems) => {
                let errors = problems.iter().filter(|p| p.is_error()).count();
                print_problems(&problems);
                eprintln!("{}: {errors} error(s); nothing was planned", path.display());
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
    for (gi, g) in s.groupings.iter().enumerate() {
        let staff: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == gi).collect();
        let available: usize = staff.iter().map(|&p| s.staff[p].leave.iter().filter(|l| !**l).count()).sum();
        let slots: u64 = s
            .requirements
            .iter()
            .filter(|r| s.owner_grouping(r.owner) == gi)
            .map(|r| r.count as u64 * r.days.iter().filter(|d| **d).count() as u64)
            .sum();
        let unit_min: u64 = g.units.iter().map(|&u| s.units[u].min_staff.iter().map(|&m| m as u64).sum::<u64>()).sum();
        let _ = writeln!(
            out,
            "  {:<16} {:>5} {:>5} {:>11} {:>11} {:>11}  {}",
            g.id,
            g.units.len(),
            staff.len(),
            slots,
            unit_min,
            available,
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

/// Used by reports: the scenario's horizon in one phrase.
pub fn horizon_phrase(s: &Scenario) -> String {
    format!("{} .. {}", s.start(), s.end())
}
