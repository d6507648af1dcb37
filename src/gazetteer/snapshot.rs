//! The compiled form of a gazetteer as bytes, so that a later run loads it
//! instead of compiling the names again (see [`super::cache`]).
//!
//! Layout: [`MAGIC`], the cache key (u64, little-endian), a CRC-32 of
//! what follows (u64), then five sections, each its length (u64) and its
//! bytes: the entries, the names with the automaton's patterns, the other
//! tables (each postcard), the fuzzy index's pairs (little-endian u32s,
//! copied in one pass rather than decoded one by one), and the automaton
//! (daachorse's own serialisation). The sections decode in parallel.
//! Loading checks the magic, the key, the checksum, every length and every
//! index, so a truncated, damaged or foreign file is refused, never
//! trusted.

use super::fuzzy::FuzzyIndex;
use super::{Entry, EntryIdx, Gazetteer, Name};
use daachorse::DoubleArrayAhoCorasick;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

/// The first bytes of a snapshot; the digit changes with the layout.
const MAGIC: &[u8; 8] = b"GAZETC02";

/// The tables other than entries and names, borrowed for saving.
#[derive(Serialize)]
struct RestRef<'a> {
    version: &'a str,
    warnings: &'a [String],
    words: &'a HashSet<String>,
    given_names: &'a HashSet<String>,
    skeletons: &'a HashMap<String, Vec<u32>>,
    fuzzy: &'a FuzzyIndex,
    suppressed: &'a HashSet<(String, Option<EntryIdx>)>,
}

/// [`RestRef`], owned, as loaded.
#[derive(Deserialize)]
struct Rest {
    version: String,
    warnings: Vec<String>,
    words: HashSet<String>,
    given_names: HashSet<String>,
    skeletons: HashMap<String, Vec<u32>>,
    fuzzy: FuzzyIndex,
    suppressed: HashSet<(String, Option<EntryIdx>)>,
}

/// The snapshot of `gaz`, stamped with `key`.
pub(super) fn save(gaz: &Gazetteer, key: u64) -> Vec<u8> {
    let rest = RestRef {
        version: &gaz.version,
        warnings: &gaz.warnings,
        words: &gaz.words,
        given_names: &gaz.given_names,
        skeletons: &gaz.skeletons,
        fuzzy: &gaz.fuzzy,
        suppressed: &gaz.suppressed,
    };
    let encode = |v: &dyn erased::Encode| v.encode();
    let sections = [
        encode(&gaz.entries),
        encode(&(&gaz.names, &gaz.patterns)),
        encode(&rest),
        gaz.fuzzy.pairs_to_bytes(),
        gaz.automaton.serialize(),
    ];
    let mut body = Vec::new();
    for section in sections {
        body.extend_from_slice(&(section.len() as u64).to_le_bytes());
        body.extend_from_slice(&section);
    }
    let mut out = Vec::with_capacity(body.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&u64::from(crc32fast::hash(&body)).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Postcard encoding behind a trait object, so one closure encodes every
/// section.
mod erased {
    pub(super) trait Encode {
        fn encode(&self) -> Vec<u8>;
    }

    impl<T: serde::Serialize> Encode for T {
        fn encode(&self) -> Vec<u8> {
            postcard::to_allocvec(self).expect("serialising to memory cannot fail")
        }
    }
}

/// The first section of `bytes` (its length, then its bytes) and the rest.
fn section(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    (rest.len() >= len).then(|| rest.split_at(len))
}

/// The gazetteer in `bytes`, if they are a whole snapshot stamped with
/// `key`.
pub(super) fn load(bytes: &[u8], key: u64) -> Option<Gazetteer> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stamp, rest) = rest.split_first_chunk::<8>()?;
    let (crc, rest) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*stamp) != key
        || u64::from_le_bytes(*crc) != u64::from(crc32fast::hash(rest))
    {
        return None;
    }
    let (entries, rest) = section(rest)?;
    let (names, rest) = section(rest)?;
    let (tables, rest) = section(rest)?;
    let (pairs, rest) = section(rest)?;
    let (automaton, rest) = section(rest)?;
    if !rest.is_empty() {
        return None;
    }
    type Names = (Vec<Name>, Vec<Vec<u32>>);
    let (entries, (names, (tables, automaton))) = rayon::join(
        || postcard::from_bytes::<Vec<Entry>>(entries).ok(),
        || {
            rayon::join(
                || postcard::from_bytes::<Names>(names).ok(),
                || {
                    rayon::join(
                        || {
                            let mut t = postcard::from_bytes::<Rest>(tables).ok()?;
                            t.fuzzy.set_pairs_from_bytes(pairs)?;
                            Some(t)
                        },
                        || DoubleArrayAhoCorasick::<u32>::deserialize(automaton).ok(),
                    )
                },
            )
        },
    );
    let (entries, (names, patterns), t) = (entries?, names?, tables?);
    let (automaton, tail) = automaton?;
    if !tail.is_empty() || !consistent(&entries, &names, &patterns, &t) {
        return None;
    }
    let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as EntryIdx)).collect();
    let countries = super::compile::countries(&entries);
    let admin1 = super::admin1_memo(entries.len());
    Some(Gazetteer {
        entries,
        by_id,
        names,
        patterns,
        automaton,
        version: t.version,
        warnings: t.warnings,
        words: t.words,
        given_names: t.given_names,
        skeletons: t.skeletons,
        fuzzy: t.fuzzy,
        countries,
        suppressed: t.suppressed,
        admin1,
        serial: super::next_serial(),
    })
}

/// Whether every index points inside its table, so that a damaged file
/// that still decodes cannot make a lookup panic later.
fn consistent(entries: &[Entry], names: &[Name], patterns: &[Vec<u32>], t: &Rest) -> bool {
    let (entries, names_len) = (entries.len() as u32, names.len() as u32);
    let name_ok = |ids: &[u32]| ids.iter().all(|&n| n < names_len);
    names.iter().all(|n| n.entry < entries)
        && patterns.iter().all(|p| name_ok(p))
        && t.skeletons.values().all(|s| name_ok(s))
        && t.fuzzy.consistent(names_len)
        && t.suppressed.iter().all(|(_, e)| e.is_none_or(|e| e < entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    /// The default gazetteer, compiled, and the same loaded from its
    /// snapshot, find the same mentions in every project article, fuzzy
    /// and variant matches included.
    #[test]
    fn a_loaded_snapshot_finds_what_the_compiled_gazetteer_finds() {
        let compiled = GazetteerBuilder::new().compile().unwrap();
        let bytes = save(&compiled, 42);
        assert!(load(&bytes, 43).is_none(), "a snapshot with another key was accepted");
        let loaded = load(&bytes, 42).expect("the snapshot loads");
        assert_eq!(loaded.entries().len(), compiled.entries().len());
        assert_eq!(loaded.names().len(), compiled.names().len());
        assert_eq!(loaded.index_sizes(), compiled.index_sizes());
        assert_eq!(loaded.version(), compiled.version());
        assert_eq!(loaded.lookup("Dayr az Zawr"), compiled.lookup("Dayr az Zawr"));
        assert!(!loaded.lookup("Dayr az Zawr").is_empty());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/annotated");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.push("Fighters left Taqbqa and Dair Alzour; SDF units entered Raqqah.".into());
        for text in &texts {
            let a = crate::Extractor::new(&compiled).extract(text);
            let b = crate::Extractor::new(&loaded).extract(text);
            assert!(!a.is_empty());
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
    }

    #[test]
    fn a_cut_snapshot_is_refused() {
        let gaz = GazetteerBuilder::new()
            .no_default()
            .add_file(
                "places.tsv",
                "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n\
                 gz:x\tRaqqa\tcity\tSY\t\t35.95\t39.01\t0\t\n",
            )
            .unwrap()
            .compile()
            .unwrap();
        let bytes = save(&gaz, 1);
        assert!(load(&bytes, 1).is_some());
        for cut in [0, 8, 24, bytes.len() / 2, bytes.len() - 1] {
            assert!(load(&bytes[..cut], 1).is_none(), "cut at {cut} accepted");
        }
    }
}
