//! Micro-benchmarks of gazet's hot stages, on a sample of the benchmark
//! corpus, with the gazetteer loaded once outside the timed loops:
//!
//!     cargo bench --bench stages                    # every stage
//!     cargo bench --bench stages -- extract         # those whose name has `extract`
//!     cargo bench --bench stages -- --save-baseline main    # then, after a change:
//!     cargo bench --bench stages -- --baseline main         # differences from it
//!
//! The sample is the first `GAZET_BENCH_KB` kilobytes (default 200) of
//! `GAZET_BENCH_CORPUS` (default `target/bench/corpus-1mb-s7.jsonl`, written
//! by `benches/gen_corpus.py --size 1mb --seed 7` when missing; the same file
//! `benches/compare.sh --size 1mb` uses). Each benchmark processes the whole
//! sample once per iteration and reports bytes per second of article text.
//!
//! Stages, each only through gazet's public API:
//! - `normalize`: `text::normalize` (folding, offset map);
//! - `sentences`: `text::sentences::sentence_spans`;
//! - `extract/no_fuzzy`: `Extractor::extract` without fuzzy matching:
//!   normalise, the automaton pass (exact), variants, resolution, roles and
//!   contexts;
//! - `extract/fuzzy`: the same with fuzzy matching; the difference is what
//!   fuzzy matching costs;
//! - `fuzzy/index`: `Gazetteer::fuzzy_find` for the sample's capitalised
//!   words of 5 letters or more that are no exact name (the queries the
//!   fuzzy pass can make);
//! - `variants/skeleton`: `variants::skeleton` of the same words;
//! - `focus`: `extract::focus::focus` from the mentions;
//! - `write/csv_mentions`, `write/csv_entities` (with `summarize`),
//!   `write/geojson` (collection built and serialised), `write/jsonl`.
//!
//! The exact pass and resolution are crate-private, so they are not timed
//! apart: `extract/no_fuzzy` less `normalize` bounds them.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gazet::extract::focus::{Focus, focus};
use gazet::gazetteer::fuzzy::fuzzy_key;
use gazet::gazetteer::variants::skeleton;
use gazet::text::{normalize, normalize_key, sentences};
use gazet::write::csv::{ENTITY_COLUMNS, MENTION_COLUMNS, TableWriter};
use gazet::{Extractor, Gazetteer, Mention};

/// One article of the sample, with what the later stages take as input.
struct Article {
    id: String,
    text: String,
    mentions: Vec<Mention>,
    focus: Focus,
}

fn corpus_path() -> PathBuf {
    if let Ok(p) = std::env::var("GAZET_BENCH_CORPUS") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("target/bench/corpus-1mb-s7.jsonl");
    if !path.exists() {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("target/bench");
        let status = std::process::Command::new("python3")
            .arg(root.join("benches/gen_corpus.py"))
            .args(["--size", "1mb", "--seed", "7", "--out"])
            .arg(&path)
            .status()
            .expect("python3 runs benches/gen_corpus.py");
        assert!(status.success(), "benches/gen_corpus.py failed");
    }
    path
}

/// The first `GAZET_BENCH_KB` kilobytes of articles: (id, text).
fn sample() -> Vec<(String, String)> {
    let kb: usize =
        std::env::var("GAZET_BENCH_KB").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let path = corpus_path();
    let data = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    let mut bytes = 0;
    for (i, line) in data.lines().enumerate() {
        if bytes >= kb * 1000 {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let Some(text) = v["text"].as_str() else { continue };
        let id = v["id"].as_str().map_or_else(|| format!("a{i}"), str::to_string);
        bytes += text.len();
        out.push((id, text.to_string()));
    }
    assert!(!out.is_empty(), "no articles in {}", path.display());
    out
}

/// Capitalised words of 5 letters or more that are no exact name nor an
/// English word, normalised: what the fuzzy pass may look up (its own
/// filters drop more).
fn fuzzy_words(gaz: &Gazetteer, articles: &[Article]) -> Vec<String> {
    let mut out = Vec::new();
    for a in articles {
        for w in a.text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'') {
            if w.chars().count() >= 5
                && w.chars().next().is_some_and(char::is_uppercase)
                && gaz.lookup(w).is_empty()
                && !gaz.is_english_word(&normalize_key(w))
            {
                out.push(normalize_key(w));
            }
        }
    }
    out
}

fn stages(c: &mut Criterion) {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let with_fuzzy = Extractor::new(&gaz);
    let no_fuzzy = Extractor::new(&gaz).fuzzy(false);
    let articles: Vec<Article> = sample()
        .into_iter()
        .map(|(id, text)| {
            let mentions = with_fuzzy.extract(&text);
            let focus = focus(&gaz, &text, &mentions, &[]);
            Article { id, text, mentions, focus }
        })
        .collect();
    let bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();
    let keys = fuzzy_words(&gaz, &articles);
    let queries: Vec<String> = keys.iter().map(|k| fuzzy_key(k)).collect();
    let n_mentions: usize = articles.iter().map(|a| a.mentions.len()).sum();
    eprintln!(
        "sample: {} articles, {:.0} KB, {} mentions, {} fuzzy queries",
        articles.len(),
        bytes as f64 / 1e3,
        n_mentions,
        queries.len()
    );

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));

    g.bench_function("normalize", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(normalize(black_box(&a.text)));
            }
        })
    });
    g.bench_function("sentences", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(sentences::sentence_spans(black_box(&a.text)));
            }
        })
    });
    g.bench_function("extract/no_fuzzy", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(no_fuzzy.extract(black_box(&a.text)));
            }
        })
    });
    g.bench_function("extract/fuzzy", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(with_fuzzy.extract(black_box(&a.text)));
            }
        })
    });
    g.bench_function("fuzzy/index", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(gaz.fuzzy_find(black_box(q)));
            }
        })
    });
    g.bench_function("variants/skeleton", |b| {
        b.iter(|| {
            for k in &keys {
                black_box(skeleton(black_box(k)));
            }
        })
    });
    g.bench_function("focus", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(focus(&gaz, &a.text, &a.mentions, &[]));
            }
        })
    });
    g.bench_function("write/csv_mentions", |b| {
        b.iter(|| {
            let mut w =
                TableWriter::new(Vec::with_capacity(1 << 20), MENTION_COLUMNS).expect("header");
            for a in &articles {
                w.mentions(&gaz, &a.id, &a.mentions).expect("rows");
            }
            black_box(w.into_inner().expect("flush").len())
        })
    });
    g.bench_function("write/csv_entities", |b| {
        b.iter(|| {
            let mut w =
                TableWriter::new(Vec::with_capacity(1 << 20), ENTITY_COLUMNS).expect("header");
            for a in &articles {
                let summaries = gazet::write::summarize(&gaz, &a.mentions);
                w.entities(&gaz, &a.id, &summaries, &a.focus).expect("rows");
            }
            black_box(w.into_inner().expect("flush").len())
        })
    });
    g.bench_function("write/geojson", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                let summaries = gazet::write::summarize(&gaz, &a.mentions);
                let fc =
                    gazet::write::geojson::article_collection(&gaz, &a.id, &summaries, &a.focus);
                n += serde_json::to_vec(&fc).expect("serialises").len();
            }
            black_box(n)
        })
    });
    g.bench_function("write/jsonl", |b| {
        let source = Path::new("corpus.jsonl");
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                n += gazet::write::json::article_line(&gaz, &a.id, source, &a.mentions, &a.focus)
                    .len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
