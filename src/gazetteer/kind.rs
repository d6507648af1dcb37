//! What an entry is: a place or a group, and its kind.

use std::fmt;

/// Whether an entry is a place (with coordinates) or a group (armed group,
/// state force, government body, people, media outlet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// Something on the map: "Raqqa", "Tabqa Dam", "Syria".
    Place,
    /// An actor: "Islamic State", "Syrian Democratic Forces", "Kurds".
    Group,
}

macro_rules! kinds {
    ($( $variant:ident = $name:literal, $etype:ident, $doc:literal; )*) => {
        /// The kind of an entry. Places and groups have disjoint kinds;
        /// the name in the gazetteer files is the snake_case form, e.g.
        /// `admin1`, `oil_field`, `armed_group`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum Kind {
            $( #[doc = $doc] $variant, )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The name used in gazetteer files and outputs.
            pub fn as_str(self) -> &'static str {
                match self { $( Kind::$variant => $name, )* }
            }

            /// Whether this kind belongs to places or to groups.
            pub fn entity_type(self) -> EntityType {
                match self { $( Kind::$variant => EntityType::$etype, )* }
            }

            /// Parses the gazetteer name of a kind.
            pub fn parse(s: &str) -> Option<Kind> {
                match s { $( $name => Some(Kind::$variant), )* _ => None }
            }
        }
    };
}

kinds! {
    Continent = "continent", Place, "A continent: Africa, Asia.";
    Region = "region", Place, "A region news names: Middle East, Levant, Sahel.";
    Country = "country", Place, "A country or territory: Syria, Iraq.";
    Admin1 = "admin1", Place, "A first-level division: Raqqa Governorate.";
    Admin2 = "admin2", Place, "A second-level division: Manbij District.";
    City = "city", Place, "A city (100,000 people or more, a capital or an admin seat).";
    Town = "town", Place, "A town (10,000 people or more).";
    Village = "village", Place, "A village or other small populated place.";
    Neighbourhood = "neighbourhood", Place, "A part of a city.";
    River = "river", Place, "A river: Euphrates.";
    Lake = "lake", Place, "A lake or reservoir: Lake Assad.";
    Sea = "sea", Place, "A sea or gulf.";
    Mountain = "mountain", Place, "A mountain or range.";
    Island = "island", Place, "An island.";
    Dam = "dam", Place, "A dam: Tabqa Dam.";
    Airbase = "airbase", Place, "A military airbase: Hmeimim.";
    Airport = "airport", Place, "A civil airport.";
    OilField = "oil_field", Place, "An oil or gas field: al-Omar.";
    BorderCrossing = "border_crossing", Place, "A border crossing: Bab al-Hawa.";
    Facility = "facility", Place, "Another named facility: T-2 pumping station.";
    ArmedGroup = "armed_group", Group, "A non-state armed group: Islamic State.";
    StateForce = "state_force", Group, "A state's armed or security force: Syrian Arab Army.";
    Militia = "militia", Group, "A militia, often state-aligned: National Defence Forces.";
    Coalition = "coalition", Group, "A military coalition: the US-led coalition.";
    PoliticalBody = "political_body", Group, "A political party or council: Raqqa Civil Council.";
    Government = "government", Group, "A government or ministry: Russian Foreign Ministry.";
    Intergovernmental = "intergovernmental", Group, "An intergovernmental body: NATO, UN.";
    Ngo = "ngo", Group, "A non-governmental organisation: ICRC.";
    Media = "media", Group, "A news outlet or agency: AFP.";
    People = "people", Group, "An ethnic or religious people: Kurds.";
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EntityType {
    /// `place` or `group`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Place => "place",
            EntityType::Group => "group",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for &k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("governorate"), None);
    }
}
