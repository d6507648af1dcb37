//! What the robustness batteries (tests/robust_*.rs, tests/injection.rs,
//! tests/failure_isolation.rs) share: running the built binary on the
//! fixture gazetteer and reading what it wrote.
#![allow(dead_code)] // Each battery uses some of these.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_gazet");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `gazet extract` on the fixture gazetteer alone (Raqqa, Tabqa, Aleppo,
/// the SDF, ...), with its cache in the test's own folder.
pub fn extract_cmd(cache: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("extract")
        .arg("--no-default-gazetteer")
        .arg("--gazetteer")
        .arg(root().join("tests/fixtures/gazetteer"))
        .env("GAZET_CACHE_DIR", cache)
        .env_remove("NO_COLOR");
    cmd
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, and that nothing panicked.
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "exit code; stderr:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }

    /// Asserts that stderr holds `want`.
    pub fn says(&self, want: &str) -> &Run {
        assert!(self.stderr.contains(want), "want {want:?} in stderr:\n{}", self.stderr);
        self
    }
}

/// Runs `cmd` with `stdin` (or none) to the end.
pub fn run(mut cmd: Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("gazet starts");
    if let Some(input) = stdin {
        // gazet may stop reading early (an article over the limit).
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A test folder: `in/` for inputs, `out/` for outputs, `cache/`.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("in")).unwrap();
        Dir { tmp }
    }

    pub fn input(&self, name: &str) -> PathBuf {
        self.tmp.path().join("in").join(name)
    }

    /// Writes input file `name`.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.input(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    pub fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    /// `gazet extract -o out ARGS`.
    pub fn extract<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        let mut cmd = extract_cmd(&self.cache());
        cmd.arg("-o").arg(self.out()).args(args);
        run(cmd, None)
    }

    /// The rows of output file `name` as column → value maps.
    pub fn table(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        read_table(&self.out().join(name))
    }

    /// The mentions of article `id` as (surface, entity_id) pairs.
    pub fn mentions(&self, id: &str) -> Vec<(String, String)> {
        self.table(&format!("{id}.mentions.csv"))
            .into_iter()
            .map(|r| (r["surface"].clone(), r["entity_id"].clone()))
            .collect()
    }

    /// The errors.csv rows as (source, line, error).
    pub fn errors(&self) -> Vec<(String, String, String)> {
        self.table("errors.csv")
            .into_iter()
            .map(|r| (r["source"].clone(), r["line"].clone(), r["error"].clone()))
            .collect()
    }
}

pub fn read_table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers.iter().map(String::from).zip(r.iter().map(String::from)).collect()
        })
        .collect()
}

/// File names in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Temporary files left in `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    listing(dir).into_iter().filter(|n| n.starts_with(".gazet-")).collect()
}

/// Whether the tests run as root, whom file modes do not stop.
pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// `cmd` run as the unprivileged user `nobody` (with `setpriv`), so that
/// file modes apply even when the tests run as root.
pub fn as_nobody(cmd: &Command) -> Command {
    let mut wrapped = Command::new("setpriv");
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    wrapped
}
