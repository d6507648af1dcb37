//! A mention: one span of an article that names a gazetteer entry.

use crate::gazetteer::{EntityType, EntryIdx, Gazetteer, NameRole};
use std::fmt;

/// What a mention is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionType {
    /// A place: "Raqqa".
    Place,
    /// A group: "SDF".
    Group,
    /// An adjective for a country or people: "Syrian", "Kurdish".
    Demonym,
}

impl MentionType {
    /// `place`, `group` or `demonym`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionType::Place => "place",
            MentionType::Group => "group",
            MentionType::Demonym => "demonym",
        }
    }

    pub(crate) fn of(role: NameRole, etype: EntityType) -> MentionType {
        match (role, etype) {
            (NameRole::Demonym, _) => MentionType::Demonym,
            (NameRole::Name, EntityType::Place) => MentionType::Place,
            (NameRole::Name, EntityType::Group) => MentionType::Group,
        }
    }
}

/// How the surface was matched to the name.
///
/// For the name "Deir ez-Zor": "DEIR EZ-ZOR" is `Exact` (same normalised
/// form), "Dayr az Zawr" is `Variant` (a generated spelling) and "Deir
/// ez-Zorr" would be `Fuzzy` (within a small edit distance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchMethod {
    /// The normalised surface equals a gazetteer name.
    Exact,
    /// The normalised surface equals a generated spelling variant.
    Variant,
    /// The surface is within a small edit distance of a name.
    Fuzzy,
}

impl MatchMethod {
    /// `exact`, `variant` or `fuzzy`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMethod::Exact => "exact",
            MatchMethod::Variant => "variant",
            MatchMethod::Fuzzy => "fuzzy",
        }
    }
}

impl fmt::Display for MentionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for MatchMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a mention does in its sentence.
///
/// "Fighting in Raqqa" is `Literal`; "Syrian troops" `Demonym`;
/// "US-backed forces" `Modifier`; "Raqqa Civil Council" `PartOfName` (a
/// group named after a place, which is its `related` entity); "Moscow
/// said" `Metonymic` (a capital or country acting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// A place where something happens, or a group acting.
    Literal,
    /// An adjective of a country or people.
    Demonym,
    /// Part of a compound that describes something else: "US-backed".
    Modifier,
    /// A name that holds a place: "Raqqa Civil Council", "Tabqa Dam".
    PartOfName,
    /// A capital or country standing for its government: "Moscow said".
    Metonymic,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: &'static [Role] =
        &[Role::Literal, Role::Demonym, Role::Modifier, Role::PartOfName, Role::Metonymic];

    /// `literal`, `demonym`, `modifier`, `part-of-name` or `metonymic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Literal => "literal",
            Role::Demonym => "demonym",
            Role::Modifier => "modifier",
            Role::PartOfName => "part-of-name",
            Role::Metonymic => "metonymic",
        }
    }

    /// Parses a role name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mention in an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Start, in characters (Unicode scalar values) of the article text.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// Start, in UTF-8 bytes.
    pub start_byte: usize,
    /// End (exclusive), in UTF-8 bytes.
    pub end_byte: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// Exactly `text[start_byte..end_byte]`.
    pub surface: String,
    /// Place, group or demonym.
    pub mention_type: MentionType,
    /// The entry it resolves to.
    pub entry: EntryIdx,
    /// The gazetteer name that matched (index into [`Gazetteer::names`]).
    pub name: u32,
    /// How it matched.
    pub method: MatchMethod,
    /// Confidence, 0 to 1.
    pub score: f64,
    /// What it does in its sentence.
    pub role: Role,
    /// A place inside the name ("Raqqa" in "Raqqa Civil Council").
    pub related: Option<EntryIdx>,
    /// The other entries the surface could mean, best first, with their
    /// scores (the chosen entry first).
    pub candidates: Vec<(EntryIdx, f64)>,
    /// The sentence around it, on one line.
    pub context: String,
    /// Index of its sentence in the article (for grouping).
    pub sentence: usize,
    /// Its sentence's span, in characters.
    pub sentence_span: (usize, usize),
}

impl Mention {
    /// The name that matched, as written in the gazetteer.
    pub fn matched_name<'g>(&self, gaz: &'g Gazetteer) -> &'g str {
        gaz.name(self.name).text
    }
}
