//! Writing results: CSV tables, GeoJSON, JSON lines and the terminal view.
//!
//! Every format is built from the same records ([`MentionRecord`],
//! [`EntitySummary`]), so a column means the same thing everywhere.

pub mod basemap;
pub mod cooccurrence;
pub mod csv;
pub mod geojson;
pub mod gpkg;
pub mod json;
pub mod map;
pub mod svg;
pub mod temp;
pub mod terminal;

pub(crate) use temp::temp_file_beside;
pub use temp::{abandon_temp_files, temp_files_abandoned};

use crate::gazetteer::{Entry, EntryIdx, Gazetteer};
use crate::mention::{MatchMethod, Mention, MentionType};
use crate::{Error, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Rounds a coordinate to 6 decimals (about 10 cm).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One mention as a flat record: the columns of the mentions CSV and the
/// keys of the JSON output, in this order.
#[derive(Clone, Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// Article id.
    pub article: Cow<'a, str>,
    /// Start, in characters.
    pub start: usize,
    /// End, in characters.
    pub end: usize,
    /// Start, in UTF-8 bytes.
    pub start_byte: usize,
    /// End, in UTF-8 bytes.
    pub end_byte: usize,
    /// 1-based line.
    pub line: usize,
    /// The text between start and end.
    pub surface: Cow<'a, str>,
    /// `place`, `group` or `demonym`.
    #[serde(rename = "type")]
    pub mention_type: &'static str,
    /// Gazetteer id.
    pub entity_id: Cow<'a, str>,
    /// Canonical name.
    pub name: Cow<'a, str>,
    /// Kind of the entry.
    pub kind: &'static str,
    /// ISO country code.
    pub country: Option<Cow<'a, str>>,
    /// First-level division.
    pub admin1: Option<Cow<'a, str>>,
    /// Latitude (places only).
    pub lat: Option<f64>,
    /// Longitude (places only).
    pub lon: Option<f64>,
    /// `exact`, `variant` or `fuzzy`.
    #[serde(rename = "match")]
    pub method: &'static str,
    /// Confidence, 0 to 1.
    pub score: f64,
    /// `literal`, `demonym`, `modifier`, `part-of-name` or `metonymic`.
    pub role: &'static str,
    /// Id of a place inside the name ("Raqqa" in "Raqqa Civil Council").
    pub related: Option<Cow<'a, str>>,
    /// How far the true point may lie from `lat`/`lon`, by kind.
    pub uncertainty_km: Option<f64>,
    /// The sentence around the mention, on one line.
    pub context: Cow<'a, str>,
}

impl<'a> MentionRecord<'a> {
    /// The record of `m`, a mention in article `article`.
    pub fn new(gaz: &'a Gazetteer, article: &'a str, m: &'a Mention) -> MentionRecord<'a> {
        let f = EntryFields::new(gaz, m.entry, m.mention_type);
        MentionRecord {
            article: article.into(),
            start: m.start,
            end: m.end,
            start_byte: m.start_byte,
            end_byte: m.end_byte,
            line: m.line,
            surface: m.surface.as_str().into(),
            mention_type: f.mention_type,
            entity_id: f.entity_id.into(),
            name: f.name.into(),
            kind: f.kind,
            country: f.country.map(Cow::from),
            admin1: f.admin1.map(Cow::from),
            lat: f.lat,
            lon: f.lon,
            method: m.method.as_str(),
            score: m.score,
            role: m.role.as_str(),
            related: m.related.map(|r| gaz.entry(r).id.as_str().into()),
            uncertainty_km: f.uncertainty_km,
            context: m.context.as_str().into(),
        }
    }
}

/// The fields of a mention record that depend only on its entry and its
/// type (the JSON lines writer formats them once per entry).
pub(crate) struct EntryFields<'a> {
    pub mention_type: &'static str,
    pub entity_id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub country: Option<&'a str>,
    pub admin1: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub uncertainty_km: Option<f64>,
}

impl<'a> EntryFields<'a> {
    pub(crate) fn new(gaz: &'a Gazetteer, entry: EntryIdx, t: MentionType) -> EntryFields<'a> {
        let e = gaz.entry(entry);
        let coord = point(e, t);
        EntryFields {
            mention_type: t.as_str(),
            entity_id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            country: e.country.as_deref(),
            admin1: e.admin1.as_deref(),
            lat: coord.map(|c| round6(c.0)),
            lon: coord.map(|c| round6(c.1)),
            uncertainty_km: coord.map(|_| uncertainty_km(e.kind)),
        }
    }
}

/// How far from its point a place of this kind may lie, in km: a country's
/// point is far from most of it, a facility's is exact.
pub fn uncertainty_km(kind: crate::Kind) -> f64 {
    use crate::Kind as K;
    match kind {
        K::Continent => 2000.0,
        K::Region => 800.0,
        K::Country => 500.0,
        K::Sea => 300.0,
        K::River | K::Mountain => 150.0,
        K::Admin1 => 100.0,
        K::Admin2 | K::Lake | K::Island => 30.0,
        K::City => 10.0,
        K::Town => 5.0,
        K::Village | K::Neighbourhood | K::OilField => 2.0,
        _ => 1.0,
    }
}

/// The point of a mention: places have one; groups and demonyms have none
/// of their own.
fn point(e: &Entry, t: MentionType) -> Option<(f64, f64)> {
    if t == MentionType::Place { e.coord } else { None }
}

/// Everything one article says about one entity (in one role: "Syria" and
/// "Syrian" are two summaries of the same entry).
#[derive(Clone, Debug)]
pub struct EntitySummary {
    /// The entry.
    pub entry: EntryIdx,
    /// Place, group or demonym.
    pub mention_type: MentionType,
    /// Number of mentions.
    pub mentions: usize,
    /// Distinct surfaces, in order of first appearance, each on one line
    /// (a line break or a run of spaces inside a name is one space).
    pub surfaces: Vec<String>,
    /// Character offset of the first mention.
    pub first_start: usize,
    /// The best way it was matched (exact before variant before fuzzy).
    pub method: MatchMethod,
    /// The highest confidence of its mentions.
    pub score: f64,
    /// For places: names of the groups named in the same sentences.
    pub groups: Vec<String>,
}

impl EntitySummary {
    /// Surfaces joined with `|`.
    pub fn surfaces_joined(&self) -> String {
        self.surfaces.join("|")
    }

    /// Group names joined with `|`.
    pub fn groups_joined(&self) -> String {
        self.groups.join("|")
    }
}

/// Summarises the mentions of one article, one entry per entity and role,
/// in order of first mention.
pub fn summarize(gaz: &Gazetteer, mentions: &[Mention]) -> Vec<EntitySummary> {
    let mut order: Vec<EntitySummary> = Vec::new();
    let mut index: HashMap<(EntryIdx, MentionType), usize> = HashMap::new();
    let mut sentences: Vec<Vec<usize>> = Vec::new();
    for m in mentions {
        let i = *index.entry((m.entry, m.mention_type)).or_insert_with(|| {
            order.push(EntitySummary {
                entry: m.entry,
                mention_type: m.mention_type,
                mentions: 0,
                surfaces: Vec::new(),
                first_start: m.start,
                method: m.method,
                score: m.score,
                groups: Vec::new(),
            });
            sentences.push(Vec::new());
            order.len() - 1
        });
        let s = &mut order[i];
        s.mentions += 1;
        // A name broken over two lines is one spelling.
        let surface = m.surface.split_whitespace().collect::<Vec<_>>().join(" ");
        if !s.surfaces.contains(&surface) {
            s.surfaces.push(surface);
        }
        s.method = s.method.min(m.method);
        s.score = s.score.max(m.score);
        sentences[i].push(m.sentence);
    }
    // Groups named in a sentence, for the places of that sentence.
    let mut groups_in: HashMap<usize, Vec<EntryIdx>> = HashMap::new();
    for m in mentions.iter().filter(|m| m.mention_type == MentionType::Group) {
        let v = groups_in.entry(m.sentence).or_default();
        if !v.contains(&m.entry) {
            v.push(m.entry);
        }
    }
    for (s, sents) in order.iter_mut().zip(&sentences) {
        if s.mention_type != MentionType::Place {
            continue;
        }
        for g in sents.iter().filter_map(|i| groups_in.get(i)).flatten() {
            let name = gaz.entry(*g).name.as_str();
            if !s.groups.iter().any(|g| g == name) {
                s.groups.push(name.to_string());
            }
        }
    }
    order
}

/// Writes `path` whole or not at all: into a temporary file in the same
/// folder, renamed over `path` once `write` succeeds.
///
/// The file is not synced to disk before the rename: a failing or
/// interrupted process never leaves part of it, but a power cut may lose
/// the newest files. An fsync per file made a run of 10,000 articles
/// (40,000 small files) take 2.5 minutes instead of a few seconds; the
/// large run tables, written with [`AtomicFile::commit`], are synced.
///
/// # Errors
/// If the folder is not writable, `write` fails, or the rename fails; the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let mut tmp = AtomicFile::create(path)?;
    write(&mut tmp).map_err(|e| Error::io(path, e))?;
    tmp.finish(false)
}

/// A file being written whole or not at all; see [`write_atomic`]. Until
/// [`AtomicFile::commit`], the data lives in a hidden temporary file that is
/// removed if the value is dropped.
pub struct AtomicFile {
    path: std::path::PathBuf,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path`.
    ///
    /// # Errors
    /// If no temporary file can be made beside `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let tmp = temp_file_beside(path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp: std::io::BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// If flushing or renaming fails; the temporary file is then removed.
    pub fn commit(self) -> Result<()> {
        self.finish(true)
    }

    fn finish(self, sync: bool) -> Result<()> {
        let path = self.path;
        let tmp = self.tmp.into_inner().map_err(|e| Error::io(&path, e.into_error()))?;
        let tmp_path = tmp.path().to_path_buf();
        let synced = if sync { tmp.as_file().sync_all() } else { Ok(()) };
        let result = synced
            .map_err(|e| Error::io(&path, e))
            .and_then(|()| tmp.persist(&path).map_err(|e| Error::io(&path, e.error)));
        // Renamed, or removed when the error dropped it.
        temp::forget(&tmp_path);
        result.map(drop)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.tmp.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output gets the mode any new file gets here, not a private one:
    /// analysts share output folders.
    #[cfg(unix)]
    #[test]
    fn atomic_outputs_have_the_mode_of_a_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        let written = dir.path().join("written.txt");
        write_atomic(&written, |w| w.write_all(b"x")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&written), mode(&plain));
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "a temporary file was left behind");
    }

    /// A name broken over two lines is the spelling it has on one line, in
    /// the entity table and its CSV column; the mention keeps the text.
    #[test]
    fn a_surface_broken_over_lines_is_one_spelling() {
        let gaz = Gazetteer::embedded().unwrap();
        let text = "Fighting reached Deir\nEzzor, then Deir Ezzor city.";
        let mentions = crate::Extractor::new(&gaz).extract(text);
        assert_eq!(mentions[0].surface, "Deir\nEzzor");
        let summaries = summarize(&gaz, &mentions);
        assert_eq!(summaries.len(), 1, "{summaries:?}");
        assert_eq!(summaries[0].surfaces, ["Deir Ezzor"]);
        assert_eq!(summaries[0].mentions, 2);
    }
}
