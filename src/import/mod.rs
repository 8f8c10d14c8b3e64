//! Bringing benchmark instances in as scenarios, and solved rotas out in a benchmark's
//! roster format.

pub mod curtois;
pub mod curtois_scenario;
pub mod rota_roster;

use std::path::Path;

/// Files are written whole, as everywhere in rota (temp file, then rename).
pub use crate::report::files::write_whole;

/// Reads a whole text file (UTF-8, at most the scenario size limit) as bytes and text.
pub fn read_text(path: &Path, what: &str) -> Result<(Vec<u8>, String), Box<crate::diag::Problem>> {
    use std::io::Read;
    let display = path.display().to_string();
    let fail = |message: String, help: &str| {
        Box::new(crate::diag::Problem::error("unreadable_file", &display, message).help(help))
    };
    let limit = crate::scenario::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Err(fail(format!("cannot read {what} `{display}`: {e}"), "check the path"));
    }
    if bytes.len() as u64 > limit {
        return Err(fail(
            format!("{what} `{display}` is larger than {} MiB", limit >> 20),
            "check that this is the right file",
        ));
    }
    match String::from_utf8(bytes.clone()) {
        Ok(text) => Ok((bytes, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(fail(format!("{what} `{display}` is not UTF-8 text (line {line})"), "save the file as UTF-8"))
        }
    }
}
