//! Plain text from Markdown: the words a reader sees.
//!
//! Link and image targets, emphasis marks, heading marks and raw HTML tags
//! are dropped; link text, image alt text and code are kept. Paragraphs,
//! headings and list items end lines.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Returns `(title, text)` of a Markdown document; the title is the first
/// level-1 heading.
pub(super) fn extract(md: &str) -> (Option<String>, String) {
    let mut text = String::with_capacity(md.len());
    let mut title: Option<String> = None;
    let mut in_title = false;
    for event in Parser::new(md) {
        match event {
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
    (title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()), text)
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
}
