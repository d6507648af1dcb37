//! JSON lines: one object per article, for pipelines (jq, Spark).

use super::MentionRecord;
use crate::gazetteer::Gazetteer;
use crate::mention::Mention;
use serde::Serialize;

/// One article's line: `{"article", "source", "mentions": [...]}`.
#[derive(Debug, Serialize)]
pub struct ArticleRecord<'a> {
    /// Article id.
    pub article: &'a str,
    /// The input file (`-` for standard input).
    pub source: String,
    /// The mentions, with the same fields as the mentions CSV (missing
    /// values are `null`), plus their candidates.
    pub mentions: Vec<JsonMention<'a>>,
    /// The focus country, admin1 and city: `{"id", "name", "reason"}` or
    /// `null` each.
    pub focus: geojson::JsonValue,
}

/// A mention in JSON: the CSV fields, then `candidates`.
#[derive(Debug, Serialize)]
pub struct JsonMention<'a> {
    /// The CSV fields.
    #[serde(flatten)]
    pub record: MentionRecord<'a>,
    /// The entries the surface could mean, best first (the chosen one
    /// first), with their resolution scores.
    pub candidates: Vec<Candidate<'a>>,
}

/// One entry a mention could mean.
#[derive(Debug, Serialize)]
pub struct Candidate<'a> {
    /// Gazetteer id.
    pub id: &'a str,
    /// Canonical name.
    pub name: &'a str,
    /// ISO country code.
    pub country: Option<&'a str>,
    /// Resolution score (prior plus context; higher is better).
    pub score: f64,
}

/// The JSON line (without the newline) of one article.
pub fn article_line(
    gaz: &Gazetteer,
    article: &str,
    source: &std::path::Path,
    mentions: &[Mention],
    focus: &crate::extract::focus::Focus,
) -> String {
    let mut line = Vec::new();
    write_article_line(&mut line, gaz, article, source, mentions, focus);
    // serde_json writes UTF-8 only: its strings come from `&str`s.
    String::from_utf8(line).expect("serde_json writes UTF-8")
}

/// Appends the JSON line (without the newline) of one article to `out`,
/// reserving room for it first rather than growing as it goes.
pub fn write_article_line(
    out: &mut Vec<u8>,
    gaz: &Gazetteer,
    article: &str,
    source: &std::path::Path,
    mentions: &[Mention],
    focus: &crate::extract::focus::Focus,
) {
    // About what a mention takes, context and candidates included.
    const MENTION_BYTES: usize = 768;
    out.reserve(256 + MENTION_BYTES * mentions.len());
    let rec = ArticleRecord {
        article,
        source: source.display().to_string(),
        mentions: mentions
            .iter()
            .map(|m| JsonMention {
                record: MentionRecord::new(gaz, article, m),
                candidates: m
                    .candidates
                    .iter()
                    .map(|&(e, score)| {
                        let e = gaz.entry(e);
                        Candidate {
                            id: &e.id,
                            name: &e.name,
                            country: e.country.as_deref(),
                            score: (score * 10.0).round() / 10.0,
                        }
                    })
                    .collect(),
            })
            .collect(),
        focus: super::geojson::focus_member(gaz, focus).remove("focus").unwrap_or_default(),
    };
    sonic_rs::to_writer(out, &rec).expect("records serialise");
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// JSON lines are written by sonic-rs (faster) and read back, in
    /// tests and by users, as serde_json writes them: both must write any
    /// string and number the same way.
    #[test]
    fn sonic_writes_what_serde_json_writes() {
        let same = |v: &(String, f64, Option<f64>, Vec<f64>)| {
            (sonic_rs::to_string(v).unwrap(), serde_json::to_string(v).unwrap())
        };
        for x in [0.0, -0.0, 1e-7, 1e21, 1e22, 0.1, 84.2, -69.84757, 123456789.0, f64::MAX] {
            let (a, b) = same(&("\u{0}\u{1f}\u{7f}\"\\/\u{2028}é😀".into(), x, None, vec![x, 1.0]));
            assert_eq!(a, b);
        }
        proptest!(ProptestConfig::with_cases(5000), |(s in "\\PC{0,12}|[\\x00-\\x7f]{0,12}", x in any::<f64>().prop_filter("finite", |x| x.is_finite()), y in -180.0..180.0f64)| {
            let (a, b) = same(&(s, x, Some(y), vec![(y * 1e5).round() / 1e5]));
            prop_assert_eq!(a, b);
        });
    }
}
