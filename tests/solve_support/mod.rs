//! Tiny worlds for the solver tests: a scenario written to a temporary folder, solved
//! through the real binary (`rota solve`), its output folder checked by the independent
//! checker (`rota::verify::verify_dir`), and the files read back for assertions.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use rota::domain::Scenario;
use rota::verify;

/// A scenario (and any files next to it) in a temporary folder.
pub struct World {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub scenario: Scenario,
    runs: std::cell::Cell<usize>,
}

/// Writes `toml` as a scenario and reads it; panics with the problems when invalid.
pub fn world(toml: &str) -> World {
    world_with(toml, &[])
}

/// Like [`world`], with more files (a staff CSV, a calendar) next to the scenario.
pub fn world_with(toml: &str, files: &[(&str, &str)]) -> World {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write side file");
    }
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, toml).expect("write scenario");
    let scenario = load(&path);
    World { dir, path, scenario, runs: std::cell::Cell::new(0) }
}

/// Reads a scenario file; panics with the problems when invalid.
pub fn load(path: &Path) -> Scenario {
    match rota::scenario::load(path) {
        Ok(loaded) => loaded.scenario,
        Err(problems) => {
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!("test scenario {} is invalid:\n{}", path.display(), text.join("\n"))
        }
    }
}

/// `rota ARGS…`, run to the end.
pub fn rota(args: &[&str]) -> Output {
    Command::cargo_bin("rota").expect("the rota binary").args(args).output().expect("run rota")
}

/// What one `rota solve` gave.
pub struct Solved {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
}

impl World {
    /// A fresh output folder inside the world.
    pub fn fresh_out(&self) -> PathBuf {
        let n = self.runs.get() + 1;
        self.runs.set(n);
        self.dir.path().join(format!("out{n}"))
    }

    /// `rota solve` on this world with `--time-limit 10` and `args`, whatever the outcome.
    pub fn solve_raw(&self, args: &[&str]) -> Solved {
        let out = self.fresh_out();
        solve_path(&self.path, &out, args)
    }

    /// `rota solve` that must succeed (exit 0) with files that verify accepts.
    pub fn solve(&self) -> Result {
        self.solve_with(&[])
    }

    pub fn solve_with(&self, args: &[&str]) -> Result {
        let solved = self.solve_raw(args);
        assert_eq!(solved.code, 0, "rota solve exit code\nstdout:\n{}\nstderr:\n{}", solved.stdout, solved.stderr);
        checked(&self.scenario, solved)
    }

    /// The same world with `from` replaced by `to` in its scenario text (which must contain it).
    pub fn variant(&self, from: &str, to: &str) -> World {
        let text = std::fs::read_to_string(&self.path).expect("read scenario");
        assert!(text.contains(from), "scenario has no `{from}`");
        world(&text.replacen(from, to, 1))
    }
}

/// `rota solve SCENARIO --out OUT --time-limit 10 ARGS…`.
pub fn solve_path(scenario: &Path, out: &Path, args: &[&str]) -> Solved {
    let mut all: Vec<&str> =
        vec!["solve", scenario.to_str().expect("utf-8 path"), "--out", out.to_str().expect("utf-8 path")];
    if !args.contains(&"--time-limit") {
        all.extend(["--time-limit", "10"]);
    }
    all.extend(args);
    let o = rota(&all);
    Solved {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        out: out.to_path_buf(),
    }
}

/// Verifies a finished solve and reads its files back; panics with verify's report
/// when the checker finds anything.
pub fn checked(s: &Scenario, solved: Solved) -> Result {
    try_checked(s, solved).unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`checked`], with what is wrong as an error instead of a panic.
pub fn try_checked(s: &Scenario, solved: Solved) -> std::result::Result<Result, String> {
    let report = verify::verify_dir(s, &solved.out);
    if !report.is_valid() {
        return Err(format!("verify rejects the solver's rota:\n{}\nstdout:\n{}", report.render(30), solved.stdout));
    }
    let r = Result::read(solved);
    // A grouping reported optimal has its bound at the objective recomputed from the
    // rota written: the model's objective and the written rota's agree.
    for g in r.summary["groupings"].as_array().expect("groupings") {
        if g["status"] == "optimal" {
            let (objective, bound) = (g["objective"].as_f64().expect("objective"), g["bound"].as_f64().expect("bound"));
            if (objective - bound).abs() > 1e-6 * objective.abs().max(1.0) {
                return Err(format!(
                    "grouping {} is optimal but its bound {bound} is not its objective {objective}\nstdout:\n{}",
                    g["id"], r.solved.stdout
                ));
            }
        }
    }
    Ok(r)
}

/// One row of rota.csv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub date: String,
    pub staff: String,
    pub unit: String,
    pub status: String,
    pub at_unit: String,
    pub shift: String,
    pub requirement: String,
}

/// One row of coverage.csv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub date: String,
    pub kind: String,
    pub id: String,
    pub need: u32,
    pub have: u32,
}

/// A solve that verify accepted, read back.
pub struct Result {
    pub solved: Solved,
    pub rows: Vec<Row>,
    pub coverage: Vec<Coverage>,
    pub lending: Vec<Vec<String>>,
    pub summary: serde_json::Value,
}

pub fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().map(|r| r.expect("csv row").iter().map(str::to_string).collect()).collect()
}

impl Result {
    fn read(solved: Solved) -> Result {
        let rows = csv_rows(&solved.out.join("rota.csv"))
            .into_iter()
            .map(|c| Row {
                date: c[0].clone(),
                staff: c[1].clone(),
                unit: c[2].clone(),
                status: c[3].clone(),
                at_unit: c[4].clone(),
                shift: c[5].clone(),
                requirement: c[6].clone(),
            })
            .collect();
        let coverage = csv_rows(&solved.out.join("coverage.csv"))
            .into_iter()
            .map(|c| Coverage {
                date: c[0].clone(),
                kind: c[1].clone(),
                id: c[2].clone(),
                need: c[3].parse().expect("need"),
                have: c[4].parse().expect("have"),
            })
            .collect();
        let lending = csv_rows(&solved.out.join("lending.csv"));
        let text = std::fs::read_to_string(solved.out.join("summary.json")).expect("summary.json");
        let summary = serde_json::from_str(&text).expect("summary.json is JSON");
        Result { solved, rows, coverage, lending, summary }
    }

    pub fn objective(&self) -> f64 {
        self.summary["objective"].as_f64().expect("objective")
    }

    pub fn status(&self) -> &str {
        self.summary["status"].as_str().expect("status")
    }

    /// A figure of `totals` in summary.json.
    pub fn total(&self, key: &str) -> f64 {
        self.summary["totals"][key].as_f64().unwrap_or_else(|| panic!("totals.{key}"))
    }

    /// Missing persons in requirements plus under unit minimums.
    pub fn all_shortfall(&self) -> f64 {
        self.total("shortfall") + self.total("unit_shortfall")
    }

    /// The rows of one person, by date.
    pub fn of(&self, staff: &str) -> Vec<&Row> {
        let rows: Vec<&Row> = self.rows.iter().filter(|r| r.staff == staff).collect();
        assert!(!rows.is_empty(), "no rows for {staff}");
        rows
    }

    /// One person's days, compactly: `o` office at home (`o@u` elsewhere), `s` shift,
    /// `r` rest, `f` off, `l` leave, then `:shift` when one is held. E.g. `o o:night r f s:day`.
    pub fn line(&self, staff: &str) -> String {
        self.of(staff)
            .iter()
            .map(|r| {
                let mut code = match r.status.as_str() {
                    "office" if r.at_unit == r.unit => "o".to_string(),
                    "office" => format!("o@{}", r.at_unit),
                    "shift" => "s".into(),
                    "rest" => "r".into(),
                    "off" => "f".into(),
                    "leave" => "l".into(),
                    other => panic!("unknown status {other}"),
                };
                if !r.shift.is_empty() {
                    code.push(':');
                    code.push_str(&r.shift);
                }
                code
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The dates on which `staff` holds a shift.
    pub fn duty_dates(&self, staff: &str) -> Vec<String> {
        self.of(staff).iter().filter(|r| !r.shift.is_empty()).map(|r| r.date.clone()).collect()
    }

    /// (date, staff) → row.
    pub fn at(&self, date: &str, staff: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.date == date && r.staff == staff)
            .unwrap_or_else(|| panic!("no row for {staff} on {date}"))
    }

    /// `have` of requirement `id` on each day it applies, from coverage.csv.
    pub fn filled(&self, id: &str) -> BTreeMap<String, u32> {
        self.coverage
            .iter()
            .filter(|c| c.kind == "requirement" && c.id == id)
            .map(|c| (c.date.clone(), c.have))
            .collect()
    }

    /// How many days `staff` has `status`.
    pub fn count_status(&self, staff: &str, status: &str) -> usize {
        self.of(staff).iter().filter(|r| r.status == status).count()
    }
}

/// The JSON of summary.json with the wall-clock fields (`solve_seconds`) set to 0.
pub fn masked_summary(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    fn mask(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map.iter_mut() {
                    if k == "solve_seconds" {
                        *x = serde_json::json!(0.0);
                    } else {
                        mask(x);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    mask(&mut json);
    serde_json::to_string_pretty(&json).expect("JSON")
}

/// Objectives compare to this absolute tolerance (summary.json keeps six decimals).
pub const EPS: f64 = 1e-5;

pub fn assert_close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= EPS * a.abs().max(b.abs()).max(1.0), "{what}: {a} != {b}");
}
