//! Job Forge's user interface: a Yew app compiled to `wasm32-unknown-unknown`
//! and shown by the desktop shell, which it talks to through Tauri commands
//! and events.
//!
//! The state logic is plain Rust, tested on the host: [`model`] (every
//! message and what it changes), [`pipeline`] (streamed run output),
//! [`detail`] (the application view and its document editor), [`forms`]
//! and [`unlock`] and [`settings`] (form drafts and validation with the
//! rules of `jobforge_types`), [`transfer`] (resume import, posting
//! capture and export), [`markdown`] (the sanitised preview), [`keys`] and
//! [`format`]. The components in `views` only draw the model;
//! `app` runs the effects the model asks for; `ipc` and `dom` are the
//! browser bridges.

mod app;
mod boot;
pub mod detail;
mod dom;
pub mod format;
pub mod forms;
mod ipc;
pub mod keys;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod settings;
pub mod transfer;
pub mod unlock;
mod views;

pub use app::App;

/// Mounts the app into the page's `<body>`; wasm-bindgen runs it once the
/// module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    boot::interface_started();
    yew::Renderer::<App>::new().render();
}
