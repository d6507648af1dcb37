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
        // Word lists have one column, sorted; the tables are sorted by id.
        let id_col = header.iter().position(|&h| h == "id").unwrap_or(0);
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
            g.lookup(surface).iter().map(|&n| g.entry(g.name_entry(n)).id.as_str()).collect();
        if !ids.contains(&id) {
            missing.push(format!("{surface} -> {id}; have {ids:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

use gazet::geo::distance_km as km;

/// The places the project's users ask for, each within 25 km of where it
/// is (coordinates from the places' Wikipedia articles).
#[test]
fn conflict_places_are_where_they_are() {
    let g = gaz();
    let cases: &[(&str, Kind, (f64, f64))] = &[
        ("Raqqa", Kind::City, (35.95, 39.01)),
        ("Deir ez-Zor", Kind::City, (35.33, 40.14)),
        ("Deir ez-Zor", Kind::Admin1, (35.0, 40.3)),
        ("al-Mayadin", Kind::City, (35.02, 40.45)),
        ("Abu Kamal", Kind::City, (34.45, 40.92)),
        ("Tabqa", Kind::City, (35.84, 38.55)),
        ("Manbij", Kind::Town, (36.53, 37.95)),
        ("Kobani", Kind::Town, (36.89, 38.35)),
        ("Afrin", Kind::Town, (36.51, 36.87)),
        ("Qamishli", Kind::Town, (37.05, 41.22)),
        ("Baghuz", Kind::Village, (34.46, 40.95)),
        ("Hajin", Kind::Town, (34.69, 40.83)),
        ("Tall Tamr", Kind::Village, (36.65, 40.37)),
        ("Ayn Issa", Kind::Village, (36.39, 38.86)),
        ("Kafr Nabl", Kind::Town, (35.61, 36.56)),
        ("Khan Shaykhun", Kind::Town, (35.44, 36.65)),
        ("Tal Afar", Kind::Town, (36.38, 42.45)),
        ("Sinjar", Kind::Town, (36.32, 41.87)),
        ("Tabqa Dam", Kind::Dam, (35.87, 38.57)),
        ("Hmeimim", Kind::Airbase, (35.41, 35.95)),
        ("London", Kind::City, (51.51, -0.13)),
        ("Vladivostok", Kind::City, (43.12, 131.89)),
        ("Mosul", Kind::City, (36.34, 43.13)),
        ("Daraya", Kind::Town, (33.46, 36.24)),
    ];
    let settlement = |k: Kind| matches!(k, Kind::City | Kind::Town | Kind::Village);
    let mut wrong = Vec::new();
    for &(name, kind, at) in cases {
        let found: Vec<(String, Kind, f64)> = g
            .lookup(name)
            .iter()
            .map(|&n| g.entry(g.name_entry(n)))
            .filter_map(|e| Some((e.id.to_string(), e.kind, km(e.coord?, at))))
            .collect();
        // Towns and cities differ only by population: any settlement will do.
        let ok = found
            .iter()
            .any(|&(_, k, d)| (k == kind || (settlement(k) && settlement(kind))) && d <= 25.0);
        if !ok {
            wrong.push(format!("{name} ({kind}) near {at:?}: found {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The T-2 pumping station is found, in the Deir ez-Zor desert.
    let t2: Vec<&gazet::Entry> =
        g.lookup("T-2 pumping station").iter().map(|&n| g.entry(g.name_entry(n))).collect();
    assert!(
        t2.iter().any(|e| e.kind == Kind::Facility
            && e.coord.is_some_and(
                |(lat, lon)| (34.0..36.0).contains(&lat) && (39.0..41.5).contains(&lon)
            )),
        "{t2:?}"
    );
}

/// Every group the project's issue lists, by each of its listed names.
#[test]
fn listed_groups_are_found_by_each_name() {
    let g = gaz();
    let names = [
        "Islamic State",
        "ISIS",
        "ISIL",
        "IS",
        "Daesh",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and al-Sham",
        "SDF",
        "YPG",
        "YPJ",
        "Asayish",
        "PYD",
        "PKK",
        "SAA",
        "Syrian Arab Army",
        "Syrian army",
        "Syrian military",
        "NDF",
        "Tiger Forces",
        "Syrian Arab Air Force",
        "Hezbollah",
        "Hizballah",
        "Hizbollah",
        "HTS",
        "Jabhat al-Nusra",
        "Nusra Front",
        "Jabhat Fatah al-Sham",
        "Ahrar al-Sham",
        "Jaish al-Islam",
        "FSA",
        "SNA",
        "Turkish Armed Forces",
        "Russian Aerospace Forces",
        "US-led coalition",
        "coalition forces",
        "international coalition",
        "CJTF-OIR",
        "Operation Inherent Resolve",
        "PMU",
        "Hashd al-Shaabi",
        "Peshmerga",
        "IRGC",
        "Quds Force",
        "Wagner",
        "Raqqa Civil Council",
        "Syrian National Coalition",
        "SOHR",
        "White Helmets",
        "Syrian Civil Defence",
        "UN",
        "NATO",
        "EU",
        "WHO",
    ];
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            !g.lookup(n)
                .iter()
                .any(|&i| g.entry(g.name_entry(i)).entity_type() == EntityType::Group)
        })
        .collect();
    assert!(missing.is_empty(), "no group found for {missing:?}");
}
