//! The cluster overview: every configured cluster with its brokers, topics and groups.
//!
//! - [`cluster_section`]: one cluster: freshness, counts, brokers, and the tables.
//! - [`topic_table`], [`group_table`]: the tables, filtered by the page's name filter;
//!   [`filtered_table`]: what they share (heading, caption, column headings).
//! - [`acl_table`]: who may read and write, per principal, from the cluster's ACLs.
//! - [`name_filter`]: the filter box; live when hydrated, a GET form without JavaScript.

mod acl_table;
mod cluster_section;
mod filtered_table;
mod group_table;
pub mod name_filter;
mod topic_table;

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::server_fns::get_overview::get_overview;
use cluster_section::ClusterSection;
use model::Overview;
pub use name_filter::{matches, NameFilter};

/// A row that appeared while the page was open: a subtle highlight.
const ARRIVED_ROW: &str = "bg-amber-50 transition-colors";

#[component]
pub fn OverviewPage() -> impl IntoView {
    let initial_filter = use_query_map().read_untracked().get("q").unwrap_or_default();
    let filter = RwSignal::new(initial_filter);
    let overview = Resource::new(|| (), |_| get_overview());
    use_catalog_changes(move || overview.refetch());
    // What the page first showed; anything that arrives later is highlighted.
    let first_seen = StoredValue::new(None::<HashSet<String>>);

    view! {
        <Title text="Clusters"/>
        <div class="mb-6 flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight">"Clusters"</h1>
                <p class="text-sm text-slate-600">"Brokers, topics and consumer groups, as last read from each cluster."</p>
            </div>
            <NameFilter filter action="/" label="Filter topics and groups by name"/>
        </div>
        // A Transition, not a Suspense: a live refetch keeps the current tables on
        // screen until the new data is there.
        <Transition fallback=|| view! { <Loading what="clusters"/> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <ClusterList overview filter=filter.read_only() first_seen/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The topics and groups of `overview` as `<cluster>/<topic>` and `group:<cluster>/<id>`.
fn names(overview: &Overview) -> HashSet<String> {
    let mut names = HashSet::new();
    for cluster in &overview.clusters {
        let Some(summary) = &cluster.summary else { continue };
        let alias = &cluster.status.alias;
        names.extend(summary.topics.iter().map(|topic| format!("{alias}/{}", topic.name)));
        names.extend(summary.groups.iter().map(|group| format!("group:{alias}/{}", group.group_id)));
    }
    names
}

/// The clusters of `overview`, each a section; what was not in the first answer the
/// page showed (`first_seen`) is highlighted.
#[component]
pub fn ClusterList(
    overview: Overview,
    filter: ReadSignal<String>,
    first_seen: StoredValue<Option<HashSet<String>>>,
) -> impl IntoView {
    let now = names(&overview);
    let arrived: Arc<HashSet<String>> = Arc::new(match first_seen.get_value() {
        Some(first) => now.difference(&first).cloned().collect(),
        None => {
            first_seen.set_value(Some(now));
            HashSet::new()
        }
    });
    if overview.clusters.is_empty() {
        return view! {
            <EmptyState title="No cluster configured">
                <p>"Add a cluster to the configuration file and restart Tributary:"</p>
                <pre class="mx-auto mt-3 w-fit rounded bg-slate-100 p-3 text-left text-xs">
                    "[[clusters]]\nalias = \"local\"\nbootstrap_servers = \"127.0.0.1:9092\""
                </pre>
            </EmptyState>
        }
        .into_any();
    }
    let server_time_ms = overview.server_time_ms;
    overview
        .clusters
        .into_iter()
        .map(|cluster| view! { <ClusterSection cluster server_time_ms filter arrived=Arc::clone(&arrived)/> })
        .collect_view()
        .into_any()
}
