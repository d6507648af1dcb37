//! Parsing gazetteer TSV files into rows, with `file:line` errors.
//!
//! Columns are found by header name, so a user may add columns of their
//! own (notes, codes); the required ones are listed per table below.

use super::{CompactString, Entry, Kind, NameFlags};
use crate::{Error, Result};
use std::collections::HashMap;

/// Which table a file holds, from its name: `places*.tsv`, `groups*.tsv`,
/// `aliases*.tsv`, `demonyms*.tsv`, `suppress*.tsv`, `english-words*.tsv`,
/// `given-names*.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Table {
    Places,
    Groups,
    Aliases,
    Demonyms,
    Suppress,
    /// `english-words*.tsv`: lower-case English words.
    Words,
    /// `given-names*.tsv`: given names.
    GivenNames,
}

impl Table {
    pub(crate) fn from_file_name(name: &str) -> Option<Table> {
        if !name.ends_with(".tsv") {
            return None;
        }
        [
            ("places", Table::Places),
            ("groups", Table::Groups),
            ("aliases", Table::Aliases),
            ("demonyms", Table::Demonyms),
            ("suppress", Table::Suppress),
            ("english-words", Table::Words),
            ("given-names", Table::GivenNames),
        ]
        .into_iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, t)| t)
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Table::Places => {
                &["id", "name", "kind", "country", "admin1", "lat", "lon", "population", "flags"]
            }
            Table::Groups => &["id", "name", "kind", "country", "parent", "active"],
            Table::Aliases => &["id", "alias", "flags"],
            Table::Demonyms => &["demonym", "id", "flags"],
            Table::Suppress => &["name", "id"],
            Table::Words => &["word"],
            Table::GivenNames => &["name"],
        }
    }
}

/// Where a row came from, for error messages.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    /// Shared by every row of the file (a gazetteer may have millions).
    pub file: std::sync::Arc<str>,
    pub line: u64,
}

impl Loc {
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::gazetteer(self.file.to_string(), self.line, message)
    }
}

/// A name row: an alias or a demonym of the entry `id`.
#[derive(Clone, Debug)]
pub(crate) struct NameRow {
    pub id: String,
    pub text: String,
    pub flags: NameFlags,
    pub loc: Loc,
}

/// The rows of one gazetteer layer.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub entries: Vec<(Entry, Loc)>,
    pub aliases: Vec<NameRow>,
    pub demonyms: Vec<NameRow>,
    /// Names not to match: for the entry `id`, or for every entry when
    /// `id` is empty.
    pub suppress: Vec<NameRow>,
    /// English words, normalised.
    pub words: Vec<String>,
    /// Given names, normalised.
    pub given_names: Vec<String>,
}

impl Rows {
    /// Adds `other`'s rows after these.
    pub(crate) fn append(&mut self, mut other: Rows) {
        self.entries.append(&mut other.entries);
        self.aliases.append(&mut other.aliases);
        self.demonyms.append(&mut other.demonyms);
        self.suppress.append(&mut other.suppress);
        self.words.append(&mut other.words);
        self.given_names.append(&mut other.given_names);
    }
}

/// The text of the gazetteer file `file`: its bytes, which must be UTF-8
/// (a byte-order mark is allowed, and skipped by [`parse_file`]).
///
/// # Errors
/// A UTF-16 file (what spreadsheets save as "Unicode text"), or the line
/// and byte of the first byte that is not UTF-8 (a Latin-1 or Windows-1252
/// export).
pub(crate) fn decode(file: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::gazetteer(
            file,
            1,
            "the file is UTF-16 (a spreadsheet's \"Unicode text\"); save it as UTF-8 tab-separated text",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Error::gazetteer(
            file,
            line,
            format!(
                "not valid UTF-8 (byte 0x{:02X} at byte {} of the line, file offset {at}); \
                 save the file as UTF-8",
                bytes[at],
                at - line_start + 1,
            ),
        )
    })
}

/// Parses one file of `table` into `rows`.
pub(crate) fn parse_file(table: Table, file: &str, text: &str, rows: &mut Rows) -> Result<()> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Lines end in `\n` or `\r\n`; a file without any `\n` may end them in
    // `\r` (older Mac spreadsheets). Numbered here, so that line numbers
    // are right whatever the line ends.
    let end = if text.contains('\n') { '\n' } else { '\r' };
    let mut lines = (1u64..)
        .zip(text.split(end).map(|l| l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(Error::gazetteer(
            file,
            1,
            format!("empty file (expected a header row: {})", table.required().join(", ")),
        ));
    };
    let header_err = |m: String| Error::gazetteer(file, header_line, m);
    let headers: Vec<&str> = header.split('\t').map(str::trim).collect();
    let mut col = HashMap::new();
    for (i, &h) in headers.iter().enumerate() {
        if col.insert(h, i).is_some() && (table.required().contains(&h) || h == "source") {
            return Err(header_err(format!("column `{h}` appears twice in the header")));
        }
    }
    for req in table.required() {
        if !col.contains_key(req) {
            let hint = if headers.len() == 1 && header.contains([',', ';']) {
                "; this header has no tab: is the file comma-separated? gazetteer files are \
                 tab-separated"
            } else {
                ""
            };
            return Err(header_err(format!(
                "missing column `{req}` in the header (expected: {}){hint}",
                table.required().join(", ")
            )));
        }
    }
    let idx: Vec<usize> = table.required().iter().map(|r| col[r]).collect();
    let file_name: std::sync::Arc<str> = file.into();
    let source_col = col.get("source").copied();
    let mut record: Vec<&str> = Vec::with_capacity(headers.len());
    for (line, text) in lines {
        record.clear();
        record.extend(text.split('\t'));
        let loc = Loc { file: file_name.clone(), line };
        if record.len() != headers.len() {
            // Spreadsheets quote a field that holds a tab; TSV has no
            // quoting, so the quotes are text and the tab splits the field.
            let quotes = if text.contains('"') {
                "; quotes are not special in TSV, so a tab inside quotes still separates fields"
            } else {
                ""
            };
            return Err(loc.error(format!(
                "{} fields, but the header has {} (fields are separated by tabs{quotes})",
                record.len(),
                headers.len()
            )));
        }
        let f: Vec<&str> = idx.iter().map(|&i| record[i].trim()).collect();
        let source = source_col.map_or("", |i| record[i].trim()).into();
        match table {
            Table::Places => rows.entries.push((place(&f, source, &loc)?, loc)),
            Table::Groups => rows.entries.push((group(&f, source, &loc)?, loc)),
            Table::Aliases => rows.aliases.push(name_row(f[0], f[1], "alias", f[2], loc)?),
            Table::Demonyms => rows.demonyms.push(name_row(f[1], f[0], "demonym", f[2], loc)?),
            Table::Words => rows.words.push(crate::text::normalize_key(f[0])),
            Table::GivenNames => rows.given_names.push(crate::text::normalize_key(f[0])),
            Table::Suppress => {
                let text = required(f[0], "name", &loc)?.to_string();
                rows.suppress.push(NameRow {
                    id: f[1].to_string(),
                    text,
                    flags: NameFlags::default(),
                    loc,
                });
            }
        }
    }
    Ok(())
}

fn required<'a>(value: &'a str, column: &str, loc: &Loc) -> Result<&'a str> {
    if value.is_empty() { Err(loc.error(format!("empty `{column}`"))) } else { Ok(value) }
}

fn kind(value: &str, want: super::EntityType, loc: &Loc) -> Result<Kind> {
    match Kind::parse(required(value, "kind", loc)?) {
        Some(k) if k.entity_type() == want => Ok(k),
        Some(k) => {
            Err(loc
                .error(format!("kind `{value}` is a {} kind, not a {want} kind", k.entity_type())))
        }
        None => {
            let known: Vec<&str> =
                Kind::ALL.iter().filter(|k| k.entity_type() == want).map(|k| k.as_str()).collect();
            Err(loc.error(format!("unknown kind `{value}` (known: {})", known.join(", "))))
        }
    }
}

fn country(value: &str, loc: &Loc) -> Result<Option<CompactString>> {
    if value.is_empty() {
        return Ok(None);
    }
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(Some(value.into()))
    } else {
        Err(loc.error(format!("country `{value}` is not an ISO 3166-1 alpha-2 code like `SY`")))
    }
}

fn coordinate(value: &str, column: &str, limit: f64, loc: &Loc) -> Result<f64> {
    let v: f64 = value.parse().map_err(|_| {
        let hint = if value.contains(',') { " (write decimals with a dot: 35.95)" } else { "" };
        loc.error(format!("{column} `{value}` is not a number{hint}"))
    })?;
    if !v.is_finite() || v.abs() > limit {
        return Err(loc.error(format!("{column} {value} out of range")));
    }
    Ok(v)
}

fn optional(value: &str) -> Option<CompactString> {
    (!value.is_empty()).then(|| value.into())
}

fn place(f: &[&str], source: CompactString, loc: &Loc) -> Result<Entry> {
    let coord = match (f[5], f[6]) {
        ("", "") => None,
        (lat, lon) => Some((
            coordinate(required(lat, "lat", loc)?, "latitude", 90.0, loc)?,
            coordinate(required(lon, "lon", loc)?, "longitude", 180.0, loc)?,
        )),
    };
    let population = if f[7].is_empty() {
        0
    } else {
        f[7].parse()
            .map_err(|_| loc.error(format!("population `{}` is not a whole number", f[7])))?
    };
    let mut capital = false;
    for flag in f[8].split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match flag {
            "capital" => capital = true,
            other => {
                return Err(loc.error(format!("unknown place flag `{other}` (known: capital)")));
            }
        }
    }
    Ok(Entry {
        id: required(f[0], "id", loc)?.into(),
        name: required(f[1], "name", loc)?.into(),
        kind: kind(f[2], super::EntityType::Place, loc)?,
        country: country(f[3], loc)?,
        admin1: optional(f[4]),
        coord,
        population,
        capital,
        parent: None,
        active: None,
        source,
    })
}

fn group(f: &[&str], source: CompactString, loc: &Loc) -> Result<Entry> {
    Ok(Entry {
        id: required(f[0], "id", loc)?.into(),
        name: required(f[1], "name", loc)?.into(),
        kind: kind(f[2], super::EntityType::Group, loc)?,
        country: country(f[3], loc)?,
        admin1: None,
        coord: None,
        population: 0,
        capital: false,
        parent: optional(f[4]),
        active: optional(f[5]),
        source,
    })
}

fn name_row(id: &str, text: &str, column: &str, flags: &str, loc: Loc) -> Result<NameRow> {
    let id = required(id, "id", &loc)?.to_string();
    let text = required(text, column, &loc)?.to_string();
    let flags = NameFlags::parse(flags).map_err(|f| {
        loc.error(format!("unknown flag `{f}` (known: case, word, weak, translit)"))
    })?;
    Ok(NameRow { id, text, flags, loc })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(table: Table, text: &str) -> Result<Rows> {
        let mut rows = Rows::default();
        parse_file(table, "gazetteer/test.tsv", text, &mut rows)?;
        Ok(rows)
    }

    const PLACES: &str = "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\tsource\n";

    #[test]
    fn reads_a_place() {
        let rows = parse(
            Table::Places,
            &format!("{PLACES}gn:1\tRaqqa\tcity\tSY\tAr-Raqqah\t35.95\t39.01\t177000\t\tx\n"),
        )
        .unwrap();
        let (e, loc) = &rows.entries[0];
        assert_eq!((e.name.as_str(), e.kind, e.coord), ("Raqqa", Kind::City, Some((35.95, 39.01))));
        assert_eq!(loc.line, 2);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases = [
            (
                "gn:1\tX\tcity\tSY\t\t123.4\t39\t0\t\t\n",
                "gazetteer/test.tsv:3: latitude 123.4 out of range",
            ),
            ("gn:1\tX\ttown\tSY\t\t1\t2\t0\t\t\n", ""),
            (
                "gn:1\tX\tgovernorate\tSY\t\t1\t2\t0\t\t\n",
                "gazetteer/test.tsv:3: unknown kind `governorate`",
            ),
            ("gn:1\tX\tcity\tSYR\t\t1\t2\t0\t\t\n", "gazetteer/test.tsv:3: country `SYR`"),
            ("gn:1\tX\tcity\n", "gazetteer/test.tsv:3: 3 fields, but the header has 10"),
            ("gn:1\tX\tcity\tSY\t\t1\t2\tmany\t\t\n", "gazetteer/test.tsv:3: population `many`"),
            (
                "gn:1\tX\tarmed_group\tSY\t\t1\t2\t0\t\t\n",
                "gazetteer/test.tsv:3: kind `armed_group` is a group kind",
            ),
        ];
        for (row, want) in cases {
            let text = format!("{PLACES}gn:0\tY\tcity\t\t\t0\t0\t0\t\t\n{row}");
            match parse(Table::Places, &text) {
                Ok(_) => assert!(want.is_empty(), "{row:?} parsed, wanted {want}"),
                Err(e) => assert!(
                    !want.is_empty() && e.to_string().starts_with(want),
                    "{row:?}: got `{e}`, wanted `{want}`"
                ),
            }
        }
    }

    #[test]
    fn line_numbers_count_every_line_end() {
        let bad = "gn:2\tX\tcity\t\t\t91\t0\t0\t\t\n";
        let good = "gn:1\tY\tcity\t\t\t0\t0\t0\t\t\n";
        for end in ["\n", "\r\n", "\r"] {
            let text = format!("\u{FEFF}{PLACES}{good}\n{bad}").replace('\n', end);
            let err = parse(Table::Places, &text).unwrap_err().to_string();
            assert!(err.starts_with("gazetteer/test.tsv:4: latitude 91"), "{end:?}: {err}");
        }
    }

    #[test]
    fn a_missing_column_is_reported_on_line_one() {
        let err = parse(Table::Aliases, "id\talias\n").unwrap_err();
        assert!(
            err.to_string().starts_with("gazetteer/test.tsv:1: missing column `flags`"),
            "{err}"
        );
    }
}
