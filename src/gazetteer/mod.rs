//! The gazetteer: entries (places and groups), the names they go by, and
//! the compiled trie that finds those names in normalised text.
//!
//! A gazetteer is a folder of TSV files (see `gazetteer/README.md`):
//! `places*.tsv`, `groups*.tsv`, `aliases*.tsv` and `demonyms*.tsv`.
//! [`GazetteerBuilder`] layers several folders (later ones override
//! entries with the same id) over the embedded default and compiles them.

mod cache;
mod compile;
mod embedded;
pub mod fuzzy;
mod import;
mod kind;
mod lists;
mod load;
mod names;
mod records;
mod snapshot;
mod stopwords;
pub mod variants;

pub use compile::GazetteerBuilder;
pub use import::{ImportOptions, ImportStats, import_geonames};
pub use kind::{EntityType, Kind};

pub use compact_str::CompactString;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

/// Index of an entry in its [`Gazetteer`].
pub type EntryIdx = u32;

/// One place or group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id, e.g. `gn:173816` (GeoNames) or `grp:sdf`.
    pub id: CompactString,
    /// Canonical English name.
    pub name: CompactString,
    /// What it is.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code, if any.
    pub country: Option<CompactString>,
    /// Name of the first-level division it lies in, if any.
    pub admin1: Option<CompactString>,
    /// `(lat, lon)` in degrees, for places.
    pub coord: Option<(f64, f64)>,
    /// Population, 0 when unknown.
    pub population: u64,
    /// A national capital.
    pub capital: bool,
    /// Parent group id (YPG → SDF), for groups.
    pub parent: Option<CompactString>,
    /// Active years, e.g. `2015-`, for groups.
    pub active: Option<CompactString>,
    /// Where the row came from.
    pub source: CompactString,
}

impl Entry {
    /// Place or group.
    pub fn entity_type(&self) -> EntityType {
        self.kind.entity_type()
    }
}

/// How a name refers to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameRole {
    /// The entry's canonical name or an alias: "Raqqa", "ISIS".
    Name,
    /// An adjective for it: "Syrian" → Syria, "Kurdish" → Kurds.
    Demonym,
}

/// Flags on a name, from the `flags` column of the gazetteer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameFlags {
    /// `case`: matches only in the gazetteer's casing ("IS", "US").
    pub case_sensitive: bool,
    /// `word`: also a common English word ("Hit", "Of", "Nice"); it needs a
    /// capital, is skipped at the start of a sentence and in ALL-CAPS
    /// lines.
    pub common_word: bool,
    /// `weak`: rarely meant ("America" for the US); a lower prior.
    pub weak: bool,
    /// `translit`: a machine transliteration key ("alrqt"); it matches
    /// only where the text writes it with a capital, with a lower prior.
    pub translit: bool,
}

impl NameFlags {
    /// Whether the name has a lower prior (`weak` or `translit`).
    pub fn is_weak(&self) -> bool {
        self.weak || self.translit
    }

    /// The flags as written in a gazetteer file, e.g. `case,word`.
    pub fn to_flag_string(&self) -> String {
        let all = [
            (self.case_sensitive, "case"),
            (self.common_word, "word"),
            (self.weak, "weak"),
            (self.translit, "translit"),
        ];
        all.iter().filter(|f| f.0).map(|f| f.1).collect::<Vec<_>>().join(",")
    }
}

impl NameFlags {
    /// Parses a comma-separated flag list; returns the unknown flag on
    /// error.
    pub fn parse(s: &str) -> Result<NameFlags, String> {
        let mut flags = NameFlags::default();
        for f in s.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match f {
                "case" => flags.case_sensitive = true,
                "word" => flags.common_word = true,
                "weak" => flags.weak = true,
                "translit" => flags.translit = true,
                other => return Err(other.to_string()),
            }
        }
        Ok(flags)
    }
}

/// One form of one entry's name, as matched: read from the gazetteer's
/// name table by [`Gazetteer::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'g> {
    /// The form as written in the gazetteer.
    pub text: &'g str,
    /// The normalised form with letter case kept, for `case` names (empty
    /// for the others).
    pub cased: &'g str,
    /// Whether the gazetteer form has any capital letter; such a name does
    /// not match text written all in lower case ("hit", "raqqa").
    pub has_capital: bool,
    /// The entry it names.
    pub entry: EntryIdx,
    /// Name or demonym.
    pub role: NameRole,
    /// Matching flags.
    pub flags: NameFlags,
}

impl Name<'_> {
    /// Whether the name only matches text with a capital letter: its
    /// gazetteer form has one, or it is a transliteration key.
    pub fn needs_capital(&self) -> bool {
        self.has_capital || self.flags.translit
    }
}

/// What the exact pass asks of a name at every match, in one byte per
/// name (see [`Gazetteer::name_bits`]): a table of them stays in the
/// processor's cache, while reading the names themselves at every match
/// missed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct NameBits(u8);

impl NameBits {
    const NEEDS_CAPITAL: u8 = 1;
    const CASE_SENSITIVE: u8 = 1 << 1;
    const COMMON_WORD: u8 = 1 << 2;
    const DESCRIPTIVE: u8 = 1 << 3;
    const PLACE: u8 = 1 << 4;

    fn of(name: Name<'_>, entries: &[Entry]) -> NameBits {
        // "Syrian military", not "Syrian Arab Army": several words, the
        // last a word in lower case letters; "al-Sham" in "Hayat Tahrir
        // al-Sham" is the name's own ("Hayat Tahrir al-Sham fighters").
        let descriptive = name.text.split(' ').count() >= 2
            && name.text.rsplit(' ').next().is_some_and(|w| {
                w.starts_with(char::is_lowercase) && w.chars().all(char::is_alphabetic)
            });
        let place = entries[name.entry as usize].entity_type() == EntityType::Place;
        let facts = [
            (name.needs_capital(), Self::NEEDS_CAPITAL),
            (name.flags.case_sensitive, Self::CASE_SENSITIVE),
            (name.flags.common_word, Self::COMMON_WORD),
            (descriptive, Self::DESCRIPTIVE),
            (place, Self::PLACE),
        ];
        NameBits(facts.iter().filter(|(holds, _)| *holds).fold(0, |bits, (_, bit)| bits | bit))
    }

    /// [`Name::needs_capital`].
    pub(crate) fn needs_capital(self) -> bool {
        self.0 & Self::NEEDS_CAPITAL != 0
    }

    /// The `case` flag.
    pub(crate) fn case_sensitive(self) -> bool {
        self.0 & Self::CASE_SENSITIVE != 0
    }

    /// The `word` flag.
    pub(crate) fn common_word(self) -> bool {
        self.0 & Self::COMMON_WORD != 0
    }

    /// A descriptive name of several words whose last is a word in lower
    /// case ("Syrian military", not "Ahrar al-Sham"): after it, a head
    /// noun makes it a modifier.
    pub(crate) fn descriptive(self) -> bool {
        self.0 & Self::DESCRIPTIVE != 0
    }

    /// It names a place (not a group).
    pub(crate) fn place(self) -> bool {
        self.0 & Self::PLACE != 0
    }
}

/// The [`NameBits`] of `names`.
fn name_bits<'n>(names: impl Iterator<Item = Name<'n>>, entries: &[Entry]) -> Vec<NameBits> {
    names.map(|n| NameBits::of(n, entries)).collect()
}

/// The bits of [`Gazetteer::pattern_needs_capital`] for `patterns`, by
/// their names' [`NameBits`].
fn capital_patterns(patterns: &lists::Lists, name_bits: &[NameBits]) -> Vec<u64> {
    let mut bits = vec![0u64; patterns.len().div_ceil(64)];
    for p in 0..patterns.len() {
        let names_of = patterns.get(p);
        if names_of.iter().all(|&n| name_bits.get(n as usize).is_some_and(|b| b.needs_capital())) {
            bits[p / 64] |= 1 << (p % 64);
        }
    }
    bits
}

/// A compiled gazetteer: entries, names and the trie of their normal forms.
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Id → entry, made on the first [`Gazetteer::get`] (a run that only
    /// extracts never needs it).
    by_id: std::sync::OnceLock<HashMap<CompactString, EntryIdx>>,
    names: names::NameTable,
    /// Pattern id → indices into `names` of every name with that
    /// normalised form.
    patterns: lists::Lists,
    /// Pattern id → bit: whether every name of the pattern needs a
    /// capital letter in the text (see [`Name::needs_capital`]).
    capital_patterns: Vec<u64>,
    /// Name index → [`NameBits`].
    name_bits: Vec<NameBits>,
    /// Every normalised name form → its pattern id: walked from each word
    /// start of the text (see [`Gazetteer::prefixes`]); none when there
    /// are no names.
    trie: Option<crawdad::Trie>,
    version: String,
    warnings: Vec<String>,
    /// English words (normalised): kept out of the variant and fuzzy passes.
    words: HashSet<CompactString>,
    /// Given names (normalised): a place right after one is a person's name.
    given_names: HashSet<CompactString>,
    /// Skeleton → indices of the names with that skeleton (see
    /// [`variants`]).
    skeletons: lists::KeyedLists,
    /// Fuzzy keys' deletion neighbourhoods.
    fuzzy: fuzzy::FuzzyIndex,
    /// ISO code → country entry.
    countries: HashMap<CompactString, EntryIdx>,
    /// Suppressed (normalised name, entry or every entry).
    suppressed: HashSet<(String, Option<EntryIdx>)>,
    /// Each entry's first-level division, found on first use (see
    /// [`Gazetteer::admin1_of`]): 0 not yet looked up, 1 none, else the
    /// entry's index + 2.
    admin1: Vec<std::sync::atomic::AtomicU32>,
    /// Tells this gazetteer from every other made by this process, so
    /// that what is remembered about one is never used for another (see
    /// [`Gazetteer::serial`]).
    serial: u64,
}

/// The memo behind [`Gazetteer::admin1_of`] for `entries` entries.
fn admin1_memo(entries: usize) -> Vec<std::sync::atomic::AtomicU32> {
    (0..entries).map(|_| std::sync::atomic::AtomicU32::new(0)).collect()
}

/// A new [`Gazetteer::serial`].
fn next_serial() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("names", &self.names.len())
            .field("patterns", &self.patterns.len())
            .field("version", &self.version)
            .finish()
    }
}

impl Gazetteer {
    /// The embedded default gazetteer.
    ///
    /// # Errors
    /// Only if the embedded data is broken, which the test suite rules out.
    pub fn embedded() -> crate::Result<Gazetteer> {
        GazetteerBuilder::new().build()
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at `idx`.
    pub fn entry(&self, idx: EntryIdx) -> &Entry {
        &self.entries[idx as usize]
    }

    /// The entry with id `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        let by_id = self.by_id.get_or_init(|| {
            self.entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as EntryIdx)).collect()
        });
        by_id.get(id).map(|&i| self.entry(i))
    }

    /// How many names there are (the indices of [`Gazetteer::name`]).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The name at `idx` (below [`Gazetteer::name_count`]).
    pub fn name(&self, idx: u32) -> Name<'_> {
        self.names.get(idx)
    }

    /// The entry of the name at `idx`: [`Gazetteer::name`]'s `entry`,
    /// without reading its strings.
    pub fn name_entry(&self, idx: u32) -> EntryIdx {
        self.names.entry(idx)
    }

    /// The role of the name at `idx`, without reading its strings.
    pub fn name_role(&self, idx: u32) -> NameRole {
        self.names.role_and_flags(idx).0
    }

    /// The flags of the name at `idx`, without reading its strings.
    pub fn name_flags(&self, idx: u32) -> NameFlags {
        self.names.role_and_flags(idx).1
    }

    /// The gazetteer's version (the embedded `VERSION` file, or `custom`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Problems that do not stop the gazetteer from working, each with its
    /// `file:line`: names that are English stopwords without the `case`
    /// flag (they would match "of", "the", "us" in running text).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The country entry with ISO 3166-1 code `cc`.
    pub fn country(&self, cc: &str) -> Option<EntryIdx> {
        self.countries.get(cc).copied()
    }

    /// The admin1 entry that contains entry `e`, found by its `admin1`
    /// name in the same country. Looked up once per entry, then
    /// remembered.
    pub fn admin1_of(&self, e: EntryIdx) -> Option<EntryIdx> {
        use std::sync::atomic::Ordering::Relaxed;
        let slot = &self.admin1[e as usize];
        match slot.load(Relaxed) {
            0 => {}
            1 => return None,
            k => return Some(k - 2),
        }
        let entry = self.entry(e);
        let found = entry.admin1.as_deref().and_then(|name| {
            self.lookup(name).iter().map(|&n| self.name_entry(n)).find(|&a| {
                self.entry(a).kind == Kind::Admin1 && self.entry(a).country == entry.country
            })
        });
        // Another thread may store the same answer at the same time.
        slot.store(found.map_or(1, |a| a + 2), Relaxed);
        found
    }

    /// Whether `word` (normalised) is an English dictionary word.
    pub fn is_english_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether the normalised text `key` must not be matched to `entry`
    /// (a `suppress*.tsv` row), by any method.
    pub fn is_suppressed(&self, key: &str, entry: EntryIdx) -> bool {
        !self.suppressed.is_empty()
            && (self.suppressed.contains(&(key.to_string(), None))
                || self.suppressed.contains(&(key.to_string(), Some(entry))))
    }

    /// Whether `word` (normalised) is a common given name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Indices of the names whose skeleton is `skeleton` (spelling variants
    /// of each other; see [`variants`]).
    pub fn skeleton_names(&self, skeleton: &str) -> &[u32] {
        self.skeletons.get(skeleton)
    }

    /// The names within the edit-distance limit of the fuzzy key `key`
    /// (see [`fuzzy`]), nearest first.
    pub fn fuzzy_find(&self, key: &str) -> Vec<fuzzy::FuzzyHit<'_>> {
        self.fuzzy.find(key)
    }

    /// Sizes of the variant and fuzzy indexes: (names with a skeleton,
    /// distinct skeletons, deletion-neighbourhood entries).
    pub fn index_sizes(&self) -> (usize, usize, usize) {
        (self.skeletons.items(), self.skeletons.len(), self.fuzzy.len())
    }

    /// Indices of the names whose normalised form equals that of `text`.
    pub fn lookup(&self, text: &str) -> &[u32] {
        let key = crate::text::normalize_key(text);
        let pattern = self.trie.as_ref().and_then(|t| t.exact_match(key.chars()));
        pattern.map_or(&[], |p| self.pattern_names(p))
    }

    /// A number no other gazetteer of this process has: the key of
    /// per-thread memos of lookups in it.
    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    /// Calls `found(pattern, len)` for every normalised name form that
    /// `norm` begins with (`len` bytes long), shortest first.
    pub(crate) fn prefixes(&self, norm: &str, mut found: impl FnMut(u32, usize)) {
        let Some(trie) = &self.trie else { return };
        let consumed = std::cell::Cell::new(0);
        let chars = norm.chars().inspect(|c| consumed.set(consumed.get() + c.len_utf8()));
        // The search yields a form as soon as its last character is read.
        for (pattern, _) in trie.common_prefix_search(chars) {
            found(pattern, consumed.get());
        }
    }

    /// Whether every name of pattern `pattern` needs a capital letter in
    /// the text: then a match written in lower case is none of them, and
    /// the names need not be looked at (most matches are words of running
    /// text that are also names: "hit", "of", "reading").
    pub(crate) fn pattern_needs_capital(&self, pattern: u32) -> bool {
        let p = pattern as usize;
        self.capital_patterns.get(p / 64).is_some_and(|w| w >> (p % 64) & 1 == 1)
    }

    /// What the exact pass asks of name `n` (which must exist).
    pub(crate) fn name_bits(&self, n: u32) -> NameBits {
        self.name_bits[n as usize]
    }

    /// Names of pattern `pattern`.
    pub(crate) fn pattern_names(&self, pattern: u32) -> &[u32] {
        // A pattern id comes from the trie, which a damaged cache
        // file could make point anywhere: out of range means no names.
        self.patterns.get(pattern as usize)
    }
}

/// The version of the embedded default gazetteer.
pub const EMBEDDED_VERSION: &str = embedded::VERSION;

/// Names of the files of the embedded default gazetteer (as in
/// `gazetteer/`).
pub fn embedded_file_names() -> impl Iterator<Item = &'static str> {
    embedded::FILES.iter().map(|(name, _)| *name)
}

/// A gazetteer of `rows` of `places.tsv` (no header) alone, for tests.
#[cfg(test)]
pub(crate) fn of_places(rows: &str) -> Gazetteer {
    let header = "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n";
    crate::GazetteerBuilder::new()
        .no_default()
        .add_file("places.tsv", &format!("{header}{rows}"))
        .unwrap()
        .compile()
        .unwrap()
}

#[cfg(test)]
mod tests {
    /// A match in lower case is skipped, before its names are looked at,
    /// only when every name of its pattern needs a capital letter.
    #[test]
    fn lower_case_matches_only_names_written_in_lower_case() {
        let gaz = super::of_places(
            "gz:hit\tHit\tcity\tIQ\t\t33.64\t42.83\t0\t\n\
             gz:x\tqaryat x\tvillage\tIQ\t\t33.1\t42.1\t0\t\n",
        );
        let capital = |key: &str| {
            gaz.pattern_needs_capital(gaz.trie.as_ref().unwrap().exact_match(key.chars()).unwrap())
        };
        assert!(capital("hit") && !capital("qaryat x"));
        let found: Vec<String> = crate::Extractor::new(&gaz)
            .extract("Shells hit qaryat x, then Hit.")
            .into_iter()
            .map(|m| m.surface)
            .collect();
        assert_eq!(found, ["qaryat x", "Hit"]);
    }
}
