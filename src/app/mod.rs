//! One file per verb. Each returns the exit code of contract section 7.

pub mod check;
pub mod compare;
pub mod export;
pub mod import;
pub mod plot;
pub mod solve;
pub mod verify;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Command, ExportTo, ImportFrom};
use crate::diag::Problem;

/// Exit codes (contract section 7).
pub mod exit {
    pub const OK: u8 = 0;
    pub const INPUT: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const STRICT_SHORTFALL: u8 = 3;
    pub const CONTRADICTION: u8 = 4;
}

pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Check { scenarios } => check::run(&scenarios),
        Command::Solve { scenarios, out, time_limit, gap, threads, strict, present } => {
            let present = present_options(&present);
            solve::run_with(&solve::Request { scenarios, out, time_limit, gap, threads, strict }, &present)
        }
        Command::Compare { scenarios, out, time_limit, gap, threads, present } => {
            let present = present_options(&present);
            compare::run(&compare::Request { scenarios, out, time_limit, gap, threads, present })
        }
        Command::Plot { outdir, scenario, present } => {
            plot::run(&outdir, scenario.as_deref(), &present_options(&present))
        }
        Command::Verify { scenario, outdir } => verify::run(&scenario, &outdir),
        Command::Import { from: ImportFrom::Curtois { instance, output } } => import::curtois(&instance, &output),
        Command::Export { to: ExportTo::Curtois { outdir, output } } => export::curtois(&outdir, &output),
    };
    ExitCode::from(code)
}

/// The presentation options of the command line.
fn present_options(args: &crate::cli::PresentArgs) -> crate::present::Options {
    let lang = match args.lang {
        crate::cli::LangArg::En => crate::present::Lang::En,
        crate::cli::LangArg::Zh => crate::present::Lang::Zh,
    };
    crate::present::Options { lang, excel: args.excel }
}

/// Prints problems to stderr, drawn with their source lines, errors first.
pub fn print_problems(problems: &[Problem]) {
    let color = std::io::stderr().is_terminal();
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    for p in sorted {
        // A closed pipe (`rota check … 2>&1 | head`) is no reason to panic.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), p.render(color).as_bytes());
    }
}
