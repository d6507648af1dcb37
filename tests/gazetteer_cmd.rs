//! `gazet gazetteer import|check|stats`, run as a user would.

use std::path::Path;
use std::process::{Command, Output};

fn gazet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazet")).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// One row of a GeoNames dump: `(id, name, alternate names, lat, lon,
/// feature class, feature code, country, population)`.
type Row<'a> = (u64, &'a str, &'a str, f64, f64, &'a str, &'a str, &'a str, u64);

fn geonames_row((id, name, alts, lat, lon, class, code, cc, pop): Row) -> String {
    format!(
        "{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t01\t\t\t\t{pop}\t\t0\tAsia/Damascus\t2024-01-01\n"
    )
}

#[test]
fn import_writes_a_gazetteer_that_extract_uses() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("SY.txt");
    let mut rows = String::new();
    rows.push_str(&geonames_row((
        1,
        "Tall Tamr",
        "Tel Tamer,Tell Tamer",
        36.65,
        40.37,
        "P",
        "PPL",
        "SY",
        0,
    )));
    rows.push_str(&geonames_row((2, "Some Farm", "", 36.0, 40.0, "S", "FRM", "SY", 0)));
    rows.push_str(&geonames_row((3, "Kilis", "", 36.72, 37.12, "P", "PPLA", "TR", 90000)));
    rows.push_str(&geonames_row((4, "Of", "", 36.1, 40.1, "P", "PPL", "SY", 20000)));
    std::fs::write(&dump, rows).unwrap();
    let alt = dir.path().join("alternateNamesV2.txt");
    std::fs::write(&alt, "10\t1\ten\tTal Tamr\t\t\t\t\t\t\n11\t1\tlink\thttps://x\t\t\t\t\t\t\n12\t3\ten\tKilis Town\t\t\t\t\t\t\n")
        .unwrap();
    let out = dir.path().join("gaz");
    let o = gazet(&[
        "gazetteer",
        "import",
        "--geonames",
        dump.to_str().unwrap(),
        "--alternate-names",
        alt.to_str().unwrap(),
        "--countries",
        "SY",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("2 places"), "{}", text(&o.stdout));
    let places = std::fs::read_to_string(out.join("places.tsv")).unwrap();
    assert!(places.contains("gn:1\tTall Tamr\tvillage\tSY"), "{places}");
    assert!(!places.contains("Farm") && !places.contains("Kilis"), "{places}");
    let aliases = std::fs::read_to_string(out.join("aliases.tsv")).unwrap();
    assert!(aliases.contains("gn:1\tTal Tamr\t"), "{aliases}");
    assert!(!aliases.contains("https"), "{aliases}");
    assert!(aliases.contains("gn:4\tOf\tcase,word"), "{aliases}");

    // The imported folder works on its own.
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Clashes near Tel Tamer and Tal Tamr. Most of it is quiet.").unwrap();
    let o = gazet(&[
        "extract",
        "--jsonl",
        "--no-default-gazetteer",
        "--gazetteer",
        out.to_str().unwrap(),
        article.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    let surfaces: Vec<&str> =
        v["mentions"].as_array().unwrap().iter().map(|m| m["surface"].as_str().unwrap()).collect();
    assert_eq!(surfaces, ["Tel Tamer", "Tal Tamr"]);

    // And it passes the checker.
    let o = gazet(&["gazetteer", "check", "--no-default-gazetteer", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn import_reports_a_malformed_dump_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("bad.txt");
    std::fs::write(
        &dump,
        format!(
            "{}1\tonly three\tcolumns\n",
            geonames_row((1, "A", "", 1.0, 1.0, "P", "PPL", "SY", 0))
        ),
    )
    .unwrap();
    let o = gazet(&[
        "gazetteer",
        "import",
        "--geonames",
        dump.to_str().unwrap(),
        "-o",
        dir.path().join("g").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("bad.txt:2: 3 columns"), "{err}");
    assert!(!dir.path().join("g/places.tsv").exists(), "a failed import leaves no partial file");
}

fn write_gazetteer(dir: &Path, places: &str, aliases: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("places.tsv"),
        format!("id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n{places}"),
    )
    .unwrap();
    std::fs::write(dir.join("aliases.tsv"), format!("id\talias\tflags\n{aliases}")).unwrap();
}

#[test]
fn check_flags_stopwords_and_rejects_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    write_gazetteer(&good, "x:1\tTall Tamr\tvillage\tSY\t\t36.65\t40.37\t0\t\n", "x:1\tThe\t\n");
    let o = gazet(&["gazetteer", "check", "--no-default-gazetteer", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("aliases.tsv:2: `The` is an English stopword"),
        "{}",
        text(&o.stdout)
    );

    let bad = dir.path().join("bad");
    write_gazetteer(
        &bad,
        "x:1\tA\tvillage\tSY\t\t36.65\t40.37\t0\t\nx:1\tB\tvillage\tSY\t\t1\t1\t0\t\n",
        "",
    );
    let o = gazet(&["gazetteer", "check", "--no-default-gazetteer", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("places.tsv:3: duplicate id `x:1` (first at"),
        "{}",
        text(&o.stderr)
    );

    let dangling = dir.path().join("dangling");
    write_gazetteer(&dangling, "x:1\tA\tvillage\tSY\t\t36.65\t40.37\t0\t\n", "x:2\tAa\t\n");
    let o = gazet(&["gazetteer", "check", "--no-default-gazetteer", dangling.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("aliases.tsv:2: unknown id `x:2`"), "{}", text(&o.stderr));
}

#[test]
fn layers_add_aliases_and_suppress_names_of_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("layer");
    std::fs::create_dir_all(&layer).unwrap();
    // A new spelling for an existing default entry, and a name suppressed.
    std::fs::write(layer.join("aliases.tsv"), "id\talias\tflags\ngrp:sdf\tQasad Forces\t\n")
        .unwrap();
    std::fs::write(layer.join("suppress.tsv"), "name\tid\nManbij\t\n").unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "The Qasad Forces entered Manbij and Raqqa.").unwrap();
    let o = gazet(&[
        "extract",
        "--jsonl",
        "--gazetteer",
        layer.to_str().unwrap(),
        article.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    let got: Vec<(&str, &str)> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["surface"].as_str().unwrap(), m["entity_id"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("Qasad Forces", "grp:sdf"), ("Raqqa", "gn:172955")]);
}

#[test]
fn stats_counts_kinds_and_countries() {
    let o = gazet(&["gazetteer", "stats", "--top", "3"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(
        out.contains("by kind") && out.contains("country") && out.contains("armed_group"),
        "{out}"
    );
    assert!(out.contains("by country (top 3"), "{out}");
}
