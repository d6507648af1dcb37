//! Spellings news uses reach the right entry (exactly, by a variant rule or
//! by a fuzzy match), and words that only look like names do not.

use gazet::{Extractor, Gazetteer, MatchMethod};
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::embedded().unwrap())
}

/// (surface, entry id) of every mention in `text`.
fn ids(text: &str) -> Vec<(String, String)> {
    let mentions = Extractor::new(gaz()).extract(text).into_iter();
    mentions.map(|m| (m.surface, gaz().entry(m.entry).id.to_string())).collect()
}

/// (surface, entry name) of every mention in `text`.
fn names(text: &str) -> Vec<(String, String)> {
    let mentions = Extractor::new(gaz()).extract(text).into_iter();
    mentions.map(|m| (m.surface, gaz().entry(m.entry).name.to_string())).collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

/// Asserts that the mentions of `text` are exactly `want`: (surface, entry
/// id) in order.
fn assert_ids(text: &str, want: &[(&str, &str)]) {
    let want: Vec<_> = want.iter().map(|&(s, id)| pair(s, id)).collect();
    assert_eq!(ids(text), want, "{text}");
}

/// (spelling, canonical name of the entry it must reach)
const SPELLINGS: &[(&str, &str)] = &[
    ("Raqqah", "Raqqa"),
    ("Raqqa", "Raqqa"),
    ("Ar-Raqqah", "Raqqa"),
    ("RAQQAH", "Raqqa"),
    ("Rakka", "Raqqa"),
    ("al-Raqqa", "Raqqa"),
    ("Deir Ezzor", "Deir ez-Zor"),
    ("Deir ez-Zor", "Deir ez-Zor"),
    ("Deir-ez-Zor", "Deir ez-Zor"),
    ("Deir al-Zor", "Deir ez-Zor"),
    ("Deir el-Zour", "Deir ez-Zor"),
    ("Dayr az Zawr", "Deir ez-Zor"),
    ("Dair Alzour", "Deir ez-Zor"),
    ("Mayadin", "Al-Mayadin"),
    ("al-Mayadin", "Al-Mayadin"),
    ("Al Mayadin", "Al-Mayadin"),
    ("El Mayadin", "Al-Mayadin"),
    ("Mayadeen", "Al-Mayadin"),
    ("Abu Kamal", "Abu Kamal"),
    ("Abou Kamal", "Abu Kamal"),
    ("al-Bukamal", "Abu Kamal"),
    ("Boukamal", "Abu Kamal"),
    ("Tabqa", "Tabqa"),
    ("Al Tabqah", "Tabqa"),
    ("al-Tabqa", "Tabqa"),
    ("Taqbqa", "Tabqa"),
    ("Manbij", "Manbij"),
    ("Menbij", "Manbij"),
    ("Minbij", "Manbij"),
    ("Afrin", "Afrin"),
    ("Efrin", "Afrin"),
    ("Kobani", "Kobani"),
    ("Kobane", "Kobani"),
    ("Ayn al-Arab", "Kobani"),
    ("Ain al-Arab", "Kobani"),
    ("Qamishli", "Qamishli"),
    ("Qamishlo", "Qamishli"),
    ("Kamishli", "Qamishli"),
    ("Hasakah", "Hasakah"),
    ("Hasakeh", "Hasakah"),
    ("al-Hasakah", "Hasakah"),
    ("Lattakia", "Latakia"),
    ("Latakia", "Latakia"),
    ("Tal Abyad", "Tal Abyad"),
    ("Tell Abiad", "Tal Abyad"),
    ("Jarablus", "Jarabulus"),
    ("Jerablus", "Jarabulus"),
    ("Zahraa", "Az Zahra'"),
    ("Nubul", "Nubl"),
    ("Hezbollah", "Hezbollah"),
    ("Hizbullah", "Hezbollah"),
    ("Hizbollah", "Hezbollah"),
    ("Daesh", "Islamic State"),
    ("ISIS", "Islamic State"),
    ("ISIL", "Islamic State"),
    ("IS", "Islamic State"),
];

#[test]
fn every_spelling_reaches_its_entry() {
    let ex = Extractor::new(gaz());
    let mut wrong = Vec::new();
    for &(spelling, want) in SPELLINGS {
        // A sentence of the kind the reports use, naming the country.
        let text = format!("Fighters in Syria said on Monday that {spelling} was calm again.");
        let mentions = ex.extract(&text);
        let got: Vec<(String, String, MatchMethod)> = mentions
            .iter()
            .filter(|m| m.surface != "Syria")
            .map(|m| (m.surface.clone(), gaz().entry(m.entry).name.to_string(), m.method))
            .collect();
        if got.len() != 1 || got[0].0 != spelling || got[0].1 != want {
            wrong.push(format!("{spelling} -> want {want}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_typo_is_fuzzy_and_can_be_turned_off() {
    let text = "Syrian troops withdrew from the towns of Manbij and Taqbqa.";
    let with = Extractor::new(gaz()).extract(text);
    let typo = with.iter().find(|m| m.surface == "Taqbqa").expect("Taqbqa is found");
    assert_eq!((typo.method, gaz().entry(typo.entry).name.as_str()), (MatchMethod::Fuzzy, "Tabqa"));
    let without = Extractor::new(gaz()).fuzzy(false).extract(text);
    assert!(without.iter().all(|m| m.surface != "Taqbqa"));
    assert!(without.iter().any(|m| m.surface == "Manbij"));
    let high = Extractor::new(gaz()).min_score(0.9).extract(text);
    assert!(high.iter().all(|m| m.score >= 0.9) && high.len() < with.len());
}

#[test]
fn look_alikes_are_not_places() {
    let cases = [
        "She moved to Albany last spring to study.",
        "He teaches at Columbia University these days.",
        "Reading the report took all morning.",
        "Nice work on the garden, everyone said.",
        "Mobile phones were banned in the hall.",
        "Hit hard by the storm, the farm recovered.",
    ];
    for text in cases {
        let places: Vec<String> = Extractor::new(gaz())
            .extract(text)
            .into_iter()
            .filter(|m| m.mention_type == gazet::MentionType::Place)
            .map(|m| {
                format!(
                    "{} -> {} {:?}",
                    m.surface,
                    gaz().entry(m.entry).name,
                    gaz().entry(m.entry).country
                )
            })
            .collect();
        // Albany is a place (in the US), just not Albania; the rest name none.
        let wrong = places.iter().any(|p| !p.starts_with("Albany -> Albany"));
        assert!(!wrong, "{text:?} gave {places:?}");
    }
    let jordan = Extractor::new(gaz()).extract("Michael Jordan won six titles.");
    assert!(
        jordan.iter().all(|m| gaz().entry(m.entry).name != "Jordan" || m.score < 0.5),
        "Michael Jordan gave {jordan:?}"
    );
}

/// A person's name is no misspelt place, even beside the country of a
/// place it looks like: "Winston Saleh" is not Winston-Salem, "Judy Smith"
/// not Ladysmith, "Ray Khalil" not Hebron (al-Khalil).
#[test]
fn people_are_not_fuzzy_places() {
    let cases = [
        (
            "Winston Saleh, a spokesman, said the situation in North Carolina was calm.",
            "North Carolina",
        ),
        ("Judy Smith, a farmer, fled to South Africa in August.", "South Africa"),
        ("Ray Khalil, a farmer from the West Bank, said the talks had stalled.", "West Bank"),
    ];
    for (text, place) in cases {
        let found: Vec<String> =
            Extractor::new(gaz()).extract(text).into_iter().map(|m| m.surface).collect();
        assert_eq!(found, [place], "in {text:?}");
    }
}

/// Arabic and other names common in the region's news are people, written
/// alone, with a family name or an "al-" one: "Abdullah Hassan" is not the
/// village 'Abd Allah nor the Indian city Hassan, "Nadia Karimi" not
/// Navadwip (Nadia) and a village Karimi, "Ibrahim al-Obeidi" not a
/// village Ibrahim, "Salem Omar" not Jerusalem (Salem) and ‘Omer.
#[test]
fn regional_given_names_open_people_not_places() {
    let text = "Abdullah Hassan, a camp official, told Nadia Karimi and Ibrahim al-Obeidi \
                that families left Hasakah on Monday, said Salem Omar.";
    let found: Vec<String> =
        Extractor::new(gaz()).extract(text).into_iter().map(|m| m.surface).collect();
    assert_eq!(found, ["Hasakah"]);
}

/// A group whose name ends in a transliterated word ("al-Sham") stays the
/// group before "fighters" or "forces": only a name whose last word is an
/// English word in lower case ("Syrian military") turns into an adjective
/// there. "Hayat" is also a given name, so no spelling rule would bring
/// the group back once it is lost.
#[test]
fn groups_named_al_something_stay_groups_before_fighters() {
    let cases = [
        ("Hayat Tahrir al-Sham fighters withdrew from Saraqib.", "Hay'at Tahrir al-Sham"),
        ("Ahrar al-Sham fighters withdrew from Saraqib.", "Ahrar al-Sham"),
    ];
    for (text, group) in cases {
        let found: Vec<(String, String, MatchMethod)> = Extractor::new(gaz())
            .extract(text)
            .into_iter()
            .map(|m| (m.surface, gaz().entry(m.entry).name.to_string(), m.method))
            .collect();
        assert_eq!(found[0].1, group, "in {text:?}: {found:?}");
        assert_eq!(found[0].2, MatchMethod::Exact, "in {text:?}: {found:?}");
        assert_eq!(found.len(), 2, "in {text:?}: {found:?}");
    }
}

/// "Turkey" opening a sentence is the country in the news ("Turkey said
/// ..."), as "Turkey's" is: the bird is written in lower case.
#[test]
fn turkey_opening_a_sentence_is_the_country() {
    let text = "Turkey said its forces would stay. Turkey's army shelled Tal Rifaat.";
    let found: Vec<(String, String)> = Extractor::new(gaz())
        .extract(text)
        .into_iter()
        .map(|m| (m.surface, gaz().entry(m.entry).name.to_string()))
        .filter(|(s, _)| s.starts_with("Turkey"))
        .collect();
    let turkey = |s: &str| (s.to_string(), "Turkey".to_string());
    assert_eq!(found, [turkey("Turkey"), turkey("Turkey")], "in {text:?}");
}

/// Countries whose names are also words (china, chad, japan, morocco,
/// chile) are the countries when they open a sentence; a capitalised word
/// after one makes it a given name ("Chad Smith").
#[test]
fn a_country_named_by_a_word_opens_a_sentence() {
    let text = "China urged restraint. Japan and Chad agreed. Morocco said it would help. \
                Chile voted against. Chad Smith, a diplomat, disagreed.";
    let got = names(text);
    let want = ["China", "Japan", "Chad", "Morocco", "Chile"];
    let want: Vec<_> = want.iter().map(|c| pair(c, c)).collect();
    assert_eq!(got, want, "{text}");
}

/// A place name whose words the text writes in plain lower case is not
/// meant: "said Ali" is no village Sayyid 'Ali, "Ali said" no 'Ali Sa'id
/// (in "Mir Ali said", the town Mir Ali is); the kind of place and a
/// direction in lower case still count ("the Qandil mountains", "south
/// Lebanon").
#[test]
fn a_name_written_with_a_word_in_lower_case_is_not_meant() {
    let text = "\"We are afraid,\" said Ali Demir. Residents of Mir Ali said a curfew held. \
                Jets struck the Qandil mountains and south Lebanon.";
    let got: Vec<String> = names(text).into_iter().map(|(_, name)| name).collect();
    assert_eq!(got, ["Mir Ali", "Qandil Mountains", "South Governorate"], "{text}");
}

/// "Hodeidah", the spelling most news uses for Al Hudaydah, is found
/// exactly: in an ALL-CAPS headline (where only exact names count) and with
/// a possessive it is the city; before "governorate", the province.
#[test]
fn hodeidah_is_al_hudaydah_in_every_form() {
    let found = ids;
    let city = found("STRIKES HIT HODEIDAH PORT\n\nJets struck Hodeidah's Salif terminal.");
    assert!(city.contains(&pair("HODEIDAH", "gn:79415")), "{city:?}");
    assert!(city.contains(&pair("Hodeidah", "gn:79415")), "{city:?}");
    let province = found("Aid stalled across Hodeidah governorate.");
    assert_eq!(province, [pair("Hodeidah", "gn:79416")]);
    let stc = found("The Southern Transitional Council said the STC would respond.");
    let stc_pair = |s: &str| pair(s, "grp:stc");
    assert_eq!(stc, [stc_pair("Southern Transitional Council"), stc_pair("STC")]);
}

/// An acronym written as one means what is spelt so: "UN" near Ahmedabad
/// is the United Nations, not Un, a town of Gujarat that the nearness would
/// otherwise favour; "SNA" is the Syrian National Army, not Sanaa.
#[test]
fn an_acronym_is_what_is_spelt_so() {
    let found = ids;
    assert_eq!(
        found("UN monitors visited Ahmedabad on Monday."),
        [pair("UN", "grp:un"), pair("Ahmedabad", "gn:1279233")]
    );
    assert_eq!(found("SNA fighters left the town.")[0], pair("SNA", "grp:sna"));
    // A place spelt in capitals with no acronym of its own stays the place.
    assert_eq!(found("Fighting in GAZA resumed.")[0].0, "GAZA");
}

/// A word that opens Arabic names ("Abu", "Tell", "Dayr", "Umm") or names
/// a direction ("North") before a capitalised word is the first word of a
/// longer name, not a place alone, and after an Arabic opener the next
/// word is not a place alone either:
/// "Abu Grein" is no town Ābu in India, and once "Tell" alone is not taken
/// the misspelt whole name ("Tell Tmaer") is found by its spelling.
#[test]
fn a_name_opener_is_not_a_place_alone() {
    let found = names;
    let text = "Brigades moved from Misrata towards Abu Grein and Umm Hakim.";
    assert_eq!(found(text), [pair("Misrata", "Misratah")]);
    let text = "Families fled Tell Tmaer in northeastern Syria.";
    let got = found(text);
    assert_eq!(got[0], pair("Tell Tmaer", "Tall Tamr"), "{got:?}");
    // Nor is the word after it: Ras Baalbek is a village of its own, not
    // the city of Baalbek.
    let got = found("Troops deployed around Ras Baalbek and Hermel.");
    assert!(!got.iter().any(|(s, _)| s.contains("Baalbek")), "{got:?}");
    assert!(got.contains(&pair("Hermel", "El Hermel")), "{got:?}");
    // A direction opens the name of a part of a place: "North" alone is a
    // province of Cameroon and an alias of North Salt Lake (Utah).
    let text =
        "Shelling hit Mellit in North Darfur, as the army held North Zafaran in New York's view.";
    let got = found(text);
    assert_eq!(got[..2], [pair("Mellit", "Mellit"), pair("North Darfur", "Northern Darfur")]);
    assert!(!got.iter().any(|(s, _)| s == "North"), "{got:?}");
    // The place after a direction is still named: "East Aleppo" is Aleppo.
    let got = found("Shelling hit East Aleppo overnight.");
    assert!(got.contains(&pair("Aleppo", "Aleppo")), "{got:?}");
}

/// Armed groups, governments and missions of the wars beyond Syria and
/// Iraq, by name and by acronym.
#[test]
fn groups_of_libya_sudan_and_the_sahel() {
    let text = "Forces of the Government of National Unity clashed with the Libyan National \
                Army (LNA) as UNSMIL urged calm. The RSF shelled El Fasher, the SAF said. \
                JNIM claimed the ambush; the Taliban and the TTP traded blame. The SPLM-N \
                holds the Nuba Mountains.";
    let groups: Vec<String> = Extractor::new(gaz())
        .extract(text)
        .into_iter()
        .filter(|m| gaz().entry(m.entry).entity_type() == gazet::EntityType::Group)
        .map(|m| gaz().entry(m.entry).id.to_string())
        .collect();
    let want = [
        "grp:gnu-libya",
        "grp:lna",
        "grp:lna",
        "grp:unsmil",
        "grp:rsf-sudan",
        "grp:sudanese-armed-forces",
        "grp:jnim",
        "grp:taliban",
        "grp:ttp",
        "grp:splm-n",
    ];
    assert_eq!(groups, want);
}

/// A common word that is only another name of a capital is not that
/// capital: "Valley" in "the Bekaa Valley" is no The Valley (Anguilla),
/// while a capital named by its own name ("Muscat") still needs no country.
/// The places of south Lebanon reach their own entries.
#[test]
fn a_capital_is_named_by_its_own_name_not_a_common_word() {
    let found = ids;
    let text = "Jets struck the Bekaa Valley and Bint Jbeil; talks resumed in Muscat.";
    assert_eq!(
        found(text),
        [
            pair("Bekaa Valley", "gz:bekaa-valley"),
            pair("Bint Jbeil", "gn:276592"),
            pair("Muscat", "gn:287286"),
        ]
    );
    let got = found("Farmers in the Hula Valley and Kingston counted losses.");
    assert!(!got.iter().any(|(s, _)| s == "Valley"), "{got:?}");
    let text = "STRIKES HIT SOUTH LEBANON\n\nRockets flew from south Lebanon toward the Galilee.";
    let got = found(text);
    assert_eq!(got[..2], [pair("SOUTH LEBANON", "gn:279894"), pair("south Lebanon", "gn:279894")]);
    assert_eq!(got[2], pair("Galilee", "gz:galilee"));
}

/// The Sahel in a report from Mali: a possessive is the country's ("Mali's
/// ambassador", not the village Malis), a month is a date ("in March", not
/// March in England), "the Sahel" is the region (not Burkina Faso's Sahel
/// province), the Tuareg a people (not Turkey by a spelling rule), Moussa
/// a man, and the towns of the north are known.
#[test]
fn a_report_from_the_sahel() {
    let text = "Algeria summoned Mali's ambassador in March. France left the Sahel; \
                Tuareg fighters held Tessalit, said Moussa Ag Ahmed. Burkina Faso and \
                Niger left ECOWAS for the Alliance of Sahel States.";
    assert_ids(
        text,
        &[
            ("Algeria", "gn:2589581"),
            ("Mali", "gn:2453866"),
            ("France", "gn:3017382"),
            ("Sahel", "gz:sahel"),
            ("Tuareg", "grp:tuareg"),
            ("Tessalit", "gn:2449893"),
            ("Burkina Faso", "gn:2361809"),
            ("Niger", "gn:2440476"),
            ("ECOWAS", "grp:ecowas"),
            ("Alliance of Sahel States", "grp:aes-sahel"),
        ],
    );
}

/// A report from Ukraine: a plural after a list of names qualifies each
/// ("the Kharkiv and Zaporizhzhia regions" are provinces), a city stays
/// the city with full confidence beside the province of its name,
/// "Vladimir" before "Putin" is a man, and "the Baltic states" are no sea.
#[test]
fn a_report_from_ukraine() {
    let text = "Drones struck the Kharkiv and Zaporizhzhia regions. Shelling hit Kherson. \
                President Vladimir Putin spoke; the Baltic states and the Ukrainian Armed \
                Forces replied.";
    assert_ids(
        text,
        &[
            ("Kharkiv", "gn:706482"),
            ("Zaporizhzhia", "gn:687699"),
            ("Kherson", "gn:706448"),
            ("Baltic states", "gz:baltic-states"),
            ("Ukrainian Armed Forces", "grp:ukrainian-armed-forces"),
        ],
    );
    let kherson = Extractor::new(gaz()).extract("Shelling hit Kherson overnight.");
    assert_eq!(kherson[0].score, 0.95);
}

/// Gaza and Somalia: "Deir al-Balah" is the town, not a village "Balah"
/// after the opener; "Amal" opening a woman's name is not the Amal
/// Movement; the crossings, the federal member states of Somalia and US
/// Africa Command are known.
#[test]
fn reports_from_gaza_and_somalia() {
    let text = "Hospitals in Deir al-Balah were full, said Amal Abu Shanab. The Kerem \
                Shalom crossing stayed shut. Puntland and Jubaland did not comment; US \
                Africa Command confirmed the strike.";
    assert_ids(
        text,
        &[
            ("Deir al-Balah", "gn:281141"),
            ("Kerem Shalom crossing", "gz:kerem-shalom-crossing"),
            ("Puntland", "gz:puntland"),
            ("Jubaland", "gz:jubaland"),
            ("US Africa Command", "grp:africom"),
        ],
    );
    // A far city named as a neighbourhood is doubtful: the Al-Faluja
    // quarter of Jabalia is not Fallujah, which keeps half its confidence.
    let text = "Tanks pushed into the Al-Faluja neighbourhood of Jabalia, in the north of \
                the Gaza Strip, near Beit Lahia.";
    let faluja = &Extractor::new(gaz()).extract(text)[0];
    assert_eq!(faluja.surface, "Al-Faluja");
    assert!(faluja.score < 0.5, "{faluja:?}");
}

/// Syria after 2024: "Mazloum Abdi" is a man, not two villages; Manbij is
/// the town with full confidence beside the district of its name.
#[test]
fn a_commander_and_a_town_of_northern_syria() {
    let text = "SDF commander Mazloum Abdi said fighters had left Manbij.";
    assert_ids(text, &[("SDF", "grp:sdf"), ("Manbij", "gn:167357")]);
    let manbij = Extractor::new(gaz()).extract(text);
    assert_eq!(manbij[1].score, 0.95, "{manbij:?}");
}

/// Yemen and the Red Sea: a province is written as its seat is ("Saada
/// province", "Taiz governorate"); "state" qualifies a province ("Borno
/// State", "Red Sea state"); a bare "Red Sea" and "the Red Sea" are the
/// sea, not the Sudanese or Egyptian provinces of its name.
#[test]
fn a_report_from_yemen_and_the_red_sea() {
    let text = "HOUTHIS FIRE ON SHIPS IN RED SEA\n\nThe Houthis struck a ship in the Red Sea \
                as fighting went on in Saada province and Taiz governorate.";
    assert_ids(
        text,
        &[
            ("HOUTHIS", "grp:houthis"),
            ("RED SEA", "gz:red-sea"),
            ("Houthis", "grp:houthis"),
            ("Red Sea", "gz:red-sea"),
            ("Saada", "gn:71333"),
            ("Taiz", "gn:70222"),
        ],
    );
    let text = "Aid reached Port Sudan, in Red Sea state, and Maiduguri, in Borno State.";
    assert_ids(
        text,
        &[
            ("Port Sudan", "gn:377039"),
            ("Red Sea", "gn:408646"),
            ("Maiduguri", "gn:2331447"),
            ("Borno", "gn:2346794"),
        ],
    );
}

/// Eastern Congo: "Democratic Republic of Congo" is the DRC, not "Congo"
/// (the Republic of the Congo) after unknown words; "North Kivu" is its
/// own province, never a near spelling of South Kivu; the lake, the
/// towns of the front and the armed groups and missions are known.
#[test]
fn a_report_from_eastern_congo() {
    let text = "GOMA, Democratic Republic of Congo - M23 fighters left Goma, in North Kivu, \
                for Kamanyola, in South Kivu, on Lake Tanganyika. MONUSCO and the FARDC \
                blamed the FDLR; SADC troops left.";
    assert_ids(
        text,
        &[
            ("GOMA", "gn:216281"),
            ("Democratic Republic of Congo", "gn:203312"),
            ("M23", "grp:m23"),
            ("Goma", "gn:216281"),
            ("North Kivu", "gn:206938"),
            ("Kamanyola", "gz:kamanyola"),
            ("South Kivu", "gn:205413"),
            ("Lake Tanganyika", "gz:lake-tanganyika"),
            ("MONUSCO", "grp:monusco"),
            ("FARDC", "grp:fardc"),
            ("FDLR", "grp:fdlr"),
            ("SADC", "grp:sadc"),
        ],
    );
}

/// Haiti: the towns of the gang war are known (cities500 rows for Haiti,
/// and Cité Soleil, Pont-Sondé); "Marie-Lourdes" is a woman, not Lourdes;
/// a variant spelling keeps its possessive out ("Pétion-Ville's"); the
/// gangs, the police and the Kenya-led mission are groups.
#[test]
fn a_report_from_haiti() {
    let text = "Gangs of the Viv Ansanm coalition stormed Mirebalais and Pont-Sondé. \
                Marie-Lourdes Jean fled Cité Soleil for Pétion-Ville's market; the \
                PNH and the Kenya-led force did not come.";
    assert_eq!(
        names(text),
        [
            pair("Viv Ansanm coalition", "Viv Ansanm"),
            pair("Mirebalais", "Mirebalais"),
            pair("Pont-Sondé", "Pont-Sondé"),
            pair("Cité Soleil", "Cité Soleil"),
            pair("Pétion-Ville", "Pétionville"),
            pair("PNH", "Haitian National Police"),
            pair("Kenya-led force", "Multinational Security Support Mission"),
        ]
    );
}

/// Myanmar: the armed groups and the shadow government are groups (the
/// "People's Defence Force" is not the PKK's HPG); Burmese names are no
/// places ("Aung San" is not San, Mali); the towns of Rakhine are known.
#[test]
fn a_report_from_myanmar() {
    let text = "The Arakan Army took Maungdaw, in Rakhine State. People's Defence Force \
                units loyal to the National Unity Government fought the Tatmadaw in Sagaing \
                Region. Aung San Suu Kyi remains in detention.";
    assert_ids(
        text,
        &[
            ("Arakan Army", "grp:arakan-army"),
            ("Maungdaw", "gz:maungdaw"),
            ("Rakhine", "gn:1298852"),
            ("People's Defence Force", "grp:pdf-myanmar"),
            ("National Unity Government", "grp:nug"),
            ("Tatmadaw", "grp:tatmadaw"),
            ("Sagaing Region", "gn:1298480"),
        ],
    );
}

/// Iran and the West Bank: the nuclear sites and the gulfs are places;
/// Fatah is the movement, not a village "Fath" in Iraq; the Palestinian
/// Authority and the armed groups of the camps are groups; a place between
/// a title and a capitalised word is a person ("Minister Israel Katz").
#[test]
fn reports_from_iran_and_the_west_bank() {
    let text = "Jets struck Fordow as a carrier sailed to the Gulf of Oman. Fatah, the \
                Palestinian Authority and the Jenin Brigade condemned the raid, Defence \
                Minister Israel Katz said.";
    assert_ids(
        text,
        &[
            ("Fordow", "gz:fordow"),
            ("Gulf of Oman", "gz:gulf-of-oman"),
            ("Fatah", "grp:fatah"),
            ("Palestinian Authority", "grp:palestinian-authority"),
            ("Jenin Brigade", "grp:jenin-brigade"),
        ],
    );
}

/// Nigeria, Niger and Mozambique: a country is near the places named in
/// it ("Niger" beside Diffa is the country, though Nigeria's Niger State
/// lies near Abuja; "Mozambique" beside Macomia is no town); Palma is the
/// town of Cabo Delgado, not Mallorca's; "Abubakar Sani" is a man.
#[test]
fn reports_from_nigeria_niger_and_mozambique() {
    let text = "ABUJA, Nigeria - Troops left Maiduguri, said Abubakar Sani. Niger's junta \
                blamed an attack near Diffa on fighters from across Lake Chad. In \
                Mozambique, insurgents raided Macomia, near Palma.";
    let got: Vec<(String, String)> = ids(text)
        .into_iter()
        .filter(|(s, _)| ["Niger", "Mozambique", "Palma"].contains(&s.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            pair("Niger", "gn:2440476"),
            pair("Mozambique", "gn:1036973"),
            pair("Palma", "gz:palma-mz")
        ]
    );
    assert!(ids(text).iter().any(|(s, id)| s == "Lake Chad" && id == "gz:lake-chad"));
    assert!(ids(text).iter().all(|(s, _)| s != "Abubakar"));
}

/// The Caucasus and Colombia: Nagorno-Karabakh and its towns under both
/// their names, the corridors; the ELN and the FARC are groups ("FARC"
/// was a variant of Africa); the towns of Catatumbo (cities500 rows for
/// Colombia: "El Tarra" was a village in Iraq).
#[test]
fn reports_from_the_caucasus_and_colombia() {
    let text = "Refugees from Nagorno-Karabakh left Stepanakert by the Lachin corridor. \
                In Colombia, the ELN and FARC dissidents fought in Tibú and El Tarra.";
    assert_ids(
        text,
        &[
            ("Nagorno-Karabakh", "gz:nagorno-karabakh"),
            ("Stepanakert", "gz:khankendi"),
            ("Lachin corridor", "gz:lachin-corridor"),
            ("Colombia", "gn:3686110"),
            ("ELN", "grp:eln"),
            ("FARC", "grp:farc"),
            ("Tibú", "gn:3667202"),
            ("El Tarra", "gn:3738301"),
        ],
    );
}

/// Kashmir: the region, Pahalgam and the Line of Control are places; the
/// armed groups New Delhi blames, and the Baloch Liberation Army, are
/// groups ("Jaish-e-Mohammed" was a variant of an Iraqi village).
#[test]
fn a_report_from_kashmir() {
    let text = "After the Pahalgam attack in Indian-administered Kashmir, missiles hit \
                Muzaffarabad across the Line of Control. India blames Lashkar-e-Taiba and \
                Jaish-e-Mohammed; the Baloch Liberation Army struck near Quetta.";
    let got: Vec<(String, String)> = ids(text)
        .into_iter()
        .filter(|(s, _)| !["Indian", "India", "Muzaffarabad", "Quetta"].contains(&s.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            pair("Pahalgam", "gz:pahalgam"),
            pair("Kashmir", "gz:kashmir"),
            pair("Line of Control", "gz:line-of-control"),
            pair("Lashkar-e-Taiba", "grp:lashkar-e-taiba"),
            pair("Jaish-e-Mohammed", "grp:jaish-e-mohammed"),
            pair("Baloch Liberation Army", "grp:bla"),
        ]
    );
}

/// Ethiopia: Fano is the militia, not a town in Italy; "Getachew Reda" is
/// a man, not a town in Yemen; Oromia, Humera and the armed forces and
/// armed groups of the Amhara and Oromia wars are known.
#[test]
fn a_report_from_ethiopia() {
    let text = "Fano fighters and the ENDF clashed near Gondar, said Getachew Reda. The \
                Oromo Liberation Army was active in Oromia; Eritrean troops massed near Humera.";
    let got: Vec<(String, String)> = ids(text).into_iter().filter(|(s, _)| s != "Gondar").collect();
    assert_eq!(
        got,
        [
            pair("Fano fighters", "grp:fano"),
            pair("ENDF", "grp:endf"),
            pair("Oromo Liberation Army", "grp:ola"),
            pair("Oromia", "gn:444185"),
            pair("Eritrean troops", "grp:eritrean-defence-forces"),
            pair("Humera", "gz:humera"),
        ]
    );
}

/// Sudan after Khartoum: Tawila and the Zamzam camp are in North Darfur,
/// not Yemen; Tasis is the RSF's alliance, not a Syrian village; a place
/// after a given name and an Arabic article is a person's name ("Abdel
/// Fattah al-Burhan" is no village Burhan in Iraq).
#[test]
fn a_report_from_sudan_after_khartoum() {
    let text = "People fled the Zamzam displacement camp for Tawila, in Sudan. The Tasis \
                alliance is based in Nyala; Abdel Fattah al-Burhan heads the Sovereignty \
                Council.";
    let got: Vec<(String, String)> =
        ids(text).into_iter().filter(|(s, _)| !["Sudan", "Nyala"].contains(&s.as_str())).collect();
    assert_eq!(
        got,
        [
            pair("Zamzam displacement camp", "gz:zamzam-camp"),
            pair("Tawila", "gz:tawila"),
            pair("Tasis alliance", "grp:tasis"),
            pair("Sovereignty Council", "grp:sovereignty-council-sudan"),
        ]
    );
}

/// Tripoli's militias and districts, and Pakistan's border with
/// Afghanistan: "Souq al-Juma" is a district of Tripoli (not Yuma, Arizona,
/// alias "Juma"), "Bajaur" a district of Pakistan (not al-Ba'aj in Iraq),
/// "Tirah" a valley near Peshawar (not Tirat Carmel in Israel).
#[test]
fn reports_from_libya_and_the_afghan_border() {
    assert_ids(
        "The Radaa Special Deterrence Force fought near Mitiga airport and in Souq \
         al-Juma. Turkey holds al-Watiya air base.",
        &[
            ("Radaa Special Deterrence Force", "grp:radaa"),
            ("Mitiga airport", "gz:mitiga-airport"),
            ("Souq al-Juma", "gz:souq-al-juma"),
            ("Turkey", "gn:298795"),
            ("al-Watiya air base", "gz:al-watiya-air-base"),
        ],
    );
    assert_ids(
        "Pakistani jets struck Bajaur and Kurram. Families fled the Tirah valley for \
         Peshawar; the Torkham crossing was shut.",
        &[
            ("Pakistani", "gn:1168579"),
            ("Bajaur", "gz:bajaur"),
            ("Kurram", "gz:kurram"),
            ("Tirah valley", "gz:tirah"),
            ("Peshawar", "gn:1168197"),
            ("Torkham crossing", "gz:torkham"),
        ],
    );
}

/// Mexico's cartels and the Philippines' insurgents: a given name alone is
/// no spelling of a place ("Ismael" was a variant of Somalia), "Santa Rosa
/// de Lima" is a cartel (not Santa Rosa and Lima), "Tawi-Tawi" a province
/// (not the Syrian village Tawi), "Lanao del Sur" no near spelling of Lhasa.
#[test]
fn reports_from_mexico_and_the_philippines() {
    assert_ids(
        "The Jalisco New Generation Cartel fought the Santa Rosa de Lima cartel. Since \
         the capture of Ismael \"El Mayo\" Zambada, Los Chapitos have fought on.",
        &[
            ("Jalisco New Generation Cartel", "grp:cjng"),
            ("Santa Rosa de Lima cartel", "grp:santa-rosa-de-lima-cartel"),
            ("Los Chapitos", "grp:los-chapitos"),
        ],
    );
    assert_ids(
        "The Moro Islamic Liberation Front (MILF) runs Marawi in Lanao del Sur. Abu \
         Sayyaf was driven from Tawi-Tawi.",
        &[
            ("Moro Islamic Liberation Front", "grp:milf"),
            ("MILF", "grp:milf"),
            ("Marawi", "gn:1701053"),
            ("Lanao del Sur", "gz:lanao-del-sur"),
            ("Abu Sayyaf", "grp:abu-sayyaf"),
            ("Tawi-Tawi", "gz:tawi-tawi"),
        ],
    );
}

/// A surname the article gave a person ("Ahmed al-Sharaa") is that person
/// when it comes back alone: "Al-Sharaa promised" is no near spelling of
/// the Syrian town Al Hirak. "The Negev" is Israel's southern desert.
#[test]
fn a_surname_alone_is_still_the_person() {
    let text = "Interim President Ahmed al-Sharaa visited Latakia. Al-Sharaa promised calm. \
                Sirens sounded across the Negev.";
    let got: Vec<String> = names(text).into_iter().map(|(surface, _)| surface).collect();
    assert_eq!(got, ["Latakia", "Negev"], "{text}");
}

/// South Sudan's forces and its towns: "South Sudan People's Defence
/// Forces" is one name (not South Sudan and the PKK's People's Defence
/// Forces), Nasir a town of Upper Nile (not a village in Iraq), the "Peace
/// and Security Council" the African Union's (not the UN's).
#[test]
fn a_report_from_south_sudan() {
    assert_ids(
        "The South Sudan People's Defence Forces (SSPDF) fought the White Army in Nasir. \
         The SPLM-IO denied it; the Peace and Security Council will meet.",
        &[
            ("South Sudan People's Defence Forces", "grp:sspdf"),
            ("SSPDF", "grp:sspdf"),
            ("White Army", "grp:white-army"),
            ("Nasir", "gz:nasir"),
            ("SPLM-IO", "grp:splm-io"),
            ("Peace and Security Council", "grp:au-psc"),
        ],
    );
}

/// The Thai-Cambodian border war: "Hun Sen" is a person (not the Libyan
/// town Hun), ASEAN a group (not the demonym "Asian"), and "Oddar
/// Meanchey" the province's news spelling.
#[test]
fn a_report_from_the_thai_cambodian_border() {
    assert_ids(
        "Shelling hit Oddar Meanchey, Cambodia. Hun Sen said the Association of Southeast \
         Asian Nations (ASEAN) could mediate.",
        &[
            ("Oddar Meanchey", "gn:1822210"),
            ("Cambodia", "gn:1831722"),
            ("Association of Southeast Asian Nations", "grp:asean"),
            ("ASEAN", "grp:asean"),
        ],
    );
}

/// Northern Kosovo: "Albin Kurti" is a person (not the Indian town Curti),
/// the Ibar a river (not an Iraqi village), KFOR NATO's mission there.
#[test]
fn a_report_from_northern_kosovo() {
    assert_ids(
        "KFOR troops were hurt in Zubin Potok. Albin Kurti said Serbs gathered in North \
         Mitrovica, on the Ibar river.",
        &[
            ("KFOR", "grp:kfor"),
            ("Zubin Potok", "gz:zubin-potok"),
            ("Serbs", "gn:6290252"),
            ("North Mitrovica", "gz:north-mitrovica"),
            ("Ibar river", "gz:ibar-river"),
        ],
    );
}

/// Burkina Faso: JNIM's English name, the VDP militia, Soum province.
#[test]
fn a_report_from_burkina_faso() {
    assert_ids(
        "The Group to Support Islam and Muslims (JNIM) attacked the Volunteers for the \
         Defence of the Homeland (VDP) in Soum province.",
        &[
            ("Group to Support Islam and Muslims", "grp:jnim"),
            ("JNIM", "grp:jnim"),
            ("Volunteers for the Defence of the Homeland", "grp:vdp"),
            ("VDP", "grp:vdp"),
            ("Soum province", "gz:soum"),
        ],
    );
}

/// Yemen's oil sites: the Ras Isa port and the Safer facilities are found;
/// "Safer" opening a sentence is the English word.
#[test]
fn yemens_oil_sites() {
    assert_ids(
        "Safer roads are needed. Jets hit the Ras Isa fuel port and the Safer oil \
         facilities in Yemen.",
        &[
            ("Ras Isa fuel port", "gz:ras-isa-port"),
            ("Safer oil facilities", "gz:safer-oil-facilities"),
            ("Yemen", "gn:69543"),
        ],
    );
}

/// Chad's border with Darfur and Nigeria's north-west: the news spelling
/// of Ouaddai and the Lakurawa group.
#[test]
fn reports_from_eastern_chad_and_north_west_nigeria() {
    assert_ids(
        "Refugees reached Adre, in Chad's Ouaddai province. Lakurawa emerged in Sokoto.",
        &[
            ("Adre", "gn:245669"),
            ("Chad", "gn:2434508"),
            ("Ouaddai", "gn:242246"),
            ("Lakurawa", "grp:lakurawa"),
            ("Sokoto", "gn:2322911"),
        ],
    );
}

/// South Lebanon's border villages: "Kfar" opens a longer name ("Kfar
/// Hamam" is no Hamam), Khiam and Kfar Kila are found, and "Nawaf Salam" is
/// a person (not the Omani city Saham).
#[test]
fn south_lebanons_border_villages() {
    assert_ids(
        "Strikes hit Khiam, Kfar Kila and Kfar Hamam, Lebanon. Prime Minister Nawaf Salam \
         spoke.",
        &[("Khiam", "gz:khiam"), ("Kfar Kila", "gz:kfar-kila"), ("Lebanon", "gn:272103")],
    );
}
