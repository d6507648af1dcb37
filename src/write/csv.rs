//! The mentions and entities tables.

use super::{EntitySummary, MentionRecord, round6};
use crate::extract::focus::Focus;
use crate::gazetteer::Gazetteer;
use crate::mention::Mention;
use serde::Serialize;
use std::io::Write;

/// One row of an entities table: an entity of one article.
#[derive(Clone, Debug, Serialize)]
pub struct EntityRecord<'a> {
    /// Article id.
    pub article: &'a str,
    /// Gazetteer id.
    pub entity_id: &'a str,
    /// `place`, `group` or `demonym`.
    #[serde(rename = "type")]
    pub mention_type: &'static str,
    /// Canonical name.
    pub name: &'a str,
    /// Kind of the entry.
    pub kind: &'static str,
    /// ISO country code.
    pub country: Option<&'a str>,
    /// First-level division.
    pub admin1: Option<&'a str>,
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
            article,
            entity_id: &e.id,
            mention_type: s.mention_type.as_str(),
            name: &e.name,
            kind: e.kind.as_str(),
            country: e.country.as_deref(),
            admin1: e.admin1.as_deref(),
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
pub struct TableWriter<W: Write> {
    wtr: csv::Writer<W>,
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
        Ok(TableWriter { wtr })
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
            self.wtr.serialize(MentionRecord::new(gaz, article, m)).map_err(into_io)?;
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
            self.wtr.serialize(EntityRecord::new(gaz, article, s, focus)).map_err(into_io)?;
        }
        Ok(())
    }

    /// Writes the group × place pairs of one article.
    ///
    /// # Errors
    /// If writing fails.
    pub fn pairs(&mut self, pairs: &[super::cooccurrence::Pair<'_>]) -> std::io::Result<()> {
        for p in pairs {
            self.wtr.serialize(p).map_err(into_io)?;
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
