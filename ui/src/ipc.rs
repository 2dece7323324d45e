//! The bridge to the desktop shell, through the globals Tauri installs with
//! `withGlobalTauri`: `window.__TAURI__.core.invoke` for commands,
//! `.event.listen` for events, and the dialog and opener plugins.
//!
//! Every failure comes back as a [`ShellError`]: the shell's own, or one
//! made here with a sentence for people (never a `Debug` dump).

use std::cell::RefCell;
use std::rc::Rc;

use jobforge_types::{ShellError, ShellErrorKind};
use js_sys::{Function, Promise, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The shell's command names. The contract (`jobforge_types::shell`) names
/// the request and answer types; these names follow its doc comments.
pub mod cmd {
    pub const UNLOCK_STATE: &str = "unlock_state";
    pub const UNLOCK: &str = "unlock";
    pub const WORKSPACE_OVERVIEW: &str = "workspace_overview";
    pub const LOAD_SAMPLE_DATA: &str = "load_sample_data";
    pub const CREATE_APPLICATION: &str = "create_application";
    pub const APPLICATION_DETAIL: &str = "application_detail";
    pub const UPDATE_APPLICATION: &str = "update_application";
    pub const SET_STATUS: &str = "set_status";
    pub const RUN_PHASES: &str = "run_phases";
    pub const CANCEL_RUN: &str = "cancel_run";
    pub const SAVE_DOCUMENT: &str = "save_document";
    pub const DOCUMENT_VERSIONS: &str = "document_versions";
    pub const RESTORE_VERSION: &str = "restore_version";
    pub const ACCEPT_FLAG: &str = "accept_flag";
    pub const LIST_RESUMES: &str = "list_resumes";
    pub const ADD_RESUME: &str = "add_resume";
    pub const UPDATE_RESUME: &str = "update_resume";
    pub const DELETE_RESUME: &str = "delete_resume";
    pub const SET_PRIMARY_RESUME: &str = "set_primary_resume";
    pub const READ_TEXT_FILE: &str = "read_text_file";
    pub const SETTINGS: &str = "settings";
    pub const SET_AI_SETTINGS: &str = "set_ai_settings";
    pub const SET_API_KEY: &str = "set_api_key";
    pub const DELETE_API_KEY: &str = "delete_api_key";
    pub const TEST_CONNECTION: &str = "test_connection";
    pub const SET_PROFILE: &str = "set_profile";
    pub const ADD_WRITING_SAMPLE: &str = "add_writing_sample";
    pub const DELETE_WRITING_SAMPLE: &str = "delete_writing_sample";
    pub const SEARCH: &str = "search";
    pub const SIMILAR_APPLICATIONS: &str = "similar_applications";
    pub const MATCH_RESUMES: &str = "match_resumes";
    pub const INDEX_STATUS: &str = "index_status";
    pub const CANCEL_REINDEX: &str = "cancel_reindex";
    pub const DOWNLOAD_MODEL: &str = "download_model";
    pub const CANCEL_MODEL_DOWNLOAD: &str = "cancel_model_download";
    pub const DASHBOARD: &str = "dashboard";
    pub const UI_READY: &str = "ui_ready";
    pub const PREVIEW_RESUME_IMPORT: &str = "preview_resume_import";
    pub const IMPORT_RESUME: &str = "import_resume";
    pub const CAPTURE_JOB: &str = "capture_job";
    pub const SUGGEST_EXPORT_NAME: &str = "suggest_export_name";
    pub const EXPORT_DOCUMENT: &str = "export_document";
    pub const EXPORT_RESUME: &str = "export_resume";
}

/// The start of the message of an error made here for a command or plugin
/// the shell does not have (see `model::is_unavailable`).
pub const UNAVAILABLE: &str = "Not available in this version of the desktop app";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn tauri_invoke(command: &str, args: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    fn tauri_listen(event: &str, handler: &Function) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "dialog"], js_name = open, catch)]
    fn tauri_dialog_open(options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "dialog"], js_name = save, catch)]
    fn tauri_dialog_save(options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "opener"], js_name = openUrl, catch)]
    fn tauri_open_url(url: &str) -> Result<Promise, JsValue>;
}

/// Runs a command that takes no argument.
pub async fn call<Res: DeserializeOwned>(command: &str) -> Result<Res, ShellError> {
    decode(command, call_raw(command).await?)
}

/// Runs a command with its one argument, `request` on the JS side.
///
/// Fields that are `None` are left out of the request (serde-wasm-bindgen
/// turns them into `undefined`, which the IPC's JSON drops), so partial
/// updates such as `ApplicationUpdate` leave unset fields alone. A request
/// that is itself `None` (`RunRef`) travels as `null`.
pub async fn call_with<Req: Serialize + ?Sized, Res: DeserializeOwned>(
    command: &str,
    request: &Req,
) -> Result<Res, ShellError> {
    decode(command, call_with_raw(command, request).await?)
}

/// [`call`], answering with the JS value, for answers read piece by piece.
pub async fn call_raw(command: &str) -> Result<JsValue, ShellError> {
    invoke(command, &JsValue::UNDEFINED).await
}

/// [`call_with`], answering with the JS value.
pub async fn call_with_raw<Req: Serialize + ?Sized>(
    command: &str,
    request: &Req,
) -> Result<JsValue, ShellError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let request = request.serialize(&serializer).map_err(|e| {
        internal(format!(
            "The request for `{command}` could not be prepared ({e})."
        ))
    })?;
    let request = if request.is_undefined() {
        JsValue::NULL
    } else {
        request
    };
    let args = js_sys::Object::new();
    Reflect::set(&args, &JsValue::from_str("request"), &request).map_err(|_| {
        internal(format!(
            "The request for `{command}` could not be prepared."
        ))
    })?;
    invoke(command, &args.into()).await
}

/// `unlock_state`'s answer: the call `main.js` made while the wasm was
/// compiling, the first time; a fresh call after that (a retry).
pub async fn unlock_state_raw() -> Result<JsValue, ShellError> {
    const EARLY: &str = "__jobforgeEarlyUnlockState";
    let window: JsValue = js_sys::global().into();
    let key = JsValue::from_str(EARLY);
    let early = Reflect::get(&window, &key).unwrap_or(JsValue::UNDEFINED);
    if let Ok(promise) = early.dyn_into::<Promise>() {
        let target: js_sys::Object = window.unchecked_into();
        let _ = Reflect::delete_property(&target, &key);
        return JsFuture::from(promise)
            .await
            .map_err(|error| rejection(cmd::UNLOCK_STATE, error));
    }
    call_raw(cmd::UNLOCK_STATE).await
}

async fn invoke(command: &str, args: &JsValue) -> Result<JsValue, ShellError> {
    let promise = tauri_invoke(command, args).map_err(|_| no_shell())?;
    JsFuture::from(promise)
        .await
        .map_err(|error| rejection(command, error))
}

/// Reads an answer as `T`.
pub fn decode<T: DeserializeOwned>(command: &str, answer: JsValue) -> Result<T, ShellError> {
    serde_wasm_bindgen::from_value(answer).map_err(|e| {
        internal(format!(
            "The answer to `{command}` was not understood ({e}); the app may be half updated."
        ))
    })
}

/// A property of a JS object (`undefined` when missing).
pub fn property(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A rejected command: the shell's `ShellError`, or Tauri's own message.
fn rejection(command: &str, error: JsValue) -> ShellError {
    if let Ok(shell_error) = serde_wasm_bindgen::from_value::<ShellError>(error.clone()) {
        return shell_error;
    }
    let text = js_text(&error);
    if is_missing_command(&text) {
        unavailable(command)
    } else {
        internal(format!("`{command}` failed: {text}"))
    }
}

/// The text of a thrown value: a string, or an `Error`'s message.
fn js_text(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    "an unknown error".to_owned()
}

/// Whether Tauri refused a command because it does not exist or is not
/// allowed ("command x not found", "x not allowed by ACL").
pub fn is_missing_command(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("not found") || lower.contains("not allowed")
}

fn no_shell() -> ShellError {
    internal(
        "The desktop shell is not reachable; start Job Forge from its desktop app, not from a browser."
            .to_owned(),
    )
}

fn unavailable(what: &str) -> ShellError {
    internal(format!("{UNAVAILABLE}: `{what}`."))
}

fn internal(message: String) -> ShellError {
    ShellError {
        kind: ShellErrorKind::Internal,
        message,
        fields: Vec::new(),
    }
}

/// A subscription to a shell event; dropping it unsubscribes.
pub struct Listener {
    handler: Option<Closure<dyn FnMut(JsValue)>>,
    unlisten: Rc<RefCell<Option<Function>>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        match self.unlisten.borrow_mut().take() {
            Some(unlisten) => {
                let _ = unlisten.call0(&JsValue::NULL);
            }
            // Not subscribed yet: the shell may still call the handler,
            // so it must outlive this value.
            None => {
                if let Some(handler) = self.handler.take() {
                    handler.forget();
                }
            }
        }
    }
}

/// Calls `on_event` with each payload of `event`, read as `T`.
pub fn listen<T: DeserializeOwned + 'static>(
    event: &str,
    on_event: impl Fn(Result<T, ShellError>) + 'static,
) -> Listener {
    let name = event.to_owned();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload =
            Reflect::get(&event, &JsValue::from_str("payload")).unwrap_or(JsValue::UNDEFINED);
        on_event(serde_wasm_bindgen::from_value(payload).map_err(|e| {
            internal(format!(
                "A `{name}` event was not understood ({e}); the app may be half updated."
            ))
        }));
    });
    let unlisten = Rc::new(RefCell::new(None));
    if let Ok(promise) = tauri_listen(event, handler.as_ref().unchecked_ref()) {
        let slot = Rc::clone(&unlisten);
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(function) = JsFuture::from(promise).await
                && let Ok(function) = function.dyn_into::<Function>()
            {
                *slot.borrow_mut() = Some(function);
            }
        });
    }
    Listener {
        handler: Some(handler),
        unlisten,
    }
}

#[derive(Serialize)]
struct DialogFilter<'a> {
    name: &'a str,
    extensions: &'a [&'a str],
}

#[derive(Serialize)]
struct DialogOptions<'a> {
    multiple: bool,
    directory: bool,
    title: &'a str,
    filters: [DialogFilter<'a>; 1],
}

/// The save dialog's options, as the dialog plugin names them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SaveOptions<'a> {
    title: &'a str,
    /// A bare file name: the dialog proposes it in its last folder.
    default_path: &'a str,
    filters: [DialogFilter<'a>; 1],
}

/// Asks for one file of the given kinds; `None` when cancelled. The dialog
/// adds the file to what the shell may read.
pub async fn pick_file(
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<String>, ShellError> {
    let options = DialogOptions {
        multiple: false,
        directory: false,
        title,
        filters: [DialogFilter {
            name: filter,
            extensions,
        }],
    };
    let options = serde_wasm_bindgen::to_value(&options)
        .map_err(|e| internal(format!("The file dialog could not be prepared ({e}).")))?;
    let promise = tauri_dialog_open(&options).map_err(|_| unavailable("dialog"))?;
    let picked = JsFuture::from(promise)
        .await
        .map_err(|e| rejection("dialog", e))?;
    if picked.is_null() || picked.is_undefined() {
        return Ok(None);
    }
    if let Some(path) = picked.as_string() {
        return Ok(Some(path));
    }
    // Some plugin versions answer with a list, even for one file.
    let paths: Vec<String> = serde_wasm_bindgen::from_value(picked).map_err(|e| {
        internal(format!(
            "The file dialog's answer was not understood ({e})."
        ))
    })?;
    Ok(paths.into_iter().next())
}

/// Asks where to save a file, proposing `suggested`; `None` when
/// cancelled. The dialog adds the chosen path to what the shell may write.
pub async fn pick_save_path(
    title: &str,
    suggested: &str,
    filter: &str,
    extension: &str,
) -> Result<Option<String>, ShellError> {
    let extensions = [extension];
    let options = SaveOptions {
        title,
        default_path: suggested,
        filters: [DialogFilter {
            name: filter,
            extensions: &extensions,
        }],
    };
    let options = serde_wasm_bindgen::to_value(&options)
        .map_err(|e| internal(format!("The save dialog could not be prepared ({e}).")))?;
    let promise = tauri_dialog_save(&options).map_err(|_| unavailable("dialog"))?;
    let picked = JsFuture::from(promise)
        .await
        .map_err(|e| rejection("dialog", e))?;
    if picked.is_null() || picked.is_undefined() {
        return Ok(None);
    }
    picked
        .as_string()
        .map(Some)
        .ok_or_else(|| internal("The save dialog's answer was not understood.".to_owned()))
}

/// Opens an http(s) or mailto link with the system's handler.
pub async fn open_url(url: &str) -> Result<(), ShellError> {
    let promise = tauri_open_url(url).map_err(|_| unavailable("opener"))?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| rejection("opener", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tauri_refusals_of_unknown_commands_are_recognised() {
        assert!(is_missing_command("command read_text_file not found"));
        assert!(is_missing_command(
            "Command plugin:dialog|open not allowed by ACL"
        ));
        assert!(!is_missing_command("the disk is full"));
        assert!(
            unavailable("read_text_file")
                .message
                .starts_with(UNAVAILABLE)
        );
    }
}
