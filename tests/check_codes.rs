//! Every problem code the scenario readers can report is documented in docs/errors.md
//! and asserted by at least one `check_*` test; docs/errors.md lists no code the
//! readers do not have (importer codes aside).

use std::collections::BTreeSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Codes no test can reach from a file, with the reason.
const UNREACHABLE: &[(&str, &str)] = &[("csv_syntax", "the csv reader accepts any UTF-8 text (quotes are lenient)")];

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The first string literal after each `error(` / `warning(` call, when it looks like a
/// code (`snake_case`).
fn codes_in(source: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for call in ["error(", "warning("] {
        for (at, _) in source.match_indices(call) {
            let after: String = source[at + call.len()..].chars().take(120).collect();
            let Some(open) = after.find('"') else { continue };
            let before = &after[..open];
            if !before.chars().all(|c| c.is_whitespace() || c.is_alphanumeric() || c == ',' || c == '.' || c == '_') {
                continue;
            }
            let rest = &after[open + 1..];
            let Some(close) = rest.find('"') else { continue };
            let code = &rest[..close];
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                codes.insert(code.to_string());
            }
        }
    }
    codes
}

fn reader_codes() -> BTreeSet<String> {
    let mut files = vec!["src/diag.rs".to_string(), "src/calendar.rs".to_string()];
    for entry in std::fs::read_dir(Path::new(ROOT).join("src/scenario")).expect("src/scenario") {
        let path = entry.expect("entry").path();
        files.push(format!("src/scenario/{}", path.file_name().expect("name").to_string_lossy()));
    }
    // Unit tests below `#[cfg(test)]` make up codes of their own.
    files.iter().flat_map(|f| codes_in(read(f).split("#[cfg(test)]").next().unwrap_or_default())).collect()
}

/// Codes with a heading `### \`code\`` in docs/errors.md.
fn documented_codes() -> BTreeSet<String> {
    read("docs/errors.md")
        .lines()
        .filter_map(|l| l.strip_prefix("### `").and_then(|l| l.strip_suffix('`')))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_scanner_finds_the_codes_it_should() {
    let codes = reader_codes();
    for code in [
        "toml_syntax",
        "unknown_key",
        "dangling_reference",
        "csv_row_length",
        "year_without_calendar",
        "too_many_problems",
    ] {
        assert!(codes.contains(code), "{code} not found in {codes:?}");
    }
    assert!(codes.len() >= 40, "{codes:?}");
}

#[test]
fn every_code_is_documented_and_every_documented_code_exists() {
    let codes = reader_codes();
    let documented = documented_codes();
    let undocumented: Vec<&String> = codes.difference(&documented).collect();
    assert!(undocumented.is_empty(), "add these to docs/errors.md: {undocumented:?}");
    let stale: Vec<&String> = documented.difference(&codes).collect();
    assert!(stale.is_empty(), "docs/errors.md documents codes no reader has: {stale:?}");
}

#[test]
fn every_code_is_asserted_by_a_check_test() {
    let mut tests = String::new();
    for entry in std::fs::read_dir(Path::new(ROOT).join("tests")).expect("tests/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().to_string();
        if name.starts_with("check_") && name.ends_with(".rs") && name != "check_codes.rs" {
            tests.push_str(&std::fs::read_to_string(&path).expect("test source"));
        }
    }
    let untested: Vec<String> = reader_codes()
        .into_iter()
        .filter(|code| !UNREACHABLE.iter().any(|(c, _)| c == code))
        .filter(|code| !tests.contains(&format!("[{code}]")) && !tests.contains(&format!("\"{code}\"")))
        .collect();
    assert!(untested.is_empty(), "no check_* test asserts these codes: {untested:?}");
}
