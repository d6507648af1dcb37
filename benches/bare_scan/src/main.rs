//! A bare Aho-Corasick scan: every name of NAMES (one a line), ASCII case
//! insensitive, leftmost-longest, over the `title` and `text` of each line
//! of a JSONL corpus. Prints the number of matches. No normalisation, no
//! word boundaries, no resolution: the floor gazet is measured against.
//!
//!     bare_scan [--overlapping] NAMES CORPUS.jsonl
//!
//! `--overlapping` reports every overlapping match (MatchKind::Standard),
//! the search mode gazet's exact pass uses. If BENCH_TIMINGS names a file,
//! a JSON line with the build and scan times is appended to it.

use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};

#[derive(serde::Deserialize)]
struct Article {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: String,
}

fn main() {
    let t0 = Instant::now();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let overlapping = args.iter().any(|a| a == "--overlapping");
    args.retain(|a| a != "--overlapping");
    let [names, corpus] = args.as_slice() else {
        eprintln!("usage: bare_scan [--overlapping] NAMES CORPUS.jsonl");
        std::process::exit(2)
    };
    let names = std::fs::read_to_string(names).expect("names file is readable");
    let names: Vec<&str> = names.lines().filter(|l| !l.is_empty()).collect();
    let kind = if overlapping { MatchKind::Standard } else { MatchKind::LeftmostLongest };
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(kind)
        .build(&names)
        .expect("automaton builds");
    let built = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let file = std::fs::File::open(corpus).expect("corpus is readable");
    let (mut matches, mut articles, mut bytes) = (0u64, 0u64, 0u64);
    let mut count = |s: &str| -> u64 {
        if overlapping {
            ac.find_overlapping_iter(s).count() as u64
        } else {
            ac.find_iter(s).count() as u64
        }
    };
    for line in BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.expect("corpus is UTF-8");
        bytes += line.len() as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let a: Article = serde_json::from_str(&line).expect("each line is a JSON object");
        matches += a.title.as_deref().map_or(0, &mut count) + count(&a.text);
        articles += 1;
    }
    let scanned = t1.elapsed().as_secs_f64();
    println!("{matches}");
    if let Ok(path) = std::env::var("BENCH_TIMINGS") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("timings file opens");
        writeln!(
            f,
            "{{\"build_s\": {built:.6}, \"run_s\": {scanned:.6}, \"matches\": {matches}, \
             \"articles\": {articles}, \"bytes\": {bytes}, \"patterns\": {}}}",
            names.len()
        )
        .expect("timings are written");
    }
}
