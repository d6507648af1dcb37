//! What several integration tests share.

use std::process::Command;

/// Whether `tool arg` runs. Real clients (GDAL, Python) are not part of the
/// Rust toolchain: without them a check is skipped with a note, unless
/// `GAZET_REQUIRE_CLIENTS` is set (by `.ci/run`, which installs them), which
/// makes their absence a failure.
pub fn available(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool).arg(arg).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("GAZET_REQUIRE_CLIENTS").is_none(),
            "{tool} is required (GAZET_REQUIRE_CLIENTS is set) but cannot be run"
        );
        eprintln!("note: {tool} not found; skipping this check (apt-get install gdal-bin)");
    }
    ok
}

/// Runs `gazet extract ARGS` on the fixture articles with the fixture
/// gazetteer alone, into a new folder.
pub fn extract_fixtures(args: &[&str]) -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .arg("extract")
        .arg("--no-default-gazetteer")
        .arg("--gazetteer")
        .arg(root.join("tests/fixtures/gazetteer"))
        .args(args)
        .arg("-o")
        .arg(out.path())
        .arg(root.join("tests/fixtures/articles"))
        .status()
        .unwrap();
    assert!(status.success(), "gazet extract {args:?} failed: {status}");
    out
}
