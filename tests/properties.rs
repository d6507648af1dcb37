//! Property tests, for any text:
//! - every reported span slices the original text to its surface, by
//!   characters and by bytes, and spans are in order and never overlap;
//! - the CSV rows written parse back to the same values (with formula
//!   cells neutralised by a leading `'`, or as they are);
//! - the GeoJSON written is valid RFC 7946 that the geojson crate reads
//!   back, with every point inside its collection's bbox.

use gazet::article::{Article, Encoding};
use gazet::write::csv::{MENTION_COLUMNS, TableWriter, neutralize};
use gazet::write::geojson::{RunPlaces, article_collection};
use gazet::write::{MentionRecord, summarize};
use gazet::{Extractor, Gazetteer, GazetteerBuilder};
use proptest::prelude::*;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gazetteer");
        GazetteerBuilder::new().no_default().add_dir(dir.as_ref()).unwrap().build().unwrap()
    })
}

/// Pieces that exercise the normaliser: names in odd forms, marks,
/// apostrophes, dashes, odd white space, and random characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Raqqah",
            "RAQQAH",
            "raqqa",
            "Raqqāh",
            "Raqqa\u{0301}",
            "Raqqah's",
            "Raqqah\u{2019}s",
            "Deir Ezzor",
            "DEIR\u{00A0}EZZOR",
            "Deir\nez\u{2013}Zor",
            "ISIS-held",
            "IS",
            "US",
            "U.S.",
            "Ḩalab",
            "\u{02BF}Halab",
            "Syrian",
            "Iraqi",
            "Hit",
            "New Yorker",
            "ﬁ",
            "ß",
            "İstanbul",
            "\u{00AD}",
            "\u{200B}",
            "\u{FEFF}",
            "'",
            "’",
            "ʿ",
            " ",
            "\t",
            "\r\n",
            "  ",
            ".",
            "—",
            "“",
            "”",
            "\u{0300}",
            "\u{0640}",
            "ǅ",
            "ﾃ",
            "𝔄",
            "🙂",
            ",",
            "\"",
            "\"\"",
            "\n",
            "=",
            "+",
            "-",
            "@",
            "=HYPERLINK(\"x\")",
            ";",
            "\\",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-zA-Z ]{1,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
}

/// The mention rows of `text` as a CSV table, and the records they came
/// from, as strings in column order (`None` is an empty cell).
fn csv_round_trip(text: &str, keep_formulas: bool) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let gaz = gazetteer();
    let id = format!("-{}", text.chars().take(8).collect::<String>());
    let mentions = Extractor::new(gaz).extract(text);
    let mut out =
        TableWriter::new(Vec::new(), MENTION_COLUMNS).unwrap().keep_formulas(keep_formulas);
    out.mentions(gaz, &id, &mentions).unwrap();
    let bytes = out.into_inner().unwrap();
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(rdr.headers().unwrap().iter().collect::<Vec<_>>(), MENTION_COLUMNS);
    let read: Vec<Vec<String>> =
        rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let want = mentions
        .iter()
        .map(|m| {
            let value = serde_json::to_value(MentionRecord::new(gaz, &id, m)).unwrap();
            let obj = value.as_object().unwrap();
            MENTION_COLUMNS
                .iter()
                .map(|c| match &obj[*c] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) if keep_formulas => s.clone(),
                    serde_json::Value::String(s) => neutralize(s).into_owned(),
                    serde_json::Value::Number(n) => {
                        // The CSV writes 10.0 where JSON writes 10.0 too,
                        // and integers alike; compare as numbers.
                        n.as_f64().unwrap().to_string()
                    }
                    other => panic!("{c}: {other}"),
                })
                .collect()
        })
        .collect();
    (read, want)
}

/// Numeric cells compared as numbers, the rest as text.
fn normalise_numbers(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c.parse::<f64>() {
                    Ok(x) if !c.is_empty() && c.trim() == c => x.to_string(),
                    _ => c,
                })
                .collect()
        })
        .collect()
}

/// Checks a serialised FeatureCollection against RFC 7946 as a map tool
/// reads it.
fn check_geojson(json: &str) -> Result<usize, TestCaseError> {
    let gj: geojson::GeoJson = json.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(TestCaseError::fail("not a FeatureCollection"));
    };
    let raw: serde_json::Value = serde_json::from_str(json).unwrap();
    prop_assert!(raw.get("crs").is_none(), "RFC 7946 has no crs");
    for f in &fc.features {
        let Some(geojson::Geometry {
            value: geojson::GeometryValue::Point { coordinates: p }, ..
        }) = &f.geometry
        else {
            return Err(TestCaseError::fail("a feature without a point"));
        };
        let (lon, lat) = (p[0], p[1]);
        prop_assert!(lon.is_finite() && lat.is_finite());
        prop_assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        let bbox = fc.bbox.as_ref().expect("a bbox when there are features");
        prop_assert!(bbox[0] <= lon && lon <= bbox[2] && bbox[1] <= lat && lat <= bbox[3]);
        prop_assert!(f.properties.as_ref().is_some_and(|p| p.contains_key("name")));
    }
    Ok(fc.features.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_slice_the_original(pieces in prop::collection::vec(piece(), 0..40)) {
        let text: String = pieces.concat();
        let mentions = Extractor::new(gazetteer()).extract(&text);
        let chars: Vec<char> = text.chars().collect();
        let mut last_end = 0;
        for m in &mentions {
            prop_assert!(text.is_char_boundary(m.start_byte) && text.is_char_boundary(m.end_byte));
            prop_assert_eq!(&text[m.start_byte..m.end_byte], m.surface.as_str());
            let by_chars: String = chars[m.start..m.end].iter().collect();
            prop_assert_eq!(by_chars, m.surface.clone());
            prop_assert!(m.start_byte >= last_end, "overlap in {:?}", text);
            prop_assert!(!m.surface.is_empty());
            prop_assert!(!m.context.contains('\n'));
            last_end = m.end_byte;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn csv_rows_parse_back_to_the_same_values(text in text(), keep in any::<bool>()) {
        let (read, want) = csv_round_trip(&text, keep);
        prop_assert_eq!(normalise_numbers(read), normalise_numbers(want));
    }

    #[test]
    fn geojson_always_validates(texts in prop::collection::vec(text(), 1..4)) {
        let gaz = gazetteer();
        let ex = Extractor::new(gaz);
        let mut run = RunPlaces::new();
        for (i, text) in texts.iter().enumerate() {
            let article = Article {
                id: format!("a{i}"),
                source: "a.txt".into(),
                line: None,
                title: None,
                text: text.clone(),
                encoding: Encoding::Utf8,
            };
            let analysis = ex.analyze(&article);
            let summaries = summarize(gaz, &analysis.mentions);
            let fc = article_collection(gaz, &article.id, &summaries, &analysis.focus);
            check_geojson(&serde_json::to_string(&fc).unwrap())?;
            run.add(&article.id, &summaries, &analysis.focus);
        }
        check_geojson(&serde_json::to_string(&run.collection(gaz)).unwrap())?;
    }
}

/// The pieces above do produce mentions, so the property is not vacuous.
#[test]
fn pieces_produce_mentions() {
    let text = "RAQQAH’s \u{02BF}Halab and Raqqa\u{0301}'s ISIS-held DEIR\u{00A0}EZZOR";
    let got: Vec<String> =
        Extractor::new(gazetteer()).extract(text).into_iter().map(|m| m.surface).collect();
    assert_eq!(got, ["RAQQAH", "\u{02BF}Halab", "Raqqa\u{0301}", "ISIS", "DEIR\u{00A0}EZZOR"]);
}
