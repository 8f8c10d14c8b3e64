//! Reading the output files: a rota saved again by a spreadsheet is accepted; a file
//! that cannot be understood is reported with its name and line, never a panic; rows
//! that are understood but wrong are `rota_rows` violations.

mod verify_support;

use proptest::prelude::*;
use rota::verify::{self, rule};
use verify_support::{edit, read, world, write, Figures, Grid, World};

const WORLD: &str = r#"
[scenario]
name = "spreadsheet"
start = "2027-03-01"
end = "2027-03-03"
[[shift]]
id = "night"
start = "17:30"
end = "08:30"
[[grouping]]
id = "g"
lead = "u1"
[[unit]]
id = "u1"
grouping = "g"
min_staff = 1
[[unit]]
id = "u2"
grouping = "g"
[[staff]]
id = "a"
unit = "u1"
[[staff]]
id = "b"
unit = "u2"
[[requirement]]
id = "n"
owner = "g"
shift = "night"
on = "2027-03-01"
count = 1
"#;

const ROTA: Grid = &[("a", "o:night/n r o"), ("b", "o@u1 o o")];

/// b is lent on Monday; a rests (free) on Tuesday after the night: u1 has nobody on
/// Tuesday (1 missing); a's night counts 1 point, b has none.
fn figures() -> Figures {
    Figures {
        objective: 1000.0 + 20.0 + 1.0,
        unit_shortfall: 1,
        unit_days_below_min: 1,
        lending_person_days: 1,
        recovery_days: 1,
        duty_points: [0.0, 0.5, 1.0, 0.5],
        max_consecutive_work_days: 3,
        ..Figures::default()
    }
}

fn valid_outputs() -> (World, std::path::PathBuf) {
    let w = world(WORLD);
    let dir = w.outputs(ROTA, &figures());
    let report = w.verify(&dir);
    assert!(report.is_valid(), "{}", report.render(50));
    (w, dir)
}

/// What a spreadsheet may do to a CSV file: a byte-order mark, CRLF, columns moved,
/// an extra column, padded cells, rows in another order, dates with slashes.
fn spreadsheet(text: &str, status_column: Option<usize>) -> String {
    let mut lines: Vec<Vec<String>> =
        text.lines().map(|l| l.split(',').map(|c| format!(" {c} ")).collect::<Vec<_>>()).collect();
    for line in lines.iter_mut().skip(1) {
        line[0] = line[0].replace('-', "/");
        if let Some(i) = status_column {
            line[i] = line[i].to_uppercase();
        }
    }
    let mut rows: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let mut cells = cells.clone();
            cells.rotate_left(1);
            cells.push(if i == 0 { "notes".into() } else { String::new() });
            cells.join(",")
        })
        .collect();
    rows[1..].reverse();
    rows.insert(2, ",,,".into());
    format!("\u{feff}{}\r\n\r\n", rows.join("\r\n"))
}

#[test]
fn a_rota_saved_again_by_a_spreadsheet_is_accepted() {
    let (w, dir) = valid_outputs();
    write(&dir, "rota.csv", &spreadsheet(&read(&dir, "rota.csv"), Some(3)));
    write(&dir, "coverage.csv", &spreadsheet(&read(&dir, "coverage.csv"), None));
    write(&dir, "lending.csv", &spreadsheet(&read(&dir, "lending.csv"), None));
    write(&dir, "summary.json", &format!("\u{feff}{}", read(&dir, "summary.json").replace('\n', "\r\n")));
    assert!(read(&dir, "rota.csv")
        .starts_with("\u{feff} staff , unit , status , at_unit , shift , requirement , date ,notes\r\n"));
    assert!(read(&dir, "rota.csv").contains(" OFFICE "));
    let report = w.verify(&dir);
    assert!(report.is_valid(), "{}", report.render(50));
    assert!(report.render(20).ends_with("verify: rota is valid (objective 1021.0 recomputed)\n"));
}

/// The file problems of a report, as printed.
fn problems(report: &verify::Report) -> Vec<String> {
    report.problems().iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_bad_date_or_status_is_named_with_its_line_and_no_rule_is_checked() {
    let (w, dir) = valid_outputs();
    edit(&dir, "rota.csv", "2027-03-02,a,u1,rest", "2027-02-30,a,u1,rest");
    edit(&dir, "rota.csv", "2027-03-03,b,u2,office", "2027-03-03,b,u2,working");
    let report = w.verify(&dir);
    let name = dir.join("rota.csv").display().to_string();
    assert_eq!(
        problems(&report),
        vec![
            format!("{name}:4: `2027-02-30` is not a date (write YYYY-MM-DD)"),
            format!("{name}:7: status `working` is not one of leave, office, shift, rest, off"),
        ]
    );
    assert!(report.violations().is_empty() && report.evaluation().is_none());
    assert!(report.render(20).ends_with("verify: 2 problem(s) reading the output files; no rule was checked\n"));
}

#[test]
fn a_missing_column_or_a_short_row_is_named() {
    let (w, dir) = valid_outputs();
    let text = read(&dir, "rota.csv").replacen("at_unit", "at unit", 1);
    write(&dir, "rota.csv", &text);
    edit(&dir, "coverage.csv", "2027-03-02,unit,u1,1,0", "2027-03-02,unit,u1,1");
    edit(&dir, "lending.csv", "2027-03-01", "01/03/2027");
    write(&dir, "summary.json", "{ \"objective\": 1,\n  \"bound\": }");
    let report = w.verify(&dir);
    let p = problems(&report);
    assert_eq!(p.len(), 4, "{p:#?}");
    assert!(p[0].ends_with(
        "rota.csv:1: the header lacks column(s) `at_unit`; expected `date,staff,unit,status,at_unit,shift,requirement`"
    ));
    assert!(p[1].contains("coverage.csv:") && p[1].ends_with(": has 4 cells, the header has 5"), "{}", p[1]);
    assert!(p[2].ends_with("lending.csv:2: `01/03/2027` is not a date (write YYYY-MM-DD)"), "{}", p[2]);
    assert!(p[3].contains("summary.json:2: is not valid JSON"), "{}", p[3]);
}

#[test]
fn missing_and_unreadable_files_are_named() {
    let (w, dir) = valid_outputs();
    std::fs::remove_file(dir.join("lending.csv")).expect("remove");
    std::fs::write(dir.join("coverage.csv"), b"date,kind,id,need,have\n2027-03-01,unit,\xb2\xe2,1,1\n").expect("gbk");
    std::fs::write(dir.join("summary.json"), "").expect("empty");
    let report = w.verify(&dir);
    let p = problems(&report);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].contains("coverage.csv:2: is not UTF-8 text"), "{}", p[0]);
    assert!(p[1].contains("lending.csv: cannot be read"), "{}", p[1]);
    assert!(p[2].contains("summary.json:1: is not valid JSON"), "{}", p[2]);
    // rota.csv was read: its rules were checked and found clean.
    assert!(report.violations().is_empty() && report.evaluation().is_some());
    assert!(!report.is_valid());
}

#[test]
fn a_folder_without_outputs_is_a_list_of_problems() {
    let w = world(WORLD);
    let report = verify::verify_dir(&w.scenario, &w.dir.path().join("nowhere"));
    assert_eq!(report.problems().len(), 4);
    assert!(!report.is_valid());
}

#[test]
fn an_empty_rota_is_named() {
    let (w, dir) = valid_outputs();
    write(&dir, "rota.csv", "\u{feff}\r\n");
    let report = w.verify(&dir);
    assert!(problems(&report)[0]
        .ends_with("rota.csv: is empty: it needs a header row `date,staff,unit,status,at_unit,shift,requirement`"));
}

#[test]
fn rows_that_do_not_fit_the_scenario_break_rota_rows() {
    let w = world(WORLD);
    let dir = w.outputs(ROTA, &figures());
    let rota = read(&dir, "rota.csv");
    let rota = rota
        .replace("2027-03-02,b,u2,office,u2,,", "2027-03-02,b,u1,office,u9,,")
        .replace("2027-03-01,a,u1,office,u1,night,n", "2027-03-01,a,u1,office,u1,nite,n")
        .replace("2027-03-03,a,u1,office,u1,,", "2027-03-03,zed,u1,office,u1,,")
        + "2027-03-04,a,u1,off,,,\n2027-03-01,b,u2,office,u1,,\n2027-03-02,a,u1,rest,,,\n";
    write(&dir, "rota.csv", &rota);
    let outputs = verify::read::read_outputs(&w.scenario, &dir);
    assert!(outputs.problems.is_empty(), "{:?}", outputs.problems);
    let table = outputs.rota.expect("read");
    let messages: Vec<String> = outputs.rota_rows.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        messages,
        vec![
            "rota_rows: line 2: unknown shift `nite` for a on 2027-03-01",
            "rota_rows: line 5: unit `u1` for b on 2027-03-02 is not their home unit u2",
            "rota_rows: line 5: unknown unit `u9` for b on 2027-03-02",
            "rota_rows: line 6: unknown person `zed` on 2027-03-03",
            "rota_rows: line 8: 2027-03-04 is outside the horizon 2027-03-01..2027-03-03",
            "rota_rows: line 9: a second row for b on 2027-03-01 (first on line 3)",
            "rota_rows: line 10: a second row for a on 2027-03-02 (first on line 4)",
            "rota_rows: a has no row on 2027-03-03 (1 day(s))",
        ]
    );
    // Unknown ids are reported once, under rota_rows: no other hard rule trips on them.
    let others: Vec<String> = verify::check_rota(&w.scenario, &table).iter().map(|v| v.to_string()).collect();
    assert!(others.iter().all(|m| !m.contains("nite") && !m.contains("u9")), "{others:#?}");
    let report = w.verify(&dir);
    assert!(report.rules_violated().contains(rule::ROTA_ROWS));
}

#[test]
fn an_unknown_requirement_is_a_rota_rows_violation() {
    let w = world(WORLD);
    let dir = w.outputs(ROTA, &figures());
    edit(&dir, "rota.csv", "office,u1,night,n", "office,u1,night,nn");
    let outputs = verify::read::read_outputs(&w.scenario, &dir);
    let messages: Vec<String> = outputs.rota_rows.iter().map(|v| v.to_string()).collect();
    assert_eq!(messages, vec!["rota_rows: line 2: unknown requirement `nn` for a on 2027-03-01"]);
    let table = outputs.rota.expect("read");
    assert!(verify::check_rota(&w.scenario, &table).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever bytes the files hold, verify answers with problems or violations.
    #[test]
    fn no_input_makes_verify_panic(rota in proptest::collection::vec(any::<u8>(), 0..400),
                                   cut in 0usize..2000, json in ".{0,80}") {
        let (w, dir) = valid_outputs();
        std::fs::write(dir.join("coverage.csv"), &rota).expect("write");
        let text = read(&dir, "rota.csv");
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        write(&dir, "rota.csv", &text[..cut]);
        write(&dir, "summary.json", &json);
        let report = w.verify(&dir);
        let _ = report.render(20);
        // coverage.csv and summary.json are garbage: never valid.
        prop_assert!(!report.is_valid());
    }

    /// Rows of rota.csv in any order read to the same rota.
    #[test]
    fn row_order_does_not_matter(seed in any::<u64>()) {
        let (w, dir) = valid_outputs();
        let text = read(&dir, "rota.csv");
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            lines.swap(i, (state % (i as u64 + 1)) as usize);
        }
        write(&dir, "rota.csv", &format!("{header}\n{}\n", lines.join("\n")));
        let report = w.verify(&dir);
        prop_assert!(report.is_valid(), "{}", report.render(20));
    }
}
