//! The temporary files that become outputs, and what becomes of them when
//! the process is interrupted.
//!
//! Every output is written to a hidden `.gazet-*.tmp` file beside it and
//! renamed into place when whole. Each such file is recorded here from its
//! creation to its rename, so that a signal handler can remove every one
//! of them ([`abandon_temp_files`]) before the process exits: an
//! interrupted run leaves no partial file and no temporary file, and the
//! outputs of earlier runs stay as they were.

use crate::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

struct Live {
    /// Set by [`abandon_temp_files`]: no new temporary file may be made.
    closed: bool,
    paths: BTreeSet<PathBuf>,
}

static LIVE: Mutex<Live> = Mutex::new(Live { closed: false, paths: BTreeSet::new() });

fn live() -> MutexGuard<'static, Live> {
    // A panic while holding the lock leaves the set itself intact.
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A new hidden temporary file (`.gazet-*.tmp`) in the folder of `path`,
/// to be renamed over `path` once written (then call [`forget`]). Its mode
/// is that of any new file (0666 less the umask), not tempfile's private
/// 0600, so outputs can be shared like files written directly.
///
/// # Errors
/// If the folder is missing or not writable (the error names the folder),
/// or the run is being interrupted.
pub(crate) fn temp_file_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gazet-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Created and recorded under the lock, so that no file is made after
    // an interrupt has removed the others.
    let mut live = live();
    if live.closed {
        return Err(Error::io(dir, std::io::ErrorKind::Interrupted.into()));
    }
    let tmp = builder
        .tempfile_in(dir)
        // tempfile's error repeats the temporary path; the folder and the
        // reason are what the user needs.
        .map_err(|e| Error::io(dir, os_error(&e)))?;
    live.paths.insert(tmp.path().to_path_buf());
    Ok(tmp)
}

/// tempfile's error without the temporary path it appends ("Permission
/// denied (os error 13)"): the folder is named by the caller.
fn os_error(e: &std::io::Error) -> std::io::Error {
    let msg = e.to_string();
    let msg = msg.rsplit_once(" at path ").map_or(msg.as_str(), |(m, _)| m);
    std::io::Error::new(e.kind(), msg.to_string())
}

/// Stops tracking a temporary file that was renamed into place or
/// removed.
pub(crate) fn forget(tmp: &Path) {
    live().paths.remove(tmp);
}

/// Whether [`abandon_temp_files`] has run: the process is being
/// interrupted, and an output error now is that interrupt's doing.
pub fn temp_files_abandoned() -> bool {
    live().closed
}

/// Removes every temporary output file of this process (and the side
/// files SQLite keeps beside one), and refuses to make new ones. For a
/// signal handler, just before it ends the process.
///
/// Returns how many temporary files were removed.
pub fn abandon_temp_files() -> usize {
    let mut live = live();
    live.closed = true;
    let mut removed = 0;
    for path in std::mem::take(&mut live.paths) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            // A file already renamed or never made is not an error here.
            if std::fs::remove_file(p).is_ok() && suffix.is_empty() {
                removed += 1;
            }
        }
    }
    removed
}
