//! Reading a solve folder back: summary.json (the fields the reports show) and
//! rota.csv (into a [`Rota`] of the scenario). Used by `rota plot` and `rota compare`.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::domain::{Cell, Rota, Scenario, Status};

/// summary.json as the reports read it. Fields missing from an older file take their
/// defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SummaryView {
    pub scenario: String,
    pub scenario_file: String,
    pub input_sha256: String,
    pub status: String,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub solve_seconds: f64,
    pub calendar_provisional: bool,
    pub calendars: Vec<String>,
    pub totals: TotalsView,
    pub groupings: Vec<GroupingView>,
    pub shortfalls: Vec<ShortfallView>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatsView {
    pub min: f64,
    pub mean: f64,
    pub max: f64,
    pub stdev: f64,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TotalsView {
    pub shortfall: f64,
    pub unit_shortfall: f64,
    pub unit_days_below_min: f64,
    pub over: f64,
    pub lending_person_days: f64,
    pub comp_earned: f64,
    pub comp_taken: f64,
    pub recovery_days: f64,
    pub comp_owed: f64,
    pub duty_points: StatsView,
    pub max_consecutive_work_days: f64,
    pub preferences_unmet: f64,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupingView {
    pub id: String,
    pub name: String,
    pub status: String,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub solve_seconds: f64,
    pub shortfall: f64,
    pub unit_shortfall: f64,
    pub lending_person_days: f64,
    pub duty_points: StatsView,
    pub points_spread: f64,
    pub comp_owed: f64,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShortfallView {
    pub date: String,
    pub kind: String,
    pub id: String,
    pub need: u32,
    pub have: u32,
    pub why: String,
}

/// Reads OUTDIR/summary.json.
pub fn summary(dir: &Path) -> Result<SummaryView, String> {
    let path = dir.join("summary.json");
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not a summary written by rota solve: {e}", path.display()))
}

/// A summary from the in-memory one written by `rota solve`.
pub fn summary_of(sum: &crate::report::summary::Summary) -> SummaryView {
    serde_json::to_value(sum).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}

/// Reads OUTDIR/rota.csv into a rota of `s`; every row must name a day, person, unit
/// and requirement of the scenario.
pub fn rota(s: &Scenario, dir: &Path) -> Result<Rota, String> {
    let path = dir.join("rota.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let staff: HashMap<&str, usize> = s.staff.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let units: HashMap<&str, usize> = s.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let reqs: HashMap<&str, usize> = s.requirements.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let mut rota = Rota { cells: vec![vec![Cell::OFF; s.days.len()]; s.staff.len()] };
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let bad = |line: u64, what: String| format!("{} line {line}: {what}", path.display());
    for (i, row) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let row = row.map_err(|e| bad(line, e.to_string()))?;
        let cell = |k: usize| row.get(k).unwrap_or("").trim();
        let date = chrono::NaiveDate::parse_from_str(cell(0), "%Y-%m-%d")
            .map_err(|_| bad(line, format!("`{}` is not a date", cell(0))))?;
        let d = s.day_index(date).ok_or_else(|| bad(line, format!("{date} is outside the scenario's horizon")))?;
        let p = *staff.get(cell(1)).ok_or_else(|| bad(line, format!("no person `{}` in the scenario", cell(1))))?;
        let status = match cell(3) {
            "leave" => Status::Leave,
            "office" => Status::Office,
            "shift" => Status::Shift,
            "rest" => Status::Rest,
            "off" => Status::Off,
            other => return Err(bad(line, format!("unknown status `{other}`"))),
        };
        let at_unit = match cell(4) {
            "" => None,
            u => Some(*units.get(u).ok_or_else(|| bad(line, format!("no unit `{u}` in the scenario")))?),
        };
        let requirement = match cell(6) {
            "" => None,
            r => Some(*reqs.get(r).ok_or_else(|| bad(line, format!("no requirement `{r}` in the scenario")))?),
        };
        rota.cells[p][d] = Cell { status, at_unit, requirement };
    }
    Ok(rota)
}
