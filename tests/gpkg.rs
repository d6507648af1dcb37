//! `gazet extract --format gpkg` writes a GeoPackage that holds what the
//! CSV and GeoJSON outputs hold, and that GDAL reads as such: three layers
//! with the right feature counts and field types, points that survive a
//! round trip through GeoJSON, and a file GDAL's own validator accepts.
//!
//! GDAL is not part of the Rust toolchain. Without it the GDAL checks are
//! skipped with a note, unless `GAZET_REQUIRE_CLIENTS=1` (set by `.ci/run`,
//! which installs it) makes its absence a failure.

use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::available;

/// Runs `gazet extract --format <formats>` on the fixture articles into a
/// new folder.
fn extract(formats: &str) -> tempfile::TempDir {
    common::extract_fixtures(&["--format", formats])
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn csv_rows(path: &Path) -> usize {
    let rows: Result<Vec<_>, _> = csv::Reader::from_path(path).unwrap().records().collect();
    rows.unwrap().len()
}

/// A place feature as (article, entity id, lon, lat), coordinates in
/// millionths of a degree so that they compare exactly.
type Place = (String, String, i64, i64);

fn micro(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

/// The place features of the per-article GeoJSON files (not the run's
/// `places.geojson`, which merges articles).
fn geojson_places(dir: &Path) -> BTreeSet<Place> {
    let mut places = BTreeSet::new();
    for path in files(dir) {
        let is_article = path.extension().is_some_and(|e| e == "geojson")
            && path.file_name().is_some_and(|n| n != "places.geojson");
        if !is_article {
            continue;
        }
        places.extend(features(&path));
    }
    places
}

/// The features of a GeoJSON file as places.
fn features(path: &Path) -> Vec<Place> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let features = json["features"].as_array().unwrap();
    features
        .iter()
        .map(|f| {
            let p = &f["properties"];
            let c = &f["geometry"]["coordinates"];
            (
                p["article"].as_str().unwrap().to_string(),
                p["entity_id"].as_str().unwrap().to_string(),
                micro(c[0].as_f64().unwrap()),
                micro(c[1].as_f64().unwrap()),
            )
        })
        .collect()
}

/// The places layer read back with SQLite: the point decoded from the
/// GeoPackage geometry blob (no envelope, little-endian WKB point).
fn gpkg_places(conn: &Connection) -> BTreeSet<Place> {
    let mut stmt = conn.prepare("SELECT article, entity_id, geom FROM places").unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, Vec<u8>>(2)?)))
        .unwrap();
    rows.map(|r| {
        let (article, id, blob) = r.unwrap();
        assert_eq!(&blob[..4], b"GP\x00\x01", "{article} {id}: header");
        assert_eq!(blob.len(), 8 + 21, "{article} {id}: not a bare point");
        let f = |i: usize| f64::from_le_bytes(blob[i..i + 8].try_into().unwrap());
        (article, id, micro(f(13)), micro(f(21)))
    })
    .collect()
}

fn count(conn: &Connection, table: &str) -> usize {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).unwrap()
        as usize
}

#[test]
fn gpkg_holds_the_rows_of_the_csv_and_geojson_outputs() {
    let gpkg = extract("gpkg");
    let other = extract("csv,geojson");
    let path = gpkg.path().join("gazet.gpkg");
    let names: Vec<String> = files(gpkg.path())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporary files left in the output folder: {names:?}"
    );
    let conn = Connection::open(&path).unwrap();
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(app_id, 0x4750_4B47, "not marked as a GeoPackage");

    let mentions = csv_rows(&other.path().join("mentions.csv"));
    let entities = csv_rows(&other.path().join("entities.csv"));
    assert!(mentions > 10, "too few mentions in the fixtures: {mentions}");
    assert_eq!(count(&conn, "mentions"), mentions, "mentions rows");
    assert_eq!(count(&conn, "entities"), entities, "entities rows");
    let want = geojson_places(other.path());
    assert!(want.len() > 3, "too few places in the fixtures: {want:?}");
    assert_eq!(gpkg_places(&conn), want, "places differ from the per-article GeoJSON");
}

#[test]
fn ogrinfo_lists_three_layers_with_counts_and_types() {
    if !available("ogrinfo", "--version") {
        return;
    }
    let gpkg = extract("gpkg");
    let other = extract("csv,geojson");
    let path = gpkg.path().join("gazet.gpkg");
    let out = run(Command::new("ogrinfo").args(["-ro", "-al", "-so"]).arg(&path));
    let info = String::from_utf8_lossy(&out.stdout);
    let layers = layers(&info);
    let names: Vec<&str> = layers.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, ["places", "mentions", "entities"], "layers:\n{info}");

    let places = geojson_places(other.path()).len();
    let mentions = csv_rows(&other.path().join("mentions.csv"));
    let entities = csv_rows(&other.path().join("entities.csv"));
    for ((name, text), (geometry, features)) in
        layers.iter().zip([("Point", places), ("None", mentions), ("None", entities)])
    {
        assert!(text.contains(&format!("\nGeometry: {geometry}\n")), "{name}:\n{text}");
        assert!(text.contains(&format!("\nFeature Count: {features}\n")), "{name}:\n{text}");
    }
    let field = |layer: &str, field: &str| -> String {
        let text = &layers.iter().find(|l| l.0 == layer).unwrap().1;
        let prefix = format!("{field}: ");
        let line = text.lines().find(|l| l.starts_with(&prefix));
        let line = line.unwrap_or_else(|| panic!("no field {layer}.{field}:\n{text}"));
        line[prefix.len()..].split(' ').next().unwrap().to_string()
    };
    // SQLite INTEGER is GDAL's Integer64; both are integers to a user.
    let integer = ["Integer", "Integer64"];
    assert!(integer.contains(&field("mentions", "start").as_str()), "mentions.start");
    assert!(integer.contains(&field("places", "mentions").as_str()), "places.mentions");
    assert!(integer.contains(&field("entities", "first_start").as_str()), "first_start");
    assert_eq!(field("mentions", "score"), "Real");
    assert_eq!(field("mentions", "lat"), "Real");
    assert_eq!(field("mentions", "name"), "String");
    assert_eq!(field("entities", "name"), "String");
    assert_eq!(field("places", "score"), "Real");
    assert_eq!(field("places", "name"), "String");
    assert!(info.contains("ID[\"EPSG\",4326]"), "places is not in WGS 84:\n{info}");
}

#[test]
fn ogr2ogr_round_trips_the_places_through_geojson() {
    if !available("ogr2ogr", "--version") {
        return;
    }
    let gpkg = extract("gpkg");
    let other = extract("csv,geojson");
    let work = tempfile::tempdir().unwrap();
    let json = work.path().join("out.geojson");
    let back = work.path().join("back.gpkg");
    run(Command::new("ogr2ogr")
        .args(["-f", "GeoJSON"])
        .arg(&json)
        .arg(gpkg.path().join("gazet.gpkg"))
        .arg("places"));
    // GDAL read the points and their attributes as gazet's GeoJSON has them.
    assert_eq!(features(&json).into_iter().collect::<BTreeSet<_>>(), geojson_places(other.path()));
    run(Command::new("ogr2ogr").args(["-f", "GPKG"]).arg(&back).arg(&json));
    let info = run(Command::new("ogrinfo").args(["-ro", "-al", "-so"]).arg(&back));
    let info = String::from_utf8_lossy(&info.stdout);
    let n = features(&json).len();
    assert_eq!(layers(&info).len(), 1, "{info}");
    assert!(
        info.contains(&format!("\nFeature Count: {n}\n")),
        "features lost on the way back:\n{info}"
    );
}

#[test]
fn gdal_validator_accepts_the_gpkg() {
    if !available("ogrinfo", "--version") {
        return;
    }
    // GDAL's validator ships with its Python bindings (a dependency of
    // Debian's gdal-bin), for the system Python.
    let module = "osgeo_utils.samples.validate_gpkg";
    let Some(python) = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        assert!(
            std::env::var_os("GAZET_REQUIRE_CLIENTS").is_none(),
            "{module} is required (GAZET_REQUIRE_CLIENTS is set) but cannot be imported"
        );
        eprintln!("note: {module} not found; skipping this check (apt-get install python3-gdal)");
        return;
    };
    let gpkg = extract("gpkg");
    run(Command::new(python)
        .args(["-m", module, "--extra", "--warning-as-error"])
        .arg(gpkg.path().join("gazet.gpkg")));
}

/// Runs a command that must succeed without a warning or error.
fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("ERROR") && !stderr.contains("Warning"),
        "{cmd:?} failed ({}):\n{}{stderr}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

/// The layers of an `ogrinfo -al -so` listing: name and text.
fn layers(info: &str) -> Vec<(String, String)> {
    info.split("\nLayer name: ")
        .skip(1)
        .map(|block| {
            let (name, rest) = block.split_once('\n').unwrap_or((block, ""));
            (name.trim().to_string(), format!("\n{rest}"))
        })
        .collect()
}
