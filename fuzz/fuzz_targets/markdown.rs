//! The Markdown reader on arbitrary bytes: no panic; every error names
//! the file; an article's id is the file stem, its title (if any)
//! non-empty and trimmed, its text without trailing white space.
#![no_main]

use gazet::InputFormat;
use gazet::article::read_bytes;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("f.md");
    match read_bytes(path, data.to_vec(), InputFormat::Markdown) {
        Ok(a) => {
            assert_eq!(a.id, "f");
            assert_eq!(a.source, path);
            assert_eq!(a.line, None);
            if let Some(t) = &a.title {
                assert!(!t.is_empty() && t.trim() == t, "title {t:?}");
            }
            assert_eq!(a.text.trim_end(), a.text);
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("f.md: "), "error does not name the file: {msg}");
        }
    }
});
