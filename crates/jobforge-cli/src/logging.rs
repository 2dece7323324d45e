//! Logs go to a daily-rotated file in the data folder (seven days kept) and,
//! with `-v`, to the terminal. Only IDs and outcomes are logged: never keys,
//! passphrases, API keys or the text of postings, resumes and letters.

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::args::Cli;

pub fn init(cli: &Cli) {
    let stderr_level = match cli.verbose {
        0 => None,
        1 => Some("info"),
        _ => Some("debug"),
    };
    let stderr_layer = stderr_level.map(|level| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_filter(EnvFilter::new(format!("jobforge={level},jobforge_core={level},jobforge_store={level},jobforge_secrets={level},jobforge_cli={level}")))
    });
    let file_layer = jobforge_core::DataDir::resolve(cli.data_dir.clone())
        .ok()
        // Only log into a folder that exists: a mistyped --data-dir must not
        // leave empty folders behind.
        .filter(|dir| dir.root().is_dir())
        .and_then(|dir| {
            // The appender prunes old files at start and complains on stderr
            // when the folder is not there yet.
            std::fs::create_dir_all(dir.logs()).ok()?;
            tracing_appender::rolling::Builder::new()
                .rotation(tracing_appender::rolling::Rotation::DAILY)
                .filename_prefix("jobforge")
                .filename_suffix("log")
                .max_log_files(7)
                .build(dir.logs())
                .ok()
        })
        .map(|appender| {
            tracing_subscriber::fmt::layer()
                .with_writer(appender)
                .with_ansi(false)
                .with_filter(EnvFilter::new("info"))
        });
    let _ = tracing_subscriber::registry()
        .with(stderr_layer)
        .with(file_layer)
        .try_init();
}
