//! Reading a scenario: its TOML file, the calendars and staff files it names, every
//! problem collected (see `diag`), then resolved into a [`Scenario`].

mod days;
mod person;
pub mod raw;
pub mod read_csv;
pub mod read_toml;
pub mod resolve;
pub mod toml_walk;
mod warn;

pub use days::MAX_HORIZON_DAYS;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use sha2::{Digest, Sha256};

use crate::calendar::{self, Calendar};
use crate::diag::{Diagnostics, Problem, SourceFile};
use crate::domain::Scenario;
use raw::RawScenario;
use toml_walk::{Sp, Walker};

/// Largest input file read (scenario, calendar or staff file).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Deepest nesting of brackets and braces accepted in a TOML file.
const MAX_NESTING: usize = 32;

/// A scenario read and checked, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Problem>,
}

/// Reads, checks and resolves the scenario at `path`. On failure, every problem found
/// (errors and warnings) is returned.
pub fn load(path: &Path) -> Result<Loaded, Vec<Problem>> {
    let mut diags = Diagnostics::default();
    let scenario = load_into(path, &mut diags);
    let ok = !diags.has_errors();
    let problems = diags.into_problems(&path.display().to_string());
    match scenario {
        Some(scenario) if ok => Ok(Loaded { scenario, warnings: problems }),
        _ => Err(problems),
    }
}

fn load_into(path: &Path, diags: &mut Diagnostics) -> Option<Scenario> {
    let display = path.display().to_string();
    let bytes = read_file(path, &display, None, diags)?;
    let text = utf8(&bytes, &display, diags)?;
    let src = SourceFile::new(display.clone(), text.clone());
    if !nesting_ok(&src, diags) {
        return None;
    }
    let mut hasher = Sha256::new();
    hasher.update(&bytes);

    let mut walker = Walker::new(src.clone(), diags);
    let mut raw = read_toml::read_scenario(&mut walker, &text)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let (calendars, calendars_read) = load_calendars(&raw, &dir, &src, &mut hasher, diags);
    let sources = load_staff_files(&mut raw, &dir, &src, &mut hasher, diags);

    // Report only the calendars that speak of the horizon's years.
    let years: Vec<i32> = match (&raw.start, &raw.end) {
        (Some(a), Some(b)) => (a.value.year()..=b.value.year()).collect(),
        _ => Vec::new(),
    };
    let infos = calendars
        .iter()
        .filter(|c| c.info.years.is_empty() || c.info.years.iter().any(|y| years.contains(y)))
        .map(|c| c.info.clone())
        .collect();
    let sha = hex(&hasher.finalize());
    let mut resolver = resolve::Resolver { sources, diags, calendars_read };
    resolve::resolve(&mut resolver, raw, &calendars, infos, sha, PathBuf::from(path))
}

/// The calendars of `calendars`, in the order listed ("cn" is the built-in set), each
/// file's bytes hashed; and whether every one of them could be read.
fn load_calendars(
    raw: &RawScenario,
    dir: &Path,
    src: &SourceFile,
    hasher: &mut Sha256,
    diags: &mut Diagnostics,
) -> (Vec<Calendar>, bool) {
    let mut calendars: Vec<Calendar> = Vec::new();
    let mut all_read = true;
    for entry in &raw.calendars {
        if entry.value == "cn" {
            for (cal, text) in calendar::builtin_cn(diags) {
                hasher.update(text.as_bytes());
                calendars.push(cal);
            }
            continue;
        }
        let file = dir.join(&entry.value);
        let name = file.display().to_string();
        let Some(bytes) = read_file(&file, &name, Some((src, entry, "calendar")), diags) else {
            all_read = false;
            continue;
        };
        hasher.update(&bytes);
        let calendar = utf8(&bytes, &name, diags)
            .map(|text| SourceFile::new(name, text))
            .filter(|csrc| nesting_ok(csrc, diags))
            .and_then(|csrc| calendar::read_calendar(csrc, diags));
        match calendar {
            Some(c) => calendars.push(c),
            None => all_read = false,
        }
    }
    (calendars, all_read)
}

/// Reads the staff files (a byte-order mark dropped) into `raw.staff`, each file's bytes
/// hashed; returns every source read, the scenario file first.
fn load_staff_files(
    raw: &mut RawScenario,
    dir: &Path,
    src: &SourceFile,
    hasher: &mut Sha256,
    diags: &mut Diagnostics,
) -> Vec<SourceFile> {
    let mut sources = vec![src.clone()];
    for entry in raw.staff_files.clone() {
        let file = dir.join(&entry.value);
        let name = file.display().to_string();
        let Some(bytes) = read_file(&file, &name, Some((src, &entry, "staff file")), diags) else { continue };
        hasher.update(&bytes);
        let Some(text) = utf8(&bytes, &name, diags) else { continue };
        let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
        let csrc = SourceFile::new(name, text);
        sources.push(csrc.clone());
        let mut w = Walker::new(csrc, diags);
        let rows = read_csv::read_staff_csv(&mut w, sources.len() - 1);
        raw.staff.extend(rows);
    }
    sources
}

/// Reads a whole file, refusing one too large; `named_by` points at the scenario entry
/// that names it, for the error.
fn read_file(
    path: &Path,
    display: &str,
    named_by: Option<(&SourceFile, &Sp<String>, &str)>,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let problem = |message: String, help: &str| {
        let p = Problem::error("unreadable_file", display, message).help(help);
        match named_by {
            Some((src, sp, _)) => p.at(src, sp.span.clone(), "named here"),
            None => p,
        }
    };
    let kind = named_by.map_or("scenario", |(_, _, k)| k);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diags.push(problem(
                format!("cannot read {kind} `{display}`: {e}"),
                "check the path; paths inside a scenario are relative to the scenario file's folder",
            ));
            return None;
        }
    };
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        diags.push(problem(format!("{kind} `{display}` is a folder, not a file"), "name a file"));
        return None;
    }
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        diags.push(problem(format!("cannot read {kind} `{display}`: {e}"), "check the file"));
        return None;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diags.push(problem(
            format!("{kind} `{display}` is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
            "a scenario's files are small; check that this is the right file",
        ));
        return None;
    }
    Some(bytes)
}

fn utf8(bytes: &[u8], display: &str, diags: &mut Diagnostics) -> Option<String> {
    match String::from_utf8(bytes.to_vec()) {
        Ok(t) => Some(t),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.push(
                Problem::error("not_utf8", display, format!("`{display}` is not UTF-8 text (line {line}, byte {at})"))
                    .help("save the file as UTF-8 (in Excel: CSV UTF-8; in WPS: UTF-8 encoding)"),
            );
            None
        }
    }
}

/// Refuses absurdly deep nesting before the parser sees it.
fn nesting_ok(src: &SourceFile, diags: &mut Diagnostics) -> bool {
    let Some(at) = too_deep_at(src.text.as_bytes(), MAX_NESTING) else { return true };
    diags.push(
        Problem::error("too_deep", src.name.clone(), format!("arrays or tables nested more than {MAX_NESTING} deep"))
            .at(src, at..at + 1, "too deep")
            .help("a scenario needs at most three levels of nesting; check the brackets"),
    );
    false
}

/// Where `[` or `{` (outside strings and comments) first opens more than `limit` levels.
fn too_deep_at(text: &[u8], limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'#' => i = text[i..].iter().position(|&c| c == b'\n').map_or(text.len(), |p| i + p),
            b'"' | b'\'' => i = string_end(text, i),
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Index just after the TOML string opening at `i`: basic `"…"` (with `\` escapes) or
/// literal `'…'`, each also in its triple-quoted multi-line form. A one-line string left
/// open ends at its line's end (the parser reports it).
fn string_end(text: &[u8], i: usize) -> usize {
    let quote = text[i];
    let triple = text[i..].starts_with(&[quote; 3]);
    let mut j = i + if triple { 3 } else { 1 };
    while j < text.len() {
        let c = text[j];
        if c == b'\\' && quote == b'"' {
            j += 2;
        } else if c == b'\n' && !triple {
            return j;
        } else if c == quote && !triple {
            return j + 1;
        } else if c == quote && text[j..].starts_with(&[quote; 3]) {
            // Up to two quotes may end the content right before the closing three.
            let extra = text[j + 3..].iter().take(2).take_while(|&&q| q == quote).count();
            return j + 3 + extra;
        } else {
            j += 1;
        }
    }
    text.len()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_brackets_outside_strings_and_comments() {
        assert_eq!(too_deep_at(b"a = [[1], {b = 2}]", 2), None);
        assert_eq!(too_deep_at(b"a = [[[1]]]", 2), Some(6));
        assert_eq!(too_deep_at(b"a = \"[[[\" # [[[\nb = 1", 1), None);
        assert_eq!(too_deep_at(b"a = '''[[[\n[[['''", 1), None);
        assert_eq!(too_deep_at(b"a = \"\"\"x\\\"\"\"[[[\"\"\"", 1), None);
    }

    #[test]
    fn strings_end_where_toml_ends_them() {
        // A backslash escapes in basic strings only.
        assert_eq!(string_end(b"'C:\\' [", 0), 5);
        assert_eq!(string_end(b"\"a\\\"b\" [", 0), 6);
        // Up to two quotes may close a multi-line string's content.
        assert_eq!(string_end(b"'''a''''' x", 0), 9);
        // A one-line string left open ends with its line.
        assert_eq!(string_end(b"\"abc\nx", 0), 4);
        assert_eq!(string_end(b"\"abc", 0), 4);
    }
}
