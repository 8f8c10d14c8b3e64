//! `rota compare A.toml B.toml … --out DIR`: solve every scenario into DIR/<file stem>/
//! (side by side, as `rota solve` does; a folder whose summary.json has the scenario's
//! current input hash is reused as it is), then the side-by-side table on the terminal,
//! in DIR/comparison.csv and DIR/comparison.md, the headline chart in DIR/charts/ and
//! DIR/report.html.

use std::path::{Path, PathBuf};

use super::{exit, solve};
use crate::present::{self, charts, compare, fonts, html, read, Options, PngText};

/// The command line of `rota compare`, as the program uses it.
pub struct Request {
    pub scenarios: Vec<PathBuf>,
    pub out: PathBuf,
    pub time_limit: Option<f64>,
    pub gap: Option<f64>,
    pub threads: Option<usize>,
    pub present: Options,
}

/// The folder name of a scenario: its file stem.
pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scenario".into())
}

/// The scenario's current input hash, when it loads.
fn current_hash(path: &Path) -> Option<String> {
    crate::scenario::load(path).ok().map(|l| l.scenario.input_sha256)
}

/// Is DIR a finished solve of this exact input?
fn solved(dir: &Path, hash: Option<&str>) -> Option<read::SummaryView> {
    let sum = read::summary(dir).ok()?;
    let complete = ["rota.csv", "coverage.csv", "lending.csv"].iter().all(|f| dir.join(f).is_file());
    (complete && hash == Some(sum.input_sha256.as_str())).then_some(sum)
}

/// Was report.html written in this language (and the Excel files, when asked)?
fn presentation_current(dir: &Path, opts: &Options) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("report.html")) else { return false };
    let lang = if opts.lang == present::Lang::Zh { "lang=\"zh-CN\"" } else { "lang=\"en\"" };
    text.contains(lang) && (!opts.excel || dir.join("excel").is_dir())
}

pub fn run(req: &Request) -> u8 {
    let stems: Vec<String> = req.scenarios.iter().map(|p| stem(p)).collect();
    for (i, s) in stems.iter().enumerate() {
        if stems[..i].contains(s) {
            eprintln!(
                "error: two scenarios have the file name `{s}`: each is solved into DIR/<file stem>/; rename one"
            );
            return exit::USAGE;
        }
    }
    let hashes: Vec<Option<String>> = req.scenarios.iter().map(|p| current_hash(p)).collect();
    let mut stale: Vec<usize> = Vec::new();
    for (i, path) in req.scenarios.iter().enumerate() {
        let dir = req.out.join(&stems[i]);
        if solved(&dir, hashes[i].as_deref()).is_some() {
            eprintln!("{}: unchanged since it was solved; reusing {}", path.display(), dir.display());
        } else {
            stale.push(i);
        }
    }
    let mut code = exit::OK;
    if !stale.is_empty() {
        // One scenario is solved straight into its folder; several into DIR/<stem>.
        let out = if stale.len() == 1 { req.out.join(&stems[stale[0]]) } else { req.out.clone() };
        let solve = solve::Request {
            scenarios: stale.iter().map(|&i| req.scenarios[i].clone()).collect(),
            out,
            time_limit: req.time_limit,
            gap: req.gap,
            threads: req.threads,
            strict: false,
        };
        code = solve::run_with(&solve, &req.present);
    }
    let mut cols = Vec::new();
    let mut scenario_svgs = Vec::new();
    for (i, path) in req.scenarios.iter().enumerate() {
        let dir = req.out.join(&stems[i]);
        let Some(sum) = solved(&dir, hashes[i].as_deref()) else {
            eprintln!("{}: not solved; left out of the comparison", path.display());
            continue;
        };
        if !stale.contains(&i) && !presentation_current(&dir, &req.present) {
            if let Err(e) = present::load_solved(&dir, Some(path))
                .map_err(|e| e.message)
                .and_then(|(s, rota, sum)| present::write_plan(&s, &rota, &sum, &dir, &req.present))
            {
                eprintln!("error: {e}");
                code = code.max(exit::INPUT);
            }
        }
        let svgs = ["units", "requirements"]
            .iter()
            .filter_map(|c| {
                Some((c.to_string(), std::fs::read_to_string(dir.join("charts").join(format!("{c}.svg"))).ok()?))
            })
            .collect();
        scenario_svgs.push(svgs);
        cols.push(compare::Column { stem: stems[i].clone(), sum });
    }
    if cols.is_empty() {
        return code.max(exit::INPUT);
    }
    print!("{}", compare::terminal(&cols, req.present.lang));
    if let Err(e) = write_comparison(&req.out, &cols, &scenario_svgs, &req.present) {
        eprintln!("error: {e}");
        return code.max(exit::INPUT);
    }
    println!("comparison → {}", req.out.join("report.html").display());
    code
}

/// comparison.csv, comparison.md, charts/headline.svg/.png, report.html (and
/// excel/comparison.csv with `--excel`).
pub fn write_comparison(
    dir: &Path,
    cols: &[compare::Column],
    scenario_svgs: &[Vec<(String, String)>],
    opts: &Options,
) -> Result<(), String> {
    present::create_dir(dir)?;
    present::write(&dir.join("comparison.csv"), &compare::csv(cols, opts.lang))?;
    present::write(&dir.join("comparison.md"), compare::markdown(cols, opts.lang).as_bytes())?;
    let figure = charts::headline::HeadlineChart {
        scenarios: cols.iter().map(|c| (c.stem.clone(), c.sum.scenario.clone(), c.sum.clone())).collect(),
    };
    let provisional = cols.iter().any(|c| c.sum.calendar_provisional);
    let font = fonts::chart_font();
    let charts_dir = dir.join("charts");
    present::create_dir(&charts_dir)?;
    let chart = present::write_chart(&charts_dir, "headline", &figure, opts.lang, provisional, font)?;
    let page = html::comparison(cols, &chart.svg, scenario_svgs, opts.lang, PngText::of(font));
    present::write(&dir.join("report.html"), page.as_bytes())?;
    if opts.excel {
        let excel = dir.join("excel");
        present::create_dir(&excel)?;
        let rows = compare::csv_rows(cols, opts.lang);
        present::write(&excel.join("comparison.csv"), &present::excel_csv::to_excel(&rows))?;
    }
    Ok(())
}
