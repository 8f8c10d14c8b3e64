//! Reads a staff CSV file (contract section 4) into [`RawStaff`] rows.
//!
//! UTF-8 (the loader strips a byte-order mark), comma-separated, a header row naming
//! the columns in any order. Cells are trimmed, an empty cell means "not given", blank
//! rows are skipped. Every problem names its line and, where it can, its cell.

use std::ops::Range;

use super::raw::{FileIx, RawRules, RawStaff, RULE_KEYS};
use super::read_toml::check_rule_bounds;
use super::toml_walk::{closest, parse_date, parse_range, Sp, Walker, MAX_STRING_CHARS};
use crate::diag::shorten;

/// Columns other than rule keys. `max_shifts` has no single value, so no column.
const BASE_COLUMNS: &[&str] = &["id", "name", "unit", "roles", "leave", "comp_carry_in", "points_carry_in"];
const REQUIRED_COLUMNS: &[&str] = &["id", "name", "unit"];
/// Largest whole number accepted in a cell (as in the scenario file).
const LARGEST_WHOLE: u64 = 1_000_000;
/// Largest decimal number accepted in a cell (as in the scenario file).
const LARGEST_NUMBER: f64 = 1e9;

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
    let Some(header) = first_row(w, records.next()) else { return Vec::new() };
    let header_line = line_span(&text, record_start(&text, &header));
    let header_cells = locate_cells(&text, header_line.clone(), &header);
    let columns: Vec<String> = header_cells.iter().map(|c| c.text.to_string()).collect();
    let usable = header_ok(w, &header_cells, header_line);

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
        // Blank rows are skipped, whatever their commas.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_span(&text, record_start(&text, &record));
        if !row_length_ok(w, record.len(), columns.len(), line.clone()) || !usable {
            continue;
        }
        let cells = locate_cells(&text, line.clone(), &record);
        let mut row = Row { w: &mut *w, columns: &columns, cells: &cells, line, ok: true };
        if let Some(person) = row.read(file) {
            staff.push(person);
        }
    }
    staff
}

/// The header row, or None (reported) when the file is empty or unreadable.
fn first_row(w: &mut Walker, first: Option<csv::Result<csv::StringRecord>>) -> Option<csv::StringRecord> {
    match first {
        Some(Ok(h)) => Some(h),
        Some(Err(e)) => {
            w.error(
                "csv_syntax",
                0..0,
                format!("the header row cannot be read: {e}"),
                "here",
                "the first row names the columns: id,name,unit,…",
            );
            None
        }
        None => {
            w.error(
                "csv_missing_column",
                0..0,
                "the staff file is empty: it has no header row",
                "empty file",
                "start it with a header row: id,name,unit",
            );
            None
        }
    }
}

/// Every column is known, named once, and id, name and unit are there.
fn header_ok(w: &mut Walker, cells: &[Cell], header_line: Range<usize>) -> bool {
    let allowed = allowed_columns();
    let mut ok = true;
    for (i, c) in cells.iter().enumerate() {
        let name = c.text;
        if name.is_empty() {
            w.error(
                "csv_unknown_column",
                c.span.clone(),
                format!("column {} of the header has no name", i + 1),
                "no name",
                "name the column, or remove it (a trailing comma makes an empty column)",
            );
            ok = false;
        } else if !allowed.contains(&name) {
            let near = closest(name, &allowed).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
            w.error(
                "csv_unknown_column",
                c.span.clone(),
                format!("unknown column `{}` (column {}) in the header", shorten(name), i + 1),
                "unknown column",
                format!("{near}the columns may be: {}", allowed.join(", ")),
            );
            ok = false;
        } else if cells[..i].iter().any(|x| x.text == name) {
            w.error(
                "csv_duplicate_column",
                c.span.clone(),
                format!("column `{name}` appears twice in the header"),
                "second time",
                "keep one of the two columns",
            );
            ok = false;
        }
    }
    for required in REQUIRED_COLUMNS {
        if !cells.iter().any(|c| c.text == *required) {
            w.error(
                "csv_missing_column",
                header_line.clone(),
                format!("the header has no `{required}` column"),
                "this header",
                format!("add a `{required}` column; id, name and unit are required"),
            );
            ok = false;
        }
    }
    ok
}

/// A row has exactly one cell per column.
fn row_length_ok(w: &mut Walker, cells: usize, columns: usize, line: Range<usize>) -> bool {
    if cells == columns {
        return true;
    }
    let (more_or_fewer, fix) = if cells > columns {
        ("more", "remove the extra cells (a name with a comma must be quoted: \"a,b\")")
    } else {
        ("fewer", "add the missing cells (empty cells are fine: `a,,c`)")
    };
    w.error(
        "csv_row_length",
        line,
        format!("this row has {cells} cells, {more_or_fewer} than the header's {columns}"),
        &format!("{cells} cells"),
        format!("give every row exactly one cell per column: {fix}"),
    );
    false
}

/// Where a record's first cell starts. The reader's position may lie on the line
/// breaks before it (of blank lines it skipped, or the `\n` of a `\r\n`).
fn record_start(text: &str, record: &csv::StringRecord) -> usize {
    let at = record.position().map_or(0, |p| p.byte() as usize);
    let breaks = text.as_bytes().get(at..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\r' | b'\n'));
    at + breaks.count()
}

/// The byte range of the line containing `at`, without its line break.
fn line_span(text: &str, at: usize) -> Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find(['\r', '\n']).map_or(text.len(), |p| at + p);
    start..end
}

/// Finds each cell's text within its line, for pointing at it: a cell is looked for
/// after the comma that ends the cell before it (an empty cell points at its place).
fn locate_cells<'r>(text: &str, line: Range<usize>, record: &'r csv::StringRecord) -> Vec<Cell<'r>> {
    let mut from = line.start;
    record
        .iter()
        .map(|raw| {
            let cell = raw.trim();
            let span = match text[from..line.end].find(cell) {
                Some(p) if !cell.is_empty() => from + p..from + p + cell.len(),
                _ => from..from,
            };
            from = text[span.end..line.end].find(',').map_or(line.end, |c| span.end + c + 1);
            Cell { text: cell, span }
        })
        .collect()
}

/// One staff row being read: its cells by column, and whether all of them were usable.
struct Row<'a, 'w, 'd> {
    w: &'a mut Walker<'d>,
    columns: &'a [String],
    cells: &'a [Cell<'w>],
    line: Range<usize>,
    ok: bool,
}

impl Row<'_, '_, '_> {
    fn error(&mut self, code: &'static str, span: Range<usize>, message: String, label: &str, help: &str) {
        self.w.error(code, span, message, label, help);
        self.ok = false;
    }

    /// The cell of `column`, when the column exists and the cell is not empty.
    fn get(&self, column: &str) -> Option<&Cell<'_>> {
        let i = self.columns.iter().position(|c| c == column)?;
        self.cells.get(i).filter(|c| !c.text.is_empty())
    }

    fn read(&mut self, file: FileIx) -> Option<RawStaff> {
        self.check_lengths();
        let id = self.id_cell("id");
        let unit = self.id_cell("unit");
        let name = self.get("name").map(|c| c.text.to_string());
        let roles = self.get("roles").map(|c| list(c.text).map(str::to_string).collect()).unwrap_or_default();
        let leave = self.leave();
        let comp_carry_in = self.number("comp_carry_in").map_or(0.0, |n| n.value);
        let points_carry_in = self.number("points_carry_in").map_or(0.0, |n| n.value);
        let rules = self.rules();
        if !self.ok {
            return None;
        }
        check_rule_bounds(self.w, &rules);
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

    /// No cell is longer than a name can sensibly be.
    fn check_lengths(&mut self) {
        for i in 0..self.cells.len() {
            let (chars, span) = (self.cells[i].text.chars().count(), self.cells[i].span.clone());
            if chars > MAX_STRING_CHARS {
                self.error(
                    "too_long",
                    span,
                    format!("a cell is {chars} characters long; at most {MAX_STRING_CHARS} are accepted"),
                    "too long",
                    "shorten it",
                );
            }
        }
    }

    /// `id` and `unit`: not empty, no spaces or control characters.
    fn id_cell(&mut self, column: &str) -> Option<Sp<String>> {
        let Some(c) = self.get(column).map(|c| (c.text.to_string(), c.span.clone())) else {
            self.error(
                "csv_empty_cell",
                self.line.clone(),
                format!("`{column}` is empty in this row"),
                &format!("no {column}"),
                &format!("every staff row needs its `{column}`"),
            );
            return None;
        };
        if c.0.chars().any(|ch| ch.is_whitespace() || ch.is_control()) {
            self.error(
                "bad_id",
                c.1,
                format!("`{column}` `{}` has spaces or control characters", shorten(&c.0)),
                "bad id",
                "ids have no spaces, e.g. `zzb01`",
            );
            return None;
        }
        Some(Sp::new(c.0, c.1))
    }

    /// `leave`: dates and ranges separated by `;`.
    fn leave(&mut self) -> Vec<Sp<(chrono::NaiveDate, chrono::NaiveDate)>> {
        let Some((text, span)) = self.get("leave").map(|c| (c.text.to_string(), c.span.clone())) else {
            return Vec::new();
        };
        let mut leave = Vec::new();
        for item in list(&text) {
            let parsed = if item.contains("..") {
                parse_range(item)
            } else {
                parse_date(item).map(|d| (d, d)).ok_or_else(|| "not a date".to_string())
            };
            match parsed {
                Ok(r) => leave.push(Sp::new(r, span.clone())),
                Err(why) => self.error(
                    "bad_date",
                    span.clone(),
                    format!("`leave` item `{}`: {why}", shorten(item)),
                    "bad leave",
                    "list dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD separated by `;`",
                ),
            }
        }
        leave
    }

    /// A number of 0 or more, with a dot for decimals.
    fn number(&mut self, column: &str) -> Option<Sp<f64>> {
        let (text, span) = self.get(column).map(|c| (c.text.to_string(), c.span.clone()))?;
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() && (0.0..=LARGEST_NUMBER).contains(&n) => Some(Sp::new(n, span)),
            Ok(n) if n < 0.0 => {
                let message = format!("`{column}` is {}; it cannot be negative", shorten(&text));
                self.error("negative", span, message, "negative", "use 0 or more");
                None
            }
            Ok(_) => {
                let message = format!("`{column}` is {}, not a number of sensible size", shorten(&text));
                self.error("too_large", span, message, "not usable", "use an ordinary number such as 1 or 2.5");
                None
            }
            Err(_) => {
                let message = format!("`{column}` is `{}`, not a number", shorten(&text));
                self.error(
                    "wrong_type",
                    span,
                    message,
                    "not a number",
                    "use a number with a dot for decimals, e.g. 1.5",
                );
                None
            }
        }
    }

    /// A whole number of 0 or more (`2`, not `2.0`).
    fn whole(&mut self, column: &str) -> Option<Sp<u32>> {
        let (text, span) = self.get(column).map(|c| (c.text.to_string(), c.span.clone()))?;
        if let Ok(n) = text.parse::<u64>() {
            if n <= LARGEST_WHOLE {
                return Some(Sp::new(n as u32, span));
            }
            let message = format!("`{column}` is {n}, far beyond any real value");
            self.error("too_large", span, message, "too large", "use a value of at most 1000000");
            return None;
        }
        match text.parse::<f64>() {
            Ok(n) if n < 0.0 => {
                let message = format!("`{column}` is {}; it cannot be negative", shorten(&text));
                self.error("negative", span, message, "negative", "use 0 or more");
            }
            Ok(_) => {
                let message = format!("`{column}` takes a whole number, found {}", shorten(&text));
                self.error(
                    "not_integer",
                    span,
                    message,
                    "not a whole number",
                    "write it without a decimal point, e.g. `2`, not `2.0`",
                );
            }
            Err(_) => {
                let message = format!("`{column}` is `{}`, not a whole number", shorten(&text));
                self.error("wrong_type", span, message, "not a whole number", "write a whole number such as 3");
            }
        }
        None
    }

    /// `true` or `false`, in any case.
    fn boolean(&mut self, column: &str) -> Option<Sp<bool>> {
        let (text, span) = self.get(column).map(|c| (c.text.to_string(), c.span.clone()))?;
        match text.to_ascii_lowercase().as_str() {
            "true" => Some(Sp::new(true, span)),
            "false" => Some(Sp::new(false, span)),
            _ => {
                let message = format!("`{column}` is `{}`, not true or false", shorten(&text));
                self.error("wrong_type", span, message, "not a boolean", "write true or false");
                None
            }
        }
    }

    /// The rule columns of this row (a person's overrides).
    fn rules(&mut self) -> RawRules {
        RawRules {
            max_consecutive_work_days: self.whole("max_consecutive_work_days"),
            min_consecutive_work_days: self.whole("min_consecutive_work_days"),
            min_consecutive_off_days: self.whole("min_consecutive_off_days"),
            max_weekends: self.whole("max_weekends"),
            max_duties: self.whole("max_duties"),
            max_duties_per_month: self.whole("max_duties_per_month"),
            min_days_between_duties: self.whole("min_days_between_duties"),
            min_minutes: self.whole("min_minutes"),
            max_minutes: self.whole("max_minutes"),
            min_rest_hours: self.number("min_rest_hours"),
            comp_per_restday_shift: self.number("comp_per_restday_shift"),
            recovery_after_night: self.boolean("recovery_after_night"),
            max_shifts: None,
        }
    }
}

/// A `;`-separated list cell, items trimmed, empty items dropped.
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}
