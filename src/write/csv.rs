//! The mentions and entities tables.

use super::cooccurrence::Pair;
use super::{EntitySummary, MentionRecord, round6};
use crate::extract::focus::Focus;
use crate::gazetteer::Gazetteer;
use crate::mention::Mention;
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// One row of an entities table: an entity of one article.
#[derive(Clone, Debug, Serialize)]
pub struct EntityRecord<'a> {
    /// Article id.
    pub article: Cow<'a, str>,
    /// Gazetteer id.
    pub entity_id: Cow<'a, str>,
    /// `place`, `group` or `demonym`.
    #[serde(rename = "type")]
    pub mention_type: &'static str,
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
    /// Number of mentions.
    pub mentions: usize,
    /// Distinct surfaces, `|`-separated.
    pub surfaces: String,
    /// Character offset of the first mention.
    pub first_start: usize,
    /// Best match method.
    #[serde(rename = "match")]
    pub method: &'static str,
    /// Highest confidence.
    pub score: f64,
    /// For places: groups named in the same sentences, `|`-separated.
    pub groups: String,
    /// `country`, `admin1` or `city` if the entity is the article's focus
    /// at that level.
    pub focus: &'static str,
}

impl<'a> EntityRecord<'a> {
    /// The record of summary `s` of article `article`.
    pub fn new(
        gaz: &'a Gazetteer,
        article: &'a str,
        s: &EntitySummary,
        focus: &Focus,
    ) -> EntityRecord<'a> {
        let e = gaz.entry(s.entry);
        let coord = super::point(e, s.mention_type);
        EntityRecord {
            article: article.into(),
            entity_id: e.id.as_str().into(),
            mention_type: s.mention_type.as_str(),
            name: e.name.as_str().into(),
            kind: e.kind.as_str(),
            country: e.country.as_deref().map(Cow::from),
            admin1: e.admin1.as_deref().map(Cow::from),
            lat: coord.map(|c| round6(c.0)),
            lon: coord.map(|c| round6(c.1)),
            mentions: s.mentions,
            surfaces: s.surfaces_joined(),
            first_start: s.first_start,
            method: s.method.as_str(),
            score: s.score,
            groups: s.groups_joined(),
            focus: if s.mention_type == crate::mention::MentionType::Place {
                focus.level_of(s.entry).unwrap_or("")
            } else {
                ""
            },
        }
    }
}

/// A CSV writer that writes the header once, even when no row follows.
///
/// Text cells that a spreadsheet would run as a formula are neutralised
/// with a leading `'` (see [`is_formula`]) unless
/// [`TableWriter::keep_formulas`] is set.
pub struct TableWriter<W: Write> {
    wtr: csv::Writer<W>,
    keep_formulas: bool,
}

/// Whether a spreadsheet would read `cell` as a formula (CSV injection):
/// it starts with `=`, `+`, `-` or `@`, or with a tab or carriage return
/// (which some spreadsheets skip before looking), and it is not a plain
/// number such as `-3.5`.
pub fn is_formula(cell: &str) -> bool {
    let Some(first) = cell.bytes().next() else { return false };
    if !matches!(first, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') {
        return false;
    }
    let number = cell.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && cell.parse::<f64>().is_ok();
    !number
}

/// `cell` as a spreadsheet shows it as text: with a leading `'` if it
/// would otherwise be read as a formula.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if is_formula(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

fn guard(cell: &mut Cow<'_, str>) {
    if is_formula(cell) {
        *cell = Cow::Owned(format!("'{cell}"));
    }
}

fn guard_all<'c, 'a: 'c>(cells: impl IntoIterator<Item = &'c mut Cow<'a, str>>) {
    cells.into_iter().for_each(guard);
}

fn guard_string(cell: &mut String) {
    if is_formula(cell) {
        cell.insert(0, '\'');
    }
}

impl MentionRecord<'_> {
    /// Neutralises every text cell that a spreadsheet would run.
    pub fn neutralize_formulas(&mut self) {
        guard_all([&mut self.article, &mut self.surface, &mut self.entity_id, &mut self.name]);
        guard_all([&mut self.country, &mut self.admin1, &mut self.related].into_iter().flatten());
        guard(&mut self.context);
    }
}

impl EntityRecord<'_> {
    /// Neutralises every text cell that a spreadsheet would run.
    pub fn neutralize_formulas(&mut self) {
        guard_all([&mut self.article, &mut self.entity_id, &mut self.name]);
        guard_all([&mut self.country, &mut self.admin1].into_iter().flatten());
        guard_string(&mut self.surfaces);
        guard_string(&mut self.groups);
    }
}

impl Pair<'_> {
    /// Neutralises every text cell that a spreadsheet would run.
    pub fn neutralize_formulas(&mut self) {
        let Pair { article, group_id, group, place_id, place, .. } = self;
        guard_all([article, group_id, group, place_id, place]);
    }
}

/// The mentions table's columns.
pub const MENTION_COLUMNS: &[&str] = &[
    "article",
    "start",
    "end",
    "start_byte",
    "end_byte",
    "line",
    "surface",
    "type",
    "entity_id",
    "name",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "match",
    "score",
    "role",
    "related",
    "uncertainty_km",
    "context",
];

/// The entities table's columns.
pub const ENTITY_COLUMNS: &[&str] = &[
    "article",
    "entity_id",
    "type",
    "name",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "mentions",
    "surfaces",
    "first_start",
    "match",
    "score",
    "groups",
    "focus",
];

impl<W: Write> TableWriter<W> {
    /// A writer for a table with `columns`; writes the header now.
    ///
    /// # Errors
    /// If writing the header fails.
    pub fn new(out: W, columns: &[&str]) -> std::io::Result<TableWriter<W>> {
        let mut wtr = csv::WriterBuilder::new().has_headers(false).from_writer(out);
        wtr.write_record(columns)?;
        Ok(TableWriter { wtr, keep_formulas: false })
    }

    /// Writes text cells as they are, even those a spreadsheet would run
    /// as formulas (`--csv-formulas`).
    pub fn keep_formulas(mut self, keep: bool) -> TableWriter<W> {
        self.keep_formulas = keep;
        self
    }

    fn row<R: Serialize>(&mut self, mut record: R, guard: fn(&mut R)) -> std::io::Result<()> {
        if !self.keep_formulas {
            guard(&mut record);
        }
        self.wtr.serialize(record).map_err(into_io)
    }

    /// Writes the mention rows of one article.
    ///
    /// # Errors
    /// If writing fails.
    pub fn mentions(
        &mut self,
        gaz: &Gazetteer,
        article: &str,
        mentions: &[Mention],
    ) -> std::io::Result<()> {
        for m in mentions {
            self.row(MentionRecord::new(gaz, article, m), MentionRecord::neutralize_formulas)?;
        }
        Ok(())
    }

    /// Writes the entity rows of one article.
    ///
    /// # Errors
    /// If writing fails.
    pub fn entities(
        &mut self,
        gaz: &Gazetteer,
        article: &str,
        summaries: &[EntitySummary],
        focus: &Focus,
    ) -> std::io::Result<()> {
        for s in summaries {
            let record = EntityRecord::new(gaz, article, s, focus);
            self.row(record, EntityRecord::neutralize_formulas)?;
        }
        Ok(())
    }

    /// Writes the group × place pairs of one article.
    ///
    /// # Errors
    /// If writing fails.
    pub fn pairs(&mut self, pairs: &[Pair<'_>]) -> std::io::Result<()> {
        for p in pairs {
            self.row(p.clone(), Pair::neutralize_formulas)?;
        }
        Ok(())
    }

    /// The underlying writer, flushed.
    ///
    /// # Errors
    /// If flushing fails.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.wtr.into_inner().map_err(|e| e.into_error())
    }

    /// Flushes the rows written so far.
    ///
    /// # Errors
    /// If flushing fails.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.wtr.flush()
    }
}

fn into_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
