//! `rota export`: a solved rota written in a benchmark's roster format.

use std::path::Path;

use super::{exit, print_problems};
use crate::diag::SourceFile;
use crate::import::rota_roster::{read_rota, roster_csv};
use crate::import::{read_text, write_whole};

/// `rota export curtois OUTDIR -o ROSTER`: OUTDIR/rota.csv as `staff_id,day,shift_id`
/// rows for `check_curtois.py` (every bad line listed, exit 1).
pub fn curtois(outdir: &Path, output: &Path) -> u8 {
    let path = outdir.join("rota.csv");
    let text = match read_text(&path, "rota") {
        Ok((_, text)) => text,
        Err(problem) => {
            print_problems(&[*problem]);
            return exit::INPUT;
        }
    };
    let held = match read_rota(&SourceFile::new(path.display().to_string(), text)) {
        Ok(held) => held,
        Err(problems) => {
            print_problems(&problems);
            eprintln!("{}: {} error(s); no roster written", path.display(), problems.len());
            return exit::INPUT;
        }
    };
    if let Err(e) = write_whole(output, roster_csv(&held).as_bytes()) {
        eprintln!("error: cannot write `{}`: {e}", output.display());
        return exit::INPUT;
    }
    let staff = held.iter().map(|h| &h.staff).collect::<std::collections::BTreeSet<_>>().len();
    println!("{} -> {}: {} shifts held by {staff} staff", path.display(), output.display(), held.len());
    exit::OK
}
