use jobforge_types::{ExportSubject, Resume};
use yew::html::Scope;
use yew::prelude::*;

use super::{described, field_error, on_click, on_input, on_submit};
use crate::app::App;
use crate::dom;
use crate::format::{day, machine_time};
use crate::forms::ResumeForm;
use crate::model::{Model, Msg};
use crate::transfer::ExportPanel;

pub fn view(model: &Model, link: &Scope<App>) -> Html {
    html! {
        <section id="resumes-view" aria-labelledby="resumes-title">
            <header class="section-head">
                <h1 id="resumes-title">{ "Resume library" }</h1>
                <div class="actions">
                    <button id="add-resume" type="button" class="primary"
                        onclick={on_click(link, Msg::NewResume)}>{ "Paste a resume" }</button>
                    <button id="import-resume" type="button"
                        aria-describedby="import-hint"
                        onclick={on_click(link, Msg::ImportResumeFile)}>{ "Import file…" }</button>
                </div>
            </header>
            <p id="import-hint" class="hint">{ "Import reads a PDF, Word (DOCX), Markdown, text or JSON Resume file and shows what it found before anything is saved." }</p>
            if let Some(notice) = &model.library_notice {
                <p id="library-notice" class="notice" role="status">{ notice.clone() }</p>
            }
            if let Some(import) = &model.import {
                { super::transfer::import_panel(import, link) }
            }
            if let Some(form) = &model.resume_form {
                { resume_form(form, link, false) }
            }
            { list(model, link) }
        </section>
    }
}

fn list(model: &Model, link: &Scope<App>) -> Html {
    let Some(resumes) = &model.resumes else {
        return html! { <p class="status" role="status">{ "Loading your resumes…" }</p> };
    };
    html! {
        <>
            if resumes.is_empty() {
                <p class="hint">{ "No resumes yet. Paste one, or import a file." }</p>
            }
            <ul id="resume-list" class="cards">
                { for resumes.iter().map(|resume| item(resume, model.export.as_ref(), link)) }
            </ul>
        </>
    }
}

fn item(resume: &Resume, export: Option<&ExportPanel>, link: &Scope<App>) -> Html {
    let id = resume.id;
    let subject = ExportSubject::Resume { resume: id };
    let export = export.filter(|p| p.subject == subject);
    html! {
        <li class="resume card" key={id.to_string()} data-id={id.to_string()}
            data-primary={resume.is_primary.to_string()}>
            <div class="resume-head">
                <h2 class="resume-name">{ resume.name.clone() }</h2>
                if resume.is_primary {
                    <span class="badge primary">{ "Primary" }</span>
                }
            </div>
            <p class="hint">
                { "Updated " }
                <time datetime={machine_time(resume.updated_at)}>{ day(resume.updated_at) }</time>
                { format!(" · {} characters", resume.content.chars().count()) }
            </p>
            <div class="actions">
                <button type="button" class="edit-resume" aria-label={format!("Edit {}", resume.name)}
                    onclick={on_click(link, Msg::EditResume(id))}>{ "Edit" }</button>
                if !resume.is_primary {
                    <button type="button" class="set-primary" aria-label={format!("Make {} the primary resume", resume.name)}
                        onclick={on_click(link, Msg::SetPrimary(id))}>{ "Make primary" }</button>
                }
                <button type="button" class="export-resume" aria-label={format!("Export {}", resume.name)}
                    aria-expanded={export.is_some().to_string()}
                    onclick={on_click(link, Msg::OpenExport(subject))}>{ "Export…" }</button>
                <button type="button" class="delete-resume danger" aria-label={format!("Delete {}", resume.name)}
                    onclick={on_click(link, Msg::AskDeleteResume(id))}>{ "Delete" }</button>
            </div>
            if let Some(panel) = export {
                { super::transfer::export_panel(panel, &format!("“{}”", resume.name), false, link) }
            }
        </li>
    }
}

/// The add/edit form, in the library and in onboarding.
pub fn resume_form(form: &ResumeForm, link: &Scope<App>, with_file: bool) -> Html {
    let title = if form.id.is_some() {
        "Edit resume"
    } else {
        "Add a resume"
    };
    let (name_by, name_invalid) = described(&form.errors, "resume_name");
    let (content_by, content_invalid) = described(&form.errors, "resume_content");
    let on_primary = link.callback(|event: Event| Msg::ResumePrimaryInput(dom::checked(&event)));
    html! {
        <form id="resume-form" class="card form" novalidate=true aria-labelledby="resume-form-title"
            onsubmit={on_submit(link, || Msg::SaveResume)}>
            <h2 id="resume-form-title">{ title }</h2>
            <div class="field">
                <label for="resume-name">{ "Name" }</label>
                <input id="resume-name" type="text" value={form.name.clone()} required=true
                    placeholder="For example: Backend engineering"
                    aria-describedby={name_by} aria-invalid={name_invalid}
                    oninput={on_input(link, Msg::ResumeNameInput)} />
                { field_error(&form.errors, "resume_name") }
            </div>
            <div class="field">
                <label for="resume-content">{ "Resume (Markdown or plain text)" }</label>
                <textarea id="resume-content" rows="16" value={form.content.clone()} required=true
                    aria-describedby={content_by} aria-invalid={content_invalid}
                    oninput={on_input(link, Msg::ResumeContentInput)} />
                { field_error(&form.errors, "resume_content") }
            </div>
            if form.id.is_none() {
                <div class="field checkbox">
                    <input id="resume-primary" type="checkbox" checked={form.primary} onchange={on_primary} />
                    <label for="resume-primary">{ "Use it as my primary resume" }</label>
                </div>
            }
            <div class="actions">
                <button id="save-resume" type="submit" class="primary" disabled={form.busy}>
                    { if form.busy { "Saving…" } else { "Save resume" } }
                </button>
                if with_file {
                    <button id="pick-resume-file" type="button"
                        onclick={on_click(link, Msg::PickResumeFile)}>{ "Open a file…" }</button>
                }
                <button id="cancel-resume" type="button" onclick={on_click(link, Msg::CancelResume)}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

/// The confirmation before deleting a resume; Esc or "Keep it" closes it.
pub fn confirm_dialog(model: &Model, link: &Scope<App>) -> Html {
    let Some(id) = model.confirm_delete else {
        return html! {};
    };
    let name = model
        .resume(id)
        .map_or_else(|| "This resume".to_owned(), |r| format!("“{}”", r.name));
    html! {
        <div class="modal-backdrop">
            <div id="confirm-dialog" class="dialog card" role="alertdialog" aria-modal="true"
                aria-labelledby="confirm-title" aria-describedby="confirm-text">
                <h2 id="confirm-title">{ "Delete this resume?" }</h2>
                <p id="confirm-text">
                    { format!("{name} will be removed from your library. Documents already made from it stay.") }
                </p>
                <div class="actions">
                    <button id="cancel-delete" type="button" onclick={on_click(link, Msg::CancelDelete)}>{ "Keep it" }</button>
                    <button id="confirm-delete" type="button" class="danger"
                        onclick={on_click(link, Msg::ConfirmDelete)}>{ "Delete" }</button>
                </div>
            </div>
        </div>
    }
}
