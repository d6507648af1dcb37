//! Plain text from Markdown: the words a reader sees.
//!
//! Link and image targets, emphasis marks, heading marks and raw HTML tags
//! are dropped; link text, image alt text and code are kept. Paragraphs,
//! headings and list items end lines. A YAML front matter block (`---`
//! lines around `title: ...`, as static-site generators and scrapers write
//! it) is metadata, not text: its `title` is the article's.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Returns `(title, text)` of a Markdown document; the title is the front
/// matter's `title`, or else the first level-1 heading.
pub(super) fn extract(md: &str) -> (Option<String>, String) {
    let mut text = String::with_capacity(md.len());
    let mut title: Option<String> = None;
    let mut front_title: Option<String> = None;
    let mut in_title = false;
    let mut in_front_matter = false;
    for event in Parser::new_ext(md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_front_matter = false,
            Event::Text(t) if in_front_matter => {
                front_title = front_title.or_else(|| front_matter_title(&t));
            }
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if title.is_none() => {
                in_title = true;
                title = Some(String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                if in_title {
                    title.get_or_insert_default().push_str(&t);
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(TagEnd::Heading(_)) => {
                in_title = false;
                end_block(&mut text);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => end_block(&mut text),
            Event::End(TagEnd::TableCell) => text.push('\t'),
            Event::Rule => end_block(&mut text),
            _ => {}
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    let title = front_title.or(title).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    (title, text)
}

/// The `title:` of a YAML front matter block, unquoted.
fn front_matter_title(yaml: &str) -> Option<String> {
    let value = yaml.lines().find_map(|l| l.strip_prefix("title:"))?.trim();
    let unquoted = [('"', '"'), ('\'', '\'')]
        .iter()
        .find_map(|&(open, close)| value.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(value);
    Some(unquoted.to_string())
}

fn end_block(text: &mut String) {
    if !text.is_empty() && !text.ends_with("\n\n") {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_words_drops_syntax() {
        let (title, text) = extract(
            "# Clashes near *Raqqa*\n\nBy [Staff](http://x)<sup>1</sup>\n\n- Deir ez-Zor\n- `Hasakah`\n",
        );
        assert_eq!(title.as_deref(), Some("Clashes near Raqqa"));
        assert_eq!(text, "Clashes near Raqqa\n\nBy Staff1\n\nDeir ez-Zor\n\nHasakah");
    }

    #[test]
    fn front_matter_gives_the_title_and_no_text() {
        let md = "---\ntitle: \"Drone strike in Sudan\"\ntags: [Chad, Egypt]\n---\n\n\
                  # Port Sudan hit\n\nA drone struck Port Sudan.\n";
        let (title, text) = extract(md);
        assert_eq!(title.as_deref(), Some("Drone strike in Sudan"));
        assert_eq!(text, "Port Sudan hit\n\nA drone struck Port Sudan.");
        // A rule between paragraphs is no front matter.
        let (title, text) = extract("Fighting in Homs.\n\n---\n\nCalm in Hama.\n");
        assert_eq!(title, None);
        assert_eq!(text, "Fighting in Homs.\n\nCalm in Hama.");
    }
}
