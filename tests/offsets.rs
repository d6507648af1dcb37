//! Property test: for any text, every reported span slices the original
//! text to its surface, by characters and by bytes, and spans are in order
//! and never overlap.

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
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-zA-Z ]{1,8}",
    ]
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

/// The pieces above do produce mentions, so the property is not vacuous.
#[test]
fn pieces_produce_mentions() {
    let text = "RAQQAH’s \u{02BF}Halab and Raqqa\u{0301}'s ISIS-held DEIR\u{00A0}EZZOR";
    let got: Vec<String> =
        Extractor::new(gazetteer()).extract(text).into_iter().map(|m| m.surface).collect();
    assert_eq!(got, ["RAQQAH", "\u{02BF}Halab", "Raqqa\u{0301}", "ISIS", "DEIR\u{00A0}EZZOR"]);
}
