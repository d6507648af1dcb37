//! The compiled-gazetteer cache, as a user meets it: a later run loads
//! what the first compiled, an edited gazetteer is compiled afresh, and a
//! damaged cache file is ignored and replaced.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the fixture gazetteer in a new folder, and a cache folder.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let gaz = root.path().join("gaz");
    std::fs::create_dir(&gaz).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gazetteer");
    for f in std::fs::read_dir(fixtures).unwrap() {
        let f = f.unwrap();
        if f.path().extension().is_some_and(|e| e == "tsv") {
            std::fs::copy(f.path(), gaz.join(f.file_name())).unwrap();
        }
    }
    let cache = root.path().join("cache");
    (root, gaz, cache)
}

/// `gazet lookup NAME` on `gaz` alone, with the cache in `cache`.
fn lookup(gaz: &Path, cache: &Path, name: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["lookup", "--no-default-gazetteer", "--gazetteer"])
        .arg(gaz)
        .arg(name)
        .env("GAZET_CACHE_DIR", cache)
        .env_remove("GAZET_NO_CACHE")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn snapshots(cache: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(cache) else { return Vec::new() };
    let mut v: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn a_later_run_loads_the_compiled_gazetteer() {
    let (_root, gaz, cache) = setup();
    let first = lookup(&gaz, &cache, "Raqqa");
    assert!(first.contains("t:raqqa-city"), "{first}");
    let kept = snapshots(&cache);
    assert_eq!(kept.len(), 1, "one compiled gazetteer is kept: {kept:?}");
    let modified = std::fs::metadata(&kept[0]).unwrap().modified().unwrap();
    // The second run answers the same from the kept file, and leaves it.
    assert_eq!(lookup(&gaz, &cache, "Raqqa"), first);
    assert_eq!(snapshots(&cache), kept);
    assert_eq!(std::fs::metadata(&kept[0]).unwrap().modified().unwrap(), modified);
}

#[test]
fn an_edited_gazetteer_is_compiled_afresh() {
    let (_root, gaz, cache) = setup();
    assert!(!lookup(&gaz, &cache, "Rakka Town").contains("t:raqqa-city"));
    let aliases = gaz.join("aliases.tsv");
    let mut text = std::fs::read_to_string(&aliases).unwrap();
    text.push_str("t:raqqa-city\tRakka Town\t\ttest\n");
    std::fs::write(&aliases, text).unwrap();
    let after = lookup(&gaz, &cache, "Rakka Town");
    assert!(after.contains("t:raqqa-city"), "the new alias is not seen:\n{after}");
}

#[test]
fn a_damaged_cache_file_is_ignored_and_replaced() {
    let (_root, gaz, cache) = setup();
    let first = lookup(&gaz, &cache, "Raqqa");
    let kept = snapshots(&cache);
    assert_eq!(kept.len(), 1);
    let bytes = std::fs::read(&kept[0]).unwrap();
    for damaged in [bytes[..bytes.len() / 2].to_vec(), {
        let mut b = bytes.clone();
        let mid = b.len() / 3;
        b[mid..mid + 64].fill(0xff);
        b
    }] {
        std::fs::write(&kept[0], &damaged).unwrap();
        assert_eq!(lookup(&gaz, &cache, "Raqqa"), first);
        assert_eq!(std::fs::read(&kept[0]).unwrap(), bytes, "the cache was not rewritten");
    }
}

#[test]
fn no_cache_writes_nothing() {
    let (_root, gaz, cache) = setup();
    let out = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["lookup", "--no-default-gazetteer", "--gazetteer"])
        .arg(&gaz)
        .arg("Raqqa")
        .env("GAZET_CACHE_DIR", &cache)
        .env("GAZET_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(snapshots(&cache).is_empty());
}
