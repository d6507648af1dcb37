//! The library's error type.
//!
//! Every error names where it happened: a file and a line, or a file and a
//! byte offset, so that a user with a million articles can find the bad one.

use std::path::PathBuf;

/// A `Result` with gazet's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    // The I/O error is part of the message, not a `source`, so that
    // printing the error chain does not repeat it.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A gazetteer row (or file) is malformed, e.g.
    /// `gazetteer/places.tsv:1042: latitude 123.4 out of range`.
    #[error("{file}:{line}: {message}")]
    Gazetteer {
        /// The gazetteer file, as given (embedded files use
        /// `gazetteer/<name>`).
        file: String,
        /// 1-based line number (1 is the header row).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// An input file is not valid UTF-8.
    #[error("{}: not valid UTF-8 at byte {byte}", path.display())]
    Utf8 {
        /// The input file.
        path: PathBuf,
        /// Byte offset of the first invalid byte in the file.
        byte: u64,
    },
    /// An input article is malformed, e.g. a JSONL line that is not JSON.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The input file.
        path: PathBuf,
        /// 1-based line number, for line-oriented inputs.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), error: source }
    }

    /// A gazetteer error at `file:line`.
    pub fn gazetteer(file: impl Into<String>, line: u64, message: impl Into<String>) -> Error {
        Error::Gazetteer { file: file.into(), line, message: message.into() }
    }

    /// An input error at `path` (and `line`, when the input has lines).
    pub fn input(path: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Error {
        Error::Input { path: path.into(), line, message: message.into() }
    }
}
