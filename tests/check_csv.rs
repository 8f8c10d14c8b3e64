//! Staff CSV files (contract 4): byte-order mark, CRLF, trimmed cells, Chinese text,
//! blank rows, booleans in any case, `;` lists; and every error named with its line.

mod check_support;

use check_support::{base_with, check_files, Checked};
use rota::domain::Scenario;

/// BASE with `staff.csv` as its staff file, checked.
fn check_csv(csv: &[u8]) -> Checked {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv)])
}

fn scenario(c: &Checked) -> Scenario {
    match rota::scenario::load(&c.dir.path().join("scenario.toml")) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => panic!("invalid: {problems:?}"),
    }
}

const HELP_COLUMNS: &str = "the columns may be: id, name, unit, roles, leave, comp_carry_in, points_carry_in, max_consecutive_work_days, min_consecutive_work_days, min_consecutive_off_days, max_weekends, min_rest_hours, max_duties, max_duties_per_month, min_days_between_duties, min_minutes, max_minutes, comp_per_restday_shift, recovery_after_night";

// ----- what a planner's spreadsheet looks like -----

#[test]
fn an_excel_style_file_is_read_whole() {
    let csv = "\u{feff}id , name ,unit,roles,leave,recovery_after_night,comp_carry_in,max_duties\r\n \
               p3 , 张三 , a , leader; finance ;, 2025-03-05 ; 2025-03-10..2025-03-11 ,TRUE, 1.5 , 4\r\n\
               \r\n\
               ,,,, ,,,\r\n\
               p4,\"李四, 副主任\",b,,,False,,\r\n\
               p5,,a,cadre,,fAlSe,0,\r\n";
    let c = check_csv(csv.as_bytes());
    c.assert_clean();
    assert!(c.stdout.contains("staff 5"), "{}", c.stdout);
    let s = scenario(&c);
    let person = |id: &str| s.staff.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("{id} read"));

    let p3 = person("p3");
    assert_eq!(p3.name, "张三");
    assert_eq!(s.units[p3.unit].id, "a");
    assert_eq!(p3.roles.iter().map(String::as_str).collect::<Vec<_>>(), vec!["finance", "leader"]);
    let leave: Vec<usize> = (0..s.days.len()).filter(|&d| p3.leave[d]).collect();
    assert_eq!(leave, vec![2, 7, 8], "03-05, 03-10 and 03-11");
    assert!(p3.rules.recovery_after_night);
    assert_eq!(p3.comp_carry_in, 1.5);
    assert_eq!(p3.rules.max_duties, Some(4));

    let p4 = person("p4");
    assert_eq!(p4.name, "李四, 副主任", "a quoted cell keeps its comma");
    assert!(!p4.rules.recovery_after_night);
    assert!(p4.roles.is_empty());
    assert_eq!(p4.rules.max_duties, None, "an empty cell is not given");

    let p5 = person("p5");
    assert_eq!(p5.name, "p5", "the name defaults to the id");
    assert!(!p5.rules.recovery_after_night);
}

#[test]
fn columns_may_come_in_any_order_with_rule_overrides() {
    let csv =
        "min_rest_hours,unit,points_carry_in,id,name,max_weekends,comp_per_restday_shift\n11.5,b,3,p3,王五,2,0.5\n";
    let c = check_csv(csv.as_bytes());
    c.assert_clean();
    let s = scenario(&c);
    let p3 = s.staff.iter().find(|p| p.id == "p3").expect("p3");
    assert_eq!(p3.rules.min_rest_hours, 11.5);
    assert_eq!(p3.points_carry_in, 3.0);
    assert_eq!(p3.rules.max_weekends, Some(2));
    assert_eq!(p3.rules.comp_per_restday_shift, 0.5);
    assert_eq!(s.units[p3.unit].id, "b");
}

#[test]
fn a_header_without_rows_adds_nobody() {
    let c = check_csv(b"id,name,unit\n");
    c.assert_clean();
    assert_eq!(scenario(&c).staff.len(), 2);
}

#[test]
fn crlf_lines_are_counted_like_lf_lines() {
    let c = check_csv(b"id,name,unit\r\np3,,a\r\np4,,a,x\r\n");
    c.assert_only_error("error[csv_row_length] staff.csv:3:1: this row has 4 cells, more than the header's 3 (help: give every row exactly one cell per column: remove the extra cells (a name with a comma must be quoted: \"a,b\"))");
}

// ----- the header -----

#[test]
fn an_unknown_column_is_named_with_the_nearest() {
    let c = check_csv("id,name,unit,rols\np3,三,a,leader\n".as_bytes());
    c.assert_only_error(&format!(
        "error[csv_unknown_column] staff.csv:1:14: unknown column `rols` (column 4) in the header (help: did you mean `roles`? {HELP_COLUMNS})"
    ));
}

#[test]
fn max_shifts_has_no_column() {
    let c = check_csv("id,name,unit,max_shifts\np3,三,a,2\n".as_bytes());
    c.assert_only_error(&format!("error[csv_unknown_column] staff.csv:1:14: unknown column `max_shifts` (column 4) in the header (help: did you mean `max_weekends`? {HELP_COLUMNS})").replace("did you mean `max_weekends`? ", ""));
}

#[test]
fn a_column_without_a_name_is_reported() {
    let c = check_csv(b"id,name,unit,\np3,,a,\n");
    c.assert_only_error("error[csv_unknown_column] staff.csv:1:14: column 4 of the header has no name (help: name the column, or remove it (a trailing comma makes an empty column))");
}

#[test]
fn a_column_named_twice_is_reported() {
    let c = check_csv(b"id,name,unit,name\np3,,a,\n");
    c.assert_only_error("error[csv_duplicate_column] staff.csv:1:14: column `name` appears twice in the header (help: keep one of the two columns)");
}

#[test]
fn a_missing_required_column_is_reported() {
    let c = check_csv(b"id,name,roles\np3,,leader\n");
    c.assert_only_error("error[csv_missing_column] staff.csv:1:1: the header has no `unit` column (help: add a `unit` column; id, name and unit are required)");
}

#[test]
fn an_empty_staff_file_is_reported() {
    let c = check_csv(b"");
    c.assert_only_error("error[csv_missing_column] staff.csv:1:1: the staff file is empty: it has no header row (help: start it with a header row: id,name,unit)");
}

#[test]
fn every_header_problem_is_reported_at_once() {
    let c = check_csv(b"id,nam,id,extra\np3,,a,\n");
    assert_eq!(c.exit, 1);
    assert_eq!(
        c.errors(),
        vec![
            "error[csv_missing_column] staff.csv:1:1: the header has no `name` column (help: add a `name` column; id, name and unit are required)".to_string(),
            "error[csv_missing_column] staff.csv:1:1: the header has no `unit` column (help: add a `unit` column; id, name and unit are required)".to_string(),
            format!("error[csv_unknown_column] staff.csv:1:4: unknown column `nam` (column 2) in the header (help: did you mean `name`? {HELP_COLUMNS})"),
            "error[csv_duplicate_column] staff.csv:1:8: column `id` appears twice in the header (help: keep one of the two columns)".to_string(),
            format!("error[csv_unknown_column] staff.csv:1:11: unknown column `extra` (column 4) in the header (help: {HELP_COLUMNS})"),
        ]
    );
    for e in c.errors() {
        c.assert_shown(e);
    }
}

// ----- rows -----

#[test]
fn a_short_row_is_reported_with_its_line() {
    let c = check_csv(b"id,name,unit\np3,,a\n\np4,b\n");
    c.assert_only_error("error[csv_row_length] staff.csv:4:1: this row has 2 cells, fewer than the header's 3 (help: give every row exactly one cell per column: add the missing cells (empty cells are fine: `a,,c`))");
}

#[test]
fn a_long_row_is_reported_with_its_line() {
    let c = check_csv("id,name,unit\np3,张,三,a\n".as_bytes());
    c.assert_only_error("error[csv_row_length] staff.csv:2:1: this row has 4 cells, more than the header's 3 (help: give every row exactly one cell per column: remove the extra cells (a name with a comma must be quoted: \"a,b\"))");
}

#[test]
fn an_empty_id_is_reported() {
    let c = check_csv(b"id,name,unit\n ,Nobody,a\n");
    c.assert_only_error(
        "error[csv_empty_cell] staff.csv:2:1: `id` is empty in this row (help: every staff row needs its `id`)",
    );
}

#[test]
fn an_empty_unit_is_reported() {
    let c = check_csv(b"id,name,unit\np3,Nobody,\n");
    c.assert_only_error(
        "error[csv_empty_cell] staff.csv:2:1: `unit` is empty in this row (help: every staff row needs its `unit`)",
    );
}

#[test]
fn an_id_with_a_space_is_reported() {
    let c = check_csv("id,name,unit\n张 三,,a\n".as_bytes());
    c.assert_only_error("error[bad_id] staff.csv:2:1: `id` `张 三` has spaces or control characters (help: ids have no spaces, e.g. `zzb01`)");
}

#[test]
fn a_unit_that_does_not_exist_is_reported_in_the_csv() {
    let c = check_csv(b"id,name,unit\np3,,c\n");
    c.assert_only_error("error[dangling_reference] staff.csv:2:5: `unit` of a staff member names unit `c`, which does not exist (help: use an existing unit id (known: a, b); ids are case-sensitive)");
}

#[test]
fn numbers_are_checked_cell_by_cell() {
    let c = check_csv(b"id,name,unit,comp_carry_in,points_carry_in,max_duties,min_days_between_duties,recovery_after_night\np3,,a,1\xef\xbc\x8c5,-2,2.0,-1,yes\n");
    assert_eq!(c.exit, 1);
    assert_eq!(
        c.errors(),
        vec![
            "error[wrong_type] staff.csv:2:7: `comp_carry_in` is `1，5`, not a number (help: use a number with a dot for decimals, e.g. 1.5)",
            "error[negative] staff.csv:2:11: `points_carry_in` is -2; it cannot be negative (help: use 0 or more)",
            "error[not_integer] staff.csv:2:14: `max_duties` takes a whole number, found 2.0 (help: write it without a decimal point, e.g. `2`, not `2.0`)",
            "error[negative] staff.csv:2:18: `min_days_between_duties` is -1; it cannot be negative (help: use 0 or more)",
            "error[wrong_type] staff.csv:2:21: `recovery_after_night` is `yes`, not true or false (help: write true or false)",
        ]
    );
    for e in c.errors() {
        c.assert_shown(e);
    }
}

#[test]
fn a_bad_leave_item_is_reported() {
    let c = check_csv(b"id,name,unit,leave\np3,,a,2025-03-05;2025-3-6\n");
    c.assert_only_error("error[bad_date] staff.csv:2:7: `leave` item `2025-3-6`: not a date (help: list dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD separated by `;`)");
}

#[test]
fn a_leave_range_that_ends_before_it_starts_is_reported() {
    let c = check_csv(b"id,name,unit,leave\np3,,a,2025-03-09..2025-03-05\n");
    c.assert_only_error("error[bad_date] staff.csv:2:7: `leave` item `2025-03-09..2025-03-05`: it ends (2025-03-05) before it starts (2025-03-09) (help: list dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD separated by `;`)");
}

#[test]
fn a_minimum_above_its_maximum_in_a_row_is_reported() {
    let c = check_csv(b"id,name,unit,min_minutes,max_minutes\np3,,a,600,500\n");
    c.assert_only_error("error[min_above_max] staff.csv:2:7: min_minutes 600 is above max_minutes 500 (help: make min_minutes at most max_minutes)");
}

#[test]
fn every_bad_row_is_reported_with_its_own_line() {
    let c = check_csv(b"id,name,unit\np3,,a\np4,,\np5\np6,,a,,\n");
    assert_eq!(c.exit, 1);
    assert_eq!(
        c.errors(),
        vec![
            "error[csv_empty_cell] staff.csv:3:1: `unit` is empty in this row (help: every staff row needs its `unit`)",
            "error[csv_row_length] staff.csv:4:1: this row has 1 cells, fewer than the header's 3 (help: give every row exactly one cell per column: add the missing cells (empty cells are fine: `a,,c`))",
            "error[csv_row_length] staff.csv:5:1: this row has 5 cells, more than the header's 3 (help: give every row exactly one cell per column: remove the extra cells (a name with a comma must be quoted: \"a,b\"))",
        ]
    );
    assert!(c.stderr.contains("3 error(s)"), "{}", c.stderr);
}
