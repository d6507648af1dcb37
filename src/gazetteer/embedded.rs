//! The default gazetteer, compressed into the binary by `build.rs` so that
//! `gazet` needs no files beside it.

use std::io::Read;

include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));

/// The embedded gazetteer's version.
pub(crate) const VERSION: &str = include_str!("../../gazetteer/VERSION");

/// `(file name, contents)` of every embedded gazetteer file, decompressed.
pub(crate) fn files() -> impl Iterator<Item = (&'static str, String)> {
    FILES.iter().map(|(name, packed)| {
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(*packed)
            .read_to_string(&mut text)
            .expect("the embedded gazetteer was compressed from UTF-8 text by build.rs");
        (*name, text)
    })
}
