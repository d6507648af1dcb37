//! The HTML reader on arbitrary bytes: no panic; every error names the
//! file; an article's id is the file stem, its title (if any) non-empty
//! and trimmed, its text without trailing white space.
//!
//! The same bytes read as plain text check the decoder's promises: UTF-8
//! comes back as it is (a byte-order mark dropped), and Windows-1252 is
//! only guessed for bytes that are not UTF-8.
#![no_main]

use gazet::article::{Encoding, read_bytes};
use gazet::{Article, InputFormat};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn check(path: &Path, stem: &str, r: &gazet::Result<Article>) {
    match r {
        Ok(a) => {
            assert_eq!(a.id, stem);
            assert_eq!(a.source, path);
            assert_eq!(a.line, None);
            if let Some(t) = &a.title {
                assert!(!t.is_empty() && t.trim() == t, "title {t:?}");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            let file = path.display().to_string();
            assert!(msg.starts_with(&(file + ": ")), "error does not name the file: {msg}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("f.html");
    let html = read_bytes(path, data.to_vec(), InputFormat::Html);
    check(path, "f", &html);
    if let Ok(a) = &html {
        assert_eq!(a.text.trim_end(), a.text);
    }

    let path = Path::new("g.txt");
    let text = read_bytes(path, data.to_vec(), InputFormat::Text);
    check(path, "g", &text);
    if let Ok(a) = &text {
        match a.encoding {
            Encoding::Utf8 => assert_eq!(a.text.as_bytes(), data),
            Encoding::Utf8Bom => assert_eq!(a.text.as_bytes(), &data[3..]),
            Encoding::Windows1252 => assert!(std::str::from_utf8(data).is_err()),
            Encoding::Utf16Le | Encoding::Utf16Be => {}
        }
        // Same bytes, same decoding, whatever the format.
        assert_eq!(html.as_ref().map(|h| h.encoding).ok(), Some(a.encoding));
    } else {
        assert!(html.is_err(), "decodes as HTML but not as text");
    }
});
