//! `gazet show`: one article on the terminal.

use super::{format_of, read_options};
use crate::args::{ColorWhen, ShowArgs};
use anyhow::Context;
use gazet::extract::explain::reach;
use gazet::write::summarize;
use gazet::write::terminal::{RenderOptions, render};
use gazet::{Gazetteer, Mention};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let format = format_of(&args.input, &args.file);
    let mut reader = super::open(&args.file, format, &read_options(&args.input))?;
    let article = match args.line {
        None => reader.next(),
        Some(n) => reader.find(|a| a.as_ref().map_or(true, |a| a.line == Some(n))),
    };
    let article = match article {
        Some(a) => a?,
        None => anyhow::bail!(
            "{}: no article{}",
            args.file.display(),
            args.line.map(|n| format!(" on line {n}")).unwrap_or_default()
        ),
    };
    if let Some(warning) = super::encoding_warning(&article) {
        eprintln!("gazet: {warning}");
    }
    let analysis = super::extractor(gaz, &args.matching).analyze(&article);
    let mentions = analysis.mentions;
    let summaries = summarize(gaz, &mentions);
    let stdout = std::io::stdout();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let width = args
        .width
        .unwrap_or_else(|| terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0)));
    let mut text = render(
        gaz,
        &article,
        &mentions,
        &summaries,
        &analysis.focus,
        RenderOptions { color, width },
    );
    if args.explain {
        text.push_str(&explain(gaz, &mentions));
    }
    let mut out = stdout.lock();
    out.write_all(text.as_bytes()).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// For each distinct (surface, entry): how the surface reaches the entry
/// and what else it could mean.
fn explain(gaz: &Gazetteer, mentions: &[Mention]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("\nExplain\n");
    let mut seen = std::collections::HashSet::new();
    for m in mentions {
        if !seen.insert((m.surface.clone(), m.entry)) {
            continue;
        }
        let e = gaz.entry(m.entry);
        let _ = writeln!(
            out,
            "{:?} (line {}) → {} {} [{}], {} {:.2}",
            m.surface, m.line, e.id, e.name, e.kind, m.method, m.score
        );
        match reach(gaz, &m.surface).into_iter().find(|r| r.entry == m.entry) {
            Some(r) => {
                let _ = writeln!(out, "    via {}", r.path);
            }
            None => {
                let _ = writeln!(out, "    via the name {:?}", m.matched_name(gaz));
            }
        }
        for &(other, score) in m.candidates.iter().filter(|c| c.0 != m.entry) {
            let o = gaz.entry(other);
            let _ = writeln!(
                out,
                "    or {} {} [{}] {} (score {score:.1})",
                o.id,
                o.name,
                o.kind,
                o.country.as_deref().unwrap_or("")
            );
        }
    }
    out
}
