//! One module per subcommand, plus what they share.

pub mod extract;
pub mod gazetteer;
pub mod lookup;
pub mod show;

use crate::args::{GazetteerArgs, InputArgs, InputFormatArg, MatchArgs};
use anyhow::Context;
use gazet::article::Encoding;
use gazet::article::{ArticleReader, JsonlFields, ReadOptions};
use gazet::{Article, Gazetteer, GazetteerBuilder, InputFormat};
use std::path::Path;

/// Builds the gazetteer the flags ask for. It lives as long as the
/// process: freeing its million small allocations at exit would cost more
/// than loading it from the cache.
pub fn gazetteer(args: &GazetteerArgs) -> anyhow::Result<&'static Gazetteer> {
    let mut b = GazetteerBuilder::new();
    if args.no_default_gazetteer {
        b = b.no_default();
    }
    for dir in &args.gazetteer {
        b = b.add_dir(dir)?;
    }
    let gaz = b.build().context("cannot load the gazetteer")?;
    Ok(Box::leak(Box::new(gaz)))
}

/// The extractor the matching flags ask for.
pub fn extractor<'g>(gaz: &'g Gazetteer, args: &MatchArgs) -> gazet::Extractor<'g> {
    gazet::Extractor::new(gaz).fuzzy(!args.no_fuzzy).min_score(args.min_score)
}

/// The format to read `path` in; `None` for standard input in `auto`,
/// which [`open`] sniffs.
pub fn format_of(args: &InputArgs, path: &Path) -> Option<InputFormat> {
    Some(match args.input_format {
        InputFormatArg::Txt => InputFormat::Text,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Md => InputFormat::Markdown,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
        InputFormatArg::Auto if path == Path::new("-") => return None,
        InputFormatArg::Auto => InputFormat::from_path(path).unwrap_or(InputFormat::Text),
    })
}

/// Opens `path` in `format`, or, for `None`, as JSON lines if it starts
/// with a JSON object and as text otherwise.
pub fn open(
    path: &Path,
    format: Option<InputFormat>,
    opts: &ReadOptions,
) -> gazet::Result<ArticleReader> {
    match format {
        Some(format) => ArticleReader::open(path, format, opts),
        None => ArticleReader::open_sniffed(path, InputFormat::Text, opts),
    }
}

/// How the input flags say to read.
pub fn read_options(args: &InputArgs) -> ReadOptions {
    ReadOptions {
        fields: JsonlFields { id: args.id_field.clone(), text: args.text_field.clone() },
        max_article_bytes: args.max_article_mb << 20,
    }
}

/// The warning an article's encoding calls for: Windows-1252 is a guess
/// (the bytes were not UTF-8), so the user is told.
pub fn encoding_warning(article: &Article) -> Option<String> {
    (article.encoding == Encoding::Windows1252).then(|| {
        let line = article.line.map(|l| format!(":{l}")).unwrap_or_default();
        format!("warning: {}{line}: not UTF-8; read as Windows-1252", article.source.display())
    })
}
