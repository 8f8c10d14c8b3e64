//! Tiny worlds for the verify tests: a scenario written to a temporary folder, a rota
//! written cell by cell, and the derived files written from the rota by this test
//! code alone (coverage.csv, lending.csv) or from figures computed by hand
//! (summary.json). Nothing here calls the checker's own evaluator.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use rota::domain::Scenario;
use rota::verify::{self, Report, RotaTable, Violation};

/// A scenario in a temporary folder.
pub struct World {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub scenario: Scenario,
    outputs: std::cell::Cell<usize>,
}

/// Writes `toml` as a scenario and reads it; panics with the problems when invalid.
pub fn world(toml: &str) -> World {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, toml).expect("write scenario");
    let scenario = match rota::scenario::load(&path) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => {
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!("test scenario is invalid:\n{}", text.join("\n"))
        }
    };
    World { dir, path, scenario, outputs: std::cell::Cell::new(0) }
}

/// One cell of a rota, written compactly: a status letter (`o` office, `s` shift, `r`
/// rest, `f` off, `l` leave), then optionally `@unit` (office at that unit; an office
/// without `@` is at the home unit, `@` alone leaves at_unit empty), `:shift` and
/// `/requirement`. Examples: `o`, `o@u2`, `o:night/n`, `s:day/d`, `r`, `f`, `l`.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub status: &'static str,
    pub at_unit: String,
    pub shift: String,
    pub requirement: String,
}

pub fn cell(code: &str, home: &str) -> Cell {
    let status = match code.chars().next() {
        Some('o') => "office",
        Some('s') => "shift",
        Some('r') => "rest",
        Some('f') => "off",
        Some('l') => "leave",
        _ => panic!("bad cell code `{code}`"),
    };
    let rest = &code[1..];
    let (head, requirement) = rest.split_once('/').unwrap_or((rest, ""));
    let (head, shift) = head.split_once(':').unwrap_or((head, ""));
    let at_unit = match head.strip_prefix('@') {
        Some(unit) => unit.to_string(),
        None if status == "office" => home.to_string(),
        None => String::new(),
    };
    Cell { status, at_unit, shift: shift.to_string(), requirement: requirement.to_string() }
}

/// A rota: for each person, one cell code per day, separated by blanks.
pub type Grid = &'static [(&'static str, &'static str)];

/// The cells of a grid: `[(person, [cell per day])]`, sorted by person id.
pub fn cells(s: &Scenario, grid: Grid) -> Vec<(String, Vec<Cell>)> {
    let mut out: Vec<(String, Vec<Cell>)> = grid
        .iter()
        .map(|(who, codes)| {
            let person = s.staff.iter().find(|p| p.id == *who).unwrap_or_else(|| panic!("no person {who}"));
            let home = &s.units[person.unit].id;
            let row: Vec<Cell> = codes.split_whitespace().map(|c| cell(c, home)).collect();
            assert_eq!(row.len(), s.days.len(), "{who}: one cell per day");
            (who.to_string(), row)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// rota.csv for a grid: by date, then staff id.
pub fn rota_csv(s: &Scenario, grid: Grid) -> String {
    let cells = cells(s, grid);
    let mut out = String::from("date,staff,unit,status,at_unit,shift,requirement\n");
    for (d, day) in s.days.iter().enumerate() {
        for (who, row) in &cells {
            let person = s.staff.iter().find(|p| &p.id == who).expect("person");
            let c = &row[d];
            let unit = &s.units[person.unit].id;
            let _ = writeln!(out, "{},{who},{unit},{},{},{},{}", day.date, c.status, c.at_unit, c.shift, c.requirement);
        }
    }
    out
}

/// coverage.csv for a grid, as contract section 6 describes it: by date, kind, id.
pub fn coverage_csv(s: &Scenario, grid: Grid) -> String {
    let cells = cells(s, grid);
    let mut out = String::from("date,kind,id,need,have\n");
    for (d, day) in s.days.iter().enumerate() {
        for req in &s.requirements {
            if req.days[d] {
                let have = cells.iter().filter(|(_, row)| row[d].requirement == req.id).count();
                let _ = writeln!(out, "{},requirement,{},{},{have}", day.date, req.id, req.count);
            }
        }
        if s.office && day.kind == rota::domain::DayKind::Working {
            for unit in &s.units {
                let have =
                    cells.iter().filter(|(_, row)| row[d].status == "office" && row[d].at_unit == unit.id).count();
                let _ = writeln!(out, "{},unit,{},{},{have}", day.date, unit.id, unit.min_staff[d]);
            }
        }
    }
    out
}

/// lending.csv for a grid: every office day away from home, by date then staff.
pub fn lending_csv(s: &Scenario, grid: Grid) -> String {
    let cells = cells(s, grid);
    let mut out = String::from("date,staff,from_unit,to_unit\n");
    for (d, day) in s.days.iter().enumerate() {
        for (who, row) in &cells {
            let person = s.staff.iter().find(|p| &p.id == who).expect("person");
            let home = &s.units[person.unit].id;
            if row[d].status == "office" && !row[d].at_unit.is_empty() && &row[d].at_unit != home {
                let _ = writeln!(out, "{},{who},{home},{}", day.date, row[d].at_unit);
            }
        }
    }
    out
}

/// The figures of summary.json, computed by hand. With one grouping, its entry copies
/// the totals; otherwise `groupings` lists each.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub objective: f64,
    pub bound: Option<f64>,
    pub shortfall: u64,
    pub unit_shortfall: u64,
    pub unit_days_below_min: u64,
    pub over: u64,
    pub lending_person_days: u64,
    pub comp_earned: f64,
    pub comp_taken: u64,
    pub recovery_days: u64,
    pub comp_owed: f64,
    /// min, mean, max, stdev
    pub duty_points: [f64; 4],
    pub preferences_unmet: u64,
    pub max_consecutive_work_days: u64,
    pub groupings: Vec<GroupingFigures>,
}

#[derive(Clone, Debug, Default)]
pub struct GroupingFigures {
    pub id: &'static str,
    pub objective: f64,
    pub bound: Option<f64>,
    pub shortfall: u64,
    pub unit_shortfall: u64,
    pub lending_person_days: u64,
    pub duty_points: [f64; 4],
}

fn stats(x: [f64; 4]) -> serde_json::Value {
    serde_json::json!({ "min": x[0], "mean": x[1], "max": x[2], "stdev": x[3] })
}

fn gap(objective: f64, bound: f64) -> f64 {
    if objective == 0.0 {
        0.0
    } else {
        (objective - bound) / objective
    }
}

pub fn summary_json(s: &Scenario, f: &Figures) -> String {
    let groupings: Vec<GroupingFigures> = if f.groupings.is_empty() {
        assert_eq!(s.groupings.len(), 1, "list the groupings' figures");
        vec![GroupingFigures {
            id: "",
            objective: f.objective,
            bound: f.bound,
            shortfall: f.shortfall,
            unit_shortfall: f.unit_shortfall,
            lending_person_days: f.lending_person_days,
            duty_points: f.duty_points,
        }]
    } else {
        f.groupings.clone()
    };
    let entries: Vec<serde_json::Value> = groupings
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let id = if g.id.is_empty() { s.groupings[i].id.clone() } else { g.id.to_string() };
            let bound = g.bound.unwrap_or(g.objective);
            serde_json::json!({
                "id": id, "status": "optimal", "objective": g.objective, "bound": bound,
                "gap": gap(g.objective, bound), "solve_seconds": 0.0, "shortfall": g.shortfall,
                "unit_shortfall": g.unit_shortfall, "lending_person_days": g.lending_person_days,
                "duty_points": stats(g.duty_points),
            })
        })
        .collect();
    let bound = f.bound.unwrap_or(f.objective);
    let json = serde_json::json!({
        "scenario": s.name, "input_sha256": s.input_sha256, "status": "optimal",
        "objective": f.objective, "bound": bound, "gap": gap(f.objective, bound), "solve_seconds": 0.0,
        "totals": {
            "shortfall": f.shortfall, "unit_shortfall": f.unit_shortfall,
            "unit_days_below_min": f.unit_days_below_min, "over": f.over,
            "lending_person_days": f.lending_person_days, "comp_earned": f.comp_earned,
            "comp_taken": f.comp_taken, "recovery_days": f.recovery_days, "comp_owed": f.comp_owed,
            "duty_points": stats(f.duty_points), "max_consecutive_work_days": f.max_consecutive_work_days,
            "preferences_unmet": f.preferences_unmet,
        },
        "groupings": entries,
    });
    serde_json::to_string_pretty(&json).expect("json")
}

impl World {
    /// A fresh output folder with the four files for `grid` and `figures`.
    pub fn outputs(&self, grid: Grid, figures: &Figures) -> PathBuf {
        let n = self.outputs.get() + 1;
        self.outputs.set(n);
        let dir = self.dir.path().join(format!("out{n}"));
        std::fs::create_dir_all(&dir).expect("out dir");
        let s = &self.scenario;
        write(&dir, "rota.csv", &rota_csv(s, grid));
        write(&dir, "coverage.csv", &coverage_csv(s, grid));
        write(&dir, "lending.csv", &lending_csv(s, grid));
        write(&dir, "summary.json", &summary_json(s, figures));
        dir
    }

    pub fn verify(&self, dir: &Path) -> Report {
        verify::verify_dir(&self.scenario, dir)
    }

    /// The hard-rule violations of `grid` alone (rota.csv read back, no derived files).
    pub fn hard_rules(&self, grid: Grid) -> Vec<Violation> {
        let n = self.outputs.get() + 1;
        self.outputs.set(n);
        let dir = self.dir.path().join(format!("rota{n}"));
        std::fs::create_dir_all(&dir).expect("out dir");
        write(&dir, "rota.csv", &rota_csv(&self.scenario, grid));
        let outputs = verify::read::read_outputs(&self.scenario, &dir);
        let table = outputs.rota.expect("rota.csv reads back");
        let mut all = outputs.rota_rows;
        all.extend(verify::check_rota(&self.scenario, &table));
        all
    }

    /// The rules `grid` breaks, by name.
    pub fn broken_rules(&self, grid: Grid) -> Vec<&'static str> {
        let rules: std::collections::BTreeSet<&'static str> = self.hard_rules(grid).iter().map(|v| v.rule).collect();
        rules.into_iter().collect()
    }

    /// The rota of `grid` as verify reads it.
    pub fn table(&self, grid: Grid) -> RotaTable {
        let n = self.outputs.get() + 1;
        self.outputs.set(n);
        let dir = self.dir.path().join(format!("rota{n}"));
        std::fs::create_dir_all(&dir).expect("out dir");
        write(&dir, "rota.csv", &rota_csv(&self.scenario, grid));
        verify::read::read_outputs(&self.scenario, &dir).rota.expect("rota.csv reads back")
    }
}

pub fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write output file");
}

pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("read output file")
}

/// Replaces `from` (which must occur) by `to` in one output file.
pub fn edit(dir: &Path, name: &str, from: &str, to: &str) {
    let text = read(dir, name);
    assert!(text.contains(from), "{name} has no `{from}`:\n{text}");
    write(dir, name, &text.replacen(from, to, 1));
}

/// Asserts a report is clean, showing it when not.
pub fn assert_valid(report: &Report) {
    assert!(report.is_valid(), "expected a valid rota, got:\n{}", report.render(50));
}

/// Asserts a report breaks exactly `rule` and reads every file.
pub fn assert_only(report: &Report, rule: &str) {
    assert!(report.problems().is_empty(), "file problems:\n{}", report.render(50));
    let rules: Vec<&str> = report.rules_violated().into_iter().collect();
    assert_eq!(rules, vec![rule], "expected only {rule}, got:\n{}", report.render(50));
}
