//! Calls into the desktop shell through `window.__TAURI__.core.invoke`
//! (the shell sets `withGlobalTauri`).

use jobforge_types::{ShellError, ShellErrorKind};
use serde::de::DeserializeOwned;

#[cfg(target_arch = "wasm32")]
mod tauri {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// Resolves with the command's answer; rejects with its error value,
        /// or with a JS error when there is no shell (a plain browser).
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
        pub async fn invoke(command: &str) -> Result<JsValue, JsValue>;
    }
}

/// Runs a shell command that takes no arguments.
#[cfg(target_arch = "wasm32")]
pub async fn call<T: DeserializeOwned>(command: &str) -> Result<T, ShellError> {
    match tauri::invoke(command).await {
        Ok(answer) => serde_wasm_bindgen::from_value(answer).map_err(|e| {
            internal(format!(
                "the answer to `{command}` was not understood ({e}); the app may be half updated"
            ))
        }),
        Err(error) => match serde_wasm_bindgen::from_value::<ShellError>(error.clone()) {
            Ok(shell_error) => Err(shell_error),
            Err(_) => Err(internal(format!(
                "`{command}` could not be run ({}); start Job Forge from its desktop app, not from a browser",
                error.as_string().unwrap_or_else(|| format!("{error:?}"))
            ))),
        },
    }
}

/// Off wasm there is no shell to call; this keeps the UI compiling (and its
/// logic testable) on the host.
#[cfg(not(target_arch = "wasm32"))]
pub async fn call<T: DeserializeOwned>(command: &str) -> Result<T, ShellError> {
    Err(internal(format!(
        "`{command}` can only be run inside the Job Forge desktop app"
    )))
}

fn internal(message: String) -> ShellError {
    ShellError {
        kind: ShellErrorKind::Internal,
        message,
        fields: Vec::new(),
    }
}
