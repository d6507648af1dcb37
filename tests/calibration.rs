//! Confidence means something: on the project's annotated articles
//! (tests/fixtures/annotated), at least 90% of the mentions scoring 0.9 or
//! more are right, and every gold mention is found. benches/calibration.py
//! prints the full table, on these and on the seed articles.

use gazet::geo::distance_km;
use gazet::{Extractor, Gazetteer, MentionType};
use std::path::Path;

#[test]
fn high_scores_are_right() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/annotated"));
    let gaz = Gazetteer::embedded().unwrap();
    let ex = Extractor::new(&gaz);
    let (mut high, mut high_right, mut gold_total, mut gold_found) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for line in std::fs::read_to_string(dir.join("gold.jsonl")).unwrap().lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = doc["doc_id"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{id}.txt"))).unwrap();
        // Gold spans in bytes: the occurrence-th raw hit of the surface.
        let gold: Vec<(usize, usize, &serde_json::Value)> = doc["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let s = g["surface"].as_str().unwrap();
                let n = g["occurrence"].as_u64().unwrap() as usize;
                let start = text.match_indices(s).nth(n).unwrap().0;
                (start, start + s.len(), g)
            })
            .collect();
        let mentions = ex.extract(&text);
        for m in &mentions {
            let hit = gold.iter().find(|(s, e, _)| m.start_byte < *e && *s < m.end_byte);
            let right = hit.is_some_and(|(_, _, g)| {
                let ty = g["type"].as_str().unwrap();
                ty == m.mention_type.as_str()
                    && (m.mention_type != MentionType::Place
                        || g["lat"].is_null()
                        || gaz.entry(m.entry).coord.is_some_and(|p| {
                            distance_km(p, (g["lat"].as_f64().unwrap(), g["lon"].as_f64().unwrap()))
                                <= 161.0
                        }))
            });
            if m.score >= 0.9 {
                high += 1;
                high_right += usize::from(right);
                if !right {
                    wrong.push(format!(
                        "{id}: {} -> {} ({})",
                        m.surface,
                        gaz.entry(m.entry).name,
                        m.score
                    ));
                }
            }
        }
        gold_total += gold.len();
        gold_found += gold
            .iter()
            .filter(|(s, e, _)| mentions.iter().any(|m| m.start_byte < *e && *s < m.end_byte))
            .count();
    }
    assert!(high >= 20, "too few confident mentions to judge: {high}");
    assert!(
        high_right * 10 >= high * 9,
        "{high_right} of {high} mentions scoring >= 0.9 are right: {wrong:#?}"
    );
    assert!(gold_found * 10 >= gold_total * 9, "recall {gold_found}/{gold_total}");
}
