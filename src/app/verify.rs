//! `rota verify SCENARIO OUTDIR`: check a rota (as solved, or edited by hand) against
//! every hard rule and recompute its figures. Exit 0 when clean, 1 otherwise.

use std::path::Path;

use super::{exit, print_problems};
use crate::scenario;
use crate::verify;

/// Lines printed per rule before the rest are counted.
pub const LINES_PER_RULE: usize = 20;

pub fn run(scenario_path: &Path, outdir: &Path) -> u8 {
    let loaded = match scenario::load(scenario_path) {
        Ok(loaded) => loaded,
        Err(problems) => {
            let errors = problems.iter().filter(|p| p.is_error()).count();
            print_problems(&problems);
            eprintln!("{}: {errors} error(s); the rota was not checked", scenario_path.display());
            return exit::INPUT;
        }
    };
    print_problems(&loaded.warnings);
    let report = verify::verify_dir(&loaded.scenario, outdir);
    print!("{}", report.render(LINES_PER_RULE));
    if report.is_valid() {
        exit::OK
    } else {
        exit::INPUT
    }
}
