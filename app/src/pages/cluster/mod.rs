//! One cluster on one page: the overview's section for it (freshness, brokers, topics,
//! groups, access) and what changed on it lately. Addressed by query: `/cluster?name=`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::page_title::page_title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::recent_changes::RecentChanges;
use crate::components::states::{missing_parameters, ErrorState, Loading, Missing};
use crate::pages::overview::{ClusterList, NameFilter};
use crate::server_fns::get_cluster_changes::get_cluster_changes;
use crate::server_fns::get_overview::get_overview;

#[component]
pub fn ClusterPage() -> impl IntoView {
    let query = use_query_map();
    let name = move || query.read().get("name").unwrap_or_default();
    let filter = RwSignal::new(query.read_untracked().get("q").unwrap_or_default());
    let overview = Resource::new(|| (), |_| get_overview());
    let changes = Resource::new(name, get_cluster_changes);
    use_catalog_changes(move || {
        overview.refetch();
        changes.refetch();
    });
    let first_seen = StoredValue::new(None);
    let name_now = name();

    view! {
        <Title text=page_title(name)/>
        <div class="mb-4 flex flex-wrap items-end justify-between gap-4">
            <p class="text-sm"><a href="/" class="text-sky-700 hover:underline">"← Clusters"</a></p>
            <NameFilter filter action="/cluster" label="Filter topics and groups by name" keep=("name", name_now)/>
        </div>
        <Transition fallback=|| view! { <Loading what="the cluster"/> }>
            {move || Suspend::new(async move {
                let (overview, changes) = (overview.await, changes.await);
                let mut overview = match overview {
                    Ok(overview) => overview,
                    Err(error) => return view! { <ErrorState message=error.to_string()/> }.into_any(),
                };
                overview.clusters.retain(|cluster| cluster.status.alias == name());
                if overview.clusters.is_empty() {
                    return view! {
                        <Missing
                            title="No such cluster"
                            message=missing_parameters("cluster", &[("name", name())])
                                .unwrap_or_else(|| format!("No cluster is configured with the alias `{}`.", name()))
                        />
                    }
                    .into_any();
                }
                let server_time_ms = overview.server_time_ms;
                let history = match changes {
                    Ok(events) => view! { <RecentChanges events server_time_ms/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                };
                view! {
                    <ClusterList overview filter=filter.read_only() first_seen/>
                    <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="cluster-changes">
                        <h2 class="text-base font-semibold">"Recent changes"</h2>
                        {history}
                    </section>
                }
                .into_any()
            })}
        </Transition>
    }
}
