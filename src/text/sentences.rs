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
    // Only these bytes can end a sentence: visited in order, found by
    // memchr's vectorised search rather than a test of every byte.
    let mut stops = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut breaks = memchr::memchr_iter(b'\n', bytes).peekable();
    loop {
        let i = match (stops.peek(), breaks.peek()) {
            (Some(&s), Some(&n)) if s < n => stops.next(),
            (_, Some(_)) => breaks.next(),
            (Some(_), None) => stops.next(),
            (None, None) => None,
        };
        let Some(i) = i else { break };
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

/// Sentences of up to this many characters are their mentions' context.
const MAX_SENTENCE: usize = 300;

/// One line of context around `start..end`: the sentence if it is short,
/// else about 60 characters either side, with white space collapsed.
pub fn context(text: &str, sentence: (usize, usize), start: usize, end: usize) -> String {
    context_span(text, sentence, start, end).0
}

/// [`context`], and whether it is the whole sentence (and so the same
/// for every mention in it).
fn context_span(text: &str, sentence: (usize, usize), start: usize, end: usize) -> (String, bool) {
    const SIDE: usize = 60;
    let (mut s, mut e) = sentence;
    // A sentence of up to MAX_SENTENCE bytes has no more characters.
    let whole = e - s <= MAX_SENTENCE || text[s..e].chars().count() <= MAX_SENTENCE;
    if !whole {
        s = text[..start].char_indices().rev().nth(SIDE - 1).map_or(s.min(start), |(i, _)| i);
        s = s.max(sentence.0);
        e = text[end..].char_indices().nth(SIDE).map_or(text.len(), |(i, _)| end + i);
        e = e.min(sentence.1);
    }
    (collapse_white_space(&text[s..e]), whole)
}

/// `s` on one line: its words joined by single spaces.
fn collapse_white_space(s: &str) -> String {
    // Most sentences already are: printable ASCII with single spaces
    // between words. (No early exit: the test runs on whole vectors.)
    let bytes = s.as_bytes();
    let other = bytes.iter().fold(false, |any, &b| any | !(b' '..0x7f).contains(&b));
    if !other && !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") {
        return s.to_string();
    }
    let mut line = String::with_capacity(s.len());
    let mut push = |word: &str| {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    };
    // ASCII white space is that of `split_whitespace` but for the
    // vertical tab, which `split_ascii_whitespace` keeps; the bytes of
    // ASCII text split much faster than its characters.
    if s.bytes().all(|b| b.is_ascii() && b != b'\x0b') {
        s.split_ascii_whitespace().for_each(&mut push);
    } else {
        s.split_whitespace().for_each(&mut push);
    }
    line
}

/// The contexts of one text's mentions, taken in order: mentions in one
/// short sentence share its line, made once.
#[derive(Debug)]
pub struct Contexts<'t> {
    text: &'t str,
    /// The last whole sentence made, and its line.
    last: Option<((usize, usize), String)>,
}

impl<'t> Contexts<'t> {
    /// Contexts in `text`.
    pub fn new(text: &'t str) -> Contexts<'t> {
        Contexts { text, last: None }
    }

    /// [`context`] of `start..end` in `sentence`.
    pub fn of(&mut self, sentence: (usize, usize), start: usize, end: usize) -> String {
        if let Some((last, line)) = &self.last
            && *last == sentence
        {
            return line.clone();
        }
        let (line, whole) = context_span(self.text, sentence, start, end);
        if whole {
            self.last = Some((sentence, line.clone()));
        }
        line
    }
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

    /// Both ways of collapsing white space give what joining
    /// `split_whitespace` gives, vertical tabs and Unicode spaces included.
    #[test]
    fn white_space_collapses_alike_in_ascii_and_not() {
        use proptest::prelude::*;
        let text = "[ab .\t\n\r\x0b\x0c\u{a0}\u{2028}\u{3000}é]{0,20}";
        proptest!(ProptestConfig::with_cases(3000), |(t in text)| {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(collapse_white_space(&t), want);
        });
    }

    /// Mentions taken in order get the context each would get alone: the
    /// line of a short sentence shared, windows of a long one their own.
    #[test]
    fn contexts_in_order_are_each_mentions_own() {
        let long = format!("Raqqa lies east of {} and then Homs, west.", "word ".repeat(80));
        for text in ["Raqqa and\n Homs met. Hama too.", long.as_str()] {
            let spans = sentence_spans(text);
            let mut contexts = Contexts::new(text);
            for name in ["Raqqa", "Homs", "Hama"] {
                let Some(start) = text.find(name) else { continue };
                let end = start + name.len();
                let sentence = spans[sentence_of(&spans, start)];
                assert_eq!(contexts.of(sentence, start, end), context(text, sentence, start, end));
            }
        }
    }

    /// The sentence ends found by memchr are those a test of every byte
    /// finds.
    #[test]
    fn sentence_ends_are_those_of_a_byte_by_byte_scan() {
        use proptest::prelude::*;
        fn by_bytes(text: &str) -> Vec<(usize, usize)> {
            let (mut spans, mut start) = (Vec::new(), 0);
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                let end_here = match b {
                    b'.' | b'!' | b'?' => {
                        bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
                            && !(b == b'.' && is_abbreviation(&text[start..i]))
                    }
                    b'\n' => !continues_wrapped_line(&text[i + 1..]),
                    _ => false,
                };
                if end_here {
                    if !text[start..=i].trim().is_empty() {
                        spans.push((start, i + 1));
                    }
                    start = i + 1;
                }
            }
            if start < text.len() && !text[start..].trim().is_empty() {
                spans.push((start, text.len()));
            }
            if spans.is_empty() {
                spans.push((0, text.len()));
            }
            spans
        }
        proptest!(ProptestConfig::with_cases(3000), |(t in "[a-cA-C .!?\n\t]{0,60}")| {
            prop_assert_eq!(sentence_spans(&t), by_bytes(&t));
        });
    }

    /// White space is collapsed as `split_whitespace` and a join would,
    /// whether the short path for one-line ASCII is taken or not.
    #[test]
    fn white_space_collapses_like_split_and_join() {
        use proptest::prelude::*;
        proptest!(ProptestConfig::with_cases(3000), |(t in "[ab .\t\n\x0b\x0c\r\x7f\u{a0}\u{2003}é]{0,30}")| {
            let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(collapse_white_space(&t), joined);
        });
    }
}
