//! Outputs under faults: written whole or not at all, never outside
//! `--out`; a full disk, an unwritable folder or an interrupt leaves no
//! partial or temporary file and does not clobber earlier outputs.

mod robust;

use robust::{Dir, as_nobody, extract_cmd, is_root, listing, run, temp_files};
use std::path::Path;
use std::process::{Command, Stdio};

/// A JSONL feed of `n` short articles naming fixture places.
fn feed(n: usize) -> String {
    let places = ["Raqqa", "Tabqa", "Aleppo", "Manbij", "Deir ez-Zor"];
    (0..n)
        .map(|i| {
            let (a, b) = (places[i % 5], places[(i / 5) % 5]);
            format!(
                "{{\"id\":\"n{i}\",\"text\":\"Report {i}. The SDF said fighting near {a} went on; \
                 convoys left {b} for the north.\"}}\n"
            )
        })
        .collect()
}

/// The run-level files and their bytes, to compare before and after.
fn run_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    ["mentions.csv", "entities.csv", "places.geojson", "errors.csv", "cooccurrence.csv"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read(out.join(n)).unwrap()))
        .collect()
}

/// Every output in `out` is whole: the JSON parses, the CSV reads.
fn assert_whole(out: &Path) {
    for name in listing(out) {
        let path = out.join(&name);
        if name.ends_with(".geojson") {
            let text = std::fs::read_to_string(&path).unwrap();
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name} is cut: {e}"));
        } else if name.ends_with(".csv") {
            let mut rdr = csv::Reader::from_path(&path).unwrap();
            let width = rdr.headers().unwrap().len();
            for r in rdr.records() {
                assert_eq!(r.unwrap().len(), width, "{name} has a cut row");
            }
        }
    }
}

#[test]
fn out_that_is_a_file_or_unwritable_exits_2_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    let input = d.write("a.txt", "Fighting near Tabqa.");
    let file = d.tmp.path().join("results");
    std::fs::write(&file, "keep me").unwrap();
    let mut cmd = extract_cmd(&d.cache());
    cmd.arg("-o").arg(&file).arg(&input);
    run(cmd, None).expect(2).says(&format!("--out {}: not a folder", file.display()));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    // A folder gazet may not write to; as root, run gazet as `nobody`.
    let ro = d.tmp.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    for (p, mode) in [(d.tmp.path(), 0o777), (&d.input(""), 0o777), (&ro, 0o555)] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    for out in [ro.clone(), ro.join("new")] {
        let mut cmd = extract_cmd(&d.cache());
        cmd.arg("-o").arg(&out).arg(&input);
        let r = run(if is_root() { as_nobody(&cmd) } else { cmd }, None);
        r.expect(2).says(&ro.display().to_string()).says("Permission denied (os error 13)");
    }
    assert_eq!(listing(&ro), Vec::<String>::new());
}

/// `gazet extract` of `input` into `out` under `ulimit -f` (KB).
fn extract_with_file_limit(d: &Dir, input: &Path, kb: u32) -> robust::Run {
    let cmd = extract_cmd(&d.cache());
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(format!("ulimit -f {kb} && exec \"$0\" \"$@\"")).arg(cmd.get_program());
    sh.args(cmd.get_args()).arg("-o").arg(d.out()).arg(input);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    run(sh, None)
}

#[test]
fn a_file_size_limit_fails_cleanly_and_keeps_earlier_outputs() {
    let d = Dir::new();
    let small = d.write("small.jsonl", feed(20));
    d.extract(&[&small]).expect(0);
    let before = run_files(&d.out());
    // The run's mentions.csv outgrows 200 KB: the write fails (EFBIG, not
    // SIGXFSZ), is reported with the file, and everything is cleaned up.
    let big = d.write("big.jsonl", feed(3000));
    let r = extract_with_file_limit(&d, &big, 200);
    r.expect(2).says("File too large");
    assert!(r.stderr.contains(&d.out().display().to_string()), "{}", r.stderr);
    assert_eq!(temp_files(&d.out()), Vec::<String>::new());
    assert_eq!(run_files(&d.out()), before, "earlier run files were changed");
    assert_whole(&d.out());
}

#[test]
fn a_full_disk_fails_cleanly() {
    if !is_root() {
        eprintln!("a_full_disk_fails_cleanly: mounting a tmpfs needs root; the ulimit test covers");
        return;
    }
    let d = Dir::new();
    std::fs::create_dir(d.out()).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
        .arg(d.out())
        .status()
        .unwrap();
    assert!(mounted.success(), "mount tmpfs");
    let _unmount = Unmount(d.out());
    let big = d.write("big.jsonl", feed(3000));
    let r = d.extract(&[&big]);
    r.expect(2).says("No space left on device");
    assert_eq!(temp_files(&d.out()), Vec::<String>::new());
    assert_whole(&d.out());
}

/// Unmounts its folder when dropped, even when an assertion failed.
struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Starts a long run, waits for its first output, sends `signal`.
fn interrupt(d: &Dir, input: &Path, signal: &str) -> (Option<i32>, String) {
    let mut cmd = extract_cmd(&d.cache());
    cmd.arg("-j1").arg("-o").arg(d.out()).arg(input).stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let start = std::time::Instant::now();
    // The first article of this run, not of the earlier one.
    while !d.out().join("n5.geojson").exists() {
        assert!(start.elapsed().as_secs() < 120, "no output appeared");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let sent = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
    assert!(sent.unwrap().success());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn an_interrupt_leaves_no_partial_or_temporary_file() {
    let d = Dir::new();
    let earlier = d.write("earlier.jsonl", feed(5));
    d.extract(&[&earlier]).expect(0);
    let before = run_files(&d.out());
    let big = d.write("big.jsonl", feed(40_000));
    for signal in ["INT", "TERM"] {
        let _ = std::fs::remove_file(d.out().join("n5.geojson"));
        let (code, stderr) = interrupt(&d, &big, signal);
        assert_eq!(code, Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("gazet: interrupted"), "{stderr}");
        assert_eq!(temp_files(&d.out()), Vec::<String>::new(), "{signal}");
        assert_eq!(run_files(&d.out()), before, "{signal}: earlier run files changed");
        assert_whole(&d.out());
        assert!(!d.out().join("n39999.geojson").exists(), "{signal}: the run finished first");
    }
}

#[test]
fn hostile_ids_stay_inside_out() {
    let d = Dir::new();
    let long = "x".repeat(10_000);
    let ids = [
        "../../escaped",
        "/etc/passwd",
        "a/b/c",
        "..",
        ".",
        "nul\u{0}byte",
        "CON",
        "nul.txt",
        "Com1",
        &long,
        "",
        "C:\\\\Windows\\\\x",
        "..\\\\..\\\\up",
        "\u{202E}txt.exe",
    ];
    let lines: String = ids
        .iter()
        .map(|id| {
            let id = serde_json::to_string(id).unwrap();
            format!("{{\"id\":{id},\"text\":\"Fighting near Tabqa.\"}}\n")
        })
        .collect();
    let f = d.write("ids.jsonl", lines);
    d.extract(&[&f]).expect(0);
    // Only in/, out/ and cache/ beside the outputs; nothing escaped.
    assert_eq!(listing(d.tmp.path()), ["cache", "in", "out"]);
    let names = listing(&d.out());
    let geojson: Vec<&String> = names.iter().filter(|n| n.ends_with(".geojson")).collect();
    // One per article plus places.geojson.
    assert_eq!(geojson.len(), ids.len() + 1, "{names:?}");
    for name in &names {
        assert!(name.len() <= 200, "{name}");
        assert!(!name.starts_with('.'), "{name}");
        let stem = name.split('.').next().unwrap().to_ascii_lowercase();
        assert!(!["con", "nul", "com1"].contains(&stem.as_str()), "{name}");
    }
    let articles: std::collections::BTreeSet<String> =
        d.table("mentions.csv").into_iter().map(|r| r["article"].clone()).collect();
    assert_eq!(articles.len(), ids.len());
}

#[test]
fn two_articles_with_the_same_id_are_both_written() {
    let d = Dir::new();
    for sub in ["a", "b"] {
        std::fs::create_dir(d.input(sub)).unwrap();
    }
    d.write("a/report.txt", "Fighting near Tabqa.");
    d.write("b/report.txt", "Fighting near Raqqa.");
    d.write("c.jsonl", "{\"id\":\"report\",\"text\":\"Fighting near Aleppo.\"}\n");
    d.extract(&[d.input("")]).expect(0);
    let surfaces = |id: &str| -> Vec<String> { d.mentions(id).into_iter().map(|m| m.0).collect() };
    assert_eq!(surfaces("report"), ["Tabqa"]);
    assert_eq!(surfaces("report-2"), ["Raqqa"]);
    assert_eq!(surfaces("report-3"), ["Aleppo"]);
}
