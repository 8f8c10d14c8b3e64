//! `rota solve`: read every scenario, solve all their groupings side by side, write
//! each scenario's files, print a table per scenario.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{exit, print_problems};
use crate::domain::{Rota, Scenario};
use crate::report::{evaluate, explain, files, summary};
use crate::scenario;
use crate::solve::{self, contradictions, GroupingSolve, Limits, SolveStatus};

/// The command line of `rota solve`, as the program uses it.
pub struct Request {
    pub scenarios: Vec<PathBuf>,
    pub out: PathBuf,
    pub time_limit: Option<f64>,
    pub gap: Option<f64>,
    pub threads: Option<usize>,
    pub strict: bool,
}

pub fn run(req: &Request) -> u8 {
    if let Some(bad) = req.time_limit.filter(|t| !(t.is_finite() && *t > 0.0)) {
        eprintln!("error: --time-limit must be a positive number of seconds, not {bad}");
        return exit::USAGE;
    }
    if let Some(bad) = req.gap.filter(|g| !(g.is_finite() && *g >= 0.0)) {
        eprintln!("error: --gap must be 0 or more, not {bad}");
        return exit::USAGE;
    }
    let mut code = exit::OK;
    let mut ready: Vec<(Arc<Scenario>, PathBuf)> = Vec::new();
    for path in &req.scenarios {
        match scenario::load(path) {
            Ok(loaded) => {
                print_problems(&loaded.warnings);
                let found = contradictions::find(&loaded.scenario);
                if !found.is_empty() {
                    report_contradictions(
                        path,
                        &found.iter().map(|c| format!("{} [{}]: {}", c.who, c.rule, c.message)).collect::<Vec<_>>(),
                    );
                    code = code.max(exit::CONTRADICTION);
                    continue;
                }
                let dir = out_dir(&req.out, path, req.scenarios.len());
                ready.push((Arc::new(loaded.scenario), dir));
            }
            Err(problems) => {
                print_problems(&problems);
                let n = problems.iter().filter(|p| p.is_error()).count();
                eprintln!("{}: {n} error(s); not solved", path.display());
                code = code.max(exit::INPUT);
            }
        }
    }
    if ready.is_empty() {
        return code;
    }

    let threads = req.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot start {threads} worker threads: {e}");
            return exit::USAGE;
        }
    };
    let progress = Progress::new(&ready);
    let jobs: Vec<(usize, usize)> =
        ready.iter().enumerate().flat_map(|(i, (s, _))| (0..s.groupings.len()).map(move |g| (i, g))).collect();
    let started = Instant::now();
    let results: Vec<GroupingSolve> = pool.install(|| {
        jobs.par_iter()
            .map(|&(i, g)| {
                let s = &ready[i].0;
                let limits = Limits {
                    time_limit_s: req.time_limit.unwrap_or(s.time_limit_s),
                    mip_gap: req.gap.unwrap_or(s.mip_gap),
                };
                let bar = progress.start(i, g, s, limits.time_limit_s);
                let result = solve::solve_grouping(Arc::clone(s), g, limits);
                progress.finish(bar, s, &result);
                result
            })
            .collect()
    });
    progress.clear();

    let mut offset = 0;
    for (s, dir) in &ready {
        let solves = &results[offset..offset + s.groupings.len()];
        offset += s.groupings.len();
        let outcome = write_scenario(s, dir, solves, started.elapsed().as_secs_f64());
        code = code.max(match outcome {
            Ok(shortfall) if req.strict && shortfall => exit::STRICT_SHORTFALL,
            Ok(_) => exit::OK,
            Err(c) => c,
        });
    }
    code
}

/// Where a scenario's files go: DIR itself for one scenario, DIR/<file stem> for several.
fn out_dir(out: &Path, scenario: &Path, count: usize) -> PathBuf {
    if count == 1 {
        out.to_path_buf()
    } else {
        out.join(scenario.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scenario".into()))
    }
}

fn report_contradictions(path: &Path, lines: &[String]) {
    eprintln!("{}: hard rules contradict each other; no rota is written:", path.display());
    for l in lines {
        eprintln!("  - {l}");
    }
}

/// Writes the scenario's files; Ok(any shortfall) or Err(exit code).
fn write_scenario(s: &Scenario, dir: &Path, solves: &[GroupingSolve], seconds: f64) -> Result<bool, u8> {
    let infeasible: Vec<String> = solves
        .iter()
        .filter(|g| g.status == SolveStatus::Infeasible)
        .map(|g| {
            format!(
                "grouping {} [hard rules]: the solver proved that its hard rules cannot all hold; check its staff's leave, minutes, consecutive-day and weekend limits, and its units' max_resting",
                s.groupings[g.grouping].id
            )
        })
        .collect();
    if !infeasible.is_empty() {
        report_contradictions(&s.path, &infeasible);
        return Err(exit::CONTRADICTION);
    }
    let mut rota = Rota { cells: vec![vec![crate::domain::Cell::OFF; s.days.len()]; s.staff.len()] };
    for g in solves {
        for (p, row) in &g.rows {
            rota.cells[*p] = row.clone();
        }
    }
    let figures: Vec<evaluate::Figures> =
        (0..s.groupings.len()).map(|g| evaluate::grouping_figures(s, &rota, g)).collect();
    let totals = evaluate::total(&figures);
    let shortfalls = explain::shortfalls(s, &rota);
    let sum = summary::build(s, solves, &figures, &totals, shortfalls, seconds);
    let json = serde_json::to_vec_pretty(&sum).unwrap_or_default();
    let outputs: [(&str, Vec<u8>); 4] = [
        ("rota.csv", files::rota_csv(s, &rota)),
        ("coverage.csv", files::coverage_csv(s, &rota)),
        ("lending.csv", files::lending_csv(s, &rota)),
        ("summary.json", json),
    ];
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create output folder {}: {e}", dir.display());
        return Err(exit::INPUT);
    }
    for (name, bytes) in outputs {
        let path = dir.join(name);
        if let Err(e) = files::write_whole(&path, &bytes) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Err(exit::INPUT);
        }
    }
    println!("{} → {}", s.name, dir.display());
    print!("{}", summary::table(&sum));
    print_shortfalls(&sum);
    for n in &sum.notes {
        println!("note: {n}");
    }
    Ok(totals.shortfall > 0.0 || totals.unit_shortfall > 0.0)
}

/// The shortfalls in plain words (the first few of each kind; all are in summary.json).
fn print_shortfalls(sum: &summary::Summary) {
    const SHOWN: usize = 12;
    if sum.shortfalls.is_empty() {
        println!("no shortfall: every unit at its minimum, every requirement filled");
        return;
    }
    println!("shortfalls ({}; all in summary.json):", sum.shortfalls.len());
    for sf in sum.shortfalls.iter().take(SHOWN) {
        println!(
            "  {} {} {}: {} short (need {}, have {}) — {}",
            sf.date,
            sf.kind,
            sf.id,
            sf.need - sf.have,
            sf.need,
            sf.have,
            sf.why
        );
    }
    if sum.shortfalls.len() > SHOWN {
        println!("  … and {} more", sum.shortfalls.len() - SHOWN);
    }
}

/// Progress: a bar per grouping on a terminal, plain lines otherwise.
struct Progress {
    multi: Option<MultiProgress>,
    several: bool,
}

impl Progress {
    fn new(ready: &[(Arc<Scenario>, PathBuf)]) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let multi = terminal.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Progress { multi, several: ready.len() > 1 }
    }

    fn label(&self, s: &Scenario, g: usize) -> String {
        if self.several {
            format!("{} / {}", s.name, s.groupings[g].id)
        } else {
            s.groupings[g].id.clone()
        }
    }

    fn start(&self, _i: usize, g: usize, s: &Scenario, limit: f64) -> Option<ProgressBar> {
        let multi = self.multi.as_ref()?;
        let bar = multi.add(ProgressBar::new((limit * 10.0) as u64));
        let style = ProgressStyle::with_template("{spinner} {prefix:<24} [{elapsed:>4}] {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(self.label(s, g));
        bar.enable_steady_tick(Duration::from_millis(100));
        let ticker = bar.clone();
        std::thread::spawn(move || {
            while !ticker.is_finished() {
                ticker.inc(1);
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        Some(bar)
    }

    fn finish(&self, bar: Option<ProgressBar>, s: &Scenario, r: &GroupingSolve) {
        let line = format!("{} {} in {:.1}s", self.label(s, r.grouping), r.status.as_str(), r.seconds);
        match bar {
            Some(b) => b.finish_with_message(format!("{} in {:.1}s", r.status.as_str(), r.seconds)),
            None => eprintln!("solved {line}"),
        }
    }

    fn clear(&self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}
