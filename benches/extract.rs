//! Extraction speed without process start-up: loads the gazetteer once,
//! then extracts every article of a JSONL corpus, with and without fuzzy
//! matching, several rounds each, and prints medians and their ratio.
//!
//!     python3 benches/gen_corpus.py --articles 1000 --out /tmp/corpus.jsonl
//!     cargo bench --bench extract -- /tmp/corpus.jsonl

use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_else(|| {
        eprintln!("usage: cargo bench --bench extract -- CORPUS.jsonl");
        std::process::exit(2)
    });
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .expect("corpus is readable")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let gaz = gazet::Gazetteer::embedded().expect("embedded gazetteer");
    let load = t.elapsed();
    let run = |fuzzy: bool| -> Duration {
        let ex = gazet::Extractor::new(&gaz).fuzzy(fuzzy);
        let t = Instant::now();
        let mut n = 0;
        for text in &texts {
            n += ex.extract(text).len();
        }
        std::hint::black_box(n);
        t.elapsed()
    };
    // Rounds alternate, so that drift in the machine's speed hits both.
    run(false);
    run(true);
    let (mut offs, mut ons): (Vec<Duration>, Vec<Duration>) =
        (0..9).map(|_| (run(false), run(true))).unzip();
    offs.sort();
    ons.sort();
    let (off, on) = (offs[offs.len() / 2], ons[ons.len() / 2]);
    let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "{} articles, {:.1} MB; gazetteer load {:.2} s",
        texts.len(),
        bytes as f64 / 1e6,
        load.as_secs_f64()
    );
    println!("without fuzzy: {:.3} s ({:.1} MB/s)", off.as_secs_f64(), mbs(off));
    println!("with fuzzy:    {:.3} s ({:.1} MB/s)", on.as_secs_f64(), mbs(on));
    println!(
        "fuzzy adds {:.1}% to extraction",
        100.0 * (on.as_secs_f64() / off.as_secs_f64() - 1.0)
    );
}
