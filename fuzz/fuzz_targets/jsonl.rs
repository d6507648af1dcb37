//! The JSONL reader on arbitrary bytes, read to the end: no panic; every
//! error names the file; articles come with increasing 1-based lines and
//! are no larger than the article size limit. The same bytes through
//! `ArticleReader::sniffed` (with a small read buffer) lose nothing:
//! either the same articles and errors as the JSONL reader, or one
//! plain-text article holding the whole input (or, for a plain-text input
//! over the limit, an error saying so).
//!
//! The read buffer and the limit (default 64 MiB, or a few bytes so the
//! limit is hit) are picked from the input's length.
#![no_main]

use gazet::InputFormat;
use gazet::article::{ArticleReader, MAX_ARTICLE_BYTES, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;
use std::io::{BufReader, Cursor};
use std::path::Path;

/// An article or error, as comparable text.
fn show(r: gazet::Result<gazet::Article>) -> String {
    match r {
        Ok(a) => format!("ok {:?} {:?} {:?} {:?} {:?}", a.id, a.line, a.title, a.text, a.encoding),
        Err(e) => format!("err {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("f.jsonl");
    let limit = [MAX_ARTICLE_BYTES, 1, 40, 300][(data.len() / 6) % 4];
    let opts = ReadOptions { max_article_bytes: limit, ..ReadOptions::default() };
    let rdr = ArticleReader::jsonl(path, Box::new(Cursor::new(data.to_vec())), &opts);
    let mut last_line = 0;
    let mut jsonl = Vec::new();
    for r in rdr {
        match &r {
            Ok(a) => {
                let line = a.line.expect("a JSONL article has a line");
                assert!(line > last_line, "line {line} after {last_line}");
                last_line = line;
                assert_eq!(a.source, path);
                assert!(a.text.len() as u64 <= limit, "article over the limit {limit}");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with("f.jsonl"), "error does not name the file: {msg}");
            }
        }
        jsonl.push(show(r));
    }

    let cap = [1, 2, 3, 7, 64, 1 << 16][data.len() % 6];
    let rdr = Box::new(BufReader::with_capacity(cap, Cursor::new(data.to_vec())));
    match ArticleReader::sniffed(path, rdr, InputFormat::Text, &opts) {
        Ok(sniffed) => {
            let sniffed: Vec<String> = sniffed.map(show).collect();
            let whole = || [show(read_bytes(path, data.to_vec(), InputFormat::Text))];
            assert!(
                sniffed == jsonl || sniffed == whole(),
                "sniffing lost or changed something (buffer {cap}, limit {limit})"
            );
        }
        Err(e) => {
            // Only a plain-text stream over the limit is refused up front.
            assert!(data.len() as u64 > limit, "sniffed refused {} bytes: {e}", data.len());
            assert!(e.to_string().starts_with("f.jsonl: "), "error does not name the file: {e}");
        }
    }
});
