//! Choosing one entry for each matched span.
//!
//! Each entry a span may mean gets a score: a prior from what it is
//! (country > region > admin1 > city by population > village), a bonus
//! when the text qualifies it ("Deir Ezzor province", "Raqqa city", "rural
//! Homs"), and a bonus when its country is named unambiguously elsewhere
//! in the article. One surface means one entity per article: the scores of
//! all its unqualified occurrences are pooled, so "Raqqah city" in one
//! sentence settles a bare "Raqqah" in the next.

use super::exact::Candidate;
use crate::gazetteer::{EntityType, Entry, EntryIdx, Gazetteer, Kind};
use crate::mention::MatchMethod;
use crate::text::normalize_key;
use std::collections::HashMap;

/// A resolved span.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub start: usize,
    pub end: usize,
    /// The name that matched for the chosen entry.
    pub name: u32,
    pub entry: EntryIdx,
    pub method: MatchMethod,
    pub score: f64,
    /// (entry, score) best first.
    pub candidates: Vec<(EntryIdx, f64)>,
}

/// An entry a span may mean: (entry, the name that matched it, score).
type Scored = (EntryIdx, u32, f64);

/// What the words around a span say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Qualifier {
    Admin1,
    Admin2,
    Settlement,
}

const QUALIFIER_BONUS: f64 = 60.0;
const CONTEXT_BONUS: f64 = 25.0;
const MAX_CANDIDATES: usize = 5;

/// The prior of an entry, before context.
fn prior(e: &Entry) -> f64 {
    // GeoNames leaves many towns' population at 0 (Qamishli): a town counts
    // as at least 10,000 people, a city as at least 100,000.
    let floor = match e.kind {
        Kind::City => 100_000,
        Kind::Town => 10_000,
        _ => 0,
    };
    let pop = (e.population.max(floor) as f64 + 10.0).log10();
    let base = match e.kind {
        Kind::Country => 100.0,
        Kind::Continent | Kind::Region => 90.0,
        Kind::Admin1 => 50.0,
        Kind::Admin2 => 35.0,
        Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood => 25.0 + 6.0 * pop,
        Kind::Dam
        | Kind::Airbase
        | Kind::Airport
        | Kind::OilField
        | Kind::BorderCrossing
        | Kind::Facility => 45.0,
        Kind::River | Kind::Lake | Kind::Sea | Kind::Mountain | Kind::Island => 50.0,
        _ => 80.0,
    };
    base + if e.capital { 15.0 } else { 0.0 }
}

fn qualifier(text: &str, start: usize, end: usize) -> Option<Qualifier> {
    let rest = &text[end..];
    let unquoted = rest.trim_start_matches(['\'', '\u{2019}']);
    let after = if unquoted.len() < rest.len() {
        unquoted.strip_prefix(['s', 'S']).unwrap_or(unquoted)
    } else {
        rest
    };
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match next.as_str() {
        "province" | "governorate" | "countryside" | "region" | "muhafazat" => {
            return Some(Qualifier::Admin1);
        }
        "district" => return Some(Qualifier::Admin2),
        "city" | "town" | "village" => return Some(Qualifier::Settlement),
        _ => {}
    }
    let before: Vec<&str> = text[..start].split_whitespace().rev().take(2).collect();
    match before.as_slice() {
        [w, ..] if w.eq_ignore_ascii_case("rural") => Some(Qualifier::Admin1),
        [of, city, ..]
            if of.eq_ignore_ascii_case("of")
                && ["city", "town", "village"].iter().any(|c| city.eq_ignore_ascii_case(c)) =>
        {
            Some(Qualifier::Settlement)
        }
        _ => None,
    }
}

fn qualifier_bonus(q: Option<Qualifier>, kind: Kind) -> f64 {
    let fits = match q {
        None => return 0.0,
        Some(Qualifier::Admin1) => kind == Kind::Admin1,
        Some(Qualifier::Admin2) => kind == Kind::Admin2,
        Some(Qualifier::Settlement) => {
            matches!(kind, Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood)
        }
    };
    if fits { QUALIFIER_BONUS } else { 0.0 }
}

/// Resolves every selected candidate of one article.
pub(crate) fn resolve(gaz: &Gazetteer, text: &str, cands: &[Candidate]) -> Vec<Resolved> {
    // Countries the article names without doubt: exact spans, not common
    // words, whose every possible entry lies in one country.
    let mut countries: HashMap<&str, f64> = HashMap::new();
    for c in cands {
        if c.method != MatchMethod::Exact || c.names.iter().any(|&n| gaz.name(n).flags.common_word)
        {
            continue;
        }
        let mut it = c.names.iter().map(|&n| gaz.entry(gaz.name(n).entry).country.as_deref());
        if let Some(Some(first)) = it.next()
            && it.all(|cc| cc == Some(first))
        {
            *countries.entry(first).or_default() += 1.0;
        }
    }

    // A place below the country level that is named by a common word
    // ("Hit", "East"), or reached only by a variant or fuzzy spelling
    // ("Taqbqa"), needs its country named elsewhere in the article.
    let approximate: std::collections::HashSet<usize> = cands
        .iter()
        .filter(|c| c.method != MatchMethod::Exact)
        .flat_map(|c| c.names.iter().map(|&n| n as usize))
        .collect();
    let supported = |n: u32| {
        let name = gaz.name(n);
        let e = gaz.entry(name.entry);
        let needs_country = name.flags.common_word || approximate.contains(&(n as usize));
        !needs_country
            || e.entity_type() == EntityType::Group
            || matches!(e.kind, Kind::Country | Kind::Continent | Kind::Region)
            || e.country.as_deref().is_some_and(|cc| countries.contains_key(cc))
    };
    let cands: Vec<Candidate> = cands
        .iter()
        .filter_map(|c| {
            let names: Vec<u32> = c.names.iter().copied().filter(|&n| supported(n)).collect();
            (!names.is_empty()).then(|| Candidate { names, ..c.clone() })
        })
        .collect();

    // Per candidate: the score of each entry it may mean.
    let scored: Vec<(Option<Qualifier>, Vec<Scored>)> = cands
        .iter()
        .map(|c| {
            let q = qualifier(text, c.start, c.end);
            let mut best: HashMap<EntryIdx, (u32, f64)> = HashMap::new();
            for &n in &c.names {
                let name = gaz.name(n);
                let e = gaz.entry(name.entry);
                let context = e
                    .country
                    .as_deref()
                    .and_then(|cc| countries.get(cc))
                    .map_or(0.0, |&k| CONTEXT_BONUS * (k / 3.0).min(1.0));
                let weak = if name.flags.is_weak() { 30.0 } else { 0.0 };
                let s = prior(e) + qualifier_bonus(q, e.kind) + context - weak;
                let slot = best.entry(name.entry).or_insert((n, f64::MIN));
                if s > slot.1 {
                    *slot = (n, s);
                }
            }
            let mut v: Vec<Scored> = best.into_iter().map(|(e, (n, s))| (e, n, s)).collect();
            v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            (q, v)
        })
        .collect();

    // Pool the scores of every occurrence of each surface.
    let mut pooled: HashMap<String, HashMap<EntryIdx, f64>> = HashMap::new();
    for (c, (_, v)) in cands.iter().zip(&scored) {
        let pool = pooled.entry(normalize_key(&text[c.start..c.end])).or_default();
        for &(e, _, s) in v {
            *pool.entry(e).or_default() += s;
        }
    }

    cands
        .iter()
        .zip(scored)
        .map(|(c, (q, mut v))| {
            if q.is_none() && v.len() > 1 {
                let pool = &pooled[&normalize_key(&text[c.start..c.end])];
                v.sort_by(|a, b| pool[&b.0].total_cmp(&pool[&a.0]).then(a.0.cmp(&b.0)));
            }
            let (entry, name, best) = v[0];
            let rival = v[1..].iter().find(|r| !same_place(gaz, entry, r.0)).map(|r| r.2);
            let score = confidence(best, rival, gaz.name(name).flags.is_weak())
                * method_factor(c.method, c.similarity);
            let score = (score * 1000.0).round() / 1000.0;
            Resolved {
                start: c.start,
                end: c.end,
                name,
                entry,
                method: c.method,
                score,
                candidates: v.iter().take(MAX_CANDIDATES).map(|&(e, _, s)| (e, s)).collect(),
            }
        })
        .collect()
}

/// How much a match method leaves of the confidence: a variant is a
/// known spelling rule, a fuzzy match only a near spelling.
fn method_factor(method: MatchMethod, similarity: f64) -> f64 {
    match method {
        MatchMethod::Exact => 1.0,
        MatchMethod::Variant => 0.9,
        MatchMethod::Fuzzy => 0.85 * similarity,
    }
}

/// Whether two entries put a mention at practically the same point (a
/// city and its governorate, two records of one town): choosing between
/// them does not make the point wrong.
fn same_place(gaz: &Gazetteer, a: EntryIdx, b: EntryIdx) -> bool {
    const NEAR_KM: f64 = 50.0;
    match (gaz.entry(a).coord, gaz.entry(b).coord) {
        (Some(p), Some(q)) => crate::geo::distance_km(p, q) <= NEAR_KM,
        _ => false,
    }
}

/// Confidence from the margin between the best and second-best entry.
fn confidence(best: f64, second: Option<f64>, weak: bool) -> f64 {
    let c = match second {
        None => 0.95,
        Some(second) => 0.5 + 0.45 * ((best - second) / 40.0).clamp(0.0, 1.0),
    };
    let c = if weak { c * 0.8 } else { c };
    (c * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_are_read_around_the_name() {
        let q = |t: &str, name: &str| {
            let s = t.find(name).unwrap();
            qualifier(t, s, s + name.len())
        };
        assert_eq!(q("in Deir Ezzor province", "Deir Ezzor"), Some(Qualifier::Admin1));
        assert_eq!(q("Raqqah city", "Raqqah"), Some(Qualifier::Settlement));
        assert_eq!(q("in rural Homs", "Homs"), Some(Qualifier::Admin1));
        assert_eq!(q("Homs's countryside", "Homs"), Some(Qualifier::Admin1));
        assert_eq!(q("the city of Hama", "Hama"), Some(Qualifier::Settlement));
        assert_eq!(q("Hama said", "Hama"), None);
    }

    #[test]
    fn confidence_grows_with_the_margin() {
        assert!(confidence(100.0, Some(90.0), false) < confidence(100.0, Some(50.0), false));
        assert_eq!(confidence(100.0, None, false), 0.95);
    }
}
