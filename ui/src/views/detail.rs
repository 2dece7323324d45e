use jobforge_types::{
    AiRun, Application, ApplicationId, ApplicationStatus, DocumentKind, ExportSubject, GapItem,
    GapStatus, Phase, ResumeFit, TruthFlag,
};
use yew::html::Scope;
use yew::prelude::*;

use super::{described, external_link, field_error, on_change, on_click, on_input};
use crate::app::App;
use crate::detail::DetailState;
use crate::dom;
use crate::format::{
    day, day_time, engine_label, machine_time, origin_label, outcome_label, priority_label,
    status_badge_class, status_label,
};
use crate::forms::format_date;
use crate::markdown;
use crate::model::{Model, Msg};
use crate::pipeline::{RunState, StreamState};
use crate::transfer::ExportPanel;

pub fn view(model: &Model, id: ApplicationId, link: &Scope<App>) -> Html {
    let Some(state) = model.open_detail() else {
        return html! {
            <section id="application-view" data-id={id.to_string()} aria-busy="true">
                <p class="status" role="status">{ "Loading the application…" }</p>
            </section>
        };
    };
    let application = &state.detail.application;
    html! {
        <section id="application-view" data-id={id.to_string()} aria-labelledby="app-title">
            <header class="app-header">
                <h1 id="app-title">{ format!("{} — {}", application.company, application.role_title) }</h1>
                <span class={status_badge_class(application.status)}>{ status_label(application.status) }</span>
            </header>
            <div class="detail-grid">
                <div>
                    { facts(application, link) }
                    { notes(state, link) }
                </div>
                <div>
                    { status(state, link) }
                    { similar(state, link) }
                </div>
            </div>
            { pipeline(model, state, link) }
            { fit(state, link) }
            { documents(state, model.export.as_ref(), link) }
            { runs(&state.detail.runs) }
        </section>
    }
}

fn facts(application: &Application, link: &Scope<App>) -> Html {
    html! {
        <>
            <dl class="facts">
                <dt>{ "Priority" }</dt><dd>{ priority_label(application.priority) }</dd>
                if let Some(location) = &application.location {
                    <dt>{ "Location" }</dt><dd>{ location.clone() }</dd>
                }
                if let Some(deadline) = application.deadline {
                    <dt>{ "Deadline" }</dt><dd><time datetime={format_date(deadline)}>{ format_date(deadline) }</time></dd>
                }
                if let Some(url) = &application.job_url {
                    <dt>{ "Posting" }</dt><dd>{ external_link(url, link) }</dd>
                }
                <dt>{ "Created" }</dt>
                <dd><time datetime={machine_time(application.created_at)}>{ day(application.created_at) }</time></dd>
            </dl>
            <details class="description">
                <summary>{ "Job description" }</summary>
                <pre>{ application.job_description.clone() }</pre>
            </details>
        </>
    }
}

fn notes(state: &DetailState, link: &Scope<App>) -> Html {
    let (describedby, invalid) = described(&state.notes_errors, "notes");
    html! {
        <div class="field notes">
            <label for="notes">{ "Notes" }</label>
            <textarea id="notes" rows="4" value={state.notes_text().to_owned()}
                aria-describedby={describedby} aria-invalid={invalid}
                oninput={on_input(link, Msg::NotesInput)} />
            { field_error(&state.notes_errors, "notes") }
            <div class="actions">
                <button id="save-notes" type="button" disabled={state.notes.is_none()}
                    onclick={on_click(link, Msg::SaveNotes)}>{ "Save notes" }</button>
            </div>
        </div>
    }
}

fn status(state: &DetailState, link: &Scope<App>) -> Html {
    let current = state.detail.application.status;
    let on_status = on_change(link, move |v| {
        Msg::ChangeStatus(v.parse::<ApplicationStatus>().unwrap_or(current))
    });
    html! {
        <div class="status-box">
            <label for="status-select">{ "Status" }</label>
            <select id="status-select" onchange={on_status}>
                { for ApplicationStatus::ALL.iter().map(|s| html! {
                    <option value={s.as_str()} selected={*s == current}>{ status_label(*s) }</option>
                }) }
            </select>
            <h2 id="history-title" class="small-heading">{ "History" }</h2>
            <ol id="status-history" aria-labelledby="history-title">
                { for state.detail.history.iter().rev().map(|change| html! {
                    <li data-status={change.to.as_str()}>
                        { match change.from {
                            Some(from) => format!("{} → {}", status_label(from), status_label(change.to)),
                            None => format!("Created as {}", status_label(change.to)),
                        } }
                        { " " }
                        <time datetime={machine_time(change.at)}>{ day_time(change.at) }</time>
                    </li>
                }) }
            </ol>
        </div>
    }
}

/// How well the library fits the posting: the score with its reasons and
/// the gaps, beside the research.
fn fit(state: &DetailState, link: &Scope<App>) -> Html {
    let body = match &state.fit {
        None => {
            html! { <p class="status" role="status">{ "Comparing your resumes with the posting…" }</p> }
        }
        Some(Err(message)) => html! { <p class="hint" role="status">{ message.clone() }</p> },
        Some(Ok(fits)) => {
            let shown = state.shown_fit().map(|f| f.resume);
            html! {
                <>
                    if fits.len() > 1 {
                        <ol id="fit-ranking" aria-label="Resumes by fit">
                            { for fits.iter().map(|f| html! {
                                <li>
                                    <button type="button" class="link-button"
                                        aria-pressed={(Some(f.resume) == shown).to_string()}
                                        onclick={on_click(link, Msg::ShowFit(f.resume))}>
                                        { format!("{} — {}", f.name, f.report.score) }
                                    </button>
                                </li>
                            }) }
                        </ol>
                    }
                    if let Some(fit) = state.shown_fit() {
                        { fit_report(fit) }
                    }
                </>
            }
        }
    };
    html! {
        <section id="fit" class="fit" aria-labelledby="fit-title">
            <h2 id="fit-title">{ "Fit" }</h2>
            { body }
            <button id="refresh-fit" type="button" onclick={on_click(link, Msg::RefreshFit)}>{ "Compare again" }</button>
        </section>
    }
}

fn fit_report(fit: &ResumeFit) -> Html {
    let report = &fit.report;
    let gaps = |status: &'static str| -> Vec<&GapItem> {
        report
            .gaps
            .iter()
            .filter(|g| g.status.as_str() == status)
            .collect()
    };
    let gap_list = |status: &'static str, title: &'static str| -> Html {
        let items = gaps(status);
        if items.is_empty() {
            return html! {};
        }
        html! {
            <div class="gaps" data-status={status}>
                <h3 class="small-heading">{ title }</h3>
                <ul>
                    { for items.into_iter().map(|gap| html! {
                        <li>
                            <span class="requirement">{ gap.requirement.clone() }</span>
                            <span class="importance">{ format!(" ({})", gap.importance.label()) }</span>
                            { match &gap.status {
                                GapStatus::Met { evidence } => html! { <blockquote>{ evidence.clone() }</blockquote> },
                                GapStatus::Implicit { evidence, suggestion } => html! {
                                    <><blockquote>{ evidence.clone() }</blockquote><p class="hint">{ suggestion.clone() }</p></>
                                },
                                GapStatus::NotMet { question } => html! { <p class="hint">{ question.clone() }</p> },
                            } }
                        </li>
                    }) }
                </ul>
            </div>
        }
    };
    html! {
        <div class="fit-report" data-resume={fit.resume.to_string()}>
            <p class="fit-score">
                <span id="fit-score" class="score">{ report.score }</span>{ "/100 " }
                <span class="hint">{ format!("{} · {} · {}", fit.name, report.score_version, report.embedder) }</span>
            </p>
            <dl class="fit-components">
                { for report.components.iter().map(|c| html! {
                    <>
                        <dt>{ format!("{} {}", c.kind.label(), c.value.map_or_else(|| "—".to_owned(), |v| v.to_string())) }</dt>
                        <dd>{ c.explanation.clone() }</dd>
                    </>
                }) }
            </dl>
            { gap_list("not_met", "Not shown in this resume (add only what is true)") }
            { gap_list("implicit", "Shown only implicitly: say it in the posting's words") }
            { gap_list("met", "Met") }
        </div>
    }
}

/// Applications whose postings read like this one's: past work to reuse.
fn similar(state: &DetailState, link: &Scope<App>) -> Html {
    let Some(similar) = &state.similar else {
        return html! {};
    };
    html! {
        <section class="similar" aria-labelledby="similar-title">
            <h2 id="similar-title" class="small-heading">{ "Similar applications" }</h2>
            if similar.is_empty() {
                <p class="hint">{ "None yet: no other posting reads like this one." }</p>
            } else {
                <ul id="similar-applications">
                    { for similar.iter().map(|other| html! {
                        <li>
                            <button type="button" class="link-button"
                                onclick={on_click(link, Msg::OpenApplication(other.id))}
                                title={other.snippet.clone()}>
                                { format!("{} — {}", other.company, other.role_title) }
                            </button>
                            { " " }
                            <span class={status_badge_class(other.status)}>{ status_label(other.status) }</span>
                            <span class="similarity">{ format!(" {:.0}% alike", other.similarity * 100.0) }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn phase_done(application: &Application, phase: Phase) -> bool {
    match phase {
        Phase::Research => application.phases.research_done,
        Phase::Resume => application.phases.resume_optimised,
        Phase::CoverLetter => application.phases.cover_letter_done,
    }
}

fn pipeline(model: &Model, state: &DetailState, link: &Scope<App>) -> Html {
    let application = &state.detail.application;
    let run = &model.run;
    let running_here = run.is_running_for(application.id);
    let busy = run.running;
    let shown = (run.application == Some(application.id)).then_some(run);
    let resumes = model.resumes.as_deref().unwrap_or_default();
    let on_resume = on_change(link, |v| Msg::RunResumeChosen(v.parse().ok()));
    html! {
        <section class="pipeline" aria-labelledby="pipeline-title" aria-busy={running_here.to_string()}>
            <h2 id="pipeline-title">{ "Documents pipeline" }</h2>
            <ol class="phase-bar">
                { for Phase::ALL.iter().map(|phase| {
                    let done = phase_done(application, *phase);
                    let stream_state = shown.and_then(|r| r.stream(*phase)).map(|s| s.state.as_str());
                    html! {
                        <li class="phase" data-phase={phase.as_str()} data-done={done.to_string()}
                            data-state={stream_state}>
                            <span class="phase-name">{ phase.label() }</span>
                            <span class="phase-status">{ if done { "Done" } else { "Not yet" } }</span>
                        </li>
                    }
                }) }
            </ol>
            <div class="run-controls">
                if resumes.len() > 1 {
                    <label for="run-resume-choice" class="small-label">{ "Resume to use" }</label>
                    <select id="run-resume-choice" onchange={on_resume} disabled={busy}>
                        <option value="" selected={state.run_resume.is_none()}>{ "The primary resume" }</option>
                        { for resumes.iter().map(|r| html! {
                            <option value={r.id.to_string()} selected={state.run_resume == Some(r.id)}>{ r.name.clone() }</option>
                        }) }
                    </select>
                }
                { for Phase::ALL.iter().map(|phase| html! {
                    <button id={format!("run-{}", phase.as_str())} type="button" disabled={busy}
                        onclick={on_click(link, Msg::Run(vec![*phase]))}>
                        { format!("Run {}", phase.label().to_lowercase()) }
                    </button>
                }) }
                <button id="run-all" type="button" class="primary" disabled={busy}
                    onclick={on_click(link, Msg::Run(Phase::ALL.to_vec()))}>{ "Run all phases" }</button>
                if running_here {
                    <button id="cancel-run" type="button" class="danger" disabled={run.cancelling}
                        onclick={on_click(link, Msg::CancelRun)}>
                        { if run.cancelling { "Cancelling…" } else { "Cancel" } }
                    </button>
                }
            </div>
            if let Some(error) = shown.and_then(|r| r.error.clone()) {
                <p id="run-error" class="form-error" role="alert">{ error }</p>
            }
            { stream_output(shown) }
        </section>
    }
}

fn stream_output(run: Option<&RunState>) -> Html {
    let phases = run.map(|r| r.phases.as_slice()).unwrap_or_default();
    html! {
        <div id="stream-output" aria-label="Live output">
            { for phases.iter().map(|stream| html! {
                <section class="stream" data-phase={stream.phase.as_str()} data-state={stream.state.as_str()}>
                    <h3>
                        { stream.phase.label() }
                        <span class="stream-state">{ stream_label(stream.state) }</span>
                        if let Some((engine, model)) = &stream.engine {
                            <span class="engine">{ format!("{} · {}", engine_label(*engine), model) }</span>
                        }
                    </h3>
                    if let Some(reason) = &stream.retry_reason {
                        <p class="retry-reason" role="status">{ reason.clone() }</p>
                    }
                    <pre class="stream-text">{ stream.text.clone() }</pre>
                    if let Some(flags) = stream.open_flags.filter(|n| *n > 0) {
                        <p class="hint">{ format!("{flags} claim(s) to check below.") }</p>
                    }
                </section>
            }) }
        </div>
    }
}

const fn stream_label(state: StreamState) -> &'static str {
    match state {
        StreamState::Waiting => "waiting",
        StreamState::Running => "writing…",
        StreamState::Retrying => "retrying…",
        StreamState::Succeeded => "done",
        StreamState::Failed => "failed",
        StreamState::Cancelled => "cancelled",
    }
}

fn documents(state: &DetailState, export: Option<&ExportPanel>, link: &Scope<App>) -> Html {
    let tab = state.tab;
    let subject = ExportSubject::Document {
        application: state.id(),
        kind: tab,
    };
    let export = export.filter(|p| p.subject == subject);
    let document = state.document(tab);
    let claims = state.open_claims();
    let preview = markdown::render(state.editor_text(), &claims);
    let on_preview_click = link.batch_callback(|event: MouseEvent| {
        let href = dom::clicked_link(&event)?;
        event.prevent_default();
        Some(Msg::OpenLink(href))
    });
    let (describedby, invalid) = described(&state.document_errors, "document_content");
    let dirty = state.is_dirty();
    let status = if dirty {
        "Unsaved changes".to_owned()
    } else if let Some(d) = document {
        format!(
            "Version {} · {} · {}",
            d.document.current.number,
            origin_label(d.document.current.origin),
            day_time(d.document.current.created_at)
        )
    } else {
        format!(
            "Not written yet: run the {} phase, or write it here.",
            tab.phase().label().to_lowercase()
        )
    };
    html! {
        <section class="documents" aria-labelledby="documents-title">
            <h2 id="documents-title">{ "Documents" }</h2>
            <div role="tablist" aria-label="Documents" class="tabs">
                { for DocumentKind::ALL.iter().map(|kind| {
                    let selected = *kind == tab;
                    html! {
                        <button id={format!("tab-{}", kind.as_str())} type="button" role="tab"
                            aria-selected={selected.to_string()} aria-controls="document-panel"
                            tabindex={if selected { "0" } else { "-1" }}
                            data-exists={state.document(*kind).is_some().to_string()}
                            onclick={on_click(link, Msg::SelectTab(*kind))}>
                            { kind.label() }
                            if state.drafts.contains_key(kind) { <span class="dirty" aria-label="unsaved">{ " •" }</span> }
                        </button>
                    }
                }) }
            </div>
            <div id="document-panel" role="tabpanel" aria-labelledby={format!("tab-{}", tab.as_str())}
                data-kind={tab.as_str()}>
                <p class="doc-status" role="status">{ status }</p>
                <div class="editor-split">
                    <div class="pane">
                        <label for="editor" class="small-label">{ "Markdown" }</label>
                        <textarea id="editor" spellcheck="true" value={state.editor_text().to_owned()}
                            aria-describedby={describedby} aria-invalid={invalid}
                            aria-keyshortcuts="Control+S"
                            oninput={on_input(link, Msg::EditorInput)} />
                        { field_error(&state.document_errors, "document_content") }
                    </div>
                    <div class="pane">
                        <h3 id="preview-label" class="small-label">{ "Preview" }</h3>
                        <div id="preview" class="preview" aria-labelledby="preview-label" onclick={on_preview_click}>
                            { Html::from_html_unchecked(AttrValue::from(preview)) }
                        </div>
                    </div>
                </div>
                <div class="actions">
                    <button id="save-document" type="button" class="primary"
                        disabled={!dirty || state.saving.is_some()} aria-keyshortcuts="Control+S"
                        onclick={on_click(link, Msg::SaveDocument)}>
                        { if state.saving.is_some() { "Saving…" } else { "Save" } }
                    </button>
                    <button id="cancel-edit" type="button" disabled={!dirty}
                        onclick={on_click(link, Msg::CancelEdit)}>{ "Discard changes" }</button>
                    <button id="export-document" type="button" disabled={document.is_none()}
                        aria-expanded={export.is_some().to_string()}
                        aria-label={format!("Export the {}", tab.label().to_lowercase())}
                        onclick={on_click(link, Msg::OpenExport(subject))}>{ "Export…" }</button>
                </div>
                if let Some(panel) = export {
                    { super::transfer::export_panel(panel, &format!("the {}", tab.label().to_lowercase()), dirty, link) }
                }
                <div class="doc-side">
                    { flags(state.flags(), link) }
                    { versions(state, link) }
                </div>
            </div>
        </section>
    }
}

fn flags(flags: &[TruthFlag], link: &Scope<App>) -> Html {
    html! {
        <section class="flags" aria-labelledby="flags-title">
            <h3 id="flags-title" tabindex="-1">{ "Truth check" }</h3>
            if flags.is_empty() {
                <p class="hint">{ "No unsupported claims in this version." }</p>
            }
            <ul id="flags">
                { for flags.iter().map(|flag| {
                    let accepted = flag.is_resolved();
                    html! {
                        <li class="flag" data-id={flag.id.to_string()} data-kind={flag.finding.kind.as_str()}
                            data-accepted={accepted.to_string()}>
                            <span class="flag-kind">{ flag.finding.kind.label() }</span>
                            <q class="claim">{ flag.finding.claim.clone() }</q>
                            <p class="reason">{ flag.finding.reason.clone() }</p>
                            <p class="sentence">{ flag.finding.sentence.clone() }</p>
                            if accepted {
                                <span class="accepted">{ "Accepted as true" }</span>
                            } else {
                                <button type="button" class="accept-flag"
                                    aria-label={format!("Accept “{}” as true", flag.finding.claim)}
                                    onclick={on_click(link, Msg::AcceptFlag(flag.id))}>{ "Accept" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

fn versions(state: &DetailState, link: &Scope<App>) -> Html {
    let current = state.current_number();
    html! {
        <section class="versions" aria-labelledby="versions-title">
            <h3 id="versions-title">{ "Versions" }</h3>
            <ol id="versions">
                { for state.versions().iter().map(|version| {
                    let is_current = Some(version.number) == current;
                    html! {
                        <li class="version" data-number={version.number.to_string()}
                            aria-current={is_current.then_some("true")}>
                            <span>{ format!("Version {} · {} · ", version.number, origin_label(version.origin)) }</span>
                            <time datetime={machine_time(version.created_at)}>{ day_time(version.created_at) }</time>
                            if is_current {
                                <span class="current">{ " (current)" }</span>
                            } else {
                                <button type="button" class="restore"
                                    aria-label={format!("Restore version {}", version.number)}
                                    onclick={on_click(link, Msg::RestoreVersion(version.number))}>{ "Restore" }</button>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

fn runs(runs: &[AiRun]) -> Html {
    if runs.is_empty() {
        return html! {};
    }
    html! {
        <details class="runs">
            <summary>{ format!("Runs ({})", runs.len()) }</summary>
            <ul id="runs">
                { for runs.iter().map(|run| html! {
                    <li class="run" data-outcome={run.outcome.as_str()} data-phase={run.phase.as_str()}>
                        <time datetime={machine_time(run.started_at)}>{ day_time(run.started_at) }</time>
                        { format!(" · {} · {} {} · {}", run.phase.label(), engine_label(run.engine), run.model, outcome_label(run.outcome)) }
                        { format!(" · {} tokens in, {} out{}", run.input_tokens, run.output_tokens,
                            if run.tokens_reported { "" } else { " (estimated)" }) }
                        if let Some(cost) = run.cost_usd {
                            { format!(" · ${cost:.4}") }
                        }
                        if let Some(error) = &run.error {
                            <p class="run-error-text">{ error.clone() }</p>
                        }
                    </li>
                }) }
            </ul>
        </details>
    }
}
