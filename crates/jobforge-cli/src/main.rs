//! `jobforge`: the command-line face of Job Forge. Only this crate knows clap,
//! terminals and exit codes; everything else is `jobforge-core`.

mod ai_commands;
mod args;
mod commands;
mod input;
mod logging;
mod output;
mod semantic_commands;
mod transfer;
mod unlock;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

/// The outcome of a command that failed: a message for the person and
/// whether it was their input (exit 1) or a fault of ours or the system (2).
#[derive(Debug)]
pub struct Failure {
    pub user_error: bool,
    pub message: String,
}

impl Failure {
    pub fn user(message: impl Into<String>) -> Self {
        Self {
            user_error: true,
            message: message.into(),
        }
    }
}

/// A small async runtime on the calling thread, for one command that talks
/// to the network (a model, a download, a page fetch).
pub fn async_runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure {
            user_error: false,
            message: format!("cannot start the async runtime: {e}"),
        })
}

impl From<jobforge_core::WorkspaceError> for Failure {
    fn from(e: jobforge_core::WorkspaceError) -> Self {
        Self {
            user_error: e.is_user_error(),
            message: e.to_string(),
        }
    }
}

impl From<jobforge_core::store::StoreError> for Failure {
    fn from(e: jobforge_core::store::StoreError) -> Self {
        jobforge_core::WorkspaceError::from(e).into()
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self {
            user_error: false,
            message: format!("cannot write the output: {e}"),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                // A wrong command line is the user's to fix: exit 1, not clap's 2.
                _ => ExitCode::from(1),
            };
        }
    };
    let json = cli.json;
    if matches!(cli.command, args::Command::Init) {
        // `init` makes the data folder; make it first so its own work is logged.
        if let Ok(dir) = jobforge_core::DataDir::resolve(cli.data_dir.clone()) {
            let _ = dir.create();
        }
    }
    logging::init(&cli);
    let result = commands::run(cli);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tracing::info!(user_error = failure.user_error, "command failed");
            let mut stderr = std::io::stderr().lock();
            if json {
                let body = serde_json::json!({
                    "error": {
                        "kind": if failure.user_error { "user" } else { "internal" },
                        "message": failure.message,
                    }
                });
                let _ = writeln!(stderr, "{body}");
            } else {
                let _ = writeln!(stderr, "error: {}", failure.message);
            }
            ExitCode::from(if failure.user_error { 1 } else { 2 })
        }
    }
}
