//! `gazet extract` on streams: JSONL detected on standard input, output
//! that does not depend on the number of threads, output that keeps up with
//! a slow producer, and the progress bar (only on a terminal, silenced by
//! `--quiet`, never garbling error lines).
//!
//! Corpora come from `benches/gen_corpus.py` (python3).

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_gazet");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A generated JSONL corpus of `articles` articles in `dir`.
fn corpus(dir: &Path, articles: usize) -> PathBuf {
    let out = dir.join(format!("corpus-{articles}.jsonl"));
    let status = Command::new("python3")
        .arg(root().join("benches/gen_corpus.py"))
        .args(["--articles", &articles.to_string(), "--out"])
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .expect("python3 runs benches/gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed");
    out
}

/// `gazet extract --jsonl <args>` with the embedded gazetteer.
fn extract(args: &[&str], stdin: Option<&Path>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["extract", "--jsonl"]).args(args).current_dir(root());
    cmd.stdin(match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).unwrap()),
        None => Stdio::null(),
    });
    let out = cmd.output().expect("gazet runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "gazet extract --jsonl {args:?}:\n{stderr}");
    out
}

/// The article lines of a run, parsed, less `source` (a file name or `-`).
fn articles(stdout: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(stdout).unwrap();
    text.lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("source");
            v
        })
        .collect()
}

/// The test gazetteer's arguments (a fast start).
fn test_gazetteer() -> Vec<String> {
    let dir = root().join("tests/fixtures/gazetteer");
    vec!["--no-default-gazetteer".into(), "--gazetteer".into(), dir.display().to_string()]
}

#[test]
fn jsonl_on_stdin_is_detected_and_read_like_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(tmp.path(), 300);
    let path = corpus.to_str().unwrap();
    let file = extract(&["-j", "1", path], None);
    let stdin = extract(&["-j", "2", "-"], Some(&corpus));
    let (file, stdin) = (articles(&file.stdout), articles(&stdin.stdout));
    assert_eq!(file.len(), 300);
    assert_eq!(file[0]["article"], "a0000000");
    assert!(file == stdin, "stdin and the file give different articles");
    // `--input-format txt` still reads the whole stream as one article.
    let text = extract(&["--input-format", "txt", "-"], Some(&corpus));
    let text = articles(&text.stdout);
    assert_eq!(text.len(), 1);
    assert_eq!(text[0]["article"], "stdin");
}

#[test]
fn output_is_byte_identical_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(tmp.path(), 400);
    let path = corpus.to_str().unwrap();
    let one = extract(&["-j", "1", path], None).stdout;
    let two = extract(&["-j", "2", path], None).stdout;
    assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 400);
    assert!(one == two, "-j 1 and -j 2 differ");
    // From a pipe, batches are whatever has arrived: the same lines still.
    let piped_one = extract(&["-j", "1", "-"], Some(&corpus)).stdout;
    let piped_two = extract(&["-j", "2", "-"], Some(&corpus)).stdout;
    assert!(piped_one == piped_two, "-j 1 and -j 2 differ on stdin");
}

/// Reads `child`'s stdout lines on a thread; lines arrive on the channel.
fn line_reader(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

#[test]
fn a_slow_producer_gets_each_article_as_it_goes_and_no_progress_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = std::fs::read_to_string(corpus(tmp.path(), 12)).unwrap();
    let lines: Vec<&str> = corpus.lines().collect();
    for quiet in [false, true] {
        let mut cmd = Command::new(BIN);
        cmd.args(["extract", "--jsonl"]).args(test_gazetteer());
        if quiet {
            cmd.arg("--quiet");
        }
        let mut child = cmd
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let out = line_reader(child.stdout.take().unwrap());
        // Each article comes back before the next is sent: no waiting for a
        // full batch or the end of the input.
        for (i, line) in lines[..4].iter().enumerate() {
            writeln!(stdin, "{line}").unwrap();
            stdin.flush().unwrap();
            let got = out.recv_timeout(Duration::from_secs(60)).expect("an article line");
            let got: Value = serde_json::from_str(&got).unwrap();
            assert_eq!(got["article"], format!("a{i:07}"));
        }
        // Past the progress bar's delay: still nothing on stderr, as it is
        // not a terminal.
        std::thread::sleep(Duration::from_millis(1500));
        for line in &lines[4..] {
            writeln!(stdin, "{line}").unwrap();
        }
        drop(stdin);
        let rest: Vec<String> = out.iter().collect();
        assert_eq!(rest.len(), lines.len() - 4);
        let done = child.wait_with_output().unwrap();
        assert_eq!(done.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&done.stderr), "", "quiet: {quiet}");
    }
}

#[test]
fn quiet_leaves_errors_on_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"Raqqa\"}\nnot json\n").unwrap();
    let out = Command::new(BIN)
        .args(["extract", "--jsonl", "-q"])
        .args(test_gazetteer())
        .arg("-")
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("gazet: -:2: invalid JSON"), "{stderr}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

/// What a terminal shows of `raw` output, line by line (the terminal
/// ends lines with `\r\n`): each other `\r` or erase-line sequence starts
/// the line over, other escape sequences are dropped.
fn screen_lines(raw: &str) -> Vec<String> {
    raw.split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut shown = String::new();
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => shown.clear(),
                    '\x1b' => {
                        let mut seq = String::new();
                        if chars.peek() == Some(&'[') {
                            chars.next();
                            while let Some(&c) = chars.peek() {
                                chars.next();
                                seq.push(c);
                                if c.is_ascii_alphabetic() {
                                    break;
                                }
                            }
                        }
                        if seq.ends_with('K') {
                            shown.clear();
                        }
                    }
                    c => shown.push(c),
                }
            }
            shown
        })
        .collect()
}

/// Runs `gazet extract --jsonl <extra> -` under a pseudo-terminal
/// (util-linux `script`), fed 5 articles, then after 3 s a bad line and 5
/// more; returns what the terminal received (stderr: stdout goes to a file).
fn under_a_terminal(dir: &Path, extra: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: `script` (util-linux) not found; progress bar test skipped");
        return None;
    }
    let corpus = corpus(dir, 10);
    let typescript = dir.join(format!("typescript{extra}"));
    let gaz: Vec<String> = test_gazetteer().iter().map(|a| format!("'{a}'")).collect();
    let gaz = gaz.join(" ");
    let shell = format!(
        "{{ head -n 5 '{c}'; sleep 3; echo 'not json'; tail -n +6 '{c}'; }} \
         | '{BIN}' extract --jsonl {gaz} {extra} - > '{out}'",
        c = corpus.display(),
        out = dir.join("out.jsonl").display(),
    );
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &shell])
        .arg(&typescript)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "one bad line: exit 1");
    let out = std::fs::read_to_string(dir.join("out.jsonl")).unwrap();
    assert_eq!(out.lines().count(), 10);
    Some(std::fs::read_to_string(&typescript).unwrap())
}

#[test]
fn progress_bar_on_a_terminal_and_quiet_hides_it() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(raw) = under_a_terminal(tmp.path(), "") else { return };
    let screen = screen_lines(&raw);
    let error = "gazet: -:6: invalid JSON";
    // The bar was drawn (stdin: articles, bytes and a rate, no ETA) ...
    assert!(raw.contains(" articles "), "no progress bar in {raw:?}");
    assert!(raw.contains("B/s"), "no rate in {raw:?}");
    // ... the error line stands whole on its own line ...
    assert!(screen.iter().any(|l| l.starts_with(error)), "error garbled: {screen:?}");
    // ... and the bar is gone at the end (`script` adds its own last line).
    let last = screen.iter().rev().find(|l| !l.is_empty() && !l.starts_with("Script done"));
    assert!(!last.unwrap().contains("articles"), "bar left: {screen:?}");

    let Some(raw) = under_a_terminal(tmp.path(), "--quiet") else { return };
    assert!(!raw.contains("articles"), "--quiet drew a bar: {raw:?}");
    assert!(screen_lines(&raw).iter().any(|l| l.starts_with(error)), "{raw:?}");
}
