//! The import panel of the resume library, the capture controls of the
//! new-application form, and the export panel of documents and resumes.

use jobforge_types::{ExportFormat, ExportSubject, FocusArea, PaperSize};
use yew::html::Scope;
use yew::prelude::*;

use super::{described, field_error, on_change, on_click, on_input, on_submit};
use crate::app::App;
use crate::dom;
use crate::model::Msg;
use crate::transfer::{
    CaptureState, ExportPanel, ExportResult, ExportStage, ImportStage, ImportState, check_summary,
    focus_label, format_label, method_label, note_line, paper_label, report_line, result_line,
    section_label,
};

/// The import panel: what was read, then name, focus and primary.
pub fn import_panel(import: &ImportState, link: &Scope<App>) -> Html {
    let (name_by, name_invalid) = described(&import.errors, "resume_name");
    let on_primary = link.callback(|event: Event| Msg::ImportPrimaryInput(dom::checked(&event)));
    let on_focus = on_change(link, |v| {
        Msg::ImportFocusInput(v.parse().unwrap_or_default())
    });
    let saving = import.stage == ImportStage::Saving;
    html! {
        <form id="import-panel" class="card form" novalidate=true aria-labelledby="import-title"
            aria-busy={import.is_reading().to_string()}
            onsubmit={on_submit(link, || Msg::SaveImport)}>
            <h2 id="import-title">{ format!("Import {}", import.file_name) }</h2>
            if import.is_reading() {
                <p class="status" role="status">{ format!("Reading {}…", import.file_name) }</p>
            }
            if let Some(error) = &import.error {
                <p id="import-error" class="form-error" role="alert">{ error.clone() }</p>
            }
            if let Some(preview) = &import.preview {
                { report(preview) }
                <details class="import-markdown">
                    <summary>{ "The resume as it will be stored (Markdown)" }</summary>
                    <pre id="import-markdown">{ preview.markdown.clone() }</pre>
                </details>
                <div class="row">
                    <div class="field">
                        <label for="import-name">{ "Name in your library" }</label>
                        <input id="import-name" type="text" value={import.name.clone()} required=true
                            aria-describedby={name_by} aria-invalid={name_invalid}
                            oninput={on_input(link, Msg::ImportNameInput)} />
                        { field_error(&import.errors, "resume_name") }
                    </div>
                    <div class="field">
                        <label for="import-focus">{ "Focus" }</label>
                        <select id="import-focus" onchange={on_focus}>
                            { for FocusArea::ALL.iter().map(|f| html! {
                                <option value={f.as_str()} selected={*f == import.focus_area}>{ focus_label(*f) }</option>
                            }) }
                        </select>
                    </div>
                </div>
                <div class="field checkbox">
                    <input id="import-primary" type="checkbox" checked={import.primary} onchange={on_primary} />
                    <label for="import-primary">{ "Use it as my primary resume" }</label>
                </div>
            }
            <div class="actions">
                if import.preview.is_some() {
                    <button id="save-import" type="submit" class="primary"
                        disabled={import.stage != ImportStage::Ready}>
                        { if saving { "Saving…" } else { "Save to library" } }
                    </button>
                }
                <button id="cancel-import" type="button" aria-keyshortcuts="Escape"
                    onclick={on_click(link, Msg::CancelImport)}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

fn report(preview: &jobforge_types::ImportedResume) -> Html {
    let report = &preview.report;
    html! {
        <section class="import-report" aria-labelledby="import-report-title">
            <h3 id="import-report-title">{ "What was read" }</h3>
            <p id="import-summary">{ report_line(report) }</p>
            <h4 id="import-found-title" class="small-heading">{ "Found" }</h4>
            if report.found.is_empty() {
                <p class="hint">{ "No resume sections were recognised; the text is kept as it is." }</p>
            }
            <ul id="import-found" aria-labelledby="import-found-title">
                { for report.found.iter().map(|found| html! {
                    <li data-section={found.section.as_str()}>
                        <strong>{ section_label(found.section) }</strong>{ format!(": {}", found.summary) }
                    </li>
                }) }
            </ul>
            if !report.ambiguous.is_empty() {
                <h4 id="import-check-title" class="small-heading">{ "Check these" }</h4>
                <ul id="import-check" class="warning" aria-labelledby="import-check-title">
                    { for report.ambiguous.iter().map(|note| html! { <li>{ note_line(note) }</li> }) }
                </ul>
            }
            if !report.unreadable.is_empty() {
                <h4 id="import-unreadable-title" class="small-heading">{ "Could not be read" }</h4>
                <ul id="import-unreadable" class="warning" aria-labelledby="import-unreadable-title">
                    { for report.unreadable.iter().map(|note| html! { <li>{ note_line(note) }</li> }) }
                </ul>
            }
        </section>
    }
}

/// "Job posting URL" with Fetch, and "From file…": a form of its own, so
/// Enter in the address fetches instead of creating the application.
pub fn capture_controls(capture: &CaptureState, busy_form: bool, link: &Scope<App>) -> Html {
    let busy = capture.is_busy();
    let described_by = capture.error.as_ref().map(|_| "capture-error");
    html! {
        <form id="capture-form" class="card form capture" novalidate=true
            aria-labelledby="capture-title" aria-busy={busy.to_string()}
            onsubmit={on_submit(link, || Msg::FetchPosting)}>
            <h2 id="capture-title" class="small-heading">{ "Fill from the posting" }</h2>
            <div class="field">
                <label for="capture-url">{ "Job posting URL" }</label>
                <div class="inline">
                    <input id="capture-url" type="url" value={capture.url.clone()}
                        placeholder="https://example.com/jobs/123"
                        aria-describedby={described_by}
                        aria-invalid={capture.error.as_ref().map(|_| "true")}
                        oninput={on_input(link, Msg::CaptureUrlInput)} />
                    <button id="fetch-posting" type="submit" disabled={busy || busy_form}>
                        { if busy { "Fetching…" } else { "Fetch" } }
                    </button>
                    <button id="capture-file" type="button" disabled={busy || busy_form}
                        onclick={on_click(link, Msg::CapturePostingFile)}>{ "From file…" }</button>
                </div>
            </div>
            if let Some(source) = &capture.pending {
                <p class="status" role="status">{ format!("Reading {source}…") }</p>
            }
            if let Some(error) = &capture.error {
                <p id="capture-error" class="form-error" role="alert">{ error.clone() }</p>
            }
            if let Some(summary) = &capture.summary {
                <div id="capture-summary" class="notice" role="status" tabindex="-1">
                    <p>
                        { format!("Read {} from {}.", method_label(summary.method), summary.source) }
                        { " " }
                        if summary.filled.is_empty() {
                            { "Nothing in it fitted the form; fill it in yourself." }
                        } else {
                            { format!("Filled: {}. Check them before you create the application.", summary.filled.join(", ")) }
                        }
                    </p>
                    if !summary.notes.is_empty() {
                        <ul id="capture-notes" class="warning" aria-label="Notes on the capture">
                            { for summary.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                        </ul>
                    }
                </div>
            }
        </form>
    }
}

/// The export panel. `what` names the subject ("the cover letter");
/// `unsaved` warns that the editor holds changes the export leaves out.
pub fn export_panel(panel: &ExportPanel, what: &str, unsaved: bool, link: &Scope<App>) -> Html {
    let busy = panel.is_busy();
    let on_format = on_change(link, |v| {
        Msg::ExportFormatChosen(v.parse().unwrap_or(ExportFormat::Pdf))
    });
    let on_paper = on_change(link, |v| {
        Msg::ExportPaperChosen(v.parse().unwrap_or(PaperSize::Letter))
    });
    let on_fresh = link.callback(|event: Event| Msg::ExportFreshLayout(dom::checked(&event)));
    let button = match panel.stage {
        ExportStage::Choosing => "Choose where to save…",
        ExportStage::Naming | ExportStage::Picking => "Choosing where to save…",
        ExportStage::Writing => "Exporting…",
    };
    html! {
        <section id="export-panel" class="card export-panel" aria-labelledby="export-title"
            aria-busy={busy.to_string()}>
            <h3 id="export-title">{ format!("Export {what}") }</h3>
            <div class="row">
                <div class="field">
                    <label for="export-format">{ "Format" }</label>
                    <select id="export-format" onchange={on_format} disabled={busy}>
                        { for panel.formats().iter().map(|f| html! {
                            <option value={f.as_str()} selected={*f == panel.format}>{ format_label(*f) }</option>
                        }) }
                    </select>
                </div>
                if panel.shows_paper() {
                    <div class="field">
                        <label for="export-paper">{ "Paper" }</label>
                        <select id="export-paper" onchange={on_paper} disabled={busy}>
                            { for PaperSize::ALL.iter().map(|p| html! {
                                <option value={p.as_str()} selected={*p == panel.paper}>{ paper_label(*p) }</option>
                            }) }
                        </select>
                    </div>
                }
            </div>
            if panel.shows_fresh_layout() {
                <div class="field checkbox">
                    <input id="export-fresh" type="checkbox" checked={panel.fresh_layout}
                        disabled={busy} onchange={on_fresh} aria-describedby="export-fresh-hint" />
                    <label for="export-fresh">{ "Fresh layout" }</label>
                    <p id="export-fresh-hint" class="hint">
                        { "When this resume came from your own Word file, its layout is kept unless you tick this." }
                    </p>
                </div>
            }
            if unsaved {
                <p class="hint">{ "The export is of the saved version; save your changes first to include them." }</p>
            }
            <div class="actions">
                <button id="export-save" type="button" class="primary" disabled={busy}
                    onclick={on_click(link, Msg::ChooseExportPath)}>{ button }</button>
                <button id="close-export" type="button" aria-keyshortcuts="Escape"
                    onclick={on_click(link, Msg::CloseExport)}>{ "Close" }</button>
            </div>
            <div id="export-result" tabindex="-1" aria-live="polite">
                { result(panel, link) }
            </div>
        </section>
    }
}

fn result(panel: &ExportPanel, link: &Scope<App>) -> Html {
    match &panel.result {
        None => html! {},
        Some(ExportResult::Done(done)) => html! {
            <>
                <p id="export-saved" class="notice">{ result_line(done) }</p>
                if let Some(check) = &done.check {
                    { check_view(check) }
                }
                if let Some(file) = &done.kept_layout_of {
                    <p id="export-kept-layout">{ format!("Kept the layout of your own {file}.") }</p>
                }
                if !done.notes.is_empty() {
                    <ul id="export-notes" aria-label="Notes on the export">
                        { for done.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                }
            </>
        },
        Some(ExportResult::OpenFlags(message)) => html! {
            <div id="export-refused" class="form-error" role="alert">
                <p>{ message.clone() }</p>
                if matches!(panel.subject, ExportSubject::Document { .. }) {
                    <button id="review-flags" type="button" onclick={on_click(link, Msg::ReviewFlags)}>
                        { "Review the flags" }
                    </button>
                }
            </div>
        },
        Some(ExportResult::Failed(message)) => html! {
            <p id="export-error" class="form-error" role="alert">{ message.clone() }</p>
        },
    }
}

fn check_view(check: &jobforge_types::ExportCheck) -> Html {
    let summary = check_summary(check);
    if summary.clean {
        return html! { <p id="export-check" class="check ok" data-clean="true">{ summary.line }</p> };
    }
    html! {
        <div id="export-check" class="check warning" data-clean="false" role="alert">
            <p>{ summary.line }</p>
            <dl>
                { for summary.problems.iter().map(|(label, phrases)| html! {
                    <>
                        <dt>{ *label }</dt>
                        { for phrases.iter().map(|p| html! { <dd><q>{ p.clone() }</q></dd> }) }
                    </>
                }) }
            </dl>
        </div>
    }
}
