//! Articles: the input side. Reading files of every supported format into
//! [`Article`]s whose `text` is what offsets refer to.

mod decode;
mod html;
mod markdown;
mod read;

pub use decode::Encoding;
pub use read::{ArticleReader, JsonlFields, MAX_ARTICLE_BYTES, ReadOptions, read_bytes};

use std::path::{Path, PathBuf};

/// One article, ready for extraction.
#[derive(Clone, Debug)]
pub struct Article {
    /// Id: the file stem, or the JSONL id field. Not yet made safe as a
    /// file name (the writer does that).
    pub id: String,
    /// The file it came from (`-` for standard input).
    pub source: PathBuf,
    /// 1-based line, for JSONL articles.
    pub line: Option<u64>,
    /// The headline, when the format has one (HTML `<title>`, JSONL
    /// `title`, Markdown first heading).
    pub title: Option<String>,
    /// The text that mentions are found in and that offsets refer to: the
    /// file itself for .txt, the extracted plain text for .html and .md,
    /// the text field for .jsonl.
    pub text: String,
    /// How the input's bytes were read: always UTF-8 for JSONL; a file
    /// may be UTF-16 or Windows-1252 (see [`Encoding`]).
    pub encoding: Encoding,
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text: offsets are into the file.
    Text,
    /// HTML: tags, scripts and styles are dropped; offsets are into the
    /// extracted text.
    Html,
    /// Markdown: syntax is dropped; offsets are into the extracted text.
    Markdown,
    /// One JSON object per line; offsets are into the text field.
    Jsonl,
}

impl InputFormat {
    /// The format a file name implies, if it is one gazet reads.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        }
    }
}
