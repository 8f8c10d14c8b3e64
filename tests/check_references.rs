//! Ids and references: every id unique within its kind (unit and grouping ids across
//! both), every reference to an id that exists, each lead inside its grouping.

mod check_support;

use check_support::{at, at_first, at_last, base_plus, base_with, check, check_files};

// ----- duplicate ids -----

#[test]
fn a_shift_id_used_twice_is_refused() {
    let text = base_plus("[[shift]]\nid = \"night\"\nminutes = 60\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: shift id `night` is used twice (help: give every shift its own id (the first `night` is at scenario.toml:{}))",
        at_last(&text, "id = \"night\"", "\"night"),
        at_first(&text, "id = \"night\"", "\"night")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_grouping_id_used_twice_is_refused() {
    let text = base_plus("[[grouping]]\nid = \"g\"\nlead = \"b\"\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: grouping id `g` is used twice (help: give every grouping its own id (the first `g` is at scenario.toml:{}))",
        at_last(&text, "id = \"g\"", "\"g"),
        at_first(&text, "id = \"g\"", "\"g")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_unit_id_used_twice_is_refused() {
    let text = base_plus("[[unit]]\nid = \"b\"\ngrouping = \"g\"\nmax_resting = 1\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: unit id `b` is used twice (help: give every unit its own id (the first `b` is at scenario.toml:{}))",
        at_last(&text, "id = \"b\"", "\"b"),
        at_first(&text, "id = \"b\"", "\"b")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_staff_id_used_twice_is_refused() {
    let text = base_plus("[[staff]]\nid = \"p1\"\nunit = \"b\"\nroles = [\"twin\"]\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: staff id `p1` is used twice (help: give every staff its own id (the first `p1` is at scenario.toml:{}))",
        at_last(&text, "id = \"p1\"", "\"p1"),
        at_first(&text, "id = \"p1\"", "\"p1")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_staff_id_in_the_csv_that_is_also_inline_is_refused() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let csv = "id,name,unit\np3,三,a\np2,二,b\n";
    let c = check_files(&[("scenario.toml", text.as_bytes()), ("staff.csv", csv.as_bytes())]);
    c.assert_only_error(&format!(
        "error[duplicate_id] staff.csv:3:1: staff id `p2` is used twice (help: give every staff its own id (the first `p2` is at scenario.toml:{}))",
        at(&text, "id = \"p2\"", "\"p2")
    ));
}

#[test]
fn a_requirement_id_used_twice_is_refused() {
    let text = base_plus("[[requirement]]\nid = \"duty\"\nowner = \"a\"\nshift = \"night\"\non = \"sat\"\ncount = 2\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: requirement id `duty` is used twice (help: give every requirement its own id (the first `duty` is at scenario.toml:{}))",
        at_last(&text, "id = \"duty\"", "\"duty"),
        at_first(&text, "id = \"duty\"", "\"duty")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_unit_id_equal_to_a_grouping_id_is_refused() {
    let text = base_plus("[[unit]]\nid = \"g\"\ngrouping = \"g\"\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: unit id `g` is also a grouping id (help: unit ids and grouping ids must differ: rename one of them)",
        at_last(&text, "id = \"g\"", "\"g")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_unit_on_its_own_named_like_a_grouping_is_refused() {
    let text = base_plus("[[unit]]\nid = \"g\"\n");
    let line = format!(
        "error[duplicate_id] scenario.toml:{}: unit id `g` is also a grouping id (help: unit ids and grouping ids must differ: rename one of them)",
        at_last(&text, "id = \"g\"", "\"g")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn ids_are_case_sensitive() {
    let text = base_plus("[[staff]]\nid = \"P1\"\nunit = \"a\"\n");
    check(&text).assert_clean();
}

// ----- dangling references -----

#[test]
fn a_unit_in_a_grouping_that_does_not_exist_is_refused() {
    let text = base_with(&[("id = \"b\"\ngrouping = \"g\"", "id = \"b\"\ngrouping = \"G\"")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `grouping` of a [[unit]] names grouping `G`, which does not exist (help: did you mean `g`? use an existing grouping id (known: g); ids are case-sensitive)",
        at(&text, "grouping = \"G\"", "\"G")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_grouping_lead_that_does_not_exist_is_refused() {
    let text = base_with(&[("lead = \"a\"", "lead = \"zzb\"")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `lead` of a [[grouping]] names unit `zzb`, which does not exist (help: use an existing unit id (known: a, b); ids are case-sensitive)",
        at(&text, "lead = \"zzb\"", "\"zzb")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_lead_outside_its_grouping_is_refused() {
    let text = base_plus("[[unit]]\nid = \"c\"\n");
    let text = text.replacen("lead = \"a\"", "lead = \"c\"", 1);
    let line = format!(
        "error[lead_not_in_grouping] scenario.toml:{}: lead unit `c` of grouping `g` is not one of its units (help: set `grouping = \"g\"` on unit `c`, or choose a lead among the grouping's units)",
        at(&text, "lead = \"c\"", "\"c")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_staff_member_of_a_unit_that_does_not_exist_is_refused() {
    let text = base_with(&[("id = \"p2\"\nunit = \"b\"", "id = \"p2\"\nunit = \"bb\"")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `unit` of a staff member names unit `bb`, which does not exist (help: did you mean `b`? use an existing unit id (known: a, b); ids are case-sensitive)",
        at(&text, "unit = \"bb\"", "\"bb")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_requirement_owner_that_does_not_exist_is_refused() {
    let text = base_with(&[("owner = \"g\"", "owner = \"g_zzb\"")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `owner` of a [[requirement]] names grouping or unit `g_zzb`, which does not exist (help: use an existing grouping or unit id (known: g, a, b); ids are case-sensitive)",
        at(&text, "owner = \"g_zzb\"", "\"g_zzb")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_requirement_shift_that_does_not_exist_is_refused() {
    let text = base_with(&[("shift = \"night\"", "shift = \"nigth\"")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `shift` of a [[requirement]] names shift `nigth`, which does not exist (help: did you mean `night`? use an existing shift id (known: night); ids are case-sensitive)",
        at(&text, "shift = \"nigth\"", "\"nigth")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_max_shifts_key_in_rules_that_is_not_a_shift_is_refused() {
    let text = base_plus("[rules]\nmax_shifts = { day = 3 }\n");
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `max_shifts` names shift `day`, which does not exist (help: use an existing shift id (known: night); ids are case-sensitive)",
        at(&text, "max_shifts", "day")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_max_shifts_key_of_a_person_that_is_not_a_shift_is_refused() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nmax_shifts = { Night = 3 }")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `max_shifts` names shift `Night`, which does not exist (help: did you mean `night`? use an existing shift id (known: night); ids are case-sensitive)",
        at(&text, "max_shifts", "Night")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_prefer_on_shift_that_does_not_exist_is_refused() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nprefer_on = [ { date = \"2025-03-05\", shift = \"day\" } ]")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `shift` of an item of `prefer_on` names shift `day`, which does not exist (help: use an existing shift id (known: night); ids are case-sensitive)",
        at(&text, "prefer_on", "\"day")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_prefer_off_shift_that_does_not_exist_is_refused() {
    let text = base_with(&[(
        "id = \"p2\"",
        "id = \"p2\"\nprefer_off = [ { date = \"2025-03-05..2025-03-07\", shift = \"nights\", weight = 2 } ]",
    )]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `shift` of an item of `prefer_off` names shift `nights`, which does not exist (help: did you mean `night`? use an existing shift id (known: night); ids are case-sensitive)",
        at(&text, "prefer_off", "\"nights")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_prefer_on_without_a_shift_is_refused() {
    let text = base_with(&[("id = \"p2\"", "id = \"p2\"\nprefer_on = [ { date = \"2025-03-05\" } ]")]);
    let line = format!(
        "error[missing_key] scenario.toml:{}: `shift` in an item of `prefer_on` is missing (help: add `shift = …` to this item of `prefer_on`)",
        at(&text, "prefer_on", "{")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn a_not_followed_by_shift_that_does_not_exist_is_refused() {
    let text = base_with(&[("end = \"08:30\"", "end = \"08:30\"\nnot_followed_by = [\"office\", \"early\"]")]);
    let line = format!(
        "error[dangling_reference] scenario.toml:{}: `not_followed_by` names shift `early`, which does not exist (help: use an existing shift id or \"office\" (known: night); ids are case-sensitive)",
        at(&text, "not_followed_by", "\"early")
    );
    check(&text).assert_only_error(&line);
}

#[test]
fn not_followed_by_office_and_a_shift_is_accepted() {
    let text = base_with(&[("end = \"08:30\"", "end = \"08:30\"\nnot_followed_by = [\"office\", \"night\"]")]);
    let c = check(&text);
    c.assert_clean();
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    assert!(s.shifts[0].not_followed_by_office);
    assert_eq!(s.shifts[0].not_followed_by, vec![0]);
}

#[test]
fn a_unit_without_grouping_is_a_grouping_of_its_own() {
    let text = base_plus("[[unit]]\nid = \"solo\"\n\n[[staff]]\nid = \"p3\"\nunit = \"solo\"\n");
    let c = check(&text);
    c.assert_clean();
    let s = rota::scenario::load(&c.dir.path().join("scenario.toml")).expect("valid").scenario;
    let solo = s.groupings.iter().find(|g| g.id == "solo").expect("its own grouping");
    assert!(solo.implicit);
    assert_eq!(s.units[solo.lead].id, "solo");
    assert_eq!(solo.units, vec![solo.lead]);
    assert!(c.stdout.contains("groupings  2   units 3   staff 3"), "{}", c.stdout);
}
