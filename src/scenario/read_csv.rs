//! Reads a staff CSV file (contract section 4) into [`RawStaff`] rows.

use std::ops::Range;

use super::raw::{FileIx, RawRules, RawStaff, RULE_KEYS};
use super::toml_walk::{parse_date, parse_range, Sp, Walker, MAX_STRING_CHARS};

/// Columns other than rule keys. `max_shifts` has no single value, so no column.
const BASE_COLUMNS: &[&str] = &["id", "name", "unit", "roles", "leave", "comp_carry_in", "points_carry_in"];

fn allowed_columns() -> Vec<&'static str> {
    BASE_COLUMNS.iter().chain(RULE_KEYS.iter().filter(|k| **k != "max_shifts")).copied().collect()
}

/// One cell as read: its trimmed text and where it stands in the file.
struct Cell<'r> {
    text: &'r str,
    span: Range<usize>,
}

/// Reads every row; problems (with their CSV line) go to the walker's diagnostics.
pub fn read_staff_csv(w: &mut Walker, file: FileIx) -> Vec<RawStaff> {
    let text = w.src.text.clone();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let allowed = allowed_columns();

    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            w.error(
                "csv_syntax",
                0..0,
                format!("the header row cannot be read: {e}"),
                "here",
                "the first row names the columns: id,name,unit,…",
            );
            return Vec::new();
        }
        None => {
            w.error(
                "csv_missing_column",
                0..0,
                "the staff file is empty",
                "empty file",
                "start it with a header row: id,name,unit",
            );
            return Vec::new();
        }
    };
    let header_line = line_span(&text, 0);
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    let mut usable = true;
    for (i, c) in columns.iter().enumerate() {
        if !allowed.contains(&c.as_str()) {
            w.error(
                "csv_unknown_column",
                header_line.clone(),
                format!("unknown column `{c}` (column {}) in the header", i + 1),
                "in this header",
                format!("the columns may be: {}", allowed.join(", ")),
            );
            usable = false;
        } else if columns[..i].contains(c) {
            w.error(
                "csv_duplicate_column",
                header_line.clone(),
                format!("column `{c}` appears twice in the header"),
                "in this header",
                "keep one of the two columns",
            );
            usable = false;
        }
    }
    for required in ["id", "name", "unit"] {
        if !columns.iter().any(|c| c == required) {
            w.error(
                "csv_missing_column",
                header_line.clone(),
                format!("the header has no `{required}` column"),
                "this header",
                format!("add a `{required}` column; id, name and unit are required"),
            );
            usable = false;
        }
    }

    let mut staff = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                w.error(
                    "csv_syntax",
                    line_span(&text, at),
                    format!("this row cannot be read: {e}"),
                    "here",
                    "check the quotes of this row",
                );
                continue;
            }
        };
        let pos = record.position().map_or(0, |p| p.byte() as usize);
        let line = line_span(&text, pos);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // blank rows are skipped
        }
        if record.len() != columns.len() {
            let n = record.len();
            w.error(
                "csv_row_length",
                line.clone(),
                format!("this row has {n} cells but the header has {}", columns.len()),
                &format!("{n} cells"),
                "give every row exactly one cell per column (empty cells are fine: `a,,c`)",
            );
            continue;
        }
        if !usable {
            continue;
        }
        let cells = locate_cells(&text, line.clone(), &record);
        if let Some(row) = read_row(w, file, &columns, &cells, line) {
            staff.push(row);
        }
    }
    staff
}

/// The byte range of the line containing `at`, without its line break.
fn line_span(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find(['\r', '\n']).map_or(text.len(), |p| at + p);
    start..end
}

/// Finds each cell's text within its line, for pointing at it.
fn locate_cells<'r>(text: &str, line: Range<usize>, record: &'r csv::StringRecord) -> Vec<Cell<'r>> {
    let mut from = line.start;
    record
        .iter()
        .map(|raw| {
            let cell = raw.trim();
            let hay = &text[from.min(line.end)..line.end];
            let span = match hay.find(cell) {
                Some(p) if !cell.is_empty() => from + p..from + p + cell.len(),
                _ => from..from,
            };
            from = span.end.max(from);
            if let Some(comma) = text[from.min(line.end)..line.end].find(',') {
                if cell.is_empty() {
                    from += comma;
                }
            }
            Cell { text: cell, span }
        })
        .collect()
}

fn read_row(w: &mut Walker, file: FileIx, columns: &[String], cells: &[Cell], line: Range<usize>) -> Option<RawStaff> {
    let get = |name: &str| columns.iter().position(|c| c == name).map(|i| &cells[i]).filter(|c| !c.text.is_empty());
    let before = w.diags.errors().count();

    let mut id = None;
    let mut unit = None;
    for (key, slot) in [("id", &mut id), ("unit", &mut unit)] {
        match get(key) {
            Some(c) if c.text.chars().any(char::is_whitespace) => w.error(
                "bad_id",
                c.span.clone(),
                format!("`{key}` `{}` has spaces", c.text),
                "bad id",
                "ids have no spaces",
            ),
            Some(c) => *slot = Some(Sp::new(c.text.to_string(), c.span.clone())),
            None => w.error(
                "csv_empty_cell",
                line.clone(),
                format!("`{key}` is empty in this row"),
                &format!("no {key}"),
                format!("every staff row needs its `{key}`"),
            ),
        }
    }
    for c in cells {
        if c.text.chars().count() > MAX_STRING_CHARS {
            w.error(
                "too_long",
                c.span.clone(),
                format!(
                    "a cell is {} characters long; at most {MAX_STRING_CHARS} are accepted",
                    c.text.chars().count()
                ),
                "too long",
                "shorten it",
            );
        }
    }
    let name = get("name").map(|c| c.text.to_string());
    let roles = get("roles").map(|c| list(c.text).map(str::to_string).collect()).unwrap_or_default();
    let mut leave = Vec::new();
    if let Some(c) = get("leave") {
        for item in list(c.text) {
            let parsed = if item.contains("..") {
                parse_range(item)
            } else {
                parse_date(item).map(|d| (d, d)).ok_or_else(|| "not a date".to_string())
            };
            match parsed {
                Ok(r) => leave.push(Sp::new(r, c.span.clone())),
                Err(why) => w.error(
                    "bad_date",
                    c.span.clone(),
                    format!("`leave` item `{item}`: {why}"),
                    "bad leave",
                    "list dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD separated by `;`",
                ),
            }
        }
    }
    let mut number = |key: &str| -> Option<Sp<f64>> {
        let c = get(key)?;
        match c.text.parse::<f64>() {
            Ok(n) if n.is_finite() && (0.0..=1e9).contains(&n) => Some(Sp::new(n, c.span.clone())),
            Ok(_) => {
                w.error(
                    "negative",
                    c.span.clone(),
                    format!("`{key}` is {}; it must be 0 or more", c.text),
                    "out of range",
                    "use a number of 0 or more",
                );
                None
            }
            Err(_) => {
                w.error(
                    "wrong_type",
                    c.span.clone(),
                    format!("`{key}` is `{}`, not a number", c.text),
                    "not a number",
                    "use a number with a dot for decimals, e.g. 1.5",
                );
                None
            }
        }
    };
    let comp_carry_in = number("comp_carry_in").map_or(0.0, |n| n.value);
    let points_carry_in = number("points_carry_in").map_or(0.0, |n| n.value);
    let min_rest_hours = number("min_rest_hours");
    let comp_per_restday_shift = number("comp_per_restday_shift");
    let mut uint = |key: &str| -> Option<Sp<u32>> {
        let c = get(key)?;
        match c.text.parse::<u32>() {
            Ok(n) if n <= 1_000_000 => Some(Sp::new(n, c.span.clone())),
            _ => {
                w.error(
                    "not_integer",
                    c.span.clone(),
                    format!("`{key}` is `{}`, not a whole number of 0 or more", c.text),
                    "not a whole number",
                    "write a whole number such as 3",
                );
                None
            }
        }
    };
    let mut rules = RawRules {
        max_consecutive_work_days: uint("max_consecutive_work_days"),
        min_consecutive_work_days: uint("min_consecutive_work_days"),
        min_consecutive_off_days: uint("min_consecutive_off_days"),
        max_weekends: uint("max_weekends"),
        max_duties: uint("max_duties"),
        max_duties_per_month: uint("max_duties_per_month"),
        min_days_between_duties: uint("min_days_between_duties"),
        min_minutes: uint("min_minutes"),
        max_minutes: uint("max_minutes"),
        min_rest_hours,
        comp_per_restday_shift,
        ..RawRules::default()
    };
    if let Some(c) = get("recovery_after_night") {
        match c.text.to_ascii_lowercase().as_str() {
            "true" => rules.recovery_after_night = Some(Sp::new(true, c.span.clone())),
            "false" => rules.recovery_after_night = Some(Sp::new(false, c.span.clone())),
            _ => w.error(
                "wrong_type",
                c.span.clone(),
                format!("`recovery_after_night` is `{}`", c.text),
                "not a boolean",
                "write true or false",
            ),
        }
    }
    if w.diags.errors().count() > before {
        return None;
    }
    Some(RawStaff {
        file,
        id: id?,
        name,
        unit: unit?,
        roles,
        leave,
        rules,
        comp_carry_in,
        points_carry_in,
        prefer_off: Vec::new(),
        prefer_on: Vec::new(),
    })
}

/// A `;`-separated list cell, items trimmed, empty items dropped.
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}
