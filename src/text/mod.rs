//! Text handling shared by articles and gazetteer names: the normaliser,
//! word boundaries and sentences.

pub mod normalize;
pub mod sentences;

pub use normalize::{Normalized, normalize, normalize_cased, normalize_key};

/// Whether `c` is part of a word for boundary checks: letters, digits and
/// combining marks (so "Iraq" does not match inside "Iraqi", nor "Hama"
/// inside "Hamaā").
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        // No ASCII character is a combining mark.
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Apostrophe-like characters that the normaliser removes and that may
/// introduce a possessive: `'`, `’`, `‘`, `ʼ`, `` ` ``, `´`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{FF07}')
}

/// Whether the run of letters that opens `s` is one of `words`, in any
/// letter case ("Province" after "Raqqa", "forces" after "Syrian military").
pub fn starts_with_word_of(s: &str, words: &[&str]) -> bool {
    let word = first_word(s);
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The run of letters that opens `s` (empty if it opens with none).
pub fn first_word(s: &str) -> &str {
    &s[..s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len())]
}

/// The word of `text` that ends one space before `start` (empty if there
/// is none): "Michael" before "Jordan", "the" before "Sahel".
pub fn word_before(text: &str, start: usize) -> &str {
    word_before_joined(text, start, ' ')
}

/// The word of `text` that ends one `joint` character before `start`
/// (empty if there is none): "Marie" before "Lourdes" in "Marie-Lourdes",
/// with `-`.
pub fn word_before_joined(text: &str, start: usize, joint: char) -> &str {
    let Some(before) = text[..start].strip_suffix(joint) else { return "" };
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    &before[word_start..]
}

#[cfg(test)]
mod tests {
    /// The ASCII short cut of `is_word_char` agrees with the general rule
    /// on every ASCII character.
    #[test]
    fn ascii_word_characters_are_letters_and_digits() {
        for c in (0u8..128).map(char::from) {
            let general = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
            assert_eq!(super::is_word_char(c), general, "{c:?}");
        }
        assert!(super::is_word_char('\u{0301}') && super::is_word_char('é'));
        assert!(!super::is_word_char('\u{2019}'));
    }
}
