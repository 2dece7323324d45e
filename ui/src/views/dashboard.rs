use yew::prelude::*;

use crate::format::{bar_width_class, count_label, share_label, status_badge_class, status_label};
use crate::model::Model;

pub fn view(model: &Model) -> Html {
    let Some(dashboard) = &model.dashboard else {
        return html! {
            <section id="dashboard-view" aria-busy="true">
                <h1>{ "Dashboard" }</h1>
                <p class="status" role="status">{ "Counting…" }</p>
            </section>
        };
    };
    let max_count = dashboard
        .by_status
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let first_stage = dashboard.funnel.first().map_or(0, |(_, n)| *n);
    html! {
        <section id="dashboard-view" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{ "Dashboard" }</h1>
            <p id="total">{ count_label(usize::try_from(dashboard.total).unwrap_or(usize::MAX)) }</p>
            <div class="dashboard-grid">
                <section class="card" aria-labelledby="counts-title">
                    <h2 id="counts-title">{ "By status" }</h2>
                    <ul id="status-counts" class="bars">
                        { for dashboard.by_status.iter().map(|(status, count)| html! {
                            <li data-status={status.as_str()} data-count={count.to_string()}>
                                <span class={status_badge_class(*status)}>{ status_label(*status) }</span>
                                <span class="track" aria-hidden="true">
                                    <span class={classes!(bar_width_class(*count, max_count), format!("fill-{}", status.as_str()))} />
                                </span>
                                <span class="count">{ count.to_string() }</span>
                            </li>
                        }) }
                    </ul>
                </section>
                <section class="card" aria-labelledby="funnel-title">
                    <h2 id="funnel-title">{ "Funnel" }</h2>
                    <p class="hint">{ "How many applications reached each stage." }</p>
                    <ol id="funnel" class="bars">
                        { for dashboard.funnel.iter().map(|(status, count)| html! {
                            <li class="funnel-step" data-status={status.as_str()} data-count={count.to_string()}>
                                <span class="stage">{ status_label(*status) }</span>
                                <span class="track" aria-hidden="true">
                                    <span class={classes!(bar_width_class(*count, first_stage), format!("fill-{}", status.as_str()))} />
                                </span>
                                <span class="count">{ format!("{count} ({})", share_label(*count, first_stage)) }</span>
                            </li>
                        }) }
                    </ol>
                </section>
            </div>
        </section>
    }
}
