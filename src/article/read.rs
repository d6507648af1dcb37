//! Reading articles from files and byte streams.

use super::{Article, InputFormat, html, markdown};
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

fn utf8(source: &Path, bytes: Vec<u8>, offset: u64) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Utf8 {
        path: source.to_path_buf(),
        byte: offset + e.utf8_error().valid_up_to() as u64,
    })
}

/// Reads one non-JSONL article from the whole contents of a file.
///
/// # Errors
/// If the bytes are not UTF-8 (naming the first bad byte), or hold no
/// text at all.
pub fn read_bytes(source: &Path, bytes: Vec<u8>, format: InputFormat) -> Result<Article> {
    let raw = utf8(source, bytes, 0)?;
    let (title, text) = match format {
        InputFormat::Html => html::extract(&raw),
        InputFormat::Markdown => markdown::extract(&raw),
        InputFormat::Text | InputFormat::Jsonl => (None, raw),
    };
    Ok(Article { id: file_id(source), source: source.to_path_buf(), line: None, title, text })
}

/// The articles of one input: a single article, or one per JSONL line.
///
/// JSONL is read a line at a time, so a large file is never held whole.
pub struct ArticleReader {
    source: PathBuf,
    inner: Inner,
}

enum Inner {
    Single { article: Option<Result<Article>>, len: u64 },
    Jsonl { rdr: Box<dyn BufRead + Send>, fields: JsonlFields, line: u64, offset: u64, done: bool },
}

impl ArticleReader {
    /// Reads the file at `path` (or standard input for `-`) in `format`.
    ///
    /// # Errors
    /// If the file cannot be opened (JSONL) or read (other formats).
    pub fn open(path: &Path, format: InputFormat, fields: &JsonlFields) -> Result<ArticleReader> {
        let stdin = path == Path::new("-");
        if format == InputFormat::Jsonl {
            let rdr: Box<dyn BufRead + Send> = if stdin {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
                Box::new(std::io::BufReader::with_capacity(1 << 16, f))
            };
            return Ok(ArticleReader::jsonl(path, rdr, fields));
        }
        let bytes = if stdin {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .map_err(|e| Error::io(path, e))?;
            buf
        } else {
            std::fs::read(path).map_err(|e| Error::io(path, e))?
        };
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
        fields: &JsonlFields,
    ) -> Result<ArticleReader> {
        let rdr: Box<dyn BufRead + Send> = if path == Path::new("-") {
            Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
        } else {
            let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            Box::new(std::io::BufReader::with_capacity(1 << 16, f))
        };
        ArticleReader::sniffed(path, rdr, fallback, fields)
    }

    /// Articles from any reader whose format is not known, decided as
    /// [`ArticleReader::open_sniffed`] does: JSON lines, else one article
    /// in `fallback` (the whole stream). `source` names it in errors.
    ///
    /// # Errors
    /// If the reader fails.
    pub fn sniffed(
        source: &Path,
        rdr: Box<dyn BufRead + Send>,
        fallback: InputFormat,
        fields: &JsonlFields,
    ) -> Result<ArticleReader> {
        let (is_jsonl, mut rdr) = sniff_jsonl(rdr).map_err(|e| Error::io(source, e))?;
        if is_jsonl {
            return Ok(ArticleReader::jsonl(source, rdr, fields));
        }
        let mut bytes = Vec::new();
        rdr.read_to_end(&mut bytes).map_err(|e| Error::io(source, e))?;
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
    pub fn jsonl(
        source: &Path,
        rdr: Box<dyn BufRead + Send>,
        fields: &JsonlFields,
    ) -> ArticleReader {
        ArticleReader {
            source: source.to_path_buf(),
            inner: Inner::Jsonl { rdr, fields: fields.clone(), line: 0, offset: 0, done: false },
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
) -> std::io::Result<(bool, Box<dyn BufRead + Send>)> {
    let peek = rdr.fill_buf()?;
    match peek.iter().find(|b| !b.is_ascii_whitespace()) {
        // Text, or nothing at all: decided without reading a byte.
        Some(b) if *b != b'{' => return Ok((false, rdr)),
        None if peek.is_empty() => return Ok((false, rdr)),
        // `{`, or only white space so far: the first non-blank line decides.
        _ => {}
    }
    let mut head = Vec::new();
    let mut start = 0;
    let mut is_jsonl = false;
    loop {
        if rdr.read_until(b'\n', &mut head)? == 0 {
            break;
        }
        let line = &head[start..];
        if let Some(first) = line.iter().find(|b| !b.is_ascii_whitespace()) {
            is_jsonl =
                *first == b'{' && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok();
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
            Inner::Jsonl { rdr, fields, line, offset, done } => loop {
                if *done {
                    return None;
                }
                let mut buf = Vec::new();
                let n = match rdr.read_until(b'\n', &mut buf) {
                    Ok(n) => n,
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
                *offset += n as u64;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Some(jsonl_article(&self.source, buf, *line, start, fields));
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
    let text = utf8(source, bytes, offset)?;
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
    Ok(Article { id, source: source.to_path_buf(), line: Some(line), title, text: body })
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
        ArticleReader::jsonl(Path::new("in.jsonl"), rdr, &JsonlFields::default()).collect()
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
        let fields = JsonlFields::default();
        let reader =
            ArticleReader::sniffed(Path::new("-"), rdr, InputFormat::Text, &fields).unwrap();
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
        let err =
            read_bytes(Path::new("a.txt"), b"Raqqa \xff".to_vec(), InputFormat::Text).unwrap_err();
        assert_eq!(err.to_string(), "a.txt: not valid UTF-8 at byte 6");
        let rdr =
            Box::new(std::io::Cursor::new(b"{\"text\":\"a\"}\n{\"text\":\"\xff\"}\n".to_vec()));
        let got: Vec<_> =
            ArticleReader::jsonl(Path::new("b.jsonl"), rdr, &JsonlFields::default()).collect();
        assert_eq!(got[1].as_ref().unwrap_err().to_string(), "b.jsonl: not valid UTF-8 at byte 22");
    }
}
