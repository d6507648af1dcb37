//! The one normaliser for article text and gazetteer names.
//!
//! Matching runs on normalised text, so that "RAQQAH", "Raqqah" and "Raqqāh"
//! meet the same pattern. Each character of the original is mapped on its
//! own:
//!
//! - compatibility decomposition (NFKD: "ﬁ" → "fi", full-width → ASCII),
//!   then every combining mark is dropped (diacritics: "ā" → "a");
//! - full Unicode case folding ("ß" → "ss", "İ" → "i̇" → "i");
//! - transliteration marks and apostrophes (ʿ ʾ ‘ ’ ' ` ʻ ´) are removed, so
//!   "Hay'at" and "Hayat" meet; the word-boundary check in the matcher looks
//!   at the original text, so "Russia's" still ends "Russia" at the `'`;
//! - dashes become `-`, double quotes become `"`;
//! - runs of white space become one space; invisible format characters
//!   (soft hyphen, zero-width space, byte-order mark, tatweel) vanish.
//!
//! Decomposing each character on its own gives the same result as NFKC
//! followed by stripping marks, because every mark is dropped anyway.
//!
//! [`Normalized`] keeps, for every byte of the normalised text, the span of
//! the original character it came from, so a match in normalised text maps
//! back to an exact span of the original.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Normalised text plus the map back to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`: the original byte offset where the source
    /// character starts.
    starts: Vec<u32>,
    /// For each byte of `text`: the original byte offset where the source
    /// character (with any combining marks that follow it) ends.
    ends: Vec<u32>,
}

impl Normalized {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps the normalised byte span `start..end` (non-empty, on character
    /// boundaries of the normalised text) to a byte span of the original.
    ///
    /// The result always lies on UTF-8 boundaries of the original text.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        (self.starts[start] as usize, self.ends[end - 1] as usize)
    }

    /// Where the original character behind normalised byte `at` starts.
    pub(crate) fn original_start(&self, at: usize) -> usize {
        self.starts[at] as usize
    }
}

/// What a character becomes.
enum Mapped {
    /// Removed, and a span that ends just before it may not grow over it.
    Drop,
    /// Removed, but it belongs to the character before it (a combining
    /// mark or an invisible format character), so a span ending before it
    /// grows over it.
    Attach,
    /// White space.
    Space,
    /// Text to emit.
    Text,
}

fn classify(c: char) -> Mapped {
    match c {
        '\'' | '`' | '\u{00B4}' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BB}'
        | '\u{02BC}' | '\u{02BE}' | '\u{02BF}' | '\u{02B9}' | '\u{2032}' | '\u{FF07}' => {
            Mapped::Drop
        }
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}'
        | '\u{2060}' | '\u{FEFF}' | '\u{0640}' => Mapped::Attach,
        c if c.is_whitespace() => Mapped::Space,
        c if !c.is_ascii() && is_combining_mark(c) => Mapped::Attach,
        _ => Mapped::Text,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

fn is_double_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}'
    )
}

/// Appends the normalised form of one (already decomposed) character.
fn push_folded(c: char, fold_case: bool, out: &mut String) {
    if is_dash(c) {
        out.push('-');
    } else if is_double_quote(c) {
        out.push('"');
    } else if !fold_case {
        out.push(c);
    } else if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        let mut buf = [0u8; 4];
        for f in caseless::default_case_fold_str(c.encode_utf8(&mut buf)).chars() {
            if !is_combining_mark(f) {
                out.push(f);
            }
        }
    }
}

/// ASCII other than white space and the two apostrophes (' and `), which
/// the normaliser drops: such a byte stays itself, in lower case.
fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'\'' | b'`' | b' ' | b'\t'..=b'\r')
}

/// Where the run of plain ASCII starting at `bytes[i]` (a plain byte)
/// ends: it goes on over single spaces between words (each maps to itself,
/// as a run of white space of one would).
fn ascii_run_end(bytes: &[u8], i: usize) -> usize {
    let mut end = i + 1;
    while end < bytes.len()
        && (is_plain_ascii(bytes[end]) || (bytes[end] == b' ' && bytes[end - 1] != b' '))
    {
        end += 1;
    }
    end
}

/// Normalises `text` and keeps the map back to it.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    let mut last_space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: a run of letters, digits and punctuation
        // folds to as many bytes, each mapped to its own, and white space
        // to at most one space.
        if is_plain_ascii(bytes[i]) {
            let end = ascii_run_end(bytes, i);
            let at = out.text.len();
            out.text.push_str(&text[i..end]);
            out.text[at..].make_ascii_lowercase();
            // Byte k of the run comes from byte i + k.
            out.starts.extend((i..end).map(|k| k as u32));
            out.ends.extend((i..end).map(|k| k as u32 + 1));
            last_space = bytes[end - 1] == b' ';
            i = end;
            continue;
        }
        if matches!(bytes[i], b' ' | b'\t'..=b'\r') {
            if !last_space {
                out.text.push(' ');
                out.starts.push(i as u32);
                out.ends.push(i as u32 + 1);
                last_space = true;
            }
            i += 1;
            continue;
        }
        // Any other character, one at a time (`i` is on a character
        // boundary: every step above moves over whole characters).
        let Some(c) = text[i..].chars().next() else { break };
        push_char(&mut out, i, c, &mut last_space);
        i += c.len_utf8();
    }
    out
}

/// Appends the normal form of character `c` (at byte `i` of the original)
/// and its offsets; `last_space` says whether the text so far ends in a
/// space.
fn push_char(out: &mut Normalized, i: usize, c: char, last_space: &mut bool) {
    let end = i + c.len_utf8();
    let before = out.text.len();
    match classify(c) {
        Mapped::Drop => {}
        Mapped::Attach => {
            if !*last_space && let Some(e) = out.ends.last_mut() {
                *e = end as u32;
            }
        }
        Mapped::Space => {
            if !*last_space {
                out.text.push(' ');
                *last_space = true;
            }
        }
        Mapped::Text => {
            if c.is_ascii() {
                push_folded(c, true, &mut out.text);
            } else {
                decompose_compatible(c, |d| match classify(d) {
                    Mapped::Text => push_folded(d, true, &mut out.text),
                    // "¨" is a space and a mark: one space, as always.
                    Mapped::Space if !out.text.ends_with(' ') => out.text.push(' '),
                    Mapped::Space | Mapped::Drop | Mapped::Attach => {}
                });
            }
            *last_space = out.text.ends_with(' ');
        }
    }
    let added = out.text.len() - before;
    out.starts.extend(std::iter::repeat_n(i as u32, added));
    out.ends.extend(std::iter::repeat_n(end as u32, added));
}

/// The normalised form of a name: [`normalize`] without the offset map,
/// trimmed.
pub fn normalize_key(text: &str) -> String {
    normalize_impl(text, true)
}

/// Like [`normalize_key`] but keeps letter case: used to check names that
/// only match in their gazetteer casing ("IS", "US").
pub fn normalize_cased(text: &str) -> String {
    normalize_impl(text, false)
}

fn normalize_impl(text: &str, fold_case: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII is copied whole, as in [`normalize`].
        if is_plain_ascii(bytes[i]) {
            let end = ascii_run_end(bytes, i);
            let at = out.len();
            out.push_str(&text[i..end]);
            if fold_case {
                out[at..].make_ascii_lowercase();
            }
            i = end;
            continue;
        }
        // `i` is on a character boundary: runs are whole characters.
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        match classify(c) {
            Mapped::Drop | Mapped::Attach => {}
            Mapped::Space => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            Mapped::Text if c.is_ascii() => push_folded(c, fold_case, &mut out),
            Mapped::Text => decompose_compatible(c, |d| match classify(d) {
                Mapped::Text => push_folded(d, fold_case, &mut out),
                Mapped::Space => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                Mapped::Drop | Mapped::Attach => {}
            }),
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_that_decomposes_to_a_space_adds_no_second_space() {
        // Found by fuzzing (fuzz/fuzz_targets/normalize.rs): U+00A8 is
        // a space and a combining diaeresis.
        assert_eq!(normalize("a \u{a8}b").as_str(), "a b");
        assert_eq!(normalize(" \u{a8}x").as_str(), " x");
        assert_eq!(normalize("a \u{a8}b").as_str(), normalize_key("a \u{a8}b"));
    }

    #[test]
    fn folds_case_marks_and_punctuation() {
        assert_eq!(normalize_key("Raqqāh"), "raqqah");
        assert_eq!(normalize_key("STRAẞE"), "strasse");
        assert_eq!(normalize_key("Hay\u{2019}at Tahrir al-Sham"), "hayat tahrir al-sham");
        assert_eq!(normalize_key("Deir\u{2013}ez\u{2014}Zor"), "deir-ez-zor");
        assert_eq!(normalize_key("  Deir \t\n Ezzor  "), "deir ezzor");
        assert_eq!(normalize_key("\u{2018}Ayn \u{2018}\u{012A}s\u{00E1}"), "ayn isa");
        assert_eq!(normalize_cased("Raqqāh"), "Raqqah");
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let text = "In RAQQĀH\u{0301}'s  east";
        let n = normalize(text);
        assert_eq!(n.as_str(), "in raqqahs east");
        let (s, e) = n.original_span(3, 9);
        assert_eq!(&text[s..e], "RAQQĀH\u{0301}");
    }

    #[test]
    fn whitespace_runs_map_to_their_first_character() {
        let text = "a \n\t b";
        let n = normalize(text);
        assert_eq!(n.as_str(), "a b");
        assert_eq!(n.original_span(2, 3), (5, 6));
    }

    /// The matcher's normal form (with its offset map) and the normal form
    /// of names agree on any text, ASCII or not, and every normalised byte
    /// maps back to a span of whole characters of the original, in order.
    #[test]
    fn text_and_names_normalise_alike() {
        use proptest::prelude::*;
        let text =
            "[a-zA-Z0-9 \t\n\r\x0b\x0c'`\\-.,éÉßĀ\u{301}\u{2019}\u{2013}\u{a0}\u{a8}\u{ad}ﬁ]{0,24}";
        proptest!(ProptestConfig::with_cases(4000), |(t in text)| {
            let n = normalize(&t);
            prop_assert_eq!(n.as_str().trim_matches(' '), normalize_key(&t));
            prop_assert_eq!(n.starts.len(), n.as_str().len());
            let mut last = 0;
            for (&s, &e) in n.starts.iter().zip(&n.ends) {
                let (s, e) = (s as usize, e as usize);
                prop_assert!(last <= s && s < e && t.is_char_boundary(s) && t.is_char_boundary(e));
                last = s;
            }
        });
    }

    /// [`normalize`] one character at a time, as it was before the ASCII
    /// runs: the reference the runs must agree with.
    fn normalize_by_characters(text: &str) -> Normalized {
        let mut out = Normalized::default();
        let mut last_space = false;
        for (i, c) in text.char_indices() {
            push_char(&mut out, i, c, &mut last_space);
        }
        out
    }

    /// The ASCII runs give the same text and the same offsets as the
    /// character-by-character reference.
    #[test]
    fn ascii_runs_map_like_single_characters() {
        use proptest::prelude::*;
        let text = "[a-zA-Z0-9 \t\n\r\x0b\x0c\x7f\x01'`\\-.,é\u{301}\u{2019}\u{a0}\u{ad}ﬁ]{0,40}";
        proptest!(ProptestConfig::with_cases(4000), |(t in text)| {
            let (a, b) = (normalize(&t), normalize_by_characters(&t));
            prop_assert_eq!(a.as_str(), b.as_str());
            prop_assert_eq!(&a.starts, &b.starts);
            prop_assert_eq!(&a.ends, &b.ends);
        });
        for b in 0..=255u8 {
            let plain = b.is_ascii() && !matches!(b, b'\'' | b'`' | b' ' | b'\t'..=b'\r');
            assert_eq!(is_plain_ascii(b), plain, "byte {b}");
        }
    }
}
