//! The files a scenario names: calendars and staff files that are missing, folders,
//! not UTF-8 or broken, and calendar files that add to or override "cn" (contract 3).

mod check_support;

use check_support::{at, base_with, check_files};

/// BASE naming `calendars` and `staff_files` as given.
fn naming(calendars: &str, staff_files: &str) -> String {
    base_with(&[("calendars = [\"cn\"]", &format!("calendars = {calendars}\nstaff_files = {staff_files}"))])
}

// ----- missing and unreadable files -----

#[test]
fn a_missing_calendar_file_is_reported_where_it_is_named() {
    let text = naming("[\"cn\", \"local.toml\"]", "[]");
    let c = check_files(&[("scenario.toml", text.as_bytes())]);
    c.assert_only_error(&format!(
        "error[unreadable_file] scenario.toml:{}: cannot read calendar `local.toml`: No such file or directory (os error 2) (help: check the path; paths inside a scenario are relative to the scenario file's folder)",
        at(&text, "calendars", "\"local")
    ));
}

#[test]
fn a_calendar_path_is_relative_to_the_scenario_folder() {
    let text = naming("[\"cn\", \"cal/local.toml\"]", "[]");
    let cal = "years = [2025]\nholidays = [ { name = \"区庆\", from = \"2025-03-10\", to = \"2025-03-10\" } ]\n";
    let c = check_files(&[("plans/scenario.toml", text.as_bytes()), ("plans/cal/local.toml", cal.as_bytes())]);
    assert_eq!(c.exit, 0, "{}", c.stderr);
    assert!(c.stdout.contains("14 days = 9 working (0 make-up), 4 weekend, 1 holiday"), "{}", c.stdout);
}

#[test]
fn a_calendar_that_is_a_folder_is_reported() {
    let text = naming("[\"cals\"]", "[]");
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("cals/readme.txt", b"x")]);
    c.assert_only_error(&format!(
        "error[unreadable_file] scenario.toml:{}: calendar `cals` is a folder, not a file (help: name a file)",
        at(&text, "calendars", "\"cals")
    ));
}

#[test]
fn a_calendar_that_is_not_utf8_is_reported() {
    let text = naming("[\"local.toml\"]", "[]");
    let c = check_files(&[
        ("scenario.toml", text.as_bytes()),
        ("local.toml", b"years = [2025]\nname = \"\xb4\xba\xbd\xda\"\n"),
    ]);
    c.assert_only_error(
        "error[not_utf8] local.toml: `local.toml` is not UTF-8 text (line 2, byte 23) (help: save the file as UTF-8 (in Excel: CSV UTF-8; in WPS: UTF-8 encoding))",
    );
}

#[test]
fn a_missing_staff_file_is_reported_where_it_is_named() {
    let text = naming("[\"cn\"]", "[\"people.csv\"]");
    let c = check_files(&[("scenario.toml", text.as_bytes())]);
    c.assert_only_error(&format!(
        "error[unreadable_file] scenario.toml:{}: cannot read staff file `people.csv`: No such file or directory (os error 2) (help: check the path; paths inside a scenario are relative to the scenario file's folder)",
        at(&text, "staff_files", "\"people")
    ));
}

#[test]
fn a_staff_file_that_is_a_folder_is_reported() {
    let text = naming("[\"cn\"]", "[\"people\"]");
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("people/a.csv", b"id,name,unit\n")]);
    c.assert_only_error(&format!(
        "error[unreadable_file] scenario.toml:{}: staff file `people` is a folder, not a file (help: name a file)",
        at(&text, "staff_files", "\"people")
    ));
}

#[test]
fn a_staff_file_saved_in_gbk_is_reported() {
    let text = naming("[\"cn\"]", "[\"staff.csv\"]");
    // "张三" in GBK, as Excel saves a CSV on a Chinese Windows by default.
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", b"id,name,unit\np3,\xd5\xc5\xc8\xfd,a\n")]);
    c.assert_only_error(
        "error[not_utf8] staff.csv: `staff.csv` is not UTF-8 text (line 2, byte 16) (help: save the file as UTF-8 (in Excel: CSV UTF-8; in WPS: UTF-8 encoding))",
    );
}

#[test]
fn every_missing_file_is_reported_in_one_run() {
    let text = naming("[\"a.toml\", \"cn\", \"b.toml\"]", "[\"x.csv\", \"y.csv\"]");
    let c = check_files(&[("scenario.toml", text.as_bytes())]);
    assert_eq!(c.exit, 1);
    let errors = c.errors();
    assert_eq!(errors.len(), 4, "{:?}", c.problems);
    for name in ["calendar `a.toml`", "calendar `b.toml`", "staff file `x.csv`", "staff file `y.csv`"] {
        assert!(errors.iter().any(|e| e.contains(name)), "{name} not reported: {errors:?}");
    }
    for e in &errors {
        c.assert_shown(e);
    }
    assert!(c.stderr.contains("4 error(s); nothing was planned"), "{}", c.stderr);
}

// ----- calendar files -----

#[test]
fn a_calendar_file_with_a_syntax_error_is_reported_in_that_file() {
    let text = naming("[\"local.toml\"]", "[]");
    let cal = "years = [2025\nworkdays = []\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    // The parser notices the unclosed array where the next line starts; no warning
    // about 2025 lacking a calendar comes with it (the broken file may cover it).
    c.assert_only_error("error[toml_syntax] local.toml:2:1: TOML syntax: missing comma between array elements, expected `,` (help: fix the TOML syntax at the marked place (quotes, brackets, `key = value`))");
    assert!(c.warnings().is_empty(), "{:?}", c.problems);
}

#[test]
fn a_calendar_file_with_an_unknown_key_is_reported() {
    let text = naming("[\"local.toml\"]", "[]");
    let cal = "years = [2025]\nholiday = [ { name = \"区庆\", from = \"2025-03-10\", to = \"2025-03-10\" } ]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_only_error("error[unknown_key] local.toml:2:1: unknown key `holiday` in the calendar file (help: did you mean `holidays`? The keys of the calendar file are: name, years, holidays, workdays, provisional)");
}

#[test]
fn a_holiday_that_ends_before_it_starts_is_reported() {
    let text = naming("[\"local.toml\"]", "[]");
    let cal = "years = [2025]\nholidays = [ { name = \"区庆\", from = \"2025-03-10\", to = \"2025-03-09\" } ]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_only_error(&format!(
        "error[bad_range] local.toml:{}: holiday ends (2025-03-09) before it starts (2025-03-10) (help: make `to` the last day of the holiday, on or after `from`)",
        at(cal, "holidays", "\"2025-03-09")
    ));
}

#[test]
fn a_holiday_without_from_is_reported() {
    let text = naming("[\"local.toml\"]", "[]");
    let cal = "years = [2025]\nholidays = [ { name = \"区庆\", to = \"2025-03-09\" } ]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_only_error(&format!(
        "error[missing_key] local.toml:{}: `from` in a holiday in `holidays` is missing (help: add `from = …` to this holiday in `holidays`)",
        at(cal, "holidays", "{")
    ));
}

#[test]
fn a_calendar_year_that_is_not_a_whole_number_is_reported() {
    let text = naming("[\"local.toml\"]", "[]");
    let cal = "years = [\"2025\"]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_only_error("error[wrong_type] local.toml:1:10: a year in `years` must be a whole number, found a string (help: write a year in `years` as a whole number)");
}

#[test]
fn a_workday_that_is_no_weekend_day_is_warned_about() {
    let text = naming("[\"cn\", \"local.toml\"]", "[]");
    let cal = "years = [2025]\nworkdays = [\"2025-03-05\"]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_warning("warning[workday_not_weekend] local.toml:2:13: 2025-03-05 is a Wed and a working day anyway (help: `workdays` lists weekend days made working days (调休上班); check the date)");
}

#[test]
fn a_local_calendar_adds_a_holiday_and_a_make_up_day() {
    let text = naming("[\"cn\", \"local.toml\"]", "[]");
    let cal = "name = \"区里的安排\"\nyears = [2025]\nholidays = [ { name = \"区庆\", from = \"2025-03-10\", to = \"2025-03-10\" } ]\nworkdays = [2025-03-08]\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", cal.as_bytes())]);
    c.assert_clean();
    assert!(c.stdout.contains("14 days = 10 working (1 make-up), 3 weekend, 1 holiday"), "{}", c.stdout);
    assert!(c.stdout.contains("calendar   区里的安排 (local.toml)"), "{}", c.stdout);
}

#[test]
fn the_last_calendar_to_name_a_day_decides() {
    // cn makes Sunday 2025-01-26 a working day; local.toml makes it a holiday.
    let local = "years = [2025]\nholidays = [ { name = \"x\", from = \"2025-01-26\", to = \"2025-01-26\" } ]\n";
    let horizon =
        [("start = \"2025-03-03\"", "start = \"2025-01-20\""), ("end = \"2025-03-16\"", "end = \"2025-01-26\"")];
    for (list, kind) in [
        ("[\"cn\", \"local.toml\"]", "0 make-up), 1 weekend, 1 holiday"),
        ("[\"local.toml\", \"cn\"]", "1 make-up), 1 weekend, 0 holiday"),
    ] {
        let mut edits = horizon.to_vec();
        let cals = format!("calendars = {list}");
        edits.push(("calendars = [\"cn\"]", &cals));
        let text = base_with(&edits);
        let c = check_files(&[("scenario.toml", text.as_bytes()), ("local.toml", local.as_bytes())]);
        assert_eq!(c.exit, 0, "{}", c.stderr);
        assert!(c.stdout.contains(kind), "{list}: expected `{kind}` in\n{}", c.stdout);
    }
}
