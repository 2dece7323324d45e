//! Job Forge's user interface: a Yew app compiled to `wasm32-unknown-unknown`
//! and shown by the desktop shell, which it talks to through Tauri commands.
//!
//! The state logic lives in [`model`] as plain functions, tested on the host;
//! only the bridge to the shell is wasm-specific.

mod app;
mod ipc;
pub mod model;

pub use app::App;

/// Mounts the app into the page's `<body>`; wasm-bindgen runs it once the
/// module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<App>::new().render();
}
