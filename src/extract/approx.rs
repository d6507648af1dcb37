//! The passes after exact matching, over the capitalised words that no
//! exact match covered: spelling variants (same skeleton, see
//! [`crate::gazetteer::variants`]), then fuzzy matches (within a small edit
//! distance, see [`crate::gazetteer::fuzzy`]). Neither ever overrides an
//! exact match: they only look where exact matching found nothing.

use super::exact::{Candidate, DIRECTIONS, in_all_caps, is_given_name, preceded_by_given_name};
use crate::gazetteer::fuzzy::fuzzy_key;
use crate::gazetteer::variants::{self, MIN_SKELETON};
use crate::gazetteer::{Gazetteer, Kind};
use crate::mention::MatchMethod;
use crate::text::{is_apostrophe, is_word_char, normalize_key};

/// Runs of up to this many words are tried.
const MAX_WORDS: usize = 4;
/// A variant must look this much like its name (Jaro-Winkler of the
/// article-free forms).
const MIN_VARIANT_SIMILARITY: f64 = 0.8;
/// Villages are many: a variant of one must look closer still.
const MIN_VILLAGE_SIMILARITY: f64 = 0.9;
/// A variant that replaces exact matches inside it must look this much
/// like its name.
const MIN_REPLACING_SIMILARITY: f64 = 0.85;

/// A word of the original text: byte span.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// Has a capital letter.
    capital: bool,
    /// Is an Arabic article on its own ("al", "el", "ez").
    article: bool,
    /// Separated from the next word by exactly one space.
    joined_to_next: bool,
}

/// Arabic articles written as words of their own ("al", "el", "ez").
const ARTICLES: &[&str] = &["al", "el", "ez", "ad", "ar", "as", "ash", "az", "an", "at"];

/// Words of `text`: letters and digits, with hyphens and apostrophes
/// inside ("al-Bukamal", "Ma'arat").
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut capital = c.is_uppercase();
        let mut end = i + c.len_utf8();
        let mut j = end;
        while let Some(d) = char_at(text, j) {
            let next = j + d.len_utf8();
            if is_word_char(d) {
                capital |= d.is_uppercase();
                end = next;
            } else if !((d == '-' || is_apostrophe(d))
                && char_at(text, next).is_some_and(is_word_char))
            {
                break;
            }
            j = next;
        }
        let w = &text[start..end];
        out.push(Word {
            start,
            end,
            capital,
            article: w.len() <= 3 && ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(w)),
            joined_to_next: text[end..].starts_with(' ')
                && char_at(text, end + 1).is_some_and(is_word_char),
        });
        i = j;
    }
    out
}

/// `end` moved back over a possessive that ends the span `start..end`
/// ("Pétion-Ville's": "Pétion-Ville").
fn without_possessive(text: &str, start: usize, end: usize) -> usize {
    let span = &text[start..end];
    let Some(rest) = span.strip_suffix(['s', 'S']) else { return end };
    match rest.chars().next_back() {
        Some(c) if is_apostrophe(c) && rest.len() > c.len_utf8() => {
            start + rest.len() - c.len_utf8()
        }
        _ => end,
    }
}

/// The character at byte `i` of `text` (on a character boundary), read
/// without decoding when it is ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() { Some(char::from(b)) } else { text[i..].chars().next() }
}

/// How a span meets the exact matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cover {
    /// Touches none.
    Free,
    /// Holds one or more whole: a longer variant may replace them ("Dair
    /// Alzour" over the exact "Dair").
    Holds,
    /// Cuts one, or is one.
    Cuts,
}

/// Variant and fuzzy candidates in the parts of `text` that `covered`
/// (sorted, non-overlapping spans) leaves free. A variant may also span
/// several words that hold whole exact matches; the caller then drops
/// those. Fuzzy matches only use free words.
pub(crate) fn find(
    gaz: &Gazetteer,
    text: &str,
    covered: &[Candidate],
    fuzzy: bool,
) -> Vec<Candidate> {
    let words = words(text);
    let cover = |s: usize, e: usize| {
        let mut state = Cover::Free;
        for c in &covered[covered.partition_point(|c| c.end <= s)..] {
            if c.start >= e {
                break;
            }
            if c.start < s || c.end > e || (c.start == s && c.end == e) {
                // Cut, or already matched whole.
                return Cover::Cuts;
            }
            state = Cover::Holds;
        }
        state
    };
    let mut out = Vec::new();
    // Made on the first word that needs it.
    let mut surnames: Option<Vec<String>> = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        // In an ALL-CAPS line every word is capitalised: capitals say
        // nothing there, and only exact matches count.
        // (A given name before a word is a capitalised word one space
        // before it: cheap to rule out first.)
        if !w.capital {
            i += 1;
            continue;
        }
        // The longest run of words that starts here.
        let mut n = 1;
        while n < MAX_WORDS
            && i + n < words.len()
            && words[i + n - 1].joined_to_next
            && (words[i + n].capital || words[i + n].article)
        {
            n += 1;
        }
        let after_capital = i > 0 && words[i - 1].capital && words[i - 1].end + 1 == w.start;
        if every_run_cut(covered, w.start, words[i + n - 1].end)
            || (after_capital && preceded_by_given_name(gaz, text, w.start))
            || in_all_caps(text, w.start, w.end)
        {
            i += 1;
            continue;
        }
        // "Todd" in "Todd Petrov": looked up once for every run from here.
        let opens_with_given_name = is_given_name(gaz, &text[w.start..w.end]);
        let found = (1..=n).rev().find_map(|k| {
            // "Pétion-Ville's market": the name ends before the possessive.
            let (s, e) = (w.start, without_possessive(text, w.start, words[i + k - 1].end));
            let cov = cover(s, e);
            if words[i + k - 1].article || cov == Cover::Cuts || (cov == Cover::Holds && k == 1) {
                return None;
            }
            if !text[s..e].chars().any(char::is_lowercase) {
                // A word in capitals in running text is an acronym or a
                // shouted name.
                return None;
            }
            if k == 1 && beside_capitalised_word(&words, i) {
                // One word of a longer capitalised name ("Vladimir Putin",
                // "Mikhail Gorbachev"): not a place spelt oddly.
                return None;
            }
            let key = normalize_key(&text[s..e]);
            if all_english(gaz, &key) {
                // Dictionary words are not names.
                return None;
            }
            if k == 1 && opens_with_given_name {
                // A given name alone is a person's ("Ismael \"El Mayo\""
                // is no spelling of Somalia).
                return None;
            }
            if k == 1
                && surnames.get_or_insert_with(|| surnames_of(gaz, text, &words)).contains(&key)
            {
                // "Al-Sharaa promised...", after "Ahmed al-Sharaa": the
                // person again, not a place spelt nearly so.
                return None;
            }
            if k > 1 && opens_with_given_name {
                // "Todd Petrov", "Abdullah Hassan" are people: a given
                // name opens no place of several words spelt another way
                // (a village "'Abd Allah al Hasan" is still found exactly).
                return None;
            }
            let replaces = cov == Cover::Holds;
            remembered(gaz, Pass::Variant, &key, || variant(gaz, &key))
                .filter(|(_, sim)| !replaces || *sim >= MIN_REPLACING_SIMILARITY)
                .filter(|_| !replaces || holds_only_small_places(gaz, covered, s, e))
                .map(|(names, sim)| (k, e, names, MatchMethod::Variant, sim))
                .or_else(|| {
                    (fuzzy && cov == Cover::Free)
                        .then(|| remembered(gaz, Pass::Fuzzy, &key, || fuzzy_match(gaz, &key)))
                        .flatten()
                        .map(|(names, sim)| (k, e, names, MatchMethod::Fuzzy, sim))
                })
        });
        match found {
            Some((k, end, names, method, similarity)) => {
                let key = normalize_key(&text[w.start..end]);
                let names: Vec<u32> = names
                    .into_iter()
                    .filter(|&n| !gaz.is_suppressed(&key, gaz.name_entry(n)))
                    .collect();
                if names.is_empty() {
                    i += k;
                    continue;
                }
                out.push(Candidate { start: w.start, end, names, method, similarity });
                i += k;
            }
            None => i += 1,
        }
    }
    out
}

/// What a lookup found for a key: names and how alike they are.
type Found = Option<(Vec<u32>, f64)>;

/// The two lookups a key goes through.
#[derive(Clone, Copy)]
enum Pass {
    Variant,
    Fuzzy,
}

/// Keys remembered per pass and thread before the memo starts afresh.
const MEMO_KEYS: usize = 1 << 14;

/// Per-thread memo of [`variant`] and [`fuzzy_match`]: the same
/// capitalised words (people, outlets, a place spelt the same odd way)
/// come back article after article, and a fuzzy lookup costs tens of
/// microseconds. Both are pure functions of the gazetteer (by its serial)
/// and the key, so the memo never changes a result.
#[derive(Default)]
struct Memo {
    serial: Option<u64>,
    found: [rustc_hash::FxHashMap<Box<str>, Found>; 2],
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::default();
}

/// `lookup()`, or what it gave for `key` before in this thread.
fn remembered(gaz: &Gazetteer, pass: Pass, key: &str, lookup: impl FnOnce() -> Found) -> Found {
    MEMO.with_borrow_mut(|memo| {
        if memo.serial != Some(gaz.serial()) {
            *memo = Memo { serial: Some(gaz.serial()), ..Memo::default() };
        }
        let table = &mut memo.found[pass as usize];
        if let Some(found) = table.get(key) {
            return found.clone();
        }
        let found = lookup();
        if table.len() >= MEMO_KEYS {
            table.clear();
        }
        table.insert(key.into(), found.clone());
        found
    })
}

/// Whether the word before or after word `i` (one space away) is
/// capitalised.
fn beside_capitalised_word(words: &[Word], i: usize) -> bool {
    (i > 0 && words[i - 1].joined_to_next && words[i - 1].capital)
        || (words[i].joined_to_next && words.get(i + 1).is_some_and(|w| w.capital))
}

/// Whether an exact match cuts or is every run of words from `start` (to
/// `end` at most): most capitalised words are found exactly, and need no
/// more looking at.
fn every_run_cut(covered: &[Candidate], start: usize, end: usize) -> bool {
    covered
        .get(covered.partition_point(|c| c.end <= start))
        .is_some_and(|c| c.start < start || (c.start == start && c.end >= end))
}

/// The words of `text` that follow a given name ("al-Sharaa" in "Ahmed
/// al-Sharaa", "Dbeibah" in "Abdul Hamid Dbeibah"), by their keys: people's
/// surnames, which the article may use alone later.
fn surnames_of(gaz: &Gazetteer, text: &str, words: &[Word]) -> Vec<String> {
    words
        .windows(2)
        .filter(|w| w[0].capital && w[0].joined_to_next && w[1].capital)
        .filter(|w| is_given_name(gaz, &text[w[0].start..w[0].end]))
        .map(|w| normalize_key(&text[w[1].start..without_possessive(text, w[1].start, w[1].end)]))
        .collect()
}

/// Whether every word of `key` is an English word (and so not a name);
/// words of one or two letters count as English.
fn all_english(gaz: &Gazetteer, key: &str) -> bool {
    key.split([' ', '-']).filter(|w| !w.is_empty()).all(|w| w.len() <= 2 || gaz.is_english_word(w))
}

/// Whether the exact matches inside `s..e` are all small places (a
/// village "Dair" inside "Dair Alzour"), which a longer variant may
/// replace; countries, cities and groups stay.
fn holds_only_small_places(gaz: &Gazetteer, covered: &[Candidate], s: usize, e: usize) -> bool {
    covered.iter().filter(|c| c.start >= s && c.end <= e).all(|c| {
        c.names.iter().all(|&n| {
            matches!(gaz.entry(gaz.name_entry(n)).kind, Kind::Village | Kind::Neighbourhood)
        })
    })
}

/// Names sharing the skeleton of `key` that look like it.
fn variant(gaz: &Gazetteer, key: &str) -> Option<(Vec<u32>, f64)> {
    if !variants::eligible(key) {
        return None;
    }
    let sk = variants::skeleton(key);
    if sk.key.len() < MIN_SKELETON {
        return None;
    }
    let mut best = 0.0f64;
    let names: Vec<u32> = gaz
        .skeleton_names(&sk.key)
        .iter()
        .copied()
        .filter(|&n| {
            let name_key = normalize_key(gaz.name(n).text);
            if other_direction(key, &name_key) {
                return false;
            }
            let name_base = variants::base(&name_key);
            let sim = variants::similarity(&sk.base, &name_base);
            let small =
                matches!(gaz.entry(gaz.name_entry(n)).kind, Kind::Village | Kind::Neighbourhood);
            let ok = sim >= if small { MIN_VILLAGE_SIMILARITY } else { MIN_VARIANT_SIMILARITY };
            if ok {
                best = best.max(sim);
            }
            ok
        })
        .collect();
    (!names.is_empty()).then_some((names, best))
}

/// Whether `key` and `name` (both normal forms) open with different
/// directions: "North Kivu" is no near spelling of South Kivu.
fn other_direction(key: &str, name: &str) -> bool {
    fn first(s: &str) -> Option<&str> {
        let w = s.split([' ', '-']).next().unwrap_or("");
        DIRECTIONS.contains(&w).then_some(w)
    }
    matches!((first(key), first(name)), (Some(a), Some(b)) if a != b)
}

/// The nearest names within the edit-distance limit.
fn fuzzy_match(gaz: &Gazetteer, key: &str) -> Option<(Vec<u32>, f64)> {
    let hits = gaz.fuzzy_find(&fuzzy_key(key));
    let best = hits.first()?;
    let names: Vec<u32> = hits
        .iter()
        .filter(|h| h.distance == best.distance)
        .flat_map(|h| h.names.iter().copied())
        .filter(|&n| !other_direction(key, &normalize_key(gaz.name(n).text)))
        // A fuzzy village needs more than a near spelling.
        .filter(|&n| {
            !matches!(gaz.entry(gaz.name_entry(n)).kind, Kind::Village | Kind::Neighbourhood)
                || best.similarity >= 0.85
        })
        .collect();
    (!names.is_empty()).then_some((names, best.similarity))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`words`] as it was written before the ASCII short path: the
    /// reference.
    fn words_by_characters(text: &str) -> Vec<Word> {
        let mut out: Vec<Word> = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_word_char(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if (d == '-' || is_apostrophe(d))
                    && text[j + d.len_utf8()..].chars().next().is_some_and(is_word_char)
                {
                    chars.next();
                } else {
                    break;
                }
            }
            let w = &text[i..end];
            out.push(Word {
                start: i,
                end,
                capital: w.chars().any(char::is_uppercase),
                article: ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(w)),
                joined_to_next: text[end..].starts_with(' ')
                    && text[end + 1..].chars().next().is_some_and(is_word_char),
            });
        }
        out
    }

    #[test]
    fn words_are_those_of_the_character_by_character_scan() {
        use proptest::prelude::*;
        let key = |w: &Word| (w.start, w.end, w.capital, w.article, w.joined_to_next);
        proptest!(ProptestConfig::with_cases(3000),
            |(t in "[aAlLzZ0 .'`\u{2019}\u{b4}\\-éÉ\u{301}ß\u{a0}]{0,30}")| {
            let a: Vec<_> = words(&t).iter().map(key).collect();
            let b: Vec<_> = words_by_characters(&t).iter().map(key).collect();
            prop_assert_eq!(a, b);
        });
    }

    /// The per-thread memo answers for the gazetteer it was filled from:
    /// a second gazetteer used in between gets its own answers.
    #[test]
    fn the_memo_never_answers_for_another_gazetteer() {
        let gaz = |places: &str| {
            crate::gazetteer::of_places(&format!(
                "gz:sy\tSyria\tcountry\tSY\t\t35\t38\t0\t\n{places}"
            ))
        };
        let with_tabqa = gaz("gz:tabqa\tTabqa\tcity\tSY\t\t35.83\t38.55\t0\t\n");
        let without = gaz("gz:homs\tHoms\tcity\tSY\t\t34.73\t36.71\t0\t\n");
        let text = "Fighters left Taqbqa, in Syria, on Monday.";
        let found = |g: &Gazetteer| -> Vec<String> {
            crate::Extractor::new(g).extract(text).into_iter().map(|m| m.surface).collect()
        };
        for _ in 0..2 {
            assert_eq!(found(&with_tabqa), ["Taqbqa", "Syria"]);
            assert_eq!(found(&without), ["Syria"]);
        }
    }

    /// "North Kivu" is no near spelling of South Kivu, whatever the edit
    /// distance: another direction names another place.
    #[test]
    fn another_direction_is_no_near_spelling() {
        let gaz = crate::gazetteer::of_places(
            "gz:cd\tCongo\tcountry\tCD\t\t-2\t23\t0\t\n\
             gz:sk\tSouth Kivu\tadmin1\tCD\t\t-2.8\t28.9\t0\t\n",
        );
        let found = |text: &str| -> Vec<String> {
            crate::Extractor::new(&gaz).extract(text).into_iter().map(|m| m.surface).collect()
        };
        assert_eq!(found("Shelling hit Souht Kivu, in Congo."), ["Souht Kivu", "Congo"]);
        assert_eq!(found("Shelling hit North Kivu, in Congo."), ["Congo"]);
        assert!(other_direction("north kivu", "south kivu"));
        assert!(!other_direction("nort kivu", "north kivu"));
    }

    #[test]
    fn a_possessive_ends_the_name_before_it() {
        fn end(t: &str) -> &str {
            &t[..without_possessive(t, 0, t.len())]
        }
        assert_eq!(end("Pétion-Ville's"), "Pétion-Ville");
        assert_eq!(end("Dair Alzour\u{2019}s"), "Dair Alzour");
        assert_eq!(end("Ra's"), "Ra");
        assert_eq!(end("'s"), "'s");
        assert_eq!(end("Homs"), "Homs");
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let text = "to al-Bukamal, Ma'arat and Deir el-Zour.";
        let got: Vec<&str> = words(text).iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(got, ["to", "al-Bukamal", "Ma'arat", "and", "Deir", "el-Zour"]);
    }
}
