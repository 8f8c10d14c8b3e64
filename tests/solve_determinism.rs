//! Determinism: the same scenario gives byte-identical rota.csv, coverage.csv,
//! lending.csv and summary.json (wall-clock `solve_seconds` masked) across runs and
//! across `--threads 1` / `--threads 2` (groupings solved one by one or side by side).

mod solve_support;

use solve_support::{checked, masked_summary, solve_path, world, World};

/// Three groupings over ten days: joint nights, rest-day duties with a leader, lending
/// between two units, a lone unit with its own duty, leave and carry-ins.
const THREE_GROUPINGS: &str = r#"
[scenario]
name = "three groupings"
start = "2027-03-01"
end = "2027-03-10"
mip_gap = 0

[rules]
min_rest_hours = 11
min_days_between_duties = 2
max_consecutive_work_days = 8

[[shift]]
id = "night"
start = "17:30"
end = "08:30"

[[shift]]
id = "day"
start = "08:30"
end = "17:30"

[[grouping]]
id = "ga"
lead = "a1"

[[grouping]]
id = "gb"
lead = "b1"
lending = false

[[unit]]
id = "a1"
grouping = "ga"
min_staff = 1
max_resting = 1

[[unit]]
id = "a2"
grouping = "ga"
min_staff = 2

[[unit]]
id = "b1"
grouping = "gb"
min_staff = 1
max_resting = 1

[[unit]]
id = "c"
min_staff = 1

[[staff]]
id = "a1x"
unit = "a1"
roles = ["leader"]
[[staff]]
id = "a1y"
unit = "a1"
comp_carry_in = 1
[[staff]]
id = "a1z"
unit = "a1"
leave = ["2027-03-03..2027-03-04"]
[[staff]]
id = "a2x"
unit = "a2"
points_carry_in = 2

[[staff]]
id = "b1x"
unit = "b1"
roles = ["leader"]
[[staff]]
id = "b1y"
unit = "b1"
[[staff]]
id = "b1z"
unit = "b1"
comp_carry_in = 2

[[staff]]
id = "cx"
unit = "c"
[[staff]]
id = "cy"
unit = "c"
leave = ["2027-03-08"]
[[staff]]
id = "cz"
unit = "c"

[[requirement]]
id = "night_ga"
owner = "ga"
shift = "night"
on = "every_day"
count = 1
[[requirement]]
id = "lead_ga"
owner = "ga"
shift = "day"
on = "rest_days"
count = 1
roles = ["leader"]
[[requirement]]
id = "night_gb"
owner = "gb"
shift = "night"
on = "every_day"
count = 1
[[requirement]]
id = "day_gb"
owner = "gb"
shift = "day"
on = "rest_days"
count = 1
points = 2
[[requirement]]
id = "night_c"
owner = "c"
shift = "night"
on = ["fri", "sat", "sun"]
count = 1
"#;

const FILES: [&str; 3] = ["rota.csv", "coverage.csv", "lending.csv"];

fn run(w: &World, threads: &str) -> std::path::PathBuf {
    let out = w.fresh_out();
    let solved = solve_path(&w.path, &out, &["--threads", threads]);
    assert_eq!(solved.code, 0, "stdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
    let r = checked(&w.scenario, solved);
    assert_eq!(r.status(), "optimal", "the determinism scenario must solve to optimality");
    out
}

fn assert_same(a: &std::path::Path, b: &std::path::Path, what: &str) {
    for name in FILES {
        let (x, y) = (std::fs::read(a.join(name)).expect("file"), std::fs::read(b.join(name)).expect("file"));
        assert!(
            x == y,
            "{name} differs {what}:\n{}\n---\n{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y)
        );
    }
    assert_eq!(masked_summary(a), masked_summary(b), "summary.json differs {what}");
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let w = world(THREE_GROUPINGS);
    assert_eq!(w.scenario.groupings.len(), 3);
    let first = run(&w, "1");
    let second = run(&w, "1");
    let parallel = run(&w, "2");
    let parallel_again = run(&w, "2");
    assert_same(&first, &second, "between two runs with --threads 1");
    assert_same(&first, &parallel, "between --threads 1 and --threads 2");
    assert_same(&parallel, &parallel_again, "between two runs with --threads 2");
    // The scenario exercises what it should: duties filled, lending used.
    let rota = std::fs::read_to_string(first.join("rota.csv")).expect("rota.csv");
    assert!(rota.contains(",night,night_ga") && rota.contains(",night,night_gb") && rota.contains(",day,lead_ga"));
    let lending = std::fs::read_to_string(first.join("lending.csv")).expect("lending.csv");
    assert!(lending.lines().count() > 1, "a2 borrows from a1:\n{lending}");
}

#[test]
fn only_solve_seconds_is_masked() {
    let w = world(THREE_GROUPINGS);
    let out = run(&w, "1");
    let masked = masked_summary(&out);
    let json: serde_json::Value = serde_json::from_str(&masked).expect("JSON");
    assert_eq!(json["solve_seconds"], 0.0);
    assert!(json["groupings"].as_array().expect("groupings").iter().all(|g| g["solve_seconds"] == 0.0));
    assert!(json["objective"].as_f64().expect("objective") > 0.0, "the objective is kept");
}
