//! JSON lines: one object per article, for pipelines (jq, Spark).
//!
//! A line is `{"article", "source", "mentions": [...], "focus"}`. Each
//! mention has the fields of the mentions CSV ([`MentionRecord`], in its
//! order; missing values are `null`), then `candidates`: the entries the
//! surface could mean, best first, as `{"id", "name", "country",
//! "score"}`. `focus` holds the focus country, admin1 and city, each
//! `{"id", "name", "reason"}` or `null`.
//!
//! The lines are most of the bytes gazet writes, so they are written here
//! directly rather than through serde: keys are constants, and a string
//! with nothing to escape is copied whole. The bytes are those serde_json
//! writes for the same records (the tests check it).

use super::{EntryFields, MentionRecord};
use crate::gazetteer::{EntryIdx, Gazetteer};
use crate::mention::{Mention, MentionType};

/// The JSON line (without the newline) of one article.
pub fn article_line(
    gaz: &Gazetteer,
    article: &str,
    source: &std::path::Path,
    mentions: &[Mention],
    focus: &crate::extract::focus::Focus,
) -> String {
    let mut line = Vec::new();
    write_article_line(&mut line, gaz, article, source, mentions, focus);
    // Only whole `&str`s and ASCII are written.
    String::from_utf8(line).expect("JSON lines are UTF-8")
}

/// Appends the JSON line (without the newline) of one article to `out`,
/// reserving room for it first rather than growing as it goes.
pub fn write_article_line(
    out: &mut Vec<u8>,
    gaz: &Gazetteer,
    article: &str,
    source: &std::path::Path,
    mentions: &[Mention],
    focus: &crate::extract::focus::Focus,
) {
    // About what a mention takes, context and candidates included.
    const MENTION_BYTES: usize = 768;
    out.reserve(256 + MENTION_BYTES * mentions.len());
    FRAGMENTS.with_borrow_mut(|memo| {
        memo.use_for(gaz);
        let mut line = Object::open(out);
        push_str(line.key("article"), article);
        push_str(line.key("source"), &source.display().to_string());
        let list = line.key("mentions");
        list.push(b'[');
        for (i, m) in mentions.iter().enumerate() {
            if i > 0 {
                list.push(b',');
            }
            let mut o = Object::open(list);
            push_record(&mut o, memo, gaz, &MentionRecord::new(gaz, article, m), m);
            let candidates = o.key("candidates");
            candidates.push(b'[');
            for (j, &(e, score)) in m.candidates.iter().enumerate() {
                if j > 0 {
                    candidates.push(b',');
                }
                // `{"id":…,"name":…,"country":…,"score":`
                candidates.extend_from_slice(memo.candidate(gaz, e));
                push_f64(candidates, (score * 10.0).round() / 10.0);
                candidates.push(b'}');
            }
            candidates.push(b']');
            o.close();
        }
        list.push(b']');
        let focus = super::geojson::focus_member(gaz, focus).remove("focus").unwrap_or_default();
        serde_json::to_writer(line.key("focus"), &focus).expect("a JSON value serialises");
        line.close();
    });
}

/// The fields of a mention record, in the order of its declaration (the
/// CSV's columns); those of its entry come from `memo`.
fn push_record(
    o: &mut Object<'_>,
    memo: &mut Fragments,
    gaz: &Gazetteer,
    r: &MentionRecord<'_>,
    m: &Mention,
) {
    push_str(o.key("article"), &r.article);
    push_usize(o.key("start"), r.start);
    push_usize(o.key("end"), r.end);
    push_usize(o.key("start_byte"), r.start_byte);
    push_usize(o.key("end_byte"), r.end_byte);
    push_usize(o.key("line"), r.line);
    push_str(o.key("surface"), &r.surface);
    let [entry, uncertainty] = memo.mention(gaz, m.entry, m.mention_type);
    // "type" to "lon"
    o.members(entry);
    push_str(o.key("match"), r.method);
    push_f64(o.key("score"), r.score);
    push_str(o.key("role"), r.role);
    push_opt_str(o.key("related"), r.related.as_deref());
    // "uncertainty_km"
    o.members(uncertainty);
    push_str(o.key("context"), &r.context);
}

/// Per-thread memo of the JSON members that depend only on an entry (and
/// on the type of the mention): articles name the same places again and
/// again, and their names need escaping and their coordinates formatting
/// only once. What it holds is a pure function of the gazetteer (by its
/// serial) and the key, so it never changes a line.
#[derive(Default)]
struct Fragments {
    serial: Option<u64>,
    /// (entry, mention type or [`Fragments::CANDIDATE`]) -> where its
    /// pieces start and end in `bytes`.
    spans: rustc_hash::FxHashMap<(EntryIdx, u8), [u32; 3]>,
    bytes: Vec<u8>,
}

thread_local! {
    static FRAGMENTS: std::cell::RefCell<Fragments> = std::cell::RefCell::default();
}

impl Fragments {
    /// Bytes held before the memo starts afresh.
    /// (About 2,000 entries; the places an archive names most come back
    /// soon after it starts afresh.)
    const MAX_BYTES: usize = 1 << 19;
    const CANDIDATE: u8 = u8::MAX;

    /// Empties the memo if it is full or was filled for another gazetteer.
    /// Its memory is allocated once, with room for what it holds at most
    /// (and an article's worth more), and kept.
    fn use_for(&mut self, gaz: &Gazetteer) {
        if self.serial != Some(gaz.serial()) || self.bytes.len() > Self::MAX_BYTES {
            self.serial = Some(gaz.serial());
            self.spans.clear();
            self.bytes.clear();
            self.bytes.reserve(Self::MAX_BYTES + (1 << 16));
        }
    }

    /// The members `"type"` to `"lon"` and `"uncertainty_km"` of a
    /// mention of `entry` as `t`.
    fn mention(&mut self, gaz: &Gazetteer, entry: EntryIdx, t: MentionType) -> [&[u8]; 2] {
        let [a, b, c] = self.span(entry, t as u8, |out| {
            let f = EntryFields::new(gaz, entry, t);
            let mut o = Object::members_into(out);
            push_str(o.key("type"), f.mention_type);
            push_str(o.key("entity_id"), f.entity_id);
            push_str(o.key("name"), f.name);
            push_str(o.key("kind"), f.kind);
            push_opt_str(o.key("country"), f.country);
            push_opt_str(o.key("admin1"), f.admin1);
            push_opt_f64(o.key("lat"), f.lat);
            push_opt_f64(o.key("lon"), f.lon);
            let mid = o.out.len();
            let mut o = Object::members_into(o.out);
            push_opt_f64(o.key("uncertainty_km"), f.uncertainty_km);
            mid
        });
        [&self.bytes[a..b], &self.bytes[b..c]]
    }

    /// `{"id":…,"name":…,"country":…,"score":` of a candidate entry.
    fn candidate(&mut self, gaz: &Gazetteer, entry: EntryIdx) -> &[u8] {
        let [a, _, c] = self.span(entry, Self::CANDIDATE, |out| {
            let e = gaz.entry(entry);
            let mut o = Object::open(out);
            push_str(o.key("id"), &e.id);
            push_str(o.key("name"), &e.name);
            push_opt_str(o.key("country"), e.country.as_deref());
            o.key("score");
            o.out.len()
        });
        &self.bytes[a..c]
    }

    /// Where the pieces for `key` lie in `bytes`, written by `write` (which
    /// returns where its second piece starts) the first time.
    fn span(
        &mut self,
        entry: EntryIdx,
        what: u8,
        write: impl FnOnce(&mut Vec<u8>) -> usize,
    ) -> [usize; 3] {
        if let Some(span) = self.spans.get(&(entry, what)) {
            return span.map(|x| x as usize);
        }
        let start = self.bytes.len();
        let mid = write(&mut self.bytes);
        let span = [start, mid, self.bytes.len()];
        // Offsets fit: the memo starts afresh long before 4 GB.
        self.spans.insert((entry, what), span.map(|x| x as u32));
        span
    }
}

/// An object being written: `{`, then `"key":value` pairs.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>) -> Object<'o> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Members written on their own, to be put into an object later with
    /// [`Object::members`].
    fn members_into(out: &'o mut Vec<u8>) -> Object<'o> {
        Object { out, empty: true }
    }

    /// Appends members written before (`"key":value` pairs joined by
    /// commas).
    fn members(&mut self, members: &[u8]) {
        if !std::mem::take(&mut self.empty) {
            self.out.push(b',');
        }
        self.out.extend_from_slice(members);
    }

    /// Writes `"key":` (keys are plain ASCII) and returns the output for
    /// the value. (Inlined, the key's length is known where it is called,
    /// and the copies need no call.)
    #[inline(always)]
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !std::mem::take(&mut self.empty) {
            self.out.push(b',');
        }
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// `s` as a JSON string, escaped as serde_json escapes: `"`, `\\` and
/// control characters (short forms where JSON has them), nothing else.
fn push_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.push(b'"');
    // Without early exit, the test runs on whole vectors of bytes.
    let plain = !bytes.iter().fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if plain {
        out.extend_from_slice(bytes);
    } else {
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0c => b'f',
                0x00..=0x1f => b'u',
                _ => continue,
            };
            out.extend_from_slice(&bytes[from..i]);
            out.extend_from_slice(&[b'\\', short]);
            if short == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ]);
            }
            from = i + 1;
        }
        out.extend_from_slice(&bytes[from..]);
    }
    out.push(b'"');
}

fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn push_usize(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A number as serde_json writes it (the shortest form that reads back
/// the same, by zmij); `null` if it is not finite.
fn push_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

fn push_opt_f64(out: &mut Vec<u8>, x: Option<f64>) {
    match x {
        Some(x) => push_f64(out, x),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Strings and numbers come out as serde_json writes them.
    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let one = |f: &dyn Fn(&mut Vec<u8>)| {
            let mut v = Vec::new();
            f(&mut v);
            String::from_utf8(v).unwrap()
        };
        let tricky = "\u{0}\u{8}\u{c}\u{1f}\u{7f}\"\\/\n\r\t\u{2028}é😀";
        assert_eq!(one(&|v| push_str(v, tricky)), serde_json::to_string(tricky).unwrap());
        for x in [0.0, -0.0, 1e-7, 1e21, 1e22, 0.1, 84.2, -69.84757, 123456789.0, f64::MAX] {
            assert_eq!(one(&|v| push_f64(v, x)), serde_json::to_string(&x).unwrap());
        }
        assert_eq!(one(&|v| push_f64(v, f64::NAN)), "null");
        proptest!(ProptestConfig::with_cases(5000), |(s in "\\PC{0,12}|[\\x00-\\x7f]{0,12}", x in any::<f64>(), n in any::<usize>())| {
            prop_assert_eq!(one(&|v| push_str(v, &s)), serde_json::to_string(&s).unwrap());
            prop_assert_eq!(one(&|v| push_f64(v, x)), serde_json::to_string(&x).unwrap());
            prop_assert_eq!(one(&|v| push_usize(v, n)), serde_json::to_string(&n).unwrap());
        });
    }

    /// The per-thread memo of entry members answers for the gazetteer it
    /// was filled from: the same entry number in another gazetteer is
    /// another place, written as such.
    #[test]
    fn entry_members_are_never_taken_from_another_gazetteer() {
        let gaz = |id: &str, name: &str, lat: &str| {
            let header = "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n";
            let row = format!("{id}\t{name}\tcity\tSY\t\t{lat}\t38.5\t0\t\n");
            crate::GazetteerBuilder::new()
                .no_default()
                .add_file("places.tsv", &format!("{header}{row}"))
                .unwrap()
                .compile()
                .unwrap()
        };
        let (a, b) = (gaz("gz:tabqa", "Tabqa", "35.83"), gaz("gz:raqqa", "Tabqa", "35.95"));
        let line = |g: &Gazetteer| {
            let article = crate::Article {
                id: "a".into(),
                source: "-".into(),
                line: None,
                title: None,
                text: "Fighters left Tabqa on Monday; Tabqa was quiet.".into(),
                encoding: Default::default(),
            };
            let analysis = crate::Extractor::new(g).analyze(&article);
            let path = std::path::Path::new("-");
            article_line(g, &article.id, path, &analysis.mentions, &analysis.focus)
        };
        for _ in 0..2 {
            let (la, lb) = (line(&a), line(&b));
            assert!(la.contains(r#""entity_id":"gz:tabqa""#) && la.contains(r#""lat":35.83"#));
            assert!(lb.contains(r#""entity_id":"gz:raqqa""#) && lb.contains(r#""lat":35.95"#));
            assert!(!lb.contains("gz:tabqa") && !la.contains("gz:raqqa"), "{la}\n{lb}");
        }
    }

    /// A whole line is serde_json's serialisation of the mention records
    /// (the CSV's fields, by their serde derive) with their candidates,
    /// and of the focus: no field is missing, extra or out of order.
    #[test]
    fn lines_are_the_records_as_serde_json_writes_them() {
        let gaz = crate::Gazetteer::embedded().unwrap();
        let text = "\"Quoted\"\tISIS fighters left Raqqah for Deir Ezzor province\\ near the \
                    Syrian border; Taqbqa and Manbij, Syria, saw Kurdish SDF units.";
        let article = crate::Article {
            id: "id \"7\"".into(),
            source: "-".into(),
            line: None,
            title: None,
            text: text.into(),
            encoding: Default::default(),
        };
        let analysis = crate::Extractor::new(&gaz).analyze(&article);
        assert!(analysis.mentions.len() >= 5 && analysis.focus.country.is_some());
        let source = std::path::Path::new("in/put\u{e9}.jsonl");
        let line = article_line(&gaz, &article.id, source, &analysis.mentions, &analysis.focus);
        let mentions: Vec<serde_json::Value> = analysis
            .mentions
            .iter()
            .map(|m| {
                let mut v = serde_json::to_value(MentionRecord::new(&gaz, &article.id, m)).unwrap();
                v["candidates"] = m
                    .candidates
                    .iter()
                    .map(|&(e, score)| {
                        let e = gaz.entry(e);
                        serde_json::json!({"id": e.id, "name": e.name, "country": e.country,
                            "score": (score * 10.0).round() / 10.0})
                    })
                    .collect();
                v
            })
            .collect();
        let focus = super::super::geojson::focus_member(&gaz, &analysis.focus);
        let want = serde_json::json!({"article": article.id, "source": source.display().to_string(),
            "mentions": mentions, "focus": focus["focus"]});
        assert_eq!(line, serde_json::to_string(&want).unwrap());
    }
}
