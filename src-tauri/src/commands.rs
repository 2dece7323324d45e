//! The Tauri commands: thin wrappers that run [`Shell`] work off the main
//! thread (unlocking derives a key and opens SQLCipher).

use jobforge_core::types::{ShellError, ShellErrorKind, WorkspaceOverview};
use tauri::{AppHandle, Manager};

use crate::shell::Shell;

#[tauri::command]
pub async fn workspace_overview(app: AppHandle) -> Result<WorkspaceOverview, ShellError> {
    off_main_thread(app, Shell::overview).await
}

#[tauri::command]
pub async fn load_sample_data(app: AppHandle) -> Result<WorkspaceOverview, ShellError> {
    off_main_thread(app, Shell::load_sample_data).await
}

async fn off_main_thread<T: Send + 'static>(
    app: AppHandle,
    work: fn(&Shell) -> Result<T, ShellError>,
) -> Result<T, ShellError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<Shell>()))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "a command stopped unexpectedly");
            Err(ShellError {
                kind: ShellErrorKind::Internal,
                message: "The command stopped unexpectedly; see the log for details.".to_owned(),
                fields: Vec::new(),
            })
        })
}
