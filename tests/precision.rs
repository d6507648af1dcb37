//! Precision guard: ordinary English prose that names no place and no
//! group (written for the project) yields at most two mentions with the
//! default gazetteer.

#[test]
fn ordinary_prose_yields_almost_nothing() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/prose/ordinary.txt");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.split_whitespace().count() >= 2000, "the fixture must stay at least 2,000 words");
    let gaz = gazet::Gazetteer::embedded().unwrap();
    let mentions = gazet::Extractor::new(&gaz).extract(&text);
    let found: Vec<String> = mentions
        .iter()
        .map(|m| {
            format!("{} -> {} ({})", m.surface, gaz.entry(m.entry).name, gaz.entry(m.entry).kind)
        })
        .collect();
    assert!(found.len() <= 2, "{} mentions in plain prose: {found:#?}", found.len());
}
