//! Contradictions exit 4 with names, and shortfalls are results: hard rules that cannot
//! all hold are caught before solving and reported with the person or unit, the rule
//! and the days, and no rota is written; a shortfall exits 0 (3 with `--strict`) and is
//! explained in stdout and summary.json.

mod solve_support;

use solve_support::{checked, world, Solved, World};

/// Asserts exit 4 naming `who`, `rule` and `date` on stderr, and that no rota file exists.
fn assert_contradiction(w: &World, who: &str, rule: &str, date: &str) -> Solved {
    let solved = w.solve_raw(&[]);
    assert_eq!(solved.code, 4, "exit code\nstdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
    let err = &solved.stderr;
    assert!(err.contains(who), "stderr names {who}:\n{err}");
    assert!(err.contains(rule), "stderr names the rule {rule}:\n{err}");
    assert!(err.contains(date), "stderr names the day {date}:\n{err}");
    for name in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        assert!(!solved.out.join(name).exists(), "{name} must not be written on exit 4");
    }
    solved
}

#[test]
fn min_minutes_beyond_what_leave_allows() {
    // Five office days of 540 minutes, three of them on leave: at most 1080 minutes.
    let w = world(
        r#"
[scenario]
name = "min_minutes vs leave"
start = "2027-03-01"
end = "2027-03-05"
[[unit]]
id = "u"
[[staff]]
id = "keen"
unit = "u"
min_minutes = 1500
leave = ["2027-03-02..2027-03-04"]
[[staff]]
id = "other"
unit = "u"
"#,
    );
    assert_contradiction(&w, "keen", "min_minutes", "2027-03-01");
    // Two days of leave leave 1620 minutes: no contradiction, and the rota holds.
    let ok = w.variant("2027-03-02..2027-03-04", "2027-03-03..2027-03-04");
    let r = ok.solve();
    assert_eq!(r.count_status("keen", "office"), 3);
}

#[test]
fn resting_cap_below_the_rests_forced_by_run_limits() {
    // Three people may work at most one day in a row and have the compensatory rest to
    // spend; a week of five working days forces each to rest twice, six rests in five
    // days, but the unit lets only one rest a day.
    let w = world(
        r#"
[scenario]
name = "max_resting vs max_consecutive_work_days"
start = "2027-03-01"
end = "2027-03-05"
[rules]
max_consecutive_work_days = 1
[[unit]]
id = "tiny"
max_resting = 1
[[staff]]
id = "a"
unit = "tiny"
comp_carry_in = 3
[[staff]]
id = "b"
unit = "tiny"
comp_carry_in = 3
[[staff]]
id = "c"
unit = "tiny"
comp_carry_in = 3
"#,
    );
    assert_contradiction(&w, "tiny", "max_resting", "2027-03-01");
    // With room for two resting a day it solves: at least two rests each, as the limit
    // forces (more where comp owed is worth spending), never two working days in a row.
    let r = w.variant("max_resting = 1", "max_resting = 2").solve();
    for who in ["a", "b", "c"] {
        assert!(r.count_status(who, "rest") >= 2, "{}", r.line(who));
    }
    assert_eq!(r.total("max_consecutive_work_days"), 1.0);
}

#[test]
fn run_limit_without_comp_or_night_duty() {
    // Five working days in a row, at most three at work, but resting costs compensatory
    // rest this person does not have and cannot earn (no duty at all).
    let w = world(
        r#"
[scenario]
name = "max_consecutive_work_days without comp"
start = "2027-03-01"
end = "2027-03-07"
[rules]
max_consecutive_work_days = 3
[[unit]]
id = "u"
[[staff]]
id = "tired"
unit = "u"
"#,
    );
    assert_contradiction(&w, "tired", "max_consecutive_work_days", "2027-03-01");
    // One day owed at the start pays for the rest that breaks the run.
    let r = w.variant(r#"unit = "u""#, "unit = \"u\"\ncomp_carry_in = 1").solve();
    assert_eq!(r.count_status("tired", "rest"), 1);
    assert!(r.total("max_consecutive_work_days") <= 3.0);
}

/// One person, a duty every day: the nights after a night are recovery days, so every
/// other night is short.
const SHORT: &str = r#"
[scenario]
name = "shortfall"
start = "2027-03-01"
end = "2027-03-03"
office = false
[[shift]]
id = "night"
start = "20:00"
end = "04:00"
[[unit]]
id = "u"
[[staff]]
id = "solo"
unit = "u"
[[requirement]]
id = "nights"
owner = "u"
shift = "night"
on = "every_day"
count = 1
"#;

#[test]
fn strict_shortfall_exits_3() {
    let w = world(SHORT);
    let solved = w.solve_raw(&["--strict"]);
    assert_eq!(solved.code, 3, "stdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
    // The files are still written, and they are right.
    let r = checked(&w.scenario, solved);
    assert_eq!(r.total("shortfall"), 1.0);
}

#[test]
fn strict_without_shortfall_exits_0() {
    let w = world(&SHORT.replace("end = \"2027-03-03\"", "end = \"2027-03-01\""));
    let solved = w.solve_raw(&["--strict"]);
    assert_eq!(solved.code, 0, "stdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
}

#[test]
fn shortfall_without_strict_exits_0_and_is_explained() {
    let w = world(SHORT);
    let r = w.solve();
    assert_eq!(r.total("shortfall"), 1.0);
    let listed = r.summary["shortfalls"].as_array().expect("shortfalls in summary.json");
    assert_eq!(listed.len(), 1);
    let sf = &listed[0];
    assert_eq!(sf["date"], "2027-03-02");
    assert_eq!(sf["kind"], "requirement");
    assert_eq!(sf["id"], "nights");
    assert_eq!((sf["need"].as_u64(), sf["have"].as_u64()), (Some(1), Some(0)));
    let why = sf["why"].as_str().expect("why");
    assert!(why.contains("recovering after a night"), "why: {why}");
    let out = &r.solved.stdout;
    assert!(out.contains("2027-03-02 requirement nights: 1 short (need 1, have 0)"), "stdout:\n{out}");
    assert!(out.contains(why), "stdout carries the reason:\n{out}");
}
