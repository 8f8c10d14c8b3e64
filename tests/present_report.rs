//! report.html of a solve (self-contained: every chart inline, no external URL, the
//! summary, tables, shortfall reasons and the calendar) and `rota plot` (the same files
//! again without solving; clear errors when the scenario moved or changed).

mod present_support;

use present_support::{fixture, read, rota, solved};

#[test]
fn report_inlines_every_chart_and_points_nowhere_outside() {
    let page = read(&solved().join("report.html"));
    let mut charts: Vec<String> = std::fs::read_dir(solved().join("charts"))
        .expect("charts/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    charts.sort();
    assert_eq!(charts, ["comp.svg", "lending.svg", "points.svg", "requirements.svg", "units.svg"]);
    for c in &charts {
        let stem = c.trim_end_matches(".svg");
        assert!(page.contains(&format!("<figure id=\"chart-{stem}\">\n<svg")), "{stem} inline");
    }
    assert_eq!(page.matches("<svg").count(), charts.len());
    assert!(!page.contains("http://") && !page.contains("https://"), "no URL");
    assert!(!page.contains("src="), "nothing loaded from elsewhere");
    assert!(!page.contains("<script"), "no script");
}

#[test]
fn report_has_the_summary_tables_shortfalls_and_calendar() {
    let page = read(&solved().join("report.html"));
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("小测试：组织部组合"));
    for part in
        ["Summary", "Totals", "By grouping", "Lending proposal", "Charts", "Shortfalls, and why", "Calendar used"]
    {
        assert!(page.contains(part), "{part}");
    }
    assert!(page.contains("nobody in grouping g1 holds the role finance"), "the shortfall's reason");
    assert!(page.contains("2027-02-05 – 2027-02-09 春节"), "the holiday block, named");
    assert!(page.contains("2027-02-14 Sun"), "the make-up working day");
    assert!(page.contains("The calendar is provisional"), "provisional flagged");
    assert!(page.contains("区委组织部") && page.contains("区委编办"), "lending table names units");
    assert!(page.contains("=1+2") && page.contains("-3+1 吴秀萍"), "names as they are");
}

#[test]
fn report_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        std::fs::copy(solved().join(f), dir.path().join(f)).expect("copy");
    }
    rota()
        .arg("plot")
        .arg(dir.path())
        .args(["--lang", "zh", "--scenario", "tests/fixtures/present/tiny.toml"])
        .assert()
        .success();
    let page = read(&dir.path().join("report.html"));
    assert!(page.contains("<html lang=\"zh-CN\">"));
    for part in ["排班报告", "概要", "缺员及原因", "所用日历", "日历为预估"] {
        assert!(page.contains(part), "{part}");
    }
    let svg = read(&dir.path().join("charts/units.svg"));
    assert!(svg.contains("单位在岗") && svg.contains("法定节假日"));
    let ics = read(&dir.path().join("calendars/zzb03.ics"));
    assert!(ics.contains("SUMMARY:请假"));
}

#[test]
fn plot_writes_the_same_files_again_without_solving() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        std::fs::copy(solved().join(f), dir.path().join(f)).expect("copy");
    }
    // summary.json names the scenario as given to `rota solve`, from the crate folder.
    rota().arg("plot").arg(dir.path()).arg("--excel").assert().success();
    let same = |rel: &str| {
        assert_eq!(std::fs::read(solved().join(rel)).ok(), std::fs::read(dir.path().join(rel)).ok(), "{rel} differs");
    };
    for rel in [
        "report.html",
        "charts/units.svg",
        "charts/requirements.svg",
        "charts/points.svg",
        "charts/comp.svg",
        "charts/lending.svg",
        "calendars/zzb01.ics",
        "excel/rota.csv",
        "excel/shortfalls.csv",
    ] {
        same(rel);
    }
}

#[test]
fn plot_says_how_to_fix_a_moved_scenario() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        std::fs::copy(solved().join(f), dir.path().join(f)).expect("copy");
    }
    let mut cmd = rota();
    cmd.current_dir(dir.path()).arg("plot").arg(dir.path());
    cmd.assert()
        .code(1)
        .stderr(predicates::str::contains("is not there"))
        .stderr(predicates::str::contains("--scenario"));
}

#[test]
fn plot_refuses_a_changed_scenario() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        std::fs::copy(solved().join(f), dir.path().join(f)).expect("copy");
    }
    let changed = dir.path().join("tiny.toml");
    let text = read(&fixture("tiny.toml")).replace("min_staff = 2", "min_staff = 1");
    std::fs::write(&changed, text).expect("write");
    std::fs::copy(fixture("cal.toml"), dir.path().join("cal.toml")).expect("copy");
    rota()
        .arg("plot")
        .arg(dir.path())
        .arg("--scenario")
        .arg(&changed)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("changed since"))
        .stderr(predicates::str::contains("rota solve"));
}

#[test]
fn plot_of_a_folder_without_a_solve() {
    let dir = tempfile::tempdir().expect("tmp");
    rota().arg("plot").arg(dir.path()).assert().code(1).stderr(predicates::str::contains("summary.json"));
}
