//! Who is where: the groups and the places (literal mentions) named in one
//! sentence.

use crate::gazetteer::{EntryIdx, Gazetteer};
use crate::mention::{Mention, MentionType};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The columns of a co-occurrence table.
pub const COLUMNS: &[&str] =
    &["article", "group_id", "group", "place_id", "place", "sentences", "offsets"];

/// The groups and places of one sentence, and its span.
type Sentence = (Vec<EntryIdx>, Vec<EntryIdx>, (usize, usize));

/// One group × place pair of an article.
#[derive(Clone, Debug, Serialize)]
pub struct Pair<'a> {
    /// Article id.
    pub article: Cow<'a, str>,
    /// Gazetteer id of the group.
    pub group_id: Cow<'a, str>,
    /// The group's name.
    pub group: Cow<'a, str>,
    /// Gazetteer id of the place.
    pub place_id: Cow<'a, str>,
    /// The place's name.
    pub place: Cow<'a, str>,
    /// Number of sentences that name both.
    pub sentences: usize,
    /// Those sentences, as character spans `start-end`, `|`-separated.
    pub offsets: String,
}

/// The group × place pairs of one article, in order of first sentence.
pub fn pairs<'a>(gaz: &'a Gazetteer, article: &'a str, mentions: &[Mention]) -> Vec<Pair<'a>> {
    // (group, place) → sentence spans, kept in first-seen order.
    let mut found: BTreeMap<(usize, EntryIdx, EntryIdx), Vec<(usize, usize)>> = BTreeMap::new();
    let mut order: Vec<(EntryIdx, EntryIdx)> = Vec::new();
    let mut by_sentence: BTreeMap<usize, Sentence> = BTreeMap::new();
    for m in mentions {
        let slot = by_sentence
            .entry(m.sentence)
            .or_insert_with(|| (Vec::new(), Vec::new(), m.sentence_span));
        match m.mention_type {
            MentionType::Group => slot.0.push(m.entry),
            MentionType::Place if m.role == crate::mention::Role::Literal => slot.1.push(m.entry),
            MentionType::Place => {}
            MentionType::Demonym => {}
        }
    }
    for (groups, places, span) in by_sentence.values() {
        let mut seen = Vec::new();
        for &g in groups {
            for &p in places {
                if seen.contains(&(g, p)) {
                    continue;
                }
                seen.push((g, p));
                let i = order.iter().position(|&x| x == (g, p)).unwrap_or_else(|| {
                    order.push((g, p));
                    order.len() - 1
                });
                found.entry((i, g, p)).or_default().push(*span);
            }
        }
    }
    found
        .into_iter()
        .map(|((_, g, p), spans)| {
            let (ge, pe) = (gaz.entry(g), gaz.entry(p));
            Pair {
                article: article.into(),
                group_id: ge.id.as_str().into(),
                group: ge.name.as_str().into(),
                place_id: pe.id.as_str().into(),
                place: pe.name.as_str().into(),
                sentences: spans.len(),
                offsets: spans
                    .iter()
                    .map(|(s, e)| format!("{s}-{e}"))
                    .collect::<Vec<_>>()
                    .join("|"),
            }
        })
        .collect()
}
