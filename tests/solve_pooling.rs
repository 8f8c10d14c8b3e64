//! Pooled ≤ isolated: the same people and units, once pooled in one grouping with one
//! joint night duty, once every unit on its own with a night duty of its own. Pooling
//! only widens what the solver may do for the same needs, so its optimum can be no
//! worse; both rotas pass verify.

mod solve_support;

use solve_support::{world, Result};

/// Three units of two people each, a week; `{GROUPING}`, `{UNIT}` and `{NIGHTS}` are
/// filled in for each variant.
const TEMPLATE: &str = r#"
[scenario]
name = "{NAME}"
start = "2027-03-01"
end = "2027-03-07"
mip_gap = 0

[rules]
min_rest_hours = 11
min_days_between_duties = 2

[[shift]]
id = "night"
start = "17:30"
end = "08:30"
{GROUPING}
[[unit]]
id = "u1"
min_staff = 1
max_resting = 1
{UNIT}
[[unit]]
id = "u2"
min_staff = 1
max_resting = 1
{UNIT}
[[unit]]
id = "u3"
min_staff = 1
max_resting = 1
{UNIT}
[[staff]]
id = "u1a"
unit = "u1"
[[staff]]
id = "u1b"
unit = "u1"
comp_carry_in = 1
[[staff]]
id = "u2a"
unit = "u2"
[[staff]]
id = "u2b"
unit = "u2"
leave = ["2027-03-03"]
[[staff]]
id = "u3a"
unit = "u3"
points_carry_in = 1
[[staff]]
id = "u3b"
unit = "u3"
{NIGHTS}
"#;

fn scenario(pooled: bool) -> String {
    let (name, grouping, unit) = if pooled {
        ("pooled", "\n[[grouping]]\nid = \"g\"\nlead = \"u1\"\n", "grouping = \"g\"")
    } else {
        ("isolated", "", "")
    };
    let nights =
        if pooled { night("g") } else { ["u1", "u2", "u3"].iter().map(|u| night(u)).collect::<Vec<_>>().join("\n") };
    TEMPLATE
        .replace("{NAME}", name)
        .replace("{GROUPING}", grouping)
        .replace("{UNIT}", unit)
        .replace("{NIGHTS}", &nights)
}

fn night(owner: &str) -> String {
    format!("[[requirement]]\nid = \"night_{owner}\"\nowner = \"{owner}\"\nshift = \"night\"\non = \"every_day\"\ncount = 1\n")
}

fn solve(pooled: bool) -> Result {
    let w = world(&scenario(pooled));
    let groupings = if pooled { 1 } else { 3 };
    assert_eq!(w.scenario.groupings.len(), groupings);
    let r = w.solve();
    assert_eq!(r.status(), "optimal", "{}", if pooled { "pooled" } else { "isolated" });
    r
}

#[test]
fn pooled_objective_is_no_worse_than_isolated() {
    let pooled = solve(true);
    let isolated = solve(false);
    assert!(
        pooled.objective() <= isolated.objective() + 1e-6,
        "pooled {} > isolated {}",
        pooled.objective(),
        isolated.objective()
    );
    // In this pair pooling matters: one night for six people instead of three nights
    // for two people each, so strictly fewer shortfalls or less cost.
    assert!(
        pooled.objective() < isolated.objective(),
        "pooled {} isolated {}",
        pooled.objective(),
        isolated.objective()
    );
    // The isolated variant has three nights a day, the pooled one a single night.
    let nights = |r: &Result| r.rows.iter().filter(|row| row.shift == "night").count();
    assert_eq!(pooled.filled("night_g").len(), 7);
    assert!(nights(&pooled) <= 7);
    assert!(nights(&isolated) > nights(&pooled));
}
