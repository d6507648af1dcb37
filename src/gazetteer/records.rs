//! The snapshot's encoding of entries and names: fixed-width fields, with
//! every string in one text block that is checked as UTF-8 once.
//!
//! Decoding them with postcard checked each of about 900,000 strings on
//! its own and went through serde per field; this layout loads the
//! default gazetteer's entries and names in about half the time. A string
//! is its (start, length) in the block, as two little-endian u32s; a
//! missing one has the length [`NONE`]. Every read is checked: a damaged
//! section decodes to `None`, never to a panic. The entries are decoded;
//! the names are read in place ([`super::names::NameTable`]).

use super::names::{self, NameRecord};
use super::{CompactString, Entry, Kind};

/// The length that marks a missing optional string.
const NONE: u32 = u32::MAX;

/// Builds a section: records, and the strings they point into.
#[derive(Default)]
struct Writer {
    records: Vec<u8>,
    text: String,
    /// A string began past 4 GiB of text, which a u32 cannot point at.
    too_big: bool,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.records.push(v);
    }

    fn u32(&mut self, v: u32) {
        self.records.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.records.extend_from_slice(&v.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        match (u32::try_from(self.text.len()), u32::try_from(s.len())) {
            (Ok(start), Ok(len)) if len != NONE => {
                self.u32(start);
                self.u32(len);
            }
            _ => self.too_big = true,
        }
        self.text.push_str(s);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => {
                self.u32(0);
                self.u32(NONE);
            }
        }
    }

    /// The section: item count (u64), text length (u64), text, records;
    /// `None` if the text is too big to point into.
    fn finish(self, count: usize) -> Option<Vec<u8>> {
        if self.too_big {
            return None;
        }
        let mut out = Vec::with_capacity(16 + self.text.len() + self.records.len());
        out.extend_from_slice(&(count as u64).to_le_bytes());
        out.extend_from_slice(&(self.text.len() as u64).to_le_bytes());
        out.extend_from_slice(self.text.as_bytes());
        out.extend_from_slice(&self.records);
        Some(out)
    }
}

/// Reads a section made by [`Writer`].
struct Reader<'a> {
    records: &'a [u8],
    text: &'a str,
}

impl<'a> Reader<'a> {
    /// The reader of `section` and its item count.
    fn new(section: &'a [u8]) -> Option<(Reader<'a>, usize)> {
        let mut head = Reader { records: section, text: "" };
        let count = usize::try_from(head.u64()?).ok()?;
        let text_len = usize::try_from(head.u64()?).ok()?;
        let text = head.records.get(..text_len)?;
        let records = &head.records[text_len..];
        // The text is nearly half the entries' section (4.5 MB in the
        // default gazetteer), validated at every start-up: simdutf8 does it
        // several times faster than `std::str::from_utf8`.
        Some((Reader { records, text: simdutf8::basic::from_utf8(text).ok()? }, count))
    }

    /// Room for `count` records: every record takes more than a byte, so
    /// a damaged count cannot reserve more than the section holds.
    fn room<T>(&self, count: usize) -> Vec<T> {
        Vec::with_capacity(count.min(self.records.len()))
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.records.split_first_chunk::<N>()?;
        self.records = rest;
        Some(*head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take::<1>()?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take()?))
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn opt_str(&mut self) -> Option<Option<CompactString>> {
        let (start, len) = (self.u32()?, self.u32()?);
        if len == NONE {
            return Some(None);
        }
        let (start, len) = (start as usize, len as usize);
        // `get` refuses a range past the end or off a character boundary.
        Some(Some(CompactString::from(self.text.get(start..start.checked_add(len)?)?)))
    }

    fn str(&mut self) -> Option<CompactString> {
        self.opt_str()?
    }
}

/// The number of records a section announces (its first field).
pub(super) fn count(section: &[u8]) -> Option<usize> {
    usize::try_from(u64::from_le_bytes(*section.first_chunk()?)).ok()
}

/// The entries, encoded (`None` past 4 GiB of text).
pub(super) fn encode_entries(entries: &[Entry]) -> Option<Vec<u8>> {
    let mut w = Writer::default();
    for e in entries {
        w.str(&e.id);
        w.str(&e.name);
        w.u8(Kind::ALL.iter().position(|&k| k == e.kind).expect("every kind is in ALL") as u8);
        w.opt_str(e.country.as_deref());
        w.opt_str(e.admin1.as_deref());
        w.u8(u8::from(e.coord.is_some()));
        let (lat, lon) = e.coord.unwrap_or_default();
        w.u64(lat.to_bits());
        w.u64(lon.to_bits());
        w.u64(e.population);
        w.u8(u8::from(e.capital));
        w.opt_str(e.parent.as_deref());
        w.opt_str(e.active.as_deref());
        w.str(&e.source);
    }
    w.finish(entries.len())
}

/// The entries in `section`, if it is whole.
pub(super) fn decode_entries(section: &[u8]) -> Option<Vec<Entry>> {
    let (mut r, count) = Reader::new(section)?;
    let mut entries = r.room(count);
    for _ in 0..count {
        let id = r.str()?;
        let name = r.str()?;
        let kind = *Kind::ALL.get(usize::from(r.u8()?))?;
        let country = r.opt_str()?;
        let admin1 = r.opt_str()?;
        let has_coord = r.bool()?;
        let (lat, lon) = (f64::from_bits(r.u64()?), f64::from_bits(r.u64()?));
        entries.push(Entry {
            id,
            name,
            kind,
            country,
            admin1,
            coord: has_coord.then_some((lat, lon)),
            population: r.u64()?,
            capital: r.bool()?,
            parent: r.opt_str()?,
            active: r.opt_str()?,
            source: r.str()?,
        });
    }
    r.records.is_empty().then_some(entries)
}

/// The names, encoded (`None` past 4 GiB of text): records of
/// [`names::RECORD`] bytes, read in place by a [`names::NameTable`].
pub(super) fn encode_names(names: &[NameRecord]) -> Option<Vec<u8>> {
    let mut w = Writer::default();
    for n in names {
        w.str(&n.text);
        w.str(&n.cased);
        w.u32(n.entry);
        w.u8(names::flags_byte(n));
    }
    w.finish(names.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::names::NameTable;
    use crate::gazetteer::{NameFlags, NameRole};

    fn entry(id: &str, coord: Option<(f64, f64)>, parent: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            name: "Ar-Raqqah, the city on the Euphrates".into(),
            kind: Kind::City,
            country: Some("SY".into()),
            admin1: None,
            coord,
            population: 531_952,
            capital: false,
            parent: parent.map(Into::into),
            active: Some("2015-".into()),
            source: "gazetteer/places.tsv".into(),
        }
    }

    #[test]
    fn entries_and_names_come_back_as_saved() {
        let entries =
            [entry("gn:1", Some((35.95, 39.01)), None), entry("grp:ypg", None, Some("grp:sdf"))];
        let back = decode_entries(&encode_entries(&entries).unwrap()).unwrap();
        assert_eq!(format!("{back:?}"), format!("{entries:?}"));

        let names = [
            NameRecord {
                text: "ʿAyn ʿĪsā".into(),
                cased: "".into(),
                has_capital: true,
                entry: 1,
                role: NameRole::Name,
                flags: NameFlags { translit: true, ..NameFlags::default() },
            },
            NameRecord {
                text: "US".into(),
                cased: "US".into(),
                has_capital: true,
                entry: 0,
                role: NameRole::Demonym,
                flags: NameFlags {
                    case_sensitive: true,
                    common_word: true,
                    ..NameFlags::default()
                },
            },
        ];
        let table = NameTable::encode(&names, 2).unwrap();
        assert_eq!(table.len(), 2);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(table.get(i as u32), n.view());
            assert_eq!(table.entry(i as u32), n.entry);
            assert_eq!(table.role_and_flags(i as u32), (n.role, n.flags));
        }
        // An entry the gazetteer does not have is refused.
        assert!(NameTable::encode(&names, 1).is_none());
    }

    #[test]
    fn damaged_sections_decode_to_none() {
        let entries = [entry("gn:1", Some((35.95, 39.01)), None)];
        let bytes = encode_entries(&entries).unwrap();
        for cut in 0..bytes.len() {
            assert!(decode_entries(&bytes[..cut]).is_none(), "cut at {cut} decoded");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_entries(&longer).is_none(), "trailing bytes decoded");
        // A string that runs past the text block.
        let mut wild = bytes.clone();
        let text_len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        wild[16 + text_len..16 + text_len + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode_entries(&wild).is_none(), "a string outside the text decoded");
    }

    #[test]
    fn damaged_name_tables_are_refused() {
        let name = |text: &str| NameRecord {
            text: text.into(),
            cased: "".into(),
            has_capital: true,
            entry: 0,
            role: NameRole::Name,
            flags: NameFlags::default(),
        };
        let bytes = encode_names(&[name("Raqqa"), name("ʿAyn ʿĪsā")]).unwrap();
        let table = |b: &[u8]| NameTable::new(std::sync::Arc::new(b.to_vec()), 0..b.len(), 1);
        assert_eq!(table(&bytes).unwrap().get(1).text, "ʿAyn ʿĪsā");
        for cut in 0..bytes.len() {
            assert!(table(&bytes[..cut]).is_none(), "cut at {cut} accepted");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(table(&longer).is_none(), "trailing bytes accepted");
        let text_len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        let second = 16 + text_len + names::RECORD;
        // A string that runs past the text block, one that starts inside a
        // character, an unknown flag.
        for (at, value) in
            [(second + 4, vec![0xff; 4]), (second, vec![6, 0, 0, 0]), (second + 20, vec![1 << 6])]
        {
            let mut wild = bytes.clone();
            wild[at..at + value.len()].copy_from_slice(&value);
            assert!(table(&wild).is_none(), "damage at {at} accepted");
        }
    }
}
