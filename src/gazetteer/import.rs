//! Importing a standard GeoNames dump (`cities500.txt`, `allCountries.txt`,
//! a country file such as `SY.txt`) and, optionally, its
//! `alternateNamesV2.txt`, into a gazetteer folder.
//!
//! The dump is read a line at a time and rows are written as they come.
//! What is kept between lines is a bitmap of the ids written (to catch an
//! id listed twice: 1 bit per id value, 1.6 MB for GeoNames' ids) and, only
//! with an alternate-names file, a sorted list of 64-bit hashes of the
//! names written (to skip the alternate names a place already has): memory
//! does not grow with the dump (7 MB for 5 million rows), or grows by 8 to
//! 16 bytes per name with alternate names (310 MB for 5 million rows of
//! 5 names each and 5 million alternate names).
//!
//! A malformed line (not 19 columns, a geonameid, coordinate or population
//! that is not a number, coordinates out of range, bytes that are not
//! UTF-8, an id listed twice) stops the import with its `file:line`, and
//! nothing is written: a GeoNames dump has none, so one is a sign of a
//! damaged or wrong file, not a row to skip quietly.

use super::stopwords::is_stopword;
use crate::text::normalize_key;
use crate::write::AtomicFile;
use crate::{Error, Result};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Read, Write};
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

/// The longest line read (a GeoNames line is at most a few KB): a file
/// without line breaks is an error, not a reason to run out of memory.
const MAX_LINE: u64 = 1 << 20;

/// Reads a file a line at a time, counting lines, without keeping more
/// than one line.
struct Lines {
    path: PathBuf,
    rdr: std::io::BufReader<std::fs::File>,
    buf: Vec<u8>,
    /// 1-based number of the line last read.
    line: u64,
}

impl Lines {
    fn open(path: &Path) -> Result<Lines> {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(Lines {
            path: path.to_path_buf(),
            rdr: std::io::BufReader::with_capacity(1 << 16, f),
            buf: Vec::new(),
            line: 0,
        })
    }

    /// An error at the line last read.
    fn error(&self, message: impl Into<String>) -> Error {
        Error::gazetteer(self.path.display().to_string(), self.line, message)
    }

    /// The next line and its 1-based number, without its line break (`\n`
    /// or `\r\n`), or `None` at the end of the file.
    fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let n = (&mut self.rdr)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if n as u64 > MAX_LINE {
            return Err(self.error(format!("line longer than {MAX_LINE} bytes")));
        }
        let mut end = self.buf.len();
        if self.buf[..end].ends_with(b"\n") {
            end -= 1;
        }
        if self.buf[..end].ends_with(b"\r") {
            end -= 1;
        }
        match std::str::from_utf8(&self.buf[..end]) {
            Ok(line) => Ok(Some((self.line, line))),
            Err(e) => {
                let at = e.valid_up_to();
                let byte = self.buf[at];
                Err(self.error(format!(
                    "not valid UTF-8 (byte 0x{byte:02X} at byte {} of the line)",
                    at + 1
                )))
            }
        }
    }
}

/// The geonameids written: a bitmap below [`IdSet::BITMAP`] (every
/// GeoNames id; at most 32 MB), a hash set above.
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
    other: HashSet<u64>,
}

impl IdSet {
    const BITMAP: u64 = 1 << 28;

    /// Adds `id`; false if it was there.
    fn insert(&mut self, id: u64) -> bool {
        if id >= Self::BITMAP {
            return self.other.insert(id);
        }
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        let new = self.bits[word] & bit == 0;
        self.bits[word] |= bit;
        new
    }

    fn contains(&self, id: u64) -> bool {
        if id >= Self::BITMAP {
            return self.other.contains(&id);
        }
        self.bits.get((id / 64) as usize).is_some_and(|w| w & (1u64 << (id % 64)) != 0)
    }
}

/// A 64-bit hash of a place's normalised name, to skip an alternate name
/// it already has (with 30 million names, the chance of any collision is
/// about 1 in 20,000, and one would only drop one alternate name).
fn name_hash(id: u64, key: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

/// The first line of the dump `path` whose geonameid is `id`.
fn first_line_of(path: &Path, id: u64) -> Result<u64> {
    let mut lines = Lines::open(path)?;
    let want = id.to_string();
    while let Some((line_no, line)) = lines.next_line()? {
        if line.split('\t').next() == Some(want.as_str()) {
            return Ok(line_no);
        }
    }
    Ok(0)
}

/// Reads `opts.geonames` (and `opts.alternate_names`) and writes
/// `out/places.tsv` and `out/aliases.tsv`.
///
/// # Errors
/// A file that cannot be read or written, or a malformed line (with its
/// file and line); nothing is written then.
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

    // The ids written; with alternate names, the names written for each.
    let mut ids = IdSet::default();
    let mut names: Option<Vec<u64>> = opts.alternate_names.as_ref().map(|_| Vec::new());
    let file = opts.geonames.display().to_string();
    let mut lines = Lines::open(&opts.geonames)?;
    while let Some((line_no, line)) = lines.next_line()? {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        stats.rows += 1;
        let bad = |m: String| Error::gazetteer(&file, line_no, m);
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 19 {
            return Err(bad(format!("{} columns, a GeoNames dump has 19", f.len())));
        }
        let id: u64 =
            f[0].parse().map_err(|_| bad(format!("geonameid `{}` is not a number", f[0])))?;
        let lat: f64 =
            f[4].parse().map_err(|_| bad(format!("latitude `{}` is not a number", f[4])))?;
        let lon: f64 =
            f[5].parse().map_err(|_| bad(format!("longitude `{}` is not a number", f[5])))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad(format!("coordinates {}, {} out of range", f[4], f[5])));
        }
        let population: u64 = match f[14] {
            "" => 0,
            p => p.parse().map_err(|_| bad(format!("population `{p}` is not a whole number")))?,
        };
        let Some(kind) = kind_of(f[6], f[7], population) else { continue };
        if !countries.is_empty() && !countries.contains(f[8]) {
            continue;
        }
        if f[6] == "P" && population < opts.min_population {
            continue;
        }
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let name = clean(f[1]);
        if name.trim().is_empty() {
            continue;
        }
        if !ids.insert(id) {
            let first = first_line_of(&opts.geonames, id)?;
            return Err(bad(format!(
                "geonameid {id} is listed twice (first at line {first}); a dump lists each place once"
            )));
        }
        let country = if f[8].len() == 2 { f[8] } else { "" };
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
        if let Some(names) = &mut names {
            names.extend(seen.iter().map(|key| name_hash(id, key)));
        }
    }

    if let (Some(path), Some(mut names)) = (&opts.alternate_names, names) {
        names.sort_unstable();
        names.dedup();
        names.shrink_to_fit();
        // The alternate names written (a fraction of the file's).
        let mut added: HashSet<u64> = HashSet::new();
        let file = path.display().to_string();
        let mut lines = Lines::open(path)?;
        while let Some((line_no, line)) = lines.next_line()? {
            if line.is_empty() {
                continue;
            }
            let bad = |m: String| Error::gazetteer(&file, line_no, m);
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                return Err(bad(format!("{} columns, alternateNames has at least 4", f.len())));
            }
            let id: u64 =
                f[1].parse().map_err(|_| bad(format!("geonameid `{}` is not a number", f[1])))?;
            if !ids.contains(id) {
                continue;
            }
            let alt = f[3].replace(['\t', '\n', '\r'], " ");
            if !usable_alternate(f[2], &alt) {
                continue;
            }
            let hash = name_hash(id, &normalize_key(&alt));
            if names.binary_search(&hash).is_err() && added.insert(hash) {
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

    #[test]
    fn id_sets_hold_small_and_large_ids() {
        let mut ids = IdSet::default();
        for id in [0, 63, 64, 172_955, IdSet::BITMAP - 1, IdSet::BITMAP, u64::MAX] {
            assert!(!ids.contains(id) && ids.insert(id) && !ids.insert(id) && ids.contains(id));
        }
        assert!(!ids.contains(1) && !ids.contains(IdSet::BITMAP + 1));
    }
}
