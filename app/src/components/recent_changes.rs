//! What happened lately (to a topic, a cluster), newest first, each change a sentence
//! with when.

use leptos::prelude::*;

use model::freshness::elapsed_label;
use model::CatalogEvent;

#[component]
pub fn RecentChanges(events: Vec<CatalogEvent>, server_time_ms: i64) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No change recorded since Tributary began watching."</p> }
            .into_any();
    }
    let rows = events
        .into_iter()
        .map(|event| {
            view! {
                <li class="flex gap-3 py-1.5" data-testid="topic-change" data-kind=event.change.kind()>
                    <span class="w-24 shrink-0 text-xs text-slate-500 tabular-nums">{elapsed_label(event.at_ms, server_time_ms)}</span>
                    <span>{event.change.describe()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="mt-2 divide-y divide-slate-100 text-sm" data-testid="recent-changes">{rows}</ul> }.into_any()
}
