use jobforge_types::{
    Application, ApplicationStatus, MatchedBy, SearchHit, SearchHitKind, SearchKind,
};
use yew::html::Scope;
use yew::prelude::*;

use super::{on_change, on_click, on_input, on_submit};
use crate::app::App;
use crate::format::{day, machine_time, snippet_parts, status_badge_class, status_label};
use crate::model::{Model, Msg, Nav, View};

pub fn view(model: &Model, link: &Scope<App>) -> Html {
    let filter_value = model.filter.map_or("", ApplicationStatus::as_str);
    let on_filter = on_change(link, |value| Msg::FilterChanged(value.parse().ok()));
    let open = model.open_application();
    let visible: Vec<&Application> = model.visible_applications().collect();
    let current = |view: View| (model.view == view).then_some("page");
    html! {
        <aside class="sidebar" aria-label="Applications and navigation">
            <button
                id="new-application"
                type="button"
                class="primary wide"
                aria-keyshortcuts="Control+N"
                onclick={on_click(link, Msg::Navigate(Nav::NewApplication))}
            >
                { "New application" }
            </button>

            <form role="search" class="search" onsubmit={on_submit(link, || Msg::Shortcut(crate::keys::Shortcut::FocusSearch))}>
                <label for="search" class="visually-hidden">{ "Search applications, resumes and documents" }</label>
                <input
                    id="search"
                    type="search"
                    placeholder="Search (Ctrl+K)"
                    autocomplete="off"
                    aria-keyshortcuts="Control+K"
                    aria-controls="search-results"
                    value={model.search.query.clone()}
                    oninput={on_input(link, Msg::SearchInput)}
                />
            </form>
            { search_results(model, link) }

            <label for="status-filter" class="small-label">{ "Show" }</label>
            <select id="status-filter" onchange={on_filter}>
                <option value="" selected={filter_value.is_empty()}>{ "All statuses" }</option>
                { for ApplicationStatus::ALL.iter().map(|status| html! {
                    <option value={status.as_str()} selected={filter_value == status.as_str()}>
                        { status_label(*status) }
                    </option>
                }) }
            </select>

            <h2 id="app-list-title" class="visually-hidden">{ "Applications" }</h2>
            <ul id="app-list" aria-labelledby="app-list-title">
                { for visible.iter().map(|application| app_item(application, open, link)) }
            </ul>
            if visible.is_empty() {
                <p class="hint">
                    { if model.applications.is_empty() { "No applications yet." } else { "No applications with this status." } }
                </p>
            }

            <nav class="sections" aria-label="Sections">
                <button id="nav-resumes" type="button" aria-current={current(View::Resumes)}
                    onclick={on_click(link, Msg::Navigate(Nav::Resumes))}>{ "Resume library" }</button>
                <button id="nav-dashboard" type="button" aria-current={current(View::Dashboard)}
                    onclick={on_click(link, Msg::Navigate(Nav::Dashboard))}>{ "Dashboard" }</button>
                <button id="nav-settings" type="button" aria-current={current(View::Settings)}
                    onclick={on_click(link, Msg::Navigate(Nav::Settings))}>{ "Settings" }</button>
            </nav>
        </aside>
    }
}

fn app_item(
    application: &Application,
    open: Option<jobforge_types::ApplicationId>,
    link: &Scope<App>,
) -> Html {
    let id = application.id;
    let label = format!(
        "{} — {}, {}",
        application.company,
        application.role_title,
        status_label(application.status)
    );
    html! {
        <li class="app-item" key={id.to_string()} data-id={id.to_string()}
            aria-current={(open == Some(id)).then_some("page")}>
            <button type="button" class="app-open" aria-label={label}
                onclick={on_click(link, Msg::OpenApplication(id))}>
                <span class="company">{ application.company.clone() }</span>
                <span class="role">{ application.role_title.clone() }</span>
                <span class="meta">
                    <time datetime={machine_time(application.created_at)}>{ day(application.created_at) }</time>
                    <span class={status_badge_class(application.status)}>{ status_label(application.status) }</span>
                </span>
            </button>
        </li>
    }
}

fn search_results(model: &Model, link: &Scope<App>) -> Html {
    let Some(hits) = &model.search.hits else {
        return html! {};
    };
    let on_kind = on_change(link, |value| {
        Msg::SearchKindChanged(value.parse::<SearchKind>().ok())
    });
    let kind = model.search.kind;
    html! {
        <div class="search-panel">
            <label for="search-kind" class="small-label">{ "Show" }</label>
            <select id="search-kind" onchange={on_kind}>
                <option value="" selected={kind.is_none()}>{ "Everything" }</option>
                <option value="application" selected={kind == Some(SearchKind::Application)}>{ "Applications" }</option>
                <option value="resume" selected={kind == Some(SearchKind::Resume)}>{ "Resumes" }</option>
                <option value="document" selected={kind == Some(SearchKind::Document)}>{ "Documents" }</option>
            </select>
            <ul id="search-results" aria-label="Search results">
                { for hits.iter().enumerate().map(|(index, hit)| search_hit(index, hit, link)) }
            </ul>
            if let Some(error) = &model.search.error {
                <p class="field-error" role="alert">{ error.clone() }</p>
            } else if hits.is_empty() {
                <p class="hint" role="status">{ "No matches." }</p>
            }
        </div>
    }
}

fn search_hit(index: usize, hit: &SearchHit, link: &Scope<App>) -> Html {
    let kind = match &hit.target {
        SearchHitKind::Application { .. } => "Application",
        SearchHitKind::Resume { .. } => "Resume",
        SearchHitKind::Document { kind, .. } => kind.label(),
    };
    html! {
        <li class="search-hit">
            <button type="button" onclick={on_click(link, Msg::OpenHit(index))}>
                <span class="hit-title">{ hit.title.clone() }</span>
                <span class="hit-kind">{ kind }</span>
                if hit.matched == MatchedBy::Meaning {
                    <span class="hit-meaning" title="No word matches; its meaning is close">{ "similar meaning" }</span>
                }
                <span class="snippet">
                    { for snippet_parts(&hit.snippet).into_iter().map(|(text, matched)| if matched {
                        html! { <mark>{ text }</mark> }
                    } else {
                        html! { { text } }
                    }) }
                </span>
            </button>
        </li>
    }
}
