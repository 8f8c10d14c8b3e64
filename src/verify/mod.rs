//! `rota verify`: the independent checker. It reads a scenario and the files of an
//! output folder (contract section 6) — perhaps edited by hand in a spreadsheet — and
//! checks every hard rule of contract sections 2 and 5, then recomputes every figure of
//! the objective and compares it with coverage.csv, lending.csv and summary.json.
//!
//! It knows the contract, not the model: it shares nothing with the solver but the
//! scenario reader (`crate::scenario`, `crate::domain`). Even the small facts about
//! shifts (night, overlap with office hours) and qualification are derived here again.
//!
//! Every rule has one name, listed in [`RULES`], used in every message and test.
//!
//! Use: `verify_dir(&scenario, outdir)` → [`Report`]: `is_valid()`, `violations()`
//! (each with its rule name), `problems()` (files that could not be read, with line),
//! `evaluation()` (the recomputed objective and figures), `render(cap)` (as printed).
//!
//! Where the contract leaves room, verify reads it so (and says so here):
//! - A file that cannot be understood (not UTF-8, not CSV, a missing column, a row of
//!   the wrong width, a bad date or status, invalid JSON) is a problem, not a
//!   violation; when rota.csv has one, no rule is checked. Rows that are understood but
//!   do not fit the scenario (unknown ids, dates outside the horizon, duplicates,
//!   missing rows, a wrong `unit`) are `rota_rows` violations; an unknown id is then
//!   treated as present but opaque, so no other rule trips on it.
//! - Rows and columns may come in any order; extra columns and blank rows are ignored;
//!   headers and statuses are read without regard to case; dates may be `YYYY/MM/DD`.
//!   The sort order of section 6 is therefore not checked.
//! - A missing row counts as a day without work for the run rules.
//! - `have` of a requirement counts every row naming it that day; duty points count
//!   every requirement named. `over` counts extra persons of every requirement (those
//!   without `over_weight` are also `requirement_max` violations; only those with it
//!   cost in the objective).
//! - Compensatory rest is only kept with office = true (otherwise earned, taken and
//!   owed are 0, carry-in included); what is owed is the final balance when positive.
//! - A recovery day exists only for a person whose `recovery_after_night` is on; for
//!   another, a rest after a night costs a day like any rest.
//! - `min_rest_hours` compares each worked day's block with the next worked day that
//!   has one; a day whose only work is a minutes-only shift has no block.
//! - A weekend whose Saturday is before `start` (the horizon starts on a Sunday) counts
//!   by its Sunday; one whose Sunday is after `end`, by its Saturday.
//! - summary.json: `scenario` and `input_sha256` must be this scenario's; each
//!   grouping's `gap` follows the same formula as the top one; the top `bound` is the
//!   sum of the groupings' bounds. Figures compare with a relative tolerance of 1e-6.

mod counts;
mod days;
mod facts;
mod files;
mod print;
pub mod read;
mod rota_rows;
mod runs;
mod summary;
pub mod table;
mod terms;
mod time;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use crate::domain::Scenario;

pub use table::{Cell, Ref, RotaTable, Status};
pub use terms::{evaluate, Evaluation, GroupingFigures, Stats, Terms, Totals};

/// The rule names, one per rule, in the order the checker reports them.
pub mod rule {
    pub const ROTA_ROWS: &str = "rota_rows";
    pub const LEAVE: &str = "leave";
    pub const DAY_STATUS: &str = "day_status";
    pub const REQUIREMENT_FILL: &str = "requirement_fill";
    pub const REQUIREMENT_MAX: &str = "requirement_max";
    pub const LENDING: &str = "lending";
    pub const RECOVERY_AFTER_NIGHT: &str = "recovery_after_night";
    pub const MIN_REST_HOURS: &str = "min_rest_hours";
    pub const NOT_FOLLOWED_BY: &str = "not_followed_by";
    pub const MAX_CONSECUTIVE_WORK_DAYS: &str = "max_consecutive_work_days";
    pub const MIN_CONSECUTIVE_WORK_DAYS: &str = "min_consecutive_work_days";
    pub const MIN_CONSECUTIVE_OFF_DAYS: &str = "min_consecutive_off_days";
    pub const MAX_WEEKENDS: &str = "max_weekends";
    pub const MAX_SHIFTS: &str = "max_shifts";
    pub const MAX_DUTIES: &str = "max_duties";
    pub const MAX_DUTIES_PER_MONTH: &str = "max_duties_per_month";
    pub const MIN_DAYS_BETWEEN_DUTIES: &str = "min_days_between_duties";
    pub const MIN_MINUTES: &str = "min_minutes";
    pub const MAX_MINUTES: &str = "max_minutes";
    pub const MAX_RESTING: &str = "max_resting";
    pub const COMP_BALANCE: &str = "comp_balance";
    pub const COVERAGE_FILE: &str = "coverage_file";
    pub const LENDING_FILE: &str = "lending_file";
    pub const SUMMARY: &str = "summary";
}

/// Every rule the checker knows, in report order.
pub const RULES: &[&str] = &[
    rule::ROTA_ROWS,
    rule::LEAVE,
    rule::DAY_STATUS,
    rule::REQUIREMENT_FILL,
    rule::REQUIREMENT_MAX,
    rule::LENDING,
    rule::RECOVERY_AFTER_NIGHT,
    rule::MIN_REST_HOURS,
    rule::NOT_FOLLOWED_BY,
    rule::MAX_CONSECUTIVE_WORK_DAYS,
    rule::MIN_CONSECUTIVE_WORK_DAYS,
    rule::MIN_CONSECUTIVE_OFF_DAYS,
    rule::MAX_WEEKENDS,
    rule::MAX_SHIFTS,
    rule::MAX_DUTIES,
    rule::MAX_DUTIES_PER_MONTH,
    rule::MIN_DAYS_BETWEEN_DUTIES,
    rule::MIN_MINUTES,
    rule::MAX_MINUTES,
    rule::MAX_RESTING,
    rule::COMP_BALANCE,
    rule::COVERAGE_FILE,
    rule::LENDING_FILE,
    rule::SUMMARY,
];

/// The output files verify reads, by their names in an output folder.
pub const ROTA_FILE: &str = "rota.csv";
pub const COVERAGE_FILE: &str = "coverage.csv";
pub const LENDING_FILE: &str = "lending.csv";
pub const SUMMARY_FILE: &str = "summary.json";

/// One broken rule: its name and what is wrong (dates, people or units, amounts).
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub rule: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
}

/// An output file that cannot be read as the contract describes: which file, which
/// line (when there is one) and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// What verify found: unreadable files, broken rules, and the figures it recomputed
/// (absent when rota.csv could not be read).
#[derive(Clone, Debug, Default)]
pub struct Report {
    problems: Vec<FileProblem>,
    violations: Vec<Violation>,
    evaluation: Option<Evaluation>,
}

impl Report {
    pub fn problems(&self) -> &[FileProblem] {
        &self.problems
    }
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    pub fn evaluation(&self) -> Option<&Evaluation> {
        self.evaluation.as_ref()
    }
    /// No unreadable file and no broken rule.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.violations.is_empty()
    }
    /// The names of the rules broken at least once.
    pub fn rules_violated(&self) -> BTreeSet<&'static str> {
        self.violations.iter().map(|v| v.rule).collect()
    }
    /// The violations of one rule.
    pub fn of_rule(&self, rule: &str) -> Vec<&Violation> {
        self.violations.iter().filter(|v| v.rule == rule).collect()
    }
    /// The report as printed by `rota verify`: problems, then violations grouped by rule
    /// (at most `cap` lines per rule), then one closing line.
    pub fn render(&self, cap: usize) -> String {
        print::render(self, cap)
    }
}

/// Collects violations as the rules find them.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub violations: Vec<Violation>,
}

impl Found {
    pub fn push(&mut self, rule: &'static str, message: impl Into<String>) {
        self.violations.push(Violation { rule, message: message.into() });
    }
}

/// Checks the output folder `dir` (rota.csv, coverage.csv, lending.csv, summary.json)
/// against scenario `s`.
pub fn verify_dir(s: &Scenario, dir: &Path) -> Report {
    let outputs = read::read_outputs(s, dir);
    verify_outputs(s, outputs)
}

/// Checks output files already read (see [`read::read_outputs`]).
pub fn verify_outputs(s: &Scenario, outputs: read::Outputs) -> Report {
    let mut found = Found::default();
    let problems = outputs.problems;
    let Some(table) = outputs.rota else {
        return Report { problems, violations: Vec::new(), evaluation: None };
    };
    found.violations.extend(outputs.rota_rows);
    check_rules(s, &table, &mut found);
    let evaluation = evaluate(s, &table);
    // A file that could not be read is already a problem; the others are compared.
    if let Some(rows) = &outputs.coverage {
        files::coverage_file(s, &evaluation, rows, &mut found);
    }
    if let Some(rows) = &outputs.lending {
        files::lending_file(s, &table, rows, &mut found);
    }
    if let Some(json) = &outputs.summary {
        summary::summary(s, &evaluation, json, &mut found);
    }
    Report { problems, violations: sort_by_rule(found.violations), evaluation: Some(evaluation) }
}

/// Checks every hard rule of a rota (not the derived files); the violations in
/// report order.
pub fn check_rota(s: &Scenario, table: &RotaTable) -> Vec<Violation> {
    let mut found = Found::default();
    check_rules(s, table, &mut found);
    sort_by_rule(found.violations)
}

/// The hard rules of contract sections 2 and 5, top to bottom.
fn check_rules(s: &Scenario, t: &RotaTable, found: &mut Found) {
    days::leave(s, t, found);
    days::day_status(s, t, found);
    days::requirement_fill(s, t, found);
    days::requirement_max(s, t, found);
    days::lending(s, t, found);
    days::recovery_after_night(s, t, found);
    time::min_rest_hours(s, t, found);
    days::not_followed_by(s, t, found);
    runs::max_consecutive_work_days(s, t, found);
    runs::min_consecutive_work_days(s, t, found);
    runs::min_consecutive_off_days(s, t, found);
    runs::max_weekends(s, t, found);
    counts::max_shifts(s, t, found);
    counts::max_duties(s, t, found);
    counts::max_duties_per_month(s, t, found);
    counts::min_days_between_duties(s, t, found);
    time::min_minutes(s, t, found);
    time::max_minutes(s, t, found);
    days::max_resting(s, t, found);
    counts::comp_balance(s, t, found);
}

/// Stable order: by rule as listed in [`RULES`], then as found.
fn sort_by_rule(mut violations: Vec<Violation>) -> Vec<Violation> {
    let rank = |rule: &str| RULES.iter().position(|r| *r == rule).unwrap_or(RULES.len());
    violations.sort_by_key(|v| rank(v.rule));
    violations
}
