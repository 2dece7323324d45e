use jobforge_types::Priority;
use yew::html::Scope;
use yew::prelude::*;

use super::{described, field_error, on_change, on_input, on_submit};
use crate::app::App;
use crate::format::priority_label;
use crate::forms::{NewAppField, NewApplicationForm, ui_field};
use crate::model::Msg;

/// One single-line input with its label and message.
struct Line {
    id: &'static str,
    label: &'static str,
    field: &'static str,
    kind: &'static str,
    value: String,
    which: NewAppField,
    required: bool,
    placeholder: &'static str,
}

fn line(form: &NewApplicationForm, spec: Line, link: &Scope<App>) -> Html {
    let (describedby, invalid) = described(&form.errors, spec.field);
    let which = spec.which;
    html! {
        <div class="field">
            <label for={spec.id}>
                { spec.label }
                if !spec.required { <span class="optional">{ " (optional)" }</span> }
            </label>
            <input
                id={spec.id}
                type={spec.kind}
                value={spec.value}
                required={spec.required}
                placeholder={spec.placeholder}
                aria-describedby={describedby}
                aria-invalid={invalid}
                oninput={on_input(link, move |v| Msg::NewAppInput(which, v))}
            />
            { field_error(&form.errors, spec.field) }
        </div>
    }
}

pub fn view(form: &NewApplicationForm, link: &Scope<App>) -> Html {
    let (desc_by, desc_invalid) = described(&form.errors, "job_description");
    let (notes_by, notes_invalid) = described(&form.errors, "notes");
    let on_priority = on_change(link, |v| Msg::NewAppPriority(v.parse().unwrap_or_default()));
    html! {
        <section id="new-application-view" aria-labelledby="new-title">
            <h1 id="new-title">{ "New application" }</h1>
            { super::transfer::capture_controls(&form.capture, form.busy, link) }
            <form class="card form" novalidate=true aria-labelledby="new-title" onsubmit={on_submit(link, || Msg::CreateApplication)}>
                <div class="row">
                    { line(form, Line { id: "new-company", label: "Company", field: "company", kind: "text",
                        value: form.company.clone(), which: NewAppField::Company, required: true, placeholder: "" }, link) }
                    { line(form, Line { id: "new-role", label: "Role", field: "role_title", kind: "text",
                        value: form.role_title.clone(), which: NewAppField::RoleTitle, required: true, placeholder: "" }, link) }
                </div>
                <div class="field">
                    <label for="new-description">{ "Job description" }</label>
                    <textarea
                        id="new-description"
                        rows="12"
                        required=true
                        placeholder="Paste the whole posting here."
                        value={form.job_description.clone()}
                        aria-describedby={desc_by}
                        aria-invalid={desc_invalid}
                        oninput={on_input(link, |v| Msg::NewAppInput(NewAppField::Description, v))}
                    />
                    { field_error(&form.errors, "job_description") }
                </div>
                <div class="row">
                    { line(form, Line { id: "new-location", label: "Location", field: "location", kind: "text",
                        value: form.location.clone(), which: NewAppField::Location, required: false, placeholder: "" }, link) }
                    <div class="field">
                        <label for="new-priority">{ "Priority" }</label>
                        <select id="new-priority" onchange={on_priority}>
                            { for Priority::ALL.iter().map(|p| html! {
                                <option value={p.as_str()} selected={*p == form.priority}>{ priority_label(*p) }</option>
                            }) }
                        </select>
                    </div>
                    { line(form, Line { id: "new-deadline", label: "Deadline", field: ui_field::DEADLINE, kind: "date",
                        value: form.deadline.clone(), which: NewAppField::Deadline, required: false, placeholder: "YYYY-MM-DD" }, link) }
                </div>
                { line(form, Line { id: "new-url", label: "Posting URL", field: "job_url", kind: "url",
                    value: form.job_url.clone(), which: NewAppField::Url, required: false,
                    placeholder: "https://example.com/jobs/123" }, link) }
                <div class="field">
                    <label for="new-notes">{ "Notes" }<span class="optional">{ " (optional)" }</span></label>
                    <textarea
                        id="new-notes"
                        rows="3"
                        value={form.notes.clone()}
                        aria-describedby={notes_by}
                        aria-invalid={notes_invalid}
                        oninput={on_input(link, |v| Msg::NewAppInput(NewAppField::Notes, v))}
                    />
                    { field_error(&form.errors, "notes") }
                </div>
                <div class="actions">
                    <button id="create-application" type="submit" class="primary" disabled={form.busy}>
                        { if form.busy { "Saving…" } else { "Create application" } }
                    </button>
                </div>
            </form>
        </section>
    }
}
