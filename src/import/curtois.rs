//! The Curtois & Qu benchmark (instances 1–24, plain-text format): reading an instance
//! file with every problem collected, and the benchmark's own penalty of a roster.
//!
//! Format and semantics: `shared/benchmarks/curtois/README.md`. Lines starting with `#`
//! are comments; a line `SECTION_…` starts a section; fields are separated by commas,
//! lists inside a field by `|`; days are numbered from 0, day 0 being a Monday.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diag::{Problem, SourceFile};
use crate::scenario::toml_walk::MAX_STRING_CHARS;

/// Most days one scenario may plan (contract section 2).
pub const MAX_HORIZON_DAYS: usize = 366;

/// A parsed instance. Lists keep the order of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// Number of days `h`; day 0 is a Monday.
    pub horizon: usize,
    pub shifts: Vec<ShiftType>,
    pub staff: Vec<Employee>,
    pub shift_on_requests: Vec<Request>,
    pub shift_off_requests: Vec<Request>,
    pub cover: Vec<Cover>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ShiftType {
    pub id: String,
    pub minutes: u32,
    /// Shifts (indices) that must not be worked the day after this one.
    pub cannot_follow: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Employee {
    pub id: String,
    /// Most shifts of each type (indexed by shift); a type the file does not list is 0.
    pub max_shifts: Vec<u32>,
    pub max_total_minutes: u32,
    pub min_total_minutes: u32,
    pub max_consecutive_shifts: u32,
    pub min_consecutive_shifts: u32,
    pub min_consecutive_days_off: u32,
    pub max_weekends: u32,
    /// Days on which the employee must not work.
    pub days_off: BTreeSet<usize>,
}

/// A shift-on or shift-off request.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub employee: usize,
    pub day: usize,
    pub shift: usize,
    pub weight: u32,
}

/// A cover line: people wanted on a shift on a day, with the price of each missing or
/// extra person.
#[derive(Clone, Debug, PartialEq)]
pub struct Cover {
    pub day: usize,
    pub shift: usize,
    pub requirement: u32,
    pub weight_under: u32,
    pub weight_over: u32,
}

impl Instance {
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }
    pub fn employee_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|e| e.id == id)
    }
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    ShiftOnRequests,
    ShiftOffRequests,
    Cover,
}

const SECTIONS: &[(&str, Section)] = &[
    ("SECTION_HORIZON", Section::Horizon),
    ("SECTION_SHIFTS", Section::Shifts),
    ("SECTION_STAFF", Section::Staff),
    ("SECTION_DAYS_OFF", Section::DaysOff),
    ("SECTION_SHIFT_ON_REQUESTS", Section::ShiftOnRequests),
    ("SECTION_SHIFT_OFF_REQUESTS", Section::ShiftOffRequests),
    ("SECTION_COVER", Section::Cover),
];

/// One comma-separated field, trimmed, with its place in the file.
#[derive(Clone, Debug)]
struct Field {
    text: String,
    span: Range<usize>,
}

/// A data line: its fields and the place of the whole line.
#[derive(Clone, Debug)]
struct Line {
    fields: Vec<Field>,
    span: Range<usize>,
}

/// Collects the problems of one instance file, each with its byte offset.
struct Reader {
    src: SourceFile,
    problems: Vec<(usize, Problem)>,
}

impl Reader {
    fn error(&mut self, code: &'static str, span: Range<usize>, message: String, label: &str, help: &str) {
        let at = span.start;
        let problem = Problem::error(code, self.src.name.clone(), message).at(&self.src, span, label).help(help);
        self.problems.push((at, problem));
    }

    /// A whole number ≥ 0 (the benchmark's days, minutes, limits and weights), digits
    /// only; `-0` is 0 (Instance15 has two cover lines of `-0`, read as 0 by the peers).
    fn number(&mut self, field: &Field, what: &str) -> Option<u32> {
        let t = &field.text;
        let digits = t.strip_prefix('-').filter(|d| d.bytes().all(|b| b == b'0')).unwrap_or(t);
        let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        match digits.parse::<u32>() {
            Ok(n) if ok => Some(n),
            _ => {
                self.error(
                    "bad_number",
                    field.span.clone(),
                    format!("{what} `{}` is not a whole number", field.text),
                    "not a whole number",
                    "write a whole number of 0 or more, digits only",
                );
                None
            }
        }
    }

    /// A day index inside the horizon (when the horizon is known).
    fn day(&mut self, field: &Field, horizon: Option<usize>) -> Option<usize> {
        let day = self.number(field, "day")? as usize;
        match horizon {
            Some(h) if day >= h => {
                self.error(
                    "day_outside_horizon",
                    field.span.clone(),
                    format!("day {day} is outside the horizon (days 0..{})", h - 1),
                    "outside the horizon",
                    "days are numbered from 0 to the horizon length minus 1",
                );
                None
            }
            _ => Some(day),
        }
    }

    /// An id that a scenario can use: not empty, no spaces or control characters.
    fn id(&mut self, field: &Field, kind: &str) -> Option<String> {
        let t = &field.text;
        let bad = t.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad || t.chars().count() > MAX_STRING_CHARS {
            self.error(
                "bad_id",
                field.span.clone(),
                format!("{kind} id `{t}` is not a usable id"),
                "bad id",
                "ids are non-empty, at most 200 characters, without spaces",
            );
            return None;
        }
        Some(t.clone())
    }

    /// Looks an id up in `known`; reports it when it is not there.
    fn known(&mut self, field: &Field, kind: &str, known: &BTreeMap<String, usize>) -> Option<usize> {
        let found = known.get(&field.text).copied();
        if found.is_none() {
            let code = if kind == "shift" { "unknown_shift" } else { "unknown_employee" };
            let section = if kind == "shift" { "SECTION_SHIFTS" } else { "SECTION_STAFF" };
            self.error(
                code,
                field.span.clone(),
                format!("unknown {kind} id `{}`", field.text),
                &format!("no such {kind}"),
                &format!("use an id listed in {section} (ids are case-sensitive)"),
            );
        }
        found
    }

    /// Checks the number of fields of a line: `min` to `max`.
    fn field_count(&mut self, line: &Line, section: &str, min: usize, max: usize, layout: &str) -> bool {
        let n = line.fields.len();
        if (min..=max).contains(&n) {
            return true;
        }
        let expected = if min == max { format!("{min}") } else { format!("{min} to {max}") };
        self.error(
            "field_count",
            line.span.clone(),
            format!("a line of {section} has {n} field(s), expected {expected}"),
            "wrong number of fields",
            &format!("write {layout}"),
        );
        false
    }
}

/// Reads an instance file; on failure returns every problem found, each with the file,
/// the line and what is wrong.
pub fn parse(file_name: &str, text: &str) -> Result<Instance, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader { src: SourceFile::new(file_name, text), problems: Vec::new() };
    let sections = split_sections(&mut r, text);
    let instance = build(&mut r, &sections);
    match instance {
        Some(inst) if r.problems.is_empty() => Ok(inst),
        _ => {
            // In the order of the file.
            r.problems.sort_by_key(|(at, _)| *at);
            Err(r.problems.into_iter().map(|(_, p)| p).collect())
        }
    }
}

/// Where a data line stands.
#[derive(Clone, Copy)]
enum Place {
    BeforeAnySection,
    In(Section),
    /// Under a section name that was reported as unknown: its lines are skipped.
    UnknownSection,
}

/// Splits the text into the data lines of each section. Comments and blank lines are
/// skipped (a data line after a blank line stays in the section above, as the peers
/// read it); a line outside any section and an unknown section are errors.
fn split_sections(r: &mut Reader, text: &str) -> BTreeMap<Section, Vec<Line>> {
    let mut sections: BTreeMap<Section, Vec<Line>> = BTreeMap::new();
    let mut current = Place::BeforeAnySection;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let begin = start + lead;
        let span = begin..begin + trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("SECTION_") {
            current = section_named(r, trimmed, span).map_or(Place::UnknownSection, Place::In);
            continue;
        }
        match current {
            Place::In(section) => sections.entry(section).or_default().push(split_fields(trimmed, begin)),
            Place::UnknownSection => {}
            Place::BeforeAnySection => r.error(
                "outside_section",
                span,
                "a data line before any SECTION_ line".into(),
                "outside any section",
                "start the file with SECTION_HORIZON, or make this line a comment with #",
            ),
        }
    }
    sections
}

/// The section a `SECTION_…` line names, or None (reported) when unknown.
fn section_named(r: &mut Reader, name: &str, span: Range<usize>) -> Option<Section> {
    let found = SECTIONS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
    if found.is_none() {
        let names: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
        r.error(
            "unknown_section",
            span,
            format!("unknown section `{name}`"),
            "unknown section",
            &format!("the sections are {}", names.join(", ")),
        );
    }
    found
}

/// The comma-separated fields of a line starting at byte `begin`, each trimmed.
fn split_fields(line: &str, begin: usize) -> Line {
    let mut fields = Vec::new();
    let mut at = 0;
    for part in line.split(',') {
        let lead = part.len() - part.trim_start().len();
        let text = part.trim();
        let s = begin + at + lead;
        fields.push(Field { text: text.to_string(), span: s..s + text.len() });
        at += part.len() + 1;
    }
    Line { fields, span: begin..begin + line.len() }
}

/// Builds the instance from its sections, in the order that references need: horizon,
/// shifts, staff, then days off, requests and cover.
fn build(r: &mut Reader, sections: &BTreeMap<Section, Vec<Line>>) -> Option<Instance> {
    let lines = |s: Section| sections.get(&s).map_or(&[][..], Vec::as_slice);
    let horizon = read_horizon(r, lines(Section::Horizon));
    let (shifts, shift_ix) = read_shifts(r, lines(Section::Shifts));
    let (mut staff, staff_ix) = read_staff(r, lines(Section::Staff), &shift_ix);
    read_days_off(r, lines(Section::DaysOff), &staff_ix, &mut staff, horizon);
    let ids = Ids { staff: &staff_ix, shifts: &shift_ix, horizon };
    let shift_on_requests = read_requests(r, lines(Section::ShiftOnRequests), "SECTION_SHIFT_ON_REQUESTS", &ids);
    let shift_off_requests = read_requests(r, lines(Section::ShiftOffRequests), "SECTION_SHIFT_OFF_REQUESTS", &ids);
    let cover = read_cover(r, lines(Section::Cover), &ids);
    Some(Instance { horizon: horizon?, shifts, staff, shift_on_requests, shift_off_requests, cover })
}

/// The horizon: one line with one number, 1 to 366 days, a whole number of weeks (the
/// benchmark counts weekends as days 7w+5 and 7w+6 of whole weeks).
fn read_horizon(r: &mut Reader, lines: &[Line]) -> Option<usize> {
    let Some(first) = lines.first() else {
        r.error(
            "missing_horizon",
            0..0,
            "the instance has no SECTION_HORIZON (the number of days)".into(),
            "file starts here",
            "add a SECTION_HORIZON line followed by the number of days, e.g. 14",
        );
        return None;
    };
    for extra in &lines[1..] {
        r.error(
            "field_count",
            extra.span.clone(),
            "SECTION_HORIZON has more than one line".into(),
            "extra line",
            "SECTION_HORIZON holds a single number: the number of days",
        );
    }
    if !r.field_count(first, "SECTION_HORIZON", 1, 1, "a single number: the number of days") {
        return None;
    }
    let field = &first.fields[0];
    let h = r.number(field, "the horizon")? as usize;
    if h == 0 || h > MAX_HORIZON_DAYS || h % 7 != 0 {
        r.error(
            "bad_horizon",
            field.span.clone(),
            format!("a horizon of {h} days cannot be imported"),
            "bad horizon",
            "the horizon is a whole number of weeks (7 to 364 days): a scenario plans at most 366 days",
        );
        return None;
    }
    Some(h)
}

/// Shifts: `ShiftID, LengthInMinutes, CannotFollow` (a `|` list, possibly empty).
/// Ids are registered first, so a CannotFollow may name a shift listed below it.
fn read_shifts(r: &mut Reader, lines: &[Line]) -> (Vec<ShiftType>, BTreeMap<String, usize>) {
    let layout = "ShiftID, LengthInMinutes, CannotFollow (ids separated by |)";
    let lines: Vec<&Line> = lines.iter().filter(|l| r.field_count(l, "SECTION_SHIFTS", 2, 3, layout)).collect();
    let ids = register_ids(r, lines.iter().map(|l| &l.fields[0]), "shift");
    let ix = index_of(&ids);
    let mut shifts = Vec::new();
    for (line, id) in lines.iter().zip(ids.iter()) {
        let Some(id) = id else { continue };
        let minutes = r.number(&line.fields[1], "the shift length").unwrap_or(0);
        let cannot_follow = match line.fields.get(2) {
            Some(list) => list_items(list).iter().filter_map(|f| r.known(f, "shift", &ix)).collect(),
            None => Vec::new(),
        };
        shifts.push(ShiftType { id: id.clone(), minutes, cannot_follow });
    }
    (shifts, ix)
}

/// Checks each id and reports the second use of one; returns one entry per line
/// (None where the id is unusable or a repeat).
fn register_ids<'a>(r: &mut Reader, fields: impl Iterator<Item = &'a Field>, kind: &str) -> Vec<Option<String>> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::new();
    for field in fields {
        let mut id = r.id(field, kind);
        if kind == "shift" && id.as_deref() == Some("office") {
            r.error(
                "reserved_id",
                field.span.clone(),
                "the shift id `office` is reserved in a scenario".into(),
                "reserved",
                "rename the shift in the instance file",
            );
            id = None;
        }
        if let Some(i) = &id {
            if !seen.insert(i.clone()) {
                r.error(
                    "duplicate_id",
                    field.span.clone(),
                    format!("{kind} id `{i}` is listed twice"),
                    "second listing",
                    &format!("list every {kind} once"),
                );
                id = None;
            }
        }
        ids.push(id);
    }
    ids
}

/// Position of each usable id among the registered ones (skipping unusable lines).
fn index_of(ids: &[Option<String>]) -> BTreeMap<String, usize> {
    ids.iter().flatten().enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

/// The items of a `|` list inside a field, empty items dropped.
fn list_items(field: &Field) -> Vec<Field> {
    let mut items = Vec::new();
    let mut at = field.span.start;
    for part in field.text.split('|') {
        let lead = part.len() - part.trim_start().len();
        let text = part.trim();
        if !text.is_empty() {
            items.push(Field { text: text.to_string(), span: at + lead..at + lead + text.len() });
        }
        at += part.len() + 1;
    }
    items
}

/// Staff: `EmployeeID, MaxShifts, MaxTotalMinutes, MinTotalMinutes,
/// MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends`.
fn read_staff(
    r: &mut Reader,
    lines: &[Line],
    shift_ix: &BTreeMap<String, usize>,
) -> (Vec<Employee>, BTreeMap<String, usize>) {
    let layout = "EmployeeID, MaxShifts (T=n|U=m…), MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, \
                  MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends";
    let lines: Vec<&Line> = lines.iter().filter(|l| r.field_count(l, "SECTION_STAFF", 8, 8, layout)).collect();
    let ids = register_ids(r, lines.iter().map(|l| &l.fields[0]), "employee");
    let mut staff = Vec::new();
    for (line, id) in lines.iter().zip(ids) {
        let Some(id) = id else { continue };
        let f = &line.fields;
        let mut n = |i: usize, what: &str| r.number(&f[i], what).unwrap_or(0);
        let max_total_minutes = n(2, "MaxTotalMinutes");
        let min_total_minutes = n(3, "MinTotalMinutes");
        let max_consecutive_shifts = n(4, "MaxConsecutiveShifts");
        let min_consecutive_shifts = n(5, "MinConsecutiveShifts");
        let min_consecutive_days_off = n(6, "MinConsecutiveDaysOff");
        let max_weekends = n(7, "MaxWeekends");
        let max_shifts = read_max_shifts(r, &f[1], shift_ix);
        check_min_max(r, line, (min_total_minutes, max_total_minutes), "MinTotalMinutes", "MaxTotalMinutes");
        let consecutive = (min_consecutive_shifts, max_consecutive_shifts);
        check_min_max(r, line, consecutive, "MinConsecutiveShifts", "MaxConsecutiveShifts");
        staff.push(Employee {
            id,
            max_shifts,
            max_total_minutes,
            min_total_minutes,
            max_consecutive_shifts,
            min_consecutive_shifts,
            min_consecutive_days_off,
            max_weekends,
            days_off: BTreeSet::new(),
        });
    }
    let ix = staff.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    (staff, ix)
}

/// MaxShifts: `T=n|U=m|…`, the most shifts of each type; a type not listed may never be
/// worked (the benchmark's evaluators read a missing type as 0).
fn read_max_shifts(r: &mut Reader, field: &Field, shift_ix: &BTreeMap<String, usize>) -> Vec<u32> {
    let mut limits = vec![0; shift_ix.len()];
    for item in list_items(field) {
        let Some((name, value)) = item.text.split_once('=') else {
            r.error(
                "bad_max_shifts",
                item.span.clone(),
                format!("MaxShifts item `{}` is not ShiftID=number", item.text),
                "not ShiftID=number",
                "write MaxShifts as T=n|U=m, e.g. D=14|N=5",
            );
            continue;
        };
        let split = item.span.start + name.len();
        let name_field = Field { text: name.trim().to_string(), span: item.span.start..split };
        let value_field = Field { text: value.trim().to_string(), span: split + 1..item.span.end };
        let shift = r.known(&name_field, "shift", shift_ix);
        let n = r.number(&value_field, "a MaxShifts limit");
        if let (Some(s), Some(n)) = (shift, n) {
            limits[s] = n;
        }
    }
    limits
}

/// A minimum above its maximum makes every roster infeasible: an error at the line.
fn check_min_max(r: &mut Reader, line: &Line, (min, max): (u32, u32), min_name: &str, max_name: &str) {
    if min > max {
        r.error(
            "min_above_max",
            line.span.clone(),
            format!("{min_name} {min} is above {max_name} {max}"),
            "contradictory limits",
            &format!("make {min_name} at most {max_name}"),
        );
    }
}

/// Days off: `EmployeeID, day, day, …` (several lines for one employee add up).
fn read_days_off(
    r: &mut Reader,
    lines: &[Line],
    staff_ix: &BTreeMap<String, usize>,
    staff: &mut [Employee],
    horizon: Option<usize>,
) {
    for line in lines {
        let Some(e) = r.known(&line.fields[0], "employee", staff_ix) else { continue };
        for field in line.fields[1..].iter().filter(|f| !f.text.is_empty()) {
            if let Some(d) = r.day(field, horizon) {
                staff[e].days_off.insert(d);
            }
        }
    }
}

/// What requests and cover lines refer to.
struct Ids<'a> {
    staff: &'a BTreeMap<String, usize>,
    shifts: &'a BTreeMap<String, usize>,
    horizon: Option<usize>,
}

/// Requests: `EmployeeID, Day, ShiftID, Weight`.
fn read_requests(r: &mut Reader, lines: &[Line], section: &str, ids: &Ids) -> Vec<Request> {
    let mut requests = Vec::new();
    for line in lines {
        if !r.field_count(line, section, 4, 4, "EmployeeID, Day, ShiftID, Weight") {
            continue;
        }
        let f = &line.fields;
        let employee = r.known(&f[0], "employee", ids.staff);
        let day = r.day(&f[1], ids.horizon);
        let shift = r.known(&f[2], "shift", ids.shifts);
        let weight = r.number(&f[3], "the weight");
        if let (Some(employee), Some(day), Some(shift), Some(weight)) = (employee, day, shift, weight) {
            requests.push(Request { employee, day, shift, weight });
        }
    }
    requests
}

/// Cover: `Day, ShiftID, Requirement, WeightUnder, WeightOver`, at most one line per
/// (day, shift): a second line would price the same people twice, which a scenario
/// (one requirement per shift held) cannot say.
fn read_cover(r: &mut Reader, lines: &[Line], ids: &Ids) -> Vec<Cover> {
    let mut cover = Vec::new();
    let mut seen = BTreeSet::new();
    for line in lines {
        if !r.field_count(line, "SECTION_COVER", 5, 5, "Day, ShiftID, Requirement, WeightUnder, WeightOver") {
            continue;
        }
        let f = &line.fields;
        let day = r.day(&f[0], ids.horizon);
        let shift = r.known(&f[1], "shift", ids.shifts);
        let requirement = r.number(&f[2], "the requirement");
        let weight_under = r.number(&f[3], "WeightUnder");
        let weight_over = r.number(&f[4], "WeightOver");
        let (Some(day), Some(shift), Some(requirement), Some(weight_under), Some(weight_over)) =
            (day, shift, requirement, weight_under, weight_over)
        else {
            continue;
        };
        if !seen.insert((day, shift)) {
            r.error(
                "duplicate_cover",
                line.span.clone(),
                format!("a second cover line for day {day}, shift `{}`", f[1].text),
                "second cover line",
                "give each (day, shift) one cover line",
            );
            continue;
        }
        cover.push(Cover { day, shift, requirement, weight_under, weight_over });
    }
    cover
}

// ---------------------------------------------------------------------------------------
// Rosters and the benchmark penalty
// ---------------------------------------------------------------------------------------

/// A roster: the shift (index) each employee works on each day, if any; `employee × day`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    pub shifts: Vec<Vec<Option<usize>>>,
}

impl Roster {
    /// Nobody works.
    pub fn empty(inst: &Instance) -> Self {
        Roster { shifts: vec![vec![None; inst.horizon]; inst.staff.len()] }
    }

    /// Reads `staff_id,day,shift_id` rows (days from 0; a header row is optional), the
    /// format of `check_curtois.py`. Returns every bad row, by line number.
    pub fn from_csv(inst: &Instance, text: &str) -> Result<Self, Vec<String>> {
        let mut roster = Roster::empty(inst);
        let mut problems = Vec::new();
        for (i, row) in text.lines().enumerate() {
            let cells: Vec<&str> = row.split(',').map(str::trim).collect();
            if cells.iter().all(|c| c.is_empty()) || (i == 0 && cells.get(1).is_some_and(|c| c.parse::<i64>().is_err()))
            {
                continue;
            }
            if let Err(p) = roster.add_row(inst, &cells) {
                problems.push(format!("line {}: {p}", i + 1));
            }
        }
        if problems.is_empty() {
            Ok(roster)
        } else {
            Err(problems)
        }
    }

    /// One `staff_id,day,shift_id` row: a person holds one shift a day.
    fn add_row(&mut self, inst: &Instance, cells: &[&str]) -> Result<(), String> {
        let [e, d, t] = cells else { return Err(format!("expected staff_id,day,shift_id, got {} cells", cells.len())) };
        let e = inst.employee_index(e).ok_or(format!("unknown staff `{e}`"))?;
        let t = inst.shift_index(t).ok_or(format!("unknown shift `{t}`"))?;
        let d: usize = d.parse().ok().filter(|&d| d < inst.horizon).ok_or(format!("bad day `{d}`"))?;
        if self.shifts[e][d].replace(t).is_some() {
            return Err(format!("`{}` has two shifts on day {d}", inst.staff[e].id));
        }
        Ok(())
    }
}

/// The benchmark's soft objective of a roster, term by term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Penalty {
    pub cover_under: u64,
    pub cover_over: u64,
    pub shift_on_requests: u64,
    pub shift_off_requests: u64,
}

impl Penalty {
    pub fn total(&self) -> u64 {
        self.cover_under + self.cover_over + self.shift_on_requests + self.shift_off_requests
    }
}

/// The penalty of a roster: each cover line costs WeightUnder per person missing and
/// WeightOver per person extra; a shift-on request costs its weight when the employee
/// does not work that shift that day (another shift or none); a shift-off request costs
/// its weight when they do. Hard rules are not checked here.
pub fn penalty(inst: &Instance, roster: &Roster) -> Penalty {
    let mut p = Penalty::default();
    for c in &inst.cover {
        let n = roster.shifts.iter().filter(|days| days[c.day] == Some(c.shift)).count() as u64;
        let need = u64::from(c.requirement);
        p.cover_under += u64::from(c.weight_under) * need.saturating_sub(n);
        p.cover_over += u64::from(c.weight_over) * n.saturating_sub(need);
    }
    let works = |q: &Request| roster.shifts[q.employee][q.day] == Some(q.shift);
    p.shift_on_requests = inst.shift_on_requests.iter().filter(|q| !works(q)).map(|q| u64::from(q.weight)).sum();
    p.shift_off_requests = inst.shift_off_requests.iter().filter(|q| works(q)).map(|q| u64::from(q.weight)).sum();
    p
}
