//! `gazet show`: one article on the terminal.

use super::{fields, format_of};
use crate::args::{ColorWhen, ShowArgs};
use anyhow::Context;
use gazet::Extractor;
use gazet::article::ArticleReader;
use gazet::write::summarize;
use gazet::write::terminal::{RenderOptions, render};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let format = format_of(&args.input, &args.file);
    let mut reader = ArticleReader::open(&args.file, format, &fields(&args.input))?;
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
    let mentions = Extractor::new(&gaz).extract(&article.text);
    let summaries = summarize(&gaz, &mentions);
    let stdout = std::io::stdout();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let width = args
        .width
        .unwrap_or_else(|| terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0)));
    let text = render(&gaz, &article, &mentions, &summaries, RenderOptions { color, width });
    let mut out = stdout.lock();
    out.write_all(text.as_bytes()).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}
