//! `gazet gazetteer check|stats|import`.

use crate::args::{CheckArgs, GazetteerArgs, GazetteerCommand, ImportArgs, StatsArgs};
use gazet::gazetteer::{ImportOptions, import_geonames};
use gazet::{EntityType, Kind};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

pub fn run(cmd: GazetteerCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GazetteerCommand::Check(a) => check(a),
        GazetteerCommand::Stats(a) => stats(a),
        GazetteerCommand::Import(a) => import(a),
    }
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&GazetteerArgs {
        gazetteer: args.paths.clone(),
        no_default_gazetteer: args.no_default_gazetteer && !args.paths.is_empty(),
    })?;
    let mut out = std::io::stdout().lock();
    for w in gaz.warnings() {
        writeln!(out, "warning: {w}")?;
    }
    writeln!(
        out,
        "{}: {} entries, {} names, {} warnings",
        if gaz.warnings().is_empty() { "ok" } else { "valid with warnings" },
        gaz.entries().len(),
        gaz.name_count(),
        gaz.warnings().len()
    )?;
    Ok(if gaz.warnings().is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut by_country: BTreeMap<&str, usize> = BTreeMap::new();
    for e in gaz.entries() {
        *by_kind.entry(e.kind).or_default() += 1;
        *by_country.entry(e.country.as_deref().unwrap_or("--")).or_default() += 1;
    }
    let mut out = std::io::stdout().lock();
    let groups = gaz.entries().iter().filter(|e| e.entity_type() == EntityType::Group).count();
    writeln!(out, "gazetteer {}", gaz.version())?;
    writeln!(
        out,
        "{} entries ({} places, {} groups), {} names",
        gaz.entries().len(),
        gaz.entries().len() - groups,
        groups,
        gaz.name_count()
    )?;
    let (with_skeleton, skeletons, fuzzy) = gaz.index_sizes();
    writeln!(
        out,
        "spelling variants: {with_skeleton} names reduced to {skeletons} skeletons (one per name); \
         fuzzy index: {fuzzy} deletion entries"
    )?;
    writeln!(out, "\nby kind")?;
    for (k, n) in &by_kind {
        writeln!(out, "  {:<20} {n:>8}", k.as_str())?;
    }
    let mut countries: Vec<(&str, usize)> = by_country.into_iter().collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    writeln!(
        out,
        "\nby country (top {} of {}; -- = none)",
        args.top.min(countries.len()),
        countries.len()
    )?;
    for (c, n) in countries.iter().take(args.top) {
        writeln!(out, "  {c:<4} {n:>8}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let opts = ImportOptions {
        geonames: args.geonames,
        alternate_names: args.alternate_names,
        countries: args.countries.iter().map(|c| c.trim().to_uppercase()).collect(),
        min_population: args.min_population,
    };
    let stats = import_geonames(&opts, &args.out)?;
    println!(
        "{}: {} places and {} aliases from {} rows; use it with --gazetteer {}",
        args.out.display(),
        stats.places,
        stats.aliases,
        stats.rows,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
