//! Search results: everything whose name holds the query, best first (exact name, then
//! prefix, then word start), each linking to its page. `/search?q=`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::page_title::page_title;
use leptos_router::hooks::use_query_map;

use crate::components::search_box::kind_badge;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::server_fns::search::search;
use model::links::lineage_href;
use model::{LineageRequest, SearchHit};

/// Hits shown on the results page.
const RESULTS_PAGE_HITS: usize = 100;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let hits = Resource::new(text, |text| search(text, RESULTS_PAGE_HITS));
    view! {
        <Title text=page_title(move || format!("Search: {}", text()))/>
        <h1 class="mb-4 text-2xl font-semibold tracking-tight">{move || format!("Results for “{}”", text())}</h1>
        <Transition fallback=|| view! { <Loading what="results"/> }>
            {move || Suspend::new(async move {
                match hits.await {
                    Ok(hits) if hits.is_empty() => view! {
                        <EmptyState title="Nothing found">
                            <p>"No topic, group, subject, field or principal has that in its name."</p>
                        </EmptyState>
                    }
                    .into_any(),
                    Ok(hits) => view! { <HitList hits/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HitList(hits: Vec<SearchHit>) -> impl IntoView {
    let rows = hits
        .into_iter()
        .map(|hit| {
            let kind = hit.kind.name();
            let lineage = hit.node.as_ref().map(|node| lineage_href(node, LineageRequest::default().depth));
            view! {
                <li class="flex items-center gap-3 py-2" data-testid="search-hit">
                    <span class=format!("w-20 shrink-0 rounded px-2 py-0.5 text-center text-xs font-medium {}", kind_badge(kind))>{kind}</span>
                    <a href=hit.href.clone() class="font-mono text-sky-700 hover:underline">{hit.name.clone()}</a>
                    <span class="text-xs text-slate-500">{hit.scope.clone()}</span>
                    {lineage.map(|href| view! { <a href=href class="ml-auto text-xs text-slate-500 hover:underline">"lineage"</a> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="divide-y divide-slate-100">{rows}</ul> }
}
