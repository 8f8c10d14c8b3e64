//! Reading an output folder: rota.csv, coverage.csv, lending.csv and summary.json.
//!
//! A planner may have opened these files in a spreadsheet and saved them again: a
//! UTF-8 byte-order mark, CRLF line ends, cells padded with blanks, blank rows, extra
//! columns, columns and rows in another order, and dates written `YYYY/MM/DD` are all
//! accepted. Anything that cannot be understood is a [`FileProblem`] naming the file and
//! line; a file with any problem is not compared with the rota.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::rota_rows;
use super::table::RotaTable;
use super::{FileProblem, Violation, COVERAGE_FILE, LENDING_FILE, ROTA_FILE, SUMMARY_FILE};
use crate::domain::Scenario;

/// Largest output file read.
pub const MAX_OUTPUT_BYTES: u64 = 512 * 1024 * 1024;

/// The files of an output folder as read. A file is `None` when it could not be read;
/// `problems` then says why.
#[derive(Clone, Debug, Default)]
pub struct Outputs {
    pub rota: Option<RotaTable>,
    /// Violations of `rota_rows` found while reading rota.csv.
    pub rota_rows: Vec<Violation>,
    pub coverage: Option<Vec<CoverageRow>>,
    pub lending: Option<Vec<LendingRow>>,
    pub summary: Option<serde_json::Value>,
    pub problems: Vec<FileProblem>,
}

/// A row of coverage.csv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageRow {
    pub line: usize,
    pub date: NaiveDate,
    pub kind: String,
    pub id: String,
    pub need: u64,
    pub have: u64,
}

/// A row of lending.csv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LendingRow {
    pub line: usize,
    pub date: NaiveDate,
    pub staff: String,
    pub from_unit: String,
    pub to_unit: String,
}

/// A data row of a CSV file: its line and its cells in the order of the columns asked
/// for, trimmed.
#[derive(Clone, Debug)]
pub struct CsvRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Reads the four files of output folder `dir` for scenario `s`.
pub fn read_outputs(s: &Scenario, dir: &Path) -> Outputs {
    let mut out = Outputs::default();
    let problems = &mut out.problems;
    if let Some((table, violations)) = read_rota(s, dir, problems) {
        out.rota = Some(table);
        out.rota_rows = violations;
    }
    out.coverage = read_coverage(dir, problems);
    out.lending = read_lending(dir, problems);
    out.summary = read_summary(dir, problems);
    out
}

const ROTA_COLUMNS: &[&str] = &["date", "staff", "unit", "status", "at_unit", "shift", "requirement"];
const COVERAGE_COLUMNS: &[&str] = &["date", "kind", "id", "need", "have"];
const LENDING_COLUMNS: &[&str] = &["date", "staff", "from_unit", "to_unit"];

fn read_rota(s: &Scenario, dir: &Path, problems: &mut Vec<FileProblem>) -> Option<(RotaTable, Vec<Violation>)> {
    let name = display(dir, ROTA_FILE);
    let text = read_text(&dir.join(ROTA_FILE), &name, problems)?;
    let rows = parse_csv(&text, &name, ROTA_COLUMNS, problems)?;
    rota_rows::build(s, &rows, &name, problems)
}

fn read_coverage(dir: &Path, problems: &mut Vec<FileProblem>) -> Option<Vec<CoverageRow>> {
    let name = display(dir, COVERAGE_FILE);
    let text = read_text(&dir.join(COVERAGE_FILE), &name, problems)?;
    let rows = parse_csv(&text, &name, COVERAGE_COLUMNS, problems)?;
    let before = problems.len();
    let mut out = Vec::new();
    for row in rows {
        let date = cell_date(&row, 0, &name, problems);
        let need = cell_count(&row, 3, "need", &name, problems);
        let have = cell_count(&row, 4, "have", &name, problems);
        if let (Some(date), Some(need), Some(have)) = (date, need, have) {
            let [_, kind, id, ..] = &row.cells[..] else { continue };
            out.push(CoverageRow { line: row.line, date, kind: kind.clone(), id: id.clone(), need, have });
        }
    }
    (problems.len() == before).then_some(out)
}

fn read_lending(dir: &Path, problems: &mut Vec<FileProblem>) -> Option<Vec<LendingRow>> {
    let name = display(dir, LENDING_FILE);
    let text = read_text(&dir.join(LENDING_FILE), &name, problems)?;
    let rows = parse_csv(&text, &name, LENDING_COLUMNS, problems)?;
    let before = problems.len();
    let mut out = Vec::new();
    for row in rows {
        let Some(date) = cell_date(&row, 0, &name, problems) else { continue };
        let [_, staff, from_unit, to_unit] = &row.cells[..] else { continue };
        out.push(LendingRow {
            line: row.line,
            date,
            staff: staff.clone(),
            from_unit: from_unit.clone(),
            to_unit: to_unit.clone(),
        });
    }
    (problems.len() == before).then_some(out)
}

fn read_summary(dir: &Path, problems: &mut Vec<FileProblem>) -> Option<serde_json::Value> {
    let name = display(dir, SUMMARY_FILE);
    let text = read_text(&dir.join(SUMMARY_FILE), &name, problems)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) if value.is_object() => Some(value),
        Ok(_) => {
            problems.push(problem(&name, None, "is not a JSON object (`{ \"objective\": …, … }`)"));
            None
        }
        Err(e) => {
            problems.push(problem(&name, Some(e.line()), format!("is not valid JSON: {e}")));
            None
        }
    }
}

fn display(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

pub(crate) fn problem(file: &str, line: Option<usize>, message: impl Into<String>) -> FileProblem {
    FileProblem { file: file.to_string(), line, message: message.into() }
}

/// Reads a whole file as UTF-8 text, without a leading byte-order mark.
pub fn read_text(path: &Path, name: &str, problems: &mut Vec<FileProblem>) -> Option<String> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            problems.push(problem(name, None, format!("cannot be read: {e}")));
            return None;
        }
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        problems.push(problem(name, None, "is a folder, not a file"));
        return None;
    }
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_OUTPUT_BYTES + 1).read_to_end(&mut bytes) {
        problems.push(problem(name, None, format!("cannot be read: {e}")));
        return None;
    }
    if bytes.len() as u64 > MAX_OUTPUT_BYTES {
        problems.push(problem(name, None, format!("is larger than {} MiB", MAX_OUTPUT_BYTES / 1024 / 1024)));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            problems.push(problem(
                name,
                Some(line),
                "is not UTF-8 text (save it as \"CSV UTF-8\" in Excel, or with UTF-8 encoding in WPS)",
            ));
            None
        }
    }
}

/// Parses CSV text with a header row naming at least `columns` (in any order; other
/// columns are ignored). Blank rows are skipped. `None` when any problem was found.
pub fn parse_csv(text: &str, name: &str, columns: &[&str], problems: &mut Vec<FileProblem>) -> Option<Vec<CsvRow>> {
    let before = problems.len();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header: Option<(Vec<usize>, usize)> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(problem(name, line, format!("is not valid CSV: {e}")));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let Some((positions, width)) = &header else {
            header = Some(read_header(&cells, line, name, columns, problems)?);
            continue;
        };
        if !width_ok(&cells, *width) {
            let message = format!("has {} cells, the header has {width}", cells.len());
            problems.push(problem(name, Some(line), message));
            continue;
        }
        rows.push(CsvRow { line, cells: positions.iter().map(|&i| cells[i].clone()).collect() });
    }
    if header.is_none() && problems.len() == before {
        problems.push(problem(name, None, format!("is empty: it needs a header row `{}`", columns.join(","))));
    }
    (problems.len() == before).then_some(rows)
}

/// A row may have as many cells as the header, or more when the extra ones are empty
/// (spreadsheets sometimes add trailing commas).
fn width_ok(cells: &[String], width: usize) -> bool {
    cells.len() == width || (cells.len() > width && cells[width..].iter().all(String::is_empty))
}

/// Finds each wanted column in the header row: their positions and the header width.
fn read_header(
    cells: &[String],
    line: usize,
    name: &str,
    columns: &[&str],
    problems: &mut Vec<FileProblem>,
) -> Option<(Vec<usize>, usize)> {
    let cells: Vec<String> = cells.iter().map(|c| c.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let mut positions = Vec::new();
    let mut missing = Vec::new();
    for column in columns {
        match cells.iter().position(|c| c == column) {
            Some(i) if cells.iter().filter(|c| *c == column).count() > 1 => {
                problems.push(problem(name, Some(line), format!("the header names column `{column}` twice")));
                positions.push(i);
            }
            Some(i) => positions.push(i),
            None => missing.push(*column),
        }
    }
    if !missing.is_empty() {
        let message = format!(
            "the header lacks column(s) {}; expected `{}`",
            missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
            columns.join(",")
        );
        problems.push(problem(name, Some(line), message));
        return None;
    }
    Some((positions, cells.len()))
}

/// Reads a date written `YYYY-MM-DD` (or `YYYY/MM/DD`, as spreadsheets may save it).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    ["%Y-%m-%d", "%Y/%m/%d"].iter().find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

pub(crate) fn cell_date(row: &CsvRow, i: usize, name: &str, problems: &mut Vec<FileProblem>) -> Option<NaiveDate> {
    let text = row.cells.get(i).map_or("", String::as_str);
    let date = parse_date(text);
    if date.is_none() {
        problems.push(problem(name, Some(row.line), format!("`{text}` is not a date (write YYYY-MM-DD)")));
    }
    date
}

/// A whole non-negative number of persons (`3`; `3.0` as a spreadsheet may write it).
fn cell_count(row: &CsvRow, i: usize, what: &str, name: &str, problems: &mut Vec<FileProblem>) -> Option<u64> {
    let text = row.cells.get(i).map_or("", String::as_str);
    let value = text.parse::<u64>().ok().or_else(|| {
        text.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0 && x.fract() == 0.0 && *x < 1e15)
            .map(|x| x as u64)
    });
    if value.is_none() {
        problems.push(problem(name, Some(row.line), format!("`{what}` is `{text}`, not a whole number of persons")));
    }
    value
}
