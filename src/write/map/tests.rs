use super::*;
use crate::write::summarize;
use crate::{Article, Extractor, GazetteerBuilder};
use std::path::Path;

fn gazetteer() -> Gazetteer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gazetteer");
    GazetteerBuilder::new().no_default().add_dir(&dir).unwrap().build().unwrap()
}

const HOSTILE: &str = "Fighters entered Raqqa <script>alert(1)</script> on Sunday. \
    Residents of Manbij saw <img src=x onerror=alert(1)> and javascript:alert(1) \u{2028}here. \
    Raqqa was quiet & calm.";

/// Runs the articles through the extractor into a page.
fn page(gaz: &Gazetteer, articles: &[(&str, &str)]) -> MapPage {
    let ex = Extractor::new(gaz);
    let mut page = MapPage::new();
    for (id, text) in articles {
        let article = Article {
            id: id.to_string(),
            source: "test".into(),
            line: None,
            title: None,
            text: text.to_string(),
            encoding: Default::default(),
        };
        let a = ex.analyze(&article);
        let summaries = summarize(gaz, &a.mentions);
        page.add_article(gaz, id, &a.mentions, &summaries, &a.focus);
    }
    page
}

fn html(gaz: &Gazetteer, page: &MapPage) -> String {
    let mut out = Vec::new();
    page.write_html(gaz, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The JSON in the page's data block.
fn data(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="gazet-data">"#;
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn hostile_text_stays_data() {
    let gaz = gazetteer();
    let p = page(&gaz, &[("<script>alert(2)</script>", HOSTILE), ("calm", "Tabqa and Raqqa.")]);
    let html = html(&gaz, &p);
    for raw in ["<script>alert", "<img", "alert(2)</script>"] {
        assert!(!html.contains(raw), "{raw} outside the JSON escapes");
    }
    assert!(html.contains(r"\u003cscript\u003ealert(2)\u003c/script\u003e"));
    assert!(!html.contains('\u{2028}'));
    assert_eq!(html.matches("<script").count(), 2, "only the page's own scripts");
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
    let d = data(&html);
    assert_eq!(d["articles"][0], "<script>alert(2)</script>");
    let places = d["places"].as_array().unwrap();
    let raqqa = places.iter().find(|p| p["name"] == "Raqqa").unwrap();
    assert_eq!(raqqa["mentions"], 3);
    assert_eq!(raqqa["articles"], serde_json::json!([[0, 2], [1, 1]]));
    let sentences: Vec<&str> =
        raqqa["contexts"].as_array().unwrap().iter().map(|c| c[1].as_str().unwrap()).collect();
    assert!(sentences[0].contains("<script>alert(1)</script>"), "{sentences:?}");
    assert_eq!(sentences.len(), 3);
    let manbij = places.iter().find(|p| p["name"] == "Manbij").unwrap();
    assert!(manbij["contexts"][0][1].as_str().unwrap().contains("onerror=alert(1)"));
    assert_eq!(manbij["country"], "Syria");
}

#[test]
fn one_marker_per_place_with_coordinates() {
    let gaz = gazetteer();
    let p = page(
        &gaz,
        &[
            ("a", "Raqqa and Tabqa. The SDF held Raqqa."),
            ("b", "Raqqa again, and Syria."),
            ("c", "Nothing here."),
        ],
    );
    let html = html(&gaz, &p);
    let d = data(&html);
    assert_eq!(p.places(), d["places"].as_array().unwrap().len());
    let names: Vec<&str> =
        d["places"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "Raqqa", "most mentioned first: {names:?}");
    assert_eq!(p.places(), 3, "{names:?}");
    assert_eq!(d["articles"].as_array().unwrap().len(), 3);
    assert_eq!(d["groups"], serde_json::json!(["Syrian Democratic Forces"]));
    assert!(html.contains("<title>Syria</title>"), "the basemap is inline");
    for slot in ["{{style}}", "{{script}}", "{{data}}", "{{basemap}}"] {
        assert!(!html.contains(slot));
    }
}

#[test]
fn contexts_are_capped() {
    let gaz = gazetteer();
    let text = "Fighting in Raqqa. ".repeat(5);
    let ids: Vec<String> = (0..10).map(|i| format!("a{i}")).collect();
    let articles: Vec<(&str, &str)> = ids.iter().map(|i| (i.as_str(), text.as_str())).collect();
    let p = page(&gaz, &articles);
    let d = data(&html(&gaz, &p));
    let raqqa = &d["places"][0];
    assert_eq!(raqqa["mentions"], 50);
    assert_eq!(raqqa["contexts"].as_array().unwrap().len(), MAX_CONTEXTS);
    assert_eq!(raqqa["more"], 50 - MAX_CONTEXTS);
    let first_article = raqqa["contexts"].as_array().unwrap().iter().filter(|c| c[0] == 0).count();
    assert_eq!(first_article, MAX_CONTEXTS_PER_ARTICLE);
}

#[test]
fn the_page_code_cannot_close_its_elements() {
    assert!(!SCRIPT.to_lowercase().contains("</script"));
    assert!(!STYLE.to_lowercase().contains("</style"));
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
        assert!(!SCRIPT.contains(sink), "page.js uses {sink}");
    }
    assert!(!TEMPLATE.contains("http://") && !TEMPLATE.contains("https://"));
}

#[test]
fn script_json_escapes_what_html_would_read() {
    let s = script_json(&"</script><!-- & \u{2028}\u{2029}");
    assert_eq!(s, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029""#);
    let back: String = serde_json::from_str(&s).unwrap();
    assert_eq!(back, "</script><!-- & \u{2028}\u{2029}");
}
