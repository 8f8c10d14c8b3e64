//! The output files of contract section 6. Writers return bytes; `write_whole` puts
//! them on disk whole (a temporary name, then rename), so a crash never leaves half a file.

use std::io::Write;
use std::path::Path;

use crate::domain::{Rota, Scenario, Status};

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A text cell made safe for spreadsheets (for the office formats, which carry names;
/// the contract files carry ids and dates only and are written as they are): one starting with = + - @ (a formula to
/// Excel and WPS) gets a leading apostrophe.
pub fn safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// rota.csv: one row per person per day, by date then staff id.
pub fn rota_csv(s: &Scenario, rota: &Rota) -> Vec<u8> {
    let rows = s.days.iter().enumerate().flat_map(|(d, day)| {
        s.staff.iter().enumerate().map(move |(p, person)| {
            let c = rota.cells[p][d];
            let requirement = c.requirement.map(|r| &s.requirements[r]);
            vec![
                day.date.to_string(),
                person.id.clone(),
                s.units[person.unit].id.clone(),
                c.status.as_str().to_string(),
                if c.status == Status::Office {
                    c.at_unit.map(|u| s.units[u].id.clone()).unwrap_or_default()
                } else {
                    String::new()
                },
                requirement.map(|r| s.shifts[r.shift].id.clone()).unwrap_or_default(),
                requirement.map(|r| r.id.clone()).unwrap_or_default(),
            ]
        })
    });
    csv_bytes(&["date", "staff", "unit", "status", "at_unit", "shift", "requirement"], rows)
}

/// One row of coverage.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageRow {
    pub day: usize,
    pub kind: &'static str,
    pub id: String,
    pub need: u32,
    pub have: u32,
}

/// Coverage rows by date, kind, id: units on working days (office mode), requirements
/// on the days they apply.
pub fn coverage(s: &Scenario, rota: &Rota) -> Vec<CoverageRow> {
    let mut rows = Vec::new();
    for (d, day) in s.days.iter().enumerate() {
        for (r, req) in s.requirements.iter().enumerate() {
            if req.days[d] {
                let have = rota.cells.iter().filter(|row| row[d].requirement == Some(r)).count() as u32;
                rows.push(CoverageRow { day: d, kind: "requirement", id: req.id.clone(), need: req.count, have });
            }
        }
        if s.office && day.is_working() {
            for (u, unit) in s.units.iter().enumerate() {
                let have = rota
                    .cells
                    .iter()
                    .filter(|row| row[d].status == Status::Office && row[d].at_unit == Some(u))
                    .count() as u32;
                rows.push(CoverageRow { day: d, kind: "unit", id: unit.id.clone(), need: unit.min_staff[d], have });
            }
        }
    }
    rows
}

pub fn coverage_csv(s: &Scenario, rota: &Rota) -> Vec<u8> {
    let rows = coverage(s, rota).into_iter().map(|c| {
        vec![s.days[c.day].date.to_string(), c.kind.to_string(), c.id, c.need.to_string(), c.have.to_string()]
    });
    csv_bytes(&["date", "kind", "id", "need", "have"], rows)
}

/// lending.csv: every office day worked away from home, by date then staff.
pub fn lending_csv(s: &Scenario, rota: &Rota) -> Vec<u8> {
    let rows = s.days.iter().enumerate().flat_map(|(d, day)| {
        s.staff.iter().enumerate().filter_map(move |(p, person)| {
            let c = rota.cells[p][d];
            match (c.status, c.at_unit) {
                (Status::Office, Some(u)) if u != person.unit => Some(vec![
                    day.date.to_string(),
                    person.id.clone(),
                    s.units[person.unit].id.clone(),
                    s.units[u].id.clone(),
                ]),
                _ => None,
            }
        })
    });
    csv_bytes(&["date", "staff", "from_unit", "to_unit"], rows)
}
