//! Small browser helpers for the views: reading form controls, moving the
//! focus, the document-wide key listener, links in the preview.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    KeyboardEvent,
};

/// The value of the input, text area or select an event came from.
pub fn value(event: &Event) -> String {
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// Whether the checkbox an event came from is checked.
pub fn checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

/// Moves the keyboard focus to the element with `id`, if it is there.
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Runs `then` once the browser has painted the next frame: a timer set
/// from an animation-frame callback (which runs just before the paint)
/// fires after it.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let after_paint = Closure::once_into_js(then);
    let before_paint = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(before_paint.unchecked_ref());
}

/// The `href` of the link a click landed in, if any.
pub fn clicked_link(event: &Event) -> Option<String> {
    let element = event.target()?.dyn_into::<Element>().ok()?;
    let link = element.closest("a[href]").ok()??;
    link.get_attribute("href")
}

/// A `keydown` listener on the document; dropping it removes it.
pub struct KeyListener {
    document: web_sys::Document,
    closure: Closure<dyn FnMut(KeyboardEvent)>,
}

impl KeyListener {
    pub fn new(on_key: impl FnMut(KeyboardEvent) + 'static) -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(on_key);
        document
            .add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(Self { document, closure })
    }
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        let _ = self
            .document
            .remove_event_listener_with_callback("keydown", self.closure.as_ref().unchecked_ref());
    }
}
