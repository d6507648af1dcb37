//! Importing a standard GeoNames dump (`cities500.txt`, `allCountries.txt`,
//! a country file such as `SY.txt`) and, optionally, its
//! `alternateNamesV2.txt`, into a gazetteer folder.
//!
//! The dump is read a line at a time and rows are written as they come, so
//! memory stays bounded by the alternate names kept for the selected
//! places.

use super::stopwords::is_stopword;
use crate::text::normalize_key;
use crate::write::AtomicFile;
use crate::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// What to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The GeoNames dump (19 tab-separated columns, no header).
    pub geonames: PathBuf,
    /// `alternateNames.txt` or `alternateNamesV2.txt`, if any.
    pub alternate_names: Option<PathBuf>,
    /// Keep only these ISO country codes (all when empty).
    pub countries: Vec<String>,
    /// Keep populated places of at least this population (others are kept
    /// whatever their population).
    pub min_population: u64,
}

/// What an import wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportStats {
    /// Rows of the dump read.
    pub rows: u64,
    /// Places written.
    pub places: u64,
    /// Aliases written.
    pub aliases: u64,
}

/// The gazet kind of a GeoNames feature class and code, or `None` for
/// features gazet does not import (roads, buildings, farms, ...).
fn kind_of(class: &str, code: &str, population: u64) -> Option<&'static str> {
    Some(match (class, code) {
        ("A", c) if c.starts_with("PCL") => "country",
        ("A", "ADM1") => "admin1",
        ("A", "ADM2") => "admin2",
        ("P", "PPLX") => "neighbourhood",
        ("P", "PPLC" | "PPLA" | "PPLG") => "city",
        ("P", "PPLA2" | "PPLA3" | "PPLA4") if population < 10_000 => "town",
        ("P", _) if population >= 100_000 => "city",
        ("P", _) if population >= 10_000 => "town",
        ("P", _) => "village",
        ("H", "STM" | "STMS") => "river",
        ("H", "LK" | "LKS" | "RSV") => "lake",
        ("H", "SEA" | "GULF" | "BAY") => "sea",
        ("T", "MT" | "MTS" | "HLL" | "PK") => "mountain",
        ("T", "ISL" | "ISLS") => "island",
        ("S", "DAM") => "dam",
        ("S", "AIRB") => "airbase",
        ("S", "AIRP") => "airport",
        ("L", "CONT") => "continent",
        ("L", "RGN") => "region",
        _ => return None,
    })
}

/// Alias flags for a name: `case` for short all-capital codes, and
/// `case,word` for English stopwords ("Of").
fn flags_of(name: &str) -> &'static str {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if is_stopword(&normalize_key(name)) {
        "case,word"
    } else if !letters.is_empty() && letters.len() <= 5 && letters.iter().all(|c| c.is_uppercase())
    {
        "case"
    } else {
        ""
    }
}

/// Whether an alternate name is worth matching: not a link, code or
/// postcode, and not empty.
fn usable_alternate(lang: &str, name: &str) -> bool {
    !name.is_empty()
        && !matches!(lang, "link" | "post" | "iata" | "icao" | "faac" | "tcid" | "unlc" | "wkdt")
        && !name.contains("://")
}

fn field(line: &str, path: &Path, line_no: u64) -> Result<Vec<String>> {
    let f: Vec<String> = line.split('\t').map(str::to_string).collect();
    if f.len() < 19 {
        return Err(Error::gazetteer(
            path.display().to_string(),
            line_no,
            format!("{} columns, a GeoNames dump has 19", f.len()),
        ));
    }
    Ok(f)
}

/// Reads `opts.geonames` (and `opts.alternate_names`) and writes
/// `out/places.tsv` and `out/aliases.tsv`.
///
/// # Errors
/// A file that cannot be read or written, or a malformed row (with its
/// file and line).
pub fn import_geonames(opts: &ImportOptions, out: &Path) -> Result<ImportStats> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let countries: HashSet<&str> = opts.countries.iter().map(String::as_str).collect();
    let mut stats = ImportStats::default();
    let mut places = AtomicFile::create(&out.join("places.tsv"))?;
    let mut aliases = AtomicFile::create(&out.join("aliases.tsv"))?;
    let io = |e| Error::io(out, e);
    writeln!(places, "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\tsource")
        .map_err(io)?;
    writeln!(aliases, "id\talias\tflags\tsource").map_err(io)?;

    let rdr = open(&opts.geonames)?;
    // The ids kept, for the alternate-names pass; with the names already
    // written for each, to skip repeats.
    let mut kept: HashMap<u64, HashSet<String>> = HashMap::new();
    for (i, line) in rdr.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| Error::io(&opts.geonames, e))?;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        stats.rows += 1;
        let f = field(&line, &opts.geonames, line_no)?;
        let bad = |m: String| Error::gazetteer(opts.geonames.display().to_string(), line_no, m);
        let id: u64 =
            f[0].parse().map_err(|_| bad(format!("geonameid `{}` is not a number", f[0])))?;
        let population: u64 = f[14].parse().unwrap_or(0);
        let Some(kind) = kind_of(&f[6], &f[7], population) else { continue };
        if !countries.is_empty() && !countries.contains(f[8].as_str()) {
            continue;
        }
        if f[6] == "P" && population < opts.min_population {
            continue;
        }
        let lat: f64 =
            f[4].parse().map_err(|_| bad(format!("latitude `{}` is not a number", f[4])))?;
        let lon: f64 =
            f[5].parse().map_err(|_| bad(format!("longitude `{}` is not a number", f[5])))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad(format!("coordinates {lat}, {lon} out of range")));
        }
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let name = clean(&f[1]);
        if name.trim().is_empty() {
            continue;
        }
        let country = if f[8].len() == 2 { f[8].as_str() } else { "" };
        let capital = if f[7] == "PPLC" { "capital" } else { "" };
        writeln!(
            places,
            "gn:{id}\t{name}\t{kind}\t{country}\t\t{lat}\t{lon}\t{population}\t{capital}\tgeonames:import"
        )
        .map_err(io)?;
        stats.places += 1;
        let mut seen = HashSet::from([normalize_key(&name)]);
        let flags = flags_of(&name);
        if !flags.is_empty() {
            writeln!(aliases, "gn:{id}\t{name}\t{flags}\tgeonames:import").map_err(io)?;
            stats.aliases += 1;
        }
        for alt in f[2].split(',').chain(f[3].split(',')) {
            let alt = clean(alt.trim());
            if alt.is_empty() || alt.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if seen.insert(normalize_key(&alt)) {
                writeln!(aliases, "gn:{id}\t{alt}\t{}\tgeonames:import", flags_of(&alt))
                    .map_err(io)?;
                stats.aliases += 1;
            }
        }
        kept.insert(id, seen);
    }

    if let Some(path) = &opts.alternate_names {
        for (i, line) in open(path)?.lines().enumerate() {
            let line = line.map_err(|e| Error::io(path, e))?;
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                return Err(Error::gazetteer(
                    path.display().to_string(),
                    i as u64 + 1,
                    format!("{} columns, alternateNames has at least 4", f.len()),
                ));
            }
            let Ok(id) = f[1].parse::<u64>() else { continue };
            let Some(seen) = kept.get_mut(&id) else { continue };
            let alt = f[3].replace(['\t', '\n', '\r'], " ");
            if usable_alternate(f[2], &alt) && seen.insert(normalize_key(&alt)) {
                writeln!(aliases, "gn:{id}\t{alt}\t{}\tgeonames:alternateNames", flags_of(&alt))
                    .map_err(io)?;
                stats.aliases += 1;
            }
        }
    }
    places.commit()?;
    aliases.commit()?;
    Ok(stats)
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(std::io::BufReader::with_capacity(1 << 16, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_codes_become_kinds() {
        assert_eq!(kind_of("P", "PPLC", 0), Some("city"));
        assert_eq!(kind_of("P", "PPLA2", 0), Some("town"));
        assert_eq!(kind_of("P", "PPL", 150_000), Some("city"));
        assert_eq!(kind_of("P", "PPL", 50), Some("village"));
        assert_eq!(kind_of("A", "PCLI", 0), Some("country"));
        assert_eq!(kind_of("S", "AIRB", 0), Some("airbase"));
        assert_eq!(kind_of("S", "FRM", 0), None);
    }

    #[test]
    fn flags_protect_codes_and_stopwords() {
        assert_eq!(flags_of("Of"), "case,word");
        assert_eq!(flags_of("SDF"), "case");
        assert_eq!(flags_of("Raqqa"), "");
    }
}
