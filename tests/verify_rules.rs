//! One rule, one name: for every rule of `rota::verify::RULES`, a tiny world with a
//! valid hand-written rota that verify accepts, and a hand-broken copy that verify
//! rejects for exactly that rule and no other. The derived files of both copies are
//! written by the test (coverage.csv and lending.csv from the grid, summary.json from
//! figures worked out by hand), so a broken copy differs from a valid one only where the
//! rule is broken.

mod verify_support;

use std::collections::BTreeSet;

use rota::verify::{rule, RULES};
use verify_support::{assert_only, assert_valid, edit, world, Figures, Grid};

struct Case {
    rule: &'static str,
    scenario: &'static str,
    valid: Grid,
    valid_figures: Figures,
    broken: Grid,
    broken_figures: Figures,
    /// An edit of one output file of the broken copy: (file, from, to).
    edit: Option<(&'static str, &'static str, &'static str)>,
}

/// Figures with the longest work run and the duty-point statistics, the rest zero.
fn fig(max_run: u64, duty_points: [f64; 4]) -> Figures {
    Figures { max_consecutive_work_days: max_run, duty_points, ..Figures::default() }
}

const NONE: [f64; 4] = [0.0; 4];

const ONE_OFFICE: &str = r#"
[scenario]
name = "one person at one office"
start = "2027-03-01"
end = "2027-03-03"
[[unit]]
id = "u"
min_staff = 1
[[staff]]
id = "a"
unit = "u"
"#;

const LEAVE: &str = r#"
[scenario]
name = "leave"
start = "2027-03-01"
end = "2027-03-03"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
leave = ["2027-03-02"]
"#;

const DAY_STATUS: &str = r#"
[scenario]
name = "day_status"
start = "2027-03-01"
end = "2027-03-03"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
"#;

const REQUIREMENT_FILL: &str = r#"
[scenario]
name = "requirement_fill"
start = "2027-03-01"
end = "2027-03-03"
office = false
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
roles = ["x"]
[[staff]]
id = "b"
unit = "u"
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
roles = ["x"]
"#;

/// Two people sharing a daily shift, office = false; `[rules]` and the horizon vary.
macro_rules! two_on_duty {
    ($name:literal, $start:literal, $end:literal, $rules:literal) => {
        concat!(
            "[scenario]\nname = \"",
            $name,
            "\"\nstart = \"",
            $start,
            "\"\nend = \"",
            $end,
            "\"\noffice = false\n[rules]\n",
            $rules,
            r#"
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[staff]]
id = "b"
unit = "u"
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
"#
        )
    };
}

const LENDING: &str = r#"
[scenario]
name = "lending"
start = "2027-03-01"
end = "2027-03-02"
[[grouping]]
id = "g"
lead = "u1"
lending = false
[[unit]]
id = "u1"
grouping = "g"
[[unit]]
id = "u2"
grouping = "g"
[[staff]]
id = "a"
unit = "u1"
"#;

const LENDING_FILE: &str = r#"
[scenario]
name = "lending_file"
start = "2027-03-01"
end = "2027-03-02"
[[grouping]]
id = "g"
lead = "u1"
[[unit]]
id = "u1"
grouping = "g"
[[unit]]
id = "u2"
grouping = "g"
[[staff]]
id = "a"
unit = "u1"
"#;

const RECOVERY: &str = r#"
[scenario]
name = "recovery_after_night"
start = "2027-03-01"
end = "2027-03-03"
[[shift]]
id = "night"
start = "17:30"
end = "08:30"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "n"
owner = "u"
shift = "night"
on = "2027-03-01"
count = 1
"#;

/// A late shift on Monday, an early one on Tuesday; office = false.
macro_rules! late_then_early {
    ($name:literal, $rules:literal, $late_extra:literal) => {
        concat!(
            "[scenario]\nname = \"",
            $name,
            "\"\nstart = \"2027-03-01\"\nend = \"2027-03-02\"\noffice = false\n[rules]\n",
            $rules,
            r#"
[[shift]]
id = "late"
start = "14:00"
end = "22:00"
"#,
            $late_extra,
            r#"
[[shift]]
id = "early"
start = "06:00"
end = "14:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[staff]]
id = "b"
unit = "u"
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = "2027-03-01"
count = 1
[[requirement]]
id = "e"
owner = "u"
shift = "early"
on = "2027-03-02"
count = 1
"#
        )
    };
}

/// One person at the office Monday to Wednesday with a rule and a carry-in.
macro_rules! office_rule {
    ($name:literal, $rules:literal, $carry:literal) => {
        concat!(
            "[scenario]\nname = \"",
            $name,
            "\"\nstart = \"2027-03-01\"\nend = \"2027-03-03\"\n[rules]\n",
            $rules,
            "\n[[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\ncomp_carry_in = ",
            $carry,
            "\n"
        )
    };
}

const WEEKENDS: &str = r#"
[scenario]
name = "max_weekends"
start = "2027-03-06"
end = "2027-03-14"
[rules]
max_weekends = 1
[[shift]]
id = "day"
start = "08:30"
end = "17:30"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[staff]]
id = "b"
unit = "u"
[[requirement]]
id = "w"
owner = "u"
shift = "day"
on = "weekend_days"
count = 1
"#;

const RESTING: &str = r#"
[scenario]
name = "max_resting"
start = "2027-03-01"
end = "2027-03-02"
[[unit]]
id = "u"
max_resting = 1
[[staff]]
id = "a"
unit = "u"
comp_carry_in = 1
[[staff]]
id = "b"
unit = "u"
comp_carry_in = 1
"#;

const COMP: &str = r#"
[scenario]
name = "comp_balance"
start = "2027-03-01"
end = "2027-03-02"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
"#;

fn cases() -> Vec<Case> {
    let half: [f64; 4] = [1.0, 1.5, 2.0, 0.5];
    let one_each = [1.0, 1.0, 1.0, 0.0];
    let all_or_none = [0.0, 1.0, 2.0, 1.0];
    let four_two = [2.0, 3.0, 4.0, 1.0];
    let two_each = [2.0, 2.0, 2.0, 0.0];
    let comp = |taken: u64, owed: f64, max_run: u64| Figures {
        comp_taken: taken,
        comp_owed: owed,
        objective: 10.0 * owed,
        ..fig(max_run, NONE)
    };
    vec![
        Case {
            rule: rule::ROTA_ROWS,
            scenario: ONE_OFFICE,
            valid: &[("a", "o o o")],
            valid_figures: fig(3, NONE),
            broken: &[("a", "o o o")],
            broken_figures: fig(3, NONE),
            edit: Some((
                "rota.csv",
                "2027-03-02,a,u,office,u,,\n",
                "2027-03-02,a,u,office,u,,\n2027-03-02,a,u,office,u,,\n",
            )),
        },
        Case {
            rule: rule::LEAVE,
            scenario: LEAVE,
            valid: &[("a", "o l o")],
            valid_figures: fig(1, NONE),
            broken: &[("a", "o o o")],
            broken_figures: fig(3, NONE),
            edit: None,
        },
        Case {
            rule: rule::DAY_STATUS,
            scenario: DAY_STATUS,
            valid: &[("a", "o o o")],
            valid_figures: fig(3, NONE),
            broken: &[("a", "o f o")],
            broken_figures: fig(1, NONE),
            edit: None,
        },
        Case {
            rule: rule::REQUIREMENT_FILL,
            scenario: REQUIREMENT_FILL,
            valid: &[("a", "s:day/d s:day/d s:day/d"), ("b", "f f f")],
            // b holds no role x: the pool is a alone.
            valid_figures: fig(3, [3.0, 3.0, 3.0, 0.0]),
            broken: &[("a", "s:day/d f s:day/d"), ("b", "f s:day/d f")],
            broken_figures: fig(1, two_each),
            edit: None,
        },
        Case {
            rule: rule::REQUIREMENT_MAX,
            scenario: two_on_duty!("requirement_max", "2027-03-01", "2027-03-02", ""),
            valid: &[("a", "s:day/d f"), ("b", "f s:day/d")],
            valid_figures: fig(1, one_each),
            broken: &[("a", "s:day/d s:day/d"), ("b", "f s:day/d")],
            // One extra person on Tuesday; a has 2 points, b 1: fairness 20 × 1.
            broken_figures: Figures { over: 1, objective: 20.0, ..fig(2, half) },
            edit: None,
        },
        Case {
            rule: rule::LENDING,
            scenario: LENDING,
            valid: &[("a", "o o")],
            valid_figures: fig(2, NONE),
            broken: &[("a", "o o@u2")],
            broken_figures: Figures { lending_person_days: 1, objective: 1.0, ..fig(2, NONE) },
            edit: None,
        },
        Case {
            rule: rule::RECOVERY_AFTER_NIGHT,
            scenario: RECOVERY,
            valid: &[("a", "o:night/n r o")],
            valid_figures: Figures { recovery_days: 1, ..fig(1, one_each) },
            broken: &[("a", "o:night/n o o")],
            broken_figures: fig(3, one_each),
            edit: None,
        },
        Case {
            rule: rule::MIN_REST_HOURS,
            scenario: late_then_early!("min_rest_hours", "min_rest_hours = 11", ""),
            valid: &[("a", "s:late/l f"), ("b", "f s:early/e")],
            valid_figures: fig(1, one_each),
            broken: &[("a", "s:late/l s:early/e"), ("b", "f f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, all_or_none) },
            edit: None,
        },
        Case {
            rule: rule::NOT_FOLLOWED_BY,
            scenario: late_then_early!("not_followed_by", "", "not_followed_by = [\"early\"]"),
            valid: &[("a", "s:late/l f"), ("b", "f s:early/e")],
            valid_figures: fig(1, one_each),
            broken: &[("a", "s:late/l s:early/e"), ("b", "f f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, all_or_none) },
            edit: None,
        },
        Case {
            rule: rule::MAX_CONSECUTIVE_WORK_DAYS,
            scenario: office_rule!("max_consecutive_work_days", "max_consecutive_work_days = 2", "1"),
            valid: &[("a", "o o r")],
            valid_figures: comp(1, 0.0, 2),
            broken: &[("a", "o o o")],
            broken_figures: comp(0, 1.0, 3),
            edit: None,
        },
        Case {
            rule: rule::MIN_CONSECUTIVE_WORK_DAYS,
            scenario: two_on_duty!(
                "min_consecutive_work_days",
                "2027-03-01",
                "2027-03-06",
                "min_consecutive_work_days = 2"
            ),
            valid: &[("a", "s:day/d s:day/d f f s:day/d s:day/d"), ("b", "f f s:day/d s:day/d f f")],
            valid_figures: Figures { objective: 40.0, ..fig(2, four_two) },
            broken: &[("a", "s:day/d f s:day/d s:day/d f s:day/d"), ("b", "f s:day/d f f s:day/d f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, four_two) },
            edit: None,
        },
        Case {
            rule: rule::MIN_CONSECUTIVE_OFF_DAYS,
            scenario: two_on_duty!(
                "min_consecutive_off_days",
                "2027-03-01",
                "2027-03-06",
                "min_consecutive_off_days = 2"
            ),
            valid: &[("a", "s:day/d s:day/d f f s:day/d s:day/d"), ("b", "f f s:day/d s:day/d f f")],
            valid_figures: Figures { objective: 40.0, ..fig(2, four_two) },
            broken: &[("a", "s:day/d f s:day/d s:day/d f s:day/d"), ("b", "f s:day/d f f s:day/d f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, four_two) },
            edit: None,
        },
        Case {
            rule: rule::MAX_WEEKENDS,
            scenario: WEEKENDS,
            valid: &[("a", "s:day/w s:day/w o o o o o f f"), ("b", "f f o o o o o s:day/w s:day/w")],
            // Four rest-day shifts earn four days of compensatory rest, all still owed.
            valid_figures: Figures { comp_earned: 4.0, comp_owed: 4.0, objective: 40.0, ..fig(7, two_each) },
            broken: &[("a", "s:day/w f o o o o o f s:day/w"), ("b", "f s:day/w o o o o o s:day/w f")],
            broken_figures: Figures { comp_earned: 4.0, comp_owed: 4.0, objective: 40.0, ..fig(7, two_each) },
            edit: None,
        },
        Case {
            rule: rule::MAX_SHIFTS,
            scenario: two_on_duty!("max_shifts", "2027-03-01", "2027-03-02", "max_shifts = { day = 1 }"),
            valid: &[("a", "s:day/d f"), ("b", "f s:day/d")],
            valid_figures: fig(1, one_each),
            broken: &[("a", "s:day/d s:day/d"), ("b", "f f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, all_or_none) },
            edit: None,
        },
        Case {
            rule: rule::MAX_DUTIES,
            scenario: two_on_duty!("max_duties", "2027-03-01", "2027-03-02", "max_duties = 1"),
            valid: &[("a", "s:day/d f"), ("b", "f s:day/d")],
            valid_figures: fig(1, one_each),
            broken: &[("a", "s:day/d s:day/d"), ("b", "f f")],
            broken_figures: Figures { objective: 40.0, ..fig(2, all_or_none) },
            edit: None,
        },
        Case {
            rule: rule::MAX_DUTIES_PER_MONTH,
            scenario: two_on_duty!("max_duties_per_month", "2027-03-30", "2027-04-02", "max_duties_per_month = 1"),
            valid: &[("a", "s:day/d f s:day/d f"), ("b", "f s:day/d f s:day/d")],
            valid_figures: fig(1, two_each),
            broken: &[("a", "s:day/d s:day/d f f"), ("b", "f f s:day/d s:day/d")],
            broken_figures: fig(2, two_each),
            edit: None,
        },
        Case {
            rule: rule::MIN_DAYS_BETWEEN_DUTIES,
            scenario: two_on_duty!(
                "min_days_between_duties",
                "2027-03-01",
                "2027-03-04",
                "min_days_between_duties = 2"
            ),
            valid: &[("a", "s:day/d f s:day/d f"), ("b", "f s:day/d f s:day/d")],
            valid_figures: fig(1, two_each),
            broken: &[("a", "s:day/d s:day/d f f"), ("b", "f f s:day/d s:day/d")],
            broken_figures: fig(2, two_each),
            edit: None,
        },
        Case {
            rule: rule::MIN_MINUTES,
            scenario: office_rule!("min_minutes", "min_minutes = 1080", "2"),
            valid: &[("a", "o o r")],
            valid_figures: comp(1, 1.0, 2),
            broken: &[("a", "o r r")],
            broken_figures: comp(2, 0.0, 1),
            edit: None,
        },
        Case {
            rule: rule::MAX_MINUTES,
            scenario: office_rule!("max_minutes", "max_minutes = 1080", "1"),
            valid: &[("a", "o o r")],
            valid_figures: comp(1, 0.0, 2),
            broken: &[("a", "o o o")],
            broken_figures: comp(0, 1.0, 3),
            edit: None,
        },
        Case {
            rule: rule::MAX_RESTING,
            scenario: RESTING,
            valid: &[("a", "r o"), ("b", "o r")],
            valid_figures: comp(2, 0.0, 1),
            broken: &[("a", "r o"), ("b", "r o")],
            broken_figures: comp(2, 0.0, 1),
            edit: None,
        },
        Case {
            rule: rule::COMP_BALANCE,
            scenario: COMP,
            valid: &[("a", "o o")],
            valid_figures: fig(2, NONE),
            broken: &[("a", "r o")],
            // The balance ends at −1: nothing is owed.
            broken_figures: comp(1, 0.0, 1),
            edit: None,
        },
        Case {
            rule: rule::COVERAGE_FILE,
            scenario: ONE_OFFICE,
            valid: &[("a", "o o o")],
            valid_figures: fig(3, NONE),
            broken: &[("a", "o o o")],
            broken_figures: fig(3, NONE),
            edit: Some(("coverage.csv", "2027-03-02,unit,u,1,1", "2027-03-02,unit,u,1,0")),
        },
        Case {
            rule: rule::LENDING_FILE,
            scenario: LENDING_FILE,
            valid: &[("a", "o o@u2")],
            valid_figures: Figures { lending_person_days: 1, objective: 1.0, ..fig(2, NONE) },
            broken: &[("a", "o o@u2")],
            broken_figures: Figures { lending_person_days: 1, objective: 1.0, ..fig(2, NONE) },
            edit: Some(("lending.csv", "2027-03-02,a,u1,u2\n", "")),
        },
        Case {
            rule: rule::SUMMARY,
            scenario: ONE_OFFICE,
            valid: &[("a", "o o o")],
            valid_figures: fig(3, NONE),
            broken: &[("a", "o o o")],
            broken_figures: Figures { objective: 5.0, ..fig(3, NONE) },
            edit: None,
        },
    ]
}

/// Runs one case: the valid copy passes, the broken copy breaks exactly its rule.
fn check(case: &Case) {
    let w = world(case.scenario);
    let valid = w.outputs(case.valid, &case.valid_figures);
    assert_valid(&w.verify(&valid));
    let broken = w.outputs(case.broken, &case.broken_figures);
    if let Some((file, from, to)) = case.edit {
        edit(&broken, file, from, to);
    }
    let report = w.verify(&broken);
    assert_only(&report, case.rule);
}

fn run(rule: &str) {
    let all = cases();
    let case = all.iter().find(|c| c.rule == rule).unwrap_or_else(|| panic!("no case for rule {rule}"));
    check(case);
}

#[test]
fn every_rule_has_a_valid_and_a_broken_rota() {
    let all = cases();
    let covered: Vec<&str> = all.iter().map(|c| c.rule).collect();
    let unique: BTreeSet<&str> = covered.iter().copied().collect();
    assert_eq!(unique.len(), covered.len(), "one case per rule");
    assert_eq!(unique, RULES.iter().copied().collect::<BTreeSet<_>>(), "a case for every rule, and no other");
    for case in &all {
        check(case);
    }
}

macro_rules! rule_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run(stringify!($name));
            }
        )*
        /// The per-rule tests below, by name: every rule has one.
        const TESTED: &[&str] = &[$(stringify!($name)),*];
    };
}

rule_tests!(
    rota_rows,
    leave,
    day_status,
    requirement_fill,
    requirement_max,
    lending,
    recovery_after_night,
    min_rest_hours,
    not_followed_by,
    max_consecutive_work_days,
    min_consecutive_work_days,
    min_consecutive_off_days,
    max_weekends,
    max_shifts,
    max_duties,
    max_duties_per_month,
    min_days_between_duties,
    min_minutes,
    max_minutes,
    max_resting,
    comp_balance,
    coverage_file,
    lending_file,
    summary,
);

#[test]
fn every_rule_has_its_own_named_test() {
    assert_eq!(TESTED, RULES, "one #[test] per rule, named after it, in RULES order");
}
