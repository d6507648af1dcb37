//! The offline map: `gazet extract --map` on the fixture articles plus
//! hostile ones writes a `map.html` that carries article text only as
//! escaped data, forbids network requests, and works in a real browser
//! (tests/browser/check_map.mjs in headless Chromium), and an SVG per
//! article that parses as XML.
//!
//! The browser check needs Node.js, /usr/bin/chromium and
//! `npm ci --prefix tests/browser`. Without them it is skipped with a note,
//! unless `GAZET_REQUIRE_CLIENTS=1` (set by `.ci/run`, which installs them)
//! makes their absence a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE_TEXT: &str = "Hostile page\n\n\
    Fighters returned to Raqqa <script>alert(1)</script> on Monday.\n\
    In Manbij, <img src=x onerror=alert(1)> and javascript:alert(1) were painted on walls.\n";

const HOSTILE_JSONL: &str = r#"{"id": "<script>alert(2)</script>", "text": "Shelling hit Manbij and Raqqa </script><script>alert(3)</script> overnight."}
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the browser check can run (see the module docs).
fn browser_available() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let chromium = Path::new("/usr/bin/chromium").exists();
    let modules = root().join("tests/browser/node_modules/playwright-core").exists();
    let ok = node && chromium && modules;
    if !ok {
        assert!(
            std::env::var_os("GAZET_REQUIRE_CLIENTS").is_none(),
            "the browser check is required (GAZET_REQUIRE_CLIENTS is set) but cannot run: \
             node {node}, /usr/bin/chromium {chromium}, tests/browser/node_modules {modules}"
        );
        eprintln!(
            "note: skipping the browser check (node {node}, chromium {chromium}, \
             node_modules {modules}); apt-get install chromium; npm ci --prefix tests/browser"
        );
    }
    ok
}

/// The fixture articles and the hostile ones, in a new folder.
fn inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/articles")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(input.join("hostile.txt"), HOSTILE_TEXT).unwrap();
    std::fs::write(input.join("hostile.jsonl"), HOSTILE_JSONL).unwrap();
    input
}

/// Runs `gazet extract --map` (with the default outputs too) into `out`.
fn extract(input: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .arg("extract")
        .arg("--no-default-gazetteer")
        .arg("--gazetteer")
        .arg(root().join("tests/fixtures/gazetteer"))
        .arg("--map")
        .arg("-o")
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "gazet extract --map failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The page split around its data block: (before, JSON, after).
fn split_page(html: &str) -> (&str, &str, &str) {
    let open = r#"<script type="application/json" id="gazet-data">"#;
    let start = html.find(open).expect("the data block") + open.len();
    let end = start + html[start..].find("</script>").expect("the data block ends");
    (&html[..start], &html[start..end], &html[end..])
}

/// Checks the page as text: data only inside the escaped JSON block, the
/// CSP, nothing that loads a resource.
fn check_html(html: &str) -> serde_json::Value {
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';";
    assert!(html.contains(csp), "no Content-Security-Policy meta");
    assert_eq!(html.matches("<script").count(), 2, "only the page's two script elements");
    let (before, json, after) = split_page(html);
    for raw in ["<script>alert", "<img", "alert(2)</script>", "</script><script>"] {
        assert!(!html.contains(raw), "{raw:?} appears unescaped in map.html");
    }
    for part in [before, after] {
        let lower = part.to_lowercase();
        for bad in ["alert(", "src=", "href=", "url(", "@import", "javascript:", "innerhtml"] {
            assert!(!lower.contains(bad), "{bad:?} in the page outside the data block");
        }
        // The only URL is the SVG namespace name the script passes to
        // createElementNS, which loads nothing.
        let urls = lower.matches("http://").count() + lower.matches("https://").count();
        let ns = lower.matches("'http://www.w3.org/2000/svg'").count();
        assert_eq!(urls, ns, "a URL in the page outside the data block");
    }
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!json.contains(c), "{c:?} unescaped in the data block");
    }
    let data: serde_json::Value = serde_json::from_str(json).expect("the data block is JSON");
    let text = data.to_string();
    assert!(text.contains("<img src=x onerror=alert(1)>"), "hostile sentence carried as data");
    assert!(text.contains("<script>alert(1)</script>"));
    data
}

/// A small XML well-formedness check: balanced tags, quoted attributes,
/// known entities. (Python's parser is used as well where it exists.)
fn check_xml(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#).expect("prolog");
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt], path);
        let gt = rest[lt..].find('>').map(|g| lt + g).expect("tag ends");
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "{}: unbalanced </{name}>", path.display());
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().expect("tag name");
            let attrs = &tag[name.len()..];
            assert_eq!(attrs.matches('"').count() % 2, 0, "{}: quotes in <{tag}>", path.display());
            assert!(!attrs.contains('<'), "{}: '<' in <{tag}>", path.display());
            check_text(attrs, path);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    check_text(rest, path);
    assert!(stack.is_empty(), "{}: unclosed {stack:?}", path.display());
    if Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let status = Command::new("python3")
            .args(["-c", "import xml.etree.ElementTree as E, sys; E.parse(sys.argv[1])"])
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success(), "{}: Python's XML parser rejects it", path.display());
    }
}

/// Text between tags: `&` only in known entities, no `>`.
fn check_text(text: &str, path: &Path) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
        assert!(known.contains(&entity), "{}: bad entity {entity:?}", path.display());
    }
}

#[test]
fn the_map_page_is_offline_safe_and_works_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    extract(&input, &out);

    let html = std::fs::read_to_string(out.join("map.html")).expect("map.html written");
    let data = check_html(&html);
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("places.geojson")).unwrap())
            .unwrap();
    let features = geojson["features"].as_array().unwrap().len();
    assert!(features >= 5, "too few places: {features}");
    assert_eq!(data["places"].as_array().unwrap().len(), features, "a marker per feature");

    let svgs: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert_eq!(svgs.len(), data["articles"].as_array().unwrap().len(), "an SVG per article");
    for svg in &svgs {
        check_xml(svg);
    }
    let hostile_svg = std::fs::read_to_string(out.join("hostile.svg")).unwrap();
    assert!(hostile_svg.contains(">Manbij<") && hostile_svg.contains(">Raqqa<"));

    if !browser_available() {
        return;
    }
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("map.png");
    let output = Command::new("node")
        .arg(root().join("tests/browser/check_map.mjs"))
        .arg(out.join("map.html"))
        .arg(features.to_string())
        .arg(&shot)
        .args(["--open", "Manbij", "--expect", "<img src=x onerror=alert(1)>"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the browser check failed:\n{stdout}{stderr}");
    assert!(stdout.contains("check_map: ok"), "{stdout}");
    assert!(shot.exists(), "no screenshot at {}", shot.display());
}
