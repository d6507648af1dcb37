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
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    /// A direction or "rural" before the name ("northern Raqqa", "central
    /// Mexico"): a part of a province or of a country.
    Part,
    Admin2,
    Settlement,
    /// "the" before a name that may be a region or natural feature ("the
    /// Red Sea"): the span stands on its own, not pooled with bare
    /// occurrences of its surface ([`FEATURE_BONUS`] scores it).
    Feature,
}

const QUALIFIER_BONUS: f64 = 60.0;
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
];
const CONTEXT_BONUS: f64 = 25.0;
/// For a region or natural feature after "the": "the Sahel" is the belt
/// south of the Sahara, not Burkina Faso's Sahel province; "the Galilee".
const FEATURE_BONUS: f64 = 60.0;
const NAMED_BONUS: f64 = 30.0;
const DEMONYM_BONUS: f64 = 40.0;
const PROXIMITY_BONUS: f64 = 60.0;
/// Places this close to another place of the article pull each other.
const PROXIMITY_KM: f64 = 300.0;
const MAX_CANDIDATES: usize = 5;
/// For the entry that a name written in parentheses right after another
/// name stands for: "the Popular Mobilisation Forces (PMF)".
const DEFINED_BONUS: f64 = 60.0;

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
        // A sea is better known than the provinces named after it (the
        // Red Sea states of Sudan and Egypt).
        Kind::Sea => 60.0,
        Kind::River | Kind::Lake | Kind::Mountain | Kind::Island => 50.0,
        _ => 80.0,
    };
    base + if e.capital { 15.0 } else { 0.0 }
}

/// The qualifier a word after a name gives it: "province", "district",
/// "town" (`singular`), or "provinces", "districts", "towns" (always).
fn qualifier_word(word: &str, singular: bool) -> Option<Qualifier> {
    const WORDS: &[(&str, &str, Qualifier)] = &[
        ("province", "provinces", Qualifier::Admin1),
        ("governorate", "governorates", Qualifier::Admin1),
        ("region", "regions", Qualifier::Admin1),
        ("oblast", "oblasts", Qualifier::Admin1),
        ("state", "states", Qualifier::Admin1),
        ("countryside", "", Qualifier::Admin1),
        ("muhafazat", "", Qualifier::Admin1),
        ("district", "districts", Qualifier::Admin2),
        ("city", "cities", Qualifier::Settlement),
        ("town", "towns", Qualifier::Settlement),
        ("village", "villages", Qualifier::Settlement),
    ];
    WORDS.iter().find_map(|&(one, many, q)| {
        let fits = (singular && one.eq_ignore_ascii_case(word))
            || (!many.is_empty() && many.eq_ignore_ascii_case(word));
        fits.then_some(q)
    })
}

/// Kinds that news names with "the": regions and natural features.
fn is_feature(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Region
            | Kind::Continent
            | Kind::River
            | Kind::Lake
            | Kind::Sea
            | Kind::Mountain
            | Kind::Island
    )
}

fn qualifier(text: &str, start: usize, end: usize) -> Option<Qualifier> {
    let rest = &text[end..];
    let unquoted = rest.trim_start_matches(['\'', '\u{2019}']);
    let after = if unquoted.len() < rest.len() {
        unquoted.strip_prefix(['s', 'S']).unwrap_or(unquoted)
    } else {
        rest
    };
    let next = crate::text::first_word(after.trim_start());
    if let Some(q) = qualifier_word(next, true) {
        return Some(q);
    }
    // "the Kharkiv and Zaporizhzhia regions", "Homs, Hama and Idlib
    // provinces": a plural after a list of names qualifies each.
    for word in after.split_whitespace().take(8) {
        let word = word.trim_end_matches(',');
        if word.is_empty() || word == "and" || word == "or" {
            continue;
        }
        if word.chars().any(char::is_uppercase) {
            // A name of the list ("Idlib", "ez-Zor").
            continue;
        }
        match qualifier_word(crate::text::first_word(word), false) {
            Some(q) => return Some(q),
            None => break,
        }
    }
    let mut before = text[..start].split_whitespace().rev();
    let w = before.next()?;
    if w.eq_ignore_ascii_case("rural") || DIRECTIONS.iter().any(|d| d.eq_ignore_ascii_case(w)) {
        // "rural Homs", "northern Raqqa": a part of a province; "central
        // Mexico": of a country, not the State of Mexico.
        Some(Qualifier::Part)
    } else if w.eq_ignore_ascii_case("of")
        && let Some(place) = before.next()
    {
        // "the city of Hama", "the southern province of Sweida".
        qualifier_word(place, true)
    } else {
        None
    }
}

fn qualifier_bonus(q: Option<Qualifier>, kind: Kind) -> f64 {
    let fits = match q {
        None | Some(Qualifier::Feature) => return 0.0,
        Some(Qualifier::Admin1) => kind == Kind::Admin1,
        Some(Qualifier::Part) => matches!(kind, Kind::Admin1 | Kind::Country),
        Some(Qualifier::Admin2) => kind == Kind::Admin2,
        Some(Qualifier::Settlement) => {
            matches!(kind, Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood)
        }
    };
    if fits { QUALIFIER_BONUS } else { 0.0 }
}

/// Whether candidate `ci` is written in parentheses right after the one
/// before it ("Ambazonia Defence Forces (ADF)").
fn defined_by(text: &str, cands: &[Candidate], ci: usize) -> bool {
    let (prev, c) = (&cands[ci - 1], &cands[ci]);
    text.get(prev.end..c.start).is_some_and(|between| matches!(between, " (" | "("))
        && text[c.end..].starts_with(')')
}

/// Resolves every selected candidate of one article.
pub(crate) fn resolve(gaz: &Gazetteer, text: &str, cands: &[Candidate]) -> Vec<Resolved> {
    // Countries the article names without doubt: exact spans, not common
    // words, whose every possible entry lies in one country.
    let mut countries: HashMap<&str, f64> = HashMap::default();
    for c in cands {
        if c.method != MatchMethod::Exact || c.names.iter().any(|&n| gaz.name_bits(n).common_word())
        {
            continue;
        }
        let mut it = c.names.iter().map(|&n| gaz.entry(gaz.name_entry(n)).country.as_deref());
        if let Some(Some(first)) = it.next()
            && it.all(|cc| cc == Some(first))
        {
            // A group implies its country too (the SDF Syria, Hezbollah
            // Lebanon), less than a place does.
            let group = c
                .names
                .iter()
                .all(|&n| gaz.entry(gaz.name_entry(n)).entity_type() == EntityType::Group);
            *countries.entry(first).or_default() += if group { 0.5 } else { 1.0 };
        }
    }

    // A place below the country level that is named by a common word
    // ("Hit", "East"), or reached only by a variant or fuzzy spelling
    // ("Taqbqa"), needs its country named elsewhere in the article.
    let approximate: HashSet<usize> = cands
        .iter()
        .filter(|c| c.method != MatchMethod::Exact)
        .flat_map(|c| c.names.iter().map(|&n| n as usize))
        .collect();
    // A place spelt like a country ("Armenia", Colombia; "Puerto Rico", a
    // Colombian town) needs its country named too, as a common word does;
    // a river or sea of the name ("the Niger") may still be meant.
    // The words around it may say which: "Mexico state" is the state.
    let supported = |n: u32, country_named: Option<Option<Qualifier>>| {
        let e = gaz.entry(gaz.name_entry(n));
        let needs_country = gaz.name_bits(n).common_word()
            || approximate.contains(&(n as usize))
            || country_named
                .is_some_and(|q| !is_feature(e.kind) && qualifier_bonus(q, e.kind) == 0.0);
        !needs_country
            || e.entity_type() == EntityType::Group
            || matches!(e.kind, Kind::Country | Kind::Continent | Kind::Region)
            // A national capital named by its own name with a capital
            // letter is news about that capital ("talks in Muscat"), not
            // the grape; a common word among its other names is not
            // ("Valley" for The Valley, in "the Bekaa Valley").
            || (e.capital
                && !approximate.contains(&(n as usize))
                && normalize_key(gaz.name(n).text) == normalize_key(&e.name))
            || e.country.as_deref().is_some_and(|cc| countries.contains_key(cc))
    };
    let cands: Vec<Candidate> = cands
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| {
            let owner = owning_place(text, cands, ci);
            // Spelt like a country: then what the words around it say.
            let country_named = c
                .names
                .iter()
                .any(|&n| gaz.entry(gaz.name_entry(n)).kind == Kind::Country)
                .then(|| qualifier(text, c.start, c.end));
            let names: Vec<u32> = c
                .names
                .iter()
                .copied()
                .filter(|&n| {
                    supported(n, country_named) && owner.is_none_or(|o| lies_in(gaz, n, o))
                })
                .collect();
            (!names.is_empty()).then_some(Candidate {
                start: c.start,
                end: c.end,
                names,
                method: c.method,
                similarity: c.similarity,
            })
        })
        .collect();

    // Entries named exactly and without doubt in the article.
    let exact_entries: HashSet<EntryIdx> = cands
        .iter()
        .filter(|c| c.method == MatchMethod::Exact)
        .filter_map(|c| {
            let first = gaz.name_entry(*c.names.first()?);
            c.names.iter().all(|&n| gaz.name_entry(n) == first).then_some(first)
        })
        .collect();

    let surfaces = surfaces_and_points(gaz, text, &cands);

    // Acronyms the article defines, by surface, with the candidate they
    // follow: "Ambazonia Defence Forces (ADF)" makes every "ADF" of the
    // article theirs.
    let definitions: Vec<(_, usize)> = (1..cands.len())
        .filter(|&ci| defined_by(text, &cands, ci))
        .map(|ci| (surfaces.ids[ci], ci - 1))
        .collect();

    // Per candidate: the score of each entry it may mean.
    let scored: Vec<(Option<Qualifier>, Vec<Scored>)> = cands
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let after_the = crate::text::word_before(text, c.start).eq_ignore_ascii_case("the");
            let feature_here = || {
                after_the && c.names.iter().any(|&n| is_feature(gaz.entry(gaz.name_entry(n)).kind))
            };
            let q = qualifier(text, c.start, c.end)
                .or_else(|| feature_here().then_some(Qualifier::Feature));
            let within = containing_countries(gaz, text, &cands, ci);
            // Whether this span names `entry` outright (not as an
            // adjective): "US" is the country's name and its demonym; the
            // name wins.
            let named_here = |entry: EntryIdx| {
                c.names.iter().any(|&n| {
                    gaz.name_role(n) == crate::gazetteer::NameRole::Name
                        && gaz.name_entry(n) == entry
                })
            };
            let mut v: Vec<Scored> = Vec::with_capacity(c.names.len());
            for &n in &c.names {
                let (entry, role) = (gaz.name_entry(n), gaz.name_role(n));
                let e = gaz.entry(entry);
                let context = e
                    .country
                    .as_deref()
                    .and_then(|cc| countries.get(cc))
                    .map_or(0.0, |&k| CONTEXT_BONUS * (k / 3.0).min(1.0));
                let weak = if gaz.name_flags(n).is_weak() { 30.0 } else { 0.0 };
                // A near spelling most likely means a place the article
                // names exactly elsewhere.
                let named = if c.method != MatchMethod::Exact && exact_entries.contains(&entry) {
                    NAMED_BONUS
                } else {
                    0.0
                };
                let inside = e.country.as_deref().is_some_and(|cc| within.contains(&cc));
                let inside = if inside { QUALIFIER_BONUS } else { 0.0 };
                // A country is near the places named in it (its centroid
                // says nothing): "Niger's junta" beside Diffa is the
                // country, not Nigeria's Niger State beside Abuja.
                let in_country = e.kind == Kind::Country
                    && e.country.as_deref().is_some_and(|cc| countries.contains_key(cc));
                let near = if in_country || near_other(e, &surfaces, surfaces.ids[ci]) {
                    PROXIMITY_BONUS
                } else {
                    0.0
                };
                // An adjective form ("Arab", "Syrian") is the adjective far
                // more often than a place spelt the same.
                let demonym = if role == crate::gazetteer::NameRole::Demonym && !named_here(entry) {
                    DEMONYM_BONUS
                } else {
                    0.0
                };
                let feature = if after_the && is_feature(e.kind) { FEATURE_BONUS } else { 0.0 };
                // "the Red Sea" beside Port Sudan is the sea: after "the", a
                // division named like a natural feature gets nothing from
                // where the article is (its country, nearby places).
                let division = matches!(e.kind, Kind::Admin1 | Kind::Admin2);
                let (context, inside, near) = if q == Some(Qualifier::Feature) && division {
                    (0.0, 0.0, 0.0)
                } else {
                    (context, inside, near)
                };
                // "Ambazonia Defence Forces (ADF)": the acronym stands for
                // what the name before it means.
                let defined = definitions.iter().any(|&(id, d)| {
                    id == surfaces.ids[ci]
                        && cands[d].names.iter().any(|&m| gaz.name_entry(m) == entry)
                });
                let defined = if defined { DEFINED_BONUS } else { 0.0 };
                let s = prior(e)
                    + feature
                    + demonym
                    + qualifier_bonus(q, e.kind)
                    + context
                    + named
                    + inside
                    + near
                    + defined
                    - weak;
                v.push((entry, n, s));
            }
            // Each entry once, by its best-scoring name (the first of
            // equals): the sort is stable, so names keep their order.
            v.sort_by_key(|x| x.0);
            v.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same && later.2 > kept.2 {
                    *kept = *later;
                }
                same
            });
            v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            (q, v)
        })
        .collect();

    // Pool the scores of every occurrence of each surface (by its number;
    // the normalised surfaces were computed once, with the points): each
    // entry's sum, added up in the order of the occurrences, by entry.
    let mut pooled: Vec<Vec<(EntryIdx, f64)>> = vec![Vec::new(); surfaces.count];
    for (&id, (_, v)) in surfaces.ids.iter().zip(&scored) {
        pooled[id as usize].extend(v.iter().map(|&(e, _, s)| (e, s)));
    }
    for pool in &mut pooled {
        // Stable: an entry's scores stay in the order of the occurrences.
        pool.sort_by_key(|p| p.0);
        pool.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
    }
    let sum = |pool: &[(EntryIdx, f64)], e: EntryIdx| {
        pool.binary_search_by_key(&e, |p| p.0).map_or(0.0, |i| pool[i].1)
    };

    let spread = Spread::of(gaz, &cands, &surfaces);
    cands
        .iter()
        .zip(scored)
        .zip(&surfaces.ids)
        .map(|((c, (q, mut v)), &id)| {
            let pool = &pooled[id as usize][..];
            if q.is_none() && v.len() > 1 {
                v.sort_by(|a, b| sum(pool, b.0).total_cmp(&sum(pool, a.0)).then(a.0.cmp(&b.0)));
            } else if v.len() > 1 {
                // A qualified occurrence ("Homs city") still lies in the
                // country the name's other occurrences point to.
                let top =
                    pool.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))).map(|p| p.0);
                let country = top.and_then(|t| gaz.entry(t).country.as_deref());
                for x in &mut v {
                    if country.is_some() && gaz.entry(x.0).country.as_deref() == country {
                        x.2 += CONTEXT_BONUS;
                    }
                }
                v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            }
            let (entry, name, best) = v[0];
            let rival = v[1..].iter().find(|r| !same_place(gaz, entry, r.0)).map(|r| r.2);
            let part = followed_by_part_word(text, c.end);
            let stray = if spread.strays(gaz, entry, &surfaces, id, part) { STRAY } else { 1.0 };
            let score = confidence(best, rival, gaz.name_flags(name).is_weak())
                * method_factor(c.method, c.similarity)
                * stray;
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

/// Countries that the text right after candidate `ci` puts it in: "Tripoli,
/// Lebanon", "Hama in Syria".
fn containing_countries<'g>(
    gaz: &'g Gazetteer,
    text: &str,
    cands: &[Candidate],
    ci: usize,
) -> Vec<&'g str> {
    let c = &cands[ci];
    let Some(next) = cands.get(ci + 1) else { return Vec::new() };
    let between = &text[c.end..next.start];
    if !(between == ", " || between.eq_ignore_ascii_case(" in ")) {
        return Vec::new();
    }
    next.names
        .iter()
        .map(|&n| gaz.entry(gaz.name_entry(n)))
        .filter(|e| matches!(e.kind, Kind::Country | Kind::Admin1))
        .filter_map(|e| e.country.as_deref())
        .collect()
}

/// Words that, after "<place>'s <name>", make the name a part of the place:
/// "Sirte's al-Giza neighbourhood", "Damascus's Yarmouk camp".
const PART_WORDS: &[&str] =
    &["camp", "district", "neighborhood", "neighbourhood", "quarter", "suburb"];

/// The candidate that owns candidate `ci` as a part: "Sirte's" in "Sirte's
/// al-Giza neighbourhood".
fn owning_place<'c>(text: &str, cands: &'c [Candidate], ci: usize) -> Option<&'c Candidate> {
    let c = &cands[ci];
    let owner = cands.get(ci.checked_sub(1)?)?;
    // "Sirte's ", "Sirte’s ", "Idlib' ".
    let mut between = text[owner.end..c.start].chars();
    let possessive = between.next().is_some_and(crate::text::is_apostrophe)
        && matches!(between.as_str(), "s " | "S " | " ");
    (possessive && followed_by_part_word(text, c.end)).then_some(owner)
}

/// Whether the word after `end` is one of [`PART_WORDS`].
fn followed_by_part_word(text: &str, end: usize) -> bool {
    let next = crate::text::first_word(text[end..].trim_start());
    PART_WORDS.iter().any(|w| w.eq_ignore_ascii_case(next))
}

/// Whether name `n` means a place inside one that `owner` may mean: in its
/// country, or near its point.
fn lies_in(gaz: &Gazetteer, n: u32, owner: &Candidate) -> bool {
    const PART_KM: f64 = 50.0;
    let e = gaz.entry(gaz.name_entry(n));
    if e.entity_type() != EntityType::Place {
        return true;
    }
    let mut places = owner
        .names
        .iter()
        .map(|&o| gaz.entry(gaz.name_entry(o)))
        .filter(|o| o.entity_type() == EntityType::Place)
        .peekable();
    if places.peek().is_none() {
        return true;
    }
    places.any(|o| match o.kind {
        Kind::Country | Kind::Admin1 => o.country.is_some() && o.country == e.country,
        _ => match (o.coord, e.coord) {
            (Some(p), Some(q)) => crate::geo::within_km(p, q, PART_KM),
            _ => false,
        },
    })
}

/// Whether entry `e` lies near a place that another span of the article
/// may mean ("Georgia" near "Atlanta" is the US state). `surface` is the
/// number of the span's own surface (see [`Surfaces`]).
fn near_other(e: &Entry, surfaces: &Surfaces, surface: u32) -> bool {
    // Villages are too many for nearness to say anything.
    matches!(e.kind, Kind::Country | Kind::Admin1 | Kind::Admin2 | Kind::City | Kind::Town)
        && e.coord.is_some_and(|p| near_point(p, surfaces, surface, PROXIMITY_KM))
}

/// Whether point `p` lies within `km` of a place that a span of another
/// surface than `surface` may mean.
fn near_point(p: (f64, f64), surfaces: &Surfaces, surface: u32, km: f64) -> bool {
    // Only points this close in latitude can be near: a little more than
    // `within_km` allows, which then decides.
    let band = km / 110.0;
    let points = &surfaces.points;
    let first = points.partition_point(|q| q.0 < p.0 - band);
    points[first..].iter().take_while(|q| q.0 <= p.0 + band).any(|&(lat, lon, s)| {
        // Another mention of the same name says nothing about this one.
        s != surface && crate::geo::within_km(p, (lat, lon), km)
    })
}

/// What is left of the confidence in a stray place (see [`is_stray`]).
const STRAY: f64 = 0.5;
/// How far a stray place lies from every other place of the article.
const STRAY_KM: f64 = 500.0;

/// Where an article's spans may lie, for [`Spread::strays`].
struct Spread<'g> {
    /// Each country some span may lie in: the first surface seen there,
    /// and whether another surface may lie there too.
    countries: HashMap<&'g str, (u32, bool)>,
    /// Whether each surface may be a point.
    placed: Vec<bool>,
    /// How many surfaces may be a point.
    placed_count: usize,
}

impl<'g> Spread<'g> {
    fn of(gaz: &'g Gazetteer, cands: &[Candidate], surfaces: &Surfaces) -> Spread<'g> {
        let mut countries: HashMap<&str, (u32, bool)> = HashMap::default();
        for (c, &s) in cands.iter().zip(&surfaces.ids) {
            for &n in &c.names {
                if let Some(cc) = gaz.entry(gaz.name_entry(n)).country.as_deref() {
                    let seen = countries.entry(cc).or_insert((s, false));
                    seen.1 |= seen.0 != s;
                }
            }
        }
        let mut placed = vec![false; surfaces.count];
        for q in &surfaces.points {
            placed[q.2 as usize] = true;
        }
        let placed_count = placed.iter().filter(|&&p| p).count();
        Spread { countries, placed, placed_count }
    }

    /// Whether `entry`, chosen for a span of surface `surface`, is a small
    /// place that strays from the article: a town, village or
    /// neighbourhood over [`STRAY_KM`] from every place that two or more
    /// other surfaces may mean, in a country that no other span may lie in
    /// ("Rada" in a report from Darfur, which the gazetteer knows only as
    /// a town in Yemen). Such a span is as likely a place the gazetteer
    /// does not hold.
    ///
    /// `part`: the span is named as a part of a place ("the Al-Faluja
    /// neighbourhood"), which a far city is not either.
    fn strays(
        &self,
        gaz: &Gazetteer,
        entry: EntryIdx,
        surfaces: &Surfaces,
        surface: u32,
        part: bool,
    ) -> bool {
        let e = gaz.entry(entry);
        let (Some(cc), Some(p)) = (e.country.as_deref(), e.coord) else { return false };
        let others = self.placed_count - usize::from(self.placed[surface as usize]);
        (matches!(e.kind, Kind::Town | Kind::Village | Kind::Neighbourhood)
            || (part && e.kind == Kind::City))
            && others >= 2
            && self.countries.get(cc).is_none_or(|&(first, two)| !two && first == surface)
            && !near_point(p, surfaces, surface, STRAY_KM)
    }
}

/// The candidates' normalised surfaces and the points they may mean.
struct Surfaces {
    /// Each candidate's normalised surface as a number: candidates with
    /// one surface share it.
    ids: Vec<u32>,
    /// How many surfaces there are.
    count: usize,
    /// (latitude, longitude, surface number) of every entry a candidate
    /// may mean (not continents or regions), by latitude.
    points: Vec<(f64, f64, u32)>,
}

/// The [`Surfaces`] of `cands`.
fn surfaces_and_points(gaz: &Gazetteer, text: &str, cands: &[Candidate]) -> Surfaces {
    let keys: Vec<String> = cands.iter().map(|c| normalize_key(&text[c.start..c.end])).collect();
    let mut numbers: HashMap<&str, u32> = HashMap::default();
    let ids: Vec<u32> = keys
        .iter()
        .map(|k| {
            let next = numbers.len() as u32;
            *numbers.entry(k.as_str()).or_insert(next)
        })
        .collect();
    let mut points: Vec<(f64, f64, u32)> = cands
        .iter()
        .zip(&ids)
        .flat_map(|(c, &id)| {
            c.names
                .iter()
                .map(|&n| gaz.entry(gaz.name_entry(n)))
                .filter(|o| !matches!(o.kind, Kind::Continent | Kind::Region))
                .filter_map(move |o| o.coord.map(|(lat, lon)| (lat, lon, id)))
        })
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    Surfaces { ids, count: numbers.len(), points }
}

/// Whether two entries put a mention at practically the same point (a
/// city and its governorate, two records of one town), or in the same
/// province: choosing between them does not make the mention wrong.
fn same_place(gaz: &Gazetteer, a: EntryIdx, b: EntryIdx) -> bool {
    const NEAR_KM: f64 = 50.0;
    let near = match (gaz.entry(a).coord, gaz.entry(b).coord) {
        (Some(p), Some(q)) => crate::geo::within_km(p, q, NEAR_KM),
        _ => false,
    };
    // A city and the province it lies in, both named by one span
    // ("Donetsk", "Kherson"), or a town and the district of its name in
    // the same province ("Manbij"): either way the mention is there.
    near || gaz.admin1_of(a) == Some(b) || gaz.admin1_of(b) == Some(a) || same_district(gaz, a, b)
}

/// Whether one of `a` and `b` is a district and the other a settlement
/// of the same province (both named by one span, the district is the one
/// named after the settlement).
fn same_district(gaz: &Gazetteer, a: EntryIdx, b: EntryIdx) -> bool {
    let (a, b) = (gaz.entry(a), gaz.entry(b));
    let settlement = |k: Kind| matches!(k, Kind::City | Kind::Town | Kind::Village);
    let pair = (a.kind == Kind::Admin2 && settlement(b.kind))
        || (b.kind == Kind::Admin2 && settlement(a.kind));
    pair && a.country == b.country && a.admin1.is_some() && a.admin1 == b.admin1
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
        assert_eq!(q("in rural Homs", "Homs"), Some(Qualifier::Part));
        assert_eq!(q("Homs's countryside", "Homs"), Some(Qualifier::Admin1));
        assert_eq!(q("the city of Hama", "Hama"), Some(Qualifier::Settlement));
        assert_eq!(q("Hama said", "Hama"), None);
        assert_eq!(q("in northern Raqqa", "Raqqa"), Some(Qualifier::Part));
        assert_eq!(q("in Borno State", "Borno"), Some(Qualifier::Admin1));
        assert_eq!(q("the southern province of Sweida", "Sweida"), Some(Qualifier::Admin1));
        assert_eq!(q("the province of Sweida was calm", "Sweida"), Some(Qualifier::Admin1));
        assert_eq!(q("the city of Hama said", "Hama"), Some(Qualifier::Settlement));
        assert_eq!(q("the town of Tawila", "Tawila"), Some(Qualifier::Settlement));
        assert_eq!(q("a resident of Homs", "Homs"), None);
    }

    /// A place spelt like a country needs its own country named: nearness
    /// to a span that may lie anywhere does not make "Armenia" Colombian.
    #[test]
    fn a_place_spelt_like_a_country_needs_its_country() {
        let gaz = crate::gazetteer::of_places(
            "gz:am\tArmenia\tcountry\tAM\t\t40\t45\t0\t\n\
             gz:co\tColombia\tcountry\tCO\t\t4\t-72\t0\t\n\
             gz:arm\tArmenia\tcity\tCO\t\t4.53\t-75.68\t300000\t\n\
             gz:p1\tPijao\tvillage\tCO\t\t4.33\t-75.70\t0\t\n\
             gz:p2\tPijao\tvillage\tPE\t\t-9\t-77\t0\t\n\
             gz:ar\tArmenia\triver\t\t\t39\t44\t0\t\n",
        );
        let country = |text: &str| {
            let m = crate::Extractor::new(&gaz).extract(text);
            gaz.entry(m[0].entry).country.as_deref().unwrap_or("").to_string()
        };
        assert_eq!(country("Talks in Armenia stalled. Fighting went on in Pijao."), "AM");
        assert_eq!(country("Talks in Armenia stalled. Fighting went on in Pijao, Colombia."), "CO");
        // A river of the name may still be meant.
        let river = crate::Extractor::new(&gaz).extract("Boats crossed the Armenia.");
        assert_eq!(gaz.entry(river[0].entry).kind, Kind::River);
    }

    #[test]
    fn confidence_grows_with_the_margin() {
        assert!(confidence(100.0, Some(90.0), false) < confidence(100.0, Some(50.0), false));
        assert_eq!(confidence(100.0, None, false), 0.95);
    }
}
