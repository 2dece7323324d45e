//! A bare Tauri 2 hello-world window: the baseline Job Forge's desktop app
//! is measured against (`cargo xtask bench-desktop`). Its page calls
//! `ready` once loaded and painted; with `JOBFORGE_BENCH_READY` set that
//! prints its marks and `jobforge-ready` on stdout, as Job Forge's
//! `ui_ready` does.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write as _;

/// The page is on screen: prints its marks (`jobforge-boot …`, the same
/// line Job Forge's `ui_ready` prints) and `jobforge-ready`, once.
#[tauri::command]
fn ready(origin: Option<f64>, script: Option<f64>, painted: Option<f64>) {
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    ANNOUNCED.call_once(|| {
        if std::env::var_os("JOBFORGE_BENCH_READY").is_some() {
            let ms = |mark: Option<f64>| mark.map_or_else(|| "-".to_owned(), |m| format!("{m:.0}"));
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "jobforge-boot origin={:.0} script={} painted={}",
                origin.unwrap_or_default(),
                ms(script),
                ms(painted)
            );
            let _ = writeln!(out, "jobforge-ready");
            let _ = out.flush();
        }
    });
}

fn main() {
    // Generated from tauri.conf.json at build time; its `unwrap()`s parse
    // constants the build has checked.
    #[allow(clippy::unwrap_used)]
    let context = tauri::tauri_build_context!();
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(context);
    if let Err(error) = result {
        eprintln!("tauri-hello could not start its window: {error}");
        std::process::exit(1);
    }
}
