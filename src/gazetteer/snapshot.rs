//! The compiled form of a gazetteer as bytes, so that a later run loads it
//! instead of compiling the names again (see [`super::cache`]).
//!
//! Layout: [`MAGIC`], the cache key (u64, little-endian), then five
//! sections, each its length (u64), the CRC-32 of its bytes (u64) and its
//! bytes: the entries and the names (see [`super::records`]), the other
//! tables with the trie's patterns (postcard), the fuzzy index's
//! buckets and pairs, and the trie of name forms (crawdad's own
//! serialisation).
//! The fuzzy section is the number of buckets (u64), the buckets (u32s)
//! and the (hash, target) pairs (u32s), all little-endian.
//!
//! The sections are decoded straight from the bytes (a memory map of the
//! file, see [`super::cache`]) by tasks spread over rayon's threads; the
//! names and the fuzzy pairs are not decoded at all but read in place by
//! lookups, which keep the bytes alive. Loading checks the magic, the key,
//! every checksum, every length and every index (the fuzzy pairs' targets
//! are checked when a lookup meets them), so a truncated, damaged or
//! foreign file is refused, never trusted.

use super::fuzzy::{FuzzyIndex, SharedBytes};
use super::lists::{KeyedLists, Lists};
use super::names::NameTable;
use super::records;
use super::{CompactString, EntryIdx, Gazetteer, NameBits};
use rustc_hash::FxHashSet as HashSet;
use serde::{Deserialize, Serialize};

/// The first bytes of a snapshot; the digit changes with the layout.
const MAGIC: &[u8; 8] = b"GAZETC10";

/// Bytes before the first section: the magic and the key.
const HEAD: u64 = 16;

/// The tables other than entries and names, borrowed for saving.
#[derive(Serialize)]
struct RestRef<'a> {
    patterns: &'a Lists,
    capital_patterns: &'a [u64],
    name_bits: &'a [NameBits],
    version: &'a str,
    warnings: &'a [String],
    words: &'a HashSet<CompactString>,
    given_names: &'a HashSet<CompactString>,
    skeletons: &'a KeyedLists,
    fuzzy: &'a FuzzyIndex,
    suppressed: &'a HashSet<(String, Option<EntryIdx>)>,
}

/// [`RestRef`], owned, as loaded.
#[derive(Deserialize)]
struct Rest {
    patterns: Lists,
    capital_patterns: Vec<u64>,
    name_bits: Vec<NameBits>,
    version: String,
    warnings: Vec<String>,
    words: HashSet<CompactString>,
    given_names: HashSet<CompactString>,
    skeletons: KeyedLists,
    fuzzy: FuzzyIndex,
    suppressed: HashSet<(String, Option<EntryIdx>)>,
}

/// The snapshot of `gaz`, stamped with `key`; `None` if a table is too
/// big for the layout (over 4 GiB of strings), which is then not cached.
pub(super) fn save(gaz: &Gazetteer, key: u64) -> Option<Vec<u8>> {
    let rest = RestRef {
        patterns: &gaz.patterns,
        capital_patterns: &gaz.capital_patterns,
        name_bits: &gaz.name_bits,
        version: &gaz.version,
        warnings: &gaz.warnings,
        words: &gaz.words,
        given_names: &gaz.given_names,
        skeletons: &gaz.skeletons,
        fuzzy: &gaz.fuzzy,
        suppressed: &gaz.suppressed,
    };
    let encode = |v: &dyn erased::Encode| v.encode();
    let (buckets, pairs) = gaz.fuzzy.pairs();
    let mut fuzzy = Vec::with_capacity(8 + 4 * buckets.len() + 8 * gaz.fuzzy.len());
    fuzzy.extend_from_slice(&(buckets.len() as u64).to_le_bytes());
    fuzzy.extend(buckets.iter().flat_map(|b| b.to_le_bytes()));
    fuzzy.extend(pairs.flat_map(|(h, t)| [h.to_le_bytes(), t.to_le_bytes()]).flatten());
    let sections = [
        records::encode_entries(&gaz.entries)?,
        gaz.names.section().to_vec(),
        encode(&rest),
        fuzzy,
        gaz.trie.as_ref().map_or_else(Vec::new, crawdad::Trie::serialize_to_vec),
    ];
    let mut out = Vec::with_capacity(sections.iter().map(|s| s.len() + 16).sum::<usize>() + 16);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    for section in sections {
        out.extend_from_slice(&(section.len() as u64).to_le_bytes());
        out.extend_from_slice(&u64::from(crc32fast::hash(&section)).to_le_bytes());
        out.extend_from_slice(&section);
    }
    Some(out)
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

/// Where a section's bytes lie, and their checksum.
#[derive(Clone, Copy)]
struct Section {
    offset: usize,
    len: usize,
    crc: u32,
}

/// The five sections of `bytes`, if their lengths add up to the whole.
fn sections(bytes: &[u8]) -> Option<[Section; 5]> {
    let mut at = HEAD as usize;
    let mut out = [Section { offset: 0, len: 0, crc: 0 }; 5];
    for s in &mut out {
        let head = bytes.get(at..at.checked_add(16)?)?;
        let len = usize::try_from(u64::from_le_bytes(head[..8].try_into().ok()?)).ok()?;
        let crc = u32::try_from(u64::from_le_bytes(head[8..].try_into().ok()?)).ok()?;
        let offset = at + 16;
        at = offset.checked_add(len).filter(|&end| end <= bytes.len())?;
        *s = Section { offset, len, crc };
    }
    (at == bytes.len()).then_some(out)
}

/// The bytes of section `s`, if their checksum holds.
fn read(bytes: &[u8], s: Section) -> Option<&[u8]> {
    let section = &bytes[s.offset..s.offset + s.len];
    (crc32fast::hash(section) == s.crc).then_some(section)
}

/// What section `s` of `bytes` decodes to by `f`, if its checksum holds;
/// `done` is then told its range.
fn decoded<T>(
    bytes: &[u8],
    s: Section,
    done: &(dyn Fn(std::ops::Range<usize>) + Sync),
    f: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<T> {
    let value = read(bytes, s).and_then(f);
    done(s.offset..s.offset + s.len);
    value
}

/// The trie in `b` (crawdad 0.4's layout: the character map's length,
/// its u32 codes and the alphabet size, then the number of nodes and 8
/// bytes per node, all little-endian) and the bytes after it. The lengths
/// are checked first, since crawdad's own reader panics on short input; the
/// nodes themselves are trusted once the section's checksum holds.
fn trie_from_bytes(b: &[u8]) -> Option<(crawdad::Trie, &[u8])> {
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let table = u32_at(0)?;
    let nodes_at = 4usize.checked_add(table.checked_mul(4)?)?.checked_add(4)?;
    let nodes = u32_at(nodes_at)?;
    let len = nodes_at.checked_add(4)?.checked_add(nodes.checked_mul(8)?)?;
    (b.len() >= len).then(|| crawdad::Trie::deserialize_from_slice(b))
}

/// The fuzzy index's buckets in `section` (which starts at byte `offset`
/// of the snapshot), and where its pairs lie: (buckets, byte offset of the
/// pairs, number of pairs).
fn fuzzy_layout(section: &[u8], offset: usize) -> Option<(Vec<u32>, usize, usize)> {
    let n = usize::try_from(u64::from_le_bytes(section.get(..8)?.try_into().ok()?)).ok()?;
    let pairs_at = n.checked_mul(4)?.checked_add(8)?;
    let buckets = section.get(8..pairs_at)?.chunks_exact(4).map(super::lists::le_u32).collect();
    let pairs = &section[pairs_at..];
    pairs.len().is_multiple_of(8).then_some((buckets, offset + pairs_at, pairs.len() / 8))
}

/// The gazetteer in `shared`, if it is a whole snapshot stamped with
/// `key`. The gazetteer keeps `shared` for the fuzzy pairs it reads in
/// place. `done` is told each section's byte range once it is decoded
/// (so that a memory map can let those pages go).
pub(super) fn load(
    shared: SharedBytes,
    key: u64,
    done: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Option<Gazetteer> {
    let bytes: &[u8] = (*shared).as_ref();
    let head = bytes.get(..HEAD as usize)?;
    if &head[..8] != MAGIC || u64::from_le_bytes(head[8..].try_into().ok()?) != key {
        return None;
    }
    let [entries, names, tables, pairs, trie] = sections(bytes)?;
    // The counts the entries and names sections announce (each task
    // checks its own table's indices against them; the decoded tables are
    // checked to hold as many).
    let count = |s: Section| records::count(&bytes[s.offset..s.offset + s.len]);
    let (n_entries, n_names) = (count(entries)?, count(names)?);
    // Five tasks that rayon spreads over the threads.
    let ((trie, pairs), (entries, (names, tables))) = rayon::join(
        || {
            rayon::join(
                || {
                    decoded(bytes, trie, done, |b| {
                        if b.is_empty() {
                            return Some(None); // no names
                        }
                        let (trie, tail) = trie_from_bytes(b)?;
                        tail.is_empty().then_some(Some(trie))
                    })
                },
                || decoded(bytes, pairs, done, |b| fuzzy_layout(b, pairs.offset)),
            )
        },
        || {
            rayon::join(
                || {
                    let entries = decoded(bytes, entries, done, records::decode_entries)?;
                    let countries = super::compile::countries(&entries);
                    (entries.len() == n_entries).then_some((entries, countries))
                },
                || {
                    rayon::join(
                        || {
                            // Read in place, not decoded: its pages stay.
                            read(bytes, names)?;
                            let range = names.offset..names.offset + names.len;
                            let names = NameTable::new(shared.clone(), range, n_entries)?;
                            (names.len() == n_names).then_some(names)
                        },
                        || {
                            let t = decoded(bytes, tables, done, |b| {
                                postcard::from_bytes::<Rest>(b).ok()
                            })?;
                            consistent(&t, n_entries, n_names).then_some(t)
                        },
                    )
                },
            )
        },
    );
    let ((entries, countries), names, mut t) = (entries?, names?, tables?);
    let (buckets, offset, len) = pairs?;
    t.fuzzy.set_pairs(buckets, shared.clone(), offset, len)?;
    let trie = trie?;
    let admin1 = super::admin1_memo(entries.len());
    Some(Gazetteer {
        entries,
        by_id: std::sync::OnceLock::new(),
        names,
        patterns: t.patterns,
        capital_patterns: t.capital_patterns,
        name_bits: t.name_bits,
        trie,
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

/// Whether every index of the tables points inside the entries and names,
/// so that a damaged file that still decodes cannot make a lookup panic
/// later (the names' own entries are checked as they are decoded).
fn consistent(t: &Rest, entries: usize, names: usize) -> bool {
    let (Ok(entries), Ok(names_len)) = (u32::try_from(entries), u32::try_from(names)) else {
        return false;
    };
    t.name_bits.len() == names
        && t.patterns.consistent(names_len)
        && t.skeletons.consistent(names_len)
        && t.fuzzy.consistent(names_len)
        && t.suppressed.iter().all(|(_, e)| e.is_none_or(|e| e < entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GazetteerBuilder;

    fn shared(bytes: &[u8]) -> SharedBytes {
        std::sync::Arc::new(bytes.to_vec())
    }

    /// The default gazetteer, compiled, and the same loaded from its
    /// snapshot, find the same mentions in every project article, fuzzy
    /// and variant matches included.
    #[test]
    fn a_loaded_snapshot_finds_what_the_compiled_gazetteer_finds() {
        let compiled = GazetteerBuilder::new().compile().unwrap();
        let bytes = save(&compiled, 42).unwrap();
        assert!(
            load(shared(&bytes), 43, &|_| ()).is_none(),
            "a snapshot with another key was accepted"
        );
        let loaded = load(shared(&bytes), 42, &|_| ()).expect("the snapshot loads");
        assert_eq!(loaded.entries().len(), compiled.entries().len());
        assert_eq!(loaded.name_count(), compiled.name_count());
        assert_eq!(loaded.index_sizes(), compiled.index_sizes());
        assert_eq!(loaded.version(), compiled.version());
        assert_eq!(loaded.capital_patterns, compiled.capital_patterns);
        assert_eq!(loaded.name_bits, compiled.name_bits);
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
    fn a_gazetteer_without_names_is_saved_and_loaded() {
        let header = "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n";
        let gaz = GazetteerBuilder::new()
            .no_default()
            .add_file("places.tsv", header)
            .unwrap()
            .compile()
            .unwrap();
        let loaded = load(shared(&save(&gaz, 7).unwrap()), 7, &|_| ()).expect("it loads");
        assert!(loaded.name_count() == 0 && loaded.lookup("Raqqa").is_empty());
        assert!(crate::Extractor::new(&loaded).extract("Raqqa and Homs").is_empty());
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
        let bytes = save(&gaz, 1).unwrap();
        assert!(load(shared(&bytes), 1, &|_| ()).is_some());
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(load(shared(&flipped), 1, &|_| ()).is_none(), "a damaged trie was accepted");
        for cut in [0, 8, 24, bytes.len() / 2, bytes.len() - 1] {
            assert!(load(shared(&bytes[..cut]), 1, &|_| ()).is_none(), "cut at {cut} accepted");
        }
        // The trie's own reader panics on short input; the lengths are
        // checked before it runs.
        let trie = gaz.trie.as_ref().unwrap().serialize_to_vec();
        assert!(
            trie_from_bytes(&trie).is_some_and(
                |(t, tail)| tail.is_empty() && t.exact_match("raqqa".chars()).is_some()
            )
        );
        for cut in 0..trie.len() {
            assert!(trie_from_bytes(&trie[..cut]).is_none(), "trie cut at {cut} accepted");
        }
    }
}
