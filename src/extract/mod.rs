//! Finding mentions in an article: match, select, resolve, and map every
//! span back to the original text.

mod exact;
mod resolve;

use crate::gazetteer::Gazetteer;
use crate::mention::{MatchMethod, Mention, MentionType};
use crate::text::{normalize, sentences};

/// Finds the mentions of gazetteer entries in text.
///
/// ```
/// let gaz = gazet::Gazetteer::embedded().unwrap();
/// let ex = gazet::Extractor::new(&gaz);
/// let mentions = ex.extract("ISIS fighters left Raqqah for Deir Ezzor province.");
/// let surfaces: Vec<&str> = mentions.iter().map(|m| m.surface.as_str()).collect();
/// assert_eq!(surfaces, ["ISIS", "Raqqah", "Deir Ezzor"]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Extractor<'g> {
    gaz: &'g Gazetteer,
}

impl<'g> Extractor<'g> {
    /// An extractor over `gaz`.
    pub fn new(gaz: &'g Gazetteer) -> Extractor<'g> {
        Extractor { gaz }
    }

    /// The gazetteer it uses.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// Every mention in `text`, in order of position. Spans never overlap.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let norm = normalize(text);
        let cands = exact::select(exact::find(self.gaz, text, &norm));
        let resolved = resolve::resolve(self.gaz, text, &cands);

        let spans = sentences::sentence_spans(text);
        let lines = sentences::line_starts(text);
        let mut mentions = Vec::with_capacity(resolved.len());
        // Character offsets, counted incrementally: spans are in order.
        let (mut byte, mut chars) = (0usize, 0usize);
        for r in resolved {
            chars += text[byte..r.start].chars().count();
            let start = chars;
            let end = start + text[r.start..r.end].chars().count();
            chars = end;
            byte = r.end;
            let name = self.gaz.name(r.name);
            let sentence = sentences::sentence_of(&spans, r.start);
            mentions.push(Mention {
                start,
                end,
                start_byte: r.start,
                end_byte: r.end,
                line: sentences::line_of(&lines, r.start),
                surface: text[r.start..r.end].to_string(),
                mention_type: MentionType::of(name.role, self.gaz.entry(r.entry).entity_type()),
                entry: r.entry,
                name: r.name,
                method: MatchMethod::Exact,
                score: r.score,
                candidates: r.candidates,
                context: sentences::context(text, spans[sentence], r.start, r.end),
                sentence,
            });
        }
        mentions
    }
}
