//! The role of each mention in its sentence, and the place a longer name
//! holds.

use super::exact::Candidate;
use crate::gazetteer::{EntityType, EntryIdx, Gazetteer, Kind};
use crate::mention::{MentionType, Role};

/// Words that, after a name and a hyphen, make it describe something else:
/// "US-backed", "ISIS-held", "SDF-linked".
const MODIFIER_SUFFIXES: &[&str] = &[
    "affiliated",
    "aligned",
    "allied",
    "backed",
    "based",
    "bound",
    "brokered",
    "controlled",
    "dominated",
    "financed",
    "funded",
    "held",
    "led",
    "linked",
    "loyal",
    "made",
    "occupied",
    "run",
    "sponsored",
    "style",
    "supported",
    "trained",
];

/// Verbs that make a capital or country stand for its government: "Moscow
/// said", "Damascus rejected".
const ACTING_VERBS: &[&str] = &[
    "accused",
    "agreed",
    "announced",
    "argued",
    "asked",
    "called",
    "claimed",
    "condemned",
    "confirmed",
    "demanded",
    "denied",
    "insisted",
    "objected",
    "pledged",
    "protested",
    "refused",
    "rejected",
    "replied",
    "responded",
    "said",
    "says",
    "signed",
    "threatened",
    "urged",
    "vowed",
    "warned",
    "welcomed",
    "wants",
];

/// The role of a mention of `entry` as `mention_type` that ends at `end`.
pub(crate) fn role(
    gaz: &Gazetteer,
    text: &str,
    end: usize,
    mention_type: MentionType,
    entry: EntryIdx,
    related: Option<EntryIdx>,
) -> Role {
    if mention_type == MentionType::Demonym {
        return Role::Demonym;
    }
    let rest = &text[end..];
    if let Some(after) = rest.strip_prefix('-') {
        let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        if MODIFIER_SUFFIXES.contains(&word.to_lowercase().as_str()) {
            return Role::Modifier;
        }
    }
    let e = gaz.entry(entry);
    if related.is_some() && e.entity_type() == EntityType::Group {
        return Role::PartOfName;
    }
    let stands_for_state = e.kind == Kind::Country || e.capital;
    if stands_for_state && let Some(after) = rest.strip_prefix(' ') {
        let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        if ACTING_VERBS.contains(&word.as_str()) {
            return Role::Metonymic;
        }
    }
    Role::Literal
}

/// The best place named inside `outer` (a longer match that hid it), when
/// `outer` means a group or a facility: the one with the most people.
pub(crate) fn related_place(
    gaz: &Gazetteer,
    outer: std::ops::Range<usize>,
    outer_entry: EntryIdx,
    all: &[Candidate],
) -> Option<EntryIdx> {
    let e = gaz.entry(outer_entry);
    let holds = e.entity_type() == EntityType::Group
        || matches!(
            e.kind,
            Kind::Dam
                | Kind::Airbase
                | Kind::Airport
                | Kind::OilField
                | Kind::BorderCrossing
                | Kind::Facility
        );
    if !holds {
        return None;
    }
    all.iter()
        .filter(|c| {
            c.start >= outer.start
                && c.end <= outer.end
                && (c.end - c.start) < (outer.end - outer.start)
        })
        .flat_map(|c| c.names.iter().copied())
        // "Syrian" in "Syrian Democratic Forces" is an adjective, not a place.
        .filter(|&n| gaz.name_role(n) == crate::gazetteer::NameRole::Name)
        .map(|n| gaz.name_entry(n))
        .filter(|&e| gaz.entry(e).entity_type() == EntityType::Place)
        .max_by_key(|&e| {
            (gaz.entry(e).kind == Kind::Country, gaz.entry(e).population, std::cmp::Reverse(e))
        })
}
