//! Start-up marks: when the page's script began, when the wasm could run,
//! when the workspace's state arrived, when the list was put in the page
//! and when a frame showing it was painted, sent to the shell with
//! `ui_ready` (the start-up benchmark reports them).

use std::cell::Cell;

use jobforge_types::BootMarks;
use wasm_bindgen::JsValue;

use crate::ipc::property;

/// The global `main.js` sets to `performance.now()` on its first line.
const SCRIPT_MARK: &str = "__jobforgeScriptMark";

thread_local! {
    static MARKS: Cell<BootMarks> = Cell::new(BootMarks::default());
}

/// `performance.now()`, when the page has a clock.
fn now() -> Option<f64> {
    performance().and_then(|p| call_number(&p, "now"))
}

fn performance() -> Option<JsValue> {
    let performance = property(&js_sys::global().into(), "performance");
    (!performance.is_undefined()).then_some(performance)
}

fn call_number(target: &JsValue, method: &str) -> Option<f64> {
    let function: js_sys::Function =
        wasm_bindgen::JsCast::dyn_into(property(target, method)).ok()?;
    function.call0(target).ok()?.as_f64()
}

fn update(change: impl FnOnce(&mut BootMarks)) {
    MARKS.with(|marks| {
        let mut current = marks.get();
        change(&mut current);
        marks.set(current);
    });
}

/// The interface's first line ran (the wasm is compiled and instantiated).
#[cfg(target_arch = "wasm32")]
pub fn interface_started() {
    let at = now();
    update(|marks| marks.interface_ms = at);
}

/// The workspace's state reached the interface (the first time only).
pub fn workspace_answered() {
    let at = now();
    update(|marks| {
        if marks.workspace_ms.is_none() {
            marks.workspace_ms = at;
        }
    });
}

/// The application list was put in the page.
pub fn list_rendered() {
    let at = now();
    update(|marks| marks.rendered_ms = at);
}

/// The marks, with the first frame showing the list painted now.
pub fn list_painted() -> BootMarks {
    let at = now();
    let origin = performance()
        .map(|p| property(&p, "timeOrigin"))
        .and_then(|t| t.as_f64())
        .unwrap_or_default();
    let script = property(&js_sys::global().into(), SCRIPT_MARK).as_f64();
    update(|marks| {
        marks.painted_ms = at;
        marks.time_origin_unix_ms = origin;
        marks.script_ms = script;
    });
    MARKS.with(Cell::get)
}
