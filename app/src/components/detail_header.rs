//! The top of a page about one thing (a topic, a consumer group): its name, what and
//! where it is, whether the data is current, a way into its lineage, and its key facts.

use leptos::prelude::*;

use crate::components::freshness_badge::FreshnessBadge;
use model::links::lineage_href;
use model::{ClusterStatus, LineageRequest};

#[component]
pub fn DetailHeader(
    #[prop(into)] title: String,
    #[prop(into)] subtitle: String,
    status: ClusterStatus,
    server_time_ms: i64,
    /// The thing's lineage node path, for "Explore lineage".
    #[prop(into)]
    node: String,
    /// Label and value of each fact shown under the title.
    facts: Vec<(&'static str, String)>,
) -> impl IntoView {
    let explore = lineage_href(&node, LineageRequest::default().depth);
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <div>
                <h1 class="font-mono text-2xl font-semibold">{title}</h1>
                <p class="text-sm text-slate-600">{subtitle}</p>
            </div>
            <div class="flex items-center gap-3">
                <FreshnessBadge status server_time_ms/>
                <a href=explore class="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">"Explore lineage"</a>
            </div>
        </div>
        <dl class="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
            {facts.into_iter().map(|(label, value)| view! {
                <div class="rounded-lg bg-slate-50 p-3">
                    <dt class="text-xs uppercase text-slate-500">{label}</dt>
                    <dd class="mt-1 text-lg font-semibold">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}
