//! Job Forge's desktop app: a Tauri 2 window showing the wasm UI (`ui/`),
//! with thin commands over `jobforge-core`.
//!
//! `--data-dir DIR` (or `JOBFORGE_DATA_DIR`), `JOBFORGE_KEY_STORE` and
//! `JOBFORGE_PASSPHRASE` mean what they mean to the `jobforge` CLI.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod shell;

use tracing_subscriber::EnvFilter;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("warn,jobforge=info,jobforge_desktop=info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let shell = shell::Shell::new(shell::ShellConfig::from_env());
    // The context is code Tauri generates from tauri.conf.json at build time;
    // its `unwrap()`s parse constants checked by the build, not user input.
    #[allow(clippy::unwrap_used)]
    let context = tauri::tauri_build_context!();
    let result = tauri::Builder::default()
        .manage(shell)
        .invoke_handler(tauri::generate_handler![
            commands::workspace_overview,
            commands::load_sample_data
        ])
        .run(context);
    if let Err(error) = result {
        eprintln!("Job Forge could not start its window: {error}");
        std::process::exit(1);
    }
}
