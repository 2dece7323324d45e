//! `cargo xtask <task>`: the project's commands, in Rust so they run the same
//! everywhere cargo does.
//!
//! * `app`   install what is missing, build, and open the desktop app (with no
//!   display: show the main job through the CLI on sample data).
//! * `test`  install what is missing, then format check, clippy, and every
//!   test (inside a private D-Bus session with a real Secret Service).
//! * `bench` the benchmarks: the store (encrypted against plain SQLite),
//!   the offline AI pipeline, import and export, then the desktop benchmark.
//! * `bench-desktop` the desktop app against a bare Tauri hello world:
//!   startup, idle memory and CPU, binary size.

mod bench_desktop;
mod setup;
mod tasks;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "app" => tasks::app(),
        "test" => tasks::test(),
        "bench" => tasks::bench(),
        "bench-desktop" => bench_desktop::run_bench(),
        "ui" => tasks::build_ui().map(|_| ()),
        _ => {
            eprintln!("usage: cargo xtask <app|test|bench|bench-desktop|ui>");
            eprintln!(
                "  app    build and open the desktop app (CLI demo when there is no display)"
            );
            eprintln!("  test   install prerequisites, check formatting and lints, run every test");
            eprintln!(
                "  bench  run the benchmarks (store, offline AI pipeline, import/export, desktop)"
            );
            eprintln!(
                "  bench-desktop  the desktop app against a Tauri hello world (startup, memory, CPU, size)"
            );
            eprintln!("  ui     build the wasm UI into ui/dist");
            return if task == "help" || task == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
