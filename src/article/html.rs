//! Plain text from HTML: what a reader sees, one block per line.
//!
//! Scripts, styles, templates and the head (but its `<title>`) are
//! dropped; entities are decoded; runs of white space inside text become
//! one space; block elements and `<br>` end lines. The tree is walked
//! without recursion, so deeply nested tags cannot overflow the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

const SKIPPED: &[&str] =
    &["script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"];

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
    "title",
    "caption",
    "td",
    "th",
];

/// Returns `(title, text)` of an HTML document.
pub(super) fn extract(html: &str) -> (Option<String>, String) {
    let doc = Html::parse_document(html);
    let mut title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut text = String::with_capacity(html.len() / 2);
    let mut skip = 0usize;
    let mut in_title = false;
    let mut in_h1 = false;
    let mut in_pre = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if name == "title" && title.is_none() {
                        in_title = true;
                        title = Some(String::new());
                    } else if SKIPPED.contains(&name) {
                        skip += 1;
                    } else if name == "br" && skip == 0 {
                        end_line(&mut text);
                    } else if name == "pre" {
                        in_pre += 1;
                    }
                    if name == "h1" && h1.is_none() {
                        in_h1 = true;
                        h1 = Some(String::new());
                    }
                    if BLOCKS.contains(&name) && skip == 0 {
                        end_line(&mut text);
                    }
                }
                Node::Text(t) => {
                    if in_title {
                        push_collapsed(title.get_or_insert_default(), t);
                    } else if skip == 0 {
                        if in_pre > 0 {
                            text.push_str(t);
                        } else {
                            push_collapsed(&mut text, t);
                        }
                        if in_h1 {
                            push_collapsed(h1.get_or_insert_default(), t);
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if name == "title" && in_title {
                        in_title = false;
                    } else if SKIPPED.contains(&name) {
                        skip = skip.saturating_sub(1);
                    } else if name == "pre" {
                        in_pre = in_pre.saturating_sub(1);
                    }
                    if name == "h1" {
                        in_h1 = false;
                    }
                    if BLOCKS.contains(&name) && skip == 0 {
                        end_line(&mut text);
                    }
                }
            }
        }
    }
    let title = title.or(h1).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    (title, text)
}

/// Ends the current line, at most one blank line in a row.
fn end_line(text: &mut String) {
    while text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

/// Appends `t` with runs of white space made one space, and none at the
/// start of a line.
fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_text_and_drops_the_rest() {
        let (title, text) = extract(
            "<html><head><title>Raqqa &amp; Deir</title><style>p{}</style></head>\
             <body><h1>Headline</h1><p>Fighting in  <b>Raqqa</b>\n city.</p>\
             <script>var Mosul = 1;</script><!-- Homs --><p>Next&nbsp;para<br>line</p></body></html>",
        );
        assert_eq!(title.as_deref(), Some("Raqqa & Deir"));
        assert_eq!(text, "Headline\n\nFighting in Raqqa city.\n\nNext para\nline");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}Raqqa{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
        let (_, text) = extract(&html);
        assert_eq!(text.trim(), "Raqqa");
    }
}
