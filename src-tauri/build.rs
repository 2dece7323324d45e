//! Runs tauri-build against the one `tauri.conf.json`, which lives at the
//! repository root, and generates the application context there and then
//! (the `codegen` feature), so that `src/main.rs` includes it with
//! `tauri::tauri_build_context!()` and a rebuilt `ui/dist` is picked up.

/// Commands the UI may call. Listing them makes app commands deny-by-default:
/// each one must also be granted in `capabilities/`.
const COMMANDS: &[&str] = &["workspace_overview", "load_sample_data"];

fn main() {
    let attributes = tauri_build::Attributes::new()
        // Relative to this crate's directory. Paths inside the config
        // (frontendDist, icons) are relative to the config file.
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS))
        .codegen(tauri_build::CodegenContext::new());
    if let Err(error) = tauri_build::try_build(attributes) {
        // `{:#}` shows the whole chain, e.g. a missing ui/dist.
        println!("cargo:warning=tauri-build failed: {error:#}");
        if !std::path::Path::new("../ui/dist/index.html").exists() {
            println!("cargo:warning=build the UI into ui/dist first (see ui/README.md)");
        }
        std::process::exit(1);
    }
}
