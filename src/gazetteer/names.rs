//! The names of a gazetteer, kept in the snapshot's layout and read in
//! place: fixed-width records (see [`super::records`]) and one block of
//! text, in a loaded snapshot's memory map or in bytes encoded once after
//! compiling.
//!
//! Loading the default gazetteer used to turn its 248,000 names into
//! structs of owned strings (16 MB, a third of the start-up's work); a
//! lookup now reads one 21-byte record and slices the text. Every record
//! is checked when the table is made, so that reading one never fails.

use super::fuzzy::SharedBytes;
use super::{CompactString, EntryIdx, Name, NameFlags, NameRole};

/// A name as compiling makes it, before it is encoded into a
/// [`NameTable`].
#[derive(Clone, Debug)]
pub(crate) struct NameRecord {
    pub text: CompactString,
    pub cased: CompactString,
    pub has_capital: bool,
    pub entry: EntryIdx,
    pub role: NameRole,
    pub flags: NameFlags,
}

impl NameRecord {
    /// The record as [`super::Gazetteer::name`] would read it.
    pub(crate) fn view(&self) -> Name<'_> {
        Name {
            text: &self.text,
            cased: &self.cased,
            has_capital: self.has_capital,
            entry: self.entry,
            role: self.role,
            flags: self.flags,
        }
    }
}

/// The bytes of a record: the text's and the cased form's (start, length)
/// in the text block, the entry, and the flags.
pub(super) const RECORD: usize = 2 * 8 + 4 + 1;

/// The flags byte of a record, bit by bit.
pub(super) fn flags_byte(n: &NameRecord) -> u8 {
    let f = n.flags;
    [n.has_capital, n.role == NameRole::Demonym, f.case_sensitive, f.common_word, f.weak]
        .into_iter()
        .chain([f.translit])
        .enumerate()
        .fold(0u8, |acc, (i, on)| acc | (u8::from(on) << i))
}

/// The names, read in place.
pub(crate) struct NameTable {
    bytes: SharedBytes,
    /// Where the records begin in `bytes`.
    records: usize,
    /// Where the text block lies in `bytes`.
    text: std::ops::Range<usize>,
    count: usize,
}

impl std::fmt::Debug for NameTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NameTable({} names)", self.count)
    }
}

impl NameTable {
    /// The names `records`, encoded (`None` past 4 GiB of text).
    pub(crate) fn encode(records: &[NameRecord], entries: usize) -> Option<NameTable> {
        let section = super::records::encode_names(records)?;
        let len = section.len();
        NameTable::new(std::sync::Arc::new(section), 0..len, entries)
    }

    /// The table in `bytes[section]` (a names section of a snapshot), if it
    /// is whole: its text is UTF-8, and every record's strings lie in the
    /// text on character boundaries, its entry is below `entries` and its
    /// flags are known.
    pub(crate) fn new(
        bytes: SharedBytes,
        section: std::ops::Range<usize>,
        entries: usize,
    ) -> Option<NameTable> {
        let all: &[u8] = (*bytes).as_ref();
        let s = all.get(section.clone())?;
        let count = usize::try_from(u64::from_le_bytes(*s.first_chunk()?)).ok()?;
        let text_len = usize::try_from(u64::from_le_bytes(*s.get(8..)?.first_chunk()?)).ok()?;
        let text_end = 16usize.checked_add(text_len)?;
        // The text (2.6 MB in the default gazetteer) is checked at every
        // start-up: simdutf8 does it several times faster than
        // `std::str::from_utf8`.
        let text = simdutf8::basic::from_utf8(s.get(16..text_end)?).ok()?;
        let records = &s[text_end..];
        if records.len() != count.checked_mul(RECORD)? {
            return None;
        }
        let fits = |start: u32, len: u32| {
            let start = start as usize;
            start.checked_add(len as usize).is_some_and(|end| text.get(start..end).is_some())
        };
        let whole = records.chunks_exact(RECORD).all(|r| {
            let r = Record(r.try_into().expect("chunks of RECORD bytes"));
            fits(r.u32(0), r.u32(4))
                && fits(r.u32(8), r.u32(12))
                && (r.u32(16) as usize) < entries
                && r.0[20] >> 6 == 0
        });
        whole.then(|| NameTable {
            records: section.start + text_end,
            text: section.start + 16..section.start + text_end,
            bytes,
            count,
        })
    }

    /// The section these names were read from, as a snapshot stores it.
    pub(crate) fn section(&self) -> &[u8] {
        &(*self.bytes).as_ref()[self.text.start - 16..self.records + self.count * RECORD]
    }

    /// How many names there are.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The record of name `i` (which must exist).
    fn record(&self, i: u32) -> Record<'_> {
        let at = self.records + i as usize * RECORD;
        let bytes: &[u8] = (*self.bytes).as_ref();
        Record(bytes[at..at + RECORD].try_into().expect("RECORD bytes"))
    }

    /// The string at (start, length) of the text block, checked when the
    /// table was made.
    fn str(&self, start: u32, len: u32) -> &str {
        let at = self.text.start + start as usize;
        let bytes: &[u8] = (*self.bytes).as_ref();
        std::str::from_utf8(&bytes[at..at + len as usize]).unwrap_or_default()
    }

    /// Name `i` (which must exist).
    pub(crate) fn get(&self, i: u32) -> Name<'_> {
        let r = self.record(i);
        let (role, flags) = r.role_and_flags();
        Name {
            text: self.str(r.u32(0), r.u32(4)),
            cased: self.str(r.u32(8), r.u32(12)),
            has_capital: r.0[20] & 1 != 0,
            entry: r.u32(16),
            role,
            flags,
        }
    }

    /// The entry of name `i` (which must exist).
    pub(crate) fn entry(&self, i: u32) -> EntryIdx {
        self.record(i).u32(16)
    }

    /// The role and flags of name `i` (which must exist).
    pub(crate) fn role_and_flags(&self, i: u32) -> (NameRole, NameFlags) {
        self.record(i).role_and_flags()
    }
}

/// One record's bytes.
struct Record<'a>(&'a [u8; RECORD]);

impl Record<'_> {
    fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.0[at..at + 4].try_into().expect("4 bytes"))
    }

    fn role_and_flags(&self) -> (NameRole, NameFlags) {
        let bits = self.0[20];
        let on = |i: u8| bits & (1 << i) != 0;
        let role = if on(1) { NameRole::Demonym } else { NameRole::Name };
        let flags =
            NameFlags { case_sensitive: on(2), common_word: on(3), weak: on(4), translit: on(5) };
        (role, flags)
    }
}
