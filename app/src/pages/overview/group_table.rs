//! The overview's table of consumer groups: state, members, lag, topics.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::name_filter::matches;
use super::ARRIVED_ROW;
use model::links::group_href;
use model::{ApplicationKind, GroupSummary};

#[component]
pub fn GroupTable(
    groups: Vec<GroupSummary>,
    filter: ReadSignal<String>,
    cluster: String,
    arrived: Arc<HashSet<String>>,
) -> impl IntoView {
    let total = groups.len();
    let groups = StoredValue::new(groups);
    let shown = move || {
        let filter = filter.get();
        groups.with_value(|groups| {
            groups.iter().filter(|group| matches(&group.group_id, &filter)).cloned().collect::<Vec<_>>()
        })
    };

    view! {
        <h3 class="mt-8 text-base font-semibold">"Consumer groups"</h3>
        {move || {
            let shown = shown();
            let caption = format!("{} of {} consumer groups", shown.len(), total);
            let rows = shown
                .into_iter()
                .map(|group| {
                    let arrived = arrived.contains(&format!("group:{cluster}/{}", group.group_id));
                    view! { <GroupRow group cluster=cluster.clone() arrived/> }
                })
                .collect_view();
            view! {
                <table class="mt-2 w-full text-left text-sm" data-testid="groups">
                    <caption class="caption-bottom pt-2 text-left text-xs text-slate-500">{caption}</caption>
                    <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                        <tr>
                            <th scope="col" class="py-2 pr-4 font-medium">"Group"</th>
                            <th scope="col" class="py-2 pr-4 font-medium">"State"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium">"Members"</th>
                            <th scope="col" class="py-2 pr-4 font-medium">"Reads"</th>
                            <th scope="col" class="py-2 text-right font-medium">"Lag"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            }
        }}
    }
}

#[component]
fn GroupRow(group: GroupSummary, cluster: String, arrived: bool) -> impl IntoView {
    let state_class = match group.state.as_str() {
        "Stable" => "bg-emerald-100 text-emerald-800",
        "Empty" | "Dead" => "bg-slate-100 text-slate-600",
        _ => "bg-amber-100 text-amber-900",
    };
    view! {
        <tr class=if arrived { ARRIVED_ROW } else { "" } data-arrived=arrived.then_some("true")>
            <td class="py-2 pr-4 font-mono">
                <a href=group_href(&cluster, &group.group_id) class="text-sky-700 hover:underline">{group.group_id.clone()}</a>
                {(group.kind != ApplicationKind::Consumer).then(|| view! {
                    <span class="ml-2 rounded bg-sky-100 px-1.5 py-0.5 font-sans text-xs text-sky-800">{group.kind.label()}</span>
                })}
            </td>
            <td class="py-2 pr-4">
                <span class=format!("rounded px-1.5 py-0.5 text-xs {state_class}")>{group.state}</span>
            </td>
            <td class="py-2 pr-4 text-right tabular-nums">{group.members}</td>
            <td class="py-2 pr-4 font-mono text-xs">{group.topics.join(", ")}</td>
            <td class="py-2 text-right tabular-nums" title="Records not yet consumed, summed over partitions">
                {group.total_lag.map_or_else(|| "–".to_owned(), |lag| lag.to_string())}
            </td>
        </tr>
    }
}
