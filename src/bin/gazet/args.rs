//! Command-line arguments (clap derive). Parsing only: `cmd::*` turns them
//! into library calls.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Find places and armed groups in news articles; write GeoJSON and CSV.";

fn long_version() -> &'static str {
    let text = format!(
        "{}\ngazetteer {}\n{}",
        env!("CARGO_PKG_VERSION"),
        gazet::gazetteer::EMBEDDED_VERSION.trim(),
        gazet::ATTRIBUTION
    );
    Box::leak(text.into_boxed_str())
}

/// gazet: a gazetteer-driven geoparser for conflict reporting.
#[derive(Debug, Parser)]
#[command(name = "gazet", version, long_version = long_version(), about = ABOUT, after_help = TOP_EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const TOP_EXAMPLES: &str = "\
Examples:
  gazet extract articles/              write output/ for every article in a folder
  gazet extract --jsonl feed.jsonl     one JSON line per article on stdout
  gazet show article.html              read one article with its mentions highlighted
  gazet lookup Raqqa                   every gazetteer entry a name can mean";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find mentions in articles and write GeoJSON and CSV (or JSON lines).
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Show one article with every mention highlighted, then its entities.
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// List every gazetteer entry a name can mean.
    #[command(after_help = LOOKUP_EXAMPLES)]
    Lookup(LookupArgs),
    /// Check, count or import gazetteers.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Validate gazetteer folders layered over the default: unique ids,
    /// coordinates in range, known kinds and flags, existing ids and
    /// parents, and no name that is an English stopword without `case`.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Count entries by kind and by country, and names.
    Stats(StatsArgs),
    /// Turn a GeoNames dump into a gazetteer folder for --gazetteer.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
}

const CHECK_EXAMPLES: &str = "\
Exit status: 0 valid, 1 valid with warnings, 2 invalid.

Examples:
  gazet gazetteer check my-places/
  gazet gazetteer check --no-default-gazetteer my-places/";

const IMPORT_EXAMPLES: &str = "\
Examples:
  gazet gazetteer import --geonames SY.txt -o sy-gazetteer/
  gazet gazetteer import --geonames allCountries.txt --alternate-names alternateNamesV2.txt \\
      --countries SY,IQ,TR --min-population 1000 -o region/
  gazet extract --gazetteer region/ articles/";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Gazetteer folders to check (none: the embedded default).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check the folders alone, not layered over the embedded default.
    #[arg(long)]
    pub no_default_gazetteer: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many countries to list.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A GeoNames dump: cities500.txt, allCountries.txt, SY.txt, ...
    #[arg(long, value_name = "FILE")]
    pub geonames: PathBuf,
    /// GeoNames alternateNames.txt or alternateNamesV2.txt.
    #[arg(long, value_name = "FILE")]
    pub alternate_names: Option<PathBuf>,
    /// Keep only these countries (ISO codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CC,...")]
    pub countries: Vec<String>,
    /// Skip populated places with fewer people.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub min_population: u64,
    /// The gazetteer folder to write.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
}

const EXTRACT_EXAMPLES: &str = "\
Inputs: files or folders (searched recursively for .txt .md .markdown .html .htm
.jsonl), or - for standard input: JSON lines if its first line is a JSON object,
else one text article (or as --input-format says). JSON lines are streamed:
each article's line is written, in input order, as soon as it is done, in
bounded memory, however long the stream (a Spark stage: rdd.pipe(\"gazet
extract --jsonl -\")).

Writes, in --out (default output/), by --format (default geojson,csv):
  geojson   <id>.geojson per article, places.geojson for the run
  csv       <id>.mentions.csv, <id>.entities.csv, <id>.cooccurrence.csv per
            article; mentions.csv, entities.csv, cooccurrence.csv for the run
  gpkg      gazet.gpkg: places (points), mentions and entities (tables)
  html      map.html: every place on an offline map page (also --map)
  svg       <id>.svg: a static map of each article (also --map)
and always errors.csv: the articles that failed.

On a terminal, a run that takes more than a second shows a progress bar on
stderr (articles, MB/s, and an ETA when the input size is known); -q hides it.

Bad inputs (binary files, damaged UTF-8, malformed JSON lines, articles over
--max-article-mb) are reported and skipped; the rest are written. Files may be
UTF-8, UTF-16 with a BOM, or Windows-1252 (with a warning). Every output is
written whole or not at all, also when interrupted. CSV cells that a
spreadsheet would run as formulas get a leading ' (--csv-formulas: as is).

Exit status: 0 all articles done, 1 some articles failed (listed on stderr
and in errors.csv), 2 usage, gazetteer or output error, 130 interrupted.

Examples:
  gazet extract articles/
  gazet extract -o results/ report.html notes.md
  gazet extract --map articles/         also map.html and an SVG map per article
  gazet extract --format gpkg articles/ only output/gazet.gpkg, for QGIS
  gazet extract --jsonl scrape.jsonl | jq '.mentions[] | select(.type==\"place\") | .name'
  cat article.txt | gazet extract --jsonl -
  zcat crawl.jsonl.gz | gazet extract --jsonl - > mentions.jsonl
  gazet extract --gazetteer my-places/ articles/
  gazet extract --id-field url --text-field body crawl.jsonl";

const SHOW_EXAMPLES: &str = "\
Examples:
  gazet show article.txt
  gazet show --color always report.html | less -R
  gazet show --line 3 feed.jsonl        the article on line 3 of a JSONL file";

const LOOKUP_EXAMPLES: &str = "\
Examples:
  gazet lookup Raqqa
  gazet lookup 'Deir ez-Zor'
  gazet lookup SDF";

/// Gazetteer options shared by every command.
#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// Extra gazetteer folder layered over the embedded default (repeatable;
    /// later folders win). See gazetteer/README.md for the format.
    #[arg(long = "gazetteer", value_name = "DIR")]
    pub gazetteer: Vec<PathBuf>,
    /// Use only the --gazetteer folders, not the embedded default.
    #[arg(long, requires = "gazetteer")]
    pub no_default_gazetteer: bool,
}

/// How names are matched.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// No fuzzy matching (near spellings such as "Taqbqa" for Tabqa);
    /// spelling variants still count.
    #[arg(long)]
    pub no_fuzzy: bool,
    /// Drop mentions scoring below this (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "SCORE", value_parser = parse_score)]
    pub min_score: f64,
}

fn parse_score(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a score between 0 and 1")),
    }
}

/// How input files are read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Format of the inputs; `auto` goes by file extension, and reads
    /// standard input as JSON lines when its first line is a JSON object,
    /// else as text.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: InputFormatArg,
    /// JSONL field holding the article id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// JSONL field holding the article text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// Largest article read, in MB (a file, a JSONL line or standard
    /// input); a larger one is reported and skipped.
    #[arg(long, default_value_t = 64, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_article_mb: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Txt,
    Html,
    Md,
    Jsonl,
}

/// An output of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `<id>.geojson` per article and `places.geojson` for the run.
    Geojson,
    /// The mention, entity and co-occurrence tables, per article and for the run.
    Csv,
    /// `gazet.gpkg`: places, mentions and entities of the run.
    Gpkg,
    /// `map.html`: the run on an offline map page.
    Html,
    /// `<id>.svg`: a static map of each article.
    Svg,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders or - (standard input).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Write no files: print one JSON object per article on stdout.
    #[arg(long, conflicts_with_all = ["format", "map"])]
    pub jsonl: bool,
    /// What to write in --out (comma-separated): geojson, csv, gpkg
    /// (DIR/gazet.gpkg, a GeoPackage for QGIS), html (DIR/map.html, an
    /// offline map page), svg (DIR/<id>.svg, a static map per article).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "geojson,csv",
        value_name = "FORMATS"
    )]
    pub format: Vec<OutputFormat>,
    /// Also write the offline map: DIR/map.html and DIR/<id>.svg (the same
    /// as adding html,svg to --format).
    #[arg(long)]
    pub map: bool,
    /// Write CSV text cells that start with = + - @ as they are. By
    /// default such a cell gets a leading ' so that a spreadsheet shows it
    /// as text instead of running it as a formula (CSV injection).
    #[arg(long)]
    pub csv_formulas: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Roles of the place mentions that the maps count (GeoJSON, GeoPackage,
    /// map.html, SVG)
    /// (comma-separated: literal, metonymic, modifier, part-of-name).
    #[arg(long, value_delimiter = ',', default_value = "literal,metonymic", value_parser = parse_role, value_name = "ROLES")]
    pub geojson_roles: Vec<gazet::mention::Role>,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

fn parse_role(s: &str) -> Result<gazet::mention::Role, String> {
    gazet::mention::Role::parse(s.trim()).ok_or_else(|| {
        format!("`{s}` is not a role (literal, demonym, modifier, part-of-name, metonymic)")
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article: a file, or - for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// When to colour mentions.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// For JSONL input: the line of the article to show (default: the first).
    #[arg(long, value_name = "N")]
    pub line: Option<u64>,
    /// Wrap the text at this width (default: the terminal's, else 100; 0: no wrapping).
    #[arg(long, value_name = "COLS")]
    pub width: Option<usize>,
    /// Also explain each mention: the path from its spelling to its entry
    /// (rules, edit distance) and the other entries it could mean.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The name to look up (any spelling the gazetteer knows).
    #[arg(value_name = "NAME", required = true)]
    pub name: Vec<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}
