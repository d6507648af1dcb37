//! Table-driven matcher tests: a few gazetteer rows, a text, and the
//! mentions expected in it (surface, character start, entity id, type).

use gazet::{Extractor, GazetteerBuilder, MentionType};

/// Gazetteer rows in a compact form, one per line, fields split by `|`:
/// `place|id|name|kind|country|lat|lon|population|flags`,
/// `group|id|name|kind`, `alias|id|text|flags`, `demonym|text|id|flags`,
/// `suppress|name|id`.
struct Case {
    name: &'static str,
    rows: &'static str,
    text: &'static str,
    want: &'static [(&'static str, usize, &'static str, MentionType)],
}

use MentionType::{Demonym as D, Group as G, Place as P};

const BASE: &str = "
place|sy|Syria|country|SY|35|38|0|
place|iq|Iraq|country|IQ|33|44|0|
place|ru|Russia|country|RU|60|100|0|
place|us|United States|country|US|38|-97|0|
alias|us|US|case,word
alias|us|U.S.|
place|raqqa|Raqqa|city|SY|35.95|39.01|177000|
alias|raqqa|Raqqah|
place|raqqa-gov|Raqqa|admin1|SY|35.9|38.9|0|
alias|raqqa-gov|Raqqah|
group|isis|Islamic State|armed_group
alias|isis|ISIS|case
alias|isis|IS|case,word
alias|isis|Daesh|
group|sdf|Syrian Democratic Forces|armed_group
alias|sdf|SDF|case
group|rcc|Raqqa Civil Council|political_body
alias|rcc|Raqqah Civil Council|
demonym|Syrian|sy|
demonym|Iraqi|iq|
group|saa|Syrian Arab Army|state_force
alias|saa|Syrian military|
alias|saa|SAA|case
";

const CASES: &[Case] = &[
    Case {
        name: "whole words only",
        rows: BASE,
        text: "Iraqi troops left Iraq; Syriana is a film.",
        want: &[("Iraqi", 0, "iq", D), ("Iraq", 18, "iq", P)],
    },
    Case {
        name: "possessives and hyphen compounds",
        rows: BASE,
        text: "Russia's envoy met ISIS-held towns' US-backed, SDF-linked units.",
        want: &[
            ("Russia", 0, "ru", P),
            ("ISIS", 19, "isis", G),
            ("US", 36, "us", P),
            ("SDF", 47, "sdf", G),
        ],
    },
    Case {
        name: "all-caps headline matches names but not the word IS",
        rows: BASE,
        text: "COALITION IS GOING TO LET ISIS LEAVE RAQQAH",
        want: &[("ISIS", 26, "isis", G), ("RAQQAH", 37, "raqqa", P)],
    },
    Case {
        name: "case-sensitive acronyms",
        rows: BASE,
        text: "Tell us: is IS in Raqqa? Us too. US officials agree.",
        want: &[("IS", 12, "isis", G), ("Raqqa", 18, "raqqa", P), ("US", 33, "us", P)],
    },
    Case {
        name: "nested names: the longest wins",
        rows: BASE,
        text: "The Raqqah Civil Council and the Syrian Democratic Forces met Syrian envoys.",
        want: &[
            ("Raqqah Civil Council", 4, "rcc", G),
            ("Syrian Democratic Forces", 33, "sdf", G),
            ("Syrian", 62, "sy", D),
        ],
    },
    Case {
        name: "a descriptive group name used as a modifier falls back to the demonym",
        rows: BASE,
        text: "The Syrian military said a Syrian military helicopter hit SAA lines.",
        want: &[("Syrian military", 4, "saa", G), ("Syrian", 27, "sy", D), ("SAA", 58, "saa", G)],
    },
    Case {
        name: "a suppressed name is not matched",
        rows: "
place|sy|Syria|country|SY|35|38|0|
place|reading|Reading|city|GB|51.45|-0.97|300000|
suppress|Reading|
",
        text: "Reading about Syria.",
        want: &[("Syria", 14, "sy", P)],
    },
    Case {
        name: "a machine transliteration needs a capital",
        rows: "
place|raqqa|Raqqa|city|SY|35.95|39.01|177000|
alias|raqqa|alrqt|translit
",
        text: "alrqt and Alrqt",
        want: &[("Alrqt", 10, "raqqa", P)],
    },
    Case {
        name: "a longest match that fails the boundary does not hide a shorter one",
        rows: "
place|ny|New York|city|US|40.7|-74|8000000|
place|york|York|city|GB|53.96|-1.08|150000|
place|nyc|New York City|city|US|40.7|-74|8000000|
",
        text: "A New Yorker in New York Citya.",
        want: &[("New York", 16, "ny", P)],
    },
    Case {
        name: "diacritics, apostrophes and case fold",
        rows: "
place|ayn|Ayn Isa|town|SY|36.38|38.86|0|
alias|ayn|‘Ayn ‘Īsá|
place|hayat|Hayat|village|SY|35|38|0|
",
        text: "From AYN ISA to ʿAyn ʿĪsā and Ḥayat, not Hay'atx.",
        want: &[("AYN ISA", 5, "ayn", P), ("ʿAyn ʿĪsā", 16, "ayn", P), ("Ḥayat", 30, "hayat", P)],
    },
    Case {
        name: "common-word place names need a capital, no sentence start, and their country",
        rows: "
place|iq|Iraq|country|IQ|33|44|0|
place|hit|Hit|town|IQ|33.64|42.83|45000|
alias|hit|Hit|word
",
        text: "Hit was shelled. Strikes hit Hit, in Iraq. HIT AGAIN IN HIT",
        want: &[("Hit", 29, "hit", P), ("Iraq", 37, "iq", P)],
    },
    Case {
        name: "common-word place names stay silent without their country",
        rows: "
place|hit|Hit|town|IQ|33.64|42.83|45000|
alias|hit|Hit|word
",
        text: "Strikes near Hit.",
        want: &[],
    },
    Case {
        name: "qualifiers choose city or province",
        rows: BASE,
        text: "Fighting in Raqqah province spread to Raqqah city.",
        want: &[("Raqqah", 12, "raqqa-gov", P), ("Raqqah", 38, "raqqa", P)],
    },
    Case {
        name: "one surface, one entity per article",
        rows: BASE,
        text: "Raqqah fell. Later, Raqqah city was cleared.",
        want: &[("Raqqah", 0, "raqqa", P), ("Raqqah", 20, "raqqa", P)],
    },
    Case {
        name: "names across a line break and punctuation",
        rows: BASE,
        text: "“Islamic\nState” fighters — and U.S. aircraft.",
        want: &[("Islamic\nState", 1, "isis", G), ("U.S.", 31, "us", P)],
    },
];

/// Turns the compact rows into a gazetteer.
fn gazetteer(rows: &str) -> gazet::Gazetteer {
    let mut places = String::from("id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n");
    let mut groups = String::from("id\tname\tkind\tcountry\tparent\tactive\n");
    let mut aliases = String::from("id\talias\tflags\n");
    let mut demonyms = String::from("demonym\tid\tflags\n");
    let mut suppress = String::from("name\tid\n");
    for line in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('|').collect();
        match f[0] {
            "place" => places.push_str(&format!(
                "{}\t{}\t{}\t{}\t\t{}\t{}\t{}\t{}\n",
                f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]
            )),
            "group" => groups.push_str(&format!("{}\t{}\t{}\t\t\t\n", f[1], f[2], f[3])),
            "alias" => aliases.push_str(&format!("{}\t{}\t{}\n", f[1], f[2], f[3])),
            "demonym" => demonyms.push_str(&format!("{}\t{}\t{}\n", f[1], f[2], f[3])),
            "suppress" => suppress.push_str(&format!("{}\t{}\n", f[1], f[2])),
            other => panic!("unknown row type {other}"),
        }
    }
    GazetteerBuilder::new()
        .no_default()
        .add_file("places.tsv", &places)
        .and_then(|b| b.add_file("groups.tsv", &groups))
        .and_then(|b| b.add_file("aliases.tsv", &aliases))
        .and_then(|b| b.add_file("demonyms.tsv", &demonyms))
        .and_then(|b| b.add_file("suppress.tsv", &suppress))
        .and_then(|b| b.build())
        .unwrap()
}

#[test]
fn matcher_table() {
    let mut failures = Vec::new();
    for case in CASES {
        let gaz = gazetteer(case.rows);
        let got: Vec<(String, usize, String, MentionType)> = Extractor::new(&gaz)
            .extract(case.text)
            .into_iter()
            .map(|m| {
                (m.surface.clone(), m.start, gaz.entry(m.entry).id.to_string(), m.mention_type)
            })
            .collect();
        let want: Vec<(String, usize, String, MentionType)> =
            case.want.iter().map(|&(s, i, id, t)| (s.to_string(), i, id.to_string(), t)).collect();
        if got != want {
            failures.push(format!(
                "{}:\n  text: {:?}\n  want: {want:?}\n  got:  {got:?}",
                case.name, case.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
