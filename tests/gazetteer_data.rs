//! Checks of the shipped gazetteer data in `gazetteer/`: it all loads (the
//! loader rejects malformed rows, unknown kinds, bad coordinates, duplicate
//! ids and dangling references), every file is embedded, rows are sorted,
//! and the entries the project relies on are there.

use gazet::{EntityType, Gazetteer, Kind};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::embedded().expect("the embedded gazetteer loads"))
}

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer"))
}

#[test]
fn every_tsv_file_is_embedded() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv"))
        .collect();
    let embedded: BTreeSet<String> =
        gazet::gazetteer::embedded_file_names().map(str::to_string).collect();
    assert_eq!(on_disk, embedded);
}

#[test]
fn rows_are_sorted_by_id() {
    for name in gazet::gazetteer::embedded_file_names() {
        let text = std::fs::read_to_string(data_dir().join(name)).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let id_col = header.iter().position(|&h| h == "id").unwrap();
        let key_col = header.iter().position(|&h| h == "alias" || h == "demonym");
        let keys: Vec<(String, String)> = lines
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[id_col].to_string(), key_col.map_or(String::new(), |k| f[k].to_string()))
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if let Some(i) = keys.iter().zip(&sorted).position(|(a, b)| a != b) {
            panic!("gazetteer/{name}:{}: not sorted by id ({:?})", i + 2, keys[i]);
        }
    }
}

#[test]
fn coverage_is_world_wide_with_groups() {
    let g = gaz();
    let count = |k: Kind| g.entries().iter().filter(|e| e.kind == k).count();
    assert!(count(Kind::Country) >= 240, "countries: {}", count(Kind::Country));
    assert!(count(Kind::Admin1) >= 3000, "admin1: {}", count(Kind::Admin1));
    let groups = g.entries().iter().filter(|e| e.entity_type() == EntityType::Group).count();
    assert!(groups >= 150, "groups: {groups}");
}

/// Surfaces from real reporting and entries they must be able to mean.
#[test]
fn news_spellings_reach_their_entries() {
    let g = gaz();
    let cases = [
        ("Raqqah", "gn:172955"),
        ("RAQQAH", "gn:172957"),
        ("Raqqa", "gn:172955"),
        ("Ar-Raqqah", "gn:172955"),
        ("Deir Ezzor", "gn:170794"),
        ("DEIR EZZOR", "gn:170792"),
        ("al-Mayadin", "gn:173480"),
        ("Mayadin", "gn:173480"),
        ("Manbij", "gn:167357"),
        ("Tabqa", "gn:172374"),
        ("Qamishli", "gn:173377"),
        ("Tal Afar", "gn:90393"),
        ("Rif Dimashq", "gn:170652"),
        ("ISIS", "grp:islamic-state"),
        ("Daesh", "grp:islamic-state"),
        ("SDF", "grp:sdf"),
        ("US-led coalition", "grp:cjtf-oir"),
        ("Raqqah Civil Council", "grp:raqqa-civil-council"),
        ("SAA", "grp:saa"),
        ("U.S.", "gn:6252001"),
        ("Syrian", "gn:163843"),
    ];
    let mut missing = Vec::new();
    for (surface, id) in cases {
        let ids: Vec<&str> =
            g.lookup(surface).iter().map(|&n| g.entry(g.name(n).entry).id.as_str()).collect();
        if !ids.contains(&id) {
            missing.push(format!("{surface} -> {id}; have {ids:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
