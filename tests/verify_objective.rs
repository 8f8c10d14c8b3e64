//! The objective and the summary figures, worked out by hand on one small world where
//! every term is non-zero: unit shortfall, requirement shortfall (with under_weight),
//! over (with over_weight), fairness with carry-in points, lending, compensatory rest
//! owed, and preferences (prefer_off without a shift, prefer_on unmet by a shift not
//! held and by leave) — over two groupings.

mod verify_support;

use rota::verify::{self, Stats};
use verify_support::{assert_only, assert_valid, edit, world, Figures, Grid, GroupingFigures};

/// Fri 2027-03-05 (working), Sat, Sun (rest days), Mon 2027-03-08 (working).
const WORLD: &str = r#"
[scenario]
name = "every term"
start = "2027-03-05"
end = "2027-03-08"

[weights]
preference = 2

[[shift]]
id = "night"
start = "17:30"
end = "08:30"

[[shift]]
id = "day"
start = "08:30"
end = "17:30"

[[grouping]]
id = "g"
lead = "u1"

[[unit]]
id = "u1"
grouping = "g"
min_staff = 2

[[unit]]
id = "u2"
grouping = "g"
min_staff = 1

[[unit]]
id = "solo"
min_staff = 1

[[staff]]
id = "a"
unit = "u1"
roles = ["leader"]
points_carry_in = 3

[[staff]]
id = "b"
unit = "u1"
comp_carry_in = 1

[[staff]]
id = "c"
unit = "u2"
prefer_off = [ { date = "2027-03-06", weight = 2 } ]
prefer_on = [ { date = "2027-03-08", shift = "day", weight = 3 } ]

[[staff]]
id = "d"
unit = "solo"
leave = ["2027-03-08"]
prefer_on = [ { date = "2027-03-08", shift = "night" } ]

[[staff]]
id = "e"
unit = "u2"
roles = ["leader"]

[[requirement]]
id = "night_g"
owner = "g"
shift = "night"
on = "every_day"
count = 1

[[requirement]]
id = "day_g"
owner = "g"
shift = "day"
on = "rest_days"
count = 1
points = 2
roles = ["leader"]
over_weight = 5

[[requirement]]
id = "night_solo"
owner = "solo"
shift = "night"
on = "every_day"
count = 1
under_weight = 100
"#;

const ROTA: Grid = &[
    ("a", "o s:day/day_g s:day/day_g o@u2"),
    ("b", "o:night/night_g f s:night/night_g r"),
    ("c", "o@u1 s:night/night_g f o"),
    ("d", "o:night/night_solo f s:night/night_solo l"),
    ("e", "o f s:day/day_g r"),
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_term_is_recomputed_as_worked_out_by_hand() {
    let w = world(WORLD);
    let e = verify::evaluate(&w.scenario, &w.table(ROTA));
    // Units: u1 has 0 of 2 on Monday (a lent to u2, b recovering); solo has 0 of 1 on
    // Monday (d on leave). Requirements: nobody on night_g on Monday (1 × 1000), nobody
    // on night_solo on Saturday and Monday (2 × 100); two on day_g on Sunday (1 × 5).
    assert_eq!((e.totals.unit_shortfall, e.totals.unit_days_below_min), (3, 2));
    assert_eq!((e.totals.shortfall, e.totals.over), (3, 1));
    // Lending: c at u1 on Friday, a at u2 on Monday.
    assert_eq!(e.totals.lending_person_days, 2);
    // Compensatory rest: a earns 2, b, c, d, e 1 each; e's Monday rest costs 1; b's
    // Monday rest is the recovery day after Sunday's night; owed a 2, b 1+1, c 1, d 1.
    assert!(close(e.totals.comp_earned, 6.0));
    assert_eq!((e.totals.comp_taken, e.totals.recovery_days), (1, 1));
    assert!(close(e.totals.comp_owed, 6.0));
    // Preferences: c on duty Saturday (any shift), c without the day shift Monday, d on
    // leave Monday.
    assert_eq!(e.totals.preferences_unmet, 3);
    // a works Friday to Monday.
    assert_eq!(e.totals.max_consecutive_work_days, 4);

    // Duty points (horizon): a 4, b 2, c 1, e 2 in g's pool; d 2 in solo's.
    let g = &e.groupings[0];
    let solo = &e.groupings[1];
    assert_eq!((g.id.as_str(), solo.id.as_str()), ("g", "solo"));
    assert_eq!(g.pool.len(), 4);
    assert!(close(g.duty_points.mean, 2.25) && close(g.duty_points.stdev, 1.1875f64.sqrt()));
    assert_eq!((g.duty_points.min, g.duty_points.max), (1.0, 4.0));
    assert!(close(e.totals.duty_points.mean, 2.2) && close(e.totals.duty_points.stdev, 0.96f64.sqrt()));
    // Fairness includes carry-in: a 3 + 4 = 7, c 1: spread 6.
    assert!(close(g.spread, 6.0));

    // g: units 2000 + night_g 1000 + over 5 + fairness 120 + lending 2 + comp 50 +
    // preferences (2 + 3) × 2 = 3187. solo: 1000 + 200 + comp 10 + preference 2 = 1212.
    assert!(close(g.objective, 3187.0), "g objective {}", g.objective);
    assert!(close(solo.objective, 1212.0), "solo objective {}", solo.objective);
    assert!(close(e.objective, 4399.0));
    assert!(close(e.terms.total(), e.objective));
}

fn figures() -> Figures {
    Figures {
        objective: 4399.0,
        bound: Some(4000.0),
        shortfall: 3,
        unit_shortfall: 3,
        unit_days_below_min: 2,
        over: 1,
        lending_person_days: 2,
        comp_earned: 6.0,
        comp_taken: 1,
        recovery_days: 1,
        comp_owed: 6.0,
        duty_points: [1.0, 2.2, 4.0, 0.96f64.sqrt()],
        preferences_unmet: 3,
        max_consecutive_work_days: 4,
        groupings: vec![
            GroupingFigures {
                id: "g",
                objective: 3187.0,
                bound: Some(3000.0),
                shortfall: 1,
                unit_shortfall: 2,
                lending_person_days: 2,
                duty_points: [1.0, 2.25, 4.0, 1.1875f64.sqrt()],
            },
            GroupingFigures {
                id: "solo",
                objective: 1212.0,
                bound: Some(1000.0),
                shortfall: 2,
                unit_shortfall: 1,
                lending_person_days: 0,
                duty_points: [2.0, 2.0, 2.0, 0.0],
            },
        ],
    }
}

#[test]
fn a_rota_with_every_term_and_its_hand_made_summary_is_valid() {
    let w = world(WORLD);
    let dir = w.outputs(ROTA, &figures());
    assert_valid(&w.verify(&dir));
}

#[test]
fn each_wrong_figure_is_named() {
    let w = world(WORLD);
    let mut f = figures();
    f.comp_owed = 5.0;
    f.groupings[1].objective = 1202.0;
    f.groupings[1].bound = Some(1100.0);
    let dir = w.outputs(ROTA, &f);
    let report = w.verify(&dir);
    assert_only(&report, "summary");
    let text: Vec<String> = report.violations().iter().map(|v| v.message.clone()).collect();
    let joined = text.join("\n");
    assert!(joined.contains("`totals.comp_owed` is 5, recomputed from the rota 6"), "{joined}");
    assert!(joined.contains("`groupings[solo].objective` is 1202, recomputed from the rota 1212"), "{joined}");
    // The top bound (4000) is no longer the sum of the groupings' (3000 + 1100).
    assert!(joined.contains("`bound` is 4000, but the groupings' bounds sum to 4100"), "{joined}");
}

#[test]
fn a_bound_above_the_objective_and_a_wrong_gap_are_caught() {
    let w = world(WORLD);
    let mut f = figures();
    f.bound = Some(4500.0);
    f.groupings[0].bound = Some(3500.0);
    let dir = w.outputs(ROTA, &f);
    let report = w.verify(&dir);
    let joined: String = report.violations().iter().map(|v| format!("{v}\n")).collect();
    assert!(joined.contains("summary: `bound` is 4500, above the recomputed objective 4399"), "{joined}");
    assert!(joined.contains("`groupings[g].bound` is 3500, above the recomputed objective 3187"), "{joined}");

    // Bounds equal to the objectives: every gap is 0; make the top one 0.5.
    let mut f = figures();
    f.bound = None;
    f.groupings.iter_mut().for_each(|g| g.bound = None);
    let dir = w.outputs(ROTA, &f);
    edit(&dir, "summary.json", "\"gap\": 0.0", "\"gap\": 0.5");
    let report = w.verify(&dir);
    assert_only(&report, "summary");
    assert!(report.violations()[0].message.contains("gap"), "{}", report.render(20));
}

#[test]
fn a_summary_of_another_scenario_is_caught() {
    let w = world(WORLD);
    let dir = w.outputs(ROTA, &figures());
    let sha = w.scenario.input_sha256.clone();
    edit(&dir, "summary.json", &sha, &"0".repeat(64));
    let report = w.verify(&dir);
    assert_only(&report, "summary");
    assert!(report.violations()[0].message.contains("input_sha256"));
}

#[test]
fn stats_are_population_statistics() {
    let s = Stats::of(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!((s.min, s.mean, s.max), (1.0, 2.5, 4.0));
    assert!(close(s.stdev, 1.25f64.sqrt()));
    assert_eq!(Stats::of(&[]), Stats::default());
}
