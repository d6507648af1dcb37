//! Layering gazetteer folders and compiling their names into one trie.

use super::cache::{Cache, KeyHasher};
use super::fuzzy::{FuzzyIndex, fuzzy_key};
use super::lists::KeyedLists;
use super::load::{Loc, NameRow, Rows, Table, decode, parse_file};
use super::names::{NameRecord, NameTable};
use super::stopwords::is_stopword;
use super::variants;
use super::{CompactString, Entry, EntryIdx, Gazetteer, NameFlags, NameRole, embedded};
use crate::text::{normalize_cased, normalize_key};
use crate::{Error, Result};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

/// One layer: the files of one gazetteer folder.
#[derive(Debug)]
struct Layer {
    /// The folder, for layers added with [`GazetteerBuilder::add_dir`].
    dir: Option<PathBuf>,
    files: Vec<LayerFile>,
}

/// A file of a layer, read only when the names must be compiled (a fresh
/// cached gazetteer makes reading it unnecessary).
#[derive(Debug)]
struct LayerFile {
    table: Table,
    /// Path or name, as errors show it.
    name: String,
    source: Source,
}

#[derive(Debug)]
enum Source {
    Path(PathBuf),
    Text(String),
}

impl LayerFile {
    fn text(&self) -> Result<std::borrow::Cow<'_, str>> {
        match &self.source {
            Source::Text(t) => Ok(t.into()),
            Source::Path(path) => {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                Ok(decode(&self.name, bytes)?.into())
            }
        }
    }
}

/// Builds a [`Gazetteer`] from the embedded default and any number of
/// folders layered over it.
///
/// ```
/// let gaz = gazet::GazetteerBuilder::new()
///     .no_default()
///     .add_file("places.tsv",
///         "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n\
///          gz:x\tRaqqa\tcity\tSY\t\t35.95\t39.01\t0\t\n")
///     .unwrap()
///     .build()
///     .unwrap();
/// assert_eq!(gaz.entries().len(), 1);
/// ```
#[derive(Debug)]
pub struct GazetteerBuilder {
    default: bool,
    layers: Vec<Layer>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder::new()
    }
}

impl GazetteerBuilder {
    /// A builder that starts from the embedded default gazetteer.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder { default: true, layers: Vec::new() }
    }

    /// Leaves out the embedded default gazetteer.
    pub fn no_default(mut self) -> GazetteerBuilder {
        self.default = false;
        self
    }

    /// Adds the gazetteer folder `dir` as a new layer over what is there.
    /// Its entries replace earlier entries with the same id; its aliases
    /// and demonyms are added.
    ///
    /// # Errors
    /// If the folder cannot be read, holds no gazetteer file, or a file is
    /// not UTF-8.
    pub fn add_dir(mut self, dir: &Path) -> Result<GazetteerBuilder> {
        let read = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut files = Vec::new();
        for item in read {
            let item = item.map_err(|e| Error::io(dir, e))?;
            let file_name = item.file_name().to_string_lossy().into_owned();
            let Some(table) = Table::from_file_name(&file_name) else { continue };
            let path = item.path();
            files.push(LayerFile {
                table,
                name: path.display().to_string(),
                source: Source::Path(path),
            });
        }
        if files.is_empty() {
            return Err(Error::input(
                dir,
                None,
                "no gazetteer files here (expected places*.tsv, groups*.tsv, aliases*.tsv or demonyms*.tsv)",
            ));
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        self.layers.push(Layer { dir: Some(dir.to_path_buf()), files });
        Ok(self)
    }

    /// Adds one gazetteer file, given by name (which says its table, e.g.
    /// `places-mine.tsv`) and contents, as a new layer.
    ///
    /// # Errors
    /// If the name does not say which table the file holds.
    pub fn add_file(mut self, name: &str, text: &str) -> Result<GazetteerBuilder> {
        let table = Table::from_file_name(name).ok_or_else(|| {
            Error::gazetteer(
                name,
                0,
                "not a gazetteer file name (places*, groups*, aliases*, demonyms*.tsv)",
            )
        })?;
        let file = LayerFile { table, name: name.to_string(), source: Source::Text(text.into()) };
        self.layers.push(Layer { dir: None, files: vec![file] });
        Ok(self)
    }

    /// Parses, checks and compiles every layer, or loads the compiled
    /// form a previous run kept, if its files have not changed since (see
    /// the `cache` module: `GAZET_NO_CACHE=1` turns that off).
    ///
    /// # Errors
    /// The first unreadable file, malformed row, duplicate id or dangling
    /// reference, with its file and line.
    pub fn build(self) -> Result<Gazetteer> {
        let cache = self.cache();
        if let Some(gaz) = cache.as_ref().and_then(Cache::load) {
            return Ok(gaz);
        }
        let gaz = self.compile()?;
        if let Some(cache) = cache {
            cache.store(&gaz);
        }
        Ok(gaz)
    }

    /// The cache slot of this stack of layers.
    fn cache(&self) -> Option<Cache> {
        let mut key = KeyHasher::new();
        key.number(u64::from(self.default));
        if self.default {
            key.number(embedded::DATA_HASH);
        }
        for layer in &self.layers {
            key.number(layer.files.len() as u64);
            for file in &layer.files {
                key.bytes(file.name.as_bytes());
                match &file.source {
                    Source::Text(text) => key.bytes(text.as_bytes()),
                    Source::Path(path) => key.file(&std::fs::metadata(path).ok()?),
                }
            }
        }
        let last_dir = self.layers.last().and_then(|l| l.dir.as_deref());
        Cache::new(&key, last_dir)
    }

    /// Parses, checks and compiles every layer.
    pub(crate) fn compile(self) -> Result<Gazetteer> {
        let mut layers: Vec<Layer> = Vec::new();
        if self.default {
            let files = embedded::files()
                .filter_map(|(name, text)| {
                    let table = Table::from_file_name(name)?;
                    let name = format!("gazetteer/{name}");
                    Some(LayerFile { table, name, source: Source::Text(text) })
                })
                .collect();
            layers.push(Layer { dir: None, files });
        }
        let custom = !self.layers.is_empty();
        layers.extend(self.layers);

        let mut entries: Vec<Entry> = Vec::new();
        let mut entry_locs: Vec<Loc> = Vec::new();
        let mut by_id: HashMap<CompactString, EntryIdx> = HashMap::default();
        let mut names: Vec<NameRow> = Vec::new();
        let mut demonyms: Vec<NameRow> = Vec::new();
        let mut suppress: Vec<NameRow> = Vec::new();
        let mut lexicon = Lexicon::default();
        for layer in &layers {
            let mut rows = Rows::default();
            // Entries before names, so a name may refer to any entry of
            // the same layer whatever the file order.
            let mut files: Vec<&LayerFile> = layer.files.iter().collect();
            files.sort_by_key(|f| f.table);
            // Files are parsed side by side, then taken in this order.
            let parsed: Vec<Result<Rows>> = files
                .par_iter()
                .map(|file| {
                    let mut rows = Rows::default();
                    parse_file(file.table, &file.name, &file.text()?, &mut rows)?;
                    Ok(rows)
                })
                .collect();
            for file_rows in parsed {
                rows.append(file_rows?);
            }
            let mut seen: HashMap<&str, &Loc> = HashMap::default();
            for (entry, loc) in &rows.entries {
                if let Some(first) = seen.insert(&entry.id, loc) {
                    return Err(loc.error(format!(
                        "duplicate id `{}` (first at {}:{})",
                        entry.id, first.file, first.line
                    )));
                }
            }
            for (entry, loc) in rows.entries {
                match by_id.get(entry.id.as_str()) {
                    Some(&i) => {
                        entries[i as usize] = entry;
                        entry_locs[i as usize] = loc;
                    }
                    None => {
                        by_id.insert(entry.id.clone(), entries.len() as EntryIdx);
                        entries.push(entry);
                        entry_locs.push(loc);
                    }
                }
            }
            names.extend(rows.aliases);
            demonyms.extend(rows.demonyms);
            suppress.extend(rows.suppress);
            lexicon.words.extend(rows.words.into_iter().map(CompactString::from));
            lexicon.given_names.extend(rows.given_names.into_iter().map(CompactString::from));
        }
        // The file texts are parsed: free them before the names are
        // compiled, which is when memory peaks.
        drop(layers);
        for (entry, loc) in entries.iter().zip(&entry_locs) {
            if let Some(parent) = &entry.parent
                && !by_id.contains_key(parent.as_str())
            {
                return Err(loc.error(format!("unknown parent `{parent}`")));
            }
        }
        let version = match (self.default, custom) {
            (true, false) => embedded::VERSION.trim().to_string(),
            (true, true) => format!("{}+custom", embedded::VERSION.trim()),
            (false, _) => "custom".to_string(),
        };
        compile(entries, &entry_locs, by_id, names, demonyms, &suppress, lexicon, version)
    }
}

#[allow(clippy::too_many_arguments)] // one call site, each argument a distinct table
fn compile(
    entries: Vec<Entry>,
    entry_locs: &[Loc],
    by_id: HashMap<CompactString, EntryIdx>,
    aliases: Vec<NameRow>,
    demonyms: Vec<NameRow>,
    suppress: &[NameRow],
    lexicon: Lexicon,
    version: String,
) -> Result<Gazetteer> {
    // Suppressed (normalised name, entry); `None` suppresses the name for
    // every entry.
    let mut suppressed: HashSet<(String, Option<EntryIdx>)> = HashSet::default();
    for row in suppress {
        let entry = if row.id.is_empty() {
            None
        } else {
            Some(*by_id.get(row.id.as_str()).ok_or_else(|| {
                row.loc.error(format!("unknown id `{}` (not in any places or groups file)", row.id))
            })?)
        };
        suppressed.insert((normalize_key(&row.text), entry));
    }
    // (entry, role, normalised form) → index into `names`; a later row for
    // the same form replaces the flags of an earlier one.
    let rows = entries.len() + aliases.len() + demonyms.len();
    let mut index: HashMap<(EntryIdx, bool, String), usize> = HashMap::default();
    index.reserve(rows);
    let mut names: Vec<(String, NameRecord)> = Vec::with_capacity(rows);
    let mut locs: Vec<&Loc> = Vec::with_capacity(rows);
    let mut add =
        |entry: EntryIdx, role: NameRole, text: &str, key: String, flags: NameFlags, loc| {
            if key.is_empty()
                || (!suppressed.is_empty()
                    && (suppressed.contains(&(key.clone(), None))
                        || suppressed.contains(&(key.clone(), Some(entry)))))
            {
                return;
            }
            let name = NameRecord {
                text: text.into(),
                cased: if flags.case_sensitive {
                    normalize_cased(text).into()
                } else {
                    CompactString::default()
                },
                has_capital: text.chars().any(char::is_uppercase),
                entry,
                role,
                flags,
            };
            match index.entry((entry, role == NameRole::Demonym, key.clone())) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    names[*o.get()].1 = name;
                    locs[*o.get()] = loc;
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(names.len());
                    names.push((key, name));
                    locs.push(loc);
                }
            }
        };
    // Normalising is most of the work per name, and independent: done on
    // every core first (a 5-million-name gazetteer), then added in order.
    let keys_of =
        |texts: Vec<&str>| -> Vec<String> { texts.into_par_iter().map(normalize_key).collect() };
    let entry_keys = keys_of(entries.iter().map(|e| e.name.as_str()).collect());
    for (i, (entry, key)) in entries.iter().zip(entry_keys).enumerate() {
        let flags = NameFlags::default();
        add(i as EntryIdx, NameRole::Name, &entry.name, key, flags, &entry_locs[i]);
    }
    for (rows, role) in [(&aliases, NameRole::Name), (&demonyms, NameRole::Demonym)] {
        let keys = keys_of(rows.iter().map(|r| r.text.as_str()).collect());
        for (row, key) in rows.iter().zip(keys) {
            let &entry = by_id.get(row.id.as_str()).ok_or_else(|| {
                row.loc.error(format!("unknown id `{}` (not in any places or groups file)", row.id))
            })?;
            add(entry, role, &row.text, key, row.flags, &row.loc);
        }
    }
    let warnings = names
        .iter()
        .zip(&locs)
        .filter(|((key, name), _)| !name.flags.case_sensitive && is_stopword(key))
        .map(|((_, name), loc)| {
            format!(
                "{}:{}: `{}` is an English stopword; give it the `case` flag or remove it",
                loc.file, loc.line, name.text
            )
        })
        .collect();

    // What only the checks above needed: free it before the trie is
    // built, which is when memory peaks (a 25-million-name gazetteer).
    drop(locs);
    drop(index);
    drop(aliases);
    drop(demonyms);

    // Patterns are numbered in order of first appearance; the map borrows
    // the keys, which then move into `keys`.
    let mut patterns: Vec<Vec<u32>> = Vec::new();
    let mut name_patterns: Vec<u32> = Vec::with_capacity(names.len());
    let mut pattern_ids: HashMap<&str, u32> = HashMap::default();
    for (i, (key, _)) in names.iter().enumerate() {
        let p = *pattern_ids.entry(key).or_insert_with(|| {
            patterns.push(Vec::new());
            (patterns.len() - 1) as u32
        });
        patterns[p as usize].push(i as u32);
        name_patterns.push(p);
    }
    drop(pattern_ids);
    let mut keys: Vec<String> = Vec::with_capacity(patterns.len());
    let mut out_names = Vec::with_capacity(names.len());
    for ((key, name), p) in names.into_iter().zip(name_patterns) {
        if p as usize == keys.len() {
            keys.push(key);
        }
        out_names.push(name);
    }
    let countries = countries(&entries);
    // The two slowest steps, side by side.
    let ((skeletons, fuzzy), trie) = rayon::join(
        || approximate_indexes(&entries, &out_names, &keys, &patterns),
        || {
            // The trie takes its keys in order (and at least one); the
            // values keep each key's pattern id.
            let mut sorted: Vec<(&str, u32)> =
                keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u32)).collect();
            sorted.sort_unstable();
            (!sorted.is_empty()).then(|| crawdad::Trie::from_records(sorted)).transpose()
        },
    );
    let trie = trie
        .map_err(|e| Error::gazetteer("gazetteer", 0, format!("cannot compile the names: {e}")))?;
    let admin1 = super::admin1_memo(entries.len());
    let name_bits = super::name_bits(out_names.iter().map(NameRecord::view), &entries);
    let out_names = NameTable::encode(&out_names, entries.len()).ok_or_else(|| {
        Error::gazetteer("gazetteer", 0, "the names hold more than 4 GiB of text".to_string())
    })?;
    let patterns: super::lists::Lists = patterns.iter().map(Vec::as_slice).collect();
    Ok(Gazetteer {
        entries,
        by_id: by_id.into(),
        capital_patterns: super::capital_patterns(&patterns, &name_bits),
        name_bits,
        names: out_names,
        patterns,
        trie,
        version,
        warnings,
        words: lexicon.words,
        given_names: lexicon.given_names,
        skeletons,
        fuzzy,
        suppressed,
        countries,
        admin1,
        serial: super::next_serial(),
    })
}

/// ISO code → country entry.
pub(super) fn countries(entries: &[Entry]) -> HashMap<CompactString, EntryIdx> {
    let mut countries: HashMap<CompactString, EntryIdx> = HashMap::default();
    for (i, e) in entries.iter().enumerate() {
        if e.kind == super::Kind::Country
            && let Some(cc) = &e.country
        {
            // The most populous entry of a code wins (not a historical state).
            countries.entry(cc.clone()).or_insert(i as EntryIdx);
        }
    }
    countries
}

/// Word lists gathered from every layer.
#[derive(Default)]
struct Lexicon {
    words: HashSet<CompactString>,
    given_names: HashSet<CompactString>,
}

/// Countries whose villages are worth spelling variants and fuzzy matches:
/// the conflict zones gazet is built for.
const VARIANT_COUNTRIES: &[&str] = &["IQ", "SY"];

/// Whether a name takes part in the variant and fuzzy passes: a plain name
/// (not an acronym, common word or transliteration key) of a group, a
/// country, region or first-level division, a city, or any Syrian or Iraqi
/// place. (Every town of the world would cost memory and bring more
/// false matches than finds.)
fn approximable(e: &Entry, name: &NameRecord) -> bool {
    use super::{EntityType, Kind};
    if name.role != NameRole::Name
        || name.flags.case_sensitive
        || name.flags.common_word
        || name.flags.translit
    {
        return false;
    }
    e.entity_type() == EntityType::Group
        || matches!(
            e.kind,
            Kind::Country | Kind::Continent | Kind::Region | Kind::Admin1 | Kind::City
        )
        || e.country.as_deref().is_some_and(|c| VARIANT_COUNTRIES.contains(&c))
}

/// Builds the skeleton map and the fuzzy index over the approximable names
/// (one entry per pattern: names sharing a normalised form share both).
fn approximate_indexes(
    entries: &[Entry],
    names: &[NameRecord],
    keys: &[String],
    patterns: &[Vec<u32>],
) -> (KeyedLists, FuzzyIndex) {
    let mut skeletons: HashMap<String, Vec<u32>> = HashMap::default();
    let mut fuzzy_targets: Vec<(String, Vec<u32>)> = Vec::new();
    for (key, pattern) in keys.iter().zip(patterns) {
        if !variants::eligible(key) {
            continue;
        }
        let usable: Vec<u32> = pattern
            .iter()
            .copied()
            .filter(|&n| {
                let name = &names[n as usize];
                approximable(&entries[name.entry as usize], name)
            })
            .collect();
        if usable.is_empty() {
            continue;
        }
        let sk = variants::skeleton(key);
        if sk.key.len() >= variants::MIN_SKELETON {
            skeletons.entry(sk.key).or_default().extend(&usable);
        }
        fuzzy_targets.push((fuzzy_key(key), usable));
    }
    let fuzzy = FuzzyIndex::build(&fuzzy_targets);
    (skeletons.into_iter().collect(), fuzzy)
}
