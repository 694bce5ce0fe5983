//! One cluster on the overview: its freshness, brokers, topics, groups and access.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::acl_table::AclTable;
use super::group_table::GroupTable;
use super::topic_table::TopicTable;
use crate::components::freshness_badge::FreshnessBadge;
use model::links::{cluster_href, estate_href};
use model::{ClusterOverview, ClusterSummary, Freshness};

#[component]
pub fn ClusterSection(
    cluster: ClusterOverview,
    server_time_ms: i64,
    filter: ReadSignal<String>,
    /// Topics and groups that appeared since the page was opened, to highlight.
    arrived: Arc<HashSet<String>>,
) -> impl IntoView {
    let ClusterOverview { status, summary } = cluster;
    let heading_id = format!("cluster-{}", status.alias);
    let labelled_by = heading_id.clone();
    let problem = match (status.freshness(), &status.last_error) {
        (Freshness::Stale, Some(error)) => Some(format!("The last read failed, showing the last known state: {error}")),
        (Freshness::Unreachable, Some(error)) => Some(format!("Tributary cannot read this cluster: {error}")),
        _ => None,
    };
    let body = match (summary, status.freshness()) {
        (Some(summary), _) => view! { <SummaryView summary filter cluster=status.alias.clone() arrived/> }.into_any(),
        (None, Freshness::Connecting) => {
            view! { <p class="text-sm text-slate-500" role="status">"Reading the cluster for the first time…"</p> }
                .into_any()
        }
        (None, _) => ().into_any(),
    };

    view! {
        <section aria-labelledby=labelled_by class="mb-10 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="cluster">
            <div class="flex flex-wrap items-center gap-3">
                <h2 id=heading_id class="text-xl font-semibold">
                    <a href=cluster_href(&status.alias) class="hover:underline">{status.alias.clone()}</a>
                </h2>
                <code class="text-xs text-slate-500">{status.bootstrap_servers.clone()}</code>
                <FreshnessBadge status=status.clone() server_time_ms/>
                <a href=estate_href(&status.alias) class="text-sm text-sky-700 hover:underline" data-testid="estate-link">"Estate as code"</a>
            </div>
            {problem.map(|message| view! {
                <p role="alert" class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{message}</p>
            })}
            {body}
        </section>
    }
}

#[component]
fn SummaryView(
    summary: ClusterSummary,
    filter: ReadSignal<String>,
    cluster: String,
    arrived: Arc<HashSet<String>>,
) -> impl IntoView {
    let partitions: i64 = summary.topics.iter().map(|topic| i64::from(topic.partitions)).sum();
    let brokers = summary
        .brokers
        .iter()
        .map(|broker| format!("{} ({}:{})", broker.id, broker.host, broker.port))
        .collect::<Vec<_>>()
        .join(", ");
    let controller = summary.identity.controller.map(|id| format!(" · controller: broker {id}"));
    let cluster_id = summary.identity.cluster_id.clone().map(|id| format!(" · cluster id {id}"));
    view! {
        <dl class="mt-5 grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Brokers" value=summary.brokers.len() as i64/>
            <Stat label="Topics" value=summary.topics.len() as i64/>
            <Stat label="Partitions" value=partitions/>
            <Stat label="Consumer groups" value=summary.groups.len() as i64/>
        </dl>
        <p class="mt-3 text-xs text-slate-500" data-testid="cluster-identity">
            "Brokers: " {brokers} {controller} {cluster_id}
        </p>
        <TopicTable topics=summary.topics filter cluster=cluster.clone() arrived=Arc::clone(&arrived)/>
        <GroupTable groups=summary.groups filter cluster=cluster.clone() arrived/>
        <AclTable cluster acls=summary.access principals=summary.principals/>
    }
}

#[component]
fn Stat(label: &'static str, value: i64) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-slate-50 px-4 py-3">
            <dt class="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd class="text-2xl font-semibold tabular-nums">{value}</dd>
        </div>
    }
}
