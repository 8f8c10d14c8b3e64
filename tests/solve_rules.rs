//! One rule, one name — the solver's side. For every rule of `rota::verify::RULES`, a
//! tiny world in which the objective pushes the solver to break that rule (a shortfall
//! it could avoid, a preference, the fairness spread, compensatory rest owed). The world
//! is solved through the real binary, the output folder must pass `verify`, and the
//! test shows that the rule held and mattered: the result differs from that of the
//! same world without the rule (a shortfall appears, a person's days change).
//!
//! The hand-broken rotas that `verify` rejects for exactly one rule are in
//! tests/verify_rules.rs; the test at the bottom checks that every rule has its test
//! here too.

mod solve_support;

use std::collections::BTreeSet;

use rota::verify::RULES;
use solve_support::{assert_close, world, world_with, Result, World};

/// The shortfall of a solve: (missing in requirements, missing under unit minimums).
fn shortfalls(r: &Result) -> (f64, f64) {
    (r.total("shortfall"), r.total("unit_shortfall"))
}

/// Solves the world and the same world with `from` replaced by `to` (the rule taken
/// away or changed): (with the rule, without).
fn with_and_without(w: &World, from: &str, to: &str) -> (Result, Result) {
    let with = w.solve();
    let without = w.variant(from, to).solve();
    (with, without)
}

mod rules {
    use super::*;

    pub fn rota_rows() {
        // Staff in no order at all, some from a CSV file, ids that sort differently in
        // byte order than by case or number: rows must be by date, then id in byte order,
        // one per person per day, each with the home unit.
        let w = world_with(
            r#"
[scenario]
name = "rota_rows"
start = "2027-03-05"
end = "2027-03-08"
staff_files = ["more.csv"]
[[shift]]
id = "late"
start = "17:30"
end = "22:00"
[[unit]]
id = "u2"
min_staff = 1
[[unit]]
id = "u1"
min_staff = 1
[[staff]]
id = "b"
unit = "u1"
[[staff]]
id = "a10"
unit = "u2"
[[staff]]
id = "B"
unit = "u1"
[[requirement]]
id = "l"
owner = "u1"
shift = "late"
on = "every_day"
count = 1
"#,
            &[("more.csv", "id,name,unit\na9,A9,u2\nA,Big A,u1\n")],
        );
        let r = w.solve();
        let ids = ["A", "B", "a10", "a9", "b"];
        let dates = ["2027-03-05", "2027-03-06", "2027-03-07", "2027-03-08"];
        let got: Vec<(String, String)> = r.rows.iter().map(|row| (row.date.clone(), row.staff.clone())).collect();
        let want: Vec<(String, String)> =
            dates.iter().flat_map(|d| ids.iter().map(move |i| (d.to_string(), i.to_string()))).collect();
        assert_eq!(got, want, "one row per person per day, by date then id in byte order");
        for row in &r.rows {
            let home = if ["A", "B", "b"].contains(&row.staff.as_str()) { "u1" } else { "u2" };
            assert_eq!(row.unit, home, "{row:?}");
            assert_eq!(row.at_unit.is_empty(), row.status != "office", "at_unit only for office: {row:?}");
            assert_eq!(row.shift.is_empty(), row.requirement.is_empty(), "{row:?}");
        }
        // The late duty is filled every day (u1 has three people), so the rows carry it.
        assert!(r.filled("l").values().all(|&n| n == 1));
        assert_eq!(r.all_shortfall(), 0.0);
    }

    pub fn leave() {
        let w = world(
            r#"
[scenario]
name = "leave"
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
leave = ["2027-03-02"]
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, r#"leave = ["2027-03-02"]"#, "");
        assert_eq!(with.line("a"), "s:day l s:day");
        assert_eq!(shortfalls(&with), (1.0, 0.0), "the leave day stays short");
        assert_eq!(with.filled("d")["2027-03-02"], 0);
        let why = with.summary["shortfalls"][0]["why"].as_str().expect("why");
        assert!(why.contains("on leave"), "the shortfall is explained by the leave: {why}");
        assert_eq!(without.line("a"), "s:day s:day s:day");
        assert_eq!(shortfalls(&without), (0.0, 0.0));
    }

    pub fn day_status() {
        // One person, a unit that needs them at the office and a day duty in office
        // hours: they cannot be at both, and the office (shortfall 1000) wins over the
        // duty (under_weight 500). A night after the office day is a legal combination.
        let w = world(
            r#"
[scenario]
name = "day_status"
start = "2027-03-01"
end = "2027-03-02"
[rules]
recovery_after_night = false
[[shift]]
id = "day"
start = "08:30"
end = "17:30"
[[shift]]
id = "night"
start = "17:30"
end = "08:30"
[[unit]]
id = "u"
min_staff = 1
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
under_weight = 500
[[requirement]]
id = "n"
owner = "u"
shift = "night"
on = "every_day"
count = 1
"#,
        );
        let r = w.solve();
        assert_eq!(r.line("a"), "o:night o:night", "office with a night on top; the day duty left short");
        assert_eq!(shortfalls(&r), (2.0, 0.0));
        assert_close(r.objective(), 1000.0, "objective");
        // Without the office, the day duty is taken (a `shift` day) and the night too
        // cannot be held the same day: one shift a day.
        let r =
            w.variant("min_staff = 1", "min_staff = 0").variant("under_weight = 500", "under_weight = 2000").solve();
        assert_eq!(r.line("a"), "s:day s:day");
        assert_eq!(r.filled("n").values().sum::<u32>(), 0, "one shift a day");
    }

    pub fn requirement_fill() {
        // `a` is free every day, but may fill neither requirement: `u2_day` belongs to
        // unit u2 (not a's unit) and `lead` asks for a role a does not hold.
        let w = world(
            r#"
[scenario]
name = "requirement_fill"
start = "2027-03-01"
end = "2027-03-02"
office = false
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
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
roles = ["cadre"]
[[staff]]
id = "b"
unit = "u2"
[[requirement]]
id = "u2_day"
owner = "u2"
shift = "day"
on = "every_day"
count = 2
[[requirement]]
id = "lead"
owner = "g"
shift = "day"
on = "every_day"
count = 1
roles = ["leader"]
"#,
        );
        let (with, without) = with_and_without(&w, r#"roles = ["cadre"]"#, r#"roles = ["leader"]"#);
        assert_eq!(with.line("a"), "f f", "a qualifies for nothing");
        assert!(with.of("b").iter().all(|row| row.requirement == "u2_day"));
        assert_eq!(shortfalls(&with), (4.0, 0.0));
        let whys: Vec<&str> = with.summary["shortfalls"]
            .as_array()
            .expect("shortfalls")
            .iter()
            .filter(|s| s["id"] == "lead")
            .map(|s| s["why"].as_str().expect("why"))
            .collect();
        assert_eq!(whys.len(), 2);
        assert!(whys.iter().all(|w| w.contains("leader")), "{whys:?}");
        // With the role, a fills `lead` and only u2_day's second place stays short.
        assert!(without.of("a").iter().all(|row| row.requirement == "lead"));
        assert_eq!(shortfalls(&without), (2.0, 0.0));
    }

    pub fn requirement_max() {
        // Both want the one duty (prefer_on 50 each) and fairness wants them equal: two
        // on the duty would cost nothing, but the count is also the maximum.
        let w = world(
            r#"
[scenario]
name = "requirement_max"
start = "2027-03-01"
end = "2027-03-02"
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
prefer_on = [ { date = "2027-03-01", shift = "day", weight = 50 } ]
[[staff]]
id = "b"
unit = "u"
prefer_on = [ { date = "2027-03-01", shift = "day", weight = 50 } ]
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = ["2027-03-01"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "count = 1", "count = 1\nover_weight = 5");
        assert_eq!(with.filled("d")["2027-03-01"], 1);
        assert_eq!(with.total("over"), 0.0);
        assert_close(with.objective(), 50.0 + 20.0, "one preference unmet, spread 1");
        assert_eq!(without.filled("d")["2027-03-01"], 2, "with over_weight the extra person is bought");
        assert_eq!(without.total("over"), 1.0);
        assert_close(without.objective(), 5.0, "one extra person");
    }

    pub fn lending() {
        // u2 needs one person and has none; u1 (same grouping) has two to spare, u3 is a
        // grouping of its own. With lending off nobody may go; with it on, only to u2.
        let w = world(
            r#"
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
min_staff = 1
[[unit]]
id = "u3"
min_staff = 1
[[staff]]
id = "a"
unit = "u1"
[[staff]]
id = "b"
unit = "u1"
"#,
        );
        let (with, without) = with_and_without(&w, "lending = false", "lending = true");
        assert_eq!(with.line("a"), "o o");
        assert_eq!(with.line("b"), "o o");
        assert!(with.lending.is_empty(), "lending.csv has no rows");
        assert_eq!(shortfalls(&with), (0.0, 4.0), "u2 and u3 short both days");
        assert_eq!(without.total("lending_person_days"), 2.0, "one person lent to u2 each day");
        assert_eq!(shortfalls(&without), (0.0, 2.0), "u3 is in another grouping: still short");
        assert!(without.rows.iter().all(|row| row.at_unit != "u3"));
        assert!(without.lending.iter().all(|l| l[2] == "u1" && l[3] == "u2"), "{:?}", without.lending);
    }

    pub fn recovery_after_night() {
        // A night every night and one person: without recovery days they could hold all
        // three; with them, every other night.
        let w = world(
            r#"
[scenario]
name = "recovery_after_night"
start = "2027-03-01"
end = "2027-03-03"
office = false
[rules]
recovery_after_night = true
[[shift]]
id = "night"
start = "20:00"
end = "04:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "n"
owner = "u"
shift = "night"
on = "every_day"
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "recovery_after_night = true", "recovery_after_night = false");
        assert_eq!(with.line("a"), "s:night f s:night");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:night s:night s:night");
        // A shift ending exactly at midnight is no night: no recovery day.
        let midnight = w.variant(r#"end = "04:00""#, r#"end = "00:00""#).solve();
        assert_eq!(midnight.line("a"), "s:night s:night s:night");

        // Office mode: the day after a night is `rest` and costs no compensatory rest
        // (the person has none to spend, so only a recovery day can be a rest).
        let w = world(
            r#"
[scenario]
name = "recovery in the office"
start = "2027-03-01"
end = "2027-03-02"
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
on = ["2027-03-01"]
count = 1
"#,
        );
        let r = w.solve();
        assert_eq!(r.line("a"), "o:night r");
        assert_eq!(r.total("recovery_days"), 1.0);
        assert_eq!(r.total("comp_taken"), 0.0);
    }

    pub fn min_rest_hours() {
        // A late shift, then an early one: 8 hours apart.
        let w = world(
            r#"
[scenario]
name = "min_rest_hours"
start = "2027-03-01"
end = "2027-03-02"
office = false
[rules]
min_rest_hours = 11
[[shift]]
id = "late"
start = "15:00"
end = "23:00"
[[shift]]
id = "early"
start = "07:00"
end = "15:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = ["2027-03-01"]
count = 1
[[requirement]]
id = "e"
owner = "u"
shift = "early"
on = ["2027-03-02"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "min_rest_hours = 11", "min_rest_hours = 8");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(with.duty_dates("a").len(), 1);
        assert_eq!(without.line("a"), "s:late s:early", "8 hours are enough when 8 are asked");
    }

    /// A rest longer than two days: the block of day 1 and the block of day 4 are 56
    /// hours apart, with nothing worked in between.
    pub fn min_rest_hours_over_days() {
        let w = world(
            r#"
[scenario]
name = "min_rest_hours over days"
start = "2027-03-01"
end = "2027-03-04"
office = false
[rules]
min_rest_hours = 60
[[shift]]
id = "late"
start = "15:00"
end = "23:00"
[[shift]]
id = "early"
start = "07:00"
end = "15:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = ["2027-03-01"]
count = 1
[[requirement]]
id = "e"
owner = "u"
shift = "early"
on = ["2027-03-04"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "min_rest_hours = 60", "min_rest_hours = 56");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:late f f s:early");
    }

    pub fn not_followed_by() {
        let w = world(
            r#"
[scenario]
name = "not_followed_by"
start = "2027-03-01"
end = "2027-03-02"
office = false
[[shift]]
id = "late"
start = "14:00"
end = "22:00"
not_followed_by = ["early"]
[[shift]]
id = "early"
start = "06:00"
end = "14:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = ["2027-03-01"]
count = 1
[[requirement]]
id = "e"
owner = "u"
shift = "early"
on = ["2027-03-02"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, r#"not_followed_by = ["early"]"#, "");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:late s:early");

        // "office" in not_followed_by: after the late shift the person could neither be
        // at the office nor rest (no compensatory rest to spend), so no late shift.
        let w = world(
            r#"
[scenario]
name = "not_followed_by office"
start = "2027-03-01"
end = "2027-03-02"
[[shift]]
id = "late"
start = "17:30"
end = "23:30"
not_followed_by = ["office"]
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = ["2027-03-01"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, r#"not_followed_by = ["office"]"#, "");
        assert_eq!(with.line("a"), "o o");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "o:late o");
    }

    pub fn max_consecutive_work_days() {
        let w = world(
            r#"
[scenario]
name = "max_consecutive_work_days"
start = "2027-03-01"
end = "2027-03-05"
office = false
[rules]
max_consecutive_work_days = 2
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
        let (with, without) = with_and_without(&w, "max_consecutive_work_days = 2", "");
        assert_eq!(with.line("a"), "s:day s:day f s:day s:day");
        assert_eq!(with.total("max_consecutive_work_days"), 2.0);
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.total("max_consecutive_work_days"), 5.0);
        assert_eq!(shortfalls(&without), (0.0, 0.0));
    }

    pub fn min_consecutive_work_days() {
        // Duties on Mon, Wed and Fri only: a lone work day is too short, except where
        // the run touches the horizon's start or end (border rule).
        let w = world(
            r#"
[scenario]
name = "min_consecutive_work_days"
start = "2027-03-01"
end = "2027-03-05"
office = false
[rules]
min_consecutive_work_days = 2
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
on = ["mon", "wed", "fri"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "min_consecutive_work_days = 2", "");
        assert_eq!(with.line("a"), "s:day f f f s:day", "Wednesday alone is too short; the ends are not");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:day f s:day f s:day");
    }

    pub fn min_consecutive_off_days() {
        // Duties on Tue and Thu: one day off between them is too short; the days off at
        // either end touch the horizon's border and are never too short.
        let w = world(
            r#"
[scenario]
name = "min_consecutive_off_days"
start = "2027-03-01"
end = "2027-03-05"
office = false
[rules]
min_consecutive_off_days = 2
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
on = ["tue", "thu"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "min_consecutive_off_days = 2", "");
        assert_eq!(with.duty_dates("a").len(), 1, "{}", with.line("a"));
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "f s:day f s:day f");
    }

    pub fn max_weekends() {
        // Sat 6, Sun 7 and Sat 13 March (the horizon ends on a Saturday): one weekend
        // allowed, and a weekend worked on both days counts once.
        let w = world(
            r#"
[scenario]
name = "max_weekends"
start = "2027-03-06"
end = "2027-03-13"
office = false
[rules]
max_weekends = 1
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
on = ["sat", "sun"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "max_weekends = 1", "");
        assert_eq!(with.line("a"), "s:day s:day f f f f f f");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:day s:day f f f f f s:day");
    }

    pub fn max_shifts() {
        // The default allows two late shifts; a's own table (which replaces the default
        // whole) allows one.
        let w = world(
            r#"
[scenario]
name = "max_shifts"
start = "2027-03-01"
end = "2027-03-03"
office = false
[rules]
max_shifts = { late = 2 }
[[shift]]
id = "late"
start = "14:00"
end = "22:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
max_shifts = { late = 1 }
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = "every_day"
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "max_shifts = { late = 1 }", "");
        assert_eq!(with.duty_dates("a").len(), 1);
        assert_eq!(shortfalls(&with), (2.0, 0.0));
        assert_eq!(without.duty_dates("a").len(), 2, "the default table");
        assert_eq!(shortfalls(&without), (1.0, 0.0));
    }

    pub fn max_duties() {
        let w = world(
            r#"
[scenario]
name = "max_duties"
start = "2027-03-01"
end = "2027-03-04"
office = false
[rules]
max_duties = 3
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
[[shift]]
id = "late"
start = "16:00"
end = "23:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = ["2027-03-01", "2027-03-02"]
count = 1
[[requirement]]
id = "l"
owner = "u"
shift = "late"
on = ["2027-03-03", "2027-03-04"]
count = 1
"#,
        );
        let (with, without) = with_and_without(&w, "max_duties = 3", "");
        assert_eq!(with.duty_dates("a").len(), 3, "shifts of any kind count");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(without.line("a"), "s:day s:day s:late s:late");
    }

    pub fn max_duties_per_month() {
        let w = world(
            r#"
[scenario]
name = "max_duties_per_month"
start = "2027-03-29"
end = "2027-04-03"
office = false
[rules]
max_duties_per_month = 2
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
        let (with, without) = with_and_without(&w, "max_duties_per_month = 2", "max_duties_per_month = 3");
        let dates = with.duty_dates("a");
        assert_eq!(dates.iter().filter(|d| d.starts_with("2027-03")).count(), 2, "{dates:?}");
        assert_eq!(dates.iter().filter(|d| d.starts_with("2027-04")).count(), 2, "{dates:?}");
        assert_eq!(shortfalls(&with), (2.0, 0.0), "each month on its own");
        assert_eq!(shortfalls(&without), (0.0, 0.0));
    }

    pub fn min_days_between_duties() {
        let w = world(
            r#"
[scenario]
name = "min_days_between_duties"
start = "2027-03-01"
end = "2027-03-07"
office = false
[rules]
min_days_between_duties = 3
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
        let (with, without) = with_and_without(&w, "min_days_between_duties = 3", "min_days_between_duties = 1");
        assert_eq!(with.line("a"), "s:day f f s:day f f s:day");
        assert_eq!(shortfalls(&with), (4.0, 0.0));
        assert_eq!(shortfalls(&without), (0.0, 0.0));
    }

    pub fn min_minutes() {
        // a would rather not work at all (prefer_off 5 a day against a shortfall of 1),
        // but must work 960 minutes: two 8-hour days.
        let w = world(
            r#"
[scenario]
name = "min_minutes"
start = "2027-03-01"
end = "2027-03-03"
office = false
[rules]
min_minutes = 960
[[shift]]
id = "day"
start = "08:00"
end = "16:00"
[[unit]]
id = "u"
[[staff]]
id = "a"
unit = "u"
prefer_off = [ { date = "2027-03-01..2027-03-03", weight = 5 } ]
[[requirement]]
id = "d"
owner = "u"
shift = "day"
on = "every_day"
count = 1
under_weight = 1
"#,
        );
        let (with, without) = with_and_without(&w, "min_minutes = 960", "");
        assert_eq!(with.duty_dates("a").len(), 2);
        assert_close(with.objective(), 2.0 * 5.0 + 1.0, "objective");
        assert_eq!(without.duty_dates("a").len(), 0);
        assert_close(without.objective(), 3.0, "objective");
    }

    pub fn max_minutes() {
        let w = world(
            r#"
[scenario]
name = "max_minutes"
start = "2027-03-01"
end = "2027-03-03"
office = false
[rules]
max_minutes = 1000
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
        let (with, without) = with_and_without(&w, "max_minutes = 1000", "");
        assert_eq!(with.duty_dates("a").len(), 2, "three 8-hour days are 1440 minutes");
        assert_eq!(shortfalls(&with), (1.0, 0.0));
        assert_eq!(shortfalls(&without), (0.0, 0.0));
        // `minutes` given with clock times is what counts: three 300-minute shifts fit.
        let counted = w.variant(r#"end = "16:00""#, "end = \"16:00\"\nminutes = 300").solve();
        assert_eq!(counted.duty_dates("a").len(), 3);
    }

    pub fn max_resting() {
        // Three people each owed one compensatory rest day (10 a day while owed), two
        // working days, and at most one of them resting a day.
        let w = world(
            r#"
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
[[staff]]
id = "c"
unit = "u"
comp_carry_in = 1
"#,
        );
        let (with, without) = with_and_without(&w, "max_resting = 1", "");
        for date in ["2027-03-01", "2027-03-02"] {
            let resting = with.rows.iter().filter(|r| r.date == date && r.status == "rest").count();
            assert_eq!(resting, 1, "{date}");
        }
        assert_eq!(with.total("comp_owed"), 1.0);
        assert_close(with.objective(), 10.0, "objective");
        assert_eq!(without.total("comp_owed"), 0.0);
        assert_eq!(without.total("comp_taken"), 3.0);
    }

    pub fn comp_balance() {
        // A Saturday duty earns a compensatory rest day; the cheapest rota would take it
        // on Monday, before it is earned (balance −1 that evening), leaving nothing owed.
        let w = world(
            r#"
[scenario]
name = "comp_balance"
start = "2027-03-01"
end = "2027-03-06"
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
id = "d"
owner = "u"
shift = "day"
on = ["sat"]
count = 1
"#,
        );
        let r = w.solve();
        assert_eq!(r.line("a"), "o o o o o s:day");
        assert_eq!(r.total("comp_owed"), 1.0);
        assert_close(r.objective(), 10.0, "objective");
        // With a day owed at the start, that one is taken; the Saturday's is still owed.
        let owed = w
            .variant(
                r#"unit = "u"
[[req"#,
                "unit = \"u\"\ncomp_carry_in = 1\n[[req",
            )
            .solve();
        assert_eq!(owed.total("comp_taken"), 1.0);
        assert_eq!(owed.total("comp_owed"), 1.0);
        assert_eq!(owed.count_status("a", "rest"), 1);
    }

    pub fn coverage_file() {
        // coverage.csv, recomputed here from rota.csv and the scenario: unit rows on
        // working days only (with min_staff_on), requirement rows on the days they apply.
        let w = world(
            r#"
[scenario]
name = "coverage_file"
start = "2027-03-05"
end = "2027-03-08"
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
min_staff = 1
min_staff_on = { "2027-03-08" = 3 }
[[unit]]
id = "u0"
grouping = "g"
min_staff = 1
[[staff]]
id = "a"
unit = "u1"
[[staff]]
id = "b"
unit = "u1"
[[staff]]
id = "c"
unit = "u0"
[[requirement]]
id = "wk"
owner = "g"
shift = "day"
on = "rest_days"
count = 2
[[requirement]]
id = "b1"
owner = "u1"
shift = "day"
on = ["2027-03-06"]
count = 1
"#,
        );
        let r = w.solve();
        let mut want: Vec<(String, String, String, u32, u32)> = Vec::new();
        for date in ["2027-03-05", "2027-03-06", "2027-03-07", "2027-03-08"] {
            let rest = date == "2027-03-06" || date == "2027-03-07";
            let mut reqs = vec![];
            if rest {
                if date == "2027-03-06" {
                    reqs.push(("b1", 1));
                }
                reqs.push(("wk", 2));
            }
            for (id, need) in reqs {
                let have = r.rows.iter().filter(|row| row.date == date && row.requirement == id).count() as u32;
                want.push((date.into(), "requirement".into(), id.into(), need, have));
            }
            if !rest {
                for (id, need) in [("u0", 1), ("u1", if date == "2027-03-08" { 3 } else { 1 })] {
                    let have = r
                        .rows
                        .iter()
                        .filter(|row| row.date == date && row.status == "office" && row.at_unit == id)
                        .count() as u32;
                    want.push((date.into(), "unit".into(), id.into(), need, have));
                }
            }
        }
        let got: Vec<(String, String, String, u32, u32)> =
            r.coverage.iter().map(|c| (c.date.clone(), c.kind.clone(), c.id.clone(), c.need, c.have)).collect();
        assert_eq!(got, want);
        // Monday needs 4 at the offices and has 3 people: one short, nothing else.
        assert_eq!(shortfalls(&r), (0.0, 1.0));
    }

    pub fn lending_file() {
        // u2 needs two people and has none; u1 has three and needs one.
        let w = world(
            r#"
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
min_staff = 1
[[unit]]
id = "u2"
grouping = "g"
min_staff = 2
[[staff]]
id = "c"
unit = "u1"
[[staff]]
id = "a"
unit = "u1"
[[staff]]
id = "b"
unit = "u1"
"#,
        );
        let r = w.solve();
        let want: Vec<Vec<String>> = r
            .rows
            .iter()
            .filter(|row| row.status == "office" && row.at_unit != row.unit)
            .map(|row| vec![row.date.clone(), row.staff.clone(), row.unit.clone(), row.at_unit.clone()])
            .collect();
        assert_eq!(want.len(), 4, "two lent to u2 each day");
        assert_eq!(r.lending, want, "lending.csv: every office day away from home, by date then staff");
        assert_eq!(r.total("lending_person_days"), 4.0);
        assert_eq!(shortfalls(&r), (0.0, 0.0));
    }

    pub fn summary() {
        // Two groupings with known costs: g1's one duty makes a spread of 1 point (20),
        // the lone unit u2 is one person short of two on both working days (2000).
        let staff_csv = "id,name,unit\nc,C,u2\n";
        let w = world_with(
            r#"
[scenario]
name = "summary: 两个组合"
start = "2027-03-01"
end = "2027-03-02"
staff_files = ["staff.csv"]
[[shift]]
id = "late"
start = "17:30"
end = "22:00"
[[grouping]]
id = "g1"
lead = "u1"
[[unit]]
id = "u1"
grouping = "g1"
[[unit]]
id = "u2"
min_staff = 2
[[staff]]
id = "a"
unit = "u1"
[[staff]]
id = "b"
unit = "u1"
[[requirement]]
id = "n"
owner = "g1"
shift = "late"
on = ["2027-03-01"]
count = 1
"#,
            &[("staff.csv", staff_csv)],
        );
        let r = w.solve();
        let s = &r.summary;
        assert_eq!(s["scenario"], "summary: 两个组合");
        let mut bytes = std::fs::read(&w.path).expect("scenario bytes");
        bytes.extend_from_slice(staff_csv.as_bytes());
        let sha = <sha2::Sha256 as sha2::Digest>::digest(&bytes);
        let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(s["input_sha256"], hex.as_str());
        assert_eq!(r.status(), "optimal");
        assert_close(r.objective(), 2020.0, "objective");
        assert_close(s["bound"].as_f64().expect("bound"), 2020.0, "bound of a proven optimum");
        assert_eq!(s["gap"].as_f64(), Some(0.0));
        let groupings = s["groupings"].as_array().expect("groupings");
        let ids: Vec<&str> = groupings.iter().map(|g| g["id"].as_str().expect("id")).collect();
        assert_eq!(ids, ["g1", "u2"]);
        assert_close(groupings[0]["objective"].as_f64().expect("g1"), 20.0, "g1 objective");
        assert_close(groupings[1]["objective"].as_f64().expect("u2"), 2000.0, "u2 objective");
        assert_eq!(groupings[1]["unit_shortfall"].as_f64(), Some(2.0));
        assert_eq!(s["totals"]["unit_days_below_min"].as_f64(), Some(2.0));
        assert_eq!(s["totals"]["duty_points"]["max"].as_f64(), Some(1.0));
        assert_eq!(s["totals"]["duty_points"]["mean"].as_f64(), Some(0.5));
        let listed = s["shortfalls"].as_array().expect("shortfalls");
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|x| x["kind"] == "unit" && x["id"] == "u2" && x["need"] == 2 && x["have"] == 1));
        // stdout: the table and the shortfalls in plain words.
        let out = &r.solved.stdout;
        assert!(out.contains("g1") && out.contains("u2"), "{out}");
        assert!(out.contains("2027-03-01 unit u2: 1 short (need 2, have 1)"), "{out}");
    }
}

macro_rules! rule_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                rules::$name();
            }
        )*
        /// The per-rule tests, by name: every rule of RULES has one.
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
fn min_rest_hours_longer_than_two_days() {
    rules::min_rest_hours_over_days();
}

#[test]
fn every_rule_has_its_solver_test() {
    assert_eq!(TESTED, RULES, "one #[test] per rule, named after it, in RULES order");
    let unique: BTreeSet<&str> = TESTED.iter().copied().collect();
    assert_eq!(unique.len(), TESTED.len());
}
