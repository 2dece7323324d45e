//! What the window shows, as functions of the [`Model`]. Every control
//! sends a [`Msg`]; nothing here decides anything.

mod dashboard;
mod detail;
mod new_app;
mod onboarding;
mod resumes;
mod settings;
mod sidebar;
mod transfer;
mod unlock;

use jobforge_types::ShellError;
use yew::html::Scope;
use yew::prelude::*;

use crate::app::App;
use crate::dom;
use crate::forms::FieldErrors;
use crate::model::{Boot, Model, Msg, View, guidance};

pub fn view(model: &Model, link: &Scope<App>) -> Html {
    let content = match &model.boot {
        Boot::Checking => html! {
            <main id="main" class="centered" aria-busy="true">
                <p class="status" role="status">{ "Opening your workspace…" }</p>
            </main>
        },
        Boot::Failed(error) => failure(error, link),
        Boot::Locked(form) => unlock::view(form, link),
        Boot::Open => layout(model, link),
    };
    html! {
        <>
            { banner(model.banner.as_ref(), link) }
            { content }
        </>
    }
}

fn layout(model: &Model, link: &Scope<App>) -> Html {
    let main = match model.view {
        View::Home if model.is_first_run() => onboarding::view(model, link),
        View::Home | View::Dashboard => dashboard::view(model),
        View::NewApplication => new_app::view(&model.new_app, link),
        View::Application(id) => detail::view(model, id, link),
        View::Resumes => resumes::view(model, link),
        View::Settings => settings::view(model, link),
    };
    html! {
        <div class="layout">
            { sidebar::view(model, link) }
            <main id="main">{ main }</main>
            { resumes::confirm_dialog(model, link) }
        </div>
    }
}

fn banner(error: Option<&ShellError>, link: &Scope<App>) -> Html {
    let Some(error) = error else {
        return html! {};
    };
    html! {
        <div id="error-banner" class="banner" role="alert">
            <p>{ error.message.clone() }</p>
            <button
                id="dismiss-error"
                type="button"
                aria-label="Dismiss this message"
                onclick={link.callback(|_| Msg::DismissBanner)}
            >
                { "Dismiss" }
            </button>
        </div>
    }
}

fn failure(error: &ShellError, link: &Scope<App>) -> Html {
    let g = guidance(error);
    html! {
        <main id="main" class="centered">
            <section class="card problem" role="alert" aria-labelledby="problem-title">
                <h1 id="problem-title">{ g.title }</h1>
                <p>{ g.detail }</p>
                if let Some(hint) = g.hint {
                    <p class="hint">{ hint }</p>
                }
                <button id="retry" type="button" onclick={link.callback(|_| Msg::Retry)}>
                    { "Try again" }
                </button>
            </section>
        </main>
    }
}

/// The inline message for one field (`.field-error[data-field]`), if any.
pub fn field_error(errors: &FieldErrors, field: &'static str) -> Html {
    match errors.get(field) {
        Some(message) => html! {
            <p class="field-error" data-field={field} id={error_id(field)} role="alert">
                { message.to_owned() }
            </p>
        },
        None => html! {},
    }
}

/// The id of a field's message, for `aria-describedby`.
pub fn error_id(field: &str) -> String {
    format!("error-{field}")
}

/// `aria-describedby` and `aria-invalid` values for a field.
pub fn described(errors: &FieldErrors, field: &str) -> (Option<String>, Option<&'static str>) {
    if errors.get(field).is_some() {
        (Some(error_id(field)), Some("true"))
    } else {
        (None, None)
    }
}

/// An `oninput` callback sending the control's new value.
pub fn on_input(
    link: &Scope<App>,
    to_msg: impl Fn(String) -> Msg + 'static,
) -> Callback<InputEvent> {
    link.callback(move |event: InputEvent| to_msg(dom::value(&event)))
}

/// An `onchange` callback sending the control's new value.
pub fn on_change(link: &Scope<App>, to_msg: impl Fn(String) -> Msg + 'static) -> Callback<Event> {
    link.callback(move |event: Event| to_msg(dom::value(&event)))
}

/// An `onsubmit` callback that keeps the page where it is.
pub fn on_submit(link: &Scope<App>, msg: impl Fn() -> Msg + 'static) -> Callback<SubmitEvent> {
    link.callback(move |event: SubmitEvent| {
        event.prevent_default();
        msg()
    })
}

/// An `onclick` callback.
pub fn on_click(link: &Scope<App>, msg: Msg) -> Callback<MouseEvent> {
    link.callback(move |_| msg.clone())
}

/// A link that opens in the system browser (or mail program), never in
/// the app's window.
pub fn external_link(url: &str, link: &Scope<App>) -> Html {
    let target = url.to_owned();
    let onclick = link.callback(move |event: MouseEvent| {
        event.prevent_default();
        Msg::OpenLink(target.clone())
    });
    html! {
        <a href={url.to_owned()} class="external" rel="noreferrer noopener" {onclick}>{ url.to_owned() }</a>
    }
}
