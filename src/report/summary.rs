//! summary.json (contract section 6) and the end-of-run table.

use serde::Serialize;

use super::evaluate::{Figures, Stats};
use super::explain::Shortfall;
use crate::domain::Scenario;
use crate::solve::{GroupingSolve, SolveStatus};

#[derive(Debug, Serialize)]
pub struct Summary {
    pub scenario: String,
    /// The scenario file solved (as given on the command line), for `rota plot`.
    pub scenario_file: String,
    pub input_sha256: String,
    pub status: &'static str,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub solve_seconds: f64,
    pub calendar_provisional: bool,
    pub calendars: Vec<String>,
    pub totals: Totals,
    pub groupings: Vec<GroupingSummary>,
    pub shortfalls: Vec<Shortfall>,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub shortfall: f64,
    pub unit_shortfall: f64,
    pub unit_days_below_min: u64,
    pub over: f64,
    pub lending_person_days: u64,
    pub comp_earned: f64,
    pub comp_taken: u64,
    pub recovery_days: u64,
    pub comp_owed: f64,
    pub duty_points: Stats,
    pub max_consecutive_work_days: u64,
    pub preferences_unmet: u64,
}

#[derive(Debug, Serialize)]
pub struct GroupingSummary {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub solve_seconds: f64,
    pub shortfall: f64,
    pub unit_shortfall: f64,
    pub lending_person_days: u64,
    pub duty_points: Stats,
    pub points_spread: f64,
    pub comp_owed: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Six decimals, no negative zero: stable text for the same figures.
pub fn tidy(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn tidy_stats(s: Stats) -> Stats {
    Stats { min: tidy(s.min), mean: tidy(s.mean), max: tidy(s.max), stdev: tidy(s.stdev) }
}

pub fn gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        0.0
    } else {
        ((objective - bound) / objective).max(0.0)
    }
}

/// The worst status among the groupings decides the scenario's.
pub fn overall_status(solves: &[GroupingSolve]) -> SolveStatus {
    let rank = |s: SolveStatus| match s {
        SolveStatus::Optimal => 0,
        SolveStatus::Feasible => 1,
        SolveStatus::TimeLimit => 2,
        SolveStatus::Infeasible => 3,
    };
    solves.iter().map(|g| g.status).max_by_key(|&s| rank(s)).unwrap_or(SolveStatus::Optimal)
}

pub fn build(
    s: &Scenario,
    solves: &[GroupingSolve],
    figures: &[Figures],
    totals: &Figures,
    shortfalls: Vec<Shortfall>,
    seconds: f64,
) -> Summary {
    let mut groupings = Vec::new();
    let mut bound = 0.0;
    let mut notes = Vec::new();
    for (g, (solve, f)) in solves.iter().zip(figures).enumerate() {
        // The bound can never pass the objective of the rota written.
        let b = solve.bound.min(f.objective);
        bound += b;
        if let Some(n) = &solve.note {
            notes.push(format!("{}: {n}", s.groupings[g].id));
        }
        groupings.push(GroupingSummary {
            id: s.groupings[g].id.clone(),
            name: s.groupings[g].name.clone(),
            status: solve.status.as_str(),
            objective: tidy(f.objective),
            bound: tidy(b),
            gap: tidy(gap(f.objective, b)),
            solve_seconds: tidy(solve.seconds),
            shortfall: tidy(f.shortfall),
            unit_shortfall: tidy(f.unit_shortfall),
            lending_person_days: f.lending_person_days,
            duty_points: tidy_stats(Stats::of(&f.pool_points)),
            points_spread: tidy(f.spread),
            comp_owed: tidy(f.comp_owed),
            note: solve.note.clone(),
        });
    }
    if s.any_provisional() {
        notes.push("the calendar is provisional: the official holiday arrangement is not yet published".into());
    }
    Summary {
        scenario: s.name.clone(),
        scenario_file: s.path.display().to_string(),
        input_sha256: s.input_sha256.clone(),
        status: overall_status(solves).as_str(),
        objective: tidy(totals.objective),
        bound: tidy(bound),
        gap: tidy(gap(totals.objective, bound)),
        solve_seconds: tidy(seconds),
        calendar_provisional: s.any_provisional(),
        calendars: s
            .calendars
            .iter()
            .map(|c| format!("{}{}", c.name, if c.provisional { " (provisional)" } else { "" }))
            .collect(),
        totals: Totals {
            shortfall: tidy(totals.shortfall),
            unit_shortfall: tidy(totals.unit_shortfall),
            unit_days_below_min: totals.unit_days_below_min,
            over: tidy(totals.over),
            lending_person_days: totals.lending_person_days,
            comp_earned: tidy(totals.comp_earned),
            comp_taken: totals.comp_taken,
            recovery_days: totals.recovery_days,
            comp_owed: tidy(totals.comp_owed),
            duty_points: tidy_stats(Stats::of(&totals.pool_points)),
            max_consecutive_work_days: totals.max_consecutive_work_days,
            preferences_unmet: totals.preferences_unmet,
        },
        groupings,
        shortfalls,
        notes,
    }
}

/// The table printed at the end of a solve, one row per grouping.
pub fn table(summary: &Summary) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<14} {:<10} {:>7} {:>9} {:>9} {:>8} {:>7} {:>8} {:>7}",
        "grouping", "status", "gap", "shortfall", "unit-sh.", "lending", "spread", "comp", "seconds"
    );
    for g in &summary.groupings {
        let _ = writeln!(
            out,
            "{:<14} {:<10} {:>6.2}% {:>9} {:>9} {:>8} {:>7} {:>8} {:>7.1}",
            g.id,
            g.status,
            g.gap * 100.0,
            g.shortfall,
            g.unit_shortfall,
            g.lending_person_days,
            g.points_spread,
            g.comp_owed,
            g.solve_seconds
        );
    }
    let t = &summary.totals;
    let _ = writeln!(
        out,
        "{:<14} {:<10} {:>6.2}% {:>9} {:>9} {:>8} {:>7} {:>8} {:>7.1}",
        "total",
        summary.status,
        summary.gap * 100.0,
        t.shortfall,
        t.unit_shortfall,
        t.lending_person_days,
        summary.groupings.iter().map(|g| g.points_spread).sum::<f64>(),
        t.comp_owed,
        summary.solve_seconds
    );
    let _ = writeln!(out, "objective {} (bound {}, gap {:.2}%)", summary.objective, summary.bound, summary.gap * 100.0);
    out
}
