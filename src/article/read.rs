//! Reading articles from files and byte streams.

use super::decode::{UTF8_BOM, decode, utf8, utf16_bom};
use super::{Article, Encoding, InputFormat, html, markdown};
use crate::{Error, Result};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// The JSONL field names: `--id-field` and `--text-field`.
#[derive(Clone, Debug)]
pub struct JsonlFields {
    /// Field holding the article id (default `id`).
    pub id: String,
    /// Field holding the article text (default `text`).
    pub text: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields { id: "id".into(), text: "text".into() }
    }
}

/// How inputs are read: the JSONL field names and the size limit.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The JSONL field names.
    pub fields: JsonlFields,
    /// The largest article accepted, in bytes: a file, a JSONL line or
    /// standard input. A larger one is an error, so that one runaway input
    /// cannot exhaust memory in a batch.
    pub max_article_bytes: u64,
}

/// The default of [`ReadOptions::max_article_bytes`]: 64 MiB, far beyond
/// any news article.
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { fields: JsonlFields::default(), max_article_bytes: MAX_ARTICLE_BYTES }
    }
}

/// The id a file gives its article: its stem ("stdin" for `-`).
fn file_id(source: &Path) -> String {
    if source == Path::new("-") {
        return "stdin".into();
    }
    source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "article".into())
}

/// Reads one non-JSONL article from the whole contents of a file, in
/// any encoding [`decode`](super::decode) knows.
///
/// # Errors
/// If the bytes are not text (naming the first bad byte, or what they are
/// instead).
pub fn read_bytes(source: &Path, bytes: Vec<u8>, format: InputFormat) -> Result<Article> {
    let (raw, encoding) = decode(source, bytes)?;
    let (title, text) = match format {
        InputFormat::Html => html::extract(&raw),
        InputFormat::Markdown => markdown::extract(&raw),
        InputFormat::Text | InputFormat::Jsonl => (None, raw),
    };
    Ok(Article {
        id: file_id(source),
        source: source.to_path_buf(),
        line: None,
        title,
        text,
        encoding,
    })
}

/// The error for an article over the limit; `size` when it is known.
fn too_large(source: &Path, line: Option<u64>, size: Option<u64>, limit: u64) -> Error {
    let size = match size {
        Some(size) => format!("an article of {}", human_size(size)),
        None => "an article".to_string(),
    };
    let limit = human_size(limit);
    Error::input(source, line, format!("{size} is over the limit of {limit} (--max-article-mb)"))
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// Reads all of `rdr`, up to `limit` bytes.
fn read_all(source: &Path, rdr: impl Read, limit: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    rdr.take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(|e| Error::io(source, e))?;
    if buf.len() as u64 > limit {
        return Err(too_large(source, None, None, limit));
    }
    Ok(buf)
}

/// The articles of one input: a single article, or one per JSONL line.
///
/// JSONL is read a line at a time, so a large file is never held whole.
pub struct ArticleReader {
    source: PathBuf,
    inner: Inner,
}

enum Inner {
    Single {
        article: Option<Result<Article>>,
        len: u64,
    },
    Jsonl {
        rdr: Box<dyn BufRead + Send>,
        fields: JsonlFields,
        limit: u64,
        line: u64,
        offset: u64,
        done: bool,
    },
}

/// A buffered reader of the file at `path`, or of standard input for `-`.
fn buffered(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    Ok(if path == Path::new("-") {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    })
}

impl ArticleReader {
    /// Reads the file at `path` (or standard input for `-`) in `format`.
    ///
    /// # Errors
    /// If the file cannot be opened (JSONL), or read or is larger than the
    /// limit (other formats).
    pub fn open(path: &Path, format: InputFormat, opts: &ReadOptions) -> Result<ArticleReader> {
        if format == InputFormat::Jsonl {
            return Ok(ArticleReader::jsonl(path, buffered(path)?, opts));
        }
        let limit = opts.max_article_bytes;
        if path != Path::new("-") {
            // Refused before a byte is read.
            let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
            if size > limit {
                return Err(too_large(path, None, Some(size), limit));
            }
        }
        let bytes = read_all(path, buffered(path)?, limit)?;
        Ok(ArticleReader::single(path, bytes, format))
    }

    /// Reads the file at `path` (or standard input for `-`) whose format
    /// is not known, going by its content: JSON lines when its first
    /// non-white-space byte is `{` and its first non-blank line parses as
    /// JSON, else one article in `fallback`. Nothing is lost to the
    /// sniffing, and JSONL is still read a line at a time, so a stream is
    /// never held whole.
    ///
    /// # Errors
    /// If the file cannot be opened or read.
    pub fn open_sniffed(
        path: &Path,
        fallback: InputFormat,
        opts: &ReadOptions,
    ) -> Result<ArticleReader> {
        ArticleReader::sniffed(path, buffered(path)?, fallback, opts)
    }

    /// Articles from any reader whose format is not known, decided as
    /// [`ArticleReader::open_sniffed`] does: JSON lines, else one article
    /// in `fallback` (the whole stream). `source` names it in errors.
    ///
    /// # Errors
    /// If the reader fails, or the stream is a single article larger than
    /// the limit.
    pub fn sniffed(
        source: &Path,
        rdr: Box<dyn BufRead + Send>,
        fallback: InputFormat,
        opts: &ReadOptions,
    ) -> Result<ArticleReader> {
        let (is_jsonl, rdr) =
            sniff_jsonl(rdr, opts.max_article_bytes).map_err(|e| Error::io(source, e))?;
        if is_jsonl {
            return Ok(ArticleReader::jsonl(source, rdr, opts));
        }
        let bytes = read_all(source, rdr, opts.max_article_bytes)?;
        Ok(ArticleReader::single(source, bytes, fallback))
    }

    /// Bytes of the input read so far: all of it for a single article,
    /// up to the end of the last line returned for JSONL.
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Single { len, .. } => *len,
            Inner::Jsonl { offset, .. } => *offset,
        }
    }

    fn single(source: &Path, bytes: Vec<u8>, format: InputFormat) -> ArticleReader {
        let len = bytes.len() as u64;
        ArticleReader {
            source: source.to_path_buf(),
            inner: Inner::Single { article: Some(read_bytes(source, bytes, format)), len },
        }
    }

    /// JSONL articles from any reader; `source` names it in errors.
    pub fn jsonl(source: &Path, rdr: Box<dyn BufRead + Send>, opts: &ReadOptions) -> ArticleReader {
        ArticleReader {
            source: source.to_path_buf(),
            inner: Inner::Jsonl {
                rdr,
                fields: opts.fields.clone(),
                limit: opts.max_article_bytes,
                line: 0,
                offset: 0,
                done: false,
            },
        }
    }
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `limit`
/// bytes of it; the rest of a longer line is read and dropped, never held.
/// Returns the bytes consumed and whether the line was cut.
fn read_line_limited(
    rdr: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<(u64, bool)> {
    let (mut consumed, mut cut) = (0u64, false);
    loop {
        let chunk = rdr.fill_buf()?;
        if chunk.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = usize::try_from(limit.saturating_sub(buf.len() as u64)).unwrap_or(usize::MAX);
        if take > room {
            cut = true;
        }
        if !cut {
            buf.extend_from_slice(&chunk[..take]);
        }
        rdr.consume(take);
        consumed += take as u64;
        if end {
            return Ok((consumed, cut));
        }
    }
}

/// Whether a stream holds JSON lines: its first non-white-space byte is
/// `{` and its first non-blank line parses as JSON (so, an object).
///
/// Returns the verdict and a reader that yields every byte of the stream
/// from the start: the decision is made on what [`BufRead::fill_buf`]
/// shows when it can, and otherwise on the first non-blank line, which is
/// read and then put back in front of the rest. It blocks until that much
/// of the stream has arrived (or it ends).
fn sniff_jsonl(
    mut rdr: Box<dyn BufRead + Send>,
    limit: u64,
) -> std::io::Result<(bool, Box<dyn BufRead + Send>)> {
    let peek = rdr.fill_buf()?;
    match peek.iter().find(|b| !b.is_ascii_whitespace()) {
        // Text, or nothing at all: decided without reading a byte.
        Some(b) if *b != b'{' && *b != UTF8_BOM[0] => return Ok((false, rdr)),
        None if peek.is_empty() => return Ok((false, rdr)),
        // `{`, a byte-order mark, or only white space so far: the first
        // non-blank line decides.
        _ => {}
    }
    let mut head = Vec::new();
    let mut start = 0;
    let mut is_jsonl = false;
    loop {
        let room = limit.saturating_sub(head.len() as u64).saturating_add(1);
        if rdr.by_ref().take(room).read_until(b'\n', &mut head)? == 0 {
            break;
        }
        let line = &head[start..];
        let line = if start == 0 { line.strip_prefix(UTF8_BOM).unwrap_or(line) } else { line };
        if let Some(first) = line.iter().find(|b| !b.is_ascii_whitespace()) {
            // A first line beyond the limit is JSONL's to report.
            let whole = head.len() as u64 <= limit;
            is_jsonl = *first == b'{'
                && (!whole || serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok());
            break;
        }
        start = head.len();
    }
    Ok((is_jsonl, Box::new(std::io::Cursor::new(head).chain(rdr))))
}

impl Iterator for ArticleReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        match &mut self.inner {
            Inner::Single { article, .. } => article.take(),
            Inner::Jsonl { rdr, fields, limit, line, offset, done } => loop {
                if *done {
                    return None;
                }
                let mut buf = Vec::new();
                let (n, cut) = match read_line_limited(rdr, &mut buf, *limit) {
                    Ok(read) => read,
                    Err(e) => {
                        *done = true;
                        return Some(Err(Error::io(&self.source, e)));
                    }
                };
                if n == 0 {
                    *done = true;
                    return None;
                }
                *line += 1;
                let start = *offset;
                *offset += n;
                if cut {
                    return Some(Err(too_large(&self.source, Some(*line), Some(n), *limit)));
                }
                if *line == 1 {
                    if utf16_bom(&buf).is_some() {
                        *done = true;
                        let msg = "UTF-16 JSON lines are not read; convert them to UTF-8 \
                                   (iconv -f UTF-16 -t UTF-8)";
                        return Some(Err(Error::input(&self.source, Some(1), msg)));
                    }
                    if buf.starts_with(UTF8_BOM) {
                        buf.drain(..UTF8_BOM.len());
                    }
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let at = start + (n - buf.len() as u64);
                return Some(jsonl_article(&self.source, buf, *line, at, fields));
            },
        }
    }
}

fn jsonl_article(
    source: &Path,
    bytes: Vec<u8>,
    line: u64,
    offset: u64,
    fields: &JsonlFields,
) -> Result<Article> {
    let err = |m: String| Error::input(source, Some(line), m);
    // Named by line (for errors.csv) and by byte in the file.
    let mut text = utf8(source, bytes, offset).map_err(|e| match e {
        Error::Utf8 { byte, .. } => err(format!("not valid UTF-8 at byte {byte}")),
        other => other,
    })?;
    // The line ending is not part of the JSON (an unterminated string
    // then reads as one, not as a control character).
    let body_len = text.trim_end_matches(['\n', '\r']).len();
    text.truncate(body_len);
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| err(format!("invalid JSON at column {}: {}", e.column(), json_reason(&e))))?;
    let obj = value.as_object().ok_or_else(|| err("not a JSON object".into()))?;
    let body = match obj.get(&fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(err(format!(
                "field `{}` is {}, not a string",
                fields.text,
                json_type(other)
            )));
        }
        None => return Err(err(format!("no `{}` field (set --text-field)", fields.text))),
    };
    let id = match obj.get(&fields.id) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{}-{line}", file_id(source)),
    };
    let title = obj.get("title").and_then(|t| t.as_str()).map(str::to_string);
    Ok(Article {
        id,
        source: source.to_path_buf(),
        line: Some(line),
        title,
        text: body,
        encoding: Encoding::Utf8,
    })
}

/// serde_json's message without its " at line L column C" suffix (a
/// JSONL line is always line 1 to it).
fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(input: &str) -> Vec<Result<Article>> {
        let rdr = Box::new(std::io::Cursor::new(input.as_bytes().to_vec()));
        ArticleReader::jsonl(Path::new("in.jsonl"), rdr, &ReadOptions::default()).collect()
    }

    #[test]
    fn jsonl_lines_become_articles_and_bad_lines_errors() {
        let got = jsonl(
            "{\"id\":\"a\",\"text\":\"Raqqa\",\"title\":\"T\"}\n\nnot json\n{\"id\":7,\"text\":1}\n{\"text\":\"x\"}\n",
        );
        assert_eq!(got.len(), 4);
        let a = got[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.text.as_str(), a.title.as_deref(), a.line),
            ("a", "Raqqa", Some("T"), Some(1))
        );
        assert!(got[1].as_ref().unwrap_err().to_string().starts_with("in.jsonl:3: invalid JSON"));
        assert_eq!(
            got[2].as_ref().unwrap_err().to_string(),
            "in.jsonl:4: field `text` is a number, not a string"
        );
        assert_eq!(got[3].as_ref().unwrap().id, "in-5");
    }

    /// What [`ArticleReader::sniffed`] makes of `input` read through a
    /// buffer of `cap` bytes.
    fn sniffed(input: &str, cap: usize) -> Vec<Article> {
        let cursor = std::io::Cursor::new(input.as_bytes().to_vec());
        let rdr = Box::new(std::io::BufReader::with_capacity(cap, cursor));
        let opts = ReadOptions::default();
        let reader = ArticleReader::sniffed(Path::new("-"), rdr, InputFormat::Text, &opts).unwrap();
        reader.map(|a| a.unwrap()).collect()
    }

    #[test]
    fn sniffing_finds_json_lines_and_loses_no_byte() {
        let jsonl = "\n  \n{\"id\":\"a\",\"text\":\"Raqqa\"}\n{\"text\":\"Tabqa\"}\n";
        // A buffer too small to show the first line is read past, not lost.
        for cap in [1, 4, 1 << 16] {
            let got = sniffed(jsonl, cap);
            let got: Vec<_> =
                got.iter().map(|a| (a.id.as_str(), a.line, a.text.as_str())).collect();
            assert_eq!(got, [("a", Some(3), "Raqqa"), ("stdin-4", Some(4), "Tabqa")], "cap {cap}");
        }
        let last_line_unterminated = "{\"text\":\"Raqqa\"}";
        assert_eq!(sniffed(last_line_unterminated, 8)[0].line, Some(1));
    }

    #[test]
    fn sniffing_leaves_text_whole() {
        for text in [
            "  Raqqa fell.\n{\"text\":\"x\"}\n",
            "{not json} Raqqa\n{\"text\":\"x\"}\n",
            "[1, 2]\n",
            "\n\n \n",
            "",
        ] {
            for cap in [1, 4, 1 << 16] {
                let got = sniffed(text, cap);
                assert_eq!(got.len(), 1, "{text:?}");
                assert_eq!((got[0].text.as_str(), got[0].line), (text, None), "cap {cap}");
            }
        }
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let bad = "Raqqa é \u{FFFF}".replace('\u{FFFF}', "");
        let mut bytes = bad.into_bytes();
        bytes.push(0xFF);
        let err = read_bytes(Path::new("a.txt"), bytes, InputFormat::Text).unwrap_err();
        assert_eq!(err.to_string(), "a.txt: not valid UTF-8 at byte 9");
        let rdr =
            Box::new(std::io::Cursor::new(b"{\"text\":\"a\"}\n{\"text\":\"\xff\"}\n".to_vec()));
        let got: Vec<_> =
            ArticleReader::jsonl(Path::new("b.jsonl"), rdr, &ReadOptions::default()).collect();
        assert_eq!(
            got[1].as_ref().unwrap_err().to_string(),
            "b.jsonl:2: not valid UTF-8 at byte 22"
        );
    }

    #[test]
    fn jsonl_with_a_byte_order_mark() {
        let input = "\u{FEFF}{\"text\":\"Raqqa\"}\n{\"text\":\"Tabqa\"}\n";
        let got: Vec<_> = jsonl(input).into_iter().map(|a| a.unwrap().text).collect();
        assert_eq!(got, ["Raqqa", "Tabqa"]);
        for cap in [1, 2, 1 << 16] {
            assert_eq!(sniffed(input, cap).len(), 2, "cap {cap}");
        }
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"text\":\"Raqqa\"}\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let rdr = Box::new(std::io::Cursor::new(utf16));
        let got: Vec<_> =
            ArticleReader::jsonl(Path::new("u.jsonl"), rdr, &ReadOptions::default()).collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().to_string().starts_with("u.jsonl:1: UTF-16 JSON"));
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_and_the_next_line_is_read() {
        let long = format!("{{\"text\":\"{}\"}}\n", "x".repeat(5000));
        let input = format!("{{\"text\":\"a\"}}\n{long}{{\"text\":\"b\"}}\n{long}");
        for cap in [7, 1 << 16] {
            let cursor = std::io::Cursor::new(input.clone().into_bytes());
            let rdr = Box::new(std::io::BufReader::with_capacity(cap, cursor));
            let opts = ReadOptions { max_article_bytes: 1000, ..ReadOptions::default() };
            let mut reader = ArticleReader::jsonl(Path::new("l.jsonl"), rdr, &opts);
            let got: Vec<_> = reader.by_ref().map(|r| r.map(|a| a.text)).collect();
            assert_eq!(got[0].as_deref().unwrap(), "a");
            let err = got[1].as_ref().unwrap_err().to_string();
            assert_eq!(
                err,
                "l.jsonl:2: an article of 4.9 KB is over the limit of 1000 bytes (--max-article-mb)"
            );
            assert_eq!(got[2].as_deref().unwrap(), "b");
            assert!(got[3].is_err());
            assert_eq!(got.len(), 4);
            assert_eq!(reader.bytes_read(), input.len() as u64);
        }
    }

    #[test]
    fn a_stream_over_the_limit_is_an_error() {
        let cursor = std::io::Cursor::new(vec![b'x'; 2000]);
        let opts = ReadOptions { max_article_bytes: 1000, ..ReadOptions::default() };
        let got =
            ArticleReader::sniffed(Path::new("-"), Box::new(cursor), InputFormat::Text, &opts);
        assert!(
            got.err()
                .unwrap()
                .to_string()
                .ends_with("-: an article is over the limit of 1000 bytes (--max-article-mb)")
        );
    }
}
