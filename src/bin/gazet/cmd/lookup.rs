//! `gazet lookup`: every entry a name can mean.

use crate::args::LookupArgs;
use gazet::gazetteer::NameRole;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: LookupArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let query = args.name.join(" ");
    let names = gaz.lookup(&query);
    let mut out = std::io::stdout().lock();
    if names.is_empty() {
        writeln!(out, "no gazetteer entry is named {query:?}")?;
        return Ok(ExitCode::from(1));
    }
    let mut rows: Vec<[String; 7]> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &n in names {
        let name = gaz.name(n);
        let e = gaz.entry(name.entry);
        if !seen.insert((name.entry, name.role == NameRole::Demonym)) {
            continue;
        }
        let mut how = match name.role {
            NameRole::Name if name.text == e.name => "name".to_string(),
            NameRole::Name => format!("alias {:?}", name.text),
            NameRole::Demonym => format!("demonym {:?}", name.text),
        };
        let flags = name.flags.to_flag_string();
        if !flags.is_empty() {
            how.push_str(&format!(" [{flags}]"));
        }
        rows.push([
            e.id.clone(),
            e.name.clone(),
            e.kind.as_str().to_string(),
            e.country.clone().unwrap_or_default(),
            e.admin1.clone().unwrap_or_default(),
            e.coord.map(|(lat, lon)| format!("{lat:.5}, {lon:.5}")).unwrap_or_default(),
            how,
        ]);
    }
    let header = ["id", "name", "kind", "country", "admin1", "coordinates", "matched as"];
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (c, w) in cells.iter().zip(widths) {
            s.push_str(&format!("{c:<w$}  "));
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&header))?;
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    Ok(ExitCode::SUCCESS)
}
