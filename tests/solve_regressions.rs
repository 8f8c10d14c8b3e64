//! Regressions: solver bugs found by the solve_* tests, each named after what it guards.
//! A test marked `#[ignore = "bug: …"]` documents a bug not fixed yet (in a file the
//! test author may not edit); run them with `cargo test --release --test
//! solve_regressions -- --ignored`.

mod solve_support;

use solve_support::world;

/// A grouping whose program has no column at all — shift rostering (office = false)
/// with a unit that owns no duty — must come out optimal at once, without HiGHS.
/// Found by solve_props: HiGHS gives a primal solution status of -1 for an empty
/// model and the `highs` crate panics on it ("HiGHS returned an unrecognized primal
/// solution status: -1") inside the solver thread; the guard in src/solve/mod.rs then
/// reports "the solver overran its time limit; the starting rota is written" and status
/// `time_limit`, with the panic message on stderr.
#[test]
#[ignore = "bug: an empty grouping program panics inside the highs crate (src/solve/mod.rs run_model) and is reported as time_limit"]
fn grouping_with_nothing_to_decide_is_optimal() {
    let w = world(
        r#"
[scenario]
name = "a grouping with nothing to decide"
start = "2027-03-01"
end = "2027-03-05"
office = false
[[shift]]
id = "s0"
start = "08:00"
end = "16:00"
[[unit]]
id = "busy"
[[unit]]
id = "idle"
[[staff]]
id = "a"
unit = "busy"
[[staff]]
id = "b"
unit = "idle"
[[requirement]]
id = "r"
owner = "busy"
shift = "s0"
on = "every_day"
count = 1
"#,
    );
    let r = w.solve();
    assert!(!r.solved.stderr.contains("panicked"), "stderr:\n{}", r.solved.stderr);
    assert_eq!(r.status(), "optimal");
    let groupings = r.summary["groupings"].as_array().expect("groupings");
    assert!(groupings.iter().all(|g| g["status"] == "optimal" && g.get("note").is_none()), "{groupings:?}");
    assert_eq!(r.line("b"), "f f f f f");
}

/// A grouping without staff (a unit on its own whose people are not in the file yet)
/// has only continuous shortfall slacks: HiGHS solves it as an LP, which has no
/// `mip_dual_bound`, so run_model in src/solve/mod.rs takes the bound as 0 and the
/// grouping is reported `time_limit` with a gap of 100% although HiGHS says Optimal.
/// Found by solve_props.
#[test]
#[ignore = "bug: an LP-only grouping program (no staff) gets bound 0 and status time_limit (src/solve/mod.rs run_model)"]
fn grouping_without_staff_is_optimal() {
    let w = world(
        r#"
[scenario]
name = "a unit without staff"
start = "2027-03-01"
end = "2027-03-05"
[[shift]]
id = "s0"
start = "17:30"
end = "22:00"
[[unit]]
id = "staffed"
min_staff = 1
[[unit]]
id = "empty"
min_staff = 1
[[staff]]
id = "a"
unit = "staffed"
[[requirement]]
id = "r"
owner = "empty"
shift = "s0"
on = "every_day"
count = 1
"#,
    );
    let r = w.solve();
    let groupings = r.summary["groupings"].as_array().expect("groupings");
    let empty = groupings.iter().find(|g| g["id"] == "empty").expect("grouping `empty`");
    // Five working days short at the unit, five days short of the duty.
    assert_eq!(empty["objective"].as_f64(), Some(10_000.0));
    assert_eq!(empty["bound"].as_f64(), Some(10_000.0), "{empty}");
    assert_eq!(empty["status"], "optimal", "{empty}");
    assert_eq!(r.status(), "optimal");
}
