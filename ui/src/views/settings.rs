use jobforge_types::{EmbedderKind, EngineKind};
use yew::html::Scope;
use yew::prelude::*;

use super::{described, field_error, on_change, on_click, on_input, on_submit};
use crate::app::App;
use crate::format::{day, engine_label, machine_time};
use crate::forms::ui_field;
use crate::model::{Model, Msg};
use crate::settings::{Connection, DownloadStage, ModelDownload, SettingsState, download_label};

pub fn view(model: &Model, link: &Scope<App>) -> Html {
    let Some(state) = &model.settings else {
        return html! {
            <section id="settings-view" aria-busy="true">
                <h1>{ "Settings" }</h1>
                <p class="status" role="status">{ "Loading settings…" }</p>
            </section>
        };
    };
    html! {
        <section id="settings-view" aria-labelledby="settings-title">
            <h1 id="settings-title">{ "Settings" }</h1>
            if let Some(notice) = &state.notice {
                <p id="settings-notice" class="notice" role="status">{ notice.clone() }</p>
            }
            { engine(state, link) }
            if state.uses_key() {
                { key(state, link) }
            }
            { search_settings(state, link) }
            { profile(state, link) }
            { samples(state, link) }
            <section class="card" aria-labelledby="data-title">
                <h2 id="data-title">{ "Your data" }</h2>
                <label for="data-dir">{ "Data folder (encrypted)" }</label>
                <input id="data-dir" type="text" readonly=true value={state.loaded.data_dir.clone()} />
            </section>
        </section>
    }
}

fn engine(state: &SettingsState, link: &Scope<App>) -> Html {
    let on_engine = on_change(link, |v| Msg::EngineChanged(v.parse().unwrap_or_default()));
    let (model_by, model_invalid) = described(&state.ai_errors, "model");
    let (url_by, url_invalid) = described(&state.ai_errors, "base_url");
    html! {
        <form id="ai-form" class="card form" aria-labelledby="engine-title" onsubmit={on_submit(link, || Msg::SaveAi)}>
            <h2 id="engine-title">{ "Writing engine" }</h2>
            <div class="field">
                <label for="engine-select">{ "Engine" }</label>
                <select id="engine-select" onchange={on_engine}>
                    { for EngineKind::ALL.iter().map(|e| html! {
                        <option value={e.as_str()} selected={*e == state.engine}>{ engine_label(*e) }</option>
                    }) }
                </select>
                if state.engine == EngineKind::Offline {
                    <p class="hint">{ "Built in: no key, no network. It only reuses your own lines and facts." }</p>
                }
            </div>
            if state.engine != EngineKind::Offline {
                <div class="field">
                    <label for="model">{ "Model" }<span class="optional">{ " (blank: the default)" }</span></label>
                    <input id="model" type="text" value={state.model.clone()} autocomplete="off" spellcheck="false"
                        aria-describedby={model_by} aria-invalid={model_invalid}
                        oninput={on_input(link, Msg::ModelInput)} />
                    { field_error(&state.ai_errors, "model") }
                </div>
            }
            if state.shows_base_url() {
                <div class="field">
                    <label for="base-url">{ "Base URL" }</label>
                    <input id="base-url" type="url" value={state.base_url.clone()} autocomplete="off" spellcheck="false"
                        placeholder="http://localhost:11434/v1"
                        aria-describedby={url_by} aria-invalid={url_invalid}
                        oninput={on_input(link, Msg::BaseUrlInput)} />
                    { field_error(&state.ai_errors, "base_url") }
                </div>
            }
            <div class="actions">
                <button id="save-settings" type="submit" class="primary">{ "Save engine settings" }</button>
            </div>
        </form>
    }
}

fn search_settings(state: &SettingsState, link: &Scope<App>) -> Html {
    let on_embedder = on_change(link, |v| {
        Msg::EmbedderChanged(v.parse().unwrap_or_default())
    });
    html! {
        <form id="search-form" class="card form" aria-labelledby="search-settings-title"
            onsubmit={on_submit(link, || Msg::SaveEmbedding)}>
            <h2 id="search-settings-title">{ "Search and matching" }</h2>
            <div class="field">
                <label for="embedder-select">{ "Meaning model" }</label>
                <select id="embedder-select" onchange={on_embedder}>
                    <option value="builtin" selected={state.embedder == EmbedderKind::Builtin}>
                        { "Built-in (no download)" }
                    </option>
                    <option value="minilm" selected={state.embedder == EmbedderKind::MiniLm}>
                        { "all-MiniLM-L6-v2 (on this computer)" }
                    </option>
                    <option value="provider" selected={state.embedder == EmbedderKind::Provider}>
                        { "A provider's embeddings (OpenAI, Ollama, …)" }
                    </option>
                </select>
            </div>
            if state.embedder == EmbedderKind::MiniLm {
                <div class="field">
                    <label for="minilm-dir">{ "Model folder" }<span class="optional">{ " (blank: models/all-MiniLM-L6-v2 in your data folder)" }</span></label>
                    <input id="minilm-dir" type="text" value={state.minilm_dir.clone()} autocomplete="off" spellcheck="false"
                        oninput={on_input(link, Msg::MiniLmDirInput)} />
                    <p class="hint">{ "The folder holds config.json, vocab.txt and model.safetensors." }</p>
                </div>
            }
            if state.shows_download() {
                { model_download(state.download.as_ref(), link) }
            }
            if state.embedder == EmbedderKind::Provider {
                <div class="field">
                    <label for="embedding-engine">{ "Provider" }</label>
                    <select id="embedding-engine" onchange={on_change(link, |v| Msg::EmbeddingEngineChanged(v.parse().unwrap_or(EngineKind::OpenAiCompatible)))}>
                        <option value="openai_compatible" selected={state.provider_engine == EngineKind::OpenAiCompatible}>
                            { engine_label(EngineKind::OpenAiCompatible) }
                        </option>
                        <option value="openai" selected={state.provider_engine == EngineKind::OpenAi}>
                            { engine_label(EngineKind::OpenAi) }
                        </option>
                    </select>
                    <p class="hint">{ "Uses that engine's base URL and API key from the Writing engine settings." }</p>
                </div>
                <div class="field">
                    <label for="embedding-model">{ "Embedding model" }<span class="optional">{ " (blank: text-embedding-3-small or nomic-embed-text)" }</span></label>
                    <input id="embedding-model" type="text" value={state.provider_model.clone()} autocomplete="off" spellcheck="false"
                        oninput={on_input(link, Msg::EmbeddingModelInput)} />
                </div>
            }
            <div id="index-status" role="status">
                { for state.index_summary().into_iter().map(|line| html! { <p>{ line }</p> }) }
                if let Some(problem) = state.index.as_ref().and_then(|s| s.problem.clone()) {
                    <p class="form-error">{ problem }</p>
                }
            </div>
            <div class="actions">
                <button id="save-search-settings" type="submit" class="primary">{ "Save search settings" }</button>
                <button id="refresh-index" type="button" onclick={on_click(link, Msg::RefreshIndex)}>{ "Refresh" }</button>
                if state.rebuilding() {
                    <button id="cancel-reindex" type="button" class="danger" onclick={on_click(link, Msg::CancelReindex)}>
                        { "Cancel re-indexing" }
                    </button>
                }
            </div>
        </form>
    }
}

/// The download button, then the progress with Cancel, then what stopped it
/// with a button that continues.
fn model_download(download: Option<&ModelDownload>, link: &Scope<App>) -> Html {
    let hint = html! {
        <p id="download-hint" class="hint">
            { "From Hugging Face into the saved model folder (blank: models/all-MiniLM-L6-v2 in your data folder), each file checked before it is used. Then search uses it." }
        </p>
    };
    let Some(download) = download else {
        return html! {
            <div class="field" id="model-download">
                <button id="download-model" type="button" aria-describedby="download-hint"
                    onclick={on_click(link, Msg::DownloadModel)}>
                    { download_label() }
                </button>
                { hint }
            </div>
        };
    };
    let amount = download.amount();
    if download.is_running() {
        let cancelling = download.stage == DownloadStage::Cancelling;
        return html! {
            <div class="field" id="model-download" aria-busy="true">
                <label for="download-progress">{ "Downloading all-MiniLM-L6-v2" }</label>
                <progress id="download-progress" max={download.total_bytes.to_string()}
                    value={download.done_bytes.to_string()} aria-valuetext={amount.clone()}>
                    { amount.clone() }
                </progress>
                <p id="download-amount">{ amount }</p>
                <div class="actions">
                    <button id="cancel-download" type="button" class="danger" disabled={cancelling}
                        onclick={on_click(link, Msg::CancelModelDownload)}>
                        { if cancelling { "Cancelling…" } else { "Cancel" } }
                    </button>
                </div>
            </div>
        };
    }
    let (message, again) = match &download.stage {
        DownloadStage::Failed(message) => (
            html! { <p id="download-error" class="form-error" role="alert">{ message.clone() }</p> },
            "Try again",
        ),
        _ => (
            html! {
                <p id="download-error" class="hint" role="status">
                    { "Download cancelled. What arrived is kept, so downloading again continues from there." }
                </p>
            },
            "Continue the download",
        ),
    };
    html! {
        <div class="field" id="model-download">
            { message }
            if download.done_bytes > 0 {
                <p id="download-amount">{ format!("{amount} arrived.") }</p>
            }
            <div class="actions">
                <button id="download-model" type="button" aria-describedby="download-hint"
                    onclick={on_click(link, Msg::DownloadModel)}>
                    { again }
                </button>
            </div>
            { hint }
        </div>
    }
}

fn key(state: &SettingsState, link: &Scope<App>) -> Html {
    let stored = state.key_stored();
    let (key_by, key_invalid) = described(&state.key_errors, ui_field::API_KEY);
    let testing = matches!(state.connection, Some(Connection::Testing));
    // Only a final answer is shown, so `#connection-result` never holds a
    // "testing" placeholder.
    let result = match &state.connection {
        Some(Connection::Works(text)) => Some(("works", text.clone())),
        Some(Connection::Fails(text)) => Some(("fails", text.clone())),
        None | Some(Connection::Testing) => None,
    };
    html! {
        <form id="key-form" class="card form" aria-labelledby="key-title" onsubmit={on_submit(link, || Msg::SaveKey)}>
            <h2 id="key-title">{ format!("API key for {}", engine_label(state.engine)) }</h2>
            <p id="key-status" data-stored={stored.to_string()}>
                { if stored { "A key is stored in the system keyring." } else { "No key is stored." } }
            </p>
            <div class="field">
                <label for="api-key">{ if stored { "Replace the key" } else { "API key" } }</label>
                <input id="api-key" type="password" autocomplete="off" spellcheck="false"
                    value={state.api_key.clone()}
                    aria-describedby={key_by} aria-invalid={key_invalid}
                    oninput={on_input(link, Msg::ApiKeyInput)} />
                { field_error(&state.key_errors, ui_field::API_KEY) }
            </div>
            <div class="actions">
                <button id="save-key" type="submit" class="primary">{ "Store key" }</button>
                <button id="delete-key" type="button" class="danger" disabled={!stored}
                    onclick={on_click(link, Msg::DeleteKey)}>{ "Delete key" }</button>
                <button id="test-connection" type="button" disabled={testing} aria-busy={testing.to_string()}
                    onclick={on_click(link, Msg::TestConnection)}>
                    { if testing { "Testing…" } else { "Test connection" } }
                </button>
            </div>
            <p class="hint">{ "The test uses the saved settings and key." }</p>
            if let Some((outcome, text)) = result {
                <p id="connection-result" role="status" data-state={outcome}>{ text }</p>
            }
        </form>
    }
}

fn profile(state: &SettingsState, link: &Scope<App>) -> Html {
    let errors = &state.profile.errors;
    let (name_by, name_invalid) = described(errors, "full_name");
    let (email_by, email_invalid) = described(errors, "email");
    let (lines_by, lines_invalid) = described(errors, "contact_line");
    html! {
        <form id="profile-form" class="card form" aria-labelledby="profile-title" onsubmit={on_submit(link, || Msg::SaveProfile)}>
            <h2 id="profile-title">{ "Profile" }</h2>
            <p class="hint">{ "Used in the heading of letters and resumes." }</p>
            <div class="field">
                <label for="profile-name">{ "Full name" }</label>
                <input id="profile-name" type="text" autocomplete="name" value={state.profile.full_name.clone()}
                    aria-describedby={name_by} aria-invalid={name_invalid}
                    oninput={on_input(link, Msg::ProfileNameInput)} />
                { field_error(errors, "full_name") }
            </div>
            <div class="field">
                <label for="profile-email">{ "Email" }<span class="optional">{ " (optional)" }</span></label>
                <input id="profile-email" type="email" autocomplete="email" value={state.profile.email.clone()}
                    aria-describedby={email_by} aria-invalid={email_invalid}
                    oninput={on_input(link, Msg::ProfileEmailInput)} />
                { field_error(errors, "email") }
            </div>
            <div class="field">
                <label for="profile-lines">{ "Contact lines, one per line" }<span class="optional">{ " (optional)" }</span></label>
                <textarea id="profile-lines" rows="3" value={state.profile.lines.clone()}
                    placeholder="Phone, city, portfolio link…"
                    aria-describedby={lines_by} aria-invalid={lines_invalid}
                    oninput={on_input(link, Msg::ProfileLinesInput)} />
                { field_error(errors, "contact_line") }
            </div>
            <div class="actions">
                <button id="save-profile" type="submit" class="primary">{ "Save profile" }</button>
            </div>
        </form>
    }
}

fn samples(state: &SettingsState, link: &Scope<App>) -> Html {
    let errors = &state.sample.errors;
    let (title_by, title_invalid) = described(errors, "sample_title");
    let (content_by, content_invalid) = described(errors, "sample_content");
    let samples = &state.loaded.writing_samples;
    html! {
        <section class="card" aria-labelledby="samples-title">
            <h2 id="samples-title">{ "Writing samples" }</h2>
            <p class="hint">{ "Letters you wrote yourself: cover letters follow your voice." }</p>
            if samples.is_empty() {
                <p class="hint">{ "No samples yet." }</p>
            }
            <ul id="samples">
                { for samples.iter().map(|sample| html! {
                    <li class="sample" key={sample.id.to_string()} data-id={sample.id.to_string()}>
                        <span class="sample-title">{ sample.title.clone() }</span>
                        { " · " }
                        <time datetime={machine_time(sample.created_at)}>{ day(sample.created_at) }</time>
                        <button type="button" class="delete-sample danger" aria-label={format!("Delete {}", sample.title)}
                            onclick={on_click(link, Msg::DeleteSample(sample.id))}>{ "Delete" }</button>
                    </li>
                }) }
            </ul>
            <form id="sample-form" class="form" aria-label="Add a writing sample" novalidate=true
                onsubmit={on_submit(link, || Msg::AddSample)}>
                <div class="field">
                    <label for="sample-title">{ "Title" }</label>
                    <input id="sample-title" type="text" value={state.sample.title.clone()}
                        aria-describedby={title_by} aria-invalid={title_invalid}
                        oninput={on_input(link, Msg::SampleTitleInput)} />
                    { field_error(errors, "sample_title") }
                </div>
                <div class="field">
                    <label for="sample-content">{ "Text" }</label>
                    <textarea id="sample-content" rows="6" value={state.sample.content.clone()}
                        aria-describedby={content_by} aria-invalid={content_invalid}
                        oninput={on_input(link, Msg::SampleContentInput)} />
                    { field_error(errors, "sample_content") }
                </div>
                <div class="actions">
                    <button id="add-sample" type="submit">{ "Add sample" }</button>
                </div>
            </form>
        </section>
    }
}
