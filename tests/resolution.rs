//! Resolution on articles written for the project: context, qualifiers,
//! nearness, roles and focus, with the default gazetteer.

use gazet::mention::Role;
use gazet::{Article, Extractor, Gazetteer, Kind, Mention};
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::embedded().unwrap())
}

fn mentions(text: &str) -> Vec<Mention> {
    Extractor::new(gaz()).extract(text)
}

/// The (country, kind, role) the first mention of `surface` resolves to.
fn resolved(text: &str, surface: &str) -> Option<(String, Kind, Role)> {
    mentions(text).into_iter().find(|m| m.surface == surface).map(|m| {
        let e = gaz().entry(m.entry);
        (e.country.as_deref().unwrap_or_default().to_string(), e.kind, m.role)
    })
}

fn country(text: &str, surface: &str) -> String {
    resolved(text, surface)
        .map(|r| r.0)
        .unwrap_or_else(|| panic!("{surface} not found in {text:?}"))
}

#[test]
fn tripoli_follows_the_story() {
    let lebanon = "Lebanese troops deployed in Tripoli after clashes near the port. Beirut said calm had returned to northern Lebanon.";
    let libya = "Rival militias fought in Tripoli overnight. The UN envoy for Libya called for talks in Benghazi.";
    assert_eq!(country(lebanon, "Tripoli"), "LB");
    assert_eq!(country(libya, "Tripoli"), "LY");
    assert_eq!(country("Protests spread to Tripoli, Lebanon on Friday.", "Tripoli"), "LB");
}

#[test]
fn jordan_the_country_the_river_and_the_player() {
    let text = "Refugees crossed into Jordan last week. Farmers along the Jordan River lack water.";
    let found = mentions(text);
    let names: Vec<(&str, Kind)> =
        found.iter().map(|m| (m.surface.as_str(), gaz().entry(m.entry).kind)).collect();
    assert_eq!(names, [("Jordan", Kind::Country), ("Jordan River", Kind::River)]);
    let player = mentions("Michael Jordan won six titles with his team.");
    assert!(player.iter().all(|m| gaz().entry(m.entry).name != "Jordan"), "{player:?}");
}

#[test]
fn qualifiers_pick_governorate_or_city() {
    let text = "Syrian forces shelled villages in Homs province. Later, Homs city was quiet.";
    let found = mentions(text);
    let homs: Vec<Kind> =
        found.iter().filter(|m| m.surface == "Homs").map(|m| gaz().entry(m.entry).kind).collect();
    assert_eq!(homs, [Kind::Admin1, Kind::City]);
}

/// A direction before a name makes it a part of a province or of a
/// country: "northern Raqqa" is the governorate, "central Mexico" the
/// country (not the State of Mexico); "Mexico state" and "the state of
/// Mexico" are the state, though it is spelt like the country.
#[test]
fn a_direction_qualifies_a_province_or_a_country() {
    let kind = |text: &str, surface: &str| resolved(text, surface).map(|r| r.1);
    assert_eq!(kind("Jets struck villages in northern Raqqa.", "Raqqa"), Some(Kind::Admin1));
    assert_eq!(kind("Gunmen killed 12 in central Mexico.", "Mexico"), Some(Kind::Country));
    assert_eq!(kind("Floods hit Mexico state on Monday.", "Mexico"), Some(Kind::Admin1));
    assert_eq!(kind("Storms hit the state of Mexico.", "Mexico"), Some(Kind::Admin1));
    assert_eq!(kind("Mexico said it would help.", "Mexico"), Some(Kind::Country));
}

/// A city's name that GeoNames also gives a neighbour, wrongly or as a
/// name long out of use (Bahawalnagar "Bahawalpur", Anantnag "Islamabad",
/// Engels "Pokrovsk"), leaves no doubt about the city.
#[test]
fn an_old_or_wrong_alias_leaves_no_doubt() {
    let texts = [
        "Floods hit Bahawalpur. Officials in Islamabad said aid was on the way.",
        "Drones struck Saratov as troops pressed toward Pokrovsk.",
    ];
    let got: Vec<(String, String, bool)> = texts
        .iter()
        .flat_map(|text| mentions(text))
        .map(|m| (m.surface, gaz().entry(m.entry).name.to_string(), m.score >= 0.9))
        .collect();
    let want = [
        ("Bahawalpur", "Bahawalpur"),
        ("Islamabad", "Islamabad"),
        ("Saratov", "Saratov"),
        ("Pokrovsk", "Pokrovsk"),
    ];
    let want: Vec<_> = want.iter().map(|&(s, n)| (s.to_string(), n.to_string(), true)).collect();
    assert_eq!(got, want);
}

/// An acronym in parentheses after a name stands for what the name means,
/// in the whole article: "ADF" is Cameroon's Ambazonia Defence Forces after
/// "Ambazonia Defence Forces (ADF)", and Congo's Allied Democratic Forces
/// in a report from North Kivu.
#[test]
fn an_acronym_defined_in_the_text_keeps_its_meaning() {
    let adf = |text: &str| -> Vec<String> {
        let found = mentions(text).into_iter().filter(|m| m.surface == "ADF");
        found.map(|m| gaz().entry(m.entry).id.to_string()).collect()
    };
    let cameroon = "The Ambazonia Defence Forces (ADF) claimed the ambush. The ADF said more.";
    assert_eq!(adf(cameroon), ["grp:ambazonia-defence-forces"; 2]);
    assert_eq!(adf("The ADF attacked Beni in North Kivu."), ["grp:adf"]);
}

/// "The Red Sea" is the sea even beside Port Sudan, while "Red Sea state"
/// is the Sudanese province: after "the", a division named like a natural
/// feature gets nothing from the places around it.
#[test]
fn the_red_sea_beside_port_sudan_is_the_sea() {
    let text = "Houthi rebels struck a ship in the Red Sea. Officials in Port Sudan, the \
                capital of Red Sea state, said the port was open.";
    let kinds: Vec<Kind> = mentions(text)
        .into_iter()
        .filter(|m| m.surface == "Red Sea")
        .map(|m| gaz().entry(m.entry).kind)
        .collect();
    assert_eq!(kinds, [Kind::Sea, Kind::Admin1]);
}

/// "Gaza" in the news is Gaza in Palestine, with confidence; Mozambique's
/// Gaza province is meant when the article says so.
#[test]
fn gaza_is_palestines_unless_mozambique_is_meant() {
    let gaza = |text: &str| {
        let m = mentions(text).into_iter().find(|m| m.surface == "Gaza").unwrap();
        (gaz().entry(m.entry).country.as_deref().unwrap_or_default().to_string(), m.score >= 0.9)
    };
    let ps = gaza("The Houthis say they act in solidarity with Gaza.");
    assert_eq!(ps, ("PS".to_string(), true));
    let mz = gaza("Cyclone Freddy flooded Gaza province in southern Mozambique.");
    assert_eq!(mz.0, "MZ");
}

#[test]
fn georgia_by_its_neighbours() {
    let caucasus = "Thousands rallied in Tbilisi as Georgia prepared for elections.";
    let south = "Storms hit Atlanta and much of Georgia on Sunday.";
    assert_eq!(
        resolved(caucasus, "Georgia").map(|r| (r.0, r.1)),
        Some(("GE".into(), Kind::Country))
    );
    assert_eq!(resolved(south, "Georgia").map(|r| (r.0, r.1)), Some(("US".into(), Kind::Admin1)));
}

#[test]
fn roles_tell_acting_capitals_and_modifiers() {
    let text = "Washington said it would respond. US-backed fighters held the town, and Moscow rejected the plan. The Raqqa Civil Council met in Raqqa.";
    let found = mentions(text);
    let role = |s: &str| found.iter().find(|m| m.surface == s).map(|m| m.role);
    assert_eq!(role("Washington"), Some(Role::Metonymic));
    assert_eq!(role("US"), Some(Role::Modifier));
    assert_eq!(role("Moscow"), Some(Role::Metonymic));
    assert_eq!(role("Raqqa Civil Council"), Some(Role::PartOfName));
    assert_eq!(role("Raqqa"), Some(Role::Literal));
    let council = found.iter().find(|m| m.surface == "Raqqa Civil Council").unwrap();
    assert_eq!(council.related.map(|r| gaz().entry(r).name.as_str()), Some("Raqqa"));
}

#[test]
fn focus_of_a_report() {
    let article = Article {
        id: "report".into(),
        source: "report.txt".into(),
        line: None,
        title: None,
        text: "SDF ADVANCES INTO RAQQA\n\nRAQQA, Syria — Kurdish-led fighters entered the old city of Raqqa on Tuesday. \
               Residents of Tabqa and Raqqa said the roads to Deir ez-Zor were closed. \
               Turkey and Iraq watched the fighting closely."
            .into(),
        encoding: Default::default(),
    };
    let focus = Extractor::new(gaz()).analyze(&article).focus;
    let name =
        |f: Option<gazet::extract::focus::FocusPlace>| f.map(|f| gaz().entry(f.entry).name.clone());
    assert_eq!(name(focus.country).as_deref(), Some("Syria"));
    assert_eq!(name(focus.admin1).as_deref(), Some("Raqqa"));
    assert_eq!(name(focus.city).as_deref(), Some("Raqqa"));
    assert_eq!(focus.city.unwrap().reason.as_str(), "headline");
}

/// A dateline is read from the opening of the body, whatever dashes the
/// article holds further on.
#[test]
fn a_dateline_is_read_from_the_opening_alone() {
    let article = Article {
        id: "dateline".into(),
        source: "dateline.txt".into(),
        line: None,
        title: None,
        text: "HOMS - Government forces shelled the outskirts on Monday, residents said. \
               Later in the night — after the power failed — the shelling stopped."
            .into(),
        encoding: Default::default(),
    };
    let focus = Extractor::new(gaz()).analyze(&article).focus;
    let city = focus.city.expect("a focus city");
    assert_eq!(gaz().entry(city.entry).name, "Homs");
    assert_eq!(city.reason.as_str(), "dateline");
}

#[test]
fn a_capital_that_is_also_a_word_is_found_without_its_country() {
    let text = "The UN envoy, speaking in Muscat, urged all sides to respect the truce.";
    assert_eq!(country(text, "Muscat"), "OM");
    // The word itself, in lower case, is still no place.
    assert!(resolved("They drank muscat after dinner.", "muscat").is_none());
}

/// "<place>'s <name> neighbourhood" puts the name inside the place: the
/// al-Giza neighbourhood of Sirte is not Giza in Egypt (the gazetteer does
/// not hold it, so nothing is found), while Baghdad's Sadr City district
/// is the one in Baghdad.
#[test]
fn a_part_named_with_its_place_lies_in_it() {
    let text = "Shells fell on Sirte's al-Giza neighbourhood. Egypt called for calm.";
    let found: Vec<String> = mentions(text).into_iter().map(|m| m.surface).collect();
    assert_eq!(found, ["Sirte", "Egypt"]);
    let text = "Crowds gathered in Baghdad\u{2019}s Sadr City district.";
    let sadr = mentions(text).into_iter().find(|m| m.surface == "Sadr City");
    assert_eq!(sadr.map(|m| gaz().entry(m.entry).id.to_string()).as_deref(), Some("gn:7802746"));
}

/// A small place far from every other place of the article, in a country
/// no other span may lie in, keeps half its confidence: "Rada" in a report
/// from Darfur is a town in Yemen to the gazetteer, which holds no Rada in
/// Sudan (as "Tawila" was before the gazetteer held the Darfur town).
/// Among Yemeni places it is confident again.
#[test]
fn a_stray_small_place_is_doubtful() {
    let score = |text: &str, surface: &str| {
        mentions(text).into_iter().find(|m| m.surface == surface).map(|m| m.score)
    };
    let darfur = "Families walked to Rada from El Fasher, Mellit and Kutum.";
    assert!(score(darfur, "Rada").is_some_and(|s| s < 0.5), "{:?}", score(darfur, "Rada"));
    assert!(score(darfur, "Mellit").is_some_and(|s| s > 0.9));
    let yemen = "Families walked to Rada from Sanaa and Hodeidah.";
    assert!(score(yemen, "Rada").is_some_and(|s| s > 0.9), "{:?}", score(yemen, "Rada"));
}
