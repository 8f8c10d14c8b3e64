//! The derived files against the rota: coverage.csv and lending.csv must hold exactly
//! the rows the rota implies (contract section 6), in any order.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::facts::date;
use super::read::{CoverageRow, LendingRow};
use super::rule;
use super::table::{RotaTable, Status};
use super::terms::Evaluation;
use super::Found;
use crate::domain::Scenario;

type CoverageKey = (NaiveDate, String, String);

/// The rows coverage.csv must hold, keyed by (date, kind, id), valued (need, have):
/// with office = true one `unit` row per unit per working day (need = its minimum,
/// have = people at its office); one `requirement` row per requirement per day it
/// applies (need = count, have = people filling it).
fn expected_coverage(s: &Scenario, e: &Evaluation) -> BTreeMap<CoverageKey, (u64, u64)> {
    let mut rows = BTreeMap::new();
    for (d, day) in s.days.iter().enumerate() {
        if s.office && day.is_working() {
            for (u, unit) in s.units.iter().enumerate() {
                let key = (day.date, "unit".to_string(), unit.id.clone());
                rows.insert(key, (u64::from(unit.min_staff[d]), e.unit_have[u][d]));
            }
        }
        for (r, req) in s.requirements.iter().enumerate().filter(|(_, req)| req.days[d]) {
            let key = (day.date, "requirement".to_string(), req.id.clone());
            rows.insert(key, (u64::from(req.count), e.requirement_have[r][d]));
        }
    }
    rows
}

/// coverage_file: coverage.csv holds exactly the rows the rota implies, with the
/// right need and have.
pub fn coverage_file(s: &Scenario, e: &Evaluation, rows: &[CoverageRow], found: &mut Found) {
    let expected = expected_coverage(s, e);
    let mut seen: BTreeMap<CoverageKey, usize> = BTreeMap::new();
    for row in rows {
        let key = (row.date, row.kind.clone(), row.id.clone());
        let what = format!("{} {} {}", row.date, row.kind, row.id);
        if let Some(first) = seen.get(&key) {
            found.push(
                rule::COVERAGE_FILE,
                format!("line {}: a second row for {what} (first on line {first})", row.line),
            );
            continue;
        }
        seen.insert(key.clone(), row.line);
        let Some(&(need, have)) = expected.get(&key) else {
            let message = format!("line {}: {what}: no such row is expected ({})", row.line, why_unexpected(s, row));
            found.push(rule::COVERAGE_FILE, message);
            continue;
        };
        if row.need != need {
            found.push(rule::COVERAGE_FILE, format!("line {}: {what}: need {}, expected {need}", row.line, row.need));
        }
        if row.have != have {
            let message = format!("line {}: {what}: have {}, the rota gives {have}", row.line, row.have);
            found.push(rule::COVERAGE_FILE, message);
        }
    }
    for ((on, kind, id), (need, have)) in &expected {
        if !seen.contains_key(&(*on, kind.clone(), id.clone())) {
            found.push(rule::COVERAGE_FILE, format!("no row for {on} {kind} {id} (need {need}, have {have})"));
        }
    }
}

/// Why coverage.csv should not hold `row`.
fn why_unexpected(s: &Scenario, row: &CoverageRow) -> String {
    let Some(d) = s.day_index(row.date) else { return "outside the horizon".into() };
    match row.kind.as_str() {
        "unit" if !s.units.iter().any(|u| u.id == row.id) => "unknown unit".into(),
        "unit" if !s.office => "office = false: no unit rows".into(),
        "unit" => format!("{} is not a working day", date(s, d)),
        "requirement" if !s.requirements.iter().any(|r| r.id == row.id) => "unknown requirement".into(),
        "requirement" => "the requirement does not apply that day".into(),
        kind => format!("kind `{kind}` is neither unit nor requirement"),
    }
}

type LendingKey = (NaiveDate, String);

/// Every office day worked away from home: (date, staff) → (from_unit, to_unit).
fn expected_lending(s: &Scenario, t: &RotaTable) -> BTreeMap<LendingKey, (String, String)> {
    let mut rows = BTreeMap::new();
    for (p, person) in s.staff.iter().enumerate() {
        for (d, day) in s.days.iter().enumerate() {
            let Some(cell) = t.cell(p, d) else { continue };
            let Some(at) = cell.at_unit.known().filter(|&u| cell.status == Status::Office && u != person.unit) else {
                continue;
            };
            let units = (s.units[person.unit].id.clone(), s.units[at].id.clone());
            rows.insert((day.date, person.id.clone()), units);
        }
    }
    rows
}

/// lending_file: lending.csv holds exactly one row for every office day worked at a
/// unit other than home, naming the home unit and the unit worked at.
pub fn lending_file(s: &Scenario, t: &RotaTable, rows: &[LendingRow], found: &mut Found) {
    let expected = expected_lending(s, t);
    let mut seen: BTreeMap<LendingKey, usize> = BTreeMap::new();
    for row in rows {
        let key = (row.date, row.staff.clone());
        let (line, who, on) = (row.line, &row.staff, row.date);
        if let Some(first) = seen.get(&key) {
            found.push(
                rule::LENDING_FILE,
                format!("line {line}: a second row for {who} on {on} (first on line {first})"),
            );
            continue;
        }
        seen.insert(key.clone(), line);
        match expected.get(&key) {
            None => found.push(
                rule::LENDING_FILE,
                format!(
                    "line {line}: {who} on {on}, {} → {}: the rota has no such lending",
                    row.from_unit, row.to_unit
                ),
            ),
            Some((from, to)) if *from != row.from_unit || *to != row.to_unit => found.push(
                rule::LENDING_FILE,
                format!(
                    "line {line}: {who} on {on}: {} → {}, the rota gives {from} → {to}",
                    row.from_unit, row.to_unit
                ),
            ),
            Some(_) => {}
        }
    }
    for ((on, who), (from, to)) in &expected {
        if !seen.contains_key(&(*on, who.clone())) {
            found.push(rule::LENDING_FILE, format!("no row for {who} on {on}, lent {from} → {to}"));
        }
    }
}
