//! The gazetteer loader on arbitrary files: `GazetteerBuilder` with up to
//! four files, each its own layer (parts of the input split at byte 0xFF;
//! a part's first byte picks the file name, the rest is its text). Every
//! malformed file must come back as an error that names a file, never a
//! panic. A gazetteer that builds is then run over the input text, and
//! each mention's surface must be exactly its byte span of the text.
#![no_main]

use gazet::{Extractor, GazetteerBuilder};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "places.tsv",
    "groups.tsv",
    "aliases.tsv",
    "demonyms.tsv",
    "suppress.tsv",
    "english-words.tsv",
    "given-names.tsv",
    // Not a gazetteer file name: add_file must refuse it.
    "notes.txt",
];

fuzz_target!(
    init: {
        // No compiled-gazetteer cache file for every input.
        // SAFETY: set once, before anything reads the environment.
        unsafe { std::env::set_var("GAZET_NO_CACHE", "1") };
    },
    |data: &[u8]| {
        let mut builder = GazetteerBuilder::new().no_default();
        let mut article = String::new();
        for part in data.split(|&b| b == 0xFF).take(4) {
            let Some((&pick, text)) = part.split_first() else { continue };
            let name = NAMES[pick as usize % NAMES.len()];
            let text = String::from_utf8_lossy(text);
            article.push_str(&text);
            builder = match builder.add_file(name, &text) {
                Ok(b) => b,
                Err(e) => {
                    assert_eq!(name, "notes.txt", "add_file refused {name}: {e}");
                    return;
                }
            };
        }
        let gaz = match builder.build() {
            Ok(g) => g,
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    NAMES.iter().any(|n| msg.starts_with(n)) || msg.starts_with("gazetteer:"),
                    "error names no file: {msg}"
                );
                return;
            }
        };
        let text: String = article.chars().take(2000).collect();
        for m in Extractor::new(&gaz).extract(&text) {
            assert_eq!(text.get(m.start_byte..m.end_byte), Some(m.surface.as_str()));
        }
    }
);
