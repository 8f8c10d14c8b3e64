//! `rota plot OUTDIR`: the charts, report.html, the workbook and the calendars again
//! from a solve folder, without solving. The scenario is the file summary.json names
//! (or `--scenario`), and must hash as it did when solved.

use std::path::Path;

use super::exit;
use crate::present::{self, Options};

pub fn run(outdir: &Path, scenario: Option<&Path>, opts: &Options) -> u8 {
    let (s, rota, sum) = match present::load_solved(outdir, scenario) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {}\n  help: {}", e.message, e.help);
            return exit::INPUT;
        }
    };
    match present::write_plan(&s, &rota, &sum, outdir, opts) {
        Ok(()) => {
            println!(
                "{} → {} (charts/, report.html, {}, calendars/)",
                s.name,
                outdir.display(),
                present::xlsx::FILE_NAME
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::INPUT
        }
    }
}
