//! Bad inputs: each ends in a clear error naming the file and the line or
//! byte (the article is skipped, the rest written, exit code 1), or in a
//! documented handling (README, "Failure behaviour"). Nothing panics.

mod robust;

use robust::{Dir, as_nobody, extract_cmd, is_root, run};
use std::ffi::OsStr;

const GOOD: &str = "Fighting went on near Tabqa on Monday.\n";

fn tabqa() -> Vec<(String, String)> {
    vec![("Tabqa".to_string(), "t:tabqa".to_string())]
}

#[test]
fn empty_and_white_space_articles_give_empty_outputs() {
    let d = Dir::new();
    d.write("empty.txt", "");
    d.write("blank.txt", " \n\t\r\n  \n");
    d.write("blank.md", "\n\n");
    d.write("blank.html", "<html><body>  </body></html>");
    d.write(
        "feed.jsonl",
        "{\"id\":\"e\",\"text\":\"\"}\n\n   \n{\"id\":\"w\",\"text\":\"  \\n \"}\n",
    );
    d.extract(&[d.input("")]).expect(0);
    for id in ["empty", "blank", "blank-2", "blank-3", "e", "w"] {
        assert_eq!(d.mentions(id), [], "{id}");
        let fc = std::fs::read_to_string(d.out().join(format!("{id}.geojson"))).unwrap();
        assert!(fc.contains("\"features\":[]"), "{id}: {fc}");
    }
    assert_eq!(d.errors(), []);
}

#[test]
fn a_png_named_txt_is_refused_as_binary() {
    let d = Dir::new();
    let png = d.write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00");
    let nul = d.write("dump.txt", b"Raqqa\x00\x00\x01\x02 data");
    d.write("good.txt", GOOD);
    let r = d.extract(&[d.input("")]);
    r.expect(1);
    r.says(&format!("{}: binary data, not text: a PNG image", png.display()));
    r.says(&format!("{}: binary data, not text (NUL byte at byte 5)", nul.display()));
    assert_eq!(d.mentions("good"), tabqa());
    assert!(!d.out().join("photo.geojson").exists());
    assert_eq!(d.errors().len(), 2);
}

#[test]
fn damaged_utf8_is_skipped_naming_the_byte() {
    let d = Dir::new();
    // Good UTF-8 ("é", "—") around one bad byte: damage, not an encoding.
    let bad = d.write("bad.txt", b"Caf\xC3\xA9 \xE2\x80\x94 Tabqa \xFF and Raqqa.\n");
    d.write("good.txt", GOOD);
    let r = d.extract(&[d.input("")]);
    r.expect(1).says(&format!("{}: not valid UTF-8 at byte 16", bad.display()));
    assert_eq!(d.errors(), [(bad.display().to_string(), String::new(), r_err(&r))]);
    assert_eq!(d.mentions("good"), tabqa());
}

/// The one error line gazet printed, without its `gazet: ` prefix.
fn r_err(r: &robust::Run) -> String {
    let lines: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("gazet: ")).collect();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    lines[0]["gazet: ".len()..].to_string()
}

#[test]
fn byte_order_marks_and_windows_1252_are_read() {
    let d = Dir::new();
    let text = "Fighters reached “Tabqa” — then Raqqa.\n";
    let utf16 = |bom: [u8; 2], be: bool| -> Vec<u8> {
        let units = text.encode_utf16();
        let bytes = units.flat_map(move |u| if be { u.to_be_bytes() } else { u.to_le_bytes() });
        bom.into_iter().chain(bytes).collect()
    };
    d.write("le.txt", utf16([0xFF, 0xFE], false));
    d.write("be.txt", utf16([0xFE, 0xFF], true));
    d.write("bom.txt", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    d.write("bom.jsonl", format!("\u{FEFF}{{\"id\":\"j\",\"text\":\"{}\"}}\n", text.trim()));
    // The same text in Windows-1252: curly quotes 0x93/0x94, dash 0x97.
    let cp = d.write("cp.txt", b"Fighters reached \x93Tabqa\x94 \x97 then Raqqa.\n");
    let r = d.extract(&[d.input("")]);
    r.expect(0).says(&format!("warning: {}: not UTF-8; read as Windows-1252", cp.display()));
    for id in ["le", "be", "bom", "j", "cp"] {
        let rows = d.table(&format!("{id}.mentions.csv"));
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r["surface"].as_str(), r["start"].as_str(), r["end"].as_str()))
            .collect();
        // Character offsets into the decoded text (after any mark).
        assert_eq!(got, [("Tabqa", "18", "23"), ("Raqqa", "32", "37")], "{id}");
    }
}

#[test]
fn utf16_without_a_mark_is_reported_clearly() {
    let d = Dir::new();
    let bytes: Vec<u8> = GOOD.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = d.write("nomark.txt", bytes);
    d.extract(&[&f]).expect(1).says(&format!(
        "{}: looks like UTF-16 without a byte-order mark (NUL byte at byte 1)",
        f.display()
    ));
}

#[test]
fn a_500_mb_single_line_file_is_refused_before_it_is_read() {
    let d = Dir::new();
    let huge = d.input("huge.txt");
    // Sparse: 500 MB on paper, nothing on disk.
    std::fs::File::create(&huge).unwrap().set_len(500 << 20).unwrap();
    d.write("good.txt", GOOD);
    let r = d.extract(&[d.input("")]);
    r.expect(1).says(&format!(
        "{}: an article of 500.0 MB is over the limit of 64.0 MB (--max-article-mb)",
        huge.display()
    ));
    assert_eq!(d.mentions("good"), tabqa());
}

#[test]
fn a_long_single_line_is_read_whole_under_the_limit() {
    let d = Dir::new();
    // 3 MB on one line, Tabqa at the very end.
    let line = format!("{}Tabqa.", "word ".repeat(600_000));
    let f = d.write("long.txt", &line);
    d.extract(&[&f]).expect(0);
    let rows = d.table("long.mentions.csv");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["start"], "3000000");
    // And with a lower limit, the same file is refused.
    let r = d.extract(&[OsStr::new("--max-article-mb"), OsStr::new("2"), f.as_os_str()]);
    r.expect(1).says("an article of 2.9 MB is over the limit of 2.0 MB");
}

#[test]
fn standard_input_over_the_limit_is_refused() {
    let d = Dir::new();
    let mut cmd = extract_cmd(&d.cache());
    cmd.args(["--input-format", "txt", "--max-article-mb", "1", "-o"]).arg(d.out()).arg("-");
    let r = run(cmd, Some("Tabqa ".repeat(400_000).as_bytes()));
    r.expect(1).says("-: an article is over the limit of 1.0 MB (--max-article-mb)");
}

#[test]
fn jsonl_bad_lines_are_reported_by_line_and_the_rest_written() {
    let d = Dir::new();
    let big = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "Tabqa ".repeat(400_000));
    let lines = [
        r#"{"id":"a","text":"Fighting near Tabqa."}"#,
        r#"{"id":"b","text":"Tabqa"#,
        r#"{"id":"c"}"#,
        r#"{"id":"d","text":42}"#,
        r#"{"id":"e","text":null}"#,
        r#"{"id":"f","text":{"en":"Tabqa"}}"#,
        r#"["not","an","object"]"#,
        &big,
        r#"{"id":"a","text":"Raqqa, again under id a."}"#,
        r#"{"id":7,"text":"Tabqa, with a numeric id."}"#,
        "",
        r#"{"text":"Tabqa, with no id."}"#,
    ];
    let f = d.write("feed.jsonl", lines.join("\n"));
    let r = d.extract(&[OsStr::new("--max-article-mb"), OsStr::new("2"), f.as_os_str()]);
    r.expect(1);
    let src = f.display().to_string();
    let want = [
        (2, "invalid JSON at column 23: EOF while parsing a string"),
        (3, "no `text` field (set --text-field)"),
        (4, "field `text` is a number, not a string"),
        (5, "field `text` is null, not a string"),
        (6, "field `text` is an object, not a string"),
        (7, "not a JSON object"),
        (8, "an article of 2.3 MB is over the limit of 2.0 MB (--max-article-mb)"),
    ];
    let got = d.errors();
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((source, line, error), (n, msg)) in got.iter().zip(want) {
        assert_eq!((source.as_str(), line.as_str()), (src.as_str(), n.to_string().as_str()));
        assert_eq!(error, &format!("{src}:{n}: {msg}"));
        r.says(error);
    }
    // Duplicate ids are both written; a line without an id is named by
    // its line.
    assert_eq!(d.mentions("a"), tabqa());
    assert_eq!(d.mentions("a-2"), [("Raqqa".to_string(), "t:raqqa-city".to_string())]);
    assert_eq!(d.mentions("7"), tabqa());
    assert_eq!(d.mentions("feed-12"), tabqa());
}

#[test]
fn hostile_html_gives_the_visible_text_only() {
    let d = Dir::new();
    let depth = 100_000;
    let html = format!(
        "<!DOCTYPE html><html><head><title>Tabqa &amp; Raqqa</title>\
         <style>.Raqqa {{ color: red }}</style>\
         <script>var city = \"Aleppo\"; document.write('<p>Aleppo</p>');</script></head>\
         <body><!-- Aleppo in a comment --><p>Fighters held &#x54;abqa&nbsp;dam.</p>\
         <svg><![CDATA[ Aleppo ]]></svg><p>Unclosed <b>bold <i>Raqqa\
         {}Deep in the tree: Manbij.{}<p>After the tree.",
        "<div>".repeat(depth),
        "</div>".repeat(depth / 2),
    );
    let f = d.write("hostile.html", html);
    d.extract(&[&f]).expect(0);
    let got: Vec<String> = d.mentions("hostile").into_iter().map(|(s, _)| s).collect();
    // The title (the headline) is kept apart from the text.
    assert_eq!(got, ["Tabqa", "Raqqa", "Manbij"]);
}

#[test]
fn folders_with_loops_and_unreadable_files() {
    let d = Dir::new();
    let sub = d.input("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("good.txt"), GOOD).unwrap();
    // A link back up: a loop the walk must report, not follow for ever.
    std::os::unix::fs::symlink(d.input(""), sub.join("loop")).unwrap();
    // A link to nothing, and a folder named like an article.
    std::os::unix::fs::symlink(d.input("gone.txt"), d.input("dangling.txt")).unwrap();
    std::fs::create_dir(d.input("folder.txt")).unwrap();
    let r = d.extract(&[d.input("")]);
    r.expect(1);
    r.says(&format!("{}", sub.join("loop").display())).says("loop");
    r.says(&format!("{}", d.input("dangling.txt").display()));
    assert_eq!(d.mentions("good"), tabqa());
    assert_eq!(d.errors().len(), 2, "{:?}", d.errors());
}

#[test]
fn an_unreadable_file_is_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    let secret = d.write("secret.txt", GOOD);
    d.write("good.txt", GOOD);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, file modes do not apply: run gazet as `nobody`.
    for p in [d.tmp.path().to_path_buf(), d.input("")] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let mut cmd = extract_cmd(&d.cache());
    cmd.arg("-o").arg(d.out()).arg(d.input(""));
    let r = run(if is_root() { as_nobody(&cmd) } else { cmd }, None);
    r.expect(1).says(&format!("{}: Permission denied", secret.display()));
    assert_eq!(d.mentions("good"), tabqa());
    assert_eq!(d.errors().len(), 1);
}

#[test]
fn a_file_that_vanishes_mid_run_is_reported() {
    let d = Dir::new();
    let later = d.write("later.txt", GOOD);
    let folder = d.input("folder");
    std::fs::create_dir(&folder).unwrap();
    let walked = folder.join("walked.txt");
    std::fs::write(&walked, GOOD).unwrap();
    // gazet lists its inputs, then reads standard input first: both files
    // are removed while it waits there, after they were listed.
    let mut cmd = extract_cmd(&d.cache());
    cmd.arg("-o").arg(d.out()).args(["--input-format", "txt", "-"]).arg(&later).arg(&folder);
    cmd.stdin(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, b"Fighting near Tabqa.").unwrap();
    wait_for_thread(child.id(), "gazet-read");
    std::fs::remove_file(&later).unwrap();
    std::fs::remove_file(&walked).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for gone in [&later, &walked] {
        let want = format!("{}: No such file or directory", gone.display());
        assert!(stderr.contains(&want), "want {want:?} in {stderr}");
    }
    assert_eq!(d.mentions("stdin"), tabqa());
}

/// Waits until process `pid` has a thread named `name` (Linux).
fn wait_for_thread(pid: u32, name: &str) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(60) {
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
        let found = tasks.filter_map(Result::ok).any(|t| {
            std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == name)
        });
        if found {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no thread {name} in process {pid}");
}

#[test]
fn a_100_mb_jsonl_line_is_refused_and_the_next_line_read() {
    use std::io::Write;
    let d = Dir::new();
    let path = d.input("big.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    w.write_all(b"{\"id\":\"big\",\"text\":\"").unwrap();
    let chunk = "Tabqa ".repeat(1 << 14);
    for _ in 0..=(100 << 20) / chunk.len() {
        w.write_all(chunk.as_bytes()).unwrap();
    }
    w.write_all(b"\"}\n{\"id\":\"after\",\"text\":\"Fighting near Tabqa.\"}\n").unwrap();
    w.flush().unwrap();
    drop(w);
    let r = d.extract(&[&path]);
    r.expect(1).says(&format!(
        "{}:1: an article of 100.0 MB is over the limit of 64.0 MB (--max-article-mb)",
        path.display()
    ));
    assert_eq!(d.mentions("after"), tabqa());
    assert!(!d.out().join("big.geojson").exists());
}
