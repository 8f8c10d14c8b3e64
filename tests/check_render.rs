//! What a planner sees: the rendered problems of `rota check`, snapshotted whole
//! (source line, marker, label, help), in tests/fixtures/check/snapshots/.

mod check_support;

use check_support::{base_plus, base_with, check, check_files};

fn snapshot(name: &str, stderr: &str) {
    insta::with_settings!({ snapshot_path => "fixtures/check/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, stderr);
    });
}

#[test]
fn an_unknown_key_is_drawn_with_its_line_and_the_nearest_key() {
    let c = check(&base_with(&[("calendars = [\"cn\"]", "calendar = [\"cn\"]")]));
    snapshot("unknown_key", &c.stderr);
}

#[test]
fn a_dangling_reference_in_chinese_text_is_marked_at_the_right_column() {
    let text = base_with(&[
        ("name = \"tiny\"", "name = \"鲤城区 一季度\""),
        ("unit = \"b\"", "name = \"张三\"\nunit = \"组织部\""),
    ]);
    let c = check(&text);
    snapshot("dangling_reference_chinese", &c.stderr);
}

#[test]
fn a_short_csv_row_is_drawn_with_its_line() {
    let text = base_with(&[("calendars = [\"cn\"]", "calendars = [\"cn\"]\nstaff_files = [\"staff.csv\"]")]);
    let c = check_files(&[
        ("scenario.toml", text.as_bytes()),
        ("staff.csv", "id,name,unit\r\np3,张三,a\r\np4,李四\r\n".as_bytes()),
    ]);
    snapshot("csv_row_length", &c.stderr);
}

#[test]
fn a_long_line_is_cut_around_the_mistake() {
    let text = base_with(&[("name = \"tiny\"", &format!("name = \"{}\"", "很长的名字".repeat(100)))]);
    let c = check(&text);
    snapshot("too_long_cut", &c.stderr);
}

#[test]
fn a_warning_without_a_place_names_its_file() {
    let c = check(&base_plus("").replacen("calendars = [\"cn\"]\n", "", 1));
    snapshot("year_without_calendar", &c.stderr);
}

#[test]
fn a_mistake_at_the_very_end_of_a_file_is_marked() {
    let text = base_with(&[("count = 1\n", "count = [1")]);
    assert!(!text.ends_with('\n'));
    let c = check(&text);
    snapshot("end_of_file", &c.stderr);
}
