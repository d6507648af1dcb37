//! The `gazet` command line.

mod args;
mod cmd;
mod ids;
mod progress;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the gazetteer snapshot decodes about a million small strings
/// at start-up, and each article allocates its candidates, mentions and
/// output; glibc's allocator made both noticeably slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit code of a run stopped by SIGINT, SIGTERM or SIGHUP (128 +
/// SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    on_signals();
    let result = match args.command {
        args::Command::Extract(a) => cmd::extract::run(a),
        args::Command::Show(a) => cmd::show::run(a),
        args::Command::Lookup(a) => cmd::lookup::run(a),
        args::Command::Gazetteer(a) => cmd::gazetteer::run(a),
    };
    if gazet::write::temp_files_abandoned() {
        // A signal arrived: its handler, which refused the outputs not yet
        // begun, is ending the process with its own message and exit code.
        loop {
            std::thread::park();
        }
    }
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("gazet: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`gazet extract --jsonl | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Makes interrupts and file-size limits end a run cleanly.
///
/// - SIGINT, SIGTERM, SIGHUP: every temporary output file is removed and
///   the process exits with [`INTERRUPTED`]. Outputs already renamed into
///   place are whole; files of earlier runs that were not yet replaced
///   stay as they were.
/// - SIGXFSZ (a file over `ulimit -f`) is ignored, so that the write fails
///   with an error that names the file, like a full disk, instead of
///   killing the process and leaving its temporary files behind.
fn on_signals() {
    let handler = || {
        let removed = gazet::write::abandon_temp_files();
        let left = if removed == 0 {
            String::new()
        } else {
            format!("; removed {removed} unfinished output file(s)")
        };
        eprintln!("gazet: interrupted{left}");
        std::process::exit(INTERRUPTED);
    };
    // Without a handler (another one is set), the default action stands.
    let _ = ctrlc::set_handler(handler);
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN, before any other
    // thread exists, touches no memory of this process.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
