//! The fine print of the rules (contract sections 2 and 5), one point per test: where
//! a day, a night, a run or a weekend begins and ends, which status goes with what.
//! Each test checks hard rules only (rota.csv alone).

mod verify_support;

use rota::verify::rule;
use verify_support::world;

/// Monday 2027-03-01 to Wednesday, office = true, one person; `extra` adds shifts,
/// requirements, rules.
fn office_world(extra: &str, person: &str) -> verify_support::World {
    world(&format!(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-01\"\nend = \"2027-03-03\"\n{extra}\n\
         [[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\n{person}\n"
    ))
}

const SHIFTS: &str = r#"
[[shift]]
id = "to_midnight"
start = "16:00"
end = "00:00"
[[shift]]
id = "past_midnight"
start = "16:00"
end = "00:01"
[[shift]]
id = "counted"
minutes = 480
[[shift]]
id = "day"
start = "08:30"
end = "17:30"
[[requirement]]
id = "m"
owner = "u"
shift = "to_midnight"
on = "every_day"
count = 1
under_weight = 0
[[requirement]]
id = "p"
owner = "u"
shift = "past_midnight"
on = "every_day"
count = 1
under_weight = 0
[[requirement]]
id = "c"
owner = "u"
shift = "counted"
on = "every_day"
count = 1
under_weight = 0
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
under_weight = 0
"#;

#[test]
fn a_shift_ending_exactly_at_midnight_needs_no_recovery_day() {
    let w = office_world(SHIFTS, "");
    // 16:00–00:00 overlaps the office hours: status shift.
    assert!(w.broken_rules(&[("a", "s:to_midnight/m o o")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "s:past_midnight/p o o")]), vec![rule::RECOVERY_AFTER_NIGHT]);
}

#[test]
fn a_recovery_day_is_free_and_a_rest_day_after_a_night_is_off() {
    let w = office_world(SHIFTS, "");
    // The rest after a night costs no compensatory rest (balance stays 0).
    assert!(w.broken_rules(&[("a", "s:past_midnight/p r o")]).is_empty());
    // Without the night, the same rest costs a day the person does not have.
    assert_eq!(w.broken_rules(&[("a", "s:to_midnight/m r o")]), vec![rule::COMP_BALANCE]);
}

#[test]
fn recovery_does_not_apply_to_a_person_who_turned_it_off() {
    let w = office_world(SHIFTS, "recovery_after_night = false");
    assert!(w.broken_rules(&[("a", "s:past_midnight/p o o")]).is_empty());
}

#[test]
fn a_minutes_only_shift_overlaps_the_office_and_needs_no_recovery() {
    // Without clock times, min_rest_hours does not see it either.
    let w = office_world(SHIFTS, "min_rest_hours = 23");
    assert!(w.broken_rules(&[("a", "s:counted/c s:counted/c s:counted/c")]).is_empty());
    let w = office_world(SHIFTS, "");
    assert_eq!(w.broken_rules(&[("a", "o:counted/c o o")]), vec![rule::DAY_STATUS]);
}

#[test]
fn office_with_a_shift_overlapping_office_hours_is_the_wrong_status() {
    let w = office_world(SHIFTS, "");
    assert_eq!(w.broken_rules(&[("a", "o:day/d o o")]), vec![rule::DAY_STATUS]);
    // A shift that does not overlap (16:00 starts inside office hours: it overlaps).
    assert_eq!(w.broken_rules(&[("a", "o:to_midnight/m o o")]), vec![rule::DAY_STATUS]);
}

#[test]
fn status_shift_on_a_working_day_needs_a_shift_overlapping_office_hours() {
    let w = office_world(
        r#"
[[shift]]
id = "night"
start = "17:30"
end = "08:30"
[[requirement]]
id = "n"
owner = "u"
shift = "night"
on = "every_day"
count = 1
"#,
        "recovery_after_night = false",
    );
    // The night touches the office hours at 17:30: an office day carries it.
    assert!(w.broken_rules(&[("a", "o:night/n o:night/n o:night/n")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "s:night/n o:night/n o:night/n")]), vec![rule::DAY_STATUS]);
}

#[test]
fn each_status_carries_only_what_it_may() {
    let w = office_world(SHIFTS, "comp_carry_in = 3");
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("a", "o@ o o")], "office without at_unit"),
        (&[("a", "s o o")], "shift without a shift"),
        (&[("a", "s@u:day/d o o")], "shift with at_unit"),
        (&[("a", "r@u o o")], "rest with at_unit"),
        (&[("a", "r:day/d o o")], "rest with a shift"),
        (&[("a", "f o o")], "off on a working day"),
    ];
    for (grid, what) in cases {
        let broken = w.broken_rules(grid);
        assert!(broken.contains(&rule::DAY_STATUS), "{what}: {broken:?}");
    }
}

#[test]
fn without_office_days_there_is_no_office_and_no_rest() {
    let w = world(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-01\"\nend = \"2027-03-02\"\noffice = false\n\
         [[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\n",
    );
    assert!(w.broken_rules(&[("a", "f f")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "o f")]), vec![rule::DAY_STATUS]);
    assert_eq!(w.broken_rules(&[("a", "r f")]), vec![rule::DAY_STATUS]);
}

#[test]
fn a_rest_day_has_no_office_and_no_rest() {
    // Saturday and Sunday.
    let w = world(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-06\"\nend = \"2027-03-07\"\n\
         [[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\ncomp_carry_in = 2\n",
    );
    assert!(w.broken_rules(&[("a", "f f")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "o f")]), vec![rule::DAY_STATUS]);
    assert_eq!(w.broken_rules(&[("a", "f r")]), vec![rule::DAY_STATUS]);
}

#[test]
fn requirement_fill_names_each_fault() {
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-01"
end = "2027-03-02"
office = false
[[shift]]
id = "x"
start = "08:00"
end = "12:00"
[[shift]]
id = "y"
start = "13:00"
end = "17:00"
[[unit]]
id = "u"
[[unit]]
id = "v"
[[staff]]
id = "a"
unit = "u"
[[staff]]
id = "b"
unit = "v"
[[requirement]]
id = "rx"
owner = "u"
shift = "x"
on = "2027-03-01"
count = 1
"#,
    );
    let message = |grid| {
        let v = w.hard_rules(grid);
        assert!(v.iter().all(|v| v.rule == rule::REQUIREMENT_FILL), "{v:?}");
        v.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("\n")
    };
    assert!(message(&[("a", "f s:x/rx"), ("b", "f f")]).contains("does not apply that day"));
    assert!(message(&[("a", "s:y/rx f"), ("b", "f f")]).contains("uses shift x, not y"));
    assert!(message(&[("a", "f f"), ("b", "s:x/rx f")]).contains("is not staff of its owner u"));
    assert!(message(&[("a", "s:x f"), ("b", "f f")]).contains("fills no requirement"));
    assert!(message(&[("a", "f/rx f"), ("b", "f f")]).contains("named without a shift"));
}

#[test]
fn lending_outside_the_grouping_is_refused() {
    let w = world(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-01\"\nend = \"2027-03-01\"\n\
         [[unit]]\nid = \"u\"\n[[unit]]\nid = \"v\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\n",
    );
    let v = w.hard_rules(&[("a", "o@v")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, rule::LENDING);
    assert!(v[0].message.contains("another grouping (v, home grouping u)"), "{}", v[0]);
}

#[test]
fn not_followed_by_office() {
    let w = office_world(
        r#"
[[shift]]
id = "late"
start = "18:00"
end = "23:00"
not_followed_by = ["office"]
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = "every_day"
count = 1
under_weight = 0
"#,
        "comp_carry_in = 1",
    );
    assert!(w.broken_rules(&[("a", "o:late/l r o")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "o:late/l o o")]), vec![rule::NOT_FOLLOWED_BY]);
}

#[test]
fn min_rest_hours_joins_an_office_day_with_its_shift() {
    let w = office_world(
        r#"
[rules]
min_rest_hours = 11
[[shift]]
id = "evening"
start = "18:00"
end = "23:00"
[[requirement]]
id = "ev"
owner = "u"
shift = "evening"
on = "every_day"
count = 1
under_weight = 0
"#,
        "",
    );
    // Office 08:30–17:30 then office next day: 15 h.
    assert!(w.broken_rules(&[("a", "o o o")]).is_empty());
    // Office with an evening to 23:00, then office at 08:30: 9.5 h.
    let v = w.hard_rules(&[("a", "o:evening/ev o o")]);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, rule::MIN_REST_HOURS);
    assert!(v[0].message.contains("ends 2027-03-01 23:00") && v[0].message.contains("9.5 h of rest, at least 11 h"));
}

#[test]
fn with_zero_rest_hours_blocks_may_touch_but_not_overlap() {
    let w = office_world(
        r#"
[[shift]]
id = "long"
start = "17:30"
end = "09:00"
[[shift]]
id = "touch"
start = "17:30"
end = "08:30"
[[requirement]]
id = "lg"
owner = "u"
shift = "long"
on = "every_day"
count = 1
under_weight = 0
[[requirement]]
id = "tc"
owner = "u"
shift = "touch"
on = "every_day"
count = 1
under_weight = 0
"#,
        "recovery_after_night = false",
    );
    assert!(w.broken_rules(&[("a", "o:touch/tc o o")]).is_empty());
    assert_eq!(w.broken_rules(&[("a", "o:long/lg o o")]), vec![rule::MIN_REST_HOURS]);
}

#[test]
fn runs_touching_the_horizon_are_never_too_short() {
    let w = world(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-01\"\nend = \"2027-03-05\"\n[rules]\n\
         min_consecutive_work_days = 3\nmin_consecutive_off_days = 3\n\
         [[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\ncomp_carry_in = 5\n",
    );
    // One work day at the start, then rests to the end.
    assert!(w.broken_rules(&[("a", "o r r r r")]).is_empty());
    assert!(w.broken_rules(&[("a", "r r r r o")]).is_empty());
    // Rests inside: two days without work, between work.
    assert_eq!(w.broken_rules(&[("a", "o o r r o")]), vec![rule::MIN_CONSECUTIVE_OFF_DAYS]);
    // One work day inside.
    let v = w.hard_rules(&[("a", "r o r r r")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].to_string(), "min_consecutive_work_days: a works only 2027-03-02 (1 day(s)), at least 3");
}

#[test]
fn max_consecutive_work_days_names_the_run() {
    let w = world(
        "[scenario]\nname = \"w\"\nstart = \"2027-03-01\"\nend = \"2027-03-05\"\n[rules]\n\
         max_consecutive_work_days = 2\n[[unit]]\nid = \"u\"\n[[staff]]\nid = \"a\"\nunit = \"u\"\n",
    );
    let v = w.hard_rules(&[("a", "o o o o o")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].to_string(), "max_consecutive_work_days: a works 2027-03-01..2027-03-05 (5 days), limit 2");
}

#[test]
fn a_weekend_cut_by_the_horizon_counts_by_its_day_inside() {
    // Sunday 2027-03-07 to Saturday 2027-03-13: two weekends, each with one day inside.
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-07"
end = "2027-03-13"
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
[[requirement]]
id = "w"
owner = "u"
shift = "day"
on = "rest_days"
count = 1
under_weight = 0
"#,
    );
    assert!(w.broken_rules(&[("a", "s:day/w o o o o o f")]).is_empty());
    let v = w.hard_rules(&[("a", "s:day/w o o o o o s:day/w")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].to_string(), "max_weekends: a works 2 weekends (2027-03-06/07, 2027-03-13/14), limit 1");
}

#[test]
fn max_duties_per_month_counts_calendar_months() {
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-31"
end = "2027-04-01"
office = false
[rules]
max_duties_per_month = 1
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
"#,
    );
    assert!(w.broken_rules(&[("a", "s:day/d s:day/d")]).is_empty());
}

#[test]
fn minutes_count_office_hours_and_shift_minutes() {
    // An office day (540) with a 120-minute evening on top, then a 480-minute shift.
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-01"
end = "2027-03-02"
[rules]
max_minutes = 1139
[[shift]]
id = "evening"
start = "18:00"
end = "20:00"
[[shift]]
id = "counted"
minutes = 480
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "ev"
owner = "u"
shift = "evening"
on = "every_day"
count = 1
under_weight = 0
[[requirement]]
id = "c"
owner = "u"
shift = "counted"
on = "every_day"
count = 1
under_weight = 0
"#,
    );
    let v = w.hard_rules(&[("a", "o:evening/ev s:counted/c")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].to_string(), "max_minutes: a works 1140 minutes, at most 1139");
}

#[test]
fn a_rest_day_shift_earns_the_rest_taken_later() {
    // Saturday to Monday.
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-06"
end = "2027-03-08"
[[shift]]
id = "day"
start = "08:30"
end = "17:30"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
comp_per_restday_shift = 0.5
[[requirement]]
id = "w"
owner = "u"
shift = "day"
on = "rest_days"
count = 1
"#,
    );
    // One shift earns half a day: a full rest still breaks the balance.
    let v = w.hard_rules(&[("a", "s:day/w f r")]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, rule::COMP_BALANCE);
    assert!(v[0].message.contains("2027-03-08") && v[0].message.contains("balance -0.5"), "{}", v[0]);
    assert!(w.broken_rules(&[("a", "s:day/w s:day/w r")]).is_empty());
}

#[test]
fn max_resting_counts_recovery_days() {
    let w = world(
        r#"
[scenario]
name = "w"
start = "2027-03-01"
end = "2027-03-02"
[[shift]]
id = "night"
start = "20:00"
end = "08:00"
[[unit]]
id = "u"
max_resting = 1
[[staff]]
id = "a"
unit = "u"
[[staff]]
id = "b"
unit = "u"
comp_carry_in = 1
[[requirement]]
id = "n"
owner = "u"
shift = "night"
on = "2027-03-01"
count = 1
"#,
    );
    assert_eq!(w.broken_rules(&[("a", "o:night/n r"), ("b", "o r")]), vec![rule::MAX_RESTING]);
}
