//! The compiled form of a gazetteer as bytes, so that a later run loads it
//! instead of compiling the names again (see [`super::cache`]).
//!
//! Layout: [`MAGIC`], the cache key (u64, little-endian), a CRC-32 of
//! what follows (u64), then sections,
//! each its length (u64) and its bytes: the tables (postcard), the fuzzy
//! index's pairs (little-endian u32s, copied in one pass rather than
//! decoded one by one), and the automaton (daachorse's own serialisation). Loading checks the magic, the key and every length, so
//! a truncated or foreign file is refused, never trusted.

use super::fuzzy::FuzzyIndex;
use super::{Entry, EntryIdx, Gazetteer, Name};
use daachorse::DoubleArrayAhoCorasick;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

/// The first bytes of a snapshot; the digit changes with the layout.
const MAGIC: &[u8; 8] = b"GAZETC01";

/// Everything of a [`Gazetteer`] but the automaton and what is derived
/// from other fields at load time, borrowed for saving.
#[derive(Serialize)]
struct TablesRef<'a> {
    entries: &'a [Entry],
    names: &'a [Name],
    patterns: &'a [Vec<u32>],
    version: &'a str,
    warnings: &'a [String],
    words: &'a HashSet<String>,
    given_names: &'a HashSet<String>,
    skeletons: &'a HashMap<String, Vec<u32>>,
    fuzzy: &'a FuzzyIndex,
    suppressed: &'a HashSet<(String, Option<EntryIdx>)>,
}

/// [`TablesRef`], owned, as loaded.
#[derive(Deserialize)]
struct Tables {
    entries: Vec<Entry>,
    names: Vec<Name>,
    patterns: Vec<Vec<u32>>,
    version: String,
    warnings: Vec<String>,
    words: HashSet<String>,
    given_names: HashSet<String>,
    skeletons: HashMap<String, Vec<u32>>,
    fuzzy: FuzzyIndex,
    suppressed: HashSet<(String, Option<EntryIdx>)>,
}

impl Tables {
    /// Whether every index points inside its table, so that a damaged file
    /// that still decodes cannot make a lookup panic later.
    fn consistent(&self) -> bool {
        let (entries, names) = (self.entries.len() as u32, self.names.len() as u32);
        let name_ok = |ids: &[u32]| ids.iter().all(|&n| n < names);
        self.names.iter().all(|n| n.entry < entries)
            && self.patterns.iter().all(|p| name_ok(p))
            && self.skeletons.values().all(|s| name_ok(s))
            && self.fuzzy.consistent(names)
            && self.suppressed.iter().all(|(_, e)| e.is_none_or(|e| e < entries))
    }
}

/// The snapshot of `gaz`, stamped with `key`.
pub(super) fn save(gaz: &Gazetteer, key: u64) -> Vec<u8> {
    let tables = TablesRef {
        entries: &gaz.entries,
        names: &gaz.names,
        patterns: &gaz.patterns,
        version: &gaz.version,
        warnings: &gaz.warnings,
        words: &gaz.words,
        given_names: &gaz.given_names,
        skeletons: &gaz.skeletons,
        fuzzy: &gaz.fuzzy,
        suppressed: &gaz.suppressed,
    };
    let tables = postcard::to_allocvec(&tables).expect("serialising to memory cannot fail");
    let mut body = Vec::new();
    for section in [tables, gaz.fuzzy.pairs_to_bytes(), gaz.automaton.serialize()] {
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
    let (tables, rest) = section(rest)?;
    let (pairs, rest) = section(rest)?;
    let (automaton, rest) = section(rest)?;
    let mut t: Tables = postcard::from_bytes(tables).ok()?;
    t.fuzzy.set_pairs_from_bytes(pairs)?;
    let (automaton, tail) = DoubleArrayAhoCorasick::<u32>::deserialize(automaton).ok()?;
    if !tail.is_empty() || !rest.is_empty() || !t.consistent() {
        return None;
    }
    let by_id = t.entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as EntryIdx)).collect();
    let countries = super::compile::countries(&t.entries);
    Some(Gazetteer {
        entries: t.entries,
        by_id,
        names: t.names,
        patterns: t.patterns,
        automaton,
        version: t.version,
        warnings: t.warnings,
        words: t.words,
        given_names: t.given_names,
        skeletons: t.skeletons,
        fuzzy: t.fuzzy,
        countries,
        suppressed: t.suppressed,
    })
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
