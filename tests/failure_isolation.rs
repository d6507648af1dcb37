//! Failure isolation: in a batch of 10,000 articles with 1% corrupted in
//! the ways tests/robust_inputs.rs covers one by one, the 9,900 good ones
//! are written, the 100 bad ones are listed on stderr and in
//! DIR/errors.csv (file, line, error), and the exit code is 1.

mod robust;

use robust::{Dir, listing};
use std::collections::BTreeSet;
use std::ffi::OsStr;

const N: usize = 10_000;

fn good_text(i: usize) -> String {
    let places = ["Raqqa", "Tabqa", "Aleppo", "Manbij"];
    format!("Report {i}: fighting near {} went on overnight.\n", places[i % 4])
}

/// Ids of the articles written (one `<id>.geojson` each).
fn written(d: &Dir) -> BTreeSet<String> {
    listing(&d.out())
        .into_iter()
        .filter_map(|n| n.strip_suffix(".geojson").map(String::from))
        .filter(|n| n != "places")
        .collect()
}

/// (source, line) of each row of errors.csv, and checks each row is also
/// on stderr.
fn failures(d: &Dir, stderr: &str) -> BTreeSet<(String, String)> {
    let rows = d.errors();
    for (_, _, error) in &rows {
        assert!(stderr.contains(&format!("gazet: {error}")), "{error} not on stderr");
    }
    let listed = stderr.lines().filter(|l| l.starts_with("gazet: ")).count();
    assert_eq!(listed, rows.len(), "stderr lists each failure once");
    rows.into_iter().map(|(s, l, _)| (s, l)).collect()
}

#[test]
fn a_folder_of_10000_files_with_100_bad_ones() {
    let d = Dir::new();
    let mut bad = BTreeSet::new();
    for i in 0..N {
        let name = format!("a{i:05}.txt");
        let path = d.input(&name);
        if i % 100 != 7 {
            std::fs::write(&path, good_text(i)).unwrap();
            continue;
        }
        match (i / 100) % 5 {
            0 => std::fs::write(&path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap(),
            1 => std::fs::write(&path, b"Caf\xC3\xA9 near Raqqa \xFF\xFE.").unwrap(),
            2 => {
                let utf16: Vec<u8> =
                    good_text(i).encode_utf16().flat_map(u16::to_le_bytes).collect();
                std::fs::write(&path, utf16).unwrap()
            }
            3 => std::fs::File::create(&path).unwrap().set_len(3 << 20).unwrap(),
            _ => std::os::unix::fs::symlink(d.input("vanished"), &path).unwrap(),
        }
        bad.insert(path.display().to_string());
    }
    let r = d.extract(&[
        OsStr::new("--max-article-mb"),
        OsStr::new("2"),
        OsStr::new("--format"),
        OsStr::new("geojson"),
        d.input("").as_os_str(),
    ]);
    r.expect(1);
    assert_eq!(written(&d).len(), N - 100);
    let failed: BTreeSet<String> = failures(&d, &r.stderr).into_iter().map(|f| f.0).collect();
    assert_eq!(failed, bad);
}

#[test]
fn a_jsonl_feed_of_10000_lines_with_100_bad_ones() {
    let d = Dir::new();
    let mut lines = Vec::with_capacity(N);
    let mut bad = BTreeSet::new();
    let big = "Raqqa ".repeat(500_000);
    for i in 0..N {
        let text = good_text(i);
        let line = if i % 100 != 42 {
            serde_json::json!({ "id": format!("n{i}"), "text": text }).to_string().into_bytes()
        } else {
            bad.insert((i + 1).to_string());
            let line = match (i / 100) % 5 {
                0 => format!("{{\"id\":\"n{i}\",\"text\":\"{}", text.trim()),
                1 => format!("{{\"id\":\"n{i}\"}}"),
                2 => format!("{{\"id\":\"n{i}\",\"text\":[\"{}\"]}}", text.trim()),
                3 => format!("{{\"id\":\"n{i}\",\"text\":\"{big}\"}}"),
                // Invalid UTF-8 after the text.
                _ => format!("{{\"id\":\"n{i}\",\"text\":\"{}{}\"}}", text.trim(), '\u{1}'),
            };
            line.into_bytes()
        };
        lines.push(line);
    }
    // The invalid UTF-8: the placeholder byte 0x01 becomes 0xFF.
    let mut bytes = lines.join(&b'\n');
    bytes.iter_mut().filter(|b| **b == 1).for_each(|b| *b = 0xFF);
    let f = d.write("feed.jsonl", bytes);
    let r = d.extract(&[
        OsStr::new("--max-article-mb"),
        OsStr::new("2"),
        OsStr::new("--format"),
        OsStr::new("geojson"),
        f.as_os_str(),
    ]);
    r.expect(1);
    assert_eq!(written(&d).len(), N - 100);
    let failed = failures(&d, &r.stderr);
    let sources: BTreeSet<&String> = failed.iter().map(|f| &f.0).collect();
    assert_eq!(sources, BTreeSet::from([&f.display().to_string()]));
    let lines: BTreeSet<String> = failed.iter().map(|f| f.1.clone()).collect();
    assert_eq!(lines, bad);
}
