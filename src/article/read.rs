//! Reading articles from files and byte streams.

use super::{Article, InputFormat, html, markdown};
use crate::{Error, Result};
use std::io::BufRead;
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
    Single(Option<Result<Article>>),
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
        Ok(ArticleReader {
            source: path.to_path_buf(),
            inner: Inner::Single(Some(read_bytes(path, bytes, format))),
        })
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

impl Iterator for ArticleReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        match &mut self.inner {
            Inner::Single(one) => one.take(),
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
