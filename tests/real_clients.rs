//! Real clients read the output: GDAL's `ogrinfo` lists every GeoJSON's
//! features and properties, and Python's csv module parses every CSV.
//!
//! These tools are not part of the Rust toolchain. Without them the checks
//! are skipped with a note, unless `GAZET_REQUIRE_CLIENTS=1` (set by
//! `.ci/run`, which installs them) makes their absence a failure.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::available;

/// Runs `gazet extract` on the fixture articles into a new folder.
fn extract() -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = common::extract_fixtures(&[]);
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

/// GDAL's CSV driver, told which columns hold the coordinates, reads the
/// mentions table as points: every place row becomes a point at its
/// lon/lat, group and demonym rows have no geometry, and the numbers are
/// typed as numbers.
#[test]
fn gdal_reads_the_mentions_csv_as_points() {
    if !available("ogr2ogr", "--version") {
        return;
    }
    let (dir, _files) = extract();
    let csv_path = dir.path().join("mentions.csv");
    let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (lat, lon) = (col("lat"), col("lon"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let places = rows.iter().filter(|r| !r[lat].is_empty()).count();
    assert!(places >= 5 && places < rows.len(), "{places} place rows of {}", rows.len());

    let open = ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat"];
    let out = Command::new("ogr2ogr")
        .args(["-f", "GeoJSON", "/vsistdout/"])
        .arg(&csv_path)
        .args(open)
        .args(["-oo", "AUTODETECT_TYPE=YES"])
        .output()
        .unwrap();
    assert!(out.status.success(), "ogr2ogr failed: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len(), "GDAL does not read every row");
    let mut points = 0;
    for (f, row) in features.iter().zip(&rows) {
        let geometry = &f["geometry"];
        if row[lat].is_empty() {
            assert!(geometry.is_null(), "a row without coordinates has a geometry: {f}");
            continue;
        }
        points += 1;
        assert_eq!(geometry["type"], "Point", "{f}");
        let xy = geometry["coordinates"].as_array().unwrap();
        let want: (f64, f64) = (row[lon].parse().unwrap(), row[lat].parse().unwrap());
        assert!((xy[0].as_f64().unwrap() - want.0).abs() < 1e-9, "x is not lon: {f}");
        assert!((xy[1].as_f64().unwrap() - want.1).abs() < 1e-9, "y is not lat: {f}");
        // Typed columns: numbers come through as numbers.
        assert!(f["properties"]["start"].is_i64(), "start is not an integer: {f}");
        assert!(f["properties"]["score"].is_f64(), "score is not a real: {f}");
    }
    assert_eq!(points, places);

    let info = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .args(open)
        .arg(&csv_path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Geometry: Point"), "ogrinfo sees no point layer:\n{info}");
    assert!(info.contains(&format!("Feature Count: {}", rows.len())), "{info}");
}
