//! Sentence and line positions, for the `context` and `line` fields and
//! for grouping places with the groups named beside them.

/// Byte spans of the sentences of `text`, in order, covering all of it.
///
/// A sentence ends after `.`, `!` or `?` followed by white space (unless
/// the word before the dot is a single letter or a known abbreviation, as
/// in "U.S. forces"), or at a line break, unless the next line goes on in
/// lower case (hard-wrapped paragraphs).
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = match b {
            b'.' | b'!' | b'?' => {
                let next_is_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
                next_is_space && !(b == b'.' && is_abbreviation(&text[start..i]))
            }
            b'\n' => !continues_wrapped_line(&text[i + 1..]),
            _ => false,
        };
        if end_here {
            let end = i + 1;
            if text[start..end].trim().is_empty() {
                start = end;
            } else {
                spans.push((start, end));
                start = end;
            }
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        spans.push((start, text.len()));
    }
    if spans.is_empty() {
        spans.push((0, text.len()));
    }
    spans
}

fn continues_wrapped_line(rest: &str) -> bool {
    rest.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Whether the text before a `.` ends in a word that the dot abbreviates.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S", "U.K", "a", "St", "Mr", "Gen", "Lt", "Col", "No"
    letters == 1
        || word.contains('.')
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Gen"
                | "Lt"
                | "Col"
                | "Maj"
                | "Capt"
                | "Sgt"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Rev"
                | "Gov"
                | "Sen"
                | "Rep"
                | "No"
                | "vs"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
        )
}

/// Index of the sentence in `spans` that contains byte `pos`.
pub fn sentence_of(spans: &[(usize, usize)], pos: usize) -> usize {
    spans.partition_point(|&(_, end)| end <= pos).min(spans.len().saturating_sub(1))
}

/// One line of context around `start..end`: the sentence if it is short,
/// else about 60 characters either side, with white space collapsed.
pub fn context(text: &str, sentence: (usize, usize), start: usize, end: usize) -> String {
    const MAX_SENTENCE: usize = 300;
    const SIDE: usize = 60;
    let (mut s, mut e) = sentence;
    // A sentence of up to MAX_SENTENCE bytes has no more characters.
    if e - s > MAX_SENTENCE && text[s..e].chars().count() > MAX_SENTENCE {
        s = text[..start].char_indices().rev().nth(SIDE - 1).map_or(s.min(start), |(i, _)| i);
        s = s.max(sentence.0);
        e = text[end..].char_indices().nth(SIDE).map_or(text.len(), |(i, _)| end + i);
        e = e.min(sentence.1);
    }
    let mut line = String::with_capacity(e - s);
    for word in text[s..e].split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

/// Start byte of every line, for turning a byte offset into a line number.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// 1-based line number of byte `pos`, given [`line_starts`].
pub fn line_of(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let text = "U.S. forces entered Raqqa. ISIS left!\nHEADLINE\n\nNext one";
        let spans = sentence_spans(text);
        let got: Vec<&str> = spans.iter().map(|&(s, e)| text[s..e].trim()).collect();
        assert_eq!(got, ["U.S. forces entered Raqqa.", "ISIS left!", "HEADLINE", "Next one"]);
        assert_eq!(sentence_of(&spans, 0), 0);
        assert_eq!(sentence_of(&spans, 28), 1);
    }

    #[test]
    fn lines_are_one_based() {
        let starts = line_starts("a\nb\nc");
        assert_eq!(line_of(&starts, 0), 1);
        assert_eq!(line_of(&starts, 2), 2);
        assert_eq!(line_of(&starts, 4), 3);
    }
}
