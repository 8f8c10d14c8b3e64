//! What a planner looks at and hands on, written next to the contract's files after a
//! solve (and again by `rota plot`): charts (SVG and PNG), report.html, the 值班表
//! workbook, a calendar per person, and with `--excel` CSV files for Excel and WPS.
//! Everything here is a pure function of the scenario, the rota and the summary, and
//! byte-for-byte the same for the same input.

pub mod canvas;
pub mod charts;
pub mod compare;
pub mod excel_csv;
pub mod fonts;
pub mod html;
pub mod ics;
pub mod labels;
pub mod read;
pub mod xlsx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::{DayKind, Rota, Scenario};
use crate::report::files::write_whole;
pub use labels::Lang;
use read::SummaryView;

/// How the presentation files are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    /// Also write OUTDIR/excel/*.csv (BOM, names, formula-safe).
    pub excel: bool,
}

/// A solved scenario, as the presentation writers see it.
pub struct Plan<'a> {
    pub s: &'a Scenario,
    pub rota: &'a Rota,
    pub sum: &'a SummaryView,
    /// Holiday names by date, from the calendars used (where they name them).
    pub holidays: BTreeMap<NaiveDate, String>,
}

impl<'a> Plan<'a> {
    pub fn new(s: &'a Scenario, rota: &'a Rota, sum: &'a SummaryView) -> Plan<'a> {
        Plan { s, rota, sum, holidays: holiday_names(s) }
    }
}

/// Names of the horizon's holidays, read again from the calendars the scenario used
/// (the built-in ones from the binary). Best effort: a calendar that cannot be read
/// again names nothing.
pub fn holiday_names(s: &Scenario) -> BTreeMap<NaiveDate, String> {
    let mut names = BTreeMap::new();
    for info in &s.calendars {
        let text = match info.source.strip_prefix("cn:calendars/") {
            Some(file) => crate::calendar::BUILTIN_CN.iter().find(|(f, _)| *f == file).map(|(_, t)| t.to_string()),
            None => std::fs::read_to_string(&info.source).ok(),
        };
        let Some(text) = text else { continue };
        let mut diags = crate::diag::Diagnostics::default();
        let Some(cal) =
            crate::calendar::read_calendar(crate::diag::SourceFile::new(info.source.clone(), text), &mut diags)
        else {
            continue;
        };
        for day in s.days.iter().filter(|d| d.kind == DayKind::Holiday) {
            if let Some(name) = cal.holiday_name(day.date) {
                names.insert(day.date, name.to_string());
            }
        }
    }
    names
}

/// Which font PNG charts were drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PngText {
    /// Names and labels as asked.
    Names,
    /// No CJK font: ids and English labels.
    Ids,
    /// No font at all: no PNG.
    None,
}

impl PngText {
    pub fn of(font: &fonts::ChartFont) -> PngText {
        match (&font.font, font.cjk) {
            (None, _) => PngText::None,
            (Some(_), true) => PngText::Names,
            (Some(_), false) => PngText::Ids,
        }
    }
}

/// A chart written to OUTDIR/charts.
pub struct ChartFile {
    /// File name without extension (`units`, `requirements`, …).
    pub stem: &'static str,
    pub svg: String,
}

/// Writes a chart as charts/<stem>.svg and, when a font is there, charts/<stem>.png.
pub fn write_chart<F: charts::Figure>(
    dir: &Path,
    stem: &'static str,
    figure: &F,
    lang: Lang,
    provisional: bool,
    font: &fonts::ChartFont,
) -> Result<ChartFile, String> {
    let ctx = charts::Ctx { lang, names: true, provisional };
    let svg = charts::svg(figure, &ctx).map_err(|e| format!("chart {stem}: {}", e.0))?;
    write(&dir.join(format!("{stem}.svg")), svg.as_bytes())?;
    let png_ctx = charts::Ctx { lang: if font.cjk { lang } else { Lang::En }, names: font.cjk, provisional };
    if let Some(png) = charts::png(figure, &png_ctx, font).map_err(|e| format!("chart {stem}: {}", e.0))? {
        write(&dir.join(format!("{stem}.png")), &png)?;
    }
    Ok(ChartFile { stem, svg })
}

/// The charts of one solved scenario, into `dir` (OUTDIR/charts).
pub fn write_charts(plan: &Plan, dir: &Path, lang: Lang, font: &fonts::ChartFont) -> Result<Vec<ChartFile>, String> {
    let (s, rota) = (plan.s, plan.rota);
    let provisional = plan.sum.calendar_provisional || s.any_provisional();
    create_dir(dir)?;
    let mut out = Vec::new();
    if s.office && !s.units.is_empty() {
        out.push(write_chart(dir, "units", &charts::units::UnitsChart::new(s, rota), lang, provisional, font)?);
    }
    if !s.requirements.is_empty() {
        let req = charts::duty::RequirementsChart::new(s, rota);
        out.push(write_chart(dir, "requirements", &req, lang, provisional, font)?);
        let points = charts::duty::PointsChart::new(s, rota);
        if !points.panels.is_empty() {
            out.push(write_chart(dir, "points", &points, lang, provisional, font)?);
        }
    }
    if s.office {
        out.push(write_chart(dir, "comp", &charts::comp::CompChart::new(s, rota), lang, provisional, font)?);
        out.push(write_chart(dir, "lending", &charts::lending::LendingChart::new(s, rota), lang, provisional, font)?);
    }
    Ok(out)
}

/// Everything of this module for one solved scenario, into its output folder.
pub fn write_plan(s: &Scenario, rota: &Rota, sum: &SummaryView, dir: &Path, opts: &Options) -> Result<(), String> {
    let plan = Plan::new(s, rota, sum);
    let font = fonts::chart_font();
    let charts = write_charts(&plan, &dir.join("charts"), opts.lang, font)?;
    let page = html::report(&plan, &charts, opts.lang, PngText::of(font));
    write(&dir.join("report.html"), page.as_bytes())?;
    write(&dir.join(xlsx::FILE_NAME), &xlsx::workbook(&plan)?)?;
    ics::write_all(&plan, &dir.join("calendars"), opts.lang)?;
    if opts.excel {
        let excel = dir.join("excel");
        create_dir(&excel)?;
        for (name, bytes) in excel_csv::files(&plan, opts.lang) {
            write(&excel.join(name), &bytes)?;
        }
    }
    Ok(())
}

/// After `rota solve`: the presentation files of a scenario just solved.
pub fn write_all(
    s: &Scenario,
    rota: &Rota,
    sum: &crate::report::summary::Summary,
    dir: &Path,
    opts: &Options,
) -> Result<(), String> {
    write_plan(s, rota, &read::summary_of(sum), dir, opts)
}

/// What `rota plot` could not do, with how to fix it.
#[derive(Debug)]
pub struct PlotError {
    pub message: String,
    pub help: String,
}

/// The scenario of a solve folder, checked: the file named in summary.json (or
/// `scenario`, when given) must exist and hash as it did when solved.
pub fn load_solved(dir: &Path, scenario: Option<&Path>) -> Result<(Scenario, Rota, SummaryView), PlotError> {
    let sum = read::summary(dir).map_err(|message| PlotError {
        message,
        help: format!("give the folder that `rota solve SCENARIO --out {}` wrote", dir.display()),
    })?;
    let path: PathBuf = match scenario {
        Some(p) => p.to_path_buf(),
        None if sum.scenario_file.is_empty() => {
            return Err(PlotError {
                message: format!("{}/summary.json does not name its scenario file", dir.display()),
                help: "name it: rota plot OUTDIR --scenario SCENARIO.toml".into(),
            })
        }
        None => PathBuf::from(&sum.scenario_file),
    };
    if !path.is_file() {
        return Err(PlotError {
            message: format!("the scenario file `{}` of this solve is not there", path.display()),
            help: "paths in summary.json are as given to `rota solve` (relative to the folder it ran in): run rota plot from that folder, or name the file with --scenario PATH".into(),
        });
    }
    let loaded = crate::scenario::load(&path).map_err(|problems| PlotError {
        message: format!("`{}` has {} error(s) now", path.display(), problems.iter().filter(|p| p.is_error()).count()),
        help: format!("fix it (rota check {}) and solve again", path.display()),
    })?;
    if loaded.scenario.input_sha256 != sum.input_sha256 {
        return Err(PlotError {
            message: format!(
                "`{}` (or a calendar or staff file it reads) changed since {} was solved",
                path.display(),
                dir.display()
            ),
            help: format!("solve again: rota solve {} --out {}", path.display(), dir.display()),
        });
    }
    let rota = read::rota(&loaded.scenario, dir).map_err(|message| PlotError {
        message,
        help: format!("solve again: rota solve {} --out {}", path.display(), dir.display()),
    })?;
    Ok((loaded.scenario, rota, sum))
}

pub fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_whole(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
