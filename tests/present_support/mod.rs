//! Shared by the tests/present_*.rs files: the tiny scenarios solved once per test
//! binary (through the real binary, with no PNG font so that the output is the same on
//! every machine).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/present").join(name)
}

/// `rota` with no PNG font (ROTA_FONT=none), from the crate folder.
pub fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary");
    cmd.env("ROTA_FONT", "none").current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// tests/fixtures/present/tiny.toml solved (with --excel), once per test binary.
pub fn solved() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        rota()
            .args(["solve", "tests/fixtures/present/tiny.toml", "--excel", "--out"])
            .arg(dir.path())
            .assert()
            .success();
        dir
    })
    .path()
}

/// The loaded tiny scenario.
pub fn tiny() -> rota::domain::Scenario {
    rota::scenario::load(&fixture("tiny.toml")).expect("tiny.toml loads").scenario
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
