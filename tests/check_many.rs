//! One broken scenario with many different mistakes (tests/fixtures/check/many_problems):
//! every one is reported in a single run, in file order, each at its place.

mod check_support;

use check_support::{check_fixture, parts};

/// (code, place) of every mistake planted in the fixture, in the order reported.
const EXPECTED: &[(&str, &str)] = &[
    ("bad_date", "scenario.toml:7:7"),
    ("unreadable_file", "scenario.toml:8:20"),
    ("office_hours_cross_midnight", "scenario.toml:10:16"),
    ("negative", "scenario.toml:11:11"),
    ("unknown_key", "scenario.toml:12:1"),
    ("not_integer", "scenario.toml:15:14"),
    ("dangling_reference", "scenario.toml:16:16"),
    ("wrong_type", "scenario.toml:17:18"),
    ("unknown_key", "scenario.toml:20:1"),
    ("bad_time", "scenario.toml:25:7"),
    ("dangling_reference", "scenario.toml:26:20"),
    ("reserved_id", "scenario.toml:29:6"),
    ("shift_needs_times", "scenario.toml:33:1"),
    ("lead_not_in_grouping", "scenario.toml:38:8"),
    ("duplicate_id", "scenario.toml:41:6"),
    ("negative", "scenario.toml:47:13"),
    ("dangling_reference", "scenario.toml:51:12"),
    ("bad_range", "scenario.toml:59:10"),
    ("dangling_reference", "scenario.toml:60:46"),
    ("dangling_reference", "scenario.toml:64:8"),
    ("dangling_reference", "scenario.toml:68:9"),
    ("dangling_reference", "scenario.toml:69:9"),
    ("bad_day_set", "scenario.toml:70:6"),
    ("count_below_one", "scenario.toml:71:9"),
    ("csv_unknown_column", "staff.csv:1:14"),
    ("csv_row_length", "staff.csv:3:1"),
];

#[test]
fn every_mistake_in_one_file_is_reported_in_one_run() {
    let c = check_fixture("many_problems");
    assert_eq!(c.exit, 1, "{}", c.stderr);
    let found: Vec<(&str, &str)> = c.errors().iter().map(|e| (parts(e).code, parts(e).location)).collect();
    assert_eq!(found, EXPECTED);
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    for e in c.errors() {
        c.assert_shown(e);
    }
    assert!(
        c.stderr.contains(&format!("scenario.toml: {} error(s); nothing was planned", EXPECTED.len())),
        "{}",
        c.stderr
    );
    assert!(c.stdout.is_empty(), "no summary: {}", c.stdout);
}

#[test]
fn every_marked_line_of_the_fixture_is_reported() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/check/many_problems/scenario.toml"
    ))
    .expect("fixture");
    let marked: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# !"))
        .map(|(i, _)| format!("scenario.toml:{}:", i + 1))
        .collect();
    assert_eq!(marked.len(), EXPECTED.len() - 2, "two more mistakes are in staff.csv");
    for m in &marked {
        assert!(EXPECTED.iter().any(|(_, place)| place.starts_with(m.as_str())), "line {m} is marked but not expected");
    }
}
