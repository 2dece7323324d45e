use yew::html::Scope;
use yew::prelude::*;

use super::on_click;
use crate::app::App;
use crate::model::{Model, Msg, Nav};

pub fn view(model: &Model, link: &Scope<App>) -> Html {
    html! {
        <section id="onboarding" class="onboarding" aria-labelledby="onboarding-title">
            <h1 id="onboarding-title">{ "Welcome to Job Forge" }</h1>
            if model.newly_created {
                <p>{ "Your new encrypted workspace is ready." }</p>
            }
            <p>{ "How would you like to start?" }</p>
            <div class="choices">
                <button id="onboard-sample" type="button" class="choice" disabled={model.loading_sample}
                    onclick={on_click(link, Msg::LoadSample)}>
                    <strong>{ if model.loading_sample { "Loading sample data…" } else { "Look around with sample data" } }</strong>
                    <span>{ "A made-up job seeker's resume and a few applications." }</span>
                </button>
                <button id="onboard-resume" type="button" class="choice"
                    onclick={on_click(link, Msg::NewResume)}>
                    <strong>{ "Paste your resume" }</strong>
                    <span>{ "In Markdown or plain text; every document starts from it." }</span>
                </button>
                <button id="onboard-posting" type="button" class="choice"
                    onclick={on_click(link, Msg::Navigate(Nav::NewApplication))}>
                    <strong>{ "Paste a job posting" }</strong>
                    <span>{ "Start tracking an application right away." }</span>
                </button>
            </div>
            if let Some(form) = &model.resume_form {
                { super::resumes::resume_form(form, link, true) }
            }
        </section>
    }
}
