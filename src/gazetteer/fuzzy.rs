//! The fuzzy index: names within a small edit distance of a word, found
//! through deletion neighbourhoods (as SymSpell does) instead of a scan of
//! every name.
//!
//! Two strings within edit distance `d` share a string reachable from each
//! by at most `d` deletions. Every indexed name stores the hashes of its
//! deletion neighbourhood (of its first [`PREFIX`] characters, which bounds
//! the neighbourhood's size); a query computes its own and looks each hash
//! up, then verifies every candidate with the true distance.

use super::lists::{Lists, Strings, le_u32 as word};
use std::ops::Range;
use std::sync::Arc;

/// Bits of a hash that pick its bucket: 2^18 buckets for about 2 million
/// pairs, a handful each.
const BUCKET_BITS: u32 = 18;

/// Characters of each key that the neighbourhood is built from.
const PREFIX: usize = 7;

/// The edit-distance limit for a key of `len` characters: 1 for 5 to 7,
/// 2 for 8 or more, none below 5.
pub fn max_distance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// Deletion-neighbourhood index over name keys.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct FuzzyIndex {
    /// (hash of a deletion variant, target index), sorted. Saved apart
    /// from the rest, with the buckets (see [`FuzzyIndex::pairs`]).
    #[serde(skip)]
    entries: PairTable,
    /// `buckets[b]`: the first pair whose hash's top [`BUCKET_BITS`] bits
    /// are `b` or more, so a lookup reads one short run of `entries`
    /// instead of binary-searching all of them.
    #[serde(skip)]
    buckets: Vec<u32>,
    /// Each target's fuzzy key.
    keys: Strings,
    /// Each target's names: those whose fuzzy key it is.
    names: Lists,
    /// Each target key's length in characters.
    lens: Vec<u16>,
}

/// A name near a query.
#[derive(Clone, Debug, PartialEq)]
pub struct FuzzyHit<'a> {
    /// The fuzzy key of the names.
    pub key: &'a str,
    /// The names with that key.
    pub names: &'a [u32],
    /// Optimal-string-alignment distance to the query.
    pub distance: usize,
    /// Normalised OSA similarity, 0 to 1.
    pub similarity: f64,
}

/// FNV-1a, 32 bits: fast and stable; a collision only adds a candidate
/// that verification then drops.
fn hash(s: &[char]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &c in s {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Bytes shared with whatever holds them: a snapshot's memory map (or,
/// in tests, a vector).
pub(crate) type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The (hash, target) pairs, sorted by hash.
#[derive(Default)]
enum PairTable {
    /// No pairs (an index of nothing).
    #[default]
    Empty,
    /// Built in this process.
    Owned(Vec<(u32, u32)>),
    /// Read in place from a snapshot: `len` pairs of two little-endian
    /// u32s from byte `offset` of `bytes`, so that loading neither copies
    /// nor decodes the 2 million pairs of the default gazetteer.
    Mapped { bytes: SharedBytes, offset: usize, len: usize },
}

impl std::fmt::Debug for PairTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PairTable({} pairs)", self.len())
    }
}

impl PairTable {
    fn len(&self) -> usize {
        match self {
            PairTable::Empty => 0,
            PairTable::Owned(v) => v.len(),
            PairTable::Mapped { len, .. } => *len,
        }
    }

    /// Appends to `out` the targets of the pairs in `range` whose hash is
    /// `h`. `range` lies within the table (the buckets are checked).
    fn targets_of(&self, range: Range<usize>, h: u32, out: &mut Vec<u32>) {
        match self {
            PairTable::Empty => {}
            PairTable::Owned(v) => out.extend(v[range].iter().filter(|e| e.0 == h).map(|e| e.1)),
            PairTable::Mapped { bytes, offset, .. } => {
                let bytes = &(**bytes).as_ref()[offset + 8 * range.start..offset + 8 * range.end];
                out.extend(
                    bytes.chunks_exact(8).filter(|p| word(&p[..4]) == h).map(|p| word(&p[4..])),
                );
            }
        }
    }

    /// Every pair, in order.
    fn iter(&self) -> Box<dyn Iterator<Item = (u32, u32)> + '_> {
        match self {
            PairTable::Empty => Box::new(std::iter::empty()),
            PairTable::Owned(v) => Box::new(v.iter().copied()),
            PairTable::Mapped { bytes, offset, len } => Box::new(
                (**bytes).as_ref()[*offset..offset + 8 * len]
                    .chunks_exact(8)
                    .map(|p| (word(&p[..4]), word(&p[4..]))),
            ),
        }
    }
}

/// The bucket starts of sorted `entries` (see [`FuzzyIndex::buckets`]).
fn buckets(entries: &[(u32, u32)]) -> Vec<u32> {
    let mut starts = Vec::with_capacity((1 << BUCKET_BITS) + 1);
    for (i, e) in entries.iter().enumerate() {
        // Bucket b starts at the first entry whose bucket is b or later.
        let b = (e.0 >> (32 - BUCKET_BITS)) as usize;
        while starts.len() <= b {
            starts.push(i as u32);
        }
    }
    starts.resize((1 << BUCKET_BITS) + 1, entries.len() as u32);
    starts
}

/// Hashes of every string made by deleting up to `d` characters of `s`
/// (at most [`PREFIX`] characters), appended to `out` with repeats.
fn neighbourhood(s: &[char], d: usize, out: &mut Vec<u32>) {
    out.push(hash(s));
    if d == 0 || s.is_empty() {
        return;
    }
    let mut buf = ['\0'; PREFIX];
    for i in 0..s.len() {
        buf[..i].copy_from_slice(&s[..i]);
        buf[i..s.len() - 1].copy_from_slice(&s[i + 1..]);
        neighbourhood(&buf[..s.len() - 1], d - 1, out);
    }
}

/// The optimal-string-alignment distance between `a` and `b` (as
/// `strsim::osa_distance` counts it), if it is at most `limit`; `None`
/// as soon as every alignment costs more. `rows` is scratch space.
///
/// Only the band of cells within `limit` of the diagonal is computed:
/// any cell outside it costs more than `limit`, and holds `limit + 1`.
fn osa_within(a: &[char], b: &[char], limit: usize, rows: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    let w = b.len() + 1;
    rows.clear();
    rows.resize(3 * w, over);
    let (mut prev2, mut prev, mut cur) = (0, w, 2 * w);
    for (j, r) in rows[prev..prev + w].iter_mut().enumerate().take(over) {
        *r = j;
    }
    for i in 1..=a.len() {
        let (lo, hi) = (i.saturating_sub(limit).max(1), (i + limit).min(b.len()));
        // The cells either side of the band, which the next row reads.
        rows[cur + lo - 1] = if i <= limit { i } else { over };
        if hi < b.len() {
            rows[cur + hi + 1] = over;
        }
        let mut row_min = rows[cur + lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v =
                (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2 + j - 2] + 1);
            }
            let v = v.min(over);
            rows[cur + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    let d = rows[prev + b.len()];
    (d <= limit).then_some(d)
}

/// Characters counted by their code modulo [`Bag::SLOTS`]: how many of
/// one string's characters the other lacks bounds their edit distance
/// from below, at a fraction of its cost.
struct Bag([i32; Bag::SLOTS]);

impl Bag {
    const SLOTS: usize = 64;

    fn of(s: &[char]) -> Bag {
        let mut bag = Bag([0; Bag::SLOTS]);
        for &c in s {
            bag.0[c as usize % Bag::SLOTS] += 1;
        }
        bag
    }

    /// A lower bound of the OSA distance between this bag's string and
    /// `other`: each insertion, deletion or substitution adds at most one
    /// to the characters either side lacks, a transposition none. (Two
    /// characters sharing a slot only make the bound lower.)
    fn distance_to(&self, other: &[char]) -> usize {
        let mut diff = self.0;
        for &c in other {
            diff[c as usize % Bag::SLOTS] -= 1;
        }
        let (mut extra, mut missing) = (0usize, 0usize);
        for d in diff {
            if d > 0 {
                extra += d as usize;
            } else {
                missing += d.unsigned_abs() as usize;
            }
        }
        extra.max(missing)
    }
}

/// The key fuzzy matching compares: the normalised form without spaces
/// and hyphens.
pub fn fuzzy_key(normalized: &str) -> String {
    normalized.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
}

impl FuzzyIndex {
    /// Indexes `targets` (fuzzy keys with their names).
    pub(crate) fn build(targets: &[(String, Vec<u32>)]) -> FuzzyIndex {
        let mut entries = Vec::new();
        let mut hashes = Vec::new();
        for (i, (key, _)) in targets.iter().enumerate() {
            let chars: Vec<char> = key.chars().collect();
            let d = max_distance(chars.len());
            if d == 0 {
                continue;
            }
            hashes.clear();
            neighbourhood(&chars[..chars.len().min(PREFIX)], d, &mut hashes);
            entries.extend(hashes.iter().map(|&h| (h, i as u32)));
        }
        entries.sort_unstable();
        entries.dedup();
        let lens =
            targets.iter().map(|t| t.0.chars().count().min(usize::from(u16::MAX)) as u16).collect();
        let mut keys = Strings::default();
        for (key, _) in targets {
            keys.push(key);
        }
        let names = targets.iter().map(|t| t.1.as_slice()).collect();
        FuzzyIndex {
            buckets: buckets(&entries),
            entries: PairTable::Owned(entries),
            keys,
            names,
            lens,
        }
    }

    /// The names within the distance limit of `key` (by its length), with
    /// their distance, nearest first.
    pub(crate) fn find(&self, key: &str) -> Vec<FuzzyHit<'_>> {
        let query: Vec<char> = key.chars().collect();
        let len = query.len();
        let d = max_distance(len);
        if d == 0 {
            return Vec::new();
        }
        let (mut target_chars, mut rows) = (Vec::new(), Vec::new());
        let query_bag = Bag::of(&query);
        let mut hits: Vec<FuzzyHit<'_>> = Vec::new();
        for t in self.candidates(&query, d) {
            let t = t as usize;
            // A target outside the table (a damaged snapshot) is no
            // candidate.
            let Some(&target_len) = self.lens.get(t) else { continue };
            let target_len = usize::from(target_len);
            // The limit of the longer string's length class, never more
            // than the query's.
            let limit = d.min(max_distance(target_len.max(len)));
            // Lengths further apart than the limit cannot be within it;
            // and "New Yorker", "Iraqis" are words made from the name, not
            // misspellings of it. Both are cheaper to see than the
            // distance, and the length needs no look at the key.
            if target_len.abs_diff(len) > limit {
                continue;
            }
            let target = self.keys.get(t);
            if key.starts_with(target) {
                continue;
            }
            target_chars.clear();
            target_chars.extend(target.chars());
            if query_bag.distance_to(&target_chars) > limit {
                continue;
            }
            match osa_within(&query, &target_chars, limit, &mut rows) {
                Some(distance) if distance > 0 => hits.push(FuzzyHit {
                    key: target,
                    names: self.names.get(t),
                    distance,
                    similarity: 1.0 - distance as f64 / len.max(target_len) as f64,
                }),
                _ => {}
            }
        }
        hits.sort_by(|a, b| {
            a.distance.cmp(&b.distance).then(b.similarity.total_cmp(&a.similarity))
        });
        hits
    }

    /// The buckets and the (hash, target) pairs, sorted: what a snapshot
    /// saves of them.
    pub(crate) fn pairs(&self) -> (&[u32], impl Iterator<Item = (u32, u32)> + '_) {
        (&self.buckets, self.entries.iter())
    }

    /// Sets the buckets and pairs saved from [`FuzzyIndex::pairs`]: `len`
    /// pairs at byte `offset` of `bytes`, read in place. `None` if the
    /// buckets do not fit them (every lookup then stays inside the
    /// table). A target outside the table is never a candidate.
    pub(crate) fn set_pairs(
        &mut self,
        buckets: Vec<u32>,
        bytes: SharedBytes,
        offset: usize,
        len: usize,
    ) -> Option<()> {
        let fits = match buckets.last() {
            None => len == 0,
            Some(&last) => {
                buckets.len() == (1 << BUCKET_BITS) + 1
                    && last as usize == len
                    && buckets.is_sorted()
                    && (*bytes).as_ref().len() >= offset.checked_add(len.checked_mul(8)?)?
            }
        };
        fits.then(|| {
            self.buckets = buckets;
            self.entries = PairTable::Mapped { bytes, offset, len };
        })
    }

    /// Whether every index points inside its table (`names` names).
    pub(crate) fn consistent(&self, names: u32) -> bool {
        let targets = self.keys.len();
        self.lens.len() == targets
            && self.names.len() == targets
            && self.keys.consistent()
            && self.names.consistent(names)
    }

    /// Number of (variant, name) pairs: the index's size.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Indices of the targets whose neighbourhood meets that of `query`
    /// within distance `d`: candidates, to be verified by the caller.
    fn candidates(&self, query: &[char], d: usize) -> Vec<u32> {
        if self.buckets.is_empty() {
            return Vec::new();
        }
        let mut hashes = Vec::with_capacity(32);
        neighbourhood(&query[..query.len().min(PREFIX)], d, &mut hashes);
        hashes.sort_unstable();
        hashes.dedup();
        let mut out = Vec::new();
        for h in hashes {
            let b = (h >> (32 - BUCKET_BITS)) as usize;
            let range = self.buckets[b] as usize..self.buckets[b + 1] as usize;
            self.entries.targets_of(range, h, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_within_the_distance() {
        let keys = ["tabqa", "manbij", "deirezzor", "raqqa"];
        let targets: Vec<(String, Vec<u32>)> =
            keys.iter().enumerate().map(|(i, k)| (k.to_string(), vec![i as u32])).collect();
        let idx = FuzzyIndex::build(&targets);
        let near = |q: &str| -> Vec<(String, usize)> {
            idx.find(q).into_iter().map(|h| (h.key.to_string(), h.distance)).collect()
        };
        assert_eq!(near("taqbqa"), [("tabqa".to_string(), 1)]);
        assert_eq!(near("menbij"), [("manbij".to_string(), 1)]);
        assert_eq!(near("deirezor"), [("deirezzor".to_string(), 1)]);
        assert_eq!(near("deirzor"), []); // 7 letters: 1 edit at most
        assert_eq!(near("raqqa"), []); // exact: not fuzzy
        assert_eq!(near("homs"), []); // too short
    }

    /// An index saved as bytes and read in place finds what the built one
    /// finds; buckets that do not fit the pairs are refused, and a pair
    /// pointing outside the table is no candidate (not a panic).
    #[test]
    fn pairs_read_in_place_are_checked() {
        let keys = ["tabqa", "manbij", "deirezzor"];
        let targets: Vec<(String, Vec<u32>)> =
            keys.iter().enumerate().map(|(i, k)| (k.to_string(), vec![i as u32])).collect();
        let built = FuzzyIndex::build(&targets);
        let (buckets, pairs) = built.pairs();
        let buckets = buckets.to_vec();
        let mut bytes = vec![0u8; 3];
        bytes.extend(pairs.flat_map(|(h, t)| [h.to_le_bytes(), t.to_le_bytes()]).flatten());
        let len = built.len();
        let mapped = |bytes: Vec<u8>, buckets: Vec<u32>| {
            let mut idx = FuzzyIndex::build(&targets);
            idx.set_pairs(buckets, Arc::new(bytes), 3, len).map(|()| idx)
        };
        let idx = mapped(bytes.clone(), buckets.clone()).expect("the pairs load");
        assert_eq!(idx.find("taqbqa"), built.find("taqbqa"));
        assert_eq!(idx.find("taqbqa")[0].key, "tabqa");

        let mut short = buckets.clone();
        *short.last_mut().unwrap() += 1;
        assert!(mapped(bytes.clone(), short).is_none(), "buckets past the pairs were accepted");
        assert!(mapped(bytes[..bytes.len() - 1].to_vec(), buckets.clone()).is_none());

        // Every target far outside the table.
        let mut wild = bytes.clone();
        for p in wild[3..].chunks_exact_mut(8) {
            p[4..].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        let idx = mapped(wild, buckets).expect("the pairs load");
        assert_eq!(idx.find("taqbqa"), []);
    }

    /// The bounded distance agrees with strsim's wherever it answers, and
    /// answers whenever strsim's distance is within the limit.
    #[test]
    fn bounded_distance_agrees_with_strsim() {
        use proptest::prelude::*;
        let word = "[abcé]{0,12}";
        proptest!(ProptestConfig::with_cases(5000), |(a in word, b in word, limit in 0usize..4)| {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let want = strsim::osa_distance(&a, &b);
            let got = osa_within(&ca, &cb, limit, &mut Vec::new());
            prop_assert_eq!(got, (want <= limit).then_some(want));
            prop_assert!(Bag::of(&ca).distance_to(&cb) <= want, "the bag bound is above the distance");
        });
    }
}
