//! `gazet lookup`: every entry a name can mean, and how.

use crate::args::LookupArgs;
use gazet::extract::explain::reach;
use gazet::write::terminal::column_widths;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: LookupArgs) -> anyhow::Result<ExitCode> {
    let gaz = super::gazetteer(&args.gazetteer)?;
    let query = args.name.join(" ");
    let reached = reach(gaz, &query);
    let mut out = std::io::stdout().lock();
    if reached.is_empty() {
        writeln!(out, "no gazetteer entry is named {query:?}, nor spelt like it")?;
        return Ok(ExitCode::from(1));
    }
    let rows: Vec<[String; 7]> = reached
        .iter()
        .map(|r| {
            let e = gaz.entry(r.entry);
            [
                e.id.to_string(),
                e.name.to_string(),
                e.kind.as_str().to_string(),
                e.country.as_deref().unwrap_or_default().to_string(),
                e.admin1.as_deref().unwrap_or_default().to_string(),
                e.coord.map(|(lat, lon)| format!("{lat:.5}, {lon:.5}")).unwrap_or_default(),
                r.method.as_str().to_string(),
            ]
        })
        .collect();
    let header = ["id", "name", "kind", "country", "admin1", "coordinates", "match"];
    let widths = column_widths(&header, &rows);
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (c, w) in cells.iter().zip(widths) {
            s.push_str(&format!("{c:<w$}  "));
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&header))?;
    for (r, reach) in rows.iter().zip(&reached) {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
        writeln!(out, "    {}", reach.path)?;
    }
    Ok(ExitCode::SUCCESS)
}
