//! The command line, as clap sees it. Nothing here knows how a verb works.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "rota", version, about = "Plans staff rotas for pooled district departments (MILP, HiGHS)")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate scenarios; print a summary of each and every problem found.
    Check {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Plan the rota of each scenario: one MILP per grouping, solved side by side.
    Solve {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Output folder; with several scenarios, one sub-folder per scenario.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Solver time limit per grouping, in seconds (default: the scenario's time_limit_s).
        #[arg(long, value_name = "S")]
        time_limit: Option<f64>,
        /// Relative optimality gap at which a grouping may stop (default: the scenario's mip_gap).
        #[arg(long, value_name = "G")]
        gap: Option<f64>,
        /// Groupings solved at once (default: the number of cores). Each solve uses one thread.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Exit with code 3 when any shortfall remains.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        present: PresentArgs,
    },
    /// Solve several scenarios (in parallel, reusing up-to-date results) and compare them side by side.
    Compare {
        /// Scenario files (TOML); the first is the baseline.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Output folder: one sub-folder per scenario (its file stem), comparison.csv, comparison.md, report.html.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Solver time limit per grouping, in seconds (default: the scenario's time_limit_s).
        #[arg(long, value_name = "S")]
        time_limit: Option<f64>,
        /// Relative optimality gap at which a grouping may stop (default: the scenario's mip_gap).
        #[arg(long, value_name = "G")]
        gap: Option<f64>,
        /// Groupings solved at once (default: the number of cores). Each solve uses one thread.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        present: PresentArgs,
    },
    /// Draw the charts and write report.html, the workbook and the calendars again from a solve folder, without solving.
    Plot {
        /// The folder `rota solve --out` wrote.
        outdir: PathBuf,
        /// The scenario file, when it is not where summary.json says (scenario_file).
        #[arg(long, value_name = "SCENARIO.toml")]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        present: PresentArgs,
    },
    /// Check a rota (an output folder, perhaps edited by hand) against every hard rule and recompute its figures.
    Verify {
        /// The scenario file the rota was planned for.
        scenario: PathBuf,
        /// The folder holding rota.csv, coverage.csv, lending.csv and summary.json.
        outdir: PathBuf,
    },
    /// Translate a benchmark instance into a scenario file.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
    /// Write a solved rota in a benchmark's roster format.
    Export {
        #[command(subcommand)]
        to: ExportTo,
    },
}

/// How reports and charts are written.
#[derive(Debug, Clone, clap::Args)]
pub struct PresentArgs {
    /// Language of report.html, chart labels and calendars (the 值班表 workbook is always Chinese).
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    /// Also write OUTDIR/excel/*.csv for Excel and WPS (byte-order mark, names next to ids, formula-safe).
    #[arg(long)]
    pub excel: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

/// The formats `rota import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A Curtois & Qu instance (InstanceN.txt) as a scenario whose objective is the benchmark penalty.
    Curtois {
        /// The instance file.
        instance: PathBuf,
        /// The scenario file to write (TOML).
        #[arg(short, long, value_name = "SCENARIO.toml")]
        output: PathBuf,
    },
}

/// The formats `rota export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportTo {
    /// OUTDIR/rota.csv as staff_id,day,shift_id rows (days from 0), for check_curtois.py.
    Curtois {
        /// The folder `rota solve --out` wrote.
        outdir: PathBuf,
        /// The roster file to write (CSV).
        #[arg(short, long, value_name = "ROSTER.csv")]
        output: PathBuf,
    },
}
