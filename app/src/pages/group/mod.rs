//! One consumer group on one page: what it is (a plain consumer, a Streams app,
//! Connect workers), its members and their assignments, its committed offsets with lag,
//! and its lineage. Addressed by query: `/group?cluster=&id=`.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::page_title::page_title;
use leptos_router::hooks::use_query_map;

use crate::components::detail_header::DetailHeader;
use crate::components::lineage::LineagePanel;
use crate::components::live::use_catalog_changes;
use crate::components::states::{missing_parameters, one_thing};
use crate::lineage_picture::Shown;
use crate::server_fns::get_group::get_group;
use model::links::topic_href;
use model::{CommittedOffset, GroupDetail};

/// Hops of lineage the group page draws; the explorer goes further.
const PAGE_LINEAGE_DEPTH: u32 = 2;

#[component]
pub fn GroupPage() -> impl IntoView {
    let query = use_query_map();
    let cluster = move || query.read().get("cluster").unwrap_or_default();
    let id = move || query.read().get("id").unwrap_or_default();
    let group = Resource::new(move || (cluster(), id()), |(cluster, id)| get_group(cluster, id));
    use_catalog_changes(move || group.refetch());
    // Outlives each refetch's fresh view, so the picture can mark what arrived.
    let shown = StoredValue::new(None::<Shown>);

    view! {
        <Title text=page_title(id)/>
        <p class="mb-2 text-sm"><a href="/" class="text-sky-700 hover:underline">"← Clusters"</a></p>
        {one_thing(
            group,
            "the consumer group",
            "No such consumer group",
            move || {
                missing_parameters("consumer group", &[("cluster", cluster()), ("id", id())]).unwrap_or_else(|| {
                    format!("Cluster `{}` has no group `{}`, or it has not been read yet.", cluster(), id())
                })
            },
            move |detail| view! { <GroupView detail shown/> },
        )}
    }
}

/// What the broker said, or a dash where it said nothing (some brokers do not report
/// members' clients and hosts).
fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

#[component]
fn GroupView(detail: GroupDetail, shown: StoredValue<Option<Shown>>) -> impl IntoView {
    let group = &detail.group;
    let node = format!("group:{}/{}", detail.cluster, group.group_id);
    let facts = vec![
        ("Kind", detail.kind.label()),
        ("State", group.state.clone()),
        ("Members", group.members.len().to_string()),
        ("Assignor", if group.protocol.is_empty() { "—".into() } else { group.protocol.clone() }),
        ("Total lag", detail.total_lag.map(|lag| lag.to_string()).unwrap_or_else(|| "—".into())),
    ];
    let members = group
        .members
        .iter()
        .map(|member| {
            let assignment = member
                .assignment
                .iter()
                .map(|part| format!("{} [{}]", part.topic, part.partitions.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            view! {
                <tr data-testid="member">
                    <td class="py-1 pr-4 font-mono text-xs">{or_dash(&member.client_id)}</td>
                    <td class="py-1 pr-4 font-mono text-xs">{or_dash(&member.client_host)}</td>
                    <td class="py-1 text-xs">{if assignment.is_empty() { "not revealed by the broker".to_owned() } else { assignment }}</td>
                </tr>
            }
        })
        .collect_view();
    // One row per topic, lag summed; its partitions on demand (a Streams application
    // on three topics of twelve partitions would otherwise fill 36 rows).
    let mut by_topic: BTreeMap<&str, Vec<&CommittedOffset>> = BTreeMap::new();
    for offset in &group.offsets {
        by_topic.entry(offset.topic.as_str()).or_default().push(offset);
    }
    let lag_label = |lag: Option<i64>| lag.map(|lag| lag.to_string()).unwrap_or_else(|| "—".into());
    let offsets = by_topic
        .into_iter()
        .map(|(topic, mut partitions)| {
            partitions.sort_by_key(|offset| offset.partition);
            let lag = partitions.iter().filter_map(|offset| offset.lag).reduce(i64::saturating_add);
            let count = partitions.len();
            let rows = partitions
                .iter()
                .map(|offset| view! {
                    <tr>
                        <td class="py-0.5 pr-4 tabular-nums">{offset.partition}</td>
                        <td class="py-0.5 pr-4 text-right tabular-nums">{offset.offset}</td>
                        <td class="py-0.5 text-right tabular-nums">{lag_label(offset.lag)}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <tr data-testid="offset">
                    <td class="py-1 pr-4 align-top font-mono">
                        <a href=topic_href(&detail.cluster, topic) class="text-sky-700 hover:underline">{topic.to_owned()}</a>
                    </td>
                    <td class="py-1 pr-4 align-top">
                        <details data-testid="offset-partitions">
                            <summary class="cursor-pointer text-sky-700">
                                {if count == 1 { "1 partition".to_owned() } else { format!("{count} partitions") }}
                            </summary>
                            <table class="mt-1 text-xs">
                                <thead class="text-slate-500">
                                    <tr><th class="pr-4 font-medium">"Partition"</th><th class="pr-4 text-right font-medium">"Offset"</th><th class="text-right font-medium">"Lag"</th></tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </details>
                    </td>
                    <td class="py-1 text-right align-top tabular-nums" data-testid="offset-lag">{lag_label(lag)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="group">
            <DetailHeader
                title=group.group_id.clone()
                subtitle=format!("Consumer group on cluster {}", detail.cluster)
                status=detail.status.clone()
                server_time_ms=detail.server_time_ms
                node=node.clone()
                facts
            />
            {detail.connector_href.clone().map(|href| view! {
                <p class="mt-4 text-sm" data-testid="group-connector">
                    "The consumer group of a Kafka Connect sink: "
                    <a href=href class="text-sky-700 hover:underline">"its connector"</a>
                </p>
            })}
            <h2 class="mt-6 text-base font-semibold">"Lineage"</h2>
            <LineagePanel node=node.clone() depth=PAGE_LINEAGE_DEPTH shown/>
            <h2 class="mt-6 text-base font-semibold">"Members"</h2>
            <table class="mt-2 w-full text-left text-sm" data-testid="members">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="py-1 pr-4">"Client"</th><th class="py-1 pr-4">"Host"</th><th class="py-1">"Assignment"</th></tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{members}</tbody>
            </table>
            <h2 class="mt-6 text-base font-semibold">"Committed offsets"</h2>
            <table class="mt-2 w-full text-left text-sm" data-testid="offsets">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="py-1 pr-4">"Topic"</th><th class="py-1 pr-4">"Partitions"</th><th class="py-1 text-right">"Lag (sum)"</th></tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{offsets}</tbody>
            </table>
        </section>
    }
}
