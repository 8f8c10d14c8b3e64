//! `rota import`: a benchmark instance translated into a scenario file.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::{exit, print_problems};
use crate::import::curtois_scenario::{self, Source};
use crate::import::{curtois, read_text, write_whole};
use crate::scenario;

/// `rota import curtois INSTANCE -o SCENARIO`: reads the instance (every problem listed,
/// exit 1), writes the scenario whole, then loads it back as `rota check` would.
pub fn curtois(instance: &Path, output: &Path) -> u8 {
    let display = instance.display().to_string();
    let (bytes, text) = match read_text(instance, "instance") {
        Ok(read) => read,
        Err(problem) => {
            print_problems(&[*problem]);
            return exit::INPUT;
        }
    };
    let inst = match curtois::parse(&display, &text) {
        Ok(inst) => inst,
        Err(problems) => {
            print_problems(&problems);
            eprintln!("{display}: {} error(s); no scenario written", problems.len());
            return exit::INPUT;
        }
    };
    let file = instance.file_name().map_or(display.clone(), |n| n.to_string_lossy().into_owned());
    let name = instance.file_stem().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let toml = curtois_scenario::scenario_toml(&inst, &Source { name: &name, file: &file, sha256: &sha });
    if let Err(e) = write_whole(output, toml.as_bytes()) {
        eprintln!("error: cannot write `{}`: {e}", output.display());
        return exit::INPUT;
    }
    if let Err(problems) = scenario::load(output) {
        print_problems(&problems);
        eprintln!(
            "error: the scenario written to `{}` does not load: a bug in the importer, please report",
            output.display()
        );
        return exit::INPUT;
    }
    let requests = inst.shift_on_requests.len() + inst.shift_off_requests.len();
    println!(
        "{display} -> {}: {} days, {} staff, {} shift types, {requests} requests, {} cover lines in {} requirements",
        output.display(),
        inst.horizon,
        inst.staff.len(),
        inst.shifts.len(),
        inst.cover.len(),
        curtois_scenario::cover_groups(&inst).len()
    );
    exit::OK
}
