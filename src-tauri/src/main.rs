//! Job Forge's desktop app: a Tauri 2 window showing the wasm UI (`ui/`),
//! with thin commands over `jobforge-core`.
//!
//! `--data-dir DIR` (or `JOBFORGE_DATA_DIR`), `JOBFORGE_KEY_STORE` and
//! `JOBFORGE_PASSPHRASE` mean what they mean to the `jobforge` CLI.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod shell;

use tauri::Manager;
use tauri_plugin_fs::FsExt;
use tauri_plugin_window_state::StateFlags;
use tracing_subscriber::EnvFilter;

/// How long indexing waits for the window at most (see `main`).
const INDEXING_HELD_AT_MOST: std::time::Duration = std::time::Duration::from_secs(10);

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("warn,jobforge=info,jobforge_desktop=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    tracing::debug!("starting");

    let shell = shell::Shell::new(shell::ShellConfig::from_env());
    // The index catches up once the window shows the list (`ui_ready`), not
    // while the window starts on two cores; at the latest after
    // INDEXING_HELD_AT_MOST, should the page never say so (a window
    // hidden before its first frame gets no animation frames).
    shell.hold_indexing_until_window_ready();
    let picked = shell::PickedFiles::default();
    // The context is code Tauri generates from tauri.conf.json at build time;
    // its `unwrap()`s parse constants checked by the build, not user input.
    #[allow(clippy::unwrap_used)]
    let context = tauri::tauri_build_context!();
    let result = tauri::Builder::default()
        // First: a second launch hands over to the running app and exits
        // before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main_window(app);
        }))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // Only for its scope: the open and save dialogs add the files the
        // user picks to it. The page is granted none of its commands.
        .plugin(tauri_plugin_fs::init())
        .manage(shell)
        .manage(picked.clone())
        .setup(move |app| {
            tracing::debug!("plugins ready; opening the workspace while the window loads");
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("open-workspace".into())
                .spawn(move || handle.state::<shell::Shell>().open_early())?;
            commands::forward_index_status(app.handle());
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("release-indexing".into())
                .spawn(move || {
                    std::thread::sleep(INDEXING_HELD_AT_MOST);
                    handle.state::<shell::Shell>().window_ready();
                })?;
            match app.try_fs_scope() {
                Some(scope) => commands::follow_picks(&picked, &scope),
                None => tracing::warn!("no file scope; picked files cannot be read"),
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::unlock_state,
            commands::unlock,
            commands::workspace_overview,
            commands::load_sample_data,
            commands::list_applications,
            commands::create_application,
            commands::application_detail,
            commands::update_application,
            commands::set_status,
            commands::delete_application,
            commands::run_phases,
            commands::cancel_run,
            commands::download_model,
            commands::cancel_model_download,
            commands::save_document,
            commands::document_versions,
            commands::restore_version,
            commands::accept_flag,
            commands::list_resumes,
            commands::add_resume,
            commands::update_resume,
            commands::set_primary_resume,
            commands::delete_resume,
            commands::settings,
            commands::set_ai_settings,
            commands::set_api_key,
            commands::delete_api_key,
            commands::test_connection,
            commands::set_profile,
            commands::add_writing_sample,
            commands::delete_writing_sample,
            commands::search,
            commands::similar_applications,
            commands::match_resumes,
            commands::index_status,
            commands::cancel_reindex,
            commands::dashboard,
            commands::read_text_file,
            commands::ui_ready,
            commands::preview_resume_import,
            commands::import_resume,
            commands::capture_job,
            commands::suggest_export_name,
            commands::export_document,
            commands::export_resume,
        ])
        .build(context);
    match result {
        // `run` ends the process when the last window closes; before that,
        // the shell stops its background work and closes the database.
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<shell::Shell>().shut_down();
            }
        }),
        Err(error) => {
            eprintln!("Job Forge could not start its window: {error}");
            std::process::exit(1);
        }
    }
}

fn focus_main_window(app: &tauri::AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    // Each step may fail on some desktops; the next still helps.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
}
