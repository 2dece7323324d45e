//! The Yew components. What they show comes from [`crate::model`].

use std::rc::Rc;

use jobforge_types::{Application, ShellError, WorkspaceOverview};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;
use crate::model::{
    Model, Msg, Screen, count_label, created_date, guidance, status_badge_class, status_label,
};

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Asks the shell for the workspace and reports the answer.
fn open_workspace(dispatcher: UseReducerDispatcher<Model>) {
    spawn_local(async move {
        dispatcher.dispatch(Msg::Opened(ipc::call("workspace_overview").await));
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let model = use_reducer(Model::default);

    {
        let dispatcher = model.dispatcher();
        use_effect_with((), move |_| open_workspace(dispatcher));
    }

    let on_retry = {
        let dispatcher = model.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Msg::Retry);
            open_workspace(dispatcher.clone());
        })
    };

    let on_load_sample = {
        let dispatcher = model.dispatcher();
        let allowed = model.can_load_sample();
        Callback::from(move |_: MouseEvent| {
            if !allowed {
                return;
            }
            dispatcher.dispatch(Msg::SampleRequested);
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                dispatcher.dispatch(Msg::SampleLoaded(ipc::call("load_sample_data").await));
            });
        })
    };

    let busy = model.screen == Screen::Opening || model.loading_sample;
    let content = match &model.screen {
        Screen::Opening => html! {
            <p class="status" role="status">{ "Opening your workspace…" }</p>
        },
        Screen::Failed(error) => view_failure(error, on_retry),
        Screen::Ready(overview) if overview.applications.is_empty() => {
            view_empty(overview, &model, on_load_sample)
        }
        Screen::Ready(overview) => view_list(&overview.applications),
    };

    html! {
        <>
            <header class="topbar">
                <h1>{ "Job Forge" }</h1>
            </header>
            <main id="main" aria-busy={ busy.to_string() }>
                { content }
            </main>
            if let Screen::Ready(overview) = &model.screen {
                <footer class="footer">
                    <p>{ "Data folder: " }<code>{ overview.data_dir.clone() }</code></p>
                </footer>
            }
        </>
    }
}

fn view_failure(error: &ShellError, on_retry: Callback<MouseEvent>) -> Html {
    let g = guidance(error);
    html! {
        <section class="problem" role="alert" aria-labelledby="problem-title">
            <h2 id="problem-title">{ g.title }</h2>
            <p>{ g.detail }</p>
            if let Some(hint) = g.hint {
                <p class="hint">{ hint }</p>
            }
            <button type="button" aria-label="Try opening the workspace again" onclick={on_retry}>
                { "Try again" }
            </button>
        </section>
    }
}

fn view_empty(
    overview: &WorkspaceOverview,
    model: &Model,
    on_load_sample: Callback<MouseEvent>,
) -> Html {
    let problem = model.sample_error.as_ref().map(guidance);
    html! {
        <section class="empty" aria-labelledby="empty-title">
            <h2 id="empty-title">{ "No applications yet" }</h2>
            if overview.newly_created {
                <p>{ "Your new encrypted workspace is ready." }</p>
            }
            <p>
                { "To look around first, load the sample data: the resume of a made-up job seeker and \
                   a few applications to go with it." }
            </p>
            <button
                type="button"
                class="primary"
                aria-label="Load sample data"
                disabled={model.loading_sample}
                onclick={on_load_sample}
            >
                { if model.loading_sample { "Loading sample data…" } else { "Load sample data" } }
            </button>
            if let Some(g) = problem {
                <div class="problem" role="alert">
                    <p><strong>{ g.title }</strong>{ ": " }{ g.detail }</p>
                </div>
            }
        </section>
    }
}

fn view_list(applications: &[Application]) -> Html {
    html! {
        <section aria-labelledby="list-title">
            <div class="section-head">
                <h2 id="list-title">{ "Applications" }</h2>
                <p class="count">{ count_label(applications.len()) }</p>
            </div>
            <table class="applications">
                <thead>
                    <tr>
                        <th scope="col">{ "Company" }</th>
                        <th scope="col">{ "Role" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Created" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for applications.iter().map(view_row) }
                </tbody>
            </table>
        </section>
    }
}

fn view_row(application: &Application) -> Html {
    let created = created_date(application);
    html! {
        <tr key={application.id.to_string()}>
            <td class="company">{ application.company.clone() }</td>
            <td>{ application.role_title.clone() }</td>
            <td>
                <span class={status_badge_class(application.status)}>
                    { status_label(application.status) }
                </span>
            </td>
            <td><time datetime={created.clone()}>{ created }</time></td>
        </tr>
    }
}
