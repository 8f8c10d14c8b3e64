//! Instance1 of the Curtois & Qu benchmark solved through the real code path — `rota
//! import curtois`, `rota solve`, `rota export curtois`, `rota verify`, the binary each
//! time — to its known optimum 607, and the roster judged by the independent evaluator
//! `../shared/peers/check_curtois.py` when python3 and the script are here. It takes
//! about a second; the bigger instances are for `cargo bench --bench curtois`.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use rota::import::curtois::{self, Roster};

const OPTIMUM: f64 = 607.0;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/curtois").join(name)
}

fn rota() -> Command {
    Command::cargo_bin("rota").unwrap()
}

/// `check_curtois.py --json` on a roster, when python3 and the peers are here.
fn check_curtois(instance: &Path, roster: &Path) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/check_curtois.py");
    if !script.is_file() {
        return None;
    }
    let out = Process::new("python3").arg(&script).arg(instance).arg(roster).arg("--json").output().ok()?;
    let json: serde_json::Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).ok()?;
    assert_eq!(out.status.success(), json["feasible"].as_bool() == Some(true), "exit status and verdict agree: {json}");
    Some(json)
}

#[test]
fn instance1_is_solved_to_607_through_the_real_code_path() {
    let dir = tempfile::tempdir().unwrap();
    let instance = fixture("Instance1.txt");
    let scenario = dir.path().join("instance1.toml");
    let out = dir.path().join("out");
    let roster = dir.path().join("roster.csv");

    rota().arg("import").arg("curtois").arg(&instance).arg("-o").arg(&scenario).assert().success();
    rota()
        .arg("solve")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .args(["--time-limit", "60", "--gap", "0"])
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .success();

    // rota's own figures, whatever python3 says.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let objective = summary["objective"].as_f64().unwrap();
    let gap = summary["gap"].as_f64().unwrap();
    let status = summary["status"].as_str().unwrap();
    assert_eq!(objective, OPTIMUM, "{summary}");
    assert!(status == "optimal" || gap <= 0.005, "status {status}, gap {gap}");
    let bound = summary["bound"].as_f64().unwrap();
    assert!((OPTIMUM * (1.0 - 0.005) - 1e-6..=OPTIMUM + 1e-6).contains(&bound), "bound {bound}");

    // The roster as the benchmark writes it, and its penalty by rota's own reading of
    // the instance (apart from the model).
    rota().arg("export").arg("curtois").arg(&out).arg("-o").arg(&roster).assert().success();
    let text = std::fs::read_to_string(&roster).unwrap();
    let inst = curtois::parse("Instance1.txt", &std::fs::read_to_string(&instance).unwrap()).unwrap();
    let held = Roster::from_csv(&inst, &text).unwrap();
    assert_eq!(curtois::penalty(&inst, &held).total(), 607);

    // The independent evaluator: no hard violation, penalty 607.
    match check_curtois(&instance, &roster) {
        Some(json) => {
            assert_eq!(json["feasible"], true, "hard violations: {}", json["hard_violations"]);
            assert_eq!(json["format_problems"], 0, "{json}");
            assert_eq!(json["objective"].as_u64(), Some(607), "{json}");
        }
        None => eprintln!("python3 or ../shared/peers/check_curtois.py missing: independent check skipped"),
    }

    // rota's own independent checker accepts the output folder and recomputes 607.
    let verify = rota().arg("verify").arg(&scenario).arg(&out).assert().success();
    let stdout = String::from_utf8_lossy(&verify.get_output().stdout).into_owned();
    assert!(stdout.contains("valid") && stdout.contains("607"), "{stdout}");
}
