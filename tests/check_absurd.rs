//! Absurd inputs: each gets a clear error and exit 1, never a panic, a hang or a
//! flood of output (contract 7: "No input, however malformed, makes the program panic").

mod check_support;

use std::time::Instant;

use check_support::{base_with, check, check_files, check_in, BASE};

#[test]
fn a_two_megabyte_name_is_refused_briefly() {
    let name = "名".repeat(2 * 1024 * 1024 / 3);
    let text = base_with(&[("name = \"tiny\"", &format!("name = \"{name}\""))]);
    let c = check(&text);
    c.assert_refused();
    c.assert_only_error(&format!(
        "error[too_long] scenario.toml:2:8: `name` in [scenario] is {} characters long; at most 200 are accepted (help: shorten it)",
        name.chars().count()
    ));
    assert!(c.stderr.len() < 4000, "the snippet is cut, not 2 MB: {} bytes", c.stderr.len());
}

#[test]
fn a_two_megabyte_unknown_key_is_refused_briefly() {
    let key = "k".repeat(2 * 1024 * 1024);
    let text = format!("{BASE}\n[rules]\n{key} = 1\n");
    let c = check(&text);
    c.assert_refused();
    assert_eq!(c.codes(), vec!["unknown_key"]);
    assert!(
        c.errors()[0]
            .contains("unknown key `kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk… (2097152 characters)` in [rules]"),
        "{:.300}",
        c.errors()[0]
    );
    assert!(c.stderr.len() < 4000, "{} bytes", c.stderr.len());
}

#[test]
fn a_mistake_far_along_a_very_long_line_does_not_crash_the_drawing() {
    // A column beyond 65535 once made the diagnostic renderer panic.
    let text = base_with(&[("name = \"tiny\"", &format!("name = \"tiny\"{} oops", " ".repeat(70_000)))]);
    let c = check(&text);
    c.assert_refused();
    assert_eq!(c.codes(), vec!["toml_syntax"], "{:?}", c.problems);
    assert!(c.errors()[0].starts_with("error[toml_syntax] scenario.toml:2:70015: "), "{:.200}", c.errors()[0]);
    c.assert_shown(c.errors()[0]);
}

#[test]
fn a_file_over_16_mib_is_refused_unread() {
    let mut text = BASE.to_string();
    let comment = format!("# {}\n", "x".repeat(1000));
    while text.len() <= 16 * 1024 * 1024 {
        text.push_str(&comment);
    }
    let c = check(&text);
    c.assert_refused();
    c.assert_only_error("error[unreadable_file] scenario.toml: scenario `scenario.toml` is larger than 16 MiB (help: a scenario's files are small; check that this is the right file)");
}

#[test]
fn a_staff_file_over_16_mib_is_refused_unread() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let mut csv = String::from("id,name,unit\n");
    let mut i = 0;
    while csv.len() <= 16 * 1024 * 1024 {
        csv.push_str(&format!("x{i},某某某,a\n"));
        i += 1;
    }
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    c.assert_only_error(&format!(
        "error[unreadable_file] scenario.toml:{}: staff file `staff.csv` is larger than 16 MiB (help: a scenario's files are small; check that this is the right file)",
        check_support::at(&text, "staff_files", "\"staff")
    ));
}

#[test]
fn a_hundred_thousand_open_brackets_are_refused() {
    let text = format!("{BASE}\n[rules]\nx = {}\n", "[".repeat(100_000));
    let c = check(&text);
    c.assert_refused();
    let line = text.lines().count();
    c.assert_only_error(&format!(
        "error[too_deep] scenario.toml:{line}:37: arrays or tables nested more than 32 deep (help: a scenario needs at most three levels of nesting; check the brackets)"
    ));
}

#[test]
fn deeply_nested_inline_tables_are_refused() {
    let text = format!("x = {}\n", "{a=".repeat(100_000));
    let c = check(&text);
    c.assert_refused();
    c.assert_only_error("error[too_deep] scenario.toml:1:101: arrays or tables nested more than 32 deep (help: a scenario needs at most three levels of nesting; check the brackets)");
}

#[test]
fn deep_nesting_after_a_literal_string_ending_in_a_backslash_is_refused() {
    // In a literal string '…' a backslash escapes nothing: the string ends there.
    let text = format!("x = 'C:\\'\ny = {}\n", "[".repeat(100_000));
    let c = check(&text);
    c.assert_refused();
    c.assert_only_error("error[too_deep] scenario.toml:2:37: arrays or tables nested more than 32 deep (help: a scenario needs at most three levels of nesting; check the brackets)");
}

#[test]
fn brackets_inside_strings_and_comments_are_no_nesting() {
    let deep = "[".repeat(100);
    let text = base_with(&[("name = \"tiny\"", &format!("name = \"{deep}\" # {deep}\n# {deep}"))]);
    let text = text.replacen("start = \"17:30\"", &format!("start = \"17:30\"\nname = '''{deep}\n{deep}'''"), 1);
    let c = check(&text);
    assert_eq!(c.codes(), vec!["too_long"], "only the name is too long: {:?}", c.problems);
    let text = base_with(&[("name = \"tiny\"", &format!("name = \"[[[\\\"[[[\" # {deep}"))]);
    check(&text).assert_clean();
}

#[test]
fn a_hundred_thousand_dotted_keys_are_refused() {
    let text = format!("{} = 1\n", vec!["a"; 100_000].join("."));
    let c = check(&text);
    c.assert_refused();
    assert_eq!(c.codes(), vec!["toml_syntax"], "{:?}", c.problems);
    assert!(c.errors()[0].contains("recursion limit"), "{}", c.errors()[0]);
}

#[test]
fn an_empty_file_is_refused() {
    check("").assert_only_error("error[missing_key] scenario.toml:1:1: the scenario file has no [scenario] table (help: add a [scenario] table with name, start and end)");
}

#[test]
fn a_binary_file_is_refused() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let c = check_files(&[("scenario.toml", &bytes)]);
    c.assert_refused();
    assert_eq!(c.codes(), vec!["not_utf8"], "{:?}", c.problems);
    assert!(
        c.errors()[0].starts_with("error[not_utf8] scenario.toml: `scenario.toml` is not UTF-8 text (line "),
        "{}",
        c.errors()[0]
    );
}

#[test]
fn a_utf8_file_full_of_control_characters_is_refused() {
    let text: String = (0..20_000).map(|i| char::from(b"\x00\x01\x02\x07\x1b=\"x\n"[i % 9])).collect();
    let c = check(&text);
    c.assert_refused();
    assert!(c.codes().iter().all(|code| *code == "toml_syntax" || *code == "too_many_problems"), "{:?}", c.codes());
}

#[test]
fn a_hundred_thousand_broken_lines_give_a_hundred_errors_and_a_count() {
    let text: String = (0..100_000).map(|i| format!("garbage line {i} !!\n")).collect();
    let started = Instant::now();
    let c = check(&text);
    c.assert_refused();
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    let errors = c.errors();
    assert_eq!(errors.len(), 101, "100 errors kept, then the count");
    assert_eq!(
        *errors.last().unwrap(),
        format!("error[too_many_problems] scenario.toml: {} more error(s) were found and are not shown (help: fix the errors shown and check again)", 100_000 - 100)
    );
    c.assert_shown(errors.last().unwrap());
    assert!(c.stderr.contains("scenario.toml: 100000 error(s); nothing was planned"), "the total is told");
}

#[test]
fn a_folder_given_as_scenario_is_refused() {
    let dir = tempfile::tempdir().expect("folder");
    std::fs::create_dir(dir.path().join("plans")).expect("folder");
    let c = check_in(dir, "plans");
    c.assert_refused();
    c.assert_only_error("error[unreadable_file] plans: scenario `plans` is a folder, not a file (help: name a file)");
}

#[test]
fn a_missing_scenario_is_refused() {
    let dir = tempfile::tempdir().expect("folder");
    let c = check_in(dir, "nowhere.toml");
    c.assert_refused();
    c.assert_only_error("error[unreadable_file] nowhere.toml: cannot read scenario `nowhere.toml`: No such file or directory (os error 2) (help: check the path; paths inside a scenario are relative to the scenario file's folder)");
}

#[test]
fn huge_leave_ranges_in_many_rows_do_not_hang() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let mut csv = String::from("id,name,unit,leave\n");
    for i in 0..3000 {
        csv.push_str(&format!("x{i},,a,1000-01-01..9999-12-31;0001-01-01..9999-12-31\n"));
    }
    let started = Instant::now();
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert_eq!(c.exit, 0, "{:.2000}", c.stderr);
    assert_eq!(c.warnings().len(), 101, "100 warnings kept, then the count");
    assert!(c.warnings()[0].contains("3287168 day(s) of this leave lie outside the horizon"), "{}", c.warnings()[0]);
}

#[test]
fn a_csv_with_a_hundred_thousand_bad_rows_is_refused_briefly() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let mut csv = String::from("id,name,unit,comp_carry_in\n");
    for i in 0..100_000 {
        csv.push_str(&format!("x{i},,a,-1\n"));
    }
    let started = Instant::now();
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert_eq!(c.errors().len(), 101);
    assert_eq!(
        c.errors()[0],
        "error[negative] staff.csv:2:7: `comp_carry_in` is -1; it cannot be negative (help: use 0 or more)"
    );
}

#[test]
fn a_two_megabyte_csv_cell_is_refused_briefly() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let csv = format!("id,name,unit\np3,{},a\n", "名".repeat(700_000));
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    c.assert_only_error(
        "error[too_long] staff.csv:2:4: a cell is 700000 characters long; at most 200 are accepted (help: shorten it)",
    );
    assert!(c.stderr.len() < 4000, "{} bytes", c.stderr.len());
}

/// A scenario with `units` units on their own, 2000 requirements nobody qualifies for,
/// and 100000 people in a CSV whose unit is `u…` (or `x…`, which does not exist).
fn huge_district(units: usize, unit_prefix: &str) -> (String, String) {
    let mut toml = String::from(
        "[scenario]\nname = \"x\"\nstart = \"2025-01-01\"\nend = \"2025-12-31\"\ncalendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]\n\n[[shift]]\nid = \"n\"\nstart = \"17:00\"\nend = \"08:00\"\n",
    );
    for u in 0..units {
        toml.push_str(&format!("[[unit]]\nid = \"u{u}\"\nmin_staff = 1\n"));
    }
    for q in 0..2000 {
        toml.push_str(&format!("[[requirement]]\nid = \"r{q}\"\nowner = \"u{q}\"\nshift = \"n\"\non = \"every_day\"\ncount = 1\nroles = [\"nobody\"]\n"));
    }
    let mut csv = String::from("id,name,unit\n");
    for p in 0..100_000 {
        csv.push_str(&format!("p{p},,{unit_prefix}{}\n", p % units));
    }
    (toml, csv)
}

#[test]
fn a_district_of_twenty_thousand_units_is_checked_in_seconds() {
    let (toml, csv) = huge_district(20_000, "u");
    let started = Instant::now();
    let c = check_files(&[("scenario.toml", toml.as_bytes()), ("staff.csv", csv.as_bytes())]);
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert_eq!(c.exit, 0, "{:.2000}", c.stderr);
    assert!(c.stdout.contains("groupings  20000   units 20000   staff 100000"), "{:.500}", c.stdout);
    assert_eq!(c.warnings().len(), 101, "2000 `nobody_qualifies`: 100 shown, then the count");
}

#[test]
fn a_hundred_thousand_dangling_units_are_reported_in_seconds() {
    let (toml, csv) = huge_district(20_000, "x");
    let started = Instant::now();
    let c = check_files(&[("scenario.toml", toml.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    assert_eq!(c.errors().len(), 101);
    assert!(
        c.errors()[0].starts_with("error[dangling_reference] staff.csv:2:5: `unit` of a staff member names unit `x0`"),
        "{}",
        c.errors()[0]
    );
    assert!(c.errors()[100].contains("99900 more error(s)"), "{}", c.errors()[100]);
}

#[test]
fn more_than_a_hundred_thousand_people_are_refused() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let csv: String =
        std::iter::once("id,name,unit\n".to_string()).chain((0..100_000).map(|p| format!("x{p},,a\n"))).collect();
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    c.assert_only_error("error[too_large] staff.csv:100000:1: the scenario has 100002 people; at most 100000 can be planned at once (help: a scenario is one district's quarter or year: split the input, or check that this is the right file)");
}

#[test]
fn too_many_shift_kinds_for_the_people_are_refused() {
    let shifts: String = (0..100).map(|i| format!("[[shift]]\nid = \"s{i}\"\nminutes = 60\n")).collect();
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]) + &shifts;
    let csv: String =
        std::iter::once("id,name,unit\n".to_string()).chain((0..99_998).map(|p| format!("x{p},,a\n"))).collect();
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_refused();
    c.assert_only_error("error[too_large] scenario.toml: the scenario has 101 shift kinds and 100000 people: 10100000 pairs, more than the 10000000 that can be planned at once (help: a scenario is one district's quarter or year: split the input, or check that this is the right file)");
}
