//! Spelling variants of Arabic, Kurdish and Turkish names.
//!
//! News writes one name a dozen ways: Deir ez-Zor, Deir Ezzor, Dayr az
//! Zawr, Dair Alzour, Deir el-Zour. Generating every spelling of every name
//! would multiply the trie (each rule doubles the forms). Instead each
//! name is reduced once to a *skeleton* by the transliteration rules below,
//! and a span of text whose skeleton equals a name's skeleton is a variant
//! of that name. One skeleton per name: the cap is 1, so nothing blows up.
//!
//! The rules, in order (each is recorded when it changes the form, so gazet
//! can say why a spelling matched):
//!
//! 1. `article`: the Arabic article as a word or prefix (al-, el-, ul-, and
//!    the sun-letter forms ar-, as-, ash-, at-, ad-, adh-, az-, an-, ez-,
//!    es-, et-, ed-, en-, er-) is dropped, and a later word's joined "al"
//!    ("Alzour") too, and "Albu" is "Bu": Ar-Raqqah → Raqqah, Deir ez-Zor →
//!    Deir Zor, Albu Kamal → Bu Kamal.
//! 2. `ending`: -ah, -eh and -ih lose their h: Raqqah → Raqqa, Hasakeh →
//!    Hasake, so -ah, -a and -eh meet once vowels go.
//! 3. `join`: spaces and hyphens go: Abu Kamal → Abukamal.
//! 4. `consonant`: q and g → k (Qamishli / Kamishli), kh → h,
//!    dh → z, th → t, sh → s and ch → c (Turkish ş and ç lose their marks in
//!    normalisation: Qamişlo), ph → f, dj → j.
//! 5. `vowel`: a e i o u y w go, so ou / u / oo, ee / i, ei / ey / ay / ai
//!    and e / a all meet (Deir / Dayr / Dair / Der, Zor / Zour / Zawr).
//! 6. `double`: doubled letters become one (Raqqa / Raqa, Hassakeh).
//!
//! A skeleton shorter than 3 letters says too little and is not used; a
//! variant must also look like its name (Jaro-Winkler similarity of the
//! article-free forms, see [`similarity`]).

/// Articles dropped by rule 1.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "ar", "as", "ash", "at", "ad", "adh", "az", "an", "ath", "ez", "es", "et",
    "ed", "en", "er",
];

/// The shortest skeleton used.
pub(crate) const MIN_SKELETON: usize = 3;

/// A name's skeleton and the rules that shaped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skeleton {
    /// The consonant skeleton, e.g. `drzr` for "Deir ez-Zor".
    pub key: String,
    /// The article-free, joined form that similarity is measured on, e.g.
    /// `deirzor`.
    pub base: String,
    /// The rules that changed the form, in order.
    pub rules: Vec<&'static str>,
}

/// Reduces a normalised name (see [`crate::text::normalize_key`]) to its
/// skeleton.
pub fn skeleton(key: &str) -> Skeleton {
    let mut rules = Vec::new();
    let base = base_form(key, &mut rules);
    // 4. consonant
    let mut s = base.clone();
    for (from, to) in [
        ("kh", "h"),
        ("dh", "z"),
        ("th", "t"),
        ("sh", "s"),
        ("ch", "c"),
        ("ph", "f"),
        ("dj", "j"),
        ("q", "k"),
        ("g", "k"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    if s != base {
        rules.push("consonant");
    }
    // 5. vowel
    let consonants: String =
        s.chars().filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w')).collect();
    if consonants != s {
        rules.push("vowel");
    }
    // 6. double
    let mut key_out = String::with_capacity(consonants.len());
    for c in consonants.chars() {
        if !key_out.ends_with(c) {
            key_out.push(c);
        }
    }
    if key_out != consonants {
        rules.push("double");
    }
    Skeleton { key: key_out, base, rules }
}

/// The article-free, joined form of a normalised name that similarity is
/// measured on ([`Skeleton::base`]): rules 1 to 3 only.
pub(crate) fn base(key: &str) -> String {
    base_form(key, &mut Vec::new())
}

/// Rules 1 to 3 (article, ending, join), adding to `rules` those that
/// change `key`.
fn base_form(key: &str, rules: &mut Vec<&'static str>) -> String {
    let tokens = || key.split([' ', '-']).filter(|t| !t.is_empty());
    let count = tokens().count();
    // 1. article: as a word (unless every word is one), ...
    let drop_articles = count > 1 && !tokens().all(|t| ARTICLES.contains(&t));
    let (mut kept, mut article, mut ended) = (0, false, false);
    let mut base = String::with_capacity(key.len());
    for (i, t) in tokens().filter(|t| !(drop_articles && ARTICLES.contains(t))).enumerate() {
        // ... or joined to a later word.
        let mut w = match t.strip_prefix("al") {
            // "Albu Kamal": the tribal "Al Bu" written as one word.
            Some("bu") => "bu",
            Some(rest) if i > 0 && rest.chars().count() >= 3 => rest,
            _ => t,
        };
        article |= w.len() != t.len();
        // 2. ending
        if w.len() > 3 && (w.ends_with("ah") || w.ends_with("eh") || w.ends_with("ih")) {
            w = &w[..w.len() - 1];
            ended = true;
        }
        base.push_str(w);
        kept += 1;
    }
    if article || kept < count {
        rules.push("article");
    }
    if ended {
        rules.push("ending");
    }
    // 3. join
    if kept > 1 || key.contains(['-', ' ']) {
        rules.push("join");
    }
    base
}

/// Whether a name can have a useful skeleton: Latin letters only (with
/// spaces and hyphens), at least 4 letters.
pub(crate) fn eligible(key: &str) -> bool {
    key.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4
        && key.chars().all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-')
}

/// How alike two skeleton bases look: Jaro-Winkler, 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_key;

    fn key(s: &str) -> String {
        skeleton(&normalize_key(s)).key
    }

    #[test]
    fn spellings_of_one_name_share_a_skeleton() {
        let groups: &[&[&str]] = &[
            &["Raqqah", "Raqqa", "Ar-Raqqah", "RAQQAH", "Rakka", "al-Raqqa"],
            &[
                "Deir ez-Zor",
                "Deir Ezzor",
                "Deir-ez-Zor",
                "Deir al-Zor",
                "Deir el-Zour",
                "Dayr az Zawr",
                "Dair Alzour",
            ],
            &["Mayadin", "al-Mayadin", "Al Mayadin", "El Mayadin", "Mayadeen"],
            &["Abu Kamal", "Abou Kamal", "al-Bukamal", "Boukamal", "Albu Kamal"],
            &["Tabqa", "Al Tabqah", "al-Tabqa"],
            &["Manbij", "Menbij", "Minbij"],
            &["Afrin", "Efrin"],
            &["Kobani", "Kobane"],
            &["Qamishli", "Kamishli"],
            &["Qamishlo", "Qamişlo"],
            &["Hasakah", "Hasakeh", "al-Hasakah", "Hassakeh"],
            &["Lattakia", "Latakia"],
            &["Tal Abyad", "Tell Abiad"],
            &["Jarablus", "Jerablus"],
            &["Hezbollah", "Hizbullah", "Hizbollah"],
        ];
        for group in groups {
            let first = key(group[0]);
            for name in *group {
                assert_eq!(key(name), first, "{name} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn the_rules_are_recorded() {
        let s = skeleton(&normalize_key("Deir ez-Zor"));
        assert_eq!(s.key, "drzr");
        assert_eq!(s.base, "deirzor");
        assert_eq!(s.rules, ["article", "join", "vowel"]);
    }
}
