//! gazet finds places and armed groups in news articles, resolves each
//! place to coordinates, and writes GeoJSON and CSV.
//!
//! # Pipeline
//!
//! ```text
//! files ─► article::ArticleReader ─► Article { text }
//!                                       │
//! gazetteer/*.tsv ─► GazetteerBuilder ─► Gazetteer (names → one trie)
//!                                       ▼
//!        Extractor::extract: normalise (keeping an offset map), match every
//!        name as a whole word, keep leftmost-longest spans, resolve each to
//!        one entry ─► Vec<Mention> (offsets into the original text)
//!                                       ▼
//!        write::{csv, geojson, json, terminal} ─► rows, features, lines
//! ```
//!
//! # Example
//!
//! ```
//! let gaz = gazet::Gazetteer::embedded()?;
//! let mentions = gazet::Extractor::new(&gaz)
//!     .extract("The SDF entered Raqqah's old city; Russia's envoy objected.");
//! for m in &mentions {
//!     let e = gaz.entry(m.entry);
//!     println!("{} {}..{} {} {:?}", m.surface, m.start, m.end, e.name, e.coord);
//! }
//! assert_eq!(mentions.len(), 3);
//! # Ok::<(), gazet::Error>(())
//! ```
#![deny(missing_docs)]

pub mod article;
mod error;
pub mod extract;
pub mod gazetteer;
pub mod geo;
pub mod mention;
pub mod text;
pub mod write;

pub use article::{Article, InputFormat};
pub use error::{Error, Result};
pub use extract::Extractor;
pub use gazetteer::{EntityType, Entry, Gazetteer, GazetteerBuilder, Kind};
pub use mention::{MatchMethod, Mention, MentionType};

/// The data attribution that `--version` and the README carry.
pub const ATTRIBUTION: &str = "Contains geographical data from GeoNames (https://www.geonames.org), \
licensed under the Creative Commons Attribution 4.0 License (CC BY 4.0). \
The data has been filtered and re-formatted.";
