//! `rota check` on scenario files that break one rule each: the rule's exact message,
//! at its exact place, is the only error, and the binary exits 1 (contract 2 and 7).
//! References and ids are in check_references.rs, files in check_files.rs.

mod check_support;

use check_support::{at, base_plus, base_with, check, BASE};

#[test]
fn the_base_scenario_is_valid_and_silent() {
    check(BASE).assert_clean();
}

// ----- TOML syntax -----

#[test]
fn toml_syntax_error_is_reported_at_its_place() {
    let text = base_with(&[("count = 1", "count 1")]);
    let line = format!(
        "error[toml_syntax] scenario.toml:{}: TOML syntax: key with no value, expected `=` (help: fix the TOML syntax at the marked place (quotes, brackets, `key = value`))",
        at(&text, "count 1", "1"),
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn an_unclosed_string_is_a_syntax_error_at_the_line_end() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2")]);
    // The place is just after the last character of the line.
    let line_no = at(&text, "id = \"p2", "id").split(':').next().unwrap().to_string();
    let line = format!(
        "error[toml_syntax] scenario.toml:{line_no}:{}: TOML syntax: invalid basic string, expected `\"` (help: fix the TOML syntax at the marked place (quotes, brackets, `key = value`))",
        "id = \"p2".len() + 1
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_key_written_twice_is_a_syntax_error() {
    let text = base_with(&[("name = \"tiny\"", "name = \"tiny\"\nname = \"again\"")]);
    let c = check(&text);
    assert_eq!(c.exit, 1);
    assert_eq!(c.codes(), vec!["toml_syntax"]);
    assert!(c.errors()[0].contains(&format!("scenario.toml:{}", at(&text, "\"again\"", "name"))), "{:?}", c.problems);
    assert!(c.errors()[0].contains("duplicate key"), "{:?}", c.problems);
}

// ----- unknown keys -----

#[test]
fn unknown_key_in_scenario_suggests_the_nearest_key() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendar = [\"cn\"]")]);
    let line = format!(
        "error[unknown_key] scenario.toml:{}: unknown key `calendar` in [scenario] (help: did you mean `calendars`? The keys of [scenario] are: name, start, end, calendars, office, office_hours, time_limit_s, mip_gap, staff_files)",
        at(&text, "calendar =", "calendar")
    );
    // Without the calendar, 2025 has no calendar: a warning comes with the error.
    check(&text).assert_only_error(&line);
}

#[test]
fn unknown_top_level_table_suggests_the_nearest() {
    let text = base_plus("[[units]]\nid = \"c\"\n");
    let line = format!(
        "error[unknown_key] scenario.toml:{}: unknown key `units` in the scenario file (help: did you mean `unit`? The keys of the scenario file are: scenario, rules, weights, shift, grouping, unit, staff, requirement)",
        at(&text, "[[units]]", "units")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn unknown_key_without_a_near_one_lists_the_keys() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nfavourite_colour = \"blue\"")]);
    let line = format!(
        "error[unknown_key] scenario.toml:{}: unknown key `favourite_colour` in [[staff]] (help: the keys of [[staff]] are: id, name, unit, roles, leave, comp_carry_in, points_carry_in, prefer_off, prefer_on, max_consecutive_work_days, min_consecutive_work_days, min_consecutive_off_days, max_weekends, min_rest_hours, max_shifts, max_duties, max_duties_per_month, min_days_between_duties, min_minutes, max_minutes, comp_per_restday_shift, recovery_after_night)",
        at(&text, "favourite_colour", "favourite_colour")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn unknown_key_in_a_preference_is_reported() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nprefer_off = [ { date = \"2025-03-08\", wieght = 2 } ]")]);
    let line = format!(
        "error[unknown_key] scenario.toml:{}: unknown key `wieght` in an item of `prefer_off` (help: did you mean `weight`? The keys of an item of `prefer_off` are: date, shift, weight)",
        at(&text, "wieght", "wieght")
    );
    check(&text).assert_only_error(&line);
}

// ----- wrong types -----

#[test]
fn a_string_where_a_number_belongs_is_a_wrong_type() {
    let text = base_with(&[("min_staff = 1\n\n[[unit]]\nid = \"b\"", "min_staff = \"1\"\n\n[[unit]]\nid = \"b\"")]);
    let line = format!(
        "error[wrong_type] scenario.toml:{}: `min_staff` of a [[unit]] must be a whole number, found a string (help: write `min_staff` of a [[unit]] as a whole number)",
        at(&text, "min_staff = \"1\"", "\"1\"")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_number_where_a_boolean_belongs_is_a_wrong_type() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\noffice = 1")]);
    let line = format!(
        "error[wrong_type] scenario.toml:{}: `office` in [scenario] must be true or false, found an integer (help: write `office` in [scenario] as true or false)",
        at(&text, "office = 1", "1")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_single_table_where_a_list_of_tables_belongs_is_explained() {
    let text = base_with(&[("[[requirement]]", "[requirement]")]);
    let line = format!(
        "error[wrong_type] scenario.toml:{}: `requirement` is written as one table [requirement]; it is a list of tables (help: write [[requirement]] (double brackets) above each requirement)",
        at(&text, "[requirement]", "[requirement]")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn roles_must_be_an_array() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nroles = \"leader\"")]);
    let line = format!(
        "error[wrong_type] scenario.toml:{}: `roles` of a [[staff]] must be an array [ … ], found a string (help: write `roles` of a [[staff]] as an array [ … ])",
        at(&text, "roles = \"leader\"", "\"leader\"")
    );
    check(&text).assert_only_error(&line);
}

// ----- integers -----

#[test]
fn an_integer_written_as_2_0_is_refused() {
    let text = base_with(&[("count = 1", "count = 2.0")]);
    let line = format!(
        "error[not_integer] scenario.toml:{}: `count` of a [[requirement]] takes a whole number, found 2.0 (help: write it without a decimal point or exponent, e.g. `2`, not `2.0`)",
        at(&text, "count = 2.0", "2.0")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn an_integer_written_as_2e0_is_refused() {
    let text = base_plus("[rules]\nmax_duties = 2e0\n");
    let line = format!(
        "error[not_integer] scenario.toml:{}: `max_duties` in [rules] takes a whole number, found 2e0 (help: write it without a decimal point or exponent, e.g. `2`, not `2.0`)",
        at(&text, "max_duties = 2e0", "2e0")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn toml_integer_forms_are_accepted() {
    let text = base_plus("[rules]\nmax_duties = 1_000\nmax_weekends = 0x10\nmin_minutes = +3\nmax_minutes = 0o17\n");
    check(&text).assert_clean();
}

#[test]
fn an_absurdly_large_integer_is_refused() {
    let text = base_with(&[("count = 1", "count = 99999999999999999999")]);
    let line = format!(
        "error[too_large] scenario.toml:{}: `count` of a [[requirement]] is 99999999999999999999, far beyond any real value (help: use a value of at most 1000000)",
        at(&text, "count = 9", "9")
    );
    check(&text).assert_only_error(&line);
    let text = base_with(&[("count = 1", "count = 2000000")]);
    let line = format!(
        "error[too_large] scenario.toml:{}: `count` of a [[requirement]] is 2000000, far beyond any real value (help: use a value of at most 1000000)",
        at(&text, "count = 2000000", "2000000")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_number_that_is_not_finite_is_refused() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\ntime_limit_s = inf")]);
    let line = format!(
        "error[too_large] scenario.toml:{}: `time_limit_s` in [scenario] must be a finite number of sensible size (help: use an ordinary number such as 1 or 2.5)",
        at(&text, "time_limit_s = inf", "inf")
    );
    check(&text).assert_only_error(&line);
}

// ----- negative numbers -----

#[test]
fn a_negative_minimum_staffing_is_refused() {
    let text = base_with(&[("min_staff = 1\n\n[[unit]]\nid = \"b\"", "min_staff = -1\n\n[[unit]]\nid = \"b\"")]);
    let line = format!(
        "error[negative] scenario.toml:{}: `min_staff` of a [[unit]] is -1; it cannot be negative (help: use 0 or more)",
        at(&text, "min_staff = -1", "-1")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_negative_weight_is_refused() {
    let text = base_plus("[weights]\nfairness = -20\n");
    let line = format!(
        "error[negative] scenario.toml:{}: `fairness` in [weights] is -20; it cannot be negative (help: use 0 or more)",
        at(&text, "fairness = -20", "-20")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn negative_points_and_carry_ins_are_refused() {
    let text = base_with(&[
        ("count = 1", "count = 1\npoints = -1.5"),
        ("id = \"p2\"", "id = \"p2\"\ncomp_carry_in = -2\nmin_rest_hours = -11"),
    ]);
    let c = check(&text);
    assert_eq!(c.exit, 1);
    assert_eq!(
        c.errors(),
        vec![
            format!("error[negative] scenario.toml:{}: `comp_carry_in` is -2; it cannot be negative (help: use 0 or more)", at(&text, "comp_carry_in", "-2")),
            format!("error[negative] scenario.toml:{}: `min_rest_hours` in [[staff]] is -11; it cannot be negative (help: use 0 or more)", at(&text, "min_rest_hours", "-11")),
            format!("error[negative] scenario.toml:{}: `points` in [[requirement]] is -1.5; it cannot be negative (help: use 0 or more)", at(&text, "points", "-1.5")),
        ]
    );
    for e in c.errors() {
        c.assert_shown(e);
    }
}

// ----- missing keys -----

#[test]
fn a_scenario_without_a_name_is_refused() {
    let text = base_with(&[("name = \"tiny\"\n", "")]);
    let line = format!(
        "error[missing_key] scenario.toml:{}: `name` in [scenario] is missing (help: add `name = …` to this [scenario])",
        at(&text, "[scenario]", "[scenario]")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_file_without_scenario_table_is_refused() {
    let text = BASE.replacen(
        "[scenario]\nname = \"tiny\"\nstart = \"2025-03-03\"\nend = \"2025-03-16\"\ncalendars = [\"cn\"]\n",
        "",
        1,
    );
    let c = check(&text);
    assert_eq!(c.exit, 1);
    assert_eq!(
        c.errors(),
        vec!["error[missing_key] scenario.toml:1:1: the scenario file has no [scenario] table (help: add a [scenario] table with name, start and end)"]
    );
}

#[test]
fn a_requirement_without_count_is_refused() {
    let text = base_with(&[("count = 1\n", "")]);
    let line = format!(
        "error[missing_key] scenario.toml:{}: `count` in [[requirement]] is missing (help: add `count = …` to this [[requirement]])",
        at(&text, "[[requirement]]", "[[requirement]]")
    );
    check(&text).assert_only_error(&line);
}

// ----- dates, times, ranges -----

#[test]
fn a_date_not_written_yyyy_mm_dd_is_refused() {
    let text = base_with(&[("start = \"2025-03-03\"", "start = \"2025-3-3\"")]);
    let line = format!(
        "error[bad_date] scenario.toml:{}: `start` in [scenario] `2025-3-3` is not a date (help: write dates as YYYY-MM-DD, e.g. 2027-01-04)",
        at(&text, "start = \"2025-3-3\"", "\"2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    let text = base_with(&[("end = \"2025-03-16\"", "end = \"2025-02-30\"")]);
    let line = format!(
        "error[bad_date] scenario.toml:{}: `end` in [scenario] `2025-02-30` is not a date (help: write dates as YYYY-MM-DD, e.g. 2027-01-04)",
        at(&text, "end = \"2025-02-30\"", "\"2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn native_toml_dates_are_accepted() {
    let text =
        base_with(&[("start = \"2025-03-03\"", "start = 2025-03-03"), ("end = \"2025-03-16\"", "end = 2025-03-16")]);
    check(&text).assert_clean();
}

#[test]
fn a_date_with_a_time_is_refused() {
    let text = base_with(&[("start = \"2025-03-03\"", "start = 2025-03-03T08:00:00")]);
    let line = format!(
        "error[bad_date] scenario.toml:{}: `start` in [scenario] must be a date without a time (help: write the date alone, YYYY-MM-DD)",
        at(&text, "start = 2025", "2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_time_outside_00_00_to_23_59_is_refused() {
    let text = base_with(&[("start = \"17:30\"", "start = \"24:00\"")]);
    let line = format!(
        "error[bad_time] scenario.toml:{}: `start` of a [[shift]] `24:00` is not a time (help: write times as HH:MM from 00:00 to 23:59, e.g. 17:30)",
        at(&text, "start = \"24:00\"", "\"24")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_time_without_two_digits_is_refused() {
    let text = base_with(&[("end = \"08:30\"", "end = \"8:30\"")]);
    let line = format!(
        "error[bad_time] scenario.toml:{}: `end` of a [[shift]] `8:30` is not a time (help: write times as HH:MM from 00:00 to 23:59, e.g. 17:30)",
        at(&text, "end = \"8:30\"", "\"8")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn office_hours_not_written_hh_mm_hh_mm_are_refused() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\noffice_hours = \"8:30 to 17:30\"")]);
    let line = format!(
        "error[bad_time] scenario.toml:{}: office hours `8:30 to 17:30` are not HH:MM-HH:MM (help: write them as \"08:30-17:30\")",
        at(&text, "office_hours", "\"8")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nleave = [\"2025-03-10..2025-03-05\"]")]);
    let line = format!(
        "error[bad_range] scenario.toml:{}: a leave day `2025-03-10..2025-03-05`: it ends (2025-03-05) before it starts (2025-03-10) (help: write a range as \"YYYY-MM-DD..YYYY-MM-DD\" with the first day not after the last)",
        at(&text, "leave =", "\"2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_range_with_a_bad_end_is_refused() {
    let text = base_with(&[("on = \"every_day\"", "on = [\"2025-03-03..2025-03-32\"]")]);
    let line = format!(
        "error[bad_range] scenario.toml:{}: an item of `on` `2025-03-03..2025-03-32`: `2025-03-32` is not a date (help: write a range as \"YYYY-MM-DD..YYYY-MM-DD\" with the first day not after the last)",
        at(&text, "on = [", "\"2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn an_unknown_day_keyword_is_refused() {
    let text = base_with(&[("on = \"every_day\"", "on = \"weekdays\"")]);
    let line = format!(
        "error[bad_day_set] scenario.toml:{}: `on` has `weekdays`, which is neither a day keyword nor a date (help: use one of every_day, working_days, rest_days, weekend_days, holidays, mon, tue, wed, thu, fri, sat, sun or dates YYYY-MM-DD and ranges YYYY-MM-DD..YYYY-MM-DD)",
        at(&text, "on = \"weekdays\"", "\"weekdays")
    );
    check(&text).assert_only_error(&line);
}

// ----- the horizon -----

#[test]
fn a_horizon_that_ends_before_it_starts_is_refused() {
    let text = base_with(&[("end = \"2025-03-16\"", "end = \"2025-03-02\"")]);
    let line = format!(
        "error[bad_horizon] scenario.toml:{}: the horizon ends (2025-03-02) before it starts (2025-03-03) (help: make `end` the last day planned, on or after `start`)",
        at(&text, "end = \"2025-03-02\"", "\"2025")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_horizon_over_366_days_is_refused() {
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2025-01-01\""),
        ("end = \"2025-03-16\"", "end = \"2026-01-02\""),
    ]);
    let line = format!(
        "error[bad_horizon] scenario.toml:{}: the horizon is 367 days long; at most 366 are planned at once (help: plan at most a year at a time (a quarter is usual))",
        at(&text, "end = \"2026-01-02\"", "\"2026")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_horizon_of_exactly_366_days_is_accepted() {
    let text = base_with(&[
        ("start = \"2025-03-03\"", "start = \"2025-01-01\""),
        ("end = \"2025-03-16\"", "end = \"2026-01-01\""),
    ]);
    let c = check(&text);
    assert_eq!(c.exit, 0, "{}", c.stderr);
    assert!(c.stdout.contains("2025-01-01 .. 2026-01-01: 366 days"), "{}", c.stdout);
}

// ----- shifts and office hours -----

#[test]
fn a_shift_with_neither_clock_times_nor_minutes_is_refused() {
    let text = base_with(&[("start = \"17:30\"\nend = \"08:30\"\n", "")]);
    let line = format!(
        "error[shift_needs_times] scenario.toml:{}: shift `night` has neither clock times nor minutes (help: give `start` and `end` (\"HH:MM\"), or `minutes` for a shift without clock times)",
        at(&text, "[[shift]]", "[[shift]]")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_shift_with_a_start_but_no_end_is_refused() {
    let text = base_with(&[("end = \"08:30\"\n", "")]);
    let line = format!(
        "error[shift_needs_times] scenario.toml:{}: shift `night` has a start or an end but not both (help: give both `start` and `end`, or neither and `minutes`)",
        at(&text, "[[shift]]", "[[shift]]")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_shift_given_in_minutes_only_is_accepted() {
    let text = base_with(&[("start = \"17:30\"\nend = \"08:30\"\n", "minutes = 480\n")]);
    check(&text).assert_clean();
}

#[test]
fn office_hours_crossing_midnight_are_refused() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\noffice_hours = \"22:00-06:00\"")]);
    let line = format!(
        "error[office_hours_cross_midnight] scenario.toml:{}: office hours `22:00-06:00` do not end after they start: they may not cross midnight (help: office hours must end later the same day, e.g. \"08:30-17:30\")",
        at(&text, "office_hours", "\"22")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn the_shift_id_office_is_reserved() {
    let text = base_plus("[[shift]]\nid = \"office\"\nstart = \"08:30\"\nend = \"17:30\"\n");
    let line = format!(
        "error[reserved_id] scenario.toml:{}: the shift id `office` is reserved (help: name the shift something else; `office` means an office day)",
        at(&text, "id = \"office\"", "\"office")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn an_id_with_a_space_is_refused() {
    let text = base_with(&[("id = \"p2\"", "id = \"p 2\"")]);
    let line = format!(
        "error[bad_id] scenario.toml:{}: `id` of a [[staff]] `p 2` is not a usable id (help: ids are non-empty and have no spaces, e.g. `zzb` or `night`)",
        at(&text, "id = \"p 2\"", "\"p 2")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_minimum_above_its_maximum_is_refused() {
    let text = base_plus("[rules]\nmin_minutes = 600\nmax_minutes = 500\n");
    let line = format!(
        "error[min_above_max] scenario.toml:{}: min_minutes 600 is above max_minutes 500 (help: make min_minutes at most max_minutes)",
        at(&text, "min_minutes", "600")
    );
    check(&text).assert_only_error(&line);
}

// ----- count -----

#[test]
fn a_count_of_zero_without_over_weight_is_refused() {
    let text = base_with(&[("count = 1", "count = 0")]);
    let line = format!(
        "error[count_below_one] scenario.toml:{}: `count` of a [[requirement]] must be at least 1 (help: set count to 1 or more, or give `over_weight` to price every person assigned)",
        at(&text, "count = 0", "0")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_count_of_zero_with_over_weight_is_accepted() {
    // The deliberate extension for benchmark imports: nobody wanted, each person costs.
    let text = base_with(&[("count = 1", "count = 0\nover_weight = 5")]);
    let c = check(&text);
    c.assert_clean();
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    assert_eq!(s.requirements[0].count, 0);
    assert_eq!(s.requirements[0].over_weight, Some(5.0));
}
