//! The `gazet` command line.

mod args;
mod cmd;
mod ids;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    let result = match args.command {
        args::Command::Extract(a) => cmd::extract::run(a),
        args::Command::Show(a) => cmd::show::run(a),
        args::Command::Lookup(a) => cmd::lookup::run(a),
        args::Command::Gazetteer(a) => cmd::gazetteer::run(a),
    };
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
