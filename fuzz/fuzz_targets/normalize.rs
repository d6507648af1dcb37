//! The normaliser and its offset map, on arbitrary UTF-8.
//!
//! Checks what `gazet::text::normalize` promises: for any non-empty span
//! of the normalised text on its character boundaries, `original_span`
//! gives a span of the original that is in range, ordered (start <= end)
//! and on the original's UTF-8 boundaries. `normalize_key` and
//! `normalize_cased` must not panic, and the key comes out trimmed.
#![no_main]

use gazet::text::{normalize, normalize_cased, normalize_key};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, norm: &gazet::text::Normalized, start: usize, end: usize) {
    let (s, e) = norm.original_span(start, end);
    assert!(s <= e && e <= text.len(), "span {start}..{end} -> {s}..{e} of {}", text.len());
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "span {start}..{end} -> {s}..{e} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let norm = normalize(text);
    let out = norm.as_str();
    // Every character of the normalised text on its own.
    let bounds: Vec<usize> = out.char_indices().map(|(i, _)| i).chain([out.len()]).collect();
    for w in bounds.windows(2) {
        check_span(text, &norm, w[0], w[1]);
    }
    // Every space-separated word (what the matcher maps back), and the whole.
    let mut start = 0;
    for word in out.split(' ') {
        if !word.is_empty() {
            check_span(text, &norm, start, start + word.len());
        }
        start += word.len() + 1;
    }
    if !out.is_empty() {
        check_span(text, &norm, 0, out.len());
        // A few longer spans between boundaries picked from the input.
        let n = bounds.len();
        for (k, &b) in data.iter().take(16).enumerate() {
            let i = (b as usize + k * 7) % n;
            let j = (b as usize * 31 + k) % n;
            let (i, j) = (i.min(j), i.max(j));
            if i < j {
                check_span(text, &norm, bounds[i], bounds[j]);
            }
        }
    }
    let key = normalize_key(text);
    assert_eq!(key.trim(), key, "normalize_key must come out trimmed");
    let _ = normalize_cased(text);
});
