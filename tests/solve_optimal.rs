//! Small scenarios reach a proven optimum: the shipped example and a one-grouping cut of
//! Licheng (tests/fixtures/solve/licheng-qt-spring.toml: 群团组合, three units, ten
//! people, the two weeks of the 2027 Spring Festival). Both pass verify, with
//! `status` "optimal" and the bound equal to the objective in summary.json.

mod solve_support;

use std::path::{Path, PathBuf};

use solve_support::{assert_close, checked, load, solve_path, Result};

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Solves a scenario file with its own limits (time limit and gap from the file).
fn solve_file(rel: &str) -> Result {
    let path = manifest(rel);
    let s = load(&path);
    let out = tempfile::tempdir().expect("temporary folder");
    let solved = solve_path(&path, &out.path().join("out"), &["--time-limit", &s.time_limit_s.to_string()]);
    assert_eq!(solved.code, 0, "{rel}\nstdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
    // The files are read back (and verified) before the folder goes.
    checked(&s, solved)
}

fn assert_proven_optimal(r: &Result) {
    assert_eq!(r.status(), "optimal", "summary:\n{}", r.summary);
    let bound = r.summary["bound"].as_f64().expect("bound");
    assert_close(bound, r.objective(), "bound of a proven optimum");
    assert_eq!(r.summary["gap"].as_f64(), Some(0.0));
    for g in r.summary["groupings"].as_array().expect("groupings") {
        assert_eq!(g["status"], "optimal", "{g}");
    }
}

#[test]
fn example_reaches_a_proven_optimum() {
    let r = solve_file("scenarios/example.toml");
    assert_proven_optimal(&r);
    assert_eq!(r.all_shortfall(), 0.0, "ten people cover the example's needs");
}

#[test]
fn licheng_one_grouping_cut_reaches_a_proven_optimum() {
    let r = solve_file("tests/fixtures/solve/licheng-qt-spring.toml");
    assert_proven_optimal(&r);
    assert_eq!(r.all_shortfall(), 0.0);
    // Nine holiday nights (3 points each) are all held, none by the same person twice
    // in a row (recovery, min_days_between_duties).
    let holiday_nights = r.rows.iter().filter(|row| row.requirement == "nighthol_g_qt").count();
    assert_eq!(holiday_nights, 9);
    assert_eq!(r.rows.len(), 10 * 14);
}
