//! Shared helpers for the `check_*` tests: write a scenario (and the files it names)
//! into a temporary folder, run the real `rota check` on it, and read the problems back
//! in their one-line form (`error[code] file:line:col: message (help: …)`).
//!
//! Every `assert_*` here checks both sides: the exact one-line problem from the library,
//! and the binary's exit code and stderr (code, `[file:line:col]`, message and help as a
//! planner sees them, miette's line wrapping ignored).
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// A small valid scenario (two weeks of March 2025, published calendar): no errors,
/// no warnings. Tests break it with [`base_with`] or add to it with [`base_plus`].
pub const BASE: &str = r#"[scenario]
name = "tiny"
start = "2025-03-03"
end = "2025-03-16"
calendars = ["cn"]

[[shift]]
id = "night"
start = "17:30"
end = "08:30"

[[grouping]]
id = "g"
lead = "a"

[[unit]]
id = "a"
grouping = "g"
min_staff = 1

[[unit]]
id = "b"
grouping = "g"
min_staff = 1

[[staff]]
id = "p1"
unit = "a"

[[staff]]
id = "p2"
unit = "b"

[[requirement]]
id = "duty"
owner = "g"
shift = "night"
on = "every_day"
count = 1
"#;

/// [`BASE`] with each `(from, to)` replaced; `from` must occur exactly once.
pub fn base_with(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in the scenario");
        text = text.replacen(from, to, 1);
    }
    text
}

/// [`BASE`] followed by `extra`.
pub fn base_plus(extra: &str) -> String {
    format!("{BASE}\n{extra}")
}

/// `line:col` of `mark` on the one line of `text` that contains `line_needle`
/// (columns in characters, both 1-based).
pub fn at(text: &str, line_needle: &str, mark: &str) -> String {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().filter(|(_, l)| l.contains(line_needle)).collect();
    assert_eq!(lines.len(), 1, "`{line_needle}` must be on exactly one line");
    let (n, line) = lines[0];
    let byte = line.find(mark).unwrap_or_else(|| panic!("`{mark}` is not on the line `{line}`"));
    format!("{}:{}", n + 1, line[..byte].chars().count() + 1)
}

/// `line:col` of `mark` on the last line of `text` that contains `line_needle` (for a
/// second use of an id).
pub fn at_last(text: &str, line_needle: &str, mark: &str) -> String {
    let (n, line) = text.lines().enumerate().filter(|(_, l)| l.contains(line_needle)).last().expect("a line");
    let byte = line.find(mark).unwrap_or_else(|| panic!("`{mark}` is not on the line `{line}`"));
    format!("{}:{}", n + 1, line[..byte].chars().count() + 1)
}

/// `line:col` of `mark` on the first line of `text` that contains `line_needle`.
pub fn at_first(text: &str, line_needle: &str, mark: &str) -> String {
    let (n, line) = text.lines().enumerate().find(|(_, l)| l.contains(line_needle)).expect("a line");
    let byte = line.find(mark).unwrap_or_else(|| panic!("`{mark}` is not on the line `{line}`"));
    format!("{}:{}", n + 1, line[..byte].chars().count() + 1)
}

/// What one `rota check` run gave.
pub struct Checked {
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
    /// The problems in one-line form, file names relative to the folder.
    pub problems: Vec<String>,
    pub dir: tempfile::TempDir,
}

/// Writes `scenario` as `scenario.toml` and checks it.
pub fn check(scenario: &str) -> Checked {
    check_files(&[("scenario.toml", scenario.as_bytes())])
}

/// Writes `files` (name, bytes) into a fresh folder and checks the first.
pub fn check_files(files: &[(&str, &[u8])]) -> Checked {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, bytes).expect("write fixture");
    }
    check_in(dir, files[0].0)
}

/// Copies the folder `tests/fixtures/check/NAME` into a fresh folder and checks its
/// `scenario.toml`.
pub fn check_fixture(name: &str) -> Checked {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check").join(name);
    let dir = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir(&from).expect("fixture folder") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("a name"))).expect("copy fixture");
    }
    check_in(dir, "scenario.toml")
}

/// Runs `rota check ARG` in `dir` (ARG relative to it), and loads it through the library.
pub fn check_in(dir: tempfile::TempDir, arg: &str) -> Checked {
    let out = Command::cargo_bin("rota")
        .expect("the rota binary")
        .current_dir(dir.path())
        .args(["check", arg])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run rota");
    let problems = one_line_problems(dir.path(), arg);
    Checked {
        exit: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        problems,
        dir,
    }
}

fn one_line_problems(dir: &Path, arg: &str) -> Vec<String> {
    let problems = match rota::scenario::load(&dir.join(arg)) {
        Ok(loaded) => loaded.warnings,
        Err(problems) => problems,
    };
    let prefix = format!("{}/", dir.display());
    problems.iter().map(|p| p.to_string().replace(&prefix, "")).collect()
}

/// Text without whitespace and miette's frame characters, for comparing a message with
/// stderr whatever the wrapping.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !"│·".contains(*c)).collect()
}

/// The parts of a one-line problem: severity, code, location, message, help.
pub struct Parts<'a> {
    pub severity: &'a str,
    pub code: &'a str,
    pub location: &'a str,
    pub message: &'a str,
    pub help: Option<&'a str>,
}

pub fn parts(line: &str) -> Parts<'_> {
    let (head, rest) = line.split_once("] ").expect("severity[code] first");
    let (severity, code) = head.split_once('[').expect("severity[code]");
    let (location, rest) = rest.split_once(": ").expect("location: message");
    let (message, help) = match rest.rfind(" (help: ") {
        Some(i) => (&rest[..i], Some(&rest[i + 8..rest.len() - 1])),
        None => (rest, None),
    };
    Parts { severity, code, location, message, help }
}

impl Checked {
    pub fn errors(&self) -> Vec<&str> {
        self.problems.iter().map(String::as_str).filter(|p| p.starts_with("error[")).collect()
    }

    pub fn warnings(&self) -> Vec<&str> {
        self.problems.iter().map(String::as_str).filter(|p| p.starts_with("warning[")).collect()
    }

    pub fn codes(&self) -> Vec<&str> {
        self.problems.iter().map(|p| parts(p).code).collect()
    }

    fn context(&self) -> String {
        format!(
            "exit {}\n--- problems ---\n{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.exit,
            self.problems.join("\n"),
            self.stdout,
            self.stderr
        )
    }

    /// The binary shows this problem: its code, its place, its message and its help.
    pub fn assert_shown(&self, line: &str) {
        let p = parts(line);
        let stderr = squash(&self.stderr);
        let ctx = self.context();
        assert!(self.stderr.contains(&format!("rota::{}", p.code)), "code `{}` not shown\n{ctx}", p.code);
        let numbers = p.location.rsplitn(3, ':').take(2).filter(|n| n.parse::<usize>().is_ok()).count();
        let place = if numbers == 2 { format!("[{}]", p.location) } else { format!("in {}", p.location) };
        assert!(stderr.contains(&squash(&place)), "place `{place}` not shown\n{ctx}");
        assert!(stderr.contains(&squash(p.message)), "message `{}` not shown\n{ctx}", p.message);
        if let Some(help) = p.help {
            assert!(stderr.contains(&squash(help)), "help `{help}` not shown\n{ctx}");
        }
        assert!(!self.stderr.contains("panicked"), "the program panicked\n{ctx}");
    }

    /// Exit 1 and `expected` is the one and only error (warnings may come with it).
    pub fn assert_only_error(&self, expected: &str) {
        let ctx = self.context();
        assert_eq!(self.exit, 1, "exit code\n{ctx}");
        assert_eq!(self.errors(), vec![expected], "errors\n{ctx}");
        self.assert_shown(expected);
        assert!(self.stderr.contains("1 error(s); nothing was planned"), "error count\n{ctx}");
    }

    /// Exit 1 and `expected` is among the errors.
    pub fn assert_error(&self, expected: &str) {
        let ctx = self.context();
        assert_eq!(self.exit, 1, "exit code\n{ctx}");
        assert!(self.errors().contains(&expected), "missing error `{expected}`\n{ctx}");
        self.assert_shown(expected);
    }

    /// Exit 0, no error, and `expected` is among the warnings, printed.
    pub fn assert_warning(&self, expected: &str) {
        let ctx = self.context();
        assert_eq!(self.exit, 0, "exit code\n{ctx}");
        assert!(self.errors().is_empty(), "errors\n{ctx}");
        assert!(self.warnings().contains(&expected), "missing warning `{expected}`\n{ctx}");
        self.assert_shown(expected);
        assert!(self.stdout.contains("is valid"), "summary\n{ctx}");
    }

    /// Exit 0 with neither errors nor warnings.
    pub fn assert_clean(&self) {
        let ctx = self.context();
        assert_eq!(self.exit, 0, "exit code\n{ctx}");
        assert!(self.problems.is_empty(), "problems\n{ctx}");
        assert!(self.stdout.contains("is valid"), "summary\n{ctx}");
        assert!(self.stderr.is_empty(), "stderr\n{ctx}");
    }

    /// Exit 1 without a panic, and stderr of reasonable size.
    pub fn assert_refused(&self) {
        let ctx = || self.context().chars().take(4000).collect::<String>();
        assert_eq!(self.exit, 1, "exit code\n{}", ctx());
        assert!(!self.stderr.contains("panicked"), "the program panicked\n{}", ctx());
        assert!(self.stderr.len() < 200_000, "stderr is {} bytes", self.stderr.len());
    }
}
