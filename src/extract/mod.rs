//! Finding mentions in an article: match, select, resolve, and map every
//! span back to the original text.

mod approx;
mod exact;
pub mod explain;
pub mod focus;
mod resolve;
mod roles;

use crate::gazetteer::Gazetteer;
use crate::mention::{Mention, MentionType};
use crate::text::{normalize, sentences};

/// What [`Extractor::analyze`] finds in an article.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// The mentions, in order.
    pub mentions: Vec<Mention>,
    /// The focus country, division and city.
    pub focus: focus::Focus,
}

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
    fuzzy: bool,
    min_score: f64,
}

impl<'g> Extractor<'g> {
    /// An extractor over `gaz`, with fuzzy matching on and no score floor.
    pub fn new(gaz: &'g Gazetteer) -> Extractor<'g> {
        Extractor { gaz, fuzzy: true, min_score: 0.0 }
    }

    /// Turns fuzzy matching (near spellings: "Taqbqa" for Tabqa) on or off.
    pub fn fuzzy(mut self, on: bool) -> Extractor<'g> {
        self.fuzzy = on;
        self
    }

    /// Drops mentions scoring below `score` (0 to 1).
    pub fn min_score(mut self, score: f64) -> Extractor<'g> {
        self.min_score = score;
        self
    }

    /// The gazetteer it uses.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// The mentions of an article and its focus (which also weighs the
    /// places named in its title).
    pub fn analyze(&self, article: &crate::Article) -> Analysis {
        let mentions = self.extract(&article.text);
        let title = article.title.as_deref().map(|t| self.extract(t)).unwrap_or_default();
        let focus = focus::focus(self.gaz, &article.text, &mentions, &title);
        Analysis { mentions, focus }
    }

    /// Every mention in `text`, in order of position. Spans never overlap.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let norm = normalize(text);
        let all = exact::find(self.gaz, text, &norm);
        let mut cands = exact::select(&all);
        exact::drop_non_places(self.gaz, text, &mut cands);
        exact::extend_over_articles(text, &mut cands);
        let approx = approx::find(self.gaz, text, &cands, self.fuzzy);
        if !approx.is_empty() {
            // A variant over several words replaces the exact matches it
            // holds.
            cands.retain(|c| !approx.iter().any(|a| a.start <= c.start && c.end <= a.end));
            cands.extend(approx);
            cands.sort_by_key(|c| c.start);
        }
        let resolved = resolve::resolve(self.gaz, text, &cands);

        let spans = sentences::sentence_spans(text);
        // Sentence spans in characters, counted once.
        let mut sentence_chars = Vec::with_capacity(spans.len());
        let mut counted = (0usize, 0usize); // (byte, chars)
        for &(s, e) in &spans {
            counted.1 += text[counted.0..s].chars().count();
            let start = counted.1;
            counted.1 += text[s..e].chars().count();
            counted.0 = e;
            sentence_chars.push((start, counted.1));
        }
        let lines = sentences::line_starts(text);
        let mut contexts = sentences::Contexts::new(text);
        let mut mentions = Vec::with_capacity(resolved.len());
        // Character offsets, counted incrementally: spans are in order.
        let (mut byte, mut chars) = (0usize, 0usize);
        for r in resolved.into_iter().filter(|r| r.score >= self.min_score) {
            chars += text[byte..r.start].chars().count();
            let start = chars;
            let end = start + text[r.start..r.end].chars().count();
            chars = end;
            byte = r.end;
            let sentence = sentences::sentence_of(&spans, r.start);
            let role = self.gaz.name_role(r.name);
            let mention_type = MentionType::of(role, self.gaz.entry(r.entry).entity_type());
            let related = roles::related_place(self.gaz, r.start..r.end, r.entry, &all);
            let role = roles::role(self.gaz, text, r.end, mention_type, r.entry, related);
            mentions.push(Mention {
                start,
                end,
                start_byte: r.start,
                end_byte: r.end,
                line: sentences::line_of(&lines, r.start),
                surface: text[r.start..r.end].to_string(),
                mention_type,
                entry: r.entry,
                name: r.name,
                method: r.method,
                score: r.score,
                role,
                related,
                candidates: r.candidates,
                context: contexts.of(spans[sentence], r.start, r.end),
                sentence,
                sentence_span: sentence_chars[sentence],
            });
        }
        mentions
    }
}
