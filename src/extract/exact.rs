//! The exact pass: every gazetteer name in the normalised text, kept when
//! it stands as a whole word in the original and its case rules hold.
//!
//! Names start words, so the gazetteer's trie is walked from each word
//! start only (not run over every byte, as an Aho-Corasick automaton
//! would). Every name form found there is reported, overlapping, so that a
//! longest match that fails the boundary test ("New York" in "New Yorker")
//! cannot hide a shorter valid one; [`select`] then keeps the
//! leftmost-longest non-overlapping set.

use crate::gazetteer::Gazetteer;
use crate::mention::MatchMethod;
use crate::text::{
    Normalized, is_apostrophe, is_word_char, normalize_cased, word_before, word_before_joined,
};

/// A span of the original text and the names it may be.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Original byte span.
    pub start: usize,
    pub end: usize,
    /// Indices of the names that pass the case rules here.
    pub names: Vec<u32>,
    /// How the span met the names.
    pub method: MatchMethod,
    /// How alike span and name are (1 for exact matches).
    pub similarity: f64,
}

/// Every valid match of a gazetteer name in `text` (whose normal form is
/// `norm`), overlapping.
pub(crate) fn find(gaz: &Gazetteer, text: &str, norm: &Normalized) -> Vec<Candidate> {
    let mut out = Vec::new();
    let n = norm.as_str();
    for (p, start) in word_starts(text, norm) {
        gaz.prefixes(&n[p..], |pattern, len| {
            let (_, end) = norm.original_span(p, p + len);
            if !ends_word(text, end) {
                return;
            }
            let surface = &text[start..end];
            let capital = surface.chars().any(char::is_uppercase);
            if !capital && gaz.pattern_needs_capital(pattern) {
                return;
            }
            // "Mali's" is Mali's, not the village "Malis": a span that
            // ends in a possessive is only a name written with an
            // apostrophe ("St. John's").
            let possessive = ends_in_possessive(surface);
            let plain_word = has_plain_lowercase_word(surface);
            let mut names: Vec<u32> = gaz
                .pattern_names(pattern)
                .iter()
                .copied()
                .filter(|&n| {
                    case_ok(gaz, n, text, start, end, surface, capital)
                        && !(gaz.name_bits(n).descriptive() && followed_by_head_noun(text, end))
                        && (!possessive || gaz.name(n).text.chars().any(is_apostrophe))
                        && !(plain_word
                            && gaz.name_bits(n).place()
                            && lowers_capitalised_word(gaz.name(n).text, surface))
                })
                .collect();
            // An acronym written as one ("UN", "IS") means what is spelt so,
            // not a place whose name only shares its letters (Un, a town in
            // India): the names that held their exact casing here stay.
            if names.len() > 1
                && is_acronym(surface)
                && names.iter().any(|&n| gaz.name_bits(n).case_sensitive())
            {
                names.retain(|&n| gaz.name_bits(n).case_sensitive());
            }
            if !names.is_empty() {
                let method = MatchMethod::Exact;
                out.push(Candidate { start, end, names, method, similarity: 1.0 });
            }
        });
    }
    out
}

/// Words that a place name of several words may have in lower case in
/// running text although the gazetteer writes them with a capital: the
/// kind of place ("the Qandil mountains", "Ain al-Asad air base") and
/// particles ("Souq al Juma", "Puerto de la Cruz").
const LOWER_CASE_NAME_WORDS: &[&str] = &[
    "ad",
    "air",
    "airbase",
    "airport",
    "al",
    "an",
    "and",
    "ar",
    "as",
    "ash",
    "at",
    "az",
    "base",
    "basin",
    "bay",
    "bin",
    "border",
    "bridge",
    "camp",
    "canal",
    "city",
    "coast",
    "corridor",
    "crossing",
    "da",
    "dam",
    "de",
    "del",
    "der",
    "des",
    "desert",
    "di",
    "district",
    "do",
    "dos",
    "du",
    "el",
    "en",
    "ez",
    "field",
    "fields",
    "forest",
    "gate",
    "governorate",
    "greater",
    "gulf",
    "harbor",
    "harbour",
    "heights",
    "highway",
    "hill",
    "hills",
    "ibn",
    "island",
    "islands",
    "la",
    "lake",
    "le",
    "les",
    "lower",
    "market",
    "mosque",
    "mount",
    "mountain",
    "mountains",
    "oasis",
    "oblast",
    "of",
    "old",
    "on",
    "peninsula",
    "plain",
    "plains",
    "plateau",
    "port",
    "province",
    "quarter",
    "range",
    "refinery",
    "region",
    "river",
    "road",
    "sea",
    "square",
    "state",
    "strait",
    "strip",
    "the",
    "town",
    "upper",
    "valley",
    "van",
    "village",
    "von",
    "zone",
];

/// Whether `surface` has a [`plain_lowercase_word`] ("said" in "Ali
/// said").
fn has_plain_lowercase_word(surface: &str) -> bool {
    surface.contains(' ') && surface.split(' ').any(plain_lowercase_word)
}

/// Whether `word` has two or more letters, all in lower case, and is none
/// of [`LOWER_CASE_NAME_WORDS`] or [`DIRECTIONS`] ("south Lebanon",
/// "greater Idlib").
fn plain_lowercase_word(word: &str) -> bool {
    word.chars().all(char::is_lowercase)
        && word.chars().nth(1).is_some()
        && !LOWER_CASE_NAME_WORDS.contains(&word)
        && !DIRECTIONS.contains(&word)
}

/// Whether `surface` writes in plain lower case a word that place name
/// `name` capitalises: "Mir Ali said" is no mention of the village "'Ali
/// Sa'id". Words are paired by position; names that split otherwise are
/// let be.
fn lowers_capitalised_word(name: &str, surface: &str) -> bool {
    if name.split(' ').count() != surface.split(' ').count() {
        return false;
    }
    name.split(' ')
        .zip(surface.split(' '))
        .any(|(n, s)| n.chars().any(char::is_uppercase) && plain_lowercase_word(s))
}

/// Whether `surface` ends in a possessive: an apostrophe and an `s`.
fn ends_in_possessive(surface: &str) -> bool {
    let mut rev = surface.chars().rev();
    matches!(rev.next(), Some('s' | 'S')) && rev.next().is_some_and(is_apostrophe)
}

/// Whether `surface` is written as an acronym: two or more letters, all
/// capitals ("UN", "U.S.").
fn is_acronym(surface: &str) -> bool {
    let mut letters = 0;
    for c in surface.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_uppercase());
    }
    letters >= 2
}

/// Where a name may begin: each character of `norm` (byte offset) whose
/// original, with any transliteration marks before it, starts a word of
/// `text`, and that original start.
fn word_starts<'a>(
    text: &'a str,
    norm: &'a Normalized,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    norm.as_str().bytes().enumerate().filter_map(move |(p, b)| {
        if b & 0xC0 == 0x80 {
            return None; // inside a character
        }
        let start = with_leading_marks(text, norm.original_start(p));
        starts_word(text, start).then_some((p, start))
    })
}

/// Keeps the leftmost-longest non-overlapping candidates.
pub(crate) fn select(cands: &[Candidate]) -> Vec<Candidate> {
    let mut order: Vec<&Candidate> = cands.iter().collect();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Candidate> = Vec::new();
    for c in order {
        if out.last().is_none_or(|last| c.start >= last.end) {
            out.push(c.clone());
        }
    }
    out
}

/// Moves `start` back over transliteration marks that open a name
/// ("ʿAyn ʿĪsā"): the normaliser drops them, but they belong to the name.
/// Quotes and apostrophes (' ’ ‘) are not taken.
#[inline]
fn with_leading_marks(text: &str, mut start: usize) -> usize {
    // No mark is ASCII: after an ASCII byte there is nothing to take.
    while start > 0 && !text.as_bytes()[start - 1].is_ascii() {
        let Some(c) = text[..start].chars().next_back() else { break };
        if !matches!(c, '\u{02BE}' | '\u{02BF}' | '\u{02BB}' | '\u{02BC}' | '\u{02B9}') {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// Whether the word before `start` (one space or a hyphen away, before any
/// Arabic article) is a capitalised given name: "Michael Jordan" is a
/// person, not a country, "Marie-Lourdes" a woman, not Lourdes, and "Abdel
/// Fattah al-Burhan" a man, not a village Burhan.
pub(crate) fn preceded_by_given_name(gaz: &Gazetteer, text: &str, start: usize) -> bool {
    let start = with_leading_article(text, start);
    [' ', '-'].into_iter().any(|joint| {
        let word = word_before_joined(text, start, joint);
        word.chars().next().is_some_and(char::is_uppercase) && is_given_name(gaz, word)
    })
}

/// Capitalised words that, after a place name, make it part of the name
/// of something else: "Columbia University", "Aleppo Central Prison".
const NAME_HEADS: &[&str] = &[
    "Academy",
    "Avenue",
    "Bank",
    "Boulevard",
    "Central",
    "Club",
    "College",
    "Company",
    "Corporation",
    "Courier",
    "FC",
    "Gazette",
    "Herald",
    "High",
    "Hospital",
    "Hotel",
    "Institute",
    "Journal",
    "Mall",
    "Museum",
    "Post",
    "Prison",
    "Road",
    "School",
    "Square",
    "Stadium",
    "Street",
    "Times",
    "Tribune",
    "United",
    "University",
];

/// Words that open longer Arabic names of places and people ("Abu
/// Grein", "Bint Jbeil", "Tal Tamr", "Umm Qasr"). Before another
/// capitalised word they are the first word of a name, not a place alone;
/// and the capitalised word after them is not a place alone either ("Bint
/// Jbeil" is no Jbeil, which is Byblos).
const ARABIC_OPENERS: &[&str] = &[
    "abu", "ain", "ayn", "bab", "bani", "bayt", "beit", "beni", "bint", "bir", "dayr", "deir",
    "jabal", "jebel", "jisr", "kafr", "kfar", "khirbat", "khirbet", "marj", "nahr", "qasr", "ras",
    "shaykh", "sheikh", "sidi", "tal", "tall", "tel", "tell", "umm", "wadi",
];

/// Directions, which open the names of parts of a place ("North Darfur",
/// "Eastern Ghouta"): before another capitalised word they are not a place
/// alone ("North" is a province of Cameroon, and an alias of North Salt
/// Lake), but the place after them is still named ("East Aleppo"). A
/// near spelling keeps its direction (see the variant and fuzzy passes).
pub(crate) const DIRECTIONS: &[&str] =
    &["central", "east", "eastern", "north", "northern", "south", "southern", "west", "western"];

/// Months and days of the week: "fled in March" is a date, not March
/// (a town in England, and another in Afghanistan).
const CALENDAR: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Whether `surface` is the name of a month or a day of the week.
fn is_calendar_word(surface: &str) -> bool {
    CALENDAR.iter().any(|w| w.eq_ignore_ascii_case(surface))
}

/// Drops the places that are not places here: a month or a weekday
/// ("since March"), after a given name ("Michael Jordan": a person) or an
/// Arabic name opener ("Bint Jbeil"), between a title and a capitalised
/// word ("Minister Israel Katz"), before a word that makes them part
/// of another name ("Columbia University"), or opening a longer name ("Abu
/// Grein"); and any name that is a given name before a capitalised word
/// ("Amal Abu Shanab").
pub(crate) fn drop_non_places(gaz: &Gazetteer, text: &str, cands: &mut Vec<Candidate>) {
    cands.retain(|c| {
        let place = c.names.iter().any(|&n| gaz.name_bits(n).place());
        let not_place = place
            && (is_calendar_word(&text[c.start..c.end])
                || preceded_by_given_name(gaz, text, c.start)
                || preceded_by_arabic_opener(text, c.start)
                || followed_by_name_head(text, c.end)
                || opens_longer_name(text, c)
                || after_title_before_name(text, c));
        // A given name opening a person's name is no place and no group
        // either ("Amal Abu Shanab" is not the Amal Movement).
        !(not_place || is_first_name(gaz, text, c))
    });
}

/// Whether the next word, one space after `end` (and after an Arabic
/// article: "bin", "al-"), starts with a capital.
fn next_word_capitalised(text: &str, end: usize) -> bool {
    text[end..].strip_prefix(' ').is_some_and(|rest| {
        let lower = |p: &str| rest.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
        let skip = ["al-", "el-", "bin ", "ibn "].iter().find(|p| lower(p)).map_or(0, |p| p.len());
        rest[skip..].chars().next().is_some_and(char::is_uppercase)
    })
}

/// Whether the candidate is a word of [`ARABIC_OPENERS`] or
/// [`DIRECTIONS`] before a capitalised word.
fn opens_longer_name(text: &str, c: &Candidate) -> bool {
    let surface = &text[c.start..c.end];
    let opener = |w: &&str| w.eq_ignore_ascii_case(surface);
    (ARABIC_OPENERS.iter().any(opener) || DIRECTIONS.iter().any(opener))
        && next_word_capitalised(text, c.end)
}

/// Whether the word before `start` (one space away, before any Arabic
/// article) is a capitalised word of [`ARABIC_OPENERS`]: the name goes on
/// from there ("Bint Jbeil", "Deir al-Balah").
fn preceded_by_arabic_opener(text: &str, start: usize) -> bool {
    let word = word_before(text, with_leading_article(text, start));
    word.chars().next().is_some_and(char::is_uppercase)
        && ARABIC_OPENERS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Titles written before people's names: a place right after one and
/// before a capitalised word is a name ("Defence Minister Israel Katz",
/// "Senior General Min Aung Hlaing").
const TITLES: &[&str] = &[
    "Ambassador",
    "Brigadier",
    "Captain",
    "Chancellor",
    "Colonel",
    "Commander",
    "Dr",
    "Envoy",
    "General",
    "Governor",
    "Imam",
    "Judge",
    "Lieutenant",
    "Major",
    "Mayor",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "President",
    "Prince",
    "Princess",
    "Senator",
    "Sergeant",
    "Sheikh",
    "Speaker",
];

/// Whether the candidate opens a person's name after a title: "Minister
/// Israel Katz".
fn after_title_before_name(text: &str, c: &Candidate) -> bool {
    let title = word_before(text, c.start);
    TITLES.contains(&title) && next_word_capitalised(text, c.end)
}

/// Whether the candidate is a given name followed by another capitalised
/// word: "Michael Jordan", "Florence Nightingale", also after an Arabic
/// article or "bin": "Ibrahim al-Obeidi", "Mohammed bin Salman".
fn is_first_name(gaz: &Gazetteer, text: &str, c: &Candidate) -> bool {
    next_word_capitalised(text, c.end) && is_given_name(gaz, &text[c.start..c.end])
}

/// Whether `word`, as written in the text, is a given name.
pub(crate) fn is_given_name(gaz: &Gazetteer, word: &str) -> bool {
    // Most words are short ASCII letters, whose normal form is their lower
    // case: folded on the stack, not in a new string.
    let mut folded = [0u8; 24];
    if word.len() <= folded.len() && word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let key = &mut folded[..word.len()];
        key.copy_from_slice(word.as_bytes());
        key.make_ascii_lowercase();
        return std::str::from_utf8(key).is_ok_and(|key| gaz.is_given_name(key));
    }
    gaz.is_given_name(&crate::text::normalize_key(word))
}

fn followed_by_name_head(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else { return false };
    let word: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    NAME_HEADS.contains(&word)
}

/// Extends each candidate over an Arabic article written before it, unless
/// that would run into the candidate before.
pub(crate) fn extend_over_articles(text: &str, cands: &mut [Candidate]) {
    let mut prev_end = 0;
    for c in cands.iter_mut() {
        let s = with_leading_article(text, c.start);
        if s >= prev_end {
            c.start = s;
        }
        prev_end = c.end;
    }
}

/// Moves `start` back over an Arabic article written before the name
/// ("al-Raqqa", "El Mayadin", "as-Suwayda"), so the mention is the whole
/// name. With a space only `al` and `el` count ("at Raqqa" is English).
pub(crate) fn with_leading_article(text: &str, start: usize) -> usize {
    let before = &text[..start];
    let (sep_len, words): (usize, &[&str]) = if before.ends_with('-') {
        (1, &["al", "el", "ar", "as", "ash", "at", "ad", "az", "an", "ul"])
    } else if before.ends_with(' ') {
        (1, &["al", "el"])
    } else {
        return start;
    };
    let head = &before[..before.len() - sep_len];
    for w in words {
        if head.len() >= w.len() && head.is_char_boundary(head.len() - w.len()) {
            let cand = &head[head.len() - w.len()..];
            let s = head.len() - w.len();
            if cand.eq_ignore_ascii_case(w) && starts_word(text, s) {
                return s;
            }
        }
    }
    start
}

#[inline]
fn starts_word(text: &str, start: usize) -> bool {
    match start.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => true,
        // An ASCII byte is a whole character: no need to decode it.
        Some(b) if b.is_ascii() => !is_word_char(char::from(b)),
        Some(_) => text[..start].chars().next_back().is_none_or(|c| !is_word_char(c)),
    }
}

/// Whether the span ends a word. An apostrophe after it ends the word if
/// what follows is a possessive `s` ("Russia's") or not a word character;
/// "Hay" in "Hay'at" is not a word.
fn ends_word(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if is_apostrophe(c) => match rest.next() {
            None => true,
            Some('s' | 'S') => rest.next().is_none_or(|c| !is_word_char(c)),
            Some(c) => !is_word_char(c),
        },
        Some(c) => !is_word_char(c),
    }
}

/// Whether name `n` may be meant by `surface` (`text[start..end]`;
/// `capital`: it has a capital letter) by its letter case and flags.
fn case_ok(
    gaz: &Gazetteer,
    n: u32,
    text: &str,
    start: usize,
    end: usize,
    surface: &str,
    capital: bool,
) -> bool {
    let bits = gaz.name_bits(n);
    if bits.needs_capital() && !capital {
        return false;
    }
    if bits.case_sensitive() && normalize_cased(surface) != gaz.name(n).cased {
        return false;
    }
    if bits.common_word() {
        // A name matched in its exact casing ("US") is told from the word
        // ("us", "Us") by that casing, even at the start of a sentence; in
        // an ALL-CAPS line casing tells nothing.
        let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
        let initial = !bits.case_sensitive()
            && sentence_initial(text, start)
            && !country_opening_sentence(gaz, n, text, end);
        if !capitalised || initial || in_all_caps(text, start, end) {
            return false;
        }
    }
    true
}

/// Whether name `n`, a common word found at the start of a sentence, is
/// still a country there: the country's own name ("China urged restraint",
/// "Japan and Chad agreed") not followed by a capitalised word (the given
/// name in "Chad Smith said").
fn country_opening_sentence(gaz: &Gazetteer, n: u32, text: &str, end: usize) -> bool {
    let e = gaz.entry(gaz.name_entry(n));
    e.kind == crate::gazetteer::Kind::Country
        && gaz.name(n).text == e.name
        && !next_word_capitalised(text, end)
}

/// Nouns that, right after a descriptive name such as "Syrian government"
/// or "Syrian military", show it is used as a modifier: "Syrian government
/// forces", "a Syrian military helicopter". The name then does not stand for
/// the group, and the shorter match ("Syrian", a demonym) takes its place.
const HEAD_NOUNS: &[&str] = &[
    "aircraft",
    "airstrike",
    "airstrikes",
    "artillery",
    "base",
    "bases",
    "checkpoint",
    "checkpoints",
    "commander",
    "commanders",
    "convoy",
    "drone",
    "drones",
    "fighters",
    "force",
    "forces",
    "helicopter",
    "helicopters",
    "jet",
    "jets",
    "media",
    "offensive",
    "officer",
    "officers",
    "official",
    "officials",
    "operation",
    "operations",
    "personnel",
    "plane",
    "planes",
    "position",
    "positions",
    "shelling",
    "soldier",
    "soldiers",
    "source",
    "sources",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "strikes",
    "tank",
    "tanks",
    "television",
    "troops",
    "unit",
    "units",
    "vehicle",
    "vehicles",
    "warplane",
    "warplanes",
];

/// Whether a head noun follows `end`: after a descriptive name (see
/// [`crate::gazetteer::NameBits::descriptive`]), as in "Syrian military helicopter", the name
/// is a modifier.
fn followed_by_head_noun(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t', '\u{00A0}']);
    crate::text::starts_with_word_of(rest, HEAD_NOUNS)
}

/// Whether `start` begins a sentence or a line (ignoring opening quotes and
/// brackets).
fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\u{201C}' | '\u{2018}' | '(' | '[' | '*' | '_' | '\u{00A0}' => {}
            '.' | '!' | '?' | ':' | '\n' | '\r' | '\u{2022}' => return true,
            _ => return false,
        }
    }
    true
}

/// Whether the span stands in an ALL-CAPS stretch of its line (a
/// headline), where capitals say nothing about names.
pub(crate) fn in_all_caps(text: &str, start: usize, end: usize) -> bool {
    const WINDOW: usize = 40;
    let surface = &text[start..end];
    if surface.chars().any(char::is_lowercase) {
        return false;
    }
    let line = |c: &char| !matches!(c, '\n' | '.' | '!' | '?');
    let before = text[..start].chars().rev().take_while(line).take(WINDOW);
    let after = text[end..].chars().take_while(line).take(WINDOW);
    let mut upper = 0;
    for c in before.chain(after) {
        if c.is_lowercase() {
            return false;
        }
        upper += usize::from(c.is_uppercase());
    }
    upper >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_ends() {
        assert!(ends_word("Russia's army", 6));
        assert!(ends_word("Russia\u{2019}s", 6));
        assert!(!ends_word("Iraqi", 4));
        assert!(!ends_word("Hay'at", 3));
        assert!(ends_word("ISIS-held", 4));
        assert!(ends_word("Raqqa.", 5));
        assert!(!starts_word("Homsi", 1));
        assert!(starts_word("pro-Assad", 4));
    }

    #[test]
    fn sentence_starts_and_caps() {
        assert!(sentence_initial("Hit was shelled", 0));
        assert!(sentence_initial("Done. \u{201C}Hit", 7 + 2));
        assert!(!sentence_initial("near Hit", 5));
        assert!(in_all_caps("COALITION IS GOING", 10, 12));
        assert!(!in_all_caps("the coalition IS going", 14, 16));
    }

    /// The window read character by character from the span is the one
    /// read by splitting the line at its stops.
    #[test]
    fn all_caps_window_is_read_up_to_the_stops() {
        use proptest::prelude::*;
        fn by_splitting(text: &str, start: usize, end: usize) -> bool {
            if text[start..end].chars().any(char::is_lowercase) {
                return false;
            }
            let stops = ['\n', '.', '!', '?'];
            let before = text[..start].rsplit(stops).next().unwrap_or("");
            let after = text[end..].split(stops).next().unwrap_or("");
            let around = before.chars().rev().take(40).chain(after.chars().take(40));
            let (mut upper, mut lower) = (0, 0);
            for c in around {
                upper += usize::from(c.is_uppercase());
                lower += usize::from(c.is_lowercase());
            }
            lower == 0 && upper >= 3
        }
        proptest!(ProptestConfig::with_cases(4000), |(t in "[A-Zab .!?\n\u{c9}\u{e9}]{0,120}", a in 0usize..120, b in 0usize..120)| {
            let mut bounds = [a.min(t.len()), b.min(t.len())];
            bounds.sort();
            let [s, e] = bounds.map(|i| (0..=i).rev().find(|&j| t.is_char_boundary(j)).unwrap());
            prop_assert_eq!(in_all_caps(&t, s, e), by_splitting(&t, s, e));
        });
    }

    /// The short path for ASCII words agrees with the normal form.
    #[test]
    fn given_names_are_found_in_any_case_and_spelling() {
        let gaz = Gazetteer::embedded().unwrap();
        for w in ["Michael", "MICHAEL", "michael", "Mohammed", "Abdullah"] {
            assert!(is_given_name(&gaz, w), "{w}");
        }
        for w in ["Raqqa", "Michaels", "Mich-ael", "", "Zoë", "Jos\u{e9}"] {
            assert_eq!(
                is_given_name(&gaz, w),
                gaz.is_given_name(&crate::text::normalize_key(w)),
                "{w}"
            );
        }
        assert!(!is_given_name(&gaz, "Raqqa"));
        assert_eq!(is_given_name(&gaz, "Jos\u{e9}"), is_given_name(&gaz, "Jose"));
    }
}
