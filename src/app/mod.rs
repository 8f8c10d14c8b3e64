//! One file per verb. Each returns the exit code of contract section 7.

pub mod check;
pub mod export;
pub mod import;
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
        Command::Solve { scenarios, out, time_limit, gap, threads, strict } => {
            solve::run(&solve::Request { scenarios, out, time_limit, gap, threads, strict })
        }
        Command::Verify { scenario, outdir } => verify::run(&scenario, &outdir),
        Command::Import { from: ImportFrom::Curtois { instance, output } } => import::curtois(&instance, &output),
        Command::Export { to: ExportTo::Curtois { outdir, output } } => export::curtois(&outdir, &output),
    };
    ExitCode::from(code)
}

/// Prints problems to stderr, drawn with their source lines, errors first.
pub fn print_problems(problems: &[Problem]) {
    let color = std::io::stderr().is_terminal();
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    for p in sorted {
        eprint!("{}", p.render(color));
    }
}
