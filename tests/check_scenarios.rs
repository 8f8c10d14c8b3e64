//! `rota check` on every shipped scenario: valid, summarised, and the Licheng model as
//! the issue describes it (43 units in 14 groupings; isolated: every unit on its own).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    found.sort();
    found
}

/// Runs `rota check` on one shipped scenario; returns (exit, stdout, stderr).
fn check(path: &Path) -> (i32, String, String) {
    let out = Command::cargo_bin("rota").expect("binary").arg("check").arg(path).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

#[test]
fn every_shipped_scenario_is_valid() {
    let all = scenarios();
    assert!(all.len() >= 3, "{all:?}");
    for path in all {
        let (exit, stdout, stderr) = check(&path);
        assert_eq!(exit, 0, "{}:\n{stderr}", path.display());
        assert!(stdout.contains("\" is valid"), "{}:\n{stdout}", path.display());
        assert!(!stderr.contains("rota::") || stderr.contains("provisional_calendar"), "{stderr}");
    }
}

#[test]
fn the_pooled_licheng_scenario_has_14_groupings_and_43_units() {
    let (exit, stdout, stderr) = check(&shipped("licheng-2027q1-pooled.toml"));
    assert_eq!(exit, 0, "{stderr}");
    assert!(stdout.contains("groupings  14   units 43   staff 306"), "{stdout}");
    assert!(stdout.contains("horizon    2027-01-01 .. 2027-03-31: 90 days"), "{stdout}");
    for source_named in ["组织部组合", "宣传部组合", "政法委组合", "高新区组合", "文商旅组合", "群团组合"]
    {
        assert!(stdout.contains(source_named), "{source_named} missing:\n{stdout}");
    }
}

#[test]
fn the_isolated_licheng_scenario_has_every_unit_on_its_own() {
    let (exit, stdout, stderr) = check(&shipped("licheng-2027q1-isolated.toml"));
    assert_eq!(exit, 0, "{stderr}");
    assert!(stdout.contains("groupings  43   units 43   staff 306"), "{stdout}");
}

#[test]
fn the_licheng_scenarios_say_their_calendar_is_provisional() {
    for name in ["licheng-2027q1-pooled.toml", "licheng-2027q1-isolated.toml", "example.toml"] {
        let (_, stdout, stderr) = check(&shipped(name));
        assert!(stdout.contains("[PROVISIONAL: not yet officially published]"), "{name}:\n{stdout}");
        assert!(stderr.contains("rota::provisional_calendar"), "{name}:\n{stderr}");
    }
}

#[test]
fn the_pooled_and_isolated_scenarios_plan_the_same_people_and_units() {
    let load = |name: &str| rota::scenario::load(&shipped(name)).expect("valid").scenario;
    let pooled = load("licheng-2027q1-pooled.toml");
    let isolated = load("licheng-2027q1-isolated.toml");
    let ids = |s: &rota::domain::Scenario| {
        s.staff.iter().map(|p| (p.id.clone(), s.units[p.unit].id.clone())).collect::<Vec<_>>()
    };
    assert_eq!(ids(&pooled), ids(&isolated));
    let units = |s: &rota::domain::Scenario| s.units.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
    assert_eq!(units(&pooled), units(&isolated));
    assert!(isolated.groupings.iter().all(|g| g.implicit && g.units.len() == 1));
    assert!(pooled.groupings.iter().all(|g| !g.implicit));
    // About 90% of units have 10 or fewer staff.
    let small = pooled
        .units
        .iter()
        .enumerate()
        .filter(|(u, _)| pooled.staff.iter().filter(|p| p.unit == *u).count() <= 10)
        .count();
    assert!(small * 10 >= pooled.units.len() * 8, "{small} of {} units are small", pooled.units.len());
}

#[test]
fn checking_several_scenarios_reports_each_and_fails_if_one_fails() {
    let dir = tempfile::tempdir().expect("folder");
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[scenario]\nname = 1\n").expect("write");
    let out = Command::cargo_bin("rota")
        .expect("binary")
        .arg("check")
        .arg(shipped("example.toml"))
        .arg(&broken)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("example.toml: \"示例：组织部组合 2027年3月上半月\" is valid"), "{stdout}");
    assert!(stderr.contains("broken.toml: 3 error(s); nothing was planned"), "{stderr}");
}

#[test]
fn a_command_line_without_scenario_is_a_usage_error() {
    let out = Command::cargo_bin("rota").expect("binary").arg("check").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}
