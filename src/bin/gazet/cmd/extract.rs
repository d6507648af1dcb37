//! `gazet extract`: every article of every input, in parallel, written in
//! input order.

use super::{format_of, read_options};
use crate::args::{ExtractArgs, OutputFormat};
use crate::ids::IdRegistry;
use crate::progress::Progress;
use anyhow::Context;
use gazet::article::ReadOptions;
use gazet::extract::Analysis;
use gazet::mention::Role;
use gazet::write::csv::{ENTITY_COLUMNS, MENTION_COLUMNS, TableWriter, neutralize};
use gazet::write::geojson::{RunPlaces, article_collection};
use gazet::write::gpkg::GeoPackage;
use gazet::write::map::MapPage;
use gazet::write::{AtomicFile, cooccurrence, json, summarize, svg, write_atomic};
use gazet::{Article, Extractor, Gazetteer, InputFormat, Mention, MentionType};

use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

/// Articles extracted in parallel at a time, at most.
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
        Sink::Jsonl(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))
    } else {
        let mut formats = args.format.clone();
        if args.map {
            formats.extend([OutputFormat::Html, OutputFormat::Svg]);
        }
        Sink::files(&args.out, &formats, args.geojson_roles.clone(), args.csv_formulas)?
    };
    // JSON lines on the terminal would be interleaved with the bar.
    let show_progress = !args.quiet
        && std::io::stderr().is_terminal()
        && !(args.jsonl && std::io::stdout().is_terminal());
    let mut progress = Progress::new(show_progress);
    let mut failures: Vec<Failure> = Vec::new();
    let inputs = inputs(&args, &mut failures, &progress);
    if show_progress {
        progress.set_total(total_bytes(&inputs));
    }
    let ex = super::extractor(gaz, &args.matching);

    // A thread reads the inputs while the pool extracts: each batch is what
    // has been read when the last one is written (up to BATCH), so a slow
    // stream (a pipe, a crawler) gets its output as it goes, and a fast one
    // full batches. The channel bounds what is read ahead.
    let (tx, rx) = mpsc::sync_channel(BATCH);
    let opts = read_options(&args.input);
    let reader = std::thread::Builder::new()
        .name("gazet-read".into())
        .spawn(move || read_inputs(inputs, &opts, &tx))
        .context("cannot start the reading thread")?;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    // JSON lines of the last batch, written while the next is extracted.
    let mut pending: Vec<Vec<u8>> = Vec::new();
    loop {
        let first = match rx.try_recv() {
            Ok(read) => read,
            Err(mpsc::TryRecvError::Disconnected) => break,
            Err(mpsc::TryRecvError::Empty) => {
                // Nothing read yet to extract meanwhile (a slow stream):
                // the last batch's lines go out now, not after the next.
                sink.write_lines(&mut pending)?;
                match rx.recv() {
                    Ok(read) => read,
                    Err(_) => break,
                }
            }
        };
        let mut next = Some(first);
        let mut bytes = 0;
        while let Some(read) = next {
            bytes = read.bytes;
            match read.item {
                Ok(a) => {
                    if let Some(warning) = super::encoding_warning(&a) {
                        progress.suspend(|| eprintln!("gazet: {warning}"));
                    }
                    batch.push(a)
                }
                Err((path, e)) => {
                    fail(&mut failures, &progress, &path, line_of(&e), "", e.to_string())
                }
            }
            next = if batch.len() < BATCH { rx.try_recv().ok() } else { None };
        }
        let n = batch.len();
        flush(&pool, &ex, &mut batch, &mut sink, &mut pending)?;
        progress.advance(n, bytes);
    }
    sink.write_lines(&mut pending)?;
    if let Err(panic) = reader.join() {
        std::panic::resume_unwind(panic);
    }
    if matches!(sink, Sink::Files(_)) {
        progress.note("writing the run's files");
    }
    sink.finish(gaz, &failures)?;
    progress.finish();
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// One article (or a failure to read one) and the bytes of input read up
/// to its end.
struct Read {
    item: Result<Article, (PathBuf, gazet::Error)>,
    bytes: u64,
}

/// Reads every input in order and sends its articles; stops early when
/// the receiver is gone.
fn read_inputs(
    inputs: Vec<(PathBuf, Option<InputFormat>)>,
    opts: &ReadOptions,
    tx: &mpsc::SyncSender<Read>,
) {
    let mut done = 0;
    for (path, format) in inputs {
        let mut reader = match super::open(&path, format, opts) {
            Ok(r) => r,
            Err(e) => {
                if tx.send(Read { item: Err((path, e)), bytes: done }).is_err() {
                    return;
                }
                continue;
            }
        };
        while let Some(article) = reader.next() {
            let item = article.map_err(|e| (path.clone(), e));
            if tx.send(Read { item, bytes: done + reader.bytes_read() }).is_err() {
                return;
            }
        }
        done += reader.bytes_read();
    }
}

/// The size of the inputs, if every one is a regular file.
fn total_bytes(inputs: &[(PathBuf, Option<InputFormat>)]) -> Option<u64> {
    inputs
        .iter()
        .map(|(path, _)| {
            let meta = std::fs::metadata(path).ok()?;
            meta.is_file().then_some(meta.len())
        })
        .sum()
}

fn line_of(e: &gazet::Error) -> Option<u64> {
    match e {
        gazet::Error::Input { line, .. } => *line,
        _ => None,
    }
}

fn fail(
    failures: &mut Vec<Failure>,
    progress: &Progress,
    source: &Path,
    line: Option<u64>,
    article: &str,
    message: String,
) {
    progress.suspend(|| eprintln!("gazet: {message}"));
    failures.push(Failure {
        source: source.to_path_buf(),
        line,
        article: article.to_string(),
        message,
    });
}

/// Extracts a batch in parallel and writes it in order. JSON lines are
/// made in parallel too; this thread writes the last batch's (`pending`)
/// meanwhile, flushed, and leaves this batch's in `pending`.
fn flush(
    pool: &rayon::ThreadPool,
    ex: &Extractor<'_>,
    batch: &mut Vec<Article>,
    sink: &mut Sink,
    pending: &mut Vec<Vec<u8>>,
) -> anyhow::Result<()> {
    let gaz = ex.gazetteer();
    match sink {
        Sink::Jsonl(_) => {
            let mut lines: Vec<Vec<u8>> = Vec::new();
            let articles = &*batch;
            let written = pool.in_place_scope(|s| {
                s.spawn(|_| {
                    lines = articles
                        .par_iter()
                        .map(|a| {
                            let Analysis { mentions, focus } = ex.analyze(a);
                            let mut line = Vec::new();
                            json::write_article_line(
                                &mut line, gaz, &a.id, &a.source, &mentions, &focus,
                            );
                            line.push(b'\n');
                            line
                        })
                        .collect();
                });
                sink.write_lines(pending)
            });
            written?;
            batch.clear();
            *pending = lines;
        }
        Sink::Files(files) => {
            let results: Vec<Analysis> =
                pool.install(|| batch.par_iter().map(|a| ex.analyze(a)).collect());
            for (article, analysis) in batch.drain(..).zip(results) {
                files.write_article(gaz, &article.id, &analysis)?;
            }
        }
    }
    Ok(())
}

/// Every input file with its format (`None`: standard input in `auto`,
/// JSONL or text by its content); folders are walked (sorted, links
/// followed, loops reported) for the extensions gazet reads.
fn inputs(
    args: &ExtractArgs,
    failures: &mut Vec<Failure>,
    progress: &Progress,
) -> Vec<(PathBuf, Option<InputFormat>)> {
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
                    fail(failures, progress, &path, None, "", msg);
                }
            }
        }
    }
    out
}

/// Where results go.
enum Sink {
    /// Standard output, flushed after each batch (a line at a time, it
    /// would be a write per article).
    Jsonl(std::io::BufWriter<std::io::StdoutLock<'static>>),
    Files(Box<Files>),
}

impl Sink {
    /// Writes and flushes JSON lines (and empties `lines`).
    fn write_lines(&mut self, lines: &mut Vec<Vec<u8>>) -> anyhow::Result<()> {
        let Sink::Jsonl(out) = self else { return Ok(()) };
        if lines.is_empty() {
            return Ok(());
        }
        for line in lines.drain(..) {
            out.write_all(&line).context("cannot write to standard output")?;
        }
        out.flush().context("cannot write to standard output")
    }
}

/// The output folder and the run-level outputs being written.
struct Files {
    dir: PathBuf,
    ids: IdRegistry,
    /// Roles of the place mentions the maps count.
    roles: Vec<Role>,
    /// `<id>.geojson` and `places.geojson`.
    geojson: Option<RunPlaces>,
    /// The CSV tables of the run.
    tables: Option<RunTables>,
    gpkg: Option<GeoPackage>,
    map: Option<MapPage>,
    svg: bool,
    /// `--csv-formulas`: CSV cells are written as they are.
    keep_formulas: bool,
}

/// mentions.csv, entities.csv and cooccurrence.csv, being written.
struct RunTables {
    mentions: TableWriter<AtomicFile>,
    entities: TableWriter<AtomicFile>,
    cooccurrence: TableWriter<AtomicFile>,
}

impl RunTables {
    fn create(dir: &Path, keep_formulas: bool) -> anyhow::Result<RunTables> {
        let table = |name: &str, columns: &[&str]| -> anyhow::Result<TableWriter<AtomicFile>> {
            let path = dir.join(name);
            let file = AtomicFile::create(&path).context("cannot write to the output folder")?;
            TableWriter::new(file, columns)
                .map(|t| t.keep_formulas(keep_formulas))
                .with_context(|| format!("cannot write {}", path.display()))
        };
        Ok(RunTables {
            mentions: table("mentions.csv", MENTION_COLUMNS)?,
            entities: table("entities.csv", ENTITY_COLUMNS)?,
            cooccurrence: table("cooccurrence.csv", cooccurrence::COLUMNS)?,
        })
    }

    fn finish(self) -> anyhow::Result<()> {
        for (table, name) in [
            (self.mentions, "mentions.csv"),
            (self.entities, "entities.csv"),
            (self.cooccurrence, "cooccurrence.csv"),
        ] {
            let file = table.into_inner().with_context(|| format!("cannot write {name}"))?;
            file.commit()?;
        }
        Ok(())
    }
}

impl Sink {
    fn files(
        dir: &Path,
        formats: &[OutputFormat],
        roles: Vec<Role>,
        keep_formulas: bool,
    ) -> anyhow::Result<Sink> {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!("--out {}: not a folder", dir.display());
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
        let wants = |f: OutputFormat| formats.contains(&f);
        Ok(Sink::Files(Box::new(Files {
            dir: dir.to_path_buf(),
            ids: IdRegistry::default(),
            roles,
            geojson: wants(OutputFormat::Geojson).then(RunPlaces::new),
            tables: wants(OutputFormat::Csv)
                .then(|| RunTables::create(dir, keep_formulas))
                .transpose()?,
            gpkg: wants(OutputFormat::Gpkg)
                .then(|| GeoPackage::create(&dir.join("gazet.gpkg")))
                .transpose()?,
            map: wants(OutputFormat::Html).then(MapPage::new),
            svg: wants(OutputFormat::Svg),
            keep_formulas,
        })))
    }

    fn finish(self, gaz: &Gazetteer, failures: &[Failure]) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(mut out) => out.flush().context("cannot write to standard output")?,
            Sink::Files(f) => f.finish(gaz, failures)?,
        }
        Ok(())
    }
}

impl Files {
    /// Writes the per-article outputs of one article and adds it to the
    /// run's.
    fn write_article(
        &mut self,
        gaz: &Gazetteer,
        article_id: &str,
        analysis: &Analysis,
    ) -> anyhow::Result<()> {
        let id = self.ids.assign(article_id);
        let (mentions, focus) = (&analysis.mentions[..], &analysis.focus);
        let summaries = summarize(gaz, mentions);
        // The maps count the place mentions of the chosen roles.
        let mapped: Vec<Mention> = mentions
            .iter()
            .filter(|m| m.mention_type != MentionType::Place || self.roles.contains(&m.role))
            .cloned()
            .collect();
        let map_summaries = summarize(gaz, &mapped);
        let file = |ext: &str| self.dir.join(format!("{id}.{ext}"));
        if let Some(places) = &mut self.geojson {
            let fc = article_collection(gaz, &id, &map_summaries, focus);
            write_atomic(&file("geojson"), |w| {
                serde_json::to_writer(&mut *w, &fc)?;
                writeln!(w)
            })?;
            places.add(&id, &map_summaries, focus);
        }
        if let Some(tables) = &mut self.tables {
            let keep = self.keep_formulas;
            let pairs = cooccurrence::pairs(gaz, &id, mentions);
            write_atomic(&file("mentions.csv"), |w| {
                let mut t = TableWriter::new(w, MENTION_COLUMNS)?.keep_formulas(keep);
                t.mentions(gaz, &id, mentions)?;
                t.flush()
            })?;
            write_atomic(&file("entities.csv"), |w| {
                let mut t = TableWriter::new(w, ENTITY_COLUMNS)?.keep_formulas(keep);
                t.entities(gaz, &id, &summaries, focus)?;
                t.flush()
            })?;
            write_atomic(&file("cooccurrence.csv"), |w| {
                let mut t = TableWriter::new(w, cooccurrence::COLUMNS)?.keep_formulas(keep);
                t.pairs(&pairs)?;
                t.flush()
            })?;
            tables.mentions.mentions(gaz, &id, mentions).context("cannot write mentions.csv")?;
            tables
                .entities
                .entities(gaz, &id, &summaries, focus)
                .context("cannot write entities.csv")?;
            tables.cooccurrence.pairs(&pairs).context("cannot write cooccurrence.csv")?;
        }
        if self.svg {
            write_atomic(&file("svg"), |w| svg::article_svg(gaz, &id, &map_summaries, w))?;
        }
        if let Some(gpkg) = &mut self.gpkg {
            gpkg.add_article(gaz, &id, mentions, &summaries, &map_summaries, focus)?;
        }
        if let Some(map) = &mut self.map {
            map.add_article(gaz, &id, &mapped, &map_summaries, focus);
        }
        Ok(())
    }

    /// Writes the run-level outputs and errors.csv.
    fn finish(self, gaz: &Gazetteer, failures: &[Failure]) -> anyhow::Result<()> {
        let Files { dir, geojson, tables, gpkg, map, keep_formulas, .. } = self;
        if let Some(tables) = tables {
            tables.finish()?;
        }
        if let Some(places) = geojson {
            let places = places.collection(gaz);
            write_atomic(&dir.join("places.geojson"), |w| {
                serde_json::to_writer(&mut *w, &places)?;
                writeln!(w)
            })?;
        }
        if let Some(gpkg) = gpkg {
            gpkg.finish()?;
        }
        if let Some(map) = map {
            write_atomic(&dir.join("map.html"), |w| map.write_html(gaz, w))?;
        }
        write_atomic(&dir.join("errors.csv"), |w| write_failures(w, failures, keep_formulas))?;
        Ok(())
    }
}

fn write_failures(
    w: &mut dyn Write,
    failures: &[Failure],
    keep_formulas: bool,
) -> std::io::Result<()> {
    let mut t = csv::Writer::from_writer(w);
    t.write_record(["source", "line", "article", "error"])?;
    for f in failures {
        let line = f.line.map(|l| l.to_string()).unwrap_or_default();
        let source = f.source.display().to_string();
        let cells = [source.as_str(), &line, &f.article, &f.message];
        if keep_formulas {
            t.write_record(cells)?;
        } else {
            t.write_record(cells.map(|c| neutralize(c).into_owned()))?;
        }
    }
    t.flush()
}
