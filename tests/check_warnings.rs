//! Warnings: the scenario is valid (exit 0, summary printed) and the warning is shown
//! with its place and its advice (contract 2 and 3, issue 2 "Warnings (not errors)").

mod check_support;

use check_support::{at, at_last, base_plus, base_with, check, check_files};

#[test]
fn a_year_without_calendar_is_warned_about() {
    let text = base_with(&[("calendars = [\"cn\"]\n", "")]);
    let c = check(&text);
    c.assert_warning(
        "warning[year_without_calendar] scenario.toml: no calendar describes 2025: only weekends are rest days that year (help: add a calendar for that year to `calendars` in [scenario] (the built-in \"cn\" covers 2025 to 2027))",
    );
    assert_eq!(c.warnings().len(), 1, "{:?}", c.problems);
}

#[test]
fn only_the_uncovered_year_of_a_horizon_is_warned_about() {
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2027-12-20\""),
        ("end = \"2025-03-16\"", "end = \"2028-01-09\""),
    ]);
    let c = check(&text);
    c.assert_warning(
        "warning[year_without_calendar] scenario.toml: no calendar describes 2028: only weekends are rest days that year (help: add a calendar for that year to `calendars` in [scenario] (the built-in \"cn\" covers 2025 to 2027))",
    );
    assert_eq!(c.codes(), vec!["year_without_calendar", "provisional_calendar"], "{:?}", c.problems);
}

#[test]
fn a_provisional_calendar_is_warned_about_and_flagged_in_the_summary() {
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2027-03-01\""),
        ("end = \"2025-03-16\"", "end = \"2027-03-14\""),
    ]);
    let c = check(&text);
    c.assert_warning(
        "warning[provisional_calendar] cn:calendars/cn-2027-provisional.toml: calendar `China 2027 public holidays (PROVISIONAL estimate, not yet published)` (2027) is provisional: the official arrangement is not yet published (help: plans made with it may change; replace it with the published arrangement when it comes out)",
    );
    assert!(
        c.stdout.contains("calendar   China 2027 public holidays (PROVISIONAL estimate, not yet published) (cn:calendars/cn-2027-provisional.toml)  [PROVISIONAL: not yet officially published]"),
        "{}",
        c.stdout
    );
    assert_eq!(c.warnings().len(), 1);
}

#[test]
fn a_requirement_nobody_qualifies_for_is_warned_about() {
    let text = base_with(&[("count = 1", "count = 1\nroles = [\"leader\"]")]);
    let line = format!(
        "warning[nobody_qualifies] scenario.toml:{}: nobody in the pool of `g` qualifies for requirement `duty` (roles: leader): it will be short every day (help: give someone of the owner's units one of these roles, or change `roles` or `owner`)",
        at(&text, "[[requirement]]", "[[")
    );
    let c = check(&text);
    c.assert_warning(&line);
    assert_eq!(c.warnings().len(), 1);
}

#[test]
fn a_requirement_of_a_unit_whose_staff_lack_the_role_is_warned_about() {
    // p1 (unit a) is a leader, but the requirement belongs to unit b.
    let text = base_with(&[
        ("id = \"p1\"\nunit = \"a\"", "id = \"p1\"\nunit = \"a\"\nroles = [\"leader\"]"),
        ("owner = \"g\"", "owner = \"b\""),
        ("count = 1", "count = 1\nroles = [\"leader\"]"),
    ]);
    let line = format!(
        "warning[nobody_qualifies] scenario.toml:{}: nobody in the pool of `b` qualifies for requirement `duty` (roles: leader): it will be short every day (help: give someone of the owner's units one of these roles, or change `roles` or `owner`)",
        at(&text, "[[requirement]]", "[[")
    );
    check(&text).assert_warning(&line);
    // Owned by the grouping, p1 qualifies: no warning.
    let text = text.replacen("owner = \"b\"", "owner = \"g\"", 1);
    check(&text).assert_clean();
}

#[test]
fn a_requirement_everyone_is_on_leave_for_is_warned_about() {
    let text = base_with(&[
        ("on = \"every_day\"", "on = \"2025-03-05\""),
        ("id = \"p1\"\nunit = \"a\"", "id = \"p1\"\nunit = \"a\"\nleave = [\"2025-03-05\"]"),
        ("id = \"p2\"\nunit = \"b\"", "id = \"p2\"\nunit = \"b\"\nleave = [\"2025-03-04..2025-03-06\"]"),
    ]);
    let c = check(&text);
    assert_eq!(c.exit, 0);
    assert_eq!(c.codes(), vec!["nobody_qualifies"], "{:?}", c.problems);
}

#[test]
fn a_unit_with_fewer_staff_than_its_minimum_is_warned_about() {
    let text = base_with(&[("min_staff = 1\n\n[[unit]]\nid = \"b\"", "min_staff = 3\n\n[[unit]]\nid = \"b\"")]);
    let line = format!(
        "warning[unit_below_minimum] scenario.toml:{}: unit `a` has 1 staff but needs 3 at its office on some working days (help: only staff lent from its grouping can fill the gap: lower `min_staff`, add staff, or check `lending`)",
        at(&text, "id = \"a\"", "\"a")
    );
    let c = check(&text);
    c.assert_warning(&line);
    assert_eq!(c.warnings().len(), 1);
}

#[test]
fn a_busier_day_above_the_staff_is_warned_about() {
    let text = base_with(&[(
        "min_staff = 1\n\n[[unit]]\nid = \"b\"",
        "min_staff = 1\nmin_staff_on = { \"2025-03-05\" = 2 }\n\n[[unit]]\nid = \"b\"",
    )]);
    let line = format!(
        "warning[unit_below_minimum] scenario.toml:{}: unit `a` has 1 staff but needs 2 at its office on some working days (help: only staff lent from its grouping can fill the gap: lower `min_staff`, add staff, or check `lending`)",
        at(&text, "id = \"a\"", "\"a")
    );
    check(&text).assert_warning(&line);
}

#[test]
fn min_staff_on_a_rest_day_is_warned_about_and_ignored() {
    let text = base_with(&[(
        "min_staff = 1\n\n[[unit]]\nid = \"b\"",
        "min_staff = 1\nmin_staff_on = { \"2025-03-08\" = 2, 2025-03-10 = 1 }\n\n[[unit]]\nid = \"b\"",
    )]);
    let line = format!(
        "warning[min_staff_on_rest_day] scenario.toml:{}: 2025-03-08 is a rest day: its `min_staff_on` entry for unit `a` is ignored (help: units are staffed on working days only; remove the entry or correct the date)",
        at(&text, "min_staff_on", "\"2025-03-08")
    );
    let c = check(&text);
    c.assert_warning(&line);
    assert_eq!(c.warnings().len(), 1);
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    assert_eq!(s.units[0].min_staff[5], 0, "Saturday 2025-03-08 needs nobody");
    assert_eq!(s.units[0].min_staff[7], 1);
}

#[test]
fn a_day_limit_shorter_than_the_longest_working_run_is_warned_about() {
    // 2026-02-09 (Mon) .. 2026-02-14 (Sat, make-up day): six working days in a row.
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2026-02-02\""),
        ("end = \"2025-03-16\"", "end = \"2026-02-15\""),
    ]);
    let text = format!("{text}\n[rules]\nmax_consecutive_work_days = 5\n");
    let line = format!(
        "warning[limit_below_working_run] scenario.toml:{}: max_consecutive_work_days 5 in [rules] is shorter than the calendar's longest run of 6 working days: rests (costing compensatory rest) must break such runs (help: raise it to 6 or more, or keep it and expect rests that cost compensatory rest)",
        at(&text, "max_consecutive_work_days = 5", "5")
    );
    let c = check(&text);
    c.assert_warning(&line);
    assert_eq!(c.warnings().len(), 1);
    // A limit of 6 is enough.
    check(&text.replacen("= 5", "= 6", 1)).assert_clean();
}

#[test]
fn a_persons_day_limit_shorter_than_the_working_run_is_warned_about() {
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2026-02-02\""),
        ("end = \"2025-03-16\"", "end = \"2026-02-15\""),
        ("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]"),
        ("id = \"p2\"\nunit = \"b\"", "id = \"p2\"\nunit = \"b\"\nmax_consecutive_work_days = 4"),
    ]);
    let csv = "id,name,unit,max_consecutive_work_days\np3,,a,3\np4,,a,\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_warning(&format!(
        "warning[limit_below_working_run] scenario.toml:{}: max_consecutive_work_days 4 for `p2` is shorter than the calendar's longest run of 6 working days: rests (costing compensatory rest) must break such runs (help: raise it to 6 or more, or keep it and expect rests that cost compensatory rest)",
        at(&text, "max_consecutive_work_days = 4", "4")
    ));
    c.assert_warning("warning[limit_below_working_run] staff.csv:2:7: max_consecutive_work_days 3 for `p3` is shorter than the calendar's longest run of 6 working days: rests (costing compensatory rest) must break such runs (help: raise it to 6 or more, or keep it and expect rests that cost compensatory rest)");
    assert_eq!(c.warnings().len(), 2, "{:?}", c.problems);
}

#[test]
fn leave_outside_the_horizon_is_warned_about() {
    let text =
        base_with(&[("id = \"p2\"\nunit = \"b\"", "id = \"p2\"\nunit = \"b\"\nleave = [\"2025-03-15..2025-03-20\"]")]);
    let line = format!(
        "warning[outside_horizon] scenario.toml:{}: 4 day(s) of this leave lie outside the horizon and are ignored (help: only days from `start` to `end` are planned; check the year, or remove the date)",
        at(&text, "leave =", "\"2025")
    );
    let c = check(&text);
    c.assert_warning(&line);
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    let p2 = s.staff.iter().find(|p| p.id == "p2").expect("p2");
    assert_eq!(p2.leave.iter().filter(|l| **l).count(), 2, "the two days inside are leave");
}

#[test]
fn a_preference_outside_the_horizon_is_warned_about() {
    let text = base_with(&[(
        "id = \"p2\"\nunit = \"b\"",
        "id = \"p2\"\nunit = \"b\"\nprefer_off = [ { date = \"2026-03-08\" } ]",
    )]);
    let line = format!(
        "warning[outside_horizon] scenario.toml:{}: 1 day(s) of this `prefer_off` item lie outside the horizon and are ignored (help: only days from `start` to `end` are planned; check the year, or remove the date)",
        at(&text, "prefer_off", "\"2026")
    );
    check(&text).assert_warning(&line);
}

#[test]
fn a_min_staff_on_date_outside_the_horizon_is_warned_about() {
    let text = base_with(&[(
        "min_staff = 1\n\n[[unit]]\nid = \"b\"",
        "min_staff = 1\nmin_staff_on = { \"2024-03-05\" = 1 }\n\n[[unit]]\nid = \"b\"",
    )]);
    let line = format!(
        "warning[outside_horizon] scenario.toml:{}: 2024-03-05 is outside the horizon: its `min_staff_on` entry for unit `a` is ignored (help: only days from `start` to `end` are planned; check the year, or remove the date)",
        at(&text, "min_staff_on", "\"2024")
    );
    check(&text).assert_warning(&line);
}

#[test]
fn a_requirement_date_outside_the_horizon_is_warned_about() {
    let text = base_with(&[("on = \"every_day\"", "on = [\"working_days\", \"2025-02-28..2025-03-03\"]")]);
    let line = format!(
        "warning[outside_horizon] scenario.toml:{}: 3 day(s) of this day set lie outside the horizon and are ignored (help: only days from `start` to `end` are planned; check the year, or remove the date)",
        at(&text, "on = [", "\"2025")
    );
    check(&text).assert_warning(&line);
}

#[test]
fn a_requirement_that_never_applies_is_warned_about() {
    let text = base_with(&[("on = \"every_day\"", "on = \"holidays\"")]);
    let line = format!(
        "warning[requirement_never_applies] scenario.toml:{}: requirement `duty` applies on no day of the horizon (help: check `on` and `except` against the horizon and its calendar)",
        at(&text, "[[requirement]]", "[[")
    );
    let c = check(&text);
    c.assert_warning(&line);
    assert_eq!(c.warnings().len(), 1, "no `nobody_qualifies` on top: {:?}", c.problems);
}

#[test]
fn except_takes_days_out_of_on() {
    let text = base_with(&[("on = \"every_day\"", "on = \"every_day\"\nexcept = [\"rest_days\", \"2025-03-05\"]")]);
    let c = check(&text);
    c.assert_clean();
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    let on: Vec<bool> = s.requirements[0].days.clone();
    // Mon 03-03 .. Sun 03-16: working days except Wed 03-05.
    let expected = [true, true, false, true, true, false, false, true, true, true, true, true, false, false];
    assert_eq!(on, expected);
}

#[test]
fn a_grouping_without_units_is_warned_about() {
    let text = base_plus("[[grouping]]\nid = \"empty\"\nlead = \"a\"\n");
    let c = check(&text);
    assert_eq!(c.exit, 1, "its lead is not one of its units: an error");
    assert_eq!(c.codes(), vec!["lead_not_in_grouping", "empty_grouping"], "{:?}", c.problems);
    c.assert_shown(c.warnings()[0]);
    assert_eq!(
        c.warnings()[0],
        format!(
            "warning[empty_grouping] scenario.toml:{}: grouping `empty` has no units (help: set `grouping = \"empty\"` on its units, or remove the grouping)",
            at_last(&text, "[[grouping]]", "[[")
        )
    );
}

#[test]
fn a_shift_that_starts_and_ends_at_once_is_warned_about() {
    let text = base_plus("[[shift]]\nid = \"full\"\nstart = \"08:00\"\nend = \"08:00\"\n");
    let line = format!(
        "warning[shift_24h] scenario.toml:{}: shift `full` starts and ends at the same time: it lasts 24 hours (help: if it is meant to last 24 hours, say so with `minutes = 1440`; otherwise correct `end`)",
        at(&text, "end = \"08:00\"", "\"08")
    );
    check(&text).assert_warning(&line);
    check(&format!("{text}minutes = 1440\n")).assert_clean();
}

#[test]
fn warnings_come_with_errors_when_both_are_found() {
    let text = base_with(&[("calendars = [\"cn\"]\n", ""), ("count = 1", "count = 0")]);
    let c = check(&text);
    assert_eq!(c.exit, 1);
    assert_eq!(c.codes(), vec!["count_below_one", "year_without_calendar"], "{:?}", c.problems);
    assert!(c.stderr.contains("rota::year_without_calendar"), "{}", c.stderr);
    assert!(c.stdout.is_empty(), "no summary for an invalid scenario: {}", c.stdout);
}
