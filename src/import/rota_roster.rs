//! A solved rota (`rota.csv`, contract section 6) as a benchmark roster: one
//! `staff_id,day,shift_id` row per shift held, days counted from 0 — the format of
//! `check_curtois.py` and of the CP-SAT peer's `--roster-out`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::diag::{Problem, SourceFile};

/// The header of a benchmark roster file.
pub const ROSTER_HEADER: &str = "staff_id,day,shift_id";

/// The columns of `rota.csv` that a roster needs.
const NEEDED: [&str; 3] = ["date", "staff", "shift"];

/// One shift held: who, which day (0 = the first date of the rota), which shift.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Held {
    pub staff: String,
    pub day: usize,
    pub shift: String,
}

/// A rota.csv row as read, with the byte offset of its line.
struct Row {
    date: NaiveDate,
    staff: String,
    shift: String,
    at: usize,
}

/// Reads `rota.csv` and returns the shifts held, sorted by staff id then day; every bad
/// line is reported with its number.
pub fn read_rota(src: &SourceFile) -> Result<Vec<Held>, Vec<Problem>> {
    let mut problems = Vec::new();
    let rows = read_rows(src, &mut problems);
    let held = rows.map(|rows| held_shifts(src, &rows, &mut problems)).unwrap_or_default();
    if problems.is_empty() {
        Ok(held)
    } else {
        // In the order of the file.
        problems.sort_by_key(|(at, _)| *at);
        Err(problems.into_iter().map(|(_, p)| p).collect())
    }
}

/// A problem found at byte `at` (a line start), marking that line.
type Found = (usize, Problem);

fn problem(src: &SourceFile, at: usize, message: String, help: &str) -> Found {
    let end = src.text[at..].find('\n').map_or(src.text.len(), |n| at + n);
    (at, Problem::error("bad_rota_csv", src.name.clone(), message).at(src, at..end, "here").help(help))
}

/// The rows of the file, each with a date, a staff id and a shift (maybe empty). None
/// when the header lacks a needed column.
fn read_rows(src: &SourceFile, problems: &mut Vec<Found>) -> Option<Vec<Row>> {
    let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
    let skipped = src.text.len() - text.len();
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(problem(src, 0, format!("cannot read the header: {e}"), "the file should be UTF-8 CSV"));
            return None;
        }
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(date), Some(staff), Some(shift)) = (column("date"), column("staff"), column("shift")) else {
        let missing: Vec<&str> = NEEDED.into_iter().filter(|n| column(n).is_none()).collect();
        let message = format!("the header has no `{}` column", missing.join("`, `"));
        let help = "rota.csv starts with date,staff,unit,status,at_unit,shift,requirement";
        problems.push(problem(src, skipped, message, help));
        return None;
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(skipped, |p| skipped + p.byte() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("this row has {len} cells, the header {expected_len}")
                    }
                    _ => format!("bad CSV row: {e}"),
                };
                problems.push(problem(src, at, message, "every row has the header's cells"));
                continue;
            }
        };
        let at = record.position().map_or(skipped, |p| skipped + p.byte() as usize);
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        match NaiveDate::parse_from_str(&cell(date), "%Y-%m-%d") {
            Ok(d) if !cell(staff).is_empty() => rows.push(Row { date: d, staff: cell(staff), shift: cell(shift), at }),
            Ok(_) => problems.push(problem(src, at, "a row without a staff id".into(), "every row names a person")),
            Err(_) => problems.push(problem(
                src,
                at,
                format!("`{}` is not a date", cell(date)),
                "dates are written YYYY-MM-DD",
            )),
        }
    }
    Some(rows)
}

/// The shifts held: rows with a shift, day = days since the first date of the file. A
/// person has one row per day, so a second row for the same person and day is an error.
fn held_shifts(src: &SourceFile, rows: &[Row], problems: &mut Vec<Found>) -> Vec<Held> {
    let Some(first) = rows.iter().map(|r| r.date).min() else { return Vec::new() };
    let mut seen = BTreeSet::new();
    let mut held = BTreeMap::new();
    for r in rows {
        if !seen.insert((r.staff.clone(), r.date)) {
            let message = format!("a second row for `{}` on {}", r.staff, r.date);
            problems.push(problem(src, r.at, message, "rota.csv has one row per person per day"));
            continue;
        }
        if !r.shift.is_empty() {
            let day = (r.date - first).num_days() as usize;
            held.insert((r.staff.clone(), day), r.shift.clone());
        }
    }
    held.into_iter().map(|((staff, day), shift)| Held { staff, day, shift }).collect()
}

/// The roster file: the header, then one row per shift held.
pub fn roster_csv(held: &[Held]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(ROSTER_HEADER.split(','));
    for h in held {
        let _ = writer.write_record([h.staff.as_str(), &h.day.to_string(), h.shift.as_str()]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
