//! `rota compare`: the side-by-side table (snapshots of the terminal table, CSV and
//! Markdown from fixed summaries), the differences against the baseline, and the verb
//! end to end on the two tiny scenarios (solved once, reused the second time).

mod present_support;

use present_support::{fixture, read, rota};
use rota::present::compare::{self, Column};
use rota::present::{read as readback, Lang};

fn cols() -> Vec<Column> {
    ["tiny", "tiny-isolated"]
        .iter()
        .map(|s| Column {
            stem: s.to_string(),
            sum: readback::summary(&fixture("cmp").join(s)).expect("fixture summary"),
        })
        .collect()
}

#[test]
fn comparison_table_on_the_terminal() {
    insta::assert_snapshot!(compare::terminal(&cols(), Lang::En));
}

#[test]
fn comparison_table_in_chinese() {
    insta::assert_snapshot!(compare::terminal(&cols(), Lang::Zh));
}

#[test]
fn comparison_csv() {
    insta::assert_snapshot!(String::from_utf8(compare::csv(&cols(), Lang::En)).expect("UTF-8"));
}

#[test]
fn comparison_markdown() {
    insta::assert_snapshot!(compare::markdown(&cols(), Lang::En));
}

#[test]
fn headline_rows_come_first() {
    let keys: Vec<&str> = compare::rows(&cols()).iter().map(|r| r.key).collect();
    assert_eq!(
        keys[..9],
        [
            "shortfall",
            "unit_shortfall",
            "points_min",
            "points_mean",
            "points_max",
            "points_spread",
            "comp_owed",
            "lending_person_days",
            "objective"
        ]
    );
    let rows = compare::rows(&cols());
    assert!(rows[..9].iter().all(|r| r.headline) && rows[9..].iter().all(|r| !r.headline));
}

#[test]
fn every_summary_total_has_a_row() {
    let keys: Vec<&str> = compare::rows(&cols()).iter().map(|r| r.key).collect();
    for total in [
        "shortfall",
        "unit_shortfall",
        "unit_days_below_min",
        "over",
        "lending_person_days",
        "comp_earned",
        "comp_taken",
        "recovery_days",
        "comp_owed",
        "points_stdev",
        "max_consecutive_work_days",
        "preferences_unmet",
        "objective",
        "bound",
        "gap",
        "status",
        "solve_seconds",
    ] {
        assert!(keys.contains(&total), "no row for {total}");
    }
}

#[test]
fn differences_are_against_the_baseline() {
    let cols = cols();
    let rows = compare::rows(&cols);
    let row = |k: &str| rows.iter().find(|r| r.key == k).expect("row");
    // tiny: shortfall 1, lending 2; tiny-isolated: shortfall 3, lending 0.
    assert_eq!(compare::diff(row("shortfall"), 1), Some(2.0));
    assert_eq!(compare::show_diff("shortfall", 2.0), "+2");
    assert_eq!(compare::diff(row("lending_person_days"), 1), Some(-2.0));
    assert_eq!(compare::show_diff("lending_person_days", -2.0), "-2");
    assert_eq!(compare::diff(row("status"), 1), None);
    let cells = compare::text_cells(&cols, Lang::En);
    assert_eq!(cells[0].last().map(String::as_str), Some("tiny-isolated vs baseline"));
}

#[test]
fn compare_solves_then_reuses_and_writes_the_table_chart_and_page() {
    let out = tempfile::tempdir().expect("tmp");
    let args = ["compare", "tests/fixtures/present/tiny.toml", "tests/fixtures/present/tiny-isolated.toml", "--out"];
    let first = rota().args(args).arg(out.path()).assert().success();
    let stdout = String::from_utf8_lossy(&first.get_output().stdout).into_owned();
    assert!(stdout.contains("tiny (baseline)") && stdout.contains("tiny-isolated vs baseline"), "{stdout}");
    for f in [
        "comparison.csv",
        "comparison.md",
        "report.html",
        "charts/headline.svg",
        "tiny/summary.json",
        "tiny/report.html",
        "tiny-isolated/summary.json",
        "tiny-isolated/charts/units.svg",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    let csv1 = std::fs::read(out.path().join("comparison.csv")).expect("csv");
    let stamp = std::fs::metadata(out.path().join("tiny/rota.csv")).and_then(|m| m.modified()).expect("mtime");

    // A second compare reuses both folders: nothing is solved again.
    let second = rota().args(args).arg(out.path()).assert().success();
    let stderr = String::from_utf8_lossy(&second.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("unchanged since it was solved; reusing").count(), 2, "{stderr}");
    assert!(!stderr.contains("solved g1"), "{stderr}");
    assert_eq!(std::fs::metadata(out.path().join("tiny/rota.csv")).and_then(|m| m.modified()).expect("mtime"), stamp);
    assert_eq!(std::fs::read(out.path().join("comparison.csv")).expect("csv"), csv1);

    let csv = read(&out.path().join("comparison.csv"));
    assert!(csv.starts_with("key,metric,tiny,tiny-isolated,tiny-isolated - tiny\n"), "{csv}");

    // The page: the headline chart and each scenario's coverage inline, no URL.
    let page = read(&out.path().join("report.html"));
    assert!(page.contains("id=\"chart-headline\"") && page.contains("id=\"chart-units-tiny-isolated\""));
    assert!(page.contains("id=\"chart-requirements-tiny\""));
    assert!(page.contains("小测试：各自为战"));
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("src="));
    let svg = read(&out.path().join("charts/headline.svg"));
    let doc = roxmltree::Document::parse(&svg).expect("headline.svg is XML");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    assert!(texts.iter().any(|t| t == "A: 小测试：组织部组合"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "B: 小测试：各自为战"), "{texts:?}");
}

#[test]
fn compare_refuses_two_scenarios_with_one_file_name() {
    let out = tempfile::tempdir().expect("tmp");
    rota()
        .args(["compare", "tests/fixtures/present/tiny.toml", "tests/fixtures/present/./tiny.toml", "--out"])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("rename one"));
}
