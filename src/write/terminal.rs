//! The human view of one article: its text with every mention
//! highlighted, then a table of the entities.

use super::{EntitySummary, round6};
use crate::article::Article;
use crate::extract::focus::Focus;
use crate::gazetteer::Gazetteer;
use crate::mention::{Mention, MentionType};
use std::fmt::Write;

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// Use ANSI colours (else mentions are shown as `[surface]`).
    pub color: bool,
    /// Wrap the text at this many columns (0: do not wrap).
    pub width: usize,
}

const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";

fn style(t: MentionType) -> &'static str {
    match t {
        MentionType::Place => "\x1b[1;32m",
        MentionType::Group => "\x1b[1;35m",
        MentionType::Demonym => "\x1b[36m",
    }
}

/// Renders `article` with its `mentions` and entity `summaries`.
pub fn render(
    gaz: &Gazetteer,
    article: &Article,
    mentions: &[Mention],
    summaries: &[EntitySummary],
    focus: &Focus,
    opts: RenderOptions,
) -> String {
    let mut out = String::with_capacity(article.text.len() * 2);
    let (b, d, r) = if opts.color { (BOLD, DIM, RESET) } else { ("", "", "") };
    let count = |t| mentions.iter().filter(|m| m.mention_type == t).count();
    let _ = writeln!(out, "{b}{}{r}  {d}{}{r}", article.id, source_of(article));
    if let Some(title) = &article.title {
        let _ = writeln!(out, "{b}{title}{r}");
    }
    let _ = writeln!(
        out,
        "{d}{} mentions: {} place, {} group, {} demonym{r}",
        mentions.len(),
        count(MentionType::Place),
        count(MentionType::Group),
        count(MentionType::Demonym),
    );
    let levels: Vec<String> =
        [("country", focus.country), ("admin1", focus.admin1), ("city", focus.city)]
            .into_iter()
            .filter_map(|(l, f)| {
                f.map(|f| format!("{l} {} ({})", gaz.entry(f.entry).name, f.reason.as_str()))
            })
            .collect();
    if !levels.is_empty() {
        let _ = writeln!(out, "{d}focus: {}{r}", levels.join(", "));
    }
    if opts.color {
        let _ = writeln!(
            out,
            "{d}legend:{r} {}place{r} {}group{r} {}demonym{r}",
            style(MentionType::Place),
            style(MentionType::Group),
            style(MentionType::Demonym)
        );
    }
    out.push('\n');
    render_text(&mut out, &article.text, mentions, opts);
    out.push('\n');
    render_table(&mut out, gaz, summaries, opts);
    out
}

fn source_of(article: &Article) -> String {
    match article.line {
        Some(l) => format!("{}:{l}", article.source.display()),
        None => article.source.display().to_string(),
    }
}

/// The text, line by line, wrapped at word boundaries, with a gutter of
/// line numbers.
fn render_text(out: &mut String, text: &str, mentions: &[Mention], opts: RenderOptions) {
    let lines = text.split('\n').count();
    let gutter = lines.to_string().len();
    let width =
        if opts.width == 0 { usize::MAX } else { opts.width.saturating_sub(gutter + 3).max(20) };
    let (d, r) = if opts.color { (DIM, RESET) } else { ("", "") };
    let mut next = 0; // first mention that may still touch a row
    let mut line_start = 0;
    for (no, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for (i, (s, e)) in wrap(line, width).into_iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "{d}{:>gutter$} │{r} ", no + 1);
            } else {
                let _ = write!(out, "{d}{:>gutter$} │{r} ", "");
            }
            let (s, e) = (line_start + s, line_start + e);
            while next < mentions.len() && mentions[next].end_byte <= s {
                next += 1;
            }
            let mut pos = s;
            for m in mentions[next..].iter().take_while(|m| m.start_byte < e) {
                let (ms, me) = (m.start_byte.max(s), m.end_byte.min(e));
                out.push_str(&text[pos..ms]);
                if opts.color {
                    let _ = write!(out, "{}{}{RESET}", style(m.mention_type), &text[ms..me]);
                } else {
                    let open = if ms == m.start_byte { "[" } else { "" };
                    let close = if me == m.end_byte { "]" } else { "" };
                    let _ = write!(out, "{open}{}{close}", &text[ms..me]);
                }
                pos = me;
            }
            out.push_str(&text[pos..e]);
            out.push('\n');
        }
        line_start +=
            line.len() + if text[line_start + line.len()..].starts_with('\r') { 2 } else { 1 };
    }
}

/// Byte ranges of the rows of `line` wrapped at `width` characters,
/// breaking after spaces where it can. An empty line is one empty row.
fn wrap(line: &str, width: usize) -> Vec<(usize, usize)> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut cols = 0;
    let mut last_space: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if cols == width {
            let cut = last_space.filter(|&sp| sp > start).unwrap_or(i);
            rows.push((start, cut));
            start = cut;
            cols = line[start..i].chars().count();
            last_space = None;
        }
        cols += 1;
        if c == ' ' {
            last_space = Some(i + 1);
        }
    }
    rows.push((start, line.len()));
    rows
}

fn render_table(
    out: &mut String,
    gaz: &Gazetteer,
    summaries: &[EntitySummary],
    opts: RenderOptions,
) {
    let (b, d, r) = if opts.color { (BOLD, DIM, RESET) } else { ("", "", "") };
    let mut rows: Vec<&EntitySummary> = summaries.iter().collect();
    rows.sort_by(|a, b| a.mention_type.cmp(&b.mention_type).then(b.mentions.cmp(&a.mentions)));
    let header =
        ["name", "type", "kind", "country", "mentions", "surfaces", "coordinates", "match"];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|s| {
            let e = gaz.entry(s.entry);
            let coord = match (s.mention_type, e.coord) {
                (MentionType::Place, Some((lat, lon))) => {
                    format!("{:.4}, {:.4}", round6(lat), round6(lon))
                }
                _ => String::new(),
            };
            [
                clip(&e.name, 32),
                s.mention_type.as_str().to_string(),
                e.kind.as_str().to_string(),
                e.country.as_deref().unwrap_or_default().to_string(),
                s.mentions.to_string(),
                clip(&s.surfaces.join(" | "), 40),
                coord,
                format!("{} {:.2}", s.method.as_str(), s.score),
            ]
        })
        .collect();
    let mut widths = column_widths(&header, &cells);
    // Narrow the surfaces, then the name column to fit the terminal.
    let total = |w: &[usize; 8]| w.iter().sum::<usize>() + 2 * (w.len() - 1);
    for (col, min) in [(5, 12), (0, 16)] {
        if opts.width > 0 && total(&widths) > opts.width {
            let excess = total(&widths) - opts.width;
            widths[col] = widths[col].saturating_sub(excess).max(min);
        }
    }
    let cells: Vec<[String; 8]> = cells
        .into_iter()
        .map(|mut row| {
            for col in [0, 5] {
                row[col] = clip(&row[col], widths[col]);
            }
            row
        })
        .collect();
    let _ = writeln!(out, "{b}Entities ({}){r}", rows.len());
    for (i, h) in header.iter().enumerate() {
        let _ = write!(out, "{d}{h:<w$}{r}  ", w = widths[i]);
    }
    out.push('\n');
    for (row, s) in cells.iter().zip(&rows) {
        for (i, c) in row.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i == 0 && opts.color {
                let _ = write!(out, "{}{c}{RESET}{:pad$}  ", style(s.mention_type), "");
            } else if i == 4 {
                let _ = write!(out, "{:pad$}{c}  ", "");
            } else {
                let _ = write!(out, "{c}{:pad$}  ", "");
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
}

/// The width in characters of each column: its widest cell or header.
pub fn column_widths<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> [usize; N] {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    widths
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        let line = "aaa bbb ccc ddd";
        let rows: Vec<&str> = wrap(line, 8).iter().map(|&(s, e)| &line[s..e]).collect();
        assert_eq!(rows, ["aaa bbb ", "ccc ddd"]);
        assert_eq!(wrap("", 8), [(0, 0)]);
        let long = "abcdefghij";
        let rows: Vec<&str> = wrap(long, 4).iter().map(|&(s, e)| &long[s..e]).collect();
        assert_eq!(rows, ["abcd", "efgh", "ij"]);
    }
}
