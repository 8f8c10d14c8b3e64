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
    run_with(req, &crate::present::Options::default())
}

/// `run`, with the charts, report.html, workbook and calendars written as `present` says.
pub fn run_with(req: &Request, present: &crate::present::Options) -> u8 {
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
    // Largest groupings first, each its own task: the two cores finish together
    // instead of one waiting on the last big grouping.
    let mut jobs: Vec<(usize, usize)> =
        ready.iter().enumerate().flat_map(|(i, (s, _))| (0..s.groupings.len()).map(move |g| (i, g))).collect();
    jobs.sort_by_key(|&(i, g)| (std::cmp::Reverse(work_estimate(&ready[i].0, g)), i, g));
    let started = Instant::now();
    let mut results: Vec<(usize, usize, GroupingSolve)> = pool.install(|| {
        jobs.par_iter()
            .with_max_len(1)
            .map(|&(i, g)| {
                let s = &ready[i].0;
                let limits = Limits {
                    time_limit_s: req.time_limit.unwrap_or(s.time_limit_s),
                    mip_gap: req.gap.unwrap_or(s.mip_gap),
                };
                let bar = progress.start(i, g, s, limits.time_limit_s);
                let result = solve::solve_grouping(Arc::clone(s), g, limits);
                progress.finish(bar, i, s, &result);
                (i, g, result)
            })
            .collect()
    });
    results.sort_by_key(|&(i, g, _)| (i, g));
    let results: Vec<GroupingSolve> = results.into_iter().map(|(_, _, r)| r).collect();
    progress.clear();

    let mut offset = 0;
    for (s, dir) in &ready {
        let solves = &results[offset..offset + s.groupings.len()];
        offset += s.groupings.len();
        let outcome = write_scenario(s, dir, solves, started.elapsed().as_secs_f64(), present);
        code = code.max(match outcome {
            Ok(shortfall) if req.strict && shortfall => exit::STRICT_SHORTFALL,
            Ok(_) => exit::OK,
            Err(c) => c,
        });
    }
    code
}

/// A rough size of grouping g's program: its people times the requirement-days they
/// may fill, for ordering the work.
fn work_estimate(s: &Scenario, g: usize) -> usize {
    let people = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).count();
    let slots: usize = s
        .requirements
        .iter()
        .filter(|r| s.owner_grouping(r.owner) == g)
        .map(|r| r.days.iter().filter(|d| **d).count())
        .sum();
    people * (slots + s.days.len())
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
fn write_scenario(
    s: &Scenario,
    dir: &Path,
    solves: &[GroupingSolve],
    seconds: f64,
    present: &crate::present::Options,
) -> Result<bool, u8> {
    let infeasible: Vec<String> = solves
        .iter()
        .filter(|g| g.status == SolveStatus::Infeasible)
        .flat_map(|g| {
            if g.contradictions.is_empty() {
                vec![format!(
                    "grouping {} [hard_rules]: the solver proved that its hard rules cannot all hold, but no single person or unit could be named; check its staff's leave, minutes, consecutive-day and weekend limits, and its units' max_resting",
                    s.groupings[g.grouping].id
                )]
            } else {
                g.contradictions.iter().map(|c| format!("{} [{}]: {}", c.who, c.rule, c.message)).collect()
            }
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
        if n.contains("NO VALID ROTA") {
            eprintln!("warning: {n}");
        }
    }
    if let Err(e) = crate::present::write_all(s, &rota, &sum, dir, present) {
        eprintln!("error: {e}");
        return Err(exit::INPUT);
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

/// Progress on stderr, readable for one scenario or a batch. One scenario: a bar per
/// grouping on a terminal, else a line per finished grouping. Several scenarios: one
/// overall bar (groupings solved of all) on a terminal, and a line per finished
/// scenario either way.
struct Progress {
    multi: Option<MultiProgress>,
    overall: Option<ProgressBar>,
    several: bool,
    started: Instant,
    /// Per scenario: groupings still solving, and the worst status so far.
    left: Vec<std::sync::Mutex<(usize, Option<SolveStatus>)>>,
    scenarios_done: std::sync::atomic::AtomicUsize,
}

fn status_rank(s: SolveStatus) -> u8 {
    match s {
        SolveStatus::Optimal => 0,
        SolveStatus::Feasible => 1,
        SolveStatus::TimeLimit => 2,
        SolveStatus::Infeasible => 3,
    }
}

impl Progress {
    fn new(ready: &[(Arc<Scenario>, PathBuf)]) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let several = ready.len() > 1;
        let multi = terminal.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let total: usize = ready.iter().map(|(s, _)| s.groupings.len()).sum();
        let overall = match (&multi, several) {
            (Some(m), true) => {
                let bar = m.add(ProgressBar::new(total as u64));
                let style = ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} groupings · {msg} · eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                bar.set_message(format!("0/{} scenarios", ready.len()));
                bar.enable_steady_tick(Duration::from_millis(200));
                Some(bar)
            }
            _ => None,
        };
        Progress {
            multi,
            overall,
            several,
            started: Instant::now(),
            left: ready.iter().map(|(s, _)| std::sync::Mutex::new((s.groupings.len(), None))).collect(),
            scenarios_done: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn start(&self, _i: usize, g: usize, s: &Scenario, limit: f64) -> Option<ProgressBar> {
        if self.several {
            return None;
        }
        let multi = self.multi.as_ref()?;
        let bar = multi.add(ProgressBar::new((limit * 10.0) as u64));
        let style = ProgressStyle::with_template("{spinner} {prefix:<24} [{elapsed:>4}] {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(s.groupings[g].id.clone());
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

    fn finish(&self, bar: Option<ProgressBar>, i: usize, s: &Scenario, r: &GroupingSolve) {
        if !self.several {
            match bar {
                Some(b) => b.finish_with_message(format!("{} in {:.1}s", r.status.as_str(), r.seconds)),
                None => eprintln!("solved {} {} in {:.1}s", s.groupings[r.grouping].id, r.status.as_str(), r.seconds),
            }
            return;
        }
        if let Some(o) = &self.overall {
            o.inc(1);
        }
        let finished = {
            let Ok(mut entry) = self.left[i].lock() else { return };
            entry.0 = entry.0.saturating_sub(1);
            if entry.1.map_or(true, |w| status_rank(r.status) > status_rank(w)) {
                entry.1 = Some(r.status);
            }
            (entry.0 == 0).then_some(entry.1)
        };
        let Some(worst) = finished else { return };
        let k = self.scenarios_done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let n = self.left.len();
        let line = format!(
            "[{k}/{n}] {}: {} grouping(s) solved, worst {}, after {:.1}s",
            s.name,
            s.groupings.len(),
            worst.map_or("-", |w| w.as_str()),
            self.started.elapsed().as_secs_f64()
        );
        match (&self.multi, &self.overall) {
            (Some(m), Some(o)) => {
                o.set_message(format!("{k}/{n} scenarios"));
                let _ = m.println(line);
            }
            _ => eprintln!("{line}"),
        }
    }

    fn clear(&self) {
        if let Some(o) = &self.overall {
            o.finish_and_clear();
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}
