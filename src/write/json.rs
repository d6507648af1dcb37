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
    /// The mentions, with the same fields as the mentions CSV; missing
    /// values are `null`.
    pub mentions: Vec<MentionRecord<'a>>,
}

/// The JSON line (without the newline) of one article.
pub fn article_line(
    gaz: &Gazetteer,
    article: &str,
    source: &std::path::Path,
    mentions: &[Mention],
) -> String {
    let rec = ArticleRecord {
        article,
        source: source.display().to_string(),
        mentions: mentions.iter().map(|m| MentionRecord::new(gaz, article, m)).collect(),
    };
    serde_json::to_string(&rec).expect("records serialise")
}
