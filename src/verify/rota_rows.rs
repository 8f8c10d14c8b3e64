//! rota.csv into a [`RotaTable`], checking rule `rota_rows` on the way: exactly one row
//! per person per day of the horizon; no unknown person, unit, shift or requirement
//! ids; the `unit` column is the person's home unit.

use std::collections::HashMap;

use super::facts::day_list;
use super::read::{cell_date, problem, CsvRow};
use super::rule::ROTA_ROWS;
use super::table::{Cell, Ref, RotaTable, Status};
use super::{FileProblem, Violation};
use crate::domain::Scenario;

/// The scenario's ids, to look cells up.
struct Ids<'s> {
    staff: HashMap<&'s str, usize>,
    units: HashMap<&'s str, usize>,
    shifts: HashMap<&'s str, usize>,
    requirements: HashMap<&'s str, usize>,
}

impl<'s> Ids<'s> {
    fn new(s: &'s Scenario) -> Self {
        Ids {
            staff: s.staff.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect(),
            units: s.units.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect(),
            shifts: s.shifts.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect(),
            requirements: s.requirements.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect(),
        }
    }
}

fn lookup(map: &HashMap<&str, usize>, text: &str) -> Ref {
    if text.is_empty() {
        Ref::None
    } else {
        map.get(text).map_or_else(|| Ref::Unknown(text.to_string()), |&i| Ref::Known(i))
    }
}

/// Builds the table from the rows of rota.csv (columns date, staff, unit, status,
/// at_unit, shift, requirement). `None` when a row cannot be understood (a bad date or
/// status): those are file problems, not rule violations.
pub fn build(
    s: &Scenario,
    rows: &[CsvRow],
    file: &str,
    problems: &mut Vec<FileProblem>,
) -> Option<(RotaTable, Vec<Violation>)> {
    let ids = Ids::new(s);
    let before = problems.len();
    let mut table = RotaTable::empty(s);
    let mut violations = Vec::new();
    let mut flag = |message: String| violations.push(Violation { rule: ROTA_ROWS, message });
    for row in rows {
        let date = cell_date(row, 0, file, problems);
        let status = Status::parse(&row.cells[3]);
        if status.is_none() {
            let message = format!("status `{}` is not one of leave, office, shift, rest, off", row.cells[3]);
            problems.push(problem(file, Some(row.line), message));
        }
        let (Some(date), Some(status)) = (date, status) else { continue };
        let line = row.line;
        let Some(d) = s.day_index(date) else {
            flag(format!("line {line}: {date} is outside the horizon {}..{}", s.start(), s.end()));
            continue;
        };
        let staff = row.cells[1].as_str();
        let Some(&p) = ids.staff.get(staff) else {
            flag(format!("line {line}: unknown person `{staff}` on {date}"));
            continue;
        };
        let cell = Cell {
            status,
            at_unit: lookup(&ids.units, &row.cells[4]),
            shift: lookup(&ids.shifts, &row.cells[5]),
            requirement: lookup(&ids.requirements, &row.cells[6]),
            line,
        };
        check_ids(s, &ids, p, date, row, &cell, &mut flag);
        match &table.cells[p][d] {
            Some(first) => {
                flag(format!("line {line}: a second row for {staff} on {date} (first on line {})", first.line))
            }
            None => table.cells[p][d] = Some(cell),
        }
    }
    missing_rows(s, &table, &mut flag);
    (problems.len() == before).then_some((table, violations))
}

/// The home unit and the ids of one row.
fn check_ids(
    s: &Scenario,
    ids: &Ids,
    p: usize,
    date: chrono::NaiveDate,
    row: &CsvRow,
    cell: &Cell,
    flag: &mut impl FnMut(String),
) {
    let (line, who) = (row.line, s.staff[p].id.as_str());
    let home = &s.units[s.staff[p].unit].id;
    let unit = row.cells[2].as_str();
    if !ids.units.contains_key(unit) {
        flag(format!("line {line}: unknown unit `{unit}` for {who} on {date} (home unit {home})"));
    } else if unit != home {
        flag(format!("line {line}: unit `{unit}` for {who} on {date} is not their home unit {home}"));
    }
    let named = [("unit", &cell.at_unit), ("shift", &cell.shift), ("requirement", &cell.requirement)];
    for (kind, r) in named {
        if let Ref::Unknown(id) = r {
            flag(format!("line {line}: unknown {kind} `{id}` for {who} on {date}"));
        }
    }
}

/// Every person needs a row on every day of the horizon.
fn missing_rows(s: &Scenario, table: &RotaTable, flag: &mut impl FnMut(String)) {
    for (p, person) in s.staff.iter().enumerate() {
        let missing: Vec<usize> = (0..s.days.len()).filter(|&d| table.cell(p, d).is_none()).collect();
        if missing.len() == s.days.len() {
            flag(format!("{} has no row at all", person.id));
        } else if !missing.is_empty() {
            flag(format!("{} has no row on {} ({} day(s))", person.id, day_list(s, &missing), missing.len()));
        }
    }
}
