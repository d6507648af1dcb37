//! `gazet extract`: every article of every input, in parallel, written in
//! input order.

use super::{fields, format_of};
use crate::args::ExtractArgs;
use crate::ids::IdRegistry;
use anyhow::Context;
use gazet::article::ArticleReader;
use gazet::extract::Analysis;
use gazet::mention::Role;
use gazet::write::csv::{ENTITY_COLUMNS, MENTION_COLUMNS, TableWriter};
use gazet::write::geojson::{RunPlaces, article_collection};
use gazet::write::{AtomicFile, EntitySummary, cooccurrence, json, summarize, write_atomic};
use gazet::{Article, Extractor, Gazetteer, InputFormat, Mention, MentionType};

use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Articles extracted in parallel at a time.
const BATCH: usize = 256;

/// An input that could not be read or an article that failed.
struct Failure {
    source: PathBuf,
    line: Option<u64>,
    article: String,
    message: String,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut sink = if args.jsonl {
        Sink::Jsonl(std::io::stdout().lock())
    } else {
        Sink::files(&args.out, args.geojson_roles.clone())?
    };
    let fields = fields(&args.input);
    let mut failures: Vec<Failure> = Vec::new();
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let ex = super::extractor(&gaz, &args.matching);

    for (path, format) in inputs(&args, &mut failures) {
        let reader = match ArticleReader::open(&path, format, &fields) {
            Ok(r) => r,
            Err(e) => {
                fail(&mut failures, &path, None, "", e.to_string());
                continue;
            }
        };
        for article in reader {
            match article {
                Ok(a) => batch.push(a),
                Err(e) => fail(&mut failures, &path, line_of(&e), "", e.to_string()),
            }
            if batch.len() == BATCH {
                flush(&pool, &ex, &mut batch, &mut sink)?;
            }
        }
    }
    flush(&pool, &ex, &mut batch, &mut sink)?;
    sink.finish(&gaz, &failures)?;
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn line_of(e: &gazet::Error) -> Option<u64> {
    match e {
        gazet::Error::Input { line, .. } => *line,
        _ => None,
    }
}

fn fail(
    failures: &mut Vec<Failure>,
    source: &Path,
    line: Option<u64>,
    article: &str,
    message: String,
) {
    eprintln!("gazet: {message}");
    failures.push(Failure {
        source: source.to_path_buf(),
        line,
        article: article.to_string(),
        message,
    });
}

/// Extracts a batch in parallel and writes it in order.
fn flush(
    pool: &rayon::ThreadPool,
    ex: &Extractor<'_>,
    batch: &mut Vec<Article>,
    sink: &mut Sink,
) -> anyhow::Result<()> {
    let results: Vec<Analysis> = pool.install(|| batch.par_iter().map(|a| ex.analyze(a)).collect());
    for (article, analysis) in batch.drain(..).zip(results) {
        sink.write(ex.gazetteer(), &article, &analysis)?;
    }
    Ok(())
}

/// Every input file with its format; folders are walked (sorted, links
/// followed, loops reported) for the extensions gazet reads.
fn inputs(args: &ExtractArgs, failures: &mut Vec<Failure>) -> Vec<(PathBuf, InputFormat)> {
    let mut out = Vec::new();
    for input in &args.inputs {
        if input == Path::new("-") || !input.is_dir() {
            out.push((input.clone(), format_of(&args.input, input)));
            continue;
        }
        let walk = walkdir::WalkDir::new(input).follow_links(true).sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if InputFormat::from_path(e.path()).is_some() {
                        out.push((e.path().to_path_buf(), format_of(&args.input, e.path())));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(input).to_path_buf();
                    let msg = match e.io_error() {
                        Some(io) => format!("{}: {io}", path.display()),
                        None => format!("{}: {e}", path.display()),
                    };
                    fail(failures, &path, None, "", msg);
                }
            }
        }
    }
    out
}

/// Where results go.
enum Sink {
    Jsonl(std::io::StdoutLock<'static>),
    Files(Box<Files>),
}

/// The output folder and the run-level files being written.
struct Files {
    dir: PathBuf,
    ids: IdRegistry,
    mentions: TableWriter<AtomicFile>,
    entities: TableWriter<AtomicFile>,
    cooccurrence: TableWriter<AtomicFile>,
    places: RunPlaces,
    /// Roles of the place mentions the GeoJSON counts.
    roles: Vec<Role>,
}

impl Sink {
    fn files(dir: &Path, roles: Vec<Role>) -> anyhow::Result<Sink> {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!("--out {}: not a folder", dir.display());
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
        let table = |name: &str, columns: &[&str]| -> anyhow::Result<TableWriter<AtomicFile>> {
            let path = dir.join(name);
            let file = AtomicFile::create(&path).context("cannot write to the output folder")?;
            TableWriter::new(file, columns)
                .with_context(|| format!("cannot write {}", path.display()))
        };
        Ok(Sink::Files(Box::new(Files {
            dir: dir.to_path_buf(),
            ids: IdRegistry::default(),
            mentions: table("mentions.csv", MENTION_COLUMNS)?,
            entities: table("entities.csv", ENTITY_COLUMNS)?,
            cooccurrence: table("cooccurrence.csv", cooccurrence::COLUMNS)?,
            places: RunPlaces::new(),
            roles,
        })))
    }

    fn write(
        &mut self,
        gaz: &Gazetteer,
        article: &Article,
        analysis: &Analysis,
    ) -> anyhow::Result<()> {
        let (mentions, focus) = (&analysis.mentions[..], &analysis.focus);
        match self {
            Sink::Jsonl(out) => {
                let line = json::article_line(gaz, &article.id, &article.source, mentions, focus);
                writeln!(out, "{line}").context("cannot write to standard output")?;
            }
            Sink::Files(f) => {
                let id = f.ids.assign(&article.id);
                let summaries = summarize(gaz, mentions);
                // The map counts the place mentions of the chosen roles.
                let mapped: Vec<Mention> = mentions
                    .iter()
                    .filter(|m| m.mention_type != MentionType::Place || f.roles.contains(&m.role))
                    .cloned()
                    .collect();
                let map_summaries = summarize(gaz, &mapped);
                let pairs = cooccurrence::pairs(gaz, &id, mentions);
                f.write_article(gaz, &id, analysis, &summaries, &map_summaries, &pairs)?;
                f.mentions.mentions(gaz, &id, mentions).context("cannot write mentions.csv")?;
                f.entities
                    .entities(gaz, &id, &summaries, focus)
                    .context("cannot write entities.csv")?;
                f.cooccurrence.pairs(&pairs).context("cannot write cooccurrence.csv")?;
                f.places.add(&id, &map_summaries, focus);
            }
        }
        Ok(())
    }

    fn finish(self, gaz: &Gazetteer, failures: &[Failure]) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(mut out) => out.flush().context("cannot write to standard output")?,
            Sink::Files(f) => {
                let Files { dir, mentions, entities, cooccurrence, places, .. } = *f;
                for (table, name) in [
                    (mentions, "mentions.csv"),
                    (entities, "entities.csv"),
                    (cooccurrence, "cooccurrence.csv"),
                ] {
                    let file =
                        table.into_inner().with_context(|| format!("cannot write {name}"))?;
                    file.commit()?;
                }
                let places = places.collection(gaz);
                write_atomic(&dir.join("places.geojson"), |w| {
                    serde_json::to_writer(&mut *w, &places)?;
                    writeln!(w)
                })?;
                write_atomic(&dir.join("errors.csv"), |w| write_failures(w, failures))?;
            }
        }
        Ok(())
    }
}

impl Files {
    fn write_article(
        &self,
        gaz: &Gazetteer,
        id: &str,
        analysis: &Analysis,
        summaries: &[EntitySummary],
        map_summaries: &[EntitySummary],
        pairs: &[cooccurrence::Pair<'_>],
    ) -> anyhow::Result<()> {
        let (mentions, focus) = (&analysis.mentions, &analysis.focus);
        let fc = article_collection(gaz, id, map_summaries, focus);
        write_atomic(&self.dir.join(format!("{id}.geojson")), |w| {
            serde_json::to_writer(&mut *w, &fc)?;
            writeln!(w)
        })?;
        write_atomic(&self.dir.join(format!("{id}.mentions.csv")), |w| {
            let mut t = TableWriter::new(w, MENTION_COLUMNS)?;
            t.mentions(gaz, id, mentions)?;
            t.flush()
        })?;
        write_atomic(&self.dir.join(format!("{id}.entities.csv")), |w| {
            let mut t = TableWriter::new(w, ENTITY_COLUMNS)?;
            t.entities(gaz, id, summaries, focus)?;
            t.flush()
        })?;
        write_atomic(&self.dir.join(format!("{id}.cooccurrence.csv")), |w| {
            let mut t = TableWriter::new(w, cooccurrence::COLUMNS)?;
            t.pairs(pairs)?;
            t.flush()
        })?;
        Ok(())
    }
}

fn write_failures(w: &mut dyn Write, failures: &[Failure]) -> std::io::Result<()> {
    let mut t = csv::Writer::from_writer(w);
    t.write_record(["source", "line", "article", "error"])?;
    for f in failures {
        let line = f.line.map(|l| l.to_string()).unwrap_or_default();
        t.write_record([&f.source.display().to_string(), &line, &f.article, &f.message])?;
    }
    t.flush()
}
