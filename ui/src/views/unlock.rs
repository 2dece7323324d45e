use yew::html::Scope;
use yew::prelude::*;

use super::{on_input, on_submit};
use crate::app::App;
use crate::model::Msg;
use crate::unlock::UnlockForm;

pub fn view(form: &UnlockForm, link: &Scope<App>) -> Html {
    let (title, intro, button) = if form.new {
        (
            "Choose a passphrase",
            "Job Forge keeps your applications in an encrypted file. Choose the passphrase that \
             unlocks it; it cannot be recovered if you lose it.",
            "Create my workspace",
        )
    } else {
        (
            "Unlock Job Forge",
            "Your workspace is encrypted. Type your passphrase to open it.",
            "Unlock",
        )
    };
    let hint = form.strength_hint();
    let described = if form.new {
        "unlock-error passphrase-strength"
    } else {
        "unlock-error"
    };
    html! {
        <main id="main" class="centered">
            <form
                id="unlock-view"
                class="card unlock"
                aria-labelledby="unlock-title"
                onsubmit={on_submit(link, || Msg::UnlockSubmit)}
            >
                <h1 id="unlock-title">{ title }</h1>
                <p>{ intro }</p>
                <label for="passphrase">{ "Passphrase" }</label>
                <input
                    id="passphrase"
                    type="password"
                    autocomplete={if form.new { "new-password" } else { "current-password" }}
                    value={form.passphrase.clone()}
                    aria-describedby={described}
                    aria-invalid={form.error.as_ref().map(|_| "true")}
                    oninput={on_input(link, Msg::PassphraseInput)}
                />
                if form.new {
                    <p id="passphrase-strength" class="hint" aria-live="polite">
                        { hint.unwrap_or("Four or more random words make a strong passphrase.") }
                    </p>
                    <label for="passphrase-confirm">{ "Type it again" }</label>
                    <input
                        id="passphrase-confirm"
                        type="password"
                        autocomplete="new-password"
                        value={form.confirm.clone()}
                        aria-describedby="unlock-error"
                        oninput={on_input(link, Msg::ConfirmInput)}
                    />
                }
                if let Some(error) = &form.error {
                    <p id="unlock-error" class="form-error" role="alert">{ error.clone() }</p>
                }
                <button id="unlock-button" type="submit" class="primary" disabled={form.busy}>
                    { if form.busy { "Unlocking…" } else { button } }
                </button>
            </form>
        </main>
    }
}
