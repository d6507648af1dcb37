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

use super::MentionRecord;
use crate::gazetteer::Gazetteer;
use crate::mention::Mention;

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
        push_record(&mut o, &MentionRecord::new(gaz, article, m));
        let candidates = o.key("candidates");
        candidates.push(b'[');
        for (j, &(e, score)) in m.candidates.iter().enumerate() {
            if j > 0 {
                candidates.push(b',');
            }
            let e = gaz.entry(e);
            let mut c = Object::open(candidates);
            push_str(c.key("id"), &e.id);
            push_str(c.key("name"), &e.name);
            push_opt_str(c.key("country"), e.country.as_deref());
            push_f64(c.key("score"), (score * 10.0).round() / 10.0);
            c.close();
        }
        candidates.push(b']');
        o.close();
    }
    list.push(b']');
    let focus = super::geojson::focus_member(gaz, focus).remove("focus").unwrap_or_default();
    serde_json::to_writer(line.key("focus"), &focus).expect("a JSON value serialises");
    line.close();
}

/// The fields of a mention record, in the order of its declaration (the
/// CSV's columns).
fn push_record(o: &mut Object<'_>, r: &MentionRecord<'_>) {
    push_str(o.key("article"), &r.article);
    push_usize(o.key("start"), r.start);
    push_usize(o.key("end"), r.end);
    push_usize(o.key("start_byte"), r.start_byte);
    push_usize(o.key("end_byte"), r.end_byte);
    push_usize(o.key("line"), r.line);
    push_str(o.key("surface"), &r.surface);
    push_str(o.key("type"), r.mention_type);
    push_str(o.key("entity_id"), &r.entity_id);
    push_str(o.key("name"), &r.name);
    push_str(o.key("kind"), r.kind);
    push_opt_str(o.key("country"), r.country.as_deref());
    push_opt_str(o.key("admin1"), r.admin1.as_deref());
    push_opt_f64(o.key("lat"), r.lat);
    push_opt_f64(o.key("lon"), r.lon);
    push_str(o.key("match"), r.method);
    push_f64(o.key("score"), r.score);
    push_str(o.key("role"), r.role);
    push_opt_str(o.key("related"), r.related.as_deref());
    push_opt_f64(o.key("uncertainty_km"), r.uncertainty_km);
    push_str(o.key("context"), &r.context);
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

    /// Writes `"key":` (keys are plain ASCII) and returns the output for
    /// the value.
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
