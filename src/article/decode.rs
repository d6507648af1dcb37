//! Bytes to text: the encodings scraped articles come in, and the files
//! that are not text at all.
//!
//! - UTF-8, with or without a byte-order mark (the mark is dropped).
//! - UTF-16 (LE or BE) with a byte-order mark.
//! - Windows-1252, when the bytes are not UTF-8 and hold no UTF-8
//!   character at all (the usual case of a legacy page), and no byte that
//!   Windows-1252 leaves undefined.
//! - Anything else is refused, naming the byte: binary files (a NUL byte
//!   or a known file signature), UTF-16 without a mark, and UTF-8 with
//!   broken sequences among good ones (decoding that lossily would hide
//!   the damage; it is reported instead).

use crate::{Error, Result};
use std::path::Path;

/// How an input's bytes were read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (the default).
    #[default]
    Utf8,
    /// UTF-8 that began with a byte-order mark, which is not part of the
    /// text (offsets count from after it).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1252, detected because the bytes are not UTF-8.
    Windows1252,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// File signatures of binary formats a scrape is likely to hold.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"\x1F\x8B", "a gzip file"),
    (b"BZh", "a bzip2 file"),
    (b"\xFD7zXZ\x00", "an xz file"),
    (b"\x28\xB5\x2F\xFD", "a zstd file"),
    (b"\x7FELF", "an executable"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Office document"),
];

/// Decodes a whole input file (or stream) to text.
///
/// # Errors
/// An [`Error::Utf8`] naming the first bad byte, or an [`Error::Input`]
/// saying what the bytes are instead of text.
pub fn decode(source: &Path, mut bytes: Vec<u8>) -> Result<(String, Encoding)> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        return utf8(source, bytes, UTF8_BOM.len() as u64).map(|s| (s, Encoding::Utf8Bom));
    }
    if let Some(big_endian) = utf16_bom(&bytes) {
        let enc = if big_endian { Encoding::Utf16Be } else { Encoding::Utf16Le };
        return utf16(source, &bytes[2..], big_endian).map(|s| (s, enc));
    }
    binary_check(source, &bytes)?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, Encoding::Utf8)),
        Err(e) => {
            let bytes = e.into_bytes();
            match windows_1252(&bytes) {
                Some(s) => Ok((s, Encoding::Windows1252)),
                None => Err(utf8_error(source, &bytes, 0)),
            }
        }
    }
}

/// `Some(true)` for a big-endian UTF-16 byte-order mark, `Some(false)` for
/// a little-endian one.
pub(super) fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

/// `bytes` as UTF-8; errors name the byte, counting `offset` bytes before.
pub(super) fn utf8(source: &Path, bytes: Vec<u8>, offset: u64) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| utf8_error(source, e.as_bytes(), offset))
}

fn utf8_error(source: &Path, bytes: &[u8], offset: u64) -> Error {
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    Error::Utf8 { path: source.to_path_buf(), byte: offset + valid as u64 }
}

fn utf16(source: &Path, bytes: &[u8], big_endian: bool) -> Result<String> {
    let units = bytes.chunks(2).map(|c| match (c, big_endian) {
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        // An odd last byte: not a code unit, refused below.
        _ => 0xDC00,
    });
    let mut text = String::with_capacity(bytes.len());
    let mut at = 2u64;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16() as u64;
            }
            Err(_) => {
                let what = if bytes.len() % 2 == 1 && at as usize == bytes.len() + 1 {
                    "an odd number of bytes".to_string()
                } else {
                    "a broken surrogate pair".to_string()
                };
                let enc = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
                return Err(Error::input(
                    source,
                    None,
                    format!("not valid {enc} at byte {at}: {what}"),
                ));
            }
        }
    }
    Ok(text)
}

/// Refuses bytes that are not text: a known binary signature, or a NUL
/// byte (which no text file holds); UTF-16 without a byte-order mark gets
/// its own message.
fn binary_check(source: &Path, bytes: &[u8]) -> Result<()> {
    let signature = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic));
    let nul = bytes.iter().position(|&b| b == 0);
    let message = match (signature, nul) {
        (Some((_, what)), _) => format!("binary data, not text: {what}"),
        (None, Some(at)) if looks_like_utf16(bytes) => format!(
            "looks like UTF-16 without a byte-order mark (NUL byte at byte {at}); \
             convert it to UTF-8 (iconv -f UTF-16LE -t UTF-8)"
        ),
        (None, Some(at)) => format!("binary data, not text (NUL byte at byte {at})"),
        (None, None) => return Ok(()),
    };
    Err(Error::input(source, None, message))
}

/// Whether the first KB has a NUL in most odd or most even positions, as
/// UTF-16 text in a Latin script does.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let pairs = head.len() / 2;
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    pairs >= 4 && (zeros(0) * 10 >= pairs * 8 || zeros(1) * 10 >= pairs * 8)
}

/// Windows-1252's characters for bytes 0x80 to 0x9F (`None`: undefined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// `bytes` (known not to be UTF-8) as Windows-1252, if they look like it:
/// no UTF-8 character of two or more bytes among them (text that has some
/// is damaged UTF-8, not another encoding) and no undefined byte.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    let has_utf8_char = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_utf8_char {
        return None;
    }
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            // Latin-1 and ASCII: the byte is the code point.
            _ => Some(char::from(b)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<(String, Encoding)> {
        decode(Path::new("a.txt"), bytes.to_vec())
    }

    fn err(bytes: &[u8]) -> String {
        dec(bytes).unwrap_err().to_string()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec(b"Raqqa").unwrap(), ("Raqqa".into(), Encoding::Utf8));
        assert_eq!(dec(b"\xEF\xBB\xBFRaqqa").unwrap(), ("Raqqa".into(), Encoding::Utf8Bom));
        assert_eq!(dec(b"").unwrap(), (String::new(), Encoding::Utf8));
        // The bad byte is counted from the start of the file, mark included.
        assert_eq!(err(b"\xEF\xBB\xBFRaqqa \xC3\xA9 \xFF"), "a.txt: not valid UTF-8 at byte 12");
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Dayr az Zawr — دير".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(dec(&le).unwrap(), ("Dayr az Zawr — دير".into(), Encoding::Utf16Le));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Raqqa".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(dec(&be).unwrap(), ("Raqqa".into(), Encoding::Utf16Be));
        assert_eq!(
            err(&le[..le.len() - 1]),
            "a.txt: not valid UTF-16LE at byte 36: an odd number of bytes"
        );
        // A lone high surrogate at bytes 4-5.
        assert_eq!(
            err(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]),
            "a.txt: not valid UTF-16LE at byte 4: a broken surrogate pair"
        );
    }

    #[test]
    fn windows_1252_is_detected() {
        let (text, enc) = dec(b"Caf\xE9 in Homs \x96 \x93Raqqa\x94").unwrap();
        assert_eq!((text.as_str(), enc), ("Café in Homs – “Raqqa”", Encoding::Windows1252));
    }

    #[test]
    fn damaged_utf8_is_refused_not_guessed() {
        // A good "é" and a bad byte: UTF-8 with damage, not Windows-1252.
        assert_eq!(err(b"Caf\xC3\xA9 \xFF"), "a.txt: not valid UTF-8 at byte 6");
        // 0x81 is undefined in Windows-1252.
        assert_eq!(err(b"abc \x81"), "a.txt: not valid UTF-8 at byte 4");
    }

    #[test]
    fn binary_is_refused_with_what_it_is() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(err(png), "a.txt: binary data, not text: a PNG image");
        assert_eq!(err(b"text\x00more"), "a.txt: binary data, not text (NUL byte at byte 4)");
        let le16: Vec<u8> = "Raqqa and Tabqa".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(err(&le16).starts_with("a.txt: looks like UTF-16 without a byte-order mark"));
    }
}
