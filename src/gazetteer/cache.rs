//! Where compiled gazetteers are kept between runs, and how a run knows a
//! kept one is still fresh.
//!
//! Compiling the names takes seconds; loading a [`snapshot`](super::snapshot)
//! takes milliseconds. A snapshot is kept:
//! - next to the last `--gazetteer` folder, in `<folder>/.gazet-cache/`,
//!   when that folder is writable;
//! - otherwise (and for the default gazetteer alone) in the user's cache
//!   folder: `$XDG_CACHE_HOME/gazet`, else `~/.cache/gazet`.
//!
//! `GAZET_CACHE_DIR` names another folder; `GAZET_NO_CACHE=1` turns the
//! cache off. Its key hashes the code that compiled it, the embedded data,
//! and each layer's files (name, size and modification time, or the text
//! itself for files given as text), so any change compiles afresh. The cache
//! is an optimisation only: a cache that cannot be read or written is
//! ignored.

use super::Gazetteer;
use super::snapshot;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// Snapshots kept per cache folder (the newest; older ones are removed).
const KEEP: usize = 2;

/// A snapshot's key and file.
#[derive(Debug)]
pub(super) struct Cache {
    key: u64,
    path: PathBuf,
}

/// Hashes what a compiled gazetteer depends on.
#[derive(Default)]
pub(super) struct KeyHasher(rustc_hash::FxHasher);

impl KeyHasher {
    /// Starts a key for this build of gazet.
    pub(super) fn new() -> KeyHasher {
        let mut h = KeyHasher::default();
        h.0.write_u64(super::embedded::CODE_HASH);
        h
    }

    /// Adds bytes.
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.0.write_usize(b.len());
        self.0.write(b);
    }

    /// Adds a number.
    pub(super) fn number(&mut self, n: u64) {
        self.0.write_u64(n);
    }

    /// Adds a file by size and modification time (nanoseconds).
    pub(super) fn file(&mut self, meta: &std::fs::Metadata) {
        self.number(meta.len());
        let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        self.number(mtime.map_or(0, |d| d.as_nanos() as u64));
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Cache {
    /// The cache slot for `key`, for gazetteers whose last folder is
    /// `last_dir`; `None` when the cache is turned off or no folder can
    /// hold it.
    pub(super) fn new(key: &KeyHasher, last_dir: Option<&Path>) -> Option<Cache> {
        if std::env::var_os("GAZET_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
            return None;
        }
        let dir = std::env::var_os("GAZET_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| last_dir.map(|d| d.join(".gazet-cache")).filter(|d| writable(d)))
            .or_else(user_cache_dir)?;
        let key = key.finish();
        Some(Cache { key, path: dir.join(format!("compiled-{key:016x}.bin")) })
    }

    /// The kept gazetteer, if there is one for this key.
    ///
    /// The file is mapped, not read: its pages come from the page cache
    /// as they are decoded, with no copy and no fresh memory to zero (read
    /// into the heap, start-up took 40-50 ms, most of it faulting in and
    /// copying the file, 49 MB then). Each decoded section's pages leave
    /// the process's resident set; the gazetteer keeps the map for its
    /// names and fuzzy pairs, read in place (the fuzzy pairs' pages come
    /// back from the page cache as lookups touch them).
    pub(super) fn load(&self) -> Option<Gazetteer> {
        let file = std::fs::File::open(&self.path).ok()?;
        // SAFETY: snapshots are written to a temporary file and renamed
        // into place (`write_atomic`), never changed in place, so the
        // mapped bytes do not change while they are used; a file that is
        // damaged all the same fails its checksums.
        let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.ok()?);
        let release = |range: std::ops::Range<usize>| {
            // SAFETY: the map is shared and read-only, of a file never
            // changed in place: after MADV_DONTNEED a page is read again
            // from the file, with the same bytes, so no borrow of the map
            // sees them change. Failing only leaves the pages resident.
            let advice = memmap2::UncheckedAdvice::DontNeed;
            let _ = unsafe { map.unchecked_advise_range(advice, range.start, range.len()) };
        };
        snapshot::load(map.clone(), self.key, &release)
    }

    /// Keeps `gaz` for later runs (whole or not at all), and removes older
    /// snapshots beyond the newest [`KEEP`].
    pub(super) fn store(&self, gaz: &Gazetteer) {
        let Some(dir) = self.path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Some(bytes) = snapshot::save(gaz, self.key) else { return };
        let written = crate::write::write_atomic(&self.path, |w| w.write_all(&bytes));
        if written.is_ok() {
            prune(dir);
        }
    }
}

/// Whether `dir` exists and takes new files, or can be created.
fn writable(dir: &Path) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    tempfile::tempfile_in(dir).is_ok()
}

/// `$XDG_CACHE_HOME/gazet`, else `$HOME/.cache/gazet`.
fn user_cache_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| std::env::var_os("HOME").and_then(absolute).map(|h| h.join(".cache")))
        .map(|d| d.join("gazet"))
}

/// Removes all but the newest [`KEEP`] snapshots in `dir`.
fn prune(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let mut snapshots: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("compiled-") && name.ends_with(".bin")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    snapshots.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (_, path) in snapshots.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(path);
    }
}
