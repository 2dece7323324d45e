//! Runs tauri-build against the one `tauri.conf.json`, which lives at the
//! repository root, and generates the application context there and then
//! (the `codegen` feature), so that `src/main.rs` includes it with
//! `tauri::tauri_build_context!()` and a rebuilt `ui/dist` is picked up.

/// Commands the UI may call. Listing them makes app commands deny-by-default:
/// each one must also be granted in `capabilities/` (as `allow-<name>`, with
/// dashes).
const COMMANDS: &[&str] = &[
    "unlock_state",
    "unlock",
    "workspace_overview",
    "load_sample_data",
    "list_applications",
    "create_application",
    "application_detail",
    "update_application",
    "set_status",
    "delete_application",
    "run_phases",
    "cancel_run",
    "download_model",
    "cancel_model_download",
    "save_document",
    "document_versions",
    "restore_version",
    "accept_flag",
    "list_resumes",
    "add_resume",
    "update_resume",
    "set_primary_resume",
    "delete_resume",
    "settings",
    "set_ai_settings",
    "set_api_key",
    "delete_api_key",
    "test_connection",
    "set_profile",
    "add_writing_sample",
    "delete_writing_sample",
    "search",
    "similar_applications",
    "match_resumes",
    "index_status",
    "cancel_reindex",
    "dashboard",
    "read_text_file",
    "ui_ready",
    "preview_resume_import",
    "import_resume",
    "capture_job",
    "suggest_export_name",
    "export_document",
    "export_resume",
];

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
