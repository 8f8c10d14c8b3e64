//! `rota verify SCENARIO OUTDIR` through the real binary: exit codes (0 clean, 1 any
//! violation, unreadable file or scenario error, 2 a wrong command line) and what it
//! prints.

mod verify_support;

use assert_cmd::Command;
use predicates::prelude::*;
use verify_support::{edit, world, Figures, Grid};

fn rota() -> Command {
    Command::cargo_bin("rota").expect("the rota binary")
}

const WORLD: &str = r#"
[scenario]
name = "cli"
start = "2027-03-01"
end = "2027-03-05"
[rules]
max_consecutive_work_days = 3
[[unit]]
id = "u"
min_staff = 1
[[staff]]
id = "a"
unit = "u"
comp_carry_in = 1
[[staff]]
id = "b"
unit = "u"
comp_carry_in = 1
"#;

const VALID: Grid = &[("a", "o o o r o"), ("b", "o r o o o")];

fn valid_figures() -> Figures {
    Figures { comp_taken: 2, max_consecutive_work_days: 3, ..Figures::default() }
}

#[test]
fn a_valid_rota_exits_0() {
    let w = world(WORLD);
    let dir = w.outputs(VALID, &valid_figures());
    rota()
        .arg("verify")
        .arg(&w.path)
        .arg(&dir)
        .assert()
        .code(0)
        .stdout("verify: rota is valid (objective 0.0 recomputed)\n");
}

#[test]
fn a_broken_rota_exits_1_and_names_rule_person_days_and_limit() {
    let w = world(WORLD);
    // a works all five days: comp not taken (1 owed, 10), run of 5.
    let figures =
        Figures { comp_taken: 1, comp_owed: 1.0, objective: 10.0, max_consecutive_work_days: 5, ..Figures::default() };
    let dir = w.outputs(&[("a", "o o o o o"), ("b", "o r o o o")], &figures);
    rota().arg("verify").arg(&w.path).arg(&dir).assert().code(1).stdout(
        "max_consecutive_work_days: a works 2027-03-01..2027-03-05 (5 days), limit 3\n\
             verify: 1 violation(s) in 1 rule(s)\n",
    );
}

#[test]
fn a_hand_edit_that_leaves_coverage_stale_is_reported_line_by_line() {
    let w = world(WORLD);
    let dir = w.outputs(VALID, &valid_figures());
    // The planner moves b's rest from Tuesday to Wednesday in rota.csv and forgets
    // coverage.csv: the rota is still valid, its coverage file is not.
    edit(&dir, "rota.csv", "2027-03-02,b,u,rest,,,", "2027-03-02,b,u,office,u,,");
    edit(&dir, "rota.csv", "2027-03-03,b,u,office,u,,", "2027-03-03,b,u,rest,,,");
    rota().arg("verify").arg(&w.path).arg(&dir).assert().code(1).stdout(
        "coverage_file: line 3: 2027-03-02 unit u: have 1, the rota gives 2\n\
             coverage_file: line 4: 2027-03-03 unit u: have 2, the rota gives 1\n\
             verify: 2 violation(s) in 1 rule(s)\n",
    );
}

#[test]
fn printing_is_capped_at_20_lines_per_rule() {
    let w = world(
        "[scenario]\nname = \"cap\"\nstart = \"2027-03-01\"\nend = \"2027-03-31\"\n\
         [[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\n",
    );
    // Off on every day of March: 23 working days with the wrong status.
    let grid: Grid = &[("a", "f f f f f f f f f f f f f f f f f f f f f f f f f f f f f f f")];
    let dir = w.outputs(grid, &Figures::default());
    let out = rota().arg("verify").arg(&w.path).arg(&dir).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).expect("utf-8");
    assert_eq!(out.lines().filter(|l| l.starts_with("day_status: a on")).count(), 20, "{out}");
    assert!(out.contains("day_status: … and 3 more\n"), "{out}");
    assert!(out.ends_with("verify: 23 violation(s) in 1 rule(s)\n"), "{out}");
}

#[test]
fn an_invalid_scenario_exits_1() {
    let w = world(WORLD);
    let dir = w.outputs(VALID, &valid_figures());
    let bad = w.dir.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = \"x\"\nstart = \"2027-03-01\"\nend = \"2027-03-05\"\nbogus = 1\n")
        .expect("write");
    rota()
        .arg("verify")
        .arg(&bad)
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bogus"))
        .stderr(predicate::str::contains("the rota was not checked"));
}

#[test]
fn a_missing_output_folder_exits_1_naming_each_file() {
    let w = world(WORLD);
    let nowhere = w.dir.path().join("nowhere");
    rota()
        .arg("verify")
        .arg(&w.path)
        .arg(&nowhere)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("rota.csv: cannot be read"))
        .stdout(predicate::str::contains("summary.json: cannot be read"))
        .stdout(predicate::str::ends_with("verify: 4 problem(s) reading the output files; no rule was checked\n"));
}

#[test]
fn a_wrong_command_line_exits_2() {
    rota().arg("verify").arg("only-one-argument").assert().code(2);
}
