//! Real clients read the output: GDAL's `ogrinfo` lists every GeoJSON's
//! features and properties, and Python's csv module parses every CSV.
//!
//! These tools are not part of the Rust toolchain. Without them the checks
//! are skipped with a note, unless `GAZET_REQUIRE_CLIENTS=1` (set by
//! `.ci/run`, which installs them) makes their absence a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn available(tool: &str, arg: &str) -> bool {
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

/// Runs `gazet extract` on the fixture articles into a new folder.
fn extract() -> (tempfile::TempDir, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .arg("extract")
        .arg("--no-default-gazetteer")
        .arg("--gazetteer")
        .arg(root.join("tests/fixtures/gazetteer"))
        .arg("-o")
        .arg(out.path())
        .arg(root.join("tests/fixtures/articles"))
        .status()
        .unwrap();
    assert!(status.success(), "gazet extract failed: {status}");
    let files = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().path()).collect();
    (out, files)
}

#[test]
fn ogrinfo_reads_every_geojson() {
    if !available("ogrinfo", "--version") {
        return;
    }
    let (_dir, files) = extract();
    let geojsons: Vec<&PathBuf> =
        files.iter().filter(|p| p.extension().is_some_and(|e| e == "geojson")).collect();
    assert!(geojsons.len() >= 2, "too few GeoJSON files: {files:?}");
    for path in geojsons {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let features = json["features"].as_array().unwrap().len();
        let out = Command::new("ogrinfo").args(["-ro", "-al", "-so"]).arg(path).output().unwrap();
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "ogrinfo failed on {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            info.contains(&format!("Feature Count: {features}")),
            "{}: ogrinfo does not count {features} features:\n{info}",
            path.display()
        );
        if features == 0 {
            continue;
        }
        for (name, ty) in [
            ("entity_id", "String"),
            ("mentions", "Integer"),
            ("first_start", "Integer"),
            ("score", "Real"),
            ("articles", "Integer"),
            ("groups", "String"),
        ] {
            assert!(
                info.contains(&format!("{name}: {ty}")),
                "{}: ogrinfo does not show `{name}: {ty}`:\n{info}",
                path.display()
            );
        }
    }
}

#[test]
fn python_csv_reads_every_csv() {
    if !available("python3", "--version") {
        return;
    }
    let (_dir, files) = extract();
    let csvs: Vec<&PathBuf> =
        files.iter().filter(|p| p.extension().is_some_and(|e| e == "csv")).collect();
    assert!(csvs.len() >= 5, "too few CSV files: {files:?}");
    let script = "import csv, sys\n\
        for path in sys.argv[1:]:\n\
        \x20   with open(path, newline='', encoding='utf-8') as f:\n\
        \x20       rows = list(csv.reader(f))\n\
        \x20   assert rows, path\n\
        \x20   width = len(rows[0])\n\
        \x20   bad = [i for i, r in enumerate(rows) if len(r) != width]\n\
        \x20   assert not bad, (path, bad)\n\
        \x20   print(path, len(rows) - 1)\n";
    let out = Command::new("python3").arg("-c").arg(script).args(&csvs).output().unwrap();
    assert!(out.status.success(), "python csv failed: {}", String::from_utf8_lossy(&out.stderr));
}
